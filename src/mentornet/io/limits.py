"""Limits that every reader enforces while it reads, not after.

A small file can expand into a huge one (a zipped CSV, an XLSX whose
sheet XML compresses a thousandfold, JSON nested thousands of levels
deep). The readers therefore stop as soon as an input goes past these
limits and report the place where it did:

=======================  ===============================================  ==========================
limit                    meaning                                          default
=======================  ===============================================  ==========================
``max_schools``          largest network, in schools                      ``MENTORNET_MAX_SCHOOLS``
                                                                          (5000)
``max_rows``             rows read from one sheet or CSV file (blank       ``ROWS_PER_SCHOOL`` × max_schools
                         rows count)                                      (20 × 5000 = 100,000)
``max_cells``            cells read from one sheet or CSV file            ``MAX_CELLS`` (2,000,000)
``max_unpacked``         bytes an XLSX or ZIP archive may unpack to        ``MAX_UNPACKED_BYTES`` (200 MiB)
``max_ratio``            unpacked / packed size of one archive member     ``MAX_RATIO`` (100)
``max_json_depth``       nesting of JSON arrays and objects               ``MAX_JSON_DEPTH`` (200)
``time_budget``          seconds one input may take to read               ``MENTORNET_READ_TIME_LIMIT``
                                                                          (60)
=======================  ===============================================  ==========================

The service sets them per request with :func:`reading_limits` (from its
settings); the CLI reads the environment.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import re
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

from mentornet.errors import InputError, Location, Problem

__all__ = [
    "MAX_CELLS",
    "MAX_JSON_DEPTH",
    "MAX_RATIO",
    "MAX_UNPACKED_BYTES",
    "ROWS_PER_SCHOOL",
    "ReadLimits",
    "check_archive",
    "current_limits",
    "json_too_deep",
    "limited_rows",
    "read_limited_text_bytes",
    "reading_limits",
]

#: Rows one school may need in the longest table (one per direction in a
#: long competence or role table, with room for history rows).
ROWS_PER_SCHOOL = 20
#: Cells read from one sheet or CSV file.
MAX_CELLS = 2_000_000
#: Bytes one XLSX or ZIP may unpack to.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
#: Largest unpacked/packed ratio of an archive member above 1 MiB (text
#: tables compress 5–20×; a zip bomb thousands of times).
MAX_RATIO = 100
#: Deepest nesting of JSON arrays/objects (a network needs 4; pydantic-core's parser stops at 200).
MAX_JSON_DEPTH = 200
#: Longest line of a CSV file, in bytes.
MAX_LINE_BYTES = 1024 * 1024
_DEFAULT_SCHOOLS = 5000
_DEFAULT_BUDGET = 60.0


def _env_number(name: str, default: float) -> float:
    try:
        value = float(os.environ.get(name, default))
    except ValueError:
        return default
    return value if value > 0 else default


@dataclass(frozen=True)
class ReadLimits:
    """The limits one read runs under; see the module docstring."""

    max_schools: int = _DEFAULT_SCHOOLS
    max_cells: int = MAX_CELLS
    max_unpacked: int = MAX_UNPACKED_BYTES
    max_ratio: float = MAX_RATIO
    time_budget: float = _DEFAULT_BUDGET
    #: ``time.monotonic()`` after which reading stops; set by :func:`reading_limits`.
    deadline: float | None = field(default=None, compare=False)

    @property
    def max_rows(self) -> int:
        return self.max_schools * ROWS_PER_SCHOOL

    @classmethod
    def from_env(cls) -> ReadLimits:
        return cls(
            max_schools=int(_env_number("MENTORNET_MAX_SCHOOLS", _DEFAULT_SCHOOLS)),
            time_budget=_env_number("MENTORNET_READ_TIME_LIMIT", _DEFAULT_BUDGET),
        )

    def check_time(self, where: Location) -> None:
        """Stop when the read has run past its time budget."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise InputError(Problem.coded(where, "input.read_time_limit", seconds=f"{self.time_budget:g}", setting="MENTORNET_READ_TIME_LIMIT"))


_LIMITS: contextvars.ContextVar[ReadLimits | None] = contextvars.ContextVar("mentornet_read_limits", default=None)


def current_limits() -> ReadLimits:
    """The limits of the read in progress (the environment's when none was set)."""
    limits = _LIMITS.get()
    if limits is None:
        limits = ReadLimits.from_env()
    return limits


@contextlib.contextmanager
def reading_limits(limits: ReadLimits | None = None, **changes: Any) -> Iterator[ReadLimits]:
    """Read under ``limits`` (or the current ones with ``changes``), with the time budget starting now."""
    base = limits or current_limits()
    base = replace(base, **changes) if changes else base
    base = replace(base, deadline=time.monotonic() + base.time_budget)
    token = _LIMITS.set(base)
    try:
        yield base
    finally:
        _LIMITS.reset(token)


def _budget() -> ReadLimits:
    limits = current_limits()
    if limits.deadline is None:
        limits = replace(limits, deadline=time.monotonic() + limits.time_budget)
    return limits


