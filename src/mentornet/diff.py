"""What changed between two plans: pairs added, removed, moved; roles; metrics.

A trainee need is a (trainee, direction). Comparing plan ``a`` (before) with
plan ``b`` (after):

* **kept** — the same mentor takes the same need in both;
* **moved** — the need has a mentor in both, but another one in ``b``;
* **added** — the need has a mentor in ``b`` only;
* **removed** — the need has a mentor in ``a`` only.

``changes`` = added + removed + moved: the number of pairs a planner has to
re-arrange by hand, the figure rebalancing keeps small.

When ``b`` is a rebalanced plan (:func:`mentornet.rebalance.rebalance`),
``coverage`` puts the needs it covers beside those a fresh solve of the same
scenario covers, with the planner's allowance and a sentence saying so.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from mentornet.i18n import Message
from mentornet.model import Level, Plan
from mentornet.names import natural_key

__all__ = ["CoverageCheck", "MetricChange", "MovedPair", "NeedRef", "PairRef", "PlanDiff", "RoleChange", "diff_plans"]

_F = ConfigDict(frozen=True)


class PairRef(BaseModel):
    model_config = _F
    mentor: str
    trainee: str
    direction: str


class NeedRef(BaseModel):
    """A trainee need: a school learning in a direction."""

    model_config = _F
    school: str
    direction: str


class MovedPair(BaseModel):
    """Same trainee and direction, another mentor."""

    model_config = _F
    trainee: str
    direction: str
    mentor_before: str
    mentor_after: str


class RoleChange(BaseModel):
    """A team's role before and after (``None``: the team is not in that plan)."""

    model_config = _F
    school: str
    direction: str
    before: Level | None
    after: Level | None


class MetricChange(BaseModel):
    model_config = _F
    before: float | int | None
    after: float | int | None
    delta: float | int | None


class CoverageCheck(BaseModel):
    """A rebalanced plan's coverage beside a fresh solve's of the same scenario."""

    model_config = _F
    covered: int
    fresh_covered: int
    allowance: int = 0
    shortfall: int = 0
    stage: str | None = None
    note: Message

    @classmethod
    def of(cls, plan: Plan) -> CoverageCheck | None:
        """The check recorded in ``plan.rebalance`` (``None`` for a plan that is not a rebalance)."""
        info = (plan.model_extra or {}).get("rebalance") or {}
        if "fresh_covered" not in info:
            return None
        covered = len({(p.trainee, p.direction) for p in plan.pairs})
        fresh, allowance = int(info["fresh_covered"]), int(info.get("coverage_allowance") or 0)
        shortfall = max(0, fresh - covered)
        if shortfall:
            note = Message(code="rebalance.coverage_shortfall",
                           params={"n": shortfall, "covered": covered, "fresh": fresh, "allowance": allowance})
        else:
            note = Message(code="rebalance.coverage", params={"covered": covered, "fresh": fresh})
        return cls(covered=covered, fresh_covered=fresh, allowance=allowance, shortfall=shortfall, stage=info.get("stage"), note=note)


class PlanDiff(BaseModel):
    """The difference between two plans (``a`` before, ``b`` after)."""

    model_config = _F
    kept: int
    added: tuple[PairRef, ...] = ()
    removed: tuple[PairRef, ...] = ()
    moved: tuple[MovedPair, ...] = ()
    roles_changed: tuple[RoleChange, ...] = ()
    deferred_added: tuple[NeedRef, ...] = ()
    deferred_removed: tuple[NeedRef, ...] = ()
    schools_added: tuple[str, ...] = ()
    schools_removed: tuple[str, ...] = ()
    metrics: dict[str, MetricChange] = {}
    changes: int = 0
    coverage: CoverageCheck | None = None

    def summary(self, lang: str = "en") -> str:
        """One line: ``3 pairs added, 1 removed, 2 moved (6 changes), 40 kept``.

        For a rebalanced ``b`` the line ends with its coverage beside a
        fresh solve's (in ``lang``).
        """
        line = (
            f"{len(self.added)} pairs added, {len(self.removed)} removed, {len(self.moved)} moved "
            f"({self.changes} changes), {self.kept} kept; {len(self.roles_changed)} roles changed"
        )
        return line if self.coverage is None else f"{line}; {self.coverage.note.render(lang)}"


def _scalar(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def _two(key: tuple[str, str]) -> tuple:
    """(school, direction) in natural order: № 2 before № 10."""
    return (natural_key(key[0]), natural_key(key[1]))


def _pair_key(item: tuple[tuple[str, str], str]) -> tuple:
    return _two(item[0])


def diff_plans(a: Plan, b: Plan) -> PlanDiff:
    """Compare plan ``a`` (before) with plan ``b`` (after).

    Parameters
    ----------
    a, b : Plan

    Returns
    -------
    PlanDiff
        Pairs added, removed and moved, roles changed, deferred needs that
        appeared or went away, and every numeric metric before → after.
    """
    before = {(p.trainee, p.direction): p.mentor for p in a.pairs}
    after = {(p.trainee, p.direction): p.mentor for p in b.pairs}
    kept = 0
    added, removed, moved = [], [], []
    for (t, d), m in sorted(after.items(), key=_pair_key):
        if (t, d) not in before:
            added.append(PairRef(mentor=m, trainee=t, direction=d))
        elif before[(t, d)] == m:
            kept += 1
        else:
            moved.append(MovedPair(trainee=t, direction=d, mentor_before=before[(t, d)], mentor_after=m))
    for (t, d), m in sorted(before.items(), key=_pair_key):
        if (t, d) not in after:
            removed.append(PairRef(mentor=m, trainee=t, direction=d))

    ra, rb = a.role_of, b.role_of
    roles = [
        RoleChange(school=s, direction=d, before=ra.get((s, d)), after=rb.get((s, d)))
        for s, d in sorted(set(ra) | set(rb), key=_two)
        if ra.get((s, d)) != rb.get((s, d))
    ]
    da = {(x.school, x.direction) for x in a.deferred}
    db = {(x.school, x.direction) for x in b.deferred}
    schools_a = {r.school for r in a.roles}
    schools_b = {r.school for r in b.roles}

    metrics: dict[str, MetricChange] = {}
    for key in list(a.metrics) + [k for k in b.metrics if k not in a.metrics]:
        va, vb = a.metrics.get(key), b.metrics.get(key)
        if (va is None or _scalar(va)) and (vb is None or _scalar(vb)) and not (va is None and vb is None):
            delta = vb - va if va is not None and vb is not None else None
            if isinstance(delta, float):
                delta = round(delta, 6)
            metrics[key] = MetricChange(before=va, after=vb, delta=delta)

    return PlanDiff(
        kept=kept,
        added=tuple(added),
        removed=tuple(removed),
        moved=tuple(moved),
        roles_changed=tuple(roles),
        deferred_added=tuple(NeedRef(school=s, direction=d) for s, d in sorted(db - da, key=_two)),
        deferred_removed=tuple(NeedRef(school=s, direction=d) for s, d in sorted(da - db, key=_two)),
        schools_added=tuple(sorted(schools_b - schools_a, key=natural_key)),
        schools_removed=tuple(sorted(schools_a - schools_b, key=natural_key)),
        metrics=metrics,
        changes=len(added) + len(removed) + len(moved),
        coverage=CoverageCheck.of(b),
    )
