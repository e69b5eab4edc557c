"""Fixtures of the query tests: an archive built by ``query_archive.build``."""

from __future__ import annotations

import pytest

from tests.query.query_archive import Archive, build


@pytest.fixture
def archive(migrated_db_url: str) -> Archive:
    return build(migrated_db_url)
