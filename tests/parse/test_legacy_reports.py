"""Legacy reports (2008–2018) end to end: the six real reports of ``shared/legacy`` against their
hand-made truth (every key, agency and year), and reports in the shapes of other provinces'
forms (``tests/parse/legacy``: Beijing's 引言 form, Shanghai's quoted answers, the national
2015–2018 统计表, Fujian's glued table, a town's negations, the first year 2008, Guangdong's
第一部分 outline with 宗, a Jiangsu department whose sections say 无, a Zhejiang department
publishing through its portal only)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from gongkai.core import vocabulary as v
from pipelines.parse import parse_bytes

HERE = Path(__file__).parent / "legacy"


def _same(got: Any, want: Any) -> bool:
    if got is None or want is None:
        return got is want
    return Decimal(str(got)) == Decimal(str(want))


def _shared(shared_dir: Path) -> list[Path]:
    return sorted((shared_dir / "legacy").glob("*.txt"))


def _figures(report: dict[str, Any]) -> dict[str, Any]:
    return {key: (fig or {}).get("value") for key, fig in report["legacy"].items()}


@pytest.mark.parametrize(
    "stem",
    [
        "daoxian_wgxj_2013",
        "dongcheng_sjj_2009",
        "pingtan_dishui_2013",
        "pingtan_qu_2016",
        "pingtan_xian_2012",
        "yongjia_tjj_2015",
    ],
)
def test_shared_legacy_reports_every_key_right(shared_dir: Path, stem: str) -> None:
    path = shared_dir / "legacy" / f"{stem}.txt"
    truth = json.loads((shared_dir / "legacy" / "truth" / f"{stem}.json").read_text("utf-8"))
    report = parse_bytes(path.read_bytes()).report
    assert report["format"] == "legacy"
    assert (report["agency"], report["year"]) == (truth["agency"], truth["year"])
    got = _figures(report)
    assert list(got) == list(v.LEGACY_KEYS)
    for key in v.LEGACY_KEYS:
        accepted = [truth[key], *truth.get("alternatives", {}).get(key, [])]
        assert any(_same(got[key], a) for a in accepted), (key, got[key], accepted)


def test_the_shared_set_is_all_here(shared_dir: Path) -> None:
    assert len(_shared(shared_dir)) == 6


OWN = sorted(HERE.glob("*.txt"))


@pytest.mark.parametrize("path", OWN, ids=[p.stem for p in OWN])
def test_legacy_report_shapes(path: Path) -> None:
    want = json.loads(path.with_suffix(".json").read_text("utf-8"))
    result = parse_bytes(path.read_bytes())
    report = result.report
    assert (report["agency"], report["year"], report["format"]) == (
        want["agency"],
        want["year"],
        "legacy",
    )
    assert report["published"] == want["published"]
    got = _figures(report)
    assert {k: got[k] for k in v.LEGACY_KEYS} == {k: want[k] for k in v.LEGACY_KEYS}
    conflicts = sorted(
        c.removeprefix("legacy.")
        for f in result.findings
        if f.rule == "legacy:conflict"
        for c in f.cells
    )
    assert conflicts == sorted(want.get("conflicts", []))


def test_every_figure_says_where_it_was_printed(shared_dir: Path) -> None:
    report = parse_bytes((shared_dir / "legacy" / "pingtan_xian_2012.txt").read_bytes()).report
    received = report["legacy"]["requests_received"]
    assert received["source"] == "sentence"
    assert received["where"] == "三、政府信息依申请公开工作情况"
    assert "共收到有关政府信息公开的申请21条" in received["text"]
    complaints = report["legacy"]["complaints"]
    assert complaints["source"] == "table"
    assert complaints["text"].endswith("行政申诉数条00")
    assert "2012年度" in complaints["where"]


def test_a_conflict_keeps_the_owning_sentence_and_records_both_places() -> None:
    result = parse_bytes((HERE / "jiading_ghj_2012.txt").read_bytes())
    assert result.report["legacy"]["requests_received"]["value"] == 89
    (finding,) = [f for f in result.findings if f.rule == "legacy:conflict"]
    assert finding.cells == ("legacy.requests_received",)
    assert "89 kept" in finding.detail
    assert "三、依申请公开政府信息情况" in finding.detail
    assert "87 also printed" in finding.detail
    assert "一、概述" in finding.detail


def test_a_sentence_beats_the_table_and_the_table_value_is_a_finding() -> None:
    text = (HERE / "fuqing_tjj_2013.txt").read_text("utf-8")
    text = text.replace(
        "我局受理政府信息公开申请，均按规定时限予以答复",
        "我局共受理政府信息公开申请4件，均按规定时限予以答复",
    )
    result = parse_bytes(text.encode("utf-8"))
    assert result.report["legacy"]["requests_received"]["value"] == 4
    (finding,) = [f for f in result.findings if f.rule == "legacy:conflict"]
    assert "4 kept" in finding.detail
    assert "3 also printed" in finding.detail


def test_a_glued_cell_that_splits_two_ways_is_reported_not_guessed() -> None:
    text = (HERE / "fuqing_tjj_2013.txt").read_text("utf-8")
    text = text.replace(
        "主动公开信息数条156812其中：1、政府网站公开数条1487862、政府公报公开数条826",
        "主动公开信息数条2121",
    )
    result = parse_bytes(text.encode("utf-8"))
    assert result.report["legacy"]["proactive_items"] is None
    (finding,) = [f for f in result.findings if f.rule == "legacy:unsplittable"]
    assert finding.cells == ("legacy.proactive_items",)
    assert "2 (of 121) or 21 (of 21)" in finding.detail
    assert result.report["legacy"]["requests_received"]["value"] == 3
