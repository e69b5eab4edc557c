"""Helpers of the nightly tests (imported by name: ``conftest`` modules are not importable
reliably when several test directories run together). One portal world, crawled the ways the
nightly tests check (each crawl in a subprocess: the
Twisted reactor does not restart inside pytest):

- ``a``: a first crawl of day 1, a nightly pass over the unchanged world, then (after
  ``set_day(2)``) the nightly pass that must show exactly the manifest's changes;
- ``b``: a nightly pass killed with SIGKILL mid-crawl, then run again, on day 1.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def gongkai_cmd(data_dir: Path, *args: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from gongkai.cli import main; main()",
        "--data-dir",
        str(data_dir),
        *args,
    ]


def run_gongkai(
    data_dir: Path, *args: str, timeout: float = 200
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        gongkai_cmd(data_dir, *args), capture_output=True, text=True, timeout=timeout, cwd=ROOT
    )


def rows(data_dir: Path, sql: str, *args: object) -> list[tuple]:
    conn = sqlite3.connect(data_dir / "archive.sqlite")
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def blob_names(data_dir: Path) -> set[str]:
    return {p.name for p in (data_dir / "blobs").glob("*/*/*") if not p.name.startswith(".tmp-")}


def snapshot(data_dir: Path) -> dict[str, Any]:
    """What must match between an interrupted-then-resumed archive and an uninterrupted one."""
    return {
        "reports": sorted(rows(data_dir, "SELECT agency, year, version FROM v_reports")),
        "requests": sorted(
            rows(data_dir, "SELECT agency, year, row_code, column_code, value FROM v_requests")
        ),
        "versions": rows(data_dir, "SELECT count(*) FROM report_versions")[0][0],
        "blobs": blob_names(data_dir),
    }


@dataclass
class Pass:
    proc: subprocess.CompletedProcess[str]
    traffic: dict[str, Any]
    log: list[dict[str, Any]]

    def out(self) -> str:
        return self.proc.stdout[-4000:] + self.proc.stderr[-6000:]


@dataclass
class Scenario:
    a: Path
    b: Path
    day1: dict[str, Any]
    day2: dict[str, Any]
    passes: dict[str, Pass] = field(default_factory=dict)
    snap_a: dict[str, Any] = field(default_factory=dict)
    snap_b: dict[str, Any] = field(default_factory=dict)
    killed_at_fetches: int = 0
    versions_before_day2: int = 0
    before_dry: tuple[int, int, int] = (0, 0, 0)
    after_dry: tuple[int, int, int] = (0, 0, 0)


def _counts(data_dir: Path) -> tuple[int, int, int]:
    versions, fetches = rows(
        data_dir, "SELECT (SELECT count(*) FROM report_versions), (SELECT count(*) FROM fetches)"
    )[0]
    return versions, fetches, len(blob_names(data_dir))


def _pass(world: Any, data_dir: Path, *args: str) -> Pass:
    world.reset_traffic()
    proc = run_gongkai(data_dir, *args)
    return Pass(proc, world.traffic(), world.requests_log())


def _kill_midway(data_dir: Path, registry: Path, min_fetches: int) -> int:
    """Start a nightly pass and SIGKILL its process group once it has archived some fetches."""
    proc = subprocess.Popen(
        gongkai_cmd(data_dir, "nightly", "--registry", str(registry), "--fast"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    fetched = 0
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
            try:
                fetched = rows(data_dir, "SELECT count(*) FROM fetches")[0][0]
            except sqlite3.Error:
                continue
            if fetched >= min_fetches:
                break
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)
    return fetched
