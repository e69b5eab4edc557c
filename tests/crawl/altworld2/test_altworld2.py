"""The spiders on a second world they were not written against (``altworld2_portals``): real
CMS markup the first alternative world does not show. Recall per family and no non-report
loaded, crawled with each portal's family spider and with every portal forced to ``generic``."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import altworld2_portals as world2
import pytest

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[3]


def crawl(sites: list[world2.Site], tmp: Path, family: str | None) -> Path:
    reg = tmp / "portals.toml"
    reg.write_text(world2.registry(sites, family=family), encoding="utf-8")
    data = tmp / "data"
    proc = subprocess.run([sys.executable, "-c", "from gongkai.cli import main; main()",
                           "--data-dir", str(data), "crawl", "--fast", "--registry", str(reg)],
                          capture_output=True, text=True, timeout=170, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    return data


def measure(sites: list[world2.Site], data: Path) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """(found, published) per family, and what was loaded that is not a published report."""
    with sqlite3.connect(data / "archive.sqlite") as conn:
        loaded = set(conn.execute("SELECT agency, year FROM v_reports").fetchall())
        sources = {u for (u,) in conn.execute("SELECT source_url FROM v_report_versions")}
    recall: dict[str, tuple[int, int]] = {}
    wrong: list[str] = []
    for s in sites:
        found = sum((r.agency, r.year) in loaded for r in s.reports)
        got, total = recall.get(s.family, (0, 0))
        recall[s.family] = (got + found, total + len(s.reports))
        wrong += [u for u in s.non_reports if u in sources]
    truth = {(r.agency, r.year) for s in sites for r in s.reports}
    wrong += [f"{a} {y}" for a, y in loaded - truth]
    return recall, wrong


@pytest.fixture(scope="module")
def sites() -> Iterator[list[world2.Site]]:
    served = world2.start()
    try:
        yield served
    finally:
        world2.stop(served)


def test_the_world_is_what_it_claims(sites: list[world2.Site]) -> None:
    """Every family has enough reports, every report a page or file that the server serves."""
    families = {s.family for s in sites}
    assert families == {"trs", "hanweb", "anhui_public", "gkmlpt", "generic"}
    for s in sites:
        assert len(s.reports) >= 4, s.pid
        assert s.non_reports, s.pid
        for r in s.reports:
            path = r.url[len(s.base):]
            assert s.serve("GET", path, b"")[0] == 200, r.url


@pytest.mark.parametrize("forced", [None, "generic"])
def test_recall_on_a_second_world(sites: list[world2.Site], forced: str | None, tmp_path: Path) -> None:
    recall, wrong = measure(sites, crawl(sites, tmp_path, forced))
    floor = 0.95 if forced is None else 0.80
    print(forced or "own family", recall)
    for got, total in recall.values():
        assert total >= 5
        assert got / total >= floor, (forced or "own family", recall)
    assert not wrong
