"""``mentornet plan`` and ``mentornet compare``."""

from __future__ import annotations

import json

import openpyxl
import pytest
from typer.testing import CliRunner

from mentornet.cli import _register, app, main
from mentornet.export import read_plan_json

_register()
runner = CliRunner()


@pytest.fixture
def no_views(monkeypatch):
    """Skip the views (tested by their own package) to keep these tests fast."""
    monkeypatch.setattr("mentornet.cli.plan_cmd._write_views", lambda *a, **k: [])


def run(*args: str):
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def plan_core(path):
    plan = read_plan_json(path)
    return (
        [(p.mentor, p.trainee, p.direction, p.curator, p.reason) for p in plan.pairs],
        [(r.school, r.direction, r.role) for r in plan.roles],
        [(d.school, d.direction, d.reason) for d in plan.deferred],
        plan.solver.objective,
    )


def test_plan_writes_every_file_and_a_summary(tmp_path):
    out = tmp_path / "plan"
    result = run("plan", "--out", str(out), "--solver", "greedy")
    for name in ("plan.json", "plan.xlsx", "pairs.csv", "roles.csv", "deferred.csv"):
        assert (out / name).exists(), name
    doc = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert {"roles", "pairs", "deferred", "metrics", "solver"} <= set(doc)
    assert doc["solver"]["name"] == "greedy" and doc["metrics"]["violations"] == 0
    assert doc["network"] == "krymsky_2021"
    wb = openpyxl.load_workbook(out / "plan.xlsx")
    assert wb.sheetnames[0] == "Стажировки"  # Russian data, Russian workbook
    text = result.output
    assert "greedy" in text and "FEASIBLE" in text
    # ... and a Russian summary (tests/i18n/test_cli_language_ru.py reads every row of it)
    assert "34 из 34" in text and "наставляют 18 школ" in text
    assert "закрыто:" in text and "перенесено:" in text
    # The views land too when the visualizations package provides them.
    assert (out / "network.html").exists()


def test_plan_in_english_with_a_policy_file(tmp_path, no_views):
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"cap_per_direction": 3, "host_capacity": 4}), encoding="utf-8")
    out = tmp_path / "en"
    run("plan", "--out", str(out), "--solver", "flow", "--lang", "en", "--policy", str(policy))
    wb = openpyxl.load_workbook(out / "plan.xlsx")
    assert wb.sheetnames[0] == "Internships"
    plan = read_plan_json(out / "plan.json")
    hosted: dict[str, int] = {}
    for p in plan.pairs:
        hosted[p.mentor] = hosted.get(p.mentor, 0) + 1
    assert max(hosted.values()) <= 4
    header = (out / "pairs.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("Direction id,Direction,Mentor")


def test_same_input_same_plan(tmp_path, no_views):
    for name in ("a", "b"):
        run("plan", "--out", str(tmp_path / name), "--solver", "flow", "--quiet")
    assert plan_core(tmp_path / "a" / "plan.json") == plan_core(tmp_path / "b" / "plan.json")


def test_history_and_narrow_strategy(tmp_path, no_views):
    run("plan", "--out", str(tmp_path / "y1"), "--solver", "greedy", "--quiet")
    run("plan", "--out", str(tmp_path / "y2"), "--solver", "greedy", "--quiet",
        "--history", str(tmp_path / "y1" / "plan.json"), "--strategy", "narrow")
    first = read_plan_json(tmp_path / "y1" / "plan.json")
    second = read_plan_json(tmp_path / "y2" / "plan.json")
    assert first.metrics["objective_parts"]["continuity"] == 0
    assert second.metrics["objective_parts"]["continuity"] > 0
    kept = {(p.mentor, p.trainee, p.direction) for p in first.pairs} & {(p.mentor, p.trainee, p.direction) for p in second.pairs}
    assert kept
    assert any("last year" in p.reason for p in second.pairs)


def test_input_file(tmp_path, no_views):
    from importlib import resources

    from mentornet.io import embedded_network

    # A role table file as input: the embedded CSV written out again.
    src = resources.files("mentornet") / "data" / "krymsky_2021_internships.csv"
    table = tmp_path / "table.csv"
    table.write_bytes(src.read_bytes())
    run("plan", str(table), "--out", str(tmp_path / "t"), "--solver", "greedy", "--quiet")
    doc = json.loads((tmp_path / "t" / "plan.json").read_text(encoding="utf-8"))
    assert len({r["school"] for r in doc["roles"]}) == len(embedded_network().schools)
    assert doc["input"].endswith("table.csv")


def test_bad_input_and_bad_policy_exit_with_input_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["plan", str(tmp_path / "missing.xlsx"), "--out", str(tmp_path / "o"), "--solver", "greedy"])
    assert exit_.value.code == 2
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"cap_per_direction": -1, "no_such_field": 1}), encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["plan", "--out", str(tmp_path / "o"), "--solver", "greedy", "--policy", str(policy)])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "cap_per_direction" in err and "no_such_field" in err


def test_infeasible_input_exits_3(tmp_path, capsys, krymsky):
    from mentornet.io import read_network
    from mentornet.model import Locks, PairLock

    # A JSON network with an impossible kept pair.

    doc = krymsky.with_changes(
        locks=Locks(pairs=(PairLock(mentor="МБОУ СОШ № 20", trainee="МБОУ СОШ № 9", direction="1"),))
    ).model_dump(mode="json")
    path = tmp_path / "net.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    try:
        read_network(path)
    except Exception as exc:  # noqa: BLE001  # pragma: no cover - depends on the JSON reader's format
        pytest.skip(f"JSON network reader does not take a model dump: {exc}")
    with pytest.raises(SystemExit) as exit_:
        main(["plan", str(path), "--out", str(tmp_path / "o"), "--solver", "greedy"])
    assert exit_.value.code == 3
    assert "МБОУ СОШ № 20" in capsys.readouterr().err


def test_help_documents_every_option():
    import typer.main

    group = typer.main.get_command(app)
    for name, expected in (
        ("plan", {"--out", "--solver", "--time-limit", "--workers", "--seed", "--strategy", "--history",
                  "--fairness", "--lang", "--policy"}),
        ("compare", {"--time-limit", "--json"}),
    ):
        command = group.commands[name]
        options = {opt for p in command.params for opt in p.opts}
        assert expected <= options, expected - options
        for p in command.params:
            assert getattr(p, "help", None), f"{name}: {p.name} has no help"
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0
        for opt in expected:
            assert opt in result.output


def test_compare_json_runs_every_solver(tmp_path):
    from mentornet.solvers import available_solvers

    result = run("compare", "--time-limit", "2", "--json")
    doc = json.loads(result.output)
    rows = doc["solvers"]
    assert set(available_solvers()) <= set(rows)
    for name in available_solvers():
        row = rows[name]
        assert row["status"] in ("OPTIMAL", "FEASIBLE"), row
        assert row["violations"] == 0
        assert row["schools_involved"] == 34
        for key in ("objective", "seconds", "schools_mentoring", "needs_covered", "needs_deferred",
                    "weighted_deficits_covered", "mutual_exchanges", "mean_km"):
            assert key in row
    assert rows["handmade"]["schools_mentoring"] == 18


def test_compare_table(monkeypatch):
    from mentornet.cli import plan_cmd

    real = plan_cmd.compare_solvers
    monkeypatch.setattr(plan_cmd, "compare_solvers", lambda network, policy: real(network, policy, ["greedy", "flow"]))
    result = run("compare", "--lang", "en")
    for word in ("greedy", "flow", "hand-made table", "schools mentoring", "weighted deficits covered", "violations"):
        assert word in result.output
