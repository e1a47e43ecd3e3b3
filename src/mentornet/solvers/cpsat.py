"""The CP-SAT planner: roles and mentor pairs in one optimisation model.

One OR-Tools CP-SAT model on the sparse candidate graph
(:mod:`mentornet.graph.candidates`) decides, together:

Variables
---------
``rank[i, r]``
    Per team *i* (a school in a direction) one boolean per allowed rank
    (0 hidden reserve, 1 promising, 2 leader), exactly one true. A team
    whose role is fixed (a level, a role lock, a score outside the
    ambiguous bands) has no variable; inside an ambiguous band the
    optimiser chooses between the two allowed roles.
``x[e]``
    Per usable candidate edge *e* = mentor → trainee in direction *d*: the
    pair is in the plan. Edges that break a rule (a locked pair marked with
    a ``problem``) or whose trainee no curator can supervise are not usable.
``z[i]``
    Only for a trainee that may be promising *or* hidden reserve: "covered
    as a hidden reserve" (the coverage value depends on the role).
``y[i, c]``
    Curator *c* supervises need *i*; only when some curator has a limit and
    a need has more than one limited curator in scope (and no unlimited
    one). Otherwise curators are assigned after solving.
``mentors[s]``, ``mutual[a, b]``, ``max_load``
    School *s* mentors in at least one direction; schools *a*, *b* mentor
    each other (only for pairs of schools with candidate edges both ways, in
    different directions); the load of the most loaded host.

Hard constraints (docs/design.md)
----------------------------
1. per trainee need at most one chosen edge, none when the team is a
   leader (the rest is deferred: deferral is free, coverage is a goal);
   ``x[e] ⇒ rank(mentor) ≥ rank(trainee) + 1`` (so a promising team mentors
   only hidden reserves and a hidden reserve mentors no one);
2. per (mentor, direction) at most ``policy.cap_of(direction)`` chosen
   edges; per mentor at most ``policy.host_capacity_of(school)``;
3. per school at most ``policy.max_trainee_directions_of(school)`` covered
   needs;
4. locked pairs ``x[e] = 1``; forbidden pairs, distance and municipality
   rules are already out of the candidate graph;
5. per school at least one chosen edge in or out;
6. per curator with a limit: the needs only they (or only limited curators,
   through ``y``) can supervise stay within ``max_teams``.

Objective (maximised; every weight from ``policy.weights``)
-----------------------------------------------------------
``Σ covered need × coverage value`` (hidden reserves before promising teams,
priority extras) ``+ Σ x[e] × edge score + school_mentors × Σ mentors[s] +
mutual × Σ mutual[a, b] − balance × max_load`` — the same number as
:func:`mentornet.solvers.objective.plan_objective`, which breaks the final
plan's objective into parts (``plan.metrics["objective_parts"]``).

With ``policy.fairness`` set to ``"direction"`` or ``"municipality"`` the
model is solved twice (lexicographic): first the minimum coverage ratio
(covered needs / needs, scaled to 0..1000) over the groups is maximised,
then it is fixed and the objective above is maximised.

Warm start
----------
Every solve starts from a complete, feasible hint (all variables hinted, so
CP-SAT takes it as its first solution): :func:`flow_hint` fixes roles by
the plain band thresholds and solves coverage + pair score + "school
mentors somewhere" exactly as a min-cost flow (OR-Tools
``SimpleMinCostFlow``; the mentoring bonus is a concave reward per mentor,
hence a convex cost), keeps locked pairs, then mends curator limits and
involvement (a free place, a mentor taking over a trainee, a trainee
bumping another that stays involved). A ``warm_start`` plan (last year's, a
baseline's) is mended the same way and used instead when it scores at
least as well. If the search ends without a solution (time limit, stop),
the hint is returned when it meets every constraint (``from_hint``).

Solver behaviour
----------------
``policy.time_limit`` (wall clock, shared by both fairness stages),
``policy.workers``, ``policy.seed`` (``random_seed``). The search is
deterministic: small models first get a short single-worker phase with the
full LP relaxation, bounded in *deterministic* time (it proves optimality
on Krymsky-sized networks in a fraction of a second), then, if needed,
``interleave_search`` on ``policy.workers`` threads (deterministic batches).
The same input and seed give the same plan whenever the search ends by
itself (proven optimum) rather than on the wall-clock limit. Each improving
solution is reported as a :class:`~mentornet.solvers.Progress`; ``stop()``
is polled every 50 ms and at each solution (StopSearch).

Infeasibility is explained by :mod:`mentornet.solvers.feasibility`: counting
checks before solving, assumption cores after an INFEASIBLE status. A plan
is returned only when every hard constraint holds.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from ortools.sat.python import cp_model

from mentornet.errors import InfeasibleError, SolverError
from mentornet.graph.candidates import CandidateGraph, build_candidates
from mentornet.model import Network, Plan, Policy, SolverStats
from mentornet.solvers import Progress, ProgressCallback, StopCallback
from mentornet.solvers._plan import assemble_plan, assign_curators, coverage_value
from mentornet.solvers.feasibility import curator_scopes, explain_infeasible, precheck, usable_edges
from mentornet.solvers.objective import plan_objective

__all__ = ["FAIRNESS_SCALE", "LARGE_EDGES", "build_model", "flow_hint", "solve_cpsat"]

#: Coverage ratios are scaled to integers 0..FAIRNESS_SCALE in the fairness stage.
FAIRNESS_SCALE = 1000


@dataclass
class _Built:
    """A built model and the maps needed to read a solution back."""

    cg: CandidateGraph
    model: cp_model.CpModel
    edges: pd.DataFrame  # usable candidate edges; column "row" = row of cg.edges
    x: list  # one BoolVar per usable edge, in the order of ``edges``
    rank_vars: dict[int, dict[int, Any]]  # team row -> {rank: BoolVar} (variable teams only)
    fixed_rank: np.ndarray  # team row -> rank, -1 when variable
    need_edges: dict[int, list[int]]  # team row -> positions in ``edges``
    coverage: dict[int, Any]  # team row -> linear expression of "covered"
    curator_fixed: dict[int, str]  # team row -> the only curator that can supervise it (limited)
    curator_vars: dict[int, dict[str, Any]]  # team row -> {curator: BoolVar}
    assumptions: dict[tuple, Any] = field(default_factory=dict)
    objective: Any = None
    fair_var: Any = None
    z_vars: dict[int, Any] = field(default_factory=dict)  # team row -> "covered as a hidden reserve"
    mentor_vars: dict[int, Any] = field(default_factory=dict)  # school -> "mentors somewhere"
    mutual_vars: dict[tuple[int, int], Any] = field(default_factory=dict)  # (a, b), a < b
    max_load: Any = None
    build_seconds: float = 0.0
    scopes: dict[tuple[int, int], tuple[str, ...]] | None = None

    @property
    def n_variables(self) -> int:
        return len(self.model.proto.variables)

    @property
    def n_constraints(self) -> int:
        return len(self.model.proto.constraints)


def _lit(model: cp_model.CpModel, built_assumptions: dict, explain: bool, group: tuple):
    """The enforcement literal of a constraint group in explanation mode (else None)."""
    if not explain:
        return None
    lit = built_assumptions.get(group)
    if lit is None:
        lit = model.new_bool_var(f"assume_{'_'.join(map(str, group))}")
        built_assumptions[group] = lit
    return lit


def _add(ct, lit):
    """Put a constraint behind its group's assumption literal (explanation mode)."""
    if lit is not None:
        ct.only_enforce_if(lit)
    return ct


