"""Distributed crawling: throughput with 1, 2 and 3 worker processes on the portal world
(politeness off, same archive each time), throughput and per-host rate with per-host politeness
on over many generated hosts, and a 1,000-portal generated world crawled to completion with the
frontier's Redis memory sampled; then `gongkai nightly --distributed` with 1 and 2 workers over
the unchanged portal world after a first distributed crawl. Writes its section of
bench/RESULTS.md.

    .venv/bin/python bench/distributed.py            # all four parts
    .venv/bin/python bench/distributed.py --parts world,polite --no-write
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "distributed")]

import harness
from _results import replace_section

RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Distributed crawl (bench/distributed.py)"
# The polite part models slow government servers and workers of bounded capacity: a worker
# keeps CONCURRENCY requests open, each answered after DELAY seconds.
DELAY, CONCURRENCY = 0.25, 4


class MemorySampler(threading.Thread):
    """Peak bytes of the frontier's keys by kind (MEMORY USAGE), sampled every ``every`` s."""

    def __init__(self, redis_url: str, every: float = 1.0) -> None:
        super().__init__(daemon=True)
        from crawler.distributed.frontier import Frontier

        self.frontier = Frontier(redis_url)
        self.every = every
        self.peak_total = 0
        self.peak: dict[str, int] = {}
        self.at_peak: dict[str, Any] = {}
        self.peak_pending = 0
        self.queue_bytes_at_peak_pending = 0
        self.stop_event = threading.Event()

    def run(self) -> None:
        while not self.stop_event.wait(self.every):
            try:
                mem = self.frontier.memory()
                status = self.frontier.status()
            except Exception:  # keys vanish while we look
                continue
            for kind, n in mem.items():
                self.peak[kind] = max(self.peak.get(kind, 0), n)
            total = sum(mem.values())
            if status["pending"] > self.peak_pending:
                self.peak_pending = status["pending"]
                self.queue_bytes_at_peak_pending = mem.get("requests", 0)
            if total > self.peak_total:
                self.peak_total, self.at_peak = total, {**status, "memory": mem}

    def stop(self) -> None:
        self.stop_event.set()
        self.join(timeout=10)


def _cpu_children() -> float:
    import resource

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _one(registry: Path, workers: int, tmp: Path, **kw: Any) -> dict[str, Any]:
    with harness.pg_database() as db, harness.redis_db() as redis_url:
        sampler = MemorySampler(redis_url)
        sampler.start()
        cpu0 = _cpu_children()
        try:
            run = harness.run_distributed(
                registry=registry,
                db_url=db,
                data_dir=tmp,
                redis_url=redis_url,
                workers=workers,
                **kw,
            )
        finally:
            sampler.stop()
        cpu = _cpu_children() - cpu0
        snap = harness.snapshot(db)
        crawl_s, timing = _run_seconds(db)
    pages = sum(snap["fetches"].values())
    return {
        "workers": workers,
        "run": run,
        "snap": snap,
        "pages": pages,
        "crawl_s": crawl_s,
        "pages_s": pages / crawl_s,
        "reports": len(snap["reports"]),
        "cpu_s": cpu,
        "frontier_s": timing.get("frontier_s", crawl_s),
        "final_load_s": timing.get("final_load_s", 0.0),
        "mem_peak": sampler.peak,
        "mem_total": sampler.peak_total,
        "at_peak": sampler.at_peak,
        "peak_pending": sampler.peak_pending,
        "queue_bytes": sampler.queue_bytes_at_peak_pending,
    }


def _run_seconds(db: str) -> tuple[float, dict[str, float]]:
    """From the run's start (seeding) to its finish (after the final load), and the split."""
    from sqlalchemy import text

    from db.engine import make_engine

    engine = make_engine(db)
    try:
        with engine.connect() as c:
            seconds, stats = c.execute(
                text("SELECT EXTRACT(EPOCH FROM finished_at - started_at), stats FROM crawl_runs")
            ).one()
    finally:
        engine.dispose()
    return float(seconds), dict((stats or {}).get("distributed") or {})


