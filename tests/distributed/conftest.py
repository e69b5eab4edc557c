"""Distributed crawl tests: each test gets its own Redis database number (flushed after, only
that one) and its own PostgreSQL databases; workers and coordinators are real processes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.distributed import harness


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(harness.REDIS + "/0", socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def redis_url() -> Iterator[str]:
    if not _redis_up():
        pytest.skip(f"no Redis at {harness.REDIS}")
    with harness.redis_db() as url:
        yield url


@pytest.fixture
def pg_url() -> Iterator[str]:
    with harness.pg_database() as url:
        yield url
