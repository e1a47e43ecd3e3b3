"""The template workbook: readable as it is, self-explaining, and its command."""

from __future__ import annotations

import importlib
from pathlib import Path

import openpyxl
import pytest
import typer
import typer.core
from typer.testing import CliRunner

from mentornet.io import read_network, read_network_and_policy, write_template
from mentornet.io.readers import TABLES
from mentornet.io.template import template_sheet_names
from mentornet.model import Kind, Level, Policy


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_template_reads_back_as_a_valid_network(tmp_path: Path, lang: str) -> None:
    path = write_template(tmp_path / f"template_{lang}.xlsx", lang=lang)
    net, policy = read_network_and_policy(path)
    assert (len(net.schools), len(net.directions), len(net.curators), len(net.competences)) == (3, 2, 2, 6)
    assert net.year == 2024 and policy == Policy()
    assert all(len(getattr(net.history, t)) == 1 for t in ("roles", "pairs"))
    assert all(len(getattr(net.locks, t)) == 1 for t in ("pairs", "forbidden", "roles"))
    assert {s.kind for s in net.schools} == {Kind.secondary, Kind.basic, Kind.gymnasium}
    assert {c.level for c in net.competences} == {Level.leader, Level.promising, Level.hidden_reserve, None}


def test_russian_template_layout(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx"))
    assert book.sheetnames == list(template_sheet_names("ru"))
    assert book.sheetnames[0] == "инструкция" and "школы" in book.sheetnames and "политика" in book.sheetnames
    schools = book["школы"]
    assert [c.value for c in schools[1]][:4] == ["код школы", "название", "муниципалитет", "тип школы"]
    assert schools["D2"].value == "СОШ" and schools["E3"].value == "сельская" and schools["J4"].value == "да"
    for title in book.sheetnames[1:]:
        ws = book[title]
        assert ws.freeze_panes == "A2", title
        assert ws.max_row >= 2, f"{title} has no example row"
        assert all(ws.column_dimensions[c.column_letter].width >= 8 for c in ws[1])


def test_dropdowns_for_every_column_with_fixed_values(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(write_template(tmp_path / "t.xlsx", lang="en"))
    lists = {}
    for spec in TABLES:
        ws = book[spec.name]
        for dv in ws.data_validations.dataValidation:
            for cell_range in str(dv.sqref).split():
                header = ws[cell_range.split(":")[0][0] + "1"].value
                lists[(spec.name, header)] = (dv.type, dv.formula1)
    assert lists[("schools", "kind")] == ("list", '"basic,secondary,gymnasium,lyceum"')
    assert lists[("schools", "settlement")][1] == '"urban,rural"'
    assert lists[("schools", "results")][1] == '"high,normal,low"'
    assert lists[("schools", "is_new")][1] == '"yes,no"'
    assert lists[("competences", "level")][1] == '"leader,promising,hidden_reserve"'
    assert lists[("competences", "school")] == ("list", "='schools'!$A$2:$A$2000")
    assert lists[("locks_pairs", "direction")] == ("list", "='directions'!$A$2:$A$2000")
    assert lists[("competences", "score")][0] == "decimal"


def test_instructions_explain_every_column(tmp_path: Path) -> None:
    for lang, readme, header in (("ru", "инструкция", "Столбец"), ("en", "README", "Column")):
        book = openpyxl.load_workbook(write_template(tmp_path / f"t_{lang}.xlsx", lang=lang))
        rows = [[c.value for c in row] for row in book[readme].iter_rows()]
        start = next(i for i, r in enumerate(rows) if r[1] == header)
        described = {(r[0], r[1]) for r in rows[start + 1:] if r[5]}
        for spec in TABLES:
            for column in spec.columns:
                key = (spec.ru, column.ru) if lang == "ru" else (spec.name, column.name)
                assert key in described, key
        policy_sheet = "политика" if lang == "ru" else "policy"
        assert (policy_sheet, "cap_per_direction") in described and (policy_sheet, "weights.gain") in described


def test_filled_in_template_reads(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx")
    book = openpyxl.load_workbook(path)
    book["школы"].append(["СОШ5", "МБОУ СОШ № 5", "Крымский район", "СОШ", "сельская", None, None, "низкие", "нет", "нет", 3, None])
    book["компетенции"].append(["СОШ5", 1, None, "скрытый резерв"])
    book.save(path)
    net = read_network(path)
    assert net.competence_of[("СОШ5", "1")].level is Level.hidden_reserve


def test_template_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="'ru' or 'en'"):
        write_template(tmp_path / "t.xlsx", lang="de")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"\.xlsx"):
        write_template(tmp_path / "t.csv")


# ------------------------------------------------------------ command line


@pytest.fixture(scope="module")
def cli():
    """The ``mentornet`` click command and how to call ``template`` on it."""
    import mentornet.cli as cli

    try:
        cli._register()
    except ModuleNotFoundError as exc:
        # Another command's module not written yet must not hide this one.
        if not (exc.name or "").startswith("mentornet.cli.") or exc.name.endswith("template_cmd"):
            raise
        importlib.import_module("mentornet.cli.template_cmd")
    # Typer runs a lone command as the app itself, without its name.
    prefix = ["template"] if isinstance(typer.main.get_command(cli.app), typer.core.TyperGroup) else []
    return cli.app, prefix


def run(cli, *args: str):
    app, prefix = cli
    return CliRunner().invoke(app, [*prefix, *args], env={"COLUMNS": "200", "TERM": "dumb", "NO_COLOR": "1"})


def test_template_command(tmp_path: Path, cli) -> None:
    out = tmp_path / "шаблон.xlsx"
    result = run(cli, str(out))
    assert result.exit_code == 0, result.output
    assert "шаблон.xlsx" in result.output
    assert openpyxl.load_workbook(out).sheetnames[0] == "инструкция"
    assert len(read_network(out).schools) == 3

    result = run(cli, str(out), "--lang", "en")
    assert result.exit_code == 2 and "--force" in result.output
    result = run(cli, str(out), "--lang", "en", "--force")
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out).sheetnames[0] == "README"


def test_template_command_checks_its_arguments(tmp_path: Path, cli) -> None:
    assert run(cli, str(tmp_path / "t.csv")).exit_code == 2
    assert run(cli, str(tmp_path / "t.xlsx"), "--lang", "de").exit_code == 2
    assert not (tmp_path / "t.xlsx").exists()


def test_template_help_explains_every_option(cli) -> None:
    result = run(cli, "--help")
    assert result.exit_code == 0
    text = result.output
    for words in ("OUT", "Workbook to write", "--lang", "Language of sheet names", "--force", "Overwrite OUT", "instructions sheet"):
        assert words in text, words
