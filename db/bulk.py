"""Many rows through the database driver directly: COPY on PostgreSQL, executemany on SQLite."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, insert
from sqlalchemy.exc import SQLAlchemyError


class BulkInsertError(SQLAlchemyError):
    """The database (or its driver) refused rows written directly through the driver, e.g. a
    number too large for a BIGINT column. The transaction must be rolled back. A subclass of
    SQLAlchemyError so that callers catching database errors catch this one too."""


def bulk_insert(
    conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Many rows through the driver directly: COPY on PostgreSQL, executemany on SQLite.

    SQLAlchemy's per-row parameter processing costs more than the database's own work here;
    fact values are plain ints, None and decimal strings, which need no processing."""
    if not rows:
        return
    try:
        _insert_raw(conn, table, columns, rows)
    except (OverflowError, ValueError, TypeError, conn.dialect.dbapi.Error) as error:  # type: ignore[union-attr]
        raise BulkInsertError(f"{table.name}: {error}") from error


def _insert_raw(
    conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    # psycopg's connection (its cursors have copy()) or sqlite3's: DB-API types know neither
    raw: Any = conn.connection.dbapi_connection
    assert raw is not None
    if conn.dialect.name == "postgresql":
        with (
            raw.cursor() as cur,
            cur.copy(f"COPY {table.name} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
    elif conn.dialect.name == "sqlite":
        cur = raw.cursor()
        try:
            cur.executemany(
                f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                rows,
            )
        finally:
            cur.close()
    else:
        conn.execute(insert(table), [dict(zip(columns, row, strict=True)) for row in rows])
