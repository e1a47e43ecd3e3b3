"""Solving as jobs, plans and everything about them: explanations, checks, status, diff, exports, views."""

from __future__ import annotations

import csv
import io
import time
import zipfile

import openpyxl
import pytest
from sqlalchemy import select

from mentornet.db import PlanRow, PublishedPlanError
from tests.api.conftest import new_scenario, solve, upload_generated, upload_krymsky, wait_job

S1 = "МБОУ СОШ № 1"


# ---------------------------------------------------------------- jobs


def test_solve_job_and_plan(client, planned) -> None:
    job = planned["job"]
    assert job["state"] == "done" and job["kind"] == "solve" and job["solver"] == "greedy"
    assert job["started_at"] and job["finished_at"] and job["progress"]["objective"] > 0
    assert f"plan {job['plan_id']} is ready" in job["message"]
    plan = client.get(f"/api/plans/{job['plan_id']}").json()
    assert plan["status"] == "draft" and plan["ok"] is True and plan["violations"] == 0
    assert plan["scenario_id"] == planned["scenario"]["id"] and plan["network_id"] == planned["network"]["id"]
    assert plan["headline"]["schools"] == 34 and plan["headline"]["schools_involved"] == 34
    doc = plan["plan"]
    assert {"roles", "pairs", "deferred", "metrics", "solver"} <= set(doc)
    # plan.json holds reasons as message codes with parameters; they are rendered by the explanations endpoint
    assert doc["solver"]["name"] == "greedy" and all(p["why"] and p["why"][0]["code"] for p in doc["pairs"])
    listed = client.get("/api/jobs", params={"scenario_id": planned["scenario"]["id"]}).json()
    assert [j["id"] for j in listed] == [job["id"]]
    assert client.get("/api/jobs", params={"state": "failed"}).json() == []


def test_cpsat_progress_is_reported(client) -> None:
    net = upload_krymsky(client)
    sc = new_scenario(client, net["id"])
    job = solve(client, sc["id"], solver="cpsat", time_limit=2)
    p = job["progress"]
    assert p["solutions"] >= 1 and p["objective"] > 0 and p["bound"] >= p["objective"] and p["gap"] is not None
    plan = client.get(f"/api/plans/{job['plan_id']}").json()
    assert plan["solver"] == "cpsat" and plan["stats"]["status"] in ("OPTIMAL", "FEASIBLE")


def test_cancel_a_running_solve_keeps_the_best_plan(client) -> None:
    net = upload_generated(client)
    sc = new_scenario(client, net["id"])
    job = client.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "cpsat", "time_limit": 60}).json()
    # a second solve of the same scenario must wait
    r = client.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "greedy"})
    assert r.status_code == 409 and r.json()["job_id"] == job["id"]
    deadline = time.monotonic() + 30
    while client.get(f"/api/jobs/{job['id']}").json()["progress"]["solutions"] < 1:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    started = time.monotonic()
    r = client.post(f"/api/jobs/{job['id']}/cancel")
    assert r.status_code == 200 and r.json()["cancel_requested"]
    done = wait_job(client, job["id"], timeout=20)
    assert time.monotonic() - started < 10
    assert done["state"] == "cancelled" and done["plan_id"] is not None
    assert "stopped on request" in done["message"]
    assert client.get(f"/api/plans/{done['plan_id']}").json()["ok"] is True
    assert client.post(f"/api/jobs/{job['id']}/cancel").status_code == 409


def test_cancel_before_any_plan(client) -> None:
    net = upload_krymsky(client)
    sc = new_scenario(client, net["id"])
    job = client.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "cpsat", "time_limit": 60}).json()
    client.post(f"/api/jobs/{job['id']}/cancel")
    done = wait_job(client, job["id"], timeout=20)
    assert done["state"] == "cancelled"
    # either it never started, or it stopped before or after its first solution
    assert done["message"]


