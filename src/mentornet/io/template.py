"""The input workbook a planner fills in: :func:`write_template`.

Every table of a network gets a sheet with its headers (Russian by default,
English on request), a few example rows that together form a valid network,
drop-down lists for the columns with fixed values, range checks for
numbers, a frozen header row, and fitted column widths. An ``инструкция``
(``README``) sheet explains every column and policy setting: whether it is
required, its allowed values and its default. The readers ignore that
sheet, so the template read back as it is loads as a valid network.
"""

from __future__ import annotations

import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

import annotated_types
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import BaseModel

from mentornet.io.readers import META, POLICY, TABLES, Column, TableSpec, policy_fields
from mentornet.io.writers import format_sheet, policy_rows, write_rows
from mentornet.model import Policy

__all__ = ["write_template"]

Lang = Literal["ru", "en"]

# Rows the validations cover: far more than a district, enough for a region.
_LAST_ROW = 2000

# What a planner picks from in each word-valued column, per language.
_CHOICES: dict[str, dict[str, tuple[str, ...]]] = {
    "kind": {"ru": ("ООШ", "СОШ", "гимназия", "лицей"), "en": ("basic", "secondary", "gymnasium", "lyceum")},
    "settlement": {"ru": ("городская", "сельская"), "en": ("urban", "rural")},
    "results": {"ru": ("высокие", "обычные", "низкие"), "en": ("high", "normal", "low")},
    "bool": {"ru": ("да", "нет"), "en": ("yes", "no")},
    "level": {"ru": ("лидер", "подающие надежды", "скрытый резерв"), "en": ("leader", "promising", "hidden_reserve")},
}
_CANONICAL = {
    "kind": ("basic", "secondary", "gymnasium", "lyceum"),
    "settlement": ("urban", "rural"),
    "results": ("high", "normal", "low"),
    "bool": (True, False),
    "level": ("leader", "promising", "hidden_reserve"),
}

# Number checks Excel applies while the planner types: (type, low, high).
_RANGES: dict[tuple[str, str], tuple[str, str, str | None]] = {
    ("schools", "lat"): ("decimal", "-90", "90"),
    ("schools", "lon"): ("decimal", "-180", "180"),
    ("schools", "host_capacity"): ("whole", "0", None),
    ("schools", "max_trainee_directions"): ("whole", "0", None),
    ("directions", "mentor_cap"): ("whole", "0", None),
    ("curators", "max_teams"): ("whole", "0", None),
    ("competences", "score"): ("decimal", "0", "100"),
}

