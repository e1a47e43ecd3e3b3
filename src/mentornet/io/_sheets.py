"""Small tables read cell by cell with their places: the survey and outcomes readers' shared helpers.

The network readers (:mod:`mentornet.io.readers`) read whole networks; the
programme's yearly files (needs survey, outcomes) are small tables of their
own. Both go through the same grids, cell parsers and reading limits, so a
problem is located the same way: file, sheet, Excel row, column as written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mentornet.errors import InputError, Location, Problem
from mentornet.io._tables import decode_csv_bytes, fold_header
from mentornet.io.limits import read_limited_text_bytes
from mentornet.io.readers import _blank, _CellError, _csv_grid, _Grid, _workbook, cell_text, read_cell

__all__ = ["Row", "grids_of", "match_columns", "rows_of"]


def grids_of(path: Path) -> list[_Grid]:
    """Every non-empty sheet of an XLSX workbook, or the one table of a CSV file.

    Raises
    ------
    InputError
        The file is missing, unreadable, or of another kind (located).
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(Problem.coded(Location(file=path.name), "input.no_such_file"))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return [g for g in _workbook(path).values() if g is not None]
    if suffix in (".csv", ".txt"):
        grid = _csv_grid(decode_csv_bytes(read_limited_text_bytes(path), file=path.name), path.name)
        return [grid] if grid is not None else []
    if suffix == ".xls":
        raise InputError(Problem.coded(Location(file=path.name), "input.old_xls", app="Excel", suffix=suffix))
    raise InputError(Problem.coded(Location(file=path.name), "input.unsupported", suffix=suffix or path.name))


def match_columns(grid: _Grid, aliases: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """``{canonical: header as written}`` for the grid's headers that name a known column."""
    lookup: dict[str, str] = {}
    for canonical, words in aliases.items():
        for w in (canonical, *words):
            lookup.setdefault(fold_header(w), canonical)
    out: dict[str, str] = {}
    for h in grid.headers:
        c = lookup.get(fold_header(h)) if h else None
        if c and c not in out:
            out[c] = h
    return out


@dataclass
class Row:
    """One data row of a grid, with typed access to its cells and their places."""

    grid: _Grid
    number: int
    values: list[Any]
    columns: Mapping[str, str]

    def location(self, name: str | None = None) -> Location:
        header = self.columns.get(name) if name else None
        return Location(file=self.grid.file, sheet=self.grid.sheet, row=self.number, column=header, field=name)

    def raw(self, name: str) -> Any:
        header = self.columns.get(name)
        if header is None:
            return None
        i = self.grid.position(header)
        return self.values[i] if i < len(self.values) else None

    def blank(self, name: str) -> bool:
        return _blank(self.raw(name))

    def text(self, name: str) -> str:
        return cell_text(self.raw(name))

    def get(self, kind: str, name: str, problems: list[Problem]) -> Any:
        """The cell converted for a column ``kind`` (see ``readers.read_cell``); a bad cell adds a located problem and gives ``None``."""
        try:
            return read_cell(kind, self.raw(name))
        except _CellError as exc:
            problems.append(Problem.coded(self.location(name), exc.code, suggestions=exc.suggestions, **exc.params))
            return None


def rows_of(grid: _Grid, columns: Mapping[str, str]) -> Iterator[Row]:
    """The grid's data rows (blank ones skipped; numbers are Excel's)."""
    for number, values in grid.rows:
        if all(_blank(v) for v in values):
            continue
        yield Row(grid, number, values, columns)
