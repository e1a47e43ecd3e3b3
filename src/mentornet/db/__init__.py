"""Persistence: SQLAlchemy 2 engine, sessions, migrations, and the stored tables.

The database is a SQLite file by default (``sqlite:///./mentornet.db``, no
server needed) or PostgreSQL by URL (``postgresql://user@host/db``; the
psycopg 3 driver is used). :func:`open_database` creates the engine and
brings the schema to the newest migration (Alembic ``upgrade head``, the
migrations ship inside the package in ``mentornet/migrations``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, select, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from mentornet.db.models import (
    JOB_STATES,
    PLAN_STATUSES,
    Base,
    JobRow,
    JournalCountRow,
    JournalEventRow,
    JournalTransferRow,
    NetworkRow,
    OutcomeRow,
    PlanRow,
    ProgrammeRow,
    ScenarioRow,
    utcnow,
)
from mentornet.errors import MentornetError

__all__ = [
    "Base",
    "DEFAULT_JOB_LEASE_SECONDS",
    "Database",
    "JOB_STATES",
    "JobRow",
    "JournalCountRow",
    "JournalEventRow",
    "JournalTransferRow",
    "NetworkRow",
    "OutcomeRow",
    "PLAN_STATUSES",
    "PlanRow",
    "ProgrammeRow",
    "PublishedPlanError",
    "ScenarioRow",
    "fail_interrupted_jobs",
    "make_engine",
    "normalise_url",
    "open_database",
    "upgrade",
    "utcnow",
]

DEFAULT_URL = "sqlite:///./mentornet.db"
#: The Alembic scripts shipped with the package.
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
RESTART_MESSAGE = "the server restarted during the solve; the job was stopped, nothing stored was lost — start the solve again"
RESTART_QUEUED_MESSAGE = "the server restarted before the solve started — start the solve again"
#: How long a job's owner may stay silent before its jobs count as left behind (``MENTORNET_JOB_LEASE_SECONDS``).
DEFAULT_JOB_LEASE_SECONDS = 30.0


class PublishedPlanError(MentornetError):
    """Something tried to change or delete a published plan."""


def normalise_url(url: str) -> str:
    """Use the installed psycopg 3 driver for plain ``postgresql://`` URLs."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and foreign keys."""
    url = normalise_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        db = parsed.database
        if db and db != ":memory:" and not db.startswith("file:"):
            Path(db).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            if db and db != ":memory:":
                cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Run the shipped Alembic migrations up to ``revision``."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def fail_interrupted_jobs(
    session: Session,
    *,
    lease_seconds: float = DEFAULT_JOB_LEASE_SECONDS,
    gone: Callable[[str], bool] | None = None,
    exclude_owner: str | None = None,
) -> int:
    """Mark as failed the jobs that a dead server left ``running``.

    A running job is left behind when its owner has gone quiet: no owner
    recorded (a server from before owners), no heartbeat within
    ``lease_seconds``, or ``gone(owner)`` is true (the owner is known to be
    dead, e.g. a process of this machine that no longer exists). Jobs of
    live servers — and of ``exclude_owner``, the caller — are untouched.
    A ``queued`` job has lost nothing when its server died: any live server
    claims it, so only queued jobs without an owner (which no server claims)
    are failed.

    Returns the number of jobs marked. Their scenarios, networks and plans
    are untouched: a job writes its plan in the same transaction that marks
    it done, so an interrupted job has written nothing.
    """
    now = utcnow()
    cutoff = now - dt.timedelta(seconds=lease_seconds)
    rows = session.execute(
        select(JobRow.id, JobRow.state, JobRow.owner, JobRow.heartbeat_at, JobRow.created_at).where(JobRow.state.in_(("queued", "running")))
    ).all()
    session.rollback()  # only the updates below write, each as its own check-and-set
    dead_owner: dict[str, bool] = {}
    n = 0
    for job_id, state, owner, heartbeat_at, created_at in rows:
        if owner is not None:
            if owner == exclude_owner or state == "queued":
                continue
            last = aware(heartbeat_at) or aware(created_at)
            if owner not in dead_owner:
                dead_owner[owner] = bool(gone and gone(owner))
            if not dead_owner[owner] and last is not None and last >= cutoff:
                continue
        message = RESTART_MESSAGE if state == "running" else RESTART_QUEUED_MESSAGE
        error = {"type": "server_restarted", "title": "Server restarted", "detail": message}
        # only if nothing moved meanwhile (a heartbeat, a claim, the end of the job)
        result = session.execute(
            update(JobRow).where(
                JobRow.id == job_id, JobRow.state == state,
                JobRow.owner.is_(None) if owner is None else JobRow.owner == owner,
                JobRow.heartbeat_at.is_(None) if heartbeat_at is None else JobRow.heartbeat_at == heartbeat_at,
            ).values(state="failed", message=message, error=error, finished_at=now)
        )
        session.commit()
        n += result.rowcount or 0
    return n


#: What superseding a published plan may set on it.
_SUPERSEDE_FIELDS = {"status", "superseded_at", "superseded_by"}


@event.listens_for(Session, "before_flush")
def _published_is_final(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if not isinstance(obj, PlanRow):
            continue
        state = inspect(obj)
        status_hist = state.attrs.status.history
        before = status_hist.deleted[0] if status_hist.deleted else obj.status
        if before not in ("published", "superseded"):
            continue
        if obj in session.deleted:
            raise PublishedPlanError(f"plan {obj.id} is {before} and cannot be deleted")
        changed = [a.key for a in state.attrs if a.history.has_changes()]
        # The one change a published plan allows: superseded by another published plan (nothing else moves).
        if before == "published" and obj.status == "superseded" and set(changed) <= _SUPERSEDE_FIELDS:
            continue
        if changed:
            raise PublishedPlanError(f"plan {obj.id} is {before} and cannot be changed ({', '.join(changed)})")


@dataclass
class Database:
    """An engine and its session factory."""

    engine: Engine
    sessions: sessionmaker[Session]

    @property
    def backend(self) -> str:
        return self.engine.dialect.name

    def dispose(self) -> None:
        self.engine.dispose()


def open_database(url: str = DEFAULT_URL, *, migrate: bool = True) -> Database:
    """Connect, migrate to the newest schema, and return the database."""
    engine = make_engine(url)
    if migrate:
        upgrade(engine)
    return Database(engine, sessionmaker(engine, expire_on_commit=False))


def aware(value: dt.datetime | None) -> dt.datetime | None:
    """A timestamp as UTC-aware (for values built outside the ORM)."""
    if value is None:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value
