"""The database layer: shipped migrations match the models, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from mentornet.db import Base, JobRow, NetworkRow, ScenarioRow, fail_interrupted_jobs, normalise_url, open_database, upgrade


def test_migrations_match_the_models(database_url) -> None:
    db = open_database(database_url)
    try:
        with db.engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
            tables = set(inspect(conn).get_table_names())
        assert {"networks", "scenarios", "plans", "jobs", "journal_events", "journal_transfers", "alembic_version"} <= tables
        upgrade(db.engine)  # running again is harmless
    finally:
        db.dispose()


def test_downgrade_and_upgrade_again(database_url) -> None:
    db = open_database(database_url)
    try:
        from alembic import command
        from alembic.config import Config

        from mentornet.db import MIGRATIONS

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
        with db.engine.connect() as conn:
            assert "networks" not in inspect(conn).get_table_names()
        upgrade(db.engine)
        with db.engine.connect() as conn:
            assert "networks" in inspect(conn).get_table_names()
    finally:
        db.dispose()


def test_fail_interrupted_jobs_touches_only_unfinished_jobs(database_url, krymsky) -> None:
    db = open_database(database_url)
    try:
        with db.sessions() as s:
            net = NetworkRow(name="n", data=krymsky.model_dump(mode="json"), n_schools=34, n_directions=7)
            s.add(net)
            s.flush()
            sc = ScenarioRow(network_id=net.id, name="s", edits=[], policy={})
            s.add(sc)
            s.flush()
            for state in ("queued", "running", "done", "failed", "cancelled"):
                s.add(JobRow(scenario_id=sc.id, solver="greedy", state=state, params={}, solutions=0, cancel_requested=False))
            s.commit()
            assert fail_interrupted_jobs(s) == 2
            states = sorted(j.state for j in s.query(JobRow))
        assert states == ["cancelled", "done", "failed", "failed", "failed"]
    finally:
        db.dispose()


def test_postgres_urls_use_psycopg() -> None:
    assert normalise_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_url("sqlite:///x.db") == "sqlite:///x.db"
