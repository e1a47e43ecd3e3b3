"""A planner's season in a real browser (Playwright driving Debian's Chromium).

Upload the Krymsky 2021 table, audit it, plan it with CP-SAT, open a school
card, close the school, rebalance, read the diff, approve and publish, and
download the XLSX; and upload a broken workbook and read the error list.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import openpyxl
import pytest

from tests.web.conftest import krymsky_bytes

pytestmark = [pytest.mark.browser, pytest.mark.slow]

#: CP-SAT time limit of the browser session (Krymsky: 34 schools; CP-SAT proves the optimum in well under a second).
SOLVE_SECONDS = 5
#: The school the planner closes: a leader that mentors in this plan.
CLOSED = "МБОУ СОШ № 9"


def broken_workbook() -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    tables = {
        "schools": [["id", "name", "host_capacity"], ["A", "Школа A", 4], ["B", "Школа B", "много"], ["C", "Школа C", -2]],
        "directions": [["id", "name"], ["1", "Качество"]],
        "competences": [["school", "direction", "score", "level"], ["A", "1", None, "leader"], ["B", "9", None, "hidden_reserve"],
                        ["C", "1", 150, None]],
    }
    for name, rows in tables.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_broken_upload_shows_the_error_list(page, tmp_path: Path, shot) -> None:
    bad = tmp_path / "сеть_2025.xlsx"
    bad.write_bytes(broken_workbook())
    page.goto("/")
    page.set_input_files("#upload-form input[type=file]", str(bad))
    page.click("#upload-form button[type=submit]")
    errors = page.locator("#upload-errors")
    errors.wait_for()
    assert "4" in errors.locator("h2").inner_text()
    rows = errors.locator("tbody tr")
    assert rows.count() == 4
    cells = [[c.strip() for c in rows.nth(i).locator("td").all_inner_texts()] for i in range(4)]
    assert ["сеть_2025.xlsx", "schools", "3", "host_capacity"] == cells[0][:4]
    assert any(c[1] == "competences" and c[3] == "direction" and "9" in c[4] for c in cells)
    assert page.locator("#networks").count() == 0  # nothing was stored
    shot(page, "upload_errors")


def test_planner_session_end_to_end(page, live_server, tmp_path: Path, shot) -> None:
    # 1. Networks: upload the hand-made table.
    page.goto("/")
    assert page.locator("h1").inner_text() == "Сети школ"
    table = tmp_path / "krymsky_2021_internships.csv"
    table.write_bytes(krymsky_bytes())
    page.set_input_files("#upload-form input[type=file]", str(table))
    page.fill("#upload-form input[name=name]", "Крымский район")
    page.fill("#upload-form input[name=year]", "2021")
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(re.compile(r"/networks/\d+$"))
    assert "34" in page.locator("#flash").inner_text()
    network_url = page.url

    # 2. Audit: the principles the table breaks, the schools that never mentor.
    page.click("#audit-link")
    page.wait_for_url(re.compile(r"/audit$"))
    findings = page.locator("#findings li")
    assert findings.count() >= 2
    assert "16 из 34" in findings.first.inner_text()
    assert "каждая команда обогащает другие" in findings.first.inner_text()
    assert page.locator("#never-mentoring tbody tr").count() == 16
    shot(page, "audit")

    # 3. Plan with CP-SAT and watch the progress bar.
    page.click("#plan-it")
    page.wait_for_url(re.compile(r"/networks/\d+#plan$"))
    page.select_option("#plan-form select[name=solver]", "cpsat")
    page.select_option("#plan-form select[name=strategy]", "")
    page.fill("#plan-form input[name=time_limit]", str(SOLVE_SECONDS))
    shot(page, "network")
    page.click("#plan-form button[type=submit]")
    # the job page polls the solve and moves on to the plan (CP-SAT may be done before the first poll)
    page.wait_for_url(re.compile(r"/plans/\d+$"), timeout=SOLVE_SECONDS * 1000 + 30_000)
    plan_url = page.url
    plan_id = int(plan_url.rsplit("/", 1)[1])

    # The result: the seed's table, figures, cards, loads, deferred needs, the view.
    assert page.locator("#role-table tbody tr").count() == 7
    assert page.locator("#role-table thead").inner_text().count("Команды") == 3
    assert "34" in page.locator("#plan-stats").inner_text()
    assert page.locator("#school-cards a").count() == 34
    assert page.locator("#curator-loads tbody tr").count() == 5
    assert page.locator("#network-view").get_attribute("src") == f"/api/plans/{plan_id}/view.html?lang=ru"
    shot(page, "plan")
    page.locator("#network-view").scroll_into_view_if_needed()
    page.frame_locator("#network-view").locator("body").wait_for()
    shot(page, "plan_view")

    # 4. What if: the school's card, close it, rebalance.
    page.locator("#role-table a.chip", has_text=CLOSED).first.click()
    page.wait_for_url(re.compile(r"/school\?id="))
    assert page.locator("h1").inner_text() == CLOSED
    assert page.locator("#mentors tbody tr").count() >= 1
    shot(page, "school")
    page.click("#close-school")
    page.wait_for_url(re.compile(r"/scenarios/\d+$"))
    assert CLOSED in page.locator("#edits").inner_text()
    shot(page, "whatif")
    page.select_option("#rebalance-form select[name=solver]", "cpsat")
    page.fill("#rebalance-form input[name=time_limit]", str(SOLVE_SECONDS))
    page.click("#rebalance")
    page.wait_for_url(re.compile(rf"/plans/{plan_id}/diff/\d+$"), timeout=SOLVE_SECONDS * 1000 + 30_000)

    # The diff: pairs added / removed / moved, metrics before → after.
    removed = page.locator("#diff-removed-table tbody tr")
    assert removed.count() >= 1
    assert CLOSED in page.locator("#diff-removed-table").inner_text()
    changes = int(page.locator("#diff-changes").inner_text())
    assert changes == removed.count() + page.locator("#diff-added-table tbody tr").count() + page.locator("#diff-moved-table tbody tr").count()
    metrics = page.locator("#diff-metrics").inner_text()
    assert "школ" in metrics and "34" in metrics and "33" in metrics
    shot(page, "diff")

    # 5. Approve and publish the rebalanced plan; download its XLSX.
    page.click("#open-after")
    page.wait_for_url(re.compile(r"/plans/\d+$"))
    new_plan_id = int(page.url.rsplit("/", 1)[1])
    assert new_plan_id != plan_id
    page.click("#approve")
    page.wait_for_selector("#publish")
    assert page.locator("#plan-status").inner_text() == "утверждён"
    page.click("#publish")
    page.wait_for_function("document.getElementById('plan-status').textContent.trim() === 'опубликован'")
    assert page.locator("#approve, #publish").count() == 0
    with page.expect_download() as info:
        page.click("#dl-xlsx")
    download = info.value
    assert download.suggested_filename == f"plan-{new_plan_id}.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(str(path))
    wb = openpyxl.load_workbook(path, read_only=True)
    assert len(wb.sheetnames) >= 3
    cells = {str(c).strip() for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c is not None}
    assert "МБОУ СОШ № 1" in cells and CLOSED not in cells  # the closed school is gone from the published plan
    wb.close()

    # English on request, remembered for the next page.
    page.click("#lang-switch")
    page.wait_for_url(re.compile(r"lang=en"))
    assert page.locator("#plan-status").inner_text() == "published"
    shot(page, "plan_en")
    page.goto(network_url)
    assert page.locator("h2", has_text="Plans of this network").count() == 1
    assert page.locator(".plans-table tbody tr").count() == 2
    page.goto("/?lang=ru")
    assert page.locator("#networks tbody tr").count() == 1
    shot(page, "networks")


def test_progress_bar_and_cancel_on_a_larger_network(page, tmp_path: Path, shot) -> None:
    """A 300-school region takes CP-SAT longer: the bar and figures move, and cancelling keeps the best plan."""
    from mentornet.generate import generate_network
    from mentornet.io.writers import write_network

    path = write_network(generate_network(300, seed=1, name="Область (синтетическая)"), tmp_path / "region.json")
    page.goto("/")
    page.set_input_files("#upload-form input[type=file]", str(path))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(re.compile(r"/networks/\d+$"))
    page.fill("#plan-form input[name=time_limit]", "30")
    page.click("#plan-form button[type=submit]")
    page.wait_for_url(re.compile(r"/jobs/\d+$"))
    page.wait_for_function("+document.getElementById('job-solutions').textContent > 0", timeout=30_000)
    assert page.locator("#job-state").inner_text() == "идёт решение"
    assert page.locator("#job-objective").inner_text() != "—" and page.locator("#job-bound").inner_text() != "—"
    assert "%" in page.locator("#job-gap").inner_text()
    width = page.eval_on_selector("#job-bar", "el => parseFloat(el.style.width)")
    assert 0 < width < 100
    shot(page, "job")
    page.click("#job-cancel")
    page.wait_for_selector(".badge.state-cancelled", timeout=20_000)
    page.click("text=Открыть план")
    page.wait_for_url(re.compile(r"/plans/\d+$"))
    assert page.locator("#school-cards a").count() == 300
