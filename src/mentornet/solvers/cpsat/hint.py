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

from mentornet.errors import InfeasibleError, SolverError
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
    ``built.edges``) and the curators of each covered team row by kind (from the repair)."""

    ranks: np.ndarray
    chosen: np.ndarray
    curators: dict[tuple[int, str], str] = field(default_factory=dict)


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
    # The repair assigned curators within their limits: the hint keeps them ((team row, kind) -> curator).
    curators = {(cg.team_row[(int(t), int(d))], kind): c for (t, d), row in state.cover.items()
                for kind, c in state.cur_by_row.get(row, {}).items()}
    return Hint(np.array([state.ranks[(int(s), int(d))] for s, d in keys], dtype=np.int64), chosen, curators)


def hint_arrays(built: CpsatModel, hint: Hint) -> None:
    """Hint every variable from index-level decisions (a complete hint when they are feasible).

    A team row's curator variable follows ``hint.curators`` when it names
    one in scope, else the least relatively loaded curator with room.
    """
    ranks, chosen = hint.ranks, hint.chosen
    model = built.model
    cg = built.cg
    model.clear_hints()
    for i, bs in built.rank_vars.items():
        for r, b in bs.items():
            model.add_hint(b, bool(ranks[i] == r))
    for v, on in zip(built.x, chosen.tolist()):
        model.add_hint(v, on)
    if built.site_vars:
        n_g = len(cg.sites.group_ids)
        learns_at = set((built.et[chosen] * n_g + cg.sites.group[built.em[chosen]]).tolist())
        for (t, g), y in built.site_vars.items():
            model.add_hint(y, t * n_g + g in learns_at)
    if built.group_open:
        runs = set(zip(built.em[chosen].tolist(), built.ed[chosen].tolist()))
        for key, opened in built.group_open.items():
            model.add_hint(opened, key in runs)
    if built.curator_vars or built.curator_school_vars:
        E = built.edges
        covered = {cg.team_row[(int(t), int(d))] for t, d in zip(built.et[chosen], E["direction"].to_numpy()[chosen])}
        school_of = {i: int(s) for i, s in enumerate(built.t_school.tolist())}
        used: dict[str, int] = defaultdict(int)
        schools: dict[str, set[int]] = defaultdict(set)
        for (i, _kind), c in built.curator_fixed.items():
            if i in covered:
                used[c] += 1
                schools[c].add(school_of[i])
        curs = cg.network.curator_by_id

        def room(c: str, s: int) -> bool:
            cur = curs[c]
            if cur.max_teams is not None and used[c] >= cur.max_teams:
                return False
            return cur.max_schools is None or s in schools[c] or len(schools[c]) < cur.max_schools

        for (i, kind), ys in sorted(built.curator_vars.items()):
            pick = None
            if i in covered:
                s_i = school_of[i]
                free = [c for c in ys if room(c, s_i)]
                given = hint.curators.get((i, kind))
                if given in free:
                    pick = given
                else:
                    pick = min(free, key=lambda c: (s_i not in schools[c], used[c] / max(curs[c].max_teams or 10**6, 1), c)) if free else None
                if pick is not None:
                    used[pick] += 1
                    schools[pick].add(s_i)
            for c, y in ys.items():
                model.add_hint(y, c == pick)
        for c, zs in built.curator_school_vars.items():
            for s_i, z in zs.items():
                model.add_hint(z, s_i in schools[c])
        built.curator_hint = {c: (used[c], len(schools[c])) for c in set(used) | set(schools)}
    else:
        built.curator_hint = {}
    for term in registered_terms():
        term.hint(built, ranks, chosen)


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
    rows = built.edges["row"].to_numpy()[hint.chosen]
    trainee = built.et[hint.chosen]
    direction = built.ed[hint.chosen]
    # The hint's curators by (team row, kind), read back per chosen row (a value estimate for comparing hints).
    by_team: dict[int, list[str]] = defaultdict(list)
    for (i, _kind), c in sorted(hint.curators.items()):
        by_team[i].append(c)
    curators = {int(r): tuple(by_team.get(cg.team_row[(int(t), int(d))], ())) for r, t, d in zip(rows, trainee, direction)}
    return plan_objective(cg, rk, rows, curators)[0]


def involves_all(built: CpsatModel, chosen: np.ndarray) -> bool:
    """Whether the chosen edges put every school that must take part (hard constraint 5) into a pair."""
    n_s = len(built.cg.schools)
    E = built.edges
    touched = np.zeros(n_s, dtype=bool)
    touched[E["mentor"].to_numpy()[chosen]] = True
    touched[E["trainee"].to_numpy()[chosen]] = True
    return bool((touched | ~built.cg.sites.required).all())


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


def hint_curators(built: CpsatModel, hint: Hint) -> dict[int, tuple[str, ...]] | None:
    """The curators of every chosen edge of a hint (by ``cg.edges`` row), one per kind in scope, within the limits.

    None when the limits leave some chosen pair without a curator (the hint is
    then not a plan by itself).
    """
    rows = built.edges["row"].to_numpy()[np.nonzero(hint.chosen)[0]]
    try:
        return assign_curators(built.cg, [int(r) for r in rows])
    except InfeasibleError:
        return None
