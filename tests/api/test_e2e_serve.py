"""End to end: a real ``mentornet serve`` process, killed mid-solve and restarted."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from mentornet.generate import generate_network
from tests.api.conftest import start_server

pytestmark = pytest.mark.slow

TOKEN = "e2e-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]



def test_serve_kill_mid_solve_and_restart(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'served.db'}"
    port = free_port()
    log = tmp_path / "server.log"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    network = generate_network(120, 7, None, 1)
    procs: list[subprocess.Popen] = []
    try:
        procs.append(start_server(db_url, port, log, TOKEN))
        api = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30)
        # a write without the token is refused by the real server too
        assert api.post("/api/networks/example").status_code == 401
        r = api.post("/api/networks", files={"file": ("generated.json", network.model_dump_json().encode())}, headers=auth)
        assert r.status_code == 201, r.text
        net = r.json()
        sc = api.post("/api/scenarios", json={"network_id": net["id"], "name": "long"}, headers=auth).json()
        job = api.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "cpsat", "time_limit": 300}, headers=auth)
        assert job.status_code == 202, job.text
        job_id = job.json()["id"]
        deadline = time.monotonic() + 30
        while api.get(f"/api/jobs/{job_id}").json()["state"] != "running":
            assert time.monotonic() < deadline
            time.sleep(0.1)
        time.sleep(1.0)  # well inside the solve

        os.killpg(procs[0].pid, signal.SIGKILL)  # the server dies, no clean shutdown
        procs[0].wait(timeout=10)
        with pytest.raises(httpx.HTTPError):
            api.get("/api/health", timeout=1)

        procs.append(start_server(db_url, port, log, TOKEN))
        after = api.get(f"/api/jobs/{job_id}").json()
        assert after["state"] == "failed", after
        assert "server restarted" in after["message"] and after["error"]["title"] == "Server restarted"
        assert after["plan_id"] is None
        stored = api.get(f"/api/networks/{net['id']}").json()
        assert stored["schools"] == 120 and stored["network"] == net["network"]
        assert api.get(f"/api/scenarios/{sc['id']}").json()["name"] == "long"
        assert api.get("/api/plans").json() == []

        # the restarted server works: a quick solve of the same scenario
        again = api.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "greedy"}, headers=auth).json()
        deadline = time.monotonic() + 60
        while (state := api.get(f"/api/jobs/{again['id']}").json())["state"] in ("queued", "running"):
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert state["state"] == "done", state
        assert api.get(f"/api/plans/{state['plan_id']}").json()["ok"] is True

        procs[-1].send_signal(signal.SIGTERM)  # a clean stop (uvicorn re-raises the signal after shutting down)
        assert procs[-1].wait(timeout=30) in (0, -signal.SIGTERM)
        assert "Traceback" not in log.read_text(errors="replace")
    finally:
        for p in procs:
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait(timeout=10)