def build_model(cg: CandidateGraph, *, fairness: str | None = None) -> _Built:
    """The optimisation model of a candidate graph, objective set (public for benchmarks).

    Parameters
    ----------
    cg : CandidateGraph
    fairness : {"direction", "municipality"}, optional
        Add the scaled minimum coverage ratio variable (``fair_var``) over
        these groups, for the first stage of the fairness option.

    Returns
    -------
    The built model: ``.model`` (a ``CpModel`` maximising the objective),
    ``.n_variables``, ``.n_constraints``, ``.build_seconds``, ``.edges``.
    """
    built = _build(cg, fairness=fairness)
    built.model.maximize(built.objective)
    return built


def _build(cg: CandidateGraph, *, explain: bool = False, fairness: str | None = None) -> _Built:
    started = time.perf_counter()
    net, pol = cg.network, cg.policy
    w = pol.weights
    model = cp_model.CpModel()
    teams = cg.teams
    n_schools = len(cg.schools)
    t_school = teams["school"].to_numpy()
    t_dir = teams["direction"].to_numpy()
    t_lo = teams["rank_min"].to_numpy()
    t_hi = teams["rank_max"].to_numpy()
    team_of = np.full((n_schools, max(len(cg.directions), 1)), -1, dtype=np.int64)
    team_of[t_school, t_dir] = np.arange(len(teams))
    assumptions: dict[tuple, Any] = {}

    # -- ranks ---------------------------------------------------------------
    fixed_rank = np.where(t_lo == t_hi, t_lo, -1)
    rank_vars: dict[int, dict[int, Any]] = {}
    for i in np.nonzero(fixed_rank < 0)[0].tolist():
        bs = {r: model.new_bool_var(f"rank_{i}_{r}") for r in range(int(t_lo[i]), int(t_hi[i]) + 1)}
        model.add_exactly_one(bs.values())
        rank_vars[i] = bs

    def rank_expr(i: int):
        if fixed_rank[i] >= 0:
            return int(fixed_rank[i])
        return cp_model.LinearExpr.weighted_sum(list(rank_vars[i].values()), list(rank_vars[i].keys()))

    # -- edges ---------------------------------------------------------------
    scopes = curator_scopes(cg)
    usable = usable_edges(cg, scopes)
    if cg.edges.empty:
        E = cg.edges.assign(row=pd.Series(dtype=np.int64))
    else:
        E = cg.edges[usable].copy()
        E["row"] = E.index.to_numpy()
        E = E.reset_index(drop=True)
    n_e = len(E)
    x = [model.new_bool_var(f"x{r}") for r in E["row"].tolist()]
    em = E["mentor"].to_numpy(dtype=np.int64)
    et = E["trainee"].to_numpy(dtype=np.int64)
    ed = E["direction"].to_numpy(dtype=np.int64)
    im = team_of[em, ed] if n_e else np.zeros(0, dtype=np.int64)
    it = team_of[et, ed] if n_e else np.zeros(0, dtype=np.int64)

    # x ⇒ rank(mentor) ≥ rank(trainee) + 1, unless the fixed intervals already imply it.
    if n_e:
        implied = t_lo[im] > t_hi[it]
        for e in np.nonzero(~implied)[0].tolist():
            a, b = int(im[e]), int(it[e])
            model.add(rank_expr(a) - rank_expr(b) >= 1).only_enforce_if(x[e])

    def groups_of(keys: np.ndarray) -> dict[int, list[int]]:
        if not len(keys):
            return {}
        order = np.argsort(keys, kind="stable")
        k = keys[order]
        cut = np.nonzero(np.diff(k))[0] + 1
        return {int(keys[g[0]]): g.tolist() for g in np.split(order, cut)}

    # -- constraint 1: one mentor per need; coverage value ----------------------
    need_edges = groups_of(it)
    coef = E["score"].to_numpy(dtype=np.int64).copy() if n_e else np.zeros(0, dtype=np.int64)
    obj_extra: list[tuple[Any, int]] = []
    coverage: dict[int, Any] = {}
    z_vars: dict[int, Any] = {}
    for i, pos in need_edges.items():
        xs = [x[p] for p in pos]
        lo, hi = int(t_lo[i]), int(t_hi[i])
        if hi >= 2:  # may be a leader: then no mentor
            model.add_at_most_one([*xs, rank_vars[i][2]])
        elif len(xs) > 1:
            model.add_at_most_one(xs)
        cov = cp_model.LinearExpr.sum(xs)
        coverage[i] = cov
        s = int(t_school[i])
        if lo <= 0 and min(hi, 1) >= 1:  # promising or hidden reserve: the value depends on the role
            v0, v1 = coverage_value(cg, s, 0), coverage_value(cg, s, 1)
            coef[pos] += v1
            if v0 != v1 and not explain:
                z = model.new_bool_var(f"hr_covered_{i}")
                model.add(z <= cov)
                model.add_implication(z, rank_vars[i][0])
                model.add(z >= cov + rank_vars[i][0] - 1)
                obj_extra.append((z, v0 - v1))
                z_vars[i] = z
        else:
            coef[pos] += coverage_value(cg, s, min(hi, 1) if lo <= 1 else lo)

    # -- constraint 2: caps per (mentor, direction) and per mentor ------------
    n_dirs = max(len(cg.directions), 1)
    for key, pos in groups_of(em * n_dirs + ed).items():
        m, d = divmod(key, n_dirs)
        cap = pol.cap_of(net.directions[d])
        if len(pos) > cap:
            lit = _lit(model, assumptions, explain, ("cap", d))
            _add(model.add(cp_model.LinearExpr.sum([x[p] for p in pos]) <= cap), lit)
    out_edges = groups_of(em)
    for m, pos in out_edges.items():
        cap = pol.host_capacity_of(net.schools[m])
        if len(pos) > cap:
            lit = _lit(model, assumptions, explain, ("host", m))
            _add(model.add(cp_model.LinearExpr.sum([x[p] for p in pos]) <= cap), lit)

    # -- constraint 3: yearly limit of trainee directions ---------------------
    in_edges = groups_of(et)
    for s, pos in in_edges.items():
        limit = pol.max_trainee_directions_of(net.schools[s])
        n_needs = len(set(it[pos].tolist()))
        if n_needs > limit:
            lit = _lit(model, assumptions, explain, ("limit", s))
            _add(model.add(cp_model.LinearExpr.sum([x[p] for p in pos]) <= limit), lit)

    # -- constraint 4: locked pairs kept ------------------------------------
    if n_e:
        for p in np.nonzero(E["locked"].to_numpy())[0].tolist():
            lit = _lit(model, assumptions, explain, ("lock", int(em[p]), int(et[p]), int(ed[p])))
            _add(model.add(x[p] == 1), lit)

    # -- constraint 5: every school in at least one pair --------------------
    for s in range(n_schools):
        pos = out_edges.get(s, []) + in_edges.get(s, [])
        lit = _lit(model, assumptions, explain, ("involve", s))
        if pos:
            _add(model.add_bool_or([x[p] for p in pos]), lit)
        else:
            _add(model.add_bool_or([]), lit)  # cannot hold: the school can be in no pair

    # -- constraint 6: curator limits -----------------------------------------
    curator_fixed: dict[int, str] = {}
    curator_vars: dict[int, dict[str, Any]] = {}
    if scopes is not None and any(c.max_teams is not None for c in net.curators):
        limited = {c.id: c.max_teams for c in net.curators if c.max_teams is not None}
        load: dict[str, list] = defaultdict(list)
        for i, cov in coverage.items():
            scope = scopes.get((int(t_school[i]), int(t_dir[i])), ())
            if not scope or any(c not in limited for c in scope):
                continue  # an unlimited curator (or none: the edges are unusable) takes it
            if len(scope) == 1:
                curator_fixed[i] = scope[0]
                load[scope[0]].append(cov)
            else:
                ys = {c: model.new_bool_var(f"cur_{i}_{c}") for c in scope}
                model.add(cp_model.LinearExpr.sum(list(ys.values())) == cov)
                curator_vars[i] = ys
                for c, y in ys.items():
                    load[c].append(y)
        for c, terms in sorted(load.items()):
            lit = _lit(model, assumptions, explain, ("curator", c))
            _add(model.add(cp_model.LinearExpr.sum(terms) <= limited[c]), lit)

    built = _Built(
        cg=cg, model=model, edges=E, x=x, rank_vars=rank_vars, fixed_rank=fixed_rank,
        need_edges=need_edges, coverage=coverage, curator_fixed=curator_fixed, curator_vars=curator_vars,
        assumptions=assumptions, scopes=scopes, z_vars=z_vars,
    )
    if explain:
        built.build_seconds = time.perf_counter() - started
        return built

    # -- objective ---------------------------------------------------------
    terms_vars: list = list(x)
    terms_coef: list[int] = coef.tolist()
    for z, c in obj_extra:
        terms_vars.append(z)
        terms_coef.append(c)
    if w.school_mentors:
        for m, pos in out_edges.items():
            ms = model.new_bool_var(f"mentors_{m}")
            model.add_bool_or([x[p] for p in pos]).only_enforce_if(ms)
            built.mentor_vars[m] = ms
            terms_vars.append(ms)
            terms_coef.append(w.school_mentors)
    if w.mutual and n_e:
        pair_dirs: dict[tuple[int, int], set[int]] = defaultdict(set)
        pair_pos: dict[tuple[int, int], list[int]] = defaultdict(list)
        for p, (a, b, d) in enumerate(zip(em.tolist(), et.tolist(), ed.tolist())):
            pair_dirs[(a, b)].add(d)
            pair_pos[(a, b)].append(p)
        for (a, b), dirs_ab in sorted(pair_dirs.items()):
            if a < b and (b, a) in pair_dirs:
                dirs_ba = pair_dirs[(b, a)]
                if not any(d1 != d2 for d1 in dirs_ab for d2 in dirs_ba):
                    continue
                u = model.new_bool_var(f"mutual_{a}_{b}")
                model.add_bool_or([x[p] for p in pair_pos[(a, b)]]).only_enforce_if(u)
                model.add_bool_or([x[p] for p in pair_pos[(b, a)]]).only_enforce_if(u)
                built.mutual_vars[(a, b)] = u
                terms_vars.append(u)
                terms_coef.append(w.mutual)
    if w.balance and out_edges:
        top = max(min(len(pos), pol.host_capacity_of(net.schools[m])) for m, pos in out_edges.items())
        max_load = model.new_int_var(0, top, "max_load")
        built.max_load = max_load
        for m, pos in out_edges.items():
            if len(pos) > 0:
                model.add(cp_model.LinearExpr.sum([x[p] for p in pos]) <= max_load)
        terms_vars.append(max_load)
        terms_coef.append(-w.balance)
    built.objective = cp_model.LinearExpr.weighted_sum(terms_vars, terms_coef)

    # -- fairness: the worst coverage ratio (first stage) -----------------------
    if fairness in ("direction", "municipality"):
        groups: dict[Any, list[int]] = defaultdict(list)
        for i in np.nonzero(t_lo <= 1)[0].tolist():
            key = int(t_dir[i]) if fairness == "direction" else net.schools[int(t_school[i])].municipality
            groups[key].append(i)
        fair = model.new_int_var(0, FAIRNESS_SCALE, "min_coverage_ratio")
        for key, rows in sorted(groups.items(), key=lambda kv: str(kv[0])):
            const = sum(1 for i in rows if t_hi[i] <= 1)
            var_needs = [rank_vars[i][2] for i in rows if t_hi[i] >= 2]
            covered = cp_model.LinearExpr.sum([coverage[i] for i in rows if i in coverage])
            if not var_needs:
                model.add(const * fair <= FAIRNESS_SCALE * covered)
            else:
                n = model.new_int_var(0, len(rows), f"needs_{key}")
                model.add(n == const + len(var_needs) - cp_model.LinearExpr.sum(var_needs))
                prod = model.new_int_var(0, FAIRNESS_SCALE * len(rows), f"fair_prod_{key}")
                model.add_multiplication_equality(prod, [fair, n])
                model.add(prod <= FAIRNESS_SCALE * covered)
        built.fair_var = fair
    built.build_seconds = time.perf_counter() - started
    return built


