"""The LP relaxation (HiGHS): its bound holds, pricing only raises it, and every solver stays below it.

The optimum is found by brute force with independent code (enumeration of
roles and pairs, the hard rules written out again here, curator limits by a
max flow in networkx); only the objective's value of a candidate plan comes
from :func:`mentornet.solvers.objective.plan_objective`, the definition being
bounded.
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import numpy as np
import pytest

import mentornet.graph.candidates as candidates
import mentornet.solvers.cpsat as cpsat
import mentornet.solvers.cpsat.guided as guided
from mentornet.generate import generate_network
from mentornet.graph.candidates import build_candidates
from mentornet.model import Locks, Network, PairLock, Policy, Weights
from mentornet.planning import solve
from mentornet.solvers import available_solvers
from mentornet.solvers.cpsat.guided import Tracker, lp_stage
from mentornet.solvers.objective import plan_objective
from mentornet.solvers.relaxation import LpModel, LpResult, _Clauses


def _curators_fit(net: Network, needs: list[tuple[str, str]], share: int = 100) -> bool:
    """Every covered need gets a curator in scope, each limited one within ``share`` % of ``max_teams`` (max flow)."""
    if not net.curators:
        return True
    g = nx.DiGraph()
    for k, (t, d) in enumerate(needs):
        g.add_edge("s", ("n", k), capacity=1)
        for c in net.curators:
            if net.curator_may_supervise(c.id, d, t):
                g.add_edge(("n", k), ("c", c.id), capacity=1)
    for c in net.curators:
        g.add_edge(("c", c.id), "t", capacity=c.max_teams * share // 100 if c.max_teams is not None else len(needs))
    if not needs:
        return True
    if "t" not in g:
        return False
    return nx.maximum_flow_value(g, "s", "t") == len(needs)


_BRUTE: dict[str, int] = {}


#: Most cases switch the curator-balance penalty off (the brute force then needs no curator assignment);
#: ``test_curator_balance_is_exact_in_the_lp`` keeps it, and the brute force finds the best assignment.
NO_BALANCE = Weights(curator_balance=0)


def _least_share(net: Network, needs: list[tuple[str, str]]) -> int:
    """The least share (whole %) of its ``max_teams`` the most loaded limited curator can be held to."""
    lo, hi = 0, 100
    while lo < hi:  # fitting is monotone in the share
        mid = (lo + hi) // 2
        if _curators_fit(net, needs, mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def brute_force(net: Network, policy: Policy) -> int:
    """The best objective over every valid plan of the unpruned candidate graph (cached per input)."""
    key = net.model_dump_json() + policy.model_dump_json() + str(candidates.DENSE_LIMIT)
    if key not in _BRUTE:
        _BRUTE[key] = _brute_force(net, policy)
    return _BRUTE[key]


def _brute_force(net: Network, policy: Policy) -> int:
    cg = build_candidates(net, policy, prune=False)
    teams = cg.teams
    lo, hi = teams["rank_min"].to_numpy(), teams["rank_max"].to_numpy()
    keys = list(zip(teams["school"].tolist(), teams["direction"].tolist()))
    E = cg.edges
    em, et, ed = E["mentor"].tolist(), E["trainee"].tolist(), E["direction"].tolist()
    n_s = len(cg.schools)
    best = -math.inf
    for combo in itertools.product(*[range(int(a), int(b) + 1) for a, b in zip(lo, hi)]):
        rank = dict(zip(keys, combo))
        options: dict[tuple[int, int], list[int]] = {}
        for e in range(len(E)):
            if E.at[e, "problem"]:
                continue
            rt, rm = rank[(et[e], ed[e])], rank[(em[e], ed[e])]
            if rt <= 1 and rm > rt:
                options.setdefault((et[e], ed[e]), []).append(e)
        needs = sorted(options)
        for pick in itertools.product(*[[None, *options[k]] for k in needs]):
            chosen = [e for e in pick if e is not None]
            per_md: dict[tuple[int, int], int] = {}
            host = [0] * n_s
            learn = [0] * n_s
            touched = [False] * n_s
            for e in chosen:
                per_md[(em[e], ed[e])] = per_md.get((em[e], ed[e]), 0) + 1
                host[em[e]] += 1
                learn[et[e]] += 1
                touched[em[e]] = touched[et[e]] = True
            if not all(touched):
                continue
            if any(v > policy.cap_of(net.directions[d]) for (_m, d), v in per_md.items()):
                continue
            if any(host[s] > policy.host_capacity_of(net.schools[s]) for s in range(n_s)):
                continue
            if any(learn[s] > policy.max_trainee_directions_of(net.schools[s]) for s in range(n_s)):
                continue
            locked = {(p.mentor, p.trainee, p.direction) for p in net.locks.pairs}
            have = {(cg.schools[em[e]], cg.schools[et[e]], cg.directions[ed[e]]) for e in chosen}
            if not locked <= have:
                continue
            if not _curators_fit(net, [(cg.schools[et[e]], cg.directions[ed[e]]) for e in chosen]):
                continue
            value = plan_objective(cg, rank, chosen)[0]  # no curators given: no curator-balance part
            w = policy.weights.curator_balance
            if w and value > best and any(c.max_teams for c in net.curators):
                value -= w * _least_share(net, [(cg.schools[et[e]], cg.directions[ed[e]]) for e in chosen])
            best = max(best, value)
    return int(best)


def _small(seed: int, tight: bool) -> Network:
    net = generate_network(7, 2, 1, seed=seed)
    if tight:  # curator limits that bind, shared by two limited curators (the aggregated groups)
        net = net.model_copy(update={"curators": tuple(c.model_copy(update={"max_teams": 2}) for c in net.curators)})
    return net


CASES = [(1, False), (2, False), (4, True), (5, True)]


@pytest.mark.parametrize(("seed", "tight"), CASES)
@pytest.mark.parametrize("solver", available_solvers())
def test_bound_holds_over_brute_force_optimum(seed, tight, solver):
    net = _small(seed, tight)
    policy = Policy(time_limit=10, weights=NO_BALANCE)
    optimum = brute_force(net, policy)
    cg = build_candidates(net, policy, prune=False)
    res = LpModel(cg).solve()
    assert res.status == "Optimal" and res.converged
    assert res.bound is not None and res.bound >= optimum
    plan = solve(net, policy, solver=solver)  # checked by the independent checker in solve()
    assert plan.metrics["violations"] == [] or not plan.metrics["violations"]
    assert plan.metrics["objective"] <= optimum
    if solver == "cpsat":
        assert plan.solver.bound is not None and plan.solver.bound >= optimum
        assert plan.solver.objective == optimum  # small: proved optimal
        assert plan.solver.status == "OPTIMAL"


@pytest.mark.parametrize(("seed", "tight"), [(1, False), (2, False), (4, True)])
def test_pricing_raises_the_bound_and_holds_for_the_unpruned_graph(seed, tight, monkeypatch):
    # Prune hard (one mentor per need, two trainees per mentor) so that the LP starts without some edges.
    monkeypatch.setattr(candidates, "DENSE_LIMIT", 0)
    net = _small(seed, tight)
    policy = Policy(time_limit=10, candidates_per_need=1, cap_per_direction=1, weights=NO_BALANCE)
    cg = build_candidates(net, policy)
    assert cg.pruned > 0
    optimum = brute_force(net, policy)  # over the unpruned graph
    stage = lp_stage(cg, 30.0, None, Tracker(None, 0.0))
    assert stage is not None
    r = stage.result
    assert r.converged
    assert r.value is not None and r.value_before_pricing is not None
    assert r.value >= r.value_before_pricing - 1e-6  # more columns never lower the LP
    assert stage.bound is not None and stage.bound >= optimum
    assert stage.bound == math.floor(r.value + 1e-6)  # converged: the Lagrangian bound is the LP optimum
    # the graph CP-SAT then plans on holds every edge pricing added
    assert len(stage.graph.edges) == len(cg.edges) + r.priced_edges
    plan = solve(net, policy, solver="cpsat")
    assert plan.solver.bound is not None and plan.solver.bound >= optimum >= plan.solver.objective
    assert plan.solver.model_extra["bound_for"] == "unpruned"


def _pruned_lp(net: Network, policy: Policy) -> tuple[LpModel, np.ndarray]:
    """The LP over the unpruned graph, and which of its edges the pruned graph has (the columns it starts from)."""
    cg = build_candidates(net, policy)
    full = build_candidates(net, policy, prune=False)
    lp = LpModel(full)
    n, n_d = len(full.schools), len(full.directions)
    keys = (cg.edges["mentor"].to_numpy() * n + cg.edges["trainee"].to_numpy()) * n_d + cg.edges["direction"].to_numpy()
    return lp, np.isin((lp.em * n + lp.et) * n_d + lp.ed, keys)


def _first_lp_duals(lp: LpModel, active: np.ndarray, monkeypatch) -> tuple[LpResult, np.ndarray, _Clauses]:
    """The first LP over ``active`` and the duals its first bound was computed from (dead exchanges' rows filled in)."""
    seen = []
    original = LpModel._lagrangian

    def spy(self, y, clauses, flow=False):
        seen.append((y.copy(), clauses))
        return original(self, y, clauses, flow)

    monkeypatch.setattr(LpModel, "_lagrangian", spy)
    first = lp.solve(active, price=False)
    monkeypatch.setattr(LpModel, "_lagrangian", original)
    y, clauses = seen[0]
    return first, y, clauses


def test_lagrangian_bound_is_valid_before_pricing(monkeypatch):
    """The bound from the first LP's duals already holds for the unpruned graph."""
    monkeypatch.setattr(candidates, "DENSE_LIMIT", 0)
    net = _small(2, False)
    policy = Policy(candidates_per_need=1, cap_per_direction=1, weights=NO_BALANCE)
    optimum = brute_force(net, policy)
    lp, active = _pruned_lp(net, policy)
    first = lp.solve(active, price=False)
    assert first.bound is not None and first.bound >= optimum


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_curator_balance_is_exact_in_the_lp(seed):
    """With the curator-balance penalty on, the LP bounds the optimum and its MIP reaches it exactly."""
    net = _small(seed, True)
    policy = Policy(time_limit=10)
    assert policy.weights.curator_balance > 0
    optimum = brute_force(net, policy)
    lp = LpModel(build_candidates(net, policy, prune=False))
    assert lp.exact and lp.complete
    res = lp.solve()
    assert res.bound is not None and res.bound >= optimum
    mip = lp.solve(integral=True)
    assert mip.value is not None and round(mip.value) == optimum
    plan = solve(net, policy, solver="cpsat")
    assert plan.solver.objective == optimum and plan.solver.status == "OPTIMAL"


@pytest.mark.parametrize("seed", [1, 2, 4])
def test_lagrangian_bound_with_a_kept_pair_holds(seed, monkeypatch):
    """A kept pair fills its need in the Lagrangian's subproblem: the bound still holds before and after pricing."""
    monkeypatch.setattr(candidates, "DENSE_LIMIT", 0)
    net = _small(seed, False)
    policy = Policy(candidates_per_need=1, cap_per_direction=1, weights=NO_BALANCE)
    full = build_candidates(net, policy, prune=False)
    E = full.edges[~full.edges["problem"].astype(bool)]
    # keep the worst-scored eligible pair: the LP would not choose it by itself
    e = E.sort_values(["score", "mentor", "trainee"]).iloc[0]
    lock = PairLock(mentor=full.schools[int(e["mentor"])], trainee=full.schools[int(e["trainee"])],
                    direction=full.directions[int(e["direction"])])
    net = net.model_copy(update={"locks": Locks(pairs=(lock,))})
    optimum = brute_force(net, policy)
    assert optimum > -math.inf
    lp, active = _pruned_lp(net, policy)
    assert lp.locked.sum() == 1
    first = lp.solve(active, price=False)
    assert first.bound is not None and first.bound >= optimum
    priced = lp.solve(active)
    assert priced.bound is not None and optimum <= priced.bound <= first.bound


@pytest.mark.parametrize(("seed", "tight"), CASES)
def test_the_flow_bound_holds_and_is_the_tighter(seed, tight, monkeypatch):
    """At the first LP's duals, keeping every assignment row (a min-cost flow) bounds the optimum, below the need rows' bound."""
    monkeypatch.setattr(candidates, "DENSE_LIMIT", 0)
    net = _small(seed, tight)
    policy = Policy(candidates_per_need=1, cap_per_direction=1, weights=NO_BALANCE)
    optimum = brute_force(net, policy)
    lp, active = _pruned_lp(net, policy)
    _, y, clauses = _first_lp_duals(lp, active, monkeypatch)
    need_only = lp._lagrangian(y, clauses)[0]
    with_flow = lp._lagrangian(y, clauses, flow=True)[0]
    assert optimum <= with_flow + 1e-6
    assert with_flow <= need_only + 1e-6


def test_krymsky_lp_bound_and_pinned_optimum(krymsky):
    plan = solve(krymsky, Policy(), solver="cpsat")
    assert plan.solver.status == "OPTIMAL" and plan.solver.objective == 8286
    assert plan.solver.model_extra["lp_bound"] >= 8286
    assert plan.solver.bound == 8286


def _thin_start(monkeypatch) -> None:
    """Small networks planned as region-size ones are: unpruned graph dense-free, the LP started from one
    candidate per need (and none per mentor), pricing adding the rest."""
    monkeypatch.setattr(candidates, "DENSE_LIMIT", 0)
    monkeypatch.setattr(guided, "LP_START_EDGES", 0)
    monkeypatch.setattr(guided, "LP_START_PER_NEED", 1)
    monkeypatch.setattr(guided, "LP_START_PER_MENTOR", 0)


def _exchange_case(schools: int, directions: int, seed: int) -> tuple[Network, Policy, int]:
    """A small network with exchanges, the planner's policy for it (two workers) and its brute-force optimum."""
    net = generate_network(schools, directions, 1, seed=seed)
    policy = Policy(time_limit=20, workers=2, weights=NO_BALANCE)
    return net, policy, brute_force(net, policy)


#: Small networks (schools, directions, seed) with possible mutual exchanges, quick to enumerate.
WITH_EXCHANGES = [(6, 3, 1), (6, 3, 3), (8, 2, 1)]


@pytest.mark.parametrize(("schools", "directions", "seed"), WITH_EXCHANGES)
@pytest.mark.parametrize("draw", [0, 1, 2])
def test_split_exchange_duals_keep_the_bound_valid(schools, directions, seed, draw):
    """Any duals, with each mutual exchange's bonus split anew between its two rows, still bound the optimum."""
    net = generate_network(schools, directions, 1, seed=seed)
    policy = Policy(weights=NO_BALANCE)
    optimum = brute_force(net, policy)
    lp = LpModel(build_candidates(net, policy, prune=False))
    assert lp.conjunctions and len(lp.conjunctions[0].cols)  # the small networks have exchanges to split
    rng = np.random.default_rng(1000 * seed + 10 * schools + draw)
    y = rng.uniform(0.0, 30.0, lp.n_rows) * (rng.random(lp.n_rows) < 0.7)
    clauses = _Clauses([], [], [])
    split = lp._split_duals(y, clauses)
    c = lp.conjunctions[0]
    assert np.allclose(split[c.rows[0]] + split[c.rows[1]], c.cost)  # the column itself earns nothing
    for flow in (False, True):
        assert lp._lagrangian(split, clauses, flow)[0] >= optimum - 1e-6


def test_split_exchange_duals_lower_a_first_lp_bound(monkeypatch):
    """On a pruned graph the split bound of the first LP is below the LP's own split (what the planner keeps).

    The conjunction form's LP (the exchange form has no split of its own: its duals are always split anew).
    """
    monkeypatch.setattr(candidates, "DENSE_LIMIT", 0)
    monkeypatch.setattr(LpModel, "_exchange_form", lambda self: None)
    net = generate_network(40, 4, 2, seed=3)
    policy = Policy(candidates_per_need=1, cap_per_direction=1, weights=NO_BALANCE)
    lp, active = _pruned_lp(net, policy)
    first, y, clauses = _first_lp_duals(lp, active, monkeypatch)
    own = lp._lagrangian(y, clauses)[0]
    split = lp._lagrangian(lp._split_duals(y, clauses), clauses)[0]
    assert split < own
    assert first.lagrangian is not None and first.lagrangian <= min(own, split) + 1e-6


@pytest.mark.parametrize(("schools", "directions", "seed"), WITH_EXCHANGES[:2])
def test_thin_start_and_early_sub_mips_keep_plan_and_bound(schools, directions, seed, monkeypatch):
    """The LP started from a thinner graph, with a sub-MIP beside each pricing round: the bound still holds
    for the unpruned graph, pricing brings back what the start left out, and the plan is the optimum."""
    _thin_start(monkeypatch)
    monkeypatch.setattr(guided, "GUIDED_EDGES", 0)
    monkeypatch.setattr(cpsat, "GUIDED_EDGES", 0)
    net, policy, optimum = _exchange_case(schools, directions, seed)
    cg = build_candidates(net, policy)
    started = []
    original = guided.EarlyStart.__init__

    def spy(self, *args, **kwargs):
        started.append(args[1].value)
        original(self, *args, **kwargs)

    monkeypatch.setattr(guided.EarlyStart, "__init__", spy)
    stage = lp_stage(cg, 30.0, None, Tracker(None, 0.0), early=True)
    assert stage is not None
    r = stage.result
    assert r.start_edges < len(cg.edges)  # the start is thinner than the pruned graph
    assert stage.bound is not None and stage.bound >= optimum
    # a sub-MIP beside every round but the first: the thin start's LP is far below the optimum
    assert r.pricing_rounds >= 1 and len(started) == r.pricing_rounds - 1
    assert (stage.early is not None) == bool(started)
    outcome = stage.early.finish() if stage.early is not None else None
    assert outcome is None or outcome[0].value is None or round(outcome[0].value) <= optimum
    started.clear()
    plan = solve(net, policy, solver="cpsat")  # checked by the independent checker inside solve()
    assert plan.solver.bound is not None and plan.solver.bound >= optimum
    assert plan.solver.objective == optimum and plan.solver.status == "OPTIMAL"


def test_a_stopped_early_plan_is_kept_when_a_later_one_has_none(monkeypatch):
    """The plan of an earlier round's sub-MIP (whose objective progress has shown) is not lost when the sub-MIP
    of a later round ends without one."""
    _thin_start(monkeypatch)
    monkeypatch.setattr(guided, "EARLY_ON_THIN_START", True)  # a sub-MIP beside every round
    monkeypatch.setattr(guided, "GUIDED_EDGES", 0)
    outcomes = []

    class Scripted:
        """Stands in for the thread: the first round's sub-MIP has a plan, every later one none."""

        def __init__(self, lp, res, *args):
            self.outcome = (res, {"round": len(outcomes)}) if not outcomes else None
            outcomes.append(self.outcome)

        def finish(self, wait=0.0):
            return self.outcome

    monkeypatch.setattr(guided, "EarlyStart", Scripted)
    cg = build_candidates(generate_network(12, 3, 1, seed=1), Policy(workers=2))  # priced in two rounds
    stage = lp_stage(cg, 30.0, None, Tracker(None, 0.0), early=True)
    assert stage is not None and stage.result.pricing_rounds >= 2 and len(outcomes) >= 2
    assert outcomes[0] is not None and outcomes[-1] is None
    assert stage.early_best is outcomes[0]
    assert guided.better_plan(stage.early_best, stage.early.finish()) is outcomes[0]


def test_better_plan_prefers_the_higher_objective_and_the_first_on_a_tie():
    def sub(value):
        return LpResult(status="x", value=value, lagrangian=None, x=np.zeros(0), aux=np.zeros(0),
                        active=np.zeros(0, dtype=bool)), {}

    a, b, none = sub(10.0), sub(12.0), sub(None)
    assert guided.better_plan(a, b) is b and guided.better_plan(b, a) is b
    tie = sub(10.0)
    assert guided.better_plan(a, tie) is a
    assert guided.better_plan(None, a) is a and guided.better_plan(a, None) is a
    assert guided.better_plan(none, None) is None and guided.better_plan(none, a) is a


def test_the_final_sub_mip_searches_around_a_close_incumbent_only(monkeypatch):
    """RINS around an earlier plan when it agrees with the LP; the LP's own fixings when the neighbourhood
    around the plan would be far larger (a plan from a weaker LP)."""
    monkeypatch.setattr(candidates, "DENSE_LIMIT", 0)
    net = generate_network(12, 3, 1, seed=1)
    policy = Policy(time_limit=20, weights=NO_BALANCE)
    lp = LpModel(build_candidates(net, policy, prune=False))
    res = lp.solve(time_limit=20)
    assert res.value is not None
    plain = guided.guided_start(lp, res, 10.0, None)
    assert plain is not None and plain[1]["sub_mip_around"] == "lp"
    plain_free = plain[1]["lp_free_pairs"]
    close = guided.guided_start(lp, res, 10.0, None, incumbent=plain[0])
    assert close is not None and close[1]["sub_mip_around"] == "incumbent"
    assert close[0].value >= plain[0].value  # it starts from that plan
    # A plan that takes every pair the LP leaves out and none it takes disagrees with it everywhere.
    far_x = np.where(res.active & (res.x <= 1e-6), 1.0, 0.0)
    far = LpResult(status="x", value=1.0, lagrangian=None, x=far_x, aux=plain[0].aux, active=res.active)
    moved = int((res.active & ((res.x >= 1 - 1e-6) | (res.x <= 1e-6))).sum())
    assert moved > guided.RINS_MAX_FREE_RATIO * max(plain_free, 1)
    other = guided.guided_start(lp, res, 10.0, None, incumbent=far)
    assert other is not None and other[1]["sub_mip_around"] == "lp"
    assert other[1]["lp_free_pairs"] == plain_free and other[0].value == plain[0].value


@pytest.mark.parametrize(("schools", "directions", "seed"), WITH_EXCHANGES)
@pytest.mark.parametrize("draw", [0, 1])
def test_exchange_rows_dualised_at_any_values_still_bound_the_optimum(schools, directions, seed, draw):
    """With the mutual-exchange rows dualised at arbitrary values (not even a split of the bonus), the LP of the
    rest and its pricing bound the brute-force optimum, and never fall below the LP itself (Lagrangian duality)."""
    net = generate_network(schools, directions, 1, seed=seed)
    policy = Policy(weights=NO_BALANCE)
    optimum = brute_force(net, policy)
    lp = LpModel(build_candidates(net, policy, prune=False))
    rng = np.random.default_rng(100 * seed + draw)
    y = rng.uniform(0.0, 15.0, lp.n_rows) * (rng.random(lp.n_rows) < 0.8)
    relaxed = lp.solve(conjunction_duals=y, time_limit=20)
    full = lp.solve(time_limit=20)
    assert full.converged and full.value is not None
    assert relaxed.lagrangian is not None
    assert relaxed.lagrangian >= full.value - 1e-6 >= optimum - 1e-6


def test_exchange_bound_holds_and_lowers_a_first_lp_bound(monkeypatch):
    """From the duals of an LP over a pruned graph, the exchange bound holds (it is never below the LP over
    every edge) and is lower than the bound of those duals."""
    monkeypatch.setattr(candidates, "DENSE_LIMIT", 0)
    net = generate_network(40, 4, 2, seed=3)
    policy = Policy(candidates_per_need=1, cap_per_direction=1, weights=NO_BALANCE)
    lp, active = _pruned_lp(net, policy)
    first = lp.solve(active, price=False)
    full = lp.solve(time_limit=30)
    assert full.converged and full.value is not None and first.duals is not None and first.lagrangian is not None
    bound = lp.exchange_bound(first.duals, active, target=first.value, time_limit=20)
    assert bound is not None and full.value - 1e-6 <= bound < first.lagrangian


@pytest.mark.parametrize(("schools", "directions", "seed"), WITH_EXCHANGES[:2])
def test_the_planner_reports_the_lower_of_its_bounds_and_it_holds(schools, directions, seed, monkeypatch):
    """Pricing cut short (a loose stopping gap, a start of one candidate per need): the bound found beside the
    final sub-MIP with the exchange rows dualised holds over the brute-force optimum, and the LP bound reported
    is the lower of it and the pricing's."""
    from mentornet.solvers import relaxation

    _thin_start(monkeypatch)
    monkeypatch.setattr(relaxation, "PRICE_GAP", 0.5)
    monkeypatch.setattr(cpsat, "GUIDED_EDGES", 0)
    net, policy, optimum = _exchange_case(schools, directions, seed)
    seen = []

    def spy(stage, lagrangian):
        seen.append((stage.result.lagrangian, lagrangian))
        return guided.tighten(stage, lagrangian)

    monkeypatch.setattr(cpsat, "tighten", spy)
    plan = solve(net, policy, solver="cpsat")
    extra = plan.solver.model_extra or {}
    assert extra["lp_converged"] is False and len(seen) == 1
    pricing, lowered = seen[0]
    assert lowered is not None and lowered >= optimum - 1e-6
    assert extra["lp_bound"] == math.floor(min(pricing, lowered) * (1 + 1e-9) + 1e-6)
    assert plan.solver.bound is not None and optimum <= plan.solver.bound <= extra["lp_bound"]
    assert plan.solver.objective <= optimum


def test_tighten_takes_only_a_lower_bound():
    def stage(lagrangian):
        r = LpResult(status="Optimal", value=1.0, lagrangian=lagrangian, x=np.zeros(0), aux=np.zeros(0),
                     active=np.zeros(0, dtype=bool))
        return guided.LpStage(lp=None, result=r, graph=None, full=False)  # type: ignore[arg-type]

    s = stage(100.5)
    assert guided.tighten(s, 99.2) and s.result.lagrangian == 99.2 and s.result.bound == 99
    assert not guided.tighten(s, 99.9) and s.result.lagrangian == 99.2
    assert not guided.tighten(s, None) and not guided.tighten(stage(None), 5.0)


def test_an_infeasible_thin_start_falls_back_to_the_pruned_graph(monkeypatch):
    """A start too thin to involve every school has no duals: the LP starts again from the pruned graph."""
    _thin_start(monkeypatch)
    net = generate_network(30, 4, 1, seed=1)
    policy = Policy(candidates_per_need=1, cap_per_direction=1, weights=NO_BALANCE)
    statuses = []
    original = LpModel.solve

    def spy(self, *args, **kwargs):
        res = original(self, *args, **kwargs)
        statuses.append(res.status)
        return res

    monkeypatch.setattr(LpModel, "solve", spy)
    stage = lp_stage(build_candidates(net, policy), 30.0, None, Tracker(None, 0.0))
    assert statuses == ["Infeasible", "Optimal"]
    assert stage is not None and stage.bound is not None
    monkeypatch.setattr(LpModel, "solve", original)
    full = LpModel(build_candidates(net, policy, prune=False)).solve(time_limit=30)
    assert full.converged and full.value is not None and stage.bound >= math.floor(full.value + 1e-6)


def _conjunction_form(monkeypatch) -> None:
    """Solve the pricing LPs with the exchanges as conjunction rows (``u ≤ Σ one way``, ``u ≤ Σ the other``)."""
    monkeypatch.setattr(LpModel, "_exchange_form", lambda self: None)


@pytest.mark.parametrize(("schools", "directions", "seed"), WITH_EXCHANGES)
def test_exchange_columns_give_a_valid_tighter_lp_and_bound(schools, directions, seed, monkeypatch):
    """Exchanges as columns of two opposite pairs: an LP between the optimum and the conjunction form's LP, whose
    values, folded back into pairs and exchanges, meet the conjunction form's rows; its bound holds."""
    net, policy, optimum = _exchange_case(schools, directions, seed)
    lp = LpModel(build_candidates(net, policy, prune=False))
    assert lp._exchange_form() is not None
    z = lp.solve(price=False)
    with monkeypatch.context() as m:
        _conjunction_form(m)
        u = lp.solve(price=False)
    assert z.value is not None and u.value is not None
    assert optimum - 1e-6 <= z.value <= u.value + 1e-6
    assert z.bound is not None and z.bound >= optimum
    # the folded values: every pair in [0, 1], one mentor per need, each exchange at most one and backed both ways
    assert (z.x >= -1e-9).all() and (z.x <= 1 + 1e-9).all()
    per_need = np.bincount(lp.need_row, weights=z.x, minlength=lp.n_rows)
    assert (per_need <= 1 + 1e-6).all()
    c = lp.conjunctions[0]
    side_ab, side_ba = lp._conjunction_sides()[0]
    u_val = z.aux[c.cols]
    for side in (side_ab, side_ba):
        on = side >= 0
        backing = np.bincount(side[on], weights=z.x[on], minlength=len(c.cols))
        assert (u_val <= backing + 1e-6).all()
    assert (u_val <= 1 + 1e-6).all()


@pytest.mark.parametrize(("schools", "directions", "seed"), WITH_EXCHANGES)
def test_exchange_form_pricing_converges_to_the_full_lp(schools, directions, seed, monkeypatch):
    """From one candidate per need, pricing (pairs alone and in their best exchange) reaches the LP over every pair,
    and its bound, which holds throughout, comes down to that LP's value."""
    net, policy, optimum = _exchange_case(schools, directions, seed)
    lp = LpModel(build_candidates(net, policy, prune=False))
    full = lp.solve(price=False)
    first = np.zeros(lp.n_edges, dtype=bool)
    for need in np.unique(lp.need_row):
        first[np.nonzero(lp.need_row == need)[0][0]] = True
    bounds: list[float] = []
    priced = lp.solve(first, on_bound=bounds.append)
    assert priced.value is not None and full.value is not None
    assert priced.value == pytest.approx(full.value, abs=1e-6)
    assert all(b >= optimum for b in bounds)
    assert priced.bound is not None and optimum <= priced.bound <= math.floor(full.value + 1e-6) + 1


def test_a_sub_mip_that_does_not_stop_still_hands_over_its_best_plan():
    """HiGHS' improving-solution callback keeps each plan as found: the last one kept is the MIP's answer."""
    net, policy, _ = _exchange_case(8, 2, 1)
    lp = LpModel(build_candidates(net, policy, prune=False))
    relaxed = lp.solve(price=False)
    keep: list[LpResult | None] = [None]
    mip = lp.solve(integral=True, time_limit=30, keep=keep)
    assert mip.status == "Optimal" and keep[0] is not None
    assert keep[0].value == pytest.approx(mip.value)
    assert np.allclose(keep[0].x, mip.x) and np.allclose(keep[0].aux, mip.aux)
    assert relaxed.value is not None and mip.value is not None and mip.value <= relaxed.value + 1e-6


@pytest.mark.parametrize(("schools", "directions", "seed"), WITH_EXCHANGES)
def test_a_plan_read_straight_off_the_sub_mip_is_whole_and_scored_truly(schools, directions, seed, monkeypatch):
    """Where no CP-SAT search follows the sub-MIP (region size), the plan is read off it without the CP-SAT model:
    it passes the checker (inside solve), its objective is its independent re-evaluation, and it lies under the
    optimum and the bound."""
    from mentornet.solvers.objective import evaluate_plan

    monkeypatch.setattr(guided, "GUIDED_EDGES", 0)
    monkeypatch.setattr(cpsat, "GUIDED_EDGES", 0)
    monkeypatch.setattr(cpsat, "POLISH_EDGES", 0)
    read = []
    original = guided.plan_from_mip

    def spy(*args):
        out = original(*args)
        read.append(out is not None)
        return out

    monkeypatch.setattr(cpsat, "plan_from_mip", spy)
    net, policy, optimum = _exchange_case(schools, directions, seed)
    plan = solve(net, policy, solver="cpsat")
    assert read == [True]
    assert plan.solver.model_extra["hint"] == "lp_sub_mip" and plan.solver.name == "highs"
    assert "variables" not in plan.solver.model_extra  # no CP-SAT model was built
    total, _ = evaluate_plan(net, plan, policy)
    assert total == plan.solver.objective == plan.metrics["objective"]
    assert plan.solver.objective <= optimum <= plan.solver.bound


def test_the_final_sub_mip_runs_beside_its_twin_with_another_seed(monkeypatch):
    """With two workers and no exchange bound to compute, the second core solves the final sub-MIP's twin
    (the same fixings, HiGHS seeded otherwise); the better plan is kept, and it is the optimum here."""
    monkeypatch.setattr(guided, "GUIDED_EDGES", 0)
    monkeypatch.setattr(cpsat, "GUIDED_EDGES", 0)
    monkeypatch.setattr(cpsat, "POLISH_EDGES", 0)
    seeds = []
    original = guided.EarlyStart.__init__

    def spy(self, *args, **kwargs):
        seeds.append(kwargs.get("seed", 0))
        original(self, *args, **kwargs)

    monkeypatch.setattr(guided.EarlyStart, "__init__", spy)
    net, policy, optimum = _exchange_case(8, 2, 1)
    plan = solve(net, policy, solver="cpsat")
    assert seeds and seeds[-1] == 1
    assert plan.solver.objective == optimum <= plan.solver.bound


@pytest.mark.parametrize(("schools", "directions", "seed"), WITH_EXCHANGES)
def test_the_duals_handed_on_are_those_of_the_reported_bound(schools, directions, seed):
    """An LP result's duals (the exchange form's, read as the conjunction form's) give back its bound."""
    net, policy, optimum = _exchange_case(schools, directions, seed)
    lp = LpModel(build_candidates(net, policy, prune=False))
    res = lp.solve(price=False)
    assert res.duals is not None and res.lagrangian is not None
    assert lp._lagrangian(*res.duals)[0] == pytest.approx(res.lagrangian, abs=1e-6)
    assert res.lagrangian >= optimum - 1e-6
