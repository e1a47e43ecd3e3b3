"""Colours, shapes and words of the views, in one place, in Russian and English.

Roles are ordinal (leader > promising > hidden reserve), so their colours
are one hue from dark to light; directions are categorical, so edges take a
fixed qualitative palette whose colours stay apart from the role greens and
from each other on white. The same colours serve the HTML view and the
matplotlib plots, so a planner reads one legend everywhere.
"""

from __future__ import annotations

from mentornet.model import Kind, Level

__all__ = [
    "DIRECTION_PALETTE",
    "KIND_SHAPES",
    "KIND_SYMBOLS",
    "LANGS",
    "LOW_RESULTS_BORDER",
    "NO_ROLE_COLOR",
    "ROLE_BORDERS",
    "ROLE_COLORS",
    "direction_color",
    "direction_colors",
    "kind_label",
    "role_label",
    "count_label",
    "text",
]

LANGS = ("ru", "en")

ROLE_COLORS: dict[str, str] = {
    Level.leader.value: "#1b7837",
    Level.promising.value: "#7fbf7b",
    Level.hidden_reserve.value: "#d9f0d3",
}
# A darker rim keeps the lightest fill visible against a white page.
ROLE_BORDERS: dict[str, str] = {
    Level.leader.value: "#0b3d1b",
    Level.promising.value: "#3f7f3b",
    Level.hidden_reserve.value: "#6f9f69",
}
NO_ROLE_COLOR = "#bdbdbd"
LOW_RESULTS_BORDER = "#b2182b"

# Qualitative, readable on white, no green (greens are the roles), the most
# distinct first because most programmes have 5–8 directions.
DIRECTION_PALETTE: tuple[str, ...] = (
    "#1f77b4",  # blue
    "#ff7f0e",  # orange
    "#d62728",  # red
    "#9467bd",  # purple
    "#8c564b",  # brown
    "#e377c2",  # pink
    "#17becf",  # cyan
    "#7f7f7f",  # grey
    "#bcbd22",  # olive
    "#393b79",  # navy
    "#ad494a",  # brick
    "#843c39",  # maroon
)

# vis-network shapes whose label sits under the shape, so sizes can vary.
KIND_SHAPES: dict[str, str] = {
    Kind.basic.value: "triangle",
    Kind.secondary.value: "dot",
    Kind.gymnasium.value: "square",
    Kind.lyceum.value: "diamond",
}
KIND_SYMBOLS: dict[str, str] = {
    Kind.basic.value: "▲",
    Kind.secondary.value: "●",
    Kind.gymnasium.value: "■",
    Kind.lyceum.value: "◆",
}

_ROLE_LABELS = {
    "ru": {
        Level.leader.value: "команда-лидер",
        Level.promising.value: "подающая надежды",
        Level.hidden_reserve.value: "скрытый резерв",
        "": "без роли",
    },
    "en": {
        Level.leader.value: "leader",
        Level.promising.value: "promising",
        Level.hidden_reserve.value: "hidden reserve",
        "": "no role",
    },
}
_ROLE_PLURALS = {
    "ru": {
        Level.leader.value: "Команды-лидеры",
        Level.promising.value: "Подающие надежды",
        Level.hidden_reserve.value: "Скрытые резервы",
        "": "Без роли",
    },
    "en": {
        Level.leader.value: "Leaders",
        Level.promising.value: "Promising",
        Level.hidden_reserve.value: "Hidden reserves",
        "": "No role",
    },
}
_KIND_LABELS = {
    "ru": {Kind.basic.value: "ООШ", Kind.secondary.value: "СОШ", Kind.gymnasium.value: "гимназия", Kind.lyceum.value: "лицей"},
    "en": {Kind.basic.value: "basic", Kind.secondary.value: "secondary", Kind.gymnasium.value: "gymnasium", Kind.lyceum.value: "lyceum"},
}

