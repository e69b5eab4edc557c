"""Shared test configuration.

The database suite runs twice: on SQLite (default) and on the real PostgreSQL at
127.0.0.1:5432, selected with ``--db postgresql`` or ``GONGKAI_TEST_DB=postgresql``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from db.blobstore import LocalBlobStore

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db",
        default=os.environ.get("GONGKAI_TEST_DB", "sqlite"),
        choices=("sqlite", "postgresql"),
        help="database backend for tests marked `db`",
    )


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"expected the shared material at {SHARED} (seeds, real, format)")
    return SHARED


# --- Database fixtures (owner: the archive, issue 2) -------------------------------------------
#
# SQLite: every test gets its own file, copied from one migrated template per session.
# PostgreSQL: every test *session* creates its own uniquely named database through the
# ``postgres`` maintenance database (so concurrent sessions never meet), migrates it once,
# empties the data tables before each test, and drops it at the end. ``db_url`` (an empty
# database for migration tests) is a second database of the session, its schema reset per test.

PG_SERVER = os.environ.get("GONGKAI_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")


def _pg_admin(sql: str) -> None:
    import psycopg

    conninfo = PG_SERVER.replace("postgresql+psycopg://", "postgresql://") + "/postgres"
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql)


def _pg_create() -> str:
    import uuid

    name = f"gongkai_test_{os.getpid()}_{uuid.uuid4().hex[:10]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    return name


def _pg_drop(name: str) -> None:
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def db_backend(request: pytest.FixtureRequest) -> str:
    """ "sqlite" or "postgresql", from ``--db`` / ``GONGKAI_TEST_DB``."""
    return str(request.config.getoption("--db"))


@pytest.fixture(scope="session")
def _pg_scratch(db_backend: str) -> Iterator[str | None]:
    """This session's own PostgreSQL database for tests that need an empty one."""
    if db_backend != "postgresql":
        yield None
        return
    name = _pg_create()
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        _pg_drop(name)


@pytest.fixture
def db_url(db_backend: str, _pg_scratch: str | None, tmp_path: Path) -> str:
    """A fresh, empty database for this test (nothing migrated).

    On PostgreSQL: this session's scratch database with its schema reset (creating and dropping
    a database per test costs a checkpoint each)."""
    if _pg_scratch is None:
        return f"sqlite:///{tmp_path / 'empty.sqlite'}"
    from sqlalchemy import text

    from db.engine import make_engine

    engine = make_engine(_pg_scratch)
    try:
        with engine.begin() as conn:
            conn.execute(text("SET LOCAL lock_timeout = '20s'"))
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    finally:
        engine.dispose()
    return _pg_scratch


@pytest.fixture(scope="session")
def _migrated_template(db_backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    from db.migrate import upgrade

    if db_backend == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('db-template') / 'archive.sqlite'}"
        upgrade(url)
        yield url
        return
    name = _pg_create()
    try:
        url = f"{PG_SERVER}/{name}"
        upgrade(url)
        yield url
    finally:
        _pg_drop(name)


@pytest.fixture
def migrated_db_url(db_backend: str, _migrated_template: str, tmp_path: Path) -> str:
    """A database at the head revision with the regions list and no archive data.

    On PostgreSQL it is the session's database, emptied before the test: do not change its
    schema (use ``db_url`` for migration tests)."""
    if db_backend == "sqlite":
        import shutil

        from sqlalchemy.engine import make_url

        target = tmp_path / "archive.sqlite"
        shutil.copyfile(str(make_url(_migrated_template).database), target)
        return f"sqlite:///{target}"
    from sqlalchemy import inspect, text

    from db.engine import make_engine

    engine = make_engine(_migrated_template)
    try:
        with engine.begin() as conn:
            # every table, also those a test created at run time; the reference data stays
            tables = [
                t
                for t in inspect(conn).get_table_names()
                if t not in ("regions", "alembic_version")
            ]
            conn.execute(text("SET LOCAL lock_timeout = '20s'"))
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    finally:
        engine.dispose()
    return _migrated_template


@pytest.fixture
def session(migrated_db_url: str) -> Iterator[Session]:
    """A Session on a migrated, empty archive; closed (and its engine disposed) afterwards."""
    from db.engine import make_engine, session_factory

    engine = make_engine(migrated_db_url)
    factory = session_factory(engine)
    with factory() as s:
        yield s
    engine.dispose()


@pytest.fixture
def blob_store(tmp_path: Path) -> LocalBlobStore:
    from db.blobstore import LocalBlobStore

    return LocalBlobStore(tmp_path / "blobs")
