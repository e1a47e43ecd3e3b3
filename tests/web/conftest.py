"""Fixtures of the web workspace tests: a TestClient app, a live uvicorn server, headless Chromium.

Browser tests drive Debian's ``/usr/bin/chromium`` through Playwright (never a
browser of Playwright's own) and are skipped, with the reason, when it is absent.
Screenshots go to the test's temporary folder; set ``MENTORNET_SCREENSHOTS=DIR``
to keep them (``docs/img`` holds the ones the README shows).
"""

from __future__ import annotations

import os
import socket
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*")

from fastapi.testclient import TestClient  # noqa: E402

from mentornet.api import Settings, create_app  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
TOKEN = "web-s3cret"
VIEWPORT = {"width": 1366, "height": 768}


#: axe-core impacts that fail the layout tests (minor and moderate ones are reported by axe but tolerated).
BLOCKING = ("serious", "critical")


def layout_problems(page: Any, axe: Any) -> tuple[list[int] | None, list[str]]:
    """The page as shown: (scrollWidth, clientWidth) when it scrolls sideways, else None; axe-core's blocking violations."""
    widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    results = axe.run(page)
    bad = [f"{v['id']} ({v['impact']}): {len(v['nodes'])}× {v['nodes'][0]['target']}"
           for v in results.response["violations"] if v.get("impact") in BLOCKING]
    return (widths if widths[0] > widths[1] else None), bad


def krymsky_bytes() -> bytes:
    """The embedded Krymsky 2021 role table, as a planner would upload it."""
    return (resources.files("mentornet") / "data" / "krymsky_2021_internships.csv").read_bytes()


@pytest.fixture
def make_client(tmp_path: Path) -> Iterator[Callable[..., TestClient]]:
    """``make_client(**settings)`` → a started TestClient on a fresh SQLite database."""
    clients: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        settings = Settings(database_url=f"sqlite:///{tmp_path / f'web{len(clients)}.db'}", **overrides)
        client = TestClient(create_app(settings))
        client.__enter__()
        clients.append(client)
        return client

    yield make
    for c in reversed(clients):
        c.__exit__(None, None, None)


@pytest.fixture
def client(make_client: Callable[..., TestClient]) -> TestClient:
    return make_client()


def wait_job(client: TestClient, job_id: int, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] not in ("queued", "running"):
            return job
        if time.monotonic() > deadline:
            raise AssertionError(f"job {job_id} still {job['state']} after {timeout} s")
        time.sleep(0.05)


@pytest.fixture
def planned(client: TestClient) -> dict:
    """The Krymsky table uploaded through the page and planned (greedy) through the page."""
    r = client.post("/networks", files={"file": ("krymsky_2021.csv", krymsky_bytes())}, data={"year": "2021"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    network_id = int(r.headers["location"].rsplit("/", 1)[1])
    r = client.post(f"/networks/{network_id}/plan", data={"solver": "greedy", "strategy": "", "time_limit": "5"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    job_id = int(r.headers["location"].rsplit("/", 1)[1])
    job = wait_job(client, job_id)
    assert job["state"] == "done", job
    return {"network_id": network_id, "job_id": job_id, "plan_id": job["plan_id"]}


# ---------------------------------------------------------------- live server and browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self, url: str, app: Any):
        self.url = url
        self.app = app


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    """The app under uvicorn in a background thread, on a free 127.0.0.1 port, with a temporary SQLite database."""
    import uvicorn

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'live.db'}"))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, name="uvicorn-web-test", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield LiveServer(f"http://127.0.0.1:{port}", app)
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@pytest.fixture
def page(chromium: Any, live_server: LiveServer) -> Iterator[Any]:
    """A fresh browser page at 1366×768 on the live server (downloads allowed)."""
    context = chromium.new_context(viewport=VIEWPORT, accept_downloads=True, base_url=live_server.url, locale="ru-RU")
    context.set_default_timeout(15_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture
def shot(tmp_path: Path) -> Callable[..., Path]:
    """``shot(page, name, full_page=False)``: a screenshot in the test folder (and in $MENTORNET_SCREENSHOTS)."""
    keep = os.environ.get("MENTORNET_SCREENSHOTS")

    def take(pg: Any, name: str, full_page: bool = False) -> Path:
        path = tmp_path / f"web_{name}.png"
        pg.screenshot(path=str(path), full_page=full_page)
        if keep:
            Path(keep).mkdir(parents=True, exist_ok=True)
            (Path(keep) / path.name).write_bytes(path.read_bytes())
        return path

    return take
