"""Outcomes of a plan: a team's year-end record per direction, entered by form, API or XLSX; the journal's counts.

At the end of a year the planner records, per team (school, direction) of a
plan, the team's new self-assessment — a score 0..100 and/or a level — and
optionally an expert rating. The internship journal of the plan's network
gives the year's counts (events per site, staff trained, transfers). Both are
the year's record that the programme's indicators and next year's network are
computed from (:mod:`mentornet.services.programmes`).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentornet.db import JournalEventRow, JournalTransferRow, OutcomeRow, PlanRow
from mentornet.errors import InvalidRequestError
from mentornet.model import Level
from mentornet.services.common import get, plan_inputs
from mentornet.services.files import MEDIA, FileOut

__all__ = [
    "OUTCOME_FIELDS",
    "journal_counts",
    "list_outcomes",
    "outcome_rows_as_dicts",
    "outcomes_template",
    "set_outcomes",
    "teams_of",
    "upload_outcomes",
]

#: What an outcome records besides its team.
OUTCOME_FIELDS = ("score", "level", "expert_score", "expert_level")


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
        for field in ("score", "expert_score"):
            v = item.get(field)
            if v is not None and not (isinstance(v, int | float) and not isinstance(v, bool) and 0 <= v <= 100):
                errors.append(_problem(i, field, f"{v!r} is out of range; expected a number from 0 to 100"))
        for field in ("level", "expert_level"):
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
        values = {f: (float(v) if f.endswith("score") and v is not None else v) for f, v in values.items()}
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
    from mentornet.io.outcomes import read_outcomes  # type: ignore[import-not-found,unused-ignore]

    network, _policy, _plan = plan_inputs(get(session, PlanRow, plan_id))
    with tempfile.TemporaryDirectory(prefix="mentornet-outcomes-") as tmp:
        path = Path(tmp) / (Path(filename).name or "outcomes.xlsx")
        path.write_bytes(data)
        outcomes = read_outcomes(path, network)
    items = [{"school": o.school, "direction": o.direction, **{f: _value(getattr(o, f, None)) for f in OUTCOME_FIELDS}}
             for o in _outcome_items(outcomes)]
    return set_outcomes(session, plan_id, items, replace=replace)


def _outcome_items(outcomes: Any) -> list[Any]:
    """The outcomes of a :class:`mentornet.model.YearOutcomes` (or a plain list of them)."""
    items = getattr(outcomes, "outcomes", outcomes)
    return list(items)


def _value(v: Any) -> Any:
    return getattr(v, "value", v)


def outcomes_template(session: Session, plan_id: int, lang: str = "ru") -> FileOut:
    """The outcomes workbook of the plan's teams to fill in (:func:`mentornet.io.outcomes.write_outcomes_template`)."""
    from mentornet.io.outcomes import write_outcomes_template  # type: ignore[import-not-found,unused-ignore]

    network, _policy, plan = plan_inputs(get(session, PlanRow, plan_id))
    with tempfile.TemporaryDirectory(prefix="mentornet-outcomes-") as tmp:
        path = write_outcomes_template(network, plan, Path(tmp) / "outcomes.xlsx", lang=lang)
        return FileOut(Path(path).read_bytes(), f"outcomes-plan-{plan_id}.xlsx", MEDIA["xlsx"])


def journal_counts(session: Session, network_id: int) -> dict[str, Any]:
    """The journal's counts of a network's year: events per site, staff trained, transfers.

    ``staff_trained`` is the sum over events that record it, None when no event does.
    """
    events = list(session.scalars(select(JournalEventRow).where(JournalEventRow.network_id == network_id)))
    transfers = session.scalars(select(JournalTransferRow.id).where(JournalTransferRow.network_id == network_id)).all()
    per_site = Counter(e.school for e in events)
    staff = [e.staff_trained for e in events if e.staff_trained is not None]
    return {
        "events": len(events),
        "events_per_site": dict(sorted(per_site.items())),
        "sites_with_events": len(per_site),
        "staff_trained": sum(staff) if staff else None,
        "transfers": len(transfers),
    }
