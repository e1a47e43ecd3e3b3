"""The CP-SAT planner: roles and mentor pairs in one optimisation model.

A package with one room per job:

:mod:`~mentornet.solvers.cpsat.model`
    variables, hard constraints, and the objective terms of
    :mod:`mentornet.solvers.objective` posted into the model;
:mod:`~mentornet.solvers.cpsat.hint`
    the warm start (band roles, the shared min-cost-flow assignment,
    repair of curator limits and involvement; or a given plan, mended);
:mod:`~mentornet.solvers.cpsat.search`
    parameters, one solve (one LP-heavy worker on small models, the
    interleaved portfolio on larger ones), stop;
:mod:`~mentornet.solvers.cpsat.guided`
    the LP stage (HiGHS relaxation of :mod:`mentornet.solvers.relaxation`,
    pricing of the pruned edges, the bound), the LP-guided start (fix what
    the relaxation decides, HiGHS solves the rest) and the progress tracker;
:mod:`~mentornet.solvers.cpsat.decode`
    ranks, pairs and curators read back from a solution;
:mod:`~mentornet.solvers.cpsat.explain`
    the constraint groups that conflict when the model is infeasible.

:func:`solve_cpsat` runs them in order: LP stage, start, CP-SAT. With ``policy.fairness`` set to
``"direction"`` or ``"municipality"`` the model is solved twice
(lexicographic): first the minimum coverage ratio (covered needs / needs,
scaled to 0..1000) over the groups is maximised, then it is fixed and the
objective is maximised. The warm start is the flow hint, or the
``warm_start`` plan when it scores at least as well; if the search ends
without a solution (time limit, stop), the hint is returned when it meets
every constraint (``from_hint``).

Solver behaviour: ``policy.time_limit`` (wall clock, shared by both
fairness stages), ``policy.workers``, ``policy.seed`` (``random_seed``).
Infeasibility is explained by counting checks before solving
(:func:`mentornet.solvers.feasibility.precheck`) and assumption cores
after an INFEASIBLE status (:mod:`~mentornet.solvers.cpsat.explain`). A
plan is returned only when every hard constraint holds.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import numpy as np
from ortools.sat.python import cp_model

from mentornet.errors import InfeasibleError, SolverError
from mentornet.graph.candidates import build_candidates
from mentornet.model import Network, Plan, Policy, SolverStats
from mentornet.solvers import ProgressCallback, StopCallback
from mentornet.solvers._plan import assemble_plan, rebalance_curators
from mentornet.solvers.cpsat.decode import decode, decode_curators
from mentornet.solvers.cpsat.explain import explain_infeasible
from mentornet.solvers.cpsat.guided import (
    GUIDED_EDGES,
    EarlyStart,
    ExchangeBound,
    Tracker,
    better_plan,
    guided_start,
    lp_models,
    lp_stage,
    plan_from_mip,
    tighten,
    to_hint,
)
from mentornet.solvers.cpsat.hint import (
    flow_hint,
    hint_arrays,
    hint_curators,
    hint_from_solution,
    hint_solution,
    indices_from_plan,
    involves_all,
    value_of,
)
from mentornet.solvers.cpsat.model import FAIRNESS_SCALE, CpsatModel, build, build_model
from mentornet.solvers.cpsat.search import (
    LARGE_EDGES,
    Reporter,
    gap,
    integral,
    integral_bound,
    run_search,
)
from mentornet.solvers.feasibility import precheck
from mentornet.solvers.objective import plan_objective

__all__ = ["FAIRNESS_SCALE", "LARGE_EDGES", "CpsatModel", "build_model", "flow_hint", "solve_cpsat"]

log = logging.getLogger(__name__)

#: Share of ``policy.time_limit`` the LP relaxation and its pricing may take at most.
LP_SHARE = 0.6
#: The same where CP-SAT does not search after the LP-guided start: what is left covers the last sub-MIP and the
#: plan's read-back (:data:`READ_BACK_SHARE`). At region size the plan mostly comes from the sub-MIP run beside
#: the last pricing round, and a round more lowers the bound more than the last sub-MIP raises the plan
#: (measured on 2 cores: the fourth round, 5 s, takes the bound from 528,889 to 528,839; the last sub-MIP's
#: 8–15 s found no better plan than the one beside the third round).
LP_SHARE_NO_POLISH = 0.85
#: Share of the time left the first LP solve may take when it has not ended within ``LP_SHARE`` (a bound at all).
FIRST_LP_SHARE = 0.8
#: Share of ``policy.time_limit`` the LP-guided sub-MIP may take at most.
SUB_MIP_SHARE = 0.25
#: Where CP-SAT does not search after the sub-MIP (POLISH_EDGES), the share of ``policy.time_limit`` kept for
#: reading the plan back: straight off the sub-MIP (:func:`plan_from_mip`) and the plan's assembly, 1.5 s at region
#: size on 2 cores (through the CP-SAT model, were the plan not whole by itself: 5–7.5 s).
READ_BACK_SHARE = 0.06
#: Below this many seconds left, CP-SAT is not started after the LP-guided start (measured at city size: its
#: presolve with the full LP alone takes longer, so the search would end before its first solution).
MIN_SEARCH_SECONDS = 3.0
#: From this many candidate pairs on, CP-SAT does not polish the LP-guided plan: at region size (136,000 pairs)
#: it found 35 points (0.007 %) in 10 s and its search took 500 MB more than the whole LP stage.
POLISH_EDGES = 100_000


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
    tracker = Tracker(progress, started)
    # A warm start's pairs stay in the graph: the plan it came from may hold pairs priced in from beyond pruning.
    cg = build_candidates(network, policy, keep=() if warm_start is None else ((p.mentor, p.trainee, p.direction) for p in warm_start.pairs))
    log.info("candidate graph: %d edges (%d pruned) at %.2f s", len(cg.edges), cg.pruned, time.perf_counter() - started)
    conflicts = precheck(cg)
    if conflicts:
        raise InfeasibleError(conflicts)

    def remaining() -> float:
        return policy.time_limit - (time.perf_counter() - started)

    def stopped() -> bool:
        return stop is not None and stop()

    fairness = policy.fairness if policy.fairness in ("direction", "municipality") else None
    extras: dict[str, Any] = {"workers": policy.workers, "seed": policy.seed}

    # The LP relaxation (HiGHS): the bound for the unpruned graph, and the pruned edges worth adding.
    # Where CP-SAT will not polish the LP-guided plan (POLISH_EDGES), its share of the time goes to pricing.
    share = LP_SHARE_NO_POLISH if len(cg.edges) >= POLISH_EDGES and not fairness else LP_SHARE
    # With a second worker, the sub-MIP of each pricing round's LP runs beside the next round.
    stage = None if stopped() else lp_stage(cg, max(share * policy.time_limit - (time.perf_counter() - started), 0.01),
                                            stop, tracker, first_seconds=max(FIRST_LP_SHARE * remaining(), 0.01),
                                            early=policy.workers >= 2 and not fairness)
    if stage is not None:
        r = stage.result
        extras.update(
            lp_status=r.status, lp_bound=stage.bound, lp_value=None if r.value is None else round(r.value, 3),
            lp_value_start=None if r.value_before_pricing is None else round(r.value_before_pricing, 3),
            lp_start_edges=r.start_edges,
            lp_priced_edges=r.priced_edges, lp_pricing_rounds=r.pricing_rounds, lp_converged=r.converged,
            lp_seconds=round(r.seconds, 3), lp_complete=stage.lp.complete,
        )
        cg = stage.graph
    # CP-SAT's own bound is a bound of every plan only when its graph lost no eligible pair.
    cpsat_bound_valid = cg.pruned == 0

    log.info("LP stage done at %.2f s", time.perf_counter() - started)
    # The LP-guided start first (it needs only the LP): on large models it is the plan to polish.
    guided = None
    early = None if stage is None else better_plan(stage.early_best, stage.early.finish() if stage.early else None)
    if (stage is not None and not fairness and int((stage.result.active).sum()) >= GUIDED_EDGES and not stopped()
            and stage.result.value is not None):
        if len(cg.edges) >= POLISH_EDGES:  # no CP-SAT search follows: the sub-MIP has all but the read-back
            seconds = remaining() - READ_BACK_SHARE * policy.time_limit
        else:
            seconds = min(SUB_MIP_SHARE * policy.time_limit, remaining() / 2)
        # The second core, idle beside the sub-MIP, lowers the bound (mutual-exchange rows dualised) where the
        # LP's bound is loose, or else solves the same sub-MIP with another seed: HiGHS' time to a good plan
        # varies with it (region, one core: 528,114 after 4.3 to 11.5 s over four seeds).
        on_solution = tracker.incumbent if stage.lp.exact else None
        incumbent = None if early is None else early[0]
        beside = ExchangeBound(stage.lp, stage.result, max(seconds, 0.01), stop) if ExchangeBound.useful(stage, policy.workers) else None
        twin = (EarlyStart(stage.lp, stage.result, max(seconds, 0.01), stop, on_solution, incumbent=incumbent, seed=1)
                if beside is None and policy.workers >= 2 else None)
        guided = guided_start(stage.lp, stage.result, max(seconds, 0.01), stop, on_solution=on_solution,
                              incumbent=incumbent)
        if twin is not None:
            guided = better_plan(guided, twin.finish())
        log.info("LP-guided start done at %.2f s", time.perf_counter() - started)
        if beside is not None:
            lower = beside.finish(remaining() - READ_BACK_SHARE * policy.time_limit)
            extras["lp_bound_exchanges_dualised"] = None if lower is None else round(lower, 1)
            if tighten(stage, lower):
                extras["lp_bound"] = stage.bound
                tracker.proved(stage.bound)
            log.info("exchange bound %s at %.2f s", lower, time.perf_counter() - started)
    if early is not None and better_plan(guided, early) is early:
        guided = early[0], {**early[1], "sub_mip": "early"}  # a round before's plan was the better one
    # At region size no CP-SAT search follows the sub-MIP: its plan is read straight off the LP's universe (building
    # the CP-SAT model only to read it back takes seconds the sub-MIP can use).
    direct: tuple[dict[tuple[int, int], int], list[int], dict[int, tuple[str, ...]]] | None = None
    if (stage is not None and guided is not None and len(cg.edges) >= POLISH_EDGES and warm_start is None
            and not fairness and lp_models(cg)):
        direct = plan_from_mip(stage.lp, guided[0], cg)
    if direct is not None and stage is not None and guided is not None:
        ranks, chosen, curators = direct
        objective = float(plan_objective(cg, ranks, chosen, curators)[0])
        extras.update(guided[1])
        hint_from, hint_value = "lp_sub_mip", objective
        extras.update(hint=hint_from, hint_objective=hint_value, from_hint=True)
        lp_bound = stage.bound
        stage = guided = None
        solver, status, reporter = cp_model.CpSolver(), cp_model.UNKNOWN, Reporter(None, stop)
        reporter.stopped = stopped()
        cpsat_result = False
        log.info("plan read off the sub-MIP at %.2f s", time.perf_counter() - started)
    else:
        built = build(cg, fairness=fairness)
        model = built.model
        log.info("CP-SAT model built at %.2f s", time.perf_counter() - started)
        extras.update(variables=built.n_variables, constraints=built.n_constraints, edges=len(built.edges),
                      build_seconds=round(built.build_seconds, 3))

        # Warm start: the built-in flow hint, the LP-guided sub-MIP, or the given plan, whichever scores best.
        hint = flow_hint(built)
        hint_from, hint_value = "flow", value_of(built, hint)
        if not involves_all(built, hint.chosen):
            log.info("the flow hint leaves some school in no pair; CP-SAT starts from an incomplete plan")
        tracker_hint = involves_all(built, hint.chosen)
        log.info("flow hint at %.2f s", time.perf_counter() - started)
        if stage is not None and guided is not None:
            mip, info = guided
            extras.update(info)
            g_hint = to_hint(stage.lp, mip, built)
            g_value = value_of(built, g_hint)
            if g_value >= hint_value or not involves_all(built, hint.chosen):
                hint, hint_from, hint_value = g_hint, "lp_sub_mip", g_value
        # The LP's universe (the unpruned graph at region size: a million edges) is done with: free it before the search.
        lp_bound = None if stage is None else stage.bound
        stage = guided = None
        if warm_start is not None:
            given = indices_from_plan(built, warm_start)
            value_w = value_of(built, given)
            extras["warm_start_objective"] = value_w
            if value_w >= hint_value or not involves_all(built, hint.chosen):
                hint, hint_from, hint_value = given, "warm_start", value_w
        hint_arrays(built, hint)
        log.info("start (%s, %d) hinted at %.2f s", hint_from, hint_value, time.perf_counter() - started)
        extras["hint"] = hint_from
        extras["hint_objective"] = hint_value
        if not fairness and lp_models(cg) and (tracker_hint or involves_all(built, hint.chosen)):
            tracker.incumbent(hint_value)  # with fairness the start need not keep the fairest coverage

        if fairness and not stopped():
            model.maximize(built.fair_var)
            solver, status, reporter = run_search(built, policy, remaining() / 2, None, stop)
            if status == cp_model.INFEASIBLE:
                raise InfeasibleError(explain_infeasible(cg, time_limit=max(5.0, remaining())))
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                best = int(solver.value(built.fair_var))
                extras["fairness_min_ratio"] = best / FAIRNESS_SCALE
                extras["fairness_status"] = solver.status_name(status)
                hint_from_solution(built, solver)
                model.add(built.fair_var >= best)
            elif reporter.stopped:
                raise SolverError.coded("solver.stopped")

        model.maximize(built.objective)
        if stopped() or (hint_from == "lp_sub_mip" and (remaining() < MIN_SEARCH_SECONDS or len(built.edges) >= POLISH_EDGES)):
            # stopped, or no time left for CP-SAT to do more than load the model: the start is the plan
            solver, status, reporter = cp_model.CpSolver(), cp_model.UNKNOWN, Reporter(None, stop)
            reporter.stopped = stopped()
        else:
            solver, status, reporter = run_search(built, policy, remaining(), tracker, stop, cpsat_bound_valid)

        log.info("CP-SAT ended %s at %.2f s", solver.status_name(status), time.perf_counter() - started)
        if status == cp_model.INFEASIBLE:
            log.info("CP-SAT proved the hard constraints infeasible; explaining the conflict")
            raise InfeasibleError(explain_infeasible(cg, time_limit=max(5.0, remaining())))
        if status == cp_model.MODEL_INVALID:
            raise SolverError.coded("solver.model_invalid", solver="CP-SAT", program="mentornet", detail=model.validate())
        cpsat_result = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        if (cpsat_result and not fairness and lp_models(cg) and integral(solver.objective_value) < hint_value
                and involves_all(built, hint.chosen)):
            cpsat_result = False  # the search ended (a time limit) below its own start: keep the start
        if not cpsat_result:
            # No better solution in time (or stopped first): the hint, when it meets every constraint.
            # Taken as it is (no CP-SAT pass to confirm it, which costs a presolve: seconds at city size)
            # when it keeps every school involved and every kept pair, and no fairness floor applies; the
            # checker after the solver confirms every rule anyway.
            locked = built.edges["locked"].to_numpy(dtype=bool) if len(built.edges) else np.zeros(0, dtype=bool)
            # Only where the rules the hint was built under are all the model's (lp_models): sites, group
            # sizes and curator kinds are then checked by a CP-SAT pass over the hint instead.
            as_is = (not fairness and lp_models(cg) and involves_all(built, hint.chosen)
                     and bool(hint.chosen[locked].all()))
            direct_curators = hint_curators(built, hint) if as_is else None
            if as_is and direct_curators is not None:
                extras["from_hint"] = True
                ranks = {(int(s), int(d)): int(r) for s, d, r in zip(cg.teams["school"], cg.teams["direction"], hint.ranks)}
                chosen = built.edges["row"].to_numpy()[hint.chosen].tolist()
                curators = rebalance_curators(cg, direct_curators)
                # the plan's own value (its curators are handed out anew; the hint's value estimated them)
                objective = float(plan_objective(cg, ranks, chosen, curators)[0])
            else:
                fallback = hint_solution(built)
                if fallback is None:
                    if reporter.stopped:
                        raise SolverError.coded("solver.stopped")
                    raise SolverError.coded(
                        "solver.time_limit", seconds=float(policy.time_limit), schools=len(cg.schools), pairs=len(built.edges),
                        time_limit="time_limit", workers="workers", candidates="candidates_per_need",
                    )
                log.warning("CP-SAT found no solution in time (status %s); returning the warm-start hint, which meets every constraint",
                            solver.status_name(status))
                solver, status = fallback, cp_model.FEASIBLE
                extras["from_hint"] = True
                cpsat_result = True
        if cpsat_result:
            ranks, chosen_list, chosen_pos = decode(built, solver)
            chosen = chosen_list
            curators = decode_curators(built, solver, chosen_pos)
            objective = integral(solver.objective_value)
    tracker.incumbent(objective)
    # The bound: the lowest Lagrangian bound of the LP's duals, which holds for every eligible pair
    # (pruned or not) whether pricing converged or was cut short.
    bound_for = "unpruned"
    bounds = [b for b in (lp_bound, ) if b is not None]
    if cpsat_bound_valid and status in (cp_model.OPTIMAL, cp_model.FEASIBLE) and not extras.get("from_hint"):
        bounds.append(integral_bound(solver.best_objective_bound))
    elif cpsat_bound_valid and status == cp_model.OPTIMAL:
        bounds.append(objective)
    bound = min(bounds) if bounds else None
    if bound is not None:
        bound = max(bound, objective)  # an integral bound never below a plan (rounding of an LP within 1e-6)
        tracker.proved(bound)  # the last report shows the final figures
    total, parts = plan_objective(cg, ranks, chosen, curators)
    parts["pair_quality"] = int(sum(parts[p] for p in ("gain", "context", "travel", "continuity")))
    extras["stopped"] = reporter.stopped
    extras["solutions"] = reporter.solutions
    extras.setdefault("from_hint", False)
    extras["solve_seconds"] = round(solver.wall_time, 3) if cpsat_result else 0.0
    extras["cpsat_status"] = solver.status_name(status) if cpsat_result else "UNKNOWN"
    extras["bound_for"] = bound_for if lp_bound is not None or cpsat_bound_valid else "candidate graph"
    # The name says what produced the plan: CP-SAT's search, the HiGHS sub-MIP, or CP-SAT polishing it.
    if hint_from == "lp_sub_mip":
        name = "highs+cpsat" if cpsat_result and objective > hint_value else "highs"
    else:
        name = "cpsat"
    optimal = bound is not None and objective >= bound
    stats = SolverStats(
        name=name,
        status="OPTIMAL" if optimal else "FEASIBLE",
        objective=objective,
        bound=bound,
        gap=None if bound is None else gap(objective, bound),
        seconds=round(time.perf_counter() - started, 3),
        **extras,
    )
    plan = assemble_plan(
        cg, ranks, chosen, stats, curators=curators,
        extra_metrics={"objective_parts": parts, "objective": total},
    )
    log.info("plan assembled at %.2f s", time.perf_counter() - started)
    return plan
