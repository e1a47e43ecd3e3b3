"""The web workspace's pages through TestClient: each page's HTML, in Russian and English,
the forms' effects, the token for the browser, and errors as pages."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest

from mentornet.api import web_i18n
from mentornet.api.routers.web import WHATIF_LIMITS
from mentornet.i18n import term
from mentornet.model import Kind, Settlement
from mentornet.solvers import available_solvers
from tests.web.conftest import TOKEN, krymsky_bytes, wait_job

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "mentornet" / "api" / "templates"
SCHOOL = "МБОУ СОШ № 9"


def html(r) -> str:
    assert r.headers["content-type"].startswith("text/html"), r.headers["content-type"]
    return r.text


def flash_of(client) -> str:
    """The message the last redirect left for the next page (shown once), as ``kind: text``."""
    import html as html_lib

    r = client.get("/plans")
    m = re.search(r'<div class="flash (\w+)"[^>]*id="flash">(.*?)</div>\s*<h1>', r.text, re.S)
    if not m:
        return ""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", m.group(2))).strip()
    return f"{m.group(1)}: {html_lib.unescape(text)}"


def broken_workbook() -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in {
        "schools": [["id", "name", "host_capacity"], ["A", "A", 4], ["B", "B", "много"]],
        "directions": [["id", "name"], ["1", "Качество"]],
        "competences": [["school", "direction", "level"], ["A", "1", "leader"], ["B", "7", "hidden_reserve"]],
    }.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- words


def test_every_word_of_the_pages_is_in_both_languages() -> None:
    # every msgid of the templates is in the catalogues: tests/web/test_i18n_pages.py; here the values named by code
    dynamic = {("solver", s) for s in available_solvers()} | {("strategy", s) for s in ("none", "narrow", "wide")}
    dynamic |= {("plan.status", s) for s in ("draft", "approved", "published")} | {("plan.kind", k) for k in ("solve", "rebalance")}
    dynamic |= {("kind", k.value) for k in Kind} | {("settlement", s.value) for s in Settlement}
    dynamic |= {("audit.severity", s) for s in ("error", "warning", "info")} | {("limit", f) for f in WHATIF_LIMITS}
    dynamic |= {("job.state", s) for s in ("queued", "running", "done", "failed", "cancelled")}
    missing = sorted((g, k) for g, k in dynamic if k not in web_i18n.LABELS.get(g, {}))
    assert not missing, missing
    for group, key in dynamic:
        ru, en = web_i18n.label("ru", group, key), web_i18n.label("en", group, key)
        assert ru and en and ru != en, (group, key, ru, en)
        assert re.findall(r"%\((\w+)\)", ru) == re.findall(r"%\((\w+)\)", en), (group, key)
    assert web_i18n.where_text({"file": "net.xlsx", "sheet": "schools", "row": 7, "column": "host_capacity"}, "ru") == \
        "net.xlsx, лист «schools», строка 7, столбец «host_capacity»"


# ---------------------------------------------------------------- networks


def test_networks_page_in_russian_then_english(client) -> None:
    r = client.get("/")
    assert r.status_code == 200
    page = html(r)
    assert '<html lang="ru">' in page and "Сети школ" in page
    assert 'id="upload-form"' in page and 'enctype="multipart/form-data"' in page
    assert "/api/template?format=xlsx&amp;lang=ru" in page and "/api/template?format=csv" in page
    assert "Сетей пока нет" in page

    r = client.get("/?lang=en")
    assert "School networks" in r.text and '<html lang="en">' in r.text
    assert "mentornet_lang=en" in r.headers["set-cookie"]
    assert "School networks" in client.get("/networks").text  # remembered
    assert "Сети школ" in client.get("/?lang=ru").text


def test_template_downloads_named_on_the_page(client) -> None:
    r = client.get("/api/template?format=xlsx&lang=ru")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert client.get("/api/template?format=csv").status_code == 200


def test_broken_workbook_shows_every_error_with_sheet_row_column(client) -> None:
    r = client.post("/networks", files={"file": ("сеть.xlsx", broken_workbook())}, data={"name": "", "year": ""})
    assert r.status_code == 422
    page = html(r)
    assert 'id="upload-errors"' in page and "Найдено ошибок: 2" in page
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td class=\"num\">(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", page, re.S)
    assert [(f, s, row, c) for f, s, row, c, _ in rows] == [("сеть.xlsx", "schools", "3", "host_capacity"), ("сеть.xlsx", "competences", "3", "direction")]
    assert client.get("/api/networks").json() == []

    r = client.post("/networks?lang=en", files={"file": ("bad.csv", b"foo,bar\n1,2\n")})
    assert r.status_code == 422 and "Problems found: 3" in r.text and "missing required column" in r.text


def test_upload_form_refusals(client) -> None:
    r = client.post("/networks", files={"file": ("", b"")}, data={"year": ""})
    assert r.status_code == 422 and "Выберите файл" in r.text
    r = client.post("/networks", files={"file": ("k.csv", krymsky_bytes())}, data={"year": "20x1"})
    assert r.status_code == 422 and "Год — число" in r.text
    r = client.post("/networks", files={"file": ("empty.csv", b"")})
    assert r.status_code == 422 and "empty" in r.text


def test_upload_then_network_and_audit_pages(client) -> None:
    r = client.post("/networks", files={"file": ("krymsky_2021.csv", krymsky_bytes())}, data={"name": "Крымский район", "year": "2021"},
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/networks/1"
    page = client.get("/networks/1").text
    assert "загружена: 34 школ" in page  # the flash message, once
    assert "Крымский район" in page and 'id="plan-form"' in page and 'value="cpsat" selected' in page
    assert "/api/networks/1/download?format=xlsx" in page and "Планов пока нет" in page
    assert "загружена" not in client.get("/networks/1").text

    audit = client.get("/networks/1/audit").text
    assert "16 из 34" in audit and "каждая команда обогащает другие" in audit
    assert audit.count("<tr>") >= 16 + 7  # never-mentoring schools and directions
    audit_en = client.get("/networks/1/audit?lang=en").text
    assert "16 of 34" in audit_en and "every team gives experience somewhere" in audit_en and "Schools that never mentor, and why" in audit_en
    assert client.get("/?lang=ru").status_code == 200


def test_example_button_loads_krymsky(client) -> None:
    r = client.post("/networks/example", follow_redirects=False)
    assert r.status_code == 303
    assert "34" in client.get(r.headers["location"]).text


# ---------------------------------------------------------------- plan, job, card


def test_plan_page(planned, client) -> None:
    pid = planned["plan_id"]
    page = html(client.get(f"/plans/{pid}"))
    assert f"План {pid}" in page and "черновик" in page
    table = page[page.index('id="role-table"'):page.index("</table>", page.index('id="role-table"'))]
    assert table.count("<tr>") == 1 + 7
    for head in ("Команды-лидеры", "Команды, подающие надежды", "Команды скрытых резервов", "Куратор"):
        assert head in table
    assert f'src="/api/plans/{pid}/view.html?lang=ru"' in page
    for link in (f"/api/plans/{pid}/plan.xlsx?lang=ru", f"/api/plans/{pid}/plan-csv.zip?lang=ru", f"/api/plans/{pid}/plan.json"):
        assert link in page
        assert client.get(link.replace("&amp;", "&")).status_code == 200
    assert page.count('class="school-link') == 34
    assert 'id="curator-loads"' in page and 'id="deferred"' in page and 'id="approve"' in page
    en = client.get(f"/plans/{pid}?lang=en").text
    assert "Roles by direction" in en and "Leaders" in en and "view.html?lang=en" in en
    assert client.get(f"/api/plans/{pid}/view.html?lang=ru").status_code == 200


def test_job_page_sends_a_finished_job_to_its_plan(planned, client) -> None:
    r = client.get(f"/jobs/{planned['job_id']}", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/plans/{planned['plan_id']}"


def test_failed_job_page_shows_the_error(planned, client) -> None:
    from mentornet.db import JobRow

    plan = client.get(f"/api/plans/{planned['plan_id']}").json()
    with client.app.state.db.sessions() as s:
        job = JobRow(scenario_id=plan["scenario_id"], kind="solve", solver="cpsat", params={"time_limit": 5}, state="failed",
                     solutions=0, cancel_requested=False, message="No plan satisfies every hard constraint",
                     error={"title": "No plan satisfies every hard constraint", "detail": "the limits cannot all hold",
                            "errors": [{"location": {}, "where": "", "message": "school X cannot be mentored", "suggestion": "raise its cap"}]})
        s.add(job)
        s.commit()
        job_id = job.id
    page = client.get(f"/jobs/{job_id}").text
    assert 'id="job-error"' in page and "school X cannot be mentored" in page and "raise its cap" in page
    assert 'id="job-cancel"' not in page and "не удалось" in page


def test_running_job_page_polls_the_api(client) -> None:
    r = client.post("/networks/example", follow_redirects=False)
    nid = int(r.headers["location"].rsplit("/", 1)[1])
    r = client.post(f"/networks/{nid}/plan", data={"solver": "cpsat", "time_limit": "3"}, follow_redirects=False)
    job_id = int(r.headers["location"].rsplit("/", 1)[1])
    page = client.get(f"/jobs/{job_id}", follow_redirects=False)
    if page.status_code == 200:  # still running: the bar, the figures, the endpoint it polls
        assert f'data-job="/api/jobs/{job_id}"' in page.text and 'id="job-bar"' in page.text and 'id="job-gap"' in page.text
    r = client.post(f"/jobs/{job_id}/cancel", follow_redirects=False)
    assert r.status_code == 303
    job = wait_job(client, job_id)
    assert job["state"] in ("done", "cancelled")


def test_plan_form_refusals(client) -> None:
    client.post("/networks/example")
    r = client.post("/networks/1/plan", data={"solver": "cpsat", "time_limit": "100000"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/networks/1"
    assert "time_limit" in flash_of(client)
    assert client.get("/api/scenarios").json() == []  # no empty scenario left behind
    client.post("/networks/1/plan?lang=en", data={"solver": "nonsense", "time_limit": "5"}, follow_redirects=False)
    assert "error: solver: Input should be" in flash_of(client)
    client.post("/networks/1/plan?lang=ru", data={"solver": "nonsense", "time_limit": "5"}, follow_redirects=False)
    assert flash_of(client) == "error: solver: допустимые значения: cpsat, flow, greedy"


def test_school_card_locks_and_forbids_into_one_whatif(planned, client) -> None:
    pid = planned["plan_id"]
    card = html(client.get(f"/plans/{pid}/school?id={quote(SCHOOL)}"))
    assert f"<h1>{SCHOOL}</h1>" in card and "Первое изменение создаст сценарий" in card
    pair = client.get(f"/api/plans/{pid}/explanations", params={"school": SCHOOL}).json()["pairs"][0]
    assert pair["reason"] in card
    r = client.post(f"/plans/{pid}/edits", data={"op": "lock_pair", "mentor": pair["mentor"], "trainee": pair["trainee"],
                                                 "direction": pair["direction"]}, follow_redirects=False)
    assert r.status_code == 303 and re.fullmatch(r"/scenarios/\d+", r.headers["location"])
    sid = int(r.headers["location"].rsplit("/", 1)[1])
    page = client.get(f"/scenarios/{sid}").text
    assert "Изменение добавлено: закрепить пару" in page and f"Базовый план: {pid}" in page
    # from the card opened inside the scenario, the next edit goes to the same scenario
    card = client.get(f"/plans/{pid}/school?id={quote(SCHOOL)}&scenario={sid}").text
    assert f'name="scenario" value="{sid}"' in card
    r = client.post(f"/plans/{pid}/edits", data={"op": "forbid_pair", "mentor": pair["mentor"], "trainee": pair["trainee"],
                                                 "direction": pair["direction"], "scenario": str(sid)}, follow_redirects=False)
    # forbidding the pair just locked contradicts that edit: refused, naming both (numbered from 1)
    assert r.status_code == 303
    refused = flash_of(client)
    assert "2 (forbid_pair)" in refused and "1 (lock_pair)" in refused, refused
    edits = client.get(f"/api/scenarios/{sid}").json()["edits"]
    assert [e["op"] for e in edits] == ["lock_pair"]
    assert len(client.get("/api/scenarios").json()) == 2
    # a bad edit is refused with the reason, and leaves no scenario behind
    r = client.post(f"/plans/{pid}/edits", data={"op": "close_school", "school": "no such school"}, follow_redirects=False)
    assert r.status_code == 303
    assert "no such school" in flash_of(client)
    assert len(client.get("/api/scenarios").json()) == 2


def test_whatif_page_edits_rebalance_and_diff(planned, client) -> None:
    pid = planned["plan_id"]
    r = client.post(f"/plans/{pid}/what-if", follow_redirects=False)
    sid = int(r.headers["location"].rsplit("/", 1)[1])
    page = client.get(f"/scenarios/{sid}").text
    assert "Что если: от плана" in page and "Изменений пока нет" in page and 'id="rebalance-form"' in page
    for form in ({"op": "close_school", "school": SCHOOL},
                 {"op": "change_capacity", "school": "МБОУ СОШ № 1", "host_capacity": "2"},
                 {"op": "change_limit", "field": "cap_per_direction", "value": "3"},
                 {"op": "change_strategy", "strategy": "narrow"}):
        r = client.post(f"/scenarios/{sid}/edits", data=form, follow_redirects=False)
        assert r.headers["location"] == f"/scenarios/{sid}", form
        assert "ok:" in flash_of(client), form
    page = client.get(f"/scenarios/{sid}").text
    for text in (f"закрыть школу {SCHOOL}", "ёмкость МБОУ СОШ № 1: принимает команд в год = 2",
                 "предел «стажёров на наставника в направлении» = 3", "стратегия: узкая специализация"):
        assert text in page
    assert "школ после изменений: 33" in page
    assert "close school" in client.get(f"/scenarios/{sid}?lang=en").text
    client.get("/?lang=ru")  # the language is remembered: back to Russian
    client.post(f"/scenarios/{sid}/edits/3/delete")
    assert len(client.get(f"/api/scenarios/{sid}").json()["edits"]) == 3
    client.post(f"/scenarios/{sid}/edits", data={"op": "change_limit", "field": "cap_per_direction", "value": "-1"}, follow_redirects=False)
    assert "error" in flash_of(client)
    client.post(f"/scenarios/{sid}/edits", data={"op": "close_school", "school": SCHOOL}, follow_redirects=False)
    assert "её закрыло одно из предыдущих изменений" in flash_of(client)  # the edit error is coded: worded in the page's language

    r = client.post(f"/scenarios/{sid}/rebalance", data={"solver": "greedy", "time_limit": "5"}, follow_redirects=False)
    job_id = int(r.headers["location"].rsplit("/", 1)[1])
    job = wait_job(client, job_id)
    assert job["state"] == "done"
    r = client.get(f"/jobs/{job_id}", follow_redirects=False)
    assert r.headers["location"] == f"/plans/{pid}/diff/{job['plan_id']}"
    diff = client.get(r.headers["location"]).text
    api = client.get(f"/api/plans/{pid}/diff/{job['plan_id']}").json()["diff"]
    assert f'id="diff-changes">{api["changes"]}<' in diff and f'id="diff-removed">{len(api["removed"])}<' in diff
    assert "Показатели: было → стало" in diff and SCHOOL in diff
    assert "Metrics: before → after" in client.get(f"/plans/{pid}/diff/{job['plan_id']}?lang=en").text
    new_plan = client.get(f"/plans/{job['plan_id']}?lang=ru").text
    assert "перебалансировка" in new_plan and f"/plans/{pid}/diff/{job['plan_id']}" in new_plan

    r = client.post(f"/scenarios/{sid}/solve", data={"solver": "greedy", "time_limit": "5"}, follow_redirects=False)
    assert wait_job(client, int(r.headers["location"].rsplit("/", 1)[1]))["state"] == "done"


def test_approve_and_publish(planned, client) -> None:
    pid = planned["plan_id"]
    client.post(f"/plans/{pid}/status?lang=en", data={"status": "published"}, follow_redirects=False)
    assert "approve the plan before publishing" in flash_of(client)
    client.post(f"/plans/{pid}/status?lang=ru", data={"status": "published"}, follow_redirects=False)
    assert "сначала утвердите план, потом публикуйте" in flash_of(client)
    client.post(f"/plans/{pid}/status", data={"status": "approved"})
    page = client.get(f"/plans/{pid}").text
    assert "утверждён" in page and 'id="publish"' in page
    client.post(f"/plans/{pid}/status", data={"status": "published"})
    page = client.get(f"/plans/{pid}").text
    assert "опубликован" in page and "окончателен" in page and 'id="approve"' not in page and 'id="publish"' not in page
    assert client.get(f"/api/plans/{pid}").json()["status"] == "published"
    plans = client.get("/plans").text
    assert "опубликован" in plans and f'href="/plans/{pid}"' in plans


# ---------------------------------------------------------------- errors and the token


def test_errors_are_pages(client) -> None:
    for url in ("/plans/999", "/networks/5", "/networks/5/audit", "/scenarios/3", "/jobs/8", "/plans/abc", "/plans/1/diff/2"):
        r = client.get(url)
        assert r.status_code == 404, url
        assert "<h1>" in html(r) and "/static/app.css" in r.text, url
    assert client.get("/api/plans/999").headers["content-type"] == "application/problem+json"
    assert client.get("/static/app.css").status_code == 200 and client.get("/static/app.js").status_code == 200


def test_pages_are_outside_the_openapi_spec(client) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert all(p.startswith("/api/") for p in paths), [p for p in paths if not p.startswith("/api/")]


def test_with_a_token_pages_are_read_only_until_sign_in(make_client) -> None:
    c = make_client(api_token=TOKEN)
    page = c.get("/").text
    assert "требуют токена API" in page and "<fieldset disabled>" in page and 'href="/login?next=' in page
    r = c.post("/networks/example", headers={"referer": "http://testserver/"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    assert c.get("/api/networks").json() == []

    r = c.post("/login", data={"token": "wrong", "next": "/"})
    assert r.status_code == 401 and "Токен не подходит" in r.text
    r = c.post("/login", data={"token": TOKEN, "next": "/networks"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/networks"
    cookie = next(h for h in r.headers.get_list("set-cookie") if h.startswith("mentornet_token="))
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie.replace("samesite", "SameSite")
    page = c.get("/").text
    assert "вход выполнен" in page and "<fieldset disabled>" not in page
    r = c.post("/networks/example", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/networks/1"
    # the cookie opens the pages' writes, not the JSON API's
    r = c.post("/api/networks/example")
    assert r.status_code == 401
    assert c.post("/api/networks/example", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 201
    c.post("/logout")
    assert "требуют токена API" in c.get("/").text


def test_closed_reads_need_the_sign_in_and_the_cookie_opens_api_reads(make_client) -> None:
    c = make_client(api_token=TOKEN, read_only_open=False)
    r = c.get("/plans", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fplans"
    assert c.get("/api/networks").status_code == 401
    assert c.get("/login").status_code == 200
    c.post("/login", data={"token": TOKEN, "next": "/plans"})
    assert c.get("/plans").status_code == 200
    assert c.get("/api/networks").status_code == 200  # the embedded view, downloads and job polling read with the cookie


def test_cross_site_posts_are_refused(client) -> None:
    r = client.post("/networks/example", headers={"sec-fetch-site": "cross-site"})
    assert r.status_code == 403
    r = client.post("/networks/example", headers={"origin": "http://evil.example"})
    assert r.status_code == 403
    assert client.get("/api/networks").json() == []
    r = client.post("/networks/example", headers={"origin": "http://testserver", "sec-fetch-site": "same-origin"}, follow_redirects=False)
    assert r.status_code == 303


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil"])
def test_login_goes_back_only_to_this_site(make_client, target: str) -> None:
    c = make_client(api_token=TOKEN)
    r = c.post("/login", data={"token": TOKEN, "next": target}, follow_redirects=False)
    assert r.headers["location"] == "/"


def test_school_card_states_no_unknown_fact(planned, client) -> None:
    """Issue 11, item 2: the Krymsky table gives no settlement or results; the card must not invent them."""
    pid = planned["plan_id"]
    card = client.get(f"/plans/{pid}/school?id={quote(SCHOOL)}").text
    assert f"<h1>{SCHOOL}</h1>" in card
    for word in ("городская", "сельская", "settlement.", "kind.None"):
        assert word not in card
    assert term("ru", "kind", "secondary") in card  # the name says СОШ: that fact is stated
    pairs = client.get(f"/api/plans/{pid}/explanations", params={"school": SCHOOL, "lang": "ru"}).json()["pairs"]
    assert pairs and not any("городск" in p["reason"] for p in pairs)


def test_publishing_a_second_plan_asks_for_confirmation(planned, client) -> None:
    first = planned["plan_id"]
    r = client.post(f"/networks/{planned['network_id']}/plan", data={"solver": "flow", "strategy": "", "time_limit": "5"},
                    follow_redirects=False)
    second = wait_job(client, int(r.headers["location"].rsplit("/", 1)[1]))["plan_id"]
    for pid in (first, second):
        client.post(f"/plans/{pid}/status", data={"status": "approved"})
    client.post(f"/plans/{first}/status", data={"status": "published"})
    page = client.get(f"/plans/{second}?lang=en").text
    assert 'id="supersede-confirm"' in page and f"Replace the published plan {first}" in page
    # without the confirmation the page refuses and nothing changes
    r = client.post(f"/plans/{second}/status", data={"status": "published"}, follow_redirects=False)
    assert r.status_code == 303 and f"plan {first}" in flash_of(client)
    assert client.get(f"/api/plans/{second}").json()["status"] == "approved"
    client.post(f"/plans/{second}/status", data={"status": "published", "supersede": "1"})
    assert client.get(f"/api/plans/{second}").json()["status"] == "published"
    assert client.get(f"/api/plans/{first}").json()["status"] == "superseded"
    old = client.get(f"/plans/{first}?lang=ru").text
    assert 'id="superseded-note"' in old and "заменён" in old
