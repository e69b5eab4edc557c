"""Reports of the 2019 edition (国办公开办函〔2019〕60号) in the archive: their own codes load,
the views show them, identities use the edition's own result rows, rule 5 spans editions."""

from __future__ import annotations

import copy
import random
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from db.loader import load_report
from db.models import FindingRow
from gongkai.core import vocabulary as v
from gongkai.core.report import ReportFormatError, cells
from gongkai.demo.generate import random_report

pytestmark = pytest.mark.db

AGENCY = "滨海县交通运输局"


def _report(year: int, fmt: str, seed: int) -> dict[str, Any]:
    return random_report(random.Random(seed), agency=AGENCY, year=year, fmt=fmt, zero_heavy=False)


@pytest.fixture
def report_2019() -> dict[str, Any]:
    report = _report(2019, "2019", 5)
    report["proactive"]["licensing"]["change"] = -7
    report["proactive"]["procurement"]["procurement_amount"] = "1234.5678"
    return report


def _facts(session: Session, year: int) -> dict[str, Any]:
    got: dict[str, Any] = {}
    params = {"a": AGENCY, "y": year}
    for view, key in (
        ("v_proactive", "item, measure"),
        ("v_requests", "row_code, column_code"),
        ("v_appeals", "group_code, measure"),
    ):
        for row in session.execute(
            text(f"SELECT {key}, value FROM {view} WHERE agency = :a AND year = :y"), params
        ):
            got[f"{view[2:]}.{row[0]}.{row[1]}"] = row[2]
    return got


def test_2019_codes_load_and_are_queryable(session: Session, report_2019: dict[str, Any]) -> None:
    load_report(session, report_2019)
    session.commit()
    expected = cells(report_2019)
    got = _facts(session, 2019)
    assert set(got) == set(expected)
    for key, value in expected.items():
        if value is None:
            assert got[key] is None, key
        elif key.split(".")[2] in v.DECIMAL_MEASURES_2019:
            assert Decimal(str(got[key])) == Decimal(value), key
        else:
            assert got[key] == value, key
    assert got["proactive.licensing.change"] == -7
    assert "requests.other_processing.total" in got
    assert "requests.other_other.total" not in got
    fmt = session.execute(
        text("SELECT format FROM v_reports WHERE agency = :a"), {"a": AGENCY}
    ).scalar_one()
    assert fmt == "2019"
    assert session.scalars(select(FindingRow.rule)).all() == []


def test_2019_identity_2_sums_the_single_other_row(
    session: Session, report_2019: dict[str, Any]
) -> None:
    broken = copy.deepcopy(report_2019)
    broken["requests"]["other_processing"]["natural_person"] = (
        broken["requests"]["other_processing"]["natural_person"] or 0
    ) + 3
    result = load_report(session, broken)
    rules = session.scalars(
        select(FindingRow.rule).where(FindingRow.version_id == result.version_id)
    ).all()
    assert set(rules) == {"2", "3"}


def test_rows_of_no_edition_are_refused(session: Session, report_2019: dict[str, Any]) -> None:
    bad = copy.deepcopy(report_2019)
    bad["requests"]["other_things"] = dict.fromkeys(v.REQUEST_COLUMNS, 0)
    with pytest.raises(ReportFormatError) as info:
        load_report(session, bad)
    assert info.value.field == "requests.other_things"
    negative = copy.deepcopy(report_2019)
    negative["requests"]["new"]["total"] = -1
    with pytest.raises(ReportFormatError):
        load_report(session, negative)


def test_rule_5_spans_the_two_editions(session: Session) -> None:
    years = {
        2019: _report(2019, "2019", 1),
        2020: _report(2020, "2019", 2),
        2021: _report(2021, "2021", 3),
    }
    for year in (2020, 2021):
        years[year]["requests"]["carried_over"] = copy.deepcopy(
            years[year - 1]["requests"]["carried_forward"]
        )
    years[2021]["requests"]["carried_over"]["natural_person"] = (
        years[2020]["requests"]["carried_forward"]["natural_person"] or 0
    ) + 4
    for report in years.values():
        load_report(session, report)
    session.commit()
    rows = session.execute(
        text("SELECT year, column_code, consistent FROM v_cross_year WHERE agency = :a"),
        {"a": AGENCY},
    ).all()
    assert {(y, c) for y, c, ok in rows if not ok} == {(2021, "natural_person")}
    assert {y for y, _, _ in rows} == {2020, 2021}


def test_2021_rows_in_a_2019_report_are_kept_as_printed(
    session: Session, report_2019: dict[str, Any]
) -> None:
    """A mixed edition (issue 17): 2021's （六） sub-rows in a 2019 report are stored under their
    own codes, and identity 2 sums them in place of the empty other_processing row."""
    mixed = copy.deepcopy(report_2019)
    processing = mixed["requests"]["other_processing"]
    mixed["requests"]["other_no_correction"] = dict(processing)
    mixed["requests"]["other_unpaid_fee"] = dict.fromkeys(v.REQUEST_COLUMNS, 0)
    mixed["requests"]["other_other"] = dict.fromkeys(v.REQUEST_COLUMNS, 0)
    mixed["requests"]["other_processing"] = dict.fromkeys(v.REQUEST_COLUMNS)
    load_report(session, mixed)
    stored = session.execute(
        text("SELECT row_code, value FROM v_requests WHERE column_code = 'total'")
    ).all()
    assert dict(stored)["other_no_correction"] == processing["total"]
    rules = session.execute(text("SELECT rule FROM v_findings")).scalars().all()
    assert "2" not in rules
