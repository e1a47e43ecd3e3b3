"""Networks (datasets by year): upload, list, read, audit, download."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status
from fastapi.responses import HTMLResponse

from mentornet.api.deps import READ, WRITE, Id, LimitsDep, Offset, SessionDep
from mentornet.api.schemas import NetworkOut, NetworkSummary
from mentornet.api.uploads import read_limited, read_upload
from mentornet.api.views import file_response, network_detail, network_summary
from mentornet.db import NetworkRow
from mentornet.errors import ConflictError
from mentornet.services import get
from mentornet.services import networks as service
from mentornet.services.files import MEDIA

router = APIRouter(prefix="/api/networks", tags=["networks"])


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=WRITE, response_model=NetworkOut,
             responses={413: {"description": "the file is larger than the server accepts"},
                        409: {"description": "a stored network holds the same data (`duplicate-network`: "
                                             "`existing_network_id`, `existing_network_url`); send `force=true` to store a copy"}})
def upload_network(
    session: SessionDep,
    limits: LimitsDep,
    file: Annotated[UploadFile, File(description="an .xlsx workbook, a .csv role table, a .zip of CSV tables or a .json network")],
    name: Annotated[str | None, Form(max_length=200, description="name of the dataset (default: from the file)")] = None,
    year: Annotated[int | None, Form(ge=1900, le=2200, description="the planning year")] = None,
    force: Annotated[bool, Form(description="store the network even when a stored network holds the same data")] = False,
) -> NetworkOut:
    """Upload a network; it is validated with the same readers and messages as the CLI.

    Invalid files answer 422 with every problem and its place (file, sheet,
    row, column); files above the size limit 413; networks above the school
    limit 422. A network whose content (the data apart from its name, and the
    file's policy) is already stored answers 409 ``duplicate-network`` with
    ``existing_network_id`` and ``existing_network_url``, unless ``force`` is true.
    """
    filename, data = read_limited(file, limits.max_upload_bytes)
    network, policy, fmt = read_upload(filename, data, max_bytes=limits.max_upload_bytes, max_schools=limits.max_schools,
                                       time_budget=limits.read_time_limit)
    try:
        row = service.upload_network(session, network, policy, filename=filename, fmt=fmt, limits=limits, name=name, year=year,
                                     force=force)
    except ConflictError as exc:
        if exc.kind == "duplicate-network":
            exc.extra["existing_network_url"] = f"/api/networks/{exc.extra['existing_network_id']}"
        raise
    return network_detail(row)


@router.post("/example", status_code=status.HTTP_201_CREATED, dependencies=WRITE, response_model=NetworkOut)
def load_example(session: SessionDep) -> NetworkOut:
    """Store the embedded Krymsky 2021 role table (34 schools, 7 directions) as a network."""
    return network_detail(service.load_example(session))


@router.get("", dependencies=READ, response_model=list[NetworkSummary])
def list_networks(
    session: SessionDep,
    year: Annotated[int | None, Query(ge=1, le=9999)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Offset = 0,
) -> list[NetworkSummary]:
    """Stored networks, newest first."""
    return [network_summary(r) for r in service.list_networks(session, year=year, limit=limit, offset=offset)]


@router.get("/{network_id}", dependencies=READ, response_model=NetworkOut)
def get_network(network_id: Id, session: SessionDep) -> NetworkOut:
    """A network with its full data (schools, directions, curators, competences …)."""
    return network_detail(get(session, NetworkRow, network_id))


@router.delete("/{network_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=WRITE,
               responses={409: {"description": "scenarios or journal entries use the network"}})
def delete_network(network_id: Id, session: SessionDep) -> Response:
    """Delete a network that no scenario, plan or journal entry uses."""
    service.delete_network(session, network_id)
    return Response(status_code=204)


@router.get("/{network_id}/audit", dependencies=READ)
def audit(network_id: Id, session: SessionDep, lang: Literal["ru", "en"] = "ru") -> dict:
    """Audit the network as a hand-made role table: the programme's principles it breaks."""
    return service.audit_network(session, network_id, lang=lang)


_MEDIA = {k: MEDIA[k] for k in ("json", "xlsx", "zip")}


@router.get("/{network_id}/download", dependencies=READ,
            responses={200: {"content": {m: {} for m in _MEDIA.values()}, "description": "the network file"}})
def download(network_id: Id, session: SessionDep, format: Literal["xlsx", "json", "csv"] = "xlsx") -> Response:
    """The stored network as a workbook, a JSON file or a .zip of CSV tables (readable again by upload)."""
    return file_response(service.download_network(session, network_id, format))


@router.get("/{network_id}/view.html", dependencies=READ, response_class=HTMLResponse)
def view_html(network_id: Id, session: SessionDep, lang: Literal["ru", "en"] = "ru") -> HTMLResponse:
    """The interactive view of the network's role table (no pairs): who leads, who learns, in which direction."""
    return HTMLResponse(service.network_view_html(session, network_id, lang=lang))
