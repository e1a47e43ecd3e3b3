"""The LP stage of the optimising planner: a proved bound, priced edges, and an LP-guided start.

:func:`lp_stage` solves the relaxation of :mod:`mentornet.solvers.relaxation`
with HiGHS on the pruned candidate graph, prices every pruned edge with the
duals (column generation) and returns

* the bound, valid for the unpruned candidate graph;
* the *model graph*: the pruned graph plus the edges pricing added (the
  graph CP-SAT then plans on);
* the LP solution.

:func:`guided_start` is relaxation-induced search: the pairs (and roles)
that are integral in the relaxation are fixed, the small MIP that remains is
solved by HiGHS, and the result is a complete plan that hints CP-SAT (which
polishes it in the time left).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import dataclasses
import logging
import math
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from mentornet.graph.candidates import CandidateGraph, build_candidates, thin_mask
from mentornet.solvers import Progress, ProgressCallback, StopCallback
from mentornet.solvers.cpsat.hint import Hint
from mentornet.solvers.cpsat.model import CpsatModel
from mentornet.solvers.relaxation import LpModel, LpResult

__all__ = ["GUIDED_EDGES", "EarlyStart", "ExchangeBound", "LpStage", "SubMip", "Tracker", "better_plan", "guided_start",
           "lp_stage", "plan_from_mip", "tighten", "to_hint"]

log = logging.getLogger(__name__)

#: From this many usable candidate edges on, the plan starts from the LP-guided sub-MIP.
GUIDED_EDGES = 5_000
#: From this many pruned pairs on, the first LP holds only the best :data:`LP_START_PER_NEED` candidates of each
#: need and :data:`LP_START_PER_MENTOR` of each mentor (per direction); pricing adds the rest. Measured at region
#: size (108,320 pruned pairs): the first LP takes 0.5 s instead of 6.5 s, and the LP after two pricing rounds is
#: reached at 41 s instead of 55 s (benchmarks/ANALYSIS.md).
LP_START_EDGES = 50_000
LP_START_PER_NEED = 2
LP_START_PER_MENTOR = 2
#: :class:`ExchangeBound` runs only when the LP's bound is this far above its value (relative): closer, pricing
#: has nearly converged, and the exchange bound finds nothing lower (region: 0.02 % after three rounds of exchange
#: columns) while its HiGHS instance slows the sub-MIP beside it.
EXCHANGE_BOUND_GAP = 1e-3
#: :class:`ExchangeBound` stops this long before the sub-MIP beside it (what follows a stopped LP: 0.3–0.6 s).
WRAP_UP_SECONDS = 1.0
#: The final sub-MIP searches around the early sub-MIPs' plan (RINS: only what that plan and the LP agree on is
#: fixed) when this leaves at most this many times the pairs the LP's own fixings leave free; a plan from a much
#: weaker LP disagrees with the last one on thousands of pairs, a neighbourhood HiGHS does not get through
#: (region, 2 cores: 6,111 pairs free around a plan of 522,235, interrupted at 524,893 after 15 s; the LP's
#: fixings, 2,087 pairs free: 527,463, optimal for them, in 5.5 s).
RINS_MAX_FREE_RATIO = 1.5
#: Whether the thin start's LP gets a sub-MIP beside the first pricing round. It does not: that LP is far below the
#: optimum (region: 392,205 against 528,800), its plan is never the one kept, and on 2 cores the sub-MIP slows the
#: round's LP (memory shared).
EARLY_ON_THIN_START = False
#: How long :meth:`EarlyStart.finish` waits for an interrupted sub-MIP (HiGHS polls its interrupt between MIP
#: phases only, so a heuristic may run on for seconds); past it the thread is left to end at its own time limit.
EARLY_JOIN_SECONDS = 1.0


class Tracker:
    """The incumbent and the bound of one solve, reported as they improve.

    Reports only once both are known; the incumbent never decreases and the
    bound never increases (each is the best seen so far), so what a planner
    sees is always the current state, never a stale phase start.
    """

    def __init__(self, progress: ProgressCallback | None, started: float):
        self.progress = progress
        self.started = started
        self.objective = -math.inf
        self.bound = math.inf
        self.solutions = 0
        self._lock = threading.Lock()

    def incumbent(self, value: float) -> None:
        with self._lock:
            self.solutions += 1
            if value <= self.objective:
                return
            self.objective = float(value)
            self._emit()

    def proved(self, bound: float | None) -> None:
        if bound is None or not math.isfinite(bound):
            return
        with self._lock:
            if bound >= self.bound:
                return
            self.bound = float(bound)
            self._emit()

    def _emit(self) -> None:
        if self.progress is None or not math.isfinite(self.objective) or not math.isfinite(self.bound):
            return
        bound = max(self.bound, self.objective)
        self.progress(Progress(
            objective=self.objective, bound=bound,
            gap=float(abs(bound - self.objective) / max(1.0, abs(self.objective))),
            seconds=time.perf_counter() - self.started, solutions=self.solutions,
        ))


@dataclass
class LpStage:
    """What the LP stage found (see the module docstring)."""

    lp: LpModel
    result: LpResult
    graph: CandidateGraph  # pruned graph + priced edges: CP-SAT's graph
    full: bool  # ``graph`` holds every eligible pair (no pruning left): CP-SAT's own bound is valid too
    early: EarlyStart | None = None  # the sub-MIP running beside pricing's last round, if any
    early_best: SubMip | None = None  # the best plan of the sub-MIPs of earlier rounds (stopped), if any

    @property
    def bound(self) -> float | None:
        return self.result.bound if self.lp.complete else None


#: A sub-MIP's solution (over the LP's universe) and its figures for the solver statistics.
SubMip = tuple[LpResult, dict[str, object]]


def better_plan(a: SubMip | None, b: SubMip | None) -> SubMip | None:
    """The sub-MIP result with the higher objective (``a`` on a tie; None when neither has a plan)."""
    def value(r: SubMip | None) -> float:
        return -math.inf if r is None or r[0].value is None else r[0].value
    return b if value(b) > value(a) else (a if a is not None and a[0].value is not None else None)


class EarlyStart:
    """The LP-guided sub-MIP over an earlier pricing round's LP, run in a thread while pricing goes on.

    HiGHS releases the interpreter while it solves, so on two cores the
    sub-MIP of round ``k`` runs while the LP of round ``k + 1`` is solved;
    the final sub-MIP then searches around its plan (:func:`guided_start`).
    Beside the final sub-MIP the same class runs its twin (the same
    neighbourhood, another seed) on the second core.
    :meth:`finish` interrupts it and returns what it found.
    """

    def __init__(self, lp: LpModel, res: LpResult, seconds: float, stop: StopCallback | None,
                 on_solution: Callable[[float], None] | None, incumbent: LpResult | None = None, seed: int = 0):
        self._halt = threading.Event()
        self.outcome: SubMip | None = None
        self.error: BaseException | None = None
        self._kept: list[LpResult | None] = [None]  # its best plan so far, from HiGHS' callback

        def halted() -> bool:
            return self._halt.is_set() or (stop is not None and stop())

        def work() -> None:
            try:
                self.outcome = guided_start(lp, res, seconds, halted, on_solution, incumbent=incumbent, keep=self._kept,
                                            seed=seed)
            except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread by finish()
                self.error = exc

        self._thread = threading.Thread(target=work, name="mentornet-early-sub-mip", daemon=True)
        self._thread.start()

    def running(self) -> bool:
        return self._thread.is_alive()

    def finish(self) -> SubMip | None:
        """Stop the sub-MIP and return its plan (its best so far if it does not stop in time; None if it has none)."""
        self._halt.set()
        self._thread.join(EARLY_JOIN_SECONDS)
        if self._thread.is_alive():
            kept = self._kept[0]
            log.info("the early sub-MIP did not stop within %.1f s; taking its best plan so far (%s)", EARLY_JOIN_SECONDS,
                     None if kept is None else kept.value)
            return None if kept is None else (kept, {"sub_mip_status": "not stopped in time",
                                                     "sub_mip_objective": round(float(kept.value or 0.0))})
        if self.error is not None:
            raise self.error
        return self.outcome


class ExchangeBound:
    """A tighter bound found beside the final sub-MIP: :meth:`LpModel.exchange_bound` in a thread.

    Pricing stops short of convergence at region size (each LP re-solve
    with the mutual-exchange rows takes tens of seconds); with those rows
    dualised the rest re-solves in a few, so the second core, idle while
    the final sub-MIP runs, lowers the bound the plan is measured against.
    Started only when the LP's duals are there, pricing did not converge
    and the model has mutual exchanges.
    """

    def __init__(self, lp: LpModel, res: LpResult, seconds: float, stop: StopCallback | None):
        self.value: float | None = None
        self.error: BaseException | None = None
        assert res.duals is not None and res.value is not None
        duals, active, target = res.duals, res.active, res.value

        def work() -> None:
            try:  # (its last Lagrangian, after HiGHS stops, takes a moment at region size)
                self.value = lp.exchange_bound(duals, active, target=target, time_limit=seconds - WRAP_UP_SECONDS,
                                               stop=stop)
            except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread by finish()
                self.error = exc

        self._thread = threading.Thread(target=work, name="mentornet-exchange-bound", daemon=True)
        self._thread.start()

    @staticmethod
    def useful(stage: LpStage, workers: int) -> bool:
        """Whether the stage's LP leaves something for it (and a second worker may run it)."""
        r = stage.result
        return (workers >= 2 and stage.lp.complete and r.duals is not None and r.value is not None
                and r.lagrangian is not None and not r.converged
                and r.lagrangian - r.value > EXCHANGE_BOUND_GAP * max(abs(r.value), 1.0)
                and any(len(c.cost) for c in stage.lp.conjunctions))

    def finish(self, wait: float) -> float | None:
        """The lowest bound found (its own time limit ends it; waits at most ``wait`` seconds more)."""
        self._thread.join(max(wait, 0.0))
        if self._thread.is_alive():
            log.info("the exchange bound did not end in time; not waited for")
            return None
        if self.error is not None:
            raise self.error
        return self.value


