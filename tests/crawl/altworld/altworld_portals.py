"""An alternative portal world, written independently of ``portalworld``: ten small portals in
the markup real CMS families render (TRS WCM, Hanweb jcms, Anhui's 政务公开 platform,
Guangdong's gkmlpt, and home-made sites), served by ``http.server`` on loopback.

Reports are inline HTML pages (the report body from ``gongkai.demo.render``; the portal's markup
around it is this module's own) or pages whose tables live in a DOCX/PDF attachment. Every list
also carries items that look like reports but are not (工作要点, 指南, 编制通知, 图解).
"""

from __future__ import annotations

import functools
import html
import json
import random
import re
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from gongkai.demo.generate import random_report
from gongkai.demo.render import render
from tests.crawl.loopback_handler import LoopbackServer, handler_for
from tests.crawl.renamed_docx import renamed_docx

Reply = tuple[int, dict[str, str], bytes]
Handler = Callable[[str, str, bytes], Reply]


@dataclass
class Report:
    agency: str
    year: int
    title: str
    url: str = ""  # the page a list links to


@dataclass
class Portal:
    pid: str
    family: str
    county: str
    host: str = "127.0.0.1"
    port: int = 0
    routes: dict[str, Handler] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    non_reports: list[str] = field(default_factory=list)  # page URLs
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    charset: str = "utf-8"  # declared in <meta> only when not utf-8, as many TRS sites do

    def page(self, path: str, body: str, *, title: str = "", head: str = "") -> None:
        charset = self.charset
        doc = (
            f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" '
            f'content="text/html; charset={charset}"><title>{html.escape(title)}</title>{head}'
            f"</head><body>{body}</body></html>"
        )
        data = doc.encode(charset)
        ctype = "text/html; charset=utf-8" if charset == "utf-8" else "text/html"
        self.routes[path] = lambda m, t, b: (200, {"Content-Type": ctype}, data)

    def raw(
        self, path: str, data: bytes, content_type: str, headers: dict[str, str] | None = None
    ) -> None:
        hdrs = {"Content-Type": content_type, **(headers or {})}
        self.routes[path] = lambda m, t, b: (200, hdrs, data)

    def serve(self, method: str, target: str, body: bytes) -> Reply:
        parts = urlsplit(target)
        keys = [target, parts.path]
        if parts.path.endswith("/"):  # a directory serves its index page
            keys += [parts.path + f"index.{ext}" for ext in ("html", "shtml", "htm")]
        for key in keys:
            if key in self.routes:
                return self.routes[key](method, target, body)
        return 404, {"Content-Type": "text/html"}, b"<html><body>404</body></html>"


# -- report documents -------------------------------------------------------------------------

_BASE_AGENCY, _BASE_YEAR = "样本县人民政府", 2022


def _report(agency: str, year: int, seed: int) -> dict[str, Any]:
    return random_report(random.Random(seed), agency=agency, year=year)


def report_article(agency: str, year: int, seed: int) -> str:
    """The article body (title, headings, tables) of an inline HTML report."""
    page = render(_report(agency, year, seed), "html", random.Random(seed)).decode("utf-8")
    m = re.search(r"<body>(.*)</body>", page, re.S)
    assert m
    return m.group(1)


@functools.cache
def _base_docx() -> bytes:
    rng = random.Random(7)
    return render(random_report(rng, agency=_BASE_AGENCY, year=_BASE_YEAR), "docx", rng)


def report_docx(agency: str, year: int) -> bytes:
    """One rendered DOCX (rendering is slow) renamed to ``agency`` and ``year`` in its XML."""
    return renamed_docx(_base_docx(), _BASE_AGENCY, _BASE_YEAR, agency, year)


def report_doc(agency: str, year: int) -> bytes:
    from pipelines.parse import soffice

    return soffice.convert(report_docx(agency, year), "docx", "doc")


def report_pdf(agency: str, year: int) -> bytes:
    from pipelines.parse import soffice

    return soffice.convert(report_docx(agency, year), "docx", "pdf")


# -- what each portal publishes ---------------------------------------------------------------


def _reports(county: str, depts: list[str], years: list[int], style: int) -> list[Report]:
    out = []
    for i, dept in enumerate(["", *depts]):
        agency = f"{county}{dept}" if dept else f"{county}人民政府"
        for year in years:
            if (style + i + year) % 5 == 4:  # the year last
                title = (
                    f"{agency}政府信息公开工作年度报告（{year}年度）"
                    if i % 2
                    else f"{agency}政府信息公开年报({year}年)"
                )
            elif (style + i + year) % 2:
                title = f"{year}年度{agency}政府信息公开工作年度报告"
            elif dept:
                title = f"{agency}{year}年政府信息公开年报"
            else:
                title = f"{county}{year}年政府信息公开工作年度报告"
            out.append(Report(agency, year, title))
    return out