def world_part(tmp: Path) -> list[dict[str, Any]]:
    from gongkai import demo

    out = []
    with demo.serve(seed=0, day=1) as world:
        registry = tmp / "world.toml"
        registry.write_text(world.registry_toml(), encoding="utf-8")
        for n in (1, 2, 3):
            world.reset_traffic()
            r = _one(registry, n, tmp / f"world{n}", idle_close=2.0)
            asked = defaultdict(int)
            for e in world.requests_log():
                asked[e["url"]] += 1
            r["twice"] = sum(1 for v in asked.values() if v > 1)
            out.append(r)
            print(f"world, {n} worker(s): {r['pages']} pages in {r['crawl_s']:.1f}s", flush=True)
    base = out[0]["snap"]
    for r in out:
        r["same"] = (
            r["snap"]["reports"] == base["reports"] and r["snap"]["requests"] == base["requests"]
        )
    return out


def _host_rates(log: Path) -> tuple[float, float]:
    """(highest requests in any 1-second window on one host, smallest gap on one host)."""
    by: dict[str, list[float]] = defaultdict(list)
    for t, host, _ in harness.read_log(log):
        by[host].append(t)
    worst, gap = 0, float("inf")
    for ts in by.values():
        ts.sort()
        j = 0
        for i, t in enumerate(ts):
            while ts[j] <= t - 1.0:
                j += 1
            worst = max(worst, i - j + 1)
            if i:
                gap = min(gap, t - ts[i - 1])
    return float(worst), gap


def polite_part(tmp: Path, portals: int, rate: float) -> list[dict[str, Any]]:
    out = []
    for n in (1, 2, 3):
        with harness.generated_world(tmp / f"polite{n}", portals, years=3, delay=DELAY) as (
            registry,
            log,
        ):
            r = _one(
                registry,
                n,
                tmp / f"polite{n}" / "data",
                host_rate=rate,
                idle_close=2.0,
                settings={"GONGKAI_PARSE": "False", "CONCURRENT_REQUESTS": str(CONCURRENCY)},
            )
        r["max_per_s"], r["min_gap"] = _host_rates(log)
        out.append(r)
        print(
            f"polite, {n} worker(s): {r['pages']} pages in {r['crawl_s']:.1f}s, "
            f"max {r['max_per_s']:.0f}/s per host",
            flush=True,
        )
    return out


def scale_part(tmp: Path, portals: int, workers: int) -> dict[str, Any]:
    (tmp / "scale").mkdir(parents=True, exist_ok=True)
    with harness.generated_world(tmp / "scale", portals, years=3) as (registry, _log):
        r = _one(
            registry,
            workers,
            tmp / "scale" / "data",
            idle_close=3.0,
            timeout=3000,
            settings={"GONGKAI_PARSE": "False", "GONGKAI_WARC": "False"},
        )
    r["portals"] = portals
    ok = sum(1 for _ in r["snap"]["fetches"])
    r["expected"] = portals * (4 + 3)  # robots, start, hub, column, 3 report pages
    r["fetched"] = ok
    print(f"scale: {portals} portals, {r['pages']} pages in {r['crawl_s']:.1f}s", flush=True)
    return r