def tighten(stage: LpStage, lagrangian: float | None) -> bool:
    """Lower the stage's bound to ``lagrangian`` when that is lower (every such bound holds); whether it was."""
    r = stage.result
    if lagrangian is None or r.lagrangian is None or lagrangian >= r.lagrangian:
        return False
    stage.result = dataclasses.replace(r, lagrangian=lagrangian)
    return True


def _return_freed_memory() -> None:
    """Hand the heap's freed pages back to the system (glibc's ``malloc_trim``; elsewhere nothing).

    The pricing LP's HiGHS instance and the unpruned edge table are freed
    when the LP stage ends, but glibc keeps freed pages mapped: at region
    size the resident set stayed at 1.05 GB into the sub-MIP and the bound
    beside it (1.35 GB at their peak); trimmed, it falls to 0.79 GB first.
    """
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc (macOS, Windows, musl)
        return
    trim(0)


def _keys(m: np.ndarray, t: np.ndarray, d: np.ndarray, n: int, n_d: int) -> np.ndarray:
    return (m.astype(np.int64) * n + t) * n_d + d


def lp_models(cg: CandidateGraph) -> bool:
    """Whether the LP (:class:`~mentornet.solvers.relaxation.LpModel`) states this network's rules.

    The relaxation models one curator kind with pair limits, caps, host
    capacity, yearly limits, involvement and locks. A network with sites or
    the site-based shape, group minimums, several curator kinds, curator
    school limits, flagged unsupervised districts or indicators (whose
    profile may restrict hosts) is planned without the LP stage: its bound
    and its LP-guided start would not answer for those rules.
    """
    net, pol = cg.network, cg.policy
    return not (
        net.sites or pol.shape == "site_based" or pol.one_site
        or any(d.min_group > 1 for d in net.directions)
        or len(net.curator_kinds) > 1 or any(c.max_schools is not None for c in net.curators)
        or pol.unsupervised == "flag"
        or net.indicators
    )


