"""Migrations tested as pytest-alembic does: single head, upgrade, stairway round trip, model match."""

from __future__ import annotations

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from db.engine import make_engine
from db.migrate import alembic_config, current, upgrade
from db.models import Base

pytestmark = pytest.mark.db

VIEWS = {
    "v_reports",
    "v_report_versions",
    "v_proactive",
    "v_requests",
    "v_appeals",
    "v_findings",
    "v_failures",
}


def _tables_and_views(url: str) -> tuple[set[str], set[str]]:
    engine = make_engine(url)
    try:
        insp = inspect(engine)
        return set(insp.get_table_names()), set(insp.get_view_names())
    finally:
        engine.dispose()


def test_single_head(db_url: str) -> None:
    script = ScriptDirectory.from_config(alembic_config(db_url))
    assert len(script.get_heads()) == 1


def test_upgrade_from_empty_creates_every_table_and_view(db_url: str) -> None:
    assert current(db_url) is None
    upgrade(db_url)
    tables, views = _tables_and_views(db_url)
    assert set(Base.metadata.tables) <= tables
    assert views >= VIEWS
    assert current(db_url) == ScriptDirectory.from_config(alembic_config(db_url)).get_current_head()


def test_upgrade_is_idempotent(db_url: str) -> None:
    upgrade(db_url)
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            regions = conn.exec_driver_sql("SELECT count(*) FROM regions").scalar_one()
    finally:
        engine.dispose()
    assert regions > 3000  # the shipped list, inserted once


def test_stairway_down_to_base_and_up_again(db_url: str) -> None:
    cfg = alembic_config(db_url)
    revisions = list(
        reversed(list(ScriptDirectory.from_config(cfg).walk_revisions("base", "heads")))
    )
    for rev in revisions:
        command.upgrade(cfg, rev.revision)
        command.downgrade(cfg, rev.down_revision or "base")
        command.upgrade(cfg, rev.revision)
    command.downgrade(cfg, "base")
    tables, views = _tables_and_views(db_url)
    assert tables <= {"alembic_version"}
    assert not views & VIEWS
    command.upgrade(cfg, "head")
    tables, views = _tables_and_views(db_url)
    assert set(Base.metadata.tables) <= tables
    assert views >= VIEWS


def test_models_match_migrations(db_url: str) -> None:
    upgrade(db_url)
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(ctx, Base.metadata)
    finally:
        engine.dispose()
    assert diff == []
