"""Programmes over years in the service: the programme, its years, a plan's outcomes, the journal's counts, old data."""

from __future__ import annotations

import sqlite3

import pytest

from tests.api.conftest import new_scenario, upload_krymsky, wait_job


def _plan(client, network_id: int, solver: str = "greedy", publish: bool = True) -> int:
    sc = new_scenario(client, network_id, policy={"time_limit": 5})
    job = client.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": solver, "time_limit": 5}).json()
    job = wait_job(client, job["id"])
    assert job["state"] == "done", job
    plan_id = job["plan_id"]
    if publish:
        for status in ("approved", "published"):
            r = client.post(f"/api/plans/{plan_id}/status", json={"status": status})
            assert r.status_code == 200, r.text
    return plan_id


def test_programme_holds_years_and_refuses_a_second_network_of_a_year(client) -> None:
    r = client.post("/api/programmes", json={"name": "Крымский район", "area": "Крымский район", "area_kind": "municipality",
                                              "first_year": 2021, "last_year": 2024, "strategy": "narrow"})
    assert r.status_code == 201, r.text
    prog = r.json()
    assert prog["years"] == [] and prog["strategy"] == "narrow"
    net = upload_krymsky(client, year=2021)
    r = client.post(f"/api/programmes/{prog['id']}/networks", json={"network_id": net["id"]})
    assert r.status_code == 200, r.text
    other = upload_krymsky(client, year=2021, force="true")  # a second copy on purpose
    r = client.post(f"/api/programmes/{prog['id']}/networks", json={"network_id": other["id"]})
    assert r.status_code == 409 and r.json()["type"].endswith(":year-taken"), r.text
    no_year = upload_krymsky(client)
    r = client.post(f"/api/programmes/{prog['id']}/networks", json={"network_id": no_year["id"]})
    assert r.status_code == 422 and r.json()["errors"][0]["location"]["field"] == "network_id", r.text
    detail = client.get(f"/api/programmes/{prog['id']}").json()
    assert detail["years"] == [2021]
    year = detail["programme_years"][0]
    assert year["network"]["id"] == net["id"] and year["plan"] is None and year["outcomes"] == 0
    assert year["journal"] == {"events": None, "events_per_site": {}, "sites_with_events": 0, "staff_trained": None, "transfers": None,
                               "source": None, "set_aside_events": 0, "set_aside_transfers": 0}
    # a programme with years is kept; the network without a programme still plans as before
    assert client.delete(f"/api/programmes/{prog['id']}").status_code == 409
    assert client.get(f"/api/networks/{other['id']}").status_code == 200


def test_programme_fields_are_checked(client) -> None:
    r = client.post("/api/programmes", json={"name": "x", "first_year": 2024, "last_year": 2021})
    assert r.status_code == 422 and r.json()["errors"][0]["location"]["field"] == "last_year", r.text
    r = client.post("/api/programmes", json={"name": "x", "strategy": "sideways"})
    assert r.status_code == 422
    prog = client.post("/api/programmes", json={"name": "x", "first_year": 2021}).json()
    assert client.patch(f"/api/programmes/{prog['id']}", json={"name": None}).status_code == 422
    assert client.patch(f"/api/programmes/{prog['id']}", json={"last_year": 2020}).status_code == 422
    r = client.patch(f"/api/programmes/{prog['id']}", json={"name": "Крымский", "strategy": "wide", "last_year": 2024})
    assert r.status_code == 200 and (r.json()["name"], r.json()["strategy"], r.json()["last_year"]) == ("Крымский", "wide", 2024)


