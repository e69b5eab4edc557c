"""The one recogniser of report titles (crawl, parser, OCR and legacy reports read titles
through it): the wordings real reports use, and what is not a report."""

from __future__ import annotations

import pytest

from pipelines.parse import parse_bytes
from pipelines.parse.errors import NoTables
from pipelines.parse.titles import is_report_title, names_a_report, title_parts

TITLES = [
    ("XX县人民政府2023年政府信息公开工作年度报告", "XX县人民政府", 2023),
    ("2024年度XX县教育局政府信息公开工作年度报告", "XX县教育局", 2024),
    ("XX县财政局政府信息公开工作年度报告（2019年度）", "XX县财政局", 2019),
    ("XX县人民政府关于2024年度政府信息公开工作情况的报告", "XX县人民政府", 2024),
    ("关于2024年度政府信息公开工作情况的报告", None, 2024),
    ("XX镇2022年政府信息公开工作年报", "XX镇", 2022),
    ("二〇一二年XX县人民政府政府信息公开工作报告", None, 2012),
    ("XX县二〇一二年政府信息公开工作报告", "XX县", 2012),
    ("标题: 平潭综合实验区2016年度政府信息公开工作年度报告", "平潭综合实验区", 2016),
    ("ＸＸ区２０２１年政府信息公开工作年度报告", "XX区", 2021),
]


@pytest.mark.parametrize(("title", "agency", "year"), TITLES)
def test_report_titles_are_recognised_with_their_agency_and_year(
    title: str, agency: str | None, year: int
) -> None:
    assert is_report_title(title), title
    assert names_a_report(title), title
    got_agency, got_year = title_parts(title)
    assert got_year == year, title
    if agency is not None:
        assert got_agency == agency, title


@pytest.mark.parametrize(
    "text",
    [
        "XX县2024年政府工作报告",
        "XX市2023年国民经济和社会发展统计公报",
        "XX县2023年法治政府建设年度报告",
        "关于报送2023年政府信息公开工作年度报告的通知",
        "2023年政府信息公开工作要点",
        "政府信息公开指南",
        "一图读懂XX县2023年政府信息公开工作年度报告",
    ],
)
def test_look_alikes_are_not_reports(text: str) -> None:
    assert not is_report_title(text), text


def test_a_report_titled_guanyu_qingkuang_gets_its_year_from_the_title() -> None:
    """关于…工作情况的报告 with no 统计期限 sentence: the year is the title's."""
    text = (
        "XX县人民政府关于2024年度政府信息公开工作情况的报告\n\n"
        "一、总体情况\n\n本年度本机关坚持以公开为常态。\n\n"
        "XX县人民政府\n2025年3月12日\n"
    )
    # recognised as a 2024 report, which must have tables: not "not a report"
    with pytest.raises(NoTables, match="annual report"):
        parse_bytes(text.encode("utf-8"))


def test_a_copied_page_with_a_title_label_is_read() -> None:
    text = (
        "标题: XX县2016年度政府信息公开工作年度报告\n\n"
        "根据《中华人民共和国政府信息公开条例》要求，现公布本年度报告。\n\n"
        "一、概述\n\n本年度主动公开政府信息1200条。\n\n"
        "二、主动公开政府信息情况\n\n全年主动公开信息1200条，其中通过网站公开1000条。\n\n"
        "三、依申请公开政府信息情况\n\n本年度未收到政府信息公开申请。\n\n"
        "XX县人民政府办公室\n2017年3月20日\n"
    )
    result = parse_bytes(text.encode("utf-8"))
    assert result.report["year"] == 2016
    assert result.report["agency"]
