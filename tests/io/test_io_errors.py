"""Bad input: every problem is reported together, each naming its place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentornet.errors import InputError, Problem
from mentornet.io import read_network, read_network_and_policy

SCHOOLS = [["id", "name", "host_capacity"], ["A", "School A", 4], ["B", "School B", None], ["C", "School C", 2]]
DIRECTIONS = [["id", "name"], ["1", "Quality"], ["2", "Climate"]]
COMPETENCES = [["school", "direction", "score", "level"], ["A", "1", None, "leader"], ["B", "1", None, "hidden_reserve"], ["C", "1", 50, None], ["A", "2", 90, None]]


def good(**changes: list[list]) -> dict[str, list[list]]:
    return {"schools": SCHOOLS, "directions": DIRECTIONS, "competences": COMPETENCES, **changes}


def at(problems: list[Problem], **where: object) -> Problem:
    """The one problem at that place (file, sheet, row, column…)."""
    found = [p for p in problems if all(getattr(p.location, k) == v for k, v in where.items())]
    assert len(found) == 1, f"expected one problem at {where}, got: {[str(p) for p in problems]}"
    return found[0]


def named(problem: Problem, *parts: str) -> None:
    """The printed problem names every part (file, sheet, row, column, expectation)."""
    text = str(problem)
    for part in parts:
        assert part in text, f"{part!r} missing from {text!r}"


# ------------------------------------------------------------ one case each


def test_unknown_school_in_a_pair(make_xlsx, problems_of) -> None:
    path = make_xlsx(good(locks_pairs=[["mentor", "trainee", "direction"], ["A", "B", "1"], ["A", "Z", "1"]]))
    problem = at(problems_of(read_network, path), sheet="locks_pairs", row=3, column="trainee")
    named(problem, "net.xlsx", "sheet 'locks_pairs'", "row 3", "column 'trainee'", "unknown school 'Z'")


def test_unknown_school_in_a_competence_in_a_csv_folder(make_csvs, problems_of) -> None:
    folder = make_csvs(good(competences=[*COMPETENCES, ["Q", "2", 10, ""]]))
    problem = at(problems_of(read_network, folder), file="competences.csv")
    named(problem, "competences.csv", "row 6", "column 'school'", "unknown school 'Q'")


def test_unknown_school_in_a_history_pair_in_json(tmp_path: Path, problems_of) -> None:
    doc = {"schools": [{"id": "A"}, {"id": "B"}], "directions": [{"id": "1"}], "competences": [{"school": "A", "direction": "1", "level": "leader"}],
           "history": {"pairs": [{"year": 2023, "mentor": "X", "trainee": "B", "direction": "1"}]}}
    path = tmp_path / "net.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    problem = at(problems_of(read_network, path), field="history.pairs[0].mentor")
    named(problem, "net.json", "history.pairs[0].mentor", "unknown school 'X'")


@pytest.mark.parametrize(("score_header", "sheet"), [("score", "competences"), ("Балл", "Компетенции")])
def test_score_of_140(make_xlsx, problems_of, score_header: str, sheet: str) -> None:
    rows = [["school", "direction", score_header], ["A", "1", 90], ["B", "1", 140], ["C", "1", 10]]
    problem = at(problems_of(read_network, make_xlsx({"schools": SCHOOLS, "directions": DIRECTIONS, sheet: rows})), row=3)
    named(problem, f"sheet '{sheet}'", "row 3", f"column '{score_header}'", "140", "from 0 to 100")


def test_score_of_140_in_json(tmp_path: Path, problems_of) -> None:
    doc = {"schools": [{"id": "A"}], "directions": [{"id": "1"}], "competences": [{"school": "A", "direction": "1", "score": 140}]}
    path = tmp_path / "net.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    named(at(problems_of(read_network, path), field="competences[0].score"), "net.json", "140", "from 0 to 100")


def test_duplicate_id(make_xlsx, problems_of) -> None:
    path = make_xlsx(good(schools=[*SCHOOLS, ["B", "Another B", 1]]))
    problem = at(problems_of(read_network, path), sheet="schools", row=5)
    named(problem, "sheet 'schools'", "row 5", "column 'id'", "duplicate id 'B'", "row 3")


def test_missing_required_column(make_xlsx, problems_of) -> None:
    path = make_xlsx(good(competences=[["школа", "балл"], ["A", 50]]))
    problem = at(problems_of(read_network, path), sheet="competences")
    named(problem, "sheet 'competences'", "row 1", "column 'direction'", "missing required column", "'школа', 'балл'")


def test_missing_score_and_level_columns(make_csvs, problems_of) -> None:
    problem = at(problems_of(read_network, make_csvs(good(competences=[["school", "direction"], ["A", "1"]]))), file="competences.csv")
    named(problem, "competences.csv", "row 1", "missing required column", "'score'", "'level'")


def test_level_word_that_is_not_a_level(make_xlsx, problems_of) -> None:
    path = make_xlsx(good(competences=[*COMPETENCES, ["C", "2", None, "отличники"]]))
    problem = at(problems_of(read_network, path), sheet="competences", row=6)
    named(problem, "row 6", "column 'level'", "'отличники' is not a level", "leader / promising / hidden_reserve")


def test_competence_with_neither_score_nor_level(make_xlsx, problems_of) -> None:
    path = make_xlsx(good(competences=[*COMPETENCES, ["C", "2", None, None]]))
    named(at(problems_of(read_network, path), row=6), "sheet 'competences'", "row 6", "needs a score (0..100) or a level")


def test_non_number_where_a_number_is_expected(make_xlsx, problems_of) -> None:
    path = make_xlsx(good(schools=[["id", "Вместимость", "Широта"], ["A", "много", 44.9], ["B", 3, "север"], ["C", 2.5, None]]))
    problems = problems_of(read_network, path)
    named(at(problems, row=2), "row 2", "column 'Вместимость'", "'много' is not a number", "whole number")
    named(at(problems, row=3), "row 3", "column 'Широта'", "'север' is not a number")
    named(at(problems, row=4), "row 4", "2.5 is not a whole number")


def test_word_that_is_not_a_kind_or_yes_no(make_csvs, problems_of) -> None:
    folder = make_csvs(good(schools=[["id", "тип школы", "новая школа"], ["A", "колледж", "да"], ["B", "СОШ", "может быть"], ["C", "", ""]]))
    problems = problems_of(read_network, folder)
    named(at(problems, row=2), "schools.csv", "column 'тип школы'", "'колледж' is not a school kind", "ООШ / СОШ")
    named(at(problems, row=3), "column 'новая школа'", "'может быть' is not yes or no", "да / нет")


def test_history_year_that_is_not_a_number(make_xlsx, problems_of) -> None:
    path = make_xlsx(good(history_roles=[["год", "школа", "направление", "роль"], ["прошлый", "A", "1", "лидер"]]))
    named(at(problems_of(read_network, path), sheet="history_roles"), "row 2", "column 'год'", "'прошлый' is not a number")


def test_empty_values_in_required_cells(make_xlsx, problems_of) -> None:
    path = make_xlsx(good(locks_pairs=[["mentor", "trainee", "direction"], ["A", None, "1"]]))
    named(at(problems_of(read_network, path), sheet="locks_pairs"), "row 2", "column 'trainee'", "empty; expected a trainee")


# ------------------------------------------------------------ empty inputs


def test_empty_role_table_csv(tmp_path: Path, problems_of) -> None:
    path = tmp_path / "roles.csv"
    path.write_bytes(b"")
    named(at(problems_of(read_network, path), file="roles.csv"), "roles.csv", "the file is empty")


def test_empty_csv_in_a_folder(make_csvs, problems_of) -> None:
    folder = make_csvs(good())
    (folder / "schools.csv").write_bytes(b"\n\n")
    problems = problems_of(read_network, folder)
    named(at(problems, file="schools.csv"), "schools.csv", "the file is empty")
    # The empty table is not reported again as missing, nor every reference to it.
    assert len(problems) == 1


def test_empty_sheet(make_xlsx, problems_of) -> None:
    path = make_xlsx(good(directions=[]))
    named(at(problems_of(read_network, path), sheet="directions"), "net.xlsx", "sheet 'directions'", "the sheet is empty")


def test_sheet_with_a_header_only(make_xlsx, problems_of) -> None:
    path = make_xlsx(good(schools=[["id", "name"]], competences=[["school", "direction", "level"]]))
    named(at(problems_of(read_network, path), sheet="schools"), "sheet 'schools'", "no schools")


def test_empty_workbook_sheet_as_role_table(make_xlsx, problems_of) -> None:
    named(at(problems_of(read_network, make_xlsx({"Лист1": []}, "roles.xlsx")), sheet="Лист1"), "roles.xlsx", "the sheet is empty")


def test_empty_json(tmp_path: Path, problems_of) -> None:
    path = tmp_path / "net.json"
    path.write_text("  \n", encoding="utf-8")
    named(at(problems_of(read_network, path), file="net.json"), "net.json", "the file is empty")


# ------------------------------------------------------------ encodings and formats


def test_wrong_encoding_in_a_folder(make_csvs, problems_of) -> None:
    folder = make_csvs(good())
    # 0x98 is neither UTF-8 here nor a Windows-1251 character.
    (folder / "directions.csv").write_bytes(b"id,name\n1,Quality\n2,Clim\x98ate\n")
    problem = at(problems_of(read_network, folder), file="directions.csv")
    named(problem, "directions.csv", "row 3", "not valid UTF-8", "save the file as CSV UTF-8")


def test_wrong_encoding_of_a_role_table(tmp_path: Path, problems_of) -> None:
    path = tmp_path / "roles.csv"
    path.write_bytes(b"direction,role,school\n1,leader," + b"\x98\x98\n")
    named(at(problems_of(read_network, path), file="roles.csv"), "roles.csv", "row 2", "not valid UTF-8")


def test_wrong_encoding_of_json(tmp_path: Path, problems_of) -> None:
    path = tmp_path / "net.json"
    path.write_bytes('{"name": "Лицей"}'.encode("cp1251"))
    named(at(problems_of(read_network, path), file="net.json"), "net.json", "row 1", "not valid UTF-8")


def test_invalid_json_names_the_line(tmp_path: Path, problems_of) -> None:
    path = tmp_path / "net.json"
    path.write_text('{\n  "schools": [\n    {"id": "A"},,\n  ]\n}', encoding="utf-8")
    named(at(problems_of(read_network, path), file="net.json"), "row 3", "not valid JSON", "line 3")


def test_json_unknown_and_missing_keys(tmp_path: Path, problems_of) -> None:
    doc = {"schools": [{"id": "A", "colour": "red"}], "competences": [], "extra": 1, "locks": {"kept": []}}
    path = tmp_path / "net.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    problems = problems_of(read_network, path)
    named(at(problems, field="schools[0].colour"), "unknown field")
    named(at(problems, field="extra"), "unknown key")
    named(at(problems, field="locks.kept"), "unknown key")
    named(at(problems, field="directions"), "missing key 'directions'")


def test_file_that_is_not_a_workbook(tmp_path: Path, problems_of) -> None:
    path = tmp_path / "plan.xlsx"
    path.write_text("id,name\nA,School\n", encoding="utf-8")
    named(at(problems_of(read_network, path), file="plan.xlsx"), "plan.xlsx", "not a readable XLSX workbook", "saved from Excel as .xlsx")


@pytest.mark.parametrize(("name", "expected"), [("old.xls", "save it as .xlsx"), ("notes.docx", "unsupported input")])
def test_unsupported_files(tmp_path: Path, problems_of, name: str, expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"x")
    named(at(problems_of(read_network, path), file=name), name, expected)


def test_missing_path(tmp_path: Path, problems_of) -> None:
    named(problems_of(read_network, tmp_path / "nowhere.xlsx")[0], "nowhere.xlsx", "no such file or folder")


def test_folder_without_tables(tmp_path: Path, problems_of) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    named(problems_of(read_network, tmp_path)[0], "no network tables in this folder", "schools.csv")


def test_missing_sheet_lists_the_sheets_found(make_xlsx, problems_of) -> None:
    path = make_xlsx({"Shools": SCHOOLS, "directions": DIRECTIONS, "competences": COMPETENCES})
    problem = at(problems_of(read_network, path), file="net.xlsx", sheet=None)
    named(problem, "missing sheet 'schools' (or 'школы')", "'Shools'")


def test_role_table_problems_name_the_sheet(make_xlsx, problems_of) -> None:
    path = make_xlsx({"2021": [["direction", "role", "school"], ["1", "leader", "A"], ["1", "boss", "B"]]}, "roles.xlsx")
    named(at(problems_of(read_network, path), row=3), "roles.xlsx", "sheet '2021'", "row 3", "column 'role'", "'boss' is not a level")


# ------------------------------------------------------------ policy


def test_policy_problems(make_xlsx, problems_of) -> None:
    path = make_xlsx(good(policy=[["key", "value"], ["cap_per_direction", "четыре"], ["speed", 3], ["weights.gain", -1], ["cap_per_direction", 5], ["strategy", "deep"]]))
    problems = problems_of(read_network_and_policy, path)
    named(at(problems, row=2), "sheet 'policy'", "column 'value'", "'четыре' is not a number")
    named(at(problems, row=3), "column 'key'", "unknown policy setting 'speed'", "cap_per_direction")
    named(at(problems, row=5), "column 'key'", "given twice", "row 2")
    assert len(problems) == 3  # value checks wait until every key and value could be read


def test_policy_values_out_of_range(make_xlsx, problems_of) -> None:
    path = make_xlsx(good(policy=[["key", "value"], ["weights.gain", -1], ["strategy", "deep"]]))
    problems = problems_of(read_network_and_policy, path)
    named(at(problems, row=2), "column 'value'", "-1 is out of range", "≥ 0")
    named(at(problems, row=3), "'deep' is not allowed", "'narrow' or 'wide'")


def test_policy_that_breaks_a_rule_across_settings(make_xlsx, problems_of) -> None:
    path = make_xlsx(good(policy=[["key", "value"], ["leader_min_score", 30], ["reserve_max_score", 60]]))
    problem = at(problems_of(read_network_and_policy, path), sheet="policy")
    named(problem, "net.xlsx", "sheet 'policy'", "reserve_max_score must not exceed leader_min_score")


def test_policy_problems_in_json(tmp_path: Path, problems_of) -> None:
    doc = {"schools": [{"id": "A"}], "directions": [{"id": "1"}], "competences": [{"school": "A", "direction": "1", "level": "leader"}], "policy": {"workers": 0, "weights": {"gain": "lots"}}}
    path = tmp_path / "net.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    problems = problems_of(read_network_and_policy, path)
    named(at(problems, field="policy.weights.gain"), "net.json", "'lots' is not a number")


# ------------------------------------------------------------ all together


def test_every_problem_of_every_sheet_is_reported_at_once(make_xlsx) -> None:
    path = make_xlsx(
        good(
            schools=[*SCHOOLS, ["A", "Dup", "x"]],
            directions=[*DIRECTIONS, ["3", "Новое"]],
            competences=[*COMPETENCES, ["C", "2", 140, None], ["B", "2", None, "гуру"], ["N", "3", 5, None]],
            locks_roles=[["school", "direction", "role"], ["B", "9", "leader"]],
            policy=[["key", "value"], ["min_gap", "много"]],
        )
    )
    with pytest.raises(InputError) as info:
        read_network_and_policy(path)
    where = {(p.location.sheet, p.location.row, p.location.column) for p in info.value.problems}
    assert {
        ("schools", 5, "host_capacity"),
        ("schools", 5, "id"),
        ("competences", 6, "score"),
        ("competences", 7, "level"),
        ("competences", 8, "school"),
        ("locks_roles", 2, "direction"),
        ("policy", 2, "value"),
    } <= where
    message = str(info.value)
    assert message.startswith(f"{len(info.value.problems)} problem(s) in the input")
    assert all(str(p) in message for p in info.value.problems)