def test_outcomes_are_recorded_per_team_and_refused_with_their_place(client) -> None:
    net = upload_krymsky(client, year=2021)
    plan_id = _plan(client, net["id"], publish=False)
    plan = client.get(f"/api/plans/{plan_id}").json()["plan"]
    a, b = plan["roles"][0], plan["roles"][1]
    body = {"outcomes": [{"school": a["school"], "direction": a["direction"], "level": "leader"},
                         {"school": b["school"], "direction": b["direction"], "score": 55.5, "expert_rating": 60}]}
    r = client.put(f"/api/plans/{plan_id}/outcomes", json=body)
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["teams"] == len(plan["roles"]) and len(out["outcomes"]) == 2
    got = {(o["school"], o["direction"]): o for o in out["outcomes"]}
    assert got[(a["school"], a["direction"])]["level"] == "leader" and got[(a["school"], a["direction"])]["score"] is None
    assert got[(b["school"], b["direction"])]["score"] == 55.5 and got[(b["school"], b["direction"])]["expert_rating"] == 60
    # an unknown team and a duplicate: nothing stored, each problem placed
    bad = {"outcomes": [{"school": "СОШ 999", "direction": a["direction"], "score": 10},
                        {"school": a["school"], "direction": a["direction"], "score": 80},
                        {"school": a["school"], "direction": a["direction"], "score": 81}]}
    r = client.put(f"/api/plans/{plan_id}/outcomes", json=bad)
    assert r.status_code == 422, r.text
    fields = [e["location"]["field"] for e in r.json()["errors"]]
    assert fields == ["outcomes[0].school", "outcomes[2].direction"]
    assert client.get(f"/api/plans/{plan_id}/outcomes").json()["outcomes"] == out["outcomes"]
    r = client.put(f"/api/plans/{plan_id}/outcomes", json={"outcomes": [{"school": a["school"], "direction": a["direction"], "score": 140}]})
    assert r.status_code == 422
    # every value empty removes the record; replace drops the others
    assert client.delete(f"/api/plans/{plan_id}").status_code == 409  # a draft with outcomes is kept
    r = client.put(f"/api/plans/{plan_id}/outcomes", json={"outcomes": [{"school": a["school"], "direction": a["direction"]}]})
    assert len(r.json()["outcomes"]) == 1
    r = client.put(f"/api/plans/{plan_id}/outcomes", json={"outcomes": [], "replace": True})
    assert r.json()["outcomes"] == []


def test_journal_counts_are_part_of_the_years_record(client) -> None:
    net = upload_krymsky(client, year=2021)
    plan_id = _plan(client, net["id"], publish=False)
    plan = client.get(f"/api/plans/{plan_id}").json()["plan"]
    site = plan["pairs"][0]["mentor"]
    other = plan["pairs"][-1]["mentor"]
    for school, staff in ((site, 4), (site, None), (other, 3)):
        r = client.post("/api/journal/events", json={"network_id": net["id"], "plan_id": plan_id, "date": "2021-11-02",
                                                     "school": school, "kind": "seminar", "staff_trained": staff})
        assert r.status_code == 201, r.text
    p = plan["pairs"][0]
    r = client.post("/api/journal/transfers", json={"network_id": net["id"], "team": p["trainee"], "direction": p["direction"],
                                                    "from_mentor": p["mentor"], "to_mentor": other if other != p["trainee"] else None,
                                                    "date": "2022-01-10"})
    assert r.status_code == 201, r.text
    journal = client.get(f"/api/plans/{plan_id}/outcomes").json()["journal"]
    expected_sites = {site: 2, other: 1} if site != other else {site: 3}
    assert journal == {"events": 3, "events_per_site": expected_sites, "sites_with_events": len(expected_sites),
                       "staff_trained": 7, "transfers": 1, "source": "entries", "set_aside_events": 0, "set_aside_transfers": 0}


