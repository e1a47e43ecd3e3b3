"""The hand-made role table as planners keep it (the Krymsky 2021 layout).

One row per (direction, school): ``direction_no, direction, curators, role,
school``; curators separated by ``;``. Russian headers work too
(``№ направления, направление, кураторы, роль, школа``). The table has roles
only: every role becomes the school's level in that direction, and the
school's kind is read from its name (ООШ, СОШ, гимназия, лицей).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd

from mentornet.errors import InputError, Location, Problem
from mentornet.io._tables import read_table_file, resolve_columns
from mentornet.model import Competence, Curator, Direction, Kind, Network, School, parse_level

__all__ = ["ROLE_TABLE_COLUMNS", "network_from_role_table", "read_role_table", "kind_from_name"]

log = logging.getLogger(__name__)

ROLE_TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "direction_no": ("direction_no", "direction id", "direction_id", "№", "№ направления", "номер направления", "номер", "стажировка"),
    "direction": ("direction", "direction name", "направление", "направление стажировки", "название направления"),
    "curators": ("curators", "curator", "кураторы", "куратор", "куратор стажировки"),
    "role": ("role", "level", "роль", "уровень", "категория команды"),
    "school": ("school", "school id", "школа", "оо", "образовательная организация", "команда"),
    "municipality": ("municipality", "district", "муниципалитет", "муниципальный район", "район"),
}
_REQUIRED = ("direction", "role", "school")

_KIND_PATTERNS = (
    (re.compile(r"\bгимнази", re.I), Kind.gymnasium),
    (re.compile(r"\bлице", re.I), Kind.lyceum),
    (re.compile(r"\bООШ\b|основная", re.I), Kind.basic),
    (re.compile(r"\bСОШ\b|средняя", re.I), Kind.secondary),
    (re.compile(r"\bgymnasium\b", re.I), Kind.gymnasium),
    (re.compile(r"\blyceum\b", re.I), Kind.lyceum),
    (re.compile(r"\bbasic\b", re.I), Kind.basic),
)


def kind_from_name(name: str) -> Kind | None:
    """A school's kind as its name states it (СОШ, ООШ, гимназия, лицей…); ``None`` when the name does not say."""
    for pattern, kind in _KIND_PATTERNS:
        if pattern.search(name):
            return kind
    return None


def read_role_table(path: str | Path, *, name: str | None = None, municipality: str = "") -> Network:
    """Read a hand-made role table (CSV or XLSX) into a level-only network.

    Parameters
    ----------
    path : str or Path
        A CSV (UTF-8, UTF-8 with BOM or Windows-1251) or an XLSX file whose
        first sheet holds the table.
    name : str, optional
        The network's name (default: the file's stem).
    municipality : str
        Municipality of every school when the table has no such column.

    Raises
    ------
    InputError
        Listing every problem found, each with file, row and column.
    """
    path = Path(path)
    frame, sheet = read_table_file(path)
    return network_from_role_table(frame, file=path.name, sheet=sheet, name=name or path.stem, municipality=municipality)


def network_from_role_table(
    frame: pd.DataFrame,
    *,
    file: str | None = None,
    sheet: str | None = None,
    name: str = "network",
    municipality: str = "",
) -> Network:
    """Build a level-only network from a role table already in a DataFrame."""
    columns, problems = resolve_columns(frame, ROLE_TABLE_COLUMNS, _REQUIRED, file=file, sheet=sheet)
    if problems:
        raise InputError(problems)
    if frame.empty:
        raise InputError(Problem.coded(Location(file=file, sheet=sheet), "input.header_only"))

    def at(row: int, key: str) -> Location:
        # +2: header is row 1 and pandas counts from 0.
        return Location(file=file, sheet=sheet, row=row + 2, column=columns.get(key, key))

    def cell(row: pd.Series, key: str) -> str:
        if key not in columns:
            return ""
        value = row[columns[key]]
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    directions: dict[str, dict] = {}
    schools: dict[str, str] = {}
    curator_ids: dict[str, None] = {}
    competences: list[Competence] = []
    first_row: dict[tuple[str, str], int] = {}
    for i, row in frame.iterrows():
        i = int(i)
        d_name = cell(row, "direction")
        d_id = cell(row, "direction_no") or d_name
        school = cell(row, "school")
        role_text = cell(row, "role")
        if not d_id:
            problems.append(Problem.coded(at(i, "direction"), "input.empty_direction"))
        if not school:
            problems.append(Problem.coded(at(i, "school"), "input.empty_school"))
        try:
            level = parse_level(role_text) if role_text else None
            if level is None:
                problems.append(Problem.coded(at(i, "role"), "input.empty_role"))
        except ValueError as exc:
            level = None
            problems.append(Problem.coded(at(i, "role"), "input.not_level", suggestions=tuple(getattr(exc, "suggestions", ())), value=role_text))
        if not d_id or not school or level is None:
            continue
        curators = tuple(c.strip() for c in re.split(r"[;\n]", cell(row, "curators")) if c.strip())
        entry = directions.setdefault(d_id, {"name": d_name, "curators": curators, "row": i})
        if curators and entry["curators"] and curators != entry["curators"]:
            problems.append(Problem.coded(
                    at(i, "curators"),
                    "input.curators_differ",
                    direction=d_id,
                    first="; ".join(entry["curators"]),
                    row=entry["row"] + 2,
                    here="; ".join(curators),
                ))
        entry["curators"] = entry["curators"] or curators
        for c in curators:
            curator_ids[c] = None
        schools.setdefault(school, cell(row, "municipality") or municipality)
        key = (school, d_id)
        if key in first_row:
            problems.append(Problem.coded(at(i, "school"), "input.school_twice", school=school, direction=d_id, row=first_row[key] + 2))
            continue
        first_row[key] = i
        competences.append(Competence(school=school, direction=d_id, level=level))
    if problems:
        raise InputError(problems)

    def d_sort(d_id: str) -> tuple[int, str]:
        return (int(d_id), "") if d_id.isdigit() else (10**9, d_id)

    # The table has no kind column: say whose kind the names do not tell (it stays unknown).
    unnamed_kind = [s for s in schools if not any(p.search(s) for p, _ in _KIND_PATTERNS)]
    where = f"{file}, sheet {sheet!r}" if file and sheet else (file or "role table")
    if unnamed_kind:
        shown = ", ".join(unnamed_kind[:5]) + (f" and {len(unnamed_kind) - 5} more" if len(unnamed_kind) > 5 else "")
        log.info("%s: %d school name(s) name no kind (ООШ, СОШ, гимназия, лицей); their kind stays unknown: %s", where, len(unnamed_kind), shown)
    if "municipality" not in columns:
        given = f"set to {municipality!r}" if municipality else "left blank"
        log.info("%s: no municipality column; every school's municipality is %s", where, given)

    return Network(
        name=name,
        schools=tuple(
            School(id=s, name=s, municipality=m, kind=kind_from_name(s)) for s, m in schools.items()
        ),
        directions=tuple(
            Direction(id=d, name=directions[d]["name"] or d, curators=directions[d]["curators"])
            for d in sorted(directions, key=d_sort)
        ),
        curators=tuple(Curator(id=c, name=c) for c in curator_ids),
        competences=tuple(competences),
    )
