"""The family spiders against hand-written loopback portals: what was archived, parsed,
loaded and recorded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

PROJECT_ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

FAMILIES = ["fx-generic", "fx-trs", "fx-hanweb", "fx-anhui", "fx-gkmlpt", "fx-hanweb2", "fx-anhui2"]


def _outcome(crawled, pid: str) -> tuple[str, str | None]:
    rows = crawled.rows("SELECT outcome, detail FROM crawl_run_portals WHERE portal_id = ?", pid)
    assert len(rows) == 1, f"{pid}: {rows}\n{crawled.output[-3000:]}"
    return rows[0]


@pytest.mark.parametrize("pid", FAMILIES)
def test_family_spider_loads_every_report(crawled, pid: str) -> None:
    loaded = set(crawled.rows("SELECT agency, year FROM v_reports"))
    expected = set(crawled.truth[pid])
    missing = expected - loaded
    assert not missing, f"{pid}: not loaded {missing}\n{crawled.output[-4000:]}"
    assert _outcome(crawled, pid) == ("ok", None)


@pytest.mark.parametrize(
    "pid",
    ["fx-hanweb2-as-generic", "fx-anhui2-as-generic", "fx-gkmlpt-as-generic", "fx-generic-list"],
)
def test_generic_spider_reads_script_driven_lists(crawled, pid: str) -> None:
    (stats,) = crawled.rows("SELECT stats FROM crawl_run_portals WHERE portal_id = ?", pid)[0]
    stats = json.loads(stats)
    assert stats["reports_found"] == len(crawled.truth[pid]), stats
    assert _outcome(crawled, pid) == ("ok", None)


def test_nothing_else_is_loaded(crawled) -> None:
    expected = {r for pid in FAMILIES for r in crawled.truth[pid]}
    assert set(crawled.rows("SELECT agency, year FROM v_reports")) == expected


@pytest.mark.parametrize(
    ("pid", "outcome"),
    [
        ("fx-blocked", "blocked"),
        ("fx-robots", "robots_disallowed"),
        ("fx-layout", "layout_changed"),
    ],
)
def test_awkward_portals_get_their_outcome(crawled, pid: str, outcome: str) -> None:
    got, detail = _outcome(crawled, pid)
    assert got == outcome, detail
    assert detail


def test_challenge_is_archived_but_not_followed(crawled) -> None:
    fetched = crawled.rows("SELECT url, status, sha256 FROM fetches WHERE portal_id = 'fx-blocked'")
    statuses = [s for u, s, _ in fetched if not u.endswith("/robots.txt")]
    assert statuses == [521]  # the challenge page, once: no retry, no bypass


def test_robots_and_offsite_respected(crawled) -> None:
    generic = crawled.sites["fx-generic"].paths()
    assert "/robots.txt" in generic
    assert not [p for p in generic if p.startswith("/internal/")]
    assert crawled.sites["fx-robots"].paths() == ["/robots.txt"]
    assert not crawled.rows("SELECT url FROM fetches WHERE url LIKE 'http://127.0.0.1:9/%'")


def test_non_report_pages_not_fetched_as_reports(crawled) -> None:
    paths = crawled.sites["fx-generic"].paths()
    assert "/zwgk/nb/2024/x.html" not in paths  # a 通知 about reports
    assert "/zwgk/nb/2024/b2.html" not in paths  # 工作要点


def test_every_fetch_has_its_blob(crawled) -> None:
    rows = crawled.rows("SELECT sha256, size FROM fetches WHERE status IS NOT NULL")
    assert len(rows) > 30
    for sha, size in rows:
        path = crawled.data_dir / "blobs" / sha[:2] / sha[2:4] / sha
        assert path.is_file()
        assert path.stat().st_size == size


def test_report_pages_and_attachments_are_documents(crawled) -> None:
    roles = dict(
        crawled.rows(
            "SELECT role, count(*) FROM documents WHERE portal_id LIKE 'fx-%' "
            "AND role IN ('report_page', 'attachment') GROUP BY role"
        )
    )
    n = sum(len(crawled.truth[p]) for p in FAMILIES)
    assert roles.get("report_page") == n
    assert roles.get("attachment") == n


def test_hanweb_gbk_filename_repaired(crawled) -> None:
    # the downfile.jsp attachment arrives as text/html with a GBK name; it is still a DOCX
    rows = crawled.rows(
        "SELECT media_type FROM documents WHERE portal_id LIKE 'fx-hanweb%' AND role = 'attachment'"
    )
    assert rows
    assert {r[0] for r in rows} == {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    }


def test_warc_is_readable_and_complete(crawled) -> None:
    warcs = sorted((crawled.data_dir / "warc").glob("*.warc.gz"))
    assert warcs
    responses = 0
    for path in warcs:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response":
                    record.content_stream().read()
                    responses += 1
    fetched = crawled.rows("SELECT count(*) FROM fetches WHERE status IS NOT NULL")[0][0]
    assert responses == fetched


def test_summary_printed(crawled) -> None:
    for pid in FAMILIES:
        assert pid in crawled.output
    assert "Traceback" not in crawled.output


def test_scrapy_crawl_one_portal(crawled, tmp_path) -> None:
    import os
    import sqlite3
    import subprocess
    import sys

    env = {**os.environ, "GONGKAI_HOME": str(tmp_path / "data"), "GONGKAI_FAST": "1"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "trs",
            "-a",
            "portal=fx-trs",
            "-a",
            f"registry={crawled.registry}",
            "-s",
            "LOG_LEVEL=WARNING",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT_ROOT,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    with sqlite3.connect(tmp_path / "data" / "archive.sqlite") as conn:
        outcome = conn.execute("SELECT outcome FROM crawl_run_portals").fetchall()
        finished = conn.execute(
            "SELECT count(*) FROM crawl_runs WHERE finished_at IS NOT NULL"
        ).fetchone()
        loaded = set(conn.execute("SELECT agency, year FROM v_reports").fetchall())
    assert outcome == [("ok",)]
    assert finished == (1,)
    assert loaded == set(crawled.truth["fx-trs"])
