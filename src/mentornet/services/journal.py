"""The journal: events at internship sites and team transfers, checked against the network."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from mentornet.db import JournalEventRow, JournalTransferRow, NetworkRow, PlanRow
from mentornet.errors import InvalidRequestError, NotFoundError
from mentornet.model import Network
from mentornet.services.common import network_of

__all__ = ["add_event", "add_transfer", "delete_entry", "list_entries"]


def _network_for(session: Session, network_id: int, plan_id: int | None) -> Network:
    """The network entries are checked against: the plan's (after its edits) or the stored one."""
    row = session.get(NetworkRow, network_id)
    if row is None:
        raise InvalidRequestError("No such network", f"network_id: there is no network with id {network_id}", kind="invalid-reference")
    if plan_id is None:
        return network_of(row)
    plan = session.get(PlanRow, plan_id)
    if plan is None:
        raise InvalidRequestError("No such plan", f"plan_id: there is no plan with id {plan_id}", kind="invalid-reference")
    if plan.network_id != network_id:
        raise InvalidRequestError("Plan of another network", f"plan_id: plan {plan_id} belongs to network {plan.network_id}, not {network_id}",
                                  kind="invalid-reference")
    return Network.model_validate(plan.network_data)


def _check_refs(network: Network, refs: list[tuple[str, str | None, str]]) -> None:
    schools = network.school_by_id
    directions = network.direction_by_id
    errors = []
    for field, value, what in refs:
        if value is None:
            continue
        known = schools if what == "school" else directions
        if value not in known:
            errors.append({"location": {"field": field}, "where": f"body field '{field}'", "message": f"unknown {what} '{value}' in network '{network.name}'"})
    if errors:
        raise InvalidRequestError("Unknown school or direction", "; ".join(str(e["message"]) for e in errors), errors=errors, kind="invalid-reference")


def add_event(session: Session, entry: dict[str, Any]) -> JournalEventRow:
    """Record an event at an internship site (a school, optionally a direction)."""
    network = _network_for(session, entry["network_id"], entry.get("plan_id"))
    _check_refs(network, [("school", entry.get("school"), "school"), ("direction", entry.get("direction"), "direction")])
    row = JournalEventRow(**entry)
    session.add(row)
    session.commit()
    return row


def add_transfer(session: Session, entry: dict[str, Any]) -> JournalTransferRow:
    """Record a team moved from one mentor to another in a direction."""
    network = _network_for(session, entry["network_id"], entry.get("plan_id"))
    team, from_mentor, to_mentor = entry.get("team"), entry.get("from_mentor"), entry.get("to_mentor")
    _check_refs(network, [("team", team, "school"), ("direction", entry.get("direction"), "direction"),
                          ("from_mentor", from_mentor, "school"), ("to_mentor", to_mentor, "school")])
    if from_mentor is not None and from_mentor == to_mentor:
        raise InvalidRequestError("Not a transfer", "from_mentor and to_mentor are the same school", kind="invalid-request",
                                  errors=[{"location": {"field": "to_mentor"}, "where": "body field 'to_mentor'", "message": "must differ from from_mentor"}])
    if team in (from_mentor, to_mentor):
        raise InvalidRequestError("Not a transfer", "a team cannot be its own mentor", kind="invalid-request",
                                  errors=[{"location": {"field": "team"}, "where": "body field 'team'", "message": "the team is also named as a mentor"}])
    row = JournalTransferRow(**entry)
    session.add(row)
    session.commit()
    return row


def list_entries(session: Session, row_type: Any, limit: int, offset: int, **filters: object) -> list[Any]:
    """Rows of one journal table (events or transfers) by date, filtered on the given columns (None = any)."""
    q = select(row_type).order_by(row_type.date, row_type.id).limit(limit).offset(offset)
    for column, value in filters.items():
        if value is not None:
            q = q.where(getattr(row_type, column) == value)
    return list(session.scalars(q))


def delete_entry(session: Session, row_type: Any, row_id: int, what: str) -> None:
    """Delete one journal row (NotFoundError naming ``what`` when there is none)."""
    row = session.get(row_type, row_id)
    if row is None:
        raise NotFoundError(f"No such {what}", f"there is no {what} with id {row_id}", kind="not-found")
    session.delete(row)
    session.commit()
