"""The greedy baseline: each trainee need, in priority order, takes its best free mentor.

An honest, fast, deterministic planner that the CP-SAT planner is measured
against (no randomness; the same input gives the same plan).

1. Roles by bands (:func:`mentornet.solvers._baseline.band_ranks`): levels
   and role locks are kept; a score in an ambiguous band takes the role of
   the plain thresholds. Kept (locked) pairs are taken first.
2. Trainee needs in priority order: hidden reserves before promising
   teams (larger deficits first), then priority schools (low results,
   adverse conditions, new), then needs with fewer candidate mentors, then
   by school and direction. Each takes the free candidate mentor with the
   best edge score (ties: more spare host capacity, more spare room in the
   direction, then the mentor's index), respecting the cap per (mentor,
   direction), the host capacity and the school's yearly limit of trainee
   directions. A need with no free mentor, or of a school at its limit, is
   deferred.
3. Repair for involvement (every school in at least one pair), see
   :func:`mentornet.solvers._baseline.repair_involvement`.

``progress``, ``warm_start`` and ``stop`` are accepted for the common
signature and not used, nor is ``policy.fairness`` (a CP-SAT option) (the planner finishes in well under a second).
"""

from __future__ import annotations

import time

from mentornet.graph.candidates import CandidateGraph, build_candidates
from mentornet.model import Network, Plan, Policy
from mentornet.solvers import ProgressCallback, StopCallback
from mentornet.solvers._baseline import State, finish, repair_involvement, start

__all__ = ["solve_greedy"]


def solve_greedy(
    network: Network,
    policy: Policy | None = None,
    *,
    progress: ProgressCallback | None = None,
    warm_start: Plan | None = None,
    stop: StopCallback | None = None,
) -> Plan:
    """Plan a network greedily (see the module docstring for the rule).

    Parameters
    ----------
    network : Network
    policy : Policy, optional
    progress, warm_start, stop
        Accepted for the :class:`~mentornet.solvers.Solver` signature; unused.

    Returns
    -------
    Plan
        With ``solver.name == "greedy"``, status ``FEASIBLE`` and the
        objective of :func:`mentornet.solvers.objective.plan_objective`.

    Raises
    ------
    InfeasibleError
        A school that can be in no pair, a kept pair that breaks a rule or
        a capacity, or curator limits that cannot be met.
    """
    started = time.perf_counter()
    policy = policy or Policy()
    cg = build_candidates(network, policy)
    state = start(cg)
    schools = network.schools

    def eligible(t: int, d: int) -> int:
        rows = cg.edges_by_need.get((t, d))
        return 0 if rows is None else sum(1 for r in rows.tolist() if state.rank_ok(r))

    needs = [(t, d) for (t, d) in state.needs() if (t, d) not in state.cover]
    needs.sort(key=lambda n: (state.ranks[n], not schools[n[0]].is_priority, -state.value(*n), eligible(*n), n[0], n[1]))
    # Sites with a limit of schools: attach every school once before its further needs take places.
    limited = bool(state.site_max_schools)
    passes = (True, False) if limited else (False,)
    for first_only in passes:
        _take(state, cg, needs, first_only)
    repair_involvement(state, "greedy")
    return finish(state, "greedy", started)


def _take(state: State, cg: CandidateGraph, needs: list[tuple[int, int]], first_only: bool) -> None:
    """Each need in order takes its best free mentor (``first_only``: only needs of schools in no pair yet)."""
    for t, d in needs:
        if (t, d) in state.cover or (first_only and state.learn[t] > 0):
            continue
        if state.learn[t] >= state.limit[t]:
            continue
        rows = cg.edges_by_need.get((t, d))
        if rows is None:
            continue
        best, best_key = None, None
        for row in rows.tolist():
            if not state.can_add(row):
                continue
            m = state.e_m[row]
            key = (-state.e_score[row] - state.site_bonus(row), -(state.host_cap[m] - state.host_load[m]),
                   -(state.cap[d] - state.dir_load[(m, d)]), m)
            if best_key is None or key < best_key:
                best, best_key = row, key
        if best is not None:
            state.add(best)