# (required?, allowed values, default, description) per column, per language.
_DOC: dict[tuple[str, str], dict[str, tuple[str, str, str]]] = {
    ("schools", "id"): {
        "ru": ("уникальный код или название школы", "", "Код школы; на него ссылаются остальные листы. Если столбца нет, кодом служит название."),
        "en": ("unique code or name", "", "The school's id; the other sheets refer to it. Without this column the name is the id."),
    },
    ("schools", "name"): {"ru": ("текст", "= код", "Полное название школы."), "en": ("text", "= id", "The school's full name.")},
    ("schools", "municipality"): {"ru": ("текст", "пусто", "Муниципальный район или округ."), "en": ("text", "empty", "Municipality (district).")},
    ("schools", "kind"): {"ru": ("ООШ, СОШ, гимназия, лицей", "СОШ", "Вид школы."), "en": ("basic, secondary, gymnasium, lyceum", "secondary", "School kind.")},
    ("schools", "settlement"): {"ru": ("городская, сельская", "городская", "Городская или сельская школа."), "en": ("urban, rural", "urban", "Urban or rural school.")},
    ("schools", "lat"): {"ru": ("число от -90 до 90", "пусто", "Широта; с долготой позволяет учесть расстояние."), "en": ("number -90..90", "empty", "Latitude; with longitude, distances are taken into account.")},
    ("schools", "lon"): {"ru": ("число от -180 до 180", "пусто", "Долгота."), "en": ("number -180..180", "empty", "Longitude.")},
    ("schools", "results"): {
        "ru": ("высокие, обычные, низкие", "обычные", "Образовательные результаты; «низкие» — школа с низкими результатами (ШНОР)."),
        "en": ("high, normal, low", "normal", "Educational results; low = a low-results school."),
    },
    ("schools", "adverse"): {
        "ru": ("да / нет или индекс от 0 до 1", "0", "Неблагоприятные социальные условия: да/нет или индекс 0..1 (от 0,5 — неблагоприятные)."),
        "en": ("yes / no or an index 0..1", "0", "Adverse social conditions: yes/no or an index 0..1 (0.5 and above counts as adverse)."),
    },
    ("schools", "is_new"): {
        "ru": ("да, нет", "нет", "Открыта или обновлена за последние 3 года (чувствительный период)."),
        "en": ("yes, no", "no", "Opened or renovated in the last 3 years (the sensitive period)."),
    },
    ("schools", "host_capacity"): {
        "ru": ("целое ≥ 0", "из политики (6)", "Сколько команд-стажёров школа принимает за год по всем направлениям."),
        "en": ("whole number ≥ 0", "policy (6)", "Trainee teams the school hosts per year, all directions."),
    },
    ("schools", "max_trainee_directions"): {
        "ru": ("целое ≥ 0", "из политики (3)", "В скольких направлениях школа может учиться за год; остальные откладываются."),
        "en": ("whole number ≥ 0", "policy (3)", "Directions the school can learn in per year; the rest are deferred."),
    },
    ("directions", "id"): {"ru": ("уникальный код или номер", "", "Код направления стажировки."), "en": ("unique code or number", "", "The direction's id.")},
    ("directions", "name"): {"ru": ("текст", "= код", "Название направления."), "en": ("text", "= id", "The direction's name.")},
    ("directions", "curators"): {"ru": ("коды кураторов через «;»", "пусто", "Кураторы направления."), "en": ("curator ids separated by ';'", "empty", "Curators of the direction.")},
    ("directions", "mentor_cap"): {
        "ru": ("целое ≥ 0", "из политики (4)", "Сколько стажёров берёт один наставник в этом направлении."),
        "en": ("whole number ≥ 0", "policy (4)", "Trainee teams one mentor takes in this direction."),
    },
    ("directions", "online"): {"ru": ("да, нет", "нет", "Дистанционное направление: расстояние не ограничивает пары."), "en": ("yes, no", "no", "Online direction: distance does not limit pairs.")},
    ("curators", "id"): {"ru": ("уникальный код", "", "Код куратора (научного консультанта)."), "en": ("unique code", "", "The curator's id.")},
    ("curators", "name"): {"ru": ("текст", "= код", "ФИО куратора."), "en": ("text", "= id", "The curator's full name.")},
    ("curators", "max_teams"): {"ru": ("целое ≥ 0", "без ограничения", "Сколько команд-стажёров куратор может вести."), "en": ("whole number ≥ 0", "no limit", "Trainee teams the curator can supervise.")},
    ("curators", "directions"): {"ru": ("коды направлений через «;»", "любые", "Направления, которые ведёт куратор."), "en": ("direction ids separated by ';'", "any", "Directions the curator covers.")},
    ("curators", "municipalities"): {
        "ru": ("муниципалитеты через «;»", "любые", "Районы, школы которых ведёт куратор (консультант района)."),
        "en": ("municipalities separated by ';'", "any", "Municipalities whose schools the curator covers (a district consultant)."),
    },
    ("competences", "school"): {"ru": ("код школы с листа «школы»", "", "Школа."), "en": ("a school id from 'schools'", "", "The school.")},
    ("competences", "direction"): {"ru": ("код направления с листа «направления»", "", "Направление."), "en": ("a direction id from 'directions'", "", "The direction.")},
    ("competences", "score"): {
        "ru": ("число от 0 до 100", "пусто", "Балл по показателям мониторинга; роль выбирается по порогам политики. Нужен балл или уровень."),
        "en": ("number 0..100", "empty", "Score from monitoring indicators; the role follows the policy's bands. A score or a level is needed."),
    },
    ("competences", "level"): {
        "ru": ("лидер, подающие надежды, скрытый резерв", "пусто", "Уровень команды в направлении — оценка планировщиков, она задаёт роль. Нет строки — школа не участвует в направлении."),
        "en": ("leader, promising, hidden_reserve", "empty", "The team's level in the direction; it fixes the role. No row: the school does not take part in the direction."),
    },
    ("history_roles", "year"): {"ru": ("год", "", "Год, к которому относится роль."), "en": ("year", "", "Year of the role.")},
    ("history_roles", "school"): {"ru": ("код школы", "", "Школа."), "en": ("school id", "", "The school.")},
    ("history_roles", "direction"): {"ru": ("код направления", "", "Направление."), "en": ("direction id", "", "The direction.")},
    ("history_roles", "role"): {"ru": ("лидер, подающие надежды, скрытый резерв", "", "Роль школы в том году."), "en": ("leader, promising, hidden_reserve", "", "The school's role that year.")},
    ("history_pairs", "year"): {"ru": ("год", "", "Год пары."), "en": ("year", "", "Year of the pair.")},
    ("history_pairs", "mentor"): {"ru": ("код школы", "", "Школа-наставник."), "en": ("school id", "", "The mentor school.")},
    ("history_pairs", "trainee"): {"ru": ("код школы", "", "Школа-стажёр."), "en": ("school id", "", "The trainee school.")},
    ("history_pairs", "direction"): {"ru": ("код направления", "", "Направление."), "en": ("direction id", "", "The direction.")},
    ("locks_pairs", "mentor"): {"ru": ("код школы", "", "Пара, которую план обязан сохранить: наставник."), "en": ("school id", "", "A pair every plan keeps: the mentor.")},
    ("locks_pairs", "trainee"): {"ru": ("код школы", "", "Стажёр закреплённой пары."), "en": ("school id", "", "The kept pair's trainee.")},
    ("locks_pairs", "direction"): {"ru": ("код направления", "", "Направление; обе школы должны в нём участвовать."), "en": ("direction id", "", "The direction; both schools must take part in it.")},
    ("locks_forbidden", "mentor"): {"ru": ("код школы", "", "Пара, которой не должно быть в плане: наставник."), "en": ("school id", "", "A pair no plan may hold: the mentor.")},
    ("locks_forbidden", "trainee"): {"ru": ("код школы", "", "Стажёр запрещённой пары."), "en": ("school id", "", "The forbidden pair's trainee.")},
    ("locks_forbidden", "direction"): {"ru": ("код направления", "все направления", "Направление запрета; пусто — во всех."), "en": ("direction id", "all directions", "Direction of the ban; empty bans it in all.")},
    ("locks_roles", "school"): {"ru": ("код школы", "", "Школа с закреплённой ролью (например, стажировочная площадка)."), "en": ("school id", "", "A school with a fixed role (e.g. a designated site).")},
    ("locks_roles", "direction"): {"ru": ("код направления", "", "Направление."), "en": ("direction id", "", "The direction.")},
    ("locks_roles", "role"): {"ru": ("лидер, подающие надежды, скрытый резерв", "", "Роль, которую план обязан дать."), "en": ("leader, promising, hidden_reserve", "", "The role every plan gives.")},
}

