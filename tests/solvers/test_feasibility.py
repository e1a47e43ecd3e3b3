"""Infeasibility explained: counting pre-checks and CP-SAT assumption cores.

Each case builds a small network whose hard constraints cannot all hold and
checks that the planner says which rules conflict, naming the schools and
directions, with a suggestion — and never returns a plan.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from mentornet.errors import InfeasibleError
from mentornet.graph.candidates import build_candidates
from mentornet.model import (
    Competence,
    Curator,
    Direction,
    Locks,
    Network,
    PairLock,
    Policy,
    School,
)
from mentornet.solvers.cpsat import solve_cpsat
from mentornet.solvers.cpsat.explain import describe_groups, explain_infeasible
from mentornet.solvers.feasibility import precheck
from tests.strategies import build_valid_plan, networks, policies

FAST = Policy(time_limit=5.0)


def make(levels: dict[str, dict[str, str]], *, schools: dict[str, dict] | None = None,
         directions: dict[str, dict] | None = None, curators=(), locks: Locks = Locks()) -> Network:
    """A network from ``{direction: {school: level}}``; extra school/direction fields by id."""
    schools = schools or {}
    directions = directions or {}
    ids = sorted({s for by in levels.values() for s in by} | set(schools))
    return Network(
        name="case",
        schools=tuple(School(id=s, **schools.get(s, {})) for s in ids),
        directions=tuple(Direction(id=d, name=f"Direction {d}", **directions.get(d, {})) for d in levels),
        curators=tuple(curators),
        competences=tuple(Competence(school=s, direction=d, level=lv) for d, by in levels.items() for s, lv in by.items()),
        locks=locks,
    )


def conflicts_of(network: Network, policy: Policy = FAST) -> list:
    with pytest.raises(InfeasibleError) as info:
        solve_cpsat(network, policy)
    assert info.value.conflicts
    for c in info.value.conflicts:
        assert c.message and c.suggestion, c
    return info.value.conflicts


def test_krymsky_passes_the_prechecks(krymsky, policy):
    assert precheck(build_candidates(krymsky, policy)) == []


def test_leaders_cannot_host_the_direction_trainees():
    # One leader, cap 4, five hidden reserves that take part only here: one would be in no pair.
    net = make({"A": {"L": "leader", **{f"H{i}": "hidden_reserve" for i in range(1, 6)}}})
    found = precheck(build_candidates(net, FAST))
    assert [c.kind for c in found] == ["direction_capacity"]
    c = found[0]
    assert "Direction A" in c.message and "5 trainee teams" in c.message and "at most 4" in c.message
    assert "L" in c.schools and "A" in c.directions
    assert "cap" in c.suggestion
    assert [x.kind for x in conflicts_of(net)] == ["direction_capacity"]


def test_promising_teams_need_leaders():
    # Two promising teams that only a leader may mentor (no hidden reserve for them to
    # mentor in turn); the one leader takes one (cap 1).
    net = make({"A": {"L": "leader", "P1": "promising", "P2": "promising"}}, directions={"A": {"mentor_cap": 1}})
    found = precheck(build_candidates(net, FAST))
    assert [c.kind for c in found] == ["direction_capacity"]
    assert "2 promising teams need a leader" in found[0].message
    # With a hidden reserve, P1 can mentor it and P2 learn from L: feasible.
    ok = make({"A": {"L": "leader", "P1": "promising", "P2": "promising", "H": "hidden_reserve"}},
              directions={"A": {"mentor_cap": 1}})
    assert precheck(build_candidates(ok, FAST)) == []
    assert len(solve_cpsat(ok, FAST).pairs) == 2


def test_shared_host_capacity_is_explained_by_the_solver():
    # Each direction alone fits (3 trainees, cap 4); together they exceed L's host capacity of 4.
    levels = {
        "A": {"L": "leader", "a1": "hidden_reserve", "a2": "hidden_reserve", "a3": "hidden_reserve"},
        "B": {"L": "leader", "b1": "hidden_reserve", "b2": "hidden_reserve", "b3": "hidden_reserve"},
    }
    net = make(levels, schools={"L": {"host_capacity": 4, "name": "Lyceum 1"}})
    cg = build_candidates(net, FAST)
    assert precheck(cg) == []  # no counting argument sees it
    found = conflicts_of(net)
    c = found[0]
    assert c.kind == "host_capacity"
    assert "Lyceum 1 hosts at most 4 trainee teams" in c.message
    assert "L" in c.schools
    assert "host_capacity" in c.suggestion
    # A minimal core: the host capacity and the involvement of the trainees, no direction cap.
    assert "each mentor in" not in c.message
    assert "must each take part in at least one pair" in c.message


def test_locked_pairs_over_the_cap():
    locks = Locks(pairs=tuple(PairLock(mentor="L", trainee=f"H{i}", direction="A") for i in (1, 2, 3)))
    net = make({"A": {"L": "leader", "H1": "hidden_reserve", "H2": "hidden_reserve", "H3": "hidden_reserve"}},
               directions={"A": {"mentor_cap": 2}}, locks=locks)
    found = conflicts_of(net)
    assert found[0].kind == "locked_pair"
    assert "3 locked trainee teams" in found[0].message and "cap of 2" in found[0].message
    assert set(found[0].schools) >= {"L", "H1", "H2", "H3"}


def test_locked_pair_over_the_host_capacity_found_by_the_solver():
    # L hosts one team a year; the kept pair L → a takes that place, so h (who can
    # learn only from L, in B) is left in no pair. No counting check sees it.
    locks = Locks(pairs=(PairLock(mentor="L", trainee="a", direction="A"),))
    net = make({"A": {"L": "leader", "a": "hidden_reserve"}, "B": {"L": "leader", "h": "hidden_reserve"}},
               schools={"L": {"host_capacity": 1}}, locks=locks)
    assert precheck(build_candidates(net, FAST)) == []
    c = conflicts_of(net)[0]
    assert c.kind == "locked_pair"
    assert "the locked pair L → a in 'Direction A' is kept" in c.message
    assert "L hosts at most 1" in c.message and "h must each take part" in c.message
    assert "remove the lock" in c.suggestion and "host_capacity" in c.suggestion


def test_only_mentors_beyond_max_km():
    # F is a hidden reserve whose only possible mentor is ~330 km away.
    schools = {
        "L": {"lat": 45.0, "lon": 34.0, "name": "Gymnasium 7"},
        "N": {"lat": 45.1, "lon": 34.1},
        "F": {"lat": 48.0, "lon": 34.0, "name": "Far School"},
    }
    net = make({"A": {"L": "leader", "N": "hidden_reserve", "F": "hidden_reserve"}}, schools=schools)
    found = conflicts_of(net)
    c = found[0]
    assert c.kind == "involvement"
    assert "Far School" in c.message and "km" in c.message and "Gymnasium 7" in c.message
    assert "max_km" in c.suggestion
    assert c.schools == ["F"] and c.directions == ["A"]


def test_no_higher_ranked_school_and_forbidden_pairs_are_named():
    forbid = Locks(forbidden=(PairLock(mentor="L", trainee="H"),))
    net = make({"A": {"L": "leader", "H": "hidden_reserve", "G": "hidden_reserve"},
                "B": {"H": "hidden_reserve", "G": "hidden_reserve"}}, locks=forbid)
    found = precheck(build_candidates(net, FAST))
    text = " ".join(c.message for c in found)
    assert "forbidden by a lock" in text  # H in A
    assert "no school ranks above it" in text  # H in B


def test_curator_who_alone_must_supervise_too_many():
    cur = (Curator(id="c1", name="Consultant Ivanova", max_teams=1),)
    net = make({"A": {"L": "leader", "H1": "hidden_reserve", "H2": "hidden_reserve"}}, curators=cur)
    found = conflicts_of(net)
    assert found[0].kind == "curator_limit"
    assert "Consultant Ivanova" in found[0].message and "max_teams" in found[0].suggestion


def test_curator_limit_with_shared_scopes_is_explained_by_the_solver():
    # Two curators of one direction, one team each; three trainees must be placed.
    curs = (Curator(id="c1", max_teams=1), Curator(id="c2", max_teams=1))
    net = make({"A": {"L": "leader", "H1": "hidden_reserve", "H2": "hidden_reserve", "H3": "hidden_reserve"}},
               directions={"A": {"curators": ("c1", "c2")}}, curators=curs)
    assert precheck(build_candidates(net, FAST)) == []
    found = conflicts_of(net)
    assert found[0].kind == "curator_limit"
    assert "curator c1" in found[0].message and "curator c2" in found[0].message


def test_school_without_any_direction():
    net = make({"A": {"L": "leader", "H": "hidden_reserve"}}, schools={"Z": {"name": "School Z"}})
    found = conflicts_of(net)
    assert found[0].kind == "involvement" and "School Z" in found[0].message


def test_explain_infeasible_and_describe_groups_directly():
    levels = {
        "A": {"L": "leader", "a1": "hidden_reserve", "a2": "hidden_reserve", "a3": "hidden_reserve"},
        "B": {"L": "leader", "b1": "hidden_reserve", "b2": "hidden_reserve", "b3": "hidden_reserve"},
    }
    net = make(levels, schools={"L": {"host_capacity": 5}})
    cg = build_candidates(net, FAST)
    found = explain_infeasible(cg, time_limit=5)
    assert found and found[0].kind == "host_capacity"
    # Minimal: the host capacity of L and the involvement of the six trainees.
    assert set(found[0].schools) == {"L", "a1", "a2", "a3", "b1", "b2", "b3"}
    c = describe_groups(cg, [("cap", 0), ("lock", 0, 1, 0), ("limit", 1)])
    assert c.kind == "locked_pair" and "each mentor in 'Direction A'" in c.message


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(network=networks(max_schools=7, max_directions=3), policy=policies())
def test_prechecks_never_refuse_a_feasible_network(network, policy):
    """Whenever an independent constructive procedure finds a valid plan, nothing claims infeasibility."""
    if build_valid_plan(network, policy) is None:
        return
    policy = policy.model_copy(update={"time_limit": 5.0})
    assert precheck(build_candidates(network, policy)) == []
    plan = solve_cpsat(network, policy)  # must not raise InfeasibleError
    assert plan.solver.status in ("OPTIMAL", "FEASIBLE")
