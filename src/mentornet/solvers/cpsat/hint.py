"""CP-SAT's warm start: a complete, feasible hint before the search.

Every solve starts from a complete hint (all variables hinted, so CP-SAT
takes it as its first solution): :func:`flow_hint` fixes roles by bands
(:func:`mentornet.solvers.ranks.band_rank_array`) and solves the
objective's linear terms plus the concave "school mentors somewhere"
reward exactly with the shared min-cost flow
(:func:`mentornet.solvers.assignment.assign_by_flow`), keeps locked pairs,
then the baselines' repair (:func:`mentornet.solvers._baseline.mend`:
curator limits, then involvement by the best moves that leave every
other school involved). A ``warm_start`` plan (last year's, a baseline's) is mapped by
:func:`indices_from_plan` and mended the same way. Each term hints its own
auxiliary variables (:meth:`~mentornet.solvers.objective.ObjectiveTerm.hint`).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from mentornet.errors import SolverError
from mentornet.model import Plan
from mentornet.solvers._baseline import mend
from mentornet.solvers._plan import assign_curators
from mentornet.solvers.assignment import FlowProblem, assign_by_flow
from mentornet.solvers.cpsat.model import CpsatModel
from mentornet.solvers.objective import (
    edge_values,
    mentor_bonus,
    need_value,
    plan_objective,
    registered_terms,
)
from mentornet.solvers.ranks import band_rank_array

__all__ = [
    "Hint",
    "flow_hint",
    "hint_arrays",
    "group_curators",
    "hint_curators",
    "hint_from_solution",
    "hint_solution",
    "indices_from_plan",
    "involves_all",
    "value_of",
]

log = logging.getLogger(__name__)


@dataclass
class Hint:
    """Index-level decisions to hint: ``ranks[team row]``, ``chosen`` (a mask over
    ``built.edges``) and the curator of each covered team row (from the repair)."""

    ranks: np.ndarray
    chosen: np.ndarray
    curators: dict[int, str] = field(default_factory=dict)


def flow_hint(built: CpsatModel) -> Hint:
    """A good feasible-looking start: ranks by bands, pairs by min-cost flow.

    Maximises the objective's linear terms (coverage value + edge score)
    and the concave mentor bonus under the caps per (mentor, direction),
    host capacities and yearly limits, keeps locked pairs, then
    :func:`_mend` mends curator limits and involvement. Vectorised; fast
    at scale.

    Returns
    -------
    Hint
    """
    cg = built.cg
    net, pol = cg.network, cg.policy
    E = built.edges
    n_e = len(E)
    ranks = band_rank_array(cg)
    chosen = np.zeros(n_e, dtype=bool)
    if not n_e:
        return Hint(ranks, chosen)
    t_school = cg.teams["school"].to_numpy()
    n_s, n_d = len(cg.schools), max(len(cg.directions), 1)
    team_of = np.full((n_s, n_d), -1, dtype=np.int64)
    team_of[t_school, cg.teams["direction"].to_numpy()] = np.arange(len(cg.teams))
    em, et, ed = built.em, built.et, built.ed
    rm, rt = ranks[team_of[em, ed]], ranks[team_of[et, ed]]
    ok = (rm > rt) & (rt <= 1)
    cap_d = np.array([pol.cap_of(d) for d in net.directions] or [0], dtype=np.int64)
    host = np.array([pol.host_capacity_of(s) for s in net.schools], dtype=np.int64)
    limit = np.array([pol.max_trainee_directions_of(s) for s in net.schools], dtype=np.int64)
    need_team = team_of[et, ed]

    # Locked pairs first.
    locked = E["locked"].to_numpy() & ok
    chosen |= locked
    dir_load = np.zeros((n_s, n_d), dtype=np.int64)
    np.add.at(dir_load, (em[locked], ed[locked]), 1)
    host_load = np.bincount(em[locked], minlength=n_s)
    learn = np.bincount(et[locked], minlength=n_s)
    covered = np.zeros(len(cg.teams), dtype=bool)
    covered[need_team[locked]] = True

    cand = np.nonzero(ok & ~covered[need_team])[0]
    if len(cand):
        values = edge_values(cg)[E["row"].to_numpy()]
        problem = FlowProblem(
            mentor=em[cand], trainee=et[cand], direction=ed[cand], need=need_team[cand],
            need_value=np.array([need_value(cg, int(s), int(min(r, 1))) for s, r in zip(et[cand], rt[cand])], dtype=np.int64),
            edge_value=values[cand],
            trainee_room=limit - learn,
            dir_room=cap_d[None, :] - dir_load,
            host_capacity=host,
            host_load=host_load,
            mentor_bonus=mentor_bonus(cg),
        )
        try:
            chosen[cand[assign_by_flow(problem)]] = True
        except SolverError as exc:
            log.warning("warm start: %s; the hint keeps the locked pairs only before repair", exc)

    # Locked pairs first, then the flow's pairs most valuable first (curator limits may refuse the last ones).
    values = edge_values(cg)[E["row"].to_numpy()]
    locked_all = E["locked"].to_numpy()
    order = sorted(np.nonzero(chosen)[0].tolist(), key=lambda e: (not locked_all[e], -int(values[e]), e))
    return _mend(built, ranks, order)


def _mend(built: CpsatModel, ranks: np.ndarray, positions: list[int]) -> Hint:
    """Index-level decisions mended by the baselines' one repair routine (:func:`mentornet.solvers._baseline.mend`).

    ``positions`` (in ``built.edges``) are taken in order where every cap,
    limit and curator allows, then involvement is repaired.
    """
    cg = built.cg
    keys = list(zip(cg.teams["school"].tolist(), cg.teams["direction"].tolist()))
    rows = built.edges["row"].to_numpy()
    state = mend(cg, {(int(s), int(d)): int(r) for (s, d), r in zip(keys, ranks.tolist())},
                 [int(rows[p]) for p in positions], "warm start")
    pos_of_row = {int(r): p for p, r in enumerate(rows.tolist())}
    chosen = np.zeros(len(rows), dtype=bool)
    chosen[[pos_of_row[r] for r in state.chosen()]] = True  # mended pairs are usable edges, all in the model
    # The repair assigned curators within their limits: the hint keeps them (team row -> curator).
    curators = {cg.team_row[(int(t), int(d))]: c for (t, d), row in state.cover.items() if (c := state.cur_of.get(row))}
    return Hint(np.array([state.ranks[(int(s), int(d))] for s, d in keys], dtype=np.int64), chosen, curators)


def hint_arrays(built: CpsatModel, hint: Hint) -> None:
    """Hint every variable from index-level decisions (a complete hint when they are feasible).

    A curator group's counts follow :func:`group_curators`.
    """
    ranks, chosen = hint.ranks, hint.chosen
    model = built.model
    model.clear_hints()
    for i, bs in built.rank_vars.items():
        for r, b in bs.items():
            model.add_hint(b, bool(ranks[i] == r))
    for v, on in zip(built.x, chosen.tolist()):
        model.add_hint(v, on)
    for term in registered_terms():
        term.hint(built, ranks, chosen)
    if built.curator_groups:
        picks = group_curators(built, hint)
        counts: dict[tuple[str, ...], dict[str, int]] = defaultdict(lambda: defaultdict(int))
        group_of = {i: scope for scope, (rows, _ns) in built.curator_groups.items() for i in rows}
        for i, c in picks.items():
            counts[group_of[i]][c] += 1
        for scope, (_rows, ns) in built.curator_groups.items():
            for c, n in ns.items():
                model.add_hint(n, counts[scope][c])


def group_curators(built: CpsatModel, hint: Hint) -> dict[int, str]:
    """The curator of every covered need of a curator group (team row -> curator) for a hint.

    The hint's own curator when it is in scope and has room, else the least
    relatively loaded limited curator with room (the loads of the needs
    with a single limited curator counted first).
    """
    cg = built.cg
    chosen = hint.chosen
    covered = {cg.team_row[(int(t), int(d))] for t, d in zip(built.et[chosen], built.ed[chosen])}
    used: dict[str, int] = defaultdict(int)
    for i, c in built.curator_fixed.items():
        if i in covered:
            used[c] += 1
    limits = {c.id: c.max_teams or 0 for c in cg.network.curators if c.max_teams is not None}
    picks: dict[int, str] = {}
    for scope, (rows, _ns) in sorted(built.curator_groups.items()):
        for i in rows:
            if i not in covered:
                continue
            room = [c for c in scope if used[c] < limits[c]]
            given = hint.curators.get(i)
            pick = given if given in room else (min(room, key=lambda c: (used[c] / max(limits[c], 1), c)) if room else scope[0])
            picks[i] = pick
            used[pick] += 1
    return picks


def indices_from_plan(built: CpsatModel, plan: Plan) -> Hint:
    """A plan (last year's, a baseline's) as ranks and chosen edges of this model.

    Roles outside a team's allowed interval are clipped; pairs the candidate
    graph does not have, or that break the order, a cap, a limit, a
    curator's limit or the one-mentor rule, are left out; then involvement
    is repaired (:func:`mentornet.solvers._baseline.mend`).
    """
    cg = built.cg
    rank_of = {"leader": 2, "promising": 1, "hidden_reserve": 0}
    ranks = band_rank_array(cg)
    role_of = plan.role_of
    lo, hi = cg.teams["rank_min"].to_numpy(), cg.teams["rank_max"].to_numpy()
    for i, (s, d) in enumerate(zip(cg.teams["school"].tolist(), cg.teams["direction"].tolist())):
        role = role_of.get((cg.schools[s], cg.directions[d]))
        if role is not None:
            ranks[i] = min(max(rank_of[role.value], lo[i]), hi[i])
    E = built.edges
    pos = {k: p for p, k in enumerate(zip(built.em.tolist(), built.et.tolist(), built.ed.tolist()))}
    s_idx, d_idx = cg.school_index, cg.direction_index
    locked_first = sorted(np.nonzero(E["locked"].to_numpy())[0].tolist()) if len(E) else []
    wanted = [pos.get((s_idx.get(p.mentor, -1), s_idx.get(p.trainee, -1), d_idx.get(p.direction, -1))) for p in plan.pairs]
    return _mend(built, ranks, locked_first + [w for w in wanted if w is not None])


def value_of(built: CpsatModel, hint: Hint) -> int:
    """The objective of a hint (:func:`mentornet.solvers.objective.plan_objective`)."""
    cg = built.cg
    rk = {(int(s), int(d)): int(r) for s, d, r in zip(cg.teams["school"], cg.teams["direction"], hint.ranks)}
    return plan_objective(cg, rk, built.edges["row"].to_numpy()[hint.chosen])[0]


def involves_all(built: CpsatModel, chosen: np.ndarray) -> bool:
    """Whether the chosen edges put every school into a pair."""
    n_s = len(built.cg.schools)
    E = built.edges
    touched = np.zeros(n_s, dtype=bool)
    touched[E["mentor"].to_numpy()[chosen]] = True
    touched[E["trainee"].to_numpy()[chosen]] = True
    return bool(touched.all())


def hint_from_solution(built: CpsatModel, solver: cp_model.CpSolver) -> None:
    """Hint every variable with a solver's solution (a complete, feasible hint)."""
    model = built.model
    model.clear_hints()
    for i in range(len(model.proto.variables)):
        v = model.get_int_var_from_proto_index(i)
        model.add_hint(v, solver.value(v))


