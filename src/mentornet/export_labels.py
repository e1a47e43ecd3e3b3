"""The words of the exports, in Russian and English.

Sheet names, column headers and fixed phrases of :mod:`mentornet.export`
live here so that a planner's vocabulary can be corrected in one place.
Role names come from :func:`mentornet.explain.role_name`.
"""

from __future__ import annotations

__all__ = ["LABELS", "LANGS", "label"]

LANGS = ("ru", "en")

LABELS: dict[str, dict[str, str]] = {
    # sheets (Excel: at most 31 characters, no []:*?/\)
    "sheet_table": {"ru": "Стажировки", "en": "Internships"},
    "sheet_pairs": {"ru": "Пары", "en": "Pairs"},
    "sheet_cards": {"ru": "Карточки школ", "en": "Cards"},
    "sheet_curators": {"ru": "Кураторы", "en": "Curators"},
    "sheet_deferred": {"ru": "Перенесено", "en": "Deferred"},
    "sheet_alternates": {"ru": "Запасные наставники", "en": "Alternates"},
    "sheet_metrics": {"ru": "Показатели", "en": "Metrics"},
    # the seed's table
    "direction": {"ru": "Направление", "en": "Direction"},
    "leaders": {"ru": "Команды-лидеры", "en": "Leaders"},
    "promising": {"ru": "Команды, подающие надежды", "en": "Promising teams"},
    "hidden_reserves": {"ru": "Команды скрытых резервов", "en": "Hidden reserves"},
    "curator": {"ru": "Куратор", "en": "Curator"},
    "direction_prefix": {"ru": "Стажировка", "en": "Internship"},
    # pairs
    "direction_id": {"ru": "№ направления", "en": "Direction id"},
    "mentor": {"ru": "Наставник", "en": "Mentor"},
    "mentor_role": {"ru": "Роль наставника", "en": "Mentor's role"},
    "trainee": {"ru": "Стажёр", "en": "Trainee"},
    "trainee_role": {"ru": "Роль стажёра", "en": "Trainee's role"},
    "distance_km": {"ru": "Расстояние, км", "en": "Distance, km"},
    "score": {"ru": "Оценка пары", "en": "Pair score"},
    "reason": {"ru": "Обоснование", "en": "Reason"},
    # cards
    "school": {"ru": "Школа", "en": "School"},
    "municipality": {"ru": "Муниципалитет", "en": "Municipality"},
    "kind": {"ru": "Тип", "en": "Kind"},
    "leads_in": {"ru": "Лидирует в направлениях", "en": "Leads in"},
    "learns_in": {"ru": "Учится (направление — наставник)", "en": "Learns in (direction — mentor)"},
    "mentors": {"ru": "Наставляет (направление — стажёры)", "en": "Mentors (direction — trainees)"},
    "deferred_why": {"ru": "Перенесено (почему)", "en": "Deferred (why)"},
    "pairs_as_mentor": {"ru": "Стажёров", "en": "Trainees hosted"},
    "directions_as_trainee": {"ru": "Направлений как стажёр", "en": "Directions as trainee"},
    "none": {"ru": "—", "en": "—"},
    # curators
    "directions": {"ru": "Направления", "en": "Directions"},
    "teams": {"ru": "Команд", "en": "Teams"},
    "limit": {"ru": "Предел", "en": "Limit"},
    "no_limit": {"ru": "без предела", "en": "no limit"},
    # deferred / roles / alternates
    "role": {"ru": "Роль", "en": "Role"},
    "alternates": {"ru": "Запасные наставники (оценка)", "en": "Alternate mentors (score)"},
    # metrics
    "metric": {"ru": "Показатель", "en": "Metric"},
    "value": {"ru": "Значение", "en": "Value"},
}

