"""An infeasible plan explained in the reader's language: library, CLI, API and the job page.

Every conflict and fix is a message code (docs/design.md, "How to add a
language, or a message"): rendered in Russian it holds no English word
(outside names, ids and the settings a reader types), nouns agree with their
numbers, and the failed job stored in the database holds codes, not
sentences — rendered when read, in the reader's language.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from mentornet.api import Settings, create_app
from mentornet.cli import infeasible_report, main
from mentornet.errors import Conflict, InfeasibleError, group_conflicts, infeasible_lines
from mentornet.graph.candidates import build_candidates
from mentornet.i18n import Message
from mentornet.io.writers import write_network
from mentornet.messages import MESSAGES
from mentornet.model import Curator, Direction, Policy
from mentornet.planning import solve
from mentornet.solvers.cpsat.explain import explain_infeasible
from tests.i18n.infeasible_cases import SETTINGS, far_schools_network, locked_network, names
from tests.i18n.russian import english_words, plural_errors
from tests.i18n.test_messages import NUMBERS, _params

FAST = Policy(time_limit=5.0)
CODES = sorted(c for c in MESSAGES if c.startswith(("conflict.", "lock_problem.")))


def _russian(texts, allowed) -> list[str]:
    bad = []
    for text in texts:
        words = english_words(text, [*allowed, *SETTINGS])
        if words:
            bad.append(f"English {words} in {text[:160]!r}")
        bad += [f"{e} in {text[:160]!r}" for e in plural_errors(text)]
    return bad


def _infeasible(network, solver: str = "cpsat", policy: Policy = FAST) -> InfeasibleError:
    with pytest.raises(InfeasibleError) as info:
        solve(network, policy, solver=solver)
    return info.value


def _core_case():
    """Two curators of one direction, one team each, three trainees to place: found by CP-SAT's core, not by counting."""
    net = locked_network()
    net = net.with_changes(
        locks=type(net.locks)(),
        curators=(Curator(id="c1", max_teams=1), Curator(id="c2", max_teams=1)),
        directions=(Direction(id="1", name=net.directions[0].name, curators=("c1", "c2")),),
    )
    return net


@pytest.mark.parametrize("code", CODES)
def test_every_conflict_code_has_a_russian_translation(code):
    for n in NUMBERS:
        params = _params(code, n)
        ru, en = Message(code=code, params=params).render("ru"), Message(code=code, params=params).render("en")
        assert ru != en or not re.search(r"[A-Za-z]{3,}", en), f"{code}: not translated: {ru!r}"


@pytest.mark.parametrize("case", ["far", "locked", "core", "greedy-lock"])
def test_conflicts_read_in_russian(case):
    if case == "far":
        net, exc = far_schools_network(), _infeasible(far_schools_network())
    elif case == "locked":
        net = locked_network()
        exc = _infeasible(net)
    elif case == "core":
        net = _core_case()
        exc = InfeasibleError(explain_infeasible(build_candidates(net, FAST), time_limit=5))
        assert exc.conflicts[0].kind == "curator_limit"
    else:
        net = locked_network().with_changes(curators=(), directions=(Direction(id="1", name=locked_network().directions[0].name, mentor_cap=2),))
        exc = _infeasible(net, solver="greedy")
    assert all(isinstance(c, Conflict) and c.text is not None for c in exc.conflicts), "every conflict is coded"
    texts = [c.message_in("ru") for c in exc.conflicts] + [c.suggestion_in("ru") for c in exc.conflicts]
    texts += infeasible_lines(exc.conflicts, "ru") + infeasible_lines(exc.conflicts, "ru", compact=True)
    texts += [exc.render("ru")]
    bad = _russian(texts, names(net))
    assert not bad, "\n".join(bad[:10])
    # English still reads as before (the English text is the message's rendering).
    assert all(c.message == c.message_in("en") and c.suggestion == c.suggestion_in("en") for c in exc.conflicts)


