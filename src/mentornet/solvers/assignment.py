"""The one min-cost-flow assignment of mentors to trainee needs.

Used by the flow baseline (:mod:`mentornet.solvers.flow`) and by CP-SAT's
warm start (:mod:`mentornet.solvers.cpsat.hint`). With roles fixed, the
choice of pairs under the caps is a network flow, solved exactly by
OR-Tools ``SimpleMinCostFlow``::

    source ──(cap: room in the yearly limit of trainee directions)──▶ trainee school
    trainee school ──(cap 1, cost −need value)──▶ need (school, direction)
    need ──(cap 1, cost −edge value)──▶ (mentor, direction)
    (mentor, direction) ──(cap: room in the cap per direction)──▶ mentor
    mentor ──(cap: room in the host capacity)──▶ sink
    source ──(cost 0)──▶ sink                      (deferral bypass)

The source supplies one unit per need; a unit through the bypass is a
deferred need. Need and edge values are the objective terms' linear values
(:func:`mentornet.solvers.objective.need_value`,
:func:`~mentornet.solvers.objective.edge_values`). A ``mentor_bonus`` (the
``school_mentors`` term) is a concave reward per mentor: the mentor → sink
arc splits into a first unit earning it and the rest, a convex cost, still
exact in a flow.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

from mentornet.errors import SolverError

__all__ = ["FlowProblem", "assign_by_flow"]


@dataclass
class FlowProblem:
    """The arrays of one assignment (all ``int64``).

    Attributes
    ----------
    mentor, trainee, direction : ndarray
        Per candidate pair (school and direction indices). Pairs are the
        ones the roles allow and that are still open (their need is not
        covered yet).
    need : ndarray
        Per candidate pair, a key of its need (the same for every pair of
        one trainee need, e.g. its team row).
    need_value, edge_value : ndarray
        Per candidate pair: the value of covering its need (read from the
        need's first pair) and the value of the pair itself.
    trainee_room : ndarray
        Per school: how many more needs it may have covered this year.
    dir_room : ndarray
        ``(school, direction)``: how many more trainees the school may take
        as a mentor in the direction.
    host_capacity, host_load : ndarray
        Per school: host capacity, and trainees it already hosts.
    mentor_bonus : int
        Reward of a mentor's first trainee (0: none).
    """

    mentor: np.ndarray
    trainee: np.ndarray
    direction: np.ndarray
    need: np.ndarray
    need_value: np.ndarray
    edge_value: np.ndarray
    trainee_room: np.ndarray
    dir_room: np.ndarray
    host_capacity: np.ndarray
    host_load: np.ndarray
    mentor_bonus: int = 0


def assign_by_flow(p: FlowProblem) -> np.ndarray:
    """The pairs of a maximum-value assignment (min-cost flow).

    Returns
    -------
    ndarray of bool
        Per candidate pair of ``p``: taken.

    Raises
    ------
    SolverError
        The flow solver failed (it should not: the bypass keeps it feasible).
    """
    n = len(p.mentor)
    taken = np.zeros(n, dtype=bool)
    if not n:
        return taken
    n_d = p.dir_room.shape[1]
    # Node numbering: 0 source, 1 sink, then trainee schools, needs, (mentor, direction), mentors.
    needs_u, need_idx = np.unique(p.need, return_inverse=True)
    md_u, md_idx = np.unique(p.mentor * n_d + p.direction, return_inverse=True)
    ment_u, ment_idx = np.unique(md_u // n_d, return_inverse=True)
    # The trainee school of each need (from its first pair).
    first = np.zeros(len(needs_u), dtype=np.int64)
    first[need_idx[::-1]] = np.arange(n)[::-1]
    tr_u, tr_idx_of_need = np.unique(p.trainee[first], return_inverse=True)
    base_tr = 2
    base_need = base_tr + len(tr_u)
    base_md = base_need + len(needs_u)
    base_m = base_md + len(md_u)
    supply = len(needs_u)
    host_room = np.maximum(p.host_capacity[ment_u] - p.host_load[ment_u], 0)
    if p.mentor_bonus:
        # The first trainee of a mentor that has none yet earns the bonus.
        first_cap = np.where(p.host_load[ment_u] == 0, np.minimum(p.host_capacity[ment_u], 1), 0)
        rest_cap = np.maximum(p.host_capacity[ment_u] - np.maximum(p.host_load[ment_u], 1), 0)
        sink_starts = np.concatenate([base_m + np.arange(len(ment_u)), base_m + np.arange(len(ment_u))])
        sink_caps = np.concatenate([first_cap, rest_cap])
        sink_costs = np.concatenate([np.full(len(ment_u), -p.mentor_bonus, dtype=np.int64),
                                     np.zeros(len(ment_u), dtype=np.int64)])
    else:
        sink_starts = base_m + np.arange(len(ment_u))
        sink_caps = host_room
        sink_costs = np.zeros(len(ment_u), dtype=np.int64)
    starts = np.concatenate([
        np.zeros(len(tr_u), dtype=np.int64),          # source -> trainee school
        base_tr + tr_idx_of_need,                       # school -> need
        base_need + need_idx,                           # need -> (mentor, direction)
        base_md + np.arange(len(md_u)),                 # (mentor, direction) -> mentor
        sink_starts,                                    # mentor -> sink
        [0],                                            # bypass
    ]).astype(np.int64)
    ends = np.concatenate([
        base_tr + np.arange(len(tr_u)),
        base_need + np.arange(len(needs_u)),
        base_md + md_idx,
        base_m + ment_idx,
        np.ones(len(sink_starts), dtype=np.int64),
        [1],
    ]).astype(np.int64)
    caps = np.concatenate([
        np.maximum(p.trainee_room[tr_u], 0),
        np.ones(len(needs_u), dtype=np.int64),
        np.ones(n, dtype=np.int64),
        np.maximum(p.dir_room[md_u // n_d, md_u % n_d], 0),
        sink_caps,
        [supply],
    ]).astype(np.int64)
    costs = np.concatenate([
        np.zeros(len(tr_u), dtype=np.int64),
        -p.need_value[first],
        -p.edge_value,
        np.zeros(len(md_u), dtype=np.int64),
        sink_costs,
        [0],
    ]).astype(np.int64)
    smcf = min_cost_flow.SimpleMinCostFlow()
    arcs = smcf.add_arcs_with_capacity_and_unit_cost(starts, ends, caps, costs)
    smcf.set_nodes_supplies(np.array([0, 1], dtype=np.int64), np.array([supply, -supply], dtype=np.int64))
    status = smcf.solve()
    if status != smcf.OPTIMAL:
        raise SolverError(f"the min-cost flow failed with status {status}")
    first_pair_arc = len(tr_u) + len(needs_u)
    flows = smcf.flows(arcs[first_pair_arc:first_pair_arc + n])
    taken[flows > 0] = True
    return taken
