"""plan.json, plan.xlsx and the CSV exports."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText

from mentornet.errors import InputError
from mentornet.export import default_lang, read_plan_json, write_plan, write_plan_csv, write_plan_json, write_plan_xlsx
from mentornet.export_labels import label
from mentornet.messages import MESSAGES
from mentornet.model import Competence, Direction, Level, Network, School
from mentornet.planning import solve


@pytest.fixture(scope="module")
def plan(krymsky):
    return solve(krymsky, solver="flow")


def sheet_rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


# ---------------------------------------------------------------- JSON


def test_plan_json_contract_and_round_trip(plan, tmp_path):
    path = write_plan_json(plan, tmp_path / "out" / "plan.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert {"roles", "pairs", "deferred", "metrics", "solver", "alternates"} <= set(doc)
    assert {"school", "direction", "role"} <= set(doc["roles"][0])
    assert {r["role"] for r in doc["roles"]} == {"leader", "promising", "hidden_reserve"}
    # Reasons are stored as message codes with parameters, not as finished sentences.
    assert {"mentor", "trainee", "direction", "why", "curator", "score", "parts"} <= set(doc["pairs"][0])
    assert {"school", "direction", "why"} <= set(doc["deferred"][0])
    assert all(m["code"] in MESSAGES and set(m) == {"code", "params"} for x in doc["pairs"] + doc["deferred"] for m in x["why"])
    assert "reason" not in doc["pairs"][0] and "reasons" not in doc["deferred"][0]
    assert {"name", "status", "objective", "bound", "gap", "seconds"} <= set(doc["solver"])
    assert {"schools", "schools_mentoring", "schools_involved"} <= set(doc["metrics"])
    # Ids as in the input: school names as written, direction numbers as strings.
    assert doc["pairs"][0]["direction"] in {"1", "2", "3", "4", "5", "6", "7"}
    assert "МБОУ" in path.read_text(encoding="utf-8")  # Cyrillic kept readable
    again = read_plan_json(path)
    assert again == plan
    assert again.solver.objective == plan.solver.objective


def test_read_plan_json_reports_problems(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_plan_json(bad)
    assert "not valid JSON" in str(err.value)
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps({"pairs": [{"mentor": "a"}]}), encoding="utf-8")
    with pytest.raises(InputError) as err:
        read_plan_json(wrong)
    assert any("pairs.0" in str(p.location) for p in err.value.problems)
    with pytest.raises(InputError):
        read_plan_json(tmp_path / "missing.json")


# ---------------------------------------------------------------- XLSX


def test_xlsx_in_russian(krymsky, plan, tmp_path):
    path = write_plan_xlsx(krymsky, plan, tmp_path / "plan.xlsx")  # Russian data: Russian by default
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [label(k, "ru") for k in ("sheet_table", "sheet_pairs", "sheet_cards", "sheet_curators",
                                                       "sheet_deferred", "sheet_alternates", "sheet_metrics")]
    table = wb["Стажировки"]
    rows = sheet_rows(table)
    assert rows[0] == ["Направление", "Команды-лидеры", "Команды, подающие надежды", "Команды скрытых резервов", "Куратор"]
    assert len(rows) == 1 + 7
    assert rows[1][0].startswith("Стажировка 1\nСистема качества")
    # The seed's table, reproduced: leaders of direction 1 and its curators.
    assert rows[1][1].split("\n") == ["МБОУ СОШ № 1", "МБОУ гимназия № 7", "МБОУ СОШ № 25", "МБОУ ООШ № 23"]
    assert rows[1][4].split("\n") == ["Резник З.А.", "Володина З.А."]
    assert table.freeze_panes == "A2" and table.auto_filter.ref.startswith("A1:E")
    assert table["B2"].alignment.wrap_text
    assert table.column_dimensions["A"].width >= 30

    pairs = sheet_rows(wb["Пары"])
    assert pairs[0][:6] == ["№ направления", "Направление", "Наставник", "Роль наставника", "Стажёр", "Роль стажёра"]
    assert len(pairs) == 1 + len(plan.pairs)
    assert {r[3] for r in pairs[1:]} <= {"команда-лидер", "подающая надежды"}
    by_pair = {(p.mentor, p.trainee, p.direction): p for p in plan.pairs}
    first = pairs[1]
    assert first[-1] == by_pair[(first[2], first[4], first[0])].reasons["ru"]

    cards = sheet_rows(wb["Карточки школ"])
    assert len(cards) == 1 + 34
    card = next(r for r in cards if r[0] == "МБОУ СОШ № 4")
    assert "Система качества подготовки обучающихся" not in (card[3] or "")  # promising there, not a leader
    assert "Система эффективности работы руководителей ОО" in card[3]

    curators = sheet_rows(wb["Кураторы"])
    assert curators[0][:4] == ["Куратор", "Направления", "Команд", "Предел"]
    assert sum(r[2] for r in curators[1:]) == len(plan.pairs)
    assert all(r[3] == "без предела" for r in curators[1:])

    deferred = sheet_rows(wb["Перенесено"])
    assert len(deferred) == 1 + len(plan.deferred)
    metrics = dict((r[0], r[1]) for r in sheet_rows(wb["Показатели"])[1:])
    assert metrics["Алгоритм"] == "flow"
    assert metrics["Школ-лидеров в исходной таблице"] == 18
    assert metrics["Школ в парах"] == 34
    for ws in wb:
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref


def test_xlsx_in_english(krymsky, plan, tmp_path):
    wb = openpyxl.load_workbook(write_plan_xlsx(krymsky, plan, tmp_path / "plan.xlsx", lang="en"))
    assert wb.sheetnames == ["Internships", "Pairs", "Cards", "Curators", "Deferred", "Alternates", "Metrics"]
    assert sheet_rows(wb["Internships"])[0] == ["Direction", "Leaders", "Promising teams", "Hidden reserves", "Curator"]
    pairs = sheet_rows(wb["Pairs"])
    assert {r[5] for r in pairs[1:]} <= {"promising", "hidden reserve"}
    assert "leader mentors" in pairs[1][-1]
    with pytest.raises(ValueError):
        write_plan_xlsx(krymsky, plan, tmp_path / "x.xlsx", lang="de")


# ---------------------------------------------------------------- CSV


def test_csv_files_have_a_bom_and_localised_headers(krymsky, plan, tmp_path):
    paths = write_plan_csv(krymsky, plan, tmp_path / "csv")
    assert [p.name for p in paths] == ["pairs.csv", "roles.csv", "deferred.csv"]
    for p in paths:
        assert p.read_bytes().startswith(b"\xef\xbb\xbf")
    with (tmp_path / "csv" / "pairs.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert rows[0][0] == "№ направления" and len(rows) == 1 + len(plan.pairs)
    assert any("МБОУ" in r[2] for r in rows[1:])
    with (tmp_path / "csv" / "roles.csv").open(encoding="utf-8-sig", newline="") as fh:
        roles = list(csv.reader(fh, delimiter=";"))
    assert len(roles) == 1 + len(plan.roles)
    assert {r[3] for r in roles[1:]} == {"команда-лидер", "подающая надежды", "скрытый резерв"}
    en = write_plan_csv(krymsky, plan, tmp_path / "en", lang="en")
    header = en[2].read_text(encoding="utf-8-sig").splitlines()[0]
    assert header == "School,Direction id,Direction,Role,Reason"


def test_write_plan_writes_everything(krymsky, plan, tmp_path):
    paths = write_plan(krymsky, plan, tmp_path)
    assert set(paths) == {"json", "xlsx", "about.csv", "pairs.csv", "roles.csv", "deferred.csv"}  # about.csv: issue 11
    assert all(p.exists() for p in paths.values())


def test_default_language():
    latin = Network(
        name="demo",
        schools=(School(id="a"), School(id="b")),
        directions=(Direction(id="d1", name="Quality"),),
        competences=(Competence(school="a", direction="d1", level=Level.leader),
                     Competence(school="b", direction="d1", level=Level.promising)),
    )
    assert default_lang(latin) == "en"
    assert default_lang(latin.with_changes(schools=(School(id="a", name="Школа А"), School(id="b")))) == "ru"


def test_latin_network_exports_in_english(tmp_path):
    from mentornet.generate import generate_network

    network = generate_network(schools=30, directions=5, seed=2)
    plan = solve(network, solver="greedy")
    wb = openpyxl.load_workbook(write_plan_xlsx(network, plan, tmp_path / "p.xlsx", lang="en"))
    rows = sheet_rows(wb["Internships"])
    assert len(rows) == 1 + 5
    named = {s for r in rows[1:] for cell in r[1:4] if cell for s in cell.split("\n")}
    assert named == {network.school_by_id[r.school].label for r in plan.roles}
    metrics = dict((r[0], r[1]) for r in sheet_rows(wb["Metrics"])[1:])
    assert "Leaders in the hand-made table" not in metrics  # scores, not a role table
    assert metrics["Mean distance, km"] is not None


def test_csv_separator_fits_the_readers_excel(krymsky, plan, tmp_path):
    """Issue 11, item 10: a Russian-locale Excel splits on ';' (and needs the BOM), an English one on ','."""
    ru = write_plan_csv(krymsky, plan, tmp_path / "ru", lang="ru")
    text = ru[0].read_bytes()
    assert text.startswith(b"\xef\xbb\xbf")
    with ru[0].open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh, delimiter=";"))
    assert len(rows[0]) == 11 and all(len(r) == 11 for r in rows)
    assert rows[0][:2] == ["№ направления", "Направление"]
    en = write_plan_csv(krymsky, plan, tmp_path / "en", lang="en")
    with en[0].open(encoding="utf-8-sig", newline="") as fh:
        assert len(next(csv.reader(fh, delimiter=","))) == 11
    chosen = write_plan_csv(krymsky, plan, tmp_path / "chosen", lang="ru", sep="comma")
    with chosen[1].open(encoding="utf-8-sig", newline="") as fh:
        assert len(next(csv.reader(fh, delimiter=","))) == 4
    with pytest.raises(ValueError, match="separator"):
        write_plan_csv(krymsky, plan, tmp_path / "bad", lang="ru", sep="|")


def test_plan_cli_csv_sep_option(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from mentornet.cli import _register, app

    _register()
    monkeypatch.setattr("mentornet.cli.plan_cmd._write_views", lambda *a, **k: [])
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["plan", "-o", str(out), "-t", "5", "-s", "greedy", "-q", "--csv-sep", "comma"])
    assert result.exit_code == 0, result.output
    header = (out / "roles.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.count(",") == 3 and ";" not in header
    CliRunner().invoke(app, ["plan", "-o", str(out), "-t", "5", "-s", "greedy", "-q"], catch_exceptions=False)
    assert (out / "roles.csv").read_text(encoding="utf-8-sig").splitlines()[0].count(";") == 3


# ---------------------------------------------------------------- which plan, print setup, deferred trainees


def test_xlsx_says_which_plan_prints_a4_landscape_and_marks_deferred_trainees(krymsky, plan, tmp_path):
    krymsky = krymsky.with_changes(year=2021)
    assert plan.deferred  # the Krymsky plan defers 7 needs
    meta = {"plan_id": 12, "status": "published", "date": "2026-12-01"}
    wb = openpyxl.load_workbook(write_plan_xlsx(krymsky, plan, tmp_path / "plan.xlsx", meta=meta))
    title = wb.properties.title
    for part in (krymsky.name, f"год {krymsky.year}", "план 12", "статус: опубликован (официальный)", "дата: 2026-12-01",
                 f"решатель: flow, {plan.solver.status}"):
        assert part in title, (part, title)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9, ws.title  # 9: A4
        assert ws.print_title_rows == "$1:$1" and ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert ws.oddHeader.center.text == title.replace("&", "&&")
    # the programme table: a deferred trainee team is marked (struck through, italic) where it is listed; the legend is printed
    rich = openpyxl.load_workbook(tmp_path / "plan.xlsx", rich_text=True)["Стажировки"]
    marked = set()
    for i, row in enumerate(rich.iter_rows(min_row=2)):  # one row per direction, in the network's order
        for cell in row[2:4]:
            for block in cell.value if isinstance(cell.value, CellRichText) else ():
                if not isinstance(block, str) and block.font.strike and block.font.i:
                    marked.add((krymsky.directions[i].id, block.text))
    names = {s.id: s.label for s in krymsky.schools}
    expected = {(x.direction, names[x.school]) for x in plan.deferred}
    assert marked == expected and len(marked) == len(plan.deferred)
    assert "перенос на следующий год" in wb["Стажировки"].oddFooter.left.text
    # without the service's figures nothing is guessed: no plan number, status or date
    bare = openpyxl.load_workbook(write_plan_xlsx(krymsky, plan, tmp_path / "bare.xlsx", lang="en")).properties.title
    assert bare.startswith(f"Internship plan: {krymsky.name} · year {krymsky.year} · solver: flow") and "status" not in bare
