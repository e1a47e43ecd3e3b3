"""The checker on hand-made plans that break each hard constraint one at a time."""

from __future__ import annotations

import pytest

from mentornet.check import CONSTRAINTS, Violation, check_plan, is_valid_plan
from mentornet.model import (
    Competence,
    Curator,
    Deferred,
    Direction,
    Locks,
    Network,
    Pair,
    PairLock,
    Plan,
    Policy,
    RoleAssignment,
    RoleLock,
    School,
)
from tests.tiny import PAIRS, ROLES, make_pair, make_plan, tiny_network, without


def _only(report, constraint: int, code: str) -> Violation:
    """The report breaks exactly this constraint, with a violation of this code; return it."""
    assert {v.constraint for v in report.violations} == {constraint}, str(report)
    hits = [v for v in report.violations if v.code == code]
    assert hits, str(report)
    return hits[0]


@pytest.fixture(scope="module")
def net() -> Network:
    return tiny_network()


def test_the_valid_plan_has_no_violation(net):
    report = check_plan(net, make_plan())
    assert report.ok, str(report)
    assert report.violations == []
    assert is_valid_plan(net, make_plan())
    assert str(report) == "the plan satisfies every hard constraint"


def test_a_deferred_need_instead_of_a_pair_is_valid(net):
    plan = make_plan(without(PAIRS, "L2", "P1", "d2"), deferred=[Deferred(school="P1", direction="d2")])
    assert check_plan(net, plan).ok


# -- constraint 1 -------------------------------------------------------------


def test_trainee_without_mentor_names_school_and_direction(net):
    v = _only(check_plan(net, make_plan(without(PAIRS, "L2", "P1", "d2"))), 1, "trainee_without_mentor")
    assert v.schools == ("P1",) and v.directions == ("d2",)
    assert "School P1" in v.message and "d2" in v.message
    assert str(v).startswith("[constraint 1: trainee_without_mentor]")


def test_two_mentors_for_one_need(net):
    v = _only(check_plan(net, make_plan(PAIRS + (make_pair("L1", "H1", "d1"),))), 1, "trainee_with_several_mentors")
    assert set(v.schools) == {"H1", "L1", "P1"} and v.directions == ("d1",)
    assert (v.limit, v.actual) == (1, 2)


def test_covered_and_deferred(net):
    v = _only(check_plan(net, make_plan(deferred=[Deferred(school="P1", direction="d1")])), 1, "deferred_and_covered")
    assert v.schools == ("P1",) and v.directions == ("d1",)


def test_deferring_a_leader_is_not_a_need(net):
    v = _only(check_plan(net, make_plan(deferred=[Deferred(school="L1", direction="d1")])), 1, "deferred_not_a_need")
    assert v.schools == ("L1",)


def test_role_against_the_level(net):
    roles = tuple(r if (r.school, r.direction) != ("L2", "d1") else RoleAssignment(school="L2", direction="d1", role="promising") for r in ROLES)
    v = _only(check_plan(net, make_plan(roles=roles)), 1, "role_not_allowed")
    assert v.schools == ("L2",) and v.directions == ("d1",)
    assert "hidden_reserve" in v.message


def test_role_missing_and_role_without_competence(net):
    roles = tuple(r for r in ROLES if (r.school, r.direction) != ("H1", "d1"))
    report = check_plan(net, make_plan(roles=roles))
    assert "role_missing" in report.codes()
    assert {v.constraint for v in report.violations} == {1}
    extra = ROLES + (RoleAssignment(school="H1", direction="d2", role="hidden_reserve"),)
    v = _only(check_plan(net, make_plan(roles=extra)), 1, "role_without_competence")
    assert v.schools == ("H1",) and v.directions == ("d2",)


def test_duplicate_role(net):
    v = _only(check_plan(net, make_plan(roles=ROLES + (ROLES[0],))), 1, "role_duplicate")
    assert v.schools == ("L1",)


def test_role_lock_is_honoured(net):
    locked = net.with_changes(locks=Locks(roles=(RoleLock(school="P1", direction="d1", role="leader"),)))
    v = _only(check_plan(locked, make_plan()), 1, "role_lock_broken")
    assert v.schools == ("P1",) and v.directions == ("d1",)


def test_hidden_reserve_cannot_mentor(net):
    pairs = without(PAIRS, "L1", "L2", "d1") + (make_pair("H1", "L2", "d1"),)
    report = check_plan(net, make_plan(pairs))
    v = _only(report, 1, "mentor_cannot_mentor")
    assert v.schools == ("H1", "L2")