def lp_stage(cg: CandidateGraph, seconds: float, stop: StopCallback | None, tracker: Tracker,
             first_seconds: float | None = None, early: bool = False) -> LpStage | None:
    """Relaxation and pricing (see the module docstring); None when the LP cannot run.

    Pricing stops after ``seconds``; the first LP solve may take up to
    ``first_seconds`` (default ``seconds``), so that a bound exists at all.
    With ``early``, each pricing round that begins starts a sub-MIP
    (:class:`EarlyStart`, until pricing's budget ends at the latest) over
    the LP it follows, and stops the one before: a second core plans while
    the first prices.
    """
    try:
        import highspy  # noqa: F401
    except ImportError:  # pragma: no cover - a declared dependency
        log.warning("highspy is not installed: no LP bound")
        return None
    if not lp_models(cg):
        log.info("the LP does not model this network's rules (sites, group sizes, curator kinds or school limits, "
                 "flagged districts, indicators): no LP stage")
        return None
    full_cg = build_candidates(cg.network, cg.policy, prune=False) if cg.pruned else cg
    t0 = time.perf_counter()
    lp = LpModel(full_cg)
    log.info("LP model over %d edges built in %.2f s (unpruned graph %s)", lp.n_edges, time.perf_counter() - t0, "built" if cg.pruned else "not needed")
    if full_cg is not cg:
        # The LP reads its graph only while it is built (its arrays hold the edges): the unpruned table (a million
        # rows at region size) is let go before pricing; the graph planned on is built again at the end, the
        # pruned one with the pairs pricing added kept.
        lp.cg = dataclasses.replace(full_cg, edges=full_cg.edges.iloc[:0].copy())
        full_cg = lp.cg
        _return_freed_memory()
    n, n_d = len(full_cg.schools), max(len(full_cg.directions), 1)
    E = cg.edges
    pruned_keys = _keys(E["mentor"].to_numpy(), E["trainee"].to_numpy(), E["direction"].to_numpy(), n, n_d)
    universe_keys = _keys(lp.em, lp.et, lp.ed, n, n_d)
    in_pruned = np.isin(universe_keys, pruned_keys)
    start = in_pruned
    thin = len(E) >= LP_START_EDGES
    if thin:
        start = np.isin(universe_keys, pruned_keys[thin_mask(cg, LP_START_PER_NEED, LP_START_PER_MENTOR)])
    beside: list[EarlyStart] = []
    best: list[SubMip | None] = [None]  # kept: the progress reports have already shown its objective
    ends = time.perf_counter() + seconds

    def on_round(res: LpResult) -> None:
        # Each round's LP is the better guide: the running sub-MIP stops and one over this LP starts.
        _return_freed_memory()  # (the last round's arrays over the million pairs, a cold re-solve's old instance)
        if not early or int(res.active.sum()) < GUIDED_EDGES or (thin and res.pricing_rounds == 0 and not EARLY_ON_THIN_START):
            return
        if beside:
            best[0] = better_plan(best[0], beside[-1].finish())
        left = ends - time.perf_counter()
        if left > 1.0:
            beside.append(EarlyStart(lp, res, left, stop, tracker.incumbent if lp.exact else None))

    result = lp.solve(start, time_limit=seconds, stop=stop, on_bound=tracker.proved if lp.complete else None,
                      first_time_limit=first_seconds, on_round=on_round)
    if result.status == "Infeasible" and bool((in_pruned & ~start).any()) and not (stop is not None and stop()):
        # The thinner start cannot meet every rule (e.g. every school in a pair) though the pruned graph may:
        # an infeasible LP has no duals to price with, so start again from the pruned graph.
        log.info("the LP over the thinner start is infeasible; starting again from the pruned graph")
        start = in_pruned
        result = lp.solve(start, time_limit=max(ends - time.perf_counter(), 0.01), stop=stop,
                          on_bound=tracker.proved if lp.complete else None, first_time_limit=first_seconds,
                          on_round=on_round)
    if (result.value is not None and result.x is not None and not thin and lp._exchange_form() is not None
            and not (stop is not None and stop())):
        # The sub-MIP fixes what the LP decides, and the exchange form's optimal vertex decides less usefully than
        # the conjunction form's at the same optimum (city, 2 cores: 105,318 after 2.3 s against 105,615, optimal
        # for its fixings, in 0.9 s). Where the LP is small (no thin start) the conjunction form is solved once
        # more over the same pairs for its vertex; the bound stays the pricing LP's.
        vertex = lp.solve(result.active, price=False, exchange_columns=False,
                          time_limit=max(ends - time.perf_counter(), 0.01), stop=stop)
        if vertex.status == "Optimal":
            result = dataclasses.replace(result, x=vertex.x, aux=vertex.aux)
    # What pricing added beyond the pruned graph (the start may be thinner than it).
    result.priced_edges = int((result.active & ~in_pruned).sum())
    result.start_edges = int(start.sum())
    log.info("LP relaxation: %s, value %s (first LP %s), bound %s, %d edges priced in over %d rounds, %.2f s",
             result.status, result.value, result.value_before_pricing, result.bound, result.priced_edges,
             result.pricing_rounds, result.seconds)
    if lp.complete:
        tracker.proved(result.bound)
    graph = cg
    if result.priced_edges:
        added = result.active & ~in_pruned
        schools, directions = cg.schools, cg.directions
        graph = build_candidates(cg.network, cg.policy, keep=[(schools[m], schools[t], directions[d]) for m, t, d in zip(
            lp.em[added].tolist(), lp.et[added].tolist(), lp.ed[added].tolist())])
    _return_freed_memory()
    return LpStage(lp=lp, result=result, graph=graph, full=graph.pruned == 0, early=beside[-1] if beside else None,
                   early_best=best[0])


