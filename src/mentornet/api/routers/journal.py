"""The internship journal (seed 003): events at each site and team transfers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from mentornet.api.deps import READ, WRITE, Id, Offset, OptId, SessionDep
from mentornet.api.schemas import EventIn, EventOut, TransferIn, TransferOut
from mentornet.db import JournalEventRow, JournalTransferRow
from mentornet.services import journal as service

router = APIRouter(prefix="/api/journal", tags=["journal"])


@router.post("/events", status_code=status.HTTP_201_CREATED, dependencies=WRITE, response_model=EventOut)
def add_event(body: EventIn, session: SessionDep) -> EventOut:
    """Record an event at an internship site (a school, optionally a direction)."""
    return EventOut.model_validate(service.add_event(session, body.model_dump()))


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
    rows = service.list_entries(session, JournalEventRow, limit, offset, network_id=network_id, school=school, direction=direction)
    return [EventOut.model_validate(r) for r in rows]


@router.delete("/events/{event_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=WRITE)
def delete_event(event_id: Id, session: SessionDep) -> Response:
    """Delete a journal event."""
    service.delete_entry(session, JournalEventRow, event_id, "journal event")
    return Response(status_code=204)


@router.post("/transfers", status_code=status.HTTP_201_CREATED, dependencies=WRITE, response_model=TransferOut)
def add_transfer(body: TransferIn, session: SessionDep) -> TransferOut:
    """Record a team moved from one mentor to another in a direction."""
    return TransferOut.model_validate(service.add_transfer(session, body.model_dump()))


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
    rows = service.list_entries(session, JournalTransferRow, limit, offset, network_id=network_id, team=team, direction=direction)
    return [TransferOut.model_validate(r) for r in rows]


@router.delete("/transfers/{transfer_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=WRITE)
def delete_transfer(transfer_id: Id, session: SessionDep) -> Response:
    """Delete a transfer record."""
    service.delete_entry(session, JournalTransferRow, transfer_id, "transfer")
    return Response(status_code=204)
