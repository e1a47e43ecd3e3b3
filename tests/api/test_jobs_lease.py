"""Jobs owned by a live server: claims, cancels across servers, the lease.

Two apps in one process share the test's database (SQLite and PostgreSQL):
queued jobs are claimed by any live server with a free worker, a cancel
recorded by one server stops the solve of another, and only the jobs of
servers that went quiet are failed. Case 3 of issue 12 itself (a start
failing a live server's jobs) and real server processes restarted mid-way:
``test_replicas.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time

import pytest

from mentornet.api.jobs import new_owner_id, owner_gone
from mentornet.db import (
    JobRow,
    NetworkRow,
    ScenarioRow,
    fail_interrupted_jobs,
    open_database,
    utcnow,
)
from tests.api.conftest import new_scenario, upload_generated, upload_krymsky, wait_job

LEASE = 3.0


def _wait_state(client, job_id: int, state: str, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while (job := client.get(f"/api/jobs/{job_id}").json())["state"] != state:
        assert job["state"] in ("queued", "running"), job
        assert time.monotonic() < deadline, f"job {job_id} still {job['state']}"
        time.sleep(0.05)
    return job


def _wait_solution(client, job_id: int, timeout: float = 30.0) -> dict:
    deadline = time.monotonic() + timeout
    while (job := client.get(f"/api/jobs/{job_id}").json())["progress"]["solutions"] < 1:
        assert job["state"] in ("queued", "running"), job
        assert time.monotonic() < deadline, f"job {job_id} found no solution in {timeout} s"
        time.sleep(0.05)
    return job


def _owner(client, job_id: int) -> str | None:
    with client.app.state.db.sessions() as s:
        return s.get(JobRow, job_id).owner


def test_a_cancel_on_one_server_stops_the_solve_on_another(make_client) -> None:
    first = make_client(job_lease_seconds=LEASE)
    second = make_client(job_lease_seconds=LEASE)
    net = upload_generated(first)
    sc = new_scenario(first, net["id"])
    job = first.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "cpsat", "time_limit": 60}).json()
    _wait_solution(first, job["id"])
    solver_of = _owner(first, job["id"])
    assert solver_of in (first.app.state.runner.owner, second.app.state.runner.owner)
    other = second if solver_of == first.app.state.runner.owner else first
    started = time.monotonic()
    r = other.post(f"/api/jobs/{job['id']}/cancel")
    assert r.status_code == 200 and r.json()["cancel_requested"]
    done = wait_job(other, job["id"], timeout=30)
    assert time.monotonic() - started < 15
    assert done["state"] == "cancelled" and "stopped on request" in done["message"]
    assert done["plan_id"] is not None
    assert other.get(f"/api/plans/{done['plan_id']}").json()["ok"] is True


def test_queued_jobs_are_claimed_by_a_live_server_with_a_free_worker(make_client) -> None:
    busy = make_client(workers=1, job_lease_seconds=LEASE)
    net = upload_generated(busy, schools=120, directions=6)
    long = new_scenario(busy, net["id"], name="long")
    long_job = busy.post(f"/api/scenarios/{long['id']}/solve", json={"solver": "cpsat", "time_limit": 60}).json()
    _wait_state(busy, long_job["id"], "running")
    assert _owner(busy, long_job["id"]) == busy.app.state.runner.owner

    idle = make_client(workers=1, job_lease_seconds=LEASE)
    krymsky = upload_krymsky(busy)
    quick = new_scenario(busy, krymsky["id"], name="quick")
    quick_job = busy.post(f"/api/scenarios/{quick['id']}/solve", json={"solver": "greedy"}).json()
    assert _owner(busy, quick_job["id"]) == busy.app.state.runner.owner  # accepted by the busy server
    done = wait_job(idle, quick_job["id"], timeout=30)
    assert done["state"] == "done" and done["plan_id"] is not None
    assert _owner(idle, quick_job["id"]) == idle.app.state.runner.owner  # solved by the idle one
    assert busy.post(f"/api/jobs/{long_job['id']}/cancel").status_code == 200
    assert wait_job(busy, long_job["id"], timeout=30)["state"] == "cancelled"


def test_a_job_queued_without_owner_and_submitted_is_run(make_client) -> None:
    """Whatever code queues a job, handing it to the runner makes it this server's."""
    client = make_client(job_lease_seconds=LEASE)
    net = upload_krymsky(client)
    sc = new_scenario(client, net["id"])
    with client.app.state.db.sessions() as s:
        row = JobRow(scenario_id=sc["id"], kind="solve", solver="greedy", params={}, state="queued", solutions=0, cancel_requested=False)
        s.add(row)
        s.commit()
        job_id = row.id
    client.app.state.runner.submit(job_id)
    assert _owner(client, job_id) == client.app.state.runner.owner
    done = wait_job(client, job_id, timeout=30)
    assert done["state"] == "done" and done["plan_id"] is not None


def _row(s, scenario_id: int, state: str, owner: str | None, heartbeat: dt.datetime | None) -> JobRow:
    row = JobRow(scenario_id=scenario_id, kind="solve", solver="greedy", params={}, state=state, solutions=0,
                 cancel_requested=False, owner=owner, heartbeat_at=heartbeat, started_at=heartbeat if state == "running" else None)
    s.add(row)
    return row