# Every other word the views print, by key.
_TEXT: dict[str, dict[str, str]] = {
    "ru": {
        "title": "Сеть взаимных стажировок",
        "title_table": "Роли школ (таблица без пар)",
        "direction": "Направление",
        "municipality": "Муниципалитет",
        "all_directions": "Все направления",
        "all_municipalities": "Все муниципалитеты",
        "legend": "Условные обозначения",
        "roles": "Сильнейшая роль школы",
        "kinds": "Тип школы",
        "directions": "Направления (цвет связи)",
        "direction_list": "Направления (выберите, чтобы увидеть роли в нём)",
        "low_results": "пунктирная красная рамка — ШНОР (низкие результаты)",
        "size": "размер — сколько команд школа принимает",
        "size_table": "размер — сколько команд школа примет, если лидеры направления поделят стажёров поровну",
        "arrow": "стрелка: наставник → стажёр",
        "mentoring": "наставляют",
        "mutual": "взаимных обменов",
        "leads": "Ведёт",
        "mentors": "Наставляет",
        "learns": "Учится",
        "from": "у",
        "no_mentor": "наставник не назначен",
        "deferred": "Отложено",
        "hosts": "Принимает команд",
        "of": "из",
        "results": "результаты",
        "results_high": "высокие",
        "results_normal": "средние",
        "results_low": "низкие",
        "adverse": "неблагоприятные условия",
        "new_school": "новая школа",
        "curator": "Куратор",
        "reason": "Почему",
        "distance": "Расстояние",
        "km": "км",
        "mentor": "Наставник",
        "trainee": "Стажёр",
        "nowhere": "нигде",
        "hint": "Наведите на школу или связь, чтобы увидеть подробности; колесо мыши — масштаб.",
        "visible_pairs": "показано пар",
        # plots
        "plot_roles": "Роли по направлениям",
        "plot_needs": "Потребности стажёров",
        "teams": "команд",
        "covered": "обеспечены наставником",
        "deferred_needs": "отложены",
        "uncovered": "без наставника",
        "table_covered": "хватает мест у лидеров",
        "table_beyond": "сверх мест у лидеров",
        "plot_load": "Нагрузка наставников и вместимость",
        "load": "принимает команд",
        "capacity": "вместимость",
        "top": "первые",
        "by_ratio": "по загрузке",
        "plot_compare": "Цели программы: до и после",
        "goal_schools_mentoring": "Школы-наставники",
        "goal_schools_involved": "Школы участвуют",
        "goal_needs_covered": "Потребности обеспечены",
        "goal_weighted": "Дефициты обеспечены (взвешенно)",
        "goal_mutual": "Взаимные обмены",
        "goal_hubs": "Перегруженные площадки",
        "before": "до",
        "after": "после",
        "table": "таблица вручную",
        "plan": "план",
        "n_a": "н/д",
        "total": "всего (100%)",
        "table_note": "Таблица вручную не говорит, кто у кого учится: её потребности «обеспечены» в лучшем случае — если лидеры "
        "направления примут стажёров поровну, не больше предела на направление; перегружены площадки, которым при таком "
        "делении достанется больше их вместимости; взаимных обменов в таблице нет.",
    },
    "en": {
        "title": "Mutual internship network",
        "title_table": "School roles (table without pairs)",
        "direction": "Direction",
        "municipality": "Municipality",
        "all_directions": "All directions",
        "all_municipalities": "All municipalities",
        "legend": "Legend",
        "roles": "School's strongest role",
        "kinds": "School kind",
        "directions": "Directions (link colour)",
        "direction_list": "Directions (pick one to see its roles)",
        "low_results": "dashed red outline — low-results school",
        "size": "size — trainee teams the school hosts",
        "size_table": "size — trainee teams the school would host if each direction's leaders shared its trainees evenly",
        "arrow": "arrow: mentor → trainee",
        "mentoring": "mentoring",
        "mutual": "mutual exchanges",
        "leads": "Leads",
        "mentors": "Mentors",
        "learns": "Learns",
        "from": "from",
        "no_mentor": "no mentor assigned",
        "deferred": "Deferred",
        "hosts": "Hosts teams",
        "of": "of",
        "results": "results",
        "results_high": "high",
        "results_normal": "normal",
        "results_low": "low",
        "adverse": "adverse conditions",
        "new_school": "new school",
        "curator": "Curator",
        "reason": "Why",
        "distance": "Distance",
        "km": "km",
        "mentor": "Mentor",
        "trainee": "Trainee",
        "nowhere": "nowhere",
        "hint": "Hover a school or a link for details; mouse wheel zooms.",
        "visible_pairs": "pairs shown",
        "plot_roles": "Roles by direction",
        "plot_needs": "Trainee needs",
        "teams": "teams",
        "covered": "covered by a mentor",
        "deferred_needs": "deferred",
        "uncovered": "no mentor",
        "table_covered": "within leaders' places",
        "table_beyond": "beyond leaders' places",
        "plot_load": "Mentor load against capacity",
        "load": "teams hosted",
        "capacity": "capacity",
        "top": "top",
        "by_ratio": "by load",
        "plot_compare": "Programme goals: before and after",
        "goal_schools_mentoring": "Schools mentoring",
        "goal_schools_involved": "Schools taking part",
        "goal_needs_covered": "Needs covered",
        "goal_weighted": "Deficits covered (weighted)",
        "goal_mutual": "Mutual exchanges",
        "goal_hubs": "Overloaded hubs",
        "before": "before",
        "after": "after",
        "table": "hand-made table",
        "plan": "plan",
        "n_a": "n/a",
        "total": "total (100%)",
        "table_note": "A hand-made table does not say who learns from whom: its needs are 'covered' at best — if each "
        "direction's leaders share its trainees evenly, up to the per-direction cap; hubs are overloaded when such a share "
        "exceeds their capacity; the table has no exchanges.",
    },
}


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise ValueError(f"unknown language '{lang}'; choose one of: {', '.join(LANGS)}")
    return lang


