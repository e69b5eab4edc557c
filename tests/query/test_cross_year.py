"""Rule 5 (carried_over against last year's carried_forward) is visible in v_findings and follows
new versions of either year at once."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from db.engine import make_engine, session_factory
from db.loader import load_report
from gongkai.cli import app
from gongkai.core import vocabulary as v
from tests.query.query_archive import GOV_A, Archive

pytestmark = pytest.mark.db
runner = CliRunner()


def _rows(url: str, sql: str) -> list[dict]:
    result = runner.invoke(app, ["--db", url, "sql", sql, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _rule5(url: str) -> set[tuple[str, int, str]]:
    rows = _rows(url, "select agency, year, detail from v_findings where rule = '5'")
    return {(r["agency"], r["year"], r["detail"].split(":")[0]) for r in rows}


def _load(url: str, report: dict) -> None:
    engine = make_engine(url)
    with session_factory(engine).begin() as session:
        load_report(session, report, seen_at=datetime(2026, 2, 1, tzinfo=UTC))
    engine.dispose()


def test_cross_year_breaks_are_findings(archive: Archive) -> None:
    assert _rule5(archive.url) == archive.rule5
    a21, a22 = archive.current[(GOV_A, 2021)], archive.current[(GOV_A, 2022)]
    detail = _rows(
        archive.url,
        "select detail from v_findings where rule = '5' and detail like 'natural_person%'",
    )[0]["detail"]
    assert detail == (
        f"natural_person: carried_over = {a22['requests']['carried_over']['natural_person']}"
        f" but 2021 carried_forward = {a21['requests']['carried_forward']['natural_person']}"
    )
    checks = _rows(archive.url, "select agency, year, column_code, consistent from v_cross_year")
    pairs = {(r["agency"], r["year"]) for r in checks}
    # one row per column for every agency with two consecutive years
    assert len(checks) == len(pairs) * len(v.REQUEST_COLUMNS)
    assert {
        (r["agency"], r["year"], r["column_code"]) for r in checks if not r["consistent"]
    } == archive.rule5


def test_a_new_version_of_either_year_updates_the_findings(archive: Archive) -> None:
    a21 = archive.current[(GOV_A, 2021)]
    fixed = copy.deepcopy(a21)
    # Last year's report is corrected: its carried_forward now matches this year's carried_over.
    a22 = archive.current[(GOV_A, 2022)]
    for col in v.REQUEST_COLUMNS:
        delta = a22["requests"]["carried_over"][col] - fixed["requests"]["carried_forward"][col]
        fixed["requests"]["carried_forward"][col] += delta
        fixed["requests"]["new"][col] += delta  # keeps rule 1 of the corrected report
    _load(archive.url, fixed)
    assert _rule5(archive.url) == set()
    _load(archive.url, a21)  # the old content again: a third version, the break is back
    assert _rule5(archive.url) == archive.rule5


def test_findings_from_python(archive: Archive) -> None:
    from db.engine import make_engine
    from gongkai.query.crossyear import cross_year_findings

    engine = make_engine(archive.url)
    with session_factory(engine)() as session:
        found = cross_year_findings(session, GOV_A, 2022)
        assert cross_year_findings(session, GOV_A, 2021) == []  # no 2020 report
    engine.dispose()
    assert {(f.rule, f.cells[0]) for f in found} == {
        ("5", f"requests.carried_over.{col}") for _a, _y, col in archive.rule5
    }
    assert {f.detail for f in found} == {
        r["detail"] for r in _rows(archive.url, "select detail from v_findings where rule = '5'")
    }
