"""CP-SAT's warm start: a complete, feasible hint before the search.

Every solve starts from a complete hint (all variables hinted, so CP-SAT
takes it as its first solution): :func:`flow_hint` fixes roles by bands
(:func:`mentornet.solvers.ranks.band_rank_array`) and solves the
objective's linear terms plus the concave "school mentors somewhere"
reward exactly with the shared min-cost flow
(:func:`mentornet.solvers.assignment.assign_by_flow`), keeps locked pairs,
then :func:`repair` mends curator limits and involvement (a free place, a
mentor taking over a trainee, a trainee bumping another that stays
involved). A ``warm_start`` plan (last year's, a baseline's) is mapped by
:func:`indices_from_plan` and mended the same way. Each term hints its own
auxiliary variables (:meth:`~mentornet.solvers.objective.ObjectiveTerm.hint`).
"""

from __future__ import annotations

import logging
from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from mentornet.errors import SolverError
from mentornet.model import Plan
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
    "flow_hint",
    "hint_arrays",
    "hint_from_solution",
    "hint_solution",
    "indices_from_plan",
    "involves_all",
    "repair",
    "value_of",
]

log = logging.getLogger(__name__)


def flow_hint(built: CpsatModel) -> tuple[np.ndarray, np.ndarray]:
    """A good feasible-looking start: ranks by bands, pairs by min-cost flow.

    Maximises the objective's linear terms (coverage value + edge score)
    and the concave mentor bonus under the caps per (mentor, direction),
    host capacities and yearly limits, keeps locked pairs, then
    :func:`repair` mends curator limits and involvement. Vectorised; fast
    at scale.

    Returns
    -------
    (ranks, chosen)
        ``ranks[team row]`` and a boolean mask over ``built.edges``.
    """
    cg = built.cg
    net, pol = cg.network, cg.policy
    E = built.edges
    n_e = len(E)
    ranks = band_rank_array(cg)
    chosen = np.zeros(n_e, dtype=bool)
    if not n_e:
        return ranks, chosen
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

    repair(built, ranks, chosen, ok, cap_d, host, limit, need_team)
    return ranks, chosen


