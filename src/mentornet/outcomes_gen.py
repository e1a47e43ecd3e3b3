"""SYNTHETIC year-end outcomes, drawn reproducibly from a plan: for examples and tests only.

Nothing here is observed data. :func:`generate_outcomes` plays a year of a
programme forward so that the multi-year chain (plan → outcomes → next
year → plan …) can be shown and tested where real outcomes are not
published. Every random draw comes from ``numpy.random.default_rng(seed)``;
the same network, plan, year and seed give the same outcomes.

The model, per team (school, direction) with its role in the plan:

* a **trainee covered by a mentor** moves one level up with probability
  ``P_UP_COVERED`` (0.45 for a hidden reserve, 0.35 for a promising team);
  a trainee whose need was **deferred** with probability ``P_UP_DEFERRED``
  (0.10);
* a **leader** stays a leader with probability ``P_LEADER_STAYS`` (0.95),
  else it is rated promising;
* the self-assessed **score after** is drawn uniformly inside the new
  level's band of the policy (hidden reserve 15..reserve_max_score,
  promising reserve_max_score..leader_min_score, leader
  leader_min_score..95); where the team had a score, a covered trainee
  gains N(8, 4) points and any other team N(2, 4), and the level follows
  that score's band (the nearer role inside an ambiguous band);
* an **expert rating** (score after ± N(0, 5)) for ``P_EXPERT`` (0.7) of
  the teams, the others none;
* the **journal**: each site (mentor, direction) held 2..6 events and each
  trainee team sent 1..4 staff (uniform whole numbers); each site line
  records 0 or 1 transfers (probability 0.1).
"""

from __future__ import annotations

import numpy as np

from mentornet.model import JournalEntry, Level, Network, Outcome, Plan, Policy, YearOutcomes

__all__ = ["P_EXPERT", "P_LEADER_STAYS", "P_UP_COVERED", "P_UP_DEFERRED", "generate_outcomes"]

P_UP_COVERED = {Level.hidden_reserve: 0.45, Level.promising: 0.35}
P_UP_DEFERRED = 0.10
P_LEADER_STAYS = 0.95
P_EXPERT = 0.7
_UP = {Level.hidden_reserve: Level.promising, Level.promising: Level.leader}


def _band(level: Level, policy: Policy) -> tuple[float, float]:
    if level is Level.leader:
        return policy.leader_min_score, 95.0
    if level is Level.promising:
        return policy.reserve_max_score, policy.leader_min_score - 1
    return 15.0, policy.reserve_max_score - 1


def _level_of(score: float, policy: Policy) -> Level:
    if score >= policy.leader_min_score:
        return Level.leader
    if score >= policy.reserve_max_score:
        return Level.promising
    return Level.hidden_reserve


def generate_outcomes(network: Network, plan: Plan, year: int, seed: int, policy: Policy | None = None) -> YearOutcomes:
    """SYNTHETIC outcomes of one programme year (see the module's model).

    Parameters
    ----------
    network : Network
        The network the year was planned from.
    plan : Plan
        The year's plan.
    year : int
        The year the outcomes close.
    seed : int
        Seed of every random draw.
    policy : Policy, optional
        Its role bands place the scores (defaults: 40 and 70).

    Returns
    -------
    YearOutcomes
        Every team of the plan with a level and a score after, most with an
        expert rating; journal counts per site and trainee team.
    """
    policy = policy or Policy()
    rng = np.random.default_rng(seed)
    covered = {(p.trainee, p.direction) for p in plan.pairs}
    outcomes: list[Outcome] = []
    for r in plan.roles:
        key = (r.school, r.direction)
        comp = network.competence_of.get(key)
        u = float(rng.random())
        if comp is not None and comp.score is not None and comp.level is None:
            gain = rng.normal(8.0 if key in covered else 2.0, 4.0)
            score = float(np.clip(comp.score + gain, 0, 100))
            level = _level_of(score, policy)
        else:
            if r.role is Level.leader:
                level = Level.leader if u < P_LEADER_STAYS else Level.promising
            else:
                p = P_UP_COVERED[r.role] if key in covered else P_UP_DEFERRED
                level = _UP[r.role] if u < p else r.role
            lo, hi = _band(level, policy)
            score = float(rng.uniform(lo, hi))
        rating = float(np.clip(score + rng.normal(0, 5), 0, 100)) if rng.random() < P_EXPERT else None
        outcomes.append(Outcome(school=r.school, direction=r.direction, score_after=round(score, 1), level_after=level,
                                expert_rating=None if rating is None else round(rating, 1)))
    journal: list[JournalEntry] = []
    sites = sorted({(p.mentor, p.direction) for p in plan.pairs})
    for s, d in sites:
        journal.append(JournalEntry(school=s, direction=d, events=int(rng.integers(2, 7)), transfers=int(rng.random() < 0.1)))
    for pair in sorted(plan.pairs, key=lambda q: (q.trainee, q.direction)):
        journal.append(JournalEntry(school=pair.trainee, direction=pair.direction, staff_trained=int(rng.integers(1, 5))))
    return YearOutcomes(network=network.name, year=year, outcomes=tuple(outcomes), journal=tuple(journal))