_POLICY_RU: dict[str, str] = {
    "cap_per_direction": "Сколько команд-стажёров один наставник берёт в одном направлении.",
    "host_capacity": "Сколько команд-стажёров школа принимает за год по всем направлениям (если у школы не указано).",
    "max_trainee_directions": "В скольких направлениях школа учится за год (если у школы не указано); остальные откладываются.",
    "min_gap": "На сколько баллов наставник должен превосходить стажёра.",
    "leader_min_score": "Балл, с которого команда — лидер.",
    "reserve_max_score": "Балл, ниже которого команда — скрытый резерв.",
    "band_margin": "Полуширина «спорной» зоны около порогов, где роль выбирает оптимизатор.",
    "max_km": "Самая длинная пара в км (когда у обеих школ есть координаты и направление не онлайн); «нет» — без ограничения.",
    "cross_municipality": "Разрешать пары между разными муниципалитетами.",
    "strategy": "narrow (узкая) — сохранять прошлогодних наставников и направления; wide (широкая) — новые; «нет» — без предпочтения.",
    "fairness": "none — максимизировать общий охват; direction / municipality — сначала поднять самое слабое направление или район.",
    "candidates_per_need": "Сколько лучших наставников рассматривать для каждой потребности стажёра.",
    "time_limit": "Ограничение времени решателя, секунд.",
    "workers": "Число потоков поиска CP-SAT.",
    "seed": "Случайное зерно: те же данные и зерно дают тот же план.",
    "weights.cover_hidden_reserve": "Вес: закрытая потребность команды скрытого резерва.",
    "weights.cover_promising": "Вес: закрытая потребность команды, подающей надежды.",
    "weights.priority_low_results": "Вес: надбавка за школу с низкими результатами.",
    "weights.priority_adverse": "Вес: надбавка за школу в неблагоприятных условиях.",
    "weights.priority_new": "Вес: надбавка за новую школу.",
    "weights.school_mentors": "Вес: каждая школа, которая где-то наставляет.",
    "weights.gain": "Вес: на шаг уровня (или 10 баллов) между наставником и стажёром.",
    "weights.same_kind": "Вес: наставник и стажёр одного вида.",
    "weights.same_settlement": "Вес: обе школы сельские или обе городские.",
    "weights.resilient_for_adverse": "Вес: резильентный наставник для школы в неблагоприятных условиях.",
    "weights.travel_per_10km": "Штраф за каждые 10 км пары.",
    "weights.mutual": "Вес: взаимный обмен (A учит B в одном направлении, B учит A в другом).",
    "weights.continuity": "Вес стратегии: сохранить пару (narrow) или взять нового наставника (wide).",
    "weights.balance": "Штраф за перегрузку самой загруженной площадки сверх средней.",
}

