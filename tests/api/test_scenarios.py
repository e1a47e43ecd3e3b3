"""Scenarios over HTTP: create, each what-if edit, remove edits, locks from a published plan."""

from __future__ import annotations

import pytest

from tests.api.conftest import new_scenario, solve, upload_krymsky

S1 = "МБОУ СОШ № 1"
S2 = "МБОУ гимназия № 7"


@pytest.fixture
def network(client) -> dict:
    return upload_krymsky(client, year=2021)


def school_roles(network: dict, school: str) -> dict[str, str]:
    return {c["direction"]: c["level"] for c in network["network"]["competences"] if c["school"] == school}


def test_create_get_list_patch(client, network) -> None:
    sc = new_scenario(client, network["id"], name="base", policy={"time_limit": 5, "weights": {"gain": 7}})
    assert sc["policy"]["time_limit"] == 5 and sc["policy"]["weights"]["gain"] == 7
    assert sc["policy"]["weights"]["travel_per_10km"] == 1  # the other weights keep their defaults
    assert sc["edits"] == [] and sc["schools"] == 34 and sc["valid"]
    assert client.get(f"/api/scenarios/{sc['id']}").json() == sc
    assert [s["id"] for s in client.get("/api/scenarios", params={"network_id": network["id"]}).json()] == [sc["id"]]
    r = client.patch(f"/api/scenarios/{sc['id']}", json={"name": "renamed", "policy": {"strategy": "narrow"}})
    assert r.status_code == 200 and r.json()["name"] == "renamed" and r.json()["policy"]["strategy"] == "narrow"
    assert r.json()["policy"]["time_limit"] == 5


def test_create_with_bad_policy_or_network(client, network) -> None:
    r = client.post("/api/scenarios", json={"network_id": network["id"], "policy": {"cap_per_direction": -1, "colour": "red"}})
    assert r.status_code == 422
    fields = {e["location"]["field"] for e in r.json()["errors"]}
    assert fields == {"policy.cap_per_direction", "policy.colour"}
    r = client.post("/api/scenarios", json={"network_id": 999})
    assert r.status_code == 422 and "999" in r.json()["detail"]


def test_create_with_edits_checks_them(client, network) -> None:
    r = client.post("/api/scenarios", json={"network_id": network["id"], "edits": [{"op": "close_school", "school": "Nowhere"}]})
    assert r.status_code == 422
    [err] = r.json()["errors"]
    assert err["location"]["field"] == "edits[0].school" and "unknown school 'Nowhere'" in err["message"]
    assert client.get("/api/scenarios").json() == []


EDITS = [
    ({"op": "close_school", "school": S1}, lambda net, pol: S1 not in {s["id"] for s in net["schools"]}),
    ({"op": "change_capacity", "school": S2, "host_capacity": 1},
     lambda net, pol: next(s for s in net["schools"] if s["id"] == S2)["host_capacity"] == 1),
    ({"op": "change_limit", "field": "cap_per_direction", "value": 3}, lambda net, pol: pol["cap_per_direction"] == 3),
    ({"op": "lock_pair", "mentor": S1, "trainee": "МБОУ СОШ № 9", "direction": "1"},
     lambda net, pol: net["locks"]["pairs"] == [{"mentor": S1, "trainee": "МБОУ СОШ № 9", "direction": "1"}]),
    ({"op": "forbid_pair", "mentor": S1, "trainee": S2}, lambda net, pol: net["locks"]["forbidden"][0]["direction"] is None),
    ({"op": "lock_role", "school": S2, "direction": "1", "role": "leader"}, lambda net, pol: net["locks"]["roles"][0]["role"] == "leader"),
    ({"op": "add_school", "school": {"id": "Новая школа", "kind": "basic", "is_new": True},
      "competences": [{"direction": "1", "level": "hidden_reserve"}]},
     lambda net, pol: net["schools"][-1]["id"] == "Новая школа"),
    ({"op": "change_weights", "weights": {"school_mentors": 200}}, lambda net, pol: pol["weights"]["school_mentors"] == 200),
    ({"op": "change_strategy", "strategy": "wide"}, lambda net, pol: pol["strategy"] == "wide"),
]


@pytest.mark.parametrize(("edit", "holds"), EDITS, ids=[e["op"] for e, _ in EDITS])
def test_each_edit(client, network, edit, holds) -> None:
    if edit["op"] == "lock_pair":  # a pair that fits the data: a leader above a hidden reserve
        assert school_roles(network, S1)["1"] == "leader" and school_roles(network, "МБОУ СОШ № 9")["1"] == "hidden_reserve"
    sc = new_scenario(client, network["id"])
    r = client.post(f"/api/scenarios/{sc['id']}/edits", json=edit)
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["edits"][-1] == {k: v for k, v in edit.items()} and out["edit_descriptions"][-1]
    eff = client.get(f"/api/scenarios/{sc['id']}/network").json()
    assert holds(eff["network"], eff["policy"]), eff["policy"]
    # the base network is never changed by an edit
    assert client.get(f"/api/networks/{network['id']}").json()["network"] == network["network"]


