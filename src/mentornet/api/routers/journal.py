"""The internship journal (seed 003): events at each site and team transfers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status
from sqlalchemy import select
from sqlalchemy.orm import Session

from mentornet.api.deps import READ, WRITE, Id, Offset, OptId, SessionDep
from mentornet.api.problems import ApiError
from mentornet.api.schemas import EventIn, EventOut, TransferIn, TransferOut
from mentornet.api.services import network_of
from mentornet.db import JournalEventRow, JournalTransferRow, NetworkRow, PlanRow
from mentornet.model import Network

router = APIRouter(prefix="/api/journal", tags=["journal"])


def _network_for(session: Session, network_id: int, plan_id: int | None) -> Network:
    """The network entries are checked against: the plan's (after its edits) or the stored one."""
    row = session.get(NetworkRow, network_id)
    if row is None:
        raise ApiError(422, "No such network", f"network_id: there is no network with id {network_id}", kind="invalid-reference")
    if plan_id is None:
        return network_of(row)
    plan = session.get(PlanRow, plan_id)
    if plan is None:
        raise ApiError(422, "No such plan", f"plan_id: there is no plan with id {plan_id}", kind="invalid-reference")
    if plan.network_id != network_id:
        raise ApiError(422, "Plan of another network", f"plan_id: plan {plan_id} belongs to network {plan.network_id}, not {network_id}", kind="invalid-reference")
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
        raise ApiError(422, "Unknown school or direction", "; ".join(e["message"] for e in errors), errors=errors, kind="invalid-reference")


def _listed(session, row_type, limit: int, offset: int, **filters: object) -> list:
    """Rows of one journal table by date, filtered on the given columns (None = any)."""
    q = select(row_type).order_by(row_type.date, row_type.id).limit(limit).offset(offset)
    for column, value in filters.items():
        if value is not None:
            q = q.where(getattr(row_type, column) == value)
    return list(session.scalars(q))


def _delete(session, row_type, row_id: int, what: str) -> Response:
    """Delete one journal row, or a 404 naming what was asked for."""
    row = session.get(row_type, row_id)
    if row is None:
        raise ApiError(404, f"No such {what}", f"there is no {what} with id {row_id}", kind="not-found")
    session.delete(row)
    session.commit()
    return Response(status_code=204)


@router.post("/events", status_code=status.HTTP_201_CREATED, dependencies=WRITE, response_model=EventOut)
def add_event(body: EventIn, session: SessionDep) -> EventOut:
    """Record an event at an internship site (a school, optionally a direction)."""
    network = _network_for(session, body.network_id, body.plan_id)
    _check_refs(network, [("school", body.school, "school"), ("direction", body.direction, "direction")])
    row = JournalEventRow(**body.model_dump())
    session.add(row)
    session.commit()
    return EventOut.model_validate(row)


@router.get("/events", dependencies=READ, response_model=list[EventOut])
def list_events(
    session: SessionDep,
    network_id: OptId = None,
    school: str | None = None,
    direction: str | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    offset: Offset = 0,
) -> list[EventOut]:
    """Journal events by date (a site's journal: filter by school and direction)."""
    rows = _listed(session, JournalEventRow, limit, offset, network_id=network_id, school=school, direction=direction)
    return [EventOut.model_validate(r) for r in rows]


@router.delete("/events/{event_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=WRITE)
def delete_event(event_id: Id, session: SessionDep) -> Response:
    """Delete a journal event."""
    return _delete(session, JournalEventRow, event_id, "journal event")


@router.post("/transfers", status_code=status.HTTP_201_CREATED, dependencies=WRITE, response_model=TransferOut)
def add_transfer(body: TransferIn, session: SessionDep) -> TransferOut:
    """Record a team moved from one mentor to another in a direction."""
    network = _network_for(session, body.network_id, body.plan_id)
    _check_refs(network, [("team", body.team, "school"), ("direction", body.direction, "direction"),
                          ("from_mentor", body.from_mentor, "school"), ("to_mentor", body.to_mentor, "school")])
    if body.from_mentor is not None and body.from_mentor == body.to_mentor:
        raise ApiError(422, "Not a transfer", "from_mentor and to_mentor are the same school", kind="invalid-request",
                       errors=[{"location": {"field": "to_mentor"}, "where": "body field 'to_mentor'", "message": "must differ from from_mentor"}])
    if body.team in (body.from_mentor, body.to_mentor):
        raise ApiError(422, "Not a transfer", "a team cannot be its own mentor", kind="invalid-request",
                       errors=[{"location": {"field": "team"}, "where": "body field 'team'", "message": "the team is also named as a mentor"}])
    row = JournalTransferRow(**body.model_dump())
    session.add(row)
    session.commit()
    return TransferOut.model_validate(row)


@router.get("/transfers", dependencies=READ, response_model=list[TransferOut])
def list_transfers(
    session: SessionDep,
    network_id: OptId = None,
    team: str | None = None,
    direction: str | None = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    offset: Offset = 0,
) -> list[TransferOut]:
    """Team transfers by date."""
    rows = _listed(session, JournalTransferRow, limit, offset, network_id=network_id, team=team, direction=direction)
    return [TransferOut.model_validate(r) for r in rows]


@router.delete("/transfers/{transfer_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=WRITE)
def delete_transfer(transfer_id: Id, session: SessionDep) -> Response:
    """Delete a transfer record."""
    return _delete(session, JournalTransferRow, transfer_id, "transfer")