_TEXT: dict[str, dict[str, Any]] = {
    "ru": {
        "readme": "инструкция",
        "title": "Шаблон сети взаимных стажировок (mentornet)",
        "intro": (
            "Заполните листы: школы, направления, кураторы и компетенции (уровень или балл каждой школы в каждом направлении, где она участвует).",
            "Листы истории и закреплений можно оставить пустыми (только заголовки). Примеры строк замените своими данными.",
            "Заголовки столбцов можно писать по-русски или по-английски; строка 1 каждого листа — заголовки.",
            "Списки (кураторы, направления, муниципалитеты) пишутся через «;». Пустая ячейка — значение по умолчанию.",
            "Проверка: mentornet audit ЭТОТ_ФАЙЛ.xlsx — покажет все ошибки сразу, с листом, строкой и столбцом.",
        ),
        "columns": ("Лист", "Столбец", "Обязательно", "Допустимые значения", "По умолчанию", "Описание"),
        "yes": "да",
        "either": "балл или уровень",
        "meta_doc": (
            ("название", "текст", "имя файла", "Название сети, попадает в отчёты."),
            ("год", "год", "пусто", "Учебный год плана."),
        ),
        "policy_header": ("параметр", "значение", "описание"),
        "meta": (("название", "Сеть стажировок, пример"), ("год", 2024)),
        "none": "нет",
    },
    "en": {
        "readme": "README",
        "title": "Mutual internship network template (mentornet)",
        "intro": (
            "Fill in the sheets: schools, directions, curators and competences (the level or score of every school in every direction it takes part in).",
            "History and lock sheets may stay empty (headers only). Replace the example rows with your data.",
            "Column headers may be written in English or Russian; row 1 of every sheet holds the headers.",
            "Lists (curators, directions, municipalities) are separated by ';'. An empty cell takes the default.",
            "Check it with: mentornet audit THIS_FILE.xlsx — every problem is listed with its sheet, row and column.",
        ),
        "columns": ("Sheet", "Column", "Required", "Allowed values", "Default", "Description"),
        "yes": "yes",
        "either": "score or level",
        "meta_doc": (
            ("name", "text", "file name", "The network's name, shown in reports."),
            ("year", "year", "empty", "The plan's school year."),
        ),
        "policy_header": ("key", "value", "description"),
        "meta": (("name", "Example internship network"), ("year", 2024)),
        "none": "none",
    },
}


