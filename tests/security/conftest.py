"""The probe suite's server: a real uvicorn process on 127.0.0.1, a free port, a token.

One server serves the whole suite, so its peak memory (``VmHWM`` of
``/proc/<pid>/status``) covers every probe; each probe asserts that the
peak stays under :data:`MEMORY_BUDGET` above the server's idle memory.
"""

from __future__ import annotations

import json
import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

import mentornet

TOKEN = "probe-token"
MEMORY_BUDGET = 300 * 1024 * 1024
SRC = Path(mentornet.__file__).resolve().parents[1]


def _status_kb(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise KeyError(key)  # pragma: no cover


@dataclass
class Server:
    """The probed server: its address, process and memory figures."""

    port: int
    proc: subprocess.Popen
    idle_rss: int = 0
    log: Path = field(default_factory=Path)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def peak(self) -> int:
        """Peak resident memory of the server process so far, in bytes."""
        return _status_kb(self.proc.pid, "VmHWM") * 1024

    def assert_memory_bounded(self) -> None:
        assert self.proc.poll() is None, "the server died: " + self.log.read_text()[-2000:]
        grown = self.peak() - self.idle_rss
        assert grown < MEMORY_BUDGET, f"server peak memory {grown / 2**20:.0f} MiB above idle (budget {MEMORY_BUDGET / 2**20:.0f} MiB)"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("probe-server")
    port = _free_port()
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
        "MENTORNET_DATABASE_URL": f"sqlite:///{tmp / 'probe.db'}",
        "MENTORNET_API_TOKEN": TOKEN,
        "MENTORNET_MAX_UPLOAD_BYTES": str(10 * 1024 * 1024),
        "MENTORNET_MAX_SCHOOLS": "5000",
        "PYTHONUNBUFFERED": "1",
    }
    log = tmp / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", "import sys; from mentornet.cli import main; sys.argv[0] = 'mentornet'; main()", "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
            env=env, stdout=out, stderr=subprocess.STDOUT, cwd=tmp,
        )
    srv = Server(port=port, proc=proc, log=log)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail("the server did not start: " + log.read_text()[-3000:])
            try:
                status, _, _ = request(srv, "GET", "/api/health")
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("the server did not answer within 60 s: " + log.read_text()[-3000:])
            time.sleep(0.2)
        # Warm up the paths the probes use (imports, first database writes), then take idle.
        request(srv, "POST", "/api/networks/example", headers={"Authorization": f"Bearer {TOKEN}"})
        time.sleep(0.3)
        srv.idle_rss = _status_kb(proc.pid, "VmRSS") * 1024
        yield srv
        print(f"\nprobe server: idle {srv.idle_rss / 2**20:.0f} MiB, peak {srv.peak() / 2**20:.0f} MiB "
              f"({(srv.peak() - srv.idle_rss) / 2**20:.0f} MiB above idle; budget {MEMORY_BUDGET / 2**20:.0f})")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:  # pragma: no cover
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------- raw HTTP


def _read_response(sock: socket.socket, timeout: float) -> tuple[int, dict[str, str], bytes]:
    sock.settimeout(timeout)
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines[1:])}
    if "content-length" in headers:
        need = int(headers["content-length"])
        while len(body) < need:
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    return status, headers, body


def request(server: Server, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None,
            timeout: float = 60) -> tuple[int, dict[str, str], bytes]:
    """One HTTP/1.1 request with a Content-Length body, over a fresh connection."""
    headers = {"Content-Length": str(len(body)), **(headers or {})}
    head = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{server.port}", "Connection: close"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body)
        return _read_response(sock, timeout)


@dataclass
class Streamed:
    status: int
    headers: dict[str, str]
    body: bytes
    sent: int
    seconds: float

    def json(self) -> Any:
        return json.loads(self.body)


def stream_chunked(server: Server, path: str, chunks: Iterator[bytes], headers: dict[str, str] | None = None,
                   timeout: float = 60) -> Streamed:
    """POST a chunked body (no Content-Length), stopping as soon as the server answers.

    ``sent`` is how many body bytes went out before the answer: a server
    that answers without reading leaves most of the body unsent.
    """
    head = [f"POST {path} HTTP/1.1", f"Host: 127.0.0.1:{server.port}", "Transfer-Encoding: chunked"]
    head += [f"{k}: {v}" for k, v in (headers or {}).items()]
    start = time.monotonic()
    sent = 0
    with socket.create_connection(("127.0.0.1", server.port), timeout=timeout) as sock:
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("latin-1"))
        sock.settimeout(2)
        finished = True
        for piece in chunks:
            readable, _, _ = select.select([sock], [], [], 0)
            if readable:
                finished = False
                break
            try:
                sock.sendall(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            except (TimeoutError, BrokenPipeError, ConnectionResetError):
                finished = False
                break
            sent += len(piece)
        if finished:
            try:
                sock.sendall(b"0\r\n\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass
        status, headers_out, body = _read_response(sock, timeout)
    return Streamed(status, headers_out, body, sent, time.monotonic() - start)


def auth() -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKEN}"}


def multipart(filename: str, content: bytes, boundary: str = "probe-boundary-7d3a") -> tuple[bytes, str]:
    """A multipart/form-data body with one file field ``file``."""
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{filename}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"
