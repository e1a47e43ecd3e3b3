"""The built-in objective terms, each defined once (weights from ``policy.weights``).

``coverage``
    Σ need weight (:func:`mentornet.graph.metrics.need_weight`) of the
    covered trainee needs: hidden reserves weigh more than promising teams;
    low-results, adverse-condition and new schools get their extras. When
    a team may be promising *or* a hidden reserve, the CP-SAT model carries
    a "covered as a hidden reserve" variable. A need deferred in last year's
    plan (carried over through the history) adds ``weights.carried_need``
    (:func:`mentornet.solvers._plan.carried_values`, per candidate edge).
``gain``, ``context``, ``travel``, ``continuity``
    Σ over the chosen pairs of the candidate edge's score parts
    (:mod:`mentornet.graph.candidates` weighs them).
``school_mentors``
    ``weights.school_mentors`` × the number of schools that mentor in at
    least one direction (a concave reward per mentor in the flow warm start).
``mutual``
    ``weights.mutual`` × the number of mutual exchanges
    (:func:`mentornet.graph.metrics.mutual_pairs`).
``balance``
    ``-weights.balance`` × the load of the most loaded host.
``own_municipality``, ``nearest_site``
    Locality goals (issue 14), per pair: ``policy.weight("own_municipality")``
    when the mentor is in the trainee's municipality (both known),
    ``policy.weight("nearest_site")`` when the mentor belongs to the
    trainee's nearest site group (:mod:`mentornet.graph.sites`).
``one_site``
    ``-policy.weight("one_site")`` × Σ over trainee schools of the site
    groups they learn at beyond the first (a school learns at one site, or
    site network, across its directions).
``curator_balance``
    ``-weights.curator_balance`` × the percentage of their limit used by the
    most loaded curator with a limit (pairs or schools, rounded up).
``profile_priority``
    ``weights.profile_priority`` × the covered needs of schools the
    indicators class as priority trainees (low results, at risk, crisis, a
    new school in its first years: :func:`mentornet.profile.planning_profile`).
``same_cluster``
    ``weights.same_cluster`` × the pairs whose mentor and trainee are in the
    same profile cluster (both clustered; an unknown cluster never scores):
    a context-fit goal.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import Any

import numpy as np

from mentornet.graph.candidates import EDGE_PARTS, CandidateGraph
from mentornet.graph.metrics import mutual_pairs
from mentornet.profile import planning_profile
from mentornet.solvers._plan import carried_values, coverage_value, locality_edge_values, profile_edge_values
from mentornet.solvers.objective.base import Decisions, EdgeTerm, ModelView, Term

__all__ = [
    "BUILTIN_TERMS",
    "BalanceTerm",
    "CoverageTerm",
    "CuratorBalanceTerm",
    "EdgePartTerm",
    "MutualTerm",
    "NearestSiteTerm",
    "OneSiteTerm",
    "OwnMunicipalityTerm",
    "ProfilePriorityTerm",
    "SameClusterTerm",
    "SchoolMentorsTerm",
    "curator_shares",
]


def _team_rows(view: ModelView, chosen: np.ndarray) -> set[int]:
    cg = view.cg
    return {cg.team_row[(int(t), int(d))] for t, d in zip(view.et[chosen], view.ed[chosen])}


class CoverageTerm(Term):
    """Σ need weight of the covered trainee needs."""

    name = "coverage"

    def need_value(self, cg: CandidateGraph, school: int, rank: int) -> int:
        return coverage_value(cg, school, rank)

    def edge_values(self, cg: CandidateGraph) -> np.ndarray:
        return carried_values(cg)

    def post(self, view: ModelView) -> None:
        cg, model = view.cg, view.model
        if len(view.edges):
            view.edge_coef += carried_values(cg)[view.edges["row"].to_numpy()]
        z_vars: dict[int, Any] = {}
        for i, pos in view.need_edges.items():
            lo, hi, s = int(view.t_lo[i]), int(view.t_hi[i]), int(view.t_school[i])
            if lo <= 0 and min(hi, 1) >= 1:  # promising or hidden reserve: the value depends on the role
                v0, v1 = coverage_value(cg, s, 0), coverage_value(cg, s, 1)
                view.edge_coef[pos] += v1
                if v0 != v1:
                    cov = view.coverage[i]
                    hr = view.rank_vars[i][0]
                    z = model.new_bool_var(f"hr_covered_{i}")
                    model.add(z <= cov)
                    model.add_implication(z, hr)
                    model.add(z >= cov + hr - 1)
                    view.add_objective(z, v0 - v1)
                    z_vars[i] = z
            else:
                view.edge_coef[pos] += coverage_value(cg, s, min(hi, 1) if lo <= 1 else lo)
        view.term_vars[self.name] = z_vars

    def post_lp(self, lp: Any) -> bool:
        cg = lp.cg
        if not lp.n_edges:
            return True
        lp.edge_cost += carried_values(cg)[lp.edge_rows]
        needs = np.unique(lp.it)
        value = np.zeros(len(cg.teams))
        z_needs, dv = [], []
        for i in needs.tolist():
            lo, hi, s = int(lp.t_lo[i]), int(lp.t_hi[i]), int(lp.t_school[i])
            if lo <= 0 and min(hi, 1) >= 1:
                v0, v1 = coverage_value(cg, s, 0), coverage_value(cg, s, 1)
                value[i] = v1
                if v0 != v1:
                    z_needs.append(i)
                    dv.append(v0 - v1)
            else:
                value[i] = coverage_value(cg, s, min(hi, 1) if lo <= 1 else lo)
        lp.edge_cost += value[lp.it]
        if z_needs:
            # z = covered ∧ hidden reserve: z ≤ covered, z ≤ hr, z ≥ covered + hr − 1
            z = lp.add_cols(dv, 0.0, 1.0)
            n = len(z_needs)
            hr = np.array([lp.rank_col[i][0] for i in z_needs], dtype=np.int64)
            r1 = lp.add_rows(-np.inf, 0.0, n)
            r2 = lp.add_rows(-np.inf, 0.0, n)
            r3 = lp.add_rows(-np.inf, 1.0, n)
            lp.add_entries(np.concatenate([r1, r2, r2, r3, r3]), np.concatenate([z, z, hr, z, hr]),
                           np.concatenate([np.ones(n), np.ones(n), -np.ones(n), -np.ones(n), np.ones(n)]))
            of = np.full(len(cg.teams), -1, dtype=np.int64)
            of[z_needs] = np.arange(n)
            k = of[lp.it]
            lp.add_edge_family(np.where(k >= 0, r1[np.maximum(k, 0)], -1), -1.0)
            lp.add_edge_family(np.where(k >= 0, r3[np.maximum(k, 0)], -1), 1.0)
            lp.term_cols[self.name] = dict(zip(z_needs, z.tolist()))
        return True

    def hint(self, view: ModelView, ranks: np.ndarray, chosen: np.ndarray) -> None:
        z_vars = view.term_vars.get(self.name) or {}
        if not z_vars:
            return
        covered = _team_rows(view, chosen)
        for i, z in z_vars.items():
            view.model.add_hint(z, i in covered and ranks[i] == 0)

    def evaluate(self, decisions: Decisions) -> int:
        cg = decisions.cg
        carried = int(carried_values(cg)[decisions.rows].sum()) if len(decisions.rows) else 0
        return carried + int(sum(coverage_value(cg, int(t), decisions.trainee_rank(k)) for k, t in enumerate(decisions.trainee)))


class EdgePartTerm(EdgeTerm):
    """One score part of the candidate edges (``gain``, ``context``, ``travel``, ``continuity``)."""

    def __init__(self, name: str):
        self.name = name

    def edge_values(self, cg: CandidateGraph) -> np.ndarray:
        return cg.edges[self.name].to_numpy(dtype=np.int64)


class SchoolMentorsTerm(Term):
    """``weights.school_mentors`` × the schools that mentor somewhere."""

    name = "school_mentors"

    def mentor_bonus(self, cg: CandidateGraph) -> int:
        return int(cg.policy.weights.school_mentors)

    def post(self, view: ModelView) -> None:
        w = view.cg.policy.weights.school_mentors
        mentor_vars: dict[int, Any] = {}
        if w:
            for m, pos in view.out_edges.items():
                ms = view.model.new_bool_var(f"mentors_{m}")
                view.model.add_bool_or([view.x[p] for p in pos]).only_enforce_if(ms)
                mentor_vars[m] = ms
                view.add_objective(ms, w)
        view.term_vars[self.name] = mentor_vars

    def post_lp(self, lp: Any) -> bool:
        w = lp.cg.policy.weights.school_mentors
        if w and lp.n_edges:
            # mentors somewhere ≤ Σ its pairs
            mentors, inv = np.unique(lp.em, return_inverse=True)
            ms = lp.add_cols(np.full(len(mentors), float(w)), 0.0, 1.0)
            rows = lp.add_rows(-np.inf, 0.0, len(mentors))
            lp.add_entries(rows, ms, 1.0)
            lp.add_edge_family(rows[inv], -1.0)
        return True

    def hint(self, view: ModelView, ranks: np.ndarray, chosen: np.ndarray) -> None:
        load = np.bincount(view.em[chosen], minlength=len(view.cg.schools))
        for m, v in (view.term_vars.get(self.name) or {}).items():
            view.model.add_hint(v, bool(load[m] > 0))

    def evaluate(self, decisions: Decisions) -> int:
        return int(decisions.cg.policy.weights.school_mentors * len(set(decisions.mentor.tolist())))


class MutualTerm(Term):
    """``weights.mutual`` × the mutual exchanges (A mentors B in one direction, B mentors A in another)."""

    name = "mutual"

    def post(self, view: ModelView) -> None:
        w = view.cg.policy.weights.mutual
        mutual_vars: dict[tuple[int, int], Any] = {}
        view.term_vars[self.name] = mutual_vars
        if not w or not len(view.edges):
            return
        pair_dirs: dict[tuple[int, int], set[int]] = defaultdict(set)
        pair_pos: dict[tuple[int, int], list[int]] = defaultdict(list)
        for p, (a, b, d) in enumerate(zip(view.em.tolist(), view.et.tolist(), view.ed.tolist())):
            pair_dirs[(a, b)].add(d)
            pair_pos[(a, b)].append(p)
        for (a, b), dirs_ab in sorted(pair_dirs.items()):
            if a < b and (b, a) in pair_dirs:
                dirs_ba = pair_dirs[(b, a)]
                if not any(d1 != d2 for d1 in dirs_ab for d2 in dirs_ba):
                    continue
                u = view.model.new_bool_var(f"mutual_{a}_{b}")
                view.model.add_bool_or([view.x[p] for p in pair_pos[(a, b)]]).only_enforce_if(u)
                view.model.add_bool_or([view.x[p] for p in pair_pos[(b, a)]]).only_enforce_if(u)
                mutual_vars[(a, b)] = u
                view.add_objective(u, w)

    def post_lp(self, lp: Any) -> bool:
        w = lp.cg.policy.weights.mutual
        if not w or not lp.n_edges:
            return True
        n, n_d = len(lp.cg.schools), max(len(lp.cg.directions), 1)
        # per ordered pair (a, b): its directions (sorted keys, no pandas: a million edges unpruned)
        k3 = np.unique((lp.em * n + lp.et) * n_d + lp.ed)
        ab = k3 // n_d
        first = np.r_[True, ab[1:] != ab[:-1]]
        keys = ab[first]
        starts = np.nonzero(first)[0]
        count = np.diff(np.r_[starts, len(ab)])
        lowest = (k3 % n_d)[starts]
        a, b = keys // n, keys % n
        rev = b * n + a
        pos = np.searchsorted(keys, rev)
        pos = np.minimum(pos, len(keys) - 1)
        both = (keys[pos] == rev) & (a < b)
        # a pair counts when some direction of a→b differs from some direction of b→a
        same = (count == 1) & (count[pos] == 1) & (lowest == lowest[pos])
        pairs = keys[both & ~same]
        if not len(pairs):
            return True
        u = lp.add_cols(np.full(len(pairs), float(w)), 0.0, 1.0)
        r_ab = lp.add_rows(-np.inf, 0.0, len(pairs))
        r_ba = lp.add_rows(-np.inf, 0.0, len(pairs))
        lp.add_entries(np.concatenate([r_ab, r_ba]), np.concatenate([u, u]), 1.0)
        lo = np.minimum(lp.em, lp.et) * n + np.maximum(lp.em, lp.et)
        k = np.searchsorted(pairs, lo)
        hit = (k < len(pairs)) & (pairs[np.minimum(k, len(pairs) - 1)] == lo)
        k = np.minimum(k, len(pairs) - 1)
        lp.add_edge_family(np.where(hit & (lp.em < lp.et), r_ab[k], -1), -1.0)
        lp.add_edge_family(np.where(hit & (lp.em > lp.et), r_ba[k], -1), -1.0)
        lp.add_conjunction(u, [r_ab, r_ba], np.full(len(pairs), float(w)))
        return True

    def hint(self, view: ModelView, ranks: np.ndarray, chosen: np.ndarray) -> None:
        links = set(zip(view.em[chosen].tolist(), view.et[chosen].tolist()))
        for (a, b), v in (view.term_vars.get(self.name) or {}).items():
            view.model.add_hint(v, (a, b) in links and (b, a) in links)

    def evaluate(self, decisions: Decisions) -> int:
        arcs = zip(decisions.mentor.tolist(), decisions.trainee.tolist(), decisions.direction.tolist())
        return int(decisions.cg.policy.weights.mutual * len(mutual_pairs(arcs)))


class BalanceTerm(Term):
    """``-weights.balance`` × the load of the most loaded host."""

    name = "balance"

    def post(self, view: ModelView) -> None:
        cg = view.cg
        w = cg.policy.weights.balance
        view.term_vars[self.name] = None
        if not w or not view.out_edges:
            return
        net, pol = cg.network, cg.policy
        top = max(min(len(pos), pol.host_capacity_of(net.schools[m])) for m, pos in view.out_edges.items())
        max_load = view.model.new_int_var(0, top, "max_load")
        for pos in view.out_edges.values():
            if len(pos) > 0:
                view.model.add(sum_of(view, pos) <= max_load)
        view.term_vars[self.name] = max_load
        view.add_objective(max_load, -w)

    def post_lp(self, lp: Any) -> bool:
        cg = lp.cg
        w = cg.policy.weights.balance
        if not w or not lp.n_edges:
            return True
        net, pol = cg.network, cg.policy
        mentors, inv, counts = np.unique(lp.em, return_inverse=True, return_counts=True)
        top = max(min(int(c), pol.host_capacity_of(net.schools[int(m)])) for m, c in zip(mentors, counts))
        load = lp.add_cols([-float(w)], 0.0, float(top))
        rows = lp.add_rows(-np.inf, 0.0, len(mentors))  # Σ pairs of a host − max load ≤ 0
        lp.add_entries(rows, np.full(len(rows), load[0]), -1.0)
        lp.add_edge_family(rows[inv], 1.0)
        return True

    def hint(self, view: ModelView, ranks: np.ndarray, chosen: np.ndarray) -> None:
        max_load = view.term_vars.get(self.name)
        if max_load is not None:
            n_s = len(view.cg.schools)
            load = np.bincount(view.em[chosen], minlength=n_s)
            view.model.add_hint(max_load, int(load.max()) if n_s else 0)

    def evaluate(self, decisions: Decisions) -> int:
        if not len(decisions.rows):
            return 0
        load = np.bincount(decisions.mentor, minlength=len(decisions.cg.schools))
        return -int(decisions.cg.policy.weights.balance * int(load.max()))


def curator_shares(network: Any, curators: Mapping[int, tuple[str, ...]], trainee_of: Mapping[int, int]) -> dict[str, int]:
    """Per curator with a limit: the percentage of the limit used, rounded up.

    The larger of pairs / ``max_teams`` and trainee schools / ``max_schools``
    (a zero limit is left out: it admits no pair). ``curators`` maps a chosen
    row to its curator ids, ``trainee_of`` a row to its trainee school.
    """
    pairs: dict[str, int] = defaultdict(int)
    schools: dict[str, set[int]] = defaultdict(set)
    for row, ids in curators.items():
        for c in ids:
            pairs[c] += 1
            schools[c].add(trainee_of[row])
    out: dict[str, int] = {}
    for c in sorted(pairs):
        cur = network.curator_by_id.get(c)
        if cur is None:
            continue
        shares = []
        if cur.max_teams:
            shares.append(-(-100 * pairs[c] // cur.max_teams))
        if cur.max_schools:
            shares.append(-(-100 * len(schools[c]) // cur.max_schools))
        if shares:
            out[c] = max(shares)
    return out


class CuratorBalanceTerm(Term):
    """``-weights.curator_balance`` × the share (in %) of the limit used by the most loaded curator.

    Only curators with a limit (``max_teams`` and/or ``max_schools``) count:
    a curator without one states no capacity to balance against. The share
    is the larger of pairs / ``max_teams`` and schools / ``max_schools``,
    rounded up to a whole percent.
    """

    name = "curator_balance"

    def post_lp(self, lp: Any) -> bool:
        # The share column s (integral in the MIP: the rounded-up percentage) turns each curator's
        # pair row "load ≤ max_teams" into "load − max_teams·s/100 ≤ 0", which with s ≤ 100 keeps the limit.
        w = lp.cg.policy.weights.curator_balance
        curs = lp.cg.network.curator_by_id
        rows = {c: r for c, r in lp.curator_row.items() if curs[c].max_teams}
        if not w or not rows:
            return True
        if any(c.max_schools for c in lp.cg.network.curators):
            lp.exact = False  # school shares are not in the LP (such networks skip the LP stage anyway)
        share = lp.add_cols([-float(w)], 0.0, 100.0)
        names = sorted(rows)
        lp.add_entries([rows[c] for c in names], np.full(len(names), share[0]),
                       [-curs[c].max_teams / 100.0 for c in names])
        lp.set_row_upper([rows[c] for c in names], 0.0)
        return True

    def post(self, view: ModelView) -> None:
        from ortools.sat.python import cp_model

        w = view.cg.policy.weights.curator_balance
        view.term_vars[self.name] = None
        load: Mapping[str, list[Any]] = getattr(view, "curator_load", {})
        school_vars: Mapping[str, Mapping[int, Any]] = getattr(view, "curator_school_vars", {})
        if not w or not (load or school_vars):
            return
        curs = view.cg.network.curator_by_id
        share = view.model.new_int_var(0, 100, "curator_share")
        for c, terms in sorted(load.items()):
            if curs[c].max_teams and terms:
                view.model.add(100 * cp_model.LinearExpr.sum(terms) <= curs[c].max_teams * share)
        for c, zs in sorted(school_vars.items()):
            if curs[c].max_schools and zs:
                view.model.add(100 * cp_model.LinearExpr.sum(list(zs.values())) <= curs[c].max_schools * share)
        view.term_vars[self.name] = share
        view.add_objective(share, -w)

    def hint(self, view: ModelView, ranks: np.ndarray, chosen: np.ndarray) -> None:
        share = view.term_vars.get(self.name)
        if share is None:
            return
        curs = view.cg.network.curator_by_id
        best = 0
        for c, (pairs, schools) in getattr(view, "curator_hint", {}).items():
            if curs[c].max_teams and pairs:
                best = max(best, -(-100 * pairs // curs[c].max_teams))
            if curs[c].max_schools and schools:
                best = max(best, -(-100 * schools // curs[c].max_schools))
        view.model.add_hint(share, min(best, 100))

    def evaluate(self, decisions: Decisions) -> int:
        w = decisions.cg.policy.weights.curator_balance
        if not w or not decisions.curators or not len(decisions.rows):
            return 0
        trainee = dict(zip(decisions.rows.tolist(), decisions.trainee.tolist()))
        chosen = {r: ids for r, ids in decisions.curators.items() if r in trainee}
        shares = curator_shares(decisions.cg.network, chosen, trainee)
        return -int(w * max(shares.values(), default=0))
class ProfilePriorityTerm(Term):
    """``weights.profile_priority`` × covered needs of priority schools by indicators.

    A need value (like the coverage extras), so that the greedy and flow
    solvers serve these needs first; in CP-SAT and in a finished plan it is
    the same value on each pair of such a trainee (one pair per need).
    """

    name = "profile_priority"

    def need_value(self, cg: CandidateGraph, school: int, rank: int) -> int:
        w = int(cg.policy.weights.profile_priority)
        if not w:
            return 0
        # Asked once per need: the priority set is kept on the candidate graph.
        priority = cg.__dict__.get("_profile_priority")
        if priority is None:
            prof = planning_profile(cg.network, cg.policy)
            priority = cg.__dict__["_profile_priority"] = prof.priority_schools() if prof is not None else frozenset()
        return w if cg.schools[school] in priority else 0

    def post(self, view: ModelView) -> None:
        if len(view.edges):
            view.edge_coef += profile_edge_values(view.cg)[self.name][view.edges["row"].to_numpy()]

    def evaluate(self, decisions: Decisions) -> int:
        if not len(decisions.rows):
            return 0
        return int(profile_edge_values(decisions.cg)[self.name][decisions.rows].sum())

    def post_lp(self, lp: Any) -> bool:
        # the same value on each pair of a priority trainee: linear in the pairs
        if lp.n_edges:
            lp.edge_cost += profile_edge_values(lp.cg)[self.name][lp.edge_rows]
        return True


class SameClusterTerm(EdgeTerm):
    """``weights.same_cluster`` × pairs within one profile cluster (context fit)."""

    name = "same_cluster"

    def edge_values(self, cg: CandidateGraph) -> np.ndarray:
        return profile_edge_values(cg)[self.name]


def sum_of(view: ModelView, positions: list[int]) -> Any:
    """The sum of the edge variables at ``positions`` (a CP-SAT linear expression)."""
    from ortools.sat.python import cp_model

    return cp_model.LinearExpr.sum([view.x[p] for p in positions])


class OwnMunicipalityTerm(EdgeTerm):
    """``policy.weight("own_municipality")`` per pair whose mentor is in the trainee's municipality («своя площадка в районе»)."""

    name = "own_municipality"

    def edge_values(self, cg: CandidateGraph) -> np.ndarray:
        return locality_edge_values(cg, self.name)


