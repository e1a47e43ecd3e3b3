"""The benchmark harness end to end at a tiny scale (results go to a temporary folder)."""

from __future__ import annotations

import json

import pytest

pytest.importorskip("matching")

from benchmarks import harness
from benchmarks.report import COLUMNS, gap_to


def test_harness_writes_a_results_table_with_every_solver_checked(tmp_path):
    out = tmp_path / "RESULTS.md"
    code = harness.main([
        "--scales", "tiny,tiny-slice", "--out", str(out), "--workdir", str(tmp_path / "work"),
        "--no-dask", "--no-build-model", "--no-profile",
    ])
    assert code == 0
    text = out.read_text(encoding="utf-8")
    header = next(line for line in text.splitlines() if line.startswith("| scale | solver |"))
    assert [c.strip() for c in header.strip("|").split("|")] == list(COLUMNS)
    raw = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    rows = raw["rows"]
    assert {(r["scale"], r["solver"]) for r in rows} == {(s, v) for s in ("tiny", "tiny-slice") for v in harness.SOLVERS
                                                                if not (s == "tiny-slice" and v in harness.PEERS)}
    for r in rows:
        res = r["result"]
        assert res.get("peak_rss_mb", 0) > 0 and res.get("wall") is not None, res
        if r["solver"] in harness.MENTORNET_SOLVERS:
            assert res["violations"] == 0, res
            assert res["status"] in ("OPTIMAL", "FEASIBLE")
        assert res["schools_mentoring"] > 0
    solo = {r["solver"]: r["result"] for r in rows if r["scale"] == "tiny"}
    # Every plan re-evaluates to the objective its solver reported.
    for name, res in solo.items():
        assert res["evaluated"]["objective"] == pytest.approx(res["objective"]), name
        assert res["evaluated"]["pairs_outside_graph"] == 0
    assert solo["cpsat"]["objective"] >= solo["flow"]["objective"]
    assert (tmp_path / "scaling.png").stat().st_size > 1000
    assert "## Targets" in text and "(1.00×)" in text


def test_gap_to_bound_is_cpsat_gap():
    assert gap_to(100.0, 101.0) == pytest.approx(0.01)  # (bound - objective) / objective
    assert gap_to(0.0, 0.5) == pytest.approx(0.5)  # objective floored at 1
    assert gap_to(None, 100.0) is None and gap_to(5.0, None) is None


def test_a_peer_without_a_plan_is_named_in_the_comparison():
    """HiGHS as a full MIP may end its time limit with no plan: the "≥ peers" target says so rather than leave it out."""
    from benchmarks.report import targets_13

    def row(solver, result):
        return {"scale": "region", "label": "region", "solver": solver, "result": result}

    raw = {"rows": [
        row("cpsat", {"status": "FEASIBLE", "objective": 100.0}),
        row("flow", {"status": "FEASIBLE", "objective": 80.0}),
        row("highs_mip", {"status": "ERROR", "objective": None, "error": "HiGHS found no plan (Interrupted by user)"}),
    ]}
    verdict = next(t for t in targets_13(raw) if t[0].startswith("the optimising planner ≥ flow"))
    assert verdict[1] == "met"
    assert "region flow 80 (FEASIBLE)" in verdict[2]
    assert "region highs_mip: no plan (HiGHS found no plan (Interrupted by user))" in verdict[2]
