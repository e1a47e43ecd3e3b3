"""The CP-SAT planner: optimality, validity, locks, solver behaviour, fairness, site shape.

Every plan is checked twice: by :func:`mentornet.check.check_plan` (the
independent checker) and by :func:`assert_hard_constraints` below, written
here from docs/design.md alone.
"""

from __future__ import annotations

import itertools
import math
import random
import time
from collections import Counter, defaultdict

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

from mentornet.check import check_plan
from mentornet.errors import InfeasibleError
from mentornet.generate import generate_network
from mentornet.graph.candidates import build_candidates
from mentornet.model import (
    Competence,
    Curator,
    Direction,
    Kind,
    Level,
    Locks,
    Network,
    PairLock,
    Policy,
    Results,
    RoleLock,
    School,
    Settlement,
)
from mentornet.planning import solve
from mentornet.solvers import Progress
from mentornet.solvers.cpsat import solve_cpsat
from mentornet.solvers.objective import plan_objective
from tests.strategies import build_valid_plan, networks, policies

RANK = {Level.leader: 2, Level.promising: 1, Level.hidden_reserve: 0}


# ---------------------------------------------------------------- an independent validity check


def assert_hard_constraints(network: Network, plan, policy: Policy) -> None:
    """docs/design.md's hard constraints 1-6, re-derived from the network and the plan."""
    role = {(r.school, r.direction): r.role for r in plan.roles}
    comps = {(c.school, c.direction): c for c in network.competences}
    assert set(role) == set(comps), "every team gets exactly one role"
    locks = {(r.school, r.direction): r.role for r in network.locks.roles}
    for key, c in comps.items():
        if key in locks:
            assert role[key] is locks[key]
        elif c.level is not None:
            assert role[key] is c.level
        else:
            assert role[key] in policy.roles_for_score(c.score)
    mentors_of = defaultdict(list)
    for p in plan.pairs:
        rm, rt = role[(p.mentor, p.direction)], role[(p.trainee, p.direction)]
        assert RANK[rm] > RANK[rt] and RANK[rm] >= 1, p
        cm, ct = comps[(p.mentor, p.direction)], comps[(p.trainee, p.direction)]
        if cm.score is not None and ct.score is not None:
            assert cm.score >= ct.score + policy.min_gap
        mentors_of[(p.trainee, p.direction)].append(p.mentor)
    deferred = {(d.school, d.direction) for d in plan.deferred}
    for key, r in role.items():
        if r is Level.leader:
            assert key not in mentors_of and key not in deferred
        else:  # 1: exactly one mentor, or deferred
            assert (len(mentors_of.get(key, [])) == 1) != (key in deferred), key
    dirs = {d.id: d for d in network.directions}
    schools = network.school_by_id
    per_md = Counter((p.mentor, p.direction) for p in plan.pairs)
    per_m = Counter(p.mentor for p in plan.pairs)
    for (m, d), k in per_md.items():  # 2
        assert k <= policy.cap_of(dirs[d])
    for m, k in per_m.items():
        assert k <= policy.host_capacity_of(schools[m])
    per_t = Counter(p.trainee for p in plan.pairs)
    for t, k in per_t.items():  # 3
        assert k <= policy.max_trainee_directions_of(schools[t])
    present = {(p.mentor, p.trainee, p.direction) for p in plan.pairs}
    for lk in network.locks.pairs:  # 4
        assert (lk.mentor, lk.trainee, lk.direction) in present
    for lk in network.locks.forbidden:
        assert not any(p.mentor == lk.mentor and p.trainee == lk.trainee and lk.direction in (None, p.direction)
                       for p in plan.pairs)
    for p in plan.pairs:
        a, b = schools[p.mentor], schools[p.trainee]
        if policy.max_km and a.has_coordinates and b.has_coordinates and not dirs[p.direction].online:
            assert _km(a, b) <= policy.max_km + 1e-3
    involved = {p.mentor for p in plan.pairs} | {p.trainee for p in plan.pairs}
    assert involved == set(schools), set(schools) - involved  # 5
    if network.curators:  # 6
        load = Counter(p.curator for p in plan.pairs)
        assert None not in load
        for p in plan.pairs:
            assert network.curator_may_supervise(p.curator, p.direction, p.trainee)
        for c in network.curators:
            if c.max_teams is not None:
                assert load[c.id] <= c.max_teams


