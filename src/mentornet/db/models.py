"""The stored tables (SQLAlchemy 2 typed ORM).

* ``networks`` — uploaded datasets by year: the validated network as JSON
  (the domain model's ``model_dump(mode="json")``), its policy if the file
  carried one, the source file's name, and the hash of that content (an
  identical upload is told which network already holds it);
* ``scenarios`` — a base network plus an ordered list of what-if edits
  (:mod:`mentornet.scenario`) and a policy;
* ``plans`` — a solved (or rebalanced) plan with the exact network and
  policy it was solved from, its checker report and its status
  (draft → approved → published → superseded; a published plan is never
  changed, at most one per network — a unique partial index — and publishing
  another marks it superseded);
* ``jobs`` — background solves with their progress, owning server and heartbeat;
* ``journal_events`` / ``journal_transfers`` — the internship journal of a
  year (seed 003): what happened at each site (with the staff trained, when
  known), and teams moved between mentors;
* ``programmes`` — a multi-year programme (name, municipality or region,
  years): the networks of its successive years point to it
  (``networks.programme_id``, empty for a network of no programme);
* ``journal_counts`` — journal counts per site given with a plan's outcomes
  (the outcomes workbook's journal sheet);
* ``outcomes`` — a plan's year-end record per team and direction: the new
  self-assessment (score and/or level) and optionally an expert rating
  (:class:`mentornet.model.Outcome`).

JSON columns are ``JSONB`` on PostgreSQL and ``JSON`` (text) on SQLite.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text, TypeDecorator
from sqlalchemy import text as sql_text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

__all__ = [
    "Base",
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
    "ScenarioRow",
    "utcnow",
]

PLAN_STATUSES = ("draft", "approved", "published", "superseded")
JOB_STATES = ("queued", "running", "done", "failed", "cancelled")

JSONType = JSON().with_variant(JSONB(), "postgresql")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every backend (SQLite stores it naive)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {
        dict[str, Any]: JSONType,
        list[Any]: JSONType,
        dt.datetime: UTCDateTime(),
        dt.date: Date(),
    }


class ProgrammeRow(Base):
    """A programme of several years (seed 003: Krymsky 2021–2024): its networks are its years."""

    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: The municipality or region the programme covers, as the planner names it.
    area: Mapped[str | None] = mapped_column(String(200))
    #: ``municipality`` or ``region`` (None: not said).
    area_kind: Mapped[str | None] = mapped_column(String(20))
    #: The years the programme is planned for (None: open).
    first_year: Mapped[int | None] = mapped_column(Integer)
    last_year: Mapped[int | None] = mapped_column(Integer)
    #: The programme's strategy across years (``narrow`` / ``wide``; None: no preference).
    strategy: Mapped[str | None] = mapped_column(String(20))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class NetworkRow(Base):
    __tablename__ = "networks"
    # One network per year of a programme (networks of no programme are not limited).
    __table_args__ = (Index("ux_networks_programme_year", "programme_id", "year", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    data: Mapped[dict[str, Any]]
    policy: Mapped[dict[str, Any] | None]
    source_filename: Mapped[str | None] = mapped_column(String(255))
    source_format: Mapped[str | None] = mapped_column(String(20))
    n_schools: Mapped[int] = mapped_column(Integer, default=0)
    n_directions: Mapped[int] = mapped_column(Integer, default=0)
    # sha256 of the normalised input (the data without the name, and the file's policy):
    # an identical upload finds the network that already holds it (not unique: a planner may insist)
    content_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: The programme this network is a year of (migration 0005; None: a network of no programme).
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programmes.id", ondelete="RESTRICT"), index=True)
    #: The published plan this network was made from by ``next-year`` (None: uploaded).
    source_plan_id: Mapped[int | None] = mapped_column(Integer)


class ScenarioRow(Base):
    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="RESTRICT"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    edits: Mapped[list[Any]] = mapped_column(default=list)
    policy: Mapped[dict[str, Any]] = mapped_column(default=dict)
    base_plan_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PlanRow(Base):
    __tablename__ = "plans"
    # The official plan: at most one published plan per network (a network is one year's data).
    __table_args__ = (
        Index("ux_plans_one_published", "network_id", unique=True,
              sqlite_where=sql_text("status = 'published'"), postgresql_where=sql_text("status = 'published'")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id", ondelete="RESTRICT"), index=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="RESTRICT"), index=True)
    job_id: Mapped[int | None] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20), default="solve")
    status: Mapped[str] = mapped_column(String(20), default="draft", index=True)
    solver: Mapped[str] = mapped_column(String(40))
    stats: Mapped[dict[str, Any]] = mapped_column(default=dict)
    data: Mapped[dict[str, Any]]
    check: Mapped[dict[str, Any] | None]
    network_data: Mapped[dict[str, Any]]
    policy_data: Mapped[dict[str, Any]]
    edits: Mapped[list[Any]] = mapped_column(default=list)
    base_plan_id: Mapped[int | None] = mapped_column(Integer)
    changes: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    approved_at: Mapped[dt.datetime | None]
    published_at: Mapped[dt.datetime | None]
    #: When another plan of the network was published in its place, and which (migration 0003).
    superseded_at: Mapped[dt.datetime | None]
    superseded_by: Mapped[int | None] = mapped_column(Integer)


class JobRow(Base):
    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_state", "state"), Index("ix_jobs_owner", "owner"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenarios.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="solve")
    solver: Mapped[str] = mapped_column(String(40))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    state: Mapped[str] = mapped_column(String(20), default="queued")
    objective: Mapped[float | None] = mapped_column(Float)
    bound: Mapped[float | None] = mapped_column(Float)
    gap: Mapped[float | None] = mapped_column(Float)
    seconds: Mapped[float | None] = mapped_column(Float)
    solutions: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)
    error: Mapped[dict[str, Any] | None]
    cancel_requested: Mapped[bool] = mapped_column(Boolean, default=False)
    plan_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    started_at: Mapped[dt.datetime | None]
    finished_at: Mapped[dt.datetime | None]
    heartbeat_at: Mapped[dt.datetime | None]
    #: The server instance that accepted or claimed the job (``host:pidns:pid:random``);
    #: with ``heartbeat_at`` it tells live jobs from those a dead server left.
    owner: Mapped[str | None] = mapped_column(String(200))


class JournalEventRow(Base):
    """Something that happened at an internship site (seminar, visit, result …)."""

    __tablename__ = "journal_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="RESTRICT"), index=True)
    plan_id: Mapped[int | None] = mapped_column(Integer)
    date: Mapped[dt.date]
    school: Mapped[str] = mapped_column(String(300))
    direction: Mapped[str | None] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(60))
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: Staff who completed an internship at this event (None: not recorded; migration 0005).
    staff_trained: Mapped[int | None] = mapped_column(Integer)


class JournalTransferRow(Base):
    """A team moved from one mentor (site) to another in a direction."""

    __tablename__ = "journal_transfers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="RESTRICT"), index=True)
    plan_id: Mapped[int | None] = mapped_column(Integer)
    team: Mapped[str] = mapped_column(String(300))
    direction: Mapped[str] = mapped_column(String(300))
    from_mentor: Mapped[str | None] = mapped_column(String(300))
    to_mentor: Mapped[str | None] = mapped_column(String(300))
    date: Mapped[dt.date]
    reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class OutcomeRow(Base):
    """A team's year-end record in a direction, for one plan: the new self-assessment and an expert rating."""

    __tablename__ = "outcomes"
    __table_args__ = (Index("ux_outcomes_team", "plan_id", "school", "direction", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="RESTRICT"), index=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("networks.id", ondelete="RESTRICT"), index=True)
    school: Mapped[str] = mapped_column(String(300))
    direction: Mapped[str] = mapped_column(String(300))
    #: The team's new self-assessment: a score 0..100 and/or a level (None: not given).
    score: Mapped[float | None] = mapped_column(Float)
    level: Mapped[str | None] = mapped_column(String(20))
    #: An expert's rating 0..100, optional.
    expert_rating: Mapped[float | None] = mapped_column(Float)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class JournalCountRow(Base):
    """A line of journal counts given with a plan's outcomes (the outcomes workbook's journal sheet).

    Counts as the year's journal together with the events and transfers
    recorded one by one (``journal_events``, ``journal_transfers``).
    """

    __tablename__ = "journal_counts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("plans.id", ondelete="RESTRICT"), index=True)
    school: Mapped[str] = mapped_column(String(300))
    direction: Mapped[str | None] = mapped_column(String(300))
    events: Mapped[int | None] = mapped_column(Integer)
    staff_trained: Mapped[int | None] = mapped_column(Integer)
    transfers: Mapped[int | None] = mapped_column(Integer)