def test_a_leader_is_not_mentored(net):
    v = _only(check_plan(net, make_plan(PAIRS + (make_pair("P1", "L1", "d1"),))), 1, "trainee_is_leader")
    assert v.schools == ("P1", "L1") and v.directions == ("d1",)


def test_promising_cannot_mentor_promising():
    net = Network(
        schools=(School(id="A"), School(id="B"), School(id="C")),
        directions=(Direction(id="d"),),
        competences=(
            Competence(school="A", direction="d", level="leader"),
            Competence(school="B", direction="d", level="promising"),
            Competence(school="C", direction="d", level="promising"),
        ),
    )
    roles = tuple(RoleAssignment(school=c.school, direction="d", role=c.level) for c in net.competences)
    plan = Plan(roles=roles, pairs=(Pair(mentor="A", trainee="B", direction="d"), Pair(mentor="B", trainee="C", direction="d")))
    v = _only(check_plan(net, plan), 1, "pair_against_order")
    assert v.schools == ("B", "C")
    fixed = Plan(roles=roles, pairs=(Pair(mentor="A", trainee="B", direction="d"), Pair(mentor="A", trainee="C", direction="d")))
    assert check_plan(net, fixed).ok


def test_pair_against_score_order():
    net = Network(
        schools=(School(id="A"), School(id="B"), School(id="C")),
        directions=(Direction(id="d"),),
        competences=(
            Competence(school="A", direction="d", score=72),  # leader or promising
            Competence(school="B", direction="d", score=66),  # leader or promising
            Competence(school="C", direction="d", score=20),  # hidden reserve
        ),
    )
    roles = (
        RoleAssignment(school="A", direction="d", role="leader"),
        RoleAssignment(school="B", direction="d", role="promising"),
        RoleAssignment(school="C", direction="d", role="hidden_reserve"),
    )
    plan = Plan(roles=roles, pairs=(Pair(mentor="A", trainee="B", direction="d"), Pair(mentor="B", trainee="C", direction="d")))
    report = check_plan(net, plan)
    v = _only(report, 1, "pair_against_order")
    assert v.schools == ("A", "B") and v.limit == 76 and v.actual == 72
    assert "10" in v.message
    assert report.metrics["pairs_against_order"] == 1
    assert check_plan(net, plan, Policy(min_gap=5)).ok


def test_score_outside_the_bands():
    net = Network(
        schools=(School(id="A"), School(id="B")),
        directions=(Direction(id="d"),),
        competences=(Competence(school="A", direction="d", score=90), Competence(school="B", direction="d", score=20)),
    )
    roles = (RoleAssignment(school="A", direction="d", role="leader"), RoleAssignment(school="B", direction="d", role="promising"))
    plan = Plan(roles=roles, pairs=(Pair(mentor="A", trainee="B", direction="d"),))
    v = _only(check_plan(net, plan), 1, "role_not_allowed")
    assert v.schools == ("B",) and "20" in v.message


def test_unknown_school_in_a_pair(net):
    report = check_plan(net, make_plan(PAIRS + (Pair(mentor="L1", trainee="ghost", direction="d1", curator="cur-d1"),)))
    v = _only(report, 1, "unknown_id")
    assert "ghost" in v.message


# -- constraint 2 -------------------------------------------------------------


def test_mentor_over_cap_per_direction(net):
    v = _only(check_plan(net, make_plan(), Policy(cap_per_direction=1)), 2, "mentor_over_cap")
    assert v.schools == ("L1",) and v.directions == ("d1",) and (v.limit, v.actual) == (1, 2)
    assert "School L1" in v.message and "1" in v.message


def test_direction_cap_overrides_the_policy(net):
    capped = net.with_changes(directions=(Direction(id="d1", curators=("cur-d1",), mentor_cap=1), net.directions[1]))
    v = _only(check_plan(capped, make_plan()), 2, "mentor_over_cap")
    assert v.directions == ("d1",)


def test_host_over_capacity(net):
    v = _only(check_plan(tiny_network(L1={"host_capacity": 1}), make_plan()), 2, "host_over_capacity")
    assert v.schools == ("L1",) and (v.limit, v.actual) == (1, 2)


# -- constraint 3 -------------------------------------------------------------