def test_a_conflict_round_trips_as_codes():
    exc = _infeasible(far_schools_network())
    for c in exc.conflicts:
        record = c.as_record()
        assert "message" not in record and "suggestion" not in record, "stored as codes, not sentences"
        back = Conflict.from_record(record)
        assert back.message_in("ru") == c.message_in("ru") and back.suggestion_in("ru") == c.suggestion_in("ru")
        assert [p.as_record() for p in back.parts] == [p.as_record() for p in c.parts]
    # an old record (English sentences) is still read, verbatim
    old = Conflict.from_record({"kind": "involvement", "message": "School X can be in no pair.", "suggestion": "raise max_km",
                                "schools": ["X"], "directions": []})
    assert old.message_in("ru") == "School X can be in no pair." and old.suggestion_in("ru") == "raise max_km"


# ---------------------------------------------------------------- CLI


def _plan(tmp_path: Path, network, *args: str, capsys) -> tuple[int, str]:
    path = write_network(network, tmp_path / "net.json")
    with pytest.raises(SystemExit) as exit_:
        main(["plan", str(path), "--out", str(tmp_path / "out"), "--time-limit", "5", *args])
    return int(exit_.value.code or 0), capsys.readouterr().err


@pytest.mark.parametrize("solver", ["cpsat", "flow", "greedy"])
def test_cli_explains_an_infeasible_network_in_russian(tmp_path, capsys, solver):
    net = far_schools_network()
    code, err = _plan(tmp_path, net, "--lang", "ru", "--solver", solver, capsys=capsys)
    assert code == 3
    bad = _russian([line for line in err.splitlines() if line.strip()], names(net))
    assert not bad, "\n".join(bad[:10])
    assert "жёсткие ограничения" in err and "max_km" in err


def test_cli_explains_in_english_with_lang_en(tmp_path, capsys):
    code, err = _plan(tmp_path, far_schools_network(), "--lang", "en", capsys=capsys)
    assert code == 3 and "no plan satisfies every hard constraint" in err and "raise max_km to at least" in err


# ---------------------------------------------------------------- API and the job page


def _wait(client: TestClient, job_id: int, lang: str | None = None) -> dict:
    deadline = time.monotonic() + 60
    while True:
        job = client.get(f"/api/jobs/{job_id}" + (f"?lang={lang}" if lang else "")).json()
        if job["state"] in ("done", "failed", "cancelled"):
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.1)


@pytest.fixture
def client(tmp_path):
    with TestClient(create_app(Settings(database_url=f"sqlite:///{tmp_path / 'm.db'}"))) as c:
        yield c


def test_failed_job_is_stored_as_codes_and_read_in_the_readers_language(client, tmp_path):
    from mentornet.db import JobRow

    net = far_schools_network()
    scenario_id = _scenario(client, tmp_path)
    job = client.post(f"/api/scenarios/{scenario_id}/solve", json={"solver": "greedy"}).json()
    en = _wait(client, job["id"])
    assert en["state"] == "failed"
    assert en["error"]["title"] == "No plan satisfies every hard constraint"
    assert "raise max_km to at least" in en["error"]["errors"][0]["suggestion"]
    # In the database: codes and parameters, no finished sentence.
    with client.app.state.db.sessions() as s:
        stored = s.get(JobRow, job["id"]).error
    assert all("message" not in item and "conflict" in item for item in stored["errors"])
    assert all(item["conflict"]["text"]["code"].startswith("conflict.") for item in stored["errors"])
    # Read in Russian: every message, fix and the grouped summary.
    ru = client.get(f"/api/jobs/{job['id']}?lang=ru").json()["error"]
    texts = [e["message"] for e in ru["errors"]] + [e["suggestion"] for e in ru["errors"]]
    texts += [g["heading"] for g in ru["groups"]] + [g["title"] for g in ru["groups"]] + [g["fix"] for g in ru["groups"]]
    texts += [i["text"] for g in ru["groups"] for i in g["items"]]
    bad = _russian(texts, names(net))
    assert not bad, "\n".join(bad[:10])
    assert len(ru["groups"]) == 1 and len(ru["groups"][0]["directions"]) == 3 and len(ru["groups"][0]["items"]) == 9
    # The job page in Russian shows the grouped explanation, each direction once.
    page = client.get(f"/jobs/{job['id']}?lang=ru").text
    block = page[page.index('id="job-error"'):]
    block = block[: block.index("</section>")]
    for d in net.directions:
        assert block.count(d.name) == 1, d.name
    text = re.sub(r"<[^>]+>", " ", block).replace("&#34;", '"').replace("&#39;", "'").replace("&quot;", '"')
    bad = _russian([t for t in text.split("\n") if t.strip()], [*names(net), "id", "job", "error", "class"])
    assert not bad, "\n".join(bad[:10])