def test_bad_edit_names_its_index_and_field(client, network) -> None:
    sc = new_scenario(client, network["id"], edits=[{"op": "change_strategy", "strategy": "narrow"}])
    r = client.post(f"/api/scenarios/{sc['id']}/edits", json={"op": "change_capacity", "school": "Атлантида", "host_capacity": 3})
    assert r.status_code == 422
    [err] = r.json()["errors"]
    assert err["location"]["field"] == "edits[1].school"
    assert err["message"] == "edit 2 (change_capacity): unknown school 'Атлантида'"
    assert len(client.get(f"/api/scenarios/{sc['id']}").json()["edits"]) == 1  # nothing stored


def test_malformed_edit_is_a_request_problem(client, network) -> None:
    sc = new_scenario(client, network["id"])
    r = client.post(f"/api/scenarios/{sc['id']}/edits", json={"op": "teleport_school", "school": S1})
    assert r.status_code == 422 and r.json()["title"] == "Invalid request"
    assert "teleport_school" in r.json()["errors"][0]["message"]
    r = client.post(f"/api/scenarios/{sc['id']}/edits", json={"op": "change_capacity", "school": S1, "host_capacity": -2})
    assert r.status_code == 422 and "host_capacity" in r.json()["errors"][0]["location"]["field"]


def test_remove_and_replace_edits(client, network) -> None:
    sc = new_scenario(client, network["id"], edits=[
        {"op": "add_school", "school": {"id": "N"}, "competences": [{"direction": "1", "level": "hidden_reserve"}]},
        {"op": "lock_role", "school": "N", "direction": "1", "role": "hidden_reserve"},
        {"op": "change_strategy", "strategy": "wide"},
    ])
    # removing the school's creation would break the later lock: refused, nothing changed
    r = client.delete(f"/api/scenarios/{sc['id']}/edits/0")
    assert r.status_code == 422 and r.json()["errors"][0]["location"]["field"] == "edits[0].school"
    r = client.delete(f"/api/scenarios/{sc['id']}/edits/2")
    assert r.status_code == 200 and [e["op"] for e in r.json()["edits"]] == ["add_school", "lock_role"]
    assert client.delete(f"/api/scenarios/{sc['id']}/edits/5").status_code == 404
    r = client.put(f"/api/scenarios/{sc['id']}/edits", json=[])
    assert r.status_code == 200 and r.json()["edits"] == [] and r.json()["schools"] == 34


def test_delete_scenario(client, network) -> None:
    sc = new_scenario(client, network["id"])
    assert client.delete(f"/api/scenarios/{sc['id']}").status_code == 204
    assert client.get(f"/api/scenarios/{sc['id']}").status_code == 404
    sc = new_scenario(client, network["id"])
    solve(client, sc["id"])
    r = client.delete(f"/api/scenarios/{sc['id']}")
    assert r.status_code == 409 and "plan" in r.json()["detail"]


def test_locks_from_a_published_plan_survive_every_rerun(client, network) -> None:
    sc = new_scenario(client, network["id"])
    plan_id = solve(client, sc["id"])["plan_id"]
    # only from a published plan
    r = client.post(f"/api/scenarios/{sc['id']}/locks-from-plan/{plan_id}")
    assert r.status_code == 409 and "publish" in r.json()["detail"]
    for status in ("approved", "published"):
        assert client.post(f"/api/plans/{plan_id}/status", json={"status": status}).status_code == 200
    published = client.get(f"/api/plans/{plan_id}").json()["plan"]
    kept = {(p["mentor"], p["trainee"], p["direction"]) for p in published["pairs"]}

    r = client.post(f"/api/scenarios/{sc['id']}/locks-from-plan/{plan_id}")
    assert r.status_code == 201, r.text
    assert r.json()["edits"][-1]["op"] == "lock_plan" and r.json()["edits"][-1]["plan_id"] == plan_id
    # taken twice: still one lock_plan edit
    r = client.post(f"/api/scenarios/{sc['id']}/locks-from-plan/{plan_id}")
    assert [e["op"] for e in r.json()["edits"]] == ["lock_plan"]
    # later edits and re-runs with other settings and solvers keep every pair
    client.post(f"/api/scenarios/{sc['id']}/edits", json={"op": "change_strategy", "strategy": "wide"})
    client.post(f"/api/scenarios/{sc['id']}/edits", json={"op": "change_weights", "weights": {"gain": 50, "same_kind": 0}})
    for solver in ("greedy", "flow", "greedy"):
        job = solve(client, sc["id"], solver=solver)
        pairs = client.get(f"/api/plans/{job['plan_id']}").json()["plan"]["pairs"]
        assert kept <= {(p["mentor"], p["trainee"], p["direction"]) for p in pairs}, solver
    # and the published plan itself never changed
    assert client.get(f"/api/plans/{plan_id}").json()["plan"] == published


def test_locks_from_a_plan_of_another_network(client, network) -> None:
    other = upload_krymsky(client)
    sc_other = new_scenario(client, other["id"])
    plan_id = solve(client, sc_other["id"])["plan_id"]
    client.post(f"/api/plans/{plan_id}/status", json={"status": "approved"})
    client.post(f"/api/plans/{plan_id}/status", json={"status": "published"})
    sc = new_scenario(client, network["id"])
    r = client.post(f"/api/scenarios/{sc['id']}/locks-from-plan/{plan_id}")
    assert r.status_code == 422 and "another network" in r.json()["title"]
