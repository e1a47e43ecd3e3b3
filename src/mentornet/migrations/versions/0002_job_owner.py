"""Jobs owned by a live server: the owning server instance of each job.

A job records which server instance claimed it (``owner``); with the existing
``heartbeat_at`` this lets a starting server fail only the jobs whose owner
has gone quiet past the lease (``MENTORNET_JOB_LEASE_SECONDS``), and lets any
live server pick up queued jobs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("jobs") as batch:
        batch.add_column(sa.Column("owner", sa.String(200), nullable=True))
    op.create_index("ix_jobs_owner", "jobs", ["owner"])


def downgrade() -> None:
    op.drop_index("ix_jobs_owner", table_name="jobs")
    with op.batch_alter_table("jobs") as batch:
        batch.drop_column("owner")
