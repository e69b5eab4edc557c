"""Saved queries return the numbers the loaded reports imply; bad input exits 2 and changes nothing."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gongkai.cli import app
from gongkai.core import vocabulary as v
from gongkai.core.report import check_identities
from gongkai.query.saved import all_queries, get, parse
from tests.query.query_archive import DEPT_C, GOV_A, Archive

pytestmark = pytest.mark.db
runner = CliRunner()
ORGS = ("commercial", "research", "nonprofit", "legal_services", "other_org")


def _sql(url: str, *args: str) -> tuple[int, Any, str]:
    result = runner.invoke(app, ["--db", url, "sql", *args, "--format", "json"])
    data = json.loads(result.stdout) if result.exit_code == 0 else None
    return result.exit_code, data, result.stderr


def _query(url: str, name: str, *params: str) -> list[dict[str, Any]]:
    args = ["--query", name]
    for p in params:
        args += ["--param", p]
    code, rows, err = _sql(url, *args)
    assert code == 0, err
    return rows


def test_every_saved_query_parses_with_title_description_and_params() -> None:
    queries = all_queries()
    assert {
        "requests_received",
        "outcome_shares",
        "identity_breaks",
        "late_and_missing",
        "changed_reports",
        "agency_years",
    } <= set(queries)
    for q in queries.values():
        assert q.title != q.name, q.name
        assert q.description, q.name
        for p in q.params:
            assert f":{p.name}" in q.sql, (q.name, p.name)
    with pytest.raises(ValueError, match="bad param line"):
        parse("x", "-- param: year number maybe\nSELECT 1")


def test_requests_received(archive: Archive) -> None:
    rows = _query(archive.url, "requests_received")
    got = {(r["agency"], r["year"]): r for r in rows}
    assert set(got) == set(archive.current)
    for key, report in archive.current.items():
        req = report["requests"]
        assert got[key]["new_total"] == req["new"]["total"]
        assert got[key]["new_natural_person"] == req["new"]["natural_person"]
        assert got[key]["new_organisations"] == sum(req["new"][c] for c in ORGS)
        assert got[key]["carried_over_total"] == req["carried_over"]["total"]
        assert got[key]["received_total"] == req["new"]["total"] + req["carried_over"]["total"]
    only = _query(archive.url, "requests_received", f"agency={GOV_A}", "year=2022")
    assert [(r["agency"], r["year"]) for r in only] == [(GOV_A, 2022)]


def test_outcome_shares(archive: Archive) -> None:
    rows = _query(archive.url, "outcome_shares")
    expected: dict[int, Counter[str]] = defaultdict(Counter)
    for (_agency, year), report in archive.current.items():
        for row in v.RESULT_ROWS:
            expected[year][row] += report["requests"][row]["total"]
    assert {(r["year"], r["reason"]) for r in rows} == {
        (y, row) for y in expected for row in v.RESULT_ROWS
    }
    for r in rows:
        handled = sum(expected[r["year"]].values())
        assert r["requests"] == expected[r["year"]][r["reason"]]
        assert r["handled"] == handled
        if handled:
            assert float(r["percent"]) == pytest.approx(100 * r["requests"] / handled, abs=0.006)
        assert (
            r["outcome"] == r["reason"]
            or r["reason"].startswith(r["outcome"])
            or r["outcome"] == "other"
        )
    one = _query(archive.url, "outcome_shares", "year=2023")
    assert {r["year"] for r in one} == {2023}


def test_identity_breaks_include_cross_year_rule(archive: Archive) -> None:
    rows = _query(archive.url, "identity_breaks")
    expected: Counter[tuple[str, int, str]] = Counter()
    for (agency, year), report in archive.current.items():
        for finding in check_identities(report):
            expected[(agency, year, finding.rule)] += 1
    for agency, year, _col in archive.rule5:
        expected[(agency, year, "5")] += 1
    assert {(r["agency"], r["year"], r["rule"]): r["breaks"] for r in rows} == dict(expected)
    fives = _query(archive.url, "identity_breaks", "rule=5")
    assert {(r["agency"], r["year"]) for r in fives} == {(a, y) for a, y, _ in archive.rule5}


def test_late_and_missing(archive: Archive) -> None:
    rows = _query(archive.url, "late_and_missing")
    got = {(r["agency"], r["year"], r["status"]) for r in rows}
    late = {
        (a, y, "late")
        for (a, y), r in archive.current.items()
        if r["published"]
        and r["published"] > ("%d-03-31" if a.endswith("人民政府") else "%d-01-31") % (y + 1)
    }
    assert late == {(a, y, s) for a, y, s in got if s == "late"}
    assert (GOV_A, 2023, "missing") in got
    assert not any(a == GOV_A and y == 2025 for a, y, _ in got)  # not yet due on the reference date
    assert {r["status"] for r in _query(archive.url, "late_and_missing", "status=missing")} == {
        "missing"
    }


def test_changed_reports(archive: Archive) -> None:
    rows = _query(archive.url, "changed_reports")
    assert {(r["agency"], r["year"], r["versions"]) for r in rows} == {
        (a, y, n) for (a, y), n in archive.versions.items() if n > 1
    }
    assert rows[0]["agency"] == DEPT_C


def test_agency_years_needs_its_parameter(archive: Archive) -> None:
    rows = _query(archive.url, "agency_years", f"agency={GOV_A}")
    assert [r["year"] for r in rows] == [2021, 2022, 2023, 2024, 2025]
    by_year = {r["year"]: r for r in rows}
    assert (
        by_year[2022]["new_requests"] == archive.current[(GOV_A, 2022)]["requests"]["new"]["total"]
    )
    assert by_year[2023]["new_requests"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["delete from reports"], "read-only"),
        (["drop view v_reports"], "read-only"),
        (["--query", "no_such_query"], "no saved query 'no_such_query'"),
        (["--query", "agency_years"], "needs --param agency"),
        (["--query", "requests_received", "--param", "year=twenty"], "whole number"),
        (["--query", "requests_received", "--param", "colour=red"], "no parameter colour"),
        (["--query", "requests_received", "--param", "year"], "NAME=VALUE"),
        (["select agency from v_reports where"], "syntax error"),
        (["selec * from v_reports"], "syntax error"),
        (["select 1", "--query", "changed_reports"], "not both"),
    ],
)
def test_bad_input_exits_2_and_changes_nothing(
    archive: Archive, args: list[str], message: str
) -> None:
    def counts() -> list[Any]:
        code, rows, err = _sql(
            archive.url,
            "select (select count(*) from report_versions) as v, "
            "(select count(*) from findings) as f",
        )
        assert code == 0, err
        return rows

    before = counts()
    code, _, err = _sql(archive.url, *args)
    assert code == 2
    assert message in " ".join(err.split())
    assert counts() == before


def test_queries_dir_is_where_the_module_looks() -> None:
    assert get("changed_reports").sql.upper().startswith("SELECT")
    assert Path(__file__).resolve().parents[2].joinpath("queries", "changed_reports.sql").is_file()
