"""The official plan: at most one published plan per network; superseded plans.

Publishing a plan while another plan of the same network (one network of one
year) is published needs a confirmation and marks the old plan
``superseded``: it is kept and readable, and records when and by which plan
it was replaced. A partial unique index lets the database itself refuse a
second published plan (two servers publishing at once).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_PUBLISHED = sa.text("status = 'published'")


def upgrade() -> None:
    with op.batch_alter_table("plans") as batch:
        batch.add_column(sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("superseded_by", sa.Integer(), nullable=True))
    # Databases made before this rule may hold several published plans of one
    # network: the latest published stays official, the others are superseded by it.
    plans = sa.table("plans", sa.column("id", sa.Integer), sa.column("network_id", sa.Integer), sa.column("status", sa.String),
                     sa.column("published_at", sa.DateTime(timezone=True)), sa.column("superseded_by", sa.Integer),
                     sa.column("superseded_at", sa.DateTime(timezone=True)))
    conn = op.get_bind()
    rows = conn.execute(sa.select(plans.c.id, plans.c.network_id, plans.c.published_at).where(plans.c.status == "published")
                        .order_by(plans.c.network_id, plans.c.published_at, plans.c.id)).all()
    latest: dict[int, tuple[int, object]] = {}
    for plan_id, network_id, published_at in rows:
        latest[network_id] = (plan_id, published_at)
    for plan_id, network_id, _published_at in rows:
        keep, when = latest[network_id]
        if plan_id != keep:
            conn.execute(plans.update().where(plans.c.id == plan_id)
                         .values(status="superseded", superseded_by=keep, superseded_at=when))
    op.create_index("ux_plans_one_published", "plans", ["network_id"], unique=True,
                    sqlite_where=_PUBLISHED, postgresql_where=_PUBLISHED)


def downgrade() -> None:
    op.drop_index("ux_plans_one_published", table_name="plans")
    op.execute("UPDATE plans SET status = 'published' WHERE status = 'superseded'")
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("superseded_by")
        batch.drop_column("superseded_at")
