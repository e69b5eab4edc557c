"""Shared helpers for the parser's tests: seeds with their truth, fixture files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


def seed_pairs(shared: Path) -> list[tuple[Path, Path]]:
    return [
        (p, shared / "seeds" / "truth" / f"{p.stem}.json")
        for p in sorted((shared / "seeds").glob("*.txt"))
    ]


@pytest.fixture(scope="session")
def seeds(shared_dir: Path) -> list[tuple[Path, Path]]:
    return seed_pairs(shared_dir)


@pytest.fixture
def fixture_bytes():
    def read(name: str) -> bytes:
        return (FIXTURES / name).read_bytes()

    return read


@pytest.fixture
def load_truth():
    def load(path: Path) -> dict[str, Any]:
        return json.loads(path.read_text("utf-8"))

    return load