# ------------------------------------------------------------------ solving


class _Reporter(cp_model.CpSolverSolutionCallback):
    """Reports improving solutions and honours stop()."""

    def __init__(self, started: float, progress: ProgressCallback | None, stop: StopCallback | None):
        super().__init__()
        self.started = started
        self.progress = progress
        self.stop = stop
        self.solutions = 0
        self.stopped = False

    def on_solution_callback(self) -> None:
        self.solutions += 1
        if self.progress is not None:
            obj, bound = float(self.objective_value), float(self.best_objective_bound)
            self.progress(Progress(
                objective=obj, bound=bound, gap=_gap(obj, bound),
                seconds=time.perf_counter() - self.started, solutions=self.solutions,
            ))
        if self.stop is not None and self.stop():
            self.stopped = True
            self.stop_search()


def _gap(obj: float, bound: float) -> float:
    return float(abs(bound - obj) / max(1.0, abs(obj)))


#: Models with at least this many usable candidate edges count as large: a
#: lighter presolve, and LP-free full search next to the LNS workers (the
#: LP at this size costs more than it proves within usual time limits).
LARGE_EDGES = 20_000


#: Deterministic-time budget of the quick single-worker LP phase on small models.
QUICK_DTIME = 2.0


def _params(solver: cp_model.CpSolver, built: _Built, policy: Policy, seconds: float, quick: bool) -> None:
    """Search parameters: deterministic, tuned by model size.

    ``quick`` (small models only): one worker with the full LP relaxation
    (``linearization_level`` 2) for at most :data:`QUICK_DTIME` units of
    deterministic time; it proves optimality on Krymsky-sized networks in a
    fraction of a second. Otherwise ``interleave_search`` runs the portfolio
    (one full-problem subsolver and the LNS neighbourhoods) in deterministic
    batches on ``policy.workers`` threads: the same input and seed give the
    same plan. Small models use the LP-heavy ``max_lp`` subsolver; large
    ones ``quick_restart_no_lp`` and a single presolve pass without probing
    (the LP at that size costs more than it proves within usual limits).
    """
    p = solver.parameters
    p.max_time_in_seconds = max(0.01, seconds)
    p.random_seed = policy.seed
    if quick:
        p.num_workers = 1
        p.linearization_level = 2
        p.max_deterministic_time = QUICK_DTIME
        return
    p.num_workers = policy.workers
    p.interleave_search = True
    if len(built.edges) >= LARGE_EDGES:
        p.subsolvers.append("quick_restart_no_lp")
        p.max_presolve_iterations = 1
        p.cp_model_probing_level = 0
    else:
        p.subsolvers.append("max_lp")
        p.linearization_level = 2


