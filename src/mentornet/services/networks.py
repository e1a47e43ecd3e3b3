"""Networks (datasets by year): upload, list, read, delete, audit, download."""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path
from typing import Any, Literal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mentornet.db import JournalEventRow, JournalTransferRow, NetworkRow, PlanRow, ScenarioRow
from mentornet.errors import ConflictError, InvalidRequestError
from mentornet.model import Network, Policy
from mentornet.services.common import Limits, get, network_of, policy_of
from mentornet.services.files import MEDIA, FileOut

__all__ = [
    "audit_network",
    "content_hash",
    "copy_network",
    "find_duplicate",
    "delete_network",
    "list_networks",
    "load_example",
    "network_file",
    "download_network",
    "network_view_html",
    "store_network",
    "upload_network",
]


def content_hash(data: dict[str, Any], policy: dict[str, Any] | None) -> str:
    """The sha256 of a network's normalised content: its stored JSON without the name, and the file's policy.

    The readers normalise the input (headers in either language, levels,
    encodings, separators, cell types), so a file saved again by Excel, a
    CSV folder of the same workbook or the same table under another file
    name hashes the same. The name is left out: it is a label (by default
    the file's name), not data. Keys are sorted; lists keep their order.
    Migration 0004 computes the same hash for networks stored before it.
    """
    content = {k: v for k, v in data.items() if k != "name"}
    text = json.dumps({"network": content, "policy": policy or None}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def find_duplicate(session: Session, network: Network, policy: Policy | None) -> NetworkRow | None:
    """The oldest stored network with the same content as ``network`` and ``policy``, if any."""
    digest = content_hash(network.model_dump(mode="json"), _stored_policy(policy))
    return session.scalars(select(NetworkRow).where(NetworkRow.content_hash == digest).order_by(NetworkRow.id).limit(1)).first()


def _stored_policy(policy: Policy | None) -> dict[str, Any] | None:
    # Only the settings the file gave: the rest stay "default", so the
    # effective policy of each plan can say where every value came from.
    return policy.model_dump(mode="json", exclude_unset=True) if policy is not None else None


def store_network(session: Session, network: Network, policy: Policy | None, *, filename: str | None, fmt: str | None) -> NetworkRow:
    """Store a read network (and the policy its file carried) and commit.

    Raises
    ------
    InvalidRequestError
        The network's year is not a calendar year.
    """
    if network.year is not None and not 1 <= network.year <= 9999:
        raise InvalidRequestError("Invalid year", f"the network's year {network.year} is not a calendar year", kind="invalid-input",
                                  errors=[{"location": {"file": filename, "field": "year"}, "where": f"{filename}, field 'year'",
                                           "message": "expected a year such as 2025"}])
    data, stored_policy = network.model_dump(mode="json"), _stored_policy(policy)
    row = NetworkRow(
        name=network.name, year=network.year, data=data, policy=stored_policy,
        source_filename=filename, source_format=fmt,
        n_schools=len(network.schools), n_directions=len(network.directions),
        content_hash=content_hash(data, stored_policy),
    )
    session.add(row)
    session.commit()
    return row


def upload_network(session: Session, network: Network, policy: Policy | None, *, filename: str, fmt: str, limits: Limits,
                   name: str | None = None, year: int | None = None, force: bool = False) -> NetworkRow:
    """Store an uploaded network (read by the CLI's readers from the planner's file).

    Parameters
    ----------
    network, policy
        What the file holds.
    filename, fmt : str
        The file's (safe) name and format (``xlsx``, ``csv``, ``zip``, ``json``).
    limits : Limits
        ``max_schools`` bounds the network's size.
    name, year : optional
        Replace the name and year the file gives.
    force : bool
        Store the network even when a stored network has the same content.

    Raises
    ------
    InvalidRequestError
        The network has more schools than ``limits.max_schools``; its year is not a year.
    ConflictError
        Kind ``duplicate-network``: a stored network holds the same content (the same data
        apart from its name, the same policy) and ``force`` is not set; ``existing_network_id``
        names it.
    """
    if limits.max_schools is not None and len(network.schools) > limits.max_schools:
        raise InvalidRequestError(
            "Network too large",
            f"'{filename}' has {len(network.schools)} schools; this server plans at most {limits.max_schools} (MENTORNET_MAX_SCHOOLS). Split the network by municipality or region.",
            kind="network-too-large")
    changes: dict[str, Any] = {}
    if name:
        changes["name"] = name.strip() or network.name
    if year is not None:
        changes["year"] = year
    if changes:
        network = network.with_changes(**changes)
    if not force:
        old = find_duplicate(session, network, policy)
        if old is not None:
            raise ConflictError(
                "Already uploaded",
                f"network {old.id} '{old.name}' holds the same data; open it, or upload again with force=true to keep a second copy",
                kind="duplicate-network", existing_network_id=old.id, existing_network_name=old.name,
                existing_network_year=old.year, existing_network_created_at=old.created_at.isoformat() if old.created_at else None,
            )
    return store_network(session, network, policy, filename=filename, fmt=fmt)


def copy_network(session: Session, network_id: int, *, name: str | None = None, filename: str | None = None,
                 fmt: str | None = None) -> NetworkRow:
    """A second network with the same content as ``network_id`` (the planner's "upload anyway").

    The content is the same by its hash, so storing the stored data again is
    the same as storing the file again (only the name and file name differ).
    """
    old = get(session, NetworkRow, network_id)
    label = (name or "").strip()[:200] or old.name
    row = NetworkRow(
        name=label, year=old.year, data={**old.data, "name": label}, policy=old.policy,
        source_filename=filename or old.source_filename, source_format=fmt or old.source_format,
        n_schools=old.n_schools, n_directions=old.n_directions, content_hash=old.content_hash,
    )
    session.add(row)
    session.commit()
    return row


def load_example(session: Session) -> NetworkRow:
    """Store the embedded Krymsky 2021 role table (34 schools, 7 directions) as a network."""
    from mentornet.io import EMBEDDED_DATASET, embedded_network

    network = embedded_network().with_changes(year=2021)
    return store_network(session, network, None, filename=EMBEDDED_DATASET, fmt="csv")


def list_networks(session: Session, *, year: int | None = None, limit: int | None = 200, offset: int = 0) -> list[NetworkRow]:
    """Stored networks, newest first; ``limit=None`` lists all."""
    q = select(NetworkRow).order_by(NetworkRow.id.desc()).limit(limit).offset(offset)
    if year is not None:
        q = q.where(NetworkRow.year == year)
    return list(session.scalars(q))


def delete_network(session: Session, network_id: int) -> None:
    """Delete a network that no scenario, plan or journal entry uses.

    Raises
    ------
    NotFoundError, ConflictError
        No such network; the network is in use (naming by what).
    """
    row = get(session, NetworkRow, network_id)
    users = {
        "scenarios": session.scalar(select(func.count()).select_from(ScenarioRow).where(ScenarioRow.network_id == network_id)),
        "plans": session.scalar(select(func.count()).select_from(PlanRow).where(PlanRow.network_id == network_id)),
        "journal entries": (session.scalar(select(func.count()).select_from(JournalEventRow).where(JournalEventRow.network_id == network_id)) or 0)
        + (session.scalar(select(func.count()).select_from(JournalTransferRow).where(JournalTransferRow.network_id == network_id)) or 0),
    }
    used = {k: v for k, v in users.items() if v}
    if used:
        listed = ", ".join(f"{v} {k}" for k, v in used.items())
        raise ConflictError("Network in use", f"network {network_id} is used by {listed}; it is kept", kind="in-use")
    session.delete(row)
    session.commit()


def audit_network(session: Session, network_id: int, lang: Literal["ru", "en"] = "ru") -> dict[str, Any]:
    """Audit the network as a hand-made role table: the programme's principles it breaks."""
    from mentornet.audit import audit_network as audit

    row = get(session, NetworkRow, network_id)
    return audit(network_of(row), policy_of(row.policy), lang=lang).to_dict()


def network_file(network: Network, policy: Policy | None, fmt: str, stem: str) -> FileOut:
    """The network written by :func:`mentornet.io.writers.write_network`: ``xlsx``, ``json`` or ``csv`` (a .zip)."""
    from mentornet.io.writers import write_network

    stem = stem.replace(" ", "_")
    with tempfile.TemporaryDirectory(prefix="mentornet-export-") as tmp:
        if fmt == "csv":
            folder = Path(tmp) / stem
            write_network(network, folder, policy)
            archive = shutil.make_archive(str(Path(tmp) / stem), "zip", root_dir=folder)
            return FileOut(Path(archive).read_bytes(), f"{stem}.zip", MEDIA["zip"])
        path = write_network(network, Path(tmp) / f"{stem}.{fmt}", policy)
        return FileOut(path.read_bytes(), f"{stem}.{fmt}", MEDIA[fmt])


def download_network(session: Session, network_id: int, fmt: str = "xlsx") -> FileOut:
    """The stored network as a file readable again by upload."""
    row = get(session, NetworkRow, network_id)
    return network_file(network_of(row), policy_of(row.policy) if row.policy else None, fmt, f"network-{row.id}")


def network_view_html(session: Session, network_id: int, lang: str = "ru") -> str:
    """The interactive view of the network's role table (no pairs)."""
    from mentornet.visualizations import network_html

    row = get(session, NetworkRow, network_id)
    return network_html(network_of(row), None, lang=lang, policy=policy_of(row.policy))