def test_infeasible_scenario_fails_with_conflicts(client) -> None:
    net = upload_krymsky(client)
    sc = new_scenario(client, net["id"], edits=[
        {"op": "lock_pair", "mentor": S1, "trainee": "МБОУ СОШ № 9", "direction": "1"},
        {"op": "change_capacity", "school": S1, "host_capacity": 0},
    ])
    r = client.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "greedy"})
    job = wait_job(client, r.json()["id"])
    assert job["state"] == "failed" and job["plan_id"] is None
    err = job["error"]
    assert err["title"] == "No plan satisfies every hard constraint"
    assert "host capacity" in err["errors"][0]["message"] and err["errors"][0]["suggestion"]


def test_time_limit_above_the_server_limit(make_client) -> None:
    client = make_client(solve_time_limit_max=10)
    net = upload_krymsky(client)
    sc = new_scenario(client, net["id"])
    r = client.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "greedy", "time_limit": 3600})
    assert r.status_code == 422 and "10 s" in r.json()["detail"]
    r = client.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "simplex"})
    assert r.status_code == 422 and r.json()["errors"][0]["location"]["field"] == "solver"


def test_concurrent_solves_of_different_scenarios(make_client) -> None:
    client = make_client(workers=3)
    net = upload_krymsky(client)
    scenarios = [
        new_scenario(client, net["id"], name="plain"),
        new_scenario(client, net["id"], name="closed", edits=[{"op": "close_school", "school": S1}]),
        new_scenario(client, net["id"], name="tight", edits=[{"op": "change_limit", "field": "cap_per_direction", "value": 2}]),
    ]
    jobs = [client.post(f"/api/scenarios/{s['id']}/solve", json={"solver": s2, "time_limit": 2}).json()
            for s, s2 in zip(scenarios, ["cpsat", "greedy", "cpsat"])]
    done = [wait_job(client, j["id"], timeout=60) for j in jobs]
    assert [d["state"] for d in done] == ["done"] * 3
    plans = [client.get(f"/api/plans/{d['plan_id']}").json() for d in done]
    assert [p["scenario_id"] for p in plans] == [s["id"] for s in scenarios]
    assert plans[0]["headline"]["schools"] == 34 and plans[1]["headline"]["schools"] == 33
    tight = plans[2]["plan"]["metrics"]["mentor_load_by_direction"]
    assert all(n <= 2 for by_dir in tight.values() for n in (by_dir.values() if isinstance(by_dir, dict) else [by_dir]))
    assert all(S1 not in (p["mentor"], p["trainee"]) for p in plans[1]["plan"]["pairs"])


def test_warm_start_from_a_stored_plan(client, planned) -> None:
    job = solve(client, planned["scenario"]["id"], solver="cpsat", time_limit=1, warm_start_plan_id=planned["plan_id"])
    assert job["params"]["warm_start_plan_id"] == planned["plan_id"]
    r = client.post(f"/api/scenarios/{planned['scenario']['id']}/solve", json={"warm_start_plan_id": 999})
    assert r.status_code == 404


# ---------------------------------------------------------------- reading plans


def test_metrics_check_explanations_table(client, planned) -> None:
    pid = planned["plan_id"]
    metrics = client.get(f"/api/plans/{pid}/metrics").json()
    assert metrics["schools"] == 34 and "curator_load" in metrics
    check = client.get(f"/api/plans/{pid}/check").json()
    assert check["ok"] is True and check["violations"] == [] and check["metrics"]["pairs"] == metrics["pairs"]

    ex = client.get(f"/api/plans/{pid}/explanations", params={"lang": "en"}).json()
    assert len(ex["pairs"]) == metrics["pairs"] and len(ex["deferred"]) == metrics["needs_deferred"]
    pair = ex["pairs"][0]
    assert pair["reason"] and pair["mentor_name"] and pair["direction_name"] and pair["mentor_role"] in ("leader", "promising")
    assert all(d["reason"] for d in ex["deferred"])
    assert ex["alternates"] and ex["curators"] and sum(c["teams"] for c in ex["curators"]) == len(ex["pairs"])
    ru = client.get(f"/api/plans/{pid}/explanations").json()
    assert ru["pairs"][0]["reason"] != pair["reason"]  # Russian by default

    card = client.get(f"/api/plans/{pid}/explanations", params={"school": S1, "lang": "en"}).json()
    assert card["school"]["id"] == S1 and card["school"]["roles"]
    assert all(S1 in (p["mentor"], p["trainee"]) for p in card["pairs"])
    assert client.get(f"/api/plans/{pid}/explanations", params={"school": "Nowhere"}).status_code == 404

    table = client.get(f"/api/plans/{pid}/table").json()
    assert len(table["rows"]) == 7 and table["headers"]["leader"] == "команда-лидер"
    row = table["rows"][0]
    assert row["direction"] == "1" and {s["id"] for s in row["leader"]} >= {S1} and row["curators"]


