"""An outside peer: the ``matching`` library's hospital–resident algorithm.

What a Python user would reach for first: a stable matching
(:class:`matching.games.HospitalResident`, resident-optimal Gale–Shapley)
fed the same data mentornet's solvers see.

* **Roles** by the same bands as the baselines
  (:func:`mentornet.solvers._baseline.band_ranks`: levels and role locks
  fix a role; a score in an ambiguous band takes the plain thresholds).
* **Residents** are trainee needs: a (school, direction) whose role is
  promising or hidden reserve.
* **Hospitals** are (mentor school, direction) teams that may mentor
  (leader or promising), with **capacity** = the policy's cap per
  direction (``Policy.cap_of``).
* **Acceptable pairs** are the candidate graph's edges
  (:func:`mentornet.graph.candidates.build_candidates`) whose band roles
  allow them (mentor ranks strictly above the trainee).
* **Preferences** from the candidate edge score: a resident ranks its
  mentors by edge score (best first), a hospital its applicants by edge
  score, then by the need's coverage value; ties by index, so the run is
  deterministic.

Its matching becomes a :class:`~mentornet.model.Plan` through
:func:`mentornet.solvers._plan.assemble_plan`; unmatched needs are
deferred. Nothing is added on top: the host capacity across directions,
the yearly limit of trainee directions, 100 % involvement and curator
limits are not part of the hospital–resident model, so the checker's
violations of those are reported as they are. Curators are assigned
within their limits when possible, otherwise to the least-loaded curator
in scope ignoring limits (so that curator overload shows as a violation
instead of an exception).
"""

from __future__ import annotations

import sys
import threading
import time
import warnings
from collections import defaultdict

import numpy as np

from mentornet.errors import InfeasibleError
from mentornet.graph.candidates import build_candidates
from mentornet.model import Network, Plan, Policy, SolverStats
from mentornet.solvers._plan import assemble_plan, assign_curators, coverage_value
from mentornet.solvers.objective import plan_objective
from mentornet.solvers.ranks import band_ranks

__all__ = ["PEER_NAME", "hospital_resident_inputs", "solve_hospital_resident"]

PEER_NAME = "hospital_resident"
#: Recursion limit and thread stack for the library's recursive deep copy.
DEEP_RECURSION = 1_000_000
DEEP_STACK = 1 << 30


def hospital_resident_inputs(cg, ranks):
    """Residents' and hospitals' preference lists and capacities, and the edge of each pair.

    Returns
    -------
    resident_prefs : dict
        ``(trainee, direction) -> [(mentor, direction), ...]`` best first.
    hospital_prefs : dict
        ``(mentor, direction) -> [(trainee, direction), ...]`` best first.
    capacities : dict
        ``(mentor, direction) -> cap``.
    edge_of : dict
        ``(mentor, trainee, direction) -> row of cg.edges``.
    """
    e = cg.edges
    m = e["mentor"].to_numpy()
    t = e["trainee"].to_numpy()
    d = e["direction"].to_numpy()
    score = e["score"].to_numpy()
    rm = np.array([ranks[(int(a), int(c))] for a, c in zip(m, d)], dtype=np.int64) if len(e) else np.zeros(0, np.int64)
    rt = np.array([ranks[(int(b), int(c))] for b, c in zip(t, d)], dtype=np.int64) if len(e) else np.zeros(0, np.int64)
    ok = (rm >= 1) & (rt <= 1) & (rm > rt)
    rows = np.nonzero(ok)[0]
    value = {}
    for b, c in zip(t[rows].tolist(), d[rows].tolist()):
        if (b, c) not in value:
            value[(b, c)] = coverage_value(cg, b, ranks[(b, c)])
    # Residents: mentors by score desc, then mentor index.
    by_res: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    by_hosp: dict[tuple[int, int], list[tuple[int, int, int, int]]] = defaultdict(list)
    edge_of: dict[tuple[int, int, int], int] = {}
    for r in rows.tolist():
        a, b, c, s = int(m[r]), int(t[r]), int(d[r]), int(score[r])
        edge_of[(a, b, c)] = r
        by_res[(b, c)].append((-s, a))
        by_hosp[(a, c)].append((-s, -value[(b, c)], b, c))
    resident_prefs = {k: [(a, k[1]) for _, a in sorted(v)] for k, v in by_res.items()}
    hospital_prefs = {k: [(b, c) for _, _, b, c in sorted(v)] for k, v in by_hosp.items()}
    caps = {k: max(1, cg.policy.cap_of(cg.network.directions[k[1]])) for k in hospital_prefs}
    return resident_prefs, hospital_prefs, caps, edge_of


