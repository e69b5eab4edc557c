"""Generated reports are valid, obey the identities unless told not to, and look realistic."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from gongkai.core import vocabulary as v
from gongkai.core.report import check_identities, validate
from gongkai.demo.generate import broken_rule, random_report


def test_valid_and_consistent() -> None:
    for i in range(200):
        report = random_report(random.Random(i), nulls=i % 2 == 0)
        assert validate(report) == {k: report[k] for k in validate(report)}
        assert check_identities(report) == []
        assert broken_rule(report) is None
        assert set(report["requests"]) == set(v.REQUEST_ROWS)
        assert report["published"] > f"{report['year']}-12-31"


def test_break_identity_breaks_exactly_one_rule() -> None:
    rules = Counter()
    for i in range(200):
        report = random_report(random.Random(i), break_identity=True, nulls=i % 3 == 0)
        validate(report)
        rules[broken_rule(report)] += 1
    assert set(rules) == {"1", "2", "3", "4"}


def test_agency_kinds_and_scales() -> None:
    city = random_report(random.Random(1), agency="淮安市人民政府", zero_heavy=False)
    township = random_report(random.Random(1), agency="金寨县梅山镇人民政府", zero_heavy=True)
    assert city["requests"]["new"]["total"] > township["requests"]["new"]["total"]
    names = {random_report(random.Random(i))["agency"] for i in range(100)}
    assert any(n.endswith(("镇人民政府", "乡人民政府")) for n in names)
    assert any(n.endswith("局") for n in names)
    assert any(n.endswith(("县人民政府", "区人民政府")) for n in names)


def test_fees_are_decimal_strings() -> None:
    fees = {
        random_report(random.Random(i), zero_heavy=False)["proactive"]["fees"]["amount_10k_yuan"]
        for i in range(100)
    }
    assert all(isinstance(f, str) for f in fees)
    assert any("." in f for f in fees)


def test_nulls_blank_some_zero_cells() -> None:
    report = random_report(random.Random(3), nulls=True, zero_heavy=True)
    assert any(value is None for row in report["requests"].values() for value in row.values())


def test_2019_edition_has_its_own_rows_and_measures() -> None:
    changes = []
    for i in range(100):
        report = random_report(random.Random(i), fmt="2019", nulls=i % 2 == 0)
        assert validate(report) == {k: report[k] for k in validate(report)}
        assert check_identities(report) == []
        assert report["format"] == "2019"
        assert report["year"] in (2019, 2020)
        assert list(report["requests"]) == list(v.REQUEST_ROWS_2019)
        assert {
            item: list(cells) for item, cells in report["proactive"].items()
        } == v.PROACTIVE_MEASURES_2019
        changes += [
            cells["change"] for cells in report["proactive"].values() if cells.get("change")
        ]
    assert min(changes) < 0 < max(changes)


def test_2019_break_identity_breaks_exactly_one_rule() -> None:
    rules = Counter(
        broken_rule(random_report(random.Random(i), fmt="2019", break_identity=True))
        for i in range(120)
    )
    assert set(rules) == {"1", "2", "3", "4"}


def test_unknown_format() -> None:
    with pytest.raises(ValueError, match="2019"):
        random_report(random.Random(0), fmt="prose")
