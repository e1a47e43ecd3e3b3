"""Uploading networks (every format and every bad case), listing, reading, audit, downloads."""

from __future__ import annotations

import io
import json
import zipfile

import openpyxl
import pytest

from tests.api.conftest import KRYMSKY_CSV, small_tables, upload, upload_krymsky, xlsx_bytes


def problem_of(r, status: int = 422) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert {"type", "title", "status", "detail", "errors"} <= set(body)
    assert body["status"] == status
    return body


def one_error(body: dict, **location) -> dict:
    found = [e for e in body["errors"] if all(e["location"].get(k) == v for k, v in location.items())]
    assert len(found) == 1, f"expected one error at {location}: {body['errors']}"
    return found[0]


# ---------------------------------------------------------------- good uploads


def test_upload_role_table_csv(client) -> None:
    net = upload_krymsky(client, year=2021, name="Крымский район 2021")
    assert (net["schools"], net["directions"], net["year"], net["name"]) == (34, 7, 2021, "Крымский район 2021")
    assert net["source_filename"] == "krymsky_2021.csv" and net["source_format"] == "csv"
    assert net["level_only"] is True
    assert len(net["network"]["schools"]) == 34


def test_upload_workbook_with_policy(client) -> None:
    tables = small_tables(policy=[["key", "value"], ["cap_per_direction", 2], ["time_limit", 7]])
    r = upload(client, "small.xlsx", xlsx_bytes(tables))
    assert r.status_code == 201, r.text
    net = r.json()
    assert net["schools"] == 3 and net["source_format"] == "xlsx" and net["has_policy"]
    assert net["policy"]["cap_per_direction"] == 2
    # New scenarios start from the network's policy.
    sc = client.post("/api/scenarios", json={"network_id": net["id"]}).json()
    assert sc["policy"]["cap_per_direction"] == 2 and sc["policy"]["time_limit"] == 7


def test_upload_json_network(client, krymsky) -> None:
    r = upload(client, "net.json", krymsky.model_dump_json().encode())
    assert r.status_code == 201, r.text
    assert r.json()["source_format"] == "json" and r.json()["schools"] == 34


def test_upload_zip_of_csv_tables(client) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, rows in small_tables().items():
            zf.writestr(f"mynet/{name}.csv", "\n".join(",".join("" if v is None else str(v) for v in row) for row in rows))
        zf.writestr("__MACOSX/._schools.csv", "junk")
    r = upload(client, "mynet.zip", buf.getvalue())
    assert r.status_code == 201, r.text
    assert r.json()["schools"] == 3 and r.json()["source_format"] == "zip"


def test_upload_zip_with_one_role_table(client) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("krymsky.csv", KRYMSKY_CSV.read_bytes())
    r = upload(client, "krymsky.zip", buf.getvalue())
    assert r.status_code == 201, r.text
    assert r.json()["schools"] == 34


def test_upload_windows_1251_role_table(client) -> None:
    data = KRYMSKY_CSV.read_text(encoding="utf-8").encode("cp1251")
    r = upload(client, "krymsky-1251.csv", data)
    assert r.status_code == 201, r.text
    assert any(s["id"] == "МБОУ СОШ № 1" for s in r.json()["network"]["schools"])


def test_upload_example(client) -> None:
    r = client.post("/api/networks/example")
    assert r.status_code == 201 and r.json()["schools"] == 34 and r.json()["year"] == 2021


# ---------------------------------------------------------------- bad uploads


def test_empty_file(client) -> None:
    body = problem_of(upload(client, "empty.csv", b""))
    err = one_error(body, file="empty.csv")
    assert "empty" in err["message"]


def test_wrong_encoding(client) -> None:
    # 0x98 is neither UTF-8 nor Windows-1251
    data = b"direction,role,school\n1,leader,School \x98\x98\n"
    body = problem_of(upload(client, "table.csv", data))
    err = one_error(body, file="table.csv")
    assert "UTF-8" in err["message"] and err["location"]["row"] == 2


def test_unknown_school(client) -> None:
    tables = small_tables(locks_pairs=[["mentor", "trainee", "direction"], ["A", "B", "1"], ["A", "Z", "1"]])
    body = problem_of(upload(client, "net.xlsx", xlsx_bytes(tables)))
    err = one_error(body, sheet="locks_pairs", row=3, column="trainee")
    assert "unknown school 'Z'" in err["message"]
    assert "net.xlsx" in err["where"] and "row 3" in err["where"]


def test_score_of_140(client) -> None:
    rows = [["school", "direction", "score"], ["A", "1", 90], ["B", "1", 140], ["C", "1", 10]]
    body = problem_of(upload(client, "net.xlsx", xlsx_bytes(small_tables(competences=rows))))
    err = one_error(body, sheet="competences", row=3)
    assert err["location"]["column"] == "score"
    assert "140" in err["message"] and "100" in err["message"]


def test_missing_column(client) -> None:
    data = "direction,school\n1,A\n1,B\n".encode()
    body = problem_of(upload(client, "roles.csv", data))
    err = one_error(body, column="role")
    assert "missing required column" in err["message"]


def test_not_a_workbook(client) -> None:
    body = problem_of(upload(client, "network.xlsx", b"this is plain text, not a workbook"))
    assert "XLSX" in body["errors"][0]["message"] or "workbook" in body["errors"][0]["message"]


def test_broken_zip(client) -> None:
    body = problem_of(upload(client, "tables.zip", b"PK\x03\x04 broken"))
    assert "ZIP" in body["errors"][0]["message"]


def test_zip_without_tables(client) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("readme.md", "nothing here")
    body = problem_of(upload(client, "tables.zip", buf.getvalue()))
    assert "no CSV" in body["errors"][0]["message"]


