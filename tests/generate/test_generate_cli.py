"""``mentornet generate`` through the typer app."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

import mentornet.cli
from mentornet.generate import generate_network
from mentornet.io import read_network

mentornet.cli._register()
runner = CliRunner()


@pytest.mark.parametrize("name", ["net.json", "net.xlsx", "folder"])
def test_generate_writes_a_network_that_reads_back(tmp_path, name):
    out = tmp_path / name
    result = runner.invoke(mentornet.cli.app, ["generate", "--schools", "40", "--directions", "4", "--municipalities", "2", "--seed", "5", str(out)])
    assert result.exit_code == 0, result.output
    assert "40 schools, 4 directions, 2 municipalities" in " ".join(result.stdout.split())
    back = read_network(out)
    assert back.model_dump() == generate_network(40, 4, 2, 5).model_dump()


def test_generate_level_only_and_sites(tmp_path):
    out = tmp_path / "sites.json"
    result = runner.invoke(mentornet.cli.app, ["generate", "--schools", "50", "--sites", "4", "--level-only", str(out)])
    assert result.exit_code == 0, result.output
    back = read_network(out)
    assert back.level_only and len({r.school for r in back.locks.roles}) == 4


def test_generate_refuses_impossible_sizes(tmp_path):
    result = runner.invoke(mentornet.cli.app, ["generate", "--schools", "5", "--sites", "5", str(tmp_path / "x.json")])
    assert result.exit_code == 2
    assert not (tmp_path / "x.json").exists()


def test_generate_help_lists_every_option():
    result = runner.invoke(mentornet.cli.app, ["generate", "--help"], env={"COLUMNS": "200", "NO_COLOR": "1"})
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    for option in ("--schools", "--directions", "--municipalities", "--seed", "--level-only", "--sites", "--name", "OUT"):
        assert option in text
