"""Network metrics on small hand-built graphs whose answers are known."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from mentornet.graph import (
    exchange_profile,
    expected_load,
    leader_reach,
    municipality_connectivity,
    mutual_exchanges,
    network_metrics,
    overloaded_hubs,
    possible_mutual_exchanges,
    table_coverage,
)
from mentornet.model import Competence, Direction, Network, Pair, Plan, Policy, RoleAssignment, School


def graph(nodes: dict[str, dict], edges: list[tuple[str, str, str]], source: str = "plan") -> nx.MultiDiGraph:
    """A plan-shaped graph: nodes with roles/municipality/capacity, edges keyed by direction."""
    g = nx.MultiDiGraph(source=source)
    for n, attrs in nodes.items():
        g.add_node(n, **{"roles": {}, "municipality": "M", "host_capacity": 6, **attrs})
    for u, v, d in edges:
        g.add_edge(u, v, key=d, direction=d)
    return g


# ------------------------------------------------------------ exchange profile


def test_exchange_profile_on_a_plan():
    g = graph(
        {"A": {"roles": {"1": "leader"}}, "B": {"roles": {"1": "promising"}}, "C": {"roles": {"1": "hidden_reserve"}},
         "D": {"roles": {"1": "leader"}}, "E": {}},
        [("A", "B", "1"), ("B", "C", "1")],
    )
    # D leads but hosts nobody: on a plan it neither gives nor receives.
    assert exchange_profile(g) == {"only_receive": ["C"], "only_give": ["A"], "both": ["B"], "neither": ["D", "E"]}


def test_exchange_profile_on_a_role_table():
    g = graph(
        {"A": {"roles": {"1": "leader", "2": "leader"}}, "B": {"roles": {"1": "promising", "2": "leader"}},
         "C": {"roles": {"1": "hidden_reserve", "2": "promising"}}, "E": {}},
        [],
        source="role_table",
    )
    assert exchange_profile(g) == {"only_receive": ["C"], "only_give": ["A"], "both": ["B"], "neither": ["E"]}


# ------------------------------------------------------------ mutual exchanges


def test_mutual_exchanges_need_two_ways_in_different_directions():
    g = graph(
        {n: {} for n in "ABCDE"},
        [
            ("A", "B", "1"), ("B", "A", "2"),          # an exchange
            ("C", "D", "1"), ("D", "C", "1"),          # both ways, one direction: not an exchange
            ("A", "E", "1"), ("E", "A", "1"), ("E", "A", "3"),  # E→A in 3 makes it one
            ("B", "C", "2"),                            # one way only
        ],
    )
    assert mutual_exchanges(g) == [("A", "B"), ("A", "E")]


def test_possible_mutual_exchanges_by_roles():
    g = graph(
        {
            "A": {"roles": {"1": "leader", "2": "promising"}},
            "B": {"roles": {"1": "promising", "2": "leader"}},   # A↔B possible
            "C": {"roles": {"1": "hidden_reserve"}},              # A and B could mentor C, not back
            "D": {"roles": {"2": "hidden_reserve", "3": "leader"}},  # B→D in 2, but A, B not in 3
        },
        [],
        source="role_table",
    )
    assert possible_mutual_exchanges(g) == 1


# ------------------------------------------------------------ hubs


def test_overloaded_hubs_against_capacity_and_threshold():
    g = graph(
        {"A": {"host_capacity": 3}, "B": {"host_capacity": 4}, "C": {"host_capacity": 0}, "T": {}},
        [("A", "T", "1"), ("A", "T", "2"), ("A", "T", "3"), ("B", "T", "4"), ("B", "T", "5"), ("C", "T", "6")],
    )
    hubs = overloaded_hubs(g)
    # C hosts with no capacity at all: first, with no ratio; A is exactly full.
    assert [h["school"] for h in hubs] == ["C", "A"]
    assert hubs[0]["ratio"] is None and hubs[1] == {"school": "A", "load": 3, "capacity": 3, "ratio": 1.0}
    assert [h["school"] for h in overloaded_hubs(g, threshold=0.5)] == ["C", "A", "B"]
    assert overloaded_hubs(g, threshold=1.01)[0]["school"] == "C" and len(overloaded_hubs(g, threshold=1.01)) == 1


def test_expected_load_of_a_role_table_shares_trainees_among_leaders():
    g = graph(
        {
            "L1": {"roles": {"1": "leader", "2": "leader"}, "host_capacity": 2},
            "L2": {"roles": {"1": "leader"}},
            "P": {"roles": {"1": "promising", "2": "hidden_reserve"}},
            "H": {"roles": {"1": "hidden_reserve", "2": "promising"}},
            "R": {"roles": {"1": "hidden_reserve"}},
        },
        [],
        source="role_table",
    )
    load = expected_load(g)
    assert load["L1"] == pytest.approx(1.5 + 2.0) and load["L2"] == pytest.approx(1.5)
    assert load["P"] == 0.0
    assert [h["school"] for h in overloaded_hubs(g)] == ["L1"]


# ------------------------------------------------------------ municipalities


def test_municipality_connectivity_on_a_plan():
    g = graph(
        {
            "A": {"municipality": "M1", "roles": {"1": "leader"}}, "B": {"municipality": "M1", "roles": {"1": "promising"}},
            "C": {"municipality": "M1", "roles": {"2": "hidden_reserve"}},
            "D": {"municipality": "M2", "roles": {"1": "promising"}}, "E": {"municipality": "M2", "roles": {"2": "leader"}},
            "F": {"municipality": "M3", "roles": {"1": "hidden_reserve"}},
        },
        [("A", "B", "1"), ("A", "D", "1"), ("E", "C", "2")],
    )
    m = municipality_connectivity(g)
    assert m["M1"] == {
        "schools": 3, "leaders": 1, "directions_without_local_leader": ["2"],
        "pairs_inside": 1, "pairs_out": 1, "pairs_in": 1, "isolated": False, "components": 2,
    }
    assert (m["M2"]["pairs_inside"], m["M2"]["pairs_out"], m["M2"]["pairs_in"], m["M2"]["components"]) == (0, 1, 1, 2)
    assert m["M2"]["directions_without_local_leader"] == ["1"]
    assert m["M3"]["isolated"] is True and m["M3"]["components"] == 1 and m["M3"]["leaders"] == 0


def test_a_lone_municipality_is_not_isolated():
    g = graph({"A": {"roles": {"1": "leader"}}, "B": {"roles": {"1": "promising"}}}, [("A", "B", "1")])
    m = municipality_connectivity(g)["M"]
    assert m["isolated"] is False and m["components"] == 1


def test_municipality_connectivity_on_a_role_table_has_no_pair_figures():
    g = graph({"A": {"roles": {"1": "promising"}}}, [], source="role_table")
    m = municipality_connectivity(g)["M"]
    assert m["pairs_inside"] is None and m["components"] is None and m["isolated"] is None
    assert m["directions_without_local_leader"] == ["1"]


# ------------------------------------------------------------ reach


def test_leader_reach_direct_and_cascade_in_the_same_direction():
    g = graph(
        {
            "L": {"roles": {"1": "leader", "2": "leader"}},
            "P": {"roles": {"1": "promising"}},
            "Q": {"roles": {"2": "promising", "1": "promising"}},
            "H1": {"roles": {"1": "hidden_reserve"}}, "H2": {"roles": {"1": "hidden_reserve"}}, "H3": {"roles": {"1": "hidden_reserve"}},
            "Idle": {"roles": {"3": "leader"}},
            "X": {"roles": {"1": "hidden_reserve"}},
        },
        [("L", "P", "1"), ("P", "H1", "1"), ("P", "H2", "1"), ("L", "Q", "2"), ("Q", "H3", "1")],
    )
    reach = leader_reach(g)
    # Q → H3 is in direction 1, L → Q in 2: not a cascade of L.
    assert reach["L"] == {"direct": 2, "cascade": 2, "total": 4}
    assert reach["P"] == {"direct": 2, "cascade": 0, "total": 2}
    assert reach["Idle"] == {"direct": 0, "cascade": 0, "total": 0}
    assert "X" not in reach and "H1" not in reach


def test_leader_reach_of_a_role_table_is_empty():
    assert leader_reach(graph({"A": {"roles": {"1": "leader"}}}, [], source="role_table")) == {}


# ------------------------------------------------------------ role table and network figures


@pytest.fixture
def tiny() -> Network:
    return Network(
        name="tiny",
        schools=(
            School(id="L"), School(id="P"), School(id="H"), School(id="W", results="low"), School(id="N"),
        ),
        directions=(Direction(id="1", mentor_cap=2), Direction(id="2")),
        competences=(
            Competence(school="L", direction="1", level="leader"),
            Competence(school="P", direction="1", level="promising"),
            Competence(school="H", direction="1", level="hidden_reserve"),
            Competence(school="W", direction="1", level="hidden_reserve"),
            Competence(school="N", direction="2", level="promising"),
        ),
    )


def test_table_coverage_takes_the_heaviest_needs_within_the_cap(tiny):
    cov = table_coverage(tiny, Policy())
    # Direction 1: one leader, cap 2, three needs weighing 130 (W: reserve, low results), 100, 60.
    # Direction 2: no leader at all.
    assert cov["trainee_needs"] == 4 and cov["needs_covered"] == 2 and cov["needs_beyond_capacity"] == 2
    assert cov["weighted_deficits_total"] == 130 + 100 + 60 + 60
    assert cov["weighted_deficits_covered"] == 230
    assert cov["by_direction"]["1"] == {"leaders": 1, "promising": 1, "hidden_reserve": 2, "capacity": 2, "covered": 2}
    assert cov["by_direction"]["2"]["covered"] == 0


def test_network_metrics_of_a_plan(tiny):
    plan = Plan(
        roles=tuple(RoleAssignment(school=c.school, direction=c.direction, role=c.level) for c in tiny.competences),
        pairs=(
            Pair(mentor="L", trainee="P", direction="1"),
            Pair(mentor="P", trainee="W", direction="1"),
            Pair(mentor="L", trainee="H", direction="1"),
        ),
    )
    m = network_metrics(tiny, plan)
    assert m["source"] == "plan"
    assert (m["schools"], m["pairs"], m["schools_involved"], m["schools_mentoring"]) == (5, 3, 4, 2)
    assert (m["trainee_needs"], m["needs_covered"], m["needs_deferred"]) == (4, 3, 0)
    assert m["weighted_deficits_covered"] == 130 + 100 + 60
    assert m["only_receive"] == ["H", "W"] and m["neither"] == ["N"] and m["both"] == ["P"]
    assert m["mutual_exchanges"] == 0 and m["hubs_overloaded"] == 0
    assert m["leader_reach"]["L"] == {"direct": 2, "cascade": 1, "total": 3}
    assert m["reach_max"] == 3
    json.dumps(m)  # JSON-ready


def test_network_metrics_of_the_krymsky_table(krymsky):
    m = network_metrics(krymsky)
    assert m["source"] == "role_table"
    # The hand-made 2021 table: 18 of 34 schools lead somewhere, 16 never do (docs/design.md).
    assert (m["schools"], m["schools_mentoring"], m["schools_never_mentoring"]) == (34, 18, 16)
    assert m["schools_only_receive"] == 16 and m["schools_involved"] == 34
    assert m["trainee_needs"] == 73
    assert m["pairs"] is None and m["mutual_exchanges"] is None
    # Direction 3 has 15 trainees and 2 leaders with 4 places each: 7 teams left out.
    assert m["needs_beyond_capacity"] >= 7
    assert m["hubs_overloaded"] >= 1
    json.dumps(m)