def _non_reports(county: str, year: int) -> list[str]:
    return [
        f"{county}{year}年政务公开工作要点",
        f"{county}人民政府信息公开指南",
        f"关于做好{year}年度政府信息公开工作年度报告编制和发布工作的通知",
        f"图解：{county}{year - 1}年政府信息公开工作年度报告",
    ]


def _nav(links: list[tuple[str, str]]) -> str:
    return (
        '<ul class="nav">' + "".join(f'<li><a href="{u}">{t}</a></li>' for u, t in links) + "</ul>"
    )


# -- TRS WCM ----------------------------------------------------------------------------------


def build_trs(p: Portal, variant: int) -> None:
    col = {1: "/zwgk/xxgkzl/xxgknb/", 2: "/xxgk/zfxxgknb/", 3: "/xxgk/ndbg/"}[variant]
    ext = {1: "html", 2: "shtml", 3: "htm"}[variant]
    if variant == 3:
        p.charset = "gbk"
    p.page(
        "/", _nav([("/", "首页"), ("/zwgk/", "政务公开"), ("/hdjl/", "互动交流")]), title=p.county
    )
    column = col if variant == 2 else f"{col}index.{ext}"
    p.page(
        "/zwgk/",
        _nav(
            [
                ("/zwgk/xxgkzn/", "政府信息公开指南"),
                (column, "政府信息公开年报"),
                ("/zwgk/fdzdgknr/", "法定主动公开内容"),
            ]
        ),
        title="政务公开",
    )
    p.reports = _reports(p.county, ["发展和改革局", "教育局"], [2021, 2022, 2023, 2024], variant)
    rows: list[str] = []
    docs: list[str] = []
    for i, r in enumerate(p.reports):
        month = f"{r.year + 1}0{1 + i % 3}"
        docid = 500000 + 37 * i + variant
        rel = f"{month}/t{month}{10 + i:02d}_{docid}.{ext}"
        path = f"{col}{rel}"
        r.url = p.base + path
        href = (
            [f"./{rel}", f"{p.base}{path}", "../../" + path.split("/", 2)[2]][i % 3]
            if variant == 1
            else [f"./{rel}", path][i % 2]
        )
        docs.append((path, r, i))
        shown = r.title if len(r.title) < 22 else r.title[:20] + "…"
        if variant == 1:
            rows.append(
                f'<li><a href="{href}" target="_blank" title="{r.title}">{shown}</a>'
                f"<span>{r.year + 1}-01-{10 + i:02d}</span></li>"
            )
        elif variant == 2:
            rows.append(
                f'<tr><td class="bt"><a href="{href}" target="_blank" title="{r.title}">{shown}</a>'
                f"</td><td>{r.year + 1}-01-{10 + i:02d}</td></tr>"
            )
        else:
            rows.append(
                f'<tr><td><span class="dot"></span><a href="{href}" target="_blank">{r.title}</a></td>'
                f'<td class="date">{r.year + 1}-01-{10 + i:02d}</td></tr>'
            )
    for j, t in enumerate(_non_reports(p.county, 2024)):
        path = f"{col}202402/t202402{j + 1:02d}_{900 + j}.{ext}"
        p.non_reports.append(p.base + path)
        p.page(path, f'<div class="article"><h1>{t}</h1><p>{t}。</p></div>', title=t)
        row = f'<a href=".{path[len(col) - 1 :]}" title="{t}">{t}</a>'
        rows.insert(
            3 * j + 1,
            f"<li>{row}<span>2024-02-0{j + 1}</span></li>"
            if variant == 1
            else f"<tr><td>{row}</td><td>2024-02-0{j + 1}</td></tr>",
        )
    per = 4
    chunks = [rows[k : k + per] for k in range(0, len(rows), per)]
    n = len(chunks)
    for k, chunk in enumerate(chunks):
        name = "index" if k == 0 else f"index_{k}"
        if variant == 1:
            script = f'createPageHTML({n}, {k}, "index", "{ext}");'
            items = f'<ul class="list">{"".join(chunk)}</ul>'
        elif variant == 2:
            script = (
                f"var currentPage = {k};//所在页从0开始\nvar countPage = {n}//共多少页\n"
                f"createPageHTML('page_div',countPage, currentPage,'index','{ext}',{len(rows)});"
            )
            items = f'<table class="list">{"".join(chunk)}</table>'
        else:
            script = (
                f'var countPage="{n}";</script><script>'
                f"createPageHTML('page_div',countPage,{k},'index','{ext}',{len(rows)});"
            )
            items = f'<table width="100%" cellpadding="0">{"".join(chunk)}</table>'
        p.page(
            f"{col}{name}.{ext}",
            f'<div class="pos">当前位置：<a href="/">首页</a> &gt; 政府信息公开年报</div>'
            f'{items}<div id="page_div"></div><script>{script}</script>',
            title="政府信息公开年报",
        )
    for path, r, i in docs:
        d = path.rsplit("/", 1)[0]
        if variant == 3 and i % 5 == 1:
            kind = "wps" if i % 2 else "pdf"
            fname = f"P0{r.year + 1}0120{i:04d}{variant}.{kind}"
            data = report_docx(r.agency, r.year) if kind == "wps" else report_pdf(r.agency, r.year)
            p.raw(f"{d}/{fname}", data, "application/octet-stream")
            body = (
                f'<div class="TRS_Editor"><p>{r.title}见附件。</p></div><div class="fj">附件：'
                f'<a href="./{fname}" OLDSRC="/protect/{fname}" OLDID="{8000 + i}">{fname}</a></div>'
            )
        elif i % 4 == 3:
            kind = "doc" if (variant, i) == (1, 3) else "docx"
            fname = f"P0{r.year + 1}0120{i:04d}{variant}.{kind}"
            data = report_doc(r.agency, r.year) if kind == "doc" else report_docx(r.agency, r.year)
            p.raw(f"{d}/{fname}", data, "application/msword")
            body = (
                f'<div class="TRS_Editor"><p>现将{r.title}予以公布。</p></div>'
                f'<div class="appendix"><span>附件：</span><a href="./{fname}" OLDSRC="/protect/{fname}" '
                f'OLDID="{7000 + i}">{r.title}.docx</a></div>'
            )
        else:
            body = f'<div class="TRS_Editor"><div class="Custom_UnionStyle">{report_article(r.agency, r.year, i)}</div></div>'
            if i == 0:  # a spreadsheet beside the inline report
                xls = f"W0{r.year + 1}0120{i:04d}{variant}.xls"
                p.raw(
                    f"{d}/{xls}",
                    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504,
                    "application/vnd.ms-excel",
                )
                body += f'<div class="appendix">附件：<a href="./{xls}" OLDSRC="/protect/{xls}">附件2.xls</a></div>'
        p.page(
            path,
            f'<div class="pos">当前位置：首页 &gt; 政务公开</div><div class="detail">'
            f'<div class="title">{r.title}</div><div class="info">发布日期：{r.year + 1}-01-20</div>'
            f"{body}</div>",
            title=f"{r.title}_{p.county}人民政府",
            head="" if variant == 3 else f'<meta name="ArticleTitle" content="{r.title}">',
        )


