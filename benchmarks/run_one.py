"""One benchmark run, in its own process: ``python -m benchmarks.run_one JOB.json``.

The harness starts a fresh interpreter per (scale, solver) so that the
peak resident memory the kernel reports for it (``wait4`` in the parent)
belongs to that run alone. The job file says what to do; the result is
written as JSON to ``job["out"]``.

Job kinds
---------
``solve``
    Load a pickled network, run one solver (mentornet's ``cpsat``,
    ``flow``, ``greedy``, or the ``hospital_resident`` peer), check the
    plan with :func:`mentornet.check.check_plan`, re-evaluate its objective
    with :func:`mentornet.solvers.objective.plan_objective`.
``plan_many``
    Load a pickled ``{region: network}``, plan it with
    :func:`mentornet.plan_many.plan_regions` (local or Dask executor).
``build_model``
    Time the candidate graph and the CP-SAT model building alone.
``profile``
    Run a solver under pyinstrument and write its text and HTML reports.
"""

from __future__ import annotations

import json
import os
import pickle
import resource
import sys
import time
import traceback
from pathlib import Path
from typing import Any


def _rss_mb() -> float:
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except Exception:  # noqa: BLE001
        return float("nan")


def _peak_self_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def get_solver_fn(name: str):
    """A mentornet solver by name, or the hospital–resident peer."""
    if name == "hospital_resident":
        from benchmarks.peers import solve_hospital_resident

        return solve_hospital_resident
    if name == "highs_mip":
        from benchmarks.peers import solve_highs_mip

        return solve_highs_mip
    from mentornet.solvers import get_solver

    return get_solver(name)


def reevaluate(network, policy, plan) -> dict[str, Any]:
    """The plan's objective by :func:`plan_objective` on a fresh, unpruned candidate graph.

    Unpruned because the optimising planner prices pairs in from beyond the
    pruned graph. Pairs outside it (there should be none) are counted.
    """
    from mentornet.graph.candidates import build_candidates
    from mentornet.model import Level
    from mentornet.solvers.objective import plan_objective

    rank_of = {Level.leader: 2, Level.promising: 1, Level.hidden_reserve: 0}
    cg = build_candidates(network, policy, prune=False)
    si, di = cg.school_index, cg.direction_index
    e = cg.edges
    row_of = {(int(m), int(t), int(d)): i for i, (m, t, d) in enumerate(zip(e["mentor"].tolist(), e["trainee"].tolist(), e["direction"].tolist()))}
    ranks = {(int(s), int(d)): 0 for s, d in zip(cg.teams["school"].tolist(), cg.teams["direction"].tolist())}
    for r in plan.roles:
        if r.school in si and r.direction in di:
            ranks[(si[r.school], di[r.direction])] = rank_of[r.role]
    chosen, outside = [], 0
    curators: dict[int, tuple[str, ...]] = {}
    for p in plan.pairs:
        key = (si.get(p.mentor), si.get(p.trainee), di.get(p.direction))
        if key in row_of:
            chosen.append(row_of[key])
            curators[row_of[key]] = tuple(p.all_curators)  # the curator terms count the plan's own assignment
        else:
            outside += 1
    total, parts = plan_objective(cg, ranks, chosen, curators)
    return {"objective": total, "parts": parts, "pairs_outside_graph": outside}


def _load_solver_libraries() -> None:
    """Import the solver libraries before the clock starts: loading them is start-up, not solving (~0.3 s)."""
    import highspy  # noqa: F401
    from ortools.graph.python import min_cost_flow  # noqa: F401
    from ortools.sat.python import cp_model  # noqa: F401


