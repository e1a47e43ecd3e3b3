"""The planning objective: one definition per goal, used by every solver and report.

Each goal is an :class:`~mentornet.solvers.objective.base.ObjectiveTerm`
registered here (:mod:`~mentornet.solvers.objective.terms` defines the
built-in ones: ``coverage``, ``gain``, ``context``, ``travel``,
``continuity``, ``school_mentors``, ``mutual``, ``balance``). The same term
object

* posts itself into the CP-SAT model (:mod:`mentornet.solvers.cpsat.model`);
* gives the min-cost-flow arc costs where it is linear
  (:func:`edge_values`, :func:`need_value`, :func:`mentor_bonus`, used by
  :mod:`mentornet.solvers.assignment` for the flow baseline and CP-SAT's
  warm start);
* evaluates a finished plan (:func:`plan_objective` on index-level
  decisions, :func:`evaluate_plan` on a :class:`~mentornet.model.Plan`).

The objective is the sum of the terms' values. Adding a goal is one class
(subclass :class:`Term`, or :class:`EdgeTerm` for a value per pair) plus
its weight in :class:`~mentornet.model.Weights`, then
:func:`register_term`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from mentornet.errors import SolverError
from mentornet.graph.candidates import CandidateGraph, build_candidates
from mentornet.model import Network, Plan, Policy
from mentornet.solvers.objective.base import (
    Decisions,
    EdgeTerm,
    ModelView,
    ObjectiveTerm,
    Term,
    register_term,
    registered_term,
    registered_terms,
    unregister_term,
)
from mentornet.solvers.objective.terms import BUILTIN_TERMS

__all__ = [
    "OBJECTIVE_PARTS",
    "Decisions",
    "EdgeTerm",
    "ModelView",
    "ObjectiveTerm",
    "Term",
    "edge_values",
    "evaluate_plan",
    "mentor_bonus",
    "need_value",
    "objective_parts",
    "plan_objective",
    "register_term",
    "registered_term",
    "registered_terms",
    "unregister_term",
]

for _term in BUILTIN_TERMS:
    register_term(_term)

#: Names of the built-in terms, in reporting order (:func:`objective_parts`
#: also lists terms registered later).
OBJECTIVE_PARTS: tuple[str, ...] = tuple(t.name for t in BUILTIN_TERMS)


def objective_parts() -> tuple[str, ...]:
    """Names of the registered terms, in reporting order."""
    return tuple(t.name for t in registered_terms())


def plan_objective(
    cg: CandidateGraph,
    ranks: Mapping[tuple[int, int], int],
    chosen: Iterable[int],
    curators: Mapping[int, tuple[str, ...]] | None = None,
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
    curators : mapping, optional
        ``row -> curator ids`` of the chosen edges (for the curator terms).

    Returns
    -------
    (int, dict)
        The total and ``{part: value}`` for every registered term
        (weighted; the values sum to the total).
    """
    decisions = Decisions(cg, ranks, np.fromiter((int(e) for e in chosen), dtype=np.int64), curators)
    parts = {t.name: int(t.evaluate(decisions)) for t in registered_terms()}
    return int(sum(parts.values())), parts


def evaluate_plan(network: Network, plan: Plan, policy: Policy | None = None) -> tuple[int, dict[str, int]]:
    """The objective of a finished plan (by ids), and its parts.

    The plan's pairs are looked up in a fresh, unpruned candidate graph of
    ``network`` under ``policy`` (the edge score parts live there): the
    optimising planner prices pairs in from beyond the pruned graph, so a
    plan's pair may lie outside it and still be a valid candidate.

    Raises
    ------
    SolverError
        A pair of the plan is not a candidate pair under this policy (a
        hand-made pair the policy's rules forbid), or a team has
        no role in the plan.
    """
    cg = build_candidates(network, policy or Policy(), prune=False)
    s_idx, d_idx = cg.school_index, cg.direction_index
    edges = cg.edges
    rows = {(m, t, d): i for i, (m, t, d) in enumerate(zip(edges["mentor"].tolist(), edges["trainee"].tolist(), edges["direction"].tolist()))}
    chosen = []
    missing = []
    curators: dict[int, tuple[str, ...]] = {}
    for p in plan.pairs:
        key = (s_idx.get(p.mentor, -1), s_idx.get(p.trainee, -1), d_idx.get(p.direction, -1))
        if key in rows:
            chosen.append(rows[key])
            curators[rows[key]] = p.all_curators
        else:
            missing.append(f"{p.mentor} → {p.trainee} in {p.direction}")
    if missing:
        raise SolverError(f"cannot evaluate the plan: {len(missing)} pair(s) are not candidate pairs: {', '.join(missing[:5])}")
    ranks = {(s_idx[r.school], d_idx[r.direction]): r.role.rank for r in plan.roles if r.school in s_idx and r.direction in d_idx}
    lacking = [(cg.schools[t], cg.directions[d]) for t, d in zip(edges["trainee"].to_numpy()[chosen], edges["direction"].to_numpy()[chosen])
               if (int(t), int(d)) not in ranks]
    if lacking:
        raise SolverError(f"cannot evaluate the plan: trainee team(s) without a role: {lacking[:5]}")
    return plan_objective(cg, ranks, chosen, curators)


def edge_values(cg: CandidateGraph) -> np.ndarray:
    """Σ over the terms of their linear value per candidate edge (row of ``cg.edges``)."""
    total = np.zeros(len(cg.edges), dtype=np.int64)
    for t in registered_terms():
        v = t.edge_values(cg)
        if v is not None:
            total += np.asarray(v, dtype=np.int64)
    return total


def need_value(cg: CandidateGraph, school: int, rank: int) -> int:
    """Σ over the terms of the value of covering a need of ``school`` at ``rank``."""
    return int(sum(t.need_value(cg, school, rank) for t in registered_terms()))


def mentor_bonus(cg: CandidateGraph) -> int:
    """Σ over the terms of the reward for a mentor's first trainee (concave per mentor)."""
    return int(sum(t.mentor_bonus(cg) for t in registered_terms()))
