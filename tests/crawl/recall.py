"""Crawling a test world of portals and measuring what the spiders found: shared by the
alternative worlds' tests (each world brings its own portals, markup and registry)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def crawl(registry_toml: str, tmp: Path, settings: dict[str, object] | None = None) -> Path:
    """``gongkai crawl --fast`` over ``registry_toml`` into ``tmp/data``, with Scrapy
    ``settings`` (``GONGKAI_MAX_HUB_HOPS`` …) set for the run; the data directory."""
    tmp.mkdir(parents=True, exist_ok=True)
    reg = tmp / "portals.toml"
    reg.write_text(registry_toml, encoding="utf-8")
    data = tmp / "data"
    options = [arg for key, value in (settings or {}).items() for arg in ("-s", f"{key}={value}")]
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from gongkai.cli import main; main()",
            "--data-dir",
            str(data),
            "crawl",
            "--fast",
            "--registry",
            str(reg),
            *options,
        ],
        capture_output=True,
        text=True,
        timeout=170,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    return data


def measure(portals: Iterable[Any], data: Path) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """(found, published) per family, and what was loaded that is not a published report.
    Each portal has ``family``, ``reports`` (with ``agency`` and ``year``) and ``non_reports``
    (URLs)."""
    portals = list(portals)
    with sqlite3.connect(data / "archive.sqlite") as conn:
        loaded = set(conn.execute("SELECT agency, year FROM v_reports").fetchall())
        sources = {u for (u,) in conn.execute("SELECT source_url FROM v_report_versions")}
    recall: dict[str, tuple[int, int]] = {}
    wrong: list[str] = []
    for p in portals:
        found = sum((r.agency, r.year) in loaded for r in p.reports)
        got, total = recall.get(p.family, (0, 0))
        recall[p.family] = (got + found, total + len(p.reports))
        wrong += [u for u in p.non_reports if u in sources]
    truth = {(r.agency, r.year) for p in portals for r in p.reports}
    wrong += [f"{a} {y}" for a, y in loaded - truth]
    return recall, wrong
