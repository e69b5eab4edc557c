"""Engines and sessions: SQLite gets WAL, foreign keys and a busy timeout on every connection."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 30_000


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        mode = cur.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal" and mode != "memory":
            cur.execute("PRAGMA journal_mode = WAL")
        cur.execute(
            "PRAGMA synchronous = NORMAL"
        )  # safe with WAL: no corruption, only the last commits at risk
        cur.execute(
            "PRAGMA cache_size = -65536"
        )  # 64 MiB: fact-table indexes stay in memory during loads
    finally:
        cur.close()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``sqlite:///…`` or ``postgresql+psycopg://…``, set up for the archive."""
    if is_sqlite(url):
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


def make_readonly_engine(url: str) -> Engine:
    """An engine whose connections cannot write: SQLite ``mode=ro``, PostgreSQL read-only transactions."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = parsed.database
        if not path or path == ":memory:":
            raise ValueError(
                "a read-only connection needs a SQLite file, not an in-memory database"
            )
        uri_path = quote(str(Path(path).resolve()))  # a URI: '?', '#' and '%' in a path are escaped
        ro = parsed.set(
            database=f"file:{uri_path}", query={**parsed.query, "mode": "ro", "uri": "true"}
        )
        engine = create_engine(ro)

        @event.listens_for(engine, "connect")
        def _ro_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
            cur.close()

        return engine
    return create_engine(
        url, connect_args={"options": "-c default_transaction_read_only=on"}, pool_pre_ping=True
    )


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


_ENGINES: dict[str, Engine] = {}
_ENGINES_LOCK = threading.Lock()


def shared_engine(url: str) -> Engine:
    """One engine per database URL per process (several crawlers share it)."""
    with _ENGINES_LOCK:
        if url not in _ENGINES:
            _ENGINES[url] = make_engine(url)
        return _ENGINES[url]
