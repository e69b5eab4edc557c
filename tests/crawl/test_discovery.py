"""Discovery that does not depend on a family: pagers declared only in a script, pagers one
directory down and counting backwards, the gaps of a URL series, sub-columns of a report
column, agencies under a 部门信息公开 heading, [详情] links, reports known by their body,
redirects of a site that moved; and the User-Agent sent."""

from __future__ import annotations

from pathlib import Path

from scrapy import Request
from scrapy.http import HtmlResponse

from crawler import paging, recognise, redirects
from crawler.columns import near, subcolumns
from crawler.links import anchors, directory_links
from crawler.registry import Portal

PAGES = Path(__file__).resolve().parent / "pages"


def _page(url: str, body: str, **meta: object) -> HtmlResponse:
    request = Request(url, meta=dict(meta))
    return HtmlResponse(url, body=body.encode("utf-8"), encoding="utf-8", request=request)


def _everywhere(url: str) -> bool:
    return True


def _spider(start: str = "http://www.example.gov.cn/"):
    """A generic spider built by hand (no registry file) for the portal at ``start``."""
    from crawler.outcome import Tally
    from crawler.spiders.generic import GenericSpider

    spider = GenericSpider.__new__(GenericSpider)

    spider.portal = Portal(
        "t", "某某市人民政府", "370800", "generic", (start,), ("example.gov.cn",)
    )
    spider.tally = Tally()
    spider.archive = None
    spider.pending_archive = set()
    spider.incremental = None
    spider.max_hops, spider.catalogue_hops, spider.max_list_pages, spider.max_sub = 3, 2, 200, 3
    spider.posted_pages = set()
    return spider


def test_a_saved_trs_list_paged_only_by_listmodel_asks_for_page_two() -> None:
    """The real shape: ten reports, no pager markup, no createPageHTML; recordCount, prepage
    and maxStaticIndex in a listModel({pagebar: …}) call."""
    url = "http://www.example.gov.cn/xxgk/zfxxgknb/"
    page = _page(url, (PAGES / "trs_listmodel.html").read_text("utf-8"), role="list", column="年报")
    requests = [r for r in _spider().parse_list(page) if isinstance(r, Request)]
    lists = [r.url for r in requests if r.meta.get("role") == "list"]
    details = [r for r in requests if r.meta.get("role") == "report_page"]
    assert lists == [url + "index_1.html"]  # 16 records, 10 a page: the second page only
    assert len(details) == 10


def test_declared_pages_name_and_extension_from_the_call() -> None:
    script = (
        "listModel({pagebar:{recordCount:23, prepage:10, maxStaticIndex:2, currPage:0, "
        'pageName:"index", pageExt:"shtml"}});'
    )
    page = _page("http://h/nb/index.shtml", f"<script>{script}</script>")
    assert paging.declared_pages(page) == ["http://h/nb/index_1.shtml", "http://h/nb/index_2.shtml"]
    counted = _page("http://h/nb/list.html", "<script>var countPage = 3;</script>")
    assert paging.declared_pages(counted) == ["http://h/nb/list_2.html", "http://h/nb/list_3.html"]
    assert paging.declared_pages(_page("http://h/nb/", "<script>var x = 1;</script>")) == []


def test_a_vsb_pager_one_level_down_counting_backwards() -> None:
    """list.htm is the newest page; list/4.htm … list/1.htm the older ones; from list/3.htm
    the pager links back up to ../list.htm."""
    first = _page(
        "http://h/zfxxgk/ndbg/list.htm",
        '<span class="p_no_d">1</span><a href="list/4.htm">2</a><a href="list/3.htm">3</a>'
        '<a href="list/4.htm">下页</a><a href="list/1.htm">尾页</a>',
    )
    linked, inferred = paging.next_pages(first, _everywhere)
    assert linked == [
        "http://h/zfxxgk/ndbg/list/4.htm",
        "http://h/zfxxgk/ndbg/list/3.htm",
        "http://h/zfxxgk/ndbg/list/4.htm",
        "http://h/zfxxgk/ndbg/list/1.htm",
    ]
    assert inferred == ["http://h/zfxxgk/ndbg/list/2.htm"]  # the gap between 1 and 4
    later = _page(
        "http://h/zfxxgk/ndbg/list/3.htm",
        '<a href="../list.htm">1</a><a href="4.htm">上页</a><a href="2.htm">下页</a>',
    )
    linked, _ = paging.next_pages(later, _everywhere)
    assert "http://h/zfxxgk/ndbg/list.htm" in linked
    assert "http://h/zfxxgk/ndbg/list/2.htm" in linked
    elsewhere = _page("http://h/zfxxgk/ndbg/list.htm", '<a href="/news/list/2.htm">2</a>')
    assert paging.next_pages(elsewhere, _everywhere) == ([], [])


