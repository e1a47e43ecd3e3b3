"""Rebalancing with minimal disruption: re-plan an edited scenario, keep what can be kept.

After a what-if edit (a site closes, a capacity drops, a pair is forbidden)
planners want a new valid plan that changes as few pairs of the plan they
already have as possible. :func:`rebalance` gets it from the same solvers,
with no code path of its own in them:

* the base plan's pairs and roles are fed in as the most recent year of the
  network's history, and the strategy is set to ``narrow`` — the candidate
  graph (:mod:`mentornet.graph.candidates`) then rewards every edge that
  repeats a base pair with ``weights.continuity`` and every edge into a
  need the trainee had in the base plan with half of it;
* the continuity weight is raised until it dominates the pair-quality parts
  (gain, context, travel, mutual exchange, load balance), so the solver
  moves a pair only when the edit forces it, and coverage of deficits still
  comes first;
* the base plan (restricted to what still exists) is the warm start.

Coverage first
--------------
Stability must not cost coverage silently. :func:`rebalance` first solves
the edited scenario afresh (same solver and policy, no base plan) and takes
the number of needs that plan covers as the target; the order of goals is
lexicographic — **needs covered, then fewest changes, then the rest of the
objective**:

1. the continuity solve above; kept when it covers at least the fresh
   solve's needs minus the planner's ``coverage_allowance`` (default 0);
2. otherwise a *coverage-first* solve: every covered need is worth more
   than all other goals together (:func:`coverage_first_policy`), so the
   solver trades any number of kept pairs for one more covered need;
3. otherwise (a solver stopped early or without such weights) the fresh
   plan itself.

``coverage_allowance`` lets a planner accept up to that many fewer covered
needs than a fresh solve in exchange for fewer changes; the result then
states how many fewer it covers.

The returned plan carries ``rebalance`` (base plan id, number of changes,
pairs kept / added / removed / moved, ``covered``, ``fresh_covered``,
``coverage_allowance``, ``coverage_shortfall``, ``stage``) and
``metrics["changes"]``; :func:`mentornet.diff.diff_plans` shows the
fresh-solve coverage beside the rebalanced one.
"""

from __future__ import annotations

from typing import Any

from mentornet.diff import diff_plans
from mentornet.i18n import Message
from mentornet.model import History, HistoryPair, HistoryRole, Network, Plan, Policy

__all__ = ["STAGES", "coverage_first_policy", "dominant_continuity", "rebalance", "rebalance_inputs"]

#: How the returned plan was reached (``plan.rebalance["stage"]``), in the order tried.
STAGES = ("continuity", "coverage_first", "fresh")


def dominant_continuity(policy: Policy) -> int:
    """A continuity weight that outweighs any difference in pair quality.

    With strategy ``narrow``, repeating a base pair earns the full weight
    and another mentor for the same need half of it, so the half must
    exceed the largest quality gap between two mentors of one need: gain
    (up to 10 steps with scores), context, up to 100 km of travel, a mutual
    exchange and a few units of load balance.
    """
    w = policy.weights
    spread = (
        10 * w.gain + w.same_kind + w.same_settlement + w.resilient_for_adverse
        + 10 * w.travel_per_10km + 2 * w.mutual + 4 * w.balance
    )
    return max(w.continuity, 2 * spread + 2)


