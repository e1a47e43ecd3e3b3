"""Alembic environment of mentornet's shipped migrations.

Run programmatically by :func:`mentornet.db.upgrade` (which passes an open
connection in ``config.attributes["connection"]``), or by hand::

    alembic -c src/mentornet/migrations/alembic.ini -x url=sqlite:///./mentornet.db upgrade head
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import engine_from_config, pool

from mentornet.db.models import Base

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    from mentornet.db import normalise_url

    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    return normalise_url(url)


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    section = config.get_section(config.config_ini_section, {})
    section["sqlalchemy.url"] = _url()
    engine = engine_from_config(section, prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
