"""Writing networks (and a policy) in the layouts the readers read.

:func:`write_network` picks the format by the path: an ``.xlsx`` workbook
(one sheet per table, English headers), a ``.json`` file
(``Network.model_dump(mode="json")`` plus an optional ``"policy"``), or a
folder of CSV files (UTF-8 with BOM, so that Excel shows Cyrillic). Reading
what was written gives back an equal network and policy.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from mentornet.io.cells import csv_writer, protect_cell
from mentornet.io.readers import INDICATORS, META, POLICY, TABLES, TableSpec, policy_fields
from mentornet.model import Network, Policy

__all__ = ["indicator_table", "network_rows", "policy_rows", "write_network"]

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")


def _items(network: Network, spec: TableSpec) -> Sequence[Any]:
    obj: Any = network
    for part in spec.path.split("."):
        obj = getattr(obj, part)
    return obj


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (tuple, list)):
        return "; ".join(str(v) for v in value)
    return value


def network_rows(network: Network) -> dict[str, list[list[Any]]]:
    """Every table of the network as rows of plain cell values.

    Returns
    -------
    dict
        ``{table name: [row, …]}`` in :data:`~mentornet.io.readers.TABLES`
        order, each row in the order of the table's columns. Empty values
        are ``None``, enums their value, id lists joined with ``"; "``.
    """
    out: dict[str, list[list[Any]]] = {}
    for spec in TABLES:
        out[spec.name] = [[_plain(getattr(item, c.name)) for c in spec.columns] for item in _items(network, spec)]
    return out


def indicator_table(network: Network) -> tuple[list[str], list[list[Any]]]:
    """The ``indicators`` table: headers (one ``results: <subject>`` column per subject) and rows.

    Empty values are ``None``; the table is empty when the network has no indicators.
    """
    columns = [c.name for c in INDICATORS.columns if c.kind != "subjects"]
    subjects = sorted({name for ind in network.indicators for name in ind.subjects})
    headers = [*columns, *(f"results: {name}" for name in subjects)]
    rows = [[getattr(ind, c) for c in columns] + [ind.subjects.get(name) for name in subjects] for ind in network.indicators]
    return headers, rows


def policy_rows(policy: Policy) -> list[tuple[str, Any, str]]:
    """The policy as (key, value, description) rows; ``None`` values written as ``"none"``."""
    rows = []
    for key, (model, name) in policy_fields().items():
        obj = policy.weights if key.startswith("weights.") else policy
        value = getattr(obj, name)
        rows.append((key, "none" if value is None else value, model.model_fields[name].description or ""))
    return rows


def _check_lists(network: Network) -> None:
    # Lists are written as "a; b" in one cell; an id holding ";" would split on reading.
    for d in network.directions:
        for c in d.curators:
            if ";" in c or "\n" in c:
                raise ValueError(f"curator id {c!r} of direction {d.id!r} contains ';' or a line break, which separate list items in tables; use JSON")
    for cur in network.curators:
        for v in (*cur.directions, *cur.municipalities):
            if ";" in v or "\n" in v:
                raise ValueError(f"{v!r} in the scope of curator {cur.id!r} contains ';' or a line break, which separate list items in tables; use JSON")


# ---------------------------------------------------------------- xlsx


def exact_number(value: float) -> float | str:
    """A float as an XLSX cell keeps it exactly: openpyxl writes 16 significant
    digits, so the rare float that needs 17 is written as its exact text,
    which the readers parse back to the same float."""
    if isinstance(value, float) and float(f"{value:.16g}") != value:
        return repr(value)
    return value


def put(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Write one cell as data: text never turns into a formula."""
    if isinstance(value, float):
        value = exact_number(value)
    protect_cell(ws.cell(row=row, column=col, value=value))