def hint_solution(built: CpsatModel) -> cp_model.CpSolver | None:
    """The hint as a solution, when it meets every constraint (all variables fixed: instant)."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.fix_variables_to_their_hinted_value = True
    p.num_workers = 1
    p.max_time_in_seconds = 10.0
    p.cp_model_probing_level = 0
    status = solver.solve(built.model)
    return solver if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None



def hint_curators(built: CpsatModel, hint: Hint) -> dict[int, str | None]:
    """The curator of every chosen edge of a hint (by ``cg.edges`` row), within the limits.

    The same choice as :func:`hint_arrays` makes for the curator variables:
    the only limited curator in scope, else the hint's own, else the least
    relatively loaded limited one with room; needs with an unlimited
    curator in scope get the least loaded unlimited one.
    """
    cg = built.cg
    net = cg.network
    pos = np.nonzero(hint.chosen)[0]
    rows = built.edges["row"].to_numpy()
    if built.scopes is None:
        return dict.fromkeys(int(rows[p]) for p in pos)
    limits = {c.id: c.max_teams for c in net.curators if c.max_teams is not None}
    if not limits:
        return assign_curators(cg, [int(rows[p]) for p in pos])
    out: dict[int, str | None] = {}
    load: dict[str, int] = defaultdict(int)
    team = {int(p): cg.team_row[(int(built.et[p]), int(built.ed[p]))] for p in pos}
    for q in pos.tolist():
        i = team[q]
        if i in built.curator_fixed:
            out[int(rows[q])] = built.curator_fixed[i]
            load[built.curator_fixed[i]] += 1
    picks = group_curators(built, hint)
    pending = []
    for q in sorted(pos.tolist(), key=lambda q: team[q]):
        i = team[q]
        if i in built.curator_fixed:
            continue
        if i in picks:
            out[int(rows[q])] = picks[i]
            load[picks[i]] += 1
        else:
            pending.append(q)
    for p in pending:
        scope = built.scopes.get((int(built.et[p]), int(built.ed[p])), ())
        unlimited = [c for c in scope if net.curator_by_id[c].max_teams is None]
        c = min(unlimited, key=lambda c: (load[c], c))
        out[int(rows[p])] = c
        load[c] += 1
    return out
