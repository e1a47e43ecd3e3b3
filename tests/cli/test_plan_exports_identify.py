"""Issue 11, "The official plan": every export of ``mentornet plan`` says which plan it is.

plan.xlsx (title line on every page and the workbook's title), about.csv
beside the CSV files and ``about`` in plan.json carry the network, the year,
the plan number — "draft, not stored" for a plan the command line writes —,
the status, the date and the solver's status. A year the input does not
give is said to be missing, not guessed.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from mentornet.cli import main
from mentornet.io.writers import write_network


def _plan(tmp_path: Path, *args: str) -> Path:
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as exit_:
        main(["plan", *args, "--out", str(out), "--solver", "flow", "--quiet"])
    assert not exit_.value.code
    return out


def _about_csv(out: Path, sep: str) -> dict[str, str]:
    with (out / "about.csv").open(encoding="utf-8-sig", newline="") as fh:
        return dict(csv.reader(fh, delimiter=sep))


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_cli_export_says_which_plan(tmp_path, krymsky, lang):
    net = krymsky.with_changes(name="Красногвардейский район", year=2021)
    out = _plan(tmp_path, str(write_network(net, tmp_path / "net.json")), "--lang", lang)
    today = dt.date.today().isoformat()
    doc = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    about = doc["about"]
    assert about == {"network": net.name, "year": 2021, "plan_id": None, "status": "draft", "date": today,
                     "solver": "flow", "solver_status": doc["solver"]["status"]}
    words = {"ru": ("год 2021", "план черновик, не сохранён", "статус: черновик", f"дата: {today}", "решатель: flow, "),
             "en": ("year 2021", "plan draft, not stored", "status: draft", f"date: {today}", "solver: flow, ")}[lang]
    wb = openpyxl.load_workbook(out / "plan.xlsx")
    title = wb.properties.title
    assert title.startswith(net.name) or net.name in title
    for part in words:
        assert part in title, (part, title)
    assert title.endswith(doc["solver"]["status"])
    for ws in wb.worksheets:  # on every printed page
        assert ws.oddHeader.center.text == title.replace("&", "&&"), ws.title
    info = _about_csv(out, ";" if lang == "ru" else ",")
    values = list(info.values())
    assert net.name in values and "2021" in values and today in values
    assert ("черновик, не сохранён" if lang == "ru" else "draft, not stored") in values
    assert ("черновик" if lang == "ru" else "draft") in values
    assert f"flow, {doc['solver']['status']}" in values
    # the other CSV files are the tables, unchanged
    for name in ("pairs.csv", "roles.csv", "deferred.csv"):
        assert (out / name).exists()


def test_a_year_the_input_does_not_give_is_said_missing(tmp_path, krymsky):
    assert krymsky.year is None  # the embedded table names no year
    out = _plan(tmp_path, "--lang", "ru")
    title = openpyxl.load_workbook(out / "plan.xlsx").properties.title
    assert "год не указан во входных данных" in title
    assert json.loads((out / "plan.json").read_text(encoding="utf-8"))["about"]["year"] is None
    assert _about_csv(out, ";")["год"] == "не указан во входных данных"


def test_plan_json_with_about_reads_back_as_history(tmp_path, krymsky):
    # the new key does not disturb reading the plan (e.g. as next year's --history)
    from mentornet.export import read_plan_json

    out = _plan(tmp_path, "--lang", "ru")
    plan = read_plan_json(out / "plan.json")
    assert plan.roles and getattr(plan, "about", {}).get("status") == "draft"


def test_cli_workbook_keeps_the_marks_of_deferred_trainees(tmp_path, krymsky):
    # plan.xlsx is reopened to add the charts sheet: the struck-through deferred trainees must survive it
    from openpyxl.cell.rich_text import CellRichText

    out = _plan(tmp_path, "--lang", "ru")
    plan = json.loads((out / "plan.json").read_text(encoding="utf-8"))
    assert plan["deferred"]
    wb = openpyxl.load_workbook(out / "plan.xlsx", rich_text=True)
    table = wb.worksheets[0]
    struck = [b.text for row in table.iter_rows(min_row=2) for cell in row
              for b in (cell.value if isinstance(cell.value, CellRichText) else ()) if not isinstance(b, str) and b.font.strike]
    assert len(struck) == len(plan["deferred"])
    assert "Графики" in wb.sheetnames or len(wb.sheetnames) > 1

