"""The CP-SAT search: parameters, one solve, progress reports and stop.

One deterministic solve (``interleave_search`` on ``policy.workers``
threads, deterministic batches): the same input and seed give the same plan
whenever the search ends by itself (proven optimum) rather than on the
wall-clock limit. Each improving solution and each improvement of the
proven bound is handed to the solve's :class:`~mentornet.solvers.cpsat.guided.Tracker`,
which reports the current incumbent, bound and gap. ``stop()`` is polled
every 50 ms and at each solution (StopSearch).
"""

from __future__ import annotations

import logging
import math
import threading
from typing import Any

from ortools.sat.python import cp_model

from mentornet.model import Policy
from mentornet.solvers import StopCallback
from mentornet.solvers.cpsat.guided import Tracker
from mentornet.solvers.cpsat.model import CpsatModel

__all__ = ["LARGE_EDGES", "SMALL_EDGES", "gap", "integral", "integral_bound", "run", "run_search"]

log = logging.getLogger(__name__)


class Reporter(cp_model.CpSolverSolutionCallback):
    """Hands improving solutions to the tracker and honours stop()."""

    def __init__(self, tracker: Tracker | None, stop: StopCallback | None):
        super().__init__()
        self.tracker = tracker
        self.stop = stop
        self.solutions = 0
        self.stopped = False

    def on_solution_callback(self) -> None:
        self.solutions += 1
        if self.tracker is not None:
            self.tracker.incumbent(integral(self.objective_value))
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
#: LP at this size costs more than it proves within usual time limits; the
#: HiGHS relaxation gives the bound and the start instead).
LARGE_EDGES = 20_000


#: Below this many usable candidate edges the search is one worker with the full LP relaxation.
SMALL_EDGES = 5_000


def params(solver: cp_model.CpSolver, built: CpsatModel, policy: Policy, seconds: float) -> None:
    """Search parameters: deterministic, tuned by model size; one solve.

    Small models (below :data:`SMALL_EDGES` usable edges): one worker with
    the full linear relaxation (``linearization_level`` 2), which proves
    optimality on Krymsky- and municipality-sized networks in a fraction of
    a second (measured: a two-worker portfolio takes many times longer to
    close the same gap). Otherwise ``interleave_search`` runs the portfolio
    (one full-problem subsolver and the LNS neighbourhoods) in deterministic
    batches on ``policy.workers`` threads: the same input and seed give the
    same plan. Mid-sized models use the LP-heavy ``max_lp`` subsolver;
    large ones ``quick_restart_no_lp`` and a single presolve pass without
    probing.
    """
    p = solver.parameters
    p.max_time_in_seconds = max(0.01, seconds)
    p.random_seed = policy.seed
    if len(built.edges) < SMALL_EDGES:
        p.num_workers = 1
        p.linearization_level = 2
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


def run(built: CpsatModel, policy: Policy, seconds: float, tracker: Tracker | None,
        stop: StopCallback | None, bound_valid: bool = True) -> tuple[cp_model.CpSolver, Any, Reporter]:
    """One CP-SAT solve; ``bound_valid``: CP-SAT's bound also bounds the plans the tracker speaks of."""
    solver = cp_model.CpSolver()
    params(solver, built, policy, seconds)
    reporter = Reporter(tracker, stop)
    if tracker is not None and bound_valid:
        solver.best_bound_callback = lambda b: tracker.proved(integral_bound(b))
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


def run_search(built: CpsatModel, policy: Policy, seconds: float, tracker: Tracker | None,
               stop: StopCallback | None, bound_valid: bool = True) -> tuple[cp_model.CpSolver, Any, Reporter]:
    """The search: one solve (kept as a name for callers)."""
    return run(built, policy, seconds, tracker, stop, bound_valid)
