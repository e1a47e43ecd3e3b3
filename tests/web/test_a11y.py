"""Every page of the workspace fits a 1024 px screen and passes axe-core, in Russian and in English.

The pages are not listed by hand: they are read from the app's route table
(every GET route of the pages' router that answers HTML, :func:`page_routes`),
and the fixture fills their path parameters from a planned Krymsky network
(published plan, a what-if scenario rebalanced into an approved plan, a job
that failed as infeasible). A page added later is visited without changing
this test; one whose parameter the fixture cannot fill fails it, naming the
parameter. Beside the routes, the states a form leads to (upload errors with
hints, the duplicate-upload notice) and an error page are visited too.

At 1024×768 the document must not scroll sideways (wide tables scroll inside
their own box), the header must link the guide in the page's language, and axe-core (``axe-playwright-python``, which bundles it)
must report no *serious* or *critical* violation.
"""

from __future__ import annotations

import re
import time
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from fastapi.responses import HTMLResponse

from tests.web.conftest import krymsky_bytes, layout_problems

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NARROW = {"width": 1024, "height": 768}
#: Pages reached only after a form: (name, the form's page, what the browser submits).
BROKEN_TABLE = "direction_no,direction,curators,role,school\n1,Д,К,leadr,МБОУ СОШ № 1\n1,Д,К,скрытый резер,МБОУ СОШ № 9\n"


def page_routes(app: Any) -> list[str]:
    """The path of every page: GET routes of the pages' router (:class:`WebRoute`) that answer HTML, from the app's route table."""
    from mentornet.api.routers.web import WebRoute

    found: list[str] = []
    stack = list(app.routes)
    while stack:
        route = stack.pop(0)
        inner = getattr(route, "original_router", None)  # FastAPI ≥ 0.16x keeps included routers whole
        if inner is not None:
            stack[:0] = list(inner.routes)
            continue
        if isinstance(route, WebRoute) and "GET" in route.methods and route.response_class is HTMLResponse and route.path not in found:
            found.append(route.path)
    return found


def test_the_route_table_lists_the_known_pages() -> None:
    """The enumeration finds pages at all (a change of FastAPI's route table would otherwise empty the a11y test)."""
    from mentornet.api import Settings, create_app

    paths = set(page_routes(create_app(Settings(database_url="sqlite://"))))
    assert {"/", "/networks", "/networks/{network_id}", "/networks/{network_id}/audit", "/jobs/{job_id}", "/plans",
            "/plans/{plan_id}", "/plans/{plan_id}/school", "/scenarios/{scenario_id}", "/plans/{plan_id}/diff/{other_id}",
            "/login", "/guide"} <= paths


def _job_plan(http: httpx.Client, job_url: str, state: str = "done") -> int | None:
    job_id = int(job_url.rsplit("/", 1)[1])
    deadline = time.monotonic() + 60
    while True:
        job = http.get(f"/api/jobs/{job_id}").json()
        if job["state"] not in ("queued", "running"):
            assert job["state"] == state, job
            return job["plan_id"]
        assert time.monotonic() < deadline, job
        time.sleep(0.1)


@pytest.fixture
def pages(live_server: Any) -> dict[str, str]:
    """The URL of every page (keyed by its route) and of extra states, for a Krymsky network planned (greedy), published,
    what-if'd, rebalanced and approved, and a job that failed (no plan can keep every school involved)."""
    with httpx.Client(base_url=live_server.url, follow_redirects=False, timeout=60) as http:
        r = http.post("/networks", files={"file": ("krymsky_2021.csv", krymsky_bytes())}, data={"year": "2021"})
        assert r.status_code == 303, r.text
        network = r.headers["location"]
        network_id = int(network.rsplit("/", 1)[1])
        r = http.post(f"{network}/plan", data={"solver": "greedy", "strategy": "", "time_limit": "5"})
        assert r.status_code == 303, r.text
        plan_id = _job_plan(http, r.headers["location"])
        for status in ("approved", "published"):
            assert http.post(f"/plans/{plan_id}/status", data={"status": status}).status_code == 303
        r = http.post(f"/plans/{plan_id}/what-if")
        assert r.status_code == 303, r.text
        scenario = r.headers["location"]
        school = http.get(f"/api/plans/{plan_id}").json()["plan"]["roles"][0]["school"]
        r = http.post(f"{scenario}/edits", data={"op": "close_school", "school": school})
        assert r.status_code == 303, r.text
        r = http.post(f"{scenario}/rebalance", data={"solver": "greedy", "time_limit": "5"})
        assert r.status_code == 303, r.text
        other = _job_plan(http, r.headers["location"])
        assert http.post(f"/plans/{other}/status", data={"status": "approved"}).status_code == 303
        # a job page that stays a job page: no mentor may take any trainee, so no school can be in a pair
        sc = http.post("/api/scenarios", json={"network_id": network_id, "policy": {"cap_per_direction": 0}}).json()
        job = http.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "greedy"}).json()
        _job_plan(http, f"/jobs/{job['id']}", state="failed")
        # a programme holding the network as its first year (the programme pages)
        r = http.post("/api/programmes", json={"name": "Крымский район", "area": "Крымский район", "area_kind": "municipality",
                                               "first_year": 2021, "last_year": 2023})
        assert r.status_code == 201, r.text
        programme_id = r.json()["id"]
        r = http.post(f"/api/programmes/{programme_id}/networks", json={"network_id": network_id})
        assert r.status_code in (200, 201), r.text
        params = {"network_id": network_id, "plan_id": plan_id, "other_id": other, "job_id": job["id"],
                  "scenario_id": int(scenario.rsplit("/", 1)[1]), "programme_id": programme_id}
        query = {"/plans/{plan_id}/school": {"id": school}}
        urls: dict[str, str] = {}
        for path in page_routes(live_server.app):
            missing = set(re.findall(r"\{(\w+)\}", path)) - set(params)
            assert not missing, f"page {path} needs {missing}: teach the pages fixture to make one"
            url = re.sub(r"\{(\w+)\}", lambda m: str(params[m.group(1)]), path)
            urls[path] = url + ("?" + urlencode(query[path]) if path in query else "")
            r = http.get(urls[path])
            assert r.status_code == 200, (path, urls[path], r.status_code)  # a page, not a redirect or an error
    urls["plan approved, replacing the published one"] = f"/plans/{other}"
    urls["error page"] = "/scenarios/999"
    return urls


