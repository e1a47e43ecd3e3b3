"""Initial schema: networks, scenarios, plans, jobs, internship journal.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def _ts(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "networks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("data", JSON, nullable=False),
        sa.Column("policy", JSON, nullable=True),
        sa.Column("source_filename", sa.String(255), nullable=True),
        sa.Column("source_format", sa.String(20), nullable=True),
        sa.Column("n_schools", sa.Integer(), nullable=False),
        sa.Column("n_directions", sa.Integer(), nullable=False),
        _ts("created_at", nullable=False),
    )
    op.create_index("ix_networks_year", "networks", ["year"])

    op.create_table(
        "scenarios",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("network_id", sa.Integer(), sa.ForeignKey("networks.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("edits", JSON, nullable=False),
        sa.Column("policy", JSON, nullable=False),
        sa.Column("base_plan_id", sa.Integer(), nullable=True),
        _ts("created_at", nullable=False),
        _ts("updated_at", nullable=False),
    )
    op.create_index("ix_scenarios_network_id", "scenarios", ["network_id"])

    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scenario_id", sa.Integer(), sa.ForeignKey("scenarios.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("network_id", sa.Integer(), sa.ForeignKey("networks.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("job_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("solver", sa.String(40), nullable=False),
        sa.Column("stats", JSON, nullable=False),
        sa.Column("data", JSON, nullable=False),
        sa.Column("check", JSON, nullable=True),
        sa.Column("network_data", JSON, nullable=False),
        sa.Column("policy_data", JSON, nullable=False),
        sa.Column("edits", JSON, nullable=False),
        sa.Column("base_plan_id", sa.Integer(), nullable=True),
        sa.Column("changes", sa.Integer(), nullable=True),
        _ts("created_at", nullable=False),
        _ts("approved_at"),
        _ts("published_at"),
    )
    op.create_index("ix_plans_scenario_id", "plans", ["scenario_id"])
    op.create_index("ix_plans_network_id", "plans", ["network_id"])
    op.create_index("ix_plans_status", "plans", ["status"])

    op.create_table(
        "jobs",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("scenario_id", sa.Integer(), sa.ForeignKey("scenarios.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("solver", sa.String(40), nullable=False),
        sa.Column("params", JSON, nullable=False),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("objective", sa.Float(), nullable=True),
        sa.Column("bound", sa.Float(), nullable=True),
        sa.Column("gap", sa.Float(), nullable=True),
        sa.Column("seconds", sa.Float(), nullable=True),
        sa.Column("solutions", sa.Integer(), nullable=False),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("error", JSON, nullable=True),
        sa.Column("cancel_requested", sa.Boolean(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        _ts("created_at", nullable=False),
        _ts("started_at"),
        _ts("finished_at"),
        _ts("heartbeat_at"),
    )
    op.create_index("ix_jobs_scenario_id", "jobs", ["scenario_id"])
    op.create_index("ix_jobs_state", "jobs", ["state"])

    op.create_table(
        "journal_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("network_id", sa.Integer(), sa.ForeignKey("networks.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("school", sa.String(300), nullable=False),
        sa.Column("direction", sa.String(300), nullable=True),
        sa.Column("kind", sa.String(60), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        _ts("created_at", nullable=False),
    )
    op.create_index("ix_journal_events_network_id", "journal_events", ["network_id"])

    op.create_table(
        "journal_transfers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("network_id", sa.Integer(), sa.ForeignKey("networks.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("team", sa.String(300), nullable=False),
        sa.Column("direction", sa.String(300), nullable=False),
        sa.Column("from_mentor", sa.String(300), nullable=True),
        sa.Column("to_mentor", sa.String(300), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        _ts("created_at", nullable=False),
    )
    op.create_index("ix_journal_transfers_network_id", "journal_transfers", ["network_id"])


def downgrade() -> None:
    for table in ("journal_transfers", "journal_events", "jobs", "plans", "scenarios", "networks"):
        op.drop_table(table)
