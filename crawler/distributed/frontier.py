"""The shared crawl frontier in Redis: what every worker and the coordinating command share.

One Redis database holds one distributed crawl at a time. Keys (prefix ``gongkai:``):

==================  ===========================================================================
``run``             JSON: run id, the registry (TOML text), fast, extra settings
``requests``        sorted set, the frontier (scrapy-redis ``PriorityQueue`` encoding)
``dupefilter``      set of request fingerprints (scrapy-redis ``RFPDupeFilter``)
``workers``         set of worker ids; ``alive:<id>`` expires when a worker stops beating
``inflight:<id>``   hash: requests a worker took and has not finished (``score\\npayload``)
``candidates``      hash: parsed reports waiting for the final load, one per (url, sha256)
``tallies``         list: each closed worker's per-portal counters
``live``            hash: each running worker's counters so far (posted every few seconds and
                    when asked; a killed worker's last ones stay), removed when it closes
``host:<netloc>``   the next free request slot of a host (per-host politeness)
``robots:<netloc>`` the host's robots.txt, fetched by one worker for all
``walk:<portal>``   nightly runs: counters of the portal's walk (lists cut, navigation pages
                    not modified or failed, start page not modified); ``walk:<portal>:seen``,
                    the set of its URLs reached or counted as seen
``phase``           nightly runs: ``walk``, ``tallies:<n>`` (every worker posts its counters
                    into ``live`` now), ``revisit``, ``done`` (workers may close)
``coordinator``     the coordinator's heartbeat (expires when it stops beating)
==================  ===========================================================================

A worker takes a request and records it in its in-flight hash in one atomic step
(``POP_TO_FLIGHT``), and forgets it only once the response and everything the callback produced
(requests pushed, items parsed) is done. A worker that stops beating is dead: ``REAP`` moves
its in-flight requests back into the frontier, and another worker fetches them again.
"""

from __future__ import annotations

import json
import pickle
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from crawler.exceptions import FrontierError

PREFIX = "gongkai:"

# KEYS: frontier, inflight hash; ARGV: flight id. Returns {flight id, payload} or nil.
POP_TO_FLIGHT = """
local r = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #r == 0 then return nil end
redis.call('ZREM', KEYS[1], r[1])
redis.call('HSET', KEYS[2], ARGV[1], r[2] .. '\\n' .. r[1])
return r[1]
"""

# KEYS: workers set, frontier; ARGV: prefix. Requeues the in-flight of workers without a
# heartbeat; returns how many requests went back.
REAP = """
local n = 0
for _, w in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('EXISTS', ARGV[1] .. 'alive:' .. w) == 0 then
    local fl = ARGV[1] .. 'inflight:' .. w
    for _, v in ipairs(redis.call('HVALS', fl)) do
      local i = string.find(v, '\\n', 1, true)
      redis.call('ZADD', KEYS[2], string.sub(v, 1, i - 1), string.sub(v, i + 1))
      n = n + 1
    end
    redis.call('DEL', fl)
    redis.call('SREM', KEYS[1], w)
  end
end
return n
"""

# KEYS: frontier, workers set; ARGV: prefix. Requests queued plus in flight, read at one instant.
BUSY = """
local n = redis.call('ZCARD', KEYS[1])
for _, w in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  n = n + redis.call('HLEN', ARGV[1] .. 'inflight:' .. w)
end
return n
"""

# KEYS: host key; ARGV: interval seconds, key ttl ms. Reserves the host's next free slot and
# returns the seconds to wait for it (a string: Lua numbers lose their fraction in replies).
RESERVE_SLOT = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local at = math.max(now, nxt)
redis.call('SET', KEYS[1], string.format('%.6f', at + tonumber(ARGV[1])), 'PX', ARGV[2])
return string.format('%.6f', at - now)
"""


def connect(url: str) -> Any:
    """A Redis client for ``redis://HOST:PORT/DB`` (bytes in, bytes out)."""
    import redis

    return redis.Redis.from_url(
        url, socket_timeout=30, socket_connect_timeout=10, health_check_interval=30
    )