def test_too_many_trainee_directions(net):
    v = _only(check_plan(net, make_plan(), Policy(max_trainee_directions=1)), 3, "too_many_trainee_directions")
    assert v.schools == ("P1",) and set(v.directions) == {"d1", "d2"} and (v.limit, v.actual) == (1, 2)


def test_school_limit_on_trainee_directions(net):
    v = _only(check_plan(tiny_network(P1={"max_trainee_directions": 1}), make_plan()), 3, "too_many_trainee_directions")
    assert v.schools == ("P1",)


# -- constraint 4 -------------------------------------------------------------


def test_pair_too_long(net):
    far = tiny_network(H1={"lon": 38.7})  # ~107 km east of P1
    v = _only(check_plan(far, make_plan()), 4, "pair_too_long")
    assert v.schools == ("P1", "H1") and v.directions == ("d1",) and v.limit == 100
    assert 100 < v.actual < 115
    assert check_plan(far, make_plan(), Policy(max_km=None)).ok


def test_online_direction_has_no_distance_limit():
    far = tiny_network(H1={"lon": 38.7})
    online = far.with_changes(directions=(Direction(id="d1", curators=("cur-d1",), online=True), far.directions[1]))
    report = check_plan(online, make_plan())
    assert report.ok
    assert report.metrics["pairs_with_km"] == 2  # only the two pairs of d2


def test_pair_without_coordinates_has_no_distance_limit():
    nowhere = tiny_network(H1={"lat": None, "lon": None})
    report = check_plan(nowhere, make_plan(), Policy(max_km=0.5))
    too_long = [v for v in report.violations if v.code == "pair_too_long"]
    assert len(too_long) == 4  # every pair ~1.1 km or more, except P1 → H1
    assert not any("H1" in v.schools for v in too_long)


def test_forbidden_pair_any_direction(net):
    locked = net.with_changes(locks=Locks(forbidden=(PairLock(mentor="P1", trainee="H1"),)))
    v = _only(check_plan(locked, make_plan()), 4, "forbidden_pair")
    assert v.schools == ("P1", "H1") and v.directions == ("d1",)
    other_dir = net.with_changes(locks=Locks(forbidden=(PairLock(mentor="P1", trainee="H1", direction="d2"),)))
    assert check_plan(other_dir, make_plan()).ok


def test_locked_pair_missing(net):
    locked = net.with_changes(locks=Locks(pairs=(PairLock(mentor="L1", trainee="H1", direction="d1"),)))
    v = _only(check_plan(locked, make_plan()), 4, "locked_pair_missing")
    assert v.schools == ("L1", "H1") and v.directions == ("d1",)


def test_cross_municipality(net):
    split = tiny_network(H1={"municipality": "B"})
    assert check_plan(split, make_plan()).ok
    v = _only(check_plan(split, make_plan(), Policy(cross_municipality=False)), 4, "pair_across_municipalities")
    assert v.schools == ("P1", "H1")


# -- constraint 5 -------------------------------------------------------------


def test_school_not_involved():
    base = tiny_network()
    bigger = base.with_changes(
        schools=base.schools + (School(id="Z", name="School Z", lat=55.0, lon=37.0),),
        competences=base.competences + (Competence(school="Z", direction="d2", level="leader"),),
    )
    plan = make_plan(roles=ROLES + (RoleAssignment(school="Z", direction="d2", role="leader"),))
    v = _only(check_plan(bigger, plan), 5, "school_not_involved")
    assert v.schools == ("Z",) and v.directions == ("d2",)
    assert "School Z" in v.message


# -- constraint 6 -------------------------------------------------------------


def test_curator_over_limit(net):
    tight = net.with_changes(curators=(Curator(id="cur-d1", max_teams=2), Curator(id="cur-d2", max_teams=3)))
    v = _only(check_plan(tight, make_plan()), 6, "curator_over_limit")
    assert (v.limit, v.actual) == (2, 3) and v.directions == ("d1",)
    assert "cur-d1" in v.message


def test_curator_out_of_scope(net):
    pairs = without(PAIRS, "P1", "H1", "d1") + (make_pair("P1", "H1", "d1", curator="cur-d2"),)
    v = _only(check_plan(net, make_plan(pairs)), 6, "curator_out_of_scope")
    assert v.schools == ("P1", "H1") and v.directions == ("d1",)