def _run_deep(fn) -> None:
    """Run ``fn`` in a thread with a deep stack and a high recursion limit.

    The library deep-copies its players on construction; players reference
    each other through their preference lists, so the copy recurses about
    once per linked player and overflows Python's default limit (1,000)
    from a few hundred schools on.
    """
    old_limit = sys.getrecursionlimit()
    old_stack = threading.stack_size()
    sys.setrecursionlimit(max(old_limit, DEEP_RECURSION))
    threading.stack_size(DEEP_STACK)
    try:
        worker = threading.Thread(target=fn, name="hospital-resident")
        worker.start()
        worker.join()
    finally:
        threading.stack_size(old_stack)
        sys.setrecursionlimit(old_limit)


def _curators_ignoring_limits(cg, chosen):
    net = cg.network
    load: dict[str, int] = defaultdict(int)
    out = {}
    for row in chosen:
        tid = cg.schools[int(cg.edges.at[row, "trainee"])]
        did = cg.directions[int(cg.edges.at[row, "direction"])]
        options = [c.id for c in net.curators if net.curator_may_supervise(c.id, did, tid)]
        if options:
            best = min(options, key=lambda c: (load[c], c))
            load[best] += 1
            out[row] = (best,)
        else:
            out[row] = ()
    return out


def solve_hospital_resident(
    network: Network,
    policy: Policy | None = None,
    *,
    progress=None,
    warm_start: Plan | None = None,
    stop=None,
) -> Plan:
    """Plan by the ``matching`` library's resident-optimal hospital–resident algorithm.

    Same signature as mentornet's solvers; ``progress``, ``warm_start`` and
    ``stop`` are unused. The plan is returned as is (it may break hard
    constraints the model does not know; pass it through the checker).
    """
    from matching.games import HospitalResident

    started = time.perf_counter()
    policy = policy or Policy()
    cg = build_candidates(network, policy)
    t_graph = time.perf_counter()
    ranks = band_ranks(cg)
    resident_prefs, hospital_prefs, caps, edge_of = hospital_resident_inputs(cg, ranks)
    t_inputs = time.perf_counter()
    chosen: list[int] = []
    t_game = t_inputs
    if resident_prefs:
        box: dict = {}

        def run() -> None:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, caps)
                    box["t_game"] = time.perf_counter()
                    box["matching"] = game.solve(optimal="resident")
            except BaseException as exc:  # noqa: BLE001 - re-raised in the caller
                box["error"] = exc

        _run_deep(run)
        if "error" in box:
            raise box["error"]
        t_game, matching = box["t_game"], box["matching"]
        for hospital, residents in matching.items():
            a, c = hospital.name
            for res in residents:
                b, _ = res.name
                chosen.append(edge_of[(a, b, c)])
    t_solve = time.perf_counter()
    try:
        curators = assign_curators(cg, chosen)
    except InfeasibleError:
        curators = _curators_ignoring_limits(cg, chosen)
    total, parts = plan_objective(cg, ranks, chosen, curators)
    stats = SolverStats(
        name=PEER_NAME, status="FEASIBLE", objective=float(total), bound=None, gap=None,
        seconds=round(time.perf_counter() - started, 4), objective_parts=parts,
        phase_seconds={
            "candidates": round(t_graph - started, 4),
            "preferences": round(t_inputs - t_graph, 4),
            "game_setup": round(t_game - t_inputs, 4),
            "matching": round(t_solve - t_game, 4),
        },
    )
    return assemble_plan(cg, ranks, chosen, stats, curators=curators)


# ---------------------------------------------------------------- HiGHS as a full MIP