def guided_start(
    lp: LpModel,
    res: LpResult,
    seconds: float,
    stop: StopCallback | None,
    on_solution: Callable[[float], None] | None = None,
    incumbent: LpResult | None = None,
    keep: list[LpResult | None] | None = None,
    seed: int = 0,
) -> SubMip | None:
    """Fix what the relaxation decides and solve the remaining MIP with HiGHS.

    With an ``incumbent`` (an earlier sub-MIP's plan over the same
    universe) only what the relaxation *and* the incumbent agree on is
    fixed (relaxation-induced neighbourhood search), and the MIP starts
    from the incumbent, which meets those fixings, unless that leaves
    more than :data:`RINS_MAX_FREE_RATIO` times the pairs the LP's own
    fixings do; the figures say which (``sub_mip_around``: ``incumbent``
    or ``lp``).

    ``keep`` receives each improving plan as HiGHS finds it, ``seed`` is
    added to HiGHS' (:meth:`LpModel.solve`).

    Returns the MIP's solution (over the LP's universe; :func:`to_hint`
    maps it onto a CP-SAT model) and figures for the solver statistics, or
    None when no plan was found.
    """
    if res.value is None:
        return None
    started = time.perf_counter()
    x = res.x
    one = res.active & (x >= 1 - 1e-6)
    zero = res.active & (x <= 1e-6)
    aux = res.aux
    start = None

    def free_pairs(ones: np.ndarray, zeros: np.ndarray) -> int:
        return int(res.active.sum() - ones.sum() - zeros.sum())

    if incumbent is not None and incumbent.value is not None:
        taken = incumbent.x >= 0.5
        plain_free, agree_free = free_pairs(one, zero), free_pairs(one & taken, zero & ~taken)
        # Searching around the incumbent pays when it is close to this LP; one from a much weaker LP
        # disagrees with it on thousands of pairs, and the neighbourhood is then too large to search.
        if agree_free <= RINS_MAX_FREE_RATIO * max(plain_free, 1):
            one &= taken
            zero &= ~taken
            start = (np.where(res.active, incumbent.x, 0.0), incumbent.aux)
        log.info("sub-MIP: %d pairs free with the LP's fixings, %d around the incumbent (%s): %s", plain_free,
                 agree_free, incumbent.value, "around the incumbent" if start is not None else "the LP's fixings")
    neighbourhood = "incumbent" if start is not None else "lp"
    rank_fix: dict[int, int] = {}
    for i, cols in lp.rank_col.items():
        for r, c in cols.items():
            if aux[c] >= 1 - 1e-6 and (start is None or start[1][c] >= 0.5):
                rank_fix[i] = r
    free = free_pairs(one, zero)
    info: dict[str, object] = {"lp_fixed_pairs": int(one.sum()), "lp_free_pairs": free, "sub_mip_around": neighbourhood}
    mip = lp.solve(res.active, integral=True, fix_one=one, fix_zero=zero, rank_fix=rank_fix,
                   time_limit=seconds, stop=stop, on_solution=on_solution, start=start, keep=keep, seed=seed)
    if mip.value is None and mip.status == "Infeasible" and not (stop is not None and stop()):
        left = seconds - (time.perf_counter() - started)
        log.info("the sub-MIP with the LP's integral values fixed is infeasible; retrying with the ones only")
        mip = lp.solve(res.active, integral=True, fix_one=one, time_limit=max(left, 0.01), stop=stop, on_solution=on_solution,
                       start=start, keep=keep, seed=seed)
        info["lp_refix"] = "ones"
    info["sub_mip_status"] = mip.status
    info["sub_mip_seconds"] = round(time.perf_counter() - started, 3)
    if mip.value is None:
        return None
    info["sub_mip_objective"] = round(mip.value)
    return mip, info