def _examples(lang: Lang) -> dict[str, list[dict[str, Any]]]:
    """Example rows (canonical values) that make a small valid network."""
    ru = lang == "ru"
    s1, s23, g7 = ("СОШ1", "ООШ23", "ГИМН7") if ru else ("S1", "S23", "G7")
    muni = "Крымский район" if ru else "Krymsky district"
    k1, k2 = ("К1", "К2") if ru else ("C1", "C2")
    return {
        "schools": [
            {"id": s1, "name": "МБОУ СОШ № 1" if ru else "Secondary school No. 1", "municipality": muni, "kind": "secondary", "settlement": "urban",
             "lat": 44.93, "lon": 38.01, "results": "high", "adverse": 0, "is_new": False, "host_capacity": 6, "max_trainee_directions": 3},
            {"id": s23, "name": "МБОУ ООШ № 23" if ru else "Basic school No. 23", "municipality": muni, "kind": "basic", "settlement": "rural",
             "lat": 44.88, "lon": 37.92, "results": "low", "adverse": 0.6, "is_new": False, "host_capacity": 2},
            {"id": g7, "name": "МБОУ гимназия № 7" if ru else "Gymnasium No. 7", "municipality": muni, "kind": "gymnasium", "settlement": "urban",
             "lat": 44.95, "lon": 38.05, "results": "high", "adverse": 0, "is_new": True, "host_capacity": 4, "max_trainee_directions": 2},
        ],
        "directions": [
            {"id": "1", "name": "Система качества подготовки обучающихся" if ru else "Quality of student preparation", "curators": (k1,), "mentor_cap": 4, "online": False},
            {"id": "2", "name": "Школьный климат" if ru else "School climate", "curators": (k2,), "online": True},
        ],
        "curators": [
            {"id": k1, "name": "Резник З.А." if ru else "Z. Reznik", "max_teams": 10, "directions": ("1",), "municipalities": (muni,)},
            {"id": k2, "name": "Володина З.А." if ru else "Z. Volodina", "max_teams": 8, "directions": ("2",)},
        ],
        "competences": [
            {"school": s1, "direction": "1", "level": "leader"},
            {"school": s23, "direction": "1", "level": "hidden_reserve"},
            {"school": g7, "direction": "1", "level": "promising"},
            {"school": s1, "direction": "2", "score": 55},
            {"school": s23, "direction": "2", "score": 30},
            {"school": g7, "direction": "2", "score": 85},
        ],
        "history_roles": [{"year": 2023, "school": s23, "direction": "1", "role": "hidden_reserve"}],
        "history_pairs": [{"year": 2023, "mentor": s1, "trainee": s23, "direction": "1"}],
        "locks_pairs": [{"mentor": s1, "trainee": s23, "direction": "1"}],
        "locks_forbidden": [{"mentor": g7, "trainee": s23}],
        "locks_roles": [{"school": g7, "direction": "2", "role": "leader"}],
    }


def _word(kind: str, value: Any, lang: Lang) -> Any:
    """A canonical value as the planner writes it in ``lang``."""
    if value is None:
        return None
    if kind in _CANONICAL:
        return _CHOICES[kind][lang][_CANONICAL[kind].index(value)]
    if kind == "list":
        return "; ".join(value)
    return value


def _header(column: Column, lang: Lang) -> str:
    return column.ru if lang == "ru" else column.name


def _sheet_name(spec: TableSpec, lang: Lang) -> str:
    return spec.ru if lang == "ru" else spec.name


