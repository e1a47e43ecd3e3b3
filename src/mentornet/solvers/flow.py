"""The two-stage baseline: roles by bands, then pairs by min-cost flow.

1. Roles by bands, exactly as the greedy baseline
   (:func:`mentornet.solvers._baseline.band_ranks`); kept pairs first.
2. Pairs by a min-cost flow (OR-Tools ``SimpleMinCostFlow``) on the
   candidate graph's edges whose roles allow them::

       source ──(cap: yearly limit of trainee directions)──▶ trainee school
       trainee school ──(cap 1, cost −coverage value)──▶ need (school, direction)
       need ──(cap 1, cost −edge score)──▶ (mentor, direction)
       (mentor, direction) ──(cap: cap per direction)──▶ mentor
       mentor ──(cap: host capacity)──▶ sink
       source ──(cost 0)──▶ sink                      (deferral bypass)

   The source supplies one unit per trainee need; a unit through the
   bypass is a deferred need. The flow therefore maximises coverage value
   plus edge scores exactly under every cap and the yearly limit (the
   soft goals that are not linear in the pairs — schools mentoring, mutual
   exchange, even load — are left to the CP-SAT planner).
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
from ortools.graph.python import min_cost_flow

from mentornet.errors import SolverError
from mentornet.graph.candidates import build_candidates
from mentornet.model import Network, Plan, Policy
from mentornet.solvers._baseline import finish, repair_involvement, start

__all__ = ["solve_flow"]


def solve_flow(
    network: Network,
    policy: Policy | None = None,
    *,
    progress=None,
    warm_start: Plan | None = None,
    stop=None,
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
    if needs:
        SOURCE, SINK = 0, 1
        nodes = 2
        school_node: dict[int, int] = {}
        need_node: dict[tuple[int, int], int] = {}
        md_node: dict[tuple[int, int], int] = {}
        mentor_node: dict[int, int] = {}
        starts: list[int] = []
        ends: list[int] = []
        caps: list[int] = []
        costs: list[int] = []
        pair_arcs: list[tuple[int, int]] = []  # (arc index, edge row)

        def arc(a: int, b: int, cap: int, cost: int) -> int:
            starts.append(a)
            ends.append(b)
            caps.append(cap)
            costs.append(cost)
            return len(starts) - 1

        for t, d in needs:
            if t not in school_node:
                school_node[t] = nodes
                nodes += 1
                arc(SOURCE, school_node[t], state.limit[t] - state.learn[t], 0)
            need_node[(t, d)] = nodes
            nodes += 1
            arc(school_node[t], need_node[(t, d)], 1, -state.value(t, d))
            rows = cg.edges_by_need.get((t, d))
            for row in ([] if rows is None else rows.tolist()):
                if not state.rank_ok(row):
                    continue
                m = state.e_m[row]
                if (m, d) not in md_node:
                    md_node[(m, d)] = nodes
                    nodes += 1
                pair_arcs.append((arc(need_node[(t, d)], md_node[(m, d)], 1, -state.e_score[row]), row))
        for (m, d), node in md_node.items():
            if m not in mentor_node:
                mentor_node[m] = nodes
                nodes += 1
            arc(node, mentor_node[m], max(state.cap[d] - state.dir_load[(m, d)], 0), 0)
        for m, node in mentor_node.items():
            arc(node, SINK, max(state.host_cap[m] - state.host_load[m], 0), 0)
        supply = len(needs)
        arc(SOURCE, SINK, supply, 0)

        smcf = min_cost_flow.SimpleMinCostFlow()
        smcf.add_arcs_with_capacity_and_unit_cost(
            np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64),
            np.array(caps, dtype=np.int64), np.array(costs, dtype=np.int64),
        )
        smcf.set_nodes_supplies(np.array([SOURCE, SINK], dtype=np.int64), np.array([supply, -supply], dtype=np.int64))
        status = smcf.solve()
        if status != smcf.OPTIMAL:
            raise SolverError(f"the min-cost flow failed with status {status}")
        arcs = np.array([a for a, _ in pair_arcs], dtype=np.int64)
        flows = smcf.flows(arcs) if len(arcs) else np.array([], dtype=np.int64)
        taken = [row for (_, row), f in zip(pair_arcs, flows.tolist()) if f > 0]
        # Curator limits are not part of the flow: pairs a curator cannot take wait (most valuable first).
        for row in sorted(taken, key=lambda r: (-(state.value(state.e_t[r], state.e_d[r]) + state.e_score[r]), r)):
            if state.can_add(row):
                state.add(row)
    repair_involvement(state, "flow")
    return finish(state, "flow", started)
