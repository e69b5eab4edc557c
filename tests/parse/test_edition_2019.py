"""The 2019 edition (国办公开办函〔2019〕60号, reports for 2019 and 2020) in every form, and the
variety of older reports: the year in the title only, other wordings, tables left as lines."""

from __future__ import annotations

import random
from typing import Any

import pytest

from gongkai.core import vocabulary as v
from gongkai.core.report import ReportFormatError, cells, validate
from gongkai.demo.generate import random_report
from gongkai.demo.layout import expand, tables
from gongkai.demo.render import render
from pipelines.parse import parse_bytes, parse_extracted
from pipelines.parse.cells import Token, as_count
from pipelines.parse.model import Cell, Extracted, Paragraph, Table


def _exact(truth: dict[str, Any], report: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    want, got = cells(validate(truth)), cells(report)
    wrong = [(k, want[k], got.get(k)) for k in want if got.get(k) != want[k]]
    wrong += [
        (k, truth[k], report.get(k))
        for k in ("agency", "year", "format", "published")
        if report.get(k) != truth[k]
    ]
    return wrong


@pytest.mark.parametrize(
    ("form", "options"),
    [
        ("docx", {}),
        ("docx", {"wrap": True, "center_values": False}),
        ("pdf", {}),
        ("pdf", {"outer_sides": False, "repeat_header": True}),
        ("pdf", {"borders": False}),
        ("doc", {}),
    ],
)
def test_office_forms_of_the_2019_edition_are_exact(form: str, options: dict[str, Any]) -> None:
    rng = random.Random(f"2019:{form}:{sorted(options)}")
    # blanked cells only where ruling lines are drawn: borderless and blank is a known limit
    truth = random_report(
        rng, fmt="2019", nulls=options.get("borders", True) and rng.random() < 0.5
    )
    result = parse_bytes(render(truth, form, rng, **options))
    assert _exact(truth, result.report) == []
    assert set(result.provenance["tables"]) == {"proactive", "requests", "appeals"}


def test_year_from_the_title_alone() -> None:
    seen = 0
    for i in range(40):
        rng = random.Random(f"title-only:{i}")
        truth = random_report(rng, fmt="2019")
        data = render(truth, "html", rng)
        text = data.decode("utf-8")
        if "统计期限" in text or "60号" in text:
            continue
        seen += 1
        result = parse_bytes(data)
        assert result.provenance["meta"]["year"] == "title"
        assert _exact(truth, result.report) == []
    assert seen >= 3


@pytest.mark.parametrize(("edition", "year"), [("2019", 2021), ("2021", 2020)])
def test_the_tables_decide_the_edition_not_the_year(edition: str, year: int) -> None:
    rng = random.Random(f"edition:{edition}")
    truth = random_report(rng, fmt=edition, year=year)
    result = parse_bytes(render(truth, "html-soup", rng))
    assert result.report["format"] == edition
    assert _exact(truth, result.report) == []


def _lines(rows: list[list[Any]]) -> list[Paragraph]:
    return [
        Paragraph(" ".join(s.text for s in row if s is not None and s.text)) for row in expand(rows)
    ]


def test_tables_2_and_4_left_as_text_lines() -> None:
    """A borderless PDF whose extractor found no table for tables 2 and 4: their rows arrive
    as lines of text under their headings and are read there."""
    truth = random_report(
        random.Random(3), fmt="2019", year=2020, agency="滨海县交通运输局", zero_heavy=False
    )
    t2, t3, t4 = tables(truth, lambda value: "" if value is None else str(value))
    blocks: list[Paragraph | Table] = [
        Paragraph("滨海县交通运输局2020年度政府信息公开工作年度报告"),
        Paragraph("一、总体情况"),
        Paragraph("本年度认真落实《条例》。"),
        Paragraph("二、主动公开政府信息情况"),
        *_lines(t2),
        Paragraph("三、收到和处理政府信息公开申请情况"),
        Table(
            [[Cell("" if s is None else s.text, s is None) for s in row] for row in expand(t3)],
            "table 1",
        ),
        Paragraph("四、政府信息公开行政复议、行政诉讼情况"),
        *_lines(t4),
        Paragraph("五、存在的主要问题及改进情况"),
        Paragraph("无。"),
        Paragraph("六、其他需要报告的事项"),
        Paragraph("无。"),
        Paragraph("滨海县交通运输局"),
        Paragraph("2021年1月20日"),
    ]
    result = parse_extracted(Extracted("pdf-text", blocks))
    truth["published"] = "2021-01-20"
    assert _exact(truth, result.report) == []
    assert any("text line" in where for where in result.provenance["tables"]["proactive"])


# A 2020 report as a portal publishes it, written by hand (not by the generator): the year in
# brackets after the title only, no notice and no period sentence, table 2 in five small tables
# with other wordings (上年项目数量, 本年增（减）, 增加2, a unit in the amount's header), and the
# date from the page, since the signature gives none.
PORTAL_2020 = """<html><head><meta charset="utf-8"><title>政府信息公开工作年度报告（2020年度）_滨海县</title>
<meta name="PubDate" content="2021-01-28 10:12"></head><body><div class="content">
<h1>滨海县市场监督管理局政府信息公开工作年度报告（2020年度）</h1>
<p>根据《中华人民共和国政府信息公开条例》要求，现公布本局政府信息公开工作年度报告。</p>
<p>一、总体情况</p><p>全年主动公开信息312条。</p>
<p>二、主动公开政府信息情况</p>
<table border="1"><tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年新制作数量</td><td>本年新公开数量</td><td>对外公开总数量</td></tr>
<tr><td>规章</td><td>/</td><td>/</td><td>/</td></tr>
<tr><td>规范性文件</td><td>2</td><td>2</td><td>17</td></tr></table>
<table border="1"><tr><td colspan="4">第二十条第（五）项</td></tr>
<tr><td>信息内容</td><td>上年项目数量</td><td>本年增（减）</td><td>处理决定数量</td></tr>
<tr><td>行政许可</td><td>38</td><td>增加2</td><td>1,207</td></tr>
<tr><td>其他对外管理服务事项</td><td>4</td><td>减少1</td><td>96</td></tr></table>
<table border="1"><tr><td colspan="4">第二十条第（六）项</td></tr>
<tr><td>信息内容</td><td>上年项目数量</td><td>本年增（减）</td><td>处理决定数量</td></tr>
<tr><td>行政处罚</td><td>512</td><td>-12</td><td>430</td></tr>
<tr><td>行政强制</td><td>21</td><td>0</td><td>35</td></tr></table>
<table border="1"><tr><td colspan="3">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td>上年项目数量</td><td>本年增（减）</td></tr>
<tr><td>行政事业性收费</td><td>0</td><td>0</td></tr></table>
<table border="1"><tr><td colspan="3">第二十条第（九）项</td></tr>
<tr><td>信息内容</td><td>采购项目数量</td><td>采购总金额（万元）</td></tr>
<tr><td>政府集中采购</td><td>6</td><td>1,234.50</td></tr></table>
<p>三、收到和处理政府信息公开申请情况</p>
<table border="1">
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>9</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>11</td></tr>
<tr><td colspan="3">二、上年结转政府信息公开申请数量</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td rowspan="20">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
<tr><td colspan="2">（二）部分公开（区分处理的，只计这一情形，不计其他情形）</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td rowspan="8">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>2.其他法律行政法规禁止公开</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>3.危及"三安全一稳定"</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>4.保护第三方合法权益</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>5.属于三类内部事务信息</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>6.属于四类过程性信息</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>7.属于行政执法案卷</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>8.属于行政查询事项</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td rowspan="3">（四）无法提供</td><td>1.本机关不掌握相关政府信息</td><td>2</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>3</td></tr>
<tr><td>2.没有现成信息需要另行制作</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>3.补正后申请内容仍不明确</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td rowspan="5">（五）不予处理</td><td>1.信访举报投诉类申请</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
<tr><td>2.重复申请</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>3.要求提供公开出版物</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>4.无正当理由大量反复申请</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td>5.要求行政机关确认或重新出具已获取信息</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td colspan="2">（六）其他处理</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
<tr><td colspan="2">（七）总计</td><td>9</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>11</td></tr>
<tr><td colspan="3">四、结转下年度继续办理</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr>
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p>
<table border="1">
<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>
<tr><td rowspan="2">结果维持</td><td rowspan="2">结果纠正</td><td rowspan="2">其他结果</td><td rowspan="2">尚未审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td><td colspan="5">复议后起诉</td></tr>
<tr><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td><td>结果维持</td><td>结果纠正</td><td>其他结果</td><td>尚未审结</td><td>总计</td></tr>
<tr><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td></tr>
</table>
<p>五、存在的主要问题及改进情况</p><p>公开内容还不够全面。</p>
<p>六、其他需要报告的事项</p><p>无。</p>
<p>滨海县市场监督管理局</p>
</div></body></html>"""


def test_a_hand_written_2020_portal_page() -> None:
    result = parse_bytes(PORTAL_2020.encode("utf-8"))
    report = result.report
    assert (report["agency"], report["year"], report["format"], report["published"]) == (
        "滨海县市场监督管理局",
        2020,
        "2019",
        "2021-01-28",
    )
    assert report["proactive"]["rules"] == {
        "created": None,
        "published": None,
        "total_published": None,
    }
    assert report["proactive"]["licensing"] == {"prior_items": 38, "change": 2, "decisions": 1207}
    assert report["proactive"]["other_services"] == {
        "prior_items": 4,
        "change": -1,
        "decisions": 96,
    }
    assert report["proactive"]["penalties"]["change"] == -12
    assert report["proactive"]["procurement"] == {
        "procurement_items": 6,
        "procurement_amount": "1234.50",
    }
    assert report["requests"]["other_processing"]["total"] == 0
    assert report["requests"]["unavailable_not_held"]["commercial"] == 1
    assert report["appeals"]["review"] == {
        "upheld": 1,
        "corrected": 0,
        "other": 0,
        "pending": 0,
        "total": 1,
    }
    assert result.findings == []


@pytest.mark.parametrize(
    ("text", "count"), [("增加2", 2), ("减少1", -1), ("减3项", -3), ("新增4个", 4)]
)
def test_changes_in_words(text: str, count: int) -> None:
    assert as_count(Token(text)) == count


def test_only_the_2019_change_is_signed() -> None:
    report = random_report(random.Random(1), fmt="2019")
    report["proactive"]["licensing"]["change"] = -4
    assert validate(report)["proactive"]["licensing"]["change"] == -4
    for table, row, column in (
        ("proactive", "licensing", "decisions"),
        ("requests", "new", "total"),
        ("appeals", "review", "total"),
    ):
        bad = validate(report)
        bad[table][row][column] = -1
        with pytest.raises(ReportFormatError, match="negative"):
            validate(bad)
    later = random_report(random.Random(1), fmt="2021")
    later["proactive"]["rules"]["issued"] = -1
    with pytest.raises(ReportFormatError, match="negative"):
        validate(later)


def test_a_minus_before_a_count_is_not_read_as_a_count() -> None:
    text = PORTAL_2020.replace("<td>1,207</td>", "<td>-1207</td>")
    report = parse_bytes(text.encode("utf-8")).report
    assert report["proactive"]["licensing"]["decisions"] is None
    assert set(v.signed_measures("2019")) == {"change"}


def test_a_header_joined_to_the_next_pages_item_is_still_a_header() -> None:
    """A PDF table cut between 信息内容 and 行政事业性收费: the join makes one label of both."""
    truth = random_report(
        random.Random(8), fmt="2019", year=2019, agency="滨海县教育局", zero_heavy=False
    )
    t2, t3, t4 = tables(truth, lambda value: "" if value is None else str(value))

    def grid(rows: list[list[Any]]) -> list[list[Cell]]:
        return [
            [Cell("", True) if s is None else Cell(s.text) for s in row] for row in expand(rows)
        ]

    rows2 = grid(t2)
    at = next(i for i, row in enumerate(rows2) if row[0].text == "行政事业性收费")
    rows2[at - 1][0] = Cell("信息内容行政事业性收费")
    rows2[at][0] = Cell("信息内容行政事业性收费", True)
    blocks = [
        Paragraph("滨海县教育局2019年政府信息公开工作年度报告"),
        Paragraph("二、主动公开政府信息情况"),
        Table(rows2, "page 1 table 1 + page 2 table 1"),
        Paragraph("三、收到和处理政府信息公开申请情况"),
        Table(grid(t3), "page 2 table 2"),
        Paragraph("四、政府信息公开行政复议、行政诉讼情况"),
        Table(grid(t4), "page 3 table 1"),
        Paragraph("五、存在的主要问题及改进情况"),
        Paragraph("六、其他需要报告的事项"),
        Paragraph("滨海县教育局"),
        Paragraph("2020年1月20日"),
    ]
    result = parse_extracted(Extracted("pdf-text", blocks))
    truth["published"] = "2020-01-20"
    assert _exact(truth, result.report) == []
    assert result.provenance["fallbacks"] == []


def test_a_2020_report_one_cell_per_line(fixture_bytes) -> None:
    """Seed-style text (one cell per line, headers wrapped inside cells, blank cells, the
    title over two lines with the year in the second, a date in Chinese numerals)."""
    result = parse_bytes(fixture_bytes("report_2020_cells.txt"))
    report = result.report
    assert (report["agency"], report["year"], report["format"], report["published"]) == (
        "金安区三十铺镇人民政府",
        2020,
        "2019",
        "2021-01-18",
    )
    assert report["proactive"]["licensing"] == {"prior_items": 5, "change": 1, "decisions": 47}
    assert report["proactive"]["penalties"]["change"] == -1
    assert report["proactive"]["fees"] == {"prior_items": 0, "change": 0}
    assert report["proactive"]["procurement"] == {
        "procurement_items": 4,
        "procurement_amount": "86.3",
    }
    assert report["requests"]["denied_state_secret"] == dict.fromkeys(v.REQUEST_COLUMNS)
    assert report["requests"]["granted"]["commercial"] == 1
    assert report["requests"]["other_processing"]["total"] == 0
    assert result.findings == []
    assert result.provenance["fallbacks"] == []
