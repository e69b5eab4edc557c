"""Agency, year and publication date from titles and signature blocks."""

from __future__ import annotations

import pytest

from pipelines.parse.interpret.meta import _signature
from pipelines.parse.titles import title_parts as _from_title


@pytest.mark.parametrize(
    ("title", "agency", "year"),
    [
        ("绥中县 2024 年政府信息公开工作年度报告", "绥中县", 2024),
        ("金寨县融媒体中心2024年度政府信息公开工作年度报告", "金寨县融媒体中心", 2024),
        ("2024年度淮安市淮阴区教育局政府信息公开工作年度报告", "淮安市淮阴区教育局", 2024),
        ("淮安市淮阴区教育局关于2024年政府信息公开工作年度报告", "淮安市淮阴区教育局", 2024),
        ("淮安市淮阴区教育局2024年政务公开工作年度报告", "淮安市淮阴区教育局", 2024),
        ("2023年政府信息公开工作年度报告", None, 2023),
        # older reports: the year in brackets at the end, in Chinese numerals, in full-width digits
        ("滨海县交通运输局政府信息公开工作年度报告（2019年度）", "滨海县交通运输局", 2019),
        ("滨海县交通运输局政府信息公开工作年度报告(2020年)", "滨海县交通运输局", 2020),
        ("滨海县人民政府二〇二〇年政府信息公开工作年度报告", "滨海县人民政府", 2020),
        ("２０１９年度滨海县教育局政府信息公开工作年度报告", "滨海县教育局", 2019),
        (
            "滨海县人民政府办公室关于印发2019年政府信息公开工作年度报告的通知",
            "滨海县人民政府办公室",
            2019,
        ),
        ("关于开展安全生产检查的通知", None, None),
    ],
)
def test_title(title, agency, year):
    assert _from_title(title) == (agency, year)


@pytest.mark.parametrize(
    ("tail", "expected"),
    [
        (
            ["无。", "武汉市硚口区融媒体中心    ", "2025年1月7日       "],
            ("武汉市硚口区融媒体中心", "2025-01-07"),
        ),
        (["无。", "淮阴区教育局　2025年1月22日"], ("淮阴区教育局", "2025-01-22")),
        (["无。", "淮阴区教育局", "二〇二五年一月二十二日"], ("淮阴区教育局", "2025-01-22")),
        (["无。", "淮阴区教育局", "2025-01-22"], ("淮阴区教育局", "2025-01-22")),
        (["无。", "淮阴区教育局", "2025年1月22日", "1"], ("淮阴区教育局", "2025-01-22")),
        (["本年度无其他需要报告的事项。", "淮阴区教育局"], ("淮阴区教育局", None)),
        (["无。", "2025年1月22日"], (None, "2025-01-22")),
        (["本年度未收取信息处理费。"], (None, None)),
    ],
)
def test_signature(tail, expected):
    assert _signature(tail) == expected


def test_date_under_the_title_when_there_is_no_signature(seeds):
    from pipelines.parse import parse_bytes

    seed = next(s for s, _ in seeds if s.name.startswith("004"))
    text = seed.read_text("utf-8").replace("工作年度报告", "工作年度报告\n\n2025年2月3日", 1)
    result = parse_bytes(text.encode("utf-8"))
    assert result.report["published"] == "2025-02-03"
    assert result.report["agency"] == "绥中县"


def test_title_from_the_page_when_the_article_starts_with_a_sentence():
    from pipelines.parse.interpret.meta import find_title
    from pipelines.parse.model import Extracted, Paragraph

    ex = Extracted(
        "html",
        [Paragraph("现将本局2024年政府信息公开工作年度报告公布如下："), Paragraph("一、总体情况")],
        title="某市财政局2024年政府信息公开工作年度报告-某市人民政府",
    )
    assert find_title(ex) == "某市财政局2024年政府信息公开工作年度报告"


def test_agency_from_the_contact_sentence_when_nothing_else_names_it():
    from pipelines.parse import parse_bytes

    text = (
        "2024年政府信息公开工作年度报告\n本报告数据统计期限为2024年1月1日至12月31日。"
        "如对本报告有疑问，请与某县水利局办公室联系。\n"
        "二、主动公开政府信息情况\n规章\t0\t0\t0\n五、存在的主要问题及改进情况\n无。\n"
    )
    result = parse_bytes(text.encode("utf-8"))
    assert (result.report["agency"], result.report["year"]) == ("某县水利局", 2024)
    assert result.provenance["meta"]["agency"].startswith("contact")


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("本报告中所列数据的统计期限自2019年1月1日起至2019年12月31日止。", 2019),
        ("本报告所列数据统计期限为二〇二〇年一月一日至二〇二〇年十二月三十一日。", 2020),
        ("统计时间：２０１９年１月１日至１２月３１日", 2019),
        ("本报告根据《条例》编制。", None),
    ],
)
def test_year_from_the_period_sentence(text, year):
    from pipelines.parse.interpret.meta import _year_from_body

    assert _year_from_body(text) == year
