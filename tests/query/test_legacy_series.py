"""Legacy figures in SQL: v_legacy, v_series, and the saved query of requests received per year
2008–2025 for an agency with reports in both eras (also a canned query of ``gongkai serve``).

The archive: 平潭县人民政府's real 2012 legacy report (shared/legacy) parsed and loaded with its
findings, a legacy report of 2016 given as canonical JSON, a 2020 report in the 2019 edition
and 2021 and 2024 reports in the 2021 edition (numbers from the corpus generator). Expected
values are read from the reports themselves.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gongkai.cli import app
from gongkai.core import vocabulary as v
from gongkai.demo.generate import random_report

pytestmark = pytest.mark.db
runner = CliRunner()
AGENCY = "平潭县人民政府"


def _legacy_2016() -> dict[str, Any]:
    figures: dict[str, Any] = dict.fromkeys(v.LEGACY_KEYS)
    figures |= {
        "proactive_items": {"value": 1480, "source": "sentence", "where": "二、", "text": "…"},
        "requests_received": {"value": 9, "source": "table", "where": "统计表 row 4", "text": "…"},
        "denied": {"value": 1, "source": "sentence", "where": "三、", "text": "…"},
        "review": 0,  # a bare value is read as {"value": 0}
    }
    return {"agency": AGENCY, "year": 2016, "format": "legacy", "legacy": figures}


@pytest.fixture
def series(migrated_db_url: str, shared_dir: Path) -> dict[int, dict[str, Any]]:
    from db.engine import make_engine, session_factory
    from db.loader import load_report
    from pipelines.parse import parse_bytes

    parsed = parse_bytes((shared_dir / "legacy" / "pingtan_xian_2012.txt").read_bytes())
    rng = random.Random(2012)
    reports = {
        2012: parsed.report,
        2016: _legacy_2016(),
        2020: random_report(rng, agency=AGENCY, year=2020, fmt="2019", zero_heavy=False),
        2021: random_report(rng, agency=AGENCY, year=2021, zero_heavy=False),
        2024: random_report(rng, agency=AGENCY, year=2024, zero_heavy=False),
    }
    engine = make_engine(migrated_db_url)
    try:
        with session_factory(engine).begin() as session:
            for year, report in reports.items():
                load_report(
                    session,
                    report,
                    source_url=f"https://example.gov.cn/{year}.html",
                    findings=parsed.findings if year == 2012 else (),
                )
    finally:
        engine.dispose()
    return reports


def _sql(url: str, *args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["--db", url, "sql", *args, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _expected_received(report: dict[str, Any]) -> Any:
    if report["format"] == "legacy":
        figure = report["legacy"]["requests_received"]
        return figure["value"] if isinstance(figure, dict) else figure
    return report["requests"]["new"]["total"]


def test_requests_received_2008_to_2025_in_one_query(
    migrated_db_url: str, series: dict[int, dict[str, Any]]
) -> None:
    rows = _sql(migrated_db_url, "--query", "requests_series", "--param", f"agency={AGENCY}")
    assert [r["year"] for r in rows] == sorted(series)
    for row in rows:
        report = series[row["year"]]
        assert row["requests_received"] == _expected_received(report), row
        assert row["format"] == report["format"]
    assert [r["origin"] for r in rows] == [
        "legacy.requests_received",
        "legacy.requests_received",
        "requests.new.total",
        "requests.new.total",
        "requests.new.total",
    ]


def test_v_series_lines_up_denials_and_litigation(
    migrated_db_url: str, series: dict[int, dict[str, Any]]
) -> None:
    rows = _sql(
        migrated_db_url,
        f"SELECT year, measure, value FROM v_series WHERE agency = '{AGENCY}' "
        "AND measure IN ('denied', 'litigation', 'review') ORDER BY year, measure",
    )
    got = {(r["year"], r["measure"]): r["value"] for r in rows}
    for year in (2020, 2021, 2024):
        report = series[year]
        denied = sum(
            cells["total"] for row, cells in report["requests"].items() if row.startswith("denied")
        )
        litigation = sum(
            report["appeals"][g]["total"] for g in ("litigation_direct", "litigation_after_review")
        )
        assert got[(year, "denied")] == denied
        assert got[(year, "litigation")] == litigation
        assert got[(year, "review")] == report["appeals"]["review"]["total"]
    legacy = series[2012]["legacy"]
    assert got[(2012, "denied")] == legacy["denied"]["value"]
    assert got[(2012, "review")] == legacy["review"]["value"]
    assert (2016, "litigation") in got  # stated nowhere: the row is there, empty
    assert got[(2016, "litigation")] is None


def test_v_legacy_keeps_every_key_and_where_it_was_printed(
    migrated_db_url: str, series: dict[int, dict[str, Any]]
) -> None:
    rows = _sql(
        migrated_db_url,
        f"SELECT year, measure, value, source, location, quote FROM v_legacy "
        f"WHERE agency = '{AGENCY}' ORDER BY year, measure",
    )
    assert {(r["year"], r["measure"]) for r in rows} == {
        (y, k) for y in (2012, 2016) for k in v.LEGACY_KEYS
    }
    by_key = {(r["year"], r["measure"]): r for r in rows}
    for key, figure in series[2012]["legacy"].items():
        row = by_key[(2012, key)]
        if figure is None:
            assert (row["value"], row["source"], row["quote"]) == (None, None, None)
            continue
        assert Decimal(str(row["value"])) == Decimal(str(figure["value"]))
        assert (row["source"], row["location"], row["quote"]) == (
            figure["source"],
            figure["where"],
            figure["text"],
        )
    assert by_key[(2016, "review")]["value"] == 0


def test_legacy_findings_and_formats_are_in_the_public_views(
    migrated_db_url: str, series: dict[int, dict[str, Any]]
) -> None:
    formats = _sql(
        migrated_db_url,
        f"SELECT year, format FROM v_reports WHERE agency = '{AGENCY}' ORDER BY year",
    )
    assert [(r["year"], r["format"]) for r in formats] == [
        (y, r["format"]) for y, r in sorted(series.items())
    ]
    # the coverage ledger counts the legacy years like any other, from the first (2012) on
    ledger = _sql(
        migrated_db_url,
        f"SELECT year, status FROM v_coverage WHERE agency = '{AGENCY}' AND year <= 2016",
    )
    status = {r["year"]: r["status"] for r in ledger}
    assert sorted(status) == list(range(2012, 2017))
    assert status[2012] == status[2016] == "found"
    assert {status[y] for y in (2013, 2014, 2015)} == {"missing"}


def test_a_legacy_conflict_is_a_finding_in_sql(migrated_db_url: str) -> None:
    from db.engine import make_engine, session_factory
    from db.loader import load_report
    from pipelines.parse import parse_bytes

    path = Path(__file__).parents[1] / "parse" / "legacy" / "jiading_ghj_2012.txt"
    parsed = parse_bytes(path.read_bytes())
    engine = make_engine(migrated_db_url)
    try:
        with session_factory(engine).begin() as session:
            load_report(session, parsed.report, findings=parsed.findings)
    finally:
        engine.dispose()
    rows = _sql(migrated_db_url, "SELECT agency, year, rule, detail FROM v_findings")
    assert [(r["agency"], r["year"], r["rule"]) for r in rows] == [
        (parsed.report["agency"], 2012, "legacy:conflict")
    ]
    assert "89 kept" in rows[0]["detail"]
    assert "87 also printed" in rows[0]["detail"]


def test_the_series_query_is_a_canned_query_of_serve() -> None:
    from gongkai.query.serve import metadata

    queries = metadata("archive")["databases"]["archive"]["queries"]
    assert "requests_series" in queries
    assert "v_series" in queries["requests_series"]["sql"]
    tables = metadata("archive")["databases"]["archive"]["tables"]
    assert {"v_legacy", "v_series"} <= set(tables)
