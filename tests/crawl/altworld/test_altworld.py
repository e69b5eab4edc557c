"""The spiders on a portal world they were not written against (``altworld_portals``): the
same CMS families in other markup. Recall per family and no non-report loaded, crawled once
with each portal's family spider and once with every portal forced to ``generic``."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import altworld_portals as alt
import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[3]


def crawl(portals: list[alt.Portal], tmp: Path, family: str | None) -> Path:
    reg = tmp / "portals.toml"
    reg.write_text(alt.registry(portals, family=family), encoding="utf-8")
    data = tmp / "data"
    proc = subprocess.run([sys.executable, "-c", "from gongkai.cli import main; main()",
                           "--data-dir", str(data), "crawl", "--fast", "--registry", str(reg)],
                          capture_output=True, text=True, timeout=170, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    return data


def measure(portals: list[alt.Portal], data: Path) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """(found, published) per family, and the non-report pages loaded as reports."""
    with sqlite3.connect(data / "archive.sqlite") as conn:
        loaded = set(conn.execute("SELECT agency, year FROM v_reports").fetchall())
        sources = {u for (u,) in conn.execute("SELECT source_url FROM v_report_versions")}
    recall: dict[str, tuple[int, int]] = {}
    wrong: list[str] = []
    truth = {(r.agency, r.year) for p in portals for r in p.reports}
    for p in portals:
        found = sum((r.agency, r.year) in loaded for r in p.reports)
        got, total = recall.get(p.family, (0, 0))
        recall[p.family] = (got + found, total + len(p.reports))
        wrong += [u for u in p.non_reports if u in sources]
    wrong += [f"{a} {y}" for a, y in loaded - truth]
    return recall, wrong


@pytest.fixture(scope="module")
def world() -> Iterator[list[alt.Portal]]:
    portals = alt.start()
    try:
        yield portals
    finally:
        alt.stop(portals)


@pytest.mark.parametrize("forced", [None, "generic"])
def test_recall_on_another_world(world: list[alt.Portal], forced: str | None,
                                 tmp_path: Path) -> None:
    recall, wrong = measure(world, crawl(world, tmp_path, forced))
    floor = 0.95 if forced is None else 0.80
    for got, total in recall.values():
        assert total >= 5
        assert got / total >= floor, (forced or "own family", recall)
    assert not wrong
