"""Mixed editions, blank totals and lost table-2 labels (issue 17).

- The two 洪泽 reports: table 2 in the 2021 layout, table 3 with 2019's single （六）其他处理 row.
- A 2019-format page whose table 3 leaves the 总计 column blank on every detail row.
- Table 2 rows whose label is lost or misspelled, between rows that are certain.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from gongkai.core import vocabulary as v
from gongkai.core.report import check_identities
from gongkai.demo.generate import random_report
from gongkai.demo.render import render
from pipelines.parse import parse_bytes

HONGZE = ("hongze_2023.pdf", "hongze_2024.pdf")


@pytest.mark.parametrize("name", HONGZE)
def test_hongze_other_processing_is_stored_as_printed(shared_dir: Path, name: str) -> None:
    result = parse_bytes((shared_dir / "real" / name).read_bytes(), filename=name)
    report = result.report
    assert report["format"] == "2021"  # table 2 is in the 2021 layout
    requests = report["requests"]
    assert requests["other_processing"] == dict.fromkeys(v.REQUEST_COLUMNS, 0)
    for row in v.OTHER_PROCESSING_ROWS:
        assert set(requests[row].values()) == {None}, row
    rules = [f.rule for f in result.findings]
    assert "parse:mixed_edition" in rules
    assert "其他处理" not in " ".join(f.detail for f in result.findings if "fallback" in f.rule)
    # identity 2 sums （六） as printed: the result rows add up to handled_total in every column
    assert not [f for f in result.findings if f.rule in ("1", "2", "3")]


def test_hongze_every_cell_holds_by_the_identities(shared_dir: Path) -> None:
    """The 2024 report satisfies identities 1-4; the 2023 original prints 0 as table 4's
    totals of 行政复议 (10 + 1) and 复议后起诉 (5): exactly those two breaks of rule 4."""
    found = {}
    for name in HONGZE:
        result = parse_bytes((shared_dir / "real" / name).read_bytes(), filename=name)
        found[name] = sorted(
            (f.rule, f.cells) for f in result.findings if f.rule in ("1", "2", "3", "4")
        )
        assert check_identities(result.report) == [
            f for f in result.findings if f.rule in ("1", "2", "3", "4", "total_blank")
        ]
    assert found["hongze_2024.pdf"] == []
    assert found["hongze_2023.pdf"] == [
        ("4", ("appeals.litigation_after_review.total",)),
        ("4", ("appeals.review.total",)),
    ]


def _blank_detail_totals(fmt: str, seed: int) -> dict:
    rng = random.Random(f"blank-total:{seed}")
    report = random_report(rng, fmt=fmt, nulls=False, break_identity=False)
    for row in v.result_rows(fmt):
        report["requests"][row]["total"] = None
    return report


@pytest.mark.parametrize("seed", range(4))
def test_blank_detail_totals_raise_only_the_blank_total_finding(seed: int) -> None:
    report = _blank_detail_totals("2019", seed)
    data = render(report, "html", random.Random(seed))
    result = parse_bytes(data, filename="report.html")
    parsed = result.report["requests"]
    for row in v.result_rows("2019"):
        assert parsed[row]["total"] is None, row  # blank stays blank, never 0
    rules = {f.rule for f in result.findings}
    assert not rules & {"1", "2", "3", "4"}
    printed = [
        r
        for r in v.result_rows("2019")
        if sum(report["requests"][r][c] or 0 for c in v.APPLICANT_COLUMNS)
    ]
    if printed:
        (blank,) = [f for f in result.findings if f.rule == "total_blank"]
        assert set(blank.cells) == {f"requests.{r}.total" for r in printed}


def test_a_blank_total_over_zeros_is_a_zero() -> None:
    report = _blank_detail_totals("2021", 0)
    for row in v.REQUEST_ROWS:
        report["requests"][row] = dict.fromkeys(v.REQUEST_COLUMNS, 0) | {"total": None}
    assert check_identities(report) == []


def test_a_printed_total_that_disagrees_still_breaks_rule_3() -> None:
    report = _blank_detail_totals("2021", 1)
    report["requests"]["granted"] = {**dict.fromkeys(v.APPLICANT_COLUMNS, 1), "total": 2}
    assert "3" in {f.rule for f in check_identities(report)}


def _seed_with(shared_dir: Path, old: str, new: str) -> bytes:
    text = (shared_dir / "seeds" / "004_be0fd55c03cb7cd4.txt").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new).encode("utf-8")


@pytest.mark.parametrize(
    ("old", "new", "item", "value"),
    [
        ("行政强制\t3", "\t3", "coercion", {"decisions": 3}),
        ("行政事业性收费\t3382", "行政事业型收费\t3382", "fees", {"amount_10k_yuan": "3382"}),
    ],
)
def test_table2_row_with_a_lost_label_is_placed_by_order(
    shared_dir: Path, old: str, new: str, item: str, value: dict
) -> None:
    result = parse_bytes(_seed_with(shared_dir, old, new), filename="report.txt")
    assert result.report["proactive"][item] == value
    notes = [f for f in result.findings if f.rule == "parse:label_by_order"]
    assert len(notes) == 1
    assert item in notes[0].detail


def test_table2_two_lost_labels_in_a_row_are_not_guessed(shared_dir: Path) -> None:
    data = _seed_with(shared_dir, "行政强制\t3", "\t3").decode("utf-8")
    data = data.replace("行政事业性收费\t3382", "行政事业型收费\t3382")
    result = parse_bytes(data.encode("utf-8"), filename="report.txt")
    assert result.report["proactive"]["coercion"] == {"decisions": None}
    assert not [f for f in result.findings if f.rule == "parse:label_by_order"]
