"""The baseline planners (greedy, min-cost flow) and the shared objective.

Every plan must pass the independent checker; solver-generic tests run on
every registered solver (CP-SAT with a short time limit).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentornet.check import check_plan, handmade_figures, plan_figures
from mentornet.errors import InfeasibleError
from mentornet.generate import generate_network
from mentornet.graph import build_candidates
from mentornet.model import Level, Locks, PairLock, Policy, RoleLock, School
from mentornet.planning import solve
from mentornet.solvers import available_solvers, get_solver
from mentornet.solvers.objective import OBJECTIVE_PARTS, plan_objective
from mentornet.solvers.ranks import band_ranks
from tests.strategies import networks, policies

BASELINES = ["greedy", "flow"]


def fast(policy: Policy) -> Policy:
    """A policy with a short time limit, so that CP-SAT stays quick in solver-generic tests."""
    return policy.model_copy(update={"time_limit": 3.0, "workers": 2})


def assert_valid(network, plan, policy):
    report = check_plan(network, plan, policy)
    assert report.ok, str(report)
    assert report.metrics["schools_involved"] == len(network.schools)
    return report


def pairs_key(plan):
    return (
        sorted((p.mentor, p.trainee, p.direction, p.curator) for p in plan.pairs),
        sorted((r.school, r.direction, r.role.value) for r in plan.roles),
        sorted((d.school, d.direction) for d in plan.deferred),
    )


# ---------------------------------------------------------------- Krymsky


@pytest.mark.parametrize("name", BASELINES)
def test_baseline_on_krymsky_is_valid_and_keeps_levels(krymsky, policy, name):
    plan = get_solver(name)(krymsky, policy)
    assert_valid(krymsky, plan, policy)
    assert plan.solver.name == name and plan.solver.status == "FEASIBLE"
    # Level-only data: every role is the planners' level.
    assert {(r.school, r.direction): r.role for r in plan.roles} == {
        (c.school, c.direction): c.level for c in krymsky.competences
    }
    figures = plan_figures(krymsky, plan, policy)
    assert figures["schools_involved"] == 34
    assert figures["needs_covered"] + figures["needs_deferred"] == figures["needs"] == 73
    # Every pair and every deferral explained in both languages.
    assert all(p.reasons.get("ru") and p.reasons.get("en") and p.curator for p in plan.pairs)
    assert all(d.reasons.get("ru") and d.reasons.get("en") for d in plan.deferred)


def test_krymsky_figures_of_the_baselines(krymsky, policy):
    greedy = plan_figures(krymsky, get_solver("greedy")(krymsky, policy), policy)
    flow = plan_figures(krymsky, get_solver("flow")(krymsky, policy), policy)
    # The flow is optimal for coverage + edge scores: it covers at least what the greedy covers.
    assert flow["weighted_deficits_covered"] >= greedy["weighted_deficits_covered"]
    assert flow["needs_covered"] >= greedy["needs_covered"]
    # At least 7 needs must wait (six schools learn in more than 3 directions).
    assert flow["needs_deferred"] >= 7
    assert handmade_figures(krymsky)["schools_mentoring"] == 18


@pytest.mark.parametrize("name", BASELINES)
def test_objective_is_the_sum_of_its_parts(krymsky, policy, name):
    plan = get_solver(name)(krymsky, policy)
    parts = plan.metrics["objective_parts"]
    assert set(parts) == set(OBJECTIVE_PARTS)
    assert sum(parts.values()) == plan.solver.objective == plan.metrics["objective"]
    # Re-evaluated from the plan's ids, the objective is the same number.
    cg = build_candidates(krymsky, policy)
    rows = {(m, t, d): i for i, (m, t, d) in enumerate(zip(cg.edges["mentor"], cg.edges["trainee"], cg.edges["direction"]))}
    s, d = cg.school_index, cg.direction_index
    chosen = [rows[(s[p.mentor], s[p.trainee], d[p.direction])] for p in plan.pairs]
    ranks = {(s[r.school], d[r.direction]): r.role.rank for r in plan.roles}
    total, again = plan_objective(cg, ranks, chosen)
    assert total == plan.solver.objective and again == parts
    figures = plan_figures(krymsky, plan, policy)
    assert parts["coverage"] == figures["weighted_deficits_covered"]
    assert parts["school_mentors"] == policy.weights.school_mentors * figures["schools_mentoring"]
    assert parts["mutual"] == policy.weights.mutual * figures["mutual_exchanges"]
    assert parts["balance"] == -policy.weights.balance * figures["max_host_load"]


def test_plan_objective_of_nothing(krymsky, policy):
    cg = build_candidates(krymsky, policy)
    total, parts = plan_objective(cg, band_ranks(cg), [])
    assert total == 0 and set(parts) == set(OBJECTIVE_PARTS)


@pytest.mark.parametrize("name", available_solvers())
def test_every_solver_on_krymsky_passes_the_checker(krymsky, policy, name):
    plan = solve(krymsky, fast(policy), solver=name)
    assert_valid(krymsky, plan, policy)
    assert plan.solver.objective is not None


# ---------------------------------------------------------------- generated networks


@pytest.mark.parametrize("name", BASELINES)
@pytest.mark.parametrize(
    ("schools", "directions", "seed", "shape"),
    [
        (30, 5, 1, {}),
        (45, 6, 2, {}),
        (60, 7, 3, {}),
        (40, 7, 4, {"level_only": True}),
        (55, 5, 5, {"level_only": True}),
        (50, 5, 6, {"sites": 9}),
    ],
)
def test_baselines_on_generated_networks(name, schools, directions, seed, shape, policy):
    network = generate_network(schools=schools, directions=directions, seed=seed, **shape)
    plan = get_solver(name)(network, policy)
    assert_valid(network, plan, policy)


@pytest.mark.parametrize("name", available_solvers())
def test_every_solver_on_a_generated_network(name, policy):
    network = generate_network(schools=30, directions=5, seed=11)
    plan = solve(network, fast(policy), solver=name)
    assert_valid(network, plan, policy)


def test_site_shape_keeps_sites_and_curator_limits(policy):
    network = generate_network(schools=50, directions=5, seed=7, sites=9)
    for name in BASELINES:
        plan = get_solver(name)(network, policy)
        report = assert_valid(network, plan, policy)
        locked = {(r.school, r.direction) for r in network.locks.roles}
        assert all(plan.role_of[k] is Level.leader for k in locked)
        limits = {c.id: c.max_teams for c in network.curators}
        for c, load in report.metrics["curator_load"].items():
            assert limits[c] is None or load <= limits[c]


@pytest.mark.parametrize("name", BASELINES)
def test_scores_take_the_plain_threshold_role(name, policy):
    network = generate_network(schools=40, directions=5, seed=21)
    plan = get_solver(name)(network, policy)
    assert_valid(network, plan, policy)
    for c in network.competences:
        role = plan.role_of[(c.school, c.direction)]
        assert role in policy.roles_for_score(c.score)


@pytest.mark.parametrize("name", BASELINES)
def test_same_input_same_plan(krymsky, policy, name):
    a = get_solver(name)(krymsky, policy)
    b = get_solver(name)(krymsky, policy)
    assert pairs_key(a) == pairs_key(b)
    network = generate_network(schools=40, directions=6, seed=9)
    assert pairs_key(get_solver(name)(network, policy)) == pairs_key(get_solver(name)(network, policy))


# ---------------------------------------------------------------- limits, locks, infeasibility


@pytest.mark.parametrize("name", BASELINES)
def test_curator_limits_defer_needs_but_keep_everyone_in(krymsky, name):
    network = krymsky.with_changes(curators=tuple(c.model_copy(update={"max_teams": 11}) for c in krymsky.curators))
    policy = Policy()
    plan = get_solver(name)(network, policy)
    report = assert_valid(network, plan, policy)
    assert max(report.metrics["curator_load"].values()) <= 11
    assert len(plan.pairs) <= 55


@pytest.mark.parametrize("name", BASELINES)
def test_tight_limits(krymsky, name):
    policy = Policy(cap_per_direction=2, host_capacity=3, max_trainee_directions=2)
    plan = get_solver(name)(krymsky, policy)
    assert_valid(krymsky, plan, policy)


@pytest.mark.parametrize("name", BASELINES)
def test_locks_are_honoured(name, policy):
    network = generate_network(schools=40, directions=5, seed=3)
    cg = build_candidates(network, policy)
    ranks = band_ranks(cg)
    # A pair the baselines would not necessarily choose: the weakest valid edge of some need.
    edges = cg.edges
    valid = edges[[ranks[(m, d)] > ranks[(t, d)] and ranks[(m, d)] >= 1 for m, t, d in
                   zip(edges["mentor"], edges["trainee"], edges["direction"])]]
    keep = valid.sort_values(["score", "mentor", "trainee"]).iloc[0]
    kept = PairLock(mentor=cg.schools[int(keep.mentor)], trainee=cg.schools[int(keep.trainee)],
                    direction=cg.directions[int(keep.direction)])
    plain = get_solver(name)(network, policy)
    banned = plain.pairs[0]
    forbid = PairLock(mentor=banned.mentor, trainee=banned.trainee, direction=banned.direction)
    locked = network.with_changes(locks=Locks(pairs=(kept,), forbidden=(forbid,)))
    plan = get_solver(name)(locked, policy)
    assert_valid(locked, plan, policy)
    got = {(p.mentor, p.trainee, p.direction) for p in plan.pairs}
    assert (kept.mentor, kept.trainee, kept.direction) in got
    assert (forbid.mentor, forbid.trainee, forbid.direction) not in got


@pytest.mark.parametrize("name", BASELINES)
def test_role_lock_fixes_the_role(name, policy):
    network = generate_network(schools=40, directions=5, seed=5)
    c = next(c for c in network.competences if c.score is not None and c.score < 30)
    locked = network.with_changes(locks=Locks(roles=(RoleLock(school=c.school, direction=c.direction, role="leader"),)))
    plan = get_solver(name)(locked, policy)
    assert_valid(locked, plan, policy)
    assert plan.role_of[(c.school, c.direction)] is Level.leader


@pytest.mark.parametrize("name", BASELINES)
def test_school_in_no_direction_is_infeasible(krymsky, policy, name):
    lonely = School(id="МБОУ СОШ № 99")
    network = krymsky.with_changes(schools=krymsky.schools + (lonely,))
    with pytest.raises(InfeasibleError) as err:
        get_solver(name)(network, policy)
    assert any("МБОУ СОШ № 99" in c.schools for c in err.value.conflicts)
    assert all(c.suggestion for c in err.value.conflicts)


@pytest.mark.parametrize("name", BASELINES)
def test_impossible_kept_pair_is_infeasible(krymsky, policy, name):
    # МБОУ СОШ № 20 is a hidden reserve in direction 1: it cannot mentor there.
    bad = PairLock(mentor="МБОУ СОШ № 20", trainee="МБОУ СОШ № 9", direction="1")
    network = krymsky.with_changes(locks=Locks(pairs=(bad,)))
    with pytest.raises(InfeasibleError) as err:
        get_solver(name)(network, policy)
    named = {s for c in err.value.conflicts for s in c.schools}
    assert "МБОУ СОШ № 20" in named


@pytest.mark.parametrize("name", BASELINES)
def test_curator_scope_missing_is_infeasible(krymsky, policy, name):
    # Direction 4's only curator supervises nothing in a municipality no trainee is in.
    curators = tuple(
        c.model_copy(update={"max_teams": 0}) if c.id == "Багинская М.Р." else c for c in krymsky.curators
    )
    network = krymsky.with_changes(curators=curators)
    # МБОУ СОШ № 59 takes part only in direction 4, as a promising team: with no curator it has no pair.
    with pytest.raises(InfeasibleError) as err:
        get_solver(name)(network, policy)
    assert any("МБОУ СОШ № 59" in c.schools for c in err.value.conflicts)


def test_no_curators_at_all_is_fine(krymsky, policy):
    network = krymsky.with_changes(curators=(), directions=tuple(d.model_copy(update={"curators": ()}) for d in krymsky.directions))
    for name in BASELINES:
        plan = get_solver(name)(network, policy)
        assert_valid(network, plan, policy)
        assert all(p.curator is None for p in plan.pairs)


# ---------------------------------------------------------------- properties


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(network=networks(max_schools=8, max_directions=3), policy=policies(), name=st.sampled_from(BASELINES))
def test_baselines_return_a_valid_plan_or_explain(network, policy, name):
    try:
        plan = get_solver(name)(network, policy)
    except InfeasibleError as exc:
        assert exc.conflicts and all(c.message for c in exc.conflicts)
        return
    report = check_plan(network, plan, policy)
    assert report.ok, str(report)