def _km(a: School, b: School) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b.lon - a.lon) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def valid(network: Network, plan, policy: Policy):
    report = check_plan(network, plan, policy)
    assert report.ok, str(report)
    assert_hard_constraints(network, plan, policy)
    return report


def fast(**changes) -> Policy:
    return Policy(**{"time_limit": 10.0, **changes})


# ---------------------------------------------------------------- Krymsky 2021


@pytest.fixture(scope="module")
def krymsky_plan(krymsky):
    return solve(krymsky, Policy())


def test_krymsky_is_optimal_valid_and_involves_everyone(krymsky, krymsky_plan):
    plan = krymsky_plan
    report = valid(krymsky, plan, Policy())
    m = report.metrics
    assert plan.solver.name == "cpsat" and plan.solver.status == "OPTIMAL"
    assert plan.solver.gap == 0 and plan.solver.objective == plan.solver.bound
    assert m["schools_involved"] == 34
    # The hand-made 2021 table has 18 schools leading somewhere; the plan has every
    # school that can mentor at all (29: the other 5 are hidden reserves everywhere).
    assert m["schools_mentoring"] > 18
    assert m["schools_mentoring"] == 29
    assert m["needs_covered"] + m["needs_deferred"] == m["trainee_needs"] == 73
    # Levels are the planners' assessment: roles are exactly the table's.
    assert {(r.school, r.direction, r.role) for r in plan.roles} == {
        (c.school, c.direction, c.level) for c in krymsky.competences
    }


def test_krymsky_objective_parts_add_up(krymsky, krymsky_plan):
    plan = krymsky_plan
    parts = plan.metrics["objective_parts"]
    assert {"coverage", "pair_quality", "school_mentors", "mutual", "balance"} <= set(parts)
    total = sum(v for k, v in parts.items() if k != "pair_quality")
    assert total == plan.metrics["objective"] == plan.solver.objective
    assert parts["pair_quality"] == parts["gain"] + parts["context"] + parts["travel"] + parts["continuity"]
    assert parts["school_mentors"] == Policy().weights.school_mentors * plan.metrics["schools_mentoring"]
    extras = plan.solver.model_extra
    for key in ("variables", "constraints", "build_seconds", "workers", "seed"):
        assert key in extras
    assert extras["workers"] == 2 and extras["seed"] == 0


def test_every_pair_is_explained_and_deferrals_have_reasons(krymsky_plan):
    plan = krymsky_plan
    assert all(p.reason and p.curator and "coverage" in p.parts for p in plan.pairs)
    assert all(d.reason for d in plan.deferred)
    assert plan.alternates


def test_cpsat_beats_the_baselines_on_krymsky(krymsky, krymsky_plan):
    from mentornet.solvers import get_solver

    for name in ("greedy", "flow"):
        try:
            other = get_solver(name)(krymsky, Policy())
        except (ImportError, AttributeError):  # pragma: no cover - baseline not there yet
            continue
        mine, theirs = check_plan(krymsky, krymsky_plan).metrics, check_plan(krymsky, other).metrics
        assert krymsky_plan.solver.objective >= other.solver.objective
        assert mine["schools_mentoring"] >= theirs["schools_mentoring"]
        assert mine["weighted_deficits_covered"] >= theirs["weighted_deficits_covered"] - 0  # coverage first


# ---------------------------------------------------------------- brute force on tiny networks


def tiny(seed: int, schools: int = 4, directions: int = 2) -> Network:
    """Random tiny networks: scores (some inside the ambiguous bands) or levels, mixed profiles."""
    rng = random.Random(seed)
    ss = tuple(
        School(
            id=f"s{i}", kind=rng.choice(list(Kind)), settlement=rng.choice(list(Settlement)),
            results=rng.choice(list(Results)), adverse=rng.choice([0.0, 0.8]), is_new=rng.random() < 0.2,
            host_capacity=rng.choice([None, 1, 2]), max_trainee_directions=rng.choice([None, 1]),
        )
        for i in range(schools)
    )
    ds = tuple(Direction(id=f"d{j}", mentor_cap=rng.choice([None, 1, 2])) for j in range(directions))
    comps = []
    use_levels = rng.random() < 0.3
    for s in ss:
        for d in ds:
            if rng.random() < 0.85:
                if use_levels:
                    comps.append(Competence(school=s.id, direction=d.id, level=rng.choice(list(Level))))
                else:
                    comps.append(Competence(school=s.id, direction=d.id, score=rng.choice([20, 38, 44, 55, 67, 73, 90])))
    return Network(name=f"tiny{seed}", schools=ss, directions=ds, competences=tuple(comps))