# -- Hanweb jcms -------------------------------------------------------------------------------


def build_hanweb(p: Portal, variant: int) -> None:
    colid, unitid, webid = 1229000000 + variant, 7240000 + variant, 3085 + variant
    col = f"/col/col{colid}/index.html"
    if variant == 1:
        p.page("/", _nav([("/", "首页"), ("/col/col1/index.html", "政府信息公开")]), title=p.county)
        p.page(
            "/col/col1/index.html",
            _nav([("/col/col2/index.html", "政府信息公开制度"), (col, "政府信息公开年报")]),
            title="政府信息公开",
        )
    else:
        p.page(
            "/",
            '<div class="banner"><a href="/col/col1/index.html"><img src="/img/xxgk.png" alt="信息公开"></a></div>'
            + _nav([("/", "首页")]),
            title=p.county,
        )
        p.page(
            "/col/col1/index.html",
            _nav([(col, "年度报告"), ("/col/col3/index.html", "依申请公开")]),
            title="信息公开",
        )
    p.reports = _reports(
        p.county, ["卫生健康局", "财政局", "市场监督管理局"], [2022, 2023, 2024], variant
    )
    records: list[str] = []
    for i, r in enumerate(p.reports):
        path = f"/art/{r.year + 1}/1/{10 + i}/art_{colid}_{59000000 + i}.html"
        r.url = p.base + path
        a = f'<a href="{path}" title="{r.title}" target="_blank">{r.title}</a>'
        if variant == 3 and i % 2:  # truncated, no title attribute
            a = f'<a href="{path}" target="_blank">{r.title[:16]}...</a>'
        records.append(
            [
                f"<li>{a}<span>{r.year + 1}-01-{10 + i:02d}</span></li>",
                f"<tr><td>{a}</td><td>{r.year + 1}-01-{10 + i:02d}</td></tr>",
                f'<div class="default_pgContainer_item">{a}<b>[{r.year + 1}-01-{10 + i:02d}]</b></div>',
            ][(i + variant) % 3]
        )
        if i % 3 == 1:
            fname = f"2501{i:02d}{variant}abc.pdf" if i % 2 else f"2501{i:02d}{variant}abc.docx"
            data = (
                report_pdf(r.agency, r.year)
                if (i == 1 and variant == 1)
                else report_docx(r.agency, r.year)
            )
            disp = (
                f"attachment; filename={r.title}{fname[-5:] if fname.endswith('docx') else '.pdf'}"
            )
            disp = disp.encode("gbk").decode("latin-1")
            p.routes[f"/module/download/downfile.jsp?classid=0&filename={fname}"] = (
                lambda m, t, b, data=data, disp=disp: (
                    200,
                    {"Content-Type": "text/html;charset=UTF-8", "Content-Disposition": disp},
                    data,
                )
            )
            body = (
                f'<p>{r.title}全文见附件。</p><p>附件：<a href="/module/download/downfile.jsp?classid=0&amp;'
                f'filename={fname}">{"附件下载" if i % 2 else r.title + ".docx"}</a></p>'
            )
        else:
            body = report_article(r.agency, r.year, 100 + i)
        p.page(
            path,
            f'<div class="main"><table><tr><td class="title">{r.title}</td></tr>'
            f'<tr><td>发布日期：{r.year + 1}-01-20</td></tr><tr><td id="zoom">{body}</td></tr></table></div>',
            title=r.title,
        )
    for j, t in enumerate(_non_reports(p.county, 2024)):
        path = f"/art/2024/2/{j + 1}/art_{colid}_{58000000 + j}.html"
        p.non_reports.append(p.base + path)
        p.page(path, f"<h1>{t}</h1><p>{t}</p>", title=t)
        shown = f"{t[:18]}..." if variant == 3 else t  # cut before 工作要点 / 编制 / 指南 …
        records.insert(
            2 * j + 1,
            f'<li><a href="{path}"{"" if variant == 3 else f" title={t!r}"}>{shown}</a></li>',
        )
    per, inline = 5, 5
    total = len(records)
    proxy_q = (
        f"appid=1&webid={webid}&path=/&columnid={colid}&unitid={unitid}&webname={p.county}"
        f"&permissiontype=0"
    )

    def datastore(recs: list[str], nextgroup: bool) -> str:
        ng = (
            f'<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&{proxy_q}"></a>]]></nextgroup>'
            if nextgroup
            else ""
        )
        return (
            f"<datastore>{ng}<recordset>"
            + "".join(f"<record><![CDATA[\n{x}\n]]></record>" for x in recs)
            + "</recordset></datastore>"
        )

    script = (
        f'<script type="text/xml">{datastore(records[:inline], True)}</script>'
        f"<script>$(document).ready(function(){{ $('#{unitid}').jpage({{dataStore: dataStore, "
        f"totalRecord: {total}, perPage: {per}, proxyUrl: '/module/web/jpage/dataproxy.jsp', "
        f"groupSize: 3, barPosition: 'bottom'}}); }});</script>"
    )
    if variant == 2:
        script = (
            f'<script type="text/xml">{datastore(records[:inline], True)}</script>'
            f'<script language="javascript">var totalRecord = {total};var perPage = {per};</script>'
        )
    elif variant == 3:  # the form only in the script that starts the pager
        script = (
            f'<script type="text/xml">{datastore(records[:inline], False)}</script>'
            f"<script>var jpageParams = {{col: 1, appid: 1, webid: '{webid}', path: '/', columnid: '{colid}',"
            f" sourceContentType: 1, unitid: '{unitid}', webname: '{p.county}', permissiontype: 0}};"
            f"$('#{unitid}').jpage({{dataStore: dataStore, totalRecord: {total}, perPage: {per},"
            f" proxyUrl: '/module/web/jpage/dataproxy.jsp', params: jpageParams}});</script>"
        )
    p.page(
        col,
        f'<div class="pos">政府信息公开年报</div><div id="{unitid}"></div>{script}',
        title="政府信息公开年报",
    )

    def proxy(method: str, target: str, body: bytes) -> Reply:
        q = {k: v[0] for k, v in parse_qs(urlsplit(target).query).items()}
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()}
        if (
            method != "POST"
            or form.get("columnid") != str(colid)
            or form.get("unitid") != str(unitid)
            or form.get("webid") != str(webid)
            or (variant > 1 and form.get("col") != "1")
        ):
            return (
                200,
                {"Content-Type": "text/html"},
                b"<datastore><recordset></recordset></datastore>",
            )
        start, end = int(q.get("startrecord", 1)), int(q.get("endrecord", per))
        out = f'<?xml version="1.0" encoding="UTF-8"?>{datastore(records[start - 1 : end], False)}'
        return 200, {"Content-Type": "text/xml;charset=UTF-8"}, out.encode("utf-8")

    p.routes["/module/web/jpage/dataproxy.jsp"] = proxy


