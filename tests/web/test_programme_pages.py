"""The programme pages: create a programme, add 2021, plan, record outcomes by the form and by upload, next year, survey, report.

The cycle 2021 → 2022 → 2023 is driven through the pages (form posts, as a
browser sends them; the outcomes are the shipped SYNTHETIC example's); each page's figures are checked against the API's data.
"""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import krymsky_bytes, wait_job

pytestmark = pytest.mark.slow


def _plan_and_publish(client, network_id: int) -> int:
    """Plan the network with the strategy its page offers (next year's: the programme's), approve and publish."""
    form = client.get(f"/networks/{network_id}").text
    strategy = re.search(r'<select name="strategy">.*?</select>', form, re.S).group(0)
    chosen = re.search(r'<option value="(\w*)" selected', strategy)
    r = client.post(f"/networks/{network_id}/plan", data={"solver": "cpsat", "strategy": chosen.group(1) if chosen else "", "time_limit": "10"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    job = wait_job(client, int(r.headers["location"].rsplit("/", 1)[1]), timeout=120)
    assert job["state"] == "done", job
    plan_id = int(job["plan_id"])
    for status in ("approved", "published"):
        r = client.post(f"/plans/{plan_id}/status", data={"status": status}, follow_redirects=False)
        assert r.status_code == 303
    assert client.get(f"/api/plans/{plan_id}").json()["status"] == "published"
    return plan_id


def _outcomes_by_upload(client, plan_id: int, year: int) -> None:
    """The shipped SYNTHETIC outcomes of the worked example, uploaded on the plan's outcomes page."""
    from mentornet.io import example_outcomes_path
    from mentornet.io.outcomes import read_outcomes

    path = example_outcomes_path(year)
    record = read_outcomes(path)
    r = client.post(f"/plans/{plan_id}/outcomes/upload", files={"file": (path.name, path.read_bytes())}, follow_redirects=False)
    assert r.status_code == 303, r.text
    assert len(client.get(f"/api/plans/{plan_id}/outcomes").json()["outcomes"]) == len(record.outcomes)


def build_programme(client) -> dict:
    """A three-year programme made through the pages; returns its ids."""
    r = client.post("/programmes", data={"name": "Крымский район", "area": "Крымский район", "area_kind": "municipality",
                                         "first_year": "2021", "last_year": "2023", "strategy": "narrow"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    programme = r.headers["location"]
    r = client.post("/networks/example", follow_redirects=False)
    network_id = int(r.headers["location"].rsplit("/", 1)[1])
    r = client.post(f"{programme}/networks", data={"network_id": str(network_id)}, follow_redirects=False)
    assert r.status_code == 303
    plans = []
    for year in (2021, 2022, 2023):
        plan_id = _plan_and_publish(client, network_id)
        plans.append(plan_id)
        if year == 2023:
            break
        _outcomes_by_upload(client, plan_id, year)
        r = client.post(f"/plans/{plan_id}/next-year", data={"strategy": "narrow"}, follow_redirects=False)
        assert r.status_code == 303, r.text
        network_id = client.get(programme.replace("/programmes", "/api/programmes")).json()["programme_years"][-1]["network"]["id"]
    return {"programme": programme, "plans": plans}


def test_programme_cycle_through_the_pages_in_both_languages(client) -> None:
    built = build_programme(client)
    api = client.get(built["programme"].replace("/programmes", "/api/programmes")).json()
    assert api["years"] == [2021, 2022, 2023]
    for lang in ("ru", "en"):
        html = client.get(f"{built['programme']}?lang={lang}").text
        assert f'<html lang="{lang}">' in html
        for year in (2021, 2022, 2023):
            assert f'id="year-{year}"' in html
        assert html.count("data:image/png;base64,") == 2
        assert 'id="indicators-table"' in html and 'data-indicator="deficits_decreased_share"' in html
    for later in built["plans"][1:]:  # the programme's narrow strategy reached the plans made on the pages
        cont = client.get(f"/api/plans/{later}/continuity").json()
        assert cont["strategy"] == "narrow" and cont["kept"] / cont["continuing"] >= 0.8, cont
    ru = client.get(f"{built['programme']}?lang=ru").text
    assert "Показатели программы" in ru and "Годы рядом" in ru
    # the share shown for 2021 is the library's value for that year
    ind = client.get(built["programme"].replace("/programmes", "/api/programmes") + "/indicators").json()
    share = next(r for r in ind["rows"] if r["scope"] == "programme" and r["indicator"] == "deficits_decreased_share" and r["year"] == 2021)
    row = re.search(r'data-indicator="deficits_decreased_share">(.*?)</tr>', ru, re.S).group(1)
    assert f"{100 * share['value']:.1f} %" in row


def test_outcomes_form_saves_and_refuses_bad_numbers(client, planned) -> None:
    plan_id = planned["plan_id"]
    page = client.get(f"/plans/{plan_id}/outcomes?lang=en")
    assert page.status_code == 200 and 'id="outcomes-form"' in page.text
    teams = re.findall(r'name="school_(\d+)" value="([^"]*)"', page.text)
    directions = dict(re.findall(r'name="direction_(\d+)" value="([^"]*)"', page.text))
    assert teams
    i, school = teams[0]
    form = {f"school_{k}": s for k, s in teams} | {f"direction_{k}": directions[k] for k, _ in teams}
    form |= {f"score_{i}": "72,5", f"level_{i}": "leader", f"expert_rating_{i}": ""}
    r = client.post(f"/plans/{plan_id}/outcomes", data=form, follow_redirects=False)
    assert r.status_code == 303, r.text
    got = client.get(f"/api/plans/{plan_id}/outcomes").json()["outcomes"]
    assert got == [{"school": school, "direction": directions[i], "score": 72.5, "level": "leader", "expert_rating": None}]
    r = client.post(f"/plans/{plan_id}/outcomes", data=form | {f"score_{i}": "много"}, follow_redirects=True)
    assert "is not a number" in r.text or "не число" in r.text
    r = client.post(f"/plans/{plan_id}/outcomes", data=form | {f"score_{i}": "140"}, follow_redirects=True)
    assert client.get(f"/api/plans/{plan_id}/outcomes").json()["outcomes"][0]["score"] == 72.5
    # a workbook that is not an outcomes workbook: located problems, nothing stored
    r = client.post(f"/plans/{plan_id}/outcomes/upload", files={"file": ("bad.xlsx", b"not a workbook")})
    assert r.status_code == 422 and 'id="upload-errors"' in r.text


def test_programme_without_years_and_without_plans_shows_what_to_do(client) -> None:
    r = client.post("/programmes", data={"name": "Пустая", "area": "", "area_kind": "", "first_year": "", "last_year": "", "strategy": ""},
                    follow_redirects=False)
    assert r.status_code == 303
    url = r.headers["location"]
    html = client.get(f"{url}?lang=en").text
    assert "No years yet" in html and 'id="indicators-table"' not in html and "data:image/png" not in html
    r = client.post("/networks", files={"file": ("krymsky_2021.csv", krymsky_bytes())}, data={"year": "2021"}, follow_redirects=False)
    network_id = int(r.headers["location"].rsplit("/", 1)[1])
    assert f'value="{network_id}"' in client.get(url).text  # offered to be added
    client.post(f"{url}/networks", data={"network_id": str(network_id)})
    html = client.get(f"{url}?lang=en").text
    assert 'id="year-2021"' in html and "not planned yet" in html and 'id="survey-form"' in html
    assert "Пустая" in client.get("/programmes").text
    assert client.get(f"/networks/{network_id}").text.count('id="programme-link"') == 1
    r = client.post("/programmes", data={"name": "x", "first_year": "2024", "last_year": "2021"}, follow_redirects=True)
    assert 'class="flash error"' in r.text
