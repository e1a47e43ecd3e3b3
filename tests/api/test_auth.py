"""The API token: writes need it when set; reads are open or not by a setting."""

from __future__ import annotations

import pytest

from tests.api.conftest import KRYMSKY_CSV, TOKEN, upload


@pytest.fixture
def guarded(make_client):
    return make_client(api_token=TOKEN)


def test_writes_need_the_token(guarded) -> None:
    r = upload(guarded, "k.csv", KRYMSKY_CSV.read_bytes())
    assert r.status_code == 401
    body = r.json()
    assert body["title"] == "API token required" and "Authorization: Bearer" in body["detail"]
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert r.headers["content-type"].startswith("application/problem+json")
    assert guarded.get("/api/networks").json() == []  # nothing stored


@pytest.mark.parametrize("headers", [{"Authorization": "Bearer wrong"}, {"X-API-Token": "wrong"}, {"Authorization": f"Bearer {TOKEN}x"}])
def test_invalid_token(guarded, headers) -> None:
    r = upload(guarded, "k.csv", KRYMSKY_CSV.read_bytes(), headers=headers)
    assert r.status_code == 401 and r.json()["title"] == "Invalid API token"
    assert 'error="invalid_token"' in r.headers["www-authenticate"]


def test_basic_auth_is_not_a_token(guarded) -> None:
    r = upload(guarded, "k.csv", KRYMSKY_CSV.read_bytes(), headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert r.status_code == 401 and r.json()["title"] == "API token required"


@pytest.mark.parametrize("headers", [{"Authorization": f"Bearer {TOKEN}"}, {"X-API-Token": TOKEN}])
def test_valid_token_writes(guarded, headers) -> None:
    r = upload(guarded, "k.csv", KRYMSKY_CSV.read_bytes(), headers=headers)
    assert r.status_code == 201
    nid = r.json()["id"]
    assert guarded.post("/api/scenarios", json={"network_id": nid}).status_code == 401
    sc = guarded.post("/api/scenarios", json={"network_id": nid}, headers=headers)
    assert sc.status_code == 201
    for method, path in [("post", f"/api/scenarios/{sc.json()['id']}/solve"), ("post", f"/api/scenarios/{sc.json()['id']}/edits"),
                         ("delete", f"/api/scenarios/{sc.json()['id']}"), ("post", "/api/jobs/1/cancel"),
                         ("post", "/api/plans/1/status"), ("post", "/api/journal/events"), ("post", "/api/networks/example")]:
        assert getattr(guarded, method)(path).status_code == 401, path


def test_reads_open_by_default(guarded) -> None:
    assert guarded.get("/api/networks").status_code == 200
    assert guarded.get("/api/meta").json()["auth"] == {"token_required_for_writes": True, "token_required_for_reads": False}


def test_reads_closed_when_configured(make_client) -> None:
    client = make_client(api_token=TOKEN, read_only_open=False)
    r = client.get("/api/networks")
    assert r.status_code == 401 and "reading data" in r.json()["detail"]
    assert client.get("/api/networks", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200
    assert client.get("/api/networks", headers={"X-API-Token": "nope"}).status_code == 401
    assert client.get("/api/health").status_code == 200  # liveness stays open
    assert client.get("/docs").status_code == 200


def test_no_token_set_means_open(client) -> None:
    r = upload(client, "k.csv", KRYMSKY_CSV.read_bytes(), headers={"Authorization": "Bearer anything"})
    assert r.status_code == 201


def test_empty_token_setting_means_open(make_client) -> None:
    client = make_client(api_token="")
    assert upload(client, "k.csv", KRYMSKY_CSV.read_bytes()).status_code == 201


def test_openapi_declares_the_token_schemes(guarded) -> None:
    spec = guarded.get("/openapi.json").json()
    assert {"HTTPBearer", "APIKeyHeader"} <= set(spec["components"]["securitySchemes"])
