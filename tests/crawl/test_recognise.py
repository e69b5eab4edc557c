"""Recognising report titles, columns, attachments, document types, challenges, and the pagers
and data calls of list pages' scripts."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse

from crawler import ajax
from crawler import recognise as r
from crawler.outcome import Tally, decide
from crawler.paging import query_pages, trs_pages


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("金寨县2023年政府信息公开工作年度报告", True),
        ("2022年度政府信息公开年报", True),
        ("区民政局2021年政府信息公开工作年度报告", True),
        ("叶集区2024年度政务公开工作年度报告", True),
        ("关于报送2023年政府信息公开工作年度报告的通知", False),
        ("2024年政务公开工作要点", False),
        ("政府信息公开指南", False),
        ("《2023年政府信息公开工作年度报告》解读", False),
        ("政府信息公开年报", False),  # a column, not a report: no year
        ("市卫生健康委员会2023年度政府信息公开工作报告", True),
        ("某某镇 2023年政府信息公开工作年度报告", True),
        ("政府信息公开工作年度报告（2023年）", True),
        ("某县政府信息公开工作年度报表（2023年度）", False),
        ("某县2024年事业单位公开招聘工作人员公告", False),
        ("2024年政府工作报告", False),  # not about 信息公开
        ("某县二〇二三年政府信息公开工作年度报告", True),
        ("某局政府信息公开工作年度报告（2023年）2024-01-19", True),  # a table row: title, date
    ],
)
def test_report_titles(title: str, expected: bool) -> None:
    assert r.is_report_title(title) is expected


def test_columns_and_hubs() -> None:
    assert r.is_report_column("政府信息公开年报")
    assert r.is_report_column("年度报告")
    assert not r.is_report_column("2023年政府信息公开工作年度报告")
    assert r.is_hub("政务公开")
    assert r.is_hub("政府信息公开")
    assert not r.is_hub("政府信息公开指南")
    assert not r.is_hub("依申请公开")
    assert r.is_hub("部门信息公开")
    assert r.is_hub("乡镇（街道）公开")
    assert not r.is_report_column("二〇二三年度年报")


@pytest.mark.parametrize(
    ("url", "text", "expected"),
    [
        ("http://x/zwgk/P020240120123.pdf", "", True),
        ("http://x/module/download/downfile.jsp?classid=0&filename=abc.docx", "下载", True),
        ("http://x/download?id=3", "附件：报告", True),
        ("http://x/zwgk/t20240120_1.html", "2023年报告", False),
        ("http://x/download.jsp?fileid=123", "附件1", True),
        ("http://x/cms/getFile.do?id=9", "附件2", True),
        ("http://x/download.jsp?fileid=124", "某局2023年政府信息公开工作年度报告", True),
        ("http://x/art/2024/1/1/art_1_2.html", "某局2023年政府信息公开工作年度报告", False),
        ("http://x/file/2024/t1.html", "某局2023年政府信息公开工作年度报告", False),
    ],
)
def test_attachment_links(url: str, text: str, expected: bool) -> None:
    assert r.is_attachment_link(url, text) is expected


def test_media_type_trusts_bytes_over_content_type() -> None:
    assert r.media_type(b"%PDF-1.7 ...", content_type="text/html") == "application/pdf"
    assert (
        r.media_type(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", content_type="text/html")
        == "application/msword"
    )
    assert r.media_type(b"<html><body>x</body></html>", content_type="text/html") == "text/html"


def test_gbk_filename_sent_as_latin1_is_repaired() -> None:
    name = "2023年报告.pdf"
    latin = 'attachment; filename="' + name.encode("gbk").decode("latin-1") + '"'
    assert r.disposition_filename(latin) == name
    assert r.disposition_filename(latin.encode("latin-1")) == name
    assert (
        r.disposition_filename("attachment; filename*=UTF-8''%E6%8A%A5%E5%91%8A.docx")
        == "报告.docx"
    )


@pytest.mark.parametrize(
    ("status", "body", "cookies", "kind"),
    [
        (
            412,
            b"<html><meta content='x'><script>$_ts=window['$_ts'];</script></html>",
            [],
            "ruishu-412",
        ),
        (
            521,
            b"<script>document.cookie='__jsl_clearance=1'</script>",
            [b"__jsluid_h=1"],
            "jiasule-521",
        ),
        (200, b"<html><script>var arg1='3B';acw_sc__v2</script></html>", [], "aliyun-acw_sc__v2"),
        (
            200,
            b"<html><script>document.cookie='a=b';location.reload()</script></html>",
            [],
            "js-shell",
        ),
        (200, b"<html><script>location.href='/index.html'</script></html>", [], None),
        (200, b"<html><body><a href='/'>home</a> text</body></html>", [], None),
    ],
)
def test_challenges(status: int, body: bytes, cookies: list[bytes], kind: str | None) -> None:
    assert r.challenge(status, body, cookies) == kind


def test_outcomes() -> None:
    assert decide(Tally(network_errors=2))[0] == "unreachable"
    assert decide(Tally(robots_denied=1, robots_denied_start=1))[0] == "robots_disallowed"
    assert decide(Tally(pages_ok=3, start_ok=1, lists=1))[0] == "layout_changed"
    assert (
        decide(Tally(pages_ok=3, start_ok=1, previous_reports=4))[1]
        == "earlier runs found 4 report(s); none now"
    )
    assert decide(Tally(pages_ok=3, start_ok=1, report_pages=2)) == ("ok", None)
    blocked = Tally(challenges=[("ruishu-412", "http://x/")])
    assert decide(blocked)[0] == "blocked"


def _page(url: str, script: str) -> HtmlResponse:
    return HtmlResponse(
        url, body=f"<html><body><script>{script}</script></body></html>".encode(), encoding="utf-8"
    )


@pytest.mark.parametrize(
    ("url", "script", "expected"),
    [
        (
            "http://x/a/index.shtml",
            "var iCount = 3; var iIdx = 0; createPageHTML(iCount, iIdx, 'index', 'shtml');",
            ["index_1.shtml", "index_2.shtml"],
        ),
        (
            "http://x/a/",
            'var _nPageCount = 3;var _nCurrIndex = 0;var _sPageName = "list";var _sPageExt = "htm";'
            "createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt);",
            ["list_1.htm", "list_2.htm"],
        ),
        (
            "http://x/a/index.shtml",
            "var c = {countPage: 3, currentPage: 0, prefix: 'index'};"
            "createPageHTML(c.countPage, c.currentPage, c.prefix, c.ext);",
            ["index_1.shtml", "index_2.shtml"],
        ),
        (
            "http://x/a/index.html",
            "createPageHTML('page_div', 3, 0, 'index', 'html', 48);",
            ["index_1.html", "index_2.html"],
        ),
        ("http://x/a/index.html", "createPageHTML(1, 0, 'index', 'html');", []),
        (
            "http://x/a/index.html",
            "var countPage = 2; for (var i = 1; i < countPage; i++) "
            "document.write('<a href=\"index_' + i + '.html\">' + (i + 1) + '</a>');",
            ["index_1.html", "index_2.html"],
        ),
    ],
)
def test_trs_and_script_pagers(url: str, script: str, expected: list[str]) -> None:
    assert [u.rsplit("/", 1)[-1] for u in trs_pages(_page(url, script))] == expected


def test_data_calls_of_a_column_script() -> None:
    page = _page(
        "http://x/col/88.html",
        "$.ajax({ url: '/api/list', type: 'post', data: { channelId: 88, pageNo: 1 } });"
        "$.getJSON('/api/other?x=1', { page: 2 }, cb); $.ajax({url: '/site/label/8888'});"
        "$.getScript('/js/a.js');",
    )
    calls = ajax.endpoints(page)
    assert [(c.url, c.params, c.post, c.page_key) for c in calls] == [
        ("http://x/api/list", {"channelId": "88", "pageNo": "1"}, True, "pageNo"),
        ("http://x/api/other", {"x": "1", "page": "2"}, False, "page"),
    ]
    assert ajax.page_request_args(calls[1], 3) == ("http://x/api/other?x=1&page=3", None)


def test_pager_that_builds_a_query_url() -> None:
    page = HtmlResponse(
        "http://x/xxgk/list.jsp?cid=3",
        encoding="utf-8",
        body=(
            '<html><body><div>共3页 <a href="javascript:;" onclick="toPage(2)">下一页</a></div><script>'
            'function toPage(n){ location.href = "list.jsp?cid=3&page=" + n; }</script></body></html>'
        ).encode(),
    )
    assert [u.rsplit("/", 1)[-1] for u in query_pages(page)] == [
        "list.jsp?cid=3&page=2",
        "list.jsp?cid=3&page=3",
    ]
