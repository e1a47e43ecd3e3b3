"""Outcomes of a plan: a team's year-end record per direction, entered by form, API or XLSX; the journal's counts.

At the end of a year the planner records, per team (school, direction) of a
plan, the team's new self-assessment — a score 0..100 and/or a level — and
optionally an expert rating. The internship journal of the plan's network
gives the year's counts (events per site, staff trained, transfers). Both are
the year's record that the programme's indicators and next year's network are
computed from (:mod:`mentornet.services.programmes`).

The journal of a year comes from one source only, never from both: the
journal sheet of the plan's outcomes workbook, when one was uploaded with
lines, is the complete journal of the year and supersedes the events and
transfers recorded one by one for the network; without such a sheet the
events and transfers recorded one by one are the journal. The sheet is the
year-end summary of the same internships the running entries log, so adding
the two would count them twice; which source was used and what the other
held is reported (:func:`year_journal`), so nothing is dropped silently.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentornet.db import JournalCountRow, JournalEventRow, JournalTransferRow, OutcomeRow, PlanRow
from mentornet.errors import InvalidRequestError
from mentornet.model import Level
from mentornet.services.common import get, plan_inputs
from mentornet.services.files import MEDIA, FileOut

__all__ = [
    "OUTCOME_FIELDS",
    "journal_counts",
    "list_outcomes",
    "journal_entries",
    "outcome_rows_as_dicts",
    "outcomes_template",
    "set_outcomes",
    "teams_of",
    "upload_outcomes",
    "year_journal",
    "year_outcomes",
]

#: What an outcome records besides its team.
OUTCOME_FIELDS = ("score", "level", "expert_rating")
#: The stored columns as the fields of :class:`mentornet.model.Outcome`.
MODEL_FIELDS = {"score": "score_after", "level": "level_after", "expert_rating": "expert_rating"}


def teams_of(session: Session, plan_id: int) -> list[dict[str, Any]]:
    """The plan's teams (school, direction, the role planned), in the order of the plan's roles."""
    network, _policy, plan = plan_inputs(get(session, PlanRow, plan_id))
    sn = {s.id: s.label for s in network.schools}
    dn = {d.id: d.label for d in network.directions}
    return [{"school": r.school, "school_name": sn.get(r.school, r.school), "direction": r.direction,
             "direction_name": dn.get(r.direction, r.direction), "role": r.role.value} for r in plan.roles]


def list_outcomes(session: Session, plan_id: int) -> list[OutcomeRow]:
    """The outcomes recorded for a plan, by school and direction."""
    get(session, PlanRow, plan_id)
    return list(session.scalars(select(OutcomeRow).where(OutcomeRow.plan_id == plan_id)
                                .order_by(OutcomeRow.school, OutcomeRow.direction)))


def outcome_rows_as_dicts(rows: list[OutcomeRow]) -> list[dict[str, Any]]:
    return [{"school": r.school, "direction": r.direction, **{f: getattr(r, f) for f in OUTCOME_FIELDS}} for r in rows]


def _problem(index: int, field: str, message: str, where: str = "body") -> dict[str, Any]:
    return {"location": {"field": f"outcomes[{index}].{field}"}, "where": f"{where}, outcomes[{index}].{field}", "message": message}


def _check(items: list[dict[str, Any]], teams: set[tuple[str, str]]) -> list[dict[str, Any]]:
    """Every problem of the items (an unknown team, a score out of range, an unknown level, a duplicate)."""
    errors: list[dict[str, Any]] = []
    seen: dict[tuple[str, str], int] = {}
    levels = {lvl.value for lvl in Level}
    for i, item in enumerate(items):
        key = (str(item.get("school") or ""), str(item.get("direction") or ""))
        if key not in teams:
            errors.append(_problem(i, "school", f"school '{key[0]}' has no team in direction '{key[1]}' in this plan"))
        if key in seen:
            errors.append(_problem(i, "direction", f"a second outcome for school '{key[0]}' in direction '{key[1]}' (first: outcomes[{seen[key]}])"))
        seen.setdefault(key, i)
        for field in ("score", "expert_rating"):
            v = item.get(field)
            if v is not None and not (isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 100):
                errors.append(_problem(i, field, f"{v!r} is out of range; expected a number from 0 to 100"))
        for field in ("level",):
            v = item.get(field)
            if v is not None and v not in levels:
                errors.append(_problem(i, field, f"unknown level {v!r}; expected one of {', '.join(sorted(levels))}"))
    return errors


def set_outcomes(session: Session, plan_id: int, items: list[dict[str, Any]], *, replace: bool = False) -> list[OutcomeRow]:
    """Record outcomes of a plan's teams (a team's earlier record is overwritten; ``replace`` drops the others).

    An item whose score, level and expert rating are all empty removes that
    team's record (unknown stays unknown). Nothing is stored unless every item
    is valid.

    Raises
    ------
    NotFoundError
        No such plan.
    InvalidRequestError
        Every problem of the items, each with its place (``outcomes[i].field``).
    """
    row = get(session, PlanRow, plan_id)
    teams = {(t["school"], t["direction"]) for t in teams_of(session, plan_id)}
    errors = _check(items, teams)
    if errors:
        raise InvalidRequestError("Invalid outcomes", f"{len(errors)} problem(s) in the outcomes; nothing was stored",
                                  kind="invalid-input", errors=errors)
    existing = {(o.school, o.direction): o for o in session.scalars(select(OutcomeRow).where(OutcomeRow.plan_id == plan_id))}
    given: set[tuple[str, str]] = set()
    for item in items:
        key = (item["school"], item["direction"])
        given.add(key)
        values = {f: item.get(f) for f in OUTCOME_FIELDS}
        values = {f: (float(v) if f != "level" and v is not None else v) for f, v in values.items()}
        current = existing.get(key)
        if all(v is None for v in values.values()):
            if current is not None:
                session.delete(current)
            continue
        if current is None:
            session.add(OutcomeRow(plan_id=plan_id, network_id=row.network_id, school=key[0], direction=key[1], **values))
        else:
            for f, v in values.items():
                setattr(current, f, v)
    if replace:
        for key, current in existing.items():
            if key not in given:
                session.delete(current)
    session.commit()
    return list_outcomes(session, plan_id)


def upload_outcomes(session: Session, plan_id: int, filename: str, data: bytes, *, replace: bool = True) -> list[OutcomeRow]:
    """Record the outcomes of a filled outcomes workbook (:func:`mentornet.io.outcomes.read_outcomes`).

    Raises
    ------
    InputError
        Problems of the file, each with file, sheet, row and column; nothing is stored.
    InvalidRequestError
        Outcomes of teams the plan does not have.
    """
    from mentornet.io.outcomes import read_outcomes

    row = get(session, PlanRow, plan_id)
    network, _policy, _plan = plan_inputs(row)
    with tempfile.TemporaryDirectory(prefix="mentornet-outcomes-") as tmp:
        path = Path(tmp) / (Path(filename).name or "outcomes.xlsx")
        path.write_bytes(data)
        record = read_outcomes(path, network=network, year=network.year, name=network.name)
    items = [{"school": o.school, "direction": o.direction,
              **{f: _value(getattr(o, m)) for f, m in MODEL_FIELDS.items()}} for o in record.outcomes]
    rows = set_outcomes(session, plan_id, items, replace=replace)
    # the workbook's journal sheet replaces the journal counts given with earlier uploads; with lines it is the
    # year's whole journal (year_journal), an empty one leaves the entries recorded one by one as the journal
    for old in session.scalars(select(JournalCountRow).where(JournalCountRow.plan_id == plan_id)):
        session.delete(old)
    for e in record.journal:
        session.add(JournalCountRow(plan_id=plan_id, school=e.school, direction=e.direction, events=e.events,
                                    staff_trained=e.staff_trained, transfers=e.transfers))
    session.commit()
    return rows


def _value(v: Any) -> Any:
    return getattr(v, "value", v)


def year_outcomes(session: Session, plan_id: int) -> Any:
    """The plan's year record as the library's :class:`mentornet.model.YearOutcomes`: outcomes and journal counts.

    The journal is the year's one source (:func:`year_journal`). None when nothing is recorded (no outcome and no journal entry): an
    unrecorded year is unknown, not a year without change.
    """
    from mentornet.model import JournalEntry, Outcome, YearOutcomes

    row = get(session, PlanRow, plan_id)
    network = plan_inputs(row)[0]
    outcomes = [Outcome(school=o.school, direction=o.direction, **{m: getattr(o, f) for f, m in MODEL_FIELDS.items()})
                for o in list_outcomes(session, plan_id)]
    journal = year_journal(session, row.network_id, plan_id)["lines"]
    if not outcomes and not journal:
        return None
    return YearOutcomes(network=network.name or "network", year=network.year or row.created_at.year, outcomes=tuple(outcomes),
                        journal=tuple(JournalEntry(**j) for j in journal))


def journal_entries(session: Session, network_id: int) -> list[dict[str, Any]]:
    """The journal of a network summed per school (the lines of :class:`mentornet.model.JournalEntry`).

    Once the journal is kept (any event or transfer), a school's events and
    transfers are counts (0 when none is recorded); staff trained stays None
    where no event of the school records it.
    """
    events = list(session.scalars(select(JournalEventRow).where(JournalEventRow.network_id == network_id)))
    transfers = list(session.scalars(select(JournalTransferRow).where(JournalTransferRow.network_id == network_id)))
    lines: dict[str, dict[str, Any]] = {}

    def line(school: str) -> dict[str, Any]:
        return lines.setdefault(school, {"school": school, "events": 0, "staff_trained": None, "transfers": 0})

    for e in events:
        entry = line(e.school)
        entry["events"] += 1
        if e.staff_trained is not None:
            entry["staff_trained"] = (entry["staff_trained"] or 0) + e.staff_trained
    for t in transfers:
        line(t.team)["transfers"] += 1
    return [lines[k] for k in sorted(lines)]


def outcomes_template(session: Session, plan_id: int, lang: str = "ru") -> FileOut:
    """The outcomes workbook of the plan's teams to fill in (:func:`mentornet.io.outcomes.write_outcomes_template`)."""
    from mentornet.io.outcomes import write_outcomes_template

    network, _policy, plan = plan_inputs(get(session, PlanRow, plan_id))
    with tempfile.TemporaryDirectory(prefix="mentornet-outcomes-") as tmp:
        path = write_outcomes_template(network, plan, Path(tmp) / "outcomes.xlsx", lang="en" if lang == "en" else "ru", year=network.year)
        return FileOut(Path(path).read_bytes(), f"outcomes-plan-{plan_id}.xlsx", MEDIA["xlsx"])


