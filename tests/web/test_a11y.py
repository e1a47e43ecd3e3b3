"""Every page of the workspace fits a 1024 px screen and passes axe-core, in Russian and in English.

One browser page visits the pages of a planned Krymsky network (networks,
network, audit, job, plans, plan, school card, what-if scenario, diff, sign-in,
an error page) at 1024×768: the document must not scroll sideways (wide tables
scroll inside their own box), and axe-core (``axe-playwright-python``, which
bundles it) must report no *serious* or *critical* violation.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from tests.web.conftest import krymsky_bytes

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NARROW = {"width": 1024, "height": 768}
#: axe-core impacts that fail the test (minor and moderate ones are reported by axe but tolerated).
BLOCKING = ("serious", "critical")


def _job_plan(http: httpx.Client, job_url: str) -> int:
    job_id = int(job_url.rsplit("/", 1)[1])
    deadline = time.monotonic() + 60
    while True:
        job = http.get(f"/api/jobs/{job_id}").json()
        if job["state"] not in ("queued", "running"):
            assert job["state"] == "done", job
            return int(job["plan_id"])
        assert time.monotonic() < deadline, job
        time.sleep(0.1)


@pytest.fixture
def pages(live_server: Any) -> dict[str, str]:
    """The URL of every kind of page, for a Krymsky network planned (greedy), what-if'd and rebalanced."""
    with httpx.Client(base_url=live_server.url, follow_redirects=False, timeout=60) as http:
        r = http.post("/networks", files={"file": ("krymsky_2021.csv", krymsky_bytes())}, data={"year": "2021"})
        assert r.status_code == 303, r.text
        network = r.headers["location"]
        r = http.post(f"{network}/plan", data={"solver": "greedy", "strategy": "", "time_limit": "5"})
        assert r.status_code == 303, r.text
        job = r.headers["location"]
        plan_id = _job_plan(http, job)
        r = http.post(f"/plans/{plan_id}/what-if")
        assert r.status_code == 303, r.text
        scenario = r.headers["location"]
        school = http.get(f"/api/plans/{plan_id}").json()["plan"]["roles"][0]["school"]
        r = http.post(f"{scenario}/edits", data={"op": "close_school", "school": school})
        assert r.status_code == 303, r.text
        r = http.post(f"{scenario}/rebalance", data={"solver": "greedy", "time_limit": "5"})
        assert r.status_code == 303, r.text
        other = _job_plan(http, r.headers["location"])
    return {
        "networks": "/networks", "network": network, "audit": f"{network}/audit", "job": job, "plans": "/plans",
        "plan": f"/plans/{plan_id}", "school": f"/plans/{plan_id}/school?id={school}", "scenario": scenario,
        "diff": f"/plans/{plan_id}/diff/{other}", "login": "/login", "error": "/scenarios/999",
    }


def test_every_page_fits_1024_px_and_passes_axe_in_both_languages(page: Any, pages: dict[str, str], shot: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page.set_viewport_size(NARROW)
    overflow: dict[str, Any] = {}
    violations: dict[str, list[str]] = {}
    for lang in ("ru", "en"):
        for name, url in pages.items():
            sep = "&" if "?" in url else "?"
            response = page.goto(f"{url}{sep}lang={lang}")
            assert response is not None and response.status < 500, (name, url)
            assert page.evaluate("document.documentElement.lang") == lang, (name, lang)
            widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if widths[0] > widths[1]:
                overflow[f"{lang} {name}"] = widths
            if lang == "ru" and name in ("audit", "plan"):
                shot(page, f"{name}_1024", full_page=True)
            results = axe.run(page)
            bad = [f"{v['id']} ({v['impact']}): {len(v['nodes'])}× {v['nodes'][0]['target']}"
                   for v in results.response["violations"] if v.get("impact") in BLOCKING]
            if bad:
                violations[f"{lang} {name}"] = bad
    assert not overflow and not violations, (
        f"the document scrolls sideways at 1024 px (scrollWidth, clientWidth): {overflow}; axe-core: {violations}")


def test_favicon_is_served_and_linked(page: Any, pages: dict[str, str]) -> None:
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(pages["plan"])
    href = page.get_attribute("link[rel=icon]", "href")
    assert href and href.endswith(".svg")
    assert page.request.get(href).status == 200
    assert not missing, missing


#: What a planner does by keyboard on each page: every control of these forms is reached with Tab.
KEYBOARD_FORMS = {
    "networks": "#upload-form",
    "network": "#plan-form",
    "plan": "#status-form",
    "scenario": "#rebalance-form",
}

_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  return {tag: e.tagName, id: e.id, kbd: e.dataset.kbd || null,
          outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0};
}"""


def test_keyboard_reaches_upload_plan_what_if_and_publish(page: Any, pages: dict[str, str]) -> None:
    page.set_viewport_size(NARROW)
    for name, form in KEYBOARD_FORMS.items():
        page.goto(pages[name])
        page.keyboard.press("Tab")
        first = page.evaluate(_FOCUSED)
        assert first and page.evaluate("document.activeElement.classList.contains('skip-link')"), (name, first)
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main", name
        # the form's enabled controls, numbered so the walk can tell them apart
        controls = page.evaluate(f"""() => Array.from(document.querySelectorAll(
            '{form} input:not([type=hidden]), {form} select, {form} button, {form} textarea'))
            .filter(e => !e.disabled).map((e, i) => {{ e.dataset.kbd = String(i); return e.name || e.textContent.trim(); }})""")
        assert controls, (name, form)
        reached: set[str] = set()
        for _ in range(150):
            page.keyboard.press("Tab")
            focused = page.evaluate(_FOCUSED)
            if focused is None:
                break
            assert focused["outline"], (name, focused)  # a focused control shows where the keyboard is
            if focused["kbd"] is not None:
                reached.add(focused["kbd"])
            if len(reached) == len(controls):
                break
        assert len(reached) == len(controls), (name, controls, sorted(reached))
        # every field has a name a screen reader says (a <label> or aria-label)
        unnamed = page.evaluate(f"""() => Array.from(document.querySelectorAll(
            '{form} input:not([type=hidden]), {form} select, {form} textarea'))
            .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).map(e => e.name)""")
        assert not unnamed, (name, unnamed)


def test_plan_audit_and_diff_print_on_a4_landscape_without_navigation(page: Any, pages: dict[str, str]) -> None:
    import re

    for name in ("plan", "audit", "diff"):
        page.goto(pages[name])
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['header.top', '.crumbs', '.skip-link', 'form']
            .map(s => Array.from(document.querySelectorAll(s))).flat().filter(e => getComputedStyle(e).display !== 'none').length""")
        assert hidden == 0, name
        heads = page.evaluate("() => Array.from(document.querySelectorAll('table.data thead')).map(h => getComputedStyle(h).display)")
        assert heads and set(heads) == {"table-header-group"}, (name, heads)
        pdf = page.pdf(prefer_css_page_size=True)
        boxes = {tuple(round(float(x)) for x in m.split()[2:4]) for m in re.findall(rb"/MediaBox\s*\[([^\]]+)\]", pdf)}
        assert boxes == {(842, 595)}, (name, boxes)  # A4 landscape in points
        page.emulate_media(media="screen")
