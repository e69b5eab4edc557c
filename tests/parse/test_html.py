"""The HTML route on hand-made pages: encodings, site chrome, spans, split and div-drawn tables."""

from __future__ import annotations

import pytest

from pipelines.parse import parse_bytes
from pipelines.parse.formats import html

EXPECTED_PROACTIVE = {
    "rules": {"issued": None, "repealed": None, "in_force": None},  # —, -, /
    "normative_documents": {"issued": 1, "repealed": 9, "in_force": 19},
    "licensing": {"decisions": 23619},  # 23,619
    "penalties": {"decisions": 1280},
    "coercion": {"decisions": None},  # &nbsp;
    "fees": {"amount_10k_yuan": "1234.50"},  # 1,234.50 keeps its decimals
}
EXPECTED_REQUESTS = {
    "new": {
        "natural_person": 1210,
        "commercial": 2,
        "research": None,
        "nonprofit": None,
        "legal_services": 0,
        "other_org": None,
        "total": 1212,
    },
    "carried_over": {
        "natural_person": 1,
        "commercial": None,
        "research": None,
        "nonprofit": None,
        "legal_services": None,
        "other_org": None,
        "total": 1,
    },
    "unavailable_not_held": {
        "natural_person": 600,
        "commercial": 0,
        "research": 0,
        "nonprofit": 0,
        "legal_services": 0,
        "other_org": 0,
        "total": 600,
    },
    "rejected_duplicate": {
        "natural_person": 4,
        "commercial": None,
        "research": None,
        "nonprofit": None,
        "legal_services": None,
        "other_org": None,
        "total": 4,
    },
    "other_other": dict.fromkeys(
        (
            "natural_person",
            "commercial",
            "research",
            "nonprofit",
            "legal_services",
            "other_org",
            "total",
        )
    ),
}
EXPECTED_APPEALS = {
    "review": {"upheld": 2, "corrected": 1, "other": 0, "pending": 1, "total": 4},
    "litigation_direct": {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1},
    "litigation_after_review": dict.fromkeys(("upheld", "corrected", "other", "pending", "total")),
}


def _check_tables(report):
    assert report["proactive"] == EXPECTED_PROACTIVE
    for row, cells in EXPECTED_REQUESTS.items():
        assert report["requests"][row] == cells, row
    assert report["appeals"] == EXPECTED_APPEALS


def test_gbk_page_with_meta_charset_and_site_chrome(fixture_bytes):
    data = fixture_bytes("gbk_chrome.html")
    assert b"charset=gb2312" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    result = parse_bytes(data, url="http://example.gov.cn/2023/nb/index.html")
    report = result.report
    assert report["agency"] == "淮安市淮阴区教育局"
    assert report["year"] == 2024
    assert report["published"] == "2025-01-22"  # the signature's date wins over PubDate
    _check_tables(report)
    assert [f for f in result.findings if not f.rule.startswith("parse:")] == []
    # sidebar and related links mention other years' reports: none of them leaks into sections
    assert "2023年" not in "".join(report["sections"].values())
    assert "版权所有" not in "".join(report["sections"].values())


def test_tables_split_per_sub_table_and_drawn_with_divs(fixture_bytes):
    result = parse_bytes(fixture_bytes("split_div.html"))
    report = result.report
    _check_tables(report)
    assert report["published"] is None  # no signature, no page metadata
    assert report["agency"] == "淮安市淮阴区教育局"  # from the title
    assert len(result.provenance["tables"]["requests"]) == 2  # read from both halves


def test_http_header_charset_beats_meta_and_gb2312_reads_as_gb18030():
    page = '<html><head><meta charset="utf-8"></head><body><p>镕</p></body></html>'
    assert html.decode(page.encode("gb18030"), "text/html; charset=GB2312") == page
    assert html.decode(page.encode("utf-8-sig")) == page


