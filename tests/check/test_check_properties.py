"""Property tests: constructed valid plans pass; breaking them is always caught."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentornet.check import check_plan
from mentornet.model import Network, Pair, Policy
from tests.strategies import build_valid_plan, networks, policies, valid_plans

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def problems(draw, **network_kwargs):
    """(network, policy, valid plan)."""
    network = draw(networks(**network_kwargs))
    policy = draw(st.one_of(st.just(Policy()), policies()))
    plan = draw(valid_plans(network, policy))
    return network, policy, plan


@SETTINGS
@given(problems())
def test_a_constructed_valid_plan_is_valid(problem):
    network, policy, plan = problem
    report = check_plan(network, plan, policy)
    assert report.ok, str(report)


@SETTINGS
@given(problems())
def test_metrics_of_a_valid_plan_add_up(problem):
    network, policy, plan = problem
    m = check_plan(network, plan, policy).metrics
    assert m["schools_involved"] == m["schools"] == len(network.schools)
    assert m["needs_covered"] + m["needs_deferred"] == m["trainee_needs"]
    assert m["pairs"] == sum(m["mentor_load"].values()) == sum(m["trainee_load"].values())
    assert sum(sum(c.values()) for c in m["mentor_load_by_direction"].values()) == m["pairs"]
    assert m["schools_mentoring"] == len(m["mentor_load"])
    assert m["max_host_load"] <= max(policy.host_capacity_of(s) for s in network.schools)
    assert 0.0 <= m["coverage_ratio"] <= 1.0 and 0.0 <= m["weighted_coverage_ratio"] <= 1.0
    assert m["weighted_deficits_covered"] <= m["weighted_deficits_total"]
    assert m["pairs_against_order"] == 0
    if network.curators:
        assert sum(m["curator_load"].values()) == m["pairs"]
    assert 2 * m["mutual_exchanges"] <= m["pairs"]


@SETTINGS
@given(problems(), st.data())
def test_removing_a_pair_breaks_constraint_1(problem, data):
    network, policy, plan = problem
    removed = data.draw(st.sampled_from(plan.pairs))
    broken = plan.with_changes(pairs=tuple(p for p in plan.pairs if p is not removed))
    report = check_plan(network, broken, policy)
    assert {v.constraint for v in report.violations} <= {1, 5}
    assert any(
        v.code == "trainee_without_mentor" and v.schools == (removed.trainee,) and v.directions == (removed.direction,)
        for v in report.violations
    ), str(report)


@SETTINGS
@given(problems(), st.data())
def test_pairs_above_the_cap_break_constraint_2(problem, data):
    network, policy, plan = problem
    p = data.draw(st.sampled_from(plan.pairs))
    load = sum(q.mentor == p.mentor and q.direction == p.direction for q in plan.pairs)
    cap = policy.cap_of(network.direction_by_id[p.direction])
    extra = tuple(Pair(mentor=p.mentor, trainee=p.trainee, direction=p.direction, curator=p.curator) for _ in range(cap - load + 1))
    report = check_plan(network, plan.with_changes(pairs=plan.pairs + extra), policy)
    assert any(
        v.constraint == 2 and v.code == "mentor_over_cap" and v.schools == (p.mentor,) and v.directions == (p.direction,)
        and v.limit == cap and v.actual == cap + 1
        for v in report.violations
    ), str(report)


@SETTINGS
@given(problems(), st.data())
def test_a_lower_host_capacity_breaks_constraint_2(problem, data):
    network, policy, plan = problem
    busiest = max(network.schools, key=lambda s: sum(p.mentor == s.id for p in plan.pairs))
    load = sum(p.mentor == busiest.id for p in plan.pairs)
    tighter = network.with_changes(schools=tuple(
        s.model_copy(update={"host_capacity": load - 1}) if s.id == busiest.id else s for s in network.schools
    ))
    report = check_plan(tighter, plan, policy)
    assert [v.schools for v in report.violations if v.code == "host_over_capacity"] == [(busiest.id,)]
    assert {v.constraint for v in report.violations} == {2}


@SETTINGS
@given(networks(locks=False), st.integers(0, 2**16))
def test_the_checker_is_deterministic_and_does_not_depend_on_pair_order(network: Network, seed: int):
    plan = build_valid_plan(network, Policy(), random.Random(seed))
    if plan is None:
        return
    shuffled = list(plan.pairs)
    random.Random(seed).shuffle(shuffled)
    a = check_plan(network, plan)
    b = check_plan(network, plan.with_changes(pairs=tuple(shuffled)))
    assert a.metrics == b.metrics and a.ok and b.ok


@SETTINGS
@given(networks(planted=False, max_schools=6))
def test_the_checker_never_crashes_on_an_arbitrary_plan(network: Network):
    # Every role at its most permissive, every possible pair: a very invalid plan.
    from mentornet.model import Plan, RoleAssignment
    from tests.strategies import LEVELS

    roles = tuple(RoleAssignment(school=c.school, direction=c.direction, role=LEVELS[i % 3]) for i, c in enumerate(network.competences))
    pairs = tuple(
        Pair(mentor=a.school, trainee=b.school, direction=a.direction)
        for a in network.competences for b in network.competences
        if a.direction == b.direction and a.school != b.school
    )
    report = check_plan(network, Plan(roles=roles, pairs=pairs))
    assert report.metrics["pairs"] == len(pairs)
    if pairs and len(network.competences) > 2:
        assert not report.ok
