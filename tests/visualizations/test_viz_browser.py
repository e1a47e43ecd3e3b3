"""The network page in headless Chromium (Debian's package), offline.

The Krymsky page is drawn from a real solver's plan (CP-SAT, or greedy when
CP-SAT is not there); the region page from a generated 1,500-school network.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from mn_viz_support import round_robin_plan

from mentornet.visualizations import network_html

CHROMIUM = Path("/usr/bin/chromium")
READY_TIMEOUT_MS = 30_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium at /usr/bin/chromium (make browser installs it)"),
]


@pytest.fixture(scope="module")
def browser(chromium):
    """The session's Chromium (tests/conftest.py): one sync Playwright per process."""
    return chromium


class Page:
    """A page opened from file:// that may not touch the network."""

    def __init__(self, browser, html: Path):
        self.page = browser.new_page(viewport={"width": 1366, "height": 768})
        self.errors: list[str] = []
        self.remote: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)
        start = time.perf_counter()
        self.page.goto(html.resolve().as_uri())
        self.page.wait_for_function("window.mentornetReady === true", timeout=READY_TIMEOUT_MS)
        self.seconds = time.perf_counter() - start

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:")):
            route.continue_()
        else:
            self.remote.append(url)
            route.abort()

    def js(self, expression: str):
        return self.page.evaluate(expression)

    def visible_edges(self) -> list[dict]:
        return self.js("edges.get({filter: function (e) { return !e.hidden; }}).map(function (e) { return {direction: e.direction, from: e.from, to: e.to}; })")

    def close(self):
        self.page.close()


@pytest.fixture(scope="module")
def krymsky_plan(krymsky):
    from mentornet.model import Policy
    from mentornet.planning import solve

    # Any valid plan shows the view; a short limit keeps the test quick on a busy machine.
    for name in ("cpsat", "greedy"):
        try:
            return solve(krymsky, Policy(time_limit=5), solver=name)
        except ImportError:
            continue
    pytest.skip("no solver is available yet")


def test_krymsky_page_in_chromium(browser, krymsky, krymsky_plan, tmp_path):
    html = tmp_path / "network.html"
    network_html(krymsky, krymsky_plan, path=html, lang="ru")
    page = Page(browser, html)
    try:
        assert page.errors == []
        assert page.remote == []
        ids = page.js("nodes.getIds()")
        assert sorted(ids) == sorted(s.id for s in krymsky.schools) and len(ids) == 34
        shown = page.js("edges.get().map(function (e) { return [e.from, e.to, e.direction]; })")
        assert sorted(map(tuple, shown)) == sorted((p.mentor, p.trainee, p.direction) for p in krymsky_plan.pairs)
        # vis-network drew every school: each has a position on the canvas.
        positions = page.js("network.getPositions()")
        assert set(positions) == set(ids)

        by_direction: dict[str, int] = {}
        for p in krymsky_plan.pairs:
            by_direction[p.direction] = by_direction.get(p.direction, 0) + 1
        for direction in ("1", "3"):
            page.page.select_option("#mn-direction", direction)
            visible = page.visible_edges()
            assert len(visible) == by_direction[direction]
            assert {e["direction"] for e in visible} == {direction}
            assert page.js("document.getElementById('mn-visible').textContent").endswith(f"{by_direction[direction]} / {len(krymsky_plan.pairs)}")
            # Schools outside the direction fade; the others take their role's colour there.
            faded = page.js(f"nodes.get().filter(function (n) {{ return !n.roles['{direction}']; }}).every(function (n) {{ return n.opacity < 1; }})")
            assert faded is True
        page.page.select_option("#mn-direction", "")
        assert len(page.visible_edges()) == len(krymsky_plan.pairs)
        # A legend entry toggles the same filter.
        page.page.click("#mn-legend button.mn-dir[data-direction='2']")
        assert {e["direction"] for e in page.visible_edges()} == {"2"}
        assert page.errors == []
    finally:
        page.close()


def test_region_page_is_still_within_seconds(browser, tmp_path, record_property):
    from mentornet.generate import generate_network

    network = generate_network(1500, seed=3, level_only=True)
    plan = round_robin_plan(network)
    html = tmp_path / "region.html"
    start = time.perf_counter()
    network_html(network, plan, path=html)
    build = time.perf_counter() - start
    page = Page(browser, html)
    try:
        record_property("build_seconds", round(build, 2))
        record_property("ready_seconds", round(page.seconds, 2))
        print(f"\n1,500 schools, {len(plan.pairs)} pairs: page built in {build:.2f} s, drawn and still in {page.seconds:.2f} s")
        assert page.errors == [] and page.remote == []
        assert page.js("nodes.length") == 1500
        assert page.js("edges.length") == len(plan.pairs)
        # Precomputed layout: physics is off, so nothing moves after the first frame.
        before = page.js("JSON.stringify(network.getPositions(['S0001', 'S0750', 'S1500']))")
        page.page.wait_for_timeout(300)
        assert page.js("JSON.stringify(network.getPositions(['S0001', 'S0750', 'S1500']))") == before

        municipality = network.schools[0].municipality
        page.page.select_option("#mn-municipality", municipality)
        hidden_elsewhere = page.js(
            f"nodes.get().filter(function (n) {{ return n.municipality !== {municipality!r} && !n.hidden; }}).length"
        )
        partners = {p.mentor for p in plan.pairs if network.school_by_id[p.trainee].municipality == municipality}
        partners |= {p.trainee for p in plan.pairs if network.school_by_id[p.mentor].municipality == municipality}
        assert hidden_elsewhere == len({s for s in partners if network.school_by_id[s].municipality != municipality})
        assert all(
            municipality in (network.school_by_id[e["from"]].municipality, network.school_by_id[e["to"]].municipality)
            for e in page.visible_edges()
        )
    finally:
        page.close()
