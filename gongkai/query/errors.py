"""Narrow exceptions of the query package. Each is bad input: the CLI exits with code 2."""

from __future__ import annotations


class QueryInputError(Exception):
    """The user's request cannot be run as given; the message says what to do instead."""


class UnknownQuery(QueryInputError):
    """No saved query of that name in queries/."""


class ParameterError(QueryInputError):
    """A saved query's parameter is missing, unknown or of the wrong type."""


class NotLoopback(QueryInputError):
    """``serve`` was asked to bind a non-loopback address without --public."""


class NeedsSqlite(QueryInputError):
    """The operation (Datasette) works on a SQLite archive only."""