class NearestSiteTerm(EdgeTerm):
    """``policy.weight("nearest_site")`` per pair whose mentor belongs to the trainee's nearest site («ближайшая площадка»)."""

    name = "nearest_site"

    def edge_values(self, cg: CandidateGraph) -> np.ndarray:
        return locality_edge_values(cg, self.name)


def site_groups_used(cg: CandidateGraph, mentors: np.ndarray, trainees: np.ndarray) -> dict[int, set[int]]:
    """``trainee school -> site groups of its mentors`` over the given pairs."""
    group = cg.sites.group
    used: dict[int, set[int]] = defaultdict(set)
    for m, t in zip(mentors.tolist(), trainees.tolist()):
        used[int(t)].add(int(group[m]))
    return used


class OneSiteTerm(Term):
    """``-policy.weight("one_site")`` × the site groups trainee schools learn at beyond their first.

    Posted on the model's site variables (``view.site_vars``: "trainee
    school *t* learns at site group *g*", bounded below by its pairs there).
    """

    name = "one_site"

    def post_lp(self, lp: Any) -> bool:
        # a penalty (never positive): left out, the relaxation stays an upper bound (but is no plan's value)
        if lp.cg.policy.weight(self.name):
            lp.exact = False
        return True

    def post(self, view: ModelView) -> None:
        w = view.cg.policy.weight(self.name)
        extra: dict[int, Any] = {}
        view.term_vars[self.name] = extra
        if not w:
            return
        by_school: dict[int, list[Any]] = defaultdict(list)
        for (t, _g), y in getattr(view, "site_vars", {}).items():
            by_school[t].append(y)
        from ortools.sat.python import cp_model

        for t, ys in sorted(by_school.items()):
            if len(ys) < 2:
                continue
            e = view.model.new_int_var(0, len(ys) - 1, f"extra_sites_{t}")
            view.model.add(e >= cp_model.LinearExpr.sum(ys) - 1)
            extra[t] = e
            view.add_objective(e, -w)

    def hint(self, view: ModelView, ranks: np.ndarray, chosen: np.ndarray) -> None:
        extra = view.term_vars.get(self.name) or {}
        if not extra:
            return
        used = site_groups_used(view.cg, view.em[chosen], view.et[chosen])
        for t, e in extra.items():
            view.model.add_hint(e, max(0, len(used.get(t, ())) - 1))

    def evaluate(self, decisions: Decisions) -> int:
        w = decisions.cg.policy.weight(self.name)
        if not w or not len(decisions.rows):
            return 0
        used = site_groups_used(decisions.cg, decisions.mentor, decisions.trainee)
        return -int(w * sum(max(0, len(g) - 1) for g in used.values()))


#: The locality goals of the site-based shape (issue 14).
SITE_TERMS: tuple[Term, ...] = (OwnMunicipalityTerm(), NearestSiteTerm(), OneSiteTerm())

#: The built-in terms in posting and reporting order.
BUILTIN_TERMS: tuple[Term, ...] = (
    CoverageTerm(),
    *(EdgePartTerm(p) for p in EDGE_PARTS),
    SchoolMentorsTerm(),
    MutualTerm(),
    BalanceTerm(),
    CuratorBalanceTerm(),
    *SITE_TERMS,
    ProfilePriorityTerm(),
    SameClusterTerm(),
)