def test_invalid_json(client) -> None:
    body = problem_of(upload(client, "net.json", b'{"schools": [}'))
    assert body["errors"] and "JSON" in body["errors"][0]["message"]


def test_old_excel_format(client) -> None:
    body = problem_of(upload(client, "old.xls", b"\xd0\xcf\x11\xe0 not really"))
    assert ".xlsx" in body["errors"][0]["message"]


def test_too_large(make_client) -> None:
    client = make_client(max_upload_bytes=1000)
    body = problem_of(upload(client, "krymsky.csv", KRYMSKY_CSV.read_bytes()), status=413)
    assert "1000 bytes" in body["detail"]
    assert client.get("/api/networks").json() == []


def test_too_large_refused_from_content_length(make_client) -> None:
    client = make_client(max_upload_bytes=1000)
    big = b"x" * 200_000
    body = problem_of(upload(client, "big.csv", big), status=413)
    assert body["title"] == "File too large"


def test_too_many_schools(make_client) -> None:
    client = make_client(max_schools=10)
    body = problem_of(upload(client, "krymsky.csv", KRYMSKY_CSV.read_bytes()))
    assert "34 schools" in body["detail"] and "at most 10" in body["detail"]


def test_upload_without_file(client) -> None:
    body = problem_of(client.post("/api/networks", data={"name": "x"}))
    assert body["errors"][0]["location"]["field"] == "file"


# ---------------------------------------------------------------- reading


def test_list_get_filter_and_delete(client) -> None:
    a = upload_krymsky(client, year=2021)
    b = upload_krymsky(client, year=2022)
    listed = client.get("/api/networks").json()
    assert [n["id"] for n in listed] == [b["id"], a["id"]]
    assert "network" not in listed[0]
    assert [n["id"] for n in client.get("/api/networks", params={"year": 2021}).json()] == [a["id"]]
    got = client.get(f"/api/networks/{a['id']}").json()
    assert got["network"]["schools"][0]["id"] == "МБОУ СОШ № 1"
    # a network used by a scenario is kept
    client.post("/api/scenarios", json={"network_id": b["id"]})
    r = client.delete(f"/api/networks/{b['id']}")
    assert r.status_code == 409 and "scenario" in r.json()["detail"]
    assert client.delete(f"/api/networks/{a['id']}").status_code == 204
    assert problem_of(client.get(f"/api/networks/{a['id']}"), 404)["title"] == "No such network"


def test_audit(client) -> None:
    net = upload_krymsky(client)
    report = client.get(f"/api/networks/{net['id']}/audit", params={"lang": "en"}).json()
    assert report["schools"] == 34 and report["schools_mentoring"] == 18
    assert len(report["schools_never_mentoring"]) == 16
    assert report["findings"]
    ru = client.get(f"/api/networks/{net['id']}/audit").json()
    assert ru["lang"] == "ru"


@pytest.mark.parametrize("fmt", ["xlsx", "json", "csv"])
def test_download_network_reads_back(client, fmt: str) -> None:
    net = upload_krymsky(client)
    r = client.get(f"/api/networks/{net['id']}/download", params={"format": fmt})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    name = {"xlsx": "n.xlsx", "json": "n.json", "csv": "n.zip"}[fmt]
    # the file read back holds exactly the stored data: the upload finds the network it came from
    same = problem_of(upload(client, name, r.content), 409)
    assert same["existing_network_id"] == net["id"]
    again = upload(client, name, r.content, force="true")
    assert again.status_code == 201, again.text
    assert again.json()["network"]["schools"] == net["network"]["schools"]


def test_network_view(client) -> None:
    net = upload_krymsky(client)
    r = client.get(f"/api/networks/{net['id']}/view.html", params={"lang": "en"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<html" in r.text.lower()


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_template_workbook(client, lang: str) -> None:
    r = client.get("/api/template", params={"lang": lang})
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert len(wb.sheetnames) > 3
    # the template as downloaded is itself a readable network
    assert upload(client, "template.xlsx", r.content).status_code == 201


def test_template_role_table(client) -> None:
    r = client.get("/api/template", params={"format": "csv"})
    assert r.status_code == 200 and r.content == KRYMSKY_CSV.read_bytes()


def test_meta_and_health(client) -> None:
    h = client.get("/api/health").json()
    assert h["status"] == "ok" and h["database"] in ("sqlite", "postgresql")
    m = client.get("/api/meta").json()
    assert {"cpsat", "greedy"} <= set(m["solvers"])
    assert "close_school" in m["edits"] and "max_km" in m["limit_fields"]
    assert m["policy"]["cap_per_direction"]["default"] == 4
    assert m["roles"]["leader"]["ru"]
    assert m["auth"]["token_required_for_writes"] is False


def test_docs_and_openapi(client) -> None:
    assert client.get("/docs").status_code == 200
    spec = client.get("/openapi.json").json()
    assert "/api/scenarios/{scenario_id}/rebalance" in spec["paths"]
    assert "Problem" in spec["components"]["schemas"]


def test_unknown_route_is_a_problem(client) -> None:
    body = problem_of(client.get("/api/nothing-here"), 404)
    assert "/docs" in body["detail"]


def test_json_of_network_roundtrips(client) -> None:
    net = upload_krymsky(client)
    doc = client.get(f"/api/networks/{net['id']}").json()["network"]
    r = upload(client, "again.json", json.dumps(doc, ensure_ascii=False).encode())
    assert problem_of(r, 409)["existing_network_id"] == net["id"]  # the same data, in another format
    r = upload(client, "again.json", json.dumps(doc, ensure_ascii=False).encode(), force="true")
    assert r.status_code == 201
