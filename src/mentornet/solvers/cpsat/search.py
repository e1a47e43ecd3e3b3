"""The CP-SAT search: parameters, phases, progress reports and stop.

The search is deterministic: small models first get a short single-worker
phase with the full LP relaxation, bounded in *deterministic* time (it
proves optimality on Krymsky-sized networks in a fraction of a second),
then, if needed, ``interleave_search`` on ``policy.workers`` threads
(deterministic batches). The same input and seed give the same plan
whenever the search ends by itself (proven optimum) rather than on the
wall-clock limit. Each improving solution is reported as a
:class:`~mentornet.solvers.Progress`; ``stop()`` is polled every 50 ms and
at each solution (StopSearch).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from typing import Any

from ortools.sat.python import cp_model

from mentornet.model import Policy
from mentornet.solvers import Progress, ProgressCallback, StopCallback
from mentornet.solvers.cpsat.hint import hint_from_solution
from mentornet.solvers.cpsat.model import CpsatModel

__all__ = ["LARGE_EDGES", "QUICK_DTIME", "gap", "integral", "integral_bound", "run", "run_search"]

log = logging.getLogger(__name__)

class Reporter(cp_model.CpSolverSolutionCallback):
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
            obj, bound = integral(self.objective_value), integral_bound(self.best_objective_bound)
            self.progress(Progress(
                objective=obj, bound=bound, gap=gap(obj, bound),
                seconds=time.perf_counter() - self.started, solutions=self.solutions,
            ))
        if self.stop is not None and self.stop():
            self.stopped = True
            self.stop_search()


def integral(value: float) -> float:
    """An objective value of the model as the integer it is.

    Every coefficient is an integer, but CP-SAT reports the value through a
    floating-point scaling (e.g. 423.99999999999994 for 424).
    """
    return float(round(value))


def integral_bound(bound: float) -> float:
    """The proven upper bound, tightened to the integer objective (never below a true optimum)."""
    return float(math.floor(bound + 1e-6))


def gap(obj: float, bound: float) -> float:
    return float(abs(bound - obj) / max(1.0, abs(obj)))


#: Models with at least this many usable candidate edges count as large: a
#: lighter presolve, and LP-free full search next to the LNS workers (the
#: LP at this size costs more than it proves within usual time limits).
LARGE_EDGES = 20_000


#: Deterministic-time budget of the quick single-worker LP phase on small models.
QUICK_DTIME = 2.0


def params(solver: cp_model.CpSolver, built: CpsatModel, policy: Policy, seconds: float, quick: bool) -> None:
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


def run(built: CpsatModel, policy: Policy, seconds: float, started: float,
         progress: ProgressCallback | None, stop: StopCallback | None,
         quick: bool = False) -> tuple[cp_model.CpSolver, Any, Reporter]:
    solver = cp_model.CpSolver()
    params(solver, built, policy, seconds, quick)
    reporter = Reporter(started, progress, stop)
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


def run_search(built: CpsatModel, policy: Policy, seconds: float, started: float,
               progress: ProgressCallback | None, stop: StopCallback | None) -> tuple[cp_model.CpSolver, Any, Reporter]:
    """Quick LP phase on small models, then the interleaved portfolio if not proven optimal."""
    t0 = time.perf_counter()
    if len(built.edges) < LARGE_EDGES:
        solver, status, reporter = run(built, policy, seconds, started, progress, stop, quick=True)
        if status in (cp_model.OPTIMAL, cp_model.INFEASIBLE, cp_model.MODEL_INVALID) or reporter.stopped:
            return solver, status, reporter
        if status == cp_model.FEASIBLE:
            hint_from_solution(built, solver)
        left = seconds - (time.perf_counter() - t0)
        log.info("the quick LP phase ended %s; continuing with the interleaved portfolio for %.1f s",
                 solver.status_name(status), max(left, 0.0))
        if left <= 0.05:
            return solver, status, reporter
        solutions = reporter.solutions
        solver2, status2, reporter2 = run(built, policy, left, started, progress, stop)
        reporter2.solutions += solutions
        if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE, cp_model.MODEL_INVALID):
            return solver2, status2, reporter2
        return solver, status, reporter2
    return run(built, policy, seconds, started, progress, stop)