def nightly_part(tmp: Path) -> list[dict[str, Any]]:
    """A first distributed crawl (2 workers), then a distributed nightly pass over the unchanged
    world with 1 and then 2 workers, each against the same archive."""
    import json

    from gongkai import demo

    out: list[dict[str, Any]] = []
    with (
        demo.serve(seed=0, day=1) as world,
        harness.pg_database() as db,
        harness.redis_db() as redis_url,
    ):
        registry = world.write_registry(tmp / "nightly.toml")
        files = {
            r["document_url"]
            for r in world.manifest["reports"]
            if r["form"] not in ("html", "html-gbk")
        }
        world.reset_traffic()
        first = harness.run_distributed(
            registry=registry,
            db_url=db,
            data_dir=tmp / "nightly",
            redis_url=redis_url,
            workers=2,
            idle_close=2.0,
        )
        assert first.coordinator_rc == 0, first.log()
        first_bytes = sum(p["bytes"] for p in world.traffic()["portals"].values())
        first_requests = sum(p["requests"] for p in world.traffic()["portals"].values())
        for n in (1, 2):
            world.reset_traffic()
            run = harness.run_distributed(
                registry=registry,
                db_url=db,
                data_dir=tmp / "nightly",
                redis_url=redis_url,
                workers=n,
                nightly=True,
                idle_close=1.0,
            )
            assert run.coordinator_rc == 0, run.log()
            summary = json.loads(run.stdout())
            traffic = world.traffic()["portals"]
            size = sum(p["bytes"] for p in traffic.values())
            r = {
                "workers": n,
                "seconds": run.seconds,
                "requests": sum(p["requests"] for p in traffic.values()),
                "bytes": size,
                "ratio": size / first_bytes,
                "first_bytes": first_bytes,
                "first_requests": first_requests,
                "first_s": first.seconds,
                "not_modified": summary["totals"]["not_modified"],
                "files_again": sum(
                    1 for e in world.requests_log() if e["url"] in files and e["status"] == 200
                ),
                "changed": sum(
                    summary["totals"][k] for k in ("new_reports", "new_versions", "removed")
                ),
            }
            out.append(r)
            print(
                f"nightly, {n} worker(s): {r['requests']} requests, {size:,} bytes in {run.seconds:.1f}s",
                flush=True,
            )
    return out