def test_list_plans_filters(client, planned) -> None:
    pid = planned["plan_id"]
    assert [p["id"] for p in client.get("/api/plans", params={"scenario_id": planned["scenario"]["id"]}).json()] == [pid]
    assert [p["id"] for p in client.get("/api/plans", params={"status": "draft"}).json()] == [pid]
    assert client.get("/api/plans", params={"status": "published"}).json() == []
    assert client.get("/api/plans/999").status_code == 404


# ---------------------------------------------------------------- status


def test_status_transitions(client, planned) -> None:
    pid = planned["plan_id"]

    def move(status: str):
        return client.post(f"/api/plans/{pid}/status", json={"status": status})

    r = move("published")
    assert r.status_code == 409 and "approve the plan before publishing" in r.json()["detail"]
    assert move("draft").status_code == 409
    r = move("approved")
    assert r.status_code == 200 and r.json()["status"] == "approved" and r.json()["approved_at"]
    assert move("draft").json()["status"] == "draft"  # approval withdrawn
    assert move("approved").status_code == 200
    r = move("published")
    assert r.status_code == 200 and r.json()["published_at"]
    for status in ("draft", "approved", "published"):
        r = move(status)
        assert r.status_code == 409 and "final" in r.json()["detail"], status
    assert client.delete(f"/api/plans/{pid}").status_code == 409
    assert move("archived").status_code == 422


def test_one_published_plan_per_network_and_year(client, planned) -> None:
    """Publishing a second plan of a network asks for confirmation and keeps the first one as superseded."""
    first = planned["plan_id"]
    second = solve(client, planned["scenario"]["id"], solver="flow")["plan_id"]
    for pid in (first, second):
        assert client.post(f"/api/plans/{pid}/status", json={"status": "approved"}).status_code == 200
    assert client.post(f"/api/plans/{first}/status", json={"status": "published"}).status_code == 200
    before = client.get(f"/api/plans/{first}").json()

    r = client.post(f"/api/plans/{second}/status", json={"status": "published"})
    assert r.status_code == 409 and r.json()["type"].endswith("already-published") and r.json()["official_plan_id"] == first
    assert f"plan {first} is the published plan" in r.json()["detail"] and "supersede=true" in r.json()["detail"]
    assert client.get(f"/api/plans/{second}").json()["status"] == "approved"

    r = client.post(f"/api/plans/{second}/status", json={"status": "published", "supersede": True})
    assert r.status_code == 200 and r.json()["status"] == "published"
    old = client.get(f"/api/plans/{first}").json()
    assert old["status"] == "superseded" and old["superseded_by"] == second and old["superseded_at"]
    assert old["plan"] == before["plan"] and old["published_at"] == before["published_at"]  # kept and readable, unchanged
    assert [p["id"] for p in client.get("/api/plans", params={"status": "published"}).json()] == [second]
    for status in ("draft", "approved", "published"):  # never changed again
        r = client.post(f"/api/plans/{first}/status", json={"status": status, "supersede": True})
        assert r.status_code == 409 and "superseded" in r.json()["detail"], status
    assert client.delete(f"/api/plans/{first}").status_code == 409
    # every export says which plan it is: network, year, number, status, date, solver status
    r = client.get(f"/api/plans/{first}/plan.xlsx", params={"lang": "en"})
    title = openpyxl.load_workbook(io.BytesIO(r.content)).properties.title
    stats = old["stats"]
    for part in ("year 2021", f"plan {first}", "status: superseded", f"date: {old['superseded_at'][:10]}",
                 f"solver: {stats['name']}, {stats['status']}"):
        assert part in title, (part, title)
    about = client.get(f"/api/plans/{second}/plan.json").json()["about"]
    assert about["year"] == 2021 and about["plan_id"] == second and about["status"] == "published" and about["date"]
    with zipfile.ZipFile(io.BytesIO(client.get(f"/api/plans/{second}/plan-csv.zip", params={"lang": "en"}).content)) as zf:
        info = dict(csv.reader(io.StringIO(zf.read("about.csv").decode("utf-8-sig"))))
    assert info["plan"] == str(second) and info["status"] == "published (official)" and info["year"] == "2021"