def test_district_consultant_scope():
    base = tiny_network(H1={"municipality": "B"})
    consultants = base.with_changes(
        directions=(Direction(id="d1"), Direction(id="d2")),
        curators=(Curator(id="cons-A", municipalities=("A",)), Curator(id="cons-B", municipalities=("B",))),
    )
    def plan_with(curator_for_h1):
        pairs = [Pair(mentor=p.mentor, trainee=p.trainee, direction=p.direction, curator="cons-A") for p in PAIRS if p.trainee != "H1"]
        pairs.append(Pair(mentor="P1", trainee="H1", direction="d1", curator=curator_for_h1))
        return make_plan(pairs)
    assert check_plan(consultants, plan_with("cons-B")).ok
    v = _only(check_plan(consultants, plan_with("cons-A")), 6, "curator_out_of_scope")
    assert v.schools == ("P1", "H1")


def test_missing_and_unknown_curator(net):
    pairs = without(PAIRS, "P1", "H1", "d1") + (make_pair("P1", "H1", "d1", curator=None),)
    _only(check_plan(net, make_plan(pairs)), 6, "pair_without_curator")
    pairs = without(PAIRS, "P1", "H1", "d1") + (make_pair("P1", "H1", "d1", curator="nobody"),)
    _only(check_plan(net, make_plan(pairs)), 6, "unknown_curator")


def test_no_curators_in_the_network_allows_none(net):
    bare = net.with_changes(directions=(Direction(id="d1"), Direction(id="d2")), curators=())
    pairs = tuple(make_pair(p.mentor, p.trainee, p.direction, curator=None) for p in PAIRS)
    assert check_plan(bare, make_plan(pairs)).ok


# -- the report ------------------------------------------------------------------


def test_report_lists_violations_in_constraint_order_and_serialises(net):
    plan = make_plan(without(PAIRS, "L2", "P1", "d2"))
    report = check_plan(net, plan, Policy(cap_per_direction=1, max_trainee_directions=0))
    numbers = [v.constraint for v in report.violations]
    assert numbers == sorted(numbers) and set(numbers) == {1, 2, 3}
    doc = report.to_dict()
    assert doc["ok"] is False and doc["metrics"]["violations"] == len(report.violations)
    assert set(report.by_constraint()) == {1, 2, 3}
    assert all(v["constraint"] in CONSTRAINTS for v in doc["violations"])
    assert "hard-constraint violation" in str(report)


def test_the_embedded_role_table_with_no_pairs_breaks_coverage_and_involvement(krymsky):
    from mentornet.model import roles_from_levels

    report = check_plan(krymsky, Plan(roles=tuple(roles_from_levels(krymsky.competences))))
    assert {v.constraint for v in report.violations} == {1, 5}
    assert sum(v.code == "school_not_involved" for v in report.violations) == 34
    assert report.metrics["trainee_needs"] == 73 and report.metrics["needs_covered"] == 0


def test_a_mentor_outside_the_profile_hosts_breaks_constraint_4():
    from mentornet.model import Indicators, Level

    schools = (School(id="M"), School(id="A"), School(id="B"))
    comps = (Competence(school="M", direction="d1", level=Level.leader), Competence(school="A", direction="d1", level=Level.promising),
             Competence(school="B", direction="d1", level=Level.hidden_reserve))
    inds = (Indicators(school="M", results=80.0), Indicators(school="A", results=60.0), Indicators(school="B", results=20.0))
    net = Network(schools=schools, directions=(Direction(id="d1"),), competences=comps, indicators=inds)
    roles = (RoleAssignment(school="M", direction="d1", role="leader"), RoleAssignment(school="A", direction="d1", role="promising"),
             RoleAssignment(school="B", direction="d1", role="hidden_reserve"))
    cascade = Plan(roles=roles, pairs=(make_pair("M", "A", "d1", None), make_pair("A", "B", "d1", None)))
    policy = Policy(profile_min_schools=2)
    assert check_plan(net, cascade, policy).ok
    # With profile_hosts only M (80 ≥ the 75th percentile, 70) may mentor: A's cascade pair breaks the rule.
    v = _only(check_plan(net, cascade, policy.model_copy(update={"profile_hosts": True})), 4, "mentor_not_profile_host")
    assert v.schools == ("A", "B") and "profile_hosts" in v.message
    direct = Plan(roles=roles, pairs=(make_pair("M", "A", "d1", None), make_pair("M", "B", "d1", None)))
    assert check_plan(net, direct, policy.model_copy(update={"profile_hosts": True})).ok
