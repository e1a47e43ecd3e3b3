"""``generate --regions`` writes 'REGION/MUNICIPALITY' names; ``plan-many`` plans them by default."""

from __future__ import annotations

import csv
import json

import numpy as np
import openpyxl
import pytest
from typer.testing import CliRunner

import mentornet.cli
from mentornet.generate import generate_network
from mentornet.io import read_network
from mentornet.plan_many import REGION_SEP, region_of, split_network

mentornet.cli._register()
runner = CliRunner()


def test_regions_group_neighbouring_municipalities():
    net = generate_network(120, 4, municipalities=6, seed=3, regions=3)
    regions = {region_of(s.municipality) for s in net.schools}
    assert len(regions) == 3 and None not in regions
    assert all(s.municipality.count(REGION_SEP) == 1 for s in net.schools)
    # Two municipalities per region, and the split keeps every school.
    parts, _notes = split_network(net)
    assert sorted(len({s.municipality for s in p.schools}) for p in parts.values()) == [2, 2, 2]
    assert sum(len(p.schools) for p in parts.values()) == 120
    # A region is a band of neighbours: its schools' mean positions are ordered along one axis.
    centres = [np.mean([(s.lat, s.lon) for s in p.schools], axis=0) for p in parts.values()]
    assert len({tuple(np.round(c, 3)) for c in centres}) == 3


def test_regions_only_rename_municipalities():
    plain = generate_network(80, 3, municipalities=4, seed=9)
    tagged = generate_network(80, 3, municipalities=4, seed=9, regions=2)
    assert [s.municipality.split(REGION_SEP, 1)[1] for s in tagged.schools] == [s.municipality for s in plain.schools]
    assert [s.model_dump(exclude={"municipality"}) for s in tagged.schools] == [s.model_dump(exclude={"municipality"}) for s in plain.schools]
    assert generate_network(80, 3, municipalities=4, seed=9, regions=2) == tagged  # reproducible


def test_default_municipalities_grow_to_the_regions():
    net = generate_network(30, 2, seed=1, regions=4)
    assert len({region_of(m) for m in net.municipalities()}) == 4


@pytest.mark.parametrize(("kwargs", "message"), [({"regions": 0}, "at least 1"), ({"regions": 5, "municipalities": 3}, "municipalities")])
def test_impossible_regions_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        generate_network(40, 2, **kwargs)


def test_plan_many_plans_generated_regions_by_default(tmp_path):
    net = tmp_path / "country.xlsx"
    result = runner.invoke(mentornet.cli.app, ["generate", str(net), "-n", "90", "-d", "4", "-m", "6", "--regions", "3", "--seed", "2"])
    assert result.exit_code == 0, result.output
    assert "3 regions" in result.output and "plan-many" in result.output
    out = tmp_path / "out"
    result = runner.invoke(mentornet.cli.app, ["plan-many", str(net), "--out", str(out), "--executor", "serial", "--solver", "greedy"])
    assert result.exit_code == 0, result.output
    regions = sorted({region_of(s.municipality) for s in read_network(net).schools})
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    assert sorted(r["region"] for r in rows) == regions and all(r["status"] in ("OPTIMAL", "FEASIBLE") for r in rows)
    for region in regions:
        folder = out / region.replace(" ", "_")
        for name in ("plan.json", "plan.xlsx", "pairs.csv", "roles.csv", "deferred.csv"):
            assert (folder / name).exists(), (region, name)
        book = openpyxl.load_workbook(folder / "plan.xlsx", read_only=True)
        assert book.sheetnames[0] == "Стажировки"  # Cyrillic data: a Russian workbook by default
        plan = json.loads((folder / "plan.json").read_text(encoding="utf-8"))
        assert plan["pairs"] and plan["metrics"]["violations"] == 0
    summary = openpyxl.load_workbook(out / "summary.xlsx")
    sheet = summary["regions"]
    header = [c.value for c in sheet[1]]
    assert header[0] == "region" and header[-1] == "plan"
    body = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert sorted(r[0] for r in body) == regions
    assert all(r[-1].endswith("/plan.xlsx") for r in body)
    totals = {r[0].value: r[1].value for r in summary["totals"].iter_rows(min_row=2)}
    assert totals["regions"] == 3 and totals["planned"] == 3 and totals["schools"] == 90
