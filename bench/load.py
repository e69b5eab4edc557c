"""Load benchmark: N generated canonical reports (≈200 cells each) into SQLite and PostgreSQL.

Reports go through ``db.loader.load_reports`` in batches of 500 per transaction, as
``gongkai load`` does; a further 500 are loaded one transaction each for comparison. Prints reports/s and writes the "Archive load" section of
bench/RESULTS.md (other sections are left as they are).

Usage: python bench/load.py [--reports 10000] [--backend sqlite --backend postgresql] [--no-write]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _results import replace_section

from db.engine import make_engine, session_factory
from db.loader import ReportInput, load_reports
from db.migrate import upgrade
from db.regions import divisions
from gongkai.core import vocabulary as v

RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Archive load (bench/load.py)"
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
BATCH = 500  # reports per transaction, as `gongkai load` does
SINGLE = 500  # reports loaded one transaction each, for comparison
SUFFIXES = ("人民政府", "融媒体中心", "财政局", "卫生健康委员会", "人民政府办公室")


def generate(n: int, seed: int = 20250101) -> list[dict[str, Any]]:
    """``n`` valid canonical reports, distinct (agency, year), identities mostly kept."""
    rng = random.Random(seed)
    by_code = {d.code: d for d in divisions()}
    # parent + county (六安市叶集区): unique, where county names alone repeat across provinces
    counties = [
        by_code[d.parent_code or ""].name + d.name for d in divisions() if d.level == "county"
    ]
    reports: list[dict[str, Any]] = []
    for i in range(n):
        agency = f"{counties[i % len(counties)]}{SUFFIXES[(i // len(counties)) % len(SUFFIXES)]}"
        year = 2021 + i // (len(counties) * len(SUFFIXES))
        requests: dict[str, dict[str, int | None]] = {}
        for row in v.REQUEST_ROWS:
            cells: dict[str, int | None] = {
                c: rng.choice((0, 0, 0, 1, 2, rng.randint(0, 500))) for c in v.APPLICANT_COLUMNS
            }
            if rng.random() < 0.02:
                cells["research"] = None
            cells["total"] = sum(x or 0 for x in cells.values())
            requests[row] = cells
        proactive = {
            item: {
                m: (
                    f"{rng.randint(0, 99999)}.{rng.randint(0, 9)}"
                    if m in v.DECIMAL_MEASURES
                    else rng.randint(0, 3000)
                )
                for m in v.PROACTIVE_MEASURES[item]
            }
            for item in v.PROACTIVE_ITEMS
        }
        appeals = {}
        for group in v.APPEAL_GROUPS:
            parts = {m: rng.randint(0, 5) for m in ("upheld", "corrected", "other", "pending")}
            appeals[group] = {**parts, "total": sum(parts.values())}
        reports.append(
            {
                "agency": agency,
                "year": year,
                "format": "2021",
                "published": None,
                "proactive": proactive,
                "requests": requests,
                "appeals": appeals,
                "sections": {"overview": "总体情况" * 20},
            }
        )
    return reports


CPU: dict[str, float] = {}


def _proc_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a local process, from /proc; 0 if it is not readable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _backend_pids(engine: Any) -> list[int]:
    if engine.dialect.name != "postgresql":
        return []
    with engine.connect() as conn:
        return list(
            conn.exec_driver_sql(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
            ).scalars()
        )


def _load_all(url: str, reports: list[dict[str, Any]], batch: int = BATCH) -> float:
    """Seconds to load ``reports``, ``batch`` per transaction (1: one transaction per report).
    CPU seconds spent go to ``CPU["client"]`` and, for PostgreSQL's backends, ``CPU["server"]``."""
    engine = make_engine(url)
    factory = session_factory(engine)
    try:
        pids = _backend_pids(engine)
        server = sum(_proc_cpu(p) for p in pids)
        start, cpu = time.perf_counter(), time.process_time()
        for i in range(0, len(reports), batch):
            with factory.begin() as session:
                load_reports(
                    session,
                    [
                        ReportInput(r, source_url="bench://generated")
                        for r in reports[i : i + batch]
                    ],
                )
        elapsed = time.perf_counter() - start
        CPU["client"] = time.process_time() - cpu
        CPU["server"] = sum(_proc_cpu(p) for p in set(pids) | set(_backend_pids(engine))) - server
        return elapsed
    finally:
        engine.dispose()


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(
        PG_SERVER.replace("postgresql+psycopg", "postgresql") + "/postgres", autocommit=True
    ) as conn:
        conn.execute(sql)


