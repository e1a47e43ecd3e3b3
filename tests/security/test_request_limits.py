"""Probes of the request guard against a real server: chunked bodies, nested and
broken JSON, huge numbers (issue 12, cases 1, 5, 6 and 7)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from tests.security.conftest import (
    TOKEN,
    Server,
    auth,
    multipart,
    request,
    stream_chunked,
)

MiB = 1024 * 1024
LIMIT = 10 * MiB


def _filler(total: int, first: bytes = b"", piece: bytes = b"x" * MiB) -> Iterator[bytes]:
    if first:
        yield first
    for _ in range(total // len(piece)):
        yield piece


def _json_filler(total: int) -> Iterator[bytes]:
    yield b'{"network_id": 1, "name": "'
    yield from _filler(total)


def _multipart_head(boundary: str = "probe-boundary-7d3a") -> bytes:
    return (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.csv\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode()


MULTIPART = {"Content-Type": "multipart/form-data; boundary=probe-boundary-7d3a"}


# ---------------------------------------------------------------- case 1: chunked bodies


def test_chunked_json_without_token_is_refused_before_it_is_read(server: Server) -> None:
    r = stream_chunked(server, "/api/scenarios", _json_filler(200 * MiB), {"Content-Type": "application/json"})
    assert r.status == 401
    assert r.json()["type"] == "urn:mentornet:problem:token-required"
    assert r.sent < 16 * MiB, f"{r.sent} bytes went out before the 401: the body was read"
    assert r.seconds < 10
    server.assert_memory_bounded()


def test_chunked_json_with_token_stops_at_the_limit(server: Server) -> None:
    r = stream_chunked(server, "/api/scenarios", _json_filler(200 * MiB), {**auth(), "Content-Type": "application/json"})
    assert r.status == 413
    assert r.json()["type"] == "urn:mentornet:problem:too-large"
    assert r.sent < LIMIT + 16 * MiB
    assert r.seconds < 15
    server.assert_memory_bounded()


def test_chunked_upload_without_token_is_refused_before_it_is_spooled(server: Server) -> None:
    r = stream_chunked(server, "/api/networks", _filler(200 * MiB, _multipart_head()), MULTIPART)
    assert r.status == 401
    assert r.sent < 16 * MiB
    assert r.seconds < 10
    server.assert_memory_bounded()


def test_chunked_upload_with_token_stops_at_the_limit(server: Server) -> None:
    r = stream_chunked(server, "/api/networks", _filler(200 * MiB, _multipart_head()), {**auth(), **MULTIPART})
    assert r.status == 413
    assert "MENTORNET_MAX_UPLOAD_BYTES" in r.json()["detail"]
    assert r.sent < LIMIT + 16 * MiB
    assert r.seconds < 15
    server.assert_memory_bounded()


def test_web_upload_without_cookie_goes_to_sign_in_before_the_body_is_read(server: Server) -> None:
    r = stream_chunked(server, "/networks", _filler(200 * MiB, _multipart_head()), MULTIPART)
    assert r.status == 303
    assert r.headers["location"].startswith("/login")
    assert r.sent < 16 * MiB
    server.assert_memory_bounded()


def test_declared_length_above_the_limit_is_refused_unread(server: Server) -> None:
    status, _, _ = request(server, "POST", "/api/networks", b"", {**auth(), "Content-Length": str(LIMIT * 50), **MULTIPART}, timeout=10)
    assert status == 413


# ---------------------------------------------------------------- case 5: nested JSON


def test_deeply_nested_json_body_is_422_with_its_place(server: Server) -> None:
    status, _, body = request(server, "POST", "/api/scenarios", b"[" * 3000, {**auth(), "Content-Type": "application/json"})
    assert status == 422
    doc = json.loads(body)
    assert "nests deeper than" in doc["detail"] and "line 1" in doc["detail"]
    server.assert_memory_bounded()


def test_deeply_nested_json_file_upload_is_422_with_its_place(server: Server) -> None:
    content = b'{"name": "deep", "schools": ' + b"[" * 3000 + b"]" * 3000 + b"}"
    data, ctype = multipart("deep.json", content)
    status, _, body = request(server, "POST", "/api/networks", data, {**auth(), "Content-Type": ctype})
    assert status == 422
    doc = json.loads(body)
    assert doc["errors"][0]["location"]["file"] == "deep.json"
    assert "nests deeper than" in doc["errors"][0]["message"]


def test_deeply_nested_json_file_on_the_web_page_is_422(server: Server) -> None:
    content = b"[" * 3000
    data, ctype = multipart("deep.json", content)
    status, _, body = request(server, "POST", "/networks", data,
                              {"Content-Type": ctype, "Cookie": f"mentornet_token={TOKEN}", "Origin": f"http://127.0.0.1:{server.port}"})
    assert status == 422
    assert "deep.json" in body.decode()


# ---------------------------------------------------------------- case 7: broken JSON


def test_truncated_json_names_line_and_column(server: Server) -> None:
    body = b'{\n  "network_id": 1,\n  "name": "cut'
    status, _, out = request(server, "POST", "/api/scenarios", body, {**auth(), "Content-Type": "application/json"})
    assert status == 422
    doc = json.loads(out)
    item = doc["errors"][0]
    assert item["location"]["row"] == 3 and item["location"]["column"] == 11
    assert "line 3" in doc["detail"] and "body field" not in doc["detail"]


# ---------------------------------------------------------------- case 6: huge numbers


@pytest.fixture(scope="module")
def network_id(server: Server) -> int:
    status, _, body = request(server, "POST", "/api/networks/example", headers=auth())
    assert status == 201
    return json.loads(body)["id"]


@pytest.fixture(scope="module")
def scenario(server: Server, network_id: int) -> tuple[int, str]:
    """A scenario of the example network, and one of its school ids."""
    status, _, body = request(server, "POST", "/api/scenarios", json.dumps({"network_id": network_id}).encode(),
                              {**auth(), "Content-Type": "application/json"})
    assert status == 201
    status, _, net = request(server, "GET", f"/api/networks/{network_id}", headers=auth())
    return json.loads(body)["id"], json.loads(net)["network"]["schools"][0]["id"]


@pytest.mark.parametrize(("policy", "field", "says"), [
    ('{"cap_per_direction": 1000000000000000000000000000000}', "policy.cap_per_direction", "10000"),
    ('{"cap_per_direction": 1e30}', "policy.cap_per_direction", ""),
    ('{"min_gap": Infinity}', "policy.min_gap", "finite"),
    ('{"min_gap": NaN}', "policy.min_gap", "finite"),
    ('{"weights": {"mutual": 100000000000000000000}}', "policy.weights.mutual", "1000000"),
])
def test_huge_numbers_in_a_policy_are_refused_when_sent(server: Server, network_id: int, policy: str, field: str, says: str) -> None:
    payload = f'{{"network_id": {network_id}, "policy": {policy}}}'.encode()
    status, _, body = request(server, "POST", "/api/scenarios", payload, {**auth(), "Content-Type": "application/json"})
    assert status == 422, body
    doc = json.loads(body)
    assert any(e["location"].get("field") == field and says in e["message"] for e in doc["errors"]), doc


@pytest.mark.parametrize(("edit", "says"), [
    ('{"op": "change_capacity", "school": "%s", "host_capacity": 100000000000000000000}', "10000"),
    ('{"op": "change_capacity", "school": "%s", "max_trainee_directions": 1e10}', "10000"),
    ('{"op": "change_limit", "field": "cap_per_direction", "value": 100000000000000000000}', "10000"),
    ('{"op": "change_limit", "field": "min_gap", "value": Infinity}', "finite"),
    ('{"op": "change_limit", "field": "max_km", "value": -Infinity}', "finite"),
    ('{"op": "change_weights", "weights": {"mutual": 100000000000000000000}}', "1000000"),
])
def test_huge_numbers_in_an_edit_are_refused_when_sent(server: Server, scenario: tuple[int, str], edit: str, says: str) -> None:
    sid, school = scenario
    body = (edit % school if "%s" in edit else edit).encode()
    status, _, out = request(server, "POST", f"/api/scenarios/{sid}/edits", body, {**auth(), "Content-Type": "application/json"})
    assert status == 422, out
    doc = json.loads(out)
    assert any(says in e["message"] for e in doc["errors"]), doc
    status, _, out = request(server, "GET", f"/api/scenarios/{sid}", headers=auth())
    assert json.loads(out)["edits"] == [], "the refused edit was stored"


def test_huge_solve_time_limit_is_refused(server: Server, scenario: tuple[int, str]) -> None:
    sid, _ = scenario
    status, _, body = request(server, "POST", f"/api/scenarios/{sid}/solve", b'{"solver": "greedy", "time_limit": 1e300}',
                              {**auth(), "Content-Type": "application/json"})
    assert status == 422, body
    server.assert_memory_bounded()


def test_deeply_nested_body_without_content_type_is_422(server: Server) -> None:
    status, _, body = request(server, "PUT", "/api/scenarios/1/edits", b"[" * 3000, auth())
    assert status == 422, body
    assert "nests deeper than" in json.loads(body)["detail"]