def test_the_database_refuses_a_second_published_plan(client, planned) -> None:
    from sqlalchemy.exc import IntegrityError

    from mentornet.db import PlanRow

    second = solve(client, planned["scenario"]["id"], solver="flow")["plan_id"]
    sessions = client.app.state.db.sessions
    with sessions() as s:
        for pid in (planned["plan_id"], second):
            s.get(PlanRow, pid).status = "published"
        with pytest.raises(IntegrityError):
            s.commit()


def test_published_plan_is_immutable_in_the_database(client, planned) -> None:
    pid = planned["plan_id"]
    client.post(f"/api/plans/{pid}/status", json={"status": "approved"})
    client.post(f"/api/plans/{pid}/status", json={"status": "published"})
    db = client.app.state.db
    with db.sessions() as s:
        row = s.get(PlanRow, pid)
        row.data = {**row.data, "pairs": []}
        with pytest.raises(PublishedPlanError):
            s.commit()
    with db.sessions() as s:
        row = s.scalars(select(PlanRow).where(PlanRow.id == pid)).one()
        assert row.data["pairs"] and row.status == "published"
        s.delete(row)
        with pytest.raises(PublishedPlanError):
            s.commit()


def test_delete_draft(client, planned) -> None:
    pid = planned["plan_id"]
    assert client.delete(f"/api/plans/{pid}").status_code == 204
    assert client.get(f"/api/plans/{pid}").status_code == 404


# ---------------------------------------------------------------- diff, rebalance


def test_diff_between_two_plans(client, planned) -> None:
    sc = new_scenario(client, planned["network"]["id"], edits=[{"op": "close_school", "school": S1}])
    other = solve(client, sc["id"])["plan_id"]
    r = client.get(f"/api/plans/{planned['plan_id']}/diff/{other}")
    assert r.status_code == 200
    d = r.json()
    assert d["before"] == planned["plan_id"] and d["after"] == other
    diff = d["diff"]
    assert diff["changes"] == len(diff["added"]) + len(diff["removed"]) + len(diff["moved"]) > 0
    assert diff["schools_removed"] == [S1]
    assert diff["metrics"]["schools"] == {"before": 34, "after": 33, "delta": -1}
    assert "changes" in d["summary"]
    same = client.get(f"/api/plans/{other}/diff/{other}").json()["diff"]
    assert same["changes"] == 0 and not same["roles_changed"]
    assert client.get(f"/api/plans/{other}/diff/999").status_code == 404


