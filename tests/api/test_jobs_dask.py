"""Solves on a Dask cluster (``MENTORNET_DASK_SCHEDULER``): a LocalCluster over TCP.

The solve runs on the cluster's worker; progress, the stop flag and the
plan (or the error with its details) flow back to the server, which stores
them exactly as for a solve in its own threads.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.conftest import new_scenario, upload_generated, upload_krymsky, wait_job

pytest.importorskip("distributed")

S1 = "МБОУ СОШ № 1"


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    from dask.distributed import LocalCluster

    # threads, not processes: quick to start; TCP all the same, as a real cluster would be reached
    with LocalCluster(n_workers=1, threads_per_worker=2, processes=False, protocol="tcp", host="127.0.0.1",
                      dashboard_address=None, silence_logs=40) as c:
        yield c


def _workers(cluster: Any) -> set[str]:
    return set(cluster.scheduler.workers)


def test_a_solve_runs_on_the_cluster_worker_and_stores_its_plan(make_client, cluster) -> None:
    assert cluster.scheduler_address.startswith("tcp://")
    client = make_client(dask_scheduler=cluster.scheduler_address)
    net = upload_krymsky(client)
    sc = new_scenario(client, net["id"])
    r = client.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "cpsat", "time_limit": 5})
    assert r.status_code == 202
    job = wait_job(client, r.json()["id"], timeout=60)
    assert job["state"] == "done", job
    worker = job["message"].rsplit("solved on Dask worker ", 1)[-1]
    assert worker in _workers(cluster), job["message"]
    assert any(p.startswith("mentornet-job") for p in cluster.scheduler.task_prefixes)
    p = job["progress"]
    assert p["solutions"] >= 1 and p["objective"] > 0 and p["bound"] >= p["objective"]
    plan = client.get(f"/api/plans/{job['plan_id']}").json()
    assert plan["ok"] is True and plan["job_id"] == job["id"] and plan["solver"] == "cpsat"
    if plan["stats"]["status"] == "OPTIMAL":  # the Krymsky figure, proved on the worker
        assert plan["stats"]["objective"] == pytest.approx(8286)  # 8,550 before unknown settlements stopped scoring (issue 11)


def test_progress_flows_back_and_a_cancel_stops_the_remote_solve(make_client, cluster) -> None:
    client = make_client(dask_scheduler=cluster.scheduler_address)
    net = upload_generated(client)
    sc = new_scenario(client, net["id"])
    job = client.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "cpsat", "time_limit": 60}).json()
    deadline = time.monotonic() + 45
    while (now := client.get(f"/api/jobs/{job['id']}").json())["progress"]["solutions"] < 1:
        assert now["state"] in ("queued", "running"), now
        assert time.monotonic() < deadline, "no progress came back from the worker"
        time.sleep(0.1)
    assert now["state"] == "running" and now["progress"]["objective"] > 0
    started = time.monotonic()
    assert client.post(f"/api/jobs/{job['id']}/cancel").status_code == 200
    done = wait_job(client, job["id"], timeout=30)
    assert time.monotonic() - started < 15
    assert done["state"] == "cancelled" and "stopped on request" in done["message"]
    assert "solved on Dask worker" in done["message"] and done["plan_id"] is not None
    assert client.get(f"/api/plans/{done['plan_id']}").json()["ok"] is True


def test_an_infeasible_scenario_fails_with_its_conflicts_from_the_worker(make_client, cluster) -> None:
    client = make_client(dask_scheduler=cluster.scheduler_address)
    net = upload_krymsky(client)
    sc = new_scenario(client, net["id"], edits=[
        {"op": "lock_pair", "mentor": S1, "trainee": "МБОУ СОШ № 9", "direction": "1"},
        {"op": "change_capacity", "school": S1, "host_capacity": 0},
    ])
    r = client.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "greedy"})
    job = wait_job(client, r.json()["id"], timeout=60)
    assert job["state"] == "failed" and job["plan_id"] is None
    err = job["error"]
    assert err["title"] == "No plan satisfies every hard constraint"
    assert "host capacity" in err["errors"][0]["message"] and err["errors"][0]["suggestion"]


def test_an_unreachable_scheduler_fails_the_job_with_a_clear_message(make_client) -> None:
    client = make_client(dask_scheduler="tcp://127.0.0.1:9")  # nothing listens on the discard port
    net = upload_krymsky(client)
    sc = new_scenario(client, net["id"])
    r = client.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "greedy"})
    job = wait_job(client, r.json()["id"], timeout=90)
    assert job["state"] == "failed" and job["plan_id"] is None
    assert "tcp://127.0.0.1:9" in job["message"] and "does not answer" in job["message"]
