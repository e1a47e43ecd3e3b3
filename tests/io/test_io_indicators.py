"""The optional indicators table: read like the other tables (formats, Russian headers, located errors), written back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mentornet.errors import InputError
from mentornet.io import read_network, site_based_example, site_based_example_with_indicators, write_network
from mentornet.io.readers import read_indicators
from mentornet.model import Indicators
from tests.io.test_io_errors import at, good, named

INDICATORS = [
    ["school", "results", "adversity", "pupils", "staff", "opened", "results: математика"],
    ["A", 61.5, 0.2, 540, 41, 1987, 60],
    ["B", None, 0.85, 120, 14, 2023, 35.5],
    ["C", 48, None, None, None, None, None],
]


def test_an_indicators_sheet_is_read_with_subjects_and_unknowns(make_xlsx):
    net = read_network(make_xlsx(good(indicators=INDICATORS)))
    got = net.indicators_of
    assert got["A"] == Indicators(school="A", results=61.5, adversity=0.2, pupils=540, staff=41, opened=1987, subjects={"математика": 60.0})
    # B has no results index: the subject mean stands for it; C leaves everything else unknown.
    assert got["B"].results is None and got["B"].results_index == 35.5
    assert got["C"] == Indicators(school="C", results=48.0)
    assert got["C"].adversity is None and got["C"].pupils is None and got["C"].opened is None


def test_russian_headers_and_sheet_name(make_csvs):
    rows = [["код школы", "индекс результатов", "индекс неблагополучия", "контингент", "педагогов", "год открытия", "результаты: русский язык"],
            ["A", "61,5", "0,2", 540, 41, 1987, 58]]
    net = read_network(make_csvs(good(показатели=rows)))
    assert net.indicators == (Indicators(school="A", results=61.5, adversity=0.2, pupils=540, staff=41, opened=1987, subjects={"русский язык": 58.0}),)


def test_a_network_without_the_table_has_no_indicators(make_xlsx):
    assert read_network(make_xlsx(good())).indicators == ()


def test_bad_cells_are_located_by_sheet_row_and_column(make_xlsx, problems_of):
    rows = [INDICATORS[0], ["A", "высокие", 0.2, 540, 41, 1987, 60], ["B", 50, 0.8, 12.5, 14, 2023, "много"], ["Z", 50, 0.1, 1, 1, 1990, 1]]
    problems = problems_of(read_network, make_xlsx(good(indicators=rows)))
    named(at(problems, sheet="indicators", row=2, column="results"), "sheet 'indicators'", "row 2", "column 'results'")
    named(at(problems, sheet="indicators", row=3, column="pupils"), "row 3", "column 'pupils'")
    named(at(problems, sheet="indicators", row=3, column="results: математика"), "row 3", "column 'results: математика'")


def test_unknown_and_twice_given_schools_are_located(make_csvs, problems_of):
    rows = [["school", "results"], ["A", 50], ["Z", 40], ["A", 30]]
    problems = problems_of(read_network, make_csvs(good(indicators=rows)))
    named(at(problems, file="indicators.csv", row=3, column="school"), "indicators.csv", "row 3", "unknown school 'Z'")
    named(at(problems, file="indicators.csv", row=4, column="school"), "row 4", "two rows of indicators")


def test_out_of_range_values_are_refused(make_xlsx, problems_of):
    rows = [["school", "pupils", "opened"], ["A", -5, 1987], ["B", 100, 99999]]
    problems = problems_of(read_network, make_xlsx(good(indicators=rows)))
    at(problems, sheet="indicators", row=2, column="pupils")
    at(problems, sheet="indicators", row=3, column="opened")


@pytest.mark.parametrize("name", ["net.xlsx", "net.json", "folder"])
def test_written_and_read_back(tmp_path: Path, make_xlsx, name):
    net = read_network(make_xlsx(good(indicators=INDICATORS)))
    back = read_network(write_network(net, tmp_path / name))
    assert back.indicators == net.indicators


def test_json_indicators_located_by_path(tmp_path: Path, problems_of):
    doc = {"schools": [{"id": "A"}], "directions": [{"id": "1"}], "competences": [{"school": "A", "direction": "1", "level": "leader"}],
           "indicators": [{"school": "A", "results": 50, "subjects": {"математика": "x"}}]}
    path = tmp_path / "net.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    named(at(problems_of(read_network, path), field="indicators[0].subjects.математика"), "net.json", "indicators[0].subjects.математика")


def test_an_indicators_table_in_its_own_file(tmp_path: Path, make_xlsx, problems_of, krymsky):
    school = krymsky.schools[0].id
    path = tmp_path / "ind.csv"
    path.write_text(f"школа,индекс результатов\n{school},55\nНет такой,40\n", encoding="utf-8")
    problem = at(problems_of(read_indicators, path, krymsky), file="ind.csv", row=3)
    named(problem, "ind.csv", "row 3", "unknown school 'Нет такой'")
    path.write_text(f"школа,индекс результатов\n{school},55\n", encoding="utf-8")
    assert read_indicators(path, krymsky).indicators == (Indicators(school=school, results=55.0),)


def test_the_shipped_example_has_its_indicators_for_every_school():
    plain, _ = site_based_example()
    net, policy = site_based_example_with_indicators()
    assert plain.indicators == ()
    assert {i.school for i in net.indicators} == {s.id for s in net.schools}
    assert policy is not None and policy.shape == "site_based" and policy.profile_high_quantile == 0.85
    with pytest.raises(InputError):
        net.with_changes(indicators=(*net.indicators, net.indicators[0]))