# -- Anhui 政务公开 platform ---------------------------------------------------------------------


def build_anhui(p: Portal, variant: int) -> None:
    site, cat = 6595000 + variant, 7035000 + variant
    column = f"/public/column/{site}?type=4&action=list&nav=3&catId={cat}"
    p.page(
        "/", _nav([("/", "首页"), (f"/public/column/{site}?type=2", "政务公开")]), title=p.county
    )
    p.page(
        f"/public/column/{site}",
        _nav(
            [
                (f"/public/column/{site}?type=4&action=list&nav=3&catId=1", "政府信息公开指南"),
                (column, "政府信息公开年报"),
            ]
        ),
        title="政务公开",
    )
    p.reports = _reports(
        p.county, ["住房和城乡建设局", "农业农村局"], [2021, 2022, 2023, 2024], variant
    )
    rows = []
    for i, r in enumerate(p.reports):
        path = f"/public/{site}/{8899000 + i}.html"
        r.url = p.base + path
        rows.append(
            f'<li class="clearfix"><a href="{p.base}{path}" class="title" title="{r.title}">{r.title}</a>'
            f'<span class="date">{r.year + 1}-01-{10 + i:02d}</span></li>'
        )
        if i % 4 == 2:
            fname = f"/group1/M00/00/{i:02d}/wKgBZ2{i}abc.docx"
            p.raw(
                fname,
                report_docx(r.agency, r.year),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            )
            body = f'<p>{r.title}。</p><p>附件：<a href="{fname}" target="_blank">{r.title}.docx</a></p>'
        else:
            body = report_article(r.agency, r.year, 200 + i)
        container = (
            '<div class="j-fontContent newscontnet minh500">'
            if variant == 1
            else '<div class="gzk-article" id="zoom">'
        )
        p.page(
            path,
            f'<div class="wzy_position">当前位置：政务公开</div><table class="table_suoyin"><tr><th>'
            f'名称：</th><td>{r.title}</td></tr></table><h1 class="newstitle">{r.title}</h1>'
            f"{container}{body}</div>",
            title=r.title,
        )
    for j, t in enumerate(_non_reports(p.county, 2024)):
        path = f"/public/{site}/{8898000 + j}.html"
        p.non_reports.append(p.base + path)
        p.page(path, f"<h1>{t}</h1><p>{t}</p>", title=t)
        # variant 1: the second page holds nothing but non-reports
        rows.insert(
            4 + j if variant == 1 else 3 * j,
            f'<li><a href="{p.base}{path}" title="{t}">{t}</a></li>',
        )
    per = 4 if variant == 1 else 5
    pages = [rows[k : k + per] for k in range(0, len(rows), per)]
    label_q = (
        f"IsAjax=1&dataType=html&labelName=publicInfoList&siteId={site}&pageSize={per}"
        f"&action=list&isDate=true&dateFormat=yyyy-MM-dd&length=50&organId={site}&type=4&catId={cat}"
    )
    if variant == 1:
        shell = (
            f'<div id="xxgk_lmcon"></div><script>$(function(){{ $.ajax({{ url: "/site/label/8888", type: "get",'
            f' data: {{ IsAjax: 1, dataType: "html", labelName: "publicInfoList", siteId: "{site}",'
            f' pageSize: {per}, pageIndex: 1, action: "list", organId: "{site}", type: 4, catId: "{cat}" }},'
            f' success: function(d){{ $("#xxgk_lmcon").html(d); }} }}); }});</script>'
        )
    else:
        shell = f'<div id="xxgk_lmcon" data-url="/site/label/8888?{html.escape(label_q)}"></div><script src="/js/list.js"></script>'
    p.page(
        f"/public/column/{site}?type=4&action=list&nav=3&catId={cat}",
        shell,
        title="政府信息公开年报",
    )

    def label(method: str, target: str, body: bytes) -> Reply:
        q = {k: v[0] for k, v in parse_qs(urlsplit(target).query).items()}
        if q.get("labelName") != "publicInfoList" or q.get("catId") != str(cat):
            return 200, {"Content-Type": "text/html"}, "<p>参数错误</p>".encode()
        n = int(q.get("pageIndex", 1))
        chunk = pages[n - 1] if 1 <= n <= len(pages) else []
        pager = (
            f'<div class="pagination">共<span>{len(pages)}</span>页 <a href="javascript:;">下一页</a></div>'
            if variant == 1
            else f'<div id="page_public_info"></div><script>$("#page_public_info").pagination({{pageCount: {len(pages)},'
            f" current: {n}}});</script>"
        )
        out = f'<ul class="clearfix xxgk_nav_list">{"".join(chunk)}</ul>{pager}'
        return 200, {"Content-Type": "text/html;charset=UTF-8"}, out.encode("utf-8")

    p.routes["/site/label/8888"] = label


