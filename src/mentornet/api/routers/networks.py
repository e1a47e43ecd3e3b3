"""Networks (datasets by year): upload, list, read, audit, download."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Literal

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status
from fastapi.responses import HTMLResponse
from sqlalchemy import func, select

from mentornet.api.deps import READ, WRITE, Id, Offset, SessionDep, SettingsDep
from mentornet.api.problems import ApiError
from mentornet.api.schemas import NetworkOut, NetworkSummary
from mentornet.api.services import get_or_404, network_of, policy_of
from mentornet.api.uploads import read_upload, safe_filename
from mentornet.db import JournalEventRow, JournalTransferRow, NetworkRow, PlanRow, ScenarioRow
from mentornet.model import Network, Policy

router = APIRouter(prefix="/api/networks", tags=["networks"])


def summary(row: NetworkRow) -> NetworkSummary:
    return NetworkSummary(
        id=row.id, name=row.name, year=row.year, source_filename=row.source_filename, source_format=row.source_format,
        schools=row.n_schools, directions=row.n_directions, created_at=row.created_at, has_policy=row.policy is not None,
    )


def detail(row: NetworkRow) -> NetworkOut:
    net = network_of(row)
    return NetworkOut(**summary(row).model_dump(), network=row.data, policy=row.policy, level_only=net.level_only)


def store_network(session, network: Network, policy: Policy | None, *, filename: str | None, fmt: str | None) -> NetworkRow:
    if network.year is not None and not 1 <= network.year <= 9999:
        raise ApiError(422, "Invalid year", f"the network's year {network.year} is not a calendar year", kind="invalid-input",
                       errors=[{"location": {"file": filename, "field": "year"}, "where": f"{filename}, field 'year'", "message": "expected a year such as 2025"}])
    row = NetworkRow(
        name=network.name, year=network.year, data=network.model_dump(mode="json"),
        policy=policy.model_dump(mode="json") if policy is not None else None,
        source_filename=filename, source_format=fmt,
        n_schools=len(network.schools), n_directions=len(network.directions),
    )
    session.add(row)
    session.commit()
    return row


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=WRITE, response_model=NetworkOut,
             responses={413: {"description": "the file is larger than the server accepts"}})
def upload_network(
    session: SessionDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="an .xlsx workbook, a .csv role table, a .zip of CSV tables or a .json network")],
    name: Annotated[str | None, Form(max_length=200, description="name of the dataset (default: from the file)")] = None,
    year: Annotated[int | None, Form(ge=1900, le=2200, description="the planning year")] = None,
) -> NetworkOut:
    """Upload a network; it is validated with the same readers and messages as the CLI.

    Invalid files answer 422 with every problem and its place (file, sheet,
    row, column); files above the size limit 413; networks above the school
    limit 422.
    """
    limit = settings.max_upload_bytes
    data = file.file.read(limit + 1)
    filename = safe_filename(file.filename)
    if len(data) > limit:
        raise ApiError(413, "File too large", f"'{filename}' is larger than {limit} bytes, the most this server accepts (MENTORNET_MAX_UPLOAD_BYTES)", kind="too-large")
    network, policy, fmt = read_upload(filename, data, max_bytes=limit, max_schools=settings.max_schools, time_budget=settings.read_time_limit)
    if len(network.schools) > settings.max_schools:
        raise ApiError(422, "Network too large",
                       f"'{filename}' has {len(network.schools)} schools; this server plans at most {settings.max_schools} (MENTORNET_MAX_SCHOOLS). Split the network by municipality or region.",
                       kind="network-too-large")
    changes = {}
    if name:
        changes["name"] = name.strip() or network.name
    if year is not None:
        changes["year"] = year
    if changes:
        network = network.with_changes(**changes)
    return detail(store_network(session, network, policy, filename=filename, fmt=fmt))


@router.post("/example", status_code=status.HTTP_201_CREATED, dependencies=WRITE, response_model=NetworkOut)
def load_example(session: SessionDep) -> NetworkOut:
    """Store the embedded Krymsky 2021 role table (34 schools, 7 directions) as a network."""
    from mentornet.io import EMBEDDED_DATASET, embedded_network

    network = embedded_network().with_changes(year=2021)
    return detail(store_network(session, network, None, filename=EMBEDDED_DATASET, fmt="csv"))


@router.get("", dependencies=READ, response_model=list[NetworkSummary])
def list_networks(
    session: SessionDep,
    year: Annotated[int | None, Query(ge=1, le=9999)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 200,
    offset: Offset = 0,
) -> list[NetworkSummary]:
    """Stored networks, newest first."""
    q = select(NetworkRow).order_by(NetworkRow.id.desc()).limit(limit).offset(offset)
    if year is not None:
        q = q.where(NetworkRow.year == year)
    return [summary(r) for r in session.scalars(q)]


@router.get("/{network_id}", dependencies=READ, response_model=NetworkOut)
def get_network(network_id: Id, session: SessionDep) -> NetworkOut:
    """A network with its full data (schools, directions, curators, competences …)."""
    return detail(get_or_404(session, NetworkRow, network_id))


@router.delete("/{network_id}", status_code=status.HTTP_204_NO_CONTENT, dependencies=WRITE,
               responses={409: {"description": "scenarios or journal entries use the network"}})
def delete_network(network_id: Id, session: SessionDep) -> Response:
    """Delete a network that no scenario, plan or journal entry uses."""
    row = get_or_404(session, NetworkRow, network_id)
    users = {
        "scenarios": session.scalar(select(func.count()).select_from(ScenarioRow).where(ScenarioRow.network_id == network_id)),
        "plans": session.scalar(select(func.count()).select_from(PlanRow).where(PlanRow.network_id == network_id)),
        "journal entries": (session.scalar(select(func.count()).select_from(JournalEventRow).where(JournalEventRow.network_id == network_id)) or 0)
        + (session.scalar(select(func.count()).select_from(JournalTransferRow).where(JournalTransferRow.network_id == network_id)) or 0),
    }
    used = {k: v for k, v in users.items() if v}
    if used:
        listed = ", ".join(f"{v} {k}" for k, v in used.items())
        raise ApiError(409, "Network in use", f"network {network_id} is used by {listed}; it is kept", kind="in-use")
    session.delete(row)
    session.commit()
    return Response(status_code=204)


@router.get("/{network_id}/audit", dependencies=READ)
def audit(network_id: Id, session: SessionDep, lang: Literal["ru", "en"] = "ru") -> dict:
    """Audit the network as a hand-made role table: the programme's principles it breaks."""
    from mentornet.audit import audit_network

    row = get_or_404(session, NetworkRow, network_id)
    policy = policy_of(row.policy)
    return audit_network(network_of(row), policy, lang=lang).to_dict()