def _upload(pg: Any, name: str, data: bytes) -> None:
    pg.set_input_files("#upload-form input[type=file]", files=[{"name": name, "mimeType": "text/csv", "buffer": data}])
    pg.fill("#upload-form input[name=year]", "2021")
    pg.click("#upload-form button[type=submit]")


#: States reached by submitting a form on a page: name → (the page's route, what to do, the element that must show).
FORM_STATES = {
    "upload errors with hints": ("/networks", lambda pg: _upload(pg, "roles.csv", BROKEN_TABLE.encode()), "#upload-errors"),
    "duplicate upload": ("/networks", lambda pg: _upload(pg, "krymsky_2021.csv", krymsky_bytes()), "#duplicate"),
}


def test_every_page_fits_1024_px_and_passes_axe_in_both_languages(page: Any, pages: dict[str, str], shot: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page.set_viewport_size(NARROW)
    overflow: dict[str, Any] = {}
    violations: dict[str, list[str]] = {}
    visited: list[str] = []

    def check(label: str, lang: str) -> None:
        assert page.evaluate("document.documentElement.lang") == lang, (label, lang)
        # every page's header links the planner's guide in the page's language
        assert page.get_attribute("#guide-link", "href") == f"/guide?lang={lang}", (label, lang)
        widths, bad = layout_problems(page, axe)
        if widths:
            overflow[f"{lang} {label}"] = widths
        if bad:
            violations[f"{lang} {label}"] = bad
        visited.append(f"{lang} {label}")

    for lang in ("ru", "en"):
        for name, url in pages.items():
            sep = "&" if "?" in url else "?"
            response = page.goto(f"{url}{sep}lang={lang}")
            assert response is not None and response.status < 500, (name, url)
            if lang == "ru" and name in ("/networks/{network_id}/audit", "/plans/{plan_id}"):
                shot(page, f"{name.strip('/').split('/')[0]}_1024", full_page=True)
            check(name, lang)
        for name, (route, action, selector) in FORM_STATES.items():
            page.goto(f"{pages[route]}?lang={lang}")
            action(page)
            page.wait_for_selector(selector)
            check(name, lang)
    assert len(visited) == 2 * (len(pages) + len(FORM_STATES))
    assert not overflow and not violations, (
        f"the document scrolls sideways at 1024 px (scrollWidth, clientWidth): {overflow}; axe-core: {violations}")


def test_favicon_is_served_and_linked(page: Any, pages: dict[str, str]) -> None:
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    page.goto(pages["/plans/{plan_id}"])
    href = page.get_attribute("link[rel=icon]", "href")
    assert href and href.endswith(".svg")
    assert page.request.get(href).status == 200
    assert not missing, missing


#: What a planner does by keyboard on each page: every control of these forms is reached with Tab.
KEYBOARD_FORMS = {
    "/networks": "#upload-form",
    "/networks/{network_id}": "#plan-form",
    "plan approved, replacing the published one": "#status-form",
    "/scenarios/{scenario_id}": "#rebalance-form",
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

    for name in ("/plans/{plan_id}", "/networks/{network_id}/audit", "/plans/{plan_id}/diff/{other_id}"):
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
