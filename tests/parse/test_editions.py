"""The 2019 template (国办公开办函〔2019〕60号) and pre-2019 (legacy) reports."""

from __future__ import annotations

from gongkai.core import vocabulary as v
from gongkai.core.report import check_identities, validate
from pipelines.parse import parse_bytes


def test_2019_report_has_its_own_codes(fixture_bytes):
    result = parse_bytes(fixture_bytes("report_2019.txt"))
    report = result.report
    assert (report["agency"], report["year"], report["format"], report["published"]) == (
        "滨海县交通运输局",
        2019,
        "2019",
        "2020-01-31",
    )
    assert report["proactive"]["licensing"] == {"prior_items": 120, "change": -3, "decisions": 5210}
    assert report["proactive"]["other_services"] == {
        "prior_items": 15,
        "change": 2,
        "decisions": 300,
    }
    assert report["proactive"]["fees"] == {"prior_items": 5, "change": 0}
    assert report["proactive"]["procurement"] == {
        "procurement_items": 12,
        "procurement_amount": "356.78",
    }
    assert list(report["requests"]) == list(v.REQUEST_ROWS_2019)
    assert report["requests"]["other_processing"]["natural_person"] == 1
    assert "other_other" not in report["requests"]
    assert validate(report) == report
    assert check_identities(report) == []


def test_2019_identity_uses_the_single_other_row(fixture_bytes):
    report = parse_bytes(fixture_bytes("report_2019.txt")).report
    report["requests"]["other_processing"]["natural_person"] = 2
    assert {f.rule for f in check_identities(report)} == {"2", "3"}


def test_legacy_report_keeps_sections_metadata_and_key_figures(fixture_bytes):
    result = parse_bytes(fixture_bytes("prose_2015.txt"))
    report = result.report
    assert (report["agency"], report["year"], report["format"]) == (
        "清河县人民政府",
        2015,
        "legacy",
    )
    assert "proactive" not in report
    assert "requests" not in report
    figures = {k: (f or {}).get("value") for k, f in report["legacy"].items()}
    assert figures["proactive_items"] == 2315
    assert figures["requests_received"] == 27
    assert figures["requests_answered"] is None  # 均已按时答复: no number printed
    assert (figures["fees_yuan"], figures["review"], figures["litigation"]) == ("0", 0, 0)
    assert "2,315条" in report["sections"]["overview"]
    assert set(report["sections"]) == {
        "overview",
        "proactive",
        "requests",
        "appeals",
        "problems",
        "other",
    }
    assert "本年度未收取任何费用" in result.text


def test_pre_2019_report_with_its_own_table_is_legacy(fixture_bytes):
    text = (
        fixture_bytes("prose_2015.txt")
        .decode("utf-8")
        .replace(
            "二、主动公开政府信息情况\n",
            "二、主动公开政府信息情况\n项目\t数量\n规范性文件\t12\n行政许可\t300\n",
        )
    )
    report = parse_bytes(text.encode("utf-8")).report
    assert report["format"] == "legacy"
    assert "proactive" not in report
    assert report["legacy"]["proactive_items"]["value"] == 2315
