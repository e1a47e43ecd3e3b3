"""Two servers on one database (issue 12, case 3): nothing acknowledged is lost.

Before jobs had owners, every start failed all running and queued jobs in
the database — those of another live server too — and that server's result
was then discarded. Here: two apps in one process on the test's database
(SQLite and PostgreSQL), then two real ``mentornet serve`` processes with 20
solves submitted to both and one server restarted mid-way.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from mentornet.db import JobRow
from mentornet.generate import generate_network
from tests.api.conftest import new_scenario, start_server, upload_generated, wait_job

LEASE = 3.0
TOKEN = "replica-token"


def _wait_state(client, job_id: int, state: str, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while (job := client.get(f"/api/jobs/{job_id}").json())["state"] != state:
        assert job["state"] in ("queued", "running"), job
        assert time.monotonic() < deadline, f"job {job_id} still {job['state']}"
        time.sleep(0.05)
    return job


def test_a_starting_server_keeps_the_jobs_of_a_live_one(make_client) -> None:
    """Case 3: today every start fails all running jobs and the live server's result is discarded."""
    first = make_client(job_lease_seconds=LEASE)
    net = upload_generated(first, schools=80, directions=6)
    sc = new_scenario(first, net["id"])
    job = first.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "cpsat", "time_limit": 3}).json()
    _wait_state(first, job["id"], "running")

    second = make_client(job_lease_seconds=LEASE)  # a replica, or the new server of a rolling restart
    assert second.get(f"/api/jobs/{job['id']}").json()["state"] in ("running", "done")
    done = wait_job(second, job["id"], timeout=60)
    assert done["state"] == "done", done
    assert done["error"] is None and done["plan_id"] is not None
    plan = second.get(f"/api/plans/{done['plan_id']}").json()
    assert plan["ok"] is True and plan["job_id"] == job["id"]


def test_a_result_is_stored_even_if_another_server_took_the_job_for_dead(make_client) -> None:
    first = make_client(job_lease_seconds=LEASE)
    net = upload_generated(first, schools=80, directions=6)
    sc = new_scenario(first, net["id"])
    job = first.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "cpsat", "time_limit": 3}).json()
    _wait_state(first, job["id"], "running")
    with first.app.state.db.sessions() as s:  # what a wrong reaper (a clock jump, a stalled heartbeat) would write
        row = s.get(JobRow, job["id"])
        row.state, row.message = "failed", "the server restarted during the solve"
        s.commit()
    done = wait_job(first, job["id"], timeout=60, states=("done", "cancelled"))
    assert done["state"] == "done" and done["plan_id"] is not None and done["error"] is None


# ---------------------------------------------------------------- real servers


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(db_url: str, port: int, log: Path) -> subprocess.Popen:
    return start_server(db_url, port, log, TOKEN, env={"MENTORNET_JOB_LEASE_SECONDS": str(LEASE), "MENTORNET_WORKERS": "2"})


def _stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)  # a clean stop: uvicorn shuts the app down, the runner stops its solves
    assert proc.wait(timeout=60) in (0, -signal.SIGTERM)


@pytest.mark.slow
def test_twenty_solves_on_two_servers_one_restarted(database_url: str, tmp_path: Path) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    ports = [_free_port(), _free_port()]
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    procs: list[subprocess.Popen] = []
    try:
        procs += [_start(database_url, ports[0], logs[0]), _start(database_url, ports[1], logs[1])]
        apis = [httpx.Client(base_url=f"http://127.0.0.1:{p}", timeout=30, headers=auth) for p in ports]
        network = generate_network(100, 6, None, 3)  # large enough that CP-SAT uses its time limit
        r = apis[0].post("/api/networks", files={"file": ("generated.json", network.model_dump_json().encode())})
        assert r.status_code == 201, r.text
        net_id = r.json()["id"]
        scenarios = []
        for i in range(20):  # one scenario per job: a scenario runs one solve at a time
            sc = apis[i % 2].post("/api/scenarios", json={"network_id": net_id, "name": f"s{i}"})
            assert sc.status_code == 201, sc.text
            scenarios.append(sc.json()["id"])
        jobs: list[int] = []
        for i, sc_id in enumerate(scenarios):  # half to each server
            job = apis[i % 2].post(f"/api/scenarios/{sc_id}/solve", json={"solver": "cpsat", "time_limit": 2})
            assert job.status_code == 202, job.text
            jobs.append(job.json()["id"])

        # mid-way: some jobs done, others running or queued
        deadline = time.monotonic() + 120
        while sum(apis[1].get(f"/api/jobs/{j}").json()["state"] in ("done", "cancelled") for j in jobs) < 2:
            assert time.monotonic() < deadline, "no progress"
            time.sleep(0.1)
        states = [apis[1].get(f"/api/jobs/{j}").json()["state"] for j in jobs]
        assert states.count("queued") + states.count("running") >= 10, states  # the restart happens with work to do
        _stop(procs[0])
        procs[0] = _start(database_url, ports[0], logs[0])  # the same server again, a new instance

        finished: dict[int, dict] = {}
        deadline = time.monotonic() + 240
        while len(finished) < len(jobs):
            assert time.monotonic() < deadline, f"unfinished: {[j for j in jobs if j not in finished]}"
            for j in jobs:
                if j not in finished:
                    job = apis[len(finished) % 2].get(f"/api/jobs/{j}").json()
                    if job["state"] not in ("queued", "running"):
                        finished[j] = job
            time.sleep(0.2)
        for job in finished.values():
            assert job["state"] in ("done", "cancelled"), job
            assert job["plan_id"] is not None and job["error"] is None, job
            plan = apis[0].get(f"/api/plans/{job['plan_id']}").json()
            assert plan["ok"] is True and plan["job_id"] == job["id"]
        assert len({job["plan_id"] for job in finished.values()}) == 20
        assert len(apis[0].get("/api/plans", params={"limit": 1000}).json()) == 20  # no job stored twice
        for proc in procs:
            _stop(proc)
        for log in logs:
            assert "Traceback" not in log.read_text(errors="replace")
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=10)
