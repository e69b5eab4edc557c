"""v_coverage: found, late, missing, blocked, unreachable and not_due, exactly, on both databases."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import delete, update
from typer.testing import CliRunner

from db.engine import make_engine, session_factory
from db.models import CoverageReference
from gongkai.cli import app
from tests.query.query_archive import AS_OF, DEPT_B, DEPT_C, GOV_A, GOV_D, Archive

pytestmark = pytest.mark.db
runner = CliRunner()


def _coverage(url: str) -> dict[tuple[str, int], dict[str, str]]:
    result = runner.invoke(
        app, ["--db", url, "sql", "select * from v_coverage", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    return {(r["agency"], r["year"]): r for r in json.loads(result.stdout)}


def _set_reference(url: str, as_of: date | None) -> None:
    engine = make_engine(url)
    with session_factory(engine).begin() as session:
        if as_of is None:
            session.execute(delete(CoverageReference))
        else:
            session.execute(update(CoverageReference).values(as_of=as_of))
    engine.dispose()


def test_statuses_are_exact(archive: Archive) -> None:
    got = {key: row["status"] for key, row in _coverage(archive.url).items()}
    assert got == {
        (GOV_A, 2021): "found",  # published on the deadline day, 31 March
        (GOV_A, 2022): "late",  # 1 April
        (GOV_A, 2023): "missing",  # no report, no portal crawled
        (GOV_A, 2024): "found",  # no published date: found, not late
        (GOV_A, 2025): "not_due",  # deadline 2026-03-31 after the reference date
        (DEPT_B, 2022): "found",  # 31 January
        (DEPT_B, 2023): "late",  # 1 February: a department's deadline is 31 January
        (DEPT_B, 2024): "blocked",  # the latest crawl of its portal was blocked
        (DEPT_B, 2025): "blocked",
        (DEPT_C, 2024): "found",
        (DEPT_C, 2025): "unreachable",  # latest crawl unreachable (the one before was ok)
        (GOV_D, 2023): "found",
        (GOV_D, 2024): "missing",  # latest crawl ok (the one before was blocked)
        (GOV_D, 2025): "not_due",
    }


def test_deadlines_and_published_dates(archive: Archive) -> None:
    rows = _coverage(archive.url)
    assert rows[(GOV_A, 2021)]["deadline"] == "2022-03-31"
    assert rows[(DEPT_B, 2023)]["deadline"] == "2024-01-31"
    assert rows[(DEPT_B, 2023)]["published"] == "2024-02-01"
    assert rows[(GOV_A, 2023)]["published"] is None
    assert {r["region_code"] for r in rows.values()} >= {"341524"}  # 金寨县


def test_reference_date_moves_the_ledger(archive: Archive) -> None:
    _set_reference(archive.url, date(2026, 4, 1))
    got = {key: row["status"] for key, row in _coverage(archive.url).items()}
    assert got[(GOV_A, 2025)] == "missing"
    assert got[(GOV_D, 2025)] == "missing"
    _set_reference(archive.url, date(2025, 6, 1))  # last year is 2024 now
    got = {key: row["status"] for key, row in _coverage(archive.url).items()}
    assert max(year for _agency, year in got) == 2024
    assert (DEPT_B, 2024) in got
    _set_reference(archive.url, None)  # today
    years = {year for _agency, year in _coverage(archive.url)}
    assert max(years) == datetime.now(UTC).year - 1
    assert AS_OF.year - 1 in years


def test_a_correction_republished_late_keeps_the_first_publication(archive: Archive) -> None:
    from db.loader import load_report

    corrected = dict(archive.current[(DEPT_B, 2022)], published="2024-05-01")
    corrected["proactive"] = {**corrected["proactive"], "coercion": {"decisions": 987654}}
    engine = make_engine(archive.url)
    with session_factory(engine).begin() as session:
        assert load_report(session, corrected).status == "new_version"
    engine.dispose()
    row = _coverage(archive.url)[(DEPT_B, 2022)]
    assert (row["status"], row["published"]) == ("found", "2023-01-31")


def test_an_agency_without_its_own_portal_follows_the_portal_its_reports_came_from(
    archive: Archive,
) -> None:
    """金寨县人民政府 has no registered portal; once its 2022 report is known to come from a
    portal, that portal's latest crawl decides its gaps (2023 was `missing`)."""
    from db.archive import finish_crawl_run, record_portal_outcome, start_crawl_run, upsert_document

    engine = make_engine(archive.url)
    with session_factory(engine).begin() as session:
        upsert_document(
            session,
            url=f"https://example.gov.cn/{GOV_A}/2022.html",
            portal_id="county",
            sha256="0" * 64,
            media_type="text/html",
            role="report_page",
        )
        run = start_crawl_run(session, kind="test")
        record_portal_outcome(session, run, "county", outcome="unreachable", detail=None, stats={})
        finish_crawl_run(session, run)
    engine.dispose()
    got = {key: row["status"] for key, row in _coverage(archive.url).items()}
    assert got[(GOV_A, 2023)] == "unreachable"
    assert got[(GOV_A, 2025)] == "not_due"
    assert got[(DEPT_B, 2024)] == "blocked"  # its own portal is still the one that counts
