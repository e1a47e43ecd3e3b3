"""Tables for people and for tools: one place decides how the CLI prints them.

* On a terminal a table takes the terminal's width (rich wraps or folds the
  long columns).
* Into a file or a pipe there is no width to adapt to: rich would assume
  80 columns and squeeze a long "why" column to one character over
  thousands of lines. A table is then printed at its natural width when
  that stays under :data:`FILE_WIDTH`, else as records (one block per row,
  ``column: value`` per line), which any editor or ``grep`` reads.
* ``--format csv`` / ``--format json`` print the data itself (commands pick
  the rows; :func:`print_records` writes them).
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from enum import Enum
from typing import Any

import typer
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from mentornet.cli import console

__all__ = ["FILE_WIDTH", "OutputFormat", "format_option", "print_records", "print_table", "table_rows"]

#: Widest line of a table printed into a file or pipe; wider tables become records.
FILE_WIDTH = 160


class OutputFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"


def format_option(what: str) -> Any:
    """The ``--format`` option of a command that prints ``what``."""
    return typer.Option(
        OutputFormat.table, "--format", "-F",
        help=f"table: {what} for people (adapts to the terminal; records when written to a file); "
        "csv or json: the same data for tools, on stdout.",
    )


def _plain(cell: Any) -> str:
    if isinstance(cell, Text):
        return cell.plain
    if isinstance(cell, str):
        return Text.from_markup(cell).plain
    return str(cell)


def table_rows(table: Table) -> tuple[list[str], list[list[str]]]:
    """A rich table's headers and rows as plain text (markup removed)."""
    headers = [_plain(c.header) for c in table.columns]
    cells = [[_plain(x) for x in c._cells] for c in table.columns]
    rows = [list(r) for r in zip(*cells, strict=True)] if cells else []
    return headers, rows


def _print_as_records(table: Table, out: Console) -> None:
    headers, rows = table_rows(table)
    if table.title:
        out.print(_plain(table.title), highlight=False, soft_wrap=True)
        out.print("", soft_wrap=True)
    for row in rows:
        out.print(row[0] if headers and not headers[0] else f"{headers[0]}: {row[0]}", highlight=False, soft_wrap=True)
        for header, value in zip(headers[1:], row[1:], strict=True):
            if value:
                label = f"{header}: " if header else ""
                indent = " " * (len(label) + 2)
                out.print("  " + label + value.replace("\n", "\n" + indent), highlight=False, soft_wrap=True)
        out.print("", soft_wrap=True)
    if table.caption:
        out.print(_plain(table.caption), highlight=False, soft_wrap=True)


def print_table(table: Table, out: Console | None = None) -> None:
    """Print a table for a person, never squeezed (see the module's notes).

    Parameters
    ----------
    table : rich.table.Table
    out : rich.console.Console, optional
        Default: the CLI's stdout console.
    """
    out = out or console
    if out.is_terminal:
        out.print(table)
        return
    wide = Console(file=out.file, width=100_000, color_system=None, highlight=False)
    natural = Measurement.get(wide, wide.options, table).maximum
    if natural <= FILE_WIDTH:
        Console(file=out.file, width=max(natural, 20), color_system=None, highlight=False).print(table)
    else:
        _print_as_records(table, Console(file=out.file, width=FILE_WIDTH, color_system=None, highlight=False, soft_wrap=True))


def print_records(rows: Sequence[Mapping[str, Any]], fmt: OutputFormat, columns: Iterable[str] | None = None, **extra: Any) -> None:
    """Rows as CSV (a header, then one line per row) or JSON on stdout.

    ``extra`` goes into the JSON object beside ``rows`` (a title, totals).
    """
    if fmt is OutputFormat.json:
        typer.echo(json.dumps({**extra, "rows": list(rows)}, ensure_ascii=False, indent=2, default=str))
        return
    names = list(columns) if columns is not None else list(dict.fromkeys(k for r in rows for k in r))
    writer = csv.DictWriter(sys.stdout, fieldnames=names, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: ("" if r.get(k) is None else r.get(k)) for k in names})
    sys.stdout.flush()
