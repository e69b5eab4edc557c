"""Shared test configuration.

The database suite runs twice: on SQLite (default) and on the real PostgreSQL at
127.0.0.1:5432, selected with ``--db postgresql`` or ``GONGKAI_TEST_DB=postgresql``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
