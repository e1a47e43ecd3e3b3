"""The planning objective, evaluated in one place for every solver.

Every solver maximises (or is measured by) the same number, so that the
CP-SAT plan and the baselines can be compared term by term:

``coverage``
    Σ :func:`~mentornet.solvers._plan.coverage_value` of the covered trainee
    needs (hidden reserves weigh more than promising teams; low-results,
    adverse-condition and new schools get their extras).
``gain``, ``context``, ``travel``, ``continuity``
    Σ over the chosen pairs of the candidate edge's score parts (their sum
    is the edge score of :mod:`mentornet.graph.candidates`).
``school_mentors``
    ``weights.school_mentors`` × the number of schools that mentor in at
    least one direction.
``mutual``
    ``weights.mutual`` × the number of mutual exchanges: unordered school
    pairs {A, B} where A mentors B in one direction and B mentors A in
    another (counted once per pair of schools, however many directions).
``balance``
    ``-weights.balance`` × the load of the most loaded host (trainee teams
    it mentors, all directions).

The total is the sum of these parts. :func:`plan_objective` works on the
candidate graph's indices (what solvers hold); :func:`plan_figures` counts
a finished :class:`~mentornet.model.Plan` by ids (what the CLI reports).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from types import SimpleNamespace
from typing import Any

import numpy as np

from mentornet.graph.candidates import EDGE_PARTS, CandidateGraph
from mentornet.model import Level, Network, Plan, Policy
from mentornet.solvers._plan import coverage_value

__all__ = ["OBJECTIVE_PARTS", "handmade_figures", "plan_figures", "plan_objective"]

OBJECTIVE_PARTS = ("coverage", *EDGE_PARTS, "school_mentors", "mutual", "balance")

_RANK = {Level.leader: 2, Level.promising: 1, Level.hidden_reserve: 0}


def plan_objective(
    cg: CandidateGraph,
    ranks: Mapping[tuple[int, int], int],
    chosen: Iterable[int],
) -> tuple[int, dict[str, int]]:
    """The objective of index-level decisions, and its parts.

    Parameters
    ----------
    cg : CandidateGraph
    ranks : mapping
        ``(school, direction) -> rank`` (2 leader, 1 promising, 0 hidden
        reserve); only the trainees' ranks of chosen edges are read.
    chosen : iterable of int
        Rows of ``cg.edges`` taken as pairs.

    Returns
    -------
    (int, dict)
        The total and ``{part: value}`` for every name of
        :data:`OBJECTIVE_PARTS` (weighted; the values sum to the total).
    """
    w = cg.policy.weights
    rows = sorted({int(e) for e in chosen})
    edges = cg.edges
    parts = dict.fromkeys(OBJECTIVE_PARTS, 0)
    if not rows:
        return 0, parts
    mentor = edges["mentor"].to_numpy()[rows]
    trainee = edges["trainee"].to_numpy()[rows]
    direction = edges["direction"].to_numpy()[rows]
    for p in EDGE_PARTS:
        parts[p] = int(edges[p].to_numpy()[rows].sum())
    parts["coverage"] = int(
        sum(coverage_value(cg, int(t), int(ranks[(int(t), int(d))])) for t, d in zip(trainee, direction))
    )
    parts["school_mentors"] = int(w.school_mentors * len(set(mentor.tolist())))
    parts["mutual"] = int(w.mutual * _mutual_count(zip(mentor.tolist(), trainee.tolist())))
    load = np.bincount(mentor, minlength=len(cg.schools))
    parts["balance"] = -int(w.balance * int(load.max()))
    return int(sum(parts.values())), parts


def _mutual_count(pairs: Iterable[tuple[Any, Any]]) -> int:
    """Unordered {A, B} with A → B and B → A (in any directions)."""
    links = {(m, t) for m, t in pairs}
    return sum(1 for m, t in links if (t, m) in links and repr(m) < repr(t))


def plan_figures(network: Network, plan: Plan, policy: Policy | None = None) -> dict[str, Any]:
    """Figures of a plan for summaries and side-by-side comparison.

    Counted from the plan's ids alone (no solver internals), so any plan
    can be compared with any other.

    Returns
    -------
    dict
        ``schools``, ``schools_involved`` (in at least one pair),
        ``schools_mentoring``, ``needs`` (trainee roles), ``needs_covered``,
        ``needs_deferred``, ``weighted_deficits_covered`` (Σ coverage value
        of covered needs), ``mutual_exchanges``, ``pairs``, ``mean_km``
        (None without coordinates), ``max_host_load``.
    """
    policy = policy or Policy()
    index = {s.id: i for i, s in enumerate(network.schools)}
    shim = SimpleNamespace(policy=policy, network=network)
    mentoring = {p.mentor for p in plan.pairs}
    involved = mentoring | {p.trainee for p in plan.pairs}
    needs = [r for r in plan.roles if r.role is not Level.leader]
    covered = {(p.trainee, p.direction) for p in plan.pairs}
    role_of = plan.role_of
    weighted = 0
    for t, d in covered:
        role = role_of.get((t, d))
        if role is not None and t in index:
            weighted += coverage_value(shim, index[t], _RANK[role])  # type: ignore[arg-type]
    kms = [p.distance_km for p in plan.pairs if p.distance_km is not None]
    load: dict[str, int] = defaultdict(int)
    for p in plan.pairs:
        load[p.mentor] += 1
    return {
        "schools": len(network.schools),
        "schools_involved": len(involved),
        "schools_mentoring": len(mentoring),
        "needs": len(needs),
        "needs_covered": len(covered),
        "needs_deferred": len(plan.deferred),
        "weighted_deficits_covered": int(weighted),
        "mutual_exchanges": _mutual_count((p.mentor, p.trainee) for p in plan.pairs),
        "pairs": len(plan.pairs),
        "mean_km": round(float(np.mean(kms)), 1) if kms else None,
        "max_host_load": max(load.values(), default=0),
    }


def handmade_figures(network: Network) -> dict[str, Any] | None:
    """Figures of the hand-made plan behind a role table (levels only), else None.

    A role table has roles but no pairs: its "schools mentoring" are the
    schools that lead in at least one direction (18 of 34 in Krymsky 2021).
    """
    if not network.level_only or not network.competences:
        return None
    leaders = {c.school for c in network.competences if c.level is Level.leader}
    needs = sum(1 for c in network.competences if c.level is not Level.leader)
    return {
        "schools": len(network.schools),
        "schools_with_role": len({c.school for c in network.competences}),
        "schools_mentoring": len(leaders),
        "needs": needs,
    }
