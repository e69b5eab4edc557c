"""Per-host politeness holds across workers: many generated hosts, two workers, a shared limit of
``RATE`` requests per second per host, measured where the requests arrive."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest

from tests.distributed import harness

pytestmark = pytest.mark.slow

RATE = 4.0
PORTALS = 20
YEARS = 2


def test_no_host_gets_more_than_its_rate_from_two_workers(
    tmp_path: Path, redis_url: str, pg_url: str
) -> None:
    with harness.generated_world(tmp_path, PORTALS, years=YEARS) as (registry, log):
        run = harness.run_distributed(
            registry=registry,
            db_url=pg_url,
            data_dir=tmp_path / "data",
            redis_url=redis_url,
            workers=2,
            host_rate=RATE,
            settings={"GONGKAI_PARSE": "False"},
        )
    assert run.coordinator_rc == 0
    assert run.worker_rcs == [0, 0]
    snap = harness.snapshot(pg_url)
    # robots.txt, start, hub, column and the report pages of every portal, each recorded once
    assert len(snap["fetches"]) == PORTALS * (4 + YEARS)
    assert all(n == 1 for n in snap["fetches"].values())
    arrivals: dict[str, list[float]] = defaultdict(list)
    asked: Counter[tuple[str, str]] = Counter()
    for t, host, path in harness.read_log(log):
        arrivals[host].append(t)
        asked[(host, path)] += 1
    assert [k for k, n in asked.items() if n > 1] == []  # robots.txt too: one worker reads it
    assert len(arrivals) == PORTALS
    for host, ts in arrivals.items():
        ts.sort()
        # Slots are 1/RATE apart; a request may leave a little late (a busy process), so count
        # per window: never more than RATE per second, plus one for that jitter.
        for i, t in enumerate(ts):
            in_window = sum(1 for u in ts[i:] if u - t <= 1.0)
            assert in_window <= RATE + 1, (host, ts)
        # Over the whole run: a late first departure shortens the measured span by up to one
        # slot, so one request is left out (two workers ignoring the limit would double it).
        assert (len(ts) - 2) / (ts[-1] - ts[0]) <= RATE, (host, ts)
