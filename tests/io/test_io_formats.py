"""Each input format reads into the same network, with Russian or English headers."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pytest

from mentornet.io import embedded_network, read_network, read_network_and_policy
from mentornet.io.roletable import read_role_table
from mentornet.model import Kind, Level, Network, Policy, Results, Settlement

EN = {
    "schools": [
        ["id", "name", "municipality", "kind", "settlement", "lat", "lon", "results", "adverse", "is_new", "host_capacity", "max_trainee_directions", "notes"],
        ["A", "School A", "North", "secondary", "urban", 44.9, 38.0, "high", 0, "no", 4, 2, "any remark"],
        ["B", "School B", "North", "basic", "rural", None, None, "low", "yes", "yes", None, None, None],
        ["C", "School C", "South", "lyceum", "urban", None, None, "normal", 0.25, "false", 6, 3, None],
    ],
    "directions": [
        ["id", "name", "curators", "mentor_cap", "online"],
        ["1", "Quality", "K1; K2", 3, "no"],
        ["2", "Climate", "K2", None, "yes"],
    ],
    "curators": [
        ["id", "name", "max_teams", "directions", "municipalities"],
        ["K1", "Curator One", 5, "1", "North"],
        ["K2", "Curator Two", None, "1; 2", None],
    ],
    "competences": [
        ["school", "direction", "score", "level"],
        ["A", "1", None, "leader"],
        ["B", "1", None, "hidden_reserve"],
        ["C", "1", 55, "promising"],
        ["A", "2", 80, None],
        ["C", "2", 20.5, None],
    ],
    "history_roles": [["year", "school", "direction", "role"], [2023, "B", "1", "hidden_reserve"]],
    "history_pairs": [["year", "mentor", "trainee", "direction"], [2023, "A", "B", "1"]],
    "locks_pairs": [["mentor", "trainee", "direction"], ["A", "B", "1"]],
    "locks_forbidden": [["mentor", "trainee", "direction"], ["C", "B", None]],
    "locks_roles": [["school", "direction", "role"], ["A", "2", "leader"]],
}

# The same network as a Russian planner writes it: Russian sheet names,
# headers and words, numbers typed as numbers, a decimal comma.
RU = {
    "Школы": [
        ["Код школы", "Название", "Муниципалитет", "Тип школы", "Местность", "Широта", "Долгота", "Результаты", "Неблагоприятные условия", "Новая школа", "Вместимость", "Направлений обучения в год", "Примечание"],
        ["A", "School A", "North", "СОШ", "городская", "44,9", 38, "высокие", "нет", "нет", 4, 2, "любой текст"],
        ["B", "School B", "North", "ООШ", "сельская", None, None, "низкие", "да", "да", None, None, None],
        ["C", "School C", "South", "лицей", "Городская", None, None, "обычные", "0,25", "нет", 6, 3, None],
    ],
    "Направления": [
        ["№ направления", "Направление", "Кураторы", "Стажёров на наставника", "Онлайн"],
        [1, "Quality", "K1;K2", 3, "нет"],
        [2, "Climate", "K2", None, "да"],
    ],
    "Кураторы": [
        ["Код куратора", "ФИО", "Макс. команд", "Направления", "Муниципалитеты"],
        ["K1", "Curator One", 5, 1, "North"],
        ["K2", "Curator Two", None, "1; 2", None],
    ],
    "Компетенции": [
        ["Школа", "Код направления", "Балл", "Уровень"],
        ["A", 1, None, "Команды-лидеры"],
        ["B", 1, None, "команды скрытых резервов"],
        ["C", 1, 55, "подающие надежды"],
        ["A", 2, 80, None],
        ["C", 2, "20,5", None],
    ],
    "История ролей": [["Год", "Школа", "Направление", "Роль"], [2023, "B", 1, "скрытый резерв"]],
    "История пар": [["Год", "Наставник", "Стажёр", "Направление"], [2023, "A", "B", 1]],
    "Закреплённые пары": [["Наставник", "Стажер", "Направление"], ["A", "B", 1]],
    "Запрещённые пары": [["Наставник", "Стажёр", "Направление"], ["C", "B", None]],
    "Закреплённые роли": [["Школа", "Направление", "Роль"], ["A", 2, "лидер"]],
}


def _csv_tables(sheets: dict[str, list[list]]) -> dict[str, list[list]]:
    return {name: [["" if v is None else v for v in row] for row in rows] for name, rows in sheets.items()}


def _same(a: Network, b: Network) -> bool:
    return a.model_dump(exclude={"name"}) == b.model_dump(exclude={"name"})


def _check_en(net: Network) -> None:
    a, b, c = (net.school_by_id[s] for s in "ABC")
    assert (a.kind, a.settlement, a.results, a.lat, a.host_capacity, a.max_trainee_directions) == (Kind.secondary, Settlement.urban, Results.high, 44.9, 4, 2)
    assert (b.kind, b.settlement, b.results, b.adverse, b.is_new, b.host_capacity) == (Kind.basic, Settlement.rural, Results.low, 1.0, True, None)
    assert (c.kind, c.adverse, c.is_new) == (Kind.lyceum, 0.25, False)
    assert net.direction_by_id["1"].curators == ("K1", "K2")
    assert net.direction_by_id["1"].mentor_cap == 3 and net.direction_by_id["2"].online
    assert net.curator_by_id["K2"].directions == ("1", "2") and net.curator_by_id["K2"].max_teams is None
    assert net.competence_of[("C", "1")].score == 55 and net.competence_of[("C", "1")].level is Level.promising
    assert net.competence_of[("C", "2")].score == 20.5
    assert net.history.pairs[0].mentor == "A" and net.history.roles[0].role is Level.hidden_reserve
    assert net.locks.forbidden[0].direction is None and net.locks.roles[0].role is Level.leader


def test_xlsx_network_with_english_headers(make_xlsx) -> None:
    net = read_network(make_xlsx(EN, "district.xlsx"))
    assert net.name == "district"
    _check_en(net)


def test_xlsx_network_with_russian_sheets_headers_and_words(make_xlsx) -> None:
    en = read_network(make_xlsx(EN, "en.xlsx"))
    ru = read_network(make_xlsx(RU, "ru.xlsx"))
    assert _same(en, ru)


def test_csv_folder_english(make_csvs) -> None:
    net = read_network(make_csvs(_csv_tables(EN), "district"))
    assert net.name == "district"
    _check_en(net)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1251"])
def test_csv_folder_russian_names_in_any_encoding(make_csvs, make_xlsx, encoding: str) -> None:
    tables = {name.lower(): rows for name, rows in _csv_tables(RU).items()}
    folder = make_csvs(tables, f"ru_{encoding}", encoding=encoding, delimiter=";")
    assert sorted(p.name for p in folder.iterdir())[0] == "закреплённые пары.csv"
    assert _same(read_network(folder), read_network(make_xlsx(EN)))


def test_json_network_with_policy(tmp_path: Path, rich_network: Network, rich_policy: Policy) -> None:
    doc = rich_network.model_dump(mode="json") | {"policy": {"cap_per_direction": 3, "max_km": None, "weights": {"gain": 5}}}
    path = tmp_path / "net.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    net, policy = read_network_and_policy(path)
    assert net == rich_network
    assert policy == Policy(cap_per_direction=3, max_km=None, weights={"gain": 5})
    assert read_network(path) == rich_network


def test_json_without_optional_tables(tmp_path: Path) -> None:
    doc = {"schools": [{"id": "A"}, {"id": "B"}], "directions": [{"id": "1"}], "competences": [{"school": "A", "direction": "1", "level": "leader"}, {"school": "B", "direction": "1", "score": 10}]}
    path = tmp_path / "small.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    net, policy = read_network_and_policy(path)
    assert net.name == "small" and policy is None and not net.curators and not net.history.pairs


def _krymsky_csv() -> Path:
    return Path(str(resources.files("mentornet") / "data" / "krymsky_2021_internships.csv"))


def test_role_table_csv(tmp_path: Path, krymsky: Network) -> None:
    path = tmp_path / "krymsky.csv"
    shutil.copy(_krymsky_csv(), path)
    net, policy = read_network_and_policy(path)
    assert policy is None
    assert (len(net.schools), len(net.directions)) == (34, 7)
    assert [c.model_dump() for c in net.competences] == [c.model_dump() for c in read_role_table(path).competences]


def test_role_table_xlsx_english_and_russian_headers(make_xlsx) -> None:
    import csv

    with _krymsky_csv().open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    expected = read_role_table(_krymsky_csv())
    english = read_network(make_xlsx({"2021": rows}, "en_roles.xlsx"))
    # A planner's sheet: Russian headers, direction numbers typed as numbers.
    russian_rows = [["№ направления", "Направление", "Кураторы", "Роль", "Школа"]] + [[int(r[0]), *r[1:]] for r in rows[1:]]
    russian = read_network(make_xlsx({"Лист1": russian_rows}, "ru_roles.xlsx"))
    for net in (english, russian):
        assert _same(net, expected)


def test_role_table_xlsx_carries_a_policy_sheet(make_xlsx) -> None:
    path = make_xlsx({"roles": [["direction", "role", "school"], ["1", "leader", "A"], ["1", "hidden reserve", "B"]], "policy": [["key", "value"], ["cap_per_direction", 2]]})
    net, policy = read_network_and_policy(path)
    assert len(net.schools) == 2 and policy == Policy(cap_per_direction=2)


def test_policy_sheet_in_russian_words(make_xlsx) -> None:
    sheets = dict(EN)
    sheets["Политика"] = [
        ["Параметр", "Значение", "Описание"],
        ["cap_per_direction", 2, "любой текст"],
        ["max_km", "нет", None],
        ["strategy", "узкая", None],
        ["cross_municipality", "нет", None],
        ["min_gap", "7,5", None],
        ["weights.gain", 9, None],
        ["mutual", "0", None],
        ["time_limit", None, "пусто: значение по умолчанию"],
    ]
    net, policy = read_network_and_policy(make_xlsx(sheets))
    assert policy == Policy(cap_per_direction=2, max_km=None, strategy="narrow", cross_municipality=False, min_gap=7.5, weights={"gain": 9, "mutual": 0})
    _check_en(net)


def test_policy_csv_and_policy_json_in_folder(make_csvs) -> None:
    folder = make_csvs(_csv_tables(EN) | {"policy": [["key", "value"], ["fairness", "direction"], ["seed", "7"]]}, "with_csv_policy")
    assert read_network_and_policy(folder)[1] == Policy(fairness="direction", seed=7)
    folder = make_csvs(_csv_tables(EN), "with_json_policy")
    (folder / "policy.json").write_text(json.dumps({"workers": 4, "weights": {"balance": 1}}), encoding="utf-8")
    assert read_network_and_policy(folder)[1] == Policy(workers=4, weights={"balance": 1})


def test_network_sheet_gives_name_and_year(make_xlsx) -> None:
    net = read_network(make_xlsx({"Сеть": [["Параметр", "Значение"], ["Название", "Лужский район"], ["Год", 2025]], **EN}))
    assert (net.name, net.year) == ("Лужский район", 2025)


def test_wide_competence_sheet(make_xlsx) -> None:
    sheets = dict(EN)
    # One column per direction (by id or by name), a score or a level in each cell.
    sheets["competences"] = [["school", "name", "1", "Climate"], ["A", "School A", "leader", 80], ["B", "School B", "скрытый резерв", None], ["C", "School C", "promising", 20.5]]
    net = read_network(make_xlsx(sheets))
    assert net.competence_of[("A", "1")].level is Level.leader
    assert net.competence_of[("A", "2")].score == 80
    assert ("B", "2") not in net.competence_of
    assert net.competence_of[("C", "2")].score == 20.5


def test_schools_sheet_with_names_only(make_xlsx) -> None:
    sheets = dict(EN)
    sheets["schools"] = [["Название", "Тип школы"], ["A", "СОШ"], ["B", "ООШ"], ["C", "лицей"]]
    sheets["curators"] = [["id"], ["K1"], ["K2"]]
    net = read_network(make_xlsx(sheets))
    assert [s.id for s in net.schools] == ["A", "B", "C"] and net.school_by_id["B"].kind is Kind.basic


def test_blank_rows_keep_excel_row_numbers(make_xlsx, problems_of) -> None:
    sheets = dict(EN)
    sheets["competences"] = [*EN["competences"][:3], [None, None, None, None], *EN["competences"][3:], ["B", "2", 140, None]]
    (problem,) = problems_of(read_network, make_xlsx(sheets))
    assert (problem.location.sheet, problem.location.row, problem.location.column) == ("competences", 8, "score")


def test_readme_sheet_is_ignored_and_sheet_order_is_free(make_xlsx) -> None:
    sheets = {"README": [["anything"], ["at all"]], **dict(reversed(list(EN.items())))}
    _check_en(read_network(make_xlsx(sheets)))


def test_no_path_is_the_embedded_dataset(krymsky: Network) -> None:
    assert read_network() == krymsky == embedded_network()
    assert read_network_and_policy() == (krymsky, None)


def test_workbook_cells_of_every_type(make_xlsx) -> None:
    # Excel booleans and floats standing for whole numbers are read as a planner means them.
    sheets = dict(EN)
    sheets["schools"] = [["id", "is_new", "host_capacity", "adverse"], [1.0, True, 4.0, False], ["B", False, "5", True], ["C", 1, None, 0.5]]
    sheets["curators"] = [["id"], ["K1"], ["K2"]]
    sheets["competences"] = [["school", "direction", "level"], [1, 1, "leader"], ["B", 1, "promising"], ["C", "1", "hidden_reserve"]]
    sheets["locks_pairs"] = [["mentor", "trainee", "direction"], [1, "B", 1]]
    sheets["locks_roles"] = [["school", "direction", "role"], [1, 1, "leader"]]
    sheets["history_pairs"] = [["year", "mentor", "trainee", "direction"], [2023.0, 1, "B", "1"]]
    sheets["locks_forbidden"] = [["mentor", "trainee"], ["C", "B"]]
    sheets["history_roles"] = [["year", "school", "direction", "role"]]
    net = read_network(make_xlsx(sheets))
    one = net.school_by_id["1"]
    assert (one.is_new, one.host_capacity, one.adverse) == (True, 4, 0.0)
    assert net.school_by_id["B"].adverse == 1.0 and net.school_by_id["B"].host_capacity == 5
    assert net.history.pairs[0].year == 2023 and not net.history.roles

