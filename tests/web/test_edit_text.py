"""Edit descriptions on the pages: one renderer of each edit's message code and parameters."""

from __future__ import annotations

import re

import pytest

from mentornet.api import web_i18n
from mentornet.api.web_i18n import edit_text
from mentornet.scenario import EDIT_TYPES, parse_edits

SCHOOLS = {"L1": "Лицей 1", "P1": "Школа П", "H1": "Школа Х"}
DIRECTIONS = {"d1": "Робототехника"}

# (stored edit, Russian text, English text) — the texts the pages showed before the edits became classes.
CASES = [
    ({"op": "close_school", "school": "H1"}, "закрыть школу Школа Х", "close school Школа Х"),
    ({"op": "change_capacity", "school": "L1", "host_capacity": 2},
     "ёмкость Лицей 1: принимает команд в год = 2", "capacity of Лицей 1: trainee teams hosted per year = 2"),
    ({"op": "change_capacity", "school": "L1", "host_capacity": None, "max_trainee_directions": 1},
     "ёмкость Лицей 1: принимает команд в год = по умолчанию, направлений стажировки в год = 1",
     "capacity of Лицей 1: trainee teams hosted per year = default, directions learnt per year = 1"),
    ({"op": "change_limit", "field": "max_km", "value": None},
     "предел «наибольшее расстояние пары, км» = без предела", "limit 'longest pair distance, km' = no limit"),
    ({"op": "change_limit", "field": "seed", "value": 3}, "предел «seed» = 3", "limit 'seed' = 3"),
    ({"op": "lock_pair", "mentor": "L1", "trainee": "P1", "direction": "d1"},
     "закрепить пару Лицей 1 → Школа П (Робототехника)", "lock pair Лицей 1 → Школа П (Робототехника)"),
    ({"op": "forbid_pair", "mentor": "L1", "trainee": "P1"},
     "запретить пару Лицей 1 → Школа П во всех направлениях", "forbid pair Лицей 1 → Школа П in every direction"),
    ({"op": "forbid_pair", "mentor": "L1", "trainee": "P1", "direction": "d2"},
     "запретить пару Лицей 1 → Школа П (d2)", "forbid pair Лицей 1 → Школа П (d2)"),
    ({"op": "lock_role", "school": "L1", "direction": "d1", "role": "leader"},
     "роль Лицей 1 в направлении Робототехника: команда-лидер", "role of Лицей 1 in direction Робототехника: leader"),
    ({"op": "lock_plan", "plan_id": 7, "pairs": [{"mentor": "L1", "trainee": "P1", "direction": "d1"}], "roles": []},
     "сохранить 1 пару и 0 ролей плана 7", "keep the 1 pair and 0 roles of plan 7"),
    ({"op": "lock_plan", "pairs": [], "roles": []}, "сохранить 0 пар и 0 ролей плана ?", "keep the 0 pairs and 0 roles of plan ?"),
    ({"op": "add_school", "school": {"id": "Z", "name": "Новая"}, "competences": [{"direction": "d1", "level": "leader"}]},
     "добавить школу Новая", "add school Новая"),
    ({"op": "add_school", "school": {"id": "Z"}, "competences": [{"direction": "d1", "level": "leader"}]},
     "добавить школу Z", "add school Z"),
    ({"op": "change_weights", "weights": {"gain": 3, "travel_per_10km": 1}},
     "веса: gain = 3, travel_per_10km = 1", "weights: gain = 3, travel_per_10km = 1"),
    ({"op": "change_strategy", "strategy": "narrow"},
     "стратегия: узкая специализация (сохранять наставников)", "strategy: narrow (keep last year's mentors)"),
    ({"op": "change_strategy", "strategy": None}, "стратегия: без предпочтения", "strategy: no preference"),
]


@pytest.mark.parametrize(("edit", "ru", "en"), CASES, ids=[f"{i}-{c[0]['op']}" for i, c in enumerate(CASES)])
def test_edit_text_of_stored_json_and_of_the_model(edit, ru, en) -> None:
    [model] = parse_edits([edit])
    for lang, text in (("ru", ru), ("en", en)):
        assert edit_text(edit, lang, SCHOOLS, DIRECTIONS) == text
        assert edit_text(model, lang, SCHOOLS, DIRECTIONS) == text


def test_every_edit_kind_has_its_message_in_both_languages() -> None:
    assert {c[0]["op"] for c in CASES} == set(EDIT_TYPES)
    for edit, _ru, _en in CASES:
        [model] = parse_edits([edit])
        code, _params = model.message()
        assert code in web_i18n.MESSAGES, code
        for lang in web_i18n.LANGS:
            text = edit_text(model, lang, SCHOOLS, DIRECTIONS)
            assert not re.search(r"\{\w+\}", text) and "Term(" not in text, text


def test_an_unreadable_stored_edit_shows_its_op() -> None:
    assert edit_text({"op": "paint_school"}, "en") == "paint_school"


def test_a_solver_error_on_a_page_reads_in_the_pages_language() -> None:
    """A coded solver error shown on a page (a form's refusal) is worded in the page's language, figures and all."""
    from mentornet.errors import SolverError

    exc = SolverError.coded("solver.time_limit", seconds=5.0, schools=34, pairs=1234,
                            time_limit="time_limit", workers="workers", candidates="candidates_per_need")
    _title, detail_ru, _errors, _kind, _status = web_i18n.problem_parts(exc, "ru")
    words = set(re.findall(r"[A-Za-z_]{3,}", detail_ru))
    assert words <= {"time_limit", "workers", "candidates_per_need"}, detail_ru  # setting names stay as they are
    assert "34" in detail_ru and "1234" in detail_ru.replace("\u00a0", "").replace(" ", "")
    _title, detail_en, *_ = web_i18n.problem_parts(exc, "en")
    assert detail_en.startswith("no plan found within the time limit of 5 s (34 schools")
