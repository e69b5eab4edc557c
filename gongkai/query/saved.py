"""Saved queries shipped in ``queries/*.sql``: header comments, parameters, running them.

A saved query is one read-only statement with a header of comment lines::

    -- title: Requests received per agency and year
    -- description: What it answers.
    -- param: year int optional Reporting year (empty: all)

Parameters are ``:name`` placeholders. An optional parameter that is not given is bound as NULL
(Datasette binds an empty string instead; the SQL treats both as "all").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gongkai.query.errors import ParameterError, UnknownQuery

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"
_HEADER = re.compile(r"^--\s*(title|description|param):\s*(.*)$")
_PARAM = re.compile(r"^(\w+)\s+(text|int)\s+(optional|required)\s*(.*)$")
_NAME = re.compile(r"^[a-z0-9_]+$")


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    kind: str  # "text" | "int"
    required: bool
    help: str


@dataclass(frozen=True, slots=True)
class SavedQuery:
    name: str
    title: str
    description: str
    params: tuple[Param, ...]
    sql: str

    def bind(self, given: dict[str, str]) -> dict[str, Any]:
        """Check ``given`` against the declared parameters; every declared one gets a value."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise ParameterError(
                f"query {self.name!r} has no parameter {', '.join(unknown)}; "
                f"its parameters: {', '.join(known) or 'none'}"
            )
        bound: dict[str, Any] = {}
        for p in self.params:
            value = given.get(p.name)
            if value is None or value == "":
                if p.required:
                    raise ParameterError(f"query {self.name!r} needs --param {p.name}=… ({p.help})")
                bound[p.name] = None
                continue
            if p.kind == "int" and not re.fullmatch(r"[+-]?\d+", value.strip()):
                raise ParameterError(
                    f"parameter {p.name} of {self.name!r} is a whole number, got {value!r}"
                )
            bound[p.name] = value.strip()
        return bound


def parse(name: str, text: str) -> SavedQuery:
    title, description, params, body = name, "", [], []
    in_header = True
    for line in text.splitlines():
        match = _HEADER.match(line.strip()) if in_header else None
        if match:
            key, value = match.groups()
            if key == "title":
                title = value.strip()
            elif key == "description":
                description = value.strip()
            else:
                pm = _PARAM.match(value.strip())
                if not pm:
                    raise ValueError(
                        f"queries/{name}.sql: bad param line {line!r} "
                        "(expected: -- param: NAME text|int optional|required HELP)"
                    )
                params.append(Param(pm[1], pm[2], pm[3] == "required", pm[4].strip()))
            continue
        in_header = in_header and not line.strip()
        body.append(line)
    sql = "\n".join(body).strip().rstrip(";").strip()
    return SavedQuery(name, title, description, tuple(params), sql)


def all_queries(directory: Path = QUERIES_DIR) -> dict[str, SavedQuery]:
    return {p.stem: parse(p.stem, p.read_text("utf-8")) for p in sorted(directory.glob("*.sql"))}


def get(name: str, directory: Path = QUERIES_DIR) -> SavedQuery:
    path = directory / f"{name}.sql"
    if not _NAME.match(name) or not path.is_file():
        known = ", ".join(all_queries(directory)) or "none"
        raise UnknownQuery(f"no saved query {name!r}; known: {known} (files in {directory})")
    return parse(name, path.read_text("utf-8"))


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["year=2024", "agency=…"]`` → dict; a pair without '=' is a ParameterError."""
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise ParameterError(f"--param expects NAME=VALUE, got {pair!r}")
        out[key.strip()] = value
    return out


def run_saved(url: str, name: str, params: dict[str, str] | None = None) -> Any:
    """Run saved query ``name`` read-only; returns db.query.QueryResult."""
    from db.query import run_readonly

    query = get(name)
    return run_readonly(url, query.sql, query.bind(params or {}) or None)