_MEDIA = {
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}


def network_file(network: Network, policy: Policy | None, fmt: str, stem: str) -> Response:
    """The network written by :func:`mentornet.io.writers.write_network` as a download."""
    import shutil

    from mentornet.io.writers import write_network

    stem = safe_filename(stem, "network").replace(" ", "_")
    with tempfile.TemporaryDirectory(prefix="mentornet-export-") as tmp:
        if fmt == "csv":
            folder = Path(tmp) / stem
            write_network(network, folder, policy)
            archive = shutil.make_archive(str(Path(tmp) / stem), "zip", root_dir=folder)
            data, filename, media = Path(archive).read_bytes(), f"{stem}.zip", _MEDIA["zip"]
        else:
            path = write_network(network, Path(tmp) / f"{stem}.{fmt}", policy)
            data, filename, media = path.read_bytes(), f"{stem}.{fmt}", _MEDIA[fmt]
    return Response(data, media_type=media, headers=attachment(filename))


def attachment(filename: str) -> dict[str, str]:
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    return {"Content-Disposition": f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"}


@router.get("/{network_id}/download", dependencies=READ,
            responses={200: {"content": {m: {} for m in _MEDIA.values()}, "description": "the network file"}})
def download(network_id: Id, session: SessionDep, format: Literal["xlsx", "json", "csv"] = "xlsx") -> Response:
    """The stored network as a workbook, a JSON file or a .zip of CSV tables (readable again by upload)."""
    row = get_or_404(session, NetworkRow, network_id)
    return network_file(network_of(row), policy_of(row.policy) if row.policy else None, format, f"network-{row.id}")


@router.get("/{network_id}/view.html", dependencies=READ, response_class=HTMLResponse)
def view_html(network_id: Id, session: SessionDep, lang: Literal["ru", "en"] = "ru") -> HTMLResponse:
    """The interactive view of the network's role table (no pairs): who leads, who learns, in which direction."""
    from mentornet.visualizations import network_html

    row = get_or_404(session, NetworkRow, network_id)
    policy = policy_of(row.policy)
    return HTMLResponse(network_html(network_of(row), None, lang=lang, policy=policy))
