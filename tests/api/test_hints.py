"""Problem details carry the suggestions of an unknown name next to the located error."""

from __future__ import annotations

from tests.api.conftest import (
    new_scenario,
    small_tables,
    upload,
    upload_krymsky,
    xlsx_bytes,
)


def test_upload_with_a_level_typo_gets_suggestions(client) -> None:
    rows = [["school", "direction", "level"], ["A", "1", "leadr"], ["B", "1", "hidden_reserve"], ["C", "1", "promising"]]
    r = upload(client, "net.xlsx", xlsx_bytes(small_tables(competences=rows)))
    assert r.status_code == 422 and r.headers["content-type"].startswith("application/problem+json")
    [err] = [e for e in r.json()["errors"] if e["location"].get("row") == 2]
    assert err["location"]["sheet"] == "competences" and err["location"]["column"] == "level"
    assert err["suggestions"] == ["leader"]
    assert "did you mean 'leader'?" in err["message"]


def test_scenario_edit_with_a_school_typo_gets_suggestions(client) -> None:
    net = upload_krymsky(client, year=2021)
    sc = new_scenario(client, net["id"])
    r = client.post(f"/api/scenarios/{sc['id']}/edits", json={"op": "close_school", "school": "СОШ99"})
    assert r.status_code == 422
    [err] = r.json()["errors"]
    assert err["location"]["field"] == "edits[0].school"
    assert err["suggestions"] == ["МБОУ СОШ № 9"]
    assert err["message"].endswith("unknown school 'СОШ99'; did you mean 'МБОУ СОШ № 9'?")


def test_the_problem_schema_documents_suggestions(client) -> None:
    schema = client.get("/openapi.json").json()["components"]["schemas"]["ProblemItem"]
    assert schema["properties"]["suggestions"]["type"] == "array"
