"""Issue 11: the plan page says which plan it is, in the same words as the exports."""

from __future__ import annotations

import time


def test_the_plan_page_says_which_plan(tmp_path):
    # the web page carries the same line as the exports: network, year, plan number, status, date, solver status
    from fastapi.testclient import TestClient

    from mentornet.api import Settings, create_app

    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'm.db'}"))) as client:
        r = client.post("/networks/example", follow_redirects=False)
        nid = int(r.headers["location"].rsplit("/", 1)[1])
        r = client.post(f"/networks/{nid}/plan", data={"solver": "flow", "time_limit": "5"}, follow_redirects=False)
        job_id = int(r.headers["location"].rsplit("/", 1)[1])
        for _ in range(600):
            job = client.get(f"/api/jobs/{job_id}").json()
            if job["plan_id"]:
                break
            time.sleep(0.1)
        plan = client.get(f"/api/plans/{job['plan_id']}").json()
        page = client.get(f"/plans/{plan['id']}?lang=ru").text
        line = page[page.index('id="plan-about"'):].split("</p>", 1)[0]
        for part in (f"план {plan['id']}", "статус: черновик", f"дата: {plan['created_at'][:10]}",
                     "решатель: ", "год"):
            assert part in line, (part, line)
