"""The Redis side of a distributed nightly run on its own: the quiet check, the walk log, the
counters workers post (a killed worker's stay), and the coordinator's collection of them."""

from __future__ import annotations

import time

from crawler.distributed.frontier import Frontier, RedisWalkLog, RunInfo
from crawler.incremental.memory import PortalMemory
from gongkai.runs.distributed import collect_tallies


def _frontier(redis_url: str, n: int = 2) -> Frontier:
    f = Frontier(redis_url)
    f.begin(
        RunInfo(run_id=1, registry="", fast=True, extra={}, kind="nightly"),
        [(-float(i), f"req-{i}".encode()) for i in range(n)],
    )
    return f


def test_run_info_says_nightly_through_redis(redis_url: str) -> None:
    f = _frontier(redis_url)
    info = f.run()
    assert info is not None
    assert info.nightly
    assert not RunInfo.loads(RunInfo(1, "", True, {}).dumps()).nightly


def test_busy_counts_queued_and_in_flight_requests(redis_url: str) -> None:
    f = _frontier(redis_url, 2)
    f.beat("w1", ttl=30)
    assert f.busy() == 2
    first = f.take("w1")
    second = f.take("w1")
    assert first is not None
    assert second is not None
    assert f.pending() == 0
    assert f.busy() == 2  # both in flight: not quiet
    f.done("w1", first[0])
    f.done("w1", second[0])
    assert f.busy() == 0


def test_the_walk_log_adds_up_every_workers_share(redis_url: str) -> None:
    f = _frontier(redis_url)
    a, b = (
        PortalMemory(shared=RedisWalkLog(f, "p")),
        PortalMemory(shared=RedisWalkLog(Frontier(redis_url), "p")),
    )
    a.reach("http://h/1", "http://h/2")
    b.reach("http://h/2", "http://h/3")
    a.count("cut_lists")
    b.count("cut_lists")
    b.count("site_not_modified")
    assert (a.cut_lists, b.site_not_modified) == (1, True)  # each keeps its own share too
    seen, counters = f.walk("p")
    assert seen == {"http://h/1", "http://h/2", "http://h/3"}
    assert counters == {"cut_lists": 2, "site_not_modified": 1}
    assert f.walk("other") == (set(), {})
    f.drop_walks()
    assert f.walk("p") == (set(), {})


def test_a_closing_workers_counters_replace_its_running_ones(redis_url: str) -> None:
    f = _frontier(redis_url)
    f.post_tallies("w1", "", {"p": {"pages_ok": 2}})
    f.post_tallies("killed", "", {"p": {"pages_ok": 5}})
    assert sorted(t["p"]["pages_ok"] for t in f.tallies()) == [2, 5]
    f.add_tallies({"p": {"pages_ok": 3}}, worker="w1")
    # w1 counted once (its final counters); the killed worker's last post still counts
    assert sorted(t["p"]["pages_ok"] for t in f.tallies()) == [3, 5]
    assert set(f.posted_tallies()) == {"killed"}


def test_collect_waits_for_every_live_worker_to_answer_the_generation(redis_url: str) -> None:
    f = _frontier(redis_url)
    f.beat("w1", ttl=30)
    f.post_tallies("w1", "", {"p": {"pages_ok": 1, "report_pages": 1}})  # before it was asked
    f.add_tallies({"p": {"pages_ok": 4}})  # a worker that closed
    t0 = time.monotonic()
    merged = collect_tallies(f, "tallies:1", deadline=None, patience=0.5)
    assert time.monotonic() - t0 >= 0.5  # w1 never answered tallies:1: waited, then went on
    assert merged["p"].pages_ok == 5
    assert f.phase() == "tallies:1"
    f.post_tallies("w1", "tallies:1", {"p": {"pages_ok": 2, "report_pages": 1}})
    t0 = time.monotonic()
    merged = collect_tallies(f, "tallies:1", deadline=None, patience=5.0)
    assert time.monotonic() - t0 < 1.0
    assert (merged["p"].pages_ok, merged["p"].reports_found) == (6, 1)
