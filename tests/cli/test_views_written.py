"""The commands that write views: plan (plots also inside plan.xlsx) and audit --out."""

from __future__ import annotations

import json

import openpyxl
from typer.testing import CliRunner

from mentornet.cli import _register, app

_register()
runner = CliRunner()


def test_plan_writes_the_view_and_embeds_the_plots_in_the_workbook(tmp_path):
    result = runner.invoke(app, ["plan", "--out", str(tmp_path), "--solver", "greedy", "--lang", "en", "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "network.html").stat().st_size > 10_000
    wb = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    assert "Charts" in wb.sheetnames
    assert len(wb["Charts"]._images) >= 2


def test_audit_out_writes_the_view_of_the_hand_made_table(tmp_path):
    result = runner.invoke(app, ["audit", "--out", str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    html = (tmp_path / "network.html").read_text(encoding="utf-8")
    # Names sit in the page's data as JSON (ASCII-escaped).
    assert json.dumps("МБОУ ООШ № 23")[1:-1] in html
    assert (tmp_path / "audit.json").exists() and (tmp_path / "roles_by_direction.png").exists()
