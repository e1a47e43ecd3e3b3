"""The site-based shape in the web workspace: chosen at upload, audited and planned with its own pages."""

from __future__ import annotations

import json
from importlib import resources

from mentornet.io import SITE_BASED_EXAMPLE
from tests.web.conftest import krymsky_bytes, wait_job


def _example_without_policy() -> bytes:
    doc = json.loads((resources.files("mentornet") / "data" / SITE_BASED_EXAMPLE).read_text(encoding="utf-8"))
    doc.pop("policy")
    return json.dumps(doc, ensure_ascii=False).encode()


def test_the_shape_chosen_at_upload_drives_the_audit_and_the_plan(client):
    r = client.get("/")
    assert 'name="shape"' in r.text and "site_based" in r.text
    r = client.post("/networks", files={"file": ("region.json", _example_without_policy())},
                    data={"year": "", "shape": "site_based"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    nid = int(r.headers["location"].rsplit("/", 1)[1])
    page = client.get(f"/networks/{nid}/audit?lang=ru").text
    assert 'id="sites"' in page and 'id="new-sites"' in page and 'id="site-stats"' in page
    assert 'id="never-mentoring"' not in page
    assert "Где новая площадка поможет больше всего" in page
    r = client.post(f"/networks/{nid}/plan", data={"solver": "greedy", "strategy": "", "time_limit": "5"}, follow_redirects=False)
    job = wait_job(client, int(r.headers["location"].rsplit("/", 1)[1]))
    assert job["state"] == "done", job
    page = client.get(f"/plans/{job['plan_id']}?lang=ru").text
    assert 'id="site-groups"' in page and "Площадка каждой школы" in page
    assert 'class="warn"' not in page.split('id="site-groups"')[1].split("</table>")[0]  # one site per school


def test_the_default_shape_keeps_the_mutual_audit(client):
    r = client.post("/networks", files={"file": ("k.csv", krymsky_bytes())}, data={"year": "2021"}, follow_redirects=False)
    nid = int(r.headers["location"].rsplit("/", 1)[1])
    page = client.get(f"/networks/{nid}/audit").text
    assert 'id="never-mentoring"' in page and 'id="sites"' not in page


def test_an_unknown_shape_is_refused(client):
    r = client.post("/networks", files={"file": ("k.csv", krymsky_bytes())}, data={"shape": "ring"})
    assert r.status_code == 422


def test_the_site_based_template_carries_the_shape(client):
    import io

    import openpyxl

    r = client.get("/api/template?format=xlsx&lang=en&shape=site_based")
    assert r.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    rows = {row[0]: row[1] for row in book["policy"].iter_rows(values_only=True)}
    assert rows["shape"] == "site_based"
    assert "sites" in book.sheetnames
