"""The site-based shape on the command line: template, plan summary."""

from __future__ import annotations

import json
from importlib import resources

import openpyxl
from typer.testing import CliRunner

import mentornet.cli
from mentornet.io import SITE_BASED_EXAMPLE

mentornet.cli._register()


def test_template_with_the_site_based_shape(tmp_path):
    out = tmp_path / "t.xlsx"
    result = CliRunner().invoke(mentornet.cli.app, ["template", str(out), "--lang", "en", "--shape", "site_based"])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    assert dict(row[:2] for row in book["policy"].iter_rows(values_only=True))["shape"] == "site_based"
    assert "sites" in book.sheetnames
    bad = CliRunner().invoke(mentornet.cli.app, ["template", str(tmp_path / "u.xlsx"), "--shape", "ring"])
    assert bad.exit_code == 2


def test_plan_of_the_example_reports_sites(tmp_path):
    ref = resources.files("mentornet") / "data" / SITE_BASED_EXAMPLE
    with resources.as_file(ref) as path:
        result = CliRunner().invoke(mentornet.cli.app, ["plan", str(path), "--out", str(tmp_path / "p"), "--solver", "greedy", "--lang", "en"],
                                    env={"COLUMNS": "200", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert "74 of 74 trainee schools learn at one site; 0 at several" in result.stdout
    assert "site terms ending this year" in result.stdout
    plan = json.loads((tmp_path / "p" / "plan.json").read_text(encoding="utf-8"))
    assert plan["metrics"]["schools_at_several_sites"] == 0
    assert len(plan["metrics"]["sites_term_ending"]) == 3
    assert (tmp_path / "p" / "sites.csv").exists() and (tmp_path / "p" / "site_groups.csv").exists()