def repair(built: CpsatModel, ranks: np.ndarray, chosen: np.ndarray, ok: np.ndarray, cap_d: np.ndarray,
           host: np.ndarray, limit: np.ndarray, need_team: np.ndarray) -> None:
    """Make a hint meet curator limits and involvement, in place (best effort).

    Curator limits: pairs beyond a limited curator's capacity are dropped
    (least valuable first). Involvement, per school left in no pair: take a
    free place (a pair into a need nobody covers, within every cap); else
    take over a trainee from a mentor who stays involved; else, as a
    trainee, bump a trainee of a full mentor who stays involved.
    """
    cg = built.cg
    E = built.edges
    n_s, n_d = len(cg.schools), max(len(cg.directions), 1)
    em, et, ed = built.em, built.et, built.ed
    # The objective's linear value of each edge (its score, plus any registered linear term).
    score = edge_values(cg)[E["row"].to_numpy()] if len(E) else np.zeros(0, dtype=np.int64)
    locked = E["locked"].to_numpy()

    # -- curator limits ------------------------------------------------------
    net = cg.network
    limits = {c.id: c.max_teams for c in net.curators if c.max_teams is not None}
    if built.curator_fixed or built.curator_vars:
        load: dict[str, int] = defaultdict(int)
        for e in sorted(np.nonzero(chosen)[0].tolist(), key=lambda e: (not locked[e], -score[e], e)):
            i = int(need_team[e])
            if i in built.curator_fixed:
                c = built.curator_fixed[i]
            elif i in built.curator_vars:
                room = [c for c in built.curator_vars[i] if load[c] < limits[c]]
                c = min(room, key=lambda c: (load[c] / max(limits[c], 1), c)) if room else None
            else:
                continue
            if c is None or load[c] >= limits[c]:
                chosen[e] = False
                continue
            load[c] += 1

    def free_curator(e: int) -> bool:
        i = int(need_team[e])
        if i in built.curator_fixed:
            c = built.curator_fixed[i]
            return _curator_load(built, chosen, need_team, c) < limits[c]
        if i in built.curator_vars:
            return any(_curator_load(built, chosen, need_team, c) < limits[c] for c in built.curator_vars[i])
        return True

    # -- involvement -----------------------------------------------------------
    dir_load = np.zeros((n_s, n_d), dtype=np.int64)
    np.add.at(dir_load, (em[chosen], ed[chosen]), 1)
    host_load = np.bincount(em[chosen], minlength=n_s)
    learn = np.bincount(et[chosen], minlength=n_s)
    covered_by = np.full(len(cg.teams), -1, dtype=np.int64)
    covered_by[need_team[chosen]] = np.nonzero(chosen)[0]
    pairs = np.bincount(em[chosen], minlength=n_s) + np.bincount(et[chosen], minlength=n_s)
    order = np.argsort(-score, kind="stable")

    def take(e: int) -> None:
        chosen[e] = True
        covered_by[need_team[e]] = e
        dir_load[em[e], ed[e]] += 1
        host_load[em[e]] += 1
        learn[et[e]] += 1
        pairs[em[e]] += 1
        pairs[et[e]] += 1

    def drop(e: int) -> None:
        chosen[e] = False
        covered_by[need_team[e]] = -1
        dir_load[em[e], ed[e]] -= 1
        host_load[em[e]] -= 1
        learn[et[e]] -= 1
        pairs[em[e]] -= 1
        pairs[et[e]] -= 1

    def room(e: int) -> bool:
        m, d = em[e], ed[e]
        return dir_load[m, d] < cap_d[d] and host_load[m] < host[m]

    for s in np.nonzero(pairs == 0)[0].tolist():
        mine = order[((em[order] == s) | (et[order] == s)) & ok[order]].tolist()
        done = False
        # 1. a free place
        for e in mine:
            if covered_by[need_team[e]] < 0 and learn[et[e]] < limit[et[e]] and room(e) and free_curator(e):
                take(e)
                done = True
                break
        if done:
            continue
        # 2. as a mentor, take over a covered trainee whose mentor stays involved
        for e in mine:
            if em[e] != s or not room(e):
                continue
            old = covered_by[need_team[e]]
            if old >= 0 and not locked[old] and pairs[em[old]] >= 2:
                drop(old)
                take(e)
                done = True
                break
        if done:
            continue
        # 3. as a trainee, bump a trainee of a full mentor (the bumped school stays involved)
        for e in mine:
            if et[e] != s or covered_by[need_team[e]] >= 0 or learn[s] >= limit[s]:
                continue
            m, d = em[e], ed[e]
            full_dir = dir_load[m, d] >= cap_d[d]
            victims = [v for v in np.nonzero(chosen & (em == m))[0].tolist()
                       if not locked[v] and pairs[et[v]] >= 2 and (ed[v] == d or not full_dir)]
            if victims:
                v = min(victims, key=lambda v: (score[v], v))
                drop(v)
                if room(e):
                    take(e)
                    break
                take(v)


def _curator_load(built: CpsatModel, chosen: np.ndarray, need_team: np.ndarray, c: str) -> int:
    rows = [i for i, cc in built.curator_fixed.items() if cc == c]
    return int(np.isin(need_team[chosen], rows).sum())


def hint_arrays(built: CpsatModel, ranks: np.ndarray, chosen: np.ndarray) -> None:
    """Hint every variable from index-level decisions (a complete hint when they are feasible)."""
    model = built.model
    cg = built.cg
    model.clear_hints()
    for i, bs in built.rank_vars.items():
        for r, b in bs.items():
            model.add_hint(b, bool(ranks[i] == r))
    for v, on in zip(built.x, chosen.tolist()):
        model.add_hint(v, on)
    for term in registered_terms():
        term.hint(built, ranks, chosen)
    if built.curator_vars:
        E = built.edges
        covered = {cg.team_row[(int(t), int(d))] for t, d in zip(built.et[chosen], E["direction"].to_numpy()[chosen])}
        used: dict[str, int] = defaultdict(int)
        for i, c in built.curator_fixed.items():
            if i in covered:
                used[c] += 1
        limits = {c.id: c.max_teams for c in cg.network.curators if c.max_teams is not None}
        for i, ys in sorted(built.curator_vars.items()):
            pick = None
            if i in covered:
                room = [c for c in ys if used[c] < limits[c]]
                pick = min(room, key=lambda c: (used[c] / max(limits[c], 1), c)) if room else None
                if pick is not None:
                    used[pick] += 1
            for c, y in ys.items():
                model.add_hint(y, c == pick)