@pytest.mark.parametrize("solver", ["greedy", "cpsat"])
def test_rebalance_changes_less_than_a_fresh_solve(client, solver: str) -> None:
    net = upload_krymsky(client)
    base_sc = new_scenario(client, net["id"], policy={"time_limit": 2})
    base = solve(client, base_sc["id"], solver=solver)["plan_id"]
    base_pairs = client.get(f"/api/plans/{base}").json()["plan"]["pairs"]
    busiest = max({p["mentor"] for p in base_pairs}, key=lambda m: sum(p["mentor"] == m for p in base_pairs))

    wi = client.post(f"/api/plans/{base}/what-if").json()
    assert wi["base_plan_id"] == base and wi["policy"]["time_limit"] == 2
    client.post(f"/api/scenarios/{wi['id']}/edits", json={"op": "close_school", "school": busiest})
    client.post(f"/api/scenarios/{wi['id']}/edits", json={"op": "change_limit", "field": "seed", "value": 11})

    fresh = solve(client, wi["id"], solver=solver)["plan_id"]
    r = client.post(f"/api/scenarios/{wi['id']}/rebalance", json={"solver": solver})
    assert r.status_code == 202 and r.json()["kind"] == "rebalance" and r.json()["params"]["base_plan_id"] == base
    job = wait_job(client, r.json()["id"])
    assert job["state"] == "done", job
    rebalanced = client.get(f"/api/plans/{job['plan_id']}").json()
    assert rebalanced["kind"] == "rebalance" and rebalanced["base_plan_id"] == base
    assert rebalanced["changes"] == rebalanced["headline"]["changes"] == rebalanced["plan"]["rebalance"]["changes"]
    assert f"{rebalanced['changes']} change(s) against plan {base}" in job["message"]

    fresh_changes = client.get(f"/api/plans/{base}/diff/{fresh}").json()["diff"]["changes"]
    reb_diff = client.get(f"/api/plans/{base}/diff/{job['plan_id']}").json()
    reb_changes = reb_diff["diff"]["changes"]
    assert reb_changes == rebalanced["changes"] < fresh_changes
    assert all(busiest not in (p["mentor"], p["trainee"]) for p in rebalanced["plan"]["pairs"])
    # the diff shows a fresh solve's coverage beside the rebalanced one; the rebalance gives none of it up
    cov = reb_diff["diff"]["coverage"]
    assert cov["covered"] == rebalanced["plan"]["metrics"]["needs_covered"] >= cov["fresh_covered"] and cov["shortfall"] == 0
    assert f"a fresh solve of the same scenario covers {cov['fresh_covered']}" in reb_diff["summary"]
    page = client.get(f"/plans/{base}/diff/{job['plan_id']}?lang=en").text
    assert 'id="diff-coverage"' in page and f"covers {cov['fresh_covered']}" in page
    # a planner's allowance goes with the job
    r = client.post(f"/api/scenarios/{wi['id']}/rebalance", json={"solver": solver, "coverage_allowance": 2})
    job = wait_job(client, r.json()["id"])
    assert r.json()["params"]["coverage_allowance"] == 2 and job["state"] == "done", job
    assert client.get(f"/api/plans/{job['plan_id']}").json()["plan"]["rebalance"]["coverage_allowance"] == 2


def test_rebalance_needs_a_base_plan(client, planned) -> None:
    sc = new_scenario(client, planned["network"]["id"])
    r = client.post(f"/api/scenarios/{sc['id']}/rebalance", json={})
    assert r.status_code == 422 and r.json()["errors"][0]["location"]["field"] == "base_plan_id"
    r = client.post(f"/api/scenarios/{sc['id']}/rebalance", json={"base_plan_id": 999})
    assert r.status_code == 422


# ---------------------------------------------------------------- exports and views


