"""The programme's indicators (показатели эффективности), year by year.

Seed 003 judges a mutual-internship programme by direct indicators — the
share of school teams whose professional deficits decreased, open
internship sites, staff who completed internships, events held, schools in
the network — and indirectly by the share of low-results schools.
:func:`programme_indicators` computes them from each year's network, plan
and outcomes, for the whole programme and per direction, municipality and
site. Every indicator has a one-line definition (:data:`INDICATORS`, message
codes ``indicator.<name>``, rendered per language by
:func:`indicator_definitions`).

**Deficit decreased.** A *deficit* is a team (school, direction) whose role
in the year's plan is below leader (promising or hidden reserve). It
*decreased* when the year's outcome gives a level above that role, or a
score at least ``Policy.deficit_step`` points (default 10) above the team's
score at the start of the year. A deficit whose outcome is missing, or
gives nothing comparable, is *unknown*: it counts in neither part of the
share, and the number of such teams is an indicator of its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd

from mentornet.i18n import Message
from mentornet.messages import MESSAGES
from mentornet.model import Level, Network, Plan, Policy, Results, YearOutcomes

__all__ = [
    "INDICATORS",
    "ProgrammeYear",
    "deficit_status",
    "indicator_definitions",
    "programme_indicators",
    "role_transitions",
]

#: Every indicator and its one-line definition (English msgid of the message ``indicator.<name>``).
INDICATORS: dict[str, str] = {
    code.removeprefix("indicator."): msg.msgid for code, msg in MESSAGES.items() if code.startswith("indicator.")
}

Scope = Literal["programme", "direction", "municipality", "site"]

#: The columns of :func:`programme_indicators`' table.
COLUMNS = ("year", "scope", "group", "indicator", "value", "numerator", "denominator")


@dataclass(frozen=True)
class ProgrammeYear:
    """One year of a programme: its network, its plan and, once the year is over, its outcomes."""

    network: Network
    plan: Plan
    outcomes: YearOutcomes | None = None
    year: int | None = None

    @property
    def label(self) -> int:
        """The year: given, else the outcomes', else the network's, else 0."""
        for y in (self.year, self.outcomes.year if self.outcomes else None, self.network.year):
            if y is not None:
                return int(y)
        return 0


def indicator_definitions(lang: str = "en") -> dict[str, str]:
    """``{indicator: one-line definition}`` in ``lang``."""
    return {k: Message(code=f"indicator.{k}").render(lang) for k in INDICATORS}


def deficit_status(year: ProgrammeYear, policy: Policy | None = None) -> dict[tuple[str, str], bool | None]:
    """Every deficit of a year and whether it decreased (``None``: unknown).

    Parameters
    ----------
    year : ProgrammeYear
    policy : Policy, optional
        Its ``deficit_step`` is the score rise that counts as a decrease.

    Returns
    -------
    dict
        ``(school, direction) -> True | False | None`` for every team whose
        role in the plan is promising or hidden reserve.
    """
    step = (policy or Policy()).deficit_step
    out: dict[tuple[str, str], bool | None] = {}
    outcome_of = year.outcomes.outcome_of if year.outcomes is not None else {}
    for r in year.plan.roles:
        if r.role is Level.leader:
            continue
        key = (r.school, r.direction)
        o = outcome_of.get(key)
        comp = year.network.competence_of.get(key)
        before = comp.score if comp is not None else None
        verdicts: list[bool] = []
        if o is not None and o.level_after is not None:
            verdicts.append(o.level_after.rank > r.role.rank)
        if o is not None and o.score_after is not None and before is not None:
            verdicts.append(o.score_after - before >= step)
        out[key] = any(verdicts) if verdicts else None
    return out


def _share(num: float, den: float) -> float | None:
    return num / den if den else None


def _year_rows(py: ProgrammeYear, policy: Policy | None, rows: list[dict[str, Any]]) -> None:
    """Append one year's indicator rows (see :func:`programme_indicators`)."""

    def add(year: int, scope: str, group: str, name: str, value: Any, num: Any = None, den: Any = None) -> None:
        rows.append({"year": year, "scope": scope, "group": group, "indicator": name, "value": value, "numerator": num, "denominator": den})

    y, net, plan = py.label, py.network, py.plan
    status = deficit_status(py, policy)
    has_outcomes = py.outcomes is not None
    journal = py.outcomes.journal if py.outcomes is not None else ()
    covered = {(p.trainee, p.direction) for p in plan.pairs}
    carried = set(net.history.carried_needs)
    in_pair = {p.mentor for p in plan.pairs} | {p.trainee for p in plan.pairs}
    sites = {(p.mentor, p.direction) for p in plan.pairs}

    def deficit_rows(scope: str, group: str, keep: Any) -> None:
        sub = {k: v for k, v in status.items() if keep(k)}
        sub_known = [v for v in sub.values() if v is not None]
        dec = sum(sub_known)
        if has_outcomes:
            add(y, scope, group, "deficits_decreased_share", _share(dec, len(sub_known)), dec, len(sub_known))
            add(y, scope, group, "deficits_decreased", dec)
            add(y, scope, group, "deficits_with_outcome", len(sub_known))
            add(y, scope, group, "deficits_unknown", len(sub) - len(sub_known))
        else:
            add(y, scope, group, "deficits_decreased_share", None, None, None)

    def journal_sum(field: str, keep: Any) -> int | None:
        vals = [getattr(e, field) for e in journal if getattr(e, field) is not None and keep(e)]
        return sum(vals) if vals else None

    # ---- the whole programme
    deficit_rows("programme", "", lambda k: True)
    add(y, "programme", "", "staff_trained", journal_sum("staff_trained", lambda e: True))
    add(y, "programme", "", "events", journal_sum("events", lambda e: True))
    add(y, "programme", "", "transfers", journal_sum("transfers", lambda e: True))
    add(y, "programme", "", "open_sites", len(sites))
    add(y, "programme", "", "schools", len(net.schools))
    mentoring = {p.mentor for p in plan.pairs}
    add(y, "programme", "", "schools_mentoring", len(mentoring))
    add(y, "programme", "", "involvement", _share(len(in_pair), len(net.schools)), len(in_pair), len(net.schools))
    needs = [r for r in plan.roles if r.role is not Level.leader]
    add(y, "programme", "", "needs", len(needs))
    add(y, "programme", "", "needs_covered", len(covered))
    add(y, "programme", "", "needs_deferred", len(plan.deferred))
    add(y, "programme", "", "needs_carried", len(carried))
    add(y, "programme", "", "needs_carried_met", len(carried & covered))
    with_results = [s for s in net.schools if s.results is not None]
    low = sum(s.results is Results.low for s in with_results)
    add(y, "programme", "", "low_results_share", _share(low, len(with_results)), low if with_results else None, len(with_results) or None)
    for lvl in Level:
        add(y, "programme", "", f"teams_{lvl.value}", sum(r.role is lvl for r in plan.roles))
    # ---- per direction
    for d in net.directions:
        deficit_rows("direction", d.id, lambda k, d=d: k[1] == d.id)
        add(y, "direction", d.id, "open_sites", sum(1 for s in sites if s[1] == d.id))
        add(y, "direction", d.id, "needs_covered", sum(1 for c in covered if c[1] == d.id))
        add(y, "direction", d.id, "needs_deferred", sum(1 for n in plan.deferred if n.direction == d.id))
        add(y, "direction", d.id, "events", journal_sum("events", lambda e, d=d: e.direction == d.id))
        add(y, "direction", d.id, "staff_trained", journal_sum("staff_trained", lambda e, d=d: e.direction == d.id))
        for lvl in Level:
            add(y, "direction", d.id, f"teams_{lvl.value}", sum(r.role is lvl and r.direction == d.id for r in plan.roles))
    # ---- per municipality
    for m in net.municipalities():
        members = {s.id for s in net.schools if s.municipality == m}
        deficit_rows("municipality", m, lambda k, members=members: k[0] in members)
        add(y, "municipality", m, "schools", len(members))
        add(y, "municipality", m, "schools_mentoring", len(mentoring & members))
        add(y, "municipality", m, "involvement", _share(len(in_pair & members), len(members)), len(in_pair & members), len(members))
        add(y, "municipality", m, "staff_trained", journal_sum("staff_trained", lambda e, members=members: e.school in members))
        add(y, "municipality", m, "events", journal_sum("events", lambda e, members=members: e.school in members))
    # ---- per site (a school hosting a direction)
    for school, direction in sorted(sites):
        trainees = {(p.trainee, p.direction) for p in plan.pairs if p.mentor == school and p.direction == direction}
        group = f"{school} / {direction}"
        add(y, "site", group, "trainees", len(trainees))
        deficit_rows("site", group, lambda k, trainees=trainees: k in trainees)
        add(y, "site", group, "events", journal_sum("events", lambda e, s=school, d=direction: e.school == s and e.direction in (d, None)))