def _run(built: _Built, policy: Policy, seconds: float, started: float,
         progress: ProgressCallback | None, stop: StopCallback | None, quick: bool = False):
    solver = cp_model.CpSolver()
    _params(solver, built, policy, seconds, quick)
    reporter = _Reporter(started, progress, stop)
    done = threading.Event()
    watcher = None
    if stop is not None:
        def watch() -> None:  # stop() is honoured between solutions too (and during presolve)
            while not done.wait(0.05):
                if stop():
                    reporter.stopped = True
                    solver.stop_search()
                    return
        watcher = threading.Thread(target=watch, name="cpsat-stop", daemon=True)
        watcher.start()
    try:
        status = solver.solve(built.model, reporter)
    finally:
        done.set()
        if watcher is not None:
            watcher.join()
    return solver, status, reporter


def _search(built: _Built, policy: Policy, seconds: float, started: float,
            progress: ProgressCallback | None, stop: StopCallback | None):
    """Quick LP phase on small models, then the interleaved portfolio if not proven optimal."""
    t0 = time.perf_counter()
    if len(built.edges) < LARGE_EDGES:
        solver, status, reporter = _run(built, policy, seconds, started, progress, stop, quick=True)
        if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID) or reporter.stopped:
            return solver, status, reporter
        if status == cp_model.FEASIBLE:
            _hint_from_solution(built, solver)
        left = seconds - (time.perf_counter() - t0)
        if left <= 0.05:
            return solver, status, reporter
        solutions = reporter.solutions
        solver2, status2, reporter2 = _run(built, policy, left, started, progress, stop)
        reporter2.solutions += solutions
        if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
            return solver2, status2, reporter2
        return solver, status, reporter2
    return _run(built, policy, seconds, started, progress, stop)


