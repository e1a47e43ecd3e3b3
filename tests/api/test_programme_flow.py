"""The programme cycle by the API: 2021 (embedded table) → outcomes → next-year → plan 2022 → outcomes → plan 2023.

Every step goes through the service's routes: the outcomes of 2021 and 2022
are the shipped SYNTHETIC outcomes of the worked example (outcomes workbooks),
uploaded as a planner uploads the filled template. Each step's output is
checked against the stored data with this test's own code.
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from mentornet.model import Network, Plan
from tests.api.conftest import new_scenario, wait_job

pytestmark = pytest.mark.slow


def _solve_and_publish(client, network_id: int, solver: str = "cpsat") -> int:
    sc = new_scenario(client, network_id, policy={"time_limit": 10})
    job = wait_job(client, client.post(f"/api/scenarios/{sc['id']}/solve", json={"solver": solver, "time_limit": 10}).json()["id"], timeout=120)
    assert job["state"] == "done", job
    for status in ("approved", "published"):
        r = client.post(f"/api/plans/{job['plan_id']}/status", json={"status": status})
        assert r.status_code == 200, r.text
    return int(job["plan_id"])


def _upload_outcomes(client, plan_id: int, year: int) -> Plan:
    """Upload the shipped SYNTHETIC outcomes of ``year`` (the worked example) for the plan, and check what was stored."""
    from mentornet.io import example_outcomes_path
    from mentornet.io.outcomes import read_outcomes

    stored = client.get(f"/api/plans/{plan_id}").json()
    plan = Plan.model_validate(stored["plan"])
    r = client.get(f"/api/plans/{plan_id}/outcomes/template.xlsx")
    assert r.status_code == 200 and load_workbook(io.BytesIO(r.content)).worksheets
    path = example_outcomes_path(year)
    record = read_outcomes(path)
    r = client.post(f"/api/plans/{plan_id}/outcomes/upload", files={"file": (path.name, path.read_bytes())})
    assert r.status_code == 200, r.text
    got = {(o["school"], o["direction"]): o for o in r.json()["outcomes"]}
    assert len(got) == len(record.outcomes)
    for o in record.outcomes:
        g = got[(o.school, o.direction)]
        assert (g["score"], g["level"], g["expert_rating"]) == (o.score_after, o.level_after.value if o.level_after else None, o.expert_rating)
    journal = r.json()["journal"]
    assert journal["staff_trained"] == sum(e.staff_trained for e in record.journal if e.staff_trained is not None)
    assert journal["events"] == sum(e.events for e in record.journal if e.events is not None)
    return plan


def test_three_years_by_the_api(client) -> None:
    prog = client.post("/api/programmes", json={"name": "Крымский район", "area": "Крымский район", "area_kind": "municipality",
                                                 "first_year": 2021, "last_year": 2023, "strategy": "narrow"}).json()
    net = client.post("/api/networks/example").json()
    assert net["year"] == 2021
    assert client.post(f"/api/programmes/{prog['id']}/networks", json={"network_id": net["id"]}).status_code == 200
    network_id, plans = net["id"], []
    for year in (2021, 2022, 2023):
        plan_id = _solve_and_publish(client, network_id)
        plans.append(plan_id)
        if year == 2023:
            break
        _upload_outcomes(client, plan_id, year)
        r = client.post(f"/api/plans/{plan_id}/next-year", json={})
        assert r.status_code == 201, r.text
        nxt = r.json()
        assert nxt["year"] == year + 1 and nxt["notes"] and all(n["text"] for n in nxt["notes"])
        # next year's competences are this year's outcomes (levels after), history is this year's plan
        outcomes = {(o["school"], o["direction"]): o for o in client.get(f"/api/plans/{plan_id}/outcomes").json()["outcomes"]}
        new_net = Network.model_validate(nxt["network"])
        for c in new_net.competences:
            o = outcomes.get((c.school, c.direction))
            if o is not None and o["level"] is not None:
                assert c.level is not None and c.level.value == o["level"], (c, o)
        plan = Plan.model_validate(client.get(f"/api/plans/{plan_id}").json()["plan"])
        assert {(p.mentor, p.trainee, p.direction) for p in new_net.history.pairs if p.year == year} == \
            {(p.mentor, p.trainee, p.direction) for p in plan.pairs}
        assert (nxt["policy"] or {}).get("strategy") == "narrow"
        # the same year twice is refused
        assert client.post(f"/api/plans/{plan_id}/next-year").status_code == 409
        network_id = nxt["id"]
    detail = client.get(f"/api/programmes/{prog['id']}").json()
    assert detail["years"] == [2021, 2022, 2023]
    assert [y["plan"]["id"] for y in detail["programme_years"]] == plans
    assert [y["plan"]["status"] for y in detail["programme_years"]] == ["published"] * 3
    assert [y["source_plan_id"] for y in detail["programme_years"]] == [None, plans[0], plans[1]]
    assert [y["outcomes"] > 0 for y in detail["programme_years"]] == [True, True, False]
    # carried needs of 2021 are met or explained in 2022 (the plan's own account, need by need)
    p2022 = client.get(f"/api/plans/{plans[1]}").json()["plan"]
    deferred_2021 = {(d["school"], d["direction"]) for d in client.get(f"/api/plans/{plans[0]}").json()["plan"]["deferred"]}
    carried = p2022["metrics"].get("carried_needs") or {}
    assert deferred_2021 and carried, carried
    # the narrow strategy: at least 80 % of continuing pairs keep their mentor; every repeat explained
    for later in plans[1:]:
        cont = client.get(f"/api/plans/{later}/continuity?lang=en").json()
        assert cont["strategy"] == "narrow" and cont["continuing"] > 0, cont
        kept = sum(1 for p in cont["pairs"] if p["mentor_before"] == p["mentor_now"])
        assert kept == cont["kept"] and kept / cont["continuing"] >= 0.8, cont
        assert all(r["text"] for r in cont["repeats"])
    assert client.get(f"/api/plans/{plans[0]}/continuity").status_code == 422
    # indicators, report and plots
    ind = client.get(f"/api/programmes/{prog['id']}/indicators?lang=en").json()
    assert ind["years"] == [2021, 2022, 2023] and ind["definitions"] and ind["transitions"]
    r = client.get(f"/api/programmes/{prog['id']}/report.xlsx?lang=en")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(r.content))
    assert [c.value for c in book.worksheets[0][1]][1:4] == ["2021", "2022", "2023"]
    for name in ("trend_by_direction.png", "role_transitions.png"):
        r = client.get(f"/api/programmes/{prog['id']}/plots/{name}")
        assert r.status_code == 200 and r.content.startswith(b"\x89PNG"), name
    assert client.get(f"/api/programmes/{prog['id']}/plots/nothing.png").status_code == 404
