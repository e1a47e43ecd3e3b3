"""Why CP-SAT found no plan: the constraint groups that cannot hold together.

When CP-SAT proves the hard constraints contradictory (after the counting
checks of :func:`mentornet.solvers.feasibility.precheck` found nothing),
the model is rebuilt (:func:`mentornet.solvers.cpsat.model.build` with
``explain=True``) with one assumption literal per constraint group (a
school's involvement, a direction's per-mentor cap, a school's host
capacity, a school's yearly trainee limit, a curator's limit, a locked
pair) and ``SufficientAssumptionsForInfeasibility`` names the groups that
conflict; the set is shrunk to a minimal one when it is small, and turned
into a :class:`~mentornet.errors.Conflict` with a suggestion per group.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from typing import Any

from ortools.sat.python import cp_model

from mentornet.errors import Conflict
from mentornet.graph.candidates import CandidateGraph
from mentornet.i18n import Message
from mentornet.solvers.cpsat.model import build
from mentornet.solvers.feasibility import (
    KIND_CAPACITY,
    KIND_CURATOR,
    KIND_HOST,
    KIND_INVOLVEMENT,
    KIND_LIMIT,
    KIND_LOCK,
    _dname,
    _listed,
    _sname,
)

__all__ = ["describe_groups", "explain_infeasible"]

log = logging.getLogger(__name__)


def describe_groups(cg: CandidateGraph, groups: Iterable[tuple[Any, ...]]) -> Conflict:
    """One conflict from a set of constraint groups that cannot hold together.

    Parameters
    ----------
    groups : iterable of tuple
        ``("involve", school)``, ``("cap", direction)``, ``("host", school)``,
        ``("limit", school)``, ``("curator", curator_id)``, ``("group", direction)``,
        ``("lock", mentor, trainee, direction)`` (indices).
    """
    net, pol = cg.network, cg.policy
    groups = sorted(set(groups), key=lambda g: (_ORDER.get(g[0], 9), str(g[1:])))
    sentences: list[Message] = []
    fixes: list[Message] = []
    schools: list[str] = []
    directions: list[str] = []
    kinds = [g[0] for g in groups]
    involve = [g[1] for g in groups if g[0] == "involve"]
    if involve:
        names = [_sname(cg, s) for s in involve]
        sentences.append(Message(code="conflict.core.involve", params={"schools": _listed(names)}))
        schools += [cg.schools[s] for s in involve]
        fixes.append(Message(code="conflict.fix.core_involve", params={"schools": _listed(names, 4)}))
    for g in groups:
        kind = g[0]
        if kind == "cap":
            d = g[1]
            cap = pol.cap_of(net.directions[d])
            sentences.append(Message(code="conflict.core.cap", params={"direction": _dname(cg, d), "cap": cap}))
            fixes.append(Message(code="conflict.fix.core_cap", params={"direction": _dname(cg, d), "setting": "mentor_cap", "cap": cap}))
            directions.append(cg.directions[d])
        elif kind == "host":
            s = g[1]
            cap = pol.host_capacity_of(net.schools[s])
            sentences.append(Message(code="conflict.core.host", params={"school": _sname(cg, s), "cap": cap}))
            fixes.append(Message(code="conflict.fix.core_host", params={"setting": "host_capacity", "school": _sname(cg, s), "cap": cap}))
            schools.append(cg.schools[s])
        elif kind == "limit":
            s = g[1]
            lim = pol.max_trainee_directions_of(net.schools[s])
            sentences.append(Message(code="conflict.core.limit", params={"school": _sname(cg, s), "limit": lim}))
            fixes.append(Message(code="conflict.fix.core_limit",
                                 params={"setting": "max_trainee_directions", "school": _sname(cg, s), "limit": lim}))
            schools.append(cg.schools[s])
        elif kind == "curator":
            cur = net.curator_by_id[g[1]]
            if cur.max_teams is not None:
                sentences.append(Message(code="conflict.core.curator", params={"curator": cur.label, "limit": cur.max_teams}))
                fixes.append(Message(code="conflict.fix.core_curator",
                                     params={"curator": cur.label, "setting": "max_teams", "limit": cur.max_teams}))
            if cur.max_schools is not None:
                sentences.append(Message(code="conflict.core.curator_schools", params={"curator": cur.label, "limit": cur.max_schools}))
                fixes.append(Message(code="conflict.fix.core_curator",
                                     params={"curator": cur.label, "setting": "max_schools", "limit": cur.max_schools}))
        elif kind == "group":
            d = g[1]
            g_min = net.directions[d].min_group
            sentences.append(Message(code="conflict.core.group", params={"direction": _dname(cg, d), "limit": g_min}))
            fixes.append(Message(code="conflict.fix.core_group", params={"direction": _dname(cg, d), "setting": "group_min", "limit": g_min}))
            directions.append(cg.directions[d])
        elif kind in ("site_schools", "site_pairs"):
            site = net.sites[g[1]]
            if kind == "site_schools":
                sentences.append(Message(code="conflict.core.site_schools", params={"site": site.label, "limit": site.max_schools}))
                fixes.append(Message(code="conflict.fix.core_site", params={"setting": "max_schools", "limit": site.max_schools}))
            else:
                sentences.append(Message(code="conflict.core.site_pairs", params={"site": site.label, "limit": site.max_pairs}))
                fixes.append(Message(code="conflict.fix.core_site", params={"setting": "max_pairs", "limit": site.max_pairs}))
            schools += list(site.schools)
        elif kind == "one_site":
            s = g[1]
            sentences.append(Message(code="conflict.core.one_site", params={"school": _sname(cg, s)}))
            fixes.append(Message(code="conflict.fix.core_one_site", params={"setting": "one_site"}))
            schools.append(cg.schools[s])
        elif kind == "lock":
            m, t, d = g[1], g[2], g[3]
            pair = {"mentor": _sname(cg, m), "trainee": _sname(cg, t)}
            sentences.append(Message(code="conflict.core.lock", params={**pair, "direction": _dname(cg, d)}))
            fixes.append(Message(code="conflict.fix.core_lock", params=pair))
            schools += [cg.schools[m], cg.schools[t]]
            directions.append(cg.directions[d])
    # The directions the involved schools could take part in, for the reader.
    for s in involve:
        for row in (r for r, (ss, _) in enumerate(zip(cg.teams["school"], cg.teams["direction"])) if ss == s):
            directions.append(cg.directions[int(cg.teams.at[row, "direction"])])
    if "lock" in kinds:
        kind = KIND_LOCK
    elif "cap" in kinds:
        kind = KIND_CAPACITY
    elif "host" in kinds:
        kind = KIND_HOST
    elif "curator" in kinds:
        kind = KIND_CURATOR
    elif "group" in kinds:
        kind = "group_size"
    elif "limit" in kinds:
        kind = KIND_LIMIT
    else:
        kind = KIND_INVOLVEMENT
    return Conflict.coded(
        Message(code="conflict.core"),
        list({(m.code, tuple(sorted(m.params.items()))): m for m in fixes}.values()),
        list(dict.fromkeys(schools)),
        list(dict.fromkeys(directions)),
        kind=kind,
        details=sentences,
        fix_intro=Message(code="conflict.fix.relax_one"),
    )


_ORDER = {"lock": 0, "cap": 1, "host": 2, "curator": 3, "group": 4, "limit": 5, "involve": 6, "site_schools": 7, "site_pairs": 7,
          "one_site": 8}


def explain_infeasible(cg: CandidateGraph, *, time_limit: float = 20.0, max_conflicts: int = 3) -> list[Conflict]:
    """Name the constraint groups that conflict, using CP-SAT assumptions.

    The model is rebuilt without an objective, each constraint group behind
    an assumption literal; the solver's sufficient assumptions name a set of
    groups that cannot hold together. Small sets are shrunk to a minimal
    one (deletion filter), then the groups are relaxed and the search is
    repeated to find up to ``max_conflicts`` independent conflicts.

    Returns
    -------
    list of Conflict
        At least one conflict (a generic one if no group could be named).
    """
    built = build(cg, explain=True)
    model = built.model
    lits = built.assumptions  # group -> literal
    order = sorted(lits, key=lambda g: (_ORDER.get(g[0], 9), str(g[1:])))
    by_index = {lits[g].index: g for g in order}
    deadline = time.perf_counter() + time_limit
    relaxed: set[tuple[Any, ...]] = set()
    conflicts: list[Conflict] = []

    def run(active: list[tuple[Any, ...]]) -> tuple[Any, list[tuple[Any, ...]]]:
        model.clear_assumptions()
        model.add_assumptions([lits[g] for g in active])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = cg.policy.seed
        solver.parameters.max_time_in_seconds = max(0.5, deadline - time.perf_counter())
        status = solver.solve(model)
        core: list[tuple[Any, ...]] = []
        if status == cp_model.INFEASIBLE:
            core = [by_index[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in by_index]
        return status, core

    for _ in range(max_conflicts):
        active = [g for g in order if g not in relaxed]
        status, core = run(active)
        if status != cp_model.INFEASIBLE:
            break
        if not core:
            if not conflicts:
                conflicts.append(Conflict.coded(
                    Message(code="conflict.core.none"), [Message(code="conflict.fix.core_none")], kind="other",
                ))
            break
        # Deletion filter: drop each group in turn while the rest stays infeasible.
        if len(core) <= 24:
            needed = list(core)
            for g in list(core):
                if time.perf_counter() > deadline:
                    break
                if g not in needed:
                    continue
                trial = [h for h in needed if h != g]
                st, sub = run(trial)
                if st == cp_model.INFEASIBLE:
                    needed = sub if sub else trial
            core = needed
        conflicts.append(describe_groups(cg, core))
        relaxed.update(core)
        if time.perf_counter() > deadline:
            break
    if not conflicts:
        conflicts.append(Conflict.coded(
            Message(code="conflict.core.timeout"), [Message(code="conflict.fix.core_timeout", params={"max_km": "max_km"})],
            kind="other",
        ))
    return conflicts
