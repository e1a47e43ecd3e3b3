"""Roles by bands: the one rule that fixes a rank per team without optimising.

A level or a role lock fixes a team's role. A score inside an ambiguous
band (two allowed roles) takes the role of the plain thresholds, margins
ignored: ``score >= leader_min_score`` is a leader, ``score <
reserve_max_score`` a hidden reserve, anything between promising — clipped
to the allowed interval. A team without a score takes its highest allowed
role. The baselines plan with these roles; CP-SAT's warm start starts
from them.
"""

from __future__ import annotations

import numpy as np

from mentornet.graph.candidates import CandidateGraph

__all__ = ["band_rank_array", "band_ranks"]


def band_rank_array(cg: CandidateGraph) -> np.ndarray:
    """One rank per team row of ``cg.teams`` (2 leader, 1 promising, 0 hidden reserve)."""
    pol = cg.policy
    t = cg.teams
    score = t["score"].to_numpy(dtype=float)
    lo, hi = t["rank_min"].to_numpy(dtype=np.int64), t["rank_max"].to_numpy(dtype=np.int64)
    nominal = np.where(score >= pol.leader_min_score, 2, np.where(score < pol.reserve_max_score, 0, 1))
    ranks = np.clip(nominal, lo, hi)
    # Fixed roles and teams without a score take their highest allowed role.
    return np.where((lo == hi) | np.isnan(score), hi, ranks).astype(np.int64)


def band_ranks(cg: CandidateGraph) -> dict[tuple[int, int], int]:
    """:func:`band_rank_array` keyed by ``(school, direction)`` indices."""
    t = cg.teams
    return {(int(s), int(d)): int(r) for s, d, r in zip(t["school"].tolist(), t["direction"].tolist(), band_rank_array(cg).tolist())}