def _validate(ws: Worksheet, spec: TableSpec, lang: Lang, id_ranges: dict[str, str]) -> None:
    for j, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(j)
        area = f"{letter}2:{letter}{_LAST_ROW}"
        dv: DataValidation | None = None
        if column.kind in _CHOICES:
            dv = DataValidation(type="list", formula1='"' + ",".join(_CHOICES[column.kind][lang]) + '"', allow_blank=True)
        elif column.kind == "ref" and column.name in id_ranges:
            # A drop-down of the ids typed on the schools / directions sheet.
            dv = DataValidation(type="list", formula1=id_ranges[column.name], allow_blank=True)
        elif (spec.name, column.name) in _RANGES:
            kind, low, high = _RANGES[(spec.name, column.name)]
            if high is None:
                dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=low, allow_blank=True)
            else:
                dv = DataValidation(type=kind, operator="between", formula1=low, formula2=high, allow_blank=True)
        if dv is None:
            continue
        dv.error = ("Недопустимое значение: " if lang == "ru" else "Not allowed: ") + _DOC[(spec.name, column.name)][lang][0]
        dv.errorTitle = _header(column, lang)
        dv.prompt = _DOC[(spec.name, column.name)][lang][2]
        dv.showErrorMessage = True
        dv.showInputMessage = True
        ws.add_data_validation(dv)
        dv.add(area)


def _readme(ws: Worksheet, lang: Lang, policy: Policy) -> None:
    text = _TEXT[lang]
    ws.cell(row=1, column=1, value=text["title"]).font = Font(bold=True, size=14)
    row = 2
    for line in text["intro"]:
        ws.cell(row=row, column=1, value=line)
        row += 1
    row += 1
    header_row = row
    for j, h in enumerate(text["columns"], start=1):
        ws.cell(row=row, column=j, value=h).font = Font(bold=True)
    row += 1
    for spec in TABLES:
        for column in spec.columns:
            allowed, default, description = _DOC[(spec.name, column.name)][lang]
            if spec.name == "competences" and column.name in ("score", "level"):
                mark = text["either"]
            else:
                mark = text["yes"] if column.required else ""
            for j, value in enumerate((_sheet_name(spec, lang), _header(column, lang), mark, allowed, default, description), start=1):
                ws.cell(row=row, column=j, value=value)
            row += 1
    meta_sheet = META.ru if lang == "ru" else META.name
    for key, allowed, default, description in text["meta_doc"]:
        for j, value in enumerate((meta_sheet, key, "", allowed, default, description), start=1):
            ws.cell(row=row, column=j, value=value)
        row += 1
    policy_sheet = POLICY.ru if lang == "ru" else POLICY.name
    fields = policy_fields()
    for key, value, description in policy_rows(policy):
        model, name = fields[key]
        for j, cell in enumerate(
            (policy_sheet, key, "", _allowed(model, name, lang), _policy_shown(key, value, lang), _POLICY_RU.get(key, description) if lang == "ru" else description),
            start=1,
        ):
            ws.cell(row=row, column=j, value=cell)
        row += 1
    for j, width in enumerate((22, 28, 12, 38, 18, 90), start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    for cells in ws.iter_rows(min_row=header_row, max_row=row):
        for cell in cells:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column == 6)
    ws.freeze_panes = f"A{header_row + 1}"


def _allowed(model: type[BaseModel], name: str, lang: Lang) -> str:
    """Allowed values of a policy setting, from its type and constraints."""
    info = model.model_fields[name]
    args = typing.get_args(info.annotation)
    nullable = type(None) in args
    target = next(a for a in args if a is not type(None)) if nullable else info.annotation
    none = _TEXT[lang]["none"]
    off = f", {none}" if nullable else ""
    if target is bool:
        return ", ".join(_CHOICES["bool"][lang])
    if typing.get_origin(target) is Literal:
        return ", ".join(none if v == "none" else str(v) for v in typing.get_args(target)) + off
    whole = target is int
    lo: Any = None  # annotated_types bounds are "comparable", numbers here
    hi: Any = None
    strict = False
    for m in info.metadata:
        if isinstance(m, annotated_types.Ge):
            lo = m.ge
        elif isinstance(m, annotated_types.Gt):
            lo, strict = m.gt, True
        elif isinstance(m, annotated_types.Le):
            hi = m.le
    if lang == "ru":
        noun = "целое" if whole else "число"
        if lo is not None and hi is not None:
            return f"{noun} от {lo:g} до {hi:g}{off}"
        return f"{noun} {'>' if strict else '≥'} {lo:g}{off}" if lo is not None else f"{noun}{off}"
    noun = "whole number" if whole else "number"
    if lo is not None and hi is not None:
        return f"{noun} {lo:g}..{hi:g}{off}"
    return f"{noun} {'>' if strict else '≥'} {lo:g}{off}" if lo is not None else f"{noun}{off}"