def run_solve(job: dict[str, Any]) -> dict[str, Any]:
    from mentornet.check import check_plan
    from mentornet.errors import InfeasibleError, MentornetError
    from mentornet.model import Policy

    policy = Policy.model_validate_json(job["policy"])
    with open(job["network"], "rb") as fh:
        network = pickle.load(fh)
    solver = get_solver_fn(job["solver"])
    out: dict[str, Any] = {"solver": job["solver"], "schools": len(network.schools), "directions": len(network.directions),
                           "competences": len(network.competences), "rss_loaded_mb": _rss_mb()}
    trace: list[dict[str, float]] = []

    def progress(p) -> None:
        trace.append({"seconds": round(time.perf_counter() - t0, 3), "objective": p.objective, "bound": p.bound, "gap": p.gap})

    _load_solver_libraries()
    t0 = time.perf_counter()
    try:
        plan = solver(network, policy, progress=progress, warm_start=None, stop=None)
    except InfeasibleError as exc:
        out.update(status="INFEASIBLE", error="; ".join(c.message for c in exc.conflicts), wall=time.perf_counter() - t0, trace=trace)
        return out
    except MentornetError as exc:
        out.update(status="ERROR", error=str(exc), wall=time.perf_counter() - t0, trace=trace)
        return out
    wall = time.perf_counter() - t0
    peak_solve = _peak_self_mb()
    t1 = time.perf_counter()
    report = check_plan(network, plan, policy)
    check_seconds = time.perf_counter() - t1
    st = plan.solver
    extra = dict(st.model_extra or {})
    m = report.metrics
    by_constraint: dict[str, int] = {}
    for v in report.violations:
        by_constraint[str(v.constraint)] = by_constraint.get(str(v.constraint), 0) + 1
    out.update(
        status=st.status, objective=st.objective, bound=st.bound, gap=st.gap, solver_seconds=st.seconds, solver_name=st.name,
        lp_bound=extra.get("lp_bound"), lp_priced_edges=extra.get("lp_priced_edges"),
        wall=wall, check_seconds=check_seconds, trace=trace, peak_self_after_solve_mb=peak_solve,
        violations=len(report.violations), violations_by_constraint=by_constraint,
        violation_codes=sorted(report.codes()), first_violations=[str(v) for v in report.violations[:5]],
        schools_mentoring=m.get("schools_mentoring"), schools_involved=m.get("schools_involved"),
        weighted_deficits_covered=m.get("weighted_deficits_covered"), weighted_deficits_total=m.get("weighted_deficits_total"),
        needs_covered=m.get("needs_covered"), needs_deferred=m.get("needs_deferred"), trainee_needs=m.get("trainee_needs"),
        pairs=m.get("pairs"), mutual_exchanges=m.get("mutual_exchanges"), mean_km=m.get("mean_km"),
        solver_extra={k: v for k, v in extra.items() if isinstance(v, (int, float, str, bool, dict, list, type(None)))},
    )
    if job.get("reevaluate", True):
        t2 = time.perf_counter()
        out["evaluated"] = reevaluate(network, policy, plan)
        out["evaluate_seconds"] = time.perf_counter() - t2
    return out


def run_plan_many(job: dict[str, Any]) -> dict[str, Any]:
    from mentornet.model import Policy
    from mentornet.plan_many import plan_regions, totals

    policy = Policy.model_validate_json(job["policy"])
    with open(job["network"], "rb") as fh:
        networks = pickle.load(fh)
    t0 = time.perf_counter()
    solver = get_solver_fn(job["solver"]) if job["solver"] in ("hospital_resident", "highs_mip") else job["solver"]
    results = plan_regions(networks, policy, executor=job["executor"], workers=int(job["workers"]),
                           solver=solver, processes=bool(job.get("processes", True)))
    wall = time.perf_counter() - t0
    t = totals(results)
    statuses: dict[str, int] = {}
    for r in results:
        statuses[r.status] = statuses.get(r.status, 0) + 1
    objectives = [r.objective for r in results if r.objective is not None]
    objective = sum(objectives) if objectives else None
    # A bound for the whole slice only when every region has a plan and a bound.
    bounds = [r.bound for r in results]
    bound = sum(bounds) if results and all(r.ok for r in results) and all(b is not None for b in bounds) else None
    planned = [r for r in results if r.plan is not None or r.status in ("OPTIMAL", "FEASIBLE", "INVALID")]
    if statuses.get("OPTIMAL", 0) == len(results):
        worst = "OPTIMAL"
    elif all(r.ok for r in results):
        worst = "FEASIBLE"
    elif all(r.status == "INVALID" for r in results):
        worst = "INVALID"
    else:
        worst = "FAILED"
    return {
        "solver": job["solver"], "executor": job["executor"], "workers": job["workers"],
        "schools": sum(r.schools for r in results), "regions": len(results),
        "status": worst, "statuses": statuses,
        "objective": objective, "bound": bound,
        "gap": ((bound - objective) / max(1.0, abs(objective))) if bound is not None and objective is not None else None,
        "wall": wall, "task_seconds": t["task_seconds"],
        "violations": int(sum(r.violations for r in planned)) if planned else None,
        "regions_planned": len(planned),
        "first_errors": sorted({r.error[:200] for r in results if r.error})[:3],
        "schools_mentoring": t["schools_mentoring"], "weighted_deficits_covered": t["weighted_deficits_covered"],
        "needs_covered": t["needs_covered"], "needs_deferred": t["needs_deferred"],
        "regions_detail": [r.to_dict() | {"violation_messages": r.violation_messages[:3]} for r in results],
    }


