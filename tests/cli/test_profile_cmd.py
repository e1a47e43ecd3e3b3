"""``mentornet profile``: classification and clusters with reasons, to JSON, XLSX and plots."""

from __future__ import annotations

import json

import openpyxl
from typer.testing import CliRunner

from mentornet.cli import _register, app
from mentornet.generate import generate_indicators, generate_network
from mentornet.io import write_network

_register()
runner = CliRunner()


def run(*args: str):
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_the_krymsky_table_has_no_indicators_and_nothing_is_classified(tmp_path):
    out = tmp_path / "out"
    result = run("profile", "--out", str(out), "--lang", "ru")
    assert "нет таблицы показателей" in result.output
    doc = json.loads((out / "profile.json").read_text(encoding="utf-8"))
    assert doc["has_indicators"] is False and doc["schools"] == []
    assert [n["code"] for n in doc["notes"]] == ["profile.no_indicators"]
    assert not (out / "profile.xlsx").exists() and not list(out.glob("*.png"))


def test_the_shipped_example_is_classified_and_clustered(tmp_path):
    out = tmp_path / "out"
    run("profile", "--example", "site_based", "--out", str(out), "--lang", "ru", "--seed", "0")
    doc = json.loads((out / "profile.json").read_text(encoding="utf-8"))
    assert doc["has_indicators"] and len(doc["schools"]) == 90
    assert doc["clusters"]["k"] is not None and doc["clusters"]["chosen_by"] == "silhouette"
    assert {p.name for p in out.glob("*.png")} == {"profile_map.png", "profile_classes.png", "profile_silhouette.png"}
    # Every "low results" reason's figures are true: value < the 25th percentile of the known indices.
    values = sorted(s["results"] for s in doc["schools"] if s["results"] is not None)
    pos = 0.25 * (len(values) - 1)
    lo = int(pos)
    threshold = values[lo] + (values[min(lo + 1, len(values) - 1)] - values[lo]) * (pos - lo)
    for s in doc["schools"]:
        low = [m for m in s["why"] if m["code"] == "profile.low_results"]
        assert bool(low) == ("low_results" in s["classes"]) == (s["results"] < threshold)
        if low:
            assert low[0]["params"]["value"] == s["results"] and abs(low[0]["params"]["threshold"] - threshold) < 1e-9
            assert "результаты ниже 25-го процентиля (" in s["reason"]
    book = openpyxl.load_workbook(out / "profile.xlsx")
    assert book.sheetnames == ["профиль", "кластеры", "примечания"]
    assert book["профиль"].max_row == 91


def test_a_generated_network_with_indicators_and_a_given_k(tmp_path):
    net = generate_indicators(generate_network(40, 3, seed=2), seed=2)
    path = write_network(net, tmp_path / "net.xlsx")
    out = tmp_path / "out"
    result = run("profile", str(path), "--out", str(out), "--clusters", "3", "--lang", "en")
    assert "3 clusters of" in result.output and "as asked" in result.output
    doc = json.loads((out / "profile.json").read_text(encoding="utf-8"))
    assert doc["clusters"]["k"] == 3 and {s["cluster"] for s in doc["schools"]} - {None} == {1, 2, 3}
    again = tmp_path / "again"
    run("profile", str(path), "--out", str(again), "--clusters", "3", "--lang", "en")
    assert json.loads((again / "profile.json").read_text(encoding="utf-8"))["schools"] == doc["schools"]
