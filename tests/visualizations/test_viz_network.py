"""The HTML network view, read as a document (the browser tests drive it live)."""

from __future__ import annotations

import json
import math
import re

import pytest
from mn_viz_support import round_robin_plan

from mentornet.graph import plan_graph
from mentornet.model import Competence, Deferred, Direction, Network, Pair, Plan, School
from mentornet.visualizations import PHYSICS_LIMIT, clustered_layout, network_html
from mentornet.visualizations.network import direction_label, short_label
from mentornet.visualizations.style import LOW_RESULTS_BORDER, ROLE_COLORS

_DATASET = re.compile(r"new vis\.DataSet\((\[.*?\])\);", re.S)


def datasets(html: str) -> tuple[list[dict], list[dict]]:
    """The node and edge items the page hands to vis-network."""
    found = _DATASET.findall(html)
    assert len(found) == 2, "the page should build exactly one node and one edge DataSet"
    return json.loads(found[0]), json.loads(found[1])


@pytest.fixture(scope="module")
def krymsky_plan(krymsky) -> Plan:
    return round_robin_plan(krymsky)


def test_krymsky_page_has_every_school_and_pair(krymsky, krymsky_plan, tmp_path):
    html = network_html(krymsky, krymsky_plan, path=tmp_path / "sub" / "network.html")
    assert (tmp_path / "sub" / "network.html").read_text(encoding="utf-8") == html
    nodes, edges = datasets(html)
    assert {n["id"] for n in nodes} == {s.id for s in krymsky.schools}
    assert len(nodes) == 34
    assert sorted((e["from"], e["to"], e["direction"]) for e in edges) == sorted(
        (p.mentor, p.trainee, p.direction) for p in krymsky_plan.pairs
    )
    assert len({e["id"] for e in edges}) == len(edges)


def test_page_needs_nothing_from_the_network(krymsky, krymsky_plan):
    html = network_html(krymsky, krymsky_plan)
    assert re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html) is None
    assert "@import" not in html
    assert "vis.Network" in html and "window.mentornetReady" in html


def test_nodes_encode_role_load_kind_and_low_results():
    net = Network(
        schools=(
            School(id="L", kind="lyceum"), School(id="W", kind="basic", results="low"), School(id="G", kind="gymnasium"),
        ),
        directions=(Direction(id="1"),),
        competences=(
            Competence(school="L", direction="1", level="leader"),
            Competence(school="W", direction="1", level="hidden_reserve"),
            Competence(school="G", direction="1", level="promising"),
        ),
    )
    plan = Plan(
        pairs=(Pair(mentor="L", trainee="W", direction="1"),),
        deferred=(Deferred(school="G", direction="1", reason="limit", reasons={"ru": "предел направлений"}),),
    )
    nodes, _ = datasets(network_html(net, plan))
    by_id = {n["id"]: n for n in nodes}
    assert by_id["L"]["color"]["background"] == ROLE_COLORS["leader"]
    assert by_id["G"]["color"]["background"] == ROLE_COLORS["promising"]
    assert (by_id["L"]["shape"], by_id["W"]["shape"], by_id["G"]["shape"]) == ("diamond", "triangle", "square")
    assert by_id["W"]["shapeProperties"]["borderDashes"] and by_id["W"]["color"]["border"] == LOW_RESULTS_BORDER
    assert "shapeProperties" not in by_id["L"]
    assert by_id["L"]["size"] > by_id["G"]["size"]  # L hosts a team, G none
    assert "Наставляет:\n• 1 — W\n" in by_id["L"]["title"]
    assert "• 1 (подающая надежды) — отложено: предел направлений" in by_id["G"]["title"]
    assert "у L" in by_id["W"]["title"]


def test_tooltips_are_plain_text_cards(krymsky, krymsky_plan):
    nodes, edges = datasets(network_html(krymsky, krymsky_plan, lang="ru"))
    raw = {n["id"]: n["title"] for n in nodes}["МБОУ ООШ № 23"]
    assert raw.startswith("МБОУ ООШ\xa0№\xa023\n")  # a number never wraps away from its "№"
    card = raw.replace("\xa0", " ")
    assert "Ведёт: 1. Система качества подготовки обучающихся" in card
    learner = next(p for p in krymsky_plan.pairs if p.trainee == "МБОУ ООШ № 23")
    assert f"у {learner.mentor}" in card
    edge = next(e for e in edges if (e["from"], e["to"], e["direction"]) == (learner.mentor, learner.trainee, learner.direction))
    title = edge["title"].replace("\xa0", " ")
    assert title.startswith(f"{learner.mentor} → {learner.trainee}\n")
    assert learner.reasons["ru"] in title
    en_nodes, _ = datasets(network_html(krymsky, krymsky_plan, lang="en"))
    assert "Leads: 1. " in {n["id"]: n["title"] for n in en_nodes}["МБОУ ООШ № 23"]


