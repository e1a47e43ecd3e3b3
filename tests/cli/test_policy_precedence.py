"""One precedence of settings (issue 11, item 1): options > --policy file > the input's policy table > defaults.

Before, ``plan`` and ``compare`` validated the input's policy table and threw
its values away: a network with ``max_trainee_directions`` 4 was planned with 3.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from mentornet.cli import _register, app
from mentornet.export import read_plan_json
from mentornet.io import embedded_network, read_network_and_policy
from mentornet.io.writers import write_network
from mentornet.model import POLICY_SOURCES, Policy, merge_policy

_register()
runner = CliRunner()


@pytest.fixture(autouse=True)
def no_views(monkeypatch):
    monkeypatch.setattr("mentornet.cli.plan_cmd._write_views", lambda *a, **k: [])


@pytest.fixture
def folder(tmp_path):
    """The Krymsky network as a CSV folder whose policy.csv allows 4 trainee directions a year."""
    path = write_network(embedded_network(), tmp_path / "net")
    (path / "policy.csv").write_text("key,value\nmax_trainee_directions,4\nweights.gain,3\n", encoding="utf-8")
    return path


def run(*args: str):
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_merge_policy_precedence_and_sources():
    table = Policy.model_validate({"max_trainee_directions": 4, "host_capacity": 5, "weights": {"gain": 3}})
    pol, src = merge_policy(input=table, file={"host_capacity": 7, "weights": {"mutual": 1}}, options={"host_capacity": 8, "seed": None})
    assert (pol.max_trainee_directions, pol.host_capacity, pol.weights.gain, pol.weights.mutual, pol.seed) == (4, 8, 3, 1, 0)
    assert src["max_trainee_directions"] == "input" and src["host_capacity"] == "option"
    assert src["weights.gain"] == "input" and src["weights.mutual"] == "policy_file" and src["seed"] == "default"
    assert set(src.values()) <= set(POLICY_SOURCES)
    # Only what the table gave counts as the table's: its defaults do not hide a lower layer.
    assert merge_policy(input=Policy.model_validate({"seed": 5}))[1]["cap_per_direction"] == "default"


def test_plan_uses_the_input_policy_table_and_records_the_sources(folder, tmp_path):
    assert read_network_and_policy(folder)[1].max_trainee_directions == 4
    out = tmp_path / "out"
    result = run("plan", str(folder), "-o", str(out), "-t", "5", "--seed", "1")
    plan = read_plan_json(out / "plan.json")
    rec = plan.policy
    assert rec["values"]["max_trainee_directions"] == 4 and rec["values"]["weights"]["gain"] == 3
    assert rec["sources"]["max_trainee_directions"] == "input" and rec["sources"]["weights.gain"] == "input"
    assert rec["sources"]["seed"] == "option" and rec["sources"]["host_capacity"] == "default"
    # With 4 directions a year the Krymsky table defers fewer than the 7 of the default 3.
    assert plan.metrics["needs_deferred"] < 7
    assert not any("3" in d.reason and "limit" in d.reason for d in plan.deferred)
    assert "max_trainee_directions = 4" in result.output and "weights.gain = 3" in result.output


def test_policy_file_beats_the_input_and_options_beat_the_file(folder, tmp_path):
    pfile = tmp_path / "policy.json"
    pfile.write_text(json.dumps({"max_trainee_directions": 2, "host_capacity": 5}), encoding="utf-8")
    out = tmp_path / "out"
    run("plan", str(folder), "-o", str(out), "-t", "5", "--policy", str(pfile), "-q")
    rec = json.loads((out / "plan.json").read_text(encoding="utf-8"))["policy"]
    assert rec["values"]["max_trainee_directions"] == 2 and rec["sources"]["max_trainee_directions"] == "policy_file"
    assert rec["values"]["weights"]["gain"] == 3 and rec["sources"]["weights.gain"] == "input"


def test_compare_and_audit_use_the_input_policy_table(folder):
    result = run("compare", str(folder), "-t", "5", "--format", "json")
    rows = json.loads(result.output)["solvers"]
    assert rows["cpsat"]["needs_deferred"] < 7
    audit = json.loads(run("audit", str(folder), "--json").output)
    assert audit["policy"]["max_trainee_directions"] == 4
    audit = json.loads(run("audit", str(folder), "--json", "--max-trainee-directions", "2").output)
    assert audit["policy"]["max_trainee_directions"] == 2