def year_journal(session: Session, network_id: int, plan_id: int | None = None) -> dict[str, Any]:
    """The year's journal from its one source, and what the other source held.

    The plan's journal sheet (the lines given with its outcomes workbook) is
    the complete journal of the year when it has any line; it then
    supersedes the events and transfers recorded one by one for the network,
    which are counted in ``set_aside`` instead of being added (the sheet
    summarises the same internships, so adding them would count them twice).
    Without a sheet the entries recorded one by one are the journal.

    Returns
    -------
    dict
        ``source`` — ``"sheet"``, ``"entries"`` or None (no journal at all);
        ``lines`` — the journal's lines (the fields of
        :class:`mentornet.model.JournalEntry`); ``set_aside`` — the events and
        transfers recorded one by one that the sheet superseded (both 0 unless
        the source is the sheet).
    """
    sheet = [{"school": j.school, "direction": j.direction, "events": j.events, "staff_trained": j.staff_trained,
              "transfers": j.transfers}
             for j in session.scalars(select(JournalCountRow).where(JournalCountRow.plan_id == plan_id)
                                      .order_by(JournalCountRow.id))] if plan_id is not None else []
    entries = journal_entries(session, network_id)
    if sheet:
        set_aside = {"events": sum(e["events"] for e in entries), "transfers": sum(e["transfers"] for e in entries)}
        return {"source": "sheet", "lines": sheet, "set_aside": set_aside}
    return {"source": "entries" if entries else None, "lines": entries, "set_aside": {"events": 0, "transfers": 0}}


