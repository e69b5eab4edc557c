"""End to end: `gongkai demo` serves the portal world, crawls it, and the archive matches the
world's manifest (reports, their figures, outcomes, robots, challenges, blobs, WARC)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def world_crawl(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, str]:
    pytest.importorskip("gongkai.demo.api")
    out = tmp_path_factory.mktemp("world")
    proc = subprocess.run(
        [sys.executable, "-c", "from gongkai.cli import main; main()", "demo", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    manifest = json.loads((out / "world-manifest.json").read_text(encoding="utf-8"))
    return out, manifest, proc.stdout + proc.stderr


def _rows(out: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(out / "archive.sqlite") as conn:
        return conn.execute(sql).fetchall()


def _challenged(manifest: dict) -> set[str]:
    # Challenges are recorded and never bypassed, so a gated portal yields nothing.
    return {p["id"] for p in manifest["portals"] if p.get("challenge")}


def test_every_reachable_report_is_loaded_with_its_figures(world_crawl) -> None:
    out, manifest, log = world_crawl
    gated = _challenged(manifest)
    reports = [r for r in manifest["reports"] if r["portal"] not in gated]
    assert reports
    loaded = set(_rows(out, "SELECT agency, year FROM v_reports"))
    missing = [
        (r["portal"], r["title"])
        for r in reports
        if (r["truth"]["agency"], r["truth"]["year"]) not in loaded
    ]
    assert not missing, (
        f"{len(missing)} of {len(reports)} not loaded: {missing[:10]}\n{log[-3000:]}"
    )
    facts = {
        row[:4]: row[4]
        for row in _rows(out, "SELECT agency, year, row_code, column_code, value FROM v_requests")
    }
    wrong = [
        (r["title"], row, col)
        for r in reports
        for row, cols in r["truth"]["requests"].items()
        for col, value in cols.items()
        if facts.get((r["truth"]["agency"], r["truth"]["year"], row, col)) != value
    ]
    assert not wrong, wrong[:10]


def test_no_non_report_is_loaded(world_crawl) -> None:
    out, manifest, _ = world_crawl
    truth = {(r["truth"]["agency"], r["truth"]["year"]) for r in manifest["reports"]}
    assert set(_rows(out, "SELECT agency, year FROM v_reports")) <= truth
    sources = {u for (u,) in _rows(out, "SELECT source_url FROM v_report_versions")}
    non_reports = {n["page_url"] for n in manifest["non_reports"]}
    assert not sources & non_reports


def test_outcomes(world_crawl) -> None:
    out, manifest, _ = world_crawl
    got = dict(_rows(out, "SELECT portal_id, outcome FROM crawl_run_portals"))
    gated = _challenged(manifest)
    for portal in manifest["portals"]:
        want = "blocked" if portal["id"] in gated else portal["expected"]["outcome"]
        assert got[portal["id"]] == want, portal["id"]


def test_disallowed_sections_untouched(world_crawl) -> None:
    out, manifest, _ = world_crawl
    fetched = {u for (u,) in _rows(out, "SELECT url FROM fetches")}
    assert manifest["disallowed"]
    for d in manifest["disallowed"]:
        assert d["url"] not in fetched
        assert d["document_url"] not in fetched


def test_every_fetch_has_a_blob_and_a_warc_record(world_crawl) -> None:
    out, _, _ = world_crawl
    rows = _rows(out, "SELECT sha256, size FROM fetches WHERE status IS NOT NULL")
    for sha, size in rows:
        blob = out / "blobs" / sha[:2] / sha[2:4] / sha
        assert blob.stat().st_size == size
    responses = 0
    for path in (out / "warc").glob("*.warc.gz"):
        with path.open("rb") as fh:
            responses += sum(1 for rec in ArchiveIterator(fh) if rec.rec_type == "response")
    assert responses == len(rows)


def test_failures_are_visible(world_crawl) -> None:
    out, _, _ = world_crawl
    # a document that does not parse is archived and listed in v_failures with its blob
    for url, sha in _rows(out, "SELECT url, sha256 FROM v_failures"):
        assert (out / "blobs" / sha[:2] / sha[2:4] / sha).is_file(), url


def test_no_url_is_fetched_twice(world_crawl) -> None:
    """One request per URL in a run (robots.txt aside, and retries of a 5xx, 429 or a network
    error, which ask again on purpose)."""
    out, _, _ = world_crawl
    twice = _rows(
        out,
        "SELECT url, method, count(*) FROM fetches WHERE url NOT LIKE '%/robots.txt' "
        "AND status IS NOT NULL AND status < 500 AND status NOT IN (408, 429) "
        "GROUP BY run_id, url, method HAVING count(*) > 1",
    )
    assert not twice, twice[:10]
