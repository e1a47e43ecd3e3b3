"""The command line speaks its reader's language: ``compare`` and ``plan-many`` explain infeasibility, ``plan`` sums up.

``mentornet compare`` and ``mentornet plan-many`` explained an infeasible
network in English whatever the language (only plan-many's problem.json was
worded), and the summary ``mentornet plan`` prints had English row labels
and figures' words. Now both explain as ``mentornet plan`` does — one
grouped summary (:func:`mentornet.errors.infeasible_summary`) in the
command's language (``--lang``, else Russian for Cyrillic data) — on the
console and in plan-many's summary files; the plan summary, the compare
table and plan-many's progress, table and legend take their words from the
catalogue. In English everything reads as before.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from importlib import resources
from pathlib import Path

import openpyxl
import pytest
from rich.console import Console
from typer.testing import CliRunner

from mentornet.cli import _register, app, main
from mentornet.io import SITE_BASED_EXAMPLE
from mentornet.io.writers import write_network
from tests.i18n.infeasible_cases import SETTINGS, far_schools_network, names
from tests.i18n.russian import english_words, plural_errors

_register()

SOLVERS = ["cpsat", "flow", "greedy"]
#: Statuses are codes a reader meets in every language (as in plan.json).
STATUSES = ["OPTIMAL", "FEASIBLE", "INFEASIBLE", "HAND-MADE"]
HEAD_RU = "ни один план не выполняет все жёсткие ограничения"
HEAD_EN = "no plan satisfies every hard constraint"


def _russian(texts, allowed) -> list[str]:
    bad = []
    for text in texts:
        if not isinstance(text, str) or not text.strip():
            continue
        words = english_words(text, [*allowed, *SETTINGS, *SOLVERS, *STATUSES])
        if words:
            bad.append(f"English {words} in {text[:160]!r}")
        bad += [f"{e} in {text[:160]!r}" for e in plural_errors(text)]
    return bad


def _main(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(args))
    captured = capsys.readouterr()
    return int(exit_.value.code or 0), captured.out, captured.err


# ---------------------------------------------------------------- compare


@pytest.fixture(scope="module")
def far_file(tmp_path_factory) -> Path:
    return write_network(far_schools_network(3), tmp_path_factory.mktemp("far") / "far.json")


@pytest.mark.parametrize("args", [["--lang", "ru"], []], ids=["lang-ru", "cyrillic-data"])
def test_compare_explains_an_infeasible_network_in_russian(far_file, capsys, args):
    net = far_schools_network(3)
    code, out, err = _main(capsys, "compare", str(far_file), "--time-limit", "5", *args)
    assert code == 0
    lines = [line for line in err.splitlines() if line.strip()]
    bad = _russian(lines + out.splitlines(), names(net))  # the explanations, and the table
    assert not bad, "\n".join(bad[:10])
    # Each solver's explanation is the grouped one `plan` prints: a head, each direction named once.
    for solver in SOLVERS:
        assert f"{solver}: {HEAD_RU}:" in lines, err
    for d in net.directions:
        assert err.count(d.name) == len(SOLVERS), d.name
    assert "max_km" in err and "Suggestion" not in err
    assert "школ наставляют" in out and "таблица, составленная вручную" in out


def test_compare_json_words_the_error_in_russian(far_file, capsys):
    net = far_schools_network(3)
    code, out, _ = _main(capsys, "compare", str(far_file), "--time-limit", "5", "--format", "json", "--lang", "ru")
    assert code == 0
    rows = json.loads(out)["solvers"]
    errors = [rows[s]["error"] for s in SOLVERS]
    assert all(e.startswith(HEAD_RU) for e in errors), errors
    bad = _russian(errors, names(net))
    assert not bad, "\n".join(bad[:10])
    assert all("conflicts" not in row for row in rows.values())


def test_compare_explains_in_english_with_lang_en(far_file, capsys):
    code, out, err = _main(capsys, "compare", str(far_file), "--time-limit", "5", "--lang", "en")
    assert code == 0
    for solver in SOLVERS:
        assert f"{solver}: {HEAD_EN}:" in err
    assert "raise max_km to at least" in err and "жёсткие" not in err
    assert "schools mentoring" in out  # the table as before


# ---------------------------------------------------------------- plan-many


@pytest.fixture
def regions(tmp_path) -> Path:
    """Two regions: one plans, one cannot (schools far from every mentor)."""
    folder = tmp_path / "regions"
    folder.mkdir()
    write_network(far_schools_network(3), folder / "Дальний.json")
    near = far_schools_network(0)
    write_network(near.with_changes(name="Ближний"), folder / "Ближний.json")
    return folder


def _summary_texts(out: Path) -> tuple[list[str], list[str], list[str]]:
    """The error cells of summary.csv, summary.xlsx, and the errors, messages and fixes of summary.json."""
    with (out / "summary.csv").open(encoding="utf-8", newline="") as fh:
        csv_errors = [row["error"] for row in csv.DictReader(fh)]
    ws = openpyxl.load_workbook(out / "summary.xlsx")["regions"]
    header = [c.value for c in ws[1]]
    xlsx_errors = [row[header.index("error")] or "" for row in ws.iter_rows(min_row=2, values_only=True)]
    doc = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    json_texts = [r["error"] for r in doc["regions"]]
    json_texts += [c[k] for r in doc["regions"] for c in r["conflicts"] for k in ("message", "suggestion")]
    return csv_errors, xlsx_errors, json_texts


def test_plan_many_explains_in_russian_on_the_console_and_in_the_summary_files(regions, tmp_path, capsys):
    net = far_schools_network(3)
    out = tmp_path / "out"
    code, stdout, err = _main(capsys, "plan-many", str(regions), "--out", str(out), "--executor", "serial", "--solver", "greedy")
    assert code == 3
    # The frame: progress, the table, its legend, where the files are (the command, option values and file names as typed).
    files = [str(out / f"summary.{ext}") for ext in ("xlsx", "csv", "json")] + [str(out), "plan-many", "serial"]
    files += ["plan.xlsx", "plan.json", "pairs.csv", "roles.csv", "deferred.csv"]
    bad = _russian(stdout.splitlines(), [*names(net), "Ближний", "Дальний", *files])
    assert not bad, "\n".join(bad[:10])
    assert "спланировано регионов: 1 из 2" in stdout
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[0] == f"Дальний: {HEAD_RU}:", err
    bad = _russian(lines[:-1], [*names(net), "Дальний"])  # the last line is the problem.json path
    assert not bad, "\n".join(bad[:10])
    for d in net.directions:  # one grouped explanation: each direction named once
        assert err.count(d.name) == 1, d.name
    csv_errors, xlsx_errors, json_texts = _summary_texts(out)
    assert [e.split("\n")[0] for e in csv_errors if e] == [f"{HEAD_RU}:"]
    assert csv_errors == xlsx_errors
    bad = _russian([*csv_errors, *json_texts], names(net))
    assert not bad, "\n".join(bad[:10])
    for d in net.directions:
        assert "\n".join(csv_errors).count(d.name) == 1, d.name
    problem = json.loads((out / "Дальний" / "problem.json").read_text(encoding="utf-8"))
    assert problem["error"] == next(e for e in csv_errors if e)


def test_plan_many_records_word_the_error_in_russian(regions, tmp_path, capsys):
    code, out, _ = _main(capsys, "plan-many", str(regions), "--out", str(tmp_path / "out"), "--executor", "serial",
                         "--solver", "greedy", "--format", "json", "--lang", "ru")
    assert code == 3
    errors = [r["error"] for r in json.loads(out)["rows"] if r["error"]]
    assert len(errors) == 1 and errors[0].startswith(HEAD_RU)
    bad = _russian(errors, names(far_schools_network(3)))
    assert not bad, "\n".join(bad[:10])


def test_plan_many_explains_in_english_with_lang_en(regions, tmp_path, capsys):
    out = tmp_path / "out"
    code, stdout, err = _main(capsys, "plan-many", str(regions), "--out", str(out), "--executor", "serial",
                              "--solver", "greedy", "--lang", "en")
    assert code == 3
    assert f"Дальний: {HEAD_EN}:" in err and "raise max_km to at least" in err and "жёсткие" not in err
    assert "regions planned: 1 of 2" in stdout and "cov/def: trainee needs covered/deferred" in stdout
    csv_errors, xlsx_errors, json_texts = _summary_texts(out)
    assert [e.split("\n")[0] for e in csv_errors if e] == [f"{HEAD_EN}:"]
    assert any("raise max_km to at least" in t for t in json_texts)
    assert not any("жёсткие" in t for t in [*csv_errors, *xlsx_errors, *json_texts])


# ---------------------------------------------------------------- the plan summary

_ALL_ROWS = {
    "network": "Сеть", "solver": "cpsat", "status": "OPTIMAL", "objective": 7246.0, "bound": 7300.0, "gap": 0.0074,
    "schools": 34, "schools_involved": 34, "schools_mentoring": 21, "handmade_schools_mentoring": 18,
    "trainee_needs": 73, "needs_covered": 58, "needs_deferred": 15, "weighted_deficits_covered": 5040.5,
    "mutual_exchanges": 2, "mean_km": 27.25, "solver_seconds": 1.5, "total_seconds": 2.25,
    "trainee_schools": 74, "schools_at_several_sites": 2, "sites_term_ending": ["Площадка Горная"],
    "curator_balance": {"code": "text", "params": {"text": "—"}}, "unsupervised_pairs": 3,
    "carried_needs_total": 7, "carried_needs_met": 5, "carried_needs": ["Школа: строка"],
    "policy_from_input": {"max_km": 60}, "files": ["/o/plan.json", "/o/plan.xlsx", "/o/network.html", "/o/pairs.csv", "/o/a.csv"],
}


def _table_text(network, lang: str) -> list[str]:
    from mentornet.cli.plan_cmd import _summary
    from mentornet.model import missing_facts

    console = Console(file=io.StringIO(), width=200, color_system=None)
    console.print(_summary({**_ALL_ROWS, "missing_facts": missing_facts(network), "lang": lang}))
    return console.file.getvalue().splitlines()


def test_every_row_of_the_plan_summary_reads_in_russian(krymsky):
    lines = _table_text(krymsky, "ru")
    bad = _russian(lines, ["Сеть", "max_km", "/o/plan.json", "/o/plan.xlsx", "/o/network.html", "/o"])
    assert not bad, "\n".join(bad[:20])
    text = "\n".join(lines)
    for words in ("перенесённые потребности", "пары без куратора", "площадки", "время", "школ в парах",
                  "34 из 34", "наставляют 18 школ", "7\u00a0246", "27,2 км", "+ ещё 2 файла в /o"):
        assert words in text, (words, text)


def test_the_plan_summary_still_reads_in_english(krymsky):
    text = "\n".join(_table_text(krymsky, "en"))
    for words in ("Plan of Сеть", "schools in a pair", "34 of 34", "hand-made table: 18 schools lead somewhere",
                  "58 covered, 15 deferred (of 73)", "27.2 km", "72 of 74 trainee schools learn at one site; 2 at several",
                  "unsupervised pairs", "3 (no curator of some kind covers the trainee's municipality)",
                  "carried needs", "5 of 7 met", "solver 1.50 s, total 2.25 s", "+ 2 more files in /o", "7,246"):
        assert words in text, (words, text)
    assert not any("\u0400" <= ch <= "\u04ff" for ch in text.replace("Сеть", "").replace("Площадка Горная", "").replace("Школа: строка", ""))


def _site_example(tmp_path: Path) -> Path:
    with resources.as_file(resources.files("mentornet") / "data" / SITE_BASED_EXAMPLE) as path:
        return Path(shutil.copy(path, tmp_path / Path(path).name))


def _plan_text(tmp_path: Path, *args: str) -> tuple[str, Path]:
    out = tmp_path / "plan"
    result = CliRunner().invoke(app, ["plan", "--out", str(out), *args], env={"COLUMNS": "200", "NO_COLOR": "1"},
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout, out


def _paths(out: Path) -> list[str]:
    return [str(out / name) for name in ("plan.json", "plan.xlsx", "network.html")] + [str(out)]


def test_plan_summary_of_the_site_example_in_russian(tmp_path):
    from mentornet.io import read_network

    path = _site_example(tmp_path)
    network = read_network(path)
    text, out = _plan_text(tmp_path, str(path), "--solver", "greedy")
    # The policy table's settings are shown as a reader types them.
    bad = _russian(text.splitlines(), [*names(network), *_paths(out), "shape", "site_based", "online_max_km"])
    assert not bad, "\n".join(bad[:20])
    assert "школ-стажёров на одной площадке: 74 из 74; на нескольких: 0" in text
    assert "площадки, чей срок истекает в этом году" in text


def test_carried_needs_in_russian(tmp_path, monkeypatch, krymsky):
    monkeypatch.setattr("mentornet.cli.plan_cmd._write_views", lambda *a, **k: [])
    _, year_2021 = _plan_text(tmp_path / "2021", "--solver", "greedy", "--quiet")
    policy = tmp_path / "policy.json"
    policy.write_text(json.dumps({"max_trainee_directions": 1, "weights": {"carried_need": 0}}), encoding="utf-8")
    text, out = _plan_text(tmp_path, "--solver", "flow", "--history", str(year_2021 / "plan.json"), "--policy", str(policy))
    bad = _russian(text.splitlines(), [*names(krymsky), *_paths(out), "max_trainee_directions"])
    assert not bad, "\n".join(bad[:20])
    assert "перенесённые потребности" in text and "снова перенесена" in text, text
    text, _ = _plan_text(tmp_path, "--solver", "flow", "--history", str(year_2021 / "plan.json"), "--policy", str(policy), "--lang", "en")
    assert "carried needs" in text and "deferred again" in text and "снова" not in text


def test_plan_many_words_an_input_error_in_the_regions_language(tmp_path, capsys):
    folder = tmp_path / "regions"
    folder.mkdir()
    write_network(far_schools_network(0).with_changes(name="Ближний"), folder / "Ближний.json")
    (folder / "Сломанный.csv").write_text("direction_no,direction,role,school\n1,Качество,leadr,МБОУ СОШ № 1\n"
                                          "1,Качество,скрытый резерв,МБОУ СОШ № 9\n", encoding="utf-8")
    for lang, expected in (("ru", "строка 2"), ("en", "row 2")):
        out = tmp_path / f"out-{lang}"
        code, stdout, _ = _main(capsys, "plan-many", str(folder), "--out", str(out), "--executor", "serial",
                                "--solver", "greedy", *(["--lang", "en"] if lang == "en" else []))
        assert code == 2
        csv_errors, xlsx_errors, json_texts = _summary_texts(out)
        error = next(e for e in csv_errors if e)
        assert xlsx_errors == csv_errors
        assert expected in error and error in stdout and json_texts.count(error) == 1, (error, stdout)
        problem = json.loads((out / "Сломанный" / "problem.json").read_text(encoding="utf-8"))
        assert problem["error"] == error
        if lang == "ru":  # the column, the value typed and the level suggested are the reader's own words
            bad = _russian([error], ["Сломанный.csv", "role", "leadr", "leader"])
            assert not bad, "\n".join(bad)


def test_history_left_out_is_said_in_russian(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr("mentornet.cli.plan_cmd._write_views", lambda *a, **k: [])
    _, year_2021 = _plan_text(tmp_path / "2021", "--solver", "greedy", "--quiet")
    doc = json.loads((year_2021 / "plan.json").read_text(encoding="utf-8"))
    doc["roles"].append({**doc["roles"][0], "school": "Чужая школа"})
    history = tmp_path / "history.json"
    history.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    for lang, expected in (("ru", "история: 1 роль"), ("en", "history: 1 role")):
        code, _, err = _main(capsys, "plan", "--out", str(tmp_path / lang), "--solver", "greedy", "--format", "json",
                             "--history", str(history), "--lang", lang)
        assert code == 0 and expected in err, err
        if lang == "ru":
            bad = _russian(err.splitlines(), [str(history)])
            assert not bad, "\n".join(bad)


# ---------------------------------------------------------------- progress, refusals and solver errors


def test_the_progress_line_of_plan_reads_in_the_readers_language():
    from mentornet.cli.plan_cmd import _progress_info
    from mentornet.solvers import Progress

    p = Progress(objective=7246.0, bound=7300.0, gap=0.0074, seconds=1.0, solutions=3)
    assert _progress_info(None, "ru") == "поиск…"
    ru = _progress_info(p, "ru")
    assert ru == "лучший план 7\u00a0246  граница 7\u00a0300  зазор 0,74%  (3 решения)", ru
    assert not _russian([ru], []), ru
    assert _progress_info(None, "en") == "searching…"
    assert _progress_info(p, "en") == "incumbent 7,246  bound 7,300  gap 0.74%  (3 solutions)"


def test_strategy_without_history_is_refused_in_russian(tmp_path, capsys):
    for args, expected in (([], "истории нет"), (["--lang", "en"], "there is no history")):
        code, _, err = _main(capsys, "plan", "--out", str(tmp_path / "o"), "--solver", "greedy", "--strategy", "wide", *args)
        assert code == 2 and expected in err and "--strategy wide" in err and "--history plan.json" in err, err
        if not args:
            bad = _russian(err.splitlines(), ["--strategy", "wide", "--history", "plan.json"])
            assert not bad, "\n".join(bad)
    assert "compares with last year" in err


def test_plan_many_names_an_unknown_solver_in_the_regions_language(regions, tmp_path, capsys):
    for args, expected in (([], "неизвестный решатель «nosuch»"), (["--lang", "en"], "unknown solver 'nosuch'")):
        code, _, err = _main(capsys, "plan-many", str(regions), "--out", str(tmp_path / "out"), "--executor", "serial",
                             "--solver", "nosuch", *args)
        assert code == 4 and expected in err and "cpsat, flow, greedy" in err, err
        if not args:
            bad = _russian(err.splitlines(), ["nosuch"])
            assert not bad, "\n".join(bad)


def _pairless_solver(network, policy, **kwargs):
    """The greedy plan without its pairs: every trainee team is left without a mentor (constraint 1 breaks)."""
    from mentornet.solvers.greedy import solve_greedy

    plan = solve_greedy(network, policy, **kwargs)
    return plan.with_changes(pairs=[])


def test_plan_many_words_a_broken_hard_constraint_in_russian(tmp_path, capsys, monkeypatch):
    from mentornet.solvers import SOLVERS

    monkeypatch.setitem(SOLVERS, "pairless", "tests.i18n.test_cli_language_ru:_pairless_solver")
    net = far_schools_network(0)
    regions = tmp_path / "regions"
    regions.mkdir()
    write_network(net.with_changes(name="Ближний"), regions / "Ближний.json")
    for lang, expected in (("ru", "план нарушает"), ("en", "the plan breaks")):
        out = tmp_path / lang
        code, stdout, _ = _main(capsys, "plan-many", str(regions), "--out", str(out), "--executor", "serial",
                                "--solver", "pairless", "--lang", lang, "--format", "json")
        assert code == 4
        rows = [r for r in json.loads(stdout)["rows"] if r["status"] == "INVALID"]
        assert rows and all(r["error"].startswith(expected) for r in rows), stdout
        csv_errors, _, json_texts = _summary_texts(out)
        assert all(e.startswith(expected) for e in csv_errors if e) and csv_errors == [t for t in json_texts if t]
        if lang == "ru":
            bad = _russian([r["error"] for r in rows] + csv_errors, [*names(net), "Ближний"])
            assert not bad, "\n".join(bad)
            assert "ограничение 1 (у каждой команды-стажёра один наставник в направлении)" in rows[0]["error"]
        else:
            assert "constraint 1 (one mentor per trainee team and direction)" in rows[0]["error"]


def _failing_solver(network, policy, **kwargs):
    from mentornet.errors import SolverError

    raise SolverError("boom")


def test_compare_words_an_unavailable_or_failing_solver_in_russian(tmp_path, capsys, monkeypatch):
    from mentornet.solvers import SOLVERS

    monkeypatch.setitem(SOLVERS, "missing", "mentornet_no_such_module:solve")
    monkeypatch.setitem(SOLVERS, "failing", "tests.i18n.test_cli_language_ru:_failing_solver")
    net = far_schools_network(0)
    path = write_network(net, tmp_path / "near.json")
    code, _, err = _main(capsys, "compare", str(path), "--time-limit", "5", "--lang", "ru")
    assert code == 0
    assert "missing: недоступен: не установлен модуль mentornet_no_such_module" in err, err
    assert "failing: сбой решателя: boom" in err, err
    bad = _russian(err.splitlines(), ["missing", "failing", "mentornet_no_such_module", "boom"])
    assert not bad, "\n".join(bad)
    code, out, _ = _main(capsys, "compare", str(path), "--time-limit", "5", "--lang", "ru", "--format", "json")
    rows = json.loads(out)["solvers"]
    assert rows["missing"]["status"] == "UNAVAILABLE" and rows["missing"]["error"].startswith("недоступен")
    assert "message" not in rows["missing"]
    code, _, err = _main(capsys, "compare", str(path), "--time-limit", "5", "--lang", "en")
    assert "missing: not available: the module mentornet_no_such_module is not installed" in err
    assert "failing: the solver failed: boom" in err and "недоступен" not in err


def test_a_solver_error_is_headed_in_the_readers_language(capsys):
    from mentornet.cli import report_error
    from mentornet.errors import MentornetError, SolverError

    assert report_error(SolverError("boom"), "ru") == 4
    assert report_error(MentornetError("boom"), "ru") == 1
    assert report_error(SolverError("boom"), "en") == 4
    err = capsys.readouterr().err
    assert "Ошибка решателя: boom" in err and "Ошибка: boom" in err and "Solver error: boom" in err


# ---------------------------------------------------------------- solver errors (SolverError with a code)


def _stopped_solver(network, policy, **kwargs):
    """A solve stopped before any plan, as CP-SAT reports it."""
    from mentornet.errors import SolverError

    raise SolverError.coded("solver.stopped")


STOPPED_RU = "планирование остановлено раньше, чем был найден хотя бы один план"
STOPPED_EN = "planning was stopped before any plan was found"


def test_the_library_solver_errors_are_reported_in_the_readers_language(capsys, monkeypatch):
    """An unknown solver and a plan that breaks a hard constraint, raised where the library raises them."""
    from mentornet.cli import report_error
    from mentornet.errors import SolverError
    from mentornet.model import Policy
    from mentornet.planning import solve
    from mentornet.solvers import SOLVERS, get_solver

    monkeypatch.setitem(SOLVERS, "pairless", "tests.i18n.test_cli_language_ru:_pairless_solver")
    net = far_schools_network(0)
    errors = []
    for attempt in (lambda: get_solver("nosuch"), lambda: solve(net, Policy(time_limit=5), solver="pairless")):
        with pytest.raises(SolverError) as caught:
            attempt()
        errors.append(caught.value)
    unknown, broken = errors
    assert str(unknown).startswith("unknown solver 'nosuch'; choose one of: cpsat")
    assert str(broken).startswith("solver 'pairless' produced a plan that breaks hard constraints:\n  - [constraint 1")
    for exc in errors:
        assert report_error(exc, "ru") == 4
    err = " ".join(capsys.readouterr().err.split())  # the console wraps long lines
    assert "Ошибка решателя: неизвестный решатель «nosuch»; выберите один из: cpsat" in err, err
    assert ("Ошибка решателя: решатель «pairless» построил план, который нарушает" in err
            and "ограничение 1 (у каждой команды-стажёра один наставник в направлении)" in err), err
    bad = _russian(err.splitlines(), [*names(net), "nosuch", "pairless"])
    assert not bad, "\n".join(bad)
    for exc in errors:
        report_error(exc, "en")
    err = " ".join(capsys.readouterr().err.split())
    assert "Solver error: unknown solver 'nosuch'" in err and "Solver error: solver 'pairless' produced a plan that breaks" in err
    assert "constraint 1 (one mentor per trainee team and direction)" in err and "решател" not in err, err


def test_compare_and_plan_many_word_a_stopped_solve_in_the_readers_language(tmp_path, capsys, monkeypatch):
    from mentornet.solvers import SOLVERS

    monkeypatch.setitem(SOLVERS, "stopped", "tests.i18n.test_cli_language_ru:_stopped_solver")
    net = far_schools_network(0)
    path = write_network(net, tmp_path / "near.json")
    code, _, err = _main(capsys, "compare", str(path), "--time-limit", "5", "--lang", "ru")
    assert code == 0 and f"stopped: сбой решателя: {STOPPED_RU}" in err, err
    bad = _russian(err.splitlines(), ["stopped"])
    assert not bad, "\n".join(bad)
    code, _, err = _main(capsys, "compare", str(path), "--time-limit", "5", "--lang", "en")
    assert f"stopped: the solver failed: {STOPPED_EN}" in err and "сбой" not in err

    regions = tmp_path / "regions"
    regions.mkdir()
    write_network(net.with_changes(name="Ближний"), regions / "Ближний.json")
    for lang, expected in (("ru", STOPPED_RU), ("en", STOPPED_EN)):
        out = tmp_path / lang
        code, stdout, _ = _main(capsys, "plan-many", str(regions), "--out", str(out), "--executor", "serial",
                                "--solver", "stopped", "--lang", lang, "--format", "json")
        rows = json.loads(stdout)["rows"]
        assert rows and all(r["status"] == "ERROR" and r["error"] == expected for r in rows), stdout
        csv_errors, _, json_texts = _summary_texts(out)
        assert csv_errors == [expected] and json_texts == [expected]


def test_a_coded_solver_error_reads_in_russian_and_its_str_stays_english(capsys):
    from mentornet.cli import report_error
    from mentornet.errors import SolverError

    exc = SolverError.coded("solver.time_limit", seconds=60.0, schools=34, pairs=1234, time_limit="time_limit",
                            workers="workers", candidates="candidates_per_need")
    assert str(exc) == ("no plan found within the time limit of 60 s (34 schools, 1234 candidate pairs); "
                        "raise time_limit or workers, or lower candidates_per_need")
    assert SolverError.from_record(exc.as_record()).render("ru") == exc.render("ru")
    from mentornet.plan_many import _error_of  # a Dask worker's result keeps the code too

    back = _error_of({"error": "solver", **exc.as_record(), "type": "SolverError"})
    assert str(back) == str(exc) and back.render("ru") == exc.render("ru")
    assert report_error(exc, "ru") == 4
    err = capsys.readouterr().err
    assert "Ошибка решателя: за отведённое время (60 с) план не найден (34 школы, 1234 возможные пары)" in err, err
    bad = _russian(err.splitlines(), ["time_limit", "workers", "candidates_per_need"])
    assert not bad, "\n".join(bad)
    for code, params in (("solver.task_lost", {"engine": "Dask", "detail": "x"}),
                         ("solver.cluster_failed", {"engine": "Dask", "detail": "x"}),
                         ("solver.model_invalid", {"solver": "CP-SAT", "program": "mentornet", "detail": "x"})):
        text = SolverError.coded(code, **params).render("ru")
        bad = _russian([text], ["Dask", "CP-SAT", "SAT", "CP", "mentornet", "x"])
        assert not bad and text != str(SolverError.coded(code, **params)), (text, bad)
