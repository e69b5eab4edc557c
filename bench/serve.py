"""Serve benchmark: Datasette pages and canned queries on a SQLite archive of N reports.

Builds an archive of N generated reports (``gongkai.demo.generate.random_report``: prose sections and
tables; agencies from the regions list, each with a run of years and some gaps, some late), runs
``gongkai serve`` in a subprocess on loopback, and times HTTP GETs of the pages a reader opens
first and of every canned query (first request, then the median of 5). Also times one full page
load in headless Chromium, and `gongkai search`. Writes the "Serve" section of bench/RESULTS.md.
Target: every page and canned query under 1 s.

Usage: python bench/serve.py [--reports 10000] [--no-write] [--keep PATH]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx
from _results import replace_section

from db.engine import make_engine, session_factory
from db.loader import ReportInput, load_reports
from db.migrate import upgrade
from db.regions import divisions
from gongkai.demo.generate import random_report
from gongkai.query.saved import all_queries
from gongkai.query.search import search

RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Serve (bench/serve.py)"
SUFFIXES = ("人民政府", "财政局", "教育局", "卫生健康委员会")
YEARS = (2021, 2022, 2023, 2024, 2025)
TARGET_S = 1.0


def generate(n: int, seed: int = 20261122) -> list[dict[str, Any]]:
    """``n`` reports: agencies in turn, each reporting most years from 2021 (about 1 in 8 missing)."""
    rng = random.Random(seed)
    counties = [d.name for d in divisions() if d.level == "county"]
    reports: list[dict[str, Any]] = []
    i = 0
    while len(reports) < n:
        agency = f"{counties[i % len(counties)]}{SUFFIXES[(i // len(counties)) % len(SUFFIXES)]}"
        i += 1
        for year in YEARS:
            if len(reports) == n:
                break
            if rng.random() < 0.125:
                continue
            reports.append(
                random_report(rng, agency=agency, year=year, break_identity=rng.random() < 0.05)
            )
    return reports


def build(path: Path, n: int) -> float:
    url = f"sqlite:///{path}"
    upgrade(url)
    reports = generate(n)
    engine = make_engine(url)
    factory = session_factory(engine)
    start = time.perf_counter()
    for i in range(0, len(reports), 500):
        with factory.begin() as session:
            load_reports(
                session, [ReportInput(r, source_url="bench://serve") for r in reports[i : i + 500]]
            )
    engine.dispose()
    return time.perf_counter() - start


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _time(client: httpx.Client, url: str, repeat: int = 5) -> tuple[float, float, int]:
    """(first, median of the next ``repeat``) seconds, and the status of the first request."""
    start = time.perf_counter()
    first = client.get(url)
    cold = time.perf_counter() - start
    warm = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        warm.append(time.perf_counter() - start)
    return cold, statistics.median(warm), first.status_code


def _chromium_load(url: str) -> float:
    """Seconds for headless Chromium to start, load ``url`` and dump its DOM (startup included)."""
    with tempfile.TemporaryDirectory() as profile:
        start = time.perf_counter()
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                f"--user-data-dir={profile}",
                "--dump-dom",
                url,
            ],
            capture_output=True,
            timeout=60,
            check=True,
        )
        return time.perf_counter() - start


def _sql_cpu(path: Path, pages: dict[str, str]) -> dict[str, float]:
    """CPU seconds (best of 3) of each canned query's SQL, and of a count over each view page,
    run in this process: what the page costs without the other work on the machine."""
    import sqlite3

    out: dict[str, float] = {}
    queries = all_queries()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        for name, url in pages.items():
            if name.startswith("canned: "):
                query = queries[name.removeprefix("canned: ")]
                sql = query.sql
                params = {p.name: ("金寨县人民政府" if p.required else "") for p in query.params}
            elif url.startswith(f"/{path.stem}/v_"):
                view, _, where = url.split("/")[2].partition("?")
                sql = f"SELECT COUNT(*) FROM {view}" + (
                    f" WHERE {where.split('=')[0]} = '{where.split('=')[1]}'" if where else ""
                )
                params = {}
            else:
                continue
            best = []
            for _ in range(3):
                start = time.process_time()
                conn.execute(sql, params).fetchall()
                best.append(time.process_time() - start)
            out[name] = min(best)
    return out


def measure(path: Path) -> dict[str, Any]:
    db = path.stem
    pages = {
        "index": "/",
        "database": f"/{db}",
        "v_reports (facets agency, year)": f"/{db}/v_reports",
        "v_coverage (facets)": f"/{db}/v_coverage",
        "v_findings (facets)": f"/{db}/v_findings",
        "v_requests (1.7 M rows, facet year)": f"/{db}/v_requests",
        "v_requests (1 agency)": f"/{db}/v_requests?agency=金寨县人民政府",
        "report versions of one report": f"/{db}/v_report_versions?report_id=5000",
    }
    for name, query in all_queries().items():
        params = "?agency=金寨县人民政府" if any(p.required for p in query.params) else ""
        pages[f"canned: {name}"] = f"/{db}/{name}{params}"
    port = _port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from gongkai.cli import main; main()",
            "serve",
            "--file",
            str(path),
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    rows = []
    load_before = os.getloadavg()[0]
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            for _ in range(200):
                try:
                    client.get("/-/versions.json")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            for name, url in pages.items():
                cold, warm, status = _time(client, url)
                rows.append((name, url, cold, warm, status))
                print(
                    f"{name}: {cold * 1000:.0f} ms first, {warm * 1000:.0f} ms median ({status})",
                    flush=True,
                )
        browser = (
            _chromium_load(f"{base}/{db}/late_and_missing") if shutil.which("chromium") else None
        )
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    cpu = _sql_cpu(path, pages)
    start = time.perf_counter()
    search(f"sqlite:///{path}", "行政复议 纠正")  # builds the FTS5 index on first use
    index_s = time.perf_counter() - start
    start = time.perf_counter()
    hits = search(f"sqlite:///{path}", "政府信息公开 培训", limit=20)
    search_s = time.perf_counter() - start
    return {
        "rows": rows,
        "cpu": cpu,
        "browser": browser,
        "load": (load_before, os.getloadavg()[0]),
        "index_s": index_s,
        "search_s": search_s,
        "hits": len(hits),
    }


def write_section(n: int, load_s: float, size_mb: float, m: dict[str, Any]) -> None:
    worst = max(max(r[2], r[3]) for r in m["rows"])
    lines = [
        SECTION,
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}, 2 shared cores. A SQLite archive of "
        f"{n:,} generated reports ({size_mb:.0f} MB, loaded in {load_s:.0f} s), served by "
        "`gongkai serve` (Datasette, read-only) on loopback; HTTP GET times seen by the client: "
        "the first request to each page, then the median of 5 more. Target: < 1 s each. "
        f"Worst: {worst * 1000:.0f} ms — {'met' if worst < TARGET_S else 'NOT met'}. "
        f"Load average while measuring: {m['load'][0]:.1f} → {m['load'][1]:.1f} on 2 cores shared "
        "with other work, so these are upper bounds.",
        "",
        "| page | first, ms | median, ms | status | SQL CPU, ms |",
        "|---|---:|---:|---:|---:|",
        *(
            f"| {name} | {cold * 1000:.0f} | {warm * 1000:.0f} | {status} | "
            + (f"{m['cpu'][name] * 1000:.0f}" if name in m["cpu"] else "")
            + " |"
            for name, _url, cold, warm, status in m["rows"]
        ),
        "",
        "SQL CPU: the page's canned query, or a count over the view page's rows, run in-process "
        "(best of 3 `process_time`): the page's database work without the machine's other load.",
        "",
        (
            f"Headless Chromium, process start to DOM of a canned query page: {m['browser']:.1f} s "
            "(mostly the browser's own start-up)."
            if m["browser"] is not None
            else ""
        ),
        f"`gongkai search`: building the FTS5 trigram index on first use {m['index_s']:.1f} s; "
        f"a two-word search afterwards {m['search_s'] * 1000:.0f} ms ({m['hits']} hits, limit 20).",
        "",
    ]
    replace_section(SECTION, lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave RESULTS.md alone"
    )
    parser.add_argument("--keep", type=Path, help="build (or reuse) the archive at this path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "archive.sqlite"
        load_s = 0.0
        if not path.exists():
            load_s = build(path, args.reports)
            print(f"built {path}: {args.reports} reports in {load_s:.0f} s", flush=True)
        measure_result = measure(path)
        size_mb = path.stat().st_size / 1e6
    if not args.no_write:
        write_section(args.reports, load_s, size_mb, measure_result)


if __name__ == "__main__":
    main()