def _policy_shown(key: str, value: Any, lang: Lang) -> Any:
    if value == "none":
        return _TEXT[lang]["none"]
    if isinstance(value, bool):
        return _CHOICES["bool"][lang][0 if value else 1]
    return value


def write_template(path: str | Path, lang: Lang = "ru") -> Path:
    """Write the input workbook a planner fills in.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` file to write (overwritten if it exists).
    lang : {"ru", "en"}
        Language of sheet names, headers, example words and the instructions
        sheet (``инструкция`` / ``README``).

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    ValueError
        If ``lang`` is neither ``"ru"`` nor ``"en"`` or the path is not ``.xlsx``.
    """
    if lang not in _TEXT:
        raise ValueError(f"unknown language {lang!r}; expected 'ru' or 'en'")
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"the template is an Excel workbook; expected a .xlsx path, got '{path.name}'")
    text = _TEXT[lang]
    policy = Policy()
    book = Workbook()
    readme = book.active
    readme.title = text["readme"]
    _readme(readme, lang, policy)

    meta = book.create_sheet(META.ru if lang == "ru" else META.name)
    write_rows(meta, [_header(META.key, lang), _header(META.value, lang)], text["meta"])
    format_sheet(meta)

    id_ranges = {}
    for table, names in (("schools", ("school", "mentor", "trainee")), ("directions", ("direction",))):
        ref = f"={quote_sheetname(_sheet_name(next(t for t in TABLES if t.name == table), lang))}!$A$2:$A${_LAST_ROW}"
        id_ranges.update(dict.fromkeys(names, ref))

    examples = _examples(lang)
    rows: Sequence[Sequence[Any]]
    for spec in TABLES:
        ws = book.create_sheet(_sheet_name(spec, lang))
        rows = [[_word(c.kind, row.get(c.name), lang) for c in spec.columns] for row in examples[spec.name]]
        write_rows(ws, [_header(c, lang) for c in spec.columns], rows)
        format_sheet(ws, [max(len(_header(c, lang)), *(len(str(r[j])) for r in rows if r[j] is not None), 10) for j, c in enumerate(spec.columns)])
        _validate(ws, spec, lang, id_ranges)

    ws = book.create_sheet(POLICY.ru if lang == "ru" else POLICY.name)
    rows = [(key, _policy_shown(key, value, lang), _POLICY_RU.get(key, description) if lang == "ru" else description) for key, value, description in policy_rows(policy)]
    write_rows(ws, text["policy_header"], rows)
    format_sheet(ws, [30, 14, 90])
    for i, (key, _, _) in enumerate(rows, start=2):
        if key == "cross_municipality":
            dv = DataValidation(type="list", formula1='"' + ",".join(_CHOICES["bool"][lang]) + '"', allow_blank=True)
            ws.add_data_validation(dv)
            dv.add(f"B{i}")
    path.parent.mkdir(parents=True, exist_ok=True)
    book.save(path)
    return path


def template_sheet_names(lang: Lang = "ru") -> Sequence[str]:
    """The sheet names :func:`write_template` writes, in order."""
    text = _TEXT[lang]
    return (text["readme"], META.ru if lang == "ru" else META.name, *(_sheet_name(t, lang) for t in TABLES), POLICY.ru if lang == "ru" else POLICY.name)
