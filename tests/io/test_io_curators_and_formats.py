"""Issue 14, items 5 and 6 in the readers: curator kind and school limit,
direction audience, format, mode and group sizes — read from their columns
(English or Russian headers and words), bad cells as located, coded problems."""

from __future__ import annotations

from mentornet.io import read_network, read_network_and_policy
from mentornet.model import Audience, Format, Mode

SCHOOLS = [["id", "municipality"], ["A", "M1"], ["B", "M1"], ["C", "M2"]]
COMPETENCES = [["school", "direction", "level"], ["A", "1", "leader"], ["B", "1", "hidden_reserve"], ["C", "1", "promising"]]


def _tables(directions: list[list], curators: list[list] | None = None) -> dict[str, list[list]]:
    out = {"schools": SCHOOLS, "directions": directions, "competences": COMPETENCES}
    if curators is not None:
        out["curators"] = curators
    return out


def test_new_columns_are_read_in_russian(make_xlsx) -> None:
    path = make_xlsx({
        "Школы": [["Код школы", "Муниципалитет"], ["A", "M1"], ["B", "M1"], ["C", "M2"]],
        "Направления": [["Код направления", "Аудитория", "Форма работы", "Формат проведения", "Мин. команд в группе", "Макс. команд в группе"],
                        ["1", "руководители", "группы", "смешанный", 2, 3], ["2", "учителя", "пары", "онлайн", None, None]],
        "Кураторы": [["Код куратора", "Вид куратора", "Макс. школ", "Муниципалитеты"], ["K1", "научный консультант", 4, "M1; M2"]],
        "Компетенции": [["Код школы", "Код направления", "Уровень"], ["A", "1", "лидер"], ["B", "1", "скрытый резерв"], ["C", "2", "лидер"]],
    })
    net = read_network(path)
    d1, d2 = net.directions
    assert (d1.audience, d1.format, d1.mode, d1.group_min, d1.group_max) == (Audience.heads, Format.group, Mode.mixed, 2, 3)
    assert (d2.audience, d2.format, d2.mode, d2.online) == (Audience.teachers, Format.pair, Mode.online, True)
    (k,) = net.curators
    assert (k.kind, k.max_schools, k.municipalities) == ("научный консультант", 4, ("M1", "M2"))
    assert net.curator_kinds == ("научный консультант",)


def test_new_columns_are_read_in_english_from_csv(make_csvs) -> None:
    folder = make_csvs(_tables(
        [["id", "audience", "format", "mode", "group_min", "group_max"], ["1", "teachers", "group", "onsite", 1, 4]],
        [["id", "kind", "max_schools", "max_teams"], ["K1", "", 3, 10]],
    ))
    net = read_network(folder)
    d = net.directions[0]
    assert (d.audience, d.format, d.mode, d.group_min, d.group_max) == (Audience.teachers, Format.group, Mode.onsite, 1, 4)
    assert (net.curators[0].kind, net.curators[0].max_schools, net.curators[0].max_teams) == (None, 3, 10)


def test_bad_words_are_located_and_coded_in_both_languages(make_xlsx, problems_of) -> None:
    path = make_xlsx(_tables(
        [["id", "audience", "format", "mode"], ["1", "студенты", "кружок", "заочно"]],
        [["id", "max_schools"], ["K1", -1]],
    ))
    problems = problems_of(read_network, path)
    by_column = {p.location.column: p for p in problems if p.location.sheet == "directions"}
    assert set(by_column) == {"audience", "format", "mode"}
    for column, code, ru in (("audience", "input.not_audience", "не аудитория"), ("format", "input.not_format", "не форма работы"),
                             ("mode", "input.not_mode", "не формат проведения")):
        p = by_column[column]
        assert p.location.row == 2 and p.text is not None and p.text.code == code
        assert ru in p.render("ru") and "net.xlsx" in p.render("en")
    bad_limit = next(p for p in problems if p.location.sheet == "curators")
    assert (bad_limit.location.row, bad_limit.location.column) == (2, "max_schools")


def test_group_sizes_outside_the_group_format_and_online_against_mode_are_located(make_xlsx, problems_of) -> None:
    path = make_xlsx(_tables([["id", "format", "group_min", "online", "mode"],
                              ["1", "pair", 2, None, None], ["2", None, None, "да", "mixed"]]))
    problems = problems_of(read_network, path)
    rows = sorted((p.location.sheet, p.location.row) for p in problems)
    assert rows == [("directions", 2), ("directions", 3)], [str(p) for p in problems]
    text = " ".join(p.render("en") for p in problems)
    assert "group format only" in text and "online contradicts mode 'mixed'" in text


def test_the_policy_reads_unsupervised_and_the_mixed_share(make_xlsx) -> None:
    path = make_xlsx({**_tables([["id"], ["1"]]),
                      "policy": [["key", "value"], ["unsupervised", "flag"], ["mixed_onsite_share", 0.25], ["weights.curator_balance", 3]]})
    _net, policy = read_network_and_policy(path)
    assert (policy.unsupervised, policy.mixed_onsite_share, policy.weights.curator_balance) == ("flag", 0.25, 3)


def test_written_networks_read_back_with_the_new_fields(tmp_path) -> None:
    from mentornet.io.writers import write_network
    from tests.solvers.test_curator_kinds_solve import region

    net = region(3)
    net = net.with_changes(directions=tuple(
        d.model_copy(update={"audience": Audience.heads, "format": Format.group, "group_min": 2, "mode": Mode.mixed}) if i == 0 else d
        for i, d in enumerate(net.directions)))
    for name in ("net.xlsx", "net.json"):
        path = write_network(net, tmp_path / name)
        back = read_network(path)
        assert back.curators == net.curators and back.directions == net.directions, name
