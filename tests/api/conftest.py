"""Fixtures of the service tests: a database per test (SQLite always, PostgreSQL
when one answers at 127.0.0.1:5432), an app on it, a client, helpers.

PostgreSQL: one uniquely named database per test session (created here,
dropped at the end), one schema per test inside it (``search_path`` in the
URL), so tests never see each other's rows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")

from fastapi.testclient import TestClient  # noqa: E402

from mentornet.api import Settings, create_app  # noqa: E402

PG_ADMIN_URL = os.environ.get("MENTORNET_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
KRYMSKY_CSV = Path(__file__).resolve().parents[2] / "src" / "mentornet" / "data" / "krymsky_2021_internships.csv"
TOKEN = "s3cret-token"


def _pg_reachable() -> str | None:
    """None when PostgreSQL answers; otherwise why not."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover
        return "psycopg is not installed"
    try:
        with psycopg.connect(PG_ADMIN_URL.replace("+psycopg", ""), connect_timeout=2):
            return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return f"PostgreSQL not reachable at {PG_ADMIN_URL.split('@')[-1]}: {type(exc).__name__}"


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A uniquely named PostgreSQL database for this test session; dropped at the end."""
    why = _pg_reachable()
    if why:
        pytest.skip(why)
    import psycopg
    from psycopg import sql

    name = f"mentornet_test_{uuid.uuid4().hex[:10]}"
    admin = PG_ADMIN_URL.replace("+psycopg", "")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    base, _, _ = PG_ADMIN_URL.rpartition("/")
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _pg_schema_url(database_url: str) -> str:
    import psycopg
    from psycopg import sql

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(database_url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    return f"{database_url}?options=-csearch_path%3D{schema}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database URL: a SQLite file, or a PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'mentornet.db'}"
    return _pg_schema_url(request.getfixturevalue("pg_database"))


@pytest.fixture
def make_client(database_url: str) -> Iterator[Callable[..., TestClient]]:
    """``make_client(**settings)`` → a started TestClient on this test's database."""
    clients: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        settings = Settings(database_url=overrides.pop("database_url", database_url), **overrides)
        client = TestClient(create_app(settings))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in reversed(clients):
        c.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    """A client of an app with no token (everything open)."""
    return make_client()


# ---------------------------------------------------------------- helpers


def upload(client: TestClient, filename: str, data: bytes, *, headers: dict | None = None, **form: Any):
    return client.post("/api/networks", files={"file": (filename, data)}, data={k: str(v) for k, v in form.items()}, headers=headers or {})


def upload_krymsky(client: TestClient, **form: Any) -> dict:
    r = upload(client, "krymsky_2021.csv", KRYMSKY_CSV.read_bytes(), **form)
    assert r.status_code == 201, r.text
    return r.json()


def upload_generated(client: TestClient, schools: int = 300, directions: int = 8, seed: int = 1) -> dict:
    """A generated network large enough that CP-SAT does not prove it at once."""
    import json

    from mentornet.generate import generate_network

    net = generate_network(schools=schools, directions=directions, seed=seed)
    r = upload(client, f"generated_{schools}.json", json.dumps(net.model_dump(mode="json")).encode())
    assert r.status_code == 201, r.text
    return r.json()


def new_scenario(client: TestClient, network_id: int, **body: Any) -> dict:
    r = client.post("/api/scenarios", json={"network_id": network_id, **body})
    assert r.status_code == 201, r.text
    return r.json()


def wait_job(client: TestClient, job_id: int, timeout: float = 60.0, states: tuple[str, ...] = ("done", "failed", "cancelled")) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] in states:
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job['state']} after {timeout} s: {job}")
        time.sleep(0.05)


def solve(client: TestClient, scenario_id: int, solver: str = "greedy", **body: Any) -> dict:
    """Solve a scenario and wait; returns the finished job (asserts it is done)."""
    r = client.post(f"/api/scenarios/{scenario_id}/solve", json={"solver": solver, **body})
    assert r.status_code == 202, r.text
    job = wait_job(client, r.json()["id"])
    assert job["state"] == "done", job
    return job


@pytest.fixture
def planned(client: TestClient) -> dict:
    """The Krymsky network uploaded, a scenario, and a greedy plan of it."""
    net = upload_krymsky(client, year=2021)
    sc = new_scenario(client, net["id"], name="base")
    job = solve(client, sc["id"])
    return {"network": net, "scenario": sc, "job": job, "plan_id": job["plan_id"]}


def xlsx_bytes(tables: dict[str, list[list[Any]]]) -> bytes:
    """A workbook with one sheet per table (first row = headers)."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in tables.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


SCHOOLS = [["id", "name", "host_capacity"], ["A", "School A", 4], ["B", "School B", None], ["C", "School C", 2]]
DIRECTIONS = [["id", "name"], ["1", "Quality"], ["2", "Climate"]]
COMPETENCES = [["school", "direction", "score", "level"], ["A", "1", None, "leader"], ["B", "1", None, "hidden_reserve"],
               ["C", "1", 50, None], ["A", "2", 90, None], ["B", "2", 20, None], ["C", "2", None, "hidden_reserve"]]


def small_tables(**changes: list[list[Any]]) -> dict[str, list[list[Any]]]:
    return {"schools": SCHOOLS, "directions": DIRECTIONS, "competences": COMPETENCES, **changes}


def start_server(db_url: str, port: int, log: Path, token: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """A real ``mentornet serve`` process on ``port``, answering its health check.

    The process gets this environment without its ``MENTORNET_*`` settings,
    plus ``env``; its output goes to ``log``.
    """
    exe = Path(sys.executable).with_name("mentornet")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-c", "from mentornet.cli import main; main()"]
    cmd += ["serve", "--port", str(port), "--database-url", db_url, "--token", token, "--log-level", "warning"]
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MENTORNET_")}
    environ.update(env or {})
    proc = subprocess.Popen(cmd, stdout=log.open("ab"), stderr=subprocess.STDOUT, env=environ, start_new_session=True)
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