def journal_counts(session: Session, network_id: int, plan_id: int | None = None) -> dict[str, Any]:
    """The journal's counts of a year: events per site, staff trained, transfers, and their source.

    The counts come from the year's one source (:func:`year_journal`): the
    plan's journal sheet (``plan_id``) when it has lines, else the events and
    transfers recorded one by one for the network. ``staff_trained`` is the
    sum over the lines that record it, None when none does; events and
    transfers are None while the year has no journal at all (unknown, not
    zero). ``source`` names the source used; ``set_aside_events`` and
    ``set_aside_transfers`` count the entries recorded one by one that a
    sheet superseded.
    """
    journal = year_journal(session, network_id, plan_id)
    lines = journal["lines"]
    per_site: Counter[str] = Counter()
    for j in lines:
        if j["events"]:
            per_site[j["school"]] += j["events"]
    staff = [j["staff_trained"] for j in lines if j["staff_trained"] is not None]
    kept = journal["source"] is not None
    return {
        "events": sum(per_site.values()) if kept else None,
        "events_per_site": dict(sorted(per_site.items())),
        "sites_with_events": len(per_site),
        "staff_trained": sum(staff) if staff else None,
        "transfers": sum(j["transfers"] or 0 for j in lines) if kept else None,
        "source": journal["source"],
        "set_aside_events": journal["set_aside"]["events"],
        "set_aside_transfers": journal["set_aside"]["transfers"],
    }
