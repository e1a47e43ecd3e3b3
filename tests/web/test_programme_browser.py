"""The programme page in headless Chromium: three years side by side with the plots, in Russian and English.

A three-year programme is made through the pages of a live server (2021 from
the embedded table, the shipped SYNTHETIC outcomes, next-year twice). Then, at
1024×768 in both languages: the programme page shows the three years, the
indicators and both plots (loaded images), does not scroll sideways, and
axe-core finds no serious or critical violation — nor on the programmes list
and a plan's outcomes page. Printed, the page hides its forms and navigation
on A4 landscape.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from tests.web.conftest import layout_problems
from tests.web.test_programme_pages import build_programme

pytestmark = [pytest.mark.browser, pytest.mark.slow]

NARROW = {"width": 1024, "height": 768}


@pytest.fixture
def programme(live_server: Any) -> dict:
    with httpx.Client(base_url=live_server.url, follow_redirects=False, timeout=120) as http:
        return build_programme(http)


def test_programme_page_shows_three_years_with_plots_in_both_languages(page: Any, programme: dict, shot: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page.set_viewport_size(NARROW)
    urls = {"programme": programme["programme"], "programmes": "/programmes", "outcomes": f"/plans/{programme['plans'][0]}/outcomes"}
    overflow: dict[str, Any] = {}
    violations: dict[str, list[str]] = {}
    for lang in ("ru", "en"):
        for name, url in urls.items():
            response = page.goto(f"{url}?lang={lang}")
            assert response is not None and response.status == 200, (name, lang)
            assert page.evaluate("document.documentElement.lang") == lang
            widths, bad = layout_problems(page, axe)
            if widths:
                overflow[f"{lang} {name}"] = widths
            if bad:
                violations[f"{lang} {name}"] = bad
            if name != "programme":
                continue
            heads = page.locator("#years-table thead th").all_inner_texts()
            assert [h.strip() for h in heads[1:]] == ["2021", "2022", "2023"], heads
            assert page.locator("#indicators-table tbody tr").count() >= 10
            shown = page.evaluate("""() => Array.from(document.querySelectorAll('figure.plot img'))
                .map(i => [i.complete && i.naturalWidth > 0, i.getBoundingClientRect().width, i.alt])""")
            assert len(shown) == 2 and all(ok and width > 100 and alt for ok, width, alt in shown), shown
            title = "Программа «Крымский район»" if lang == "ru" else "Programme 'Крымский район'"
            assert page.locator("h1").inner_text().strip() == title
            shot(page, f"programme_{lang}", full_page=True)
    assert not overflow and not violations, (
        f"the document scrolls sideways at 1024 px (scrollWidth, clientWidth): {overflow}; axe-core: {violations}")
    # by keyboard: the skip link, then every control of the next-year form, each showing its focus
    page.goto(programme["programme"])
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    wanted = page.evaluate("""() => Array.from(document.querySelectorAll('#next-year-form select, #next-year-form button'))
        .map((e, i) => { e.dataset.kbd = String(i); return i; })""")
    assert len(wanted) == 2
    reached = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
            return {kbd: e.dataset.kbd || null, outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0}; }""")
        assert focused["outline"], focused
        if focused["kbd"] is not None:
            reached.add(int(focused["kbd"]))
        if len(reached) == len(wanted):
            break
    assert reached == set(wanted)


def test_programme_page_prints_on_a4_landscape_without_forms(page: Any, programme: dict) -> None:
    page.goto(programme["programme"])
    page.emulate_media(media="print")
    hidden = page.evaluate("""() => ['header.top', '.crumbs', '.skip-link', 'form']
        .map(s => Array.from(document.querySelectorAll(s))).flat().filter(e => getComputedStyle(e).display !== 'none').length""")
    assert hidden == 0
    heads = page.evaluate("() => Array.from(document.querySelectorAll('table.data thead')).map(h => getComputedStyle(h).display)")
    assert heads and set(heads) == {"table-header-group"}
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = {tuple(round(float(x)) for x in m.split()[2:4]) for m in re.findall(rb"/MediaBox\s*\[([^\]]+)\]", pdf)}
    assert boxes == {(842, 595)}
