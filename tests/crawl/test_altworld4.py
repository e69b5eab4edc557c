"""The spiders on a fourth world (``altworld4/``, README there), written from PORTALS.md by
someone who had not read them: Hunan ``/c<col>/YYYYMM/<hex>.shtml``, Harbin ``c01_``, a VSB list
paging backwards, epoint, the old Anhui Openness unit tree, ``show.php?id=`` with [详情] links,
snowflake ids, 河北 ``columns/<uuid>``, Jiangxi ``xxgk_navs``, TRS ``.shtml`` with a 年报汇总 page
and a ``listModel`` pager, a bare IP:port GBK site, Hanweb, gkmlpt, Anhui public with
department and town siteIds. Recall with the family registry and with every portal forced to
``generic``, no non-report loaded, no URL fetched twice; on day 2 one portal moves host (301
from every old URL) and another publishes a DOC report."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawl import altworld4 as world4
from tests.crawl.recall import crawl, measure

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sites() -> Iterator[list[world4.Site]]:
    served = world4.start()
    try:
        yield served
    finally:
        world4.stop(served)


def test_the_world_is_what_it_claims(sites: list[world4.Site]) -> None:
    assert len(sites) == 15
    assert sum(len(s.reports) for s in sites) == 116
    assert sum(len(s.non_reports) for s in sites) == 65


def _total(recall: dict[str, tuple[int, int]]) -> tuple[int, int]:
    return sum(g for g, _ in recall.values()), sum(t for _, t in recall.values())


def _twice(data: Path) -> list[tuple[str, str, int]]:
    """URLs fetched more than once in one run (robots.txt aside: an old host's redirects to
    the new one's)."""
    with sqlite3.connect(data / "archive.sqlite") as conn:
        return conn.execute(
            "SELECT run_id, url, count(*) FROM fetches WHERE url NOT LIKE '%/robots.txt' "
            "GROUP BY run_id, url, method HAVING count(*) > 1"
        ).fetchall()


@pytest.mark.parametrize(("forced", "floor"), [(None, 0.95), ("generic", 0.90)])
def test_recall_on_a_world_nobody_simulated(
    sites: list[world4.Site], forced: str | None, floor: float, tmp_path: Path
) -> None:
    data = crawl(world4.registry(sites, family=forced), tmp_path)
    recall, wrong = measure(sites, data)
    got, total = _total(recall)
    print(forced or "own family", recall, f"{got}/{total}")
    assert got / total >= floor, recall
    assert not wrong
    assert not _twice(data)
    with sqlite3.connect(data / "archive.sqlite") as conn:
        outcomes = dict(conn.execute("SELECT portal_id, outcome FROM v_portal_runs").fetchall())
    assert outcomes == {s.pid: "ok" for s in sites}


def test_day_two_follows_the_move_and_loads_the_new_report(tmp_path: Path) -> None:
    served = world4.start()
    try:
        registry = world4.registry(served)
        data = crawl(registry, tmp_path / "a")
        change = world4.set_day(served, 2)
        moved = change["moved"]["pid"]
        old, new = change["moved"]["old"], change["moved"]["new"]
        again = crawl(registry, tmp_path / "a")  # incremental, into the day-1 archive
        fresh = crawl(registry, tmp_path / "b")  # a first crawl with the day-1 registry
        added = change["added"][0]
    finally:
        world4.stop(served)
    assert again == data
    reports = change["moved"]["reports"]
    for archive in (data, fresh):
        with sqlite3.connect(archive / "archive.sqlite") as conn:
            outcome, detail = conn.execute(
                "SELECT outcome, detail FROM v_portal_runs WHERE portal_id = ? "
                "ORDER BY run_id DESC LIMIT 1",
                (moved,),
            ).fetchone()
            fetched = {
                u
                for (u,) in conn.execute(
                    "SELECT url FROM fetches WHERE status = 200 AND run_id = "
                    "(SELECT max(id) FROM crawl_runs)"
                )
            }
            sources = {u for (u,) in conn.execute("SELECT source_url FROM report_sources")}
            loaded = set(conn.execute("SELECT agency, year FROM v_reports").fetchall())
        assert outcome == "moved", detail
        assert old in detail
        assert new in detail
        assert all(url in fetched for _, _, url in reports)  # every report, on the new host
        assert sum(url in sources for _, _, url in reports) == len(reports)
        assert {(a, y) for a, y, _ in reports} <= loaded
    with sqlite3.connect(data / "archive.sqlite") as conn:
        loaded = set(conn.execute("SELECT agency, year FROM v_reports").fetchall())
    assert (added[1], added[2]) in loaded
    assert not _twice(data)
