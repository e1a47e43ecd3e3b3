"""National planning: regions planned independently, locally and on Dask."""

from __future__ import annotations

import csv
import json

import pytest

from mentornet.errors import InputError
from mentornet.generate import generate_network
from mentornet.model import Competence, Network, Policy, School
from mentornet.plan_many import (
    SUMMARY_COLUMNS,
    join_regions,
    plan_regions,
    read_region_mapping,
    region_of,
    split_network,
    tag_region,
    write_results,
)

REGIONS = ("R01", "R02", "R03")
FAR = "R02-FAR"


def _with_lonely_school(net: Network) -> Network:
    """Add a school ~550 km from every other one: no mentor or trainee within max_km."""
    ref = net.schools[0]
    far = School(id=FAR, name="Школа на краю", municipality=ref.municipality, lat=ref.lat + 5.0, lon=ref.lon)
    comp = Competence(school=FAR, direction=net.directions[0].id, score=50.0)
    return net.with_changes(schools=net.schools + (far,), competences=net.competences + (comp,))


@pytest.fixture(scope="module")
def regions() -> dict[str, Network]:
    nets = {r: tag_region(generate_network(15, 4, 1, seed=100 + i), r) for i, r in enumerate(REGIONS)}
    nets["R02"] = _with_lonely_school(nets["R02"])
    return nets


def _assert_reported(results, networks):
    by = {r.region: r for r in results}
    assert [r.region for r in results] == list(networks)
    for region in ("R01", "R03"):
        res = by[region]
        assert res.ok, res.error
        assert res.status in ("OPTIMAL", "FEASIBLE")
        assert res.violations == 0
        assert res.plan is not None and res.plan.pairs
        assert res.schools == len(networks[region].schools)
        assert res.schools_mentoring and res.needs_covered is not None
    bad = by["R02"]
    assert bad.status == "INFEASIBLE" and not bad.ok and bad.plan is None
    assert bad.conflicts and any(FAR in c["schools"] for c in bad.conflicts)
    assert "Школа на краю" in bad.error


def test_local_executor_plans_every_region_and_reports_the_infeasible_one(regions):
    results = plan_regions(regions, Policy(time_limit=5, workers=1), executor="local", workers=2, solver="greedy")
    _assert_reported(results, regions)
    assert len({r.worker for r in results}) >= 1


def test_dask_local_cluster_plans_every_region_and_reports_the_infeasible_one(regions):
    # Worker processes (processes=True) start in ~2 s here; threads would share the GIL.
    seen = []
    results = plan_regions(regions, Policy(time_limit=5, workers=1), executor="dask", workers=2, solver="greedy",
                           on_result=seen.append)
    _assert_reported(results, regions)
    assert sorted(r.region for r in seen) == sorted(regions)


def test_cpsat_regions_match_their_single_network_plans(regions):
    from mentornet.planning import solve

    nets = {r: regions[r] for r in ("R01", "R03")}
    policy = Policy(time_limit=10, workers=1)
    results = plan_regions(nets, policy, executor="serial", solver="cpsat")
    for res in results:
        assert res.ok and res.violations == 0 and res.bound is not None
        alone = solve(nets[res.region], policy, solver="cpsat")
        if res.status == alone.solver.status == "OPTIMAL":
            assert res.objective == alone.solver.objective


def test_a_crashing_solver_is_an_error_result_not_an_exception(regions):
    results = plan_regions({"R01": regions["R01"]}, executor="serial", solver=_boom)
    assert results[0].status == "ERROR" and "kaput" in results[0].error


def _boom(network, policy, **_):
    raise RuntimeError("kaput")


def test_split_by_region_prefix_round_trips_tagged_regions(regions):
    big = join_regions(regions)
    assert len(big.schools) == sum(len(n.schools) for n in regions.values())
    parts, notes = split_network(big, "region")
    assert list(parts) == list(REGIONS)
    for r in REGIONS:
        assert parts[r].schools == regions[r].schools
        assert parts[r].competences == regions[r].competences
        assert parts[r].curators == regions[r].curators
        assert notes[r] == []
    munis = split_network(big, "municipality")[0]
    assert len(munis) == len({s.municipality for s in big.schools})


def test_region_is_known_by_prefix_or_mapping(tmp_path):
    assert region_of("R03/M12") == "R03"
    assert region_of("Крымский район") is None
    assert region_of("Крымский район", {"Крымский район": "Краснодарский край"}) == "Краснодарский край"
    mapping = tmp_path / "regions.csv"
    mapping.write_text("municipality,region\nA,North\nB,South\n", encoding="utf-8")
    assert read_region_mapping(mapping) == {"A": "North", "B": "South"}
    bad = tmp_path / "bad.csv"
    bad.write_text("municipality,region\nA,North\nA,South\n", encoding="utf-8")
    with pytest.raises(InputError, match="already in region"):
        read_region_mapping(bad)
    net = generate_network(20, 3, 2, seed=1)
    with pytest.raises(InputError, match="cannot tell the region"):
        split_network(net, "region")
    munis = sorted({s.municipality for s in net.schools})
    parts, _ = split_network(net, "region", {munis[0]: "North", munis[1]: "South"})
    assert sorted(parts) == ["North", "South"]


