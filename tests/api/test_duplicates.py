"""Duplicate uploads (issue 16): an upload identical to a stored network is answered with that network.

"Identical" is the normalised content: the network as the readers read it
(headers in either language, encodings, separators) without its name, and
the policy the file carried. The planner may insist (``force=true``).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json

from sqlalchemy import inspect

from mentornet.db import MIGRATIONS, open_database, upgrade
from tests.api.conftest import KRYMSKY_CSV, small_tables, upload, upload_krymsky, xlsx_bytes


def _networks(client) -> list[dict]:
    return client.get("/api/networks").json()


def test_the_same_file_twice_is_a_409_naming_the_stored_network(client) -> None:
    first = upload_krymsky(client, year=2021)
    r = upload(client, "krymsky_2021.csv", KRYMSKY_CSV.read_bytes(), year=2021)
    assert r.status_code == 409, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["type"] == "urn:mentornet:problem:duplicate-network"
    assert body["existing_network_id"] == first["id"]
    assert body["existing_network_url"] == f"/api/networks/{first['id']}"
    assert body["existing_network_year"] == 2021
    assert client.get(body["existing_network_url"]).json()["id"] == first["id"]
    assert [n["id"] for n in _networks(client)] == [first["id"]]  # nothing was stored


def test_same_content_under_another_name_encoding_and_separator_is_a_duplicate(client) -> None:
    first = upload_krymsky(client)
    rows = list(csv.reader(io.StringIO(KRYMSKY_CSV.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)  # as Excel of a Russian locale saves it
    r = upload(client, "копия.csv", out.getvalue().encode("cp1251"), name="Другое название")
    assert r.status_code == 409, r.text
    assert r.json()["existing_network_id"] == first["id"]


def test_different_data_are_not_duplicates(client) -> None:
    upload_krymsky(client, year=2021)
    assert upload(client, "krymsky_2021.csv", KRYMSKY_CSV.read_bytes(), year=2022).status_code == 201  # another year
    one = small_tables(policy=[["key", "value"], ["cap_per_direction", 2]])
    two = small_tables(policy=[["key", "value"], ["cap_per_direction", 3]])
    assert upload(client, "a.xlsx", xlsx_bytes(one)).status_code == 201
    assert upload(client, "b.xlsx", xlsx_bytes(two)).status_code == 201  # the same schools under another policy
    assert upload(client, "c.xlsx", xlsx_bytes(two)).status_code == 409
    assert len(_networks(client)) == 4


def test_force_stores_a_second_copy(client) -> None:
    first = upload_krymsky(client)
    r = upload(client, "krymsky_2021.csv", KRYMSKY_CSV.read_bytes(), force="true")
    assert r.status_code == 201, r.text
    second = r.json()
    assert second["id"] != first["id"] and second["network"] == first["network"]
    # a third upload still names the oldest copy
    assert upload(client, "krymsky_2021.csv", KRYMSKY_CSV.read_bytes()).json()["existing_network_id"] == first["id"]


def _independent_hash(data: dict, policy: dict | None) -> str:
    content = {k: v for k, v in data.items() if k != "name"}
    text = json.dumps({"network": content, "policy": policy or None}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_migration_0004_gives_stored_networks_their_hash(database_url, krymsky) -> None:
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from mentornet.db import make_engine
    from mentornet.services.networks import content_hash

    engine = make_engine(database_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
    data = krymsky.model_dump(mode="json")
    with engine.begin() as conn:
        assert "content_hash" not in {c["name"] for c in inspect(conn).get_columns("networks")}
        conn.execute(text("INSERT INTO networks (name, year, data, policy, n_schools, n_directions, created_at) "
                          "VALUES ('old', 2021, :data, NULL, 34, 7, CURRENT_TIMESTAMP)"), {"data": json.dumps(data, ensure_ascii=False)})
    upgrade(engine)
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT content_hash FROM networks")).scalar_one()
    engine.dispose()
    assert stored == content_hash(data, None) == _independent_hash(data, None)
    db = open_database(database_url)  # the stored network is found by an identical upload
    try:
        from mentornet.services.networks import find_duplicate

        with db.sessions() as s:
            found = find_duplicate(s, krymsky, None)
            assert found is not None and found.name == "old"
    finally:
        db.dispose()