# -- Guangdong gkmlpt --------------------------------------------------------------------------


def build_gkmlpt(p: Portal, variant: int) -> None:
    sid, cat = f"7{40 + variant}", 2890 + variant
    p.reports = _reports(
        p.county, ["司法局", "人力资源和社会保障局"], [2021, 2022, 2023, 2024], variant
    )
    if variant == 1:
        p.page("/", _nav([("/", "首页"), ("/gkmlpt/index", "政府信息公开")]), title=p.county)
        p.page(
            "/gkmlpt/index",
            f"<div id=\"app\"></div><script>window.TYPE = 'ALL'; var SID = '{sid}';</script>"
            f'<div class="menu"><a href="/gkmlpt/index#{cat - 5}">政府信息公开指南</a>'
            f'<a href="/gkmlpt/index#{cat}">政府信息公开年报</a></div>',
            title="政府信息公开目录",
        )
    else:
        p.page(
            "/",
            _nav(
                [
                    ("/", "首页"),
                    ("/gkmlpt/index", "政府信息公开目录"),
                    ("/gkmlpt/annualreport", "政府信息公开年报"),
                ]
            ),
            title=p.county,
        )
        p.page(
            "/gkmlpt/index",
            f'<div id="app"></div><script>window.SID = "{sid}"; window.TYPE = "ALL";</script>',
            title="政府信息公开目录",
        )
        p.page(
            "/gkmlpt/annualreport",
            f'<div id="app"></div><script>window.TYPE = "ANNUALREPORT";'
            f' window.SID = "{sid}";</script><script src="/gkmlpt/js/app.js"></script>',
            title="政府信息公开年报",
        )
    arts = []
    for i, r in enumerate(p.reports):
        path = f"/gkmlpt/content/1/{1200 + i}/post_{1234500 + i}.html"
        r.url = p.base + path
        art: dict[str, Any] = {
            "id": 1234500 + i,
            "title": r.title,
            "url": p.base + path,
            "attachment": [],
        }
        if variant == 1:
            art["date"] = 1705708800 + 86400 * i
        else:
            art["display_publish_time"] = 1705708800 + 86400 * i
        if i % 4 == 1:
            fpath = f"/attachment/0/{i}/{i}abc/{1234500 + i}.docx"
            p.raw(fpath, report_docx(r.agency, r.year), "application/octet-stream")
            art["attachment"] = [{"name": f"{r.title}.docx", "url": p.base + fpath}]
            body = f'<p>{r.title}</p><div class="attachment"><a href="{fpath}">{r.title}.docx</a></div>'
        else:
            body = report_article(r.agency, r.year, 300 + i)
        arts.append(art)
        p.page(
            path,
            f'<div class="header"><span class="title">{r.title}</span></div>'
            f'<div class="content" id="zoomcon">{body}</div>',
            title=r.title,
        )
    for j, t in enumerate(_non_reports(p.county, 2024)):
        path = f"/gkmlpt/content/1/1100/post_{1100000 + j}.html"
        p.non_reports.append(p.base + path)
        p.page(path, f"<h1>{t}</h1><p>{t}</p>", title=t)
        arts.insert(
            3 * j, {"id": 1100000 + j, "title": t, "url": p.base + path, "date": 1700000000}
        )
    per = 5
    classify = [
        {"id": cat - 5, "name": "政府信息公开指南", "children": []},
        {
            "id": cat - 1,
            "name": "法定主动公开内容",
            "children": [{"id": cat, "name": "政府信息公开年报", "children": []}],
        },
    ]

    def api(method: str, target: str, body: bytes) -> Reply:
        parts = urlsplit(target)
        q = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if q.get("sid") != sid:
            return 403, {"Content-Type": "application/json"}, b'{"error": "sid"}'
        which = parts.path.rsplit("/", 1)[-1]
        rows = arts if which == str(cat) else []
        n = int(q.get("page", 1))
        out = {
            "articles": rows[(n - 1) * per : n * per],
            "total": len(rows),
            "page": n,
            "classify": classify if variant == 2 else {"id": int(which) if which.isdigit() else 0},
        }
        return (
            200,
            {"Content-Type": "application/json;charset=UTF-8"},
            json.dumps(out, ensure_ascii=False).encode(),
        )

    for c in (0, cat - 5, cat - 1, cat):
        p.routes[f"/gkmlpt/api/all/{c}"] = api


