"""The two-stage baseline: roles by bands, then pairs by min-cost flow.

1. Roles by bands, exactly as the greedy baseline
   (:func:`mentornet.solvers._baseline.band_ranks`); kept pairs first.
2. Pairs by the min-cost flow of :mod:`mentornet.solvers.assignment` on
   the candidate graph's edges whose roles allow them. The flow maximises
   the objective terms that are linear in the pairs (coverage value plus
   edge scores, and any registered term's linear values) exactly under
   every cap and the yearly limit (the soft goals that are not linear in
   the pairs — schools mentoring, mutual exchange, even load — are left to
   the CP-SAT planner).
3. Curator limits (not expressible in the flow): the flow's pairs are
   taken most valuable first while a curator in scope has room; then the
   repair for involvement (every school in at least one pair), as the
   greedy baseline.

Deterministic: arcs are added in a fixed order and the flow algorithm is
deterministic. ``progress``, ``warm_start`` and ``stop`` are accepted for
the common signature and not used, nor is ``policy.fairness`` (a CP-SAT
option).
"""

from __future__ import annotations

import time

import numpy as np

from mentornet.graph.candidates import CandidateGraph, build_candidates
from mentornet.model import Network, Plan, Policy
from mentornet.solvers import ProgressCallback, StopCallback
from mentornet.solvers._baseline import finish, repair_involvement, start
from mentornet.solvers.assignment import FlowProblem, assign_by_flow

__all__ = ["solve_flow"]


def solve_flow(
    network: Network,
    policy: Policy | None = None,
    *,
    progress: ProgressCallback | None = None,
    warm_start: Plan | None = None,
    stop: StopCallback | None = None,
) -> Plan:
    """Plan a network with roles by bands and pairs by min-cost flow.

    Parameters
    ----------
    network : Network
    policy : Policy, optional
    progress, warm_start, stop
        Accepted for the :class:`~mentornet.solvers.Solver` signature; unused.

    Returns
    -------
    Plan
        With ``solver.name == "flow"``, status ``FEASIBLE`` and the
        objective of :func:`mentornet.solvers.objective.plan_objective`.

    Raises
    ------
    InfeasibleError
        A school that can be in no pair, a kept pair that breaks a rule or
        a capacity, or curator limits that cannot be met.
    SolverError
        The flow solver failed (it should not: the bypass keeps it feasible).
    """
    started = time.perf_counter()
    policy = policy or Policy()
    cg = build_candidates(network, policy)
    state = start(cg)

    needs = [(t, d) for (t, d) in state.needs() if (t, d) not in state.cover and state.learn[t] < state.limit[t]]
    rows = [row for (t, d) in needs for row in _rows(cg, t, d) if state.rank_ok(row)]
    if rows:
        r = np.array(rows, dtype=np.int64)
        m, t, d = (np.array([getattr(state, a)[x] for x in rows], dtype=np.int64) for a in ("e_m", "e_t", "e_d"))
        n_s, n_d = len(cg.schools), max(len(cg.directions), 1)
        dir_room = np.tile(np.array(state.cap or [0], dtype=np.int64), (n_s, 1))
        for (mm, dd), k in state.dir_load.items():
            dir_room[mm, dd] -= k
        taken_mask = assign_by_flow(FlowProblem(
            mentor=m, trainee=t, direction=d,
            need=t * n_d + d,
            need_value=np.array([state.value(int(tt), int(dd)) for tt, dd in zip(t, d)], dtype=np.int64),
            edge_value=np.array([state.e_score[x] for x in rows], dtype=np.int64),
            trainee_room=np.array([lim - lrn for lim, lrn in zip(state.limit, state.learn)], dtype=np.int64),
            dir_room=dir_room,
            host_capacity=np.array(state.host_cap, dtype=np.int64),
            host_load=np.array(state.host_load, dtype=np.int64),
        ))
        taken = r[taken_mask].tolist()
        # Curator limits are not part of the flow: pairs a curator cannot take wait (most valuable first).
        ordered = sorted(taken, key=lambda x: (-(state.value(state.e_t[x], state.e_d[x]) + state.e_score[x]), x))
        if state.site_max_schools:
            # Site limits of schools are not part of the flow either: every school's first pair goes first.
            for row in ordered:
                if state.learn[state.e_t[row]] == 0 and state.can_add(row):
                    state.add(row)
        for row in ordered:
            if state.can_add(row):
                state.add(row)
    repair_involvement(state, "flow")
    return finish(state, "flow", started)


def _rows(cg: CandidateGraph, t: int, d: int) -> list[int]:
    rows = cg.edges_by_need.get((t, d))
    return [] if rows is None else rows.tolist()