def run(backend: str, reports: list[dict[str, Any]], extra: list[dict[str, Any]]) -> dict[str, Any]:
    load_before = os.getloadavg()[0]
    cells = sum(
        len(c) for r in reports for t in ("proactive", "requests", "appeals") for c in r[t].values()
    )
    if backend == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            url = f"sqlite:///{tmp}/bench.sqlite"
            upgrade(url)
            seconds = _load_all(url, reports)
            cpu = CPU["client"] + CPU["server"]
            again = _load_all(url, reports[: len(reports) // 10])
            single = _load_all(url, extra, batch=1)
    else:
        name = f"gongkai_bench_{uuid.uuid4().hex[:10]}"
        _pg_admin(f'CREATE DATABASE "{name}"')
        try:
            url = f"{PG_SERVER}/{name}"
            upgrade(url)
            seconds = _load_all(url, reports)
            cpu = CPU["client"] + CPU["server"]
            again = _load_all(url, reports[: len(reports) // 10])
            single = _load_all(url, extra, batch=1)
        finally:
            _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return {
        "backend": backend,
        "reports": len(reports),
        "cells": cells,
        "seconds": seconds,
        "rate": len(reports) / seconds,
        "cells_rate": cells / seconds,
        "reload_rate": (len(reports) // 10) / again,
        "single_rate": len(extra) / single,
        "cpu_rate": len(reports) / cpu,
        "load": (load_before + os.getloadavg()[0]) / 2,
    }


def write_section(results: list[dict[str, Any]]) -> None:
    lines = [
        SECTION,
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}, 2 shared cores; generated canonical "
        f"reports through `db.loader.load_reports`, {BATCH} per transaction as `gongkai load` "
        'does (facts by executemany on SQLite, COPY on PostgreSQL). "unchanged reload": '
        f'the first 10% again. "1 per transaction": {SINGLE} more reports, each committed '
        'alone (`load_report` as a crawler calls it). "per CPU-s": reports per second of CPU '
        "time spent on the load (the loading process, plus for PostgreSQL its server backends, "
        "read from /proc), i.e. the rate one core of its own would give; the other jobs sharing "
        'the 2 cores ("load": 1-minute load average during the run) slow the wall-clock '
        "figures but not this one. Target: ≥ 500 reports/s.",
        "",
        "| backend | reports | cells | seconds | reports/s | cells/s | unchanged reload, reports/s "
        "| 1 per transaction, reports/s | reports per CPU-s | load |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        *(
            f"| {r['backend']} | {r['reports']:,} | {r['cells']:,} | {r['seconds']:.1f} | "
            f"{r['rate']:,.0f} | {r['cells_rate']:,.0f} | {r['reload_rate']:,.0f} | "
            f"{r['single_rate']:,.0f} | {r['cpu_rate']:,.0f} | {r['load']:.1f} |"
            for r in results
        ),
        "",
    ]
    replace_section(SECTION, lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=10_000)
    parser.add_argument("--backend", action="append", choices=("sqlite", "postgresql"))
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave RESULTS.md alone"
    )
    args = parser.parse_args()
    generated = generate(args.reports + SINGLE)
    reports, extra = generated[: args.reports], generated[args.reports :]
    results = []
    for backend in args.backend or ["sqlite", "postgresql"]:
        result = run(backend, reports, extra)
        print(
            f"{backend}: {result['reports']} reports in {result['seconds']:.1f} s = "
            f"{result['rate']:.0f} reports/s ({result['cells_rate']:.0f} cells/s); "
            f"unchanged reload {result['reload_rate']:.0f} reports/s; "
            f"1 per transaction {result['single_rate']:.0f} reports/s; "
            f"{result['cpu_rate']:.0f} reports per CPU-s; load {result['load']:.1f}",
            flush=True,
        )
        results.append(result)
    if not args.no_write:
        write_section(results)


if __name__ == "__main__":
    main()