def brute_force(network: Network, policy: Policy) -> int | None:
    """The best objective over every role choice and every mentor choice per need (None: infeasible).

    Enumerates on the candidate graph's edges (tiny networks keep every eligible
    pair) and computes the objective of docs/design.md's soft goals from scratch.
    """
    cg = build_candidates(network, policy)
    w = policy.weights
    teams = cg.teams
    rows = list(range(len(teams)))
    options = [range(int(teams.at[i, "rank_min"]), int(teams.at[i, "rank_max"]) + 1) for i in rows]
    key = {(int(teams.at[i, "school"]), int(teams.at[i, "direction"])): i for i in rows}
    edges = list(cg.edges.itertuples(index=False))
    n = len(cg.schools)
    cap = [policy.cap_of(d) for d in network.directions]
    host = [policy.host_capacity_of(s) for s in network.schools]
    limit = [policy.max_trainee_directions_of(s) for s in network.schools]

    def need_value(s: int, rank: int) -> int:
        sc = network.schools[s]
        v = w.cover_hidden_reserve if rank == 0 else w.cover_promising
        return v + (w.priority_low_results if sc.results is Results.low else 0) + \
            (w.priority_adverse if sc.adverse >= 0.5 else 0) + (w.priority_new if sc.is_new else 0)

    best = None
    for ranks in itertools.product(*options):
        needs = [(int(teams.at[i, "school"]), int(teams.at[i, "direction"])) for i in rows if ranks[i] <= 1]
        choices = []
        for t, d in needs:
            ok = [e for e in edges if e.trainee == t and e.direction == d and ranks[key[(e.mentor, d)]] > ranks[key[(t, d)]]]
            choices.append([None, *ok])
        md, mm, tt = Counter(), Counter(), Counter()
        chosen: list = []

        def rec(k: int) -> None:
            nonlocal best
            if k == len(needs):
                involved = {e.mentor for e in chosen} | {e.trainee for e in chosen}
                if len(involved) < n:
                    return
                value = sum(need_value(e.trainee, ranks[key[(e.trainee, e.direction)]]) + int(e.score) for e in chosen)
                mentors = {e.mentor for e in chosen}
                links = {(e.mentor, e.trainee) for e in chosen}
                mutual = sum(1 for a, b in links if a < b and (b, a) in links)
                load = max(mm.values(), default=0)
                value += w.school_mentors * len(mentors) + w.mutual * mutual - w.balance * load
                best = value if best is None else max(best, value)
                return
            for e in choices[k]:
                if e is None:
                    rec(k + 1)
                    continue
                if md[(e.mentor, e.direction)] >= cap[e.direction] or mm[e.mentor] >= host[e.mentor] or tt[e.trainee] >= limit[e.trainee]:
                    continue
                md[(e.mentor, e.direction)] += 1
                mm[e.mentor] += 1
                tt[e.trainee] += 1
                chosen.append(e)
                rec(k + 1)
                chosen.pop()
                md[(e.mentor, e.direction)] -= 1
                mm[e.mentor] -= 1
                tt[e.trainee] -= 1

        rec(0)
    return best


@pytest.mark.parametrize("seed", range(12))
def test_brute_force_optimum_equals_cpsat(seed):
    network = tiny(seed)
    policy = fast()
    expected = brute_force(network, policy)
    if expected is None:
        with pytest.raises(InfeasibleError):
            solve_cpsat(network, policy)
        return
    plan = solve_cpsat(network, policy)
    assert plan.solver.status == "OPTIMAL"
    assert plan.solver.objective == expected
    assert plan.metrics["objective"] == expected
    valid(network, plan, policy)


