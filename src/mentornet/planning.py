"""The front door: plan a network with a chosen solver, checked independently.

:func:`solve` sits after :mod:`mentornet.check` in the data flow
(``model → io → graph → solvers → check → planning``): it runs a solver from
the registry of :mod:`mentornet.solvers`, passes the plan through the
independent checker and refuses a plan that breaks a hard constraint.

>>> from mentornet.io import read_network
>>> from mentornet.planning import solve
>>> plan = solve(read_network(None), solver="greedy")
>>> plan.metrics["schools"]
34
"""

from __future__ import annotations

from mentornet.check import check_plan
from mentornet.errors import SolverError
from mentornet.model import Network, Plan, Policy
from mentornet.solvers import ProgressCallback, StopCallback, get_solver

__all__ = ["solve"]


def solve(
    network: Network,
    policy: Policy | None = None,
    *,
    solver: str = "cpsat",
    progress: ProgressCallback | None = None,
    warm_start: Plan | None = None,
    stop: StopCallback | None = None,
) -> Plan:
    """Plan a network: roles, mentor pairs, deferred needs, metrics.

    Parameters
    ----------
    network : Network
        The validated input.
    policy : Policy, optional
        Limits, weights and solver settings (defaults documented in
        :class:`~mentornet.model.Policy`).
    solver : {"cpsat", "flow", "greedy"}
        Which solver plans.
    progress : callable, optional
        Called with a :class:`Progress` on every improving solution.
    warm_start : Plan, optional
        A plan to start from (last year's plan, or a baseline's).
    stop : callable, optional
        Polled while solving; returning True stops early with the best plan.

    Returns
    -------
    Plan
        A plan that passed :func:`mentornet.check.check_plan` with no
        violation; its ``metrics`` are the checker's.

    Raises
    ------
    InfeasibleError
        The hard constraints cannot all hold; the error says which conflict.
    SolverError
        Unknown solver, no plan found in time, or a plan the checker refused.
    """
    policy = policy or Policy()
    plan = get_solver(solver)(network, policy, progress=progress, warm_start=warm_start, stop=stop)
    report = check_plan(network, plan, policy)
    if report.violations:
        listed = "\n".join(f"  - {v}" for v in report.violations[:20])
        first = report.violations[0]
        # str(): every violation in English (logs); the coded text names the first for a planner
        raise SolverError.coded(
            "solver.violations", f"solver '{solver}' produced a plan that breaks hard constraints:\n{listed}",
            solver=solver, n=len(report.violations), constraint=first.constraint, rule=str(first.constraint),
            schools=", ".join(first.schools) or "—", directions=", ".join(first.directions) or "—",
        )
    return plan.with_changes(metrics={**plan.metrics, **report.metrics}, network=plan.network or network.name)