# Names of figures and solver fields on the metrics sheet.
METRIC_NAMES: dict[str, dict[str, str]] = {
    "solver": {"ru": "Алгоритм", "en": "Solver"},
    "status": {"ru": "Статус", "en": "Status"},
    "objective": {"ru": "Целевая функция", "en": "Objective"},
    "bound": {"ru": "Верхняя граница", "en": "Bound"},
    "gap": {"ru": "Разрыв", "en": "Gap"},
    "seconds": {"ru": "Время, с", "en": "Time, s"},
    "schools": {"ru": "Школ", "en": "Schools"},
    "schools_involved": {"ru": "Школ в парах", "en": "Schools in a pair"},
    "schools_mentoring": {"ru": "Школ-наставников", "en": "Schools mentoring"},
    "needs": {"ru": "Потребностей стажёров", "en": "Trainee needs"},
    "needs_covered": {"ru": "Потребностей покрыто", "en": "Needs covered"},
    "needs_deferred": {"ru": "Потребностей перенесено", "en": "Needs deferred"},
    "weighted_deficits_covered": {"ru": "Покрыто дефицитов (с весами)", "en": "Weighted deficits covered"},
    "mutual_exchanges": {"ru": "Взаимных обменов", "en": "Mutual exchanges"},
    "pairs": {"ru": "Пар", "en": "Pairs"},
    "mean_km": {"ru": "Среднее расстояние, км", "en": "Mean distance, km"},
    "max_host_load": {"ru": "Наибольшая нагрузка площадки", "en": "Most trainees at one host"},
    "directions": {"ru": "Направлений", "en": "Directions"},
    "trainee_needs": {"ru": "Потребностей стажёров", "en": "Trainee needs"},
    "schools_never_mentoring": {"ru": "Школ, не наставляющих нигде", "en": "Schools mentoring nowhere"},
    "weighted_deficits_total": {"ru": "Дефицитов всего (с весами)", "en": "Weighted deficits in total"},
    "coverage_ratio": {"ru": "Доля покрытых потребностей", "en": "Share of needs covered"},
    "weighted_coverage_ratio": {"ru": "Доля покрытых дефицитов (с весами)", "en": "Share of weighted deficits covered"},
    "total_km": {"ru": "Всего км по парам", "en": "Total km of pairs"},
    "pairs_with_km": {"ru": "Пар с известным расстоянием", "en": "Pairs with a known distance"},
    "pairs_against_order": {"ru": "Пар против порядка уровней", "en": "Pairs against the level order"},
    "pairs_same_kind": {"ru": "Пар школ одного типа", "en": "Pairs of the same kind"},
    "pairs_same_settlement": {"ru": "Пар с одинаковым типом поселения", "en": "Pairs of the same settlement type"},
    "violations": {"ru": "Нарушений жёстких ограничений", "en": "Hard-constraint violations"},
    "part_coverage": {"ru": "покрытие дефицитов", "en": "coverage of deficits"},
    "part_gain": {"ru": "рост компетенций", "en": "competence gain"},
    "part_context": {"ru": "сходство условий", "en": "context fit"},
    "part_travel": {"ru": "дорога", "en": "travel"},
    "part_continuity": {"ru": "стратегия (преемственность или новизна)", "en": "strategy (continuity or novelty)"},
    "part_school_mentors": {"ru": "каждая школа — наставник", "en": "every school mentors"},
    "part_mutual": {"ru": "взаимные обмены", "en": "mutual exchanges"},
    "part_balance": {"ru": "равномерность нагрузки", "en": "even host load"},
    "handmade_schools_mentoring": {"ru": "Школ-лидеров в исходной таблице", "en": "Leaders in the hand-made table"},
}

KIND_NAMES: dict[str, dict[str, str]] = {
    "basic": {"ru": "ООШ", "en": "basic"},
    "secondary": {"ru": "СОШ", "en": "secondary"},
    "gymnasium": {"ru": "гимназия", "en": "gymnasium"},
    "lyceum": {"ru": "лицей", "en": "lyceum"},
}


def label(key: str, lang: str = "en") -> str:
    """The word for ``key`` in ``lang`` (English when the language is unknown)."""
    entry = LABELS.get(key) or METRIC_NAMES.get(key)
    if entry is None:
        return key
    return entry.get(lang, entry["en"])