def test_brute_force_covers_ambiguous_roles():
    """At least one tiny network lets the optimiser choose a role inside a band."""
    policy = fast()
    ambiguous = 0
    for seed in range(12):
        cg = build_candidates(tiny(seed), policy)
        ambiguous += int((cg.teams["rank_min"] < cg.teams["rank_max"]).sum())
    assert ambiguous > 0


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(network=networks(max_schools=8, max_directions=3), policy=policies())
def test_cpsat_at_least_as_good_as_any_valid_plan_and_the_baselines(network, policy):
    from mentornet.solvers import get_solver

    policy = policy.model_copy(update={"time_limit": 5.0})
    witness = build_valid_plan(network, policy)
    try:
        plan = solve_cpsat(network, policy)
    except InfeasibleError:
        assert witness is None, "a valid plan exists, yet CP-SAT claims infeasibility"
        return
    valid(network, plan, policy)
    if plan.solver.status != "OPTIMAL":
        return
    cg = build_candidates(network, policy)
    for name in ("greedy", "flow"):
        try:
            other = get_solver(name)(network, policy)
        except InfeasibleError:
            continue
        assert plan.solver.objective >= other.solver.objective
    if witness is not None:
        index = {(cg.schools[m], cg.schools[t], cg.directions[d]): i
                 for i, (m, t, d) in enumerate(zip(cg.edges["mentor"], cg.edges["trainee"], cg.edges["direction"]))}
        rows = [index.get((p.mentor, p.trainee, p.direction)) for p in witness.pairs]
        if None not in rows:  # every pair of the witness is a candidate edge
            ranks = {(cg.school_index[r.school], cg.direction_index[r.direction]): RANK[r.role] for r in witness.roles}
            curators = {r: p.all_curators for r, p in zip(rows, witness.pairs)}
            assert plan.solver.objective >= plan_objective(cg, ranks, rows, curators)[0]


# ---------------------------------------------------------------- locks


def test_locks_are_honoured(krymsky, krymsky_plan):
    plan = krymsky_plan
    taken = {(p.mentor, p.trainee, p.direction) for p in plan.pairs}
    cg = build_candidates(krymsky, Policy())
    # Keep a pair the optimum does not use, forbid one it uses, fix a promising team as leader.
    unused = next((cg.schools[m], cg.schools[t], cg.directions[d])
                  for m, t, d in zip(cg.edges["mentor"], cg.edges["trainee"], cg.edges["direction"])
                  if (cg.schools[m], cg.schools[t], cg.directions[d]) not in taken)
    used = sorted(taken)[0]
    promising = next(c for c in krymsky.competences if c.level is Level.promising
                     and c.school not in (unused[0], unused[1], used[0], used[1]))
    locks = Locks(
        pairs=(PairLock(mentor=unused[0], trainee=unused[1], direction=unused[2]),),
        forbidden=(PairLock(mentor=used[0], trainee=used[1], direction=used[2]),),
        roles=(RoleLock(school=promising.school, direction=promising.direction, role=Level.leader),),
    )
    net = krymsky.with_changes(locks=locks)
    locked = solve(net, Policy())
    valid(net, locked, Policy())
    pairs = {(p.mentor, p.trainee, p.direction) for p in locked.pairs}
    assert unused in pairs and used not in pairs
    assert locked.role_of[(promising.school, promising.direction)] is Level.leader
    assert not any(p.trainee == promising.school and p.direction == promising.direction for p in locked.pairs)
    assert locked.solver.objective <= plan.solver.objective


def test_curator_limits_with_shared_scopes(krymsky):
    # Krymsky lists two curators per direction; give every curator a limit so that they bind.
    curators = tuple(c.model_copy(update={"max_teams": 12}) for c in krymsky.curators)
    net = krymsky.with_changes(curators=curators)
    plan = solve(net, fast())
    report = valid(net, plan, fast())
    assert max(report.metrics["curator_load"].values()) <= 12
    assert sum(report.metrics["curator_load"].values()) == len(plan.pairs)
    assert plan.metrics["schools_involved"] == 34


# ---------------------------------------------------------------- solver behaviour


def test_same_seed_same_plan(krymsky, monkeypatch):
    def key(plan):
        return (sorted((p.mentor, p.trainee, p.direction, p.curator) for p in plan.pairs),
                sorted((r.school, r.direction, r.role) for r in plan.roles))

    for network, policy in ((krymsky, Policy(seed=7)),
                            (generate_network(schools=60, directions=5, seed=4), Policy(seed=3, time_limit=20))):
        first, second = solve_cpsat(network, policy), solve_cpsat(network, policy)
        assert key(first) == key(second)
        assert first.solver.objective == second.solver.objective
    # The parallel (interleaved, 2 workers) search of larger models is deterministic as well.
    import mentornet.solvers.cpsat.search as search

    monkeypatch.setattr(search, "SMALL_EDGES", 0)
    network = generate_network(schools=60, directions=5, seed=4)
    policy = Policy(seed=3, workers=2, time_limit=30)
    first, second = solve_cpsat(network, policy), solve_cpsat(network, policy)
    assert first.solver.status == "OPTIMAL"
    assert key(first) == key(second)


