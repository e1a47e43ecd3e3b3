"""The needs survey in the service: template, merge of returned files, located problems and nothing merged until fixed."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from tests.api.conftest import new_scenario, wait_job

pytestmark = pytest.mark.slow


def _next_year_network(client) -> dict:
    """Programme → 2021 (embedded table, greedy, published) → shipped outcomes → next year's network (2022)."""
    from mentornet.io import example_outcomes_path

    prog = client.post("/api/programmes", json={"name": "Крымский район", "strategy": "wide"}).json()
    net = client.post("/api/networks/example").json()
    client.post(f"/api/programmes/{prog['id']}/networks", json={"network_id": net["id"]})
    sc = new_scenario(client, net["id"])
    job = wait_job(client, client.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": "greedy", "time_limit": 5}).json()["id"])
    for status in ("approved", "published"):
        client.post(f"/api/plans/{job['plan_id']}/status", json={"status": status})
    path = example_outcomes_path(2021)
    assert client.post(f"/api/plans/{job['plan_id']}/outcomes/upload", files={"file": (path.name, path.read_bytes())}).status_code == 200
    r = client.post(f"/api/plans/{job['plan_id']}/next-year")
    assert r.status_code == 201, r.text
    out = r.json()
    assert out["policy"]["strategy"] == "wide"
    return out


def _filled(template: bytes, answers: dict[int, dict[int, object]]) -> bytes:
    """The template with ``answers`` written: {row: {column: value}} (1-based)."""
    book = load_workbook(io.BytesIO(template))
    ws = book.worksheets[0]
    for row, cells in answers.items():
        for col, value in cells.items():
            ws.cell(row, col).value = value
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_survey_merge_reports_located_problems_and_merges_only_when_fixed(client) -> None:
    net = _next_year_network(client)
    r = client.get(f"/api/networks/{net['id']}/survey-template.xlsx?lang=ru")
    assert r.status_code == 200
    template = r.content
    ws = load_workbook(io.BytesIO(template)).worksheets[0]
    headers = [c.value for c in ws[1]]
    col = {name: headers.index(name) + 1 for name in headers}
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    first = rows[0][0]
    # the first school answers every direction it takes part in, with last year's level; one answer contradicts itself
    mine = [(i + 2, r) for i, r in enumerate(rows) if r[0] == first and r[col["в прошлом году"] - 1] is not None]
    answers = {row: {col["самооценка (уровень)"]: r[col["в прошлом году"] - 1]} for row, r in mine}
    bad_row = mine[0][0]
    answers[bad_row] = {col["самооценка (балл 0..100)"]: 95, col["самооценка (уровень)"]: "скрытый резерв"}
    before = client.get(f"/api/networks/{net['id']}").json()["network"]
    r = client.post(f"/api/networks/{net['id']}/survey", files=[("files", ("school1.xlsx", _filled(template, answers)))])
    assert r.status_code == 422, r.text
    errors = r.json()["errors"]
    assert errors and errors[0]["location"]["file"] == "school1.xlsx" and errors[0]["location"]["row"] == bad_row
    assert errors[0]["location"]["sheet"] and errors[0]["location"].get("column")
    assert client.get(f"/api/networks/{net['id']}").json()["network"] == before  # nothing merged
    # fixed: merged; every other school is reported as not answering, its values kept
    answers[bad_row] = {col["самооценка (уровень)"]: "лидер"}
    r = client.post(f"/api/networks/{net['id']}/survey", files=[("files", ("school1.xlsx", _filled(template, answers)))])
    assert r.status_code == 200, r.text
    survey = r.json()["survey"]
    assert survey["answered"] == [first]
    schools = {s["id"] for s in before["schools"]}
    assert set(survey["not_answered"]) == schools - {first}
    comp = {(c["school"], c["direction"]): c for c in r.json()["network"]["competences"]}
    direction = rows[bad_row - 2][1]
    assert comp[(first, str(direction))]["level"] == "leader"
    # once planned, the network's data are kept as planned
    new_scenario(client, net["id"])
    r = client.post(f"/api/networks/{net['id']}/survey", files=[("files", ("school1.xlsx", _filled(template, answers)))])
    assert r.status_code == 409


def test_survey_problems_are_listed_on_the_programme_page(client) -> None:
    net = _next_year_network(client)
    template = client.get(f"/api/networks/{net['id']}/survey-template.xlsx").content
    ws = load_workbook(io.BytesIO(template)).worksheets[0]
    headers = [c.value for c in ws[1]]
    bad = _filled(template, {2: {headers.index("самооценка (балл 0..100)") + 1: 95, headers.index("самооценка (уровень)") + 1: "скрытый резерв"}})
    r = client.post(f"/networks/{net['id']}/survey?lang=en", files=[("files", ("school1.xlsx", bad))])
    assert r.status_code == 422 and 'id="upload-errors"' in r.text and "school1.xlsx" in r.text
    assert "Nothing was merged" in r.text


def test_next_years_network_edited_as_a_workbook_keeps_its_history(client) -> None:
    net = _next_year_network(client)
    before = client.get(f"/api/networks/{net['id']}").json()
    assert before["network"]["history"]["deferred"] and before["network"]["history"]["pairs"]
    xlsx = client.get(f"/api/networks/{net['id']}/download?format=xlsx").content
    r = client.put(f"/api/networks/{net['id']}/data", files={"file": ("edited.xlsx", xlsx)})
    assert r.status_code == 200, r.text
    after = r.json()
    assert (after["name"], after["year"]) == (before["name"], before["year"])
    assert after["network"]["history"] == before["network"]["history"]
    assert after["network"]["competences"] == before["network"]["competences"]
    assert after["policy"]["strategy"] == "wide"