@dataclass(frozen=True, slots=True)
class RunInfo:
    run_id: int
    registry: str  # TOML text: workers on other machines need no file
    fast: bool
    extra: dict[str, Any]
    db_url: str | None = None
    kind: str = "crawl"  # "nightly": incremental workers, and the coordinator ends the walk

    @property
    def nightly(self) -> bool:
        return self.kind == "nightly"

    def dumps(self) -> str:
        return json.dumps(
            {
                "run_id": self.run_id,
                "registry": self.registry,
                "fast": self.fast,
                "extra": self.extra,
                "db_url": self.db_url,
                "kind": self.kind,
            },
            ensure_ascii=False,
        )

    @classmethod
    def loads(cls, raw: bytes | str) -> RunInfo:
        d = json.loads(raw)
        return cls(
            run_id=int(d["run_id"]),
            registry=d["registry"],
            fast=bool(d["fast"]),
            extra=dict(d.get("extra") or {}),
            db_url=d.get("db_url"),
            kind=str(d.get("kind") or "crawl"),
        )


class Frontier:
    """The Redis side of a distributed crawl (no Scrapy here)."""

    def __init__(self, redis_url: str, *, client: Any = None) -> None:
        self.url = redis_url
        self.r = client if client is not None else connect(redis_url)
        self._pop = self.r.register_script(POP_TO_FLIGHT)
        self._reap = self.r.register_script(REAP)
        self._reserve = self.r.register_script(RESERVE_SLOT)
        self._busy = self.r.register_script(BUSY)

    # -- keys ---------------------------------------------------------------------------
    run_key = PREFIX + "run"
    queue_key = PREFIX + "requests"
    dupefilter_key = PREFIX + "dupefilter"
    workers_key = PREFIX + "workers"
    candidates_key = PREFIX + "candidates"
    tallies_key = PREFIX + "tallies"
    phase_key = PREFIX + "phase"
    live_key = PREFIX + "live"
    coordinator_key = PREFIX + "coordinator"

    @staticmethod
    def alive_key(worker: str) -> str:
        return f"{PREFIX}alive:{worker}"

    @staticmethod
    def inflight_key(worker: str) -> str:
        return f"{PREFIX}inflight:{worker}"

    @staticmethod
    def host_key(netloc: str) -> str:
        return f"{PREFIX}host:{netloc}"

    # -- the run ------------------------------------------------------------------------

    def run(self) -> RunInfo | None:
        raw = self.r.get(self.run_key)
        return None if raw is None else RunInfo.loads(raw)

    def wait_for_run(self, timeout: float) -> RunInfo:
        """The run being crawled; a finished one does not count (a late worker has nothing to do)."""
        deadline = time.monotonic() + timeout
        while True:
            info = self.run()
            if info is not None and not self.r.exists(self.run_key + ":finished"):
                return info
            if time.monotonic() >= deadline:
                raise FrontierError(
                    f"no distributed crawl in {self.url} after {timeout:.0f}s: "
                    "start one with `gongkai crawl --distributed URL`"
                )
            time.sleep(0.5)

    def begin(self, info: RunInfo, payloads: Iterable[tuple[float, bytes]]) -> int:
        """Start a run: refuse if one is still going, else clear the last one's keys and seed."""
        current = self.run()
        if current is not None and (self.pending() or self.live_workers()):
            raise FrontierError(
                f"run {current.run_id} is still going in {self.url} (frontier "
                f"{self.pending()}, workers {len(self.live_workers())}); wait "
                "for it or use another Redis database"
            )
        self.clear()
        return self.push(payloads, run_info=info.dumps())

    def clear(self) -> None:
        keys = list(self.r.scan_iter(match=PREFIX + "*", count=1000))
        for i in range(0, len(keys), 500):
            self.r.delete(*keys[i : i + 500])

    # -- workers ------------------------------------------------------------------------

    @staticmethod
    def new_worker_id() -> str:
        import os
        import socket

        return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"

    def beat(self, worker: str, ttl: float) -> None:
        pipe = self.r.pipeline()
        pipe.sadd(self.workers_key, worker)
        pipe.set(self.alive_key(worker), str(time.time()), px=int(ttl * 1000))
        pipe.execute()

    def leave(self, worker: str) -> None:
        """A worker that closed cleanly: its in-flight goes back (normally empty), it leaves."""
        self.r.delete(self.alive_key(worker))
        self.reap()

    def reap(self) -> int:
        """Requeue the in-flight requests of every worker whose heartbeat expired."""
        return int(self._reap(keys=[self.workers_key, self.queue_key], args=[PREFIX]))

    def live_workers(self) -> list[str]:
        return sorted(w.decode() for w in self.r.smembers(self.workers_key))

    # -- the frontier -------------------------------------------------------------------

    def pending(self) -> int:
        return int(self.r.zcard(self.queue_key))

    def take(self, worker: str) -> tuple[str, bytes] | None:
        """Pop the best request into ``worker``'s in-flight hash: (flight id, payload)."""
        flight = uuid.uuid4().hex
        data = self._pop(keys=[self.queue_key, self.inflight_key(worker)], args=[flight])
        return None if data is None else (flight, data)

    def done(self, worker: str, flight: str) -> None:
        self.r.hdel(self.inflight_key(worker), flight)

    def in_flight(self, exclude: str | None = None) -> int:
        total = 0
        for w in self.live_workers():
            if w != exclude:
                total += int(self.r.hlen(self.inflight_key(w)))
        return total

    def seen(self) -> int:
        return int(self.r.scard(self.dupefilter_key))

    # -- politeness ---------------------------------------------------------------------

    def reserve(self, netloc: str, interval: float) -> float:
        """Seconds until this worker may send its next request to ``netloc``, shared by all."""
        ttl_ms = int(max(interval * 4, 60.0) * 1000)
        return float(self._reserve(keys=[self.host_key(netloc)], args=[f"{interval:.6f}", ttl_ms]))

    # -- robots.txt, read once per host for all workers -----------------------------------

    @staticmethod
    def robots_key(netloc: str) -> str:
        return f"{PREFIX}robots:{netloc}"

    def robots(self, netloc: str) -> bytes | None:
        raw = self.r.get(self.robots_key(netloc))
        return None if raw is None else bytes(raw)

    def claim_robots(self, netloc: str, ttl: float) -> bool:
        """True for the one worker that should fetch this host's robots.txt now."""
        return bool(self.r.set(self.robots_key(netloc) + ":lock", "1", nx=True, px=int(ttl * 1000)))

    def put_robots(self, netloc: str, body: bytes | None) -> None:
        """Share a robots.txt (``None``: the fetch failed, let another worker try)."""
        if body is not None:
            self.r.set(self.robots_key(netloc), body)
        self.r.delete(self.robots_key(netloc) + ":lock")

    # -- results for the final load -----------------------------------------------------

    def add_candidate(self, url: str, sha256: str, candidate: dict[str, Any]) -> None:
        self.r.hset(self.candidates_key, f"{url}\x00{sha256}", pickle.dumps(candidate, protocol=5))

    def candidates(self) -> list[dict[str, Any]]:
        out = []
        for _, raw in sorted(self.r.hscan_iter(self.candidates_key, count=500)):
            out.append(pickle.loads(raw))
        return out

    def add_tallies(self, tallies: dict[str, dict[str, Any]], worker: str | None = None) -> None:
        """A closing worker's final counters; its running ones go in the same transaction."""
        pipe = self.r.pipeline(transaction=True)
        pipe.rpush(self.tallies_key, json.dumps(tallies, ensure_ascii=False))
        if worker is not None:
            pipe.hdel(self.live_key, worker)
        pipe.execute()

    def tallies(self) -> list[dict[str, dict[str, Any]]]:
        """Every worker's counters: final ones of closed workers, the last posted of the others
        (running, or killed)."""
        closed = [json.loads(raw) for raw in self.r.lrange(self.tallies_key, 0, -1)]
        return closed + [t for _, t in self.posted_tallies().values()]

    def post_tallies(
        self, worker: str, generation: str, tallies: dict[str, dict[str, Any]]
    ) -> None:
        self.r.hset(
            self.live_key,
            worker,
            json.dumps({"generation": generation, "tallies": tallies}, ensure_ascii=False),
        )

    def posted_tallies(self) -> dict[str, tuple[str, dict[str, dict[str, Any]]]]:
        """Running (or killed) workers' last counters: worker → (generation asked, counters)."""
        out = {}
        for w, raw in self.r.hgetall(self.live_key).items():
            d = json.loads(raw)
            out[w.decode()] = (str(d.get("generation") or ""), d.get("tallies") or {})
        return out

    # -- status ---------------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        info = self.run()
        return {
            "run_id": info.run_id if info else None,
            "pending": self.pending(),
            "in_flight": self.in_flight(),
            "workers": self.live_workers(),
            "seen": self.seen(),
            "candidates": int(self.r.hlen(self.candidates_key)),
        }

    def memory(self) -> dict[str, int]:
        """Bytes Redis uses for the frontier's keys (MEMORY USAGE), by kind."""
        out: dict[str, int] = {}
        for key in self.r.scan_iter(match=PREFIX + "*", count=1000):
            kind = key.decode().removeprefix(PREFIX).split(":", 1)[0]
            out[kind] = out.get(kind, 0) + int(self.r.memory_usage(key, samples=0) or 0)
        return out

    def busy(self) -> int:
        """Requests queued or in flight, counted at one instant (0: the walk is quiet)."""
        return int(self._busy(keys=[self.queue_key, self.workers_key], args=[PREFIX]))

    def push(self, payloads: Iterable[tuple[float, bytes]], *, run_info: str | None = None) -> int:
        """Requests for the frontier (the seeds, with the run's description; the coordinator's
        revisits), in one round trip."""
        pipe = self.r.pipeline()
        if run_info is not None:
            pipe.set(self.run_key, run_info)
        n = 0
        for score, data in payloads:
            pipe.zadd(self.queue_key, {data: score})
            n += 1
        pipe.execute()
        return n

    # -- a nightly run's walk, shared by its workers --------------------------------------------

    @staticmethod
    def walk_key(portal: str) -> str:
        return f"{PREFIX}walk:{portal}"

    def walk_reach(self, portal: str, urls: Iterable[str]) -> None:
        urls = list(urls)
        if urls:
            self.r.sadd(self.walk_key(portal) + ":seen", *urls)

    def walk_count(self, portal: str, name: str) -> None:
        self.r.hincrby(self.walk_key(portal), name, 1)

    def walk(self, portal: str) -> tuple[set[str], dict[str, int]]:
        """(URLs reached, counters) of the portal's walk over every worker."""
        seen = {u.decode() for u in self.r.sscan_iter(self.walk_key(portal) + ":seen", count=1000)}
        counters = {k.decode(): int(v) for k, v in self.r.hgetall(self.walk_key(portal)).items()}
        return seen, counters

    def drop_walks(self) -> None:
        """A finished run's walk logs (as large as its duplicate filter) and posted counters."""
        keys = list(self.r.scan_iter(match=PREFIX + "walk:*", count=1000))
        for i in range(0, len(keys), 500):
            self.r.delete(*keys[i : i + 500])
        self.r.delete(self.live_key)

    def phase(self) -> str:
        raw = self.r.get(self.phase_key)
        return raw.decode() if raw else ""

    def set_phase(self, phase: str) -> None:
        self.r.set(self.phase_key, phase)

    def beat_coordinator(self, ttl: float) -> None:
        self.r.set(self.coordinator_key, str(time.time()), px=int(ttl * 1000))

    def coordinator_alive(self) -> bool:
        return bool(self.r.exists(self.coordinator_key))

    def drained(self) -> bool:
        """Nothing left: no request queued, none in flight, no worker still closing."""
        self.reap()
        return self.pending() == 0 and not self.live_workers()


class RedisWalkLog:
    """A worker's share of one portal's walk, written to Redis as it goes
    (``crawler.incremental.memory.WalkLog``)."""

    def __init__(self, frontier: Frontier, portal: str) -> None:
        self.frontier = frontier
        self.portal = portal

    def reach(self, urls: Iterable[str]) -> None:
        self.frontier.walk_reach(self.portal, urls)

    def count(self, name: str) -> None:
        self.frontier.walk_count(self.portal, name)
