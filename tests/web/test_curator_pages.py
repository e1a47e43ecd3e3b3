"""Issue 14, items 5 and 6 on the pages: a region with two curator kinds and a
district without a consultant (flagged), directions with audience, format and
mode — the plan page shows the flags, the curators' kinds, schools and limits,
the curator-balance sentence and the direction facts; the audit page shows the
teams without a consultant (the library and CLI tests cover the limits)."""

from __future__ import annotations

from pathlib import Path

from mentornet.explain import curator_balance_reason
from mentornet.io.writers import write_network
from mentornet.model import Audience, Format, Mode, Policy
from tests.solvers.test_curator_kinds_solve import region
from tests.web.conftest import wait_job


def _upload(client, tmp_path: Path) -> int:
    net = region(3)
    net = net.with_changes(directions=tuple(
        d.model_copy(update={"audience": Audience.heads, "format": Format.group, "group_min": 1, "group_max": 4, "mode": Mode.mixed, "mentor_cap": None})
        if i == 0 else d for i, d in enumerate(net.directions)))
    path = write_network(net, tmp_path / "region.xlsx", Policy(unsupervised="flag"))
    r = client.post("/networks", files={"file": ("region.xlsx", path.read_bytes())}, data={"year": "2024"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return int(r.headers["location"].rsplit("/", 1)[1])


def test_plan_page_flags_unsupervised_pairs_and_shows_curator_figures(client, tmp_path) -> None:
    network_id = _upload(client, tmp_path)
    r = client.post(f"/networks/{network_id}/plan", data={"solver": "greedy", "strategy": "", "time_limit": "5"}, follow_redirects=False)
    assert r.status_code == 303, r.text
    job = wait_job(client, int(r.headers["location"].rsplit("/", 1)[1]))
    assert job["state"] == "done", job
    pid = job["plan_id"]
    doc = client.get(f"/api/plans/{pid}/plan.json").json()
    flagged = [p for p in doc["pairs"] if p["unsupervised"]]
    assert flagged, "the district without a consultant has flagged pairs"
    page = client.get(f"/plans/{pid}").text
    assert page.count('class="flag unsupervised"') == len(flagged)
    assert 'id="unsupervised-pairs"' in page and "без куратора одного из видов" in page
    assert "руководители; группы 1–4; смешанный формат" in page
    assert "научный консультант" in page  # the curator's kind on the loads table
    # The curator-balance sentence, as explain words it from the plan itself.
    from mentornet.export import read_plan_json
    from mentornet.io import read_network

    (tmp_path / "plan.json").write_text(client.get(f"/api/plans/{pid}/plan.json").text, encoding="utf-8")
    plan = read_plan_json(tmp_path / "plan.json")
    net = read_network(tmp_path / "region.xlsx")
    reason = curator_balance_reason(net, plan)
    assert reason is not None and reason.render("ru") in page
    assert reason.render("en") in client.get(f"/plans/{pid}?lang=en").text


def test_audit_page_names_the_teams_without_a_consultant(client, tmp_path) -> None:
    network_id = _upload(client, tmp_path)
    page = client.get(f"/networks/{network_id}/audit").text
    assert "каждая пара сопровождается куратором" in page
    assert "нет куратора одного из видов" in page
