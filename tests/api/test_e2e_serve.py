"""End to end: a real ``mentornet serve`` process, killed mid-solve and restarted."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from mentornet.generate import generate_network

pytestmark = pytest.mark.slow

TOKEN = "e2e-token"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_url: str, port: int, log: Path) -> subprocess.Popen:
    exe = Path(sys.executable).with_name("mentornet")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from mentornet.cli import main; main()"]
    cmd += ["serve", "--port", str(port), "--database-url", db_url, "--token", TOKEN, "--log-level", "warning"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTORNET_")}
    proc = subprocess.Popen(cmd, stdout=log.open("ab"), stderr=subprocess.STDOUT, env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the server exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise AssertionError(f"the server did not answer within 60 s:\n{log.read_text(errors='replace')}")


def test_serve_kill_mid_solve_and_restart(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'served.db'}"
    port = free_port()
    log = tmp_path / "server.log"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    network = generate_network(120, 7, None, 1)
    procs: list[subprocess.Popen] = []
    try:
        procs.append(start_server(db_url, port, log))
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

        procs.append(start_server(db_url, port, log))
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