def _mip_ranks(lp: LpModel, mip: LpResult) -> np.ndarray:
    """Each team's rank in a MIP solution (by team row): its fixed rank, or the rank column at 1."""
    ranks = np.where(lp.t_lo == lp.t_hi, lp.t_lo, -1).astype(np.int64)
    for i, cols in lp.rank_col.items():
        ranks[i] = max(cols, key=lambda r: mip.aux[cols[r]])
    return ranks


def plan_from_mip(lp: LpModel, mip: LpResult, cg: CandidateGraph) -> tuple[dict[tuple[int, int], int], list[int], dict[int, tuple[str, ...]]] | None:
    """A sub-MIP's solution as the plan's decisions over ``cg`` (ranks by team, chosen ``cg.edges`` rows, curators).

    For the planner's path without a CP-SAT search (region size): the
    CP-SAT model would be built only to read the plan back. None when the
    solution is not a whole plan of ``cg`` by itself: a chosen pair outside
    it, a kept pair left out, a school that must take part in no pair, or
    curators the limits cannot give every pair (:func:`assign_curators`,
    then :func:`rebalance_curators`); the caller then reads it back
    through the CP-SAT model.
    """
    from mentornet.errors import InfeasibleError
    from mentornet.solvers._plan import assign_curators, rebalance_curators

    n, n_d = len(cg.schools), max(len(cg.directions), 1)
    on = np.nonzero(mip.x >= 0.5)[0]
    keys = _keys(lp.em[on], lp.et[on], lp.ed[on], n, n_d)
    E = cg.edges
    mentor, trainee = E["mentor"].to_numpy(), E["trainee"].to_numpy()
    ekeys = _keys(mentor, trainee, E["direction"].to_numpy(), n, n_d)
    chosen = np.isin(ekeys, keys)
    if int(chosen.sum()) != len(np.unique(keys)) or not bool(chosen[E["locked"].to_numpy(dtype=bool)].all()):
        return None
    touched = np.zeros(n, dtype=bool)
    touched[mentor[chosen]] = True
    touched[trainee[chosen]] = True
    if not bool((touched | ~cg.sites.required).all()):
        return None
    rows = np.nonzero(chosen)[0].tolist()
    try:
        curators = rebalance_curators(cg, assign_curators(cg, rows))
    except InfeasibleError:
        return None
    rank = _mip_ranks(lp, mip)
    teams = cg.teams
    ranks = {(int(s), int(d)): int(r) for s, d, r in zip(teams["school"], teams["direction"], rank)}
    return ranks, rows, curators