# -- home-made sites ---------------------------------------------------------------------------


def build_generic(p: Portal, variant: int) -> None:
    p.reports = _reports(
        p.county, ["应急管理局", "民政局"], [2020, 2021, 2022, 2023, 2024][variant - 1 :], variant
    )
    if variant == 1:  # image link, JS-array menu, ?page=2
        p.page(
            "/",
            '<div class="top"><a href="/zwgk/index.html"><img src="/images/zwgk.png" alt="政府信息公开"></a></div>',
            title=p.county,
        )
        p.page(
            "/zwgk/index.html",
            '<ul id="menu"></ul><script>var menus = [{name: "机构概况", url: "/zwgk/jggk/"},'
            '{name: "法定主动公开内容", url: "/zwgk/fdzdgknr/"}, {name: "政府信息公开指南",'
            ' url: "/zwgk/zn/"}]; menus.forEach(function(m){ $("#menu").append("<li><a href=\'"'
            ' + m.url + "\'>" + m.name + "</a></li>"); });</script>',
            title="政府信息公开",
        )
        p.page(
            "/zwgk/fdzdgknr/",
            _nav(
                [("/zwgk/fdzdgknr/ghjh/", "规划计划"), ("/zwgk/nb/list.html", "政府信息公开年报")]
            ),
            title="法定主动公开内容",
        )
        list_path, url_of = (
            "/zwgk/nb/list.html",
            (lambda k: "/zwgk/nb/list.html" + (f"?page={k + 1}" if k else "")),
        )
    elif variant == 2:  # _2.html pages plus a <select> of pages
        p.page(
            "/",
            _nav([("/", "网站首页"), ("/zwgk/", "政务公开"), ("/bsfw/", "办事服务")]),
            title=p.county,
        )
        p.page(
            "/zwgk/",
            '<div id="sub"></div><script>var subNav = [["政府信息公开指南", "/zwgk/gkzn/"],'
            ' ["法定主动公开内容", "/zwgk/fdzdgk/"], ["依申请公开", "/zwgk/ysqgk/"]];</script>',
            title="政务公开",
        )
        p.page(
            "/zwgk/fdzdgk/",
            _nav([("/zwgk/fdzdgk/ndbg/index.html", "政府信息公开年度报告")]),
            title="法定主动公开内容",
        )
        list_path, url_of = (
            "/zwgk/fdzdgk/ndbg/index.html",
            (lambda k: "/zwgk/fdzdgk/ndbg/index" + (f"_{k + 1}" if k else "") + ".html"),
        )
    else:  # index_2.shtml
        p.page("/", _nav([("/", "首页"), ("/xxgk/index.shtml", "信息公开")]), title=p.county)
        p.page(
            "/xxgk/index.shtml",
            _nav([("/xxgk/fdzdgknr/index.shtml", "法定主动公开内容")]),
            title="信息公开",
        )
        p.page(
            "/xxgk/fdzdgknr/index.shtml",
            _nav([("/xxgk/gknb/index.shtml", "年报")]),
            title="法定主动公开内容",
        )
        list_path, url_of = (
            "/xxgk/gknb/index.shtml",
            (lambda k: "/xxgk/gknb/index" + (f"_{k + 1}" if k else "") + ".shtml"),
        )
    items = []
    for i, r in enumerate(p.reports):
        path = f"/zwgk/content/{r.year + 1}/{i}_{variant}.html"
        r.url = p.base + path
        items.append(
            f'<li><a href="{path}">{r.title}</a><em>{r.year + 1}-02-0{1 + i % 9}</em></li>'
        )
        p.page(
            path,
            f'<div class="crumb">首页 &gt; 政府信息公开年报</div><div class="art">'
            f"{report_article(r.agency, r.year, 400 + 17 * variant + i)}</div>",
            title=r.title,
        )
    for j, t in enumerate(_non_reports(p.county, 2024)):
        path = f"/zwgk/content/2024/n{j}_{variant}.html"
        p.non_reports.append(p.base + path)
        p.page(path, f"<h1>{t}</h1><p>{t}</p>", title=t)
        items.insert(2 * j, f'<li><a href="{path}">{t}</a></li>')
    per = 4
    chunks = [items[k : k + per] for k in range(0, len(items), per)]
    n = len(chunks)
    for k, chunk in enumerate(chunks):
        pager = [f'<a href="{url_of(0)}">首页</a>']
        if k:
            pager.append(f'<a href="{url_of(k - 1)}">上一页</a>')
        if variant == 2:
            opts = "".join(
                f'<option value="{url_of(x)}"{" selected" if x == k else ""}>{x + 1}</option>'
                for x in range(n)
            )
            pager.append(f'<select onchange="window.location.href=this.value">{opts}</select>')
        elif k + 1 < n:
            pager.append(f'<a href="{url_of(k + 1)}">下一页</a>')
        pager.append(f'<a href="{url_of(n - 1)}">尾页</a>')
        target = url_of(k)
        body = f'<ul class="news">{"".join(chunk)}</ul><div class="page">{" ".join(pager)}</div>'
        page_html = (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>年报</title></head>'
            f"<body>{body}</body></html>"
        ).encode()
        p.routes[target] = lambda m, t, b, d=page_html: (
            200,
            {"Content-Type": "text/html; charset=utf-8"},
            d,
        )
    assert list_path in p.routes


