"""Low-level table reading shared by every reader: files, encodings, headers."""

from __future__ import annotations

import io as _io
import logging
from pathlib import Path

import pandas as pd

from mentornet.errors import InputError, Location, Problem
from mentornet.io.cells import unescape_text
from mentornet.io.limits import check_archive, current_limits, read_limited_text_bytes

log = logging.getLogger(__name__)

ENCODINGS = ("utf-8-sig", "cp1251")
# Excel's name for the format to save a table in, shown as written.
_SAVE_AS = "CSV UTF-8"


def fold_header(text: object) -> str:
    """Normalise a column header for matching: case, 'ё', dashes, spaces."""
    s = str(text).strip().lower().replace("ё", "е")
    for ch in ("–", "—", "_", "-"):
        s = s.replace(ch, " ")
    return " ".join(s.split())


def decode_csv_bytes(data: bytes, *, file: str | None = None) -> str:
    """Decode CSV bytes as UTF-8 (with or without BOM) or Windows-1251.

    Windows-1251 is accepted only when the text then reads as Cyrillic or
    ASCII; anything else is reported as a wrong encoding.
    """
    if not data.strip():
        raise InputError(Problem.coded(Location(file=file), "input.empty_file_rows"))
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # Excel's "Unicode text" export: UTF-16 with a byte-order mark.
        try:
            text16 = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(Problem.coded(Location(file=file), "input.not_utf16", error=exc.reason, encoding="UTF-16", save_as=_SAVE_AS)) from exc
        log.info("%s: read as UTF-16 (it starts with a byte-order mark)", file or "CSV data")
        return text16
    if b"\x00" in data[:4096]:
        raise InputError(
            Problem.coded(Location(file=file), "input.nul_bytes", encoding="UTF-16", save_as=_SAVE_AS)
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1251")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_cyrillic(text):
        log.info("%s: not valid UTF-8; read as Windows-1251", file or "CSV data")
        return text
    line = data[: utf8_error.start].count(b"\n") + 1
    raise InputError(
        Problem.coded(Location(file=file, row=line), "input.not_utf8", byte=f"0x{data[utf8_error.start]:02x}",
                      encoding="UTF-8", fallback="Windows-1251", save_as=_SAVE_AS)
    )


def _plausible_cyrillic(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    ok = sum(1 for c in letters if c.isascii() or "\u0400" <= c <= "\u04ff")
    return ok / len(letters) > 0.98


def read_csv_bytes(data: bytes, *, file: str | None = None) -> pd.DataFrame:
    """Parse CSV bytes (separator ``,`` or ``;`` sniffed) into strings."""
    text = decode_csv_bytes(data, file=file)
    first = text.splitlines()[0] if text.splitlines() else ""
    sep = ";" if first.count(";") > first.count(",") else ","
    try:
        frame = pd.read_csv(_io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skip_blank_lines=True)
    except pd.errors.ParserError as exc:
        raise InputError(Problem.coded(Location(file=file), "input.bad_csv", error=str(exc))) from exc
    except pd.errors.EmptyDataError as exc:
        raise InputError(Problem.coded(Location(file=file), "input.empty_file_rows")) from exc
    # Exports quote formula-like text ('=…); the quote is not part of the name.
    return _drop_blank(frame.map(unescape_text), file or "CSV data")


def _drop_blank(frame: pd.DataFrame, where: str = "table") -> pd.DataFrame:
    unnamed = [c for c in frame.columns if str(c).startswith("Unnamed:")]
    if unnamed:
        log.info("%s: %d column(s) without a header skipped", where, len(unnamed))
    frame = frame.loc[:, [c for c in frame.columns if c not in unnamed]]
    if not len(frame):
        return frame
    mask = frame.apply(lambda r: any(str(v).strip() not in ("", "nan", "None") for v in r), axis=1)
    if not mask.all():
        log.info("%s: %d blank row(s) skipped", where, int((~mask).sum()))
    return frame[mask]


def read_table_file(path: Path) -> tuple[pd.DataFrame, str | None]:
    """Read a one-table file: CSV, or the first sheet of an XLSX workbook.

    Returns the frame (all cells as strings or numbers) and the sheet name
    (``None`` for CSV).
    """
    if not path.exists():
        raise InputError(Problem.coded(Location(file=str(path)), "input.no_such_file"))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        sheets = read_workbook(path)
        name, frame = next(iter(sheets.items()))
        return frame, name
    return read_csv_bytes(read_limited_text_bytes(path), file=path.name), None


def read_workbook(path: Path | _io.BytesIO, *, file: str | None = None) -> dict[str, pd.DataFrame]:
    """Every sheet of an XLSX workbook as a DataFrame of strings."""
    file = file or (path.name if isinstance(path, Path) else None)
    check_archive(path, file, what="workbook")
    limits = current_limits()
    try:
        # pandas reads openpyxl in read-only (streaming) mode and stops after nrows.
        sheets = pd.read_excel(path, sheet_name=None, dtype=object, engine="openpyxl", nrows=limits.max_rows)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise InputError(Problem.coded(Location(file=file), "input.not_xlsx_short", error=f"{type(exc).__name__}: {exc}")) from exc
    if not sheets:
        raise InputError(Problem.coded(Location(file=file), "input.no_sheets"))
    for name, frame in sheets.items():
        if len(frame) >= limits.max_rows:
            raise InputError(Problem.coded(Location(file=file, sheet=name, row=limits.max_rows + 1), "input.sheet_too_long",
                                           rows=limits.max_rows, schools=limits.max_schools, setting="MENTORNET_MAX_SCHOOLS"))
    return {name: _drop_blank(frame.dropna(how="all"), f"{file}, sheet {name!r}").reset_index(drop=True) for name, frame in sheets.items()}


def resolve_columns(
    frame: pd.DataFrame,
    aliases: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    *,
    file: str | None = None,
    sheet: str | None = None,
) -> tuple[dict[str, str], list[Problem]]:
    """Map canonical column names to the frame's headers (Russian or English).

    Returns ``{canonical: header}`` and a problem for every required column
    that is missing, naming the headers that were found.
    """
    lookup: dict[str, str] = {}
    for canonical, words in aliases.items():
        for w in (canonical, *words):
            lookup.setdefault(fold_header(w), canonical)
    columns: dict[str, str] = {}
    for header in frame.columns:
        found = lookup.get(fold_header(header))
        if found and found not in columns:
            columns[found] = header
    problems = []
    for key in required:
        if key not in columns:
            names = ", ".join(f"'{a}'" for a in (key, *aliases.get(key, ())[:3]) if a)
            found = ", ".join(f"'{h}'" for h in frame.columns)
            code = "input.missing_column" if found else "input.missing_column_none"
            problems.append(Problem.coded(Location(file=file, sheet=sheet, row=1, column=key), code, headers=names, found=found))
    return columns, problems
