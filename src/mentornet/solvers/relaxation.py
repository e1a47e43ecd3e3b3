"""The LP relaxation of the planning model, solved with HiGHS: a proved bound, duals, pricing.

The relaxation is the exact integer model the plan is scored by (the same
hard constraints as :mod:`mentornet.solvers.cpsat.model`, the same
objective terms of :mod:`mentornet.solvers.objective`, each posting its own
rows through :meth:`~mentornet.solvers.objective.Term.post_lp`) with the
integrality dropped. It is built once, directly from the candidate-graph
arrays (numpy, column-wise sparse), and handed to HiGHS (``highspy``).

Column generation
-----------------
The rows are defined over the *universe*: every usable edge of the graph
given (the unpruned candidate graph, :func:`build_candidates(...,
prune=False) <mentornet.graph.candidates.build_candidates>`), but only the
*active* edges (the pruned graph's) are columns at first. After each LP
solve every other edge is priced with the duals (reduced cost
``c_e − Σ a_re y_r``; an edge's own rank rows do not exist yet, their dual
is 0); those that could improve the LP are added, and the LP is solved
again (warm), until none can.

The bound
---------
Whatever the pricing reached, the reported bound is the Lagrangian bound
of the duals over the whole universe, ``Σ_r y_r·side_r + Σ_j max(0,
rc_j)·ub_j + min(0, rc_j)·lb_j``: valid for any duals (their signs fixed),
so it is an upper bound on every plan of the unpruned graph; when pricing
converged it equals the LP optimum. The objective is integral, so the bound
is rounded down (:attr:`LpResult.bound`).

Stop and time limits are honoured through HiGHS' interrupt callbacks.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from mentornet.graph.candidates import CandidateGraph
from mentornet.solvers.feasibility import curator_scopes, usable_edges
from mentornet.solvers.objective import registered_terms

__all__ = ["LpModel", "LpResult", "highs_available"]

log = logging.getLogger(__name__)

INF = math.inf

#: Reduced cost above which a pruned edge enters (the objective is integral: far below one point).
PRICE_TOL = 1e-6
#: At most this many edges enter per pricing round (best first) ...
PRICE_BATCH = 40_000
#: ... and at most this many per need (a need takes one mentor: its best few candidates are what matter).
#: Measured on a 500-school region: 2 per need reached the gap below in 26 s, 4 in 16 s, 6 in 12 s, 8 in 12 s.
PRICE_PER_NEED = 6
#: Pricing stops once the bound is this close to the LP value (relative): the edges left out could raise
#: the LP, and so the plan, by no more than that; the bound stays valid for every eligible pair.
PRICE_GAP = 2e-4
#: An LP of this many columns or more that gains more than this share of new ones is solved afresh, not from
#: the last basis: HiGHS' dual simplex (the fastest here; interior point and primal simplex were 4–10 × slower)
#: took 37 s from the warm basis and 12.7 s cold at region size (108,000 columns + 10,500 priced), while small
#: additions re-solve 2–4 × faster warm (0.8 s warm, 1.2 s cold at city size).
COLD_RESOLVE_COLUMNS = 50_000
COLD_RESOLVE_SHARE = 0.05
#: A warm re-solve after a warm round, adding a fraction of that round's edges, is expected to take that fraction of
#: its time, at least this share (region, exchange columns: 204 edges after 2,834 took 5.1 s after 13–15 s).
WARM_FLOOR = 0.4
#: The bound with the assignment rows kept (a min-cost flow over the universe, 1.5–2.5 s at region size) is computed
#: only when the need rows' bound is this far above the LP (relative): it lowers the bound by a tenth to a sixth of
#: that distance (region: 529,310 → 529,195 at 0.13 %, 528,897 → 528,889 at 0.02 %).
FLOW_BOUND_GAP = 5e-4
#: Reduced costs enter the bound's min-cost flow as integers in units of 1 / FLOW_SCALE (rounded up).
FLOW_SCALE = 1024
#: Weight of the stability centre (the duals of the best bound so far) in the duals pricing uses (Wentges).
SMOOTHING = 0.5
#: Candidate splits of a two-sided conjunction column's value between its two rows (:meth:`LpModel._split_duals`).
SPLIT_STEPS = 40


def highs_available() -> bool:
    """Whether ``highspy`` can be imported."""
    try:
        import highspy  # noqa: F401
    except ImportError:  # pragma: no cover - a declared dependency
        return False
    return True


@dataclass
class LpResult:
    """One LP solve (with pricing): values, the proved bound and what it took.

    ``value`` is the LP optimum over the active edges; ``bound`` the
    Lagrangian bound over the whole universe, rounded down to an integer
    (None when HiGHS ended without duals: stopped, or a time limit);
    ``x`` the edge values over the universe (0 for inactive edges).
    """

    status: str
    value: float | None
    lagrangian: float | None
    x: np.ndarray
    aux: np.ndarray
    active: np.ndarray
    value_before_pricing: float | None = None  # the first LP's value (over the edges it started from)
    start_edges: int = 0  # how many edges the first LP had
    priced_edges: int = 0
    pricing_rounds: int = 0
    converged: bool = False
    seconds: float = 0.0
    mip_bound: float | None = None  # the MIP's own proved bound (integral solves only)
    duals: tuple[np.ndarray, _Clauses] | None = field(default=None, repr=False)  # the duals of ``lagrangian``

    @property
    def bound(self) -> float | None:
        if self.lagrangian is None:
            return None
        return float(math.floor(self.lagrangian * (1 + 1e-9) + 1e-6))


@dataclass
class _Clauses:
    """The rank rows of an LP's edges: owning universe edge, upper side, (column, coefficient) entries."""

    owner: list[int]
    ub: list[float]
    entries: list[list[tuple[int, float]]]


@dataclass
class _RowMap:
    """Which HiGHS row each model row is (-1: left out of the LP); model rows are the base rows, then rank rows."""

    hrow: np.ndarray
    n_h: int

    def duals(self, row_dual: Any) -> np.ndarray:
        """The LP's duals over the model rows (0 for rows left out)."""
        y_h = np.asarray(row_dual, dtype=np.float64)
        y = np.zeros(len(self.hrow))
        on = self.hrow >= 0
        y[on] = y_h[self.hrow[on]]
        return y

    def append(self, model_rows: np.ndarray) -> np.ndarray:
        """Give model rows (new rank rows, or rows taken back in) the next HiGHS rows; returns those."""
        model_rows = np.asarray(model_rows, dtype=np.int64)
        top = int(model_rows.max()) + 1 if len(model_rows) else 0
        if top > len(self.hrow):
            self.hrow = np.concatenate([self.hrow, np.full(top - len(self.hrow), -1, dtype=np.int64)])
        ids = self.n_h + np.arange(len(model_rows), dtype=np.int64)
        self.hrow[model_rows] = ids
        self.n_h += len(model_rows)
        return ids


@dataclass
class _Conjunction:
    """Columns ``u_j ≤ Σ edges of rows[i][j]`` for every i, each worth ``cost[j]``: "all of these groups hold"."""

    cols: np.ndarray
    rows: list[np.ndarray]
    cost: np.ndarray


@dataclass
class _Family:
    """Edge entries of a family of rows: edge k of the universe has ``coef`` in row ``row[k]`` (-1: none)."""

    row: np.ndarray
    coef: float


@dataclass
class _Exchanges:
    """A two-sided conjunction group (mutual exchanges) as columns of two opposite pairs, for the pricing LP.

    Column ``z(e, f)`` takes pair ``e`` one way and pair ``f`` the other way
    in another direction: cost ``c_e + c_f + value``, the entries of both
    pairs, and 1 in its school pair's row ``Σ z ≤ 1``; the group's own
    columns and rows stay out. It has the optimum of the conjunction form
    over the same pairs (or less, never a plan less: a plan's exchange is
    such a column) and HiGHS re-solves it about twice as fast: the
    conjunction rows are what makes the region LPs slow. Its duals are
    read back into the conjunction form (each exchange's value less the
    dual ``π`` of its row split between its two rows:
    :meth:`LpModel._split_duals`), where the bound and pricing are
    computed as for any LP; pricing also takes the pairs whose best
    exchange column gains (:meth:`LpModel._exchange_gain`).
    """

    group: int
    side_ab: np.ndarray  # the exchange (column of the group) each universe edge is a first-side pair of, -1: none
    side_ba: np.ndarray
    pair_row: np.ndarray  # HiGHS row of each exchange's ``Σ z ≤ 1`` (-1: none yet)
    e: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    f: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    pair: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    col: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    keys: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # e · n + f, sorted