HIGHS_MIP_NAME = "highs_mip"


def solve_highs_mip(
    network: Network,
    policy: Policy | None = None,
    *,
    progress=None,
    warm_start: Plan | None = None,
    stop=None,
) -> Plan:
    """The whole planning model as one MIP, solved by HiGHS within ``policy.time_limit``.

    The second outside peer: the same exact model as mentornet's relaxation
    (:class:`mentornet.solvers.relaxation.LpModel`, integrality kept) on
    the pruned candidate graph, solved by HiGHS' branch and cut with no
    start and no help. Its status is OPTIMAL when HiGHS proved it; its bound
    is HiGHS' own dual bound (valid for the pruned graph).
    """
    from mentornet.solvers.cpsat.guided import Tracker
    from mentornet.solvers.relaxation import LpModel

    started = time.perf_counter()
    policy = policy or Policy()
    cg = build_candidates(network, policy)
    lp = LpModel(cg)
    tracker = Tracker(progress, started)
    res = lp.solve(integral=True, time_limit=max(0.01, policy.time_limit - (time.perf_counter() - started)),
                   stop=stop, on_solution=tracker.incumbent)
    if res.value is None:
        raise InfeasibleError([]) if res.status == "Infeasible" else _no_plan(res.status)
    on = np.nonzero(res.x >= 0.5)[0]
    chosen = lp.edge_rows[on].tolist()
    ranks = {}
    for i, (s, d) in enumerate(zip(cg.teams["school"].tolist(), cg.teams["direction"].tolist())):
        cols = lp.rank_col.get(i)
        ranks[(s, d)] = int(lp.t_lo[i]) if cols is None else max(cols, key=lambda r: res.aux[cols[r]])
    # curators: the group counts handed out need by need; needs with one limited curator get it
    curators: dict[int, str | None] | None = None
    if lp.scopes is not None and any(c.max_teams is not None for c in network.curators):
        left = {scope: {c: round(float(res.aux[col])) for c, col in cols.items()} for scope, (_r, cols) in lp.curator_groups.items()}
        load: dict[str, int] = defaultdict(int)
        curators = {}
        pending = []
        for k in on.tolist():
            i = int(lp.it[k])
            scope = lp.scopes.get((int(lp.t_school[i]), int(lp.t_dir[i])), ())
            limited = [c for c in scope if network.curator_by_id[c].max_teams is not None]
            if scope and len(limited) == len(scope) == 1:
                curators[int(lp.edge_rows[k])] = scope[0]
                load[scope[0]] += 1
            elif scope in left:
                c = next((c for c in sorted(left[scope]) if left[scope][c] > 0), scope[0])
                left[scope][c] = left[scope].get(c, 0) - 1
                curators[int(lp.edge_rows[k])] = c
                load[c] += 1
            else:
                pending.append(k)
        for k in pending:
            i = int(lp.it[k])
            scope = lp.scopes.get((int(lp.t_school[i]), int(lp.t_dir[i])), ())
            free = [c for c in scope if network.curator_by_id[c].max_teams is None] or list(scope)
            c = min(free, key=lambda c: (load[c], c))
            curators[int(lp.edge_rows[k])] = c
            load[c] += 1
    total, parts = plan_objective(cg, ranks, chosen, {r: (c,) if c else () for r, c in (curators or {}).items()})
    bound = None if res.mip_bound is None else float(np.floor(res.mip_bound + 1e-6))
    stats = SolverStats(
        name=HIGHS_MIP_NAME, status="OPTIMAL" if res.status == "Optimal" else "FEASIBLE", objective=float(total),
        bound=bound, gap=None if bound is None else abs(bound - total) / max(1.0, abs(total)),
        seconds=round(time.perf_counter() - started, 4), objective_parts=parts, highs_status=res.status,
    )
    return assemble_plan(cg, ranks, chosen, stats, curators=curators,
                         extra_metrics={"objective_parts": parts, "objective": total})


def _no_plan(status: str) -> Exception:
    from mentornet.errors import SolverError

    return SolverError(f"HiGHS found no plan ({status})")