def test_pagers_that_post_the_form() -> None:
    aspx = _page(
        "http://www.example.gov.cn/nb/list.aspx",
        '<form id="form1" method="post" action="list.aspx">'
        '<input type="hidden" name="__VIEWSTATE" value="abc">'
        '<ul><li><a href="show.aspx?id=1">某某县2024年政府信息公开工作年度报告</a></li></ul>'
        "<a href=\"javascript:__doPostBack('pager','2')\">2</a>"
        "<a href=\"javascript:__doPostBack('pager','2')\">下一页</a></form>",
        role="list",
        column="年报",
    )
    assert paging.form_pages(aspx) == [
        paging.FormPage(
            "http://www.example.gov.cn/nb/list.aspx",
            "POST",
            {"__VIEWSTATE": "abc", "__EVENTTARGET": "pager", "__EVENTARGUMENT": "2"},
        )
    ]
    spider = _spider()
    posts = [r for r in spider.parse_list(aspx) if r.method == "POST"]
    assert len(posts) == 1
    assert b"__EVENTARGUMENT=2" in posts[0].body
    assert b"__VIEWSTATE=abc" in posts[0].body
    assert not [r for r in spider.parse_list(aspx) if r.method == "POST"]  # each page once
    jsp = _page(
        "http://h/list.jsp",
        '<form name="f" action="list.jsp" method="get"><input type="hidden" name="pageNo" value="1">'
        '</form><span>共3页</span><a href="javascript:go(2)">下一页</a>'
        "<script>function go(n){document.f.pageNo.value=n;document.f.submit();}</script>",
    )
    assert [(f.url, f.method, f.fields) for f in paging.form_pages(jsp)] == [
        ("http://h/list.jsp", "GET", {"pageNo": "2"}),
        ("http://h/list.jsp", "GET", {"pageNo": "3"}),
    ]


def test_series_gaps() -> None:
    assert paging.series_gaps(["http://h/a/list_2.shtml", "http://h/a/list_5.shtml"]) == [
        "http://h/a/list_3.shtml",
        "http://h/a/list_4.shtml",
    ]
    assert paging.series_gaps(["http://h/l.php?c=5&page=2", "http://h/l.php?c=5&page=4"]) == [
        "http://h/l.php?c=5&page=3"
    ]
    # ids are not page numbers; one page is no series
    assert paging.series_gaps(["http://h/a/1754231851.htm", "http://h/a/1754231859.htm"]) == []
    assert paging.series_gaps(["http://h/a/list_2.shtml"]) == []


def test_sub_columns_by_year_kind_and_unit_near_the_column() -> None:
    here = "http://h/openness/AnnualReport/year/1/2024.html"
    links = [
        ("http://h/openness/AnnualReport/year/1/2023.html", "2023年"),
        ("http://h/openness/AnnualReport/year/17/2024.html", "县教育体育局"),
        ("http://h/openness/AnnualReport/year/31/2024.html", "旌阳镇人民政府"),
        ("http://h/c103234/list.shtml", "部门年报"),
        ("http://h/nb/xzjd/", "乡镇（街道）"),
        ("http://h/", "某某县人民政府"),  # the logo: home, not a unit of the column
        ("http://h/openness/guide.html", "政府信息公开指南"),
        ("http://h/openness/AnnualReport/show/1.html", "某某县2024年政府信息公开工作年度报告"),
        (here, "2024年"),
    ]
    got = subcolumns(links, here)
    assert [t for _, t in got] == ["2023年", "县教育体育局", "旌阳镇人民政府", "部门年报"]
    assert near("http://h/xxgk/list.shtml?code=b", "http://h/xxgk/navs.shtml?code=a")
    assert near("http://h/list.php?catid=52", "http://h/list.php?catid=51")
    assert not near("http://h/", "http://h/xxgk/navs.shtml")


def test_years_and_units_offered_by_a_select() -> None:
    from crawler.columns import select_columns

    page = _page(
        "http://h/module/xxgk/index.jsp",
        """<select onchange="location.href='xxgkAnnualReport.jsp?fbtime=' + this.value">
        <option value="">请选择年度</option><option value="2024">2024年</option>
        <option value="2023">2023年</option></select>
        <select onchange="window.open(this.value)"><option value="/nb/jyj/">县教育局</option>
        <option value="http://other.example.com/">友情链接</option></select>
        <select><option value="3">3</option></select>""",
    )
    assert select_columns(page, _everywhere) == [
        ("http://h/module/xxgk/xxgkAnnualReport.jsp?fbtime=2024", "2024年"),
        ("http://h/module/xxgk/xxgkAnnualReport.jsp?fbtime=2023", "2023年"),
        ("http://h/nb/jyj/", "县教育局"),
    ]


def test_a_unit_linked_straight_to_its_file_is_a_report_candidate() -> None:
    page = _page(
        "http://www.example.gov.cn/wzxxgknb/index.html",
        '<h3>2024年度</h3><ul><li><a href="2025/jyj.pdf">县教育局</a></li>'
        '<li><a href="2025/mzj.pdf">县民政局</a></li></ul>',
        role="list",
        column="政府信息公开年报",
    )
    requests = [r for r in _spider().parse_list(page) if isinstance(r, Request)]
    assert [(r.url.rsplit("/", 1)[-1], r.meta["role"]) for r in requests] == [
        ("jyj.pdf", "report_page"),
        ("mzj.pdf", "report_page"),
    ]