def test_exports(client, planned) -> None:
    pid = planned["plan_id"]
    r = client.get(f"/api/plans/{pid}/plan.json")
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    assert r.json()["pairs"] == client.get(f"/api/plans/{pid}").json()["plan"]["pairs"]

    r = client.get(f"/api/plans/{pid}/plan.xlsx", params={"lang": "ru"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxml")
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert "Стажировки" in wb.sheetnames and "Пары" in wb.sheetnames
    en = openpyxl.load_workbook(io.BytesIO(client.get(f"/api/plans/{pid}/plan.xlsx", params={"lang": "en"}).content))
    assert "Internships" in en.sheetnames

    r = client.get(f"/api/plans/{pid}/plan-csv.zip")
    assert r.status_code == 200
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        assert {"pairs.csv", "roles.csv", "deferred.csv"} <= set(zf.namelist())
        text = zf.read("pairs.csv").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) - 1 == len(client.get(f"/api/plans/{pid}").json()["plan"]["pairs"])


def test_csv_export_separator_follows_the_language_or_the_sep_parameter(client, planned) -> None:
    pid = planned["plan_id"]

    def header(query: str) -> str:
        r = client.get(f"/api/plans/{pid}/plan-csv.zip?{query}")
        assert r.status_code == 200, r.text
        with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
            raw = zf.read("roles.csv")
        assert raw.startswith(b"\xef\xbb\xbf")
        return raw.decode("utf-8-sig").splitlines()[0]

    assert header("lang=ru").count(";") == 3
    assert header("lang=en").count(",") == 3 and ";" not in header("lang=en")
    assert header("lang=ru&sep=comma").count(",") == 3
    assert client.get(f"/api/plans/{pid}/plan-csv.zip?sep=pipe").status_code == 422


def test_views(client, planned) -> None:
    pid = planned["plan_id"]
    r = client.get(f"/api/plans/{pid}/view.html")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html") and "vis" in r.text
    g = client.get(f"/api/plans/{pid}/graph.json").json()
    assert len(g["nodes"]) == 34 and len(g["edges"]) == client.get(f"/api/plans/{pid}/metrics").json()["pairs"]


def test_job_progress_is_current_and_a_stop_ends_the_job_promptly(client) -> None:
    """Issue 11 (6): the stored incumbent, bound and gap are the current ones; a cancel ends the job soon.

    The bound read while solving never rises, never falls below what the
    plan reaches, and the terminal job holds the plan's own figures. The
    ceiling on stop → terminal state is generous (a loaded machine); alone
    it is about a second.
    """
    net = upload_generated(client, schools=300, directions=8, seed=1)
    sc = new_scenario(client, net["id"])
    job = client.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "cpsat", "time_limit": 120}).json()
    bounds: list[float] = []
    deadline = time.monotonic() + 90
    while True:
        p = client.get(f"/api/jobs/{job['id']}").json()["progress"]
        if p["bound"] is not None:
            bounds.append(p["bound"])
        if p["solutions"] >= 1 and p["bound"] is not None:
            break
        assert time.monotonic() < deadline
        time.sleep(0.05)
    started = time.monotonic()
    assert client.post(f"/api/jobs/{job['id']}/cancel").status_code == 200
    done = wait_job(client, job["id"], timeout=60)
    assert time.monotonic() - started < 30
    assert done["state"] == "cancelled" and done["plan_id"] is not None
    plan = client.get(f"/api/plans/{done['plan_id']}").json()
    stats = plan["stats"]
    assert all(b >= a for a, b in zip(bounds[1:], bounds))  # never rises
    assert all(b >= stats["objective"] for b in bounds)
    assert done["progress"]["objective"] == stats["objective"] and done["progress"]["bound"] == stats["bound"]
    assert plan["ok"] is True


def test_a_failed_jobs_solver_error_is_stored_coded_and_worded_in_the_readers_language() -> None:
    """A job's SolverError keeps its code in the database; the job's detail reads in the reader's language."""
    import json

    from mentornet.api.problems import error_payload, render_error, stored_error
    from mentornet.errors import SolverError

    exc = SolverError.coded("solver.stopped")
    stored = json.loads(json.dumps(stored_error(exc)))  # as the database keeps it
    assert stored["type"] == "urn:mentornet:problem:solver-error"
    assert render_error(stored, "ru")["detail"] == "планирование остановлено раньше, чем был найден хотя бы один план"
    assert render_error(stored, "en")["detail"] == "planning was stopped before any plan was found"
    assert render_error(stored, None)["detail"] == str(exc) and "detail_text" not in render_error(stored, None)
    assert error_payload(exc, "ru")["detail"].startswith("планирование остановлено")
    # an error without a code (and an old record) keeps its English sentence
    assert render_error(stored_error(SolverError("boom")), "ru")["detail"] == "boom"
