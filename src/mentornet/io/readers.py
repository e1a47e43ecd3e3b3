"""Reading full networks (and their policy) from workbooks, CSV folders and JSON.

One layout serves every tabular format: a table per part of the network
(``schools``, ``directions``, ``curators``, ``competences``,
``history_roles``, ``history_pairs``, ``history_deferred``, ``locks_pairs``, ``locks_forbidden``,
``locks_roles``) plus two optional key/value tables, ``network`` (name, year)
and ``policy``. In a workbook each table is a sheet, in a folder a CSV file
named after it; sheet names, file names and column headers may be Russian
or English (:data:`TABLES` lists the words understood). JSON holds the same
data as ``Network.model_dump(mode="json")`` with an optional ``"policy"``
key.

Every reader checks everything before it raises: one
:class:`~mentornet.errors.InputError` lists the problems of every sheet,
each with its file, sheet, row (Excel numbering, header = row 1) and
column. Nothing is half-loaded: the result is a whole, valid network or an
error.
"""

from __future__ import annotations

import csv
import io as _io
import json
import logging
import math
import re
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import annotated_types
import openpyxl
import pandas as pd
from pydantic import BaseModel, ValidationError

from mentornet.errors import InputError, Location, Problem
from mentornet.i18n import Message
from mentornet.io._tables import decode_csv_bytes, fold_header, resolve_columns
from mentornet.io.cells import unescape_text
from mentornet.io.limits import MAX_JSON_DEPTH, check_archive, json_too_deep, limited_rows, read_limited_text_bytes
from mentornet.io.roletable import network_from_role_table, read_role_table
from mentornet.model import (
    Audience,
    Competence,
    Curator,
    Direction,
    Format,
    History,
    HistoryNeed,
    HistoryPair,
    HistoryRole,
    Indicators,
    Kind,
    Locks,
    Mode,
    Network,
    PairLock,
    Policy,
    Results,
    RoleLock,
    School,
    Settlement,
    Site,
    Weights,
    parse_level,
)

log = logging.getLogger(__name__)

__all__ = [
    "BOOL_WORDS",
    "INDICATORS",
    "KIND_WORDS",
    "META",
    "META_KEYS",
    "POLICY",
    "RESULTS_WORDS",
    "SETTLEMENT_WORDS",
    "TABLES",
    "TABLE_BY_NAME",
    "Column",
    "KeyValueSpec",
    "TableSpec",
    "explain",
    "policy_fields",
    "policy_key",
    "read_any",
    "read_any_with_policy",
    "read_cell",
    "read_indicators",
    "read_policy",
]


# ---------------------------------------------------------------- schema


@dataclass(frozen=True)
class Column:
    """One column of a network table.

    ``name`` is the model field and the English header; ``ru`` the Russian
    header the template writes; ``aliases`` further headers accepted.
    ``kind`` says how a cell is read: ``id`` (the row's own id), ``ref`` (an
    id of another table), ``text``, ``int``, ``float``, ``bool``,
    ``adverse`` (a yes/no word or an index 0..1), ``kind``, ``settlement``,
    ``results``, ``level`` or ``list`` (values separated by ``;``).
    ``required``: the column must exist and every row must fill it.
    """

    name: str
    ru: str
    kind: str = "text"
    aliases: tuple[str, ...] = ()
    required: bool = False

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.name, self.ru, *self.aliases)


@dataclass(frozen=True)
class TableSpec:
    """One network table: its sheet (or CSV file) names, columns and model.

    ``path`` is the table's name in :meth:`Network.problems` (``history.roles``
    for the sheet ``history_roles``). ``id_from`` names a column whose value
    stands in for the id when a sheet has no id column (a schools sheet with
    names only). ``keys`` are the fields the cross-reference checks read.
    """

    name: str
    ru: str
    path: str
    model: type[BaseModel]
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    id_from: str | None = None
    keys: tuple[str, ...] = ()
    required: bool = False
    #: A workbook gets this sheet only when the table has rows (newer, rarely filled tables).
    optional: bool = False

    @property
    def sheet_names(self) -> tuple[str, ...]:
        return (self.name, self.ru, *self.aliases)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


_SCHOOL = ("school", "код школы", ("school id", "школа", "оо", "образовательная организация"))
_DIRECTION = ("direction", "код направления", ("direction id", "direction no", "направление", "№ направления", "номер направления"))
_MENTOR = ("mentor", "наставник", ("mentor school", "школа-наставник", "школа наставник"))
_TRAINEE = ("trainee", "стажёр", ("trainee school", "стажер", "школа-стажёр", "школа стажёр", "стажирующаяся школа"))
_ROLE = ("role", "роль", ("level", "уровень", "категория команды"))
_YEAR = ("year", "год", ("учебный год",))


def _col(spec: tuple[str, str, tuple[str, ...]], kind: str = "ref", required: bool = True) -> Column:
    name, ru, aliases = spec
    return Column(name, ru, kind, aliases, required)


def _pair_columns(direction_required: bool) -> tuple[Column, ...]:
    return (_col(_MENTOR), _col(_TRAINEE), _col(_DIRECTION, required=direction_required))


TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "schools", "школы", "schools", School,
        (
            Column("id", "код школы", "id", ("school", "school id", "школа", "код", "идентификатор"), True),
            Column("name", "название", "text", ("school name", "full name", "наименование", "полное наименование", "название школы")),
            Column("municipality", "муниципалитет", "text", ("district", "муниципальный район", "район", "муниципальное образование")),
            Column("kind", "тип школы", "kind", ("type", "school type", "тип", "вид", "вид оо")),
            Column("settlement", "местность", "settlement", ("settlement type", "тип поселения", "поселение", "тип местности")),
            Column("lat", "широта", "float", ("latitude",)),
            Column("lon", "долгота", "float", ("lng", "longitude")),
            Column("results", "результаты", "results", ("образовательные результаты", "уровень результатов")),
            Column("adverse", "неблагоприятные условия", "adverse", ("adverse conditions", "неблагоприятные социальные условия", "индекс неблагоприятности")),
            Column("is_new", "новая школа", "bool", ("new", "new school", "новая", "новая или обновлённая")),
            Column("host_capacity", "мест для стажёров", "int", ("capacity", "вместимость", "принимает команд")),
            Column("max_trainee_directions", "направлений обучения в год", "int", ("trainee directions", "макс. направлений стажировки", "направлений в год")),
        ),
        aliases=("school", "школа"),
        id_from="name", keys=("id", "municipality"), required=True,
    ),
    TableSpec(
        "directions", "направления", "directions", Direction,
        (
            Column("id", "код направления", "id", ("direction id", "direction no", "direction_no", "№", "№ направления", "номер направления", "номер", "код"), True),
            Column("name", "название направления", "text", ("direction", "direction name", "название", "направление", "направление стажировки")),
            Column("curators", "кураторы", "list", ("curator", "куратор", "куратор стажировки")),
            Column("mentor_cap", "стажёров на наставника", "int", ("cap", "cap per mentor", "команд на наставника", "лимит на наставника")),
            Column("online", "онлайн", "bool", ("дистанционно", "дистанционное", "дистанционный формат")),
            Column("audience", "аудитория", "audience", ("для кого", "участники", "категория участников")),
            Column("format", "форма работы", "format", ("форма", "формат наставничества", "пары или группы")),
            Column("mode", "формат проведения", "mode", ("очно или онлайн", "режим", "форма проведения")),
            Column("group_min", "мин. команд в группе", "int", ("group min", "минимум в группе", "команд в группе не менее")),
            Column("group_max", "макс. команд в группе", "int", ("group max", "максимум в группе", "команд в группе не более")),
        ),
        aliases=("direction", "направление", "стажировки"),
        id_from="name", keys=("id", "curators"), required=True,
    ),
    TableSpec(
        "curators", "кураторы", "curators", Curator,
        (
            Column("id", "код куратора", "id", ("curator", "curator id", "куратор", "код"), True),
            Column("name", "ФИО", "text", ("full name", "ф.и.о.", "имя")),
            Column("max_teams", "макс. команд", "int", ("teams", "максимум команд", "команд не более", "нагрузка")),
            Column("directions", "направления", "list", ("direction ids",)),
            Column("municipalities", "муниципалитеты", "list", ("districts", "районы", "муниципальные районы")),
            Column("kind", "вид куратора", "text", ("curator kind", "тип куратора", "роль куратора")),
            Column("max_schools", "макс. школ", "int", ("schools", "максимум школ", "школ не более")),
        ),
        aliases=("curator", "куратор", "консультанты", "научные консультанты"),
        id_from="name", keys=("id", "directions", "municipalities"),
    ),
    TableSpec(
        "competences", "компетенции", "competences", Competence,
        (
            _col(_SCHOOL),
            _col(_DIRECTION),
            Column("score", "балл", "float", ("баллы", "оценка", "score 0..100", "балл 0..100")),
            Column("level", "уровень", "level", ("role", "роль", "категория команды")),
        ),
        aliases=("competencies", "competence", "уровни", "оценки"),
        keys=("school", "direction"), required=True,
    ),
    TableSpec(
        "history_roles", "история ролей", "history.roles", HistoryRole,
        (Column("year", "год", "int", _YEAR[2], True), _col(_SCHOOL), _col(_DIRECTION), _col(_ROLE, "level")),
        aliases=("history roles", "роли прошлых лет"),
        keys=("school", "direction"),
    ),
    TableSpec(
        "history_pairs", "история пар", "history.pairs", HistoryPair,
        (Column("year", "год", "int", _YEAR[2], True), *_pair_columns(True)),
        aliases=("history pairs", "пары прошлых лет"),
        keys=("mentor", "trainee", "direction"),
    ),
    TableSpec(
        "history_deferred", "история отложенных", "history.deferred", HistoryNeed,
        (Column("year", "год", "int", _YEAR[2], True), _col(_SCHOOL), _col(_DIRECTION)),
        aliases=("history deferred", "deferred needs", "отложенные потребности"),
        keys=("school", "direction"), optional=True,
    ),
    TableSpec(
        "locks_pairs", "закреплённые пары", "locks.pairs", PairLock,
        _pair_columns(True),
        aliases=("locked pairs", "kept pairs", "фиксированные пары"),
        keys=("mentor", "trainee", "direction"),
    ),
    TableSpec(
        "locks_forbidden", "запрещённые пары", "locks.forbidden", PairLock,
        _pair_columns(False),
        aliases=("forbidden pairs", "forbidden", "запреты"),
        keys=("mentor", "trainee", "direction"),
    ),
    TableSpec(
        "locks_roles", "закреплённые роли", "locks.roles", RoleLock,
        (_col(_SCHOOL), _col(_DIRECTION), _col(_ROLE, "level")),
        aliases=("locked roles", "фиксированные роли"),
        keys=("school", "direction"),
    ),
    TableSpec(
        "sites", "площадки", "sites", Site,
        (
            Column("id", "код площадки", "id", ("site", "site id", "площадка", "код"), True),
            Column("name", "название площадки", "text", ("site name", "название", "стажировочная площадка")),
            Column("schools", "школы площадки", "list", ("school", "schools", "members", "школа", "школы", "школы сети"), True),
            Column("start_year", "год присвоения статуса", "int", ("start", "since", "status year", "год начала", "с года")),
            Column("term_years", "срок статуса, лет", "int", ("term", "term years", "срок", "срок статуса")),
            Column("max_schools", "школ-стажёров не более", "int", ("schools limit", "capacity schools", "школ не более", "вместимость (школ)")),
            Column("max_pairs", "пар не более", "int", ("pairs limit", "capacity pairs", "вместимость (пар)")),
        ),
        aliases=("site", "internship sites", "стажировочные площадки", "площадка"),
        id_from="name", keys=("id", "schools"), optional=True,
    ),
)

TABLE_BY_NAME: dict[str, TableSpec] = {t.name: t for t in TABLES}