def test_links_that_say_nothing_are_named_by_their_url() -> None:
    page = _page(
        "http://www.example.gov.cn/",
        '<a href="/zfxxgk/"><img src="gk.png"></a><a href="/zfxxgk/zfxxgknb/">更多&gt;&gt;</a>'
        '<a href="/news/">&gt;&gt;</a>',
        role="other",
        hops=0,
    )
    requests = [r for r in _spider().parse_hub(page) if isinstance(r, Request)]
    got = {(r.url, r.meta["role"]) for r in requests}
    assert ("http://www.example.gov.cn/zfxxgk/zfxxgknb/", "list") in got
    assert ("http://www.example.gov.cn/zfxxgk/", "other") in got
    assert not any("/news/" in u for u, _ in got)


def test_agencies_under_a_directory_heading_and_only_there() -> None:
    page = _page(
        "http://h/public/index.html",
        '<div class="part"><h3>部门信息公开</h3><ul><li><a href="/public/81/">县政府办公室</a></li>'
        '<li><a href="/public/91/">县农业农村局</a></li></ul></div>'
        '<div class="part"><h3>乡镇信息公开</h3><ul><li><a href="/public/101/">仁里镇</a></li></ul></div>'
        '<div class="links"><h3>友情链接</h3><ul><li><a href="/x/">县教育局</a></li></ul></div>'
        '<div class="logo"><a href="/">某某县人民政府</a></div>',
    )
    assert [t for _, t in directory_links(page, _everywhere)] == [
        "县政府办公室",
        "县农业农村局",
        "仁里镇",
    ]


def test_a_details_link_takes_its_rows_title() -> None:
    page = _page(
        "http://h/list.php?catid=52",
        "<ul><li><span>2025-01-12</span><em>某某县公安局2024年政府信息公开工作年度...</em> "
        '<a href="show.php?id=7">[详情]</a></li>'
        '<li><a href="show.php?id=8">[详情]</a></li></ul>'
        '<table><tr><td>某某县财政局2024年政府信息公开工作年度报告</td><td><a href="show.php?id=9">查看</a></td></tr></table>',
    )
    got = dict(anchors(page, _everywhere))
    assert got["http://h/show.php?id=7"] == "某某县公安局2024年政府信息公开工作年度..."
    assert got["http://h/show.php?id=8"] == "[详情]"  # nothing around it
    assert got["http://h/show.php?id=9"] == "某某县财政局2024年政府信息公开工作年度报告"


def test_a_report_known_by_its_body() -> None:
    sections = (
        "一、总体情况 …… 二、主动公开政府信息情况 …… 三、收到和处理政府信息公开申请情况 …… "
        "四、政府信息公开行政复议、行政诉讼情况 …… 五、存在的主要问题及改进情况 …… 六、其他需要报告的事项"
    )
    assert recognise.is_report_body(sections)
    assert recognise.is_report_body(
        "二、主动公开政府信息情况 第二十条第（一）项 本年制发件数 三、收到和处理政府信息公开申请情况 "
        "申请人情况 商业企业 予以公开"
    )
    assert not recognise.is_report_body(
        "【政策解读】2024年政府信息公开工作年度报告已经发布。一、总体情况：主动公开、依申请公开。二、亮点工作"
    )
    assert not recognise.is_report_body(
        "一、主要举措和成效。二、存在的不足和原因。三、党政主要负责人履行推进法治建设第一责任人职责情况"
    )


def test_redirects_followed_and_not() -> None:
    c = redirects.classify
    assert (
        c("http://127.0.0.1:8/a?x=1", "http://127.0.0.2:9/a?x=1", 301, from_start=False) == "moved"
    )
    assert c("http://127.0.0.1:8/a", "http://127.0.0.1:9/a", 308, from_start=False) == "moved"
    assert c("http://127.0.0.1:8/a", "http://127.0.0.2:9/b", 301, from_start=False) == "offsite"
    assert c("http://127.0.0.1:8/a", "http://127.0.0.2:9/a", 302, from_start=False) == "offsite"
    assert (
        c("http://www.jinzhai.gov.cn/", "https://www.ahjinzhai.gov.cn/", 301, from_start=True)
        == "moved"
    )
    assert c("http://www.x.gov.cn/", "http://spam.example.com/", 301, from_start=True) == "offsite"
    assert c("http://x.gov.cn/", "http://zwgk.x.gov.cn/nb/", 302, from_start=False) == "same_site"
    assert redirects.registrable("www.szx.gov.cn") == "szx.gov.cn"


def test_the_user_agent_is_ascii_with_a_contact_url(monkeypatch) -> None:
    import importlib

    import crawler.settings as crawl_settings

    assert crawl_settings.USER_AGENT.isascii()
    assert "https://" in crawl_settings.USER_AGENT
    monkeypatch.setenv("GONGKAI_USER_AGENT", "档案 bot (+https://h.example/)")
    try:
        assert importlib.reload(crawl_settings).USER_AGENT.isascii()
    finally:
        monkeypatch.delenv("GONGKAI_USER_AGENT")
        importlib.reload(crawl_settings)