def _indices_from_plan(built: _Built, plan: Plan) -> tuple[np.ndarray, np.ndarray]:
    """A plan (last year's, a baseline's) as ranks and chosen edges of this model.

    Roles outside a team's allowed interval are clipped; pairs the candidate
    graph does not have, or that break the order, a cap, a limit or the
    one-mentor rule, are left out; then :func:`_repair` mends involvement and
    curator limits.
    """
    cg = built.cg
    net, pol = cg.network, cg.policy
    rank_of = {"leader": 2, "promising": 1, "hidden_reserve": 0}
    ranks = _nominal_ranks(built)
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
    _repair(built, ranks, chosen, ok, cap_d, host, limit, need_team)
    return ranks, chosen


def _value(built: _Built, ranks: np.ndarray, chosen: np.ndarray) -> int:
    cg = built.cg
    rk = {(int(s), int(d)): int(r) for s, d, r in zip(cg.teams["school"], cg.teams["direction"], ranks)}
    return plan_objective(cg, rk, built.edges["row"].to_numpy()[chosen])[0]


def _involves_all(built: _Built, chosen: np.ndarray) -> bool:
    n_s = len(built.cg.schools)
    E = built.edges
    touched = np.zeros(n_s, dtype=bool)
    touched[E["mentor"].to_numpy()[chosen]] = True
    touched[E["trainee"].to_numpy()[chosen]] = True
    return bool(touched.all())


def _hint_from_solution(built: _Built, solver: cp_model.CpSolver) -> None:
    """Hint every variable with a solver's solution (a complete, feasible hint)."""
    model = built.model
    model.clear_hints()
    for i in range(len(model.proto.variables)):
        v = model.get_int_var_from_proto_index(i)
        model.add_hint(v, solver.value(v))