def format_sheet(ws: Worksheet, widths: Iterable[int] | None = None, *, max_width: int = 60) -> None:
    """Bold, shaded, frozen header row and column widths fitted to the content."""
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    ws.freeze_panes = "A2"
    fitted = []
    for column in ws.iter_cols(min_row=1, max_row=min(ws.max_row, 200)):
        longest = max((len(str(c.value)) for c in column if c.value is not None), default=0)
        fitted.append(longest)
    for i, width in enumerate(widths if widths is not None else fitted, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(8, min(max_width, width + 2))


def write_rows(ws: Worksheet, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """Header in row 1, data from row 2, each cell written as data."""
    for j, header in enumerate(headers, start=1):
        put(ws, 1, j, header)
    for i, row in enumerate(rows, start=2):
        for j, value in enumerate(row, start=1):
            if value is not None:
                put(ws, i, j, value)


def _write_xlsx(network: Network, path: Path, policy: Policy | None) -> None:
    book = Workbook()
    book.remove(book.active)
    meta = book.create_sheet(META.name)
    write_rows(meta, [META.key.name, META.value.name], [["name", network.name], ["year", network.year]])
    format_sheet(meta)
    rows = network_rows(network)
    for spec in TABLES:
        if spec.optional and not rows[spec.name]:
            continue
        ws = book.create_sheet(spec.name)
        write_rows(ws, [c.name for c in spec.columns], rows[spec.name])
        format_sheet(ws)
    if network.indicators:
        ws = book.create_sheet(INDICATORS.name)
        write_rows(ws, *indicator_table(network))
        format_sheet(ws)
    if policy is not None:
        ws = book.create_sheet(POLICY.name)
        write_rows(ws, [POLICY.key.name, POLICY.value.name, "description"], policy_rows(policy))
        format_sheet(ws)
    book.save(path)


# ---------------------------------------------------------------- csv / json


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _write_csv(path: Path, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    # BOM: Excel opens UTF-8 CSV as Cyrillic only with it; the readers accept both.
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv_writer(f)  # names like '=HYPERLINK(…)' stay text; the readers take the quote off
        writer.writerow(headers)
        for row in rows:
            writer.writerow([_csv_cell(v) for v in row])


def _write_folder(network: Network, path: Path, policy: Policy | None) -> None:
    path.mkdir(parents=True, exist_ok=True)
    _write_csv(path / f"{META.name}.csv", [META.key.name, META.value.name], [["name", network.name], ["year", network.year]])
    rows = network_rows(network)
    # Every table is written, empty ones as a header, so that no file of an
    # earlier network left in the folder is read with this one.
    for spec in TABLES:
        _write_csv(path / f"{spec.name}.csv", [c.name for c in spec.columns], rows[spec.name])
    indicators = path / f"{INDICATORS.name}.csv"
    if network.indicators:
        _write_csv(indicators, *indicator_table(network))
    elif indicators.exists():  # an earlier network's indicators must not be read with this one
        indicators.unlink()
    stale = path / "policy.json"
    if stale.exists():
        stale.unlink()
    target = path / f"{POLICY.name}.csv"
    if policy is not None:
        _write_csv(target, [POLICY.key.name, POLICY.value.name, "description"], policy_rows(policy))
    elif target.exists():
        target.unlink()


def _write_json(network: Network, path: Path, policy: Policy | None) -> None:
    doc = network.model_dump(mode="json")
    if not doc.get("indicators"):
        doc.pop("indicators", None)  # the optional table: written only when given
    if policy is not None:
        doc["policy"] = policy.model_dump(mode="json")
    path.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def write_network(network: Network, path: str | Path, policy: Policy | None = None) -> Path:
    """Write a network, and optionally a policy, in the format the path asks for.

    Parameters
    ----------
    network : Network
        The network to write.
    path : str or Path
        ``*.xlsx``: a workbook with a ``network`` sheet (name, year), one
        sheet per table and a ``policy`` sheet; ``*.json``: the network's
        JSON with a ``"policy"`` key; any other path without a suffix (or an
        existing folder): a folder of CSV files, one per table.
    policy : Policy, optional
        Written along with the network when given.

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    ValueError
        For an unsupported suffix, or (tables only) an id holding ``;``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_json(network, path, policy)
    elif suffix == ".xlsx":
        _check_lists(network)
        path.parent.mkdir(parents=True, exist_ok=True)
        _write_xlsx(network, path, policy)
    elif path.is_dir() or not suffix:
        _check_lists(network)
        _write_folder(network, path, policy)
    else:
        raise ValueError(f"cannot write a network to '{path.name}': expected a .xlsx or .json file, or a folder")
    return path