def indices_from_plan(built: CpsatModel, plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """A plan (last year's, a baseline's) as ranks and chosen edges of this model.

    Roles outside a team's allowed interval are clipped; pairs the candidate
    graph does not have, or that break the order, a cap, a limit or the
    one-mentor rule, are left out; then :func:`repair` mends involvement and
    curator limits.
    """
    cg = built.cg
    net, pol = cg.network, cg.policy
    rank_of = {"leader": 2, "promising": 1, "hidden_reserve": 0}
    ranks = band_rank_array(cg)
    role_of = plan.role_of
    lo, hi = cg.teams["rank_min"].to_numpy(), cg.teams["rank_max"].to_numpy()
    for i, (s, d) in enumerate(zip(cg.teams["school"].tolist(), cg.teams["direction"].tolist())):
        role = role_of.get((cg.schools[s], cg.directions[d]))
        if role is not None:
            ranks[i] = min(max(rank_of[role.value], lo[i]), hi[i])
    E = built.edges
    n_s, n_d = len(cg.schools), max(len(cg.directions), 1)
    em, et, ed = (E[c].to_numpy(dtype=np.int64) for c in ("mentor", "trainee", "direction"))
    team_of = np.full((n_s, n_d), -1, dtype=np.int64)
    team_of[cg.teams["school"].to_numpy(), cg.teams["direction"].to_numpy()] = np.arange(len(cg.teams))
    need_team = team_of[et, ed] if len(E) else np.zeros(0, dtype=np.int64)
    ok = (ranks[team_of[em, ed]] > ranks[need_team]) & (ranks[need_team] <= 1) if len(E) else np.zeros(0, dtype=bool)
    pos = {k: p for p, k in enumerate(zip(em.tolist(), et.tolist(), ed.tolist()))}
    s_idx, d_idx = cg.school_index, cg.direction_index
    cap_d = np.array([pol.cap_of(d) for d in net.directions] or [0], dtype=np.int64)
    host = np.array([pol.host_capacity_of(s) for s in net.schools], dtype=np.int64)
    limit = np.array([pol.max_trainee_directions_of(s) for s in net.schools], dtype=np.int64)
    chosen = np.zeros(len(E), dtype=bool)
    dir_load = np.zeros((n_s, n_d), dtype=np.int64)
    host_load = np.zeros(n_s, dtype=np.int64)
    learn = np.zeros(n_s, dtype=np.int64)
    covered = np.zeros(len(cg.teams), dtype=bool)
    locked_first = sorted(np.nonzero(E["locked"].to_numpy())[0].tolist()) if len(E) else []
    wanted = [pos.get((s_idx.get(p.mentor, -1), s_idx.get(p.trainee, -1), d_idx.get(p.direction, -1))) for p in plan.pairs]
    for e in locked_first + [w for w in wanted if w is not None]:
        m, t, d = em[e], et[e], ed[e]
        if chosen[e] or not ok[e] or covered[need_team[e]] or learn[t] >= limit[t]:
            continue
        if dir_load[m, d] >= cap_d[d] or host_load[m] >= host[m]:
            continue
        chosen[e] = True
        covered[need_team[e]] = True
        dir_load[m, d] += 1
        host_load[m] += 1
        learn[t] += 1
    repair(built, ranks, chosen, ok, cap_d, host, limit, need_team)
    return ranks, chosen


def value_of(built: CpsatModel, ranks: np.ndarray, chosen: np.ndarray) -> int:
    cg = built.cg
    rk = {(int(s), int(d)): int(r) for s, d, r in zip(cg.teams["school"], cg.teams["direction"], ranks)}
    return plan_objective(cg, rk, built.edges["row"].to_numpy()[chosen])[0]


def involves_all(built: CpsatModel, chosen: np.ndarray) -> bool:
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