def test_progress_reports_sane_figures(krymsky):
    seen: list[Progress] = []
    plan = solve_cpsat(krymsky, Policy(), progress=seen.append)
    assert seen
    for p in seen:
        assert p.bound >= p.objective - 1e-6
        assert p.gap >= 0 and p.seconds >= 0
    # a report comes with every improving solution and every tighter bound: both are the current ones
    assert all(b.solutions >= a.solutions >= 1 for a, b in zip(seen, seen[1:]))
    assert all(b.objective >= a.objective for a, b in zip(seen, seen[1:]))
    assert all(b.bound <= a.bound for a, b in zip(seen, seen[1:]))
    assert all(p.bound >= plan.solver.objective for p in seen)
    assert seen[-1].objective == plan.solver.objective
    assert seen[-1].bound == plan.solver.bound


def test_stop_ends_the_search_early():
    network = generate_network(schools=300, directions=7, seed=1)
    policy = Policy(time_limit=120)
    seen: list[Progress] = []

    def stop() -> bool:  # stop as soon as a first plan is known
        return bool(seen)

    plan = solve_cpsat(network, policy, progress=seen.append, stop=stop)
    assert seen
    assert plan.solver.model_extra["stopped"] is True
    assert plan.solver.status == "FEASIBLE"
    assert plan.solver.seconds < policy.time_limit / 2  # far from the limit (generous: a loaded machine)
    valid(network, plan, policy)
    # Stopped before the first solution: the (checked) built-in hint is returned.
    early = solve_cpsat(network, policy, stop=lambda: True)
    assert early.solver.model_extra["stopped"] is True and early.solver.model_extra["from_hint"] is True
    valid(network, early, policy)


def test_warm_start_is_accepted(krymsky, krymsky_plan):
    plan = solve_cpsat(krymsky, Policy(), warm_start=krymsky_plan)
    assert plan.solver.model_extra["hint"] == "warm_start"
    assert plan.solver.model_extra["warm_start_objective"] == krymsky_plan.solver.objective
    assert plan.solver.objective == krymsky_plan.solver.objective
    # A plan of another network (or year) is mended, never trusted blindly.
    other = generate_network(schools=34, directions=7, seed=2)
    odd = solve_cpsat(other, fast(), warm_start=krymsky_plan)
    valid(other, odd, fast())


def test_fairness_does_not_lower_the_worst_direction(krymsky):
    def worst(plan) -> float:
        need, cov = Counter(), Counter()
        for r in plan.roles:
            if r.role is not Level.leader:
                need[r.direction] += 1
        for p in plan.pairs:
            cov[p.direction] += 1
        return min(cov[d] / n for d, n in need.items())

    plain = solve(krymsky, Policy())
    fair = solve(krymsky, Policy(fairness="direction"))
    valid(krymsky, fair, Policy(fairness="direction"))
    assert worst(fair) >= worst(plain)
    assert fair.solver.model_extra["fairness_min_ratio"] == pytest.approx(worst(fair), abs=1e-3)
    assert fair.solver.objective <= plain.solver.objective
    by_muni = solve(generate_network(schools=40, directions=4, municipalities=3, seed=5), Policy(fairness="municipality"))
    assert "fairness_min_ratio" in by_muni.solver.model_extra


def test_scores_let_the_optimiser_choose_inside_bands():
    network = generate_network(schools=40, directions=4, seed=11)
    policy = fast()
    cg = build_candidates(network, policy)
    assert (cg.teams["rank_min"] < cg.teams["rank_max"]).any()
    plan = solve(network, policy)
    valid(network, plan, policy)


# ---------------------------------------------------------------- the site-based shape


