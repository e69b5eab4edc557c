"""Alembic environment: the URL comes from the config attribute ``url`` or the app settings."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection

from db.engine import is_sqlite, make_engine
from db.models import Base
from gongkai.core import settings

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    return config.attributes.get("url") or settings.resolve().db_url


def _configure(**kwargs: Any) -> None:
    url = _url()
    context.configure(
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=is_sqlite(url),
        **kwargs,
    )


def run_migrations_offline() -> None:
    _configure(url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def _sync_regions_at_head(connection: Connection) -> None:
    """At the head revision, make the regions table equal to the shipped list (db/data), so
    that a plain ``alembic upgrade head`` gives the same archive as ``gongkai init``."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    from db.agencies.decisions import backfill
    from db.regions import sync_regions

    heads = set(ScriptDirectory.from_config(config).get_heads())
    if set(MigrationContext.configure(connection).get_current_heads()) == heads:
        sync_regions(connection)
        backfill(connection)  # identities for agencies of an archive migrated from 0003


def _run(connection: Connection, *, own: bool) -> None:
    # SQLite: batch mode recreates a table by copy, drop and rename; dropping a table that
    # other rows refer to (agencies, 0004) fails while foreign keys are enforced. They are
    # off for the migration (the pragma only takes effect outside a transaction) and checked
    # before the commit.
    sqlite = own and connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys = OFF")
    _configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
    _sync_regions_at_head(connection)
    if sqlite:
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the migration left rows with broken references: {broken[:5]}")
    if own and connection.in_transaction():
        connection.commit()  # a caller's connection is committed by the caller
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys = ON")


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection, own=False)
        return
    engine = make_engine(_url())
    try:
        with engine.connect() as conn:
            _run(conn, own=True)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
