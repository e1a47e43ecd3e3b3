"""Reading an uploaded network with the same readers (and messages) as the CLI.

The upload is written to a private temporary folder under its own file
name (so the readers' messages name the planner's file) and read by
:func:`mentornet.io.readers.read_any_with_policy`. A ``.zip`` holds a folder
of CSV tables (or a single CSV role table, workbook or JSON file); its
members are extracted by base name only, with limits on their number and
total size. What is read is stored by
:func:`mentornet.services.networks.upload_network`.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

from mentornet.errors import InputError, Location, Problem
from mentornet.io.limits import check_archive, reading_limits
from mentornet.model import Network, Policy

__all__ = ["MAX_ZIP_MEMBERS", "read_limited", "read_upload", "safe_filename"]

MAX_ZIP_MEMBERS = 200
_READABLE = (".csv", ".json", ".xlsx", ".xlsm", ".txt")


def safe_filename(name: str | None, default: str = "upload") -> str:
    """The base name of an uploaded file, without path parts or odd characters."""
    base = PurePosixPath((name or "").replace("\\", "/")).name.strip()
    base = re.sub(r"[\x00-\x1f/:*?\"<>|]", "_", base)
    base = base.lstrip(".") or default
    return base[:150]


def _sniff_suffix(data: bytes) -> str:
    if data.startswith(b"PK"):
        try:
            import io

            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = zf.namelist()
        except zipfile.BadZipFile:
            return ".xlsx"
        return ".xlsx" if "[Content_Types].xml" in names else ".zip"
    head = data.lstrip()[:1]
    if head in (b"{", b"["):
        return ".json"
    return ".csv"


def _extract_zip(path: Path, into: Path, max_total: int, file: str) -> Path:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise InputError(Problem(Location(file=file), "not a readable ZIP archive; expected a .zip of CSV tables")) from None
    with zf:
        members = [
            m for m in zf.infolist()
            if not m.is_dir() and not m.filename.startswith("__MACOSX/") and not PurePosixPath(m.filename).name.startswith(".")
        ]
        if len(members) > MAX_ZIP_MEMBERS:
            raise InputError(Problem(Location(file=file), f"the archive has {len(members)} files; at most {MAX_ZIP_MEMBERS} are accepted"))
        total = sum(m.file_size for m in members)
        if total > max_total:
            raise InputError(Problem(Location(file=file), f"the archive unpacks to {total} bytes; at most {max_total} are accepted"))
        check_archive(path, file)
        tables = [m for m in members if PurePosixPath(m.filename).suffix.lower() in _READABLE]
        if not tables:
            raise InputError(Problem(Location(file=file), "the archive holds no CSV tables (nor a .xlsx or .json network)"))
        folder = into / "tables"
        folder.mkdir()
        seen: dict[str, str] = {}
        for m in tables:
            name = safe_filename(m.filename)
            if name.lower() in seen:
                raise InputError(Problem(Location(file=file), f"the archive holds two files named '{name}' ({seen[name.lower()]} and {m.filename})"))
            seen[name.lower()] = m.filename
            # Streamed to disk: a member never sits in memory whole (zipfile
            # stops at the declared size, which check_archive bounded).
            with zf.open(m) as src, (folder / name).open("wb") as dst:
                shutil.copyfileobj(src, dst, 1024 * 1024)
    files = sorted(folder.iterdir())
    if len(files) == 1:
        return files[0]  # one role table, workbook or JSON network
    return folder


def read_upload(filename: str | None, data: bytes, *, max_bytes: int, max_schools: int | None = None,
                time_budget: float | None = None) -> tuple[Network, Policy | None, str]:
    """Read an uploaded network file.

    Parameters
    ----------
    filename : str or None
        The name the planner's browser sent.
    data : bytes
        The file's content (already checked against the size limit).
    max_bytes : int
        The upload limit; an archive may unpack to 20 times as much.
    max_schools : int, optional
        The server's school limit; the readers stop at the row limit it
        implies (:mod:`mentornet.io.limits`) instead of reading the rest.
    time_budget : float, optional
        Seconds the read may take (default: ``MENTORNET_READ_TIME_LIMIT``).

    Returns
    -------
    (Network, Policy or None, format)
        ``format`` is ``xlsx``, ``csv``, ``json`` or ``zip``.

    Raises
    ------
    InputError
        With the readers' own messages and places.
    """
    from mentornet.io.readers import read_any_with_policy

    name = safe_filename(filename)
    suffix = PurePosixPath(name).suffix.lower()
    if not data:
        raise InputError(Problem(Location(file=name), "the file is empty; expected a network workbook (.xlsx), a CSV table, a .zip of CSV tables or a .json network"))
    if not suffix:
        suffix = _sniff_suffix(data)
        name = name + suffix
    changes: dict[str, float] = {"max_schools": max_schools} if max_schools else {}
    if time_budget:
        changes["time_budget"] = time_budget
    with tempfile.TemporaryDirectory(prefix="mentornet-upload-") as tmp, reading_limits(None, **changes):
        tmpdir = Path(tmp)
        path = tmpdir / name
        path.write_bytes(data)
        fmt = suffix.lstrip(".")
        if suffix == ".zip":
            path = _extract_zip(path, tmpdir, 20 * max_bytes, name)
        network, policy = read_any_with_policy(path)
    return network, policy, {"xlsm": "xlsx", "txt": "csv"}.get(fmt, fmt)


def read_limited(file: Any, max_bytes: int) -> tuple[str, bytes]:
    """An upload's safe file name and content (``file`` is a FastAPI ``UploadFile``).

    Raises
    ------
    ApiError
        413 when the file is above ``max_bytes``.
    """
    from mentornet.api.problems import ApiError

    data = file.file.read(max_bytes + 1)
    filename = safe_filename(file.filename)
    if len(data) > max_bytes:
        raise ApiError(413, "File too large", f"'{filename}' is larger than {max_bytes} bytes, the most this server accepts (MENTORNET_MAX_UPLOAD_BYTES)", kind="too-large")
    return filename, data