def write_section(
    world: list[dict[str, Any]],
    polite: list[dict[str, Any]],
    scale: dict[str, Any] | None,
    rate: float,
    nightly: list[dict[str, Any]] | None = None,
) -> None:
    now = f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.python_implementation()} {platform.python_version()}"
    lines = [
        SECTION,
        "",
        f"{now}, 2 shared cores (load average {os.getloadavg()[0]:.1f} at the end: the other "
        "sessions' jobs share them, so more processes mostly share the same two cores). "
        "Coordinator (`gongkai crawl --distributed`) and workers (`gongkai worker`) as separate "
        "processes, Redis and PostgreSQL at 127.0.0.1; seconds from the run's start (seeding) to "
        "its finish (after the coordinator's final load).",
        "",
    ]
    if world:
        base = world[0]["pages_s"]
        lines += [
            "Portal world (seed 0, day 1), politeness off, parse and load on:",
            "",
            "| workers | pages | reports | seconds | of which crawling, final load | pages/s | throughput ÷ 1 worker | CPU-s of all processes | same v_reports and v_requests as 1 worker | URLs fetched twice (robots.txt included) |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
        ]
        lines += [
            f"| {r['workers']} | {r['pages']} | {r['reports']} | {r['crawl_s']:.1f} | "
            f"{r['frontier_s']:.1f}, {r['final_load_s']:.1f} | {r['pages_s']:.1f} | "
            f"{r['pages_s'] / base:.2f} | {r['cpu_s']:.0f} | {'yes' if r['same'] else 'NO'} | {r['twice']} |"
            for r in world
        ]
        cand = world[0]["mem_peak"].get("candidates", 0) / max(1, world[0]["reports"])
        lines += [
            "",
            "This crawl is CPU-bound (parsing) and the cores are two, shared: each extra worker "
            "brings its own start-up and parse pool to the same cores, so throughput cannot grow "
            "here; what a worker on another machine adds is what the politeness part measures.",
            "",
            f"Parsed reports waiting in Redis for the final load: {cand / 1024:.1f} KB each "
            f"(peak of `candidates` ÷ reports, 1 worker); peak frontier memory "
            f"{world[0]['mem_total'] / 1024:,.0f} KB.",
            "",
        ]
    if polite:
        base = polite[0]["pages_s"]
        n_hosts = polite[0]["pages"] // 7
        lines += [
            f"Per-host politeness on ({rate:g} request/s per host, shared by all workers through "
            f"Redis), {n_hosts} generated hosts answering in {DELAY * 1000:.0f} ms, {CONCURRENCY} open requests per worker "
            "(a worker's capacity, not the hosts, is the limit), parse off. Arrival times at the "
            "server: slots are 1/rate apart, a request may leave a little after its slot when its "
            "process is busy, hence 1 s windows with one request more than the rate:",
            "",
            "| workers | pages | seconds | pages/s | throughput ÷ 1 worker | most requests to one host in any 1 s | smallest gap on one host, s |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {r['workers']} | {r['pages']} | {r['crawl_s']:.1f} | {r['pages_s']:.1f} | "
            f"{r['pages_s'] / base:.2f} | {r['max_per_s']:.0f} | {r['min_gap']:.3f} |"
            for r in polite
        ]
        lines.append("")
    if scale:
        mem = scale["mem_peak"]
        seen = max(1, scale["at_peak"].get("seen", 0) or scale["pages"])
        lines += [
            f"Generated world of {scale['portals']:,} portals ({scale['workers']} workers, politeness off, "
            "parse and WARC off: the frontier is what is measured):",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| pages archived (expected {scale['expected']:,}) | {scale['pages']:,} |",
            f"| seconds, pages/s | {scale['crawl_s']:.1f}, {scale['pages_s']:.1f} |",
            f"| peak frontier memory in Redis, all keys, KB | {scale['mem_total'] / 1024:,.0f} |",
            f"| of which the queue (`requests`), KB at peak | {mem.get('requests', 0) / 1024:,.0f} |",
            f"| of which the duplicate filter, KB at peak | {mem.get('dupefilter', 0) / 1024:,.0f} |",
            f"| duplicate filter bytes per seen request | {mem.get('dupefilter', 0) / seen:.0f} |",
            f"| most requests queued at once, bytes per queued request then | {scale['peak_pending']:,}, "
            f"{scale['queue_bytes'] / max(1, scale['peak_pending']):.0f} |",
            "",
        ]
    if nightly:
        f = nightly[0]
        lines += [
            f"`gongkai nightly --distributed` over the unchanged portal world (seed 0), after a first "
            f"distributed crawl of {f['first_requests']} requests and {f['first_bytes']:,} bytes "
            f"({f['first_s']:.1f} s, 2 workers); seconds include starting the processes:",
            "",
            "| workers | requests | of which 304 (fetch rows) | bytes | ÷ first crawl | attachments downloaded again | new reports, versions, removals | seconds |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {r['workers']} | {r['requests']} | {r['not_modified']} | {r['bytes']:,} | "
            f"{r['ratio']:.1%} | {r['files_again']} | {r['changed']} | {r['seconds']:.1f} |"
            for r in nightly
        ]
        lines.append("")
    replace_section(SECTION, lines)


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--parts", default="world,polite,scale,nightly")
    ap.add_argument(
        "--portals", type=int, default=1000, help="portals of the generated scale world"
    )
    ap.add_argument("--polite-portals", type=int, default=60)
    ap.add_argument(
        "--rate", type=float, default=2.0, help="requests/s per host in the polite part"
    )
    ap.add_argument("--workers", type=int, default=3, help="workers for the scale part")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args()
    parts = set(args.parts.split(","))
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-dist-"))
    t0 = time.monotonic()
    world = world_part(tmp) if "world" in parts else []
    polite = polite_part(tmp, args.polite_portals, args.rate) if "polite" in parts else []
    scale = scale_part(tmp, args.portals, args.workers) if "scale" in parts else None
    nightly = nightly_part(tmp) if "nightly" in parts else []
    print(f"bench done in {time.monotonic() - t0:.0f}s")
    if not args.no_write:
        write_section(world, polite, scale, args.rate, nightly)


if __name__ == "__main__":
    main()
