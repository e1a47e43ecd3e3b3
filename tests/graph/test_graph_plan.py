"""The plan graph, the role-table graph and their GraphML / node-link export."""

from __future__ import annotations

import json

import networkx as nx
import pytest

from mentornet.graph import graphml_safe, node_link_json, plan_graph, role_table_graph, strongest_role, write_graphml
from mentornet.model import Competence, Deferred, Direction, Network, Pair, Plan, Policy, RoleAssignment, School


@pytest.fixture
def small() -> Network:
    """Three schools, two directions: A leads d1, B leads d2, C learns in both."""
    return Network(
        name="small",
        schools=(
            School(id="A", name="Школа A", municipality="M1", kind="gymnasium", results="high", host_capacity=2),
            School(id="B", municipality="M1", results="low", lat=45.0, lon=38.0),
            School(id="C", municipality="M2", kind="basic", is_new=True),
        ),
        directions=(Direction(id="d1", name="Качество"), Direction(id="d2", name="Воспитание")),
        competences=(
            Competence(school="A", direction="d1", level="leader"),
            Competence(school="B", direction="d1", level="promising"),
            Competence(school="C", direction="d1", level="hidden_reserve"),
            Competence(school="B", direction="d2", level="leader"),
            Competence(school="A", direction="d2", level="promising"),
            Competence(school="C", direction="d2", level="promising"),
        ),
    )


@pytest.fixture
def small_plan() -> Plan:
    roles = [
        RoleAssignment(school=s, direction=d, role=r)
        for s, d, r in [("A", "d1", "leader"), ("B", "d1", "promising"), ("C", "d1", "hidden_reserve"),
                        ("B", "d2", "leader"), ("A", "d2", "promising"), ("C", "d2", "promising")]
    ]
    return Plan(
        roles=roles,
        pairs=(
            Pair(mentor="A", trainee="B", direction="d1", reason="A leads", reasons={"ru": "А ведёт", "en": "A leads"}, curator=None, score=12.0, parts={"gain": 2.0}, distance_km=None),
            Pair(mentor="B", trainee="C", direction="d1", reason="cascade", score=8.0),
            Pair(mentor="B", trainee="A", direction="d2", reason="B leads", distance_km=14.5),
        ),
        deferred=(Deferred(school="C", direction="d2", reason="limit"),),
    )


def test_plan_graph_nodes_carry_profile_roles_and_load(small, small_plan):
    g = plan_graph(small, small_plan, Policy(host_capacity=5))
    assert isinstance(g, nx.MultiDiGraph)
    assert set(g.nodes) == {"A", "B", "C"}
    a, b, c = g.nodes["A"], g.nodes["B"], g.nodes["C"]
    assert a["roles"] == {"d1": "leader", "d2": "promising"}
    assert a["strongest_role"] == "leader" and c["strongest_role"] == "promising"
    assert a["leads"] == ["d1"] and a["learns"] == ["d2"]
    assert (a["hosted"], b["hosted"], c["hosted"]) == (1, 2, 0)
    assert (a["learning"], b["learning"], c["learning"]) == (1, 1, 1)
    assert c["deferred"] == ["d2"]
    # The school's own capacity wins; the policy's default fills the gap.
    assert a["host_capacity"] == 2 and b["host_capacity"] == 5
    assert a["kind"] == "gymnasium" and b["results"] == "low" and c["is_new"] is True
    assert g.graph["source"] == "plan" and g.graph["directions"] == {"d1": "Качество", "d2": "Воспитание"}


def test_plan_graph_has_one_edge_per_pair_keyed_by_direction(small, small_plan):
    g = plan_graph(small, small_plan)
    assert sorted(g.edges(keys=True)) == [("A", "B", "d1"), ("B", "A", "d2"), ("B", "C", "d1")]
    e = g.edges["A", "B", "d1"]
    assert e["reason"] == "A leads" and e["reasons"]["ru"] == "А ведёт"
    assert (e["mentor_role"], e["trainee_role"]) == ("leader", "promising")
    assert e["score"] == 12.0 and e["parts"] == {"gain": 2.0}
    assert g.edges["B", "A", "d2"]["distance_km"] == 14.5


def test_plan_without_roles_takes_the_levels(small):
    plan = Plan(pairs=(Pair(mentor="A", trainee="C", direction="d1"),))
    g = plan_graph(small, plan)
    assert g.nodes["C"]["roles"] == {"d1": "hidden_reserve", "d2": "promising"}
    assert g.edges["A", "C", "d1"]["trainee_role"] == "hidden_reserve"


def test_a_pair_with_an_unknown_school_is_refused(small):
    with pytest.raises(KeyError, match="Z"):
        plan_graph(small, Plan(pairs=(Pair(mentor="A", trainee="Z", direction="d1"),)))


def test_role_table_graph_has_roles_and_no_edges(small):
    g = role_table_graph(small)
    assert g.number_of_edges() == 0
    assert g.graph["source"] == "role_table"
    assert g.nodes["B"]["roles"] == {"d1": "promising", "d2": "leader"}
    assert g.nodes["C"]["strongest_role"] == "promising"


def test_strongest_role():
    assert strongest_role({}) == ""
    assert strongest_role({"1": "hidden_reserve", "2": "promising"}) == "promising"
    assert strongest_role({"1": "hidden_reserve", "2": "leader", "3": "promising"}) == "leader"


def _plain(value) -> bool:
    return isinstance(value, (str, int, float, bool))


def test_graphml_safe_leaves_no_none_dict_or_list(small, small_plan):
    safe = graphml_safe(plan_graph(small, small_plan))
    for _, data in safe.nodes(data=True):
        assert all(_plain(v) for v in data.values()), data
    for *_, data in safe.edges(keys=True, data=True):
        assert all(_plain(v) for v in data.values()), data
    assert all(_plain(v) for v in safe.graph.values())
    a = safe.nodes["A"]
    assert a["roles_d1"] == "leader" and a["leads"] == "d1"
    assert "lat" not in a  # None dropped
    assert safe.nodes["B"]["lat"] == 45.0
    assert safe.edges["A", "B", "d1"]["reasons_en"] == "A leads"
    assert "curator" not in safe.edges["A", "B", "d1"]


def test_graphml_round_trip(tmp_path, small, small_plan):
    g = plan_graph(small, small_plan)
    path = write_graphml(g, tmp_path / "graph.graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert set(back.nodes) == set(g.nodes)
    assert sorted(back.edges(keys=True)) == sorted(g.edges(keys=True))
    assert back.nodes["A"]["roles_d2"] == "promising"
    assert back.nodes["C"]["deferred"] == "d2"
    assert back.nodes["A"]["host_capacity"] == 2
    assert back.edges["B", "A", "d2"]["distance_km"] == pytest.approx(14.5)
    assert back.edges["A", "B", "d1"]["reason"] == "A leads"


def test_node_link_round_trip(small, small_plan):
    g = plan_graph(small, small_plan)
    doc = node_link_json(g)
    text = json.dumps(doc, ensure_ascii=False)  # plain JSON, no default= needed
    back = nx.node_link_graph(json.loads(text), edges="edges")
    assert back.is_directed() and back.is_multigraph()
    assert sorted(back.edges(keys=True)) == sorted(g.edges(keys=True))
    assert back.nodes["B"]["roles_d2"] == "leader"
    assert back.edges["A", "B", "d1"]["parts_gain"] == 2.0
    assert back.graph["directions_d1"] == "Качество"