def run_build_model(job: dict[str, Any]) -> dict[str, Any]:
    """Candidate graph and CP-SAT model building, timed apart from solving."""
    import importlib

    from mentornet.graph.candidates import build_candidates
    from mentornet.model import Policy

    policy = Policy.model_validate_json(job["policy"])
    with open(job["network"], "rb") as fh:
        network = pickle.load(fh)
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    cg = build_candidates(network, policy)
    t1 = time.perf_counter()
    out: dict[str, Any] = {"candidates_seconds": t1 - t0, "edges": len(cg.edges), "teams": len(cg.teams), "rss_before_mb": rss0}
    cpsat = importlib.import_module("mentornet.solvers.cpsat")
    builder = None
    for name in job.get("builders", ("build_model",)):
        builder = getattr(cpsat, name, None)
        if builder is not None:
            out["builder"] = name
            break
    if builder is None:
        out["error"] = "mentornet.solvers.cpsat exposes no model builder"
        return out
    t2 = time.perf_counter()
    built = builder(cg) if job.get("builder_takes_graph", True) else builder(network, policy)
    t3 = time.perf_counter()
    out["model_seconds"] = t3 - t2
    model = getattr(built, "model", built)
    try:
        proto = model.Proto()
        out["variables"] = len(proto.variables)
        out["constraints"] = len(proto.constraints)
    except Exception:  # noqa: BLE001
        pass
    out["rss_after_mb"] = _rss_mb()
    out["peak_self_mb"] = _peak_self_mb()
    return out


def run_profile(job: dict[str, Any]) -> dict[str, Any]:
    from pyinstrument import Profiler

    from mentornet.model import Policy

    policy = Policy.model_validate_json(job["policy"])
    with open(job["network"], "rb") as fh:
        network = pickle.load(fh)
    solver = get_solver_fn(job["solver"])
    profiler = Profiler(interval=float(job.get("interval", 0.005)))
    t0 = time.perf_counter()
    profiler.start()
    error = None
    try:
        plan = solver(network, policy, progress=None, warm_start=None, stop=None)
        status = plan.solver.status
    except Exception as exc:  # noqa: BLE001
        status, error = "ERROR", repr(exc)
    profiler.stop()
    wall = time.perf_counter() - t0
    tree = profiler.output_text(unicode=True, color=False, show_all=False, processor_options={"filter_threshold": 0.002})
    Path(job["text"]).write_text(
        f"pyinstrument over solve_cpsat: {wall:.1f} s wall, status {status}; call tree, frames >= 0.2% of the time\n{tree}",
        encoding="utf-8",
    )
    Path(job["html"]).write_text(profiler.output_html(), encoding="utf-8")
    return {"status": status, "wall": wall, "error": error}


KINDS = {"solve": run_solve, "plan_many": run_plan_many, "build_model": run_build_model, "profile": run_profile}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    job = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    try:
        result = KINDS[job["kind"]](job)
    except Exception as exc:  # noqa: BLE001 - reported to the harness
        result = {"status": "ERROR", "error": "".join(traceback.format_exception_only(type(exc), exc)).strip(),
                  "traceback": traceback.format_exc()[-4000:]}
    result["process_seconds"] = time.perf_counter() - t0
    result["peak_self_mb"] = max(result.get("peak_self_mb", 0.0) or 0.0, _peak_self_mb())
    result["pid"] = os.getpid()
    Path(job["out"]).write_text(json.dumps(result, default=str, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
