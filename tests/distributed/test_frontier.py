"""The Redis frontier on its own: atomic hand-out into in-flight, requeue of dead workers,
shared per-host slots, the drained condition."""

from __future__ import annotations

import itertools
import time

from crawler.distributed.frontier import Frontier, RunInfo


def _frontier(redis_url: str, n: int = 3) -> Frontier:
    f = Frontier(redis_url)
    f.begin(
        RunInfo(run_id=1, registry="", fast=True, extra={}),
        [(-float(i), f"req-{i}".encode()) for i in range(n)],
    )
    return f


def test_take_moves_the_best_request_into_the_workers_in_flight(redis_url: str) -> None:
    f = _frontier(redis_url)
    f.beat("w1", ttl=30)
    flight, data = f.take("w1") or ("", b"")
    assert data == b"req-2"  # highest priority first (score -priority)
    assert f.pending() == 2
    assert f.in_flight() == 1
    f.done("w1", flight)
    assert f.in_flight() == 0


def test_a_dead_workers_in_flight_goes_back_and_a_live_ones_stays(redis_url: str) -> None:
    f = _frontier(redis_url, 4)
    f.beat("dead", ttl=0.3)
    f.beat("live", ttl=30)
    assert f.take("dead") is not None
    assert f.take("dead") is not None
    assert f.take("live") is not None
    assert f.reap() == 0  # still beating
    time.sleep(0.5)
    assert f.reap() == 2
    assert f.pending() == 3
    assert f.live_workers() == ["live"]
    assert f.in_flight() == 1
    assert not f.drained()


def test_drained_only_when_nothing_is_queued_in_flight_or_closing(redis_url: str) -> None:
    f = _frontier(redis_url, 1)
    assert not f.drained()
    f.beat("w", ttl=30)
    flight, _ = f.take("w") or ("", b"")
    assert not f.drained()
    f.done("w", flight)
    assert not f.drained()  # the worker has not left yet
    f.leave("w")
    assert f.drained()


def test_host_slots_are_spaced_for_all_workers(redis_url: str) -> None:
    a, b = Frontier(redis_url), Frontier(redis_url)
    waits = [client.reserve("portal.example:80", 0.25) for client in (a, b, a, b)]
    assert waits[0] < 0.01
    for earlier, later in itertools.pairwise(waits):
        assert 0.2 < later - earlier < 0.3
    assert b.reserve("other.example", 0.25) < 0.01  # hosts are independent


def test_begin_refuses_while_a_run_is_going(redis_url: str) -> None:
    import pytest

    from crawler.exceptions import FrontierError

    f = _frontier(redis_url, 2)
    with pytest.raises(FrontierError, match="still going"):
        f.begin(RunInfo(run_id=2, registry="", fast=True, extra={}), [])


def test_a_late_worker_finds_no_finished_run_to_join(redis_url: str) -> None:
    import pytest

    from crawler.exceptions import FrontierError

    f = _frontier(redis_url, 0)
    assert f.wait_for_run(0.1).run_id == 1
    f.r.set(Frontier.run_key + ":finished", "1")
    with pytest.raises(FrontierError, match="crawl --distributed"):
        f.wait_for_run(0.1)