def programme_indicators(years: Sequence[ProgrammeYear], policy: Policy | None = None) -> pd.DataFrame:
    """The programme's indicators per year, and per direction, municipality and site.

    Parameters
    ----------
    years : sequence of ProgrammeYear
        The programme's years, in any order.
    policy : Policy, optional
        ``deficit_step`` (default 10 points).

    Returns
    -------
    pandas.DataFrame
        Long format, one row per (year, scope, group, indicator): columns
        :data:`COLUMNS`. ``scope`` is ``programme`` (``group`` empty),
        ``direction`` (the direction id), ``municipality`` or ``site``
        (``"school / direction"``). ``value`` is ``None`` where the input
        gives nothing to count (no outcomes, no journal, no results);
        shares carry their ``numerator`` and ``denominator``.
    """
    rows: list[dict[str, Any]] = []
    for py in sorted(years, key=lambda y: y.label):
        _year_rows(py, policy, rows)
    # object columns: an unknown figure stays None (not NaN), counts stay whole numbers
    table = pd.DataFrame(rows, columns=list(COLUMNS), dtype=object)
    table["year"] = table["year"].astype(int)
    return table


def role_transitions(years: Sequence[ProgrammeYear]) -> pd.DataFrame:
    """How teams moved between leader, promising and hidden reserve from one year to the next.

    A team's role in year *t* is its role in that year's plan; its role in
    year *t + 1* is its role in the next year's plan, or — for the last year
    — the level its outcome gives. Teams with no role on one side are left
    out.

    Returns
    -------
    pandas.DataFrame
        Columns ``year_from``, ``year_to``, ``role_from``, ``role_to``, ``teams``.
    """
    ordered = sorted(years, key=lambda y: y.label)
    rows: list[dict[str, Any]] = []
    for i, py in enumerate(ordered):
        before = py.plan.role_of
        if i + 1 < len(ordered):
            after = dict(ordered[i + 1].plan.role_of)
            year_to = ordered[i + 1].label
        elif py.outcomes is not None:
            after = {k: o.level_after for k, o in py.outcomes.outcome_of.items() if o.level_after is not None}
            year_to = py.label + 1
        else:
            continue
        counts: dict[tuple[str, str], int] = {}
        for key, role in before.items():
            if key in after:
                pair = (role.value, after[key].value)
                counts[pair] = counts.get(pair, 0) + 1
        for (a, b), n in sorted(counts.items()):
            rows.append({"year_from": py.label, "year_to": year_to, "role_from": a, "role_to": b, "teams": n})
    return pd.DataFrame(rows, columns=["year_from", "year_to", "role_from", "role_to", "teams"])
