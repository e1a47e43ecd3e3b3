"""``mentornet audit`` through the typer app."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest
from typer.testing import CliRunner

import mentornet.cli

mentornet.cli._register()
runner = CliRunner()


def _plain(text: str) -> str:
    # Help is rendered by rich; strip colours so option names can be matched.
    return re.sub(r"\x1b\[[0-9;]*m", "", text)


def test_json_on_the_embedded_dataset():
    result = runner.invoke(mentornet.cli.app, ["audit", "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # exactly one JSON object, nothing else
    assert doc["schools"] == 34 and doc["directions"] == 7
    assert doc["schools_mentoring"] == 18
    assert len(doc["schools_never_mentoring"]) == 16
    assert any(f["code"] == "schools_never_mentor" for f in doc["findings"])


def test_json_in_russian_and_with_policy_options():
    result = runner.invoke(mentornet.cli.app, ["audit", "--json", "--lang", "ru", "--max-trainee-directions", "4"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["lang"] == "ru" and doc["policy"]["max_trainee_directions"] == 4
    over = next(f for f in doc["findings"] if f["code"] == "too_many_trainee_directions")
    assert over["schools"] == ["МБОУ СОШ № 61"] and "школ" in over["message"]


def _flat(text: str) -> str:
    # Table cells wrap; drop the borders and join the words back up.
    return " ".join(re.sub(r"[│┃]", " ", _plain(text)).split())


def test_rich_report_and_out_folder(tmp_path):
    result = runner.invoke(mentornet.cli.app, ["audit", "--lang", "en", "--out", str(tmp_path / "audit")])
    assert result.exit_code == 0, result.output
    text = _flat(result.stdout)
    assert "18 lead in at least one direction" in text and "16 never lead" in text
    assert "no direction at promising level or above" in text
    assert "every team gives experience somewhere" in text
    doc = json.loads((tmp_path / "audit" / "audit.json").read_text(encoding="utf-8"))
    assert doc["schools_mentoring"] == 18


def test_input_file(tmp_path):
    src = resources.files("mentornet") / "data" / "krymsky_2021_internships.csv"
    path = tmp_path / "table.csv"
    path.write_bytes(src.read_bytes())
    result = runner.invoke(mentornet.cli.app, ["audit", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["schools_mentoring"] == 18


def test_bad_input_is_an_input_error(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    result = runner.invoke(mentornet.cli.app, ["audit", str(path)])
    from mentornet.errors import InputError

    assert isinstance(result.exception, InputError)
    assert "empty.csv" in str(result.exception)


@pytest.mark.parametrize("option", ["--json", "--out", "--lang", "--cap-per-direction", "--host-capacity", "--max-trainee-directions"])
def test_help_lists_every_option(option):
    result = runner.invoke(mentornet.cli.app, ["audit", "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0
    assert option in _plain(result.stdout)
