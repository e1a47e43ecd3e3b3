"""Programmes over several years, the outcomes of a plan, staff trained in the journal.

A programme (name, municipality or region, years, strategy) holds the networks
of its successive years (``networks.programme_id``, at most one network per
programme and year); a network made by ``next-year`` records the published
plan it came from (``networks.source_plan_id``). ``outcomes`` holds a plan's
year-end record per team and direction (self-assessment, expert rating), and
a journal event may record the staff it trained; ``journal_counts`` holds
the journal counts given with the outcomes (the workbook's journal sheet). Existing networks keep
``programme_id`` empty and work as before.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "programmes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("area", sa.String(200), nullable=True),
        sa.Column("area_kind", sa.String(20), nullable=True),
        sa.Column("first_year", sa.Integer(), nullable=True),
        sa.Column("last_year", sa.Integer(), nullable=True),
        sa.Column("strategy", sa.String(20), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("networks") as batch:
        batch.add_column(sa.Column("programme_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("source_plan_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_networks_programme", "programmes", ["programme_id"], ["id"], ondelete="RESTRICT")
    op.create_index("ix_networks_programme_id", "networks", ["programme_id"])
    op.create_index("ux_networks_programme_year", "networks", ["programme_id", "year"], unique=True)
    with op.batch_alter_table("journal_events") as batch:
        batch.add_column(sa.Column("staff_trained", sa.Integer(), nullable=True))
    op.create_table(
        "outcomes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("network_id", sa.Integer(), sa.ForeignKey("networks.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("school", sa.String(300), nullable=False),
        sa.Column("direction", sa.String(300), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("level", sa.String(20), nullable=True),
        sa.Column("expert_rating", sa.Float(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_outcomes_plan_id", "outcomes", ["plan_id"])
    op.create_index("ix_outcomes_network_id", "outcomes", ["network_id"])
    op.create_index("ux_outcomes_team", "outcomes", ["plan_id", "school", "direction"], unique=True)
    op.create_table(
        "journal_counts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("plans.id", ondelete="RESTRICT"), nullable=False),
        sa.Column("school", sa.String(300), nullable=False),
        sa.Column("direction", sa.String(300), nullable=True),
        sa.Column("events", sa.Integer(), nullable=True),
        sa.Column("staff_trained", sa.Integer(), nullable=True),
        sa.Column("transfers", sa.Integer(), nullable=True),
    )
    op.create_index("ix_journal_counts_plan_id", "journal_counts", ["plan_id"])


def downgrade() -> None:
    op.drop_index("ix_journal_counts_plan_id", table_name="journal_counts")
    op.drop_table("journal_counts")
    op.drop_index("ux_outcomes_team", table_name="outcomes")
    op.drop_index("ix_outcomes_network_id", table_name="outcomes")
    op.drop_index("ix_outcomes_plan_id", table_name="outcomes")
    op.drop_table("outcomes")
    with op.batch_alter_table("journal_events") as batch:
        batch.drop_column("staff_trained")
    op.drop_index("ux_networks_programme_year", table_name="networks")
    op.drop_index("ix_networks_programme_id", table_name="networks")
    with op.batch_alter_table("networks") as batch:
        batch.drop_constraint("fk_networks_programme", type_="foreignkey")
        batch.drop_column("source_plan_id")
        batch.drop_column("programme_id")
    op.drop_table("programmes")