def _scenario(client: TestClient, tmp_path: Path) -> int:
    path = write_network(far_schools_network(), tmp_path / "far.json")
    r = client.post("/api/networks", files={"file": ("far.json", path.read_bytes())})
    assert r.status_code == 201, r.text
    return int(client.post("/api/scenarios", json={"network_id": r.json()["id"]}).json()["id"])


def test_an_old_failed_job_with_sentences_still_reads(client, tmp_path):
    from mentornet.db import JobRow

    scenario_id = _scenario(client, tmp_path)
    with client.app.state.db.sessions() as s:
        row = JobRow(scenario_id=scenario_id, kind="solve", solver="greedy", params={}, state="failed", solutions=0,
                     cancel_requested=False, message="No plan satisfies every hard constraint",
                     error={"type": "urn:mentornet:problem:infeasible", "title": "No plan satisfies every hard constraint",
                            "detail": "", "errors": [{"location": {}, "where": "", "kind": "involvement",
                                                      "message": "School X can be in no pair.", "suggestion": "raise max_km"}]})
        s.add(row)
        s.commit()
        job_id = row.id
    for lang in ("ru", "en"):
        job = client.get(f"/api/jobs/{job_id}?lang={lang}").json()
        assert job["error"]["errors"][0]["message"] == "School X can be in no pair."
    assert "School X can be in no pair." in client.get(f"/jobs/{job_id}?lang=ru").text


def test_problem_details_of_an_infeasible_error_in_russian():
    from mentornet.api.problems import error_payload

    net = far_schools_network()
    exc = _infeasible(net)
    body = error_payload(exc, "ru")
    assert body["type"].endswith(":infeasible") and body["groups"]
    texts = [e["message"] for e in body["errors"]] + [e["suggestion"] for e in body["errors"]]
    bad = _russian(texts, names(net))
    assert not bad, "\n".join(bad[:10])
    assert error_payload(exc)["errors"][0]["message"] == exc.conflicts[0].message  # English by default, as before
    groups, rest = group_conflicts(exc.conflicts)
    assert not rest and [g.rule for g in groups] == ["distance"]
    assert infeasible_report(exc, "ru")[0].startswith(Message(code="error.infeasible_head").render("ru"))


def test_plan_many_problem_file_explains_in_russian(tmp_path):
    import json

    from mentornet.plan_many import plan_regions, write_results

    net = far_schools_network()
    results = plan_regions({"Дальний": net}, executor="serial", solver="greedy")
    assert results[0].status == "INFEASIBLE"
    write_results(results, tmp_path / "out", {"Дальний": net}, "ru")
    problem = json.loads(next((tmp_path / "out").glob("*/problem.json")).read_text(encoding="utf-8"))
    texts = [c["message"] for c in problem["conflicts"]] + [c["suggestion"] for c in problem["conflicts"]] + problem["explanation"]
    bad = _russian(texts, names(net))
    assert not bad, "\n".join(bad[:10])
    assert problem["lang"] == "ru" and sum(line.count(net.directions[0].name) for line in problem["explanation"]) == 1