# -- the world -------------------------------------------------------------------------------

SPECS = [
    ("alt-trs1", "trs", "东阳县", build_trs, 1),
    ("alt-trs2", "trs", "西川县", build_trs, 2),
    ("alt-trs3", "trs", "南岳县", build_trs, 3),
    ("alt-hw1", "hanweb", "南溪县", build_hanweb, 1),
    ("alt-hw2", "hanweb", "北岭县", build_hanweb, 2),
    ("alt-hw3", "hanweb", "东江县", build_hanweb, 3),
    ("alt-ah1", "anhui_public", "青阳县", build_anhui, 1),
    ("alt-ah2", "anhui_public", "白湖县", build_anhui, 2),
    ("alt-gd1", "gkmlpt", "红岗区", build_gkmlpt, 1),
    ("alt-gd2", "gkmlpt", "金沙区", build_gkmlpt, 2),
    ("alt-g1", "generic", "石门县", build_generic, 1),
    ("alt-g2", "generic", "云台县", build_generic, 2),
    ("alt-g3", "generic", "松江县", build_generic, 3),
]


def _bind_host(i: int) -> str:
    host = f"127.0.0.{60 + i}"
    try:
        with socket.socket() as s:
            s.bind((host, 0))
        return host
    except OSError:
        return "127.0.0.1"


def start() -> list[Portal]:
    """Bind every portal (its own loopback address where possible), build it, serve it."""
    portals = []
    for i, (pid, family, county, build, variant) in enumerate(SPECS):
        p = Portal(pid, family, county, host=_bind_host(i))
        p.routes["/robots.txt"] = lambda m, t, b: (
            200,
            {"Content-Type": "text/plain"},
            b"User-agent: *\nDisallow:\n",
        )
        server = LoopbackServer((p.host, 0), handler_for(p.serve))
        p.port = server.server_address[1]
        p.server = server
        build(p, variant)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        portals.append(p)
    return portals


def stop(portals: list[Portal]) -> None:
    for p in portals:
        if p.server is not None:
            p.server.shutdown()
            p.server.server_close()


def registry(portals: list[Portal], *, family: str | None = None) -> str:
    out = ""
    for p in portals:
        out += (
            f'[[portal]]\nid = "{p.pid}"\nagency = "{p.county}人民政府"\nregion_code = "341524"\n'
            f'family = "{family or p.family}"\nstart_urls = ["{p.base}/"]\n\n'
        )
    return out