def test_names_are_escaped():
    evil = "<script>alert('x')</script>"
    net = Network(
        schools=(School(id="A", name=evil, municipality=evil), School(id="B")),
        directions=(Direction(id="1", name=evil),),
        competences=(Competence(school="A", direction="1", level="leader"), Competence(school="B", direction="1", level="promising")),
    )
    html = network_html(net, Plan(pairs=(Pair(mentor="A", trainee="B", direction="1", reason=evil),)))
    assert evil not in html
    assert "&lt;script&gt;" in html  # the filters' option texts
    nodes, _ = datasets(html)
    assert {n["id"]: n["municipality"] for n in nodes}["A"] == evil  # data intact once parsed


def test_languages(krymsky):
    ru, en = network_html(krymsky, lang="ru"), network_html(krymsky, lang="en")
    assert "Все направления" in ru and "Команды-лидеры" in ru
    assert "All directions" in en and "Leaders" in en
    with pytest.raises(ValueError, match="language"):
        network_html(krymsky, lang="de")


def test_role_table_view_has_roles_and_no_pairs(krymsky):
    html = network_html(krymsky)
    nodes, edges = datasets(html)
    assert len(nodes) == 34 and edges == []
    leaders = {c.school for c in krymsky.competences if c.level.value == "leader"}
    assert {n["id"] for n in nodes if n["role"] == "leader"} == leaders
    # No pairs to settle by physics: positions are fixed.
    assert all("x" in n and "y" in n for n in nodes)


def test_small_plans_settle_in_the_browser_large_ones_are_laid_out_here(krymsky, krymsky_plan):
    small = network_html(krymsky, krymsky_plan)
    assert '"physics": true' in small.replace("\n", "")
    nodes, _ = datasets(small)
    assert not any("x" in n for n in nodes)
    fixed = network_html(krymsky, krymsky_plan, layout="fixed")
    nodes, _ = datasets(fixed)
    assert all("x" in n for n in nodes)
    assert '"physics": true' not in fixed
    with pytest.raises(ValueError):
        network_html(krymsky, krymsky_plan, layout="spring")


def test_clustered_layout_keeps_municipalities_apart():
    schools = [School(id=f"S{i}", municipality=f"M{i % 4}") for i in range(PHYSICS_LIMIT + 30)]
    comps = [Competence(school=s.id, direction="1", level="leader" if i % 3 == 0 else "promising") for i, s in enumerate(schools)]
    net = Network(schools=tuple(schools), directions=(Direction(id="1"),), competences=tuple(comps))
    plan = round_robin_plan(net)
    g = plan_graph(net, plan)
    pos, clusters = clustered_layout(g)
    assert set(pos) == {s.id for s in schools}
    assert len(clusters) == 4
    for i, a in enumerate(clusters):
        for b in clusters[i + 1:]:
            assert math.dist((a["x"], a["y"]), (b["x"], b["y"])) >= a["r"] + b["r"]
    centre = {c["id"]: c for c in clusters}
    for s in schools:
        c = centre[s.municipality]
        assert math.dist(pos[s.id], (c["x"], c["y"])) <= c["r"]
    assert len(set(pos.values())) == len(pos)  # nobody on top of anybody
    # Above the limit the page uses this layout with physics off.
    nodes, _ = datasets(network_html(net, plan))
    assert {n["id"]: (n["x"], n["y"]) for n in nodes} == pos


def test_labels():
    assert short_label("МБОУ СОШ № 1") == "СОШ № 1"
    assert short_label("МАОУ СОШ № 11") == "СОШ № 11"
    assert short_label("МБОУ гимназия № 7") == "гимназия № 7"
    assert short_label("Лицей 5") == "Лицей 5"


def test_direction_label(krymsky):
    assert direction_label(krymsky, "2") == "2. Система работы ШНОР"
    assert direction_label(krymsky, "nope") == "nope"


def test_roles_read_without_colour(krymsky, krymsky_plan):
    """Each node's label carries its role's sign, and the legend shows the same signs beside the colours."""
    from mentornet.visualizations.style import ROLE_SYMBOLS

    html = network_html(krymsky, krymsky_plan, lang="ru")
    nodes, _ = datasets(html)
    for n in nodes:
        sign = ROLE_SYMBOLS.get(n["role"])
        assert n["label"] == (f"{sign} {n['baseLabel']}" if sign else n["baseLabel"]), n
    assert {n["role"] for n in nodes} >= {"leader", "promising"}
    assert len(set(ROLE_SYMBOLS.values())) == len(ROLE_SYMBOLS)
    for sign in ROLE_SYMBOLS.values():
        assert f'<span class="mn-sym" aria-hidden="true">{sign}</span>' in html
