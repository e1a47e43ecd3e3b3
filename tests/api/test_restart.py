"""A server killed mid-solve: at the next start the job shows failed, and no data is lost."""

from __future__ import annotations

from mentornet.db import JobRow, utcnow
from tests.api.conftest import new_scenario, upload_krymsky


def test_jobs_left_running_are_failed_at_start_up(make_client, database_url) -> None:
    first = make_client()
    net = upload_krymsky(first, year=2021)
    sc = new_scenario(first, net["id"], edits=[{"op": "change_strategy", "strategy": "narrow"}])
    job_done = first.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "greedy"}).json()
    from tests.api.conftest import wait_job

    plan_id = wait_job(first, job_done["id"])["plan_id"]
    # Simulate a kill: rows left running and queued as a dead server would leave them.
    with first.app.state.db.sessions() as s:
        running = JobRow(scenario_id=sc["id"], kind="solve", solver="cpsat", params={"time_limit": 60}, state="running",
                         solutions=3, objective=100.0, bound=120.0, gap=0.2, cancel_requested=False,
                         started_at=utcnow(), heartbeat_at=utcnow())
        queued = JobRow(scenario_id=sc["id"], kind="rebalance", solver="cpsat", params={"base_plan_id": plan_id}, state="queued",
                        solutions=0, cancel_requested=False)
        s.add_all([running, queued])
        s.commit()
        ids = running.id, queued.id
    before = {
        "network": first.get(f"/api/networks/{net['id']}").json(),
        "scenario": first.get(f"/api/scenarios/{sc['id']}").json(),
        "plan": first.get(f"/api/plans/{plan_id}").json(),
    }

    second = make_client()  # a new server on the same database
    for job_id, word in zip(ids, ("during the solve", "before the solve started")):
        job = second.get(f"/api/jobs/{job_id}").json()
        assert job["state"] == "failed" and job["finished_at"]
        assert word in job["message"] and job["error"]["title"] == "Server restarted"
        assert job["plan_id"] is None
    assert second.get(f"/api/jobs/{job_done['id']}").json()["state"] == "done"
    assert second.get(f"/api/networks/{net['id']}").json() == before["network"]
    assert second.get(f"/api/scenarios/{sc['id']}").json() == before["scenario"]
    assert second.get(f"/api/plans/{plan_id}").json() == before["plan"]
    # the scenario can be solved again at once
    again = second.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "greedy"})
    assert again.status_code == 202
    assert wait_job(second, again.json()["id"])["state"] == "done"
