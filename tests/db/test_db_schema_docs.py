"""docs/schema.md describes every view and table with exactly the columns the database has."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import inspect

from db.engine import make_engine

pytestmark = pytest.mark.db

DOC = Path(__file__).resolve().parents[2] / "docs" / "schema.md"


def _documented() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current: str | None = None
    for line in DOC.read_text("utf-8").splitlines():
        heading = re.match(r"^### (\w+)$", line)
        if heading:
            current = heading.group(1)
            found[current] = []
            continue
        row = re.match(r"^\| (\w+) \|", line)
        if current and row and row.group(1) != "column":
            found[current].append(row.group(1))
    return found


def test_schema_doc_matches_the_database(migrated_db_url: str) -> None:
    documented = _documented()
    engine = make_engine(migrated_db_url)
    try:
        insp = inspect(engine)
        actual = {
            name: [c["name"] for c in insp.get_columns(name)]
            for name in [*insp.get_table_names(), *insp.get_view_names()]
        }
    finally:
        engine.dispose()
    actual.pop("alembic_version")
    documented.pop("alembic_version")
    assert sorted(documented) == sorted(actual)
    for name, columns in actual.items():
        assert documented[name] == columns, name
