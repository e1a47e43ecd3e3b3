"""A programme year's outcomes as a workbook: the template a planner fills in at year end, and its reader.

The workbook has three sheets (Russian or English headers, either is read):

* ``outcomes`` / ``итоги`` — one row per team (school, direction): the new
  self-assessment ``score_after`` (0..100) and/or ``level_after``, and an
  optional ``expert_rating`` (0..100). The template pre-fills the team's
  role in the plan and its competence at the start of the year (for the
  reader's eye only; the reader ignores those columns).
* ``journal`` / ``журнал`` — the internship journal's counts: per site
  (school, optionally direction) the ``events`` held, per school the
  ``staff_trained`` (staff who completed internships), and ``transfers``
  (teams moved between sites).
* ``about`` / ``о файле`` — ``network`` and ``year`` (key, value rows).

A CSV file holds the outcomes table alone; its ``network`` and ``year``
come from columns of that name or from the caller. Every problem is
reported at once with file, sheet, row and column; nothing is returned
until all are fixed.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from pydantic import ValidationError

from mentornet.errors import InputError, Location, Problem
from mentornet.io._sheets import Row, grids_of, match_columns, rows_of
from mentornet.io.readers import _Grid, _problems_of
from mentornet.io.writers import format_sheet, put
from mentornet.model import JournalEntry, Network, Outcome, Plan, YearOutcomes

__all__ = [
    "ABOUT_COLUMNS",
    "JOURNAL_COLUMNS",
    "OUTCOME_COLUMNS",
    "read_outcomes",
    "write_outcomes",
    "write_outcomes_template",
]

Lang = Literal["ru", "en"]

#: canonical name -> (English header, Russian header, other accepted headers)
OUTCOME_COLUMNS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "school": ("school", "школа", ("school id", "код школы", "оо")),
    "direction": ("direction", "направление", ("direction id", "код направления", "№ направления")),
    "direction_name": ("direction name", "название направления", ()),
    "role": ("role in the plan", "роль в плане", ("role", "роль")),
    "score_before": ("score before", "балл в начале года", ("score", "балл")),
    "level_before": ("level before", "уровень в начале года", ("level", "уровень")),
    "score_after": ("score after", "балл в конце года", ("score_after", "новый балл", "балл после", "самооценка")),
    "level_after": ("level after", "уровень в конце года", ("level_after", "новый уровень", "уровень после")),
    "expert_rating": ("expert rating", "экспертная оценка", ("expert_rating", "эксперт", "оценка эксперта")),
    "network": ("network", "сеть", ("название сети",)),
    "year": ("year", "год", ()),
}
JOURNAL_COLUMNS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "school": ("school", "школа", ("site", "площадка", "стажировочная площадка", "код школы")),
    "direction": ("direction", "направление", ("direction id", "№ направления")),
    "events": ("events held", "проведено мероприятий", ("events", "мероприятия", "мероприятий")),
    "staff_trained": ("staff trained", "прошли стажировку (чел.)", ("staff_trained", "прошли стажировку", "обучено педагогов")),
    "transfers": ("transfers", "переходы команд", ("переходы", "переходов")),
}
ABOUT_COLUMNS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "key": ("key", "параметр", ("setting", "ключ")),
    "value": ("value", "значение", ()),
}
_SHEETS = {"outcomes": ("outcomes", "итоги"), "journal": ("journal", "журнал"), "about": ("about", "о файле")}
_ABOUT_KEYS = {"network": ("network", "сеть", "название сети"), "year": ("year", "год")}


def _aliases(columns: Mapping[str, tuple[str, str, tuple[str, ...]]]) -> dict[str, tuple[str, ...]]:
    return {k: (en, ru, *other) for k, (en, ru, other) in columns.items()}


def _header(columns: Mapping[str, tuple[str, str, tuple[str, ...]]], name: str, lang: Lang) -> str:
    en, ru, _ = columns[name]
    return ru if lang == "ru" else en


def _sheet_kind(grid: _Grid) -> str | None:
    title = (grid.sheet or "").strip().lower()
    for kind, names in _SHEETS.items():
        if title in names:
            return kind
    return None


def _missing(grid: _Grid, columns: Mapping[str, tuple[str, str, tuple[str, ...]]], name: str, lang_headers: tuple[str, ...]) -> Problem:
    found = ", ".join(repr(h) for h in grid.headers if h)
    loc = Location(file=grid.file, sheet=grid.sheet, row=grid.header_row)
    heads = " / ".join(repr(h) for h in lang_headers)
    if found:
        return Problem.coded(loc, "input.missing_column", headers=heads, found=found)
    return Problem.coded(loc, "input.missing_column_none", headers=heads)


def _validate(model: type[Any], data: dict[str, Any], row: Row, problems: list[Problem]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        place = row.grid.place(row.number, dict(row.columns))
        problems.extend(_problems_of(exc, model, place))
        return None


def _read_outcome_rows(grid: _Grid, problems: list[Problem], seen: dict[tuple[str, str], Location],
                       rows_read: dict[tuple[str, str], Row]) -> tuple[list[Outcome], set[str], set[int]]:
    cols = match_columns(grid, _aliases(OUTCOME_COLUMNS))
    for need in ("school", "direction"):
        if need not in cols:
            problems.append(_missing(grid, OUTCOME_COLUMNS, need, OUTCOME_COLUMNS[need][:2]))
    if "school" not in cols or "direction" not in cols:
        return [], set(), set()
    if not ({"score_after", "level_after", "expert_rating"} & set(cols)):
        problems.append(_missing(grid, OUTCOME_COLUMNS, "score_after", OUTCOME_COLUMNS["score_after"][:2] + OUTCOME_COLUMNS["level_after"][:2]))
        return [], set(), set()
    out: list[Outcome] = []
    networks: set[str] = set()
    years: set[int] = set()
    for row in rows_of(grid, cols):
        before = len(problems)
        school = row.get("ref", "school", problems)
        direction = row.get("ref", "direction", problems)
        score = row.get("float", "score_after", problems)
        level = row.get("level", "level_after", problems)
        rating = row.get("float", "expert_rating", problems)
        if "network" in cols and not row.blank("network"):
            networks.add(row.text("network"))
        if "year" in cols and not row.blank("year"):
            y = row.get("int", "year", problems)
            if y is not None:
                years.add(int(y))
        if school is None:
            problems.append(Problem.coded(row.location("school"), "input.empty_school"))
        if direction is None:
            problems.append(Problem.coded(row.location("direction"), "input.empty_direction"))
        if len(problems) > before or school is None or direction is None:
            continue
        if score is None and level is None and rating is None:
            # A team without any outcome: unknown, not "no change" — the row is simply not an outcome.
            continue
        key = (school, direction)
        if key in seen:
            problems.append(Problem.coded(row.location("school"), "outcomes.twice", {"first": seen[key]}, school=school, direction=direction))
            continue
        seen[key] = row.location("school")
        rows_read[key] = row
        o = _validate(Outcome, {"school": school, "direction": direction, "score_after": score, "level_after": level, "expert_rating": rating}, row, problems)
        if o is not None:
            out.append(o)
    return out, networks, years


def _read_journal_rows(grid: _Grid, problems: list[Problem], rows_read: list[Row]) -> list[JournalEntry]:
    cols = match_columns(grid, _aliases(JOURNAL_COLUMNS))
    if "school" not in cols:
        problems.append(_missing(grid, JOURNAL_COLUMNS, "school", JOURNAL_COLUMNS["school"][:2]))
        return []
    out: list[JournalEntry] = []
    for row in rows_of(grid, cols):
        before = len(problems)
        data = {
            "school": row.get("ref", "school", problems),
            "direction": row.get("ref", "direction", problems),
            "events": row.get("int", "events", problems),
            "staff_trained": row.get("int", "staff_trained", problems),
            "transfers": row.get("int", "transfers", problems),
        }
        if data["school"] is None:
            problems.append(Problem.coded(row.location("school"), "input.empty_school"))
        if len(problems) > before:
            continue
        if all(data[k] is None for k in ("events", "staff_trained", "transfers")):
            continue
        e = _validate(JournalEntry, data, row, problems)
        if e is not None:
            out.append(e)
            rows_read.append(row)
    return out


def _read_about(grid: _Grid, problems: list[Problem]) -> dict[str, tuple[Any, Location]]:
    cols = match_columns(grid, _aliases(ABOUT_COLUMNS))
    if "key" not in cols or "value" not in cols:
        # Without headers the first two columns are taken as key and value.
        cols = {"key": grid.headers[0], "value": grid.headers[1] if len(grid.headers) > 1 else grid.headers[0]}
        rows = [Row(grid, grid.header_row, list(grid.headers), cols), *rows_of(grid, cols)]
    else:
        rows = list(rows_of(grid, cols))
    out: dict[str, tuple[Any, Location]] = {}
    for row in rows:
        key = row.text("key").strip().lower()
        for canonical, words in _ABOUT_KEYS.items():
            if key in words:
                out[canonical] = (row.raw("value"), row.location("value"))
    return out


def read_outcomes(path: str | Path, *, network: Network | None = None, year: int | None = None, name: str | None = None) -> YearOutcomes:
    """Read a year's outcomes (and journal counts) from an XLSX workbook or a CSV file.

    Parameters
    ----------
    path : str or Path
        The workbook written by :func:`write_outcomes_template` and filled in,
        or a CSV outcomes table.
    network : Network, optional
        The network of the year the outcomes close; given, every school,
        direction and team is checked against it (and its name is the
        default network name).
    year : int, optional
        The year, when the file does not say it (a CSV table); a year the
        file states wins.
    name : str, optional
        The network name, when neither the file nor ``network`` gives one.

    Returns
    -------
    YearOutcomes

    Raises
    ------
    InputError
        Every problem at once, each with its file, sheet, row and column:
        unreadable files, missing columns, bad cells, unknown schools,
        directions or teams, an outcome given twice, no year.
    """
    path = Path(path)
    grids = grids_of(path)
    problems: list[Problem] = []
    outcomes: list[Outcome] = []
    journal: list[JournalEntry] = []
    seen: dict[tuple[str, str], Location] = {}
    outcome_rows: dict[tuple[str, str], Row] = {}
    journal_rows: list[Row] = []
    networks: set[str] = set()
    years: set[int] = set()
    about: dict[str, tuple[Any, Location]] = {}
    kinds = {id(g): _sheet_kind(g) for g in grids}
    if path.suffix.lower() in (".csv", ".txt") or not any(kinds.values()):
        # A CSV file, or a workbook whose sheets are not named: the first table holds the outcomes.
        kinds = {id(g): ("outcomes" if i == 0 else None) for i, g in enumerate(grids)}
    outcome_grids = [g for g in grids if kinds[id(g)] == "outcomes"]
    if not outcome_grids:
        raise InputError(Problem.coded(Location(file=path.name), "outcomes.no_table"))
    for g in grids:
        kind = kinds[id(g)]
        if kind == "outcomes":
            got, nets, ys = _read_outcome_rows(g, problems, seen, outcome_rows)
            outcomes += got
            networks |= nets
            years |= ys
        elif kind == "journal":
            journal += _read_journal_rows(g, problems, journal_rows)
        elif kind == "about":
            about = _read_about(g, problems)
    if "network" in about and str(about["network"][0] or "").strip():
        networks.add(str(about["network"][0]).strip())
    if "year" in about:
        value, loc = about["year"]
        try:
            years.add(int(float(str(value).strip())))
        except (TypeError, ValueError):
            problems.append(Problem.coded(loc, "input.not_year", value=repr(value)))
    if year is not None and not years:
        years.add(year)
    net_name = next(iter(networks)) if len(networks) == 1 else (network.name if network is not None else name)
    if len(networks) > 1:
        problems.append(Problem.coded(Location(file=path.name, field="network"), "outcomes.several_networks", names=", ".join(sorted(networks))))
    if len(years) > 1:
        problems.append(Problem.coded(Location(file=path.name, field="year"), "outcomes.several_years", years=", ".join(str(y) for y in sorted(years))))
    if not years:
        problems.append(Problem.coded(Location(file=path.name, field="year"), "outcomes.no_year"))
    if network is not None and net_name is not None and net_name != network.name:
        problems.append(Problem.coded(Location(file=path.name, field="network"), "outcomes.other_network", found=net_name, expected=network.name))
    if problems:
        raise InputError(problems)
    record = YearOutcomes(network=net_name or path.stem, year=next(iter(years)), outcomes=tuple(outcomes), journal=tuple(journal))
    if network is not None:
        places = {"outcomes": [outcome_rows[(o.school, o.direction)] for o in record.outcomes], "journal": journal_rows}

        def locate(table: str, index: int, field: str) -> Location:
            return places[table][index].location(field)

        found = record.problems(network, locate)
        if found:
            raise InputError(found)
    return record


def _about_rows(network_name: str, year: int | None, lang: Lang) -> list[tuple[str, Any]]:
    return [("сеть" if lang == "ru" else "network", network_name), ("год" if lang == "ru" else "year", year)]


def write_outcomes_template(network: Network, plan: Plan | None, path: str | Path, lang: Lang = "ru", *, year: int | None = None) -> Path:
    """Write the workbook a planner fills in at the end of a year.

    One ``outcomes`` row per team of the network, with the team's role in
    the plan and its competence at the start of the year filled in (for
    reference), and empty ``score after`` / ``level after`` /
    ``expert rating`` cells (a drop-down of the levels). One ``journal`` row
    per site (a school hosting a direction in the plan) and per trainee
    school, with empty counts. ``about`` names the network and the year
    (``year``, else the network's year).

    Parameters
    ----------
    network : Network
    plan : Plan, optional
        The year's plan; without it the role column stays empty.
    path : str or Path
        The ``.xlsx`` file to write.
    lang : {"ru", "en"}
        Headers and level words.

    Returns
    -------
    Path
    """
    path = Path(path)
    role = plan.role_of if plan is not None else {}
    words = {"ru": {"leader": "лидер", "promising": "подающие надежды", "hidden_reserve": "скрытый резерв"},
             "en": {"leader": "leader", "promising": "promising", "hidden_reserve": "hidden_reserve"}}[lang]
    book = Workbook()
    ws = book.active
    ws.title = _SHEETS["outcomes"][1 if lang == "ru" else 0]
    names = ("school", "direction", "direction_name", "role", "score_before", "level_before", "score_after", "level_after", "expert_rating")
    for j, n in enumerate(names, start=1):
        put(ws, 1, j, _header(OUTCOME_COLUMNS, n, lang))
    dirs = network.direction_by_id
    r = 1
    for c in network.competences:
        r += 1
        got = role.get((c.school, c.direction))
        values = [c.school, c.direction, dirs[c.direction].label, words[got.value] if got else None,
                  c.score, words[c.level.value] if c.level else None, None, None, None]
        for j, v in enumerate(values, start=1):
            put(ws, r, j, v)
    dv = DataValidation(type="list", formula1='"' + ",".join(words.values()) + '"', allow_blank=True)
    ws.add_data_validation(dv)
    dv.add(f"H2:H{max(r, 2)}")
    format_sheet(ws)
    wj = book.create_sheet(_SHEETS["journal"][1 if lang == "ru" else 0])
    jnames = ("school", "direction", "events", "staff_trained", "transfers")
    for j, n in enumerate(jnames, start=1):
        put(wj, 1, j, _header(JOURNAL_COLUMNS, n, lang))
    keys: list[tuple[str, str]] = []
    if plan is not None:
        for p in plan.pairs:
            for k in ((p.mentor, p.direction), (p.trainee, p.direction)):
                if k not in keys:
                    keys.append(k)
    for i, (s, d) in enumerate(keys, start=2):
        put(wj, i, 1, s)
        put(wj, i, 2, d)
    format_sheet(wj)
    wa = book.create_sheet(_SHEETS["about"][1 if lang == "ru" else 0])
    put(wa, 1, 1, _header(ABOUT_COLUMNS, "key", lang))
    put(wa, 1, 2, _header(ABOUT_COLUMNS, "value", lang))
    for i, (key, value) in enumerate(_about_rows(network.name, year if year is not None else network.year, lang), start=2):
        put(wa, i, 1, key)
        put(wa, i, 2, value)
    format_sheet(wa)
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def write_outcomes(record: YearOutcomes, network: Network, plan: Plan | None, path: str | Path, lang: Lang = "ru") -> Path:
    """Write filled-in outcomes (as :func:`write_outcomes_template` lays them out) for a year's record.

    Used for the shipped synthetic example and for round trips; reading the
    file back gives an equal :class:`~mentornet.model.YearOutcomes`.
    """
    from openpyxl import load_workbook

    path = write_outcomes_template(network, plan, path, lang, year=record.year)
    book = load_workbook(path)
    ws, wj, wa = book.worksheets[:3]
    words = {"ru": {"leader": "лидер", "promising": "подающие надежды", "hidden_reserve": "скрытый резерв"},
             "en": {"leader": "leader", "promising": "promising", "hidden_reserve": "hidden_reserve"}}[lang]
    by_key = record.outcome_of
    for r in range(2, ws.max_row + 1):
        o = by_key.get((str(ws.cell(r, 1).value), str(ws.cell(r, 2).value)))
        if o is not None:
            put(ws, r, 7, o.score_after)
            put(ws, r, 8, words[o.level_after.value] if o.level_after else None)
            put(ws, r, 9, o.expert_rating)
    wj.delete_rows(2, wj.max_row)
    for i, e in enumerate(record.journal, start=2):
        for j, v in enumerate((e.school, e.direction, e.events, e.staff_trained, e.transfers), start=1):
            put(wj, i, j, v)
    put(wa, 2, 2, record.network)
    put(wa, 3, 2, record.year)
    book.save(path)
    return path

