"""The CP-SAT model: variables, hard constraints, and the objective terms posted into it.

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
``y[i, c]``
    Curator *c* supervises need *i* (in *c*'s kind); only when some curator
    has a limit and a need has more than one limited curator of that kind
    in scope (and no unlimited one). Otherwise curators are assigned after
    solving.
``z[c, s]``
    Curator *c* with a school limit supervises some need of trainee school
    *s* (at least each ``y`` of *s*'s needs).
Term variables
    Each objective term (:mod:`mentornet.solvers.objective`) adds its own:
    ``coverage`` a "covered as a hidden reserve" boolean per team that may
    be promising or a hidden reserve, ``school_mentors`` a "mentors
    somewhere" boolean per school, ``mutual`` a boolean per pair of schools
    that may mentor each other, ``balance`` the load of the most loaded host.

Hard constraints (docs/design.md)
---------------------------------
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
6. per curator with a limit: the needs only they (or only limited curators
   of their kind, through ``y``) can supervise stay within ``max_teams``,
   and their schools (``z``) within ``max_schools``;
7. per (mentor, group direction) with ``group_min``: the group has no
   trainee or at least ``group_min`` (an "open" boolean per group).

Objective
---------
Maximised: Σ over the registered terms, each posted by the term itself
(``Σ x[e] × edge coefficient`` collects the terms linear in the pairs, the
terms' own variables follow). :func:`mentornet.solvers.objective.plan_objective`
evaluates the same number from the decoded plan.

With ``fairness`` (``"direction"`` or ``"municipality"``) the model also
has the scaled minimum coverage ratio over the groups (``fair_var``), for
the first stage of a lexicographic solve.

In explanation mode (:mod:`mentornet.solvers.cpsat.explain`) every
constraint group sits behind an assumption literal and no objective is
posted.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from ortools.sat.python import cp_model

from mentornet.graph.candidates import CandidateGraph
from mentornet.solvers.feasibility import curator_scopes, kind_scopes, usable_edges
from mentornet.solvers.objective import registered_terms

__all__ = ["FAIRNESS_SCALE", "CpsatModel", "build", "build_model"]

#: Coverage ratios are scaled to integers 0..FAIRNESS_SCALE in the fairness stage.
FAIRNESS_SCALE = 1000


@dataclass
class CpsatModel:
    """A built model and the maps needed to hint it and read a solution back.

    It is the :class:`~mentornet.solvers.objective.ModelView` the objective
    terms post themselves into.
    """

    cg: CandidateGraph
    model: cp_model.CpModel
    edges: pd.DataFrame  # usable candidate edges; column "row" = row of cg.edges
    x: list[Any]  # one BoolVar per usable edge, in the order of ``edges``
    em: np.ndarray  # mentor per usable edge
    et: np.ndarray  # trainee per usable edge
    ed: np.ndarray  # direction per usable edge
    rank_vars: dict[int, dict[int, Any]]  # team row -> {rank: BoolVar} (variable teams only)
    fixed_rank: np.ndarray  # team row -> rank, -1 when variable
    t_lo: np.ndarray
    t_hi: np.ndarray
    t_school: np.ndarray
    need_edges: dict[int, list[int]]  # team row -> positions in ``edges``
    out_edges: dict[int, list[int]]  # mentor -> positions in ``edges``
    coverage: dict[int, Any]  # team row -> linear expression of "covered"
    curator_fixed: dict[tuple[int, str], str]  # (team row, kind) -> the only curator that can supervise it (limited)
    curator_vars: dict[tuple[int, str], dict[str, Any]]  # (team row, kind) -> {curator: BoolVar}
    # per limited curator: the linear terms of its pair load, and its school variables
    curator_load: dict[str, list[Any]] = field(default_factory=dict)
    curator_school_vars: dict[str, dict[int, Any]] = field(default_factory=dict)
    group_open: dict[tuple[int, int], Any] = field(default_factory=dict)  # (mentor, group direction) -> "the group runs"
    curator_hint: dict[str, tuple[int, int]] = field(default_factory=dict)  # limited curator -> (pairs, schools) hinted
    assumptions: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    edge_coef: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    extra_vars: list[Any] = field(default_factory=list)
    extra_coef: list[int] = field(default_factory=list)
    term_vars: dict[str, Any] = field(default_factory=dict)
    # (trainee school, site group) -> BoolVar "the school learns at that site", bounded below by its pairs there.
    site_vars: dict[tuple[int, int], Any] = field(default_factory=dict)
    objective: Any = None
    fair_var: Any = None
    build_seconds: float = 0.0
    scopes: dict[tuple[int, int], tuple[str, ...]] | None = None

    def add_objective(self, var: Any, coef: int) -> None:
        """Add ``coef × var`` to the objective (a term's own variable)."""
        self.extra_vars.append(var)
        self.extra_coef.append(int(coef))

    @property
    def n_variables(self) -> int:
        return len(self.model.proto.variables)

    @property
    def n_constraints(self) -> int:
        return len(self.model.proto.constraints)


def _lit(model: cp_model.CpModel, assumptions: dict[tuple[Any, ...], Any], explain: bool, group: tuple[Any, ...]) -> Any:
    """The enforcement literal of a constraint group in explanation mode (else None)."""
    if not explain:
        return None
    lit = assumptions.get(group)
    if lit is None:
        lit = model.new_bool_var(f"assume_{'_'.join(map(str, group))}")
        assumptions[group] = lit
    return lit


def _add(ct: Any, lit: Any) -> Any:
    """Put a constraint behind its group's assumption literal (explanation mode)."""
    if lit is not None:
        ct.only_enforce_if(lit)
    return ct


def build_model(cg: CandidateGraph, *, fairness: str | None = None) -> CpsatModel:
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
    built = build(cg, fairness=fairness)
    built.model.maximize(built.objective)
    return built


def _groups_of(keys: np.ndarray) -> dict[int, list[int]]:
    """Positions grouped by key, keys ascending, positions in order."""
    if not len(keys):
        return {}
    order = np.argsort(keys, kind="stable")
    k = keys[order]
    cut = np.nonzero(np.diff(k))[0] + 1
    return {int(keys[g[0]]): g.tolist() for g in np.split(order, cut)}


def _post_sites(
    cg: CandidateGraph, model: Any, x: list[Any], em: np.ndarray, et: np.ndarray,
    assumptions: dict[tuple[Any, ...], Any], explain: bool,
) -> dict[tuple[int, int], Any]:
    """Site rules (hard constraint 7) and the "learns at site group" variables.

    A variable ``y[t, g]`` exists for every trainee school ``t`` whose
    candidate mentors lie in two or more site groups (when ``one_site`` or
    its goal is in force), or in a site with a limit of schools; every pair
    of ``t`` with a mentor in ``g`` implies it.
    A site takes at most ``max_schools`` trainee schools (Σ_t y[t, g]) and
    ``max_pairs`` pairs (its member schools' pairs); with
    ``policy.one_site`` a trainee school learns at one site group.
    """
    net, pol = cg.network, cg.policy
    if not len(x):
        return {}
    group = cg.sites.group[em]
    by_tg = _groups_of(et * len(cg.sites.group_ids) + group)
    n_g = len(cg.sites.group_ids)
    groups_of_t: dict[int, list[int]] = defaultdict(list)
    for key in by_tg:
        t, g = divmod(key, n_g)
        groups_of_t[t].append(g)
    site_index = {site.id: g for g, site in enumerate(net.sites)}
    limited_schools = {g for site, g in ((s, site_index[s.id]) for s in net.sites) if site.max_schools is not None}
    # Variables only where a rule or the one-site goal reads them (none for a plain mutual network).
    per_school = pol.one_site or pol.weight("one_site") > 0
    site_vars: dict[tuple[int, int], Any] = {}
    for key, pos in (by_tg.items() if per_school or limited_schools else ()):
        t, g = divmod(key, n_g)
        if not (per_school and len(groups_of_t[t]) >= 2) and g not in limited_schools:
            continue
        y = model.new_bool_var(f"site_{t}_{g}")
        for p in pos:
            model.add_implication(x[p], y)
        site_vars[(t, g)] = y
    for site in net.sites:
        g = site_index[site.id]
        if site.max_schools is not None:
            ys = [y for (t, gg), y in site_vars.items() if gg == g]
            if len(ys) > site.max_schools:
                lit = _lit(model, assumptions, explain, ("site_schools", g))
                _add(model.add(cp_model.LinearExpr.sum(ys) <= site.max_schools), lit)
        if site.max_pairs is not None:
            pos = np.flatnonzero(group == g).tolist()
            if len(pos) > site.max_pairs:
                lit = _lit(model, assumptions, explain, ("site_pairs", g))
                _add(model.add(cp_model.LinearExpr.sum([x[p] for p in pos]) <= site.max_pairs), lit)
    if pol.one_site:
        for t, gs in sorted(groups_of_t.items()):
            if len(gs) > 1:
                lit = _lit(model, assumptions, explain, ("one_site", t))
                _add(model.add(cp_model.LinearExpr.sum([site_vars[(t, g)] for g in gs]) <= 1), lit)
    return site_vars


def build(cg: CandidateGraph, *, explain: bool = False, fairness: str | None = None) -> CpsatModel:
    """The model of ``cg``: hard constraints, then (unless ``explain``) the objective terms.

    Parameters
    ----------
    cg : CandidateGraph
    explain : bool
        Put each constraint group behind an assumption literal
        (``.assumptions``) and post no objective.
    fairness : {"direction", "municipality"}, optional
        See :func:`build_model`.
    """
    started = time.perf_counter()
    net, pol = cg.network, cg.policy
    model = cp_model.CpModel()
    teams = cg.teams
    n_schools = len(cg.schools)
    t_school = teams["school"].to_numpy()
    t_dir = teams["direction"].to_numpy()
    t_lo = teams["rank_min"].to_numpy()
    t_hi = teams["rank_max"].to_numpy()
    team_of = np.full((n_schools, max(len(cg.directions), 1)), -1, dtype=np.int64)
    team_of[t_school, t_dir] = np.arange(len(teams))
    assumptions: dict[tuple[Any, ...], Any] = {}

    # -- ranks ---------------------------------------------------------------
    fixed_rank = np.where(t_lo == t_hi, t_lo, -1)
    rank_vars: dict[int, dict[int, Any]] = {}
    for i in np.nonzero(fixed_rank < 0)[0].tolist():
        bs = {r: model.new_bool_var(f"rank_{i}_{r}") for r in range(int(t_lo[i]), int(t_hi[i]) + 1)}
        model.add_exactly_one(bs.values())
        rank_vars[i] = bs

    def rank_expr(i: int) -> Any:
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

    # x ⇒ rank(mentor) ≥ rank(trainee) + 1, unless the fixed intervals already imply it; as clauses
    # x ∧ [rank(trainee) ≥ k] ⇒ [rank(mentor) ≥ k + 1] for k = 0, 1 (an open role has two adjacent
    # ranks, so each [rank ≥ k] is a constant or one literal).
    def ge(i: int, k: int) -> Any:
        lo, hi = int(t_lo[i]), int(t_hi[i])
        if k <= lo:
            return True
        if k > hi:
            return False
        if hi - lo == 1:
            return rank_vars[i][hi]
        return None  # three ranks open (never drawn by the bands): a linear constraint instead

    if n_e:
        implied = t_lo[im] > t_hi[it]
        for e in np.nonzero(~implied)[0].tolist():
            a, b = int(im[e]), int(it[e])
            lits = [(ge(b, k), ge(a, k + 1)) for k in (0, 1)]
            if any(t is None or m is None for t, m in lits):
                model.add(rank_expr(a) - rank_expr(b) >= 1).only_enforce_if(x[e])
                continue
            for t, m in lits:
                if t is False or m is True:
                    continue
                clause = [~x[e]]
                if t is not True:
                    clause.append(~t)
                if m is not False:
                    clause.append(m)
                model.add_bool_or(clause)

    # -- constraint 1: one mentor per need -------------------------------------
    need_edges = _groups_of(it)
    coverage: dict[int, Any] = {}
    for i, pos in need_edges.items():
        xs = [x[p] for p in pos]
        if int(t_hi[i]) >= 2:  # may be a leader: then no mentor
            model.add_at_most_one([*xs, rank_vars[i][2]])
        elif len(xs) > 1:
            model.add_at_most_one(xs)
        coverage[i] = cp_model.LinearExpr.sum(xs)

    # -- constraint 2: caps per (mentor, direction) and per mentor ------------
    n_dirs = max(len(cg.directions), 1)
    for key, pos in _groups_of(em * n_dirs + ed).items():
        m, d = divmod(key, n_dirs)
        cap = pol.cap_of(net.directions[d])
        if len(pos) > cap:
            lit = _lit(model, assumptions, explain, ("cap", d))
            _add(model.add(cp_model.LinearExpr.sum([x[p] for p in pos]) <= cap), lit)
    out_edges = _groups_of(em)
    for m, pos in out_edges.items():
        cap = pol.host_capacity_of(net.schools[m])
        if len(pos) > cap:
            lit = _lit(model, assumptions, explain, ("host", m))
            _add(model.add(cp_model.LinearExpr.sum([x[p] for p in pos]) <= cap), lit)

    # -- constraint 3: yearly limit of trainee directions ---------------------
    in_edges = _groups_of(et)
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
    required = cg.sites.required
    for s in range(n_schools):
        if not required[s]:
            continue  # the site-based shape: only low-results schools must be attached
        pos = out_edges.get(s, []) + in_edges.get(s, [])
        lit = _lit(model, assumptions, explain, ("involve", s))
        if pos:
            _add(model.add_bool_or([x[p] for p in pos]), lit)
        else:
            _add(model.add_bool_or([]), lit)  # cannot hold: the school can be in no pair

    # -- group sizes: a group runs with at least group_min trainee teams ---------
    group_open: dict[tuple[int, int], Any] = {}
    for key, pos in _groups_of(em * n_dirs + ed).items():
        m, d = divmod(key, n_dirs)
        g = net.directions[d].min_group
        if g > 1:
            opened = model.new_bool_var(f"group_{m}_{d}")
            group_open[(m, d)] = opened
            total = cp_model.LinearExpr.sum([x[p] for p in pos])
            lit = _lit(model, assumptions, explain, ("group", d))
            _add(model.add(total >= g * opened), lit)
            model.add(total <= len(pos) * opened)

    # -- constraint 6: curator limits (per kind; pairs and schools) -------------
    curator_fixed: dict[tuple[int, str], str] = {}
    curator_vars: dict[tuple[int, str], dict[str, Any]] = {}
    load: dict[str, list[Any]] = defaultdict(list)
    school_vars: dict[str, dict[int, Any]] = defaultdict(dict)
    kscopes = kind_scopes(cg)
    if kscopes is not None and any(c.limited for c in net.curators):
        limited = {c.id: c for c in net.curators if c.limited}
        by_school: dict[str, dict[int, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for i, cov in coverage.items():
            s_i = int(t_school[i])
            for kind, scope in kscopes.get((s_i, int(t_dir[i])), {}).items():
                if not scope or any(c not in limited for c in scope):
                    continue  # an unlimited curator takes it (or none: unusable, or flagged unsupervised)
                if len(scope) == 1:
                    curator_fixed[(i, kind)] = scope[0]
                    load[scope[0]].append(cov)
                    by_school[scope[0]][s_i].append(cov)
                else:
                    ys = {c: model.new_bool_var(f"cur_{i}_{c}") for c in scope}
                    model.add(cp_model.LinearExpr.sum(list(ys.values())) == cov)
                    curator_vars[(i, kind)] = ys
                    for c, y in ys.items():
                        load[c].append(y)
                        by_school[c][s_i].append(y)
        for c, terms in sorted(load.items()):
            cur = limited[c]
            lit = _lit(model, assumptions, explain, ("curator", c))
            if cur.max_teams is not None:
                _add(model.add(cp_model.LinearExpr.sum(terms) <= cur.max_teams), lit)
            if cur.max_schools is not None:
                for s_i, supervised in sorted(by_school[c].items()):
                    z = model.new_bool_var(f"cur_school_{c}_{s_i}")
                    for term in supervised:
                        model.add(term <= z)
                    school_vars[c][s_i] = z
                _add(model.add(cp_model.LinearExpr.sum(list(school_vars[c].values())) <= cur.max_schools), lit)

    # -- constraint 7: sites (capacity in schools and pairs; one site per trainee school) --
    site_vars = _post_sites(cg, model, x, em, et, assumptions, explain)

    built = CpsatModel(
        cg=cg, model=model, edges=E, x=x, em=em, et=et, ed=ed, rank_vars=rank_vars, fixed_rank=fixed_rank,
        t_lo=t_lo, t_hi=t_hi, t_school=t_school, need_edges=need_edges, out_edges=out_edges,
        coverage=coverage, curator_fixed=curator_fixed, curator_vars=curator_vars,
        curator_load=dict(load), curator_school_vars=dict(school_vars), group_open=group_open,
        assumptions=assumptions, scopes=scopes, edge_coef=np.zeros(n_e, dtype=np.int64),
        site_vars=site_vars,
    )
    if explain:
        built.build_seconds = time.perf_counter() - started
        return built

    # -- objective: every registered term posts itself ---------------------------
    for term in registered_terms():
        term.post(built)
    built.objective = cp_model.LinearExpr.weighted_sum(
        [*x, *built.extra_vars], [*built.edge_coef.tolist(), *built.extra_coef]
    )

    # -- fairness: the worst coverage ratio (first stage) -----------------------
    if fairness in ("direction", "municipality"):
        groups: dict[Any, list[int]] = defaultdict(list)
        for i in np.nonzero(t_lo <= 1)[0].tolist():
            group: Any = int(t_dir[i]) if fairness == "direction" else net.schools[int(t_school[i])].municipality
            groups[group].append(i)
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