def _expand(lo: np.ndarray, count: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges ``[lo_i, lo_i + count_i)``: the owner ``i`` and the index of every element, in order."""
    owner = np.repeat(np.arange(len(lo)), count)
    first = np.cumsum(count) - count
    return owner, np.repeat(lo, count) + (np.arange(int(count.sum())) - np.repeat(first, count))


@dataclass
class LpModel:
    """The relaxation over a candidate graph's usable edges; terms post into it (the LP view).

    Parameters
    ----------
    cg : CandidateGraph
        The graph whose usable edges are the universe (the unpruned graph
        for pricing).
    """

    cg: CandidateGraph
    edge_rows: np.ndarray = field(init=False)  # rows of cg.edges, one per universe edge
    em: np.ndarray = field(init=False)
    et: np.ndarray = field(init=False)
    ed: np.ndarray = field(init=False)
    it: np.ndarray = field(init=False)  # trainee team row per universe edge
    im: np.ndarray = field(init=False)  # mentor team row per universe edge
    locked: np.ndarray = field(init=False)
    t_lo: np.ndarray = field(init=False)
    t_hi: np.ndarray = field(init=False)
    t_school: np.ndarray = field(init=False)
    t_dir: np.ndarray = field(init=False)
    edge_cost: np.ndarray = field(init=False)
    complete: bool = True  # every term could post itself (else the LP is no bound)
    scopes: dict[tuple[int, int], tuple[str, ...]] | None = None
    # auxiliary (non-edge) columns
    _cost: list[np.ndarray] = field(default_factory=list)
    _lb: list[np.ndarray] = field(default_factory=list)
    _ub: list[np.ndarray] = field(default_factory=list)
    n_aux: int = 0
    # rows
    _rlb: list[np.ndarray] = field(default_factory=list)
    _rub: list[np.ndarray] = field(default_factory=list)
    n_rows: int = 0
    _ar: list[np.ndarray] = field(default_factory=list)
    _ac: list[np.ndarray] = field(default_factory=list)
    _av: list[np.ndarray] = field(default_factory=list)
    families: list[_Family] = field(default_factory=list)
    rank_col: dict[int, dict[int, int]] = field(default_factory=dict)  # team row -> {rank: aux column}
    term_cols: dict[str, Any] = field(default_factory=dict)
    curator_groups: dict[tuple[str, ...], tuple[int, dict[str, int]]] = field(default_factory=dict)
    #: the row of each limited curator's pair count (``Σ pairs ≤ max_teams``), by curator id
    curator_row: dict[str, int] = field(default_factory=dict)
    #: the need row (at most one mentor) of each universe edge
    need_row: np.ndarray = field(init=False)
    #: the cap row (mentor, direction), host row and trainee-directions row of each universe edge, and the
    #: limits behind them (cap per direction, host capacity and trainee directions per school)
    cap_row: np.ndarray = field(init=False)
    host_row: np.ndarray = field(init=False)
    learn_row: np.ndarray = field(init=False)
    limits: tuple[np.ndarray, np.ndarray, np.ndarray] = field(init=False)
    #: need row -> the rank column "the team leads" that shares it
    lead_of_row: dict[int, int] = field(default_factory=dict)
    _row_ub_set: dict[int, float] = field(default_factory=dict)
    conjunctions: list[_Conjunction] = field(default_factory=list)
    _sides: list[list[np.ndarray]] | None = None
    build_seconds: float = 0.0

    def __post_init__(self) -> None:
        started = time.perf_counter()
        cg = self.cg
        teams = cg.teams
        self.t_school = teams["school"].to_numpy(dtype=np.int64)
        self.t_dir = teams["direction"].to_numpy(dtype=np.int64)
        self.t_lo = teams["rank_min"].to_numpy(dtype=np.int64)
        self.t_hi = teams["rank_max"].to_numpy(dtype=np.int64)
        self.scopes = curator_scopes(cg)
        usable = usable_edges(cg, self.scopes)
        rows = np.nonzero(usable)[0].astype(np.int64) if len(usable) else np.zeros(0, dtype=np.int64)
        E = cg.edges
        self.edge_rows = rows
        self.em = E["mentor"].to_numpy(dtype=np.int64)[rows]
        self.et = E["trainee"].to_numpy(dtype=np.int64)[rows]
        self.ed = E["direction"].to_numpy(dtype=np.int64)[rows]
        self.locked = E["locked"].to_numpy(dtype=bool)[rows]
        n_s, n_d = len(cg.schools), max(len(cg.directions), 1)
        team_of = np.full((n_s, n_d), -1, dtype=np.int64)
        team_of[self.t_school, self.t_dir] = np.arange(len(teams))
        self.it = team_of[self.et, self.ed]
        self.im = team_of[self.em, self.ed]
        self.edge_cost = np.zeros(len(rows), dtype=np.float64)
        #: False when a penalty term is left out: the LP value then bounds, but does not equal, a plan's objective
        self.exact = True
        self._post_constraints()
        for term in registered_terms():
            post = getattr(term, "post_lp", None)
            if post is None or not post(self):
                log.info("objective term %r has no LP form: the relaxation is no bound", term.name)
                self.complete = False
        self.build_seconds = time.perf_counter() - started

    # -- the view the terms use ---------------------------------------------------

    @property
    def n_edges(self) -> int:
        return len(self.edge_rows)

    def add_cols(self, cost: Any, lb: Any, ub: Any) -> np.ndarray:
        """Auxiliary columns (integral in the MIP); returns their ids."""
        cost = np.asarray(cost, dtype=np.float64).ravel()
        n = len(cost)
        self._cost.append(cost)
        self._lb.append(np.broadcast_to(np.asarray(lb, dtype=np.float64), (n,)).copy())
        self._ub.append(np.broadcast_to(np.asarray(ub, dtype=np.float64), (n,)).copy())
        ids = np.arange(self.n_aux, self.n_aux + n, dtype=np.int64)
        self.n_aux += n
        return ids

    def add_rows(self, lb: Any, ub: Any, n: int) -> np.ndarray:
        """``n`` rows with bounds ``lb ≤ · ≤ ub``; returns their ids."""
        self._rlb.append(np.broadcast_to(np.asarray(lb, dtype=np.float64), (n,)).copy())
        self._rub.append(np.broadcast_to(np.asarray(ub, dtype=np.float64), (n,)).copy())
        ids = np.arange(self.n_rows, self.n_rows + n, dtype=np.int64)
        self.n_rows += n
        return ids

    def add_entries(self, rows: Any, cols: Any, vals: Any) -> None:
        """Coefficients of auxiliary columns in rows."""
        rows = np.asarray(rows, dtype=np.int64).ravel()
        self._ar.append(rows)
        self._ac.append(np.asarray(cols, dtype=np.int64).ravel())
        self._av.append(np.broadcast_to(np.asarray(vals, dtype=np.float64), rows.shape).copy())

    def add_edge_family(self, row_of_edge: np.ndarray, coef: float) -> None:
        """Every universe edge ``k`` has ``coef`` in row ``row_of_edge[k]`` (-1: in none of them)."""
        self.families.append(_Family(np.asarray(row_of_edge, dtype=np.int64), float(coef)))

    def add_conjunction(self, cols: np.ndarray, rows: list[np.ndarray], cost: np.ndarray) -> None:
        """Declare aux columns ``cols`` as conjunctions: column j may be 1 only if every ``rows[i][j]`` has an edge.

        The rows must already bound the columns (``u_j − Σ edges ≤ 0``). While
        some row of a column has no edge in the LP, the column is held at 0
        there, and its empty rows take duals at which it earns nothing
        (:meth:`_virtual_duals`): the edges of the universe that could
        complete it are priced with their share of its value, not with the
        whole of it on the side the LP happened to load.
        """
        self.conjunctions.append(_Conjunction(np.asarray(cols, dtype=np.int64), [np.asarray(r, dtype=np.int64) for r in rows],
                                              np.asarray(cost, dtype=np.float64)))

    def _empty_rows(self, work: np.ndarray) -> list[list[np.ndarray]]:
        """Per conjunction group and row family, which of its rows have no edge among ``work``."""
        if not self.conjunctions:
            return []
        count = np.zeros(self.n_rows, dtype=np.int64)
        on = np.nonzero(work)[0]
        for f in self.families:
            r = f.row[on]
            count += np.bincount(r[r >= 0], minlength=self.n_rows)
        return [[count[r] == 0 for r in c.rows] for c in self.conjunctions]

    def _dead_conjunctions(self, work: np.ndarray, empty: list[list[np.ndarray]] | None = None) -> list[np.ndarray]:
        """Per conjunction group, the columns some row of which has no edge among ``work`` (``empty``: its empty rows)."""
        return [np.logical_or.reduce(e) for e in (self._empty_rows(work) if empty is None else empty)]

    def _virtual_duals(self, y: np.ndarray, empty: list[list[np.ndarray]]) -> np.ndarray:
        """``y`` with duals on the empty rows (:meth:`_empty_rows`) of dead conjunction columns (see :meth:`add_conjunction`).

        The rows with edges keep the LP's duals (so every LP column keeps
        its reduced cost, and a converged LP's bound is its value); the
        empty ones share what the column's value exceeds those duals by,
        so the column itself earns nothing.
        """
        if not self.conjunctions:
            return y
        y = y.copy()
        for c, rows_empty in zip(self.conjunctions, empty):
            n_empty = np.sum(rows_empty, axis=0)
            dead = n_empty > 0
            rest = c.cost - sum(np.where(e, 0.0, y[r]) for r, e in zip(c.rows, rows_empty))
            share = np.maximum(rest, 0.0) / np.maximum(n_empty, 1)
            for r, e in zip(c.rows, rows_empty):
                y[r[e & dead]] = share[e & dead]
        return y

    def _conjunction_sides(self) -> list[list[np.ndarray]]:
        """Per conjunction group and row family: the column (index in the group) each universe edge counts for, -1: none."""
        if self._sides is None:
            self._sides = []
            for c in self.conjunctions:
                sides = []
                for r in c.rows:
                    where = np.full(self.n_rows, -1, dtype=np.int64)
                    where[r] = np.arange(len(r))
                    side = np.full(self.n_edges, -1, dtype=np.int64)
                    for f in self.families:
                        hit = np.where(f.row >= 0, where[np.maximum(f.row, 0)], -1)
                        side = np.where(hit >= 0, hit, side)
                    sides.append(side)
                self._sides.append(sides)
        return self._sides

    def _split_duals(self, y: np.ndarray, clauses: _Clauses, pi: np.ndarray | None = None) -> np.ndarray:
        """``y`` with the value of every two-sided conjunction column split anew between its two rows.

        A mutual exchange earns its bonus only with pairs on both sides, but
        the Lagrangian counts each pair on its own: whatever share of the
        bonus a side's dual carries, every pair of that side earns it. For
        each column the split (``λ`` on one row, ``cost − λ`` on the other,
        so the column itself earns nothing) is chosen among
        :data:`SPLIT_STEPS` + 1 candidates to minimise ``Σ max(0, rc + λ)``
        over the pairs of one side plus the same over the other: what the
        pairs of the exchange could earn in the bound. The LP's own split
        is arbitrary where the LP lacks the pairs of a side. Any split is
        valid duals, so the bound holds whichever is chosen; the caller
        keeps the lower of the two bounds. Besides the grid, the two ends
        of the range of splits at which no pair of a side gains are
        tried: where that range is not empty the split prices every pair
        of the exchange at ≤ 0, as a converged LP's duals do.

        With ``pi`` (the exchange form's duals of ``Σ z ≤ 1``, one group:
        :class:`_Exchanges`) only ``value − π`` is split: the column keeps
        reduced cost ``π`` and earns it at its bound ``u ≤ 1``, as the row
        does in the exchange form.
        """
        if not self.conjunctions:
            return y
        y = y.copy()
        for c, sides in zip(self.conjunctions, self._conjunction_sides()):
            if len(c.rows) != 2 or not len(c.cost):
                continue
            total = c.cost if pi is None else np.maximum(c.cost - pi, 0.0)
            yz = y.copy()
            yz[c.rows[0]] = 0.0
            yz[c.rows[1]] = 0.0
            rc0 = self._priced_costs(yz, clauses)
            n = len(c.cost)
            parts = []
            for side in sides:
                on = side >= 0
                on[on] &= rc0[on] + total[side[on]] > 0  # a pair that earns nothing whatever its share
                parts.append((side[on], rc0[on]))
            # the ends of the range where neither side gains: λ ≤ −max rc (first side), λ ≥ total + max rc (second)
            top = [np.full(n, -INF) for _ in parts]
            for t, (side, rc) in zip(top, parts):
                np.maximum.at(t, side, rc)
            ends = [np.clip(-top[0], 0.0, total), np.clip(total + top[1], 0.0, total)]
            best_val = np.full(n, INF)
            best_lam = total / 2
            for lam in [total * (k / SPLIT_STEPS) for k in range(SPLIT_STEPS + 1)] + ends:
                val = np.zeros(n)
                for (side, rc), share in zip(parts, (lam, total - lam)):
                    v = np.maximum(rc + share[side], 0.0)
                    val += np.bincount(side, weights=v, minlength=n)
                better = (val < best_val - 1e-9) | ((val <= best_val + 1e-9) & (np.abs(lam - total / 2) < np.abs(best_lam - total / 2)))
                best_val = np.where(better, val, best_val)
                best_lam = np.where(better, lam, best_lam)
            y[c.rows[0]] = best_lam
            y[c.rows[1]] = total - best_lam
        return y

    def set_row_upper(self, rows: Any, ub: float) -> None:
        """Change the upper side of rows already added (a term turning a limit into a share)."""
        for r in np.asarray(rows, dtype=np.int64).ravel().tolist():
            self._row_ub_set[int(r)] = float(ub)

    def group_rows(self, keys: np.ndarray, lb: Any, ub: Any) -> tuple[np.ndarray, np.ndarray]:
        """One row per distinct key (keys ascending) and the row of each edge."""
        if len(keys) and keys.min() >= 0 and keys.max() < 4 * len(keys) + 1024:
            # small dense keys (teams, schools, mentor × direction): no sort of a million edges
            present = np.zeros(int(keys.max()) + 1, dtype=bool)
            present[keys] = True
            uniq = np.nonzero(present)[0]
            rank = np.cumsum(present) - 1
            inv = rank[keys]
        else:
            uniq, inv = np.unique(keys, return_inverse=True)
        ub_arr = ub(uniq) if callable(ub) else ub
        lb_arr = lb(uniq) if callable(lb) else lb
        ids = self.add_rows(lb_arr, ub_arr, len(uniq))
        return uniq, ids[inv] if len(inv) else np.zeros(0, dtype=np.int64)

    # -- hard constraints --------------------------------------------------------

    def _post_constraints(self) -> None:
        cg = self.cg
        net, pol = cg.network, cg.policy
        n_s, n_d = len(cg.schools), max(len(cg.directions), 1)
        lo, hi = self.t_lo, self.t_hi
        # Ranks: one column per allowed rank of each team whose role is open, exactly one.
        var = np.nonzero(lo < hi)[0]
        if len(var):
            widths = (hi[var] - lo[var] + 1)
            cols = self.add_cols(np.zeros(int(widths.sum())), 0.0, 1.0)
            rows = self.add_rows(1.0, 1.0, len(var))
            k = 0
            for j, i in enumerate(var.tolist()):
                w = int(widths[j])
                self.rank_col[i] = {int(lo[i]) + r: int(cols[k + r]) for r in range(w)}
                k += w
            self.add_entries(np.repeat(rows, widths), cols, 1.0)
        # 1. at most one mentor per need, none when the team leads.
        uniq, need_row = self.group_rows(self.it, -INF, 1.0)
        self.add_edge_family(need_row, 1.0)
        lead = [(r, self.rank_col[int(i)][2]) for i, r in zip(uniq.tolist(), np.unique(need_row).tolist())
                if int(hi[i]) >= 2 and int(i) in self.rank_col]
        if lead:
            self.add_entries([r for r, _ in lead], [c for _, c in lead], 1.0)
        self.need_row = need_row
        self.lead_of_row = dict(lead)
        self.need_row_of = dict(zip(uniq.tolist(), np.unique(need_row).tolist())) if len(uniq) else {}
        # 2. caps per (mentor, direction) and per host.
        cap_d = np.array([pol.cap_of(d) for d in net.directions] or [0], dtype=np.float64)
        host = np.array([pol.host_capacity_of(s) for s in net.schools], dtype=np.float64)
        limit = np.array([pol.max_trainee_directions_of(s) for s in net.schools], dtype=np.float64)
        _, self.cap_row = self.group_rows(self.em * n_d + self.ed, -INF, lambda u: cap_d[u % n_d])
        self.add_edge_family(self.cap_row, 1.0)
        _, self.host_row = self.group_rows(self.em, -INF, lambda u: host[u])
        self.add_edge_family(self.host_row, 1.0)
        # 3. trainee directions per school.
        _, self.learn_row = self.group_rows(self.et, -INF, lambda u: limit[u])
        self.add_edge_family(self.learn_row, 1.0)
        self.limits = (cap_d, host, limit)
        # 4. kept pairs: lower bound 1 on their columns (see _col_bounds).
        # 5. every school in a pair.
        inv = self.add_rows(1.0, INF, n_s)
        self.add_edge_family(inv[self.em], 1.0)
        self.add_edge_family(inv[self.et], 1.0)
        # 6. curator limits, aggregated: needs with the same set of limited curators share the choice.
        if self.scopes is not None and any(c.max_teams is not None for c in net.curators):
            limited = {c.id: c.max_teams for c in net.curators if c.max_teams is not None}
            names = sorted(limited)
            cur_rows = self.add_rows(-INF, [float(limited[c]) for c in names], len(names))
            cur_row = dict(zip(names, cur_rows.tolist()))
            self.curator_row = cur_row
            single = np.full(self.n_edges, -1, dtype=np.int64)
            grouped = np.full(self.n_edges, -1, dtype=np.int64)
            scope_of_team: dict[int, tuple[str, ...]] = {}
            for i in np.unique(self.it).tolist():
                scope = self.scopes.get((int(self.t_school[i]), int(self.t_dir[i])), ())
                if scope and all(c in limited for c in scope):
                    scope_of_team[i] = scope
            needs_in: dict[tuple[str, ...], int] = {}
            for scope in scope_of_team.values():
                needs_in[scope] = needs_in.get(scope, 0) + 1
            for scope in sorted(s for s in needs_in if len(s) > 1):
                g_row = int(self.add_rows(0.0, 0.0, 1)[0])
                g_cols = self.add_cols(np.zeros(len(scope)), 0.0, float(needs_in[scope]))
                self.add_entries(np.full(len(scope), g_row), g_cols, 1.0)
                self.add_entries([cur_row[c] for c in scope], g_cols, 1.0)
                self.curator_groups[scope] = (g_row, dict(zip(scope, g_cols.tolist())))
            team_single = {i: cur_row[s[0]] for i, s in scope_of_team.items() if len(s) == 1}
            team_group = {i: self.curator_groups[s][0] for i, s in scope_of_team.items() if len(s) > 1}
            if team_single:
                single = pd.Series(self.it).map(team_single).fillna(-1).to_numpy(dtype=np.int64)
            if team_group:
                grouped = pd.Series(self.it).map(team_group).fillna(-1).to_numpy(dtype=np.int64)
            self.add_edge_family(single, 1.0)
            self.add_edge_family(grouped, -1.0)

    def ge(self, i: int, k: int) -> tuple[float, list[int]]:
        """``[rank of team i ≥ k]`` as a constant plus rank columns."""
        lo, hi = int(self.t_lo[i]), int(self.t_hi[i])
        if k <= lo:
            return 1.0, []
        if k > hi:
            return 0.0, []
        return 0.0, [c for r, c in self.rank_col[i].items() if r >= k]

    def _clauses(self, positions: np.ndarray) -> tuple[list[int], list[float], list[list[tuple[int, float]]]]:
        """The rank rows of the universe edges at ``positions``: x ∧ [trainee ≥ k] ⇒ [mentor ≥ k + 1]."""
        owner, ub, entries = [], [], []
        lo, hi = self.t_lo, self.t_hi
        im, it = self.im[positions], self.it[positions]
        need = ~(lo[im] > hi[it])  # fixed intervals that already imply the order need no row
        for p, a, b in zip(positions[need].tolist(), im[need].tolist(), it[need].tolist()):
            for k in (0, 1):
                tc, tv = self.ge(b, k)
                mc, mv = self.ge(a, k + 1)
                if (tc == 0.0 and not tv) or mc == 1.0:
                    continue
                owner.append(p)
                ub.append(1.0 - tc + mc)
                entries.append([(c, 1.0) for c in tv] + [(c, -1.0) for c in mv])
        return owner, ub, entries

    # -- solving -------------------------------------------------------------------

    def _aux_arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        cat = (lambda xs: np.concatenate(xs) if xs else np.zeros(0))  # noqa: E731
        return cat(self._cost), cat(self._lb), cat(self._ub)

    def _row_bounds(self) -> tuple[np.ndarray, np.ndarray]:
        cat = (lambda xs: np.concatenate(xs) if xs else np.zeros(0))  # noqa: E731
        lb, ub = cat(self._rlb), cat(self._rub)
        for r, v in self._row_ub_set.items():
            ub[r] = v
        return lb, ub

    def edge_entries(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(universe position, row, coefficient) of the family entries of these edges."""
        ps, rs, vs = [], [], []
        for f in self.families:
            r = f.row[positions]
            m = r >= 0
            ps.append(positions[m])
            rs.append(r[m])
            vs.append(np.full(int(m.sum()), f.coef))
        return np.concatenate(ps), np.concatenate(rs), np.concatenate(vs)

    def reduced_costs(self, y: np.ndarray) -> np.ndarray:
        """``c_e − Σ_r a_re y_r`` of every universe edge over the family rows (own rank rows: dual 0)."""
        rc = self.edge_cost.copy()
        for f in self.families:
            m = f.row >= 0
            rc[m] -= f.coef * y[f.row[m]]
        return rc

    def _highs(self, pos: np.ndarray, *, integral: bool, fix_one: np.ndarray | None, fix_zero: np.ndarray | None,
               rank_fix: dict[int, int] | None, cost: np.ndarray | None = None,
               no_conjunctions: bool = False, seed: int = 0) -> tuple[Any, np.ndarray, _Clauses, _RowMap]:
        """A HiGHS instance of the model over the universe edges at ``pos`` (with their rank rows).

        ``cost`` replaces the edges' costs; with ``no_conjunctions`` every
        conjunction column and its rows stay out (:meth:`solve`'s
        ``conjunction_duals``).
        """
        from highspy import HighsLp, HighsVarType, MatrixFormat, ObjSense
        from highspy._core import _Highs

        n_u = self.n_edges
        a_cost, a_lb, a_ub = self._aux_arrays()
        r_lb, r_ub = self._row_bounds()
        owner, c_ub, c_entries = self._clauses(pos)
        n_base_rows = self.n_rows
        n_rows = n_base_rows + len(owner)
        col_of = np.full(n_u, -1, dtype=np.int64)
        col_of[pos] = self.n_aux + np.arange(len(pos))
        ar = np.concatenate(self._ar) if self._ar else np.zeros(0, dtype=np.int64)
        ac = np.concatenate(self._ac) if self._ac else np.zeros(0, dtype=np.int64)
        av = np.concatenate(self._av) if self._av else np.zeros(0)
        ep, er, ev = self.edge_entries(pos)
        # The rows of conjunction columns that cannot be completed yet stay out of the LP (their column is 0
        # and they would hold 0 ≤ Σ edges): at region size they are most of the rows.
        work = np.zeros(n_u, dtype=bool)
        work[pos] = True
        dead = ([np.ones(len(c.cols), dtype=bool) for c in self.conjunctions] if no_conjunctions
                else self._dead_conjunctions(work))
        kept = np.ones(n_base_rows, dtype=bool)
        for c, d in zip(self.conjunctions, dead):
            for r in c.rows:
                kept[r[d]] = False
        hrow = np.full(n_rows, -1, dtype=np.int64)
        hrow[np.nonzero(kept)[0]] = np.arange(int(kept.sum()))
        hrow[n_base_rows:] = int(kept.sum()) + np.arange(len(owner))
        rows_map = _RowMap(hrow, int(kept.sum()) + len(owner))
        cl_rows = n_base_rows + np.arange(len(owner))
        cl_r = np.concatenate([cl_rows, np.repeat(cl_rows, [len(e) for e in c_entries])]).astype(np.int64)
        cl_c = np.concatenate([col_of[np.asarray(owner, dtype=np.int64)],
                               np.array([c for e in c_entries for c, _ in e], dtype=np.int64)]).astype(np.int64)
        cl_v = np.concatenate([np.ones(len(owner)), np.array([v for e in c_entries for _, v in e], dtype=np.float64)])
        rows_all = hrow[np.concatenate([ar, er, cl_r])]
        cols_all = np.concatenate([ac, col_of[ep], cl_c])
        vals_all = np.concatenate([av, ev, cl_v])
        on = rows_all >= 0
        rows_all, cols_all, vals_all = rows_all[on], cols_all[on], vals_all[on]
        n_col = self.n_aux + len(pos)
        lp = HighsLp()
        lp.num_col_ = n_col
        lp.num_row_ = rows_map.n_h
        col_lb = np.concatenate([a_lb, np.where(self.locked[pos], 1.0, 0.0)])
        col_ub = np.concatenate([a_ub, np.ones(len(pos))])
        for c, d in zip(self.conjunctions, dead):
            col_ub[c.cols[d]] = 0.0
        if integral:
            if fix_one is not None:
                col_lb[self.n_aux:] = np.maximum(col_lb[self.n_aux:], fix_one[pos].astype(float))
            if fix_zero is not None:
                col_ub[self.n_aux:] = np.where(fix_zero[pos] & ~self.locked[pos], 0.0, col_ub[self.n_aux:])
            for team, rank in (rank_fix or {}).items():
                for rr, col in self.rank_col[team].items():
                    col_lb[col] = col_ub[col] = 1.0 if rr == rank else 0.0
        lp.col_cost_ = np.concatenate([a_cost, (self.edge_cost if cost is None else cost)[pos]])
        lp.col_lower_ = col_lb
        lp.col_upper_ = col_ub
        lp.row_lower_ = np.concatenate([r_lb[kept], np.full(len(owner), -INF)])
        lp.row_upper_ = np.concatenate([r_ub[kept], np.asarray(c_ub, dtype=np.float64)])
        order = np.lexsort((rows_all, cols_all))
        lp.a_matrix_.format_ = MatrixFormat.kColwise
        lp.a_matrix_.start_ = np.concatenate([[0], np.cumsum(np.bincount(cols_all, minlength=n_col))]).astype(np.int32)
        lp.a_matrix_.index_ = rows_all[order].astype(np.int32)
        lp.a_matrix_.value_ = vals_all[order]
        lp.sense_ = ObjSense.kMaximize
        if integral:
            lp.integrality_ = [HighsVarType.kInteger] * n_col
        h = _Highs()
        h.setOptionValue("output_flag", False)
        h.setOptionValue("threads", 1)
        h.setOptionValue("random_seed", int(self.cg.policy.seed) + seed)
        if integral:
            h.setOptionValue("mip_rel_gap", 0.0)
        h.passModel(lp)
        return h, col_of, _Clauses(owner, c_ub, c_entries), rows_map

    def solve(
        self,
        active: np.ndarray | None = None,
        *,
        price: bool = True,
        time_limit: float = 60.0,
        stop: Callable[[], bool] | None = None,
        integral: bool = False,
        fix_one: np.ndarray | None = None,
        fix_zero: np.ndarray | None = None,
        rank_fix: dict[int, int] | None = None,
        on_solution: Callable[[float], None] | None = None,
        on_bound: Callable[[float], None] | None = None,
        first_time_limit: float | None = None,
        on_round: Callable[[LpResult], None] | None = None,
        start: tuple[np.ndarray, np.ndarray] | None = None,
        conjunction_duals: np.ndarray | None = None,
        keep: list[LpResult | None] | None = None,
        exchange_columns: bool = True,
        seed: int = 0,
    ) -> LpResult:
        """Solve the relaxation over ``active`` edges (all by default), pricing in the rest.

        With ``integral`` it is the MIP instead (no pricing, no bound of its
        own; ``fix_one`` / ``fix_zero`` masks over the universe and
        ``rank_fix`` fix columns, ``on_solution`` hears each improving
        objective). ``on_bound`` hears the bound after every LP solve of
        the pricing loop (valid for the whole universe each time);
        ``on_round`` the LP solution (values, the edges it had) each time a
        pricing round begins after it. ``start`` (edge values over the
        universe, auxiliary values) is a solution the MIP starts from.

        Pricing uses smoothed duals (:data:`SMOOTHING`): the LP's own
        duals swing from round to round (the relaxation is degenerate),
        and pricing with them alone tails off.

        With ``conjunction_duals`` (duals over the model rows, of which
        those of the conjunction rows are read) the conjunction rows are
        dualised at those values instead of solved: the conjunction
        columns leave the LP and each edge's cost gains what its
        conjunction rows' duals give it. The LP (with pricing) is then
        the Lagrangian subproblem of those rows, and its bound (the
        result's ``lagrangian``) an upper bound for every plan, whatever
        the values; ``value`` is that subproblem's optimum, not the LP's.

        ``exchange_columns`` (the default) writes mutual exchanges as
        columns of two pairs in the LP (:class:`_Exchanges`) where that
        form applies; False keeps the conjunction rows.

        ``seed`` is added to the policy's seed for HiGHS (two MIPs over the
        same fixings on two cores search differently).

        ``keep`` (a one-element list; MIP only) receives each improving
        solution as it is found: a caller in another thread has the best
        plan so far even when HiGHS does not stop in time (it polls its
        interrupt between MIP phases only).
        """
        from highspy._core import cb

        started = time.perf_counter()
        # The first LP may run to ``first_time_limit`` (a bound at all matters more than the budget of
        # pricing); the pricing rounds stop at ``time_limit``.
        deadline = started + max(0.01, time_limit)
        ends = [started + max(0.01, first_time_limit if first_time_limit is not None else time_limit)]
        n_u = self.n_edges
        active = np.ones(n_u, dtype=bool) if active is None else active.copy()
        active |= self.locked
        if integral and fix_zero is not None:
            # A pair fixed at 0 is no column at all: a sub-MIP at region size fixes 95 % of its pairs, and HiGHS
            # would hold (and presolve away) a copy of the whole LP beside the pricing LP.
            active &= ~fix_zero | self.locked
        work = active.copy()
        seen = active.copy()  # every edge some optimal LP had as a column (the graph planned on)

        def callback(kind: Any, _msg: str, data_out: Any, data_in: Any, _user: Any) -> None:
            if int(kind) == int(cb.HighsCallbackType.kCallbackMipImprovingSolution):
                if keep is not None and columns[0] is not None:
                    x_k, aux_k = self._values(np.array(data_out.mip_solution, dtype=np.float64), columns[0])
                    keep[0] = LpResult(status="Interrupted by user", value=float(data_out.objective_function_value),
                                       lagrangian=None, x=x_k, aux=aux_k, active=work.copy())
                if on_solution is not None:
                    on_solution(float(data_out.objective_function_value))
                return
            if (stop is not None and stop()) or time.perf_counter() > ends[0]:
                data_in.user_interrupt = True

        columns: list[np.ndarray | None] = [None]  # the HiGHS column of each universe edge, for ``keep``
        last_solve = [0.0]  # seconds of the last LP solve: a round that cannot end in time is not started
        last_warm = [0]  # how many edges the last round added, if it re-solved warm (0: cold, or none yet)

        def go(h: Any) -> str:
            # HiGHS' time limit counts its run time over every run of the instance (the warm re-solves too)
            h.setOptionValue("time_limit", h.getRunTime() + max(0.01, ends[0] - time.perf_counter()))
            t0 = time.perf_counter()
            h.run()
            last_solve[0] = time.perf_counter() - t0
            status = h.modelStatusToString(h.getModelStatus())
            log.debug("HiGHS run with %d columns: %s in %.2f s, %d iterations", h.getNumCol(), status,
                      time.perf_counter() - t0, h.getInfo().simplex_iteration_count)
            return status

        def run(pos: np.ndarray) -> tuple[Any, np.ndarray, _Clauses, _RowMap, str]:
            h, col_of, clauses, rows_map = self._highs(pos, integral=integral, fix_one=fix_one, fix_zero=fix_zero,
                                                       rank_fix=rank_fix, cost=cost,
                                                       no_conjunctions=fixed_rows is not None or exchange_form,
                                                       seed=seed)
            if exchange_form:  # a fresh HiGHS instance has no exchange columns yet
                xs_fresh = self._exchange_form()
                assert xs_fresh is not None
                state[0] = xs_fresh
                on = np.zeros(n_u, dtype=bool)
                on[pos] = True
                self._add_exchanges(h, xs_fresh, on, clauses, rows_map)
            columns[0] = col_of
            h.setCallback(callback, None)
            if integral and start is not None:
                col_value = np.concatenate([start[1], start[0][pos]])
                h.setSolution(len(col_value), np.arange(len(col_value), dtype=np.int32), col_value.astype(np.float64))
            for kind in (cb.HighsCallbackType.kCallbackSimplexInterrupt, cb.HighsCallbackType.kCallbackIpmInterrupt,
                         cb.HighsCallbackType.kCallbackMipInterrupt, cb.HighsCallbackType.kCallbackMipImprovingSolution):
                h.startCallback(kind)
            return h, col_of, clauses, rows_map, go(h)

        # The pricing LP writes mutual exchanges as columns of two pairs (faster to re-solve; same optimum).
        exchange_form = (not integral and conjunction_duals is None and exchange_columns
                         and self._exchange_form() is not None)
        state: list[_Exchanges | None] = [None]  # the exchange columns of the HiGHS instance (``run`` starts them)
        xs: _Exchanges | None = None
        pi = best_pi = None  # the exchange rows' duals (exchange form only)

        def exchange_form_bound(y: np.ndarray, clauses: _Clauses, pi: np.ndarray, flow: bool = False) -> tuple[float, np.ndarray]:
            # The exchange form's duals as the conjunction form's: each exchange's value less its π split between
            # its two rows; any such duals bound every plan, and pricing reads their reduced costs.
            return self._lagrangian(self._split_duals(y, clauses, pi), clauses, flow)
        cost = None
        fixed_rows = None  # the conjunction rows dualised at given values
        if conjunction_duals is not None and self.conjunctions:
            fixed_rows = np.concatenate([r for c in self.conjunctions for r in c.rows])
            y_fixed = np.zeros(self.n_rows)
            y_fixed[fixed_rows] = conjunction_duals[fixed_rows]
            cost = self.reduced_costs(y_fixed)  # each edge with its share of the conjunctions' values
        x = np.zeros(n_u)
        aux = np.zeros(self.n_aux)
        value = value_before = best_lagr = mip_bound = None
        rounds = added = 0
        converged = False
        status = "Not run"
        h, col_of, clauses, rows_map, status = run(np.nonzero(work)[0])
        best_duals: tuple[np.ndarray, _Clauses] | None = None  # the duals of the best bound so far (stability centre)
        n_base = self.n_rows
        while True:
            ends[0] = deadline
            sol = h.getSolution()
            if integral:
                if sol.value_valid:
                    value = float(h.getInfo().objective_function_value)
                    mip_bound = float(h.getInfo().mip_dual_bound)
                    x, aux = self._values(sol, col_of)
                break
            if status != "Optimal" or not sol.dual_valid:
                break  # stopped or out of time: the last optimal LP stands
            value = float(h.getInfo().objective_function_value)
            x, aux = self._values(sol, col_of)
            xs = state[0]
            if xs is not None:
                self._exchange_values(xs, sol.col_value, x, aux)
            seen |= work
            if value_before is None:
                value_before = value
            y = rows_map.duals(sol.row_dual)
            if xs is not None:
                pi = self._exchange_pi(xs, sol.row_dual)
                lagr, rc = exchange_form_bound(y, clauses, pi)
            elif fixed_rows is not None:
                y[fixed_rows] = y_fixed[fixed_rows]
                lagr, rc = self._lagrangian(y, clauses)
            else:
                empty = self._empty_rows(work)
                dead = self._dead_conjunctions(work, empty)
                y = self._virtual_duals(y, empty)
                lagr, rc = self._lagrangian(y, clauses)
                y_split = self._split_duals(y, clauses)
                lagr_split, rc_split = self._lagrangian(y_split, clauses)
                if lagr_split < lagr:
                    y, lagr, rc = y_split, lagr_split, rc_split
            if best_lagr is None or lagr < best_lagr:
                best_lagr, best_duals, best_pi = lagr, (y, clauses), pi
            log.debug("LP %.1f over %d edges, Lagrangian bound %.1f (best %.1f)", value, int(work.sum()), lagr, best_lagr)
            if not price:
                converged = bool(work.all())
                break
            gain = None
            if xs is not None and pi is not None:
                # a pair gains alone (with its share of an exchange) or in its best exchange
                gain = self._exchange_gain(xs, pi, self._priced_costs(y, clauses))
                rc = np.maximum(rc, gain)
            cand = np.nonzero(~work & (rc > PRICE_TOL))[0]
            if not len(cand):
                converged = True
            elif best_duals is not None and SMOOTHING:
                # Wentges smoothing: price with duals between the centre and the LP's (any duals give a
                # valid bound, so their Lagrangian counts too); the LP's own duals when those price nothing.
                ys = y.copy()
                ys[:n_base] = SMOOTHING * best_duals[0][:n_base] + (1 - SMOOTHING) * y[:n_base]
                if pi is not None and best_pi is not None:
                    pis = SMOOTHING * best_pi + (1 - SMOOTHING) * pi
                    lagr_s, rc_s = exchange_form_bound(ys, clauses, pis)
                else:
                    pis = None
                    lagr_s, rc_s = self._lagrangian(ys, clauses)
                if lagr_s < best_lagr:
                    best_lagr, best_duals, best_pi = lagr_s, (ys, clauses), pis
                if gain is not None:
                    rc_s = np.maximum(rc_s, gain)
                cand_s = np.nonzero(~work & (rc_s > PRICE_TOL))[0]
                if len(cand_s):
                    cand, rc = cand_s, rc_s
            if on_bound is not None:  # valid for the whole universe already, before pricing ends
                on_bound(math.floor(best_lagr * (1 + 1e-9) + 1e-6))
            if best_lagr - value <= 1e-9 * max(1.0, abs(value)):
                converged = True  # the bound proves no edge left out can improve the LP
            if converged or best_lagr - value <= PRICE_GAP * max(1.0, abs(value)):
                break  # converged, or close enough: the bound holds for every edge, the rest adds next to nothing
            new = self._pricing_batch(cand, rc)
            cold = h.getNumCol() >= COLD_RESOLVE_COLUMNS and len(new) > COLD_RESOLVE_SHARE * h.getNumCol()
            # A round that would be cut short is not begun. Its time is the last solve's; a warm re-solve after a
            # warm one, with a batch a fraction of that one's, takes about that fraction (at least WARM_FLOOR).
            expect = last_solve[0]
            if not cold and last_warm[0]:
                expect *= min(1.0, max(WARM_FLOOR, len(new) / last_warm[0]))
            if time.perf_counter() + expect > deadline or (stop is not None and stop()):
                break
            if on_round is not None:
                on_round(LpResult(status=status, value=value, lagrangian=best_lagr, x=x.copy(), aux=aux.copy(),
                                  active=work.copy(), pricing_rounds=rounds))
            rounds += 1
            work[new] = True
            last_warm[0] = 0 if cold else len(new)
            if cold:
                h, col_of, clauses, rows_map, status = run(np.nonzero(work)[0])
            else:
                clauses = self._add_columns(h, new, col_of, clauses, rows_map, cost)
                if xs is not None:
                    self._add_exchanges(h, xs, work, clauses, rows_map)
                elif fixed_rows is None:
                    self._revive(h, work, col_of, dead, rows_map)
                status = go(h)
        h = None  # the HiGHS instance (hundreds of MB at region size) is done with before the flow below
        if (not integral and not converged and best_duals is not None and best_lagr is not None and fixed_rows is None
                and value is not None and best_lagr - value > FLOW_BOUND_GAP * max(1.0, abs(value))):
            # (not with the conjunction rows dualised: exchange_bound's seconds are the sub-MIP's, and each
            # solve there ends close to its LP already)
            # Pricing stopped short: the same duals with every assignment row kept bound the left-out pairs tighter.
            t0 = time.perf_counter()
            if best_pi is not None:
                tight = exchange_form_bound(*best_duals, best_pi, flow=True)[0]
            else:
                tight = self._lagrangian(*best_duals, flow=True)[0]
            log.debug("bound with the assignment rows kept: %.1f (need rows only: %.1f), %.2f s", tight, best_lagr,
                      time.perf_counter() - t0)
            best_lagr = min(best_lagr, tight)
            if on_bound is not None:
                on_bound(math.floor(best_lagr * (1 + 1e-9) + 1e-6))
        added = int((seen & ~active).sum())  # priced in and seen by an optimal LP
        return LpResult(
            mip_bound=mip_bound,
            status=status, value=value, lagrangian=None if integral else best_lagr, x=x, aux=aux,
            active=seen, value_before_pricing=value_before, priced_edges=added, pricing_rounds=rounds,
            converged=converged, seconds=time.perf_counter() - started,
            # (the exchange form's as the conjunction form's: the duals its bound was computed from)
            duals=None if integral else (best_duals if best_duals is None or best_pi is None
                                         else (self._split_duals(best_duals[0], best_duals[1], best_pi), best_duals[1])),
        )

    def exchange_bound(self, duals: tuple[np.ndarray, _Clauses], active: np.ndarray, *, target: float,
                       time_limit: float, stop: Callable[[], bool] | None = None) -> float | None:
        """The best Lagrangian bound with the conjunction rows dualised, the rest solved as an LP, until the time limit.

        The conjunction rows (a mutual exchange's two "u ≤ pairs one way"
        rows) make the LP slow to re-solve (about three times slower at
        region size); dualised at fixed values (:meth:`solve` with
        ``conjunction_duals``) what is left solves in a few seconds, with
        pricing over the whole universe. It starts from ``duals`` (an LP's,
        each exchange's value split anew: :meth:`_split_duals`) and moves
        each split towards the side with fewer pairs in the subproblem's
        solution (a subgradient step, Polyak's rule towards ``target``, a
        value no bound can be below: the best plan's or an LP's over fewer
        edges). Every bound it finds holds for every plan; returns the
        lowest (None when no subproblem was solved in time).
        """
        deadline = time.perf_counter() + max(time_limit, 0.01)
        y, clauses = duals
        y = self._split_duals(y, clauses)
        groups = [(c, sides) for c, sides in zip(self.conjunctions, self._conjunction_sides()) if len(c.rows) == 2]
        best: float | None = None
        work = active.copy()
        while groups and not (stop is not None and stop()):
            left = deadline - time.perf_counter()
            if left <= 0.05:
                break
            res = self.solve(work, conjunction_duals=y, time_limit=left, stop=stop)
            if res.lagrangian is None:
                break
            bound = res.lagrangian
            best = bound if best is None else min(best, bound)
            log.debug("exchange rows dualised: bound %.1f (best %.1f), %d pricing rounds, %.2f s", bound, best,
                      res.pricing_rounds, res.seconds)
            work = res.active
            step: list[tuple[_Conjunction, np.ndarray]] = []
            norm = 0.0
            for c, (side_ab, side_ba) in groups:
                n = len(c.cost)
                pairs = [np.bincount(side[side >= 0], weights=res.x[side >= 0], minlength=n) for side in (side_ab, side_ba)]
                g = pairs[0] - pairs[1]  # d bound / d (the share of the first row), the second's being cost − it
                step.append((c, g))
                norm += float(g @ g)
            if norm <= 1e-12 or bound <= target:
                break
            t = (bound - target) / norm
            y = y.copy()
            for c, g in step:
                share = np.clip(y[c.rows[0]] - t * g, 0.0, c.cost)
                y[c.rows[0]] = share
                y[c.rows[1]] = c.cost - share
        return best

    def _add_columns(self, h: Any, cand: np.ndarray, col_of: np.ndarray, clauses: _Clauses, rows_map: _RowMap,
                     cost: np.ndarray | None = None) -> _Clauses:
        """Add universe edges ``cand`` (and their rank rows) to a HiGHS instance in place (a warm start)."""
        first = h.getNumCol()
        col_of[cand] = first + np.arange(len(cand))
        cp, cr, cv = self.edge_entries(cand)
        hr = rows_map.hrow[cr]
        cp, hr, cv = cp[hr >= 0], hr[hr >= 0], cv[hr >= 0]
        o = np.lexsort((hr, col_of[cp]))
        starts = np.concatenate([[0], np.cumsum(np.bincount(col_of[cp] - first, minlength=len(cand)))[:-1]])
        h.addCols(len(cand), (self.edge_cost if cost is None else cost)[cand], np.where(self.locked[cand], 1.0, 0.0), np.ones(len(cand)),
                  len(hr), starts.astype(np.int32), hr[o].astype(np.int32), cv[o])
        owner, ub, entries = self._clauses(cand)
        if not owner:
            return clauses
        rows_map.append(self.n_rows + len(clauses.owner) + np.arange(len(owner)))
        lens = np.array([len(e) + 1 for e in entries])
        idx = np.concatenate([np.concatenate([[col_of[p]], [c for c, _ in e]]) for p, e in zip(owner, entries)])
        val = np.concatenate([np.concatenate([[1.0], [v for _, v in e]]) for e in entries])
        h.addRows(len(owner), np.full(len(owner), -INF), np.asarray(ub, dtype=np.float64), len(idx),
                  np.concatenate([[0], np.cumsum(lens)[:-1]]).astype(np.int32), idx.astype(np.int32), val)
        return _Clauses([*clauses.owner, *owner], [*clauses.ub, *ub], [*clauses.entries, *entries])

    def _revive(self, h: Any, work: np.ndarray, col_of: np.ndarray, was_dead: list[np.ndarray], rows_map: _RowMap) -> None:
        """Conjunction columns this round's edges completed: their rows enter the LP, the columns are freed."""
        now_dead = self._dead_conjunctions(work)
        cols = [c.cols[w & ~n] for c, w, n in zip(self.conjunctions, was_dead, now_dead)]
        rows = [r[w & ~n] for c, w, n in zip(self.conjunctions, was_dead, now_dead) for r in c.rows]
        rows_in = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
        rows_in = rows_in[rows_map.hrow[rows_in] < 0]
        if not len(rows_in):
            return
        r_lb, r_ub = self._row_bounds()
        is_new = np.zeros(self.n_rows, dtype=bool)
        is_new[rows_in] = True
        er, ec, ev = [], [], []
        for a_r, a_c, a_v in zip(self._ar, self._ac, self._av):
            m = is_new[a_r]
            er.append(a_r[m])
            ec.append(a_c[m])
            ev.append(a_v[m])
        on = np.nonzero(work)[0]
        for f in self.families:
            r = f.row[on]
            m = (r >= 0) & is_new[np.maximum(r, 0)]
            er.append(r[m])
            ec.append(col_of[on[m]])
            ev.append(np.full(int(m.sum()), f.coef))
        hr = rows_map.append(rows_in)
        local = np.full(self.n_rows, -1, dtype=np.int64)
        local[rows_in] = np.arange(len(rows_in))
        er_all, ec_all, ev_all = local[np.concatenate(er)], np.concatenate(ec), np.concatenate(ev)
        o = np.lexsort((ec_all, er_all))
        starts = np.concatenate([[0], np.cumsum(np.bincount(er_all, minlength=len(rows_in)))[:-1]])
        h.addRows(len(rows_in), r_lb[rows_in], r_ub[rows_in], len(o), starts.astype(np.int32),
                  ec_all[o].astype(np.int32), ev_all[o])
        assert len(hr) == len(rows_in)
        live = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
        if len(live):
            h.changeColsBounds(len(live), live.astype(np.int32), np.zeros(len(live)), np.ones(len(live)))

    def _exchange_form(self) -> _Exchanges | None:
        """The exchange columns' state for a pricing LP, or None where the form does not apply.

        It applies to one two-sided conjunction group (the mutual exchanges)
        and no kept pair: a kept pair's column has a lower bound of 1, which
        would shut its exchanges out.
        """
        two = [g for g, c in enumerate(self.conjunctions) if len(c.rows) == 2 and len(c.cost)]
        if len(two) != 1 or len(self.conjunctions) != 1 or self.locked.any():
            return None
        g = two[0]
        side_ab, side_ba = self._conjunction_sides()[g]
        return _Exchanges(g, side_ab, side_ba, np.full(len(self.conjunctions[g].cols), -1, dtype=np.int64))

    def _add_exchanges(self, h: Any, xs: _Exchanges, work: np.ndarray, clauses: _Clauses, rows_map: _RowMap) -> None:
        """Add every exchange column of two LP edges not in ``h`` yet (and their school pairs' rows)."""
        c = self.conjunctions[xs.group]
        on = np.nonzero(work)[0]
        sa, sb = xs.side_ab[on], xs.side_ba[on]
        a_e, a_p = on[sa >= 0], sa[sa >= 0]
        order = np.argsort(sb[sb >= 0], kind="stable")
        b_f, b_p = on[sb >= 0][order], sb[sb >= 0][order]
        lo = np.searchsorted(b_p, a_p, "left")
        owner, at = _expand(lo, np.searchsorted(b_p, a_p, "right") - lo)
        e, f, pair = a_e[owner], b_f[at], a_p[owner]
        n_u = self.n_edges
        keys = e * n_u + f
        new = (self.ed[e] != self.ed[f]) & ~np.isin(keys, xs.keys)
        e, f, pair, keys = e[new], f[new], pair[new], keys[new]
        m = len(e)
        if not m:
            return
        fresh = np.unique(pair[xs.pair_row[pair] < 0])
        if len(fresh):
            h.addRows(len(fresh), np.full(len(fresh), -INF), np.ones(len(fresh)), 0, np.zeros(len(fresh), dtype=np.int32),
                      np.zeros(0, dtype=np.int32), np.zeros(0))
            xs.pair_row[fresh] = rows_map.n_h + np.arange(len(fresh))
            rows_map.n_h += len(fresh)
        rows_l, cols_l, vals_l = [xs.pair_row[pair]], [np.arange(m)], [np.ones(m)]
        k_sorted = np.argsort(np.asarray(clauses.owner, dtype=np.int64), kind="stable")  # rank rows by owning pair
        owners = np.asarray(clauses.owner, dtype=np.int64)[k_sorted]
        for ends in (e, f):
            for fam in self.families:
                r = fam.row[ends]
                j = np.nonzero(r >= 0)[0]
                hr = rows_map.hrow[r[j]]
                rows_l.append(hr[hr >= 0])
                cols_l.append(j[hr >= 0])
                vals_l.append(np.full(int((hr >= 0).sum()), fam.coef))
            if clauses.owner:  # the rank rows of each pair (x ∧ [trainee ≥ k] ⇒ [mentor ≥ k + 1]) hold for the exchange's
                lo = np.searchsorted(owners, ends, "left")
                j, at = _expand(lo, np.searchsorted(owners, ends, "right") - lo)
                rows_l.append(rows_map.hrow[self.n_rows + k_sorted[at]])
                cols_l.append(j)
                vals_l.append(np.ones(len(j)))
        rows_all, cols_all, vals_all = np.concatenate(rows_l), np.concatenate(cols_l), np.concatenate(vals_l)
        # a school's row may hold both pairs (every school in a pair): one entry, the coefficients summed
        uniq, inv = np.unique(cols_all * rows_map.n_h + rows_all, return_inverse=True)
        vals = np.bincount(inv, weights=vals_all, minlength=len(uniq))
        cols_u, rows_u = uniq // rows_map.n_h, uniq % rows_map.n_h
        starts = np.searchsorted(cols_u, np.arange(m)).astype(np.int32)
        first = h.getNumCol()
        h.addCols(m, self.edge_cost[e] + self.edge_cost[f] + c.cost[pair], np.zeros(m), np.ones(m),
                  len(uniq), starts, rows_u.astype(np.int32), vals)
        xs.e, xs.f, xs.pair = np.concatenate([xs.e, e]), np.concatenate([xs.f, f]), np.concatenate([xs.pair, pair])
        xs.col = np.concatenate([xs.col, first + np.arange(m)])
        xs.keys = np.sort(np.concatenate([xs.keys, keys]))

    def _exchange_values(self, xs: _Exchanges, col_value: np.ndarray, x: np.ndarray, aux: np.ndarray) -> None:
        """Fold the exchange columns into the conjunction form's values: each pair's and each exchange's."""
        if not len(xs.col):
            return
        z = np.asarray(col_value, dtype=np.float64)[xs.col]
        np.add.at(x, xs.e, z)
        np.add.at(x, xs.f, z)
        c = self.conjunctions[xs.group]
        aux[c.cols] = np.bincount(xs.pair, weights=z, minlength=len(c.cols))

    def _exchange_pi(self, xs: _Exchanges, row_dual: Any) -> np.ndarray:
        """The duals of the exchanges' rows ``Σ z ≤ 1`` (0 where an exchange has no column yet)."""
        pi = np.zeros(len(self.conjunctions[xs.group].cols))
        has = xs.pair_row >= 0
        pi[has] = np.maximum(np.asarray(row_dual, dtype=np.float64)[xs.pair_row[has]], 0.0)
        return pi

    def _exchange_gain(self, xs: _Exchanges, pi: np.ndarray, rc: np.ndarray) -> np.ndarray:
        """Per universe edge: the reduced cost of the best exchange column it is in (−∞: none).

        Column ``z(e, f)`` costs ``rc_e + rc_f + value − π`` (the pairs'
        reduced costs over the rows it shares with them, and its school
        pair's row); each pair's best partner is the other side's best pair
        in another direction. A pair whose best exchange gains is worth
        pricing in even where, with its share of the value, it gains
        nothing alone: the shares cannot price every exchange at once where
        a side's best pairs share a direction.
        """
        c = self.conjunctions[xs.group]
        n = len(c.cols)
        out = np.full(self.n_edges, -INF)
        tops = []
        for side in (xs.side_ab, xs.side_ba):
            idx = np.nonzero(side >= 0)[0]
            p, r, d = side[idx], rc[idx], self.ed[idx]
            best = np.full(n, -INF)
            np.maximum.at(best, p, r)
            best_dir = np.full(n, -1, dtype=np.int64)
            at_best = r >= best[p]
            best_dir[p[at_best]] = d[at_best]
            other = d != best_dir[p]
            second = np.full(n, -INF)
            np.maximum.at(second, p[other], r[other])  # the best in another direction than the best's
            tops.append((idx, p, r, d, best, best_dir, second))
        for (idx, p, r, d, _, _, _), (_, _, _, _, best_o, dir_o, second_o) in zip(tops, tops[::-1]):
            partner = np.where(dir_o[p] != d, best_o[p], second_o[p])
            out[idx] = r + partner + c.cost[p] - pi[p]
        return out

    def _values(self, sol: Any, col_of: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Edge values over the universe (0 off the LP) and the auxiliary columns' values (``sol``: a HiGHS
        solution, or the column values)."""
        cv_all = np.asarray(sol if isinstance(sol, np.ndarray) else sol.col_value, dtype=np.float64)
        x = np.zeros(self.n_edges)
        on = np.nonzero(col_of >= 0)[0]
        x[on] = cv_all[col_of[on]]
        return x, cv_all[: self.n_aux]


    def _pricing_batch(self, cand: np.ndarray, rc: np.ndarray) -> np.ndarray:
        """The edges of ``cand`` that enter this round: the best :data:`PRICE_PER_NEED` of each need, at most
        :data:`PRICE_BATCH` in all (best first), ascending."""
        need = self.need_row[cand]
        order = np.lexsort((-rc[cand], need))
        need_sorted = need[order]
        first_of_group = np.r_[True, need_sorted[1:] != need_sorted[:-1]]
        group_start = np.maximum.accumulate(np.where(first_of_group, np.arange(len(order)), 0))
        keep = order[(np.arange(len(order)) - group_start) < PRICE_PER_NEED]
        keep = keep[np.argsort(-rc[cand][keep], kind="stable")[:PRICE_BATCH]]
        return np.sort(cand[keep])

    def _priced_costs(self, y: np.ndarray, clauses: _Clauses) -> np.ndarray:
        """The reduced cost of every universe edge with every dual in (the rank rows of the LP's edges too)."""
        rc = self.reduced_costs(y[: self.n_rows])
        if clauses.owner:
            np.subtract.at(rc, np.asarray(clauses.owner, dtype=np.int64), y[self.n_rows:])
        return rc

    def _lagrangian(self, y: np.ndarray, clauses: _Clauses, flow: bool = False) -> tuple[float, np.ndarray]:
        """A valid upper bound from any duals: a Lagrangian that keeps the need rows, or all assignment rows.

        Without ``flow`` only the need rows (at most one mentor) stay in the
        subproblem: per need, its best pair or its "leads" column by reduced
        cost, or nothing — cheap, for every pricing round. With ``flow``
        the caps per mentor and direction, the host capacities and the
        yearly trainee directions stay too, and the subproblem is a min-cost flow
        (:func:`~mentornet.solvers.assignment.assign_by_flow`, exact and
        integral); every other row is dualised: ``Σ_r y_r·side_r`` over
        those, plus the flow's best value of the edges' reduced costs, plus
        every other column at its better bound. Kept pairs
        are in the flow before it starts. Keeping these rows counts what
        the limits let through where the plain Lagrangian counts every
        pruned edge of an unserved need. Over the whole universe: an edge
        that is no column has no rank rows, i.e. their duals are 0, which
        is allowed. Returns the bound and the edges' reduced costs (with
        every dual, for pricing).
        """
        owner, clause_ub, clause_entries = clauses.owner, clauses.ub, clauses.entries
        n_base = self.n_rows
        r_lb, r_ub = self._row_bounds()
        lb = np.concatenate([r_lb, np.full(len(owner), -INF)])
        ub = np.concatenate([r_ub, np.asarray(clause_ub, dtype=np.float64)])
        y = y.copy()
        y[(y > 0) & ~np.isfinite(ub)] = 0.0  # a dual on a side without a bound proves nothing
        y[(y < 0) & ~np.isfinite(lb)] = 0.0
        rc_priced = self._priced_costs(y, clauses)  # every dual in: what pricing ranks by
        # Kept in the subproblem. A need row with a "leads" column stays dualised as well: the flow keeps only
        # its implied "one mentor at most", and the need's dual prices both the pairs and the leads column.
        lead_rows = np.fromiter(self.lead_of_row.keys(), dtype=np.int64, count=len(self.lead_of_row))
        lead_cols = np.fromiter(self.lead_of_row.values(), dtype=np.int64, count=len(self.lead_of_row))
        if flow:
            kept = np.unique(np.concatenate([self.need_row, self.cap_row, self.host_row, self.learn_row]))
            kept = kept[~np.isin(kept, lead_rows)]
        else:
            kept = np.unique(self.need_row)
        y[kept] = 0.0
        total = float(np.where(y > 0, y * np.where(np.isfinite(ub), ub, 0.0), y * np.where(np.isfinite(lb), lb, 0.0)).sum())
        a_cost, a_lb, a_ub = self._aux_arrays()
        rc_aux = a_cost.copy()
        if self._ar:
            ar, ac, av = np.concatenate(self._ar), np.concatenate(self._ac), np.concatenate(self._av)
            np.subtract.at(rc_aux, ac, av * y[ar])
        rc = self._priced_costs(y, clauses)  # the kept rows' duals are 0 here
        cols = [c for e in clause_entries for c, _ in e]
        if cols:
            vals = np.array([v for e in clause_entries for _, v in e])
            ys = np.repeat(y[n_base:], [len(e) for e in clause_entries])
            np.subtract.at(rc_aux, np.asarray(cols, dtype=np.int64), vals * ys)
        at_bound = np.where(rc_aux > 0, rc_aux * a_ub, rc_aux * a_lb)
        if flow:  # the "leads" columns at their bound too (their need rows stay dualised)
            return total + float(at_bound.sum()) + self._flow_bound(rc), rc_priced
        free_aux = np.ones(self.n_aux, dtype=bool)
        free_aux[lead_cols] = False
        total += float(at_bound[free_aux].sum())
        best = np.zeros(len(lb))  # per need row; 0: no pair
        if self.n_edges:
            np.maximum.at(best, self.need_row, rc)
        if len(lead_rows):
            best[lead_rows] = np.maximum(best[lead_rows], rc_aux[lead_cols])
        if self.locked.any():  # a kept pair fills its need: its own value, whatever the sign
            best[self.need_row[self.locked]] = 0.0
            np.add.at(best, self.need_row[self.locked], rc[self.locked])
        return total + float(best[kept].sum()), rc_priced

    def _flow_bound(self, rc: np.ndarray) -> float:
        """The best total of ``rc`` over pairs the need, cap, host and trainee-direction rows allow, kept pairs in.

        Reduced costs are scaled to integers and rounded up, so the flow's
        optimum is never below the subproblem's: the bound stays valid.
        """
        from mentornet.solvers.assignment import FlowProblem, assign_by_flow

        if not self.n_edges:
            return 0.0
        cap_d, host, limit = self.limits
        n_s, n_d = len(host), len(cap_d)
        total = float(rc[self.locked].sum())  # a kept pair is in, whatever it is worth
        lm, lt, ld = self.em[self.locked], self.et[self.locked], self.ed[self.locked]
        dir_room = np.broadcast_to(cap_d, (n_s, n_d)).astype(np.int64)
        np.subtract.at(dir_room, (lm, ld), 1)
        trainee_room = limit.astype(np.int64) - np.bincount(lt, minlength=n_s)
        filled = np.zeros(len(self.t_lo), dtype=bool)
        filled[self.it[self.locked]] = True
        open_ = np.nonzero((rc > 0) & ~filled[self.it] & ~self.locked)[0]
        if not len(open_):
            return total
        scale = FLOW_SCALE
        profit = np.ceil(rc[open_] * scale).astype(np.int64)
        taken = assign_by_flow(FlowProblem(
            mentor=self.em[open_], trainee=self.et[open_], direction=self.ed[open_], need=self.it[open_],
            need_value=np.zeros(len(open_), dtype=np.int64), edge_value=profit,
            trainee_room=trainee_room, dir_room=dir_room, host_capacity=host.astype(np.int64),
            host_load=np.bincount(lm, minlength=n_s),
        ))
        return total + float(profit[taken].sum()) / scale