def test_only_running_jobs_of_quiet_servers_are_failed(database_url, krymsky) -> None:
    db = open_database(database_url)
    now = utcnow()
    elsewhere = "another-host:4026531836:4242:abcd1234"  # another machine: only the lease tells
    dead_here = f"{socket.gethostname()}:{new_owner_id().split(':')[1]}:{_dead_pid()}:deadbeef"
    try:
        with db.sessions() as s:
            net = NetworkRow(name="n", data=krymsky.model_dump(mode="json"), n_schools=34, n_directions=7)
            s.add(net)
            s.flush()
            sc = ScenarioRow(network_id=net.id, name="s", edits=[], policy={})
            s.add(sc)
            s.flush()
            rows = {
                "live elsewhere": _row(s, sc.id, "running", elsewhere, now),
                "live elsewhere, queued": _row(s, sc.id, "queued", elsewhere, now - dt.timedelta(seconds=LEASE / 2)),
                "quiet elsewhere": _row(s, sc.id, "running", elsewhere + "x", now - dt.timedelta(seconds=LEASE + 5)),
                "quiet, queued": _row(s, sc.id, "queued", elsewhere + "y", now - dt.timedelta(seconds=LEASE + 5)),
                "dead process here": _row(s, sc.id, "running", dead_here, now),
                "no owner": _row(s, sc.id, "running", None, now),
                "the caller's own": _row(s, sc.id, "running", "me", now - dt.timedelta(days=1)),
                "done long ago": _row(s, sc.id, "done", elsewhere + "x", now - dt.timedelta(days=1)),
            }
            s.commit()
            ids = {k: r.id for k, r in rows.items()}
            assert fail_interrupted_jobs(s, lease_seconds=LEASE, gone=owner_gone, exclude_owner="me") == 3
            s.expire_all()
            states = {k: s.get(JobRow, i).state for k, i in ids.items()}
            quiet = s.get(JobRow, ids["quiet elsewhere"])
            assert quiet.error["title"] == "Server restarted" and "during the solve" in quiet.message
    finally:
        db.dispose()
    assert states == {
        "live elsewhere": "running", "live elsewhere, queued": "queued",
        "quiet elsewhere": "failed", "dead process here": "failed", "no owner": "failed",
        "quiet, queued": "queued",  # nothing is lost: the next live server claims it
        "the caller's own": "running", "done long ago": "done",
    }


def _dead_pid() -> int:
    """A PID of no running process (a child that has exited and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_owner_ids_tell_dead_processes_of_this_machine_only() -> None:
    me = new_owner_id()
    host, pidns, pid, token = me.rsplit(":", 3)
    assert host == socket.gethostname() and int(pid) == os.getpid() and len(token) == 8
    assert owner_gone(f"{host}:{pidns}:{_dead_pid()}:00000000")
    assert not owner_gone(f"{host}:{pidns}:1:00000000")  # PID 1 runs: only the lease can tell
    assert not owner_gone(f"elsewhere:{pidns}:{_dead_pid()}:00000000")  # another machine: the lease decides
    assert not owner_gone(f"{host}:other-namespace:{_dead_pid()}:00000000")  # another container on this host
    assert owner_gone(me)  # this process, but no runner of it has this id
    assert not owner_gone("not an owner id")


@pytest.mark.parametrize("lease", [0.5, 0])
def test_the_lease_setting_is_bounded(lease: float) -> None:
    from pydantic import ValidationError

    from mentornet.api import Settings

    with pytest.raises(ValidationError):
        Settings(job_lease_seconds=lease)


def test_a_solve_stopped_without_a_plan_after_progress_ends_cancelled(make_client, monkeypatch) -> None:
    """A solve that reported progress and then ends without a plan on a cancel: the job ends cancelled, with the
    last progress and its own wall time (the progress report's seconds once collided with it and the job crashed)."""
    import mentornet.planning
    from mentornet.errors import SolverError

    def fake_solve(network, policy=None, *, solver="cpsat", progress=None, warm_start=None, stop=None):
        progress(type("P", (), {"objective": 7.0, "bound": 9.0, "gap": 2 / 7, "seconds": 0.001, "solutions": 1})())
        deadline = time.monotonic() + 30
        while not stop() and time.monotonic() < deadline:
            time.sleep(0.02)
        raise SolverError.coded("solver.stopped")

    monkeypatch.setattr(mentornet.planning, "solve", fake_solve)
    client = make_client()
    net = upload_generated(client)
    sc = new_scenario(client, net["id"])
    job = client.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "cpsat", "time_limit": 60}).json()
    _wait_solution(client, job["id"])
    time.sleep(0.3)
    assert client.post(f"/api/jobs/{job['id']}/cancel").status_code == 200
    done = wait_job(client, job["id"], timeout=30)
    assert done["state"] == "cancelled" and "stopped on request before a plan was found" in done["message"]
    assert done["progress"]["objective"] == 7.0 and done["progress"]["seconds"] >= 0.3