def _hint_solution(built: _Built) -> cp_model.CpSolver | None:
    """The hint as a solution, when it meets every constraint (all variables fixed: instant)."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.fix_variables_to_their_hinted_value = True
    p.num_workers = 1
    p.max_time_in_seconds = 10.0
    p.cp_model_probing_level = 0
    status = solver.solve(built.model)
    return solver if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None


def _decode(built: _Built, solver: cp_model.CpSolver):
    cg = built.cg
    values = solver.boolean_values(pd.Series(built.x, dtype=object)) if built.x else pd.Series([], dtype=bool)
    chosen_pos = np.nonzero(values.to_numpy(dtype=bool))[0]
    chosen_rows = built.edges["row"].to_numpy()[chosen_pos].tolist() if len(chosen_pos) else []
    ranks: dict[tuple[int, int], int] = {}
    for i, (s, d) in enumerate(zip(cg.teams["school"].tolist(), cg.teams["direction"].tolist())):
        r = int(built.fixed_rank[i])
        if r < 0:
            r = next(rr for rr, b in built.rank_vars[i].items() if solver.boolean_value(b))
        ranks[(s, d)] = r
    return ranks, [int(r) for r in chosen_rows], chosen_pos


def _curators(built: _Built, solver: cp_model.CpSolver, chosen_pos: np.ndarray) -> dict[int, str | None]:
    """Curator of every chosen edge (by cg.edges row)."""
    cg = built.cg
    net = cg.network
    E = built.edges
    chosen_rows = [int(E.at[p, "row"]) for p in chosen_pos.tolist()]
    if built.scopes is None:
        return {r: None for r in chosen_rows}
    if not any(c.max_teams is not None for c in net.curators):
        return assign_curators(cg, chosen_rows)
    out: dict[int, str | None] = {}
    load: dict[str, int] = defaultdict(int)
    pending = []
    for p in chosen_pos.tolist():
        row = int(E.at[p, "row"])
        t, d = int(E.at[p, "trainee"]), int(E.at[p, "direction"])
        i = cg.team_row[(t, d)]
        if i in built.curator_fixed:
            out[row] = built.curator_fixed[i]
        elif i in built.curator_vars:
            out[row] = next(c for c, y in built.curator_vars[i].items() if solver.boolean_value(y))
        else:
            pending.append((row, t, d))
            continue
        load[out[row]] += 1
    # The rest have an unlimited curator in scope: least loaded first, ties by id.
    for row, t, d in pending:
        scope = built.scopes.get((t, d), ())
        unlimited = [c for c in scope if net.curator_by_id[c].max_teams is None]
        c = min(unlimited, key=lambda c: (load[c], c))
        out[row] = c
        load[c] += 1
    return out


def solve_cpsat(
    network: Network,
    policy: Policy | None = None,
    *,
    progress: ProgressCallback | None = None,
    warm_start: Plan | None = None,
    stop: StopCallback | None = None,
) -> Plan:
    """Plan a network with the CP-SAT model (see the module docstring).

    Parameters
    ----------
    network : Network
    policy : Policy, optional
        Limits, weights, fairness, ``time_limit`` (wall clock for the whole
        search, both fairness stages), ``workers`` and ``seed``.
    progress : callable, optional
        Called with a :class:`~mentornet.solvers.Progress` on every improving
        solution (of the main stage, with fairness).
    warm_start : Plan, optional
        A plan (last year's, a baseline's) whose roles and pairs hint the
        search; it is mended to this year's rules first, and used when it
        scores at least as well as the built-in flow hint.
    stop : callable, optional
        Polled while solving; when it returns True the search stops and the
        best plan found so far is returned (status FEASIBLE).

    Returns
    -------
    Plan
        Valid by construction. ``solver`` holds name ``"cpsat"``, status
        ``OPTIMAL`` or ``FEASIBLE``, objective, bound, gap, seconds and the
        extras ``variables``, ``constraints``, ``edges``, ``build_seconds``,
        ``workers``, ``seed``, ``hint`` (``"warm_start"`` or ``"flow"``),
        ``hint_objective``, ``solutions``, ``stopped`` and, with fairness,
        ``fairness_min_ratio``. ``metrics["objective_parts"]`` breaks the
        objective into its terms (they sum to ``metrics["objective"]``).

    Raises
    ------
    InfeasibleError
        The hard constraints cannot all hold; each conflict names the
        schools, directions and rules involved and what to relax.
    SolverError
        No plan was found within the time limit (or before ``stop()``), or
        the model is invalid (a bug).
    """
    started = time.perf_counter()
    policy = policy or Policy()
    cg = build_candidates(network, policy)
    conflicts = precheck(cg)
    if conflicts:
        raise InfeasibleError(conflicts)

    fairness = policy.fairness if policy.fairness in ("direction", "municipality") else None
    built = _build(cg, fairness=fairness)
    model = built.model
    extras: dict[str, Any] = {
        "variables": built.n_variables,
        "constraints": built.n_constraints,
        "edges": len(built.edges),
        "build_seconds": round(built.build_seconds, 3),
        "workers": policy.workers,
        "seed": policy.seed,
    }

    # Warm start: the built-in flow hint, or the given plan when it scores at least as well.
    ranks_h, chosen_h = flow_hint(built)
    hint_from, hint_value = "flow", _value(built, ranks_h, chosen_h)
    if warm_start is not None:
        ranks_w, chosen_w = _indices_from_plan(built, warm_start)
        value_w = _value(built, ranks_w, chosen_w)
        extras["warm_start_objective"] = value_w
        if value_w >= hint_value or not _involves_all(built, chosen_h):
            ranks_h, chosen_h, hint_from, hint_value = ranks_w, chosen_w, "warm_start", value_w
    _hint_arrays(built, ranks_h, chosen_h)
    extras["hint"] = hint_from
    extras["hint_objective"] = hint_value

    def remaining() -> float:
        return policy.time_limit - (time.perf_counter() - started)

    if fairness:
        model.maximize(built.fair_var)
        solver, status, reporter = _search(built, policy, remaining() / 2, started, None, stop)
        if status == cp_model.INFEASIBLE:
            raise InfeasibleError(explain_infeasible(cg, time_limit=max(5.0, remaining())))
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            best = int(solver.value(built.fair_var))
            extras["fairness_min_ratio"] = best / FAIRNESS_SCALE
            extras["fairness_status"] = solver.status_name(status)
            _hint_from_solution(built, solver)
            model.add(built.fair_var >= best)
        elif reporter.stopped:
            raise SolverError("planning was stopped before any plan was found")

    model.maximize(built.objective)
    solver, status, reporter = _search(built, policy, remaining(), started, progress, stop)

    if status == cp_model.INFEASIBLE:
        raise InfeasibleError(explain_infeasible(cg, time_limit=max(5.0, remaining())))
    if status == cp_model.MODEL_INVALID:
        raise SolverError(f"the CP-SAT model is invalid (a bug in mentornet): {model.validate()}")
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # No solution in time (or stopped first): the built-in hint, if it meets every constraint.
        fallback = _hint_solution(built)
        if fallback is not None:
            solver, status = fallback, cp_model.FEASIBLE
            extras["from_hint"] = True
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        if reporter.stopped:
            raise SolverError("planning was stopped before any plan was found")
        raise SolverError(
            f"no plan found within the time limit of {policy.time_limit:g} s "
            f"({len(cg.schools)} schools, {len(built.edges)} candidate pairs); "
            "raise time_limit or workers, or lower candidates_per_need"
        )

    ranks, chosen, chosen_pos = _decode(built, solver)
    curators = _curators(built, solver, chosen_pos)
    objective = float(solver.objective_value)
    bound = None if extras.get("from_hint") else float(solver.best_objective_bound)
    total, parts = plan_objective(cg, ranks, chosen)
    parts["pair_quality"] = int(sum(parts[p] for p in ("gain", "context", "travel", "continuity")))
    extras["stopped"] = reporter.stopped
    extras["solutions"] = reporter.solutions
    extras.setdefault("from_hint", False)
    extras["solve_seconds"] = round(solver.wall_time, 3)
    stats = SolverStats(
        name="cpsat",
        status="OPTIMAL" if status == cp_model.OPTIMAL else "FEASIBLE",
        objective=objective,
        bound=bound,
        gap=None if bound is None else _gap(objective, bound),
        seconds=round(time.perf_counter() - started, 3),
        **extras,
    )
    return assemble_plan(
        cg, ranks, chosen, stats, curators=curators,
        extra_metrics={"objective_parts": parts, "objective": total},
    )


# ------------------------------------------------------------------ a fast flow hint


def _nominal_ranks(built: _Built) -> np.ndarray:
    """One rank per team: fixed ones kept, ambiguous scores by the plain thresholds."""
    cg = built.cg
    pol = cg.policy
    t = cg.teams
    ranks = built.fixed_rank.copy()
    score = t["score"].to_numpy()
    lo, hi = t["rank_min"].to_numpy(), t["rank_max"].to_numpy()
    var = ranks < 0
    nominal = np.where(score >= pol.leader_min_score, 2, np.where(score < pol.reserve_max_score, 0, 1))
    nominal = np.where(np.isnan(score), hi, nominal)
    ranks[var] = np.clip(nominal, lo, hi)[var]
    return ranks


def flow_hint(built: _Built) -> tuple[np.ndarray, np.ndarray]:
    """A good feasible-looking start: ranks by bands, pairs by min-cost flow.

    Maximises coverage value + edge score under the caps per (mentor,
    direction), host capacities and yearly limits (a network flow, solved
    exactly by OR-Tools ``SimpleMinCostFlow``), keeps locked pairs, then
    adds a pair for schools left in none where a free place allows.
    Curator limits are left to the solver. Vectorised; fast at scale.

    Returns
    -------
    (ranks, chosen)
        ``ranks[team row]`` and a boolean mask over ``built.edges``.
    """
    from ortools.graph.python import min_cost_flow

    cg = built.cg
    net, pol = cg.network, cg.policy
    E = built.edges
    n_e = len(E)
    ranks = _nominal_ranks(built)
    chosen = np.zeros(n_e, dtype=bool)
    if not n_e:
        return ranks, chosen
    t_school = cg.teams["school"].to_numpy()
    n_s, n_d = len(cg.schools), max(len(cg.directions), 1)
    team_of = np.full((n_s, n_d), -1, dtype=np.int64)
    team_of[t_school, cg.teams["direction"].to_numpy()] = np.arange(len(cg.teams))
    em, et, ed = (E[c].to_numpy(dtype=np.int64) for c in ("mentor", "trainee", "direction"))
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
        cov_val = np.array([coverage_value(cg, int(s), int(min(r, 1))) for s, r in zip(et[cand], rt[cand])], dtype=np.int64)
        # Node numbering: 0 source, 1 sink, then schools (trainee side), needs, (mentor, dir), mentors.
        needs_u, need_idx = np.unique(need_team[cand], return_inverse=True)
        md_key = em[cand] * n_d + ed[cand]
        md_u, md_idx = np.unique(md_key, return_inverse=True)
        ment_u, ment_idx = np.unique(md_u // n_d, return_inverse=True)
        tr_u, tr_idx_of_need = np.unique(t_school[needs_u], return_inverse=True)
        base_tr = 2
        base_need = base_tr + len(tr_u)
        base_md = base_need + len(needs_u)
        base_m = base_md + len(md_u)
        # need value: coverage value of its (fixed) trainee rank; take from the first edge of each need.
        first = np.zeros(len(needs_u), dtype=np.int64)
        first[need_idx[::-1]] = np.arange(len(cand))[::-1]
        starts = np.concatenate([
            np.zeros(len(tr_u), dtype=np.int64),                     # source -> trainee school
            base_tr + tr_idx_of_need,                                  # school -> need
            base_need + need_idx,                                      # need -> (mentor, dir)
            base_md + np.arange(len(md_u)),                            # (mentor, dir) -> mentor
            base_m + np.arange(len(ment_u)),                           # mentor -> sink: first trainee
            base_m + np.arange(len(ment_u)),                           # mentor -> sink: the others
            [0],                                                       # bypass
        ])
        ends = np.concatenate([
            base_tr + np.arange(len(tr_u)),
            base_need + np.arange(len(needs_u)),
            base_md + md_idx,
            base_m + ment_idx,
            np.ones(2 * len(ment_u), dtype=np.int64),
            [1],
        ])
        supply = int(len(needs_u))
        caps = np.concatenate([
            np.maximum(limit[tr_u] - learn[tr_u], 0),
            np.ones(len(needs_u), dtype=np.int64),
            np.ones(len(cand), dtype=np.int64),
            np.maximum(cap_d[md_u % n_d] - dir_load[md_u // n_d, md_u % n_d], 0),
            np.where(host_load[ment_u] == 0, np.minimum(host[ment_u], 1), 0),
            np.maximum(host[ment_u] - np.maximum(host_load[ment_u], 1), 0),
            [supply],
        ])
        # "Every school mentors somewhere" is a concave reward per mentor: the first
        # trainee of a mentor that has none yet earns it (a convex cost, exact in a flow).
        costs = np.concatenate([
            np.zeros(len(tr_u), dtype=np.int64),
            -cov_val[first],
            -E["score"].to_numpy(dtype=np.int64)[cand],
            np.zeros(len(md_u), dtype=np.int64),
            np.full(len(ment_u), -pol.weights.school_mentors, dtype=np.int64),
            np.zeros(len(ment_u) + 1, dtype=np.int64),
        ])
        smcf = min_cost_flow.SimpleMinCostFlow()
        arcs = smcf.add_arcs_with_capacity_and_unit_cost(
            starts.astype(np.int64), ends.astype(np.int64), caps.astype(np.int64), costs.astype(np.int64))
        smcf.set_nodes_supplies(np.array([0, 1], dtype=np.int64), np.array([supply, -supply], dtype=np.int64))
        if smcf.solve() == smcf.OPTIMAL:
            first_edge_arc = len(tr_u) + len(needs_u)
            flows = smcf.flows(arcs[first_edge_arc:first_edge_arc + len(cand)])
            chosen[cand[flows > 0]] = True

    _repair(built, ranks, chosen, ok, cap_d, host, limit, need_team)
    return ranks, chosen


def _repair(built: _Built, ranks, chosen, ok, cap_d, host, limit, need_team) -> None:
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
    em, et, ed = (E[c].to_numpy(dtype=np.int64) for c in ("mentor", "trainee", "direction"))
    score = E["score"].to_numpy(dtype=np.int64)
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


def _curator_load(built: _Built, chosen, need_team, c: str) -> int:
    rows = [i for i, cc in built.curator_fixed.items() if cc == c]
    return int(np.isin(need_team[chosen], rows).sum())


def _hint_arrays(built: _Built, ranks: np.ndarray, chosen: np.ndarray) -> None:
    """Hint every variable from index-level decisions (a complete hint when they are feasible)."""
    model = built.model
    cg = built.cg
    model.clear_hints()
    for i, bs in built.rank_vars.items():
        for r, b in bs.items():
            model.add_hint(b, bool(ranks[i] == r))
    for v, on in zip(built.x, chosen.tolist()):
        model.add_hint(v, on)
    E = built.edges
    em, et = E["mentor"].to_numpy(), E["trainee"].to_numpy()
    n_s = len(cg.schools)
    load = np.bincount(em[chosen], minlength=n_s)
    for m, v in built.mentor_vars.items():
        model.add_hint(v, bool(load[m] > 0))
    links = set(zip(em[chosen].tolist(), et[chosen].tolist()))
    for (a, b), v in built.mutual_vars.items():
        model.add_hint(v, (a, b) in links and (b, a) in links)
    covered = set(cg.team_row[(int(t), int(d))] for t, d in zip(et[chosen], E["direction"].to_numpy()[chosen]))
    for i, v in built.z_vars.items():
        model.add_hint(v, i in covered and ranks[i] == 0)
    if built.max_load is not None:
        model.add_hint(built.max_load, int(load.max()) if n_s else 0)
    if built.curator_vars:
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
