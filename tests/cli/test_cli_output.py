"""CLI output a planner can read anywhere: terminal width, files and pipes, csv/json, one language default,
hints for typos, and clear messages for missing paths."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from rich.console import Console
from rich.table import Table
from typer.testing import CliRunner

import mentornet.cli
from mentornet.audit import audit_network
from mentornet.cli._output import FILE_WIDTH, print_table
from mentornet.io import embedded_network

mentornet.cli._register()
runner = CliRunner()


def run(*args: str):
    return runner.invoke(mentornet.cli.app, list(args))


def _table(why: str) -> Table:
    t = Table(title="Schools")
    t.add_column("school", no_wrap=True)
    t.add_column("why", overflow="fold", ratio=1)
    t.add_row("МБОУ СОШ № 2", why)
    t.add_row("МБОУ СОШ № 10", "short")
    return t


# ---------------------------------------------------------------- tables


def test_a_terminal_table_fits_the_terminal():
    buf = io.StringIO()
    print_table(_table("a long reason " * 20), Console(file=buf, width=60, force_terminal=True, color_system=None))
    lines = buf.getvalue().splitlines()
    assert lines and max(len(x) for x in lines) <= 60
    assert len(lines) > 6  # the reason was wrapped, not cut


def test_a_narrow_table_into_a_file_keeps_its_natural_width():
    buf = io.StringIO()
    print_table(_table("a reason of forty-odd characters, in full"), Console(file=buf, width=30))
    text = buf.getvalue()
    assert "a reason of forty-odd characters, in full" in text  # on one line, not squeezed to 30 columns


def test_a_wide_table_into_a_file_becomes_records():
    why = "подающая надежды в 2 направлениях, но нигде не лидер; " * 5
    buf = io.StringIO()
    print_table(_table(why), Console(file=buf, width=80))
    lines = buf.getvalue().splitlines()
    assert "school: МБОУ СОШ № 2" in lines
    assert f"  why: {why}" in lines  # the whole reason on one line
    assert max(len(x) for x in lines) > FILE_WIDTH  # records are not cut to any width


def test_audit_into_a_file_shows_every_reason_whole_in_russian_by_default():
    result = run("audit")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Аудит таблицы ролей")  # Cyrillic data: Russian, as `plan` does
    report = audit_network(embedded_network(), lang="ru")
    for school in report.never_mentoring:
        assert any(school.reason in line for line in lines), school.reason
    assert not any(line.strip() in ("│ п │", "п") for line in lines)


def test_audit_lang_option_and_its_network_view_follow_the_data(tmp_path):
    result = run("audit", "--out", str(tmp_path / "ru"))
    assert result.exit_code == 0, result.output
    assert 'lang="ru"' in (tmp_path / "ru" / "network.html").read_text(encoding="utf-8")
    result = run("audit", "--lang", "en", "--out", str(tmp_path / "en"))
    assert result.exit_code == 0 and "Audit of the role table" in result.stdout
    assert 'lang="en"' in (tmp_path / "en" / "network.html").read_text(encoding="utf-8")


def test_audit_csv_and_json_formats():
    result = run("audit", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["direction"] for r in rows] == [str(i) for i in range(1, 8)]
    assert {"leaders", "trainees", "shortfall"} <= set(rows[0])
    doc = json.loads(run("audit", "--format", "json").stdout)
    assert doc["schools_mentoring"] == 18


def test_plan_summary_as_csv_and_json(tmp_path):
    result = run("plan", "--out", str(tmp_path / "p"), "--solver", "greedy", "--format", "csv")
    assert result.exit_code == 0, result.output
    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row["network"] == "krymsky_2021" and row["status"] == "FEASIBLE" and row["schools_involved"] == "34"
    assert row["handmade_schools_mentoring"] == "18"
    result = run("plan", "--out", str(tmp_path / "p"), "--solver", "greedy", "--format", "json")
    [data] = json.loads(result.stdout)["rows"]
    assert data["schools"] == 34 and any(f.endswith("plan.xlsx") for f in data["files"])


def test_plan_summary_into_a_file_is_a_readable_table(tmp_path):
    result = run("plan", "--out", str(tmp_path / "p"), "--solver", "greedy", "--lang", "en")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "schools mentoring" in text and "hand-made table: 18 schools lead somewhere" in text


def test_compare_as_csv(monkeypatch):
    from mentornet.cli import plan_cmd

    real = plan_cmd.compare_solvers
    monkeypatch.setattr(plan_cmd, "compare_solvers", lambda network, policy: real(network, policy, ["greedy"]))
    result = run("compare", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = {r["solver"]: r for r in csv.DictReader(io.StringIO(result.stdout))}
    assert rows["greedy"]["violations"] == "0" and rows["handmade"]["schools_mentoring"] == "18"


# ---------------------------------------------------------------- hints and paths


def test_a_typo_gets_a_hint_in_the_cli(tmp_path, capsys):
    path = tmp_path / "roles.csv"
    path.write_text("direction_no,direction,role,school\n1,Качество,leadr,МБОУ СОШ № 1\n1,Качество,скрытый резерв,МБОУ СОШ № 9\n",
                    encoding="utf-8")
    result = runner.invoke(mentornet.cli.app, ["audit", str(path)])
    assert result.exception.problems[0].suggestions == ("leader",)
    # What the planner sees: the located problem and the hint.
    with pytest.raises(SystemExit) as exit_:
        mentornet.cli.main(["audit", str(path)])
    assert exit_.value.code == 2
    err = " ".join(capsys.readouterr().err.split())
    # Russian data: the command's language is Russian (one default for every command)
    assert "roles.csv, строка 2, столбец «role»" in err and "имелось в виду 'leader'?" in err
    with pytest.raises(SystemExit):
        mentornet.cli.main(["audit", str(path), "--lang", "en"])
    err = " ".join(capsys.readouterr().err.split())
    assert "roles.csv, row 2, column 'role'" in err and "did you mean 'leader'?" in err


def test_view_of_a_missing_folder_says_it_does_not_exist(tmp_path):
    result = run("view", str(tmp_path / "nowhere"), "--no-open")
    assert "does not exist" in str(result.exception)
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("view", str(empty), "--no-open")
    assert "no network.html and no plan.json here" in str(result.exception)


def test_missing_policy_and_history_files(tmp_path):
    result = run("plan", "--out", str(tmp_path / "p"), "--policy", str(tmp_path / "policy.json"))
    assert "the policy file does not exist" in str(result.exception)
    result = run("plan", "--out", str(tmp_path / "p"), "--history", str(tmp_path / "plan.json"))
    assert "the previous plan does not exist" in str(result.exception)


def test_plan_many_json_format(tmp_path):
    from mentornet.generate import generate_network
    from mentornet.io import write_network

    path = write_network(generate_network(40, 2, municipalities=2, seed=4, regions=2), tmp_path / "net.json")
    result = run("plan-many", str(path), "--out", str(tmp_path / "out"), "--executor", "serial", "--solver", "greedy", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # only the JSON document: no progress lines
    assert len(doc["rows"]) == 2 and doc["totals"]["planned"] == 2
    assert openpyxl.load_workbook(tmp_path / "out" / "summary.xlsx")["regions"].max_row == 3
