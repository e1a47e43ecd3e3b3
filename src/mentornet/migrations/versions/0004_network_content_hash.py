"""Duplicate uploads: the hash of each network's normalised content.

An upload identical to a stored network (same data apart from its name, same
policy from the file) is answered with that network instead of a silent
second copy, unless the planner insists. The hash is indexed, not unique:
an insisted copy shares it. Networks stored before this revision get their
hash here, computed the same way as ``mentornet.services.networks.content_hash``
(the recipe is copied, so that this revision never changes with the code).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _hash(data: Any, policy: Any) -> str:
    content = {k: v for k, v in (data or {}).items() if k != "name"}
    text = json.dumps({"network": content, "policy": policy or None}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def upgrade() -> None:
    with op.batch_alter_table("networks") as batch:
        batch.add_column(sa.Column("content_hash", sa.String(64), nullable=True))
    op.create_index("ix_networks_content_hash", "networks", ["content_hash"])
    networks = sa.table("networks", sa.column("id", sa.Integer), sa.column("data", sa.JSON), sa.column("policy", sa.JSON),
                        sa.column("content_hash", sa.String))
    conn = op.get_bind()
    for network_id, data, policy in conn.execute(sa.select(networks.c.id, networks.c.data, networks.c.policy)).all():
        if isinstance(data, str):  # JSON stored as text on SQLite, read without the ORM's type
            data = json.loads(data)
        if isinstance(policy, str):
            policy = json.loads(policy)
        conn.execute(networks.update().where(networks.c.id == network_id).values(content_hash=_hash(data, policy)))


def downgrade() -> None:
    op.drop_index("ix_networks_content_hash", table_name="networks")
    with op.batch_alter_table("networks") as batch:
        batch.drop_column("content_hash")