def coverage_first_policy(network: Network, policy: Policy) -> Policy:
    """``policy`` with every covered need worth more than all other goals together.

    The count of covered needs then comes first whatever the continuity
    weight: a big unit ``M`` is added to both cover weights, ``M`` above the
    largest total the other goals (weighted coverage, priorities, mentoring
    schools, pair quality, continuity, travel and balance) can reach on
    ``network``. Within one count, the original objective (with its
    continuity bonus) decides.
    """
    w = policy.weights
    needs = len(network.competences)  # at most one need per team: a safe bound
    km = policy.max_km if policy.max_km is not None else 20_038
    per_need = (
        max(w.cover_hidden_reserve, w.cover_promising) + w.priority_low_results + w.priority_adverse + w.priority_new
        + w.continuity + 10 * w.gain + w.same_kind + w.same_settlement + w.resilient_for_adverse
        + int(km // 10 + 1) * w.travel_per_10km + 2 * w.mutual + w.balance
    )
    unit = needs * per_need + len(network.schools) * w.school_mentors + 1
    weights = w.model_copy(update={"cover_hidden_reserve": unit + w.cover_hidden_reserve, "cover_promising": unit + w.cover_promising})
    return policy.model_copy(update={"weights": weights})


# The continuity clauses of mentornet.explain: the candidate graph's "last
# year" is the base plan here.
_CONTINUITY_CODES = ("pair.continues_pair", "pair.continues_direction", "pair.novelty")


def _reword_continuity(plan: Plan, base: Plan) -> Plan:
    """Say "kept from the base plan" / "moved from X" instead of "last year"."""
    before = {(p.trainee, p.direction): p.mentor for p in base.pairs}
    pairs = []
    for p in plan.pairs:
        old = before.get((p.trainee, p.direction))
        if old == p.mentor:
            new = Message(code="rebalance.kept")
        elif old is not None:
            new = Message(code="rebalance.moved", params={"mentor": old})
        else:
            new = Message(code="rebalance.new")
        why = list(p.why)
        at = next((i for i, m in enumerate(why) if m.code in _CONTINUITY_CODES), None)
        if at is None:
            why.append(new)
        else:
            why[at] = new
        pairs.append(p.model_copy(update={"why": tuple(why)}))
    return plan.with_changes(pairs=tuple(pairs))


def rebalance_inputs(network: Network, policy: Policy, base_plan: Plan, *, continuity: int | None = None) -> tuple[Network, Policy, Plan]:
    """The network, policy and warm start :func:`rebalance` solves with.

    Parameters
    ----------
    network : Network
        The edited network (a scenario after its what-if edits).
    policy : Policy
        The edited policy.
    base_plan : Plan
        The plan to disturb as little as possible.
    continuity : int, optional
        The continuity weight (default :func:`dominant_continuity`).
    """
    schools = {s.id for s in network.schools}
    teams = set(network.competence_of)
    year = max(network.history.last_year or 0, network.year or 0) + 1
    pairs = tuple(
        HistoryPair(year=year, mentor=p.mentor, trainee=p.trainee, direction=p.direction)
        for p in base_plan.pairs
        if p.mentor in schools and p.trainee in schools and (p.mentor, p.direction) in teams and (p.trainee, p.direction) in teams
    )
    roles = tuple(
        HistoryRole(year=year, school=r.school, direction=r.direction, role=r.role)
        for r in base_plan.roles
        if (r.school, r.direction) in teams
    )
    history = History(roles=network.history.roles + roles, pairs=network.history.pairs + pairs)
    weights = policy.weights.model_copy(update={"continuity": continuity if continuity is not None else dominant_continuity(policy)})
    new_policy = policy.model_copy(update={"strategy": "narrow", "weights": weights})
    kept_pairs = {(p.mentor, p.trainee, p.direction) for p in pairs}
    warm = base_plan.with_changes(
        pairs=tuple(p for p in base_plan.pairs if (p.mentor, p.trainee, p.direction) in kept_pairs),
        roles=tuple(r for r in base_plan.roles if (r.school, r.direction) in teams),
        deferred=tuple(d for d in base_plan.deferred if (d.school, d.direction) in teams),
        alternates=(),
    )
    return network.with_changes(history=history), new_policy, warm


def rebalance(
    network: Network,
    policy: Policy | None,
    base_plan: Plan,
    *,
    solver: str = "cpsat",
    progress: Any = None,
    stop: Any = None,
    continuity: int | None = None,
    base_plan_id: int | None = None,
    coverage_allowance: int = 0,
) -> Plan:
    """Re-plan ``network`` keeping as many pairs of ``base_plan`` as possible.

    Parameters
    ----------
    network, policy
        The edited scenario.
    base_plan : Plan
        The plan to keep close to (usually the approved or published one).
    solver : str
        Any registered solver; ``cpsat`` minimises disruption best.
    progress, stop
        As for :func:`mentornet.planning.solve`.
    continuity : int, optional
        Override the dominant continuity weight.
    base_plan_id : int, optional
        Recorded in the result for the service.
    coverage_allowance : int
        How many fewer needs than a fresh solve the planner accepts for
        fewer changes (default 0: at least the fresh solve's coverage).

    Returns
    -------
    Plan
        A checked plan of the edited network; ``plan.rebalance`` holds
        ``changes`` (pairs added + removed + moved against the base plan),
        ``kept``, ``added``, ``removed``, ``moved``, ``covered``,
        ``fresh_covered`` (needs a fresh solve of the same scenario covers),
        ``coverage_allowance``, ``coverage_shortfall`` (fresh minus covered,
        at least 0; never above the allowance) and ``stage`` (one of
        :data:`STAGES`); ``metrics["changes"]`` repeats the count.

    Raises
    ------
    InfeasibleError, SolverError
        As :func:`mentornet.planning.solve`.
    """
    from mentornet.planning import solve

    if coverage_allowance < 0:
        raise ValueError(f"coverage_allowance must be at least 0, not {coverage_allowance}")
    policy = policy or Policy()
    fresh = solve(network, policy, solver=solver, progress=progress, stop=stop)
    target = _covered(fresh) - coverage_allowance
    net, pol, warm = rebalance_inputs(network, policy, base_plan, continuity=continuity)
    stage, plan = "continuity", solve(net, pol, solver=solver, progress=progress, warm_start=warm, stop=stop)
    if _covered(plan) < target:
        first = solve(net, coverage_first_policy(net, pol), solver=solver, progress=progress, warm_start=warm, stop=stop)
        stage, plan = ("coverage_first", first) if _covered(first) >= target else ("fresh", fresh)
    plan = _reword_continuity(plan, base_plan)
    d = diff_plans(base_plan, plan)
    info = {
        "base_plan": base_plan_id,
        "changes": d.changes,
        "kept": d.kept,
        "added": len(d.added),
        "removed": len(d.removed),
        "moved": len(d.moved),
        "continuity_weight": pol.weights.continuity,
        "covered": _covered(plan),
        "fresh_covered": _covered(fresh),
        "coverage_allowance": coverage_allowance,
        "coverage_shortfall": max(0, _covered(fresh) - _covered(plan)),
        "stage": stage,
    }
    return plan.with_changes(metrics={**plan.metrics, "changes": d.changes}, rebalance=info)


def _covered(plan: Plan) -> int:
    """Needs with a mentor (one pair per covered need)."""
    return len({(p.trainee, p.direction) for p in plan.pairs})
