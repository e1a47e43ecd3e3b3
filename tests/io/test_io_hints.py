"""A typo in each kind of name gets the right suggestion, located as every input error."""

from __future__ import annotations

import json
from pathlib import Path

from mentornet.errors import Problem
from mentornet.io import read_network

SCHOOLS = [
    ["id", "name", "municipality"],
    ["МБОУ СОШ № 1", None, "Кингисепский"],
    ["МБОУ СОШ № 9", None, "Кингисепский"],
    ["МБОУ СОШ № 12", None, "Лужский"],
    ["МБОУ гимназия № 7", None, "Лужский"],
]
DIRECTIONS = [["id", "name", "curators"], ["1", "Качество подготовки", "Иванова"], ["2", "Школьный климат", None]]
CURATORS = [["id", "municipalities"], ["Иванова", "Кингисепский"]]
COMPETENCES = [
    ["school", "direction", "level"],
    ["МБОУ СОШ № 1", "1", "лидер"],
    ["МБОУ СОШ № 9", "1", "скрытый резерв"],
    ["МБОУ СОШ № 12", "1", "leader"],
    ["МБОУ гимназия № 7", "2", "promising"],
]


def tables(**changes: list[list]) -> dict[str, list[list]]:
    return {"schools": SCHOOLS, "directions": DIRECTIONS, "curators": CURATORS, "competences": COMPETENCES, **changes}


def one(problems: list[Problem], **where: object) -> Problem:
    found = [p for p in problems if all(getattr(p.location, k) == v for k, v in where.items())]
    assert len(found) == 1, [str(p) for p in problems]
    return found[0]


def test_the_tables_read_without_typos(make_xlsx) -> None:
    assert len(read_network(make_xlsx(tables())).schools) == 4


def test_level_typo_in_english(make_xlsx, problems_of) -> None:
    path = make_xlsx(tables(competences=[*COMPETENCES[:3], ["МБОУ СОШ № 12", "1", "leadr"], COMPETENCES[4]]))
    p = one(problems_of(read_network, path), sheet="competences", row=4)
    assert p.suggestions == ("leader",)
    assert "'leadr' is not a level" in p.message and "did you mean 'leader'?" in p.message
    assert p.as_dict()["suggestions"] == ["leader"]


def test_level_typo_in_russian_in_a_role_table(tmp_path: Path, problems_of) -> None:
    path = tmp_path / "roles.csv"
    path.write_text(
        "direction_no,direction,role,school\n1,Качество,лидер,МБОУ СОШ № 1\n1,Качество,скрытый резер,МБОУ СОШ № 9\n",
        encoding="utf-8",
    )
    p = one(problems_of(read_network, path), row=3)
    assert p.location.column == "role"
    assert p.suggestions == ("скрытый резерв",)
    assert "did you mean 'скрытый резерв'?" in str(p)


def test_unknown_school_in_history_suggests_the_school(make_xlsx, problems_of) -> None:
    history = [["year", "mentor", "trainee", "direction"], [2023, "МБОУ СОШ № 1", "СОШ99", "1"]]
    p = one(problems_of(read_network, make_xlsx(tables(history_pairs=history))), sheet="history_pairs", row=2)
    assert p.location.column == "trainee"
    assert p.suggestions == ("МБОУ СОШ № 9",)
    assert "unknown school 'СОШ99'; did you mean 'МБОУ СОШ № 9'?" in p.message


def test_municipality_spelt_differently_in_curators_and_schools(make_xlsx, problems_of) -> None:
    curators = [["id", "municipalities"], ["Иванова", "Кингисеппский"]]
    p = one(problems_of(read_network, make_xlsx(tables(curators=curators))), sheet="curators", row=2)
    assert p.location.column == "municipalities"
    assert p.suggestions == ("Кингисепский",)
    assert "no school is in municipality 'Кингисеппский'; did you mean 'Кингисепский'?" in p.message


def test_unknown_curator_and_direction_in_csv_files(make_csvs, problems_of) -> None:
    directions = [["id", "name", "curators"], ["1", "Качество подготовки", "Иваннова"], ["2", "Школьный климат", None]]
    locks = [["school", "direction", "role"], ["МБОУ СОШ № 1", "Качество подготовки", "leader"]]
    problems = problems_of(read_network, make_csvs(tables(directions=directions, locks_roles=locks)))
    curator = one(problems, file="directions.csv")
    assert curator.suggestions == ("Иванова",)
    direction = one(problems, file="locks_roles.csv")
    # a direction's name stands for its id: the id is suggested, with its name
    assert direction.suggestions == ("1",)
    assert "did you mean '1' (Качество подготовки)?" in direction.message


def test_ids_differing_from_names_are_suggested_with_their_names(tmp_path: Path, problems_of) -> None:
    doc = {
        "schools": [{"id": "S1", "name": "МБОУ СОШ № 1"}, {"id": "S9", "name": "МБОУ СОШ № 9"}],
        "directions": [{"id": "1"}],
        "competences": [{"school": "S1", "direction": "1", "level": "leader"}, {"school": "S9", "direction": "1", "level": "hidden_reserve"}],
        "locks": {"forbidden": [{"mentor": "СОШ № 9", "trainee": "S1"}]},
    }
    path = tmp_path / "net.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    p = one(problems_of(read_network, path), field="locks.forbidden[0].mentor")
    assert p.suggestions == ("S9",)
    assert "did you mean 'S9' (МБОУ СОШ № 9)?" in p.message


def test_level_typo_in_json_keeps_its_suggestion(tmp_path: Path, problems_of) -> None:
    doc = {"schools": [{"id": "A"}, {"id": "B"}], "directions": [{"id": "1"}],
           "competences": [{"school": "A", "direction": "1", "level": "leader"}, {"school": "B", "direction": "1", "level": "promissing"}]}
    path = tmp_path / "net.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    p = one(problems_of(read_network, path), field="competences[1].level")
    assert p.suggestions == ("promising",)


def test_a_name_far_from_every_valid_one_has_no_hint(make_xlsx, problems_of) -> None:
    history = [["year", "mentor", "trainee", "direction"], [2023, "МБОУ СОШ № 1", "Z", "1"]]
    p = one(problems_of(read_network, make_xlsx(tables(history_pairs=history))), sheet="history_pairs")
    assert p.suggestions == ()
    assert p.message == "unknown school 'Z'"
    assert "suggestions" not in p.as_dict()