def test_rowspan_colspan_grid_marks_copies():
    doc = html.extract(
        b"<html><body><p>x</p><table><tr><td rowspan=2 colspan=2>A</td><td>1</td></tr>"
        b"<tr><td>2</td></tr><tr><td>B</td><td colspan=2>3</td></tr></table></body></html>"
    )
    table = next(b for b in doc.blocks if hasattr(b, "rows"))
    assert [[(c.text, c.is_copy) for c in row] for row in table.rows] == [
        [("A", False), ("A", True), ("1", False)],
        [("A", True), ("A", True), ("2", False)],
        [("B", False), ("3", False), ("3", True)],
    ]


def test_table_written_as_paragraph_lines():
    rows = "".join(
        f"<p>{label}&nbsp;&nbsp;&nbsp;{values}</p>"
        for label, values in [
            (
                "一、本年新收政府信息公开申请数量",
                "&nbsp;&nbsp;".join(["3", "0", "0", "0", "0", "0", "3"]),
            ),
            ("二、上年结转政府信息公开申请数量", "&nbsp;&nbsp;".join(["0"] * 7)),
        ]
    )
    page = (
        f"<html><head><title>某县2024年政府信息公开工作年度报告</title></head><body>"
        f"<p>某县2024年政府信息公开工作年度报告</p><p>三、收到和处理政府信息公开申请情况</p>{rows}"
        f"<p>五、存在的主要问题及改进情况</p><p>无。</p></body></html>"
    ).encode()
    report = parse_bytes(page).report
    assert report["requests"]["new"]["natural_person"] == 3
    assert report["requests"]["new"]["total"] == 3
    assert report["requests"]["carried_over"]["total"] == 0


def test_table_whose_cells_became_paragraphs():
    cells = [
        "第二十条第（一）项",
        "信息内容",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "规章",
        "0",
        "0",
        "0",
        "行政规范性文件",
        "4",
        "2",
        "31",
        "第二十条第（五）项",
        "信息内容",
        "本年处理决定数量",
        "行政许可",
        "1,502",
    ]
    page = (
        "<html><body><h1>某区司法局2024年政府信息公开工作年度报告</h1><p>二、主动公开政府信息情况</p>"
        + "".join(f"<p>{c}</p>" for c in cells)
        + "<p>五、存在的主要问题及改进情况</p><p>无。</p></body></html>"
    ).encode()
    report = parse_bytes(page).report
    assert report["proactive"]["normative_documents"] == {
        "issued": 4,
        "repealed": 2,
        "in_force": 31,
    }
    assert report["proactive"]["licensing"] == {"decisions": 1502}
    assert report["agency"] == "某区司法局"


@pytest.mark.parametrize("declared", ["windows-1252", "utf-8", None])
def test_wrong_or_missing_charset_still_reads_gbk(declared):
    meta = f'<meta charset="{declared}">' if declared else ""
    page = f"<html><head>{meta}</head><body><p>淮安市政府信息公开工作年度报告</p></body></html>"
    assert "淮安市政府信息公开工作年度报告" in html.decode(page.encode("gbk"))


@pytest.mark.parametrize(
    "form",
    [
        '<form name="_newscontent_fromname">',  # VSB/博达 wraps the article in a form
        '<form method="post" action="./detail.aspx" id="form1">',  # ASP.NET wraps the whole page
    ],
)
def test_an_article_inside_a_form_is_read(fixture_bytes, form):
    page = fixture_bytes("gbk_chrome.html").decode("gb18030")
    head, body = page.split("<body", 1)
    attrs, rest = body.split(">", 1)
    inner, tail = rest.rsplit("</body>", 1)
    search = '<form action="/search"><input name="q"><button>搜索</button></form>'
    wrapped = f"{head}<body{attrs}>{search}{form}{inner}</form></body>{tail}"
    result = parse_bytes(wrapped.encode("gb18030"), url="http://example.gov.cn/2023/nb/index.html")
    assert result.report["agency"] == "淮安市淮阴区教育局"
    _check_tables(result.report)
    assert "搜索" not in "".join(result.report["sections"].values())