def test_cross_region_locks_are_dropped_with_a_note(regions):
    from mentornet.model import Locks, PairLock

    big = join_regions({r: regions[r] for r in ("R01", "R03")})
    a = regions["R01"].competences[0]
    b = next(c for c in regions["R03"].competences if c.direction == a.direction)
    big = big.with_changes(locks=Locks(pairs=(PairLock(mentor=a.school, trainee=b.school, direction=a.direction),)))
    parts, notes = split_network(big)
    assert not parts["R01"].locks.pairs and not parts["R03"].locks.pairs
    assert any("crosses regions" in n for n in notes["R01"]) and notes["R01"] == notes["R03"]


def test_write_results_summary_and_one_plan_per_region(regions, tmp_path):
    results = plan_regions(regions, executor="serial", solver="greedy")
    paths = write_results(results, tmp_path / "out")
    rows = list(csv.DictReader(paths["summary_csv"].open(encoding="utf-8")))
    assert [r["region"] for r in rows] == list(REGIONS)
    assert tuple(rows[0]) == SUMMARY_COLUMNS
    doc = json.loads(paths["summary_json"].read_text(encoding="utf-8"))
    assert doc["totals"]["planned"] == 2 and doc["totals"]["by_status"]["INFEASIBLE"] == 1
    assert (tmp_path / "out" / "R01" / "plan.json").exists()
    assert not (tmp_path / "out" / "R02" / "plan.json").exists()
    problem = json.loads((tmp_path / "out" / "R02" / "problem.json").read_text(encoding="utf-8"))
    assert problem["status"] == "INFEASIBLE" and problem["conflicts"]
    plan = json.loads((tmp_path / "out" / "R01" / "plan.json").read_text(encoding="utf-8"))
    assert {"roles", "pairs", "deferred", "metrics", "solver"} <= set(plan)


def _run_cli(args):
    from typer.testing import CliRunner

    from mentornet.cli import _register, app

    _register()

    return CliRunner().invoke(app, args, catch_exceptions=False)


def test_cli_plans_a_folder_of_region_files(regions, tmp_path):
    from mentornet.io import write_network

    folder = tmp_path / "country"
    for r, net in regions.items():
        write_network(net, folder / f"{r}.json")
    out = tmp_path / "plans"
    result = _run_cli(["plan-many", str(folder), "--out", str(out), "--executor", "local", "--workers", "2", "--solver", "greedy"])
    assert result.exit_code == 3, result.output  # one region infeasible
    assert "INFEASIBLE" in result.output and "R02" in result.output
    rows = list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    assert {r["region"]: r["status"] for r in rows} == {"R01": "FEASIBLE", "R02": "INFEASIBLE", "R03": "FEASIBLE"}
    assert all(r["violations"] == "0" for r in rows)
    assert (out / "R03" / "plan.json").exists() and (out / "summary.json").exists()


def test_cli_splits_one_network_by_a_mapping_file(regions, tmp_path):
    from mentornet.io import write_network

    big = join_regions({r: regions[r] for r in ("R01", "R03")})
    # No "REGION/" prefixes: the mapping file names the regions instead.
    plain = {s.municipality: s.municipality.replace("/", " – ") for s in big.schools}
    big = big.with_changes(
        schools=tuple(s.model_copy(update={"municipality": plain[s.municipality]}) for s in big.schools),
        curators=tuple(c.model_copy(update={"municipalities": tuple(plain[m] for m in c.municipalities)}) for c in big.curators),
    )
    src = write_network(big, tmp_path / "country.json")
    mapping = tmp_path / "regions.json"
    mapping.write_text(json.dumps({p: m.split("/")[0] for m, p in plain.items()}, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "plans"
    result = _run_cli(["plan-many", str(src), "--out", str(out), "--regions", str(mapping), "--executor", "serial", "--solver", "greedy"])
    assert result.exit_code == 0, result.output
    doc = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [r["region"] for r in doc["regions"]] == ["R01", "R03"]
    assert all(r["status"] == "FEASIBLE" and r["violations"] == 0 for r in doc["regions"])


def test_cli_plans_each_region_with_its_own_policy_table(tmp_path):
    """plan-many honours each region's policy table, below --policy and the options (issue 11, item 1)."""
    from mentornet.io import embedded_network, write_network

    krymsky = embedded_network()
    folder = tmp_path / "country"
    write_network(krymsky, folder / "R01.json", Policy.model_validate({"max_trainee_directions": 4}))
    write_network(krymsky, folder / "R02.json")
    out = tmp_path / "plans"
    result = _run_cli(["plan-many", str(folder), "--out", str(out), "--executor", "serial", "--solver", "greedy"])
    assert result.exit_code == 0, result.output
    rows = {r["region"]: r for r in csv.DictReader((out / "summary.csv").open(encoding="utf-8"))}
    assert int(rows["R01"]["needs_deferred"]) < int(rows["R02"]["needs_deferred"])
    # A --policy file beats the region's table.
    pfile = tmp_path / "policy.json"
    pfile.write_text(json.dumps({"max_trainee_directions": 3}), encoding="utf-8")
    result = _run_cli(["plan-many", str(folder), "--out", str(tmp_path / "p2"), "--executor", "serial", "--solver", "greedy",
                       "--policy", str(pfile)])
    rows = {r["region"]: r for r in csv.DictReader((tmp_path / "p2" / "summary.csv").open(encoding="utf-8"))}
    assert rows["R01"]["needs_deferred"] == rows["R02"]["needs_deferred"]
