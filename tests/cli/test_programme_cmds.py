"""``survey``, ``outcomes``, ``next-year`` and ``report`` commands: files written, errors located, exit codes."""

from __future__ import annotations

import openpyxl
import pytest
from typer.testing import CliRunner

from mentornet.cli import _register, app, main
from mentornet.io import read_network
from mentornet.model import Plan, roles_from_levels

_register()
runner = CliRunner()


def run(*args):
    result = runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def input_error(capsys, *args) -> str:
    with pytest.raises(SystemExit) as exit_:
        main([str(a) for a in args])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.strip()
    return err


def test_survey_template_and_merge(tmp_path, krymsky):
    path = tmp_path / "survey.xlsx"
    run("survey", "template", path)
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    assert ws.title == "анкета" and ws.max_row - 1 == len(krymsky.schools) * len(krymsky.directions)
    skip = krymsky.schools[-1].id
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, 1).value == skip:
            continue
        last = ws.cell(r, 4).value
        ws.cell(r, 6 if last else 7, last or "не участвует")
    book.save(path)
    out = tmp_path / "next.xlsx"
    result = run("survey", "merge", path, "--out", out)
    assert skip in result.output
    merged = read_network(out)
    assert set(merged.competence_of) == set(krymsky.competence_of)
    report = openpyxl.load_workbook(out)["survey_report"]
    assert {r[0] for r in report.iter_rows(min_row=2, values_only=True)} == {skip}


def test_survey_merge_with_problems_writes_nothing(tmp_path, capsys):
    path = tmp_path / "survey.xlsx"
    run("survey", "template", path)
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    ws.cell(2, 5, 95)
    ws.cell(2, 6, "скрытый резерв")
    book.save(path)
    out = tmp_path / "next.xlsx"
    err = input_error(capsys, "survey", "merge", path, "--out", out)
    assert "survey.xlsx" in err and "строка 2" in err and "анкета" in err
    assert not out.exists()


def test_outcomes_template_from_a_plan_folder(tmp_path, krymsky):
    plan = Plan(roles=tuple(roles_from_levels(krymsky.competences)), network=krymsky.name)
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "plan.json").write_text(plan.model_dump_json(), encoding="utf-8")
    out = tmp_path / "o.xlsx"
    run("outcomes", "template", tmp_path / "p", out, "--year", "2021", "--lang", "en")
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["outcomes", "journal", "about"]
    assert [c.value for c in book["about"]["B"]][1:] == [krymsky.name, 2021]
    # never overwritten silently
    result = runner.invoke(app, ["outcomes", "template", str(tmp_path / "p"), str(out)])
    assert result.exit_code == 2


def test_next_year_without_outcomes_keeps_every_competence(tmp_path, krymsky):
    plan = Plan(roles=tuple(roles_from_levels(krymsky.competences)), network=krymsky.name)
    (tmp_path / "plan.json").write_text(plan.model_dump_json(), encoding="utf-8")
    run("next-year", "--plan", tmp_path / "plan.json", "--out", tmp_path / "next", "--year", "2021")
    nxt = read_network(tmp_path / "next" / "network.xlsx")
    assert nxt.year == 2022 and set(nxt.competence_of) == set(krymsky.competence_of)
    assert {k: c.level for k, c in nxt.competence_of.items()} == {k: c.level for k, c in krymsky.competence_of.items()}


def test_next_year_with_outcomes_of_another_network_is_an_error(tmp_path, capsys, krymsky):
    plan = Plan(roles=tuple(roles_from_levels(krymsky.competences)), network=krymsky.name)
    (tmp_path / "plan.json").write_text(plan.model_dump_json(), encoding="utf-8")
    bad = tmp_path / "o.csv"
    bad.write_text("школа;направление;балл в конце года;год\nСОШ 999;1;50;2021\n", encoding="utf-8")
    err = input_error(capsys, "next-year", "--plan", tmp_path / "plan.json", "--outcomes", bad, "--out", tmp_path / "n")
    assert "o.csv" in err and "СОШ 999" in err


def test_report_needs_a_plan(tmp_path, capsys):
    err = input_error(capsys, "report", tmp_path, "--out", tmp_path / "r")
    assert "plan.json" in err