def _journal_sheet(client, plan_id: int, counts: dict[int, tuple[int | None, int | None, int | None]]) -> bytes:
    """The plan's outcomes template with the journal sheet's rows ``counts`` (events, staff trained, transfers) filled in."""
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(f"/api/plans/{plan_id}/outcomes/template.xlsx?lang=en").content))
    sheet = book["journal"]
    for r, values in counts.items():
        for c, v in enumerate(values, start=3):
            sheet.cell(row=r, column=c, value=v)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_a_year_recorded_both_ways_counts_the_journal_sheet_once(client) -> None:
    net = upload_krymsky(client, year=2021)
    plan_id = _plan(client, net["id"])
    pairs = client.get(f"/api/plans/{plan_id}").json()["plan"]["pairs"]
    site = pairs[0]["mentor"]
    # the year's internships recorded one by one ...
    for staff in (4, 2):
        r = client.post("/api/journal/events", json={"network_id": net["id"], "plan_id": plan_id, "date": "2021-11-02",
                                                     "school": site, "kind": "seminar", "staff_trained": staff})
        assert r.status_code == 201, r.text
    r = client.post("/api/journal/transfers", json={"network_id": net["id"], "team": pairs[0]["trainee"], "direction": pairs[0]["direction"],
                                                    "from_mentor": site, "date": "2022-01-10"})
    assert r.status_code == 201, r.text
    # ... and the same year as the outcomes workbook's journal sheet (row 2 is the first pair's mentor): the sheet counts, once
    r = client.post(f"/api/plans/{plan_id}/outcomes/upload", files={"file": ("outcomes.xlsx", _journal_sheet(client, plan_id, {2: (2, 6, 1)}))})
    assert r.status_code == 200, r.text
    whole = {"events": 2, "events_per_site": {site: 2}, "sites_with_events": 1, "staff_trained": 6, "transfers": 1,
             "source": "sheet", "set_aside_events": 2, "set_aside_transfers": 1}
    assert r.json()["journal"] == whole
    assert client.get(f"/api/plans/{plan_id}/outcomes").json()["journal"] == whole
    page = client.get(f"/plans/{plan_id}/outcomes?lang=en").text
    assert 'id="journal-set-aside"' in page and "journal sheet" in page
    # a journal sheet whose counts are left empty gives the journal back to the entries recorded one by one
    r = client.post(f"/api/plans/{plan_id}/outcomes/upload", files={"file": ("outcomes.xlsx", _journal_sheet(client, plan_id, {}))})
    assert r.status_code == 200, r.text
    assert r.json()["journal"] == {"events": 2, "events_per_site": {site: 2}, "sites_with_events": 1, "staff_trained": 6, "transfers": 1,
                                   "source": "entries", "set_aside_events": 0, "set_aside_transfers": 0}
    assert 'id="journal-set-aside"' not in client.get(f"/plans/{plan_id}/outcomes?lang=en").text


def test_next_year_needs_a_published_plan_of_a_programme(client) -> None:
    net = upload_krymsky(client, year=2021)
    draft = _plan(client, net["id"], publish=False)
    r = client.post(f"/api/plans/{draft}/next-year")
    assert r.status_code == 409 and r.json()["type"].endswith(":not-published"), r.text
    published = _plan(client, net["id"])
    r = client.post(f"/api/plans/{published}/next-year")
    assert r.status_code == 422 and r.json()["type"].endswith(":no-programme"), r.text


def test_network_data_are_replaced_only_before_planning(client) -> None:
    from tests.api.conftest import KRYMSKY_CSV

    net = upload_krymsky(client, year=2022, name="Крымский 2022")
    r = client.put(f"/api/networks/{net['id']}/data", files={"file": ("edited.csv", KRYMSKY_CSV.read_bytes())})
    assert r.status_code == 200, r.text
    assert r.json()["name"] == "Крымский 2022" and r.json()["year"] == 2022
    new_scenario(client, net["id"])
    r = client.put(f"/api/networks/{net['id']}/data", files={"file": ("edited.csv", KRYMSKY_CSV.read_bytes())})
    assert r.status_code == 409 and r.json()["type"].endswith(":in-use"), r.text


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_database_of_migration_0003_keeps_its_networks_readable(database_url, tmp_path) -> None:
    from sqlalchemy import select

    from mentornet.db import NetworkRow, make_engine, open_database, upgrade
    from mentornet.io import embedded_network

    engine = make_engine(database_url)
    upgrade(engine, "0003")
    net = embedded_network()
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO networks (name, year, data, n_schools, n_directions, created_at) VALUES (?, ?, ?, ?, ?, '2026-01-01 00:00:00')",
            (net.name, 2021, net.model_dump_json(), len(net.schools), len(net.directions)))
    engine.dispose()
    db = open_database(database_url)
    try:
        with db.sessions() as session:
            row = session.scalars(select(NetworkRow)).one()
            assert row.programme_id is None and row.source_plan_id is None and row.n_schools == len(net.schools)
    finally:
        db.dispose()
    assert sqlite3.connect(database_url.removeprefix("sqlite:///")).execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0005"
