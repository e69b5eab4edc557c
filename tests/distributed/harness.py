"""Running distributed crawls for tests and bench/distributed.py: a private Redis database and
PostgreSQL database each, the coordinator and workers as real processes, archive snapshots."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PG_SERVER = os.environ.get("GONGKAI_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
REDIS = os.environ.get("GONGKAI_TEST_REDIS", "redis://127.0.0.1:6379")
CLAIM = "gongkai-test-claim"  # outside the frontier's gongkai:* keys


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(
        PG_SERVER.replace("postgresql+psycopg://", "postgresql://") + "/postgres", autocommit=True
    ) as conn:
        conn.execute(sql)


@contextmanager
def pg_database() -> Iterator[str]:
    """A new PostgreSQL database, dropped afterwards."""
    name = f"gongkai_dist_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    _pg_admin(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def pg_copy(db_url: str) -> Iterator[str]:
    """A copy of a PostgreSQL database (``CREATE DATABASE … TEMPLATE``), dropped afterwards;
    nothing may be connected to the original meanwhile."""
    name = f"gongkai_dist_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{db_url.rsplit("/", 1)[1]}"')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextmanager
def redis_db() -> Iterator[str]:
    """An empty Redis database number no one else uses, claimed for this block, flushed after."""
    import redis

    for n in range(15, 0, -1):
        r = redis.Redis.from_url(f"{REDIS}/{n}")
        if r.dbsize() == 0 and r.set(CLAIM, str(os.getpid()), nx=True, ex=3600):
            if r.dbsize() != 1:  # someone else wrote here at the same moment
                r.delete(CLAIM)
                continue
            try:
                yield f"{REDIS}/{n}"
            finally:
                r.flushdb()
            return
    raise RuntimeError("no free Redis database (1-15) to claim")


@dataclass
class Run:
    seconds: float
    coordinator_rc: int
    worker_rcs: list[int]
    killed: list[int] = field(default_factory=list)
    logs: Path | None = None

    def stdout(self) -> str:
        """What the coordinator printed (a nightly run's ``--json`` summary)."""
        assert self.logs is not None
        return (self.logs / "coordinator.out").read_text(encoding="utf-8")

    def log(self, tail: int = 3000) -> str:
        assert self.logs is not None
        return "\n".join(
            p.read_text(errors="replace")[-tail:] for p in sorted(self.logs.glob("*.log"))
        )


def _gk(data_dir: Path, db_url: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from gongkai.cli import main; main()",
        "--data-dir",
        str(data_dir),
        "--db",
        db_url,
    ]


def run_distributed(
    *,
    registry: Path,
    db_url: str,
    data_dir: Path,
    redis_url: str,
    workers: int,
    fast: bool = True,
    idle_close: float = 2.0,
    ttl: float = 15.0,
    host_rate: float | None = None,
    settings: dict[str, str] | None = None,
    kill_one_after: float | None = None,
    timeout: float = 600,
    env: dict[str, str] | None = None,
    nightly: bool = False,
) -> Run:
    """``gongkai crawl --distributed`` (``nightly``: ``gongkai nightly --json --distributed``)
    plus ``workers`` × ``gongkai worker``, all as processes; with ``kill_one_after``, the first
    worker gets SIGKILL that many seconds after it starts, as soon as it has requests in flight.
    The coordinator's stdout goes to ``coordinator.out``, its stderr to ``coordinator.log``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    proc_env = {**os.environ, "PYTHONWARNINGS": "ignore", **(env or {})}
    command = ["nightly", "--json"] if nightly else ["crawl"]
    crawl = [
        *_gk(data_dir, db_url),
        *command,
        "--registry",
        str(registry),
        "--distributed",
        redis_url,
    ]
    if fast:
        crawl.append("--fast")
    for name, value in (settings or {}).items():
        crawl += ["--set", f"{name}={value}"]
    t0 = time.monotonic()
    with (
        open(data_dir / "coordinator.out", "wb") as out,
        open(data_dir / "coordinator.log", "wb") as log,
    ):
        coord = subprocess.Popen(crawl, stdout=out, stderr=log, env=proc_env, cwd=ROOT)
    worker_cmd = [
        *_gk(data_dir, db_url),
        "worker",
        redis_url,
        "--idle-close",
        str(idle_close),
        "--ttl",
        str(ttl),
    ]
    if host_rate is not None:
        worker_cmd += ["--host-rate", str(host_rate)]
    procs = []
    for i in range(workers):
        with open(data_dir / f"worker{i}.log", "wb") as log:
            procs.append(
                subprocess.Popen(
                    worker_cmd, stdout=log, stderr=subprocess.STDOUT, env=proc_env, cwd=ROOT
                )
            )
    killed = []
    try:
        if kill_one_after is not None:
            time.sleep(kill_one_after)
            _wait_busy(redis_url, procs[0].pid, deadline=time.monotonic() + 120)
            procs[0].send_signal(signal.SIGKILL)
            killed.append(0)
        rcs = [p.wait(timeout=timeout) for p in procs]
        crc = coord.wait(timeout=timeout)
    finally:
        for p in [*procs, coord]:
            if p.poll() is None:
                p.kill()
                p.wait()
    return Run(
        seconds=time.monotonic() - t0,
        coordinator_rc=crc,
        worker_rcs=rcs,
        killed=killed,
        logs=data_dir,
    )


def _wait_busy(redis_url: str, pid: int, *, deadline: float, at_least: int = 3) -> None:
    """Until the worker process ``pid`` has ``at_least`` requests in flight (its id names its pid)."""
    from crawler.distributed.frontier import Frontier

    frontier = Frontier(redis_url)
    while time.monotonic() < deadline:
        for worker in frontier.live_workers():
            if f"-{pid}-" in worker and frontier.r.hlen(frontier.inflight_key(worker)) >= at_least:
                return
        time.sleep(0.05)
    raise RuntimeError(f"worker {pid} never had {at_least} requests in flight")


def snapshot(db_url: str) -> dict[str, Any]:
    """The archive as the acceptance compares it: v_reports and v_requests (ids left out) and
    the fetches (url, status) with how often each was recorded."""
    from collections import Counter

    from sqlalchemy import text

    from db.engine import make_engine

    engine = make_engine(db_url)
    try:
        with engine.connect() as c:
            reports = sorted(
                tuple(str(v) for v in row)
                for row in c.execute(
                    text(
                        "SELECT agency, region_code, year, version, published, source_url, format "
                        "FROM v_reports"
                    )
                )
            )
            requests = sorted(
                tuple(str(v) for v in row)
                for row in c.execute(
                    text(
                        "SELECT agency, region_code, year, row_code, column_code, value FROM v_requests"
                    )
                )
            )
            fetches = Counter(
                (row[0], row[1]) for row in c.execute(text("SELECT url, status FROM fetches"))
            )
            blobs = {
                row[0]
                for row in c.execute(
                    text("SELECT DISTINCT sha256 FROM fetches WHERE sha256 IS NOT NULL")
                )
            }
    finally:
        engine.dispose()
    return {"reports": reports, "requests": requests, "fetches": fetches, "blobs": blobs}


@contextmanager
def generated_world(
    tmp: Path, portals: int, years: int = 3, delay: float = 0.0
) -> Iterator[tuple[Path, Path]]:
    """tests/distributed/genworld.py in its own process: (registry path, request log path);
    the log is written when the block ends."""
    tmp.mkdir(parents=True, exist_ok=True)
    registry, log = tmp / "gen-portals.toml", tmp / "gen-requests.jsonl"
    proc = subprocess.Popen(
        [
            sys.executable,
            str(Path(__file__).with_name("genworld.py")),
            "--portals",
            str(portals),
            "--years",
            str(years),
            "--delay",
            str(delay),
            "--registry",
            str(registry),
            "--log",
            str(log),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        if proc.stdout.readline().strip() != "ready":
            raise RuntimeError("the generated world did not start")
        yield registry, log
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
        if proc.stdout is not None:
            proc.stdout.close()


def read_log(log: Path) -> list[tuple[float, str, str]]:
    import json

    return [tuple(json.loads(line)) for line in log.read_text().splitlines() if line]  # type: ignore[misc]
