"""Unknown stays unknown (issue 11, item 2): an attribute the input does not give is never assumed.

The Krymsky role table has no settlement, results, adverse-condition or
new-school data; before, every school became urban / normal results, every
pair's reason ended «обе городские» and "same settlement" scored on defaults.
"""

from __future__ import annotations

import pytest

from mentornet.audit import audit_network
from mentornet.graph.candidates import build_candidates
from mentornet.graph.metrics import facts_messages, missing_facts
from mentornet.io.roletable import kind_from_name
from mentornet.model import Kind, Policy, School, Settlement
from mentornet.planning import solve
from mentornet.visualizations.network import network_html
from mentornet.visualizations.style import text
from tests.tiny import tiny_network


@pytest.fixture(scope="module")
def krymsky_plan(krymsky):
    return solve(krymsky, Policy(time_limit=5), solver="greedy")


def test_role_table_leaves_unknown_attributes_empty(krymsky):
    for s in krymsky.schools:
        assert s.settlement is None and s.results is None and s.adverse is None and s.is_new is None
        assert s.kind == kind_from_name(s.name)
    assert kind_from_name("МБОУ СОШ № 9") is Kind.secondary
    assert kind_from_name("Школа-интернат № 2") is None


def test_a_school_without_attributes_has_no_defaults():
    s = School(id="x")
    assert s.unknown() == ("kind", "settlement", "results", "adverse", "is_new", "lat", "lon")
    assert not s.is_adverse and not s.is_resilient and not s.is_priority


def test_unknown_settlement_scores_no_context(krymsky):
    w = Policy().weights
    edges = build_candidates(krymsky).edges
    # Only "same kind" can score in the role table: the settlement is unknown everywhere.
    assert set(edges["context"].unique()) <= {0, w.same_kind}
    assert (edges["context"] == w.same_kind).any()


def test_unknown_on_one_side_scores_nothing():
    w = Policy().weights
    net = tiny_network(L1={"kind": None, "settlement": None}, P1={"settlement": None})
    edges = build_candidates(net).edges
    idx = {s.id: i for i, s in enumerate(net.schools)}
    l1 = edges[(edges["mentor"] == idx["L1"]) | (edges["trainee"] == idx["L1"])]
    assert (l1["context"] == 0).all()
    known = tiny_network()
    both_urban = build_candidates(known).edges
    pair = both_urban[(both_urban["mentor"] == idx["L2"]) & (both_urban["trainee"] == idx["L1"])]
    assert (pair["context"] == w.same_kind + w.same_settlement).all() and len(pair)


def test_reasons_and_tooltips_never_state_an_unknown_fact(krymsky, krymsky_plan):
    ru = " ".join(p.reason_in("ru") for p in krymsky_plan.pairs)
    en = " ".join(p.reason_in("en") for p in krymsky_plan.pairs)
    assert "городск" not in ru and "сельск" not in ru
    assert "urban" not in en and "rural" not in en
    assert "same kind" in en  # the kinds the names state are still said
    html = network_html(krymsky, krymsky_plan, lang="ru")
    assert f"{text('results', 'ru')}: " not in html
    assert krymsky_plan.metrics.get("pairs_same_settlement", 0) == 0


def test_known_settlement_is_still_said():
    net = tiny_network()
    assert net.school_by_id["H1"].settlement is Settlement.rural
    plan = solve(net, Policy(time_limit=5), solver="greedy")
    same = [p for p in plan.pairs if net.school_by_id[p.mentor].settlement == net.school_by_id[p.trainee].settlement]
    assert same and all("urban" in p.reason_in("en") or "rural" in p.reason_in("en") for p in same)


def test_summary_and_audit_list_missing_attributes_and_goals(krymsky):
    facts = missing_facts(krymsky)
    n = len(krymsky.schools)
    assert facts["attributes"]["settlement"] == n and facts["attributes"]["results"] == n
    assert "kind" not in facts["attributes"] or facts["attributes"]["kind"] < n
    assert facts["goals"]["same_settlement"] == ["settlement"]
    assert set(facts["goals"]["resilient_for_adverse"]) == {"results", "adverse"}
    ru = [m.render("ru") for m in facts_messages(facts)]
    assert any("тип местности" in line and f"{n} школы из {n}" in line for line in ru)
    report = audit_network(krymsky, lang="ru")
    missing = {f.text.params["attribute"]: f for f in report.findings if f.code == "missing_attribute"}
    assert missing["settlement"].text.params["n"] == n and len(missing["settlement"].schools) == n
    goals = {f.text.params["goal"] for f in report.findings if f.code == "goal_not_applied"}
    assert {"same_settlement", "priority_low_results", "priority_adverse", "priority_new"} <= goals
    assert "одинаковый тип местности" in report.finding("goal_not_applied").message or any(
        "одинаковый тип местности" in f.message for f in report.findings if f.code == "goal_not_applied")


def test_a_goal_with_zero_weight_is_not_listed(krymsky):
    policy = Policy(weights={"same_settlement": 0})
    assert "same_settlement" not in missing_facts(krymsky, policy)["goals"]
