"""Solvers: every one has the same signature and is chosen by name.

The front door is :func:`mentornet.planning.solve` (after the checker in the
data flow): it runs the solver chosen here, passes the plan through the
independent checker (:mod:`mentornet.check`), refuses a plan that breaks a
hard constraint, and attaches the checker's metrics.

A solver is any callable ``(network, policy, *, progress, warm_start, stop)
-> Plan`` (the :class:`Solver` protocol); the registry maps names to them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from mentornet.errors import SolverError
from mentornet.model import Network, Plan, Policy

__all__ = ["SOLVERS", "Progress", "ProgressCallback", "Solver", "available_solvers", "get_solver"]


@dataclass(frozen=True)
class Progress:
    """A progress report while solving (one per improving solution).

    ``objective`` is the incumbent (maximised), ``bound`` the best proven
    upper bound, ``gap`` their relative difference, ``seconds`` the time
    since the solve started.
    """

    objective: float
    bound: float
    gap: float
    seconds: float
    solutions: int = 0


ProgressCallback = Callable[[Progress], None]
StopCallback = Callable[[], bool]


class Solver(Protocol):
    def __call__(
        self,
        network: Network,
        policy: Policy,
        *,
        progress: ProgressCallback | None = None,
        warm_start: Plan | None = None,
        stop: StopCallback | None = None,
    ) -> Plan: ...


# name -> "module:function"; imported on first use so that importing
# mentornet does not load OR-Tools.
SOLVERS: dict[str, str] = {
    "cpsat": "mentornet.solvers.cpsat:solve_cpsat",
    "flow": "mentornet.solvers.flow:solve_flow",
    "greedy": "mentornet.solvers.greedy:solve_greedy",
}


def available_solvers() -> list[str]:
    """Names accepted by :func:`solve` and ``--solver``."""
    return list(SOLVERS)


def get_solver(name: str) -> Solver:
    """The solver registered under ``name``.

    Raises
    ------
    SolverError
        For an unknown name (the message lists the known ones).
    """
    try:
        target = SOLVERS[name]
    except KeyError:
        raise SolverError.coded("solver.unknown", solver=name, choices=", ".join(SOLVERS)) from None
    module, _, func = target.partition(":")
    return getattr(importlib.import_module(module), func)