def _too_many_rows(where: Location, limits: ReadLimits, sheet: str | None) -> Problem:
    """The row limit reached, in the sheet ``sheet`` or (``None``) the file."""
    params: dict[str, Any] = {"rows": limits.max_rows, "per_school": ROWS_PER_SCHOOL, "schools": limits.max_schools, "setting": "MENTORNET_MAX_SCHOOLS"}
    if sheet:
        return Problem.coded(where, "input.too_many_rows_sheet", sheet=sheet, **params)
    return Problem.coded(where, "input.too_many_rows_file", **params)


def limited_rows(rows: Iterable[Iterable[Any]], file: str | None, sheet: str | None = None) -> Iterator[list[Any]]:
    """Yield rows (as lists, trailing blanks dropped) until a limit is reached, then raise.

    Blank rows count against the row limit: a sheet of a million empty
    rows costs as much to parse as a full one.
    """
    limits = _budget()
    cells = 0
    for number, values in enumerate(rows, start=1):
        if number > limits.max_rows:
            raise InputError(_too_many_rows(Location(file=file, sheet=sheet, row=number), limits, sheet))
        values = list(values)
        while values and (values[-1] is None or values[-1] == ""):
            values.pop()
        cells += len(values)
        if cells > limits.max_cells:
            raise InputError(Problem.coded(Location(file=file, sheet=sheet, row=number),
                                           "input.too_many_cells_sheet" if sheet else "input.too_many_cells_file",
                                           sheet=sheet, cells=limits.max_cells))
        if number % 2048 == 0:
            limits.check_time(Location(file=file, sheet=sheet, row=number))
        yield values


def read_limited_text_bytes(source: Path | BinaryIO, file: str | None = None) -> bytes:
    """The bytes of a CSV file, stopping with a located error past the row limit.

    Only as many lines as the limit allows are read; the rest of the file
    is never touched.
    """
    limits = _budget()
    if isinstance(source, Path):
        file = file or source.name
        with source.open("rb") as fh:
            return read_limited_text_bytes(fh, file)
    chunks: list[bytes] = []
    size = 0
    for number in range(1, limits.max_rows + 2):
        line = source.readline(MAX_LINE_BYTES + 1)
        if not line:
            return b"".join(chunks)
        if number > limits.max_rows:
            raise InputError(_too_many_rows(Location(file=file, row=number), limits, None))
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            raise InputError(Problem.coded(Location(file=file, row=number), "input.line_too_long", size=MAX_LINE_BYTES))
        size += len(line)
        if size > limits.max_unpacked:
            raise InputError(Problem.coded(Location(file=file, row=number), "input.file_too_large", size=limits.max_unpacked))
        if number % 8192 == 0:
            limits.check_time(Location(file=file, row=number))
        chunks.append(line)
    return b"".join(chunks)  # pragma: no cover - the loop returns or raises


def _archive_kind(what: str) -> str:
    if what not in ("archive", "workbook"):
        raise ValueError(f"unknown archive kind {what!r}; expected 'archive' or 'workbook'")
    return what


def check_archive(path: Path | BinaryIO, file: str | None, *, what: str = "archive") -> None:
    """Refuse an XLSX/ZIP whose declared unpacked sizes or ratios are past the limits, before opening it.

    Raises
    ------
    InputError
        Naming the member and its sizes.
    """
    limits = current_limits()
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not an archive: the reader says so in its own words
    total = 0
    for m in members:
        total += m.file_size
        if m.file_size > 1024 * 1024 and m.file_size > limits.max_ratio * max(m.compress_size, 1):
            raise InputError(Problem.coded(Location(file=file, field=m.filename), f"input.zip_bomb_{_archive_kind(what)}", member=m.filename,
                                           packed=m.compress_size, size=m.file_size, ratio=f"{limits.max_ratio:g}"))
        if total > limits.max_unpacked:
            raise InputError(Problem.coded(Location(file=file, field=m.filename), f"input.archive_too_large_{_archive_kind(what)}",
                                           size=limits.max_unpacked, member=m.filename))


_DEPTH_ERROR = re.compile(r"recursion limit exceeded at line (\d+) column (\d+)")


def json_too_deep(data: bytes | str) -> tuple[int, int] | None:
    """``(line, column)`` where ``data`` nests deeper than :data:`MAX_JSON_DEPTH`, or None.

    The check parses with pydantic-core's JSON parser (Rust, iterative,
    with a fixed nesting limit of 200) so that the standard library's
    recursive parser never sees a document that would exhaust the stack.
    Other syntax errors are left to the caller's parser and its messages.
    """
    import pydantic_core

    opening = (b"[", b"{") if isinstance(data, bytes) else ("[", "{")
    if data.count(opening[0]) + data.count(opening[1]) <= MAX_JSON_DEPTH:  # type: ignore[arg-type]
        return None  # too few openings to nest that deep
    try:
        pydantic_core.from_json(data, cache_strings=False)
    except ValueError as exc:
        m = _DEPTH_ERROR.search(str(exc))
        if m:
            return int(m.group(1)), int(m.group(2))
    return None
