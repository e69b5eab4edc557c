"""Engine set-up: SQLite pragmas on every connection; read-only engines refuse writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import exc, text

from db.engine import make_engine, make_readonly_engine
from db.query import ReadOnlyViolation, run_readonly

pytestmark = pytest.mark.db


def test_sqlite_connections_have_wal_foreign_keys_and_busy_timeout(
    db_backend: str, migrated_db_url: str
) -> None:
    if db_backend != "sqlite":
        pytest.skip("SQLite pragmas")
    engine = make_engine(migrated_db_url)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000
    finally:
        engine.dispose()


def test_readonly_engine_refuses_writes_at_the_connection(migrated_db_url: str) -> None:
    engine = make_readonly_engine(migrated_db_url)
    try:
        with engine.connect() as conn, pytest.raises(exc.DBAPIError):
            conn.execute(text("UPDATE regions SET name = 'x' WHERE code = '341524'"))
    finally:
        engine.dispose()
    with pytest.raises(ReadOnlyViolation):
        run_readonly(migrated_db_url, "DELETE FROM regions")
    name = run_readonly(migrated_db_url, "SELECT name FROM regions WHERE code = '341524'").rows
    assert name == [("金寨县",)]


def test_readonly_queries_keep_colons_and_percent_literal(migrated_db_url: str) -> None:
    result = run_readonly(migrated_db_url, "SELECT ' :x' AS a, '%' AS b, '12:30' AS c")
    assert result.columns == ["a", "b", "c"]
    assert result.rows == [(" :x", "%", "12:30")]


def test_readonly_sqlite_path_with_uri_characters(db_backend: str, tmp_path: Path) -> None:
    if db_backend != "sqlite":
        pytest.skip("SQLite file paths")
    from sqlalchemy.engine import URL

    from db.migrate import upgrade

    folder = tmp_path / "a dir %20 #1?"
    folder.mkdir()
    url = URL.create("sqlite", database=str(folder / "archive.sqlite")).render_as_string()
    upgrade(url)
    assert run_readonly(url, "SELECT count(*) FROM regions").rows[0][0] > 3000
    with pytest.raises(ReadOnlyViolation):
        run_readonly(url, "DELETE FROM regions")
