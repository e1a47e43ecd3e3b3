"""The internship journal: events per site and team transfers."""

from __future__ import annotations

from tests.api.conftest import new_scenario, solve, upload_krymsky

SITE = "МБОУ СОШ № 1"
TEAM = "МБОУ СОШ № 9"


def test_events(client) -> None:
    net = upload_krymsky(client)
    body = {"network_id": net["id"], "date": "2021-10-05", "school": SITE, "direction": "1", "kind": "seminar",
            "text": "Проблемный семинар для команд-стажёров"}
    r = client.post("/api/journal/events", json=body)
    assert r.status_code == 201, r.text
    ev = r.json()
    assert ev["school"] == SITE and ev["date"] == "2021-10-05" and ev["created_at"]
    client.post("/api/journal/events", json={**body, "date": "2021-09-01", "kind": "visit", "direction": "2"})
    site_journal = client.get("/api/journal/events", params={"network_id": net["id"], "school": SITE}).json()
    assert [e["date"] for e in site_journal] == ["2021-09-01", "2021-10-05"]
    assert [e["kind"] for e in client.get("/api/journal/events", params={"direction": "1"}).json()] == ["seminar"]
    assert client.delete(f"/api/journal/events/{ev['id']}").status_code == 204
    assert client.delete(f"/api/journal/events/{ev['id']}").status_code == 404


def test_event_checks_school_and_direction(client) -> None:
    net = upload_krymsky(client)
    r = client.post("/api/journal/events", json={"network_id": net["id"], "date": "2021-10-05", "school": "Nowhere", "direction": "99"})
    assert r.status_code == 422
    assert {e["location"]["field"] for e in r.json()["errors"]} == {"school", "direction"}
    r = client.post("/api/journal/events", json={"network_id": net["id"], "date": "31.12.2021", "school": SITE})
    assert r.status_code == 422 and r.json()["errors"][0]["location"]["field"] == "date"
    r = client.post("/api/journal/events", json={"network_id": 999, "date": "2021-10-05", "school": SITE})
    assert r.status_code == 422


def test_transfers(client) -> None:
    net = upload_krymsky(client)
    body = {"network_id": net["id"], "team": TEAM, "direction": "1", "from_mentor": SITE, "to_mentor": "МБОУ гимназия № 7",
            "date": "2022-01-15", "reason": "перевод по итогам полугодия"}
    r = client.post("/api/journal/transfers", json=body)
    assert r.status_code == 201, r.text
    tr = r.json()
    assert tr["team"] == TEAM and tr["to_mentor"] == "МБОУ гимназия № 7"
    assert [t["id"] for t in client.get("/api/journal/transfers", params={"team": TEAM}).json()] == [tr["id"]]
    assert client.get("/api/journal/transfers", params={"team": SITE}).json() == []
    r = client.post("/api/journal/transfers", json={**body, "to_mentor": SITE})
    assert r.status_code == 422 and "same school" in r.json()["detail"]
    r = client.post("/api/journal/transfers", json={**body, "from_mentor": TEAM})
    assert r.status_code == 422
    r = client.post("/api/journal/transfers", json={**body, "to_mentor": "Nowhere"})
    assert r.status_code == 422 and r.json()["errors"][0]["location"]["field"] == "to_mentor"
    # the network keeps its journal: it cannot be deleted while entries refer to it
    r = client.delete(f"/api/networks/{net['id']}")
    assert r.status_code == 409 and "journal" in r.json()["detail"]
    assert client.delete(f"/api/journal/transfers/{tr['id']}").status_code == 204


def test_entries_checked_against_the_plans_network(client) -> None:
    net = upload_krymsky(client)
    sc = new_scenario(client, net["id"], edits=[
        {"op": "add_school", "school": {"id": "Новая школа"}, "competences": [{"direction": "1", "level": "hidden_reserve"}]}])
    plan_id = solve(client, sc["id"])["plan_id"]
    body = {"network_id": net["id"], "date": "2022-02-01", "school": "Новая школа", "kind": "visit"}
    assert client.post("/api/journal/events", json=body).status_code == 422  # not in the uploaded network
    r = client.post("/api/journal/events", json={**body, "plan_id": plan_id})
    assert r.status_code == 201 and r.json()["plan_id"] == plan_id