def test_site_based_network_mentoring():
    """9 designated sites (locked leaders) host ~40 schools of 4 districts, with district consultants."""
    base = generate_network(schools=49, directions=3, municipalities=4, seed=3, sites=9)
    sites = {r.school for r in base.locks.roles}
    assert len(sites) == 9
    trainees = [s for s in base.schools if s.id not in sites]
    per_district = Counter(s.municipality for s in trainees)
    assert len(per_district) >= 3
    # Each district's consultant supervises at most its own schools + 2: the limits bind.
    consultants = tuple(
        Curator(id=f"consultant-{i}", name=f"Consultant of {m}", municipalities=(m,), max_teams=n + 2)
        for i, (m, n) in enumerate(sorted(per_district.items()))
    )
    network = base.with_changes(curators=consultants)
    policy = fast()
    plan = solve(network, policy)
    report = valid(network, plan, policy)
    # Sites stay leaders wherever they are locked.
    for lk in network.locks.roles:
        assert plan.role_of[(lk.school, lk.direction)] is Level.leader
    # Curators: the trainee's district consultant, within the limits.
    for p in plan.pairs:
        assert p.curator == f"consultant-{sorted(per_district).index(network.school_by_id[p.trainee].municipality)}"
    load = report.metrics["curator_load"]
    assert all(load.get(c.id, 0) <= c.max_teams for c in consultants)
    assert any(load.get(c.id, 0) == c.max_teams for c in consultants)  # a limit binds
    # Nearby schools preferred: pairs are much shorter than the mean distance to all sites.
    to_sites = np.mean([_km(t, network.school_by_id[s]) for t in trainees for s in sites if t.has_coordinates])
    assert report.metrics["mean_km"] < 0.6 * to_sites
    assert report.metrics["schools_involved"] == 49


def test_tracker_reports_only_current_figures():
    from mentornet.solvers.cpsat.guided import Tracker

    seen: list[Progress] = []
    t = Tracker(seen.append, 0.0)
    t.incumbent(10)  # no bound yet: nothing to report
    assert seen == []
    t.proved(50)
    t.proved(60)  # looser than the one known: never shown
    t.incumbent(8)  # worse than the incumbent: never shown
    t.proved(40)
    t.incumbent(30)
    assert [(p.objective, p.bound) for p in seen] == [(10, 50), (10, 40), (30, 40)]
    assert [p.solutions for p in seen] == [1, 2, 3]  # solutions found so far, better or not


def test_progress_on_a_mid_network_is_current_and_valid():
    """The LP-guided path (LP bound, sub-MIP, CP-SAT): the bound shown never rises and holds at the end."""
    network = generate_network(schools=150, directions=6, seed=3)
    policy = Policy(time_limit=12)
    seen: list[Progress] = []
    plan = solve_cpsat(network, policy, progress=seen.append)
    valid(network, plan, policy)
    assert seen and plan.solver.bound is not None
    assert all(b.bound <= a.bound for a, b in zip(seen, seen[1:]))
    assert all(b.objective >= a.objective for a, b in zip(seen, seen[1:]))
    assert all(p.bound >= plan.solver.objective for p in seen)
    assert seen[-1].objective == plan.solver.objective
    assert plan.solver.model_extra["lp_bound"] >= plan.solver.objective
    assert plan.solver.name in ("cpsat", "highs", "highs+cpsat")


def test_stop_is_honoured_by_the_callback_promptly():
    """Stop is polled all along; once it says so, the solve returns the best plan at once.

    The ceiling is generous (the machine may be loaded); the mechanism is
    asserted: the flag flips at the first report, the solve ends stopped and
    polls it only a few times after the flip (it does not search on).
    """
    network = generate_network(schools=300, directions=8, municipalities=6, seed=1)
    policy = Policy(time_limit=120)
    flipped: list[float] = []
    polls_after: list[float] = []

    def progress(p: Progress) -> None:
        if not flipped:
            flipped.append(time.perf_counter())

    def stop() -> bool:
        if flipped:
            polls_after.append(time.perf_counter())
        return bool(flipped)

    plan = solve_cpsat(network, policy, progress=progress, stop=stop)
    ended = time.perf_counter()
    assert flipped and plan.solver.model_extra["stopped"] is True
    assert ended - flipped[0] < 30  # alone on the machine: about a second (decode, explain)
    assert polls_after and len(polls_after) < 200
    assert plan.solver.seconds < policy.time_limit / 2
    valid(network, plan, policy)