def to_hint(lp: LpModel, mip: LpResult, built: CpsatModel) -> Hint:
    """A MIP solution (over the LP's universe) as a hint of the CP-SAT model ``built``."""
    cg = built.cg
    n, n_d = len(cg.schools), max(len(cg.directions), 1)
    on = np.nonzero(mip.x >= 0.5)[0]
    keys = _keys(lp.em[on], lp.et[on], lp.ed[on], n, n_d)
    bkeys = _keys(built.em, built.et, built.ed, n, n_d)
    chosen = np.isin(bkeys, keys)
    ranks = _mip_ranks(lp, mip)
    # Curators: the only limited one, or the group's counts handed out need by need.
    curators: dict[tuple[int, str], str] = {}
    kind_of = {c.id: c.kind_key for c in cg.network.curators}
    if lp.scopes is not None and lp.curator_groups:
        counts = {scope: {c: round(float(mip.aux[col])) for c, col in cols.items()}
                  for scope, (_row, cols) in lp.curator_groups.items()}
        left: dict[tuple[str, ...], dict[str, int]] = defaultdict(dict, counts)
        for i in sorted({int(t) for t in lp.it[on]}):
            scope = lp.scopes.get((int(lp.t_school[i]), int(lp.t_dir[i])), ())
            if scope in left:
                c = next((c for c in scope if left[scope].get(c, 0) > 0), None)
                if c is not None:
                    left[scope][c] -= 1
                    curators[(i, kind_of[c])] = c
    return Hint(ranks, chosen, curators)
