"""Glue for ``gongkai sql``: choose between a statement and a saved query, and classify errors."""

from __future__ import annotations

from typing import Any

import typer

from gongkai.query.errors import QueryInputError
from gongkai.query.saved import get, parse_params


def resolve_statement(
    query: str | None, saved: str | None, pairs: list[str], err: Any
) -> tuple[str, dict[str, Any] | None]:
    """The SQL and bind parameters to run; bad input is printed and exits with code 2."""
    try:
        if (query is None) == (saved is None):
            raise QueryInputError(
                "give either a SQL statement or --query NAME, not both or neither"
            )
        if saved is None:
            if pairs:
                raise QueryInputError("--param goes with --query NAME (a saved query)")
            return str(query), None
        found = get(saved)
        return found.sql, found.bind(parse_params(pairs)) or None
    except QueryInputError as error:
        err.print(f"refused: {error}", markup=False, highlight=False)
        raise typer.Exit(2) from None


def syntax_error(error: Exception) -> bool:
    """True when the database said the statement is not valid SQL (PostgreSQL 42601, SQLite 'syntax error')."""
    cause = error.__cause__
    orig = getattr(cause, "orig", None)
    if getattr(orig, "sqlstate", None) == "42601":
        return True
    text = str(error).lower()
    return "syntax error" in text or "incomplete input" in text
