"""Small hand-written portals for the crawler tests, one per CMS family plus awkward cases,
each served by its own loopback HTTP server that logs what was asked of it."""

from __future__ import annotations

import functools
import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from gongkai.demo.generate import random_report
from gongkai.demo.render import render
from tests.crawl.loopback_handler import LoopbackServer, handler_for
from tests.crawl.renamed_docx import renamed_docx

Handler = Callable[[str, str, bytes], tuple[int, dict[str, str], bytes]]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class Site:
    """Static pages by path (with query) plus dynamic handlers by path prefix."""

    pages: dict[str, tuple[int, dict[str, str], bytes]] = field(default_factory=dict)
    dynamic: dict[str, Handler] = field(default_factory=dict)
    log: list[tuple[str, str]] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def html(
        self,
        path: str,
        body: str,
        *,
        title: str = "",
        status: int = 200,
        encoding: str = "utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        page = (
            f'<!DOCTYPE html><html><head><meta charset="{encoding}"><title>{title}</title></head>'
            f"<body>{body}</body></html>"
        )
        self.pages[path] = (
            status,
            {"Content-Type": f"text/html; charset={encoding}", **(headers or {})},
            page.encode(encoding),
        )

    def raw(
        self, path: str, data: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        self.pages[path] = (200, {"Content-Type": content_type, **(headers or {})}, data)

    def respond(self, method: str, target: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        self.log.append((method, target))
        if target in self.pages:
            return self.pages[target]
        path = urlsplit(target).path
        for prefix, handler in self.dynamic.items():
            if path.startswith(prefix):
                return handler(method, target, body)
        if path in self.pages:
            return self.pages[path]
        if path == "/robots.txt":
            return 404, {"Content-Type": "text/plain"}, b"not found"
        return 404, {"Content-Type": "text/html"}, b"<html><body>404</body></html>"

    def paths(self) -> list[str]:
        return [t for _, t in self.log]


def start(site: Site) -> Site:
    site.server = LoopbackServer(("127.0.0.1", 0), handler_for(site.respond))
    threading.Thread(
        target=site.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    ).start()
    return site


_BASE_AGENCY, _BASE_YEAR = "基准县人民政府", 2019


@functools.cache
def _base_docx() -> bytes:
    rng = random.Random(0)
    return render(random_report(rng, agency=_BASE_AGENCY, year=_BASE_YEAR), "docx", rng)


def report_docx(agency: str, year: int, seed: int) -> bytes:
    """A DOCX report for ``agency`` and ``year``: one rendered report (rendering is slow),
    renamed inside its XML."""
    return renamed_docx(_base_docx(), _BASE_AGENCY, _BASE_YEAR, agency, year)


def title(agency: str, year: int) -> str:
    return f"{agency}{year}年政府信息公开工作年度报告"


def detail_with_attachment(
    site: Site,
    path: str,
    agency: str,
    year: int,
    seed: int,
    att_href: str,
    att_path: str,
    *,
    att_headers: dict[str, str] | None = None,
    att_type: str = DOCX,
) -> None:
    """A report page whose tables live in a DOCX attachment."""
    t = title(agency, year)
    site.html(
        path,
        f"""<div class="hd"><a href="/">首页</a> &gt; 政府信息公开年报</div>
<h1>{t}</h1><p>发布日期：{year + 1}-01-20</p><p>现将{t}予以公布。</p>
<p>附件：<a href="{att_href}">{t}.docx</a></p>
<p><a href="/zwgk/guide.pdf">政府信息公开指南</a></p>""",
        title=t,
    )
    site.raw(att_path, report_docx(agency, year, seed), att_type, att_headers)


# -- the families ---------------------------------------------------------------------------


def generic_site() -> tuple[Site, list[tuple[str, int]]]:
    s = Site()
    agency = "甲县人民政府"
    truth = [(agency, 2023), (agency, 2022), ("甲县民政局", 2023)]
    s.pages["/robots.txt"] = (
        200,
        {"Content-Type": "text/plain"},
        b"User-agent: *\nDisallow: /internal/\n",
    )
    s.html(
        "/",
        '<ul><li><a href="/news/">新闻中心</a></li><li><a href="/zwgk/index.html">政务公开</a></li></ul>',
        title="甲县人民政府",
    )
    s.html(
        "/zwgk/index.html",
        """<ul><li><a href="/zwgk/guide.html">政府信息公开指南</a></li>
<li><a href="/zwgk/nb/">政府信息公开年报</a></li><li><a href="/internal/nb/">信息公开年报</a></li></ul>""",
        title="政府信息公开",
    )
    s.html(
        "/zwgk/nb/",
        f"""<ul class="x">
<li><a href="/zwgk/nb/2024/a1.html">{title(agency, 2023)}</a> 2024-01-20</li>
<li><a href="/zwgk/nb/2023/a2.html" title="{title(agency, 2022)}">{title(agency, 2022)[:12]}…</a></li>
<li><a href="/zwgk/nb/2024/x.html">关于报送2023年政府信息公开工作年度报告的通知</a></li>
</ul><div class="page"><a href="/zwgk/nb/">1</a> <a href="/zwgk/nb/list_2.html">2</a> <a href="/zwgk/nb/list_2.html">下一页</a></div>""",
        title="年报",
    )
    s.html(
        "/zwgk/nb/list_2.html",
        f"""<ul>
<li><a href="/zwgk/nb/2024/b1.html">{title("甲县民政局", 2023)}</a></li>
<li><a href="/zwgk/nb/2024/b2.html">2024年政务公开工作要点</a></li>
<li><a href="http://127.0.0.1:9/zwgk/offsite.html">{title("外县人民政府", 2023)}</a></li></ul>""",
    )
    detail_with_attachment(
        s, "/zwgk/nb/2024/a1.html", agency, 2023, 1, "files/a1.docx", "/zwgk/nb/2024/files/a1.docx"
    )
    detail_with_attachment(
        s, "/zwgk/nb/2023/a2.html", agency, 2022, 2, "/up/a2.docx", "/up/a2.docx"
    )
    detail_with_attachment(
        s, "/zwgk/nb/2024/b1.html", "甲县民政局", 2023, 3, "b1.docx", "/zwgk/nb/2024/b1.docx"
    )
    s.html(
        "/zwgk/nb/2024/b2.html",
        "<h1>2024年政务公开工作要点</h1><p>要点。</p>",
        title="2024年政务公开工作要点",
    )
    s.html("/internal/nb/", f'<a href="/internal/r.html">{title(agency, 2021)}</a>')
    return s, truth


def trs_site() -> tuple[Site, list[tuple[str, int]]]:
    s = Site()
    a = "乙区人民政府"
    truth = [(a, 2023), (a, 2022), (a, 2021)]
    s.html("/", '<a href="/zwgk/">政府信息公开</a>', title="乙区")
    s.html(
        "/zwgk/",
        '<a href="/zwgk/xxgknb/index.html">政府信息公开年报</a><a href="/zwgk/zn/">指南</a>',
    )
    script = 'var countPage = 2;createPageHTML(countPage, 0, "index", "html");'
    s.html(
        "/zwgk/xxgknb/index.html",
        f"""<ul>
<li><a href="./202401/t20240120_1001.html">{title(a, 2023)}</a></li>
<li><a href="./202301/t20230120_1002.html">{title(a, 2022)}</a></li></ul>
<div id="page"><script>{script}</script></div>""",
    )
    s.html(
        "/zwgk/xxgknb/index_1.html",
        f"""<ul>
<li><a href="./202201/t20220120_1003.html">{title(a, 2021)}</a></li></ul>
<script>var countPage = 2;createPageHTML(countPage, 1, "index", "html");</script>""",
    )
    for year, doc_id, seed in ((2023, 1001, 11), (2022, 1002, 12), (2021, 1003, 13)):
        month = f"{year + 1}01"
        name = f"P0{year + 1}0120{doc_id}.docx"
        detail_with_attachment(
            s,
            f"/zwgk/xxgknb/{month}/t{year + 1}0120_{doc_id}.html",
            a,
            year,
            seed,
            f"./{name}",
            f"/zwgk/xxgknb/{month}/{name}",
        )
    return s, truth


def hanweb_site(variant: int = 1) -> tuple[Site, list[tuple[str, int]]]:
    """Variant 2: no record count anywhere, the form in a script object, an image link."""
    s = Site()
    a = "丙县人民政府" if variant == 1 else "丙二县人民政府"
    years = (
        [2024, 2023, 2022, 2021, 2020, 2019, 2018, 2017]
        if variant == 2
        else [2024, 2023, 2022, 2021]
    )
    truth = [(a, y) for y in years]

    def rec(y: int) -> str:
        return (
            f'<record><![CDATA[<li><a href="/art/{y + 1}/1/20/art_100_{y}.html" '
            f'title="{title(a, y)}">{title(a, y)}</a><span>{y + 1}-01-20</span></li>]]></record>'
        )

    if variant == 1:
        s.html("/", '<a href="/col/col100/index.html">年度报告</a>', title="丙县")
        s.html(
            "/col/col100/index.html",
            f"""<div id="4523"><script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&webid=7&path=/&columnid=100&unitid=4523&webname=%E4%B8%99%E5%8E%BF&permissiontype=0"></a>]]></nextgroup>
<recordset>{rec(2024)}{rec(2023)}</recordset></datastore></script>
<script>var totalRecord = 4; var perPage = 2;</script></div>""",
        )
    else:
        s.html(
            "/",
            '<a href="/col/col100/index.html"><img src="/img/nb.png" alt="政府信息公开年报"></a>',
        )
        s.html(
            "/col/col100/index.html",
            f"""<div class="lm"><script type="text/xml"><datastore>
<recordset>{rec(2024)}{rec(2023)}</recordset></datastore></script>
<script>$(function(){{ $.post("/module/web/jpage/dataproxy.jsp", {{ col: 1, webid: "7", columnid: "100",
 unitid: "4523", path: "/", permissiontype: 0 }}); }});</script></div>""",
        )

    def proxy(method: str, target: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        q = parse_qs(urlsplit(target).query)
        form = parse_qs(body.decode())
        if method != "POST" or form.get("columnid") != ["100"] or form.get("webid") != ["7"]:
            return 400, {"Content-Type": "text/html"}, b"bad form"
        start, end = int(q["startrecord"][0]), int(q["endrecord"][0])
        recs = "".join(rec(y) for y in years[start - 1 : end])
        xml = f"<datastore><recordset>{recs}</recordset></datastore>"
        return 200, {"Content-Type": "text/html; charset=utf-8"}, xml.encode()

    s.dynamic["/module/web/jpage/dataproxy.jsp"] = proxy
    for y in years:
        fname = f"{title(a, y)}.docx"
        href = f"/module/download/downfile.jsp?classid=0&filename=a{y}.docx"
        disp = 'attachment; filename="' + fname.encode("gbk").decode("latin-1") + '"'
        detail_with_attachment(
            s,
            f"/art/{y + 1}/1/20/art_100_{y}.html",
            a,
            y,
            20 + y,
            href,
            f"/module/download/downfile.jsp?classid=0&filename=a{y}.docx",
            att_headers={"Content-Disposition": disp},
            att_type="text/html",
        )
    return s, truth


def anhui_site(variant: int = 1) -> tuple[Site, list[tuple[str, int]]]:
    """Variant 2: the label call as ``$.ajax({url, data: {…}})`` and no page count."""
    s = Site()
    a = "丁县人民政府" if variant == 1 else "丁二县人民政府"
    years = [2024, 2023, 2022]
    truth = [(a, y) for y in years]
    s.html(
        "/",
        '<a href="/public/column/6596?type=4&amp;action=list&amp;catId=7001">政府信息公开年报</a>',
    )
    if variant == 1:
        s.html(
            "/public/column/6596",
            """<div id="list"></div><script>
$("#list").load("/site/label/8888?IsAjax=1&dataType=html&labelName=publicInfoList&siteId=6596&pageSize=2&pageIndex=1&catId=7001");
</script>""",
        )
    else:
        s.html(
            "/public/column/6596",
            """<div id="list"></div><script>
$.ajax({ url: '/site/label/8888', data: { labelName: 'publicInfoList', siteId: 6596, pageSize: 2,
 pageIndex: 1, catId: 7001 }, success: function (d) { $('#list').html(d); } });
</script>""",
        )

    def label(method: str, target: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        q = parse_qs(urlsplit(target).query)
        if q.get("labelName") != ["publicInfoList"] or q.get("catId") != ["7001"]:
            return 400, {"Content-Type": "text/html"}, b"bad label call"
        page = int(q["pageIndex"][0])
        chunk = years[(page - 1) * 2 : page * 2]
        items = "".join(
            f'<li><a href="/public/6596/{900 + y}.html">{title(a, y)}</a></li>' for y in chunk
        )
        pager = (
            '共2页 <a href="javascript:;">下一页</a>'
            if variant == 1
            else '<a href="javascript:;">下一页</a>'
        )
        return (
            200,
            {"Content-Type": "text/html; charset=utf-8"},
            (f'<ul>{items}</ul><div class="pagination">{pager}</div>').encode(),
        )

    s.dynamic["/site/label/"] = label
    for y in years:
        detail_with_attachment(
            s,
            f"/public/6596/{900 + y}.html",
            a,
            y,
            40 + y,
            f"/group/att/{y}.docx",
            f"/group/att/{y}.docx",
        )
    return s, truth


def gkmlpt_site() -> tuple[Site, list[tuple[str, int]]]:
    import json

    s = Site()
    a = "戊区人民政府"
    years = [2024, 2023, 2022]
    truth = [(a, y) for y in years]
    s.html("/", '<a href="/gkmlpt/index#2466">政府信息公开年度报告</a>')
    s.html(
        "/gkmlpt/index",
        "<div id='app'></div><script>window._CONFIG = {SID: '755001', title: 'x'};</script>",
    )

    def api(method: str, target: str, body: bytes) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(target)
        q = parse_qs(parts.query)
        if not parts.path.endswith("/2466") or q.get("sid") != ["755001"]:
            return 404, {"Content-Type": "application/json"}, b"{}"
        page = int(q["page"][0])
        chunk = years[(page - 1) * 2 : page * 2]
        arts = [
            {
                "id": y,
                "title": title(a, y),
                "url": f"{s.base}/gkmlpt/content/0/{y}/post_{y}.html",
                "date": f"{y + 1}-01-20",
            }
            for y in chunk
        ]
        return (
            200,
            {"Content-Type": "application/json"},
            json.dumps(
                {"articles": arts, "total": len(years), "classify": {"name": "年度报告"}}
            ).encode(),
        )

    s.dynamic["/gkmlpt/api/all/"] = api
    for y in years:
        detail_with_attachment(
            s,
            f"/gkmlpt/content/0/{y}/post_{y}.html",
            a,
            y,
            60 + y,
            f"/attachment/0/{y}.docx",
            f"/attachment/0/{y}.docx",
        )
    return s, truth


# -- awkward cases --------------------------------------------------------------------------


def challenge_site() -> Site:
    s = Site()
    s.pages["/"] = (
        521,
        {"Content-Type": "text/html", "Set-Cookie": "__jsluid_h=abc; path=/"},
        b"<html><script>document.cookie=('__jsl_clearance=1'+'');location.href=location.pathname</script></html>",
    )
    return s


def robots_site() -> Site:
    s = Site()
    s.pages["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nDisallow: /\n")
    s.html("/", '<a href="/zwgk/">政务公开</a>')
    return s


def layout_site() -> Site:
    s = Site()
    s.html("/", '<a href="/nb/">政府信息公开年报</a>')
    s.html("/nb/", "<div class='list'><p>暂无信息</p></div>")
    return s
