"""Read-only SQL for ``gongkai sql``: the connection refuses writes, the text is not inspected."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import exc, text

from db.engine import is_sqlite, make_readonly_engine


class ReadOnlyViolation(Exception):
    """The statement tried to write; the archive is opened read-only for queries."""


class QueryError(Exception):
    """The database rejected the statement (syntax, unknown table …)."""


@dataclass(frozen=True, slots=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple[Any, ...]]


def _is_readonly_error(error: exc.DBAPIError) -> bool:
    orig = error.orig
    if getattr(orig, "sqlstate", None) == "25006":  # PostgreSQL read_only_sql_transaction
        return True
    message = str(orig).lower()
    return "readonly" in message or "read-only" in message


def run_readonly(url: str, sql: str, params: dict[str, Any] | None = None) -> QueryResult:
    engine = make_readonly_engine(url)
    try:
        with engine.connect() as conn:
            if not is_sqlite(url):
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            try:
                # No bind parameters: every colon is literal (casts, times, quoted text).
                statement = text(sql) if params else text(sql.replace(":", "\\:"))
                result = conn.execute(statement, params or {})
            except exc.DBAPIError as error:
                if _is_readonly_error(error):
                    raise ReadOnlyViolation(str(error.orig).strip()) from error
                raise QueryError(str(error.orig).strip()) from error
            if not result.returns_rows:
                return QueryResult([], [])
            return QueryResult(list(result.keys()), [tuple(r) for r in result.all()])
    finally:
        engine.dispose()
