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
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np

from mentornet.graph.candidates import EDGE_PARTS, CandidateGraph
from mentornet.graph.metrics import mutual_pairs
from mentornet.solvers._plan import carried_values, coverage_value
from mentornet.solvers.objective.base import Decisions, EdgeTerm, ModelView, Term

__all__ = ["BUILTIN_TERMS", "BalanceTerm", "CoverageTerm", "EdgePartTerm", "MutualTerm", "SchoolMentorsTerm"]


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


def sum_of(view: ModelView, positions: list[int]) -> Any:
    """The sum of the edge variables at ``positions`` (a CP-SAT linear expression)."""
    from ortools.sat.python import cp_model

    return cp_model.LinearExpr.sum([view.x[p] for p in positions])


#: The built-in terms in posting and reporting order.
BUILTIN_TERMS: tuple[Term, ...] = (
    CoverageTerm(),
    *(EdgePartTerm(p) for p in EDGE_PARTS),
    SchoolMentorsTerm(),
    MutualTerm(),
    BalanceTerm(),
)