#: The optional ``indicators`` table (seeds 004 and 000): one row per school,
#: every value optional. Read and written beside :data:`TABLES` (it is not
#: one of the planning tables the template lays out). Besides its columns,
#: any header ``results: <subject>`` / ``результаты: <предмет>`` holds that
#: subject's results (:data:`SUBJECT_HEADER`).
INDICATORS = TableSpec(
    "indicators", "показатели", "indicators", Indicators,
    (
        _col(_SCHOOL),
        Column("results", "индекс результатов", "float", ("results index", "результаты", "образовательные результаты", "индекс образовательных результатов")),
        Column("adversity", "индекс неблагополучия", "float", ("social disadvantage", "social disadvantage index", "индекс социального неблагополучия", "неблагоприятные условия")),
        Column("pupils", "контингент", "int", ("students", "обучающихся", "число обучающихся", "численность обучающихся")),
        Column("staff", "педагогов", "int", ("teachers", "педагогические работники", "число педагогов", "кадры")),
        Column("opened", "год открытия", "int", ("opening year", "year opened", "открыта", "год открытия или реновации")),
        Column("subjects", "предметы", "subjects"),
    ),
    aliases=("indicator", "school indicators", "показатели школ", "индикаторы"),
    keys=("school",), optional=True,
)
#: A header naming one subject's results: ``results: math``, ``результаты: математика``.
SUBJECT_HEADER = re.compile(r"^\s*(?:results|subject|результаты|предмет)\s*[:—–-]\s*(?P<subject>\S.*?)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class KeyValueSpec:
    """A key/value table (``network`` and ``policy``): one setting per row."""

    name: str
    ru: str
    aliases: tuple[str, ...]
    key: Column
    value: Column

    @property
    def sheet_names(self) -> tuple[str, ...]:
        return (self.name, self.ru, *self.aliases)


META = KeyValueSpec(
    "network", "сеть", ("meta", "about", "о сети"),
    Column("key", "параметр", "text", ("parameter", "field", "ключ", "поле"), True),
    Column("value", "значение", "text", (), True),
)
POLICY = KeyValueSpec(
    "policy", "политика", ("settings", "parameters", "параметры", "настройки", "параметры планирования"),
    Column("key", "параметр", "text", ("parameter", "setting", "ключ", "настройка"), True),
    Column("value", "значение", "text", (), True),
)
# Keys of the ``network`` table; Russian words as the template writes them.
META_KEYS: dict[str, tuple[str, ...]] = {
    "name": ("название", "наименование", "название сети"),
    "year": ("год", "учебный год", "год плана"),
}
_IGNORED_SHEETS = ("readme", "инструкция", "read me", "help", "справка", "описание")

# ---------------------------------------------------------------- cell words

KIND_WORDS: dict[Kind, tuple[str, ...]] = {
    Kind.basic: ("basic", "ООШ", "основная", "основная школа", "основная общеобразовательная школа"),
    Kind.secondary: ("secondary", "СОШ", "средняя", "средняя школа", "средняя общеобразовательная школа"),
    Kind.gymnasium: ("gymnasium", "гимназия"),
    Kind.lyceum: ("lyceum", "лицей"),
}
SETTLEMENT_WORDS: dict[Settlement, tuple[str, ...]] = {
    Settlement.rural: ("rural", "сельская", "село", "сельская местность", "сельский", "сельское"),
    Settlement.urban: ("urban", "городская", "город", "городской", "городское"),
}
RESULTS_WORDS: dict[Results, tuple[str, ...]] = {
    Results.high: ("high", "высокие", "высокий", "высокие результаты"),
    Results.normal: ("normal", "обычные", "средние", "обычный", "средний"),
    Results.low: ("low", "низкие", "низкий", "низкие результаты", "ШНОР"),
}
AUDIENCE_WORDS: dict[Audience, tuple[str, ...]] = {
    Audience.teachers: ("teachers", "учителя", "учитель", "педагоги", "учитель — учитель", "учитель-учитель"),
    Audience.heads: ("heads", "руководители", "руководитель", "управленческие команды", "руководитель — руководители",
                     "руководитель-руководители", "руководитель — руководитель", "руководитель-руководитель"),
}
FORMAT_WORDS: dict[Format, tuple[str, ...]] = {
    Format.pair: ("pair", "pairs", "пары", "пара", "парная", "в парах"),
    Format.group: ("group", "groups", "группы", "группа", "групповая", "в группах"),
}
MODE_WORDS: dict[Mode, tuple[str, ...]] = {
    Mode.online: ("online", "онлайн", "дистанционно", "дистанционный", "zoom"),
    Mode.onsite: ("onsite", "on site", "on-site", "очно", "очный", "на площадке"),
    Mode.mixed: ("mixed", "смешанный", "смешанно", "очно-дистанционный", "очно и онлайн"),
}
BOOL_WORDS: dict[bool, tuple[str, ...]] = {
    True: ("yes", "да", "true", "1", "y", "д", "истина", "+", "✓"),
    False: ("no", "нет", "false", "0", "n", "н", "ложь"),
}
# Words meaning "no value" for settings that may be switched off (max_km).
_NONE_WORDS = ("none", "null", "нет", "no", "без ограничения", "не ограничено")


def _lookup(words: Mapping[Any, tuple[str, ...]]) -> dict[str, Any]:
    return {fold_header(w): value for value, ws in words.items() for w in ws}


_WORD_TABLES: dict[str, tuple[dict[str, Any], str]] = {
    "kind": (_lookup(KIND_WORDS), "input.not_kind"),
    "settlement": (_lookup(SETTLEMENT_WORDS), "input.not_settlement"),
    "results": (_lookup(RESULTS_WORDS), "input.not_results"),
    "bool": (_lookup(BOOL_WORDS), "input.not_bool"),
    "audience": (_lookup(AUDIENCE_WORDS), "input.not_audience"),
    "format": (_lookup(FORMAT_WORDS), "input.not_format"),
    "mode": (_lookup(MODE_WORDS), "input.not_mode"),
}
_BOOL = _WORD_TABLES["bool"][0]


# ---------------------------------------------------------------- cells


class _CellError(ValueError):
    """A cell that cannot be read as its column's kind: message ``code`` with ``params``.

    ``suggestions`` are the closest valid values (a mistyped level).
    """

    def __init__(self, code: str, suggestions: Iterable[str] = (), **params: Any):
        super().__init__(Message(code=code, params=params).render("en"))
        self.code = code
        self.params = params
        self.suggestions = tuple(suggestions)


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def cell_text(value: Any) -> str:
    """A cell as text: whole floats lose their '.0' (Excel stores 7 as 7.0)."""
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def cell_number(value: Any, *, whole: bool = False) -> int | float | None:
    """A number from a cell: Excel numbers, '12', '0,5' (decimal comma), ' 7 '."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        raise _CellError("input.not_number_whole" if whole else "input.not_number", value=str(value))
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        number = value
    else:
        text = str(value).strip().replace("\u00a0", "").replace(" ", "")
        if whole and re.fullmatch(r"[+-]?\d+", text):
            return int(text)  # exact, even past float precision
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise _CellError("input.not_number_whole" if whole else "input.not_number", value=_show(value)) from None
    if not math.isfinite(number):
        raise _CellError("input.not_number_whole" if whole else "input.not_number", value=_show(value))
    if whole:
        if not number.is_integer():
            raise _CellError("input.not_whole_number", value=_show(value))
        return int(number)
    return number


def cell_bool(value: Any) -> bool | None:
    """Yes/no from a cell: Excel booleans, 1/0, да/нет, yes/no, true/false."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    folded = fold_header(cell_text(value))
    if folded in _BOOL:
        return _BOOL[folded]
    raise _CellError(_WORD_TABLES["bool"][1], value=_show(value))


def _split(value: Any) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(t for t in (cell_text(v) for v in value) if t)
    return tuple(t.strip() for t in re.split(r"[;\n]", cell_text(value)) if t.strip())


def read_cell(kind: str, value: Any) -> Any:
    """Convert one cell for a column of ``kind``; ``None`` means empty.

    Raises ``_CellError`` (a ValueError) with a planner-readable reason.
    """
    if kind in ("id", "ref", "text"):
        return cell_text(value) or None
    if kind == "int":
        return cell_number(value, whole=True)
    if kind == "float":
        return cell_number(value)
    if kind == "list":
        return _split(value) or None
    if kind == "level":
        if _blank(value):
            return None
        text = cell_text(value)
        try:
            return parse_level(text)
        except ValueError as exc:
            raise _CellError("input.not_level", getattr(exc, "suggestions", ()), value=text) from None
    if kind == "adverse":
        # An index 0..1, or a plain yes/no for "adverse conditions or not".
        if isinstance(value, str) and fold_header(value) in _BOOL and fold_header(value) not in ("0", "1"):
            return 1.0 if _BOOL[fold_header(value)] else 0.0
        if isinstance(value, bool):
            return 1.0 if value else 0.0
        return cell_number(value)
    if kind == "bool":
        return cell_bool(value)
    if kind in _WORD_TABLES:
        if _blank(value):
            return None
        table, code = _WORD_TABLES[kind]
        folded = fold_header(cell_text(value))
        if folded in table:
            return table[folded]
        raise _CellError(code, value=_show(value))
    raise AssertionError(f"unknown column kind {kind!r}")


# ---------------------------------------------------------------- places


@dataclass(frozen=True)
class _Place:
    """Where a record came from: a sheet or CSV row, or a JSON object.

    For a row, :meth:`at` names the column as its header is written; for
    JSON, the field's path (``schools[3].host_capacity``). A ``leaf`` place
    is a single JSON value (a policy setting) and names only its own path.
    """

    file: str
    sheet: str | None = None
    row: int | None = None
    headers: Mapping[str, str] = field(default_factory=dict)
    path: str | None = None
    leaf: bool = False

    def at(self, name: str | None = None) -> Location:
        if self.path is not None:
            full = f"{self.path}.{name}" if name and not self.leaf else self.path
            return Location(file=self.file, field=full)
        column = self.headers.get(name, name) if name else None
        return Location(file=self.file, sheet=self.sheet, row=self.row, column=column, field=name)


@dataclass
class _Grid:
    """A table as read: the header row, then data rows with their Excel numbers."""

    file: str
    sheet: str | None
    header_row: int
    headers: list[str]
    rows: list[tuple[int, list[Any]]]

    def place(self, row: int | None = None, headers: Mapping[str, str] | None = None) -> _Place:
        return _Place(self.file, self.sheet, row, headers or {})

    def columns(self, aliases: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
        """``{canonical: header}`` for the headers that match an alias."""
        columns, _ = resolve_columns(pd.DataFrame(columns=self.headers), dict(aliases), (), file=self.file, sheet=self.sheet)
        return columns

    def position(self, header: str) -> int:
        return self.headers.index(header)

    def frame(self) -> pd.DataFrame:
        """A DataFrame indexed so that ``index + 2`` is the Excel row (as roletable counts)."""
        keep = [i for i, h in enumerate(self.headers) if h]
        data = [[r[i] if i < len(r) else None for i in keep] for _, r in self.rows]
        return pd.DataFrame(data, columns=[self.headers[i] for i in keep], index=[n - 2 for n, _ in self.rows], dtype=object)


def _grid(rows: Iterable[Iterable[Any]], file: str, sheet: str | None) -> _Grid | None:
    """Build a grid from raw rows; ``None`` when there is not even a header.

    Blank rows are skipped but counted, so row numbers stay those of Excel.
    """
    header: tuple[int, list[str]] | None = None
    data: list[tuple[int, list[Any]]] = []
    for number, values in enumerate(rows, start=1):
        values = list(values)
        if all(_blank(v) for v in values):
            continue
        if header is None:
            header = (number, [cell_text(v) for v in values])
        else:
            data.append((number, values))
    if header is None:
        return None
    return _Grid(file, sheet, header[0], header[1], data)


def _csv_grid(text: str, file: str) -> _Grid | None:
    lines = text.splitlines()
    first = lines[0] if lines else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = ([unescape_text(v) for v in row] for row in csv.reader(_io.StringIO(text), delimiter=delimiter))
    return _grid(limited_rows(rows, file), file, None)


def _where(file: str, sheet: str | None) -> str:
    return f"{file}, sheet {sheet!r}" if sheet else file


def _empty_problem(file: str, sheet: str | None, what: str) -> Problem:
    """``what``: the rows expected, ``schools``, ``rows`` or ``roles``."""
    where = "sheet" if sheet else "file"
    return Problem.coded(Location(file=file, sheet=sheet), f"input.empty_{where}_{what}")


def _workbook(path: Path) -> dict[str, _Grid | None]:
    """Every sheet of an XLSX workbook as a grid (``None`` for an empty sheet).

    The archive's declared sizes are checked before it is opened; sheets
    are streamed (read-only mode) and reading stops at the row and cell
    limits of :mod:`mentornet.io.limits`.
    """
    check_archive(path, path.name, what="workbook")
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl errors alike mean "not a workbook"
        raise InputError(
            Problem.coded(Location(file=path.name), "input.not_xlsx", error=f"{type(exc).__name__}: {exc}", app="Excel")
        ) from exc
    try:
        return {ws.title: _grid(limited_rows(ws.iter_rows(values_only=True), path.name, ws.title), path.name, ws.title) for ws in book.worksheets}
    finally:
        book.close()


# ---------------------------------------------------------------- pydantic errors


def _num(x: float) -> str:
    return f"{int(x):,}" if float(x).is_integer() else f"{x:g}"


def _out_of_range(model: type[BaseModel], name: str | None) -> tuple[str, dict[str, Any]]:
    """The code and parameters of "out of range; expected <the field's bounds>"."""
    info = model.model_fields.get(name) if name else None
    if info is None:
        return "input.out_of_range_other", {}
    lo: Any = None  # annotated_types bounds are "comparable", numbers here
    hi: Any = None
    lo_op, hi_op = "≥", "≤"
    for m in info.metadata:
        if isinstance(m, annotated_types.Ge):
            lo = m.ge
        elif isinstance(m, annotated_types.Gt):
            lo, lo_op = m.gt, ">"
        elif isinstance(m, annotated_types.Le):
            hi = m.le
        elif isinstance(m, annotated_types.Lt):
            hi, hi_op = m.lt, "<"
    whole = "_whole" if info.annotation is int or int in typing.get_args(info.annotation) else ""
    # A small range reads as a scale ("from 0 to 100"); a large upper bound is a safety cap ("≥ 0 and ≤ 10,000").
    if lo is not None and hi is not None and (lo_op, hi_op) == ("≥", "≤") and hi < 1000:
        return f"input.out_of_range_scale{whole}", {"lo": _num(lo), "hi": _num(hi)}
    parts = [f"{lo_op} {_num(lo)}" if lo is not None else "", f"{hi_op} {_num(hi)}" if hi is not None else ""]
    parts = [p for p in parts if p]
    if len(parts) == 2:
        return f"input.out_of_range_both{whole}", {"lo": parts[0], "hi": parts[1]}
    if parts:
        return f"input.out_of_range_bound{whole}", {"bound": parts[0]}
    return f"input.out_of_range_none{whole}", {}


def explained(err: Mapping[str, Any], model: type[BaseModel], name: str | None) -> tuple[str, dict[str, Any]]:
    """A pydantic error in a planner's words: a message code and its parameters.

    Parameters
    ----------
    err : mapping
        One entry of ``ValidationError.errors()``.
    model : type of BaseModel
        The model the field belongs to (its constraints give the range).
    name : str or None
        The field, ``None`` for a whole-object check.

    Returns
    -------
    tuple of (str, dict)
        A code of :data:`mentornet.messages.MESSAGES` and its parameters;
        pydantic's own text, where it is shown, is a parameter as given.
    """
    kind = err.get("type", "")
    got = err.get("input")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        code, params = _out_of_range(model, name)
        return code, {"value": _show(got), **params}
    if kind == "missing":
        return "input.value_required", {}
    if kind == "string_too_short":
        return "input.empty_id", {}
    if kind == "extra_forbidden":
        return "input.unknown_field", {}
    if kind in ("literal_error", "enum"):
        return "input.not_allowed", {"value": _show(got), "expected": err.get("ctx", {}).get("expected", "another value")}
    message = str(err.get("msg", "invalid value"))
    for prefix in ("Value error, ", "Assertion failed, "):
        message = message.removeprefix(prefix)
    if kind in ("value_error", "assertion_error"):
        return "input.invalid", {"text": message}
    return "input.invalid_got", {"text": message, "value": _show(got)}


def explain(err: Mapping[str, Any], model: type[BaseModel], name: str | None) -> str:
    """:func:`explained` rendered in English."""
    code, params = explained(err, model, name)
    return Message(code=code, params=params).render("en")


def _problems_of(exc: ValidationError, model: type[BaseModel], place: _Place) -> list[Problem]:
    out = []
    for err in exc.errors():
        name = str(err["loc"][0]) if err["loc"] else None
        cause = (err.get("ctx") or {}).get("error")
        code, params = explained(err, model, name)
        out.append(Problem.coded(place.at(name), code, suggestions=tuple(getattr(cause, "suggestions", ())), **params))
    return out


# ---------------------------------------------------------------- tables

_Records = Iterable[tuple[_Place, Mapping[str, Any]]]


@dataclass
class _Built:
    """One table turned into model objects, each with the place it came from.

    Rows with problems become placeholders (built without validation from
    their ids) so that the ids they define still resolve in the
    cross-reference checks instead of causing follow-up errors; they never
    reach a returned network, since their problems are raised first.
    """

    where: _Place
    items: list[Any] = field(default_factory=list)
    places: list[_Place] = field(default_factory=list)
    records: int = 0


def _build(spec: TableSpec, records: _Records, problems: list[Problem], where: _Place) -> _Built:
    built = _Built(where)
    for place, raw in records:
        built.records += 1
        data: dict[str, Any] = {}
        found: list[Problem] = []
        for column in spec.columns:
            if column.name not in raw:
                continue
            if column.kind == "subjects":
                subjects = _read_subjects(raw[column.name], place, found)
                if subjects:
                    data[column.name] = subjects
                continue
            try:
                value = read_cell(column.kind, raw[column.name])
            except _CellError as exc:
                found.append(Problem.coded(place.at(column.name), exc.code, suggestions=exc.suggestions, **exc.params))
                continue
            if value is not None:
                data[column.name] = value
        if spec.id_from and "id" not in data and data.get(spec.id_from):
            data["id"] = data[spec.id_from]
        for column in spec.columns:
            if column.required and column.name not in data and not any(p.location.field == column.name for p in found):
                if column.kind == "id":
                    found.append(Problem.coded(place.at(column.name), "input.empty_id"))
                else:
                    found.append(Problem.coded(place.at(column.name), "input.empty_value", column=column.name.replace("_", " ")))
        item = None
        if not found:
            try:
                item = spec.model.model_validate(data)
            except ValidationError as exc:
                found.extend(_problems_of(exc, spec.model, place))
        if item is None:
            problems.extend(found)
            needed = [k for k in spec.keys if spec.model.model_fields[k].is_required() or k == "id"]
            if not all(k in data for k in needed):
                continue
            item = spec.model.model_construct(**{k: data[k] for k in spec.keys if k in data})
        built.items.append(item)
        built.places.append(place)
    return built


def _read_subjects(value: Any, place: _Place, found: list[Problem]) -> dict[str, float]:
    """Subject results ``{subject: raw cell}`` as numbers; a bad cell is a problem at its own column."""
    if not isinstance(value, Mapping):
        found.append(Problem.coded(place.at("subjects"), "input.expected_object", keys="subject: number"))
        return {}
    out: dict[str, float] = {}
    for subject, raw in value.items():
        try:
            number = cell_number(raw)
        except _CellError as exc:
            found.append(Problem.coded(place.at(f"subjects.{subject}"), exc.code, **exc.params))
            continue
        if number is not None:
            out[str(subject)] = float(number)
    return out


def _aliases(columns: Iterable[Column]) -> dict[str, tuple[str, ...]]:
    return {c.name: c.headers[1:] for c in columns if c.kind != "subjects"}


def _missing_column(grid: _Grid, column: Column, score_or_level: bool = False) -> Problem:
    """A required column not found; ``score_or_level``: the competence table's score or level."""
    found = ", ".join(f"'{h}'" for h in grid.headers if h)
    code = "input.missing_score_column" if score_or_level else "input.missing_column"
    return Problem.coded(
        Location(file=grid.file, sheet=grid.sheet, row=grid.header_row, column=column.name),
        code if found else code + "_none",
        headers=", ".join(f"'{h}'" for h in column.headers[:4]),
        found=found,
    )


def _grid_records(spec: TableSpec, grid: _Grid, problems: list[Problem]) -> _Records | None:
    """The grid's rows keyed by the spec's columns; ``None`` if a required column is missing."""
    columns = grid.columns(_aliases(spec.columns))
    if spec.id_from and "id" not in columns and spec.id_from in columns:
        columns["id"] = columns[spec.id_from]
    missing = [_missing_column(grid, c) for c in spec.columns if c.required and c.name not in columns]
    if spec.name == "competences" and "score" not in columns and "level" not in columns:
        missing.append(_missing_column(grid, spec.column("score"), score_or_level=True))
    if missing:
        problems.extend(missing)
        return None
    positions = {name: grid.position(header) for name, header in columns.items()}
    subjects: dict[str, int] = {}
    if any(c.kind == "subjects" for c in spec.columns):
        taken = set(columns.values())
        for i, header in enumerate(grid.headers):
            match = SUBJECT_HEADER.match(header) if header and header not in taken else None
            if match:
                subjects[match.group("subject")] = i
    headers = {**columns, **{f"subjects.{name}": grid.headers[i] for name, i in subjects.items()}}

    def record(values: list[Any]) -> dict[str, Any]:
        out = {name: values[i] if i < len(values) else None for name, i in positions.items()}
        if subjects:
            out["subjects"] = {name: values[i] if i < len(values) else None for name, i in subjects.items()}
        return out

    return [(grid.place(number, headers), record(values)) for number, values in grid.rows]


def _wide_competences(grid: _Grid, directions: _Built | None) -> _Records | None:
    """A competence sheet with one column per direction, a score or level per cell.

    Taken when the sheet has a school column but no direction, score or
    level column, and some headers name directions (by id or name). Other
    headers that are school columns (name, municipality…) are skipped; any
    other header is taken as a direction id, so a typo is reported as an
    unknown direction rather than silently dropped.
    """
    spec = TABLE_BY_NAME["competences"]
    columns = grid.columns(_aliases(spec.columns))
    if set(columns) != {"school"} or directions is None:
        return None
    by_key = {fold_header(d.id): d.id for d in directions.items}
    by_key.update({fold_header(d.name): d.id for d in directions.items if getattr(d, "name", "")})
    school_words = {fold_header(h) for c in TABLE_BY_NAME["schools"].columns for h in c.headers}
    school_at = grid.position(columns["school"])
    wide: dict[int, str] = {}
    for i, header in enumerate(grid.headers):
        if i == school_at or not header:
            continue
        folded = fold_header(header)
        if folded in by_key:
            wide[i] = by_key[folded]
        elif folded not in school_words:
            wide[i] = header
    if not any(fold_header(grid.headers[i]) in by_key for i in wide):
        return None
    out: list[tuple[_Place, Mapping[str, Any]]] = []
    for number, values in grid.rows:
        school = values[school_at] if school_at < len(values) else None
        for i, direction in wide.items():
            value = values[i] if i < len(values) else None
            if _blank(value):
                continue
            header = grid.headers[i]
            place = grid.place(number, {"school": columns["school"], "direction": header, "score": header, "level": header})
            try:
                is_score = cell_number(value) is not None
            except _CellError:
                is_score = False
            out.append((place, {"school": school, "direction": direction, "score" if is_score else "level": value}))
    return out


def _assemble(name: str, year: int | None, built: Mapping[str, _Built], problems: list[Problem]) -> Network:
    """Check cross-references with located problems; build the network or raise."""

    def items(table: str) -> tuple[Any, ...]:
        return tuple(built[table].items) if table in built else ()

    draft = Network.model_construct(
        name=name,
        year=year,
        schools=items("schools"),
        directions=items("directions"),
        curators=items("curators"),
        competences=items("competences"),
        history=History.model_construct(roles=items("history.roles"), pairs=items("history.pairs"), deferred=items("history.deferred")),
        locks=Locks.model_construct(pairs=items("locks.pairs"), forbidden=items("locks.forbidden"), roles=items("locks.roles")),
        sites=items("sites"),
        indicators=items("indicators"),
    )

    def locate(table: str, index: int, name: str) -> Location:
        places = built[table].places if table in built else []
        if 0 <= index < len(places):
            return places[index].at(name)
        return Location(field=f"{table}[{index}].{name}")

    for problem in draft.problems(locate):
        table = problem.location.field or ""
        if problem.location.file is None and table in built and not built[table].items:
            # "The network has no schools": say where; stay silent when every
            # row was rejected, as each already has its own problem.
            if built[table].records == 0:
                problems.append(Problem.coded(built[table].where.at(), "input.no_rows", table=table))
            continue
        problems.append(problem)
    if problems:
        raise InputError(problems)
    return Network(
        name=name,
        year=year,
        schools=draft.schools,
        directions=draft.directions,
        curators=draft.curators,
        competences=draft.competences,
        history=History(roles=draft.history.roles, pairs=draft.history.pairs, deferred=draft.history.deferred),
        locks=Locks(pairs=draft.locks.pairs, forbidden=draft.locks.forbidden, roles=draft.locks.roles),
        sites=draft.sites,
        indicators=draft.indicators,
    )


# ---------------------------------------------------------------- key/value tables

_KeyValues = list[tuple[_Place, str, Any]]


def _key_values(grid: _Grid, spec: KeyValueSpec, problems: list[Problem]) -> _KeyValues:
    columns = grid.columns(_aliases((spec.key, spec.value)))
    named = [h for h in grid.headers if h]
    if not columns and len(named) == 2:
        # Two unnamed-looking columns still read as key, value.
        columns = {"key": named[0], "value": named[1]}
    missing = [c for c in (spec.key, spec.value) if c.name not in columns]
    if missing:
        problems.extend(_missing_column(grid, c) for c in missing)
        return []
    k_at, v_at = grid.position(columns["key"]), grid.position(columns["value"])
    out = []
    for number, values in grid.rows:
        key = cell_text(values[k_at] if k_at < len(values) else None)
        value = values[v_at] if v_at < len(values) else None
        place = grid.place(number, columns)
        if key:
            out.append((place, key, value))
        elif not _blank(value):
            problems.append(Problem.coded(place.at("key"), "input.empty_setting_name"))
    return out


def _read_meta(entries: _KeyValues, problems: list[Problem]) -> tuple[str | None, int | None]:
    lookup = {fold_header(w): k for k, words in META_KEYS.items() for w in (k, *words)}
    name: str | None = None
    year: int | None = None
    for place, key, value in entries:
        canonical = lookup.get(fold_header(key))
        if canonical == "name":
            name = cell_text(value) or None
        elif canonical == "year":
            try:
                year = cell_number(value, whole=True)  # type: ignore[assignment]
            except _CellError as exc:
                problems.append(Problem.coded(place.at("value"), exc.code, **exc.params))
        else:
            problems.append(Problem.coded(place.at("key"), "input.unknown_meta_setting", key=repr(key)))
    return name, year


def policy_fields() -> dict[str, tuple[type[BaseModel], str]]:
    """Policy keys as written in a policy table, with the model and field of each.

    ``'cap_per_direction' -> (Policy, 'cap_per_direction')``,
    ``'weights.gain' -> (Weights, 'gain')``.
    """
    out: dict[str, tuple[type[BaseModel], str]] = {n: (Policy, n) for n in Policy.model_fields if n != "weights"}
    out.update({f"weights.{n}": (Weights, n) for n in Weights.model_fields})
    return out


def policy_key(key: str) -> str | None:
    """The canonical policy key for a written one (``'Weights.Gain'``, ``'gain'``…)."""
    fields = policy_fields()
    k = fold_header(key).replace(" ", "_")
    for prefix in ("weights.", "weight.", "weights_", "weight_"):
        if k.startswith(prefix) and f"weights.{k[len(prefix):]}" in fields:
            return f"weights.{k[len(prefix):]}"
    if k in fields:
        return k
    if f"weights.{k}" in fields:
        return f"weights.{k}"
    return None


# Russian words for the policy's word-valued settings.
_POLICY_WORDS = {
    "strategy": {"узкая": "narrow", "узкая специализация": "narrow", "широкая": "wide", "широкий диапазон": "wide"},
    "fairness": {"нет": "none", "направление": "direction", "по направлениям": "direction", "муниципалитет": "municipality", "по муниципалитетам": "municipality"},
}


def _nullable(model: type[BaseModel], name: str) -> bool:
    return type(None) in typing.get_args(model.model_fields[name].annotation)


def _policy_value(model: type[BaseModel], name: str, value: Any) -> Any:
    annotation = model.model_fields[name].annotation
    core = [a for a in typing.get_args(annotation) if a is not type(None)] if _nullable(model, name) else [annotation]
    if _nullable(model, name) and fold_header(cell_text(value)) in _NONE_WORDS:
        return None
    target = core[0] if len(core) == 1 else None
    if target is bool:
        return cell_bool(value)
    if target is int:
        return cell_number(value, whole=True)
    if target is float:
        return cell_number(value)
    text = cell_text(value)
    return _POLICY_WORDS.get(name, {}).get(fold_header(text), text)


def read_policy(entries: Iterable[tuple[Any, str, Any]], problems: list[Problem], where: Any) -> Policy | None:
    """Build a :class:`~mentornet.model.Policy` from key/value entries.

    Parameters
    ----------
    entries : iterable of (place, key, value)
        ``place.at("key")`` / ``place.at("value")`` locate the entry.
        Keys are policy field names (``cap_per_direction``) or weights
        (``weights.gain`` or just ``gain``). An empty value keeps the
        default; ``none`` (or ``нет``) switches off a setting that may be
        off (``max_km``, ``strategy``).
    problems : list of Problem
        Problems found are appended here.
    where : place
        ``where.at()`` locates problems of the policy as a whole.

    Returns
    -------
    Policy or None
        ``None`` when any problem was found.
    """
    fields = policy_fields()
    seen: dict[str, Any] = {}
    top: dict[str, Any] = {}
    weights: dict[str, Any] = {}
    before = len(problems)
    for place, key, value in entries:
        canonical = policy_key(key)
        if canonical is None:
            problems.append(Problem.coded(place.at("key"), "input.unknown_policy_setting", key=repr(key), choices=", ".join(fields)))
            continue
        if canonical in seen:
            problems.append(Problem.coded(place.at("key"), "input.setting_twice", refs={"first": seen[canonical].at("key")}, key=repr(canonical)))
            continue
        seen[canonical] = place
        if isinstance(value, (dict, list)):
            problems.append(Problem.coded(place.at("value"), "input.single_value", key=repr(canonical)))
            continue
        if _blank(value):
            continue
        model, name = fields[canonical]
        try:
            converted = _policy_value(model, name, value)
        except _CellError as exc:
            problems.append(Problem.coded(place.at("value"), exc.code, **exc.params))
            continue
        (weights if model is Weights else top)[name] = converted
    if len(problems) > before:
        return None
    try:
        return Policy.model_validate({**top, "weights": weights})
    except ValidationError as exc:
        for err in exc.errors():
            loc = [str(p) for p in err["loc"]]
            key = ".".join(loc[:2]) if loc[:1] == ["weights"] else (loc[0] if loc else "")
            err_model, err_name = fields.get(key, (Policy, None))
            place = seen.get(key)
            code, params = explained(err, err_model, err_name)
            problems.append(Problem.coded(place.at("value") if place is not None else where.at(), code, **params))
        return None


# ---------------------------------------------------------------- formats


def _classify(name: str) -> str | None:
    """The table a sheet or CSV file name stands for, ``'ignore'``, or ``None``."""
    folded = fold_header(name)
    specs: tuple[TableSpec | KeyValueSpec, ...] = (*TABLES, INDICATORS, META, POLICY)
    for spec in specs:
        if folded in {fold_header(n) for n in spec.sheet_names}:
            return spec.name
    if folded in {fold_header(n) for n in _IGNORED_SHEETS}:
        return "ignore"
    return None


def _read_tables(
    grids: Mapping[str, _Grid | None],
    file_of: Mapping[str, tuple[str, str | None]],
    container: str,
    default_name: str,
    problems: list[Problem],
    unit: str,
    found: Iterable[str],
    unreadable: Iterable[str] = (),
) -> tuple[Network, Policy | None]:
    """Build a network and policy from the grids of the tables found.

    ``grids`` maps a table name to its grid (``None``: empty), ``file_of``
    to its (file, sheet); ``unreadable`` tables were found but could not be
    read (their problems are already in ``problems``). Cross-references are
    checked only when every table could be read: with a table missing, they
    would report every reference to it again.
    """
    failed = bool(set(unreadable))
    for spec in TABLES:
        if spec.required and spec.name not in grids and spec.name not in unreadable:
            ext = ".csv" if unit == "file" else ""
            seen = ", ".join(f"'{n}'" for n in found) or "none"
            problems.append(
                Problem.coded(
                    Location(file=container),
                    f"input.missing_table_{unit}" if found else f"input.missing_table_{unit}_none",
                    name=f"{spec.name}{ext}",
                    ru=f"{spec.ru}{ext}",
                    table=spec.name,
                    found=seen,
                )
            )
            failed = True
    built: dict[str, _Built] = {}
    for spec in (*TABLES, INDICATORS):
        if spec.name not in grids:
            continue
        file, sheet = file_of[spec.name]
        grid = grids[spec.name]
        if grid is None:
            problems.append(_empty_problem(file, sheet, "schools" if spec.name == "schools" else "rows"))
            failed = True
            continue
        if spec.name == "competences":
            tried: list[Problem] = []
            records = _grid_records(spec, grid, tried)
            if records is None:
                records = _wide_competences(grid, built.get("directions"))
                if records is not None:
                    log.info("%s: competences read in the wide layout (one column per direction)", _where(file, sheet))
            if records is None:
                problems.extend(tried)
        else:
            records = _grid_records(spec, grid, problems)
        if records is None:
            failed = True
            continue
        built[spec.path] = _build(spec, records, problems, grid.place())
    name: str | None = None
    year: int | None = None
    if grids.get("network") is not None:
        name, year = _read_meta(_key_values(grids["network"], META, problems), problems)  # type: ignore[arg-type]
    policy = None
    policy_grid = grids.get("policy")
    if policy_grid is not None:
        policy = read_policy(_key_values(policy_grid, POLICY, problems), problems, policy_grid.place())
    if failed:
        raise InputError(problems)
    return _assemble(name or default_name, year, built, problems), policy


def _read_xlsx(path: Path) -> tuple[Network, Policy | None]:
    sheets = _workbook(path)
    problems: list[Problem] = []
    grids: dict[str, _Grid | None] = {}
    file_of: dict[str, tuple[str, str | None]] = {}
    skipped: list[str] = []
    for title, grid in sheets.items():
        table = _classify(title)
        if table is None or table == "ignore":
            skipped.append(title)
            continue
        if table in grids:
            problems.append(Problem.coded(Location(file=path.name, sheet=title), "input.second_sheet", table=table, first=file_of[table][1]))
            continue
        grids[table] = grid
        file_of[table] = (path.name, title)
    if not any(t in grids for t in TABLE_BY_NAME):
        log.info("%s: no network sheets; the first other sheet is read as a role table", path.name)
        return _read_xlsx_role_table(path, sheets, grids)
    if skipped:
        log.info("%s: sheet(s) %s are not network tables; skipped", path.name, ", ".join(map(repr, skipped)))
    return _read_tables(grids, file_of, path.name, path.stem, problems, "sheet", list(sheets))


def _read_xlsx_role_table(path: Path, sheets: Mapping[str, _Grid | None], grids: Mapping[str, _Grid | None]) -> tuple[Network, Policy | None]:
    """A workbook without network sheets: its first other sheet is a role table."""
    problems: list[Problem] = []
    candidates = [t for t in sheets if _classify(t) is None]
    if not candidates:
        raise InputError(Problem.coded(Location(file=path.name), "input.no_table_in_workbook"))
    title = candidates[0]
    grid = sheets[title]
    if grid is None:
        raise InputError(_empty_problem(path.name, title, "roles"))
    policy = None
    policy_grid = grids.get("policy")
    if policy_grid is not None:
        policy = read_policy(_key_values(policy_grid, POLICY, problems), problems, policy_grid.place())
    try:
        network = network_from_role_table(grid.frame(), file=path.name, sheet=title, name=path.stem)
    except InputError as exc:
        raise InputError(exc.problems + problems) from None
    if problems:
        raise InputError(problems)
    return network, policy


def _read_folder(path: Path) -> tuple[Network, Policy | None]:
    problems: list[Problem] = []
    grids: dict[str, _Grid | None] = {}
    file_of: dict[str, tuple[str, str | None]] = {}
    unreadable: list[str] = []
    policy_json: Path | None = None
    for file in sorted(p for p in path.iterdir() if p.is_file()):
        suffix = file.suffix.lower()
        table = _classify(file.stem) if suffix in (".csv", ".json") else None
        if table in (None, "ignore") or (suffix == ".json" and table != "policy"):
            log.info("%s: %s is not a network table; skipped", path.name, file.name)
            continue
        if table in grids or table in unreadable or (table == "policy" and policy_json is not None):
            problems.append(Problem.coded(Location(file=file.name), "input.second_file", table=table))
            continue
        if suffix == ".json":
            policy_json = file
            continue
        try:
            text = decode_csv_bytes(read_limited_text_bytes(file), file=file.name)
        except InputError as exc:  # empty, or not UTF-8 / Windows-1251
            problems.extend(exc.problems)
            unreadable.append(table)
            continue
        grids[table] = _csv_grid(text, file.name)
        file_of[table] = (file.name, None)
    if not grids and not unreadable and policy_json is None:
        expected = ", ".join(f"{t.name}.csv" for t in TABLES)
        raise InputError(Problem.coded(Location(file=path.name), "input.no_tables_in_folder", expected=expected))
    policy = _policy_from_json_file(policy_json, problems) if policy_json is not None else None
    found = [p.name for p in sorted(path.iterdir()) if p.is_file()]
    network, csv_policy = _read_tables(grids, file_of, path.name, path.name, problems, "file", found, unreadable)
    return network, policy or csv_policy


def _load_json(path: Path) -> Any:
    data = path.read_bytes()
    if not data.strip():
        raise InputError(Problem.coded(Location(file=path.name), "input.empty_json"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            Problem.coded(Location(file=path.name, row=line), "input.json_not_utf8", byte=f"0x{data[exc.start]:02x}", encoding="UTF-8")
        ) from None
    deep = json_too_deep(text)
    if deep is not None:
        line, col = deep
        raise InputError(Problem.coded(Location(file=path.name, row=line), "input.json_too_deep_at", depth=MAX_JSON_DEPTH, line=line, col=col))
    try:
        return json.loads(text)
    except RecursionError:  # pragma: no cover - json_too_deep stops such documents first; kept as a last guard
        raise InputError(Problem.coded(Location(file=path.name), "input.json_too_deep", depth=MAX_JSON_DEPTH)) from None
    except json.JSONDecodeError as exc:
        raise InputError(Problem.coded(Location(file=path.name, row=exc.lineno), "input.bad_json", error=exc.msg, line=exc.lineno, col=exc.colno)) from None


def _policy_from_doc(doc: Any, file: str, path: str, problems: list[Problem]) -> Policy | None:
    if not isinstance(doc, Mapping):
        problems.append(Problem.coded(Location(file=file, field=path), "input.policy_not_object"))
        return None
    entries: list[tuple[_Place, str, Any]] = []
    for key, value in doc.items():
        if key == "weights" and isinstance(value, Mapping):
            entries += [(_Place(file, path=f"{path}.weights.{k}", leaf=True), f"weights.{k}", v) for k, v in value.items()]
        else:
            # JSON null is an explicit "off" (max_km: null), not "default".
            entries.append((_Place(file, path=f"{path}.{key}", leaf=True), str(key), "none" if value is None else value))
    return read_policy(entries, problems, _Place(file, path=path, leaf=True))


def _policy_from_json_file(path: Path, problems: list[Problem]) -> Policy | None:
    try:
        doc = _load_json(path)
    except InputError as exc:
        problems.extend(exc.problems)
        return None
    return _policy_from_doc(doc, path.name, "policy", problems)


_JSON_KEYS = ("name", "year", "schools", "directions", "curators", "competences", "history", "locks", "sites", "indicators", "policy")


def _json_records(spec: TableSpec, rows: list[Any], file: str, problems: list[Problem]) -> _Records:
    known = [c.name for c in spec.columns]
    out = []
    for i, row in enumerate(rows):
        place = _Place(file, path=f"{spec.path}[{i}]")
        if not isinstance(row, dict):
            problems.append(Problem.coded(place.at(), "input.expected_object", keys=", ".join(known)))
            continue
        for key in row:
            if key not in known:
                problems.append(Problem.coded(place.at(str(key)), "input.unknown_field_of", choices=", ".join(known)))
        out.append((place, {k: v for k, v in row.items() if k in known}))
    return out


def _read_json(path: Path) -> tuple[Network, Policy | None]:
    file = path.name
    doc = _load_json(path)
    if not isinstance(doc, dict):
        raise InputError(Problem.coded(Location(file=file), "input.json_not_network", type=type(doc).__name__))
    problems: list[Problem] = []
    failed = False
    for key in doc:
        if key not in _JSON_KEYS:
            problems.append(Problem.coded(Location(file=file, field=str(key)), "input.unknown_key", choices=", ".join(_JSON_KEYS)))
    for parent in ("history", "locks"):
        children = [t.path.split(".")[1] for t in TABLES if t.path.startswith(parent + ".")]
        value = doc.get(parent)
        if value is None:
            continue
        if not isinstance(value, dict):
            problems.append(Problem.coded(Location(file=file, field=parent), "input.expected_object", keys=", ".join(children)))
            continue
        for key in value:
            if key not in children:
                problems.append(Problem.coded(Location(file=file, field=f"{parent}.{key}"), "input.unknown_key", choices=", ".join(children)))
    built: dict[str, _Built] = {}
    for spec in (*TABLES, INDICATORS):
        parent, _, child = spec.path.partition(".")
        container = doc.get(parent) if child else doc
        if not isinstance(container, dict) or (child or parent) not in container:
            if spec.required:
                problems.append(Problem.coded(Location(file=file, field=spec.path), "input.missing_key", key=repr(spec.path), table=spec.name))
                failed = True
            continue
        rows = container[child or parent]
        if not isinstance(rows, list):
            problems.append(Problem.coded(Location(file=file, field=spec.path), "input.expected_list", table=spec.name))
            failed = True
            continue
        built[spec.path] = _build(spec, _json_records(spec, rows, file, problems), problems, _Place(file, path=spec.path, leaf=True))
    name = doc.get("name")
    if not isinstance(name, str) or not name.strip():
        if name is not None:
            problems.append(Problem.coded(Location(file=file, field="name"), "input.not_name", value=_show(name)))
        name = path.stem
    year = doc.get("year")
    if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
        problems.append(Problem.coded(Location(file=file, field="year"), "input.not_year", value=_show(year)))
        year = None
    policy = _policy_from_doc(doc["policy"], file, "policy", problems) if doc.get("policy") is not None else None
    if failed:
        raise InputError(problems)
    return _assemble(name, year, built, problems), policy


# ---------------------------------------------------------------- front door


def read_any_with_policy(path: Path) -> tuple[Network, Policy | None]:
    """Read a network, and the policy it carries if any, from any supported input.

    Parameters
    ----------
    path : Path
        * a ``.json`` file: ``Network.model_dump(mode="json")``, optionally
          with a ``"policy"`` object;
        * a ``.xlsx`` workbook: one sheet per table (see :data:`TABLES`),
          optional ``network`` and ``policy`` key/value sheets; a workbook
          without such sheets is read as a role table on its first sheet;
        * a folder: one CSV file per table (``schools.csv``, ``школы.csv`` …),
          optional ``network.csv``, and ``policy.csv`` or ``policy.json``;
        * a single ``.csv`` file: a role table (the Krymsky layout).

    Returns
    -------
    tuple of (Network, Policy or None)
        The policy is ``None`` when the input has none.

    Raises
    ------
    InputError
        Listing every problem found, each with file, sheet, row and column.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(Problem.coded(Location(file=str(path)), "input.no_such_path"))
    if path.is_dir():
        return _read_folder(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return _read_json(path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    if suffix in (".csv", ".txt"):
        return read_role_table(path), None
    if suffix == ".xls":
        raise InputError(Problem.coded(Location(file=path.name), "input.old_xls", app="Excel", suffix=".xls"))
    raise InputError(
        Problem.coded(Location(file=path.name), "input.unsupported", suffix=path.suffix or path.name)
    )


def read_any(path: Path) -> Network:
    """Read a network from any supported input; see :func:`read_any_with_policy`.

    Raises
    ------
    InputError
        Listing every problem found, each with file, sheet, row and column.
    """
    return read_any_with_policy(path)[0]


# ---------------------------------------------------------------- an indicators table on its own


def read_indicators(path: Path, network: Network) -> Network:
    """``network`` with the indicators table read from its own file.

    Parameters
    ----------
    path : Path
        A CSV file (the ``indicators`` layout, :data:`INDICATORS`), a
        workbook with an ``indicators`` / ``показатели`` sheet, or a JSON
        file holding a list of rows or ``{"indicators": [...]}``.
    network : Network
        The network the rows refer to (school ids); its own indicators, if
        any, are replaced.

    Raises
    ------
    InputError
        Every problem, located at its file, sheet, row and column: an
        unreadable cell, an unknown school, a school twice.
    """
    path = Path(path)
    problems: list[Problem] = []
    if not path.exists():
        raise InputError(Problem.coded(Location(file=str(path)), "input.no_such_path"))
    suffix = path.suffix.lower()
    built: _Built | None = None
    if suffix == ".json":
        doc = _load_json(path)
        rows = doc.get("indicators") if isinstance(doc, dict) else doc
        if not isinstance(rows, list):
            raise InputError(Problem.coded(Location(file=path.name, field="indicators"), "input.expected_list", table=INDICATORS.name))
        built = _build(INDICATORS, _json_records(INDICATORS, rows, path.name, problems), problems, _Place(path.name, path="indicators", leaf=True))
    else:
        if suffix in (".xlsx", ".xlsm"):
            sheets = _workbook(path)
            titles = [t for t in sheets if _classify(t) == INDICATORS.name]
            if not titles:
                raise InputError(Problem.coded(Location(file=path.name), "input.missing_table_sheet_none" if not sheets else "input.missing_table_sheet",
                                               name=INDICATORS.name, ru=INDICATORS.ru, table=INDICATORS.name, found=", ".join(f"'{t}'" for t in sheets) or "none"))
            grid = sheets[titles[0]]
            file, sheet = path.name, titles[0]
        else:
            text = decode_csv_bytes(read_limited_text_bytes(path), file=path.name)
            grid = _csv_grid(text, path.name)
            file, sheet = path.name, None
        if grid is None:
            raise InputError(_empty_problem(file, sheet, "rows"))
        records = _grid_records(INDICATORS, grid, problems)
        if records is not None:
            built = _build(INDICATORS, records, problems, grid.place())
    if problems or built is None:
        raise InputError(problems)
    draft = network.model_copy(update={"indicators": tuple(built.items)})

    def locate(table: str, index: int, name: str) -> Location:
        if table == "indicators" and 0 <= index < len(built.places):
            return built.places[index].at(name)
        return Location(field=f"{table}[{index}].{name}")

    found = [p for p in draft.problems(locate) if (p.location.file is not None)]
    if found:
        raise InputError(found)
    return network.with_changes(indicators=tuple(built.items))