# Russian nouns take one of three forms after a number (1 школа, 2 школы, 5 школ).
_COUNTED = {
    "schools": {"ru": ("школа", "школы", "школ"), "en": ("school", "schools")},
    "pairs": {"ru": ("пара", "пары", "пар"), "en": ("pair", "pairs")},
}


def count_label(n: int, noun: str, lang: str = "ru") -> str:
    """"34 школы", "66 пар", "1 school": a number with its noun in the right form."""
    forms = _COUNTED[noun][_lang(lang)]
    if lang == "en":
        return f"{n} {forms[0] if n == 1 else forms[1]}"
    if n % 10 == 1 and n % 100 != 11:
        form = forms[0]
    elif 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        form = forms[1]
    else:
        form = forms[2]
    return f"{n} {form}"


def text(key: str, lang: str = "ru") -> str:
    """A word or phrase of the views in ``lang`` ("ru" or "en")."""
    return _TEXT[_lang(lang)][key]


def role_label(role: str | Level | None, lang: str = "ru", *, plural: bool = False) -> str:
    """A role's name for people; ``None`` or ``""`` is "no role"."""
    key = "" if not role else Level(role).value
    return (_ROLE_PLURALS if plural else _ROLE_LABELS)[_lang(lang)][key]


def kind_label(kind: str | Kind, lang: str = "ru") -> str:
    """A school kind's name (ООШ / СОШ / гимназия / лицей, or in English)."""
    return _KIND_LABELS[_lang(lang)][Kind(kind).value]


def direction_color(index: int) -> str:
    """The colour of the ``index``-th direction (the palette repeats past 12)."""
    return DIRECTION_PALETTE[index % len(DIRECTION_PALETTE)]


def direction_colors(direction_ids: list[str] | tuple[str, ...]) -> dict[str, str]:
    """``{direction id: colour}`` in the network's direction order."""
    return {d: direction_color(i) for i, d in enumerate(direction_ids)}
