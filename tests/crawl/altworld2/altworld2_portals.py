"""A second alternative portal world, written independently of ``portalworld`` and of the first
``altworld``: twenty-four small portals in the markup real CMS families render, served by
``http.server`` on loopback.

What it models (each portal a few of these at once):

- TRS 政府信息公开平台: a left tree of columns, lists in ``<ul><li>`` or tables, pagers written by
  ``createPageHTML`` with its arguments in variables (``_nPageCount`` …, an object's fields), a
  "更多>>" link under a column heading, GBK pages, titles only in a ``<div class=…title>``.
- Hanweb jcms: ``jpage`` columns whose records arrive inline, or only from ``dataproxy.jsp``
  called by the page's own ``$.ajax``; ``unitid``/``webid`` the proxy insists on.
- Anhui's 政务公开 platform: label endpoints returning JSON, or an HTML fragment whose URL the
  page's script concatenates from variables.
- Guangdong gkmlpt: the site id as ``SITE_ID`` / ``siteId``, the API's rows under ``data``.
- Home-made sites: lists loaded from a JSON API of their own, framesets and iframes, menus written by ``document.write`` or ``onclick``,
  政府信息公开 → 法定主动公开内容 → 政府信息公开年报, year sub-columns, ``?page=N`` and
  ``index_N.shtml`` pagers with 下一页/尾页, titles cut with …, department and township reports,
  attachments named 附件1 behind ``download.jsp?fileid=`` with GBK Content-Disposition names.

Every list also carries items that look like reports but are not (工作要点, 年度报表, 招聘公告,
解读, 编制通知); none of them may be loaded.
"""

from __future__ import annotations

import functools
import html
import io
import json
import random
import re
import socket
import threading
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

from gongkai.demo.generate import random_report
from gongkai.demo.render import render
from tests.crawl.loopback_handler import LoopbackServer, handler_for

Reply = tuple[int, dict[str, str], bytes]
Route = Callable[[str, str, bytes], Reply]


@dataclass
class Report:
    agency: str
    year: int
    title: str
    url: str = ""


@dataclass
class Site:
    pid: str
    family: str
    county: str
    host: str = "127.0.0.1"
    port: int = 0
    routes: dict[str, Route] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    non_reports: list[str] = field(default_factory=list)  # URLs of pages that must not load
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def html(
        self,
        path: str,
        body: str,
        *,
        title: str = "",
        head: str = "",
        charset: str = "utf-8",
        header_charset: bool = True,
    ) -> None:
        """A page; a GBK page declares its charset in <meta> and maybe not in the header."""
        doc = (
            f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; '
            f'charset={charset}"><title>{html.escape(title)}</title>{head}</head>'
            f"<body>{body}</body></html>"
        )
        data = doc.encode(charset, "xmlcharrefreplace")
        ctype = f"text/html; charset={charset}" if header_charset else "text/html"
        self.routes[path] = lambda m, t, b: (200, {"Content-Type": ctype}, data)

    def file(self, path: str, data: bytes, ctype: str, **headers: str) -> None:
        hdrs = {"Content-Type": ctype, **{k.replace("_", "-"): v for k, v in headers.items()}}
        self.routes[path] = lambda m, t, b: (200, hdrs, data)

    def serve(self, method: str, target: str, body: bytes) -> Reply:
        path = urlsplit(target).path
        for key in (target, path, path + "index.html" if path.endswith("/") else ""):
            if key in self.routes:
                return self.routes[key](method, target, body)
        return (
            404,
            {"Content-Type": "text/html"},
            b"<html><body><h1>404 Not Found</h1></body></html>",
        )


# -- documents ---------------------------------------------------------------------------------

_STEM_AGENCY, _STEM_YEAR = "模板县模板局", 2020


def _fields(target: str, body: bytes = b"") -> dict[str, str]:
    """A request's query fields, and its form fields over them."""
    fields = {k: v[0] for k, v in parse_qs(urlsplit(target).query).items()}
    fields.update({k: v[0] for k, v in parse_qs(body.decode()).items()})
    return fields


def article(agency: str, year: int, seed: int) -> str:
    """An inline report: the article (title, headings, the tables) of a rendered HTML report."""
    rng = random.Random(seed)
    page = render(random_report(rng, agency=agency, year=year), "html", rng).decode("utf-8")
    m = re.search(r"<body>(.*)</body>", page, re.S)
    assert m
    return m.group(1)


@functools.cache
def _stem_docx() -> bytes:
    rng = random.Random(11)
    return render(random_report(rng, agency=_STEM_AGENCY, year=_STEM_YEAR), "docx", rng)


def docx(agency: str, year: int) -> bytes:
    """A DOCX report for ``agency`` and ``year``: one rendered report, renamed in its XML."""
    src = zipfile.ZipFile(io.BytesIO(_stem_docx()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith(".xml"):
                text = data.decode("utf-8").replace(_STEM_AGENCY, agency)
                text = text.replace(f"{_STEM_YEAR + 1}年", "\x01").replace(
                    f"{_STEM_YEAR}年", f"{year}年"
                )
                data = text.replace("\x01", f"{year + 1}年").encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()


def converted(agency: str, year: int, form: str) -> bytes:
    """The DOCX report as PDF or DOC (LibreOffice)."""
    from pipelines.parse import soffice

    return soffice.convert(docx(agency, year), "docx", form)


# -- what a portal publishes -------------------------------------------------------------------

_TITLES = (
    "{a}{y}年政府信息公开工作年度报告",
    "{a}{y}年度政府信息公开工作年度报告",
    "{y}年度{a}政府信息公开工作年度报告",
    "{a}政府信息公开工作年度报告（{y}年）",
    "{a}{y}年政府信息公开年报",
    "{a}{y}年度政府信息公开工作报告",
    "{a} {y}年政府信息公开工作年度报告",
    "{a}{y}年度政务公开工作年度报告",
)


def publish(site: Site, units: list[str], years: list[int], style: int) -> list[Report]:
    """Reports of the county government and of some departments and townships."""
    out = []
    for i, unit in enumerate(units):
        agency = f"{site.county}{unit}"
        for j, year in enumerate(years):
            title = _TITLES[(style + 3 * i + j) % len(_TITLES)].format(a=agency, y=year)
            out.append(Report(agency, year, title))
    site.reports = out
    return out


def decoys(county: str, year: int) -> list[str]:
    """Titles of things that are not annual reports, near enough to tempt a recogniser."""
    return [
        f"{county}{year}年政务公开工作要点",
        f"{county}政府信息公开工作年度报表（{year - 1}年度）",
        f"{county}{year}年事业单位公开招聘工作人员公告",
        f"{county}{year - 1}年政府信息公开工作年度报告解读",
        f"关于做好{year - 1}年度政府信息公开工作年度报告编制发布工作的通知",
    ]


def decoy_page(site: Site, path: str, title: str, *, charset: str = "utf-8") -> None:
    site.non_reports.append(site.base + path)
    site.html(
        path,
        f'<div class="title">{title}</div><div class="content"><p>{title}。</p>'
        f"<p>各乡镇、各部门：现将有关事项公布如下。</p></div>",
        title=title,
        charset=charset,
    )


def shorten(title: str, n: int = 16) -> str:
    return title if len(title) <= n else title[:n] + "…"


def chunks(rows: list[Any], per: int) -> list[list[Any]]:
    return [rows[k : k + per] for k in range(0, len(rows), per)]


# -- TRS 政府信息公开平台 ------------------------------------------------------------------------


def trs_platform(s: Site) -> None:
    """A left tree of columns; the 年报 list in <ul><li> with title attributes; the pager's
    arguments in variables (``_nPageCount`` …); attachments named 附件1."""
    s.html(
        "/",
        '<div class="nav"><a href="/">首页</a><a href="/xxgk/">政府信息公开</a>'
        '<a href="/hdjl/">互动交流</a></div>',
        title=f"{s.county}人民政府",
    )
    s.html(
        "/xxgk/index.html",
        '<div class="xxgk_left"><ul class="tree">'
        '<li><a href="./xxgkzn/">政府信息公开指南</a></li><li><a href="./xxgkzd/">政府信息公开制度</a></li>'
        '<li><a href="./fdzdgknr/">法定主动公开内容</a></li><li><a href="./xxgknb/">政府信息公开年报</a></li>'
        '<li><a href="./ysqgk/">依申请公开</a></li></ul></div><div class="xxgk_right"></div>',
        title="政府信息公开",
    )
    col = "/xxgk/xxgknb/"
    reports = publish(s, ["人民政府", "教育局", "城关镇人民政府"], [2022, 2023, 2024], 0)
    rows = []
    for i, r in enumerate(reports):
        ym = f"{r.year + 1}0{1 + i % 3}"
        rel = f"{ym}/t{ym}{12 + i}_{880100 + 13 * i}.html"
        r.url = s.base + col + rel
        rows.append(
            f'<li><span class="date">{r.year + 1}-01-{12 + i}</span>'
            f'<a href="./{rel}" target="_blank" title="{r.title}">{shorten(r.title, 18)}</a></li>'
        )
        head = f'<meta name="ArticleTitle" content="{r.title}"><meta name="ColumnName" content="政府信息公开年报">'
        if i % 4 == 1:
            pdf = f"P0{ym}12{i:03d}512.pdf"
            s.file(
                col + f"{ym}/{pdf}",
                converted(r.agency, r.year, "pdf") if i == 1 else docx(r.agency, r.year),
                "application/octet-stream",
            )
            content = (
                f"<p>根据《中华人民共和国政府信息公开条例》规定，现公布{r.title}。</p>"
                f'<p class="fj">附件：<a href="./{pdf}" OLDSRC="/protect/{pdf}">附件1</a></p>'
            )
        else:
            content = article(r.agency, r.year, 1000 + i)
        s.html(
            col + rel,
            f'<div class="xxgk_detail"><table class="syh"><tr><th>索引号：</th>'
            f"<td>113415240030{i:05d}/{r.year + 1}-0{i}</td><th>发布机构：</th><td>{r.agency}</td></tr>"
            f'<tr><th>名　　称：</th><td colspan="3">{r.title}</td></tr></table>'
            f'<div class="TRS_Editor">{content}</div></div>',
            title=r.title,
            head=head,
        )
    for j, t in enumerate(decoys(s.county, 2024)):
        rel = f"202402/t2024020{j}_{770000 + j}.html"
        decoy_page(s, col + rel, t)
        rows.insert(
            2 * j + 1,
            f'<li><span class="date">2024-02-0{j + 1}</span>'
            f'<a href="./{rel}" title="{t}">{shorten(t, 18)}</a></li>',
        )
    pages = chunks(rows, 4)
    for k, chunk in enumerate(pages):
        name = "index.html" if k == 0 else f"index_{k}.html"
        pager = (
            f"var _nPageCount = {len(pages)};//总页数\nvar _nCurrIndex = {k};//当前页\n"
            'var _sPageName = "index";\nvar _sPageExt = "html";\n'
            "createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt);"
        )
        s.html(
            col + name,
            f'<div class="lmtit">政府信息公开年报</div><ul class="xxgk_list">{"".join(chunk)}</ul>'
            f'<div class="page"><script type="text/javascript">{pager}</script></div>',
            title="政府信息公开年报",
        )


def trs_gbk_table(s: Site) -> None:
    """GBK pages (charset in <meta> only); the list a table of titles cut without a title
    attribute; ``createPageHTML`` fed an object's fields (no literal extension); report titles
    only in a ``<div class="xxgk_title">`` on attachment-only pages."""
    cs = "gbk"
    s.html(
        "/",
        '<ul class="menu"><li><a href="/index.shtml">首页</a></li><li><a href="/zwgk/">政务公开</a></li>'
        "</ul>",
        title=f"{s.county}人民政府",
        charset=cs,
        header_charset=False,
    )
    s.html(
        "/zwgk/index.html",
        '<div class="box"><a href="/zwgk/fdzdgknr/">法定主动公开内容</a>'
        '<a href="/zwgk/zcjd/">政策解读</a></div>',
        title="政务公开",
        charset=cs,
        header_charset=False,
    )
    s.html(
        "/zwgk/fdzdgknr/index.html",
        '<table class="lm"><tr><td><a href="/zwgk/fdzdgknr/ghxx/">规划信息</a></td>'
        '<td><a href="/zwgk/fdzdgknr/ndbg/index.shtml">政府信息公开年度报告</a></td></tr></table>',
        title="法定主动公开内容",
        charset=cs,
        header_charset=False,
    )
    col = "/zwgk/fdzdgknr/ndbg/"
    reports = publish(s, ["人民政府", "市场监督管理局", "卫生健康委员会"], [2022, 2023], 3)
    rows = []
    for i, r in enumerate(reports):
        rel = f"{r.year + 1}02/t{r.year + 1}02{10 + i}_{3300 + i}.shtml"
        r.url = s.base + col + rel
        rows.append(
            f'<tr><td class="bt"><a href="./{rel}" target="_blank">{shorten(r.title, 15)}</a></td>'
            f'<td class="rq">{r.year + 1}-02-{10 + i}</td></tr>'
        )
        if i % 2:
            ext = "docx" if i % 4 == 1 else "doc"
            fname = f"W0{r.year + 1}02{10 + i}{i:04d}.{ext}"
            data = docx(r.agency, r.year) if ext == "docx" else converted(r.agency, r.year, "doc")
            s.file(col + f"{r.year + 1}02/{fname}", data, "application/msword")
            content = (
                f"<p>　　{r.title}全文请见附件。</p><p>相关附件：</p>"
                f'<p><a href="./{fname}">{r.agency}{r.year}年报.{ext}</a></p>'
            )
        else:
            content = article(r.agency, r.year, 1100 + i)
        s.html(
            col + rel,
            f'<div class="xxgk_title">{r.title}</div><div class="xxgk_info">'
            f'发布日期：{r.year + 1}-02-{10 + i}</div><div class="xxgk_con">{content}</div>',
            title=f"{s.county}人民政府",
            charset=cs,
            header_charset=False,
        )
    for j, t in enumerate(decoys(s.county, 2024)[:3]):
        rel = f"202403/t2024030{j}_{2200 + j}.shtml"
        decoy_page(s, col + rel, t, charset=cs)
        rows.insert(
            2 * j,
            f'<tr><td class="bt"><a href="./{rel}">{shorten(t, 15)}</a></td><td>2024-03-0{j}</td></tr>',
        )
    pages = chunks(rows, 3)
    for k, chunk in enumerate(pages):
        name = "index.shtml" if k == 0 else f"index_{k}.shtml"
        pager = (
            f"var pageConfig = {{ countPage: {len(pages)}, currentPage: {k}, prefix: 'index' }};\n"
            "createPageHTML(pageConfig.countPage, pageConfig.currentPage, pageConfig.prefix, pageConfig.ext);"
        )
        s.html(
            col + name,
            f'<table class="list" width="100%">{"".join(chunk)}</table><script>{pager}</script>',
            title="政府信息公开年度报告",
            charset=cs,
            header_charset=False,
        )


def trs_more_block(s: Site) -> None:
    """The hub shows the newest reports in a block headed 政府信息公开年报 whose column is
    reached only by its 更多>> link; the column's pager sits in a script of its own."""
    s.html("/", '<div class="top"><a href="/xxgk/index.htm">信息公开</a></div>', title=s.county)
    reports = publish(s, ["人民政府", "财政局", "东湖街道办事处"], [2022, 2023], 5)
    col = "/xxgk/gknb/"
    rows = []
    for i, r in enumerate(reports):
        rel = f"{r.year + 1}01/t{r.year + 1}01{15 + i}_{61000 + i}.htm"
        r.url = s.base + col + rel
        rows.append(
            f'<li><a href="{col}{rel}" title="{r.title}">{r.title}</a><i>{r.year + 1}-01-{15 + i}</i></li>'
        )
        if i == 2:
            fname = f"P0{r.year + 1}0115{i:05d}.wps"
            s.file(
                col + f"{r.year + 1}01/{fname}",
                converted(r.agency, r.year, "doc"),
                "application/octet-stream",
            )
            content = f'<p>附件：<a href="./{fname}">{r.title}.wps</a></p>'
        else:
            content = article(r.agency, r.year, 1200 + i)
        s.html(
            col + rel,
            f'<h2 class="tit">{r.title}</h2><div class="TRS_Editor">{content}</div>',
            title=f"{r.title} - {s.county}",
        )
    for j, t in enumerate(decoys(s.county, 2024)[1:4]):
        rel = f"202401/t202401{j}_{60000 + j}.htm"
        decoy_page(s, col + rel, t)
        rows.insert(
            3 * j + 2, f'<li><a href="{col}{rel}" title="{t}">{t}</a><i>2024-01-0{j + 1}</i></li>'
        )
    s.html(
        "/xxgk/index.htm",
        '<div class="block"><div class="block-hd"><h3>政务动态</h3>'
        '<a class="more" href="/xxgk/zwdt/">更多&gt;&gt;</a></div></div>'
        '<div class="block"><div class="block-hd"><span class="name">政府信息公开年报</span>'
        f'<a class="more" href="{col}index.htm">更多&gt;&gt;</a></div>'
        f"<ul>{''.join(rows[:2])}</ul></div>",
        title="信息公开",
    )
    pages = chunks(rows, 3)
    for k, chunk in enumerate(pages):
        name = "index.htm" if k == 0 else f"index_{k}.htm"
        s.html(
            col + name,
            f'<ul class="list">{"".join(chunk)}</ul><div id="page_div"></div>'
            f'<script>var countPage = "{len(pages)}"; var currentPage = {k};</script>'
            f"<script>createPageHTML('page_div', countPage, currentPage, 'index', 'htm', {len(rows)});</script>",
            title="政府信息公开年报",
        )


def trs_loop_pager(s: Site) -> None:
    """The pager written by a loop over ``countPage`` (no ``createPageHTML``); one report a PDF
    shown in a pdf.js viewer iframe; the title in ``<meta name="title">`` and a ``<p>``."""
    s.html(
        "/", '<div class="nav"><a href="/zfxxgk/index.html">政府信息公开</a></div>', title=s.county
    )
    s.html(
        "/zfxxgk/index.html",
        '<dl class="tree"><dt>法定主动公开内容</dt><dd><a href="/zfxxgk/nb/index.html">'
        '政府信息公开工作年度报告</a></dd><dd><a href="/zfxxgk/ghjh/index.html">规划计划</a></dd></dl>',
        title="政府信息公开",
    )
    col = "/zfxxgk/nb/"
    reports = publish(s, ["人民政府", "公安局", "长乐镇人民政府"], [2022, 2023], 2)
    rows = []
    for i, r in enumerate(reports):
        rel = f"{r.year + 1}01/t{r.year + 1}01{20 + i}_{71000 + i}.html"
        r.url = s.base + col + rel
        rows.append(
            f'<dd><a href="./{rel}" title="{r.title}">{shorten(r.title, 20)}</a><em>{r.year + 1}-01-{20 + i}</em></dd>'
        )
        if i == 1:
            pdf = f"/zfxxgk/nb/{r.year + 1}01/P0{r.year + 1}0120{i:05d}.pdf"
            s.file(pdf, docx(r.agency, r.year), "application/pdf")
            content = (
                f'<iframe src="/static/pdfjs/web/viewer.html?file={pdf}" width="100%" height="800">'
                "</iframe>"
            )
        else:
            content = article(r.agency, r.year, 1250 + i)
        s.html(
            col + rel,
            f'<p class="wztit">{r.title}</p><div class="TRS_Editor">{content}</div>',
            title=s.county,
            head=f'<meta name="title" content="{r.title}">',
        )
    for j, t in enumerate(decoys(s.county, 2024)[2:]):
        rel = f"202402/t202402{j}_{70000 + j}.html"
        decoy_page(s, col + rel, t)
        rows.insert(2 * j, f'<dd><a href="./{rel}" title="{t}">{shorten(t, 20)}</a></dd>')
    pages = chunks(rows, 3)
    for k, chunk in enumerate(pages):
        name = "index.html" if k == 0 else f"index_{k}.html"
        loop = (
            f"var countPage = {len(pages)};\nvar currentPage = {k};\n"
            "for (var i = 0; i < countPage; i++) {\n  if (i == currentPage) document.write('<span>' + (i + 1) + '</span>');\n"
            "  else if (i == 0) document.write('<a href=\"index.html\">1</a>');\n"
            "  else document.write('<a href=\"index_' + i + '.html\">' + (i + 1) + '</a>');\n}"
        )
        s.html(
            col + name,
            f'<dl class="list">{"".join(chunk)}</dl><div class="fy"><script>{loop}</script></div>',
            title="政府信息公开工作年度报告",
        )


# -- Hanweb jcms -------------------------------------------------------------------------------


def _datastore(records: list[str], nextgroup: str = "") -> str:
    ng = f"<nextgroup><![CDATA[{nextgroup}]]></nextgroup>" if nextgroup else ""
    recs = "".join(f"<record><![CDATA[\n{x}\n]]></record>\n" for x in records)
    return f"<datastore>{ng}<recordset>\n{recs}</recordset></datastore>"


def _hanweb_reports(s: Site, colid: int, units: list[str], style: int) -> list[str]:
    records = []
    for i, r in enumerate(publish(s, units, [2022, 2023], style)):
        path = f"/art/{r.year + 1}/1/{12 + i}/art_{colid}_{4410000 + i}.html"
        r.url = s.base + path
        records.append(
            f'<tr><td><a href="{path}" target="_blank" title="{r.title}">{shorten(r.title, 17)}</a></td>'
            f"<td>{r.year + 1}-01-{12 + i}</td></tr>"
            if style % 2
            else f'<li><a href="{path}" title="{r.title}" target="_blank">{r.title}</a><span>[{r.year + 1}-01-{12 + i}]</span></li>'
        )
        if i % 3 == 2:
            fileid = 9100 + i
            name = f"{r.title}.docx".encode("gbk").decode("latin-1")
            data = docx(r.agency, r.year)
            s.routes[f"/module/download/down.jsp?i_ID={fileid}&colID={colid}"] = (
                lambda m, t, b, d=data, n=name: (
                    200,
                    {
                        "Content-Type": "text/html;charset=UTF-8",
                        "Content-Disposition": f'attachment; filename="{n}"',
                    },
                    d,
                )
            )
            content = (
                f'<p>{r.title}详见附件。</p><p>附件：<a href="/module/download/down.jsp?i_ID={fileid}'
                f'&amp;colID={colid}" target="_blank">附件1</a></p>'
            )
        else:
            content = article(r.agency, r.year, 1300 + 10 * style + i)
        s.html(
            path,
            f'<div class="article"><div class="article-tit">{r.title}</div>'
            f'<div id="zoom">{content}</div></div>',
            title=r.title,
            head=f'<meta name="ArticleTitle" content="{r.title}">',
        )
    for j, t in enumerate(decoys(s.county, 2024)[:4]):
        path = f"/art/2024/3/{j + 1}/art_{colid}_{4400000 + j}.html"
        decoy_page(s, path, t)
        records.insert(
            2 * j + 1,
            f'<li><a href="{path}" title="{t}">{t}</a><span>[2024-03-0{j + 1}]</span></li>',
        )
    return records


def hanweb_inline(s: Site) -> None:
    """Records inline, the rest from ``dataproxy.jsp``; the proxy wants ``unitid``/``webid`` from
    the nextgroup URL; the column found under 信息公开 → 政府信息公开年报."""
    colid, unitid, webid = 1229107, 4893317, 31
    s.html(
        "/",
        '<div class="head"><a href="/col/col1229100/index.html">信息公开</a></div>',
        title=s.county,
    )
    s.html(
        "/col/col1229100/index.html",
        f'<div class="left"><a href="/col/col{colid}/index.html">政府信息公开年报</a>'
        '<a href="/col/col1229101/index.html">政府信息公开指南</a></div>',
        title="信息公开",
    )
    records = _hanweb_reports(s, colid, ["人民政府", "发展和改革局", "白沙镇人民政府"], 1)
    per = 4
    ng = (
        f'<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid={webid}&path=/&columnid={colid}'
        f'&unitid={unitid}&webname={quote(s.county)}&permissiontype=0"></a>'
    )
    s.html(
        f"/col/col{colid}/index.html",
        f'<div class="bt">政府信息公开年报</div><div id="{unitid}"><script type="text/xml">'
        f'{_datastore(records[:per], ng)}</script><script language="javascript" src="/module/web/jpage/jpage.js">'
        f"</script><script>$(document).ready(function(){{ $('#{unitid}').jpage({{ dataStore: dataStore, "
        f"perPage: {per}, totalRecord: {len(records)}, groupSize: 2, barPosition: 'bottom', "
        f"proxyUrl: '/module/web/jpage/dataproxy.jsp' }}); }});</script></div>",
        title="政府信息公开年报",
    )

    def proxy(method: str, target: str, body: bytes) -> Reply:
        q = _fields(target, body)
        if (
            q.get("unitid") != str(unitid)
            or q.get("webid") != str(webid)
            or q.get("columnid") != str(colid)
        ):
            return (
                200,
                {"Content-Type": "text/xml"},
                b"<datastore><recordset></recordset></datastore>",
            )
        start, end = int(q.get("startrecord", 1)), int(q.get("endrecord", per))
        return (
            200,
            {"Content-Type": "text/xml;charset=UTF-8"},
            (
                '<?xml version="1.0" encoding="UTF-8"?>' + _datastore(records[start - 1 : end])
            ).encode(),
        )

    s.routes["/module/web/jpage/dataproxy.jsp"] = proxy


def hanweb_ajax_only(s: Site) -> None:
    """No record inline: the column's script asks ``dataproxy.jsp`` by ``$.ajax`` with its
    parameters in ``data: {…}``, and fills the table itself."""
    colid, unitid, webid = 1229556, 7100213, 62
    s.html(
        "/",
        '<div class="nav"><a href="/col/col1229550/index.html">政务公开</a></div>',
        title=s.county,
    )
    s.html(
        "/col/col1229550/index.html",
        '<div class="zwgk"><a href="/col/col1229551/index.html">法定主动公开内容</a></div>',
        title="政务公开",
    )
    s.html(
        "/col/col1229551/index.html",
        f'<ul><li><a href="/col/col{colid}/index.html">年度报告</a></li>'
        '<li><a href="/col/col1229552/index.html">规划计划</a></li></ul>',
        title="法定主动公开内容",
    )
    records = _hanweb_reports(s, colid, ["人民政府", "交通运输局", "水务局"], 2)
    s.html(
        f"/col/col{colid}/index.html",
        f'<div class="list"><table id="list{unitid}"></table><div id="pager"></div></div>'
        "<script>var pageSize = 5;\nfunction loadList(start){ $.ajax({ type: 'post', "
        "url: '/module/web/jpage/dataproxy.jsp?startrecord=' + start + '&endrecord=' + (start + 14) + "
        f"'&perpage=' + pageSize, data: {{ col: 1, appid: 1, webid: {webid}, path: '/', columnid: {colid}, "
        f"sourceContentType: 1, unitid: {unitid}, webname: '{s.county}', permissiontype: 0 }}, "
        "success: function(xml){ render(xml); } }); }\nloadList(1);</script>",
        title="年度报告",
    )

    def proxy(method: str, target: str, body: bytes) -> Reply:
        q = _fields(target)
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if (
            method != "POST"
            or form.get("unitid") != str(unitid)
            or form.get("webid") != str(webid)
            or form.get("columnid") != str(colid)
        ):
            return (
                200,
                {"Content-Type": "text/xml"},
                b"<datastore><recordset></recordset></datastore>",
            )
        start, end = int(q.get("startrecord", 1)), int(q.get("endrecord", 15))
        out = f"<totalrecord>{len(records)}</totalrecord>" + _datastore(records[start - 1 : end])
        return (
            200,
            {"Content-Type": "text/xml;charset=UTF-8"},
            ('<?xml version="1.0" encoding="UTF-8"?>' + out).encode(),
        )

    s.routes["/module/web/jpage/dataproxy.jsp"] = proxy


def hanweb_old_proxy(s: Site) -> None:
    """An older jcms: the proxy at ``/module/jpage/dataproxy.jsp``, the record count only in the
    datastore (``<totalrecord>``), records in <table> rows with titles cut after the year."""
    colid, unitid, webid = 1300012, 5510021, 7
    s.html(
        "/",
        f'<table><tr><td><a href="/col/col{colid - 2}/index.html">政务公开</a></td></tr></table>',
        title=s.county,
    )
    s.html(
        f"/col/col{colid - 2}/index.html",
        f'<ul><li><a href="/col/col{colid}/index.html">政府信息公开年度报告</a></li></ul>',
        title="政务公开",
    )
    records = _hanweb_reports(s, colid, ["人民政府", "城市管理局", "崇福镇人民政府"], 3)
    per = 3
    params = f"col=1&appid=1&webid={webid}&path=/&columnid={colid}&sourceContentType=1&unitid={unitid}&webname={quote(s.county)}&permissiontype=0"
    store = (
        f"<datastore><totalrecord>{len(records)}</totalrecord><totalpage>{-(-len(records) // per)}</totalpage>"
        f'<nextgroup><![CDATA[<a href="/module/jpage/dataproxy.jsp?page=1&{params}"></a>]]></nextgroup>'
        + _datastore(records[:per])[len("<datastore>") :]
    )
    s.html(
        f"/col/col{colid}/index.html",
        f'<table width="100%"><tr><td id="{unitid}"><script type="text/xml">{store}'
        f'</script><script src="/module/jpage/jpage.js"></script></td></tr></table>',
        title="政府信息公开年度报告",
    )

    def proxy(method: str, target: str, body: bytes) -> Reply:
        q = _fields(target, body)
        if q.get("unitid") != str(unitid) or q.get("columnid") != str(colid):
            return (
                200,
                {"Content-Type": "text/xml"},
                b"<datastore><recordset></recordset></datastore>",
            )
        start, end = int(q.get("startrecord", 1)), int(q.get("endrecord", per))
        return (
            200,
            {"Content-Type": "text/xml;charset=UTF-8"},
            _datastore(records[start - 1 : end]).encode(),
        )

    s.routes["/module/jpage/dataproxy.jsp"] = proxy


def hanweb_escaped(s: Site) -> None:
    """The unit id only as the id of the element around the datastore, ``webid`` and
    ``columnid`` as script variables, and the proxy answering records HTML-escaped, not CDATA."""
    colid, unitid, webid = 1300777, 6612345, 12
    s.html(
        "/",
        '<div class="nav"><a href="/col/col1300770/index.html">政府信息公开</a></div>',
        title=s.county,
    )
    s.html(
        "/col/col1300770/index.html",
        f'<a href="/col/col{colid}/index.html">政府信息公开年报</a>',
        title="政府信息公开",
    )
    records = _hanweb_reports(s, colid, ["人民政府", "生态环境分局", "濮院镇人民政府"], 4)
    per = 4
    s.html(
        f"/col/col{colid}/index.html",
        f'<div id="{unitid}"><script type="text/xml">{_datastore(records[:per])}</script></div>'
        f'<script>var webid = "{webid}"; var columnid = "{colid}";\n'
        f"$('#{unitid}').jpage({{ dataStore: dataStore, perPage: {per}, totalRecord: {len(records)}, "
        "proxyUrl: '/module/web/jpage/dataproxy.jsp', params: { webid: webid, columnid: columnid } });</script>",
        title="政府信息公开年报",
    )

    def proxy(method: str, target: str, body: bytes) -> Reply:
        q = _fields(target, body)
        if (
            q.get("unitid") != str(unitid)
            or q.get("webid") != str(webid)
            or q.get("columnid") != str(colid)
        ):
            return (
                200,
                {"Content-Type": "text/xml"},
                b"<datastore><recordset></recordset></datastore>",
            )
        start, end = int(q.get("startrecord", 1)), int(q.get("endrecord", per))
        recs = "".join(f"<record>{html.escape(x)}</record>" for x in records[start - 1 : end])
        return (
            200,
            {"Content-Type": "text/xml;charset=UTF-8"},
            (f"<datastore><recordset>{recs}</recordset></datastore>").encode(),
        )

    s.routes["/module/web/jpage/dataproxy.jsp"] = proxy


def hanweb_pg_container(s: Site) -> None:
    """The first page rendered as plain markup (``default_pgContainer``), no datastore; the
    ``jpage`` call carries the record count and the proxy's fields."""
    colid, unitid, webid = 1301555, 4871234, 5
    s.html("/", f'<a href="/col/col{colid - 5}/index.html">信息公开</a>', title=s.county)
    s.html(
        f"/col/col{colid - 5}/index.html",
        f'<a href="/col/col{colid}/index.html">年报</a>',
        title="信息公开",
    )
    records = _hanweb_reports(s, colid, ["人民政府", "医疗保障局", "峡石街道办事处"], 5)
    per = 4
    s.html(
        f"/col/col{colid}/index.html",
        f'<div id="{unitid}"><div class="default_pgContainer"><ul>{"".join(records[:per])}</ul></div></div>'
        '<script src="/module/web/jpage/jpage.js"></script>'
        f"<script>$('#{unitid}').jpage({{ totalRecord: {len(records)}, perPage: {per}, groupSize: 3, "
        f"proxyUrl: '/module/web/jpage/dataproxy.jsp', webid: {webid}, columnid: {colid}, unitid: {unitid}, "
        "path: '/', permissiontype: 0 });</script>",
        title="年报",
    )

    def proxy(method: str, target: str, body: bytes) -> Reply:
        q = _fields(target, body)
        if q.get("unitid") != str(unitid) or q.get("webid") != str(webid):
            return (
                200,
                {"Content-Type": "text/xml"},
                b"<datastore><recordset></recordset></datastore>",
            )
        start, end = int(q.get("startrecord", 1)), int(q.get("endrecord", per))
        return (
            200,
            {"Content-Type": "text/xml;charset=UTF-8"},
            _datastore(records[start - 1 : end]).encode(),
        )

    s.routes["/module/web/jpage/dataproxy.jsp"] = proxy


# -- Anhui 政务公开 platform ---------------------------------------------------------------------


def _anhui_reports(s: Site, site_id: int, units: list[str], style: int) -> list[dict[str, str]]:
    rows = []
    for i, r in enumerate(publish(s, units, [2022, 2023, 2024], style)):
        path = f"/public/{site_id}/{9901000 + i}.html"
        r.url = s.base + path
        rows.append({"title": r.title, "link": path, "date": f"{r.year + 1}-01-{10 + i}"})
        if i % 3 == 1:
            f = f"/group1/M00/0{i}/1A/rBAQ{i}Xyz.pdf"
            s.file(f, docx(r.agency, r.year), "application/octet-stream")
            content = (
                f'<p>{r.title}</p><p>附件：<a href="{f}" target="_blank">{r.title}.pdf</a></p>'
            )
        else:
            content = article(r.agency, r.year, 1400 + 10 * style + i)
        s.html(
            path,
            f'<div class="wzcon"><h1 class="newstitle">{r.title}</h1>'
            f'<div class="j-fontContent">{content}</div></div>',
            title=r.title,
            head=f'<meta name="ArticleTitle" content="{r.title}">',
        )
    for j, t in enumerate(decoys(s.county, 2024)[:4]):
        path = f"/public/{site_id}/{9900000 + j}.html"
        decoy_page(s, path, t)
        rows.insert(3 * j, {"title": t, "link": path, "date": f"2024-03-0{j + 1}"})
    return rows


def anhui_json(s: Site) -> None:
    """The label endpoint answers JSON (``dataType: "json"``): rows with title and link, the page
    count in the body."""
    site_id, cat = 6600121, 7199001
    s.html(
        "/",
        f'<div class="nav"><a href="/public/column/{site_id}?type=2&nav=1">政务公开</a></div>',
        title=s.county,
    )
    col = f"/public/column/{site_id}?type=4&action=list&nav=3&catId={cat}"
    s.html(
        f"/public/column/{site_id}",
        f'<div class="gk-nav"><a href="{html.escape(col)}">政府信息公开年报</a>'
        f'<a href="/public/column/{site_id}?type=4&amp;catId=1">政府信息公开指南</a></div>',
        title="政务公开",
    )
    rows = _anhui_reports(s, site_id, ["人民政府", "林业局"], 0)
    per = 4
    s.routes[col] = lambda m, t, b: (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>'
            '<ul id="xxgk_list"></ul><script>$(function(){ $.ajax({ url: "/site/label/8888", dataType: "json", '
            f'data: {{ IsAjax: 1, dataType: "json", labelName: "publicInfoList", siteId: "{site_id}", pageSize: {per}, '
            f'pageIndex: 1, action: "list", catId: "{cat}", organId: "{site_id}" }}, success: function(d){{ '
            "$.each(d.data.list, function(i, x){ $('#xxgk_list').append('<li><a href=\"' + x.link + '\">' + x.title + "
            "'</a></li>'); }); } }); });</script></body></html>"
        ).encode(),
    )

    def label(method: str, target: str, body: bytes) -> Reply:
        q = _fields(target)
        if q.get("catId") != str(cat) or q.get("dataType") != "json":
            return 200, {"Content-Type": "text/html"}, "<p>参数错误</p>".encode()
        n = int(q.get("pageIndex", 1))
        pages = chunks(rows, per)
        out = {
            "status": 1,
            "data": {
                "pageIndex": n,
                "pageCount": len(pages),
                "total": len(rows),
                "list": pages[n - 1] if 1 <= n <= len(pages) else [],
            },
        }
        return (
            200,
            {"Content-Type": "application/json;charset=UTF-8"},
            json.dumps(out, ensure_ascii=False).encode(),
        )

    s.routes["/site/label/8888"] = label


def anhui_concat(s: Site) -> None:
    """The label URL concatenated from script variables; an HTML fragment with 共N页."""
    site_id, cat = 6600344, 7199302
    col = f"/public/column/{site_id}?type=4&catId={cat}&action=list"
    s.html("/", '<a href="/xxgk/index.html">政府信息公开</a>', title=s.county)
    s.html(
        "/xxgk/index.html",
        f'<div class="menu"><a href="{html.escape(col)}">政府信息公开年报</a></div>',
        title="政府信息公开",
    )
    rows = _anhui_reports(s, site_id, ["人民政府", "司法局", "柳镇人民政府"], 1)
    per = 4
    s.routes[col] = lambda m, t, b: (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        (
            '<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>'
            f'<div id="public_list"></div><script type="text/javascript">var siteId = "{site_id}";\n'
            f'var catId = "{cat}";\nvar pageSize = {per};\n'
            'function getList(pageIndex){ var url = "/site/label/8888?IsAjax=1&dataType=html&labelName=publicInfoList'
            '&siteId=" + siteId + "&catId=" + catId + "&pageSize=" + pageSize + "&pageIndex=" + pageIndex + '
            '"&action=list&isDate=true&dateFormat=yyyy-MM-dd";\n $("#public_list").load(url); }\ngetList(1);'
            "</script></body></html>"
        ).encode(),
    )

    def label(method: str, target: str, body: bytes) -> Reply:
        q = _fields(target)
        if q.get("catId") != str(cat) or q.get("siteId") != str(site_id):
            return 200, {"Content-Type": "text/html"}, "<p>参数错误</p>".encode()
        pages = chunks(rows, int(q.get("pageSize", per)))
        n = int(q.get("pageIndex", 1))
        lis = "".join(
            f'<li><a href="{x["link"]}" target="_blank" title="{x["title"]}">{shorten(x["title"], 20)}</a>'
            f'<span class="date">{x["date"]}</span></li>'
            for x in (pages[n - 1] if n <= len(pages) else [])
        )
        out = (
            f'<ul class="xxgk_nav_list">{lis}</ul><div class="page">共 {len(rows)} 条 共 {len(pages)} 页 '
            f'<a href="javascript:getList({n + 1})">下一页</a></div>'
        )
        return 200, {"Content-Type": "text/html;charset=UTF-8"}, out.encode()

    s.routes["/site/label/8888"] = label


def anhui_json_markup(s: Site) -> None:
    """JSON rows whose titles carry markup (``<font color=red>``) and whose links are
    ``linkUrl``; the page count as ``totalPage``."""
    site_id, cat = 6600555, 7199505
    col = f"/public/column/{site_id}?type=4&action=list&catId={cat}"
    s.html("/", f'<a href="{html.escape(col)}">政府信息公开年报</a>', title=s.county)
    rows = _anhui_reports(s, site_id, ["人民政府", "审计局"], 2)
    per = 3
    s.routes[col] = lambda m, t, b: (
        200,
        {"Content-Type": "text/html; charset=utf-8"},
        (
            '<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body><div id="list"></div>'
            '<script>$.getJSON("/site/label/8888", { IsAjax: 1, dataType: "json", labelName: "publicInfoList", '
            f'siteId: "{site_id}", catId: "{cat}", pageSize: {per}, pageIndex: 1 }}, show);</script></body></html>'
        ).encode(),
    )

    def label(method: str, target: str, body: bytes) -> Reply:
        q = _fields(target)
        if q.get("catId") != str(cat):
            return 200, {"Content-Type": "application/json"}, b'{"status": 0, "desc": "catId"}'
        pages = chunks(rows, per)
        n = int(q.get("pageIndex", 1))
        out = {
            "totalPage": len(pages),
            "data": [
                {
                    "title": f"<font color='red'>{x['title'][:4]}</font>{x['title'][4:]}",
                    "linkUrl": x["link"],
                    "publishDate": x["date"],
                }
                for x in (pages[n - 1] if n <= len(pages) else [])
            ],
        }
        return (
            200,
            {"Content-Type": "application/json;charset=UTF-8"},
            json.dumps(out, ensure_ascii=False).encode(),
        )

    s.routes["/site/label/8888"] = label


# -- Guangdong gkmlpt --------------------------------------------------------------------------


def _gkmlpt(s: Site, sid: str, cat: int, head_script: str, style: int, nested: bool) -> None:
    arts: list[dict[str, Any]] = []
    for i, r in enumerate(
        publish(s, ["人民政府", "自然资源局", "石岩街道办事处"], [2022, 2023], style)
    ):
        path = f"/gkmlpt/content/2/{2300 + i}/mpost_{2300100 + i}.html"
        r.url = s.base + path
        if i % 3 == 0:
            f = f"/attachment/0/{180 + i}/{180 + i}{i}77/{2300100 + i}.docx"
            s.file(f, docx(r.agency, r.year), "application/octet-stream")
            content = f'<p>{r.title}</p><p><a href="{f}">{r.title}.docx</a></p>'
        else:
            content = article(r.agency, r.year, 1500 + 10 * style + i)
        arts.append(
            {
                "id": 2300100 + i,
                "title": r.title,
                "url": s.base + path,
                "publish_time": 1706000000 + 3600 * i,
                "identifier": f"0072{i:04d}/2024-{i}",
            }
        )
        s.html(
            path,
            f'<div class="article"><h1 class="title">{r.title}</h1><div class="article-content">'
            f"{content}</div></div>",
            title=r.title,
        )
    for j, t in enumerate(decoys(s.county, 2024)):
        path = f"/gkmlpt/content/2/2299/mpost_{2299000 + j}.html"
        decoy_page(s, path, t)
        arts.insert(
            2 * j, {"id": 2299000 + j, "title": t, "url": s.base + path, "publish_time": 1700000000}
        )
    per = 5
    s.html(
        "/gkmlpt/index",
        f'<div id="app"></div><script>{head_script}</script>'
        f'<script src="/gkmlpt/static/js/index.js"></script>'
        f'<noscript><a href="/gkmlpt/index#{cat}">政府信息公开年报</a></noscript>',
        title="政府信息公开",
    )

    def api(method: str, target: str, body: bytes) -> Reply:
        parts = urlsplit(target)
        q = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if q.get("sid") != sid:
            return 200, {"Content-Type": "application/json"}, b'{"code": 403, "msg": "bad sid"}'
        rows = arts if parts.path.endswith(f"/{cat}") else []
        n = int(q.get("page", 1))
        page = {
            "articles": rows[(n - 1) * per : n * per],
            "total": len(rows),
            "page": n,
            "size": per,
        }
        out = {"code": 0, "data": page} if nested else page
        return (
            200,
            {"Content-Type": "application/json"},
            json.dumps(out, ensure_ascii=False).encode(),
        )

    s.routes[f"/gkmlpt/api/all/{cat}"] = api


def gkmlpt_site_id(s: Site) -> None:
    """The site id as ``window.SITE_ID``, the category named by the link's fragment."""
    sid, cat = "755112", 3401
    s.html("/", '<div class="nav"><a href="/gkmlpt/index">政府信息公开</a></div>', title=s.county)
    _gkmlpt(s, sid, cat, f"window.SITE_ID = '{sid}'; window.TYPE = 'ALL';", 1, nested=False)


def gkmlpt_site_id2(s: Site) -> None:
    """``var siteId = "…"`` in a config object; the API's rows under ``data``; the column
    linked from the home page directly (``/gkmlpt/index#cat``)."""
    sid, cat = "755289", 3522
    s.html(
        "/",
        f'<div class="nav"><a href="/gkmlpt/index#{cat}">政府信息公开年报</a>'
        f'<a href="/gkmlpt/index">政府信息公开</a></div>',
        title=s.county,
    )
    _gkmlpt(
        s,
        sid,
        cat,
        f'var GKMLPT = {{ siteId: "{sid}", type: "ALL", debug: false }};',
        4,
        nested=True,
    )


def gkmlpt_underscore_sid(s: Site) -> None:
    """``window._SID`` in a script that names no category; the column linked from the
    政府信息公开 page by its fragment."""
    sid, cat = "755400", 3600
    s.html("/", '<a href="/gkmlpt/index">政府信息公开</a>', title=s.county)
    _gkmlpt(s, sid, cat, f'window._SID = "{sid}"; window._TYPE = "ALL";', 6, nested=False)


# -- home-made sites ---------------------------------------------------------------------------


def _generic_reports(
    s: Site,
    units: list[str],
    years: list[int],
    style: int,
    *,
    cs: str = "utf-8",
    shorten_at: int = 0,
    title_in_div: bool = False,
) -> list[str]:
    """Report pages and their list items (<li>), decoys mixed in."""
    items = []
    for i, r in enumerate(publish(s, units, years, style)):
        path = f"/info/{r.year + 1}/{style}{i:02d}.html"
        r.url = s.base + path
        shown = shorten(r.title, shorten_at) if shorten_at else r.title
        items.append(
            f'<li><a href="{path}" target="_blank">{shown}</a><span>{r.year + 1}-03-{10 + i}</span></li>'
        )
        if i % 3 == 1:
            fileid = 50000 + 10 * style + i
            kind = ("pdf", "docx", "doc")[i % 3 if style % 2 else (i + 1) % 3]
            data = docx(r.agency, r.year) if kind != "doc" else converted(r.agency, r.year, "doc")
            disp = f'attachment;filename="{r.title}.{kind}"'.encode("gbk").decode("latin-1")
            s.routes[f"/download.jsp?fileid={fileid}"] = lambda m, t, b, d=data, h=disp: (
                200,
                {"Content-Type": "application/octet-stream", "Content-Disposition": h},
                d,
            )
            content = (
                f"<p>{r.title}详见附件。</p><p>附件：</p>"
                f'<p><a href="/download.jsp?fileid={fileid}" target="_blank">附件1</a></p>'
            )
        else:
            content = article(r.agency, r.year, 1600 + 10 * style + i)
        title_html = (
            f'<div class="con_title">{r.title}</div>' if title_in_div else f"<h2>{r.title}</h2>"
        )
        s.html(
            path,
            f'<div class="position">当前位置：首页 &gt; 政府信息公开年报</div>{title_html}'
            f'<div class="con">{content}</div>',
            title=f"{s.county}人民政府网" if title_in_div else r.title,
            charset=cs,
        )
    for j, t in enumerate(decoys(s.county, 2024)):
        path = f"/info/2024/d{style}{j}.html"
        decoy_page(s, path, t, charset=cs)
        items.insert(
            2 * j + 1,
            f'<li><a href="{path}">{shorten(t, shorten_at) if shorten_at else t}</a></li>',
        )
    return items


def _paged(
    s: Site,
    url_of: Callable[[int], str],
    items: list[str],
    per: int,
    cs: str = "utf-8",
    numbered: bool = False,
) -> None:
    pages = chunks(items, per)
    n = len(pages)
    for k, chunk in enumerate(pages):
        pager = [f"共{n}页 当前第{k + 1}页", f'<a href="{url_of(0)}">首页</a>']
        if k:
            pager.append(f'<a href="{url_of(k - 1)}">上一页</a>')
        if numbered:
            pager += [f'<a href="{url_of(x)}">{x + 1}</a>' for x in range(n) if x != k]
        if k + 1 < n:
            pager.append(f'<a href="{url_of(k + 1)}">下一页</a>')
        pager.append(f'<a href="{url_of(n - 1)}">尾页</a>')
        doc = (
            f'<!DOCTYPE html><html><head><meta charset="{cs}"><title>政府信息公开年报</title></head><body>'
            f'<ul class="list">{"".join(chunk)}</ul><div class="pages">{" ".join(pager)}</div></body></html>'
        )
        data = doc.encode(cs)
        s.routes[url_of(k)] = lambda m, t, b, d=data: (
            200,
            {"Content-Type": f"text/html; charset={cs}"},
            d,
        )


def generic_frames(s: Site) -> None:
    """A frameset home page; the 信息公开 menu in an iframe; 政府信息公开 → 法定主动公开内容 →
    政府信息公开年报; the list paged by ``?page=N`` with 下一页/尾页; GBK."""
    cs = "gbk"
    s.routes["/"] = lambda m, t, b: (
        200,
        {"Content-Type": "text/html"},
        (
            '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>'
            f'{s.county}</title></head><frameset rows="120,*"><frame src="/top.html" name="top">'
            '<frame src="/main.html" name="main"></frameset></html>'
        ).encode(cs),
    )
    s.html("/top.html", '<img src="/images/banner.jpg">', charset=cs)
    s.html(
        "/main.html",
        '<ul><li><a href="/zfxxgk/">政府信息公开</a></li><li><a href="/bmfw/">便民服务</a></li></ul>',
        title=s.county,
        charset=cs,
    )
    s.html(
        "/zfxxgk/index.html",
        '<table><tr><td width="200"><iframe src="/zfxxgk/menu.html" frameborder="0">'
        '</iframe></td><td><iframe src="/zfxxgk/welcome.html"></iframe></td></tr></table>',
        title="政府信息公开",
        charset=cs,
    )
    s.html(
        "/zfxxgk/menu.html",
        '<a href="/zfxxgk/zn.html" target="_parent">政府信息公开指南</a>'
        '<a href="/zfxxgk/fdzd/" target="_parent">法定主动公开内容</a>',
        charset=cs,
    )
    s.html(
        "/zfxxgk/fdzd/index.html",
        '<ul><li><a href="/zfxxgk/fdzd/jgzn/">机构职能</a></li>'
        '<li><a href="/zfxxgk/fdzd/nb/list.jsp">政府信息公开年报</a></li></ul>',
        title="法定主动公开内容",
        charset=cs,
    )
    items = _generic_reports(
        s, ["人民政府", "应急管理局", "新桥乡人民政府"], [2022, 2023], 0, cs=cs
    )
    _paged(s, lambda k: "/zfxxgk/fdzd/nb/list.jsp" + (f"?page={k + 1}" if k else ""), items, 4, cs)


def generic_docwrite(s: Site) -> None:
    """A menu written by ``document.write`` and an ``onclick`` item; list items cut with … and
    report pages whose title is only in a ``<div class="con_title">``; ``index_N.shtml``."""
    s.html(
        "/",
        '<div id="menu"><script>document.write(\'<ul><li><a href="/index.shtml">首页</a></li>'
        '<li><a href="/zwgk/index.shtml">政务公开</a></li></ul>\');</script></div>',
        title=s.county,
    )
    s.html(
        "/zwgk/index.shtml",
        '<div class="nav"><div class="item" onclick="window.location.href=\'/zwgk/fdzdgknr/'
        'index.shtml\'">法定主动公开内容</div><div class="item" onclick="window.open(\'/zwgk/zcwj/\')">政策文件'
        "</div></div>",
        title="政务公开",
    )
    s.html(
        "/zwgk/fdzdgknr/index.shtml",
        '<a href="/zwgk/fdzdgknr/gknb/index.shtml">政务公开年度报告</a>',
        title="法定主动公开内容",
    )
    items = _generic_reports(
        s,
        ["人民政府", "民政局", "城南街道办事处"],
        [2022, 2023],
        1,
        shorten_at=14,
        title_in_div=True,
    )
    _paged(
        s, lambda k: "/zwgk/fdzdgknr/gknb/index" + (f"_{k + 1}" if k else "") + ".shtml", items, 4
    )


def generic_years(s: Site) -> None:
    """The 年报 column opens on year sub-columns (2023年度 …), each a list of its own; pages
    ``_N.html`` with numbered links; one list item links the PDF itself."""
    s.html(
        "/",
        '<div class="nav"><a href="/xxgk/">信息公开</a><a href="/hdjl/">互动交流</a></div>',
        title=s.county,
    )
    s.html(
        "/xxgk/index.html",
        '<ul><li><a href="/xxgk/nb/">政府信息公开年报</a></li>'
        '<li><a href="/xxgk/zn/">政府信息公开指南</a></li></ul>',
        title="信息公开",
    )
    years = [2021, 2022, 2023]
    reports = publish(s, ["人民政府", "农业农村局", "商务局", "和平镇人民政府"], years, 6)
    s.html(
        "/xxgk/nb/index.html",
        "".join(
            f'<div class="sub"><a href="/xxgk/nb/{y}/">{y}年度</a></div>' for y in reversed(years)
        ),
        title="政府信息公开年报",
    )
    for y in years:
        items = []
        mine = [r for r in reports if r.year == y]
        for i, r in enumerate(mine):
            path = f"/xxgk/nb/{y}/{y + 1}03{i:02d}_{i}.html"
            r.url = s.base + path
            if i == 2:  # the item links the file itself
                pdf = f"/xxgk/nb/{y}/{y + 1}0301{i}.pdf"
                r.url = s.base + pdf
                s.file(
                    pdf,
                    converted(r.agency, r.year, "pdf") if y == 2022 else docx(r.agency, r.year),
                    "application/pdf" if y == 2022 else "application/octet-stream",
                )
                items.append(f'<li><a href="{pdf}">{r.title}.pdf</a></li>')
                continue
            items.append(f'<li><a href="{path}">{r.title}</a><span>{y + 1}-03-0{i + 1}</span></li>')
            s.html(
                path,
                f'<div class="art">{article(r.agency, r.year, 1700 + 10 * y + i)}</div>',
                title=r.title,
            )
        t = decoys(s.county, y + 1)[y % 5]
        decoy_page(s, f"/xxgk/nb/{y}/d{y}.html", t)
        items.insert(1, f'<li><a href="/xxgk/nb/{y}/d{y}.html">{t}</a></li>')
        _paged(
            s,
            lambda k, y=y: f"/xxgk/nb/{y}/index" + (f"_{k + 1}" if k else "") + ".html",
            items,
            2,
            numbered=True,
        )


def generic_deep(s: Site) -> None:
    """政务公开 → 政府信息公开 → 法定主动公开内容 → 政府信息公开年报 (a JS array menu on the
    way), titles with the year last, ``?page=N`` pages reached only by 下一页."""
    s.html("/", '<a href="/zwgk/">政务公开</a>', title=s.county)
    s.html(
        "/zwgk/index.html",
        '<div id="m"></div><script>var navs = [{"title": "政府信息公开", "href": "/zwgk/xxgk/"}'
        ', {"title": "政策解读", "href": "/zwgk/zcjd/"}];</script>',
        title="政务公开",
    )
    s.html(
        "/zwgk/xxgk/index.html",
        '<a href="/zwgk/xxgk/fdzdgk/">法定主动公开内容</a>',
        title="政府信息公开",
    )
    s.html(
        "/zwgk/xxgk/fdzdgk/index.html",
        '<a href="/zwgk/xxgk/fdzdgk/list.aspx?cid=41">政府信息公开年报</a>',
        title="法定主动公开内容",
    )
    items = _generic_reports(s, ["人民政府", "统计局", "审计局"], [2023, 2024], 3)
    pages = chunks(items, 4)
    for k, chunk in enumerate(pages):
        url = "/zwgk/xxgk/fdzdgk/list.aspx?cid=41" + (f"&page={k + 1}" if k else "")
        nxt = (
            f'<a href="list.aspx?cid=41&amp;page={k + 2}">下一页</a>'
            if k + 1 < len(pages)
            else "<span>下一页</span>"
        )
        doc = (
            f'<html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body><ul>{"".join(chunk)}</ul>'
            f'<div class="pager">第{k + 1}页/共{len(pages)}页 {nxt}</div></body></html>'
        ).encode()
        s.routes[url] = lambda m, t, b, d=doc: (
            200,
            {"Content-Type": "text/html; charset=utf-8"},
            d,
        )


def generic_departments(s: Site) -> None:
    """Reports under each department's own column: 政府信息公开 → 部门信息公开 → 县教育局 …
    → 政府信息公开年报; list rows opened by ``onclick`` (no <a>); one title in Chinese
    numerals."""
    s.html("/", '<a href="/gk/">政府信息公开</a>', title=s.county)
    units = ["教育局", "文化和旅游局", "城郊乡人民政府"]
    s.html(
        "/gk/index.html",
        '<ul><li><a href="/gk/bm/">部门信息公开</a></li><li><a href="/gk/zn.html">'
        "政府信息公开指南</a></li></ul>",
        title="政府信息公开",
    )
    s.html(
        "/gk/bm/index.html",
        "<ul>"
        + "".join(f'<li><a href="/gk/bm/{k}/">{s.county}{u}</a></li>' for k, u in enumerate(units))
        + "</ul>",
        title="部门信息公开",
    )
    reports = publish(s, units, [2022, 2023], 7)
    for k, unit in enumerate(units):
        s.html(
            f"/gk/bm/{k}/index.html",
            f'<div class="lm"><a href="/gk/bm/{k}/jgzn.html">机构职能</a>'
            f'<a href="/gk/bm/{k}/nb.jsp">政府信息公开年报</a></div>',
            title=f"{s.county}{unit}",
        )
        rows = []
        for i, r in enumerate(x for x in reports if x.agency == f"{s.county}{unit}"):
            path = f"/gk/bm/{k}/show.jsp?id={300 + 10 * k + i}"
            r.url = s.base + path
            title = r.title.replace("2023年", "二〇二三年") if (k, i) == (0, 1) else r.title
            rows.append(
                f'<tr onclick="window.open(\'show.jsp?id={300 + 10 * k + i}\')" style="cursor:pointer">'
                f"<td>{title}</td><td>{r.year + 1}-02-0{i + 1}</td></tr>"
            )
            s.html(
                path,
                f'<div class="bt">{title}</div>{article(r.agency, r.year, 1800 + 10 * k + i)}',
                title=title,
            )
        t = decoys(s.county, 2024)[k]
        decoy_page(s, f"/gk/bm/{k}/show.jsp?id=9{k}", t)
        rows.insert(
            1,
            f"<tr onclick=\"window.open('show.jsp?id=9{k}')\"><td>{t}</td><td>2024-01-01</td></tr>",
        )
        s.html(
            f"/gk/bm/{k}/nb.jsp",
            f'<table class="list">{"".join(rows)}</table>',
            title="政府信息公开年报",
        )


def generic_external_menu(s: Site) -> None:
    """The whole navigation in an external script (``/js/nav.js``: ``new MenuItem("…", "…")``);
    list titles cut without an ellipsis; pages reached by a ``&gt;`` link."""
    s.html(
        "/",
        '<div id="nav"></div><script src="/js/jquery.min.js"></script><script src="/js/nav.js"></script>',
        title=s.county,
    )
    s.file("/js/jquery.min.js", b"/*! jQuery v3 */!function(e,t){}", "application/javascript")
    s.file(
        "/js/nav.js",
        (
            'var nav = [];\nnav.push(new MenuItem("首页", "/"));\n'
            'nav.push(new MenuItem("信息公开", "/openinfo/"));\nrenderNav(nav);\n'
        ).encode(),
        "application/javascript",
    )
    s.html(
        "/openinfo/index.html",
        '<a href="/openinfo/annual/">政府信息公开年度报告</a>',
        title="信息公开",
    )
    items = _generic_reports(s, ["人民政府", "住房和城乡建设局", "湖头镇人民政府"], [2022, 2023], 8)
    for i, it in enumerate(items):  # cut at 18 characters, no ellipsis
        items[i] = re.sub(r">([^<]{18})[^<]+</a>", r">\1</a>", it)
    pages = chunks(items, 4)
    for k, chunk in enumerate(pages):
        url = "/openinfo/annual/" + (f"p{k + 1}.html" if k else "")
        nxt = f'<a href="/openinfo/annual/p{k + 2}.html">&gt;</a>' if k + 1 < len(pages) else ""
        doc = (
            f'<html><head><meta charset="utf-8"><title>政府信息公开年度报告</title></head><body><ul>{"".join(chunk)}'
            f'</ul><div class="pg">{nxt}</div></body></html>'
        ).encode()
        s.routes[url] = lambda m, t, b, d=doc: (
            200,
            {"Content-Type": "text/html; charset=utf-8"},
            d,
        )


def generic_iframe_list(s: Site) -> None:
    """The 年报 column shows its list in an iframe; that list opens on sub-columns titled like
    reports (2023年政府信息公开年报) whose pages list the year's reports; a 网站年度报表 decoy."""
    s.html("/", '<a href="/gov/">政府信息公开</a>', title=s.county)
    s.html("/gov/index.html", '<a href="/gov/nb">政府信息公开年报</a>', title="政府信息公开")
    s.html(
        "/gov/nb",
        '<div class="main"><iframe src="/gov/nb/frame.html" width="100%" scrolling="no"></iframe></div>',
        title="政府信息公开年报",
    )
    years = [2022, 2023]
    reports = publish(s, ["人民政府", "科学技术局", "双溪乡人民政府"], years, 9)
    s.html(
        "/gov/nb/frame.html",
        "".join(f'<p><a href="/gov/nb/{y}.html">{y}年政府信息公开年报</a></p>' for y in years),
        title="政府信息公开年报",
    )
    for y in years:
        items = []
        for i, r in enumerate(x for x in reports if x.year == y):
            path = f"/gov/nb/{y}/{i}.html"
            r.url = s.base + path
            items.append(f'<li><a href="{path}">{r.title}</a></li>')
            s.html(path, article(r.agency, r.year, 1900 + 10 * y + i), title=r.title)
        t = f"{s.county}人民政府门户网站{y}年度工作年度报表"
        decoy_page(s, f"/gov/nb/{y}/d.html", t)
        items.append(f'<li><a href="/gov/nb/{y}/d.html">{t}</a></li>')
        s.html(
            f"/gov/nb/{y}.html",
            f"<h3>{y}年政府信息公开年报</h3><ul>{''.join(items)}</ul>",
            title=f"{y}年政府信息公开年报",
        )


def generic_ajax_list(s: Site) -> None:
    """A home-made CMS: the 年报 column's page fills its list from a JSON API of its own
    (``$.ajax`` with ``channelId``/``pageNo``), rows under ``data.records`` named
    ``articleTitle``/``articleUrl``; the API knows no page count."""
    s.html("/", '<a href="/channel/12.html">政务公开</a>', title=s.county)
    s.html(
        "/channel/12.html",
        '<a href="/channel/88.html">政府信息公开年报</a><a href="/channel/87.html">政策解读</a>',
        title="政务公开",
    )
    items = []
    for i, r in enumerate(
        publish(s, ["人民政府", "退役军人事务局", "古田镇人民政府"], [2022, 2023], 10)
    ):
        path = f"/content/88/{5000 + i}.html"
        r.url = s.base + path
        items.append(
            {
                "articleId": 5000 + i,
                "articleTitle": r.title,
                "articleUrl": path,
                "publishTime": f"{r.year + 1}-01-0{1 + i % 9}",
            }
        )
        s.html(
            path,
            f'<div class="detail"><h2>{r.title}</h2>{article(r.agency, r.year, 2000 + i)}</div>',
            title=r.title,
        )
    for j, t in enumerate(decoys(s.county, 2024)[:3]):
        path = f"/content/88/{4000 + j}.html"
        decoy_page(s, path, t)
        items.insert(2 * j, {"articleId": 4000 + j, "articleTitle": t, "articleUrl": path})
    per = 4
    s.html(
        "/channel/88.html",
        '<ul id="articleList"></ul><div id="pager"></div><script>\n'
        "function load(n){ $.ajax({ url: '/api/cms/article/list', type: 'get', dataType: 'json',\n"
        f"  data: {{ channelId: 88, pageNo: 1, pageSize: {per} }},\n"
        "  success: function(res){ res.data.records.forEach(function(a){ $('#articleList').append("
        "'<li><a href=\"' + a.articleUrl + '\">' + a.articleTitle + '</a></li>'); }); } }); }\nload(1);</script>",
        title="政府信息公开年报",
    )

    def api(method: str, target: str, body: bytes) -> Reply:
        q = _fields(target)
        if q.get("channelId") != "88":
            return 200, {"Content-Type": "application/json"}, b'{"code": 400, "data": null}'
        n, size = int(q.get("pageNo", 1)), int(q.get("pageSize", per))
        out = {
            "code": 200,
            "msg": "ok",
            "data": {"records": items[(n - 1) * size : n * size], "current": n},
        }
        return (
            200,
            {"Content-Type": "application/json;charset=UTF-8"},
            json.dumps(out, ensure_ascii=False).encode(),
        )

    s.routes["/api/cms/article/list"] = api


def generic_js_pager(s: Site) -> None:
    """A JSP list whose pager calls ``toPage(n)``, which builds ``list.jsp?cid=…&page=n``; the
    page count only as 共N页 text; GBK declared in the header only."""
    s.html("/", '<a href="/xxgk/index.jsp">政府信息公开</a>', title=s.county)
    s.html(
        "/xxgk/index.jsp",
        '<a href="/xxgk/list.jsp?cid=31">政府信息公开年报</a>',
        title="政府信息公开",
        charset="gbk",
    )
    items = _generic_reports(
        s, ["人民政府", "粮食和物资储备局", "鹤塘镇人民政府"], [2022, 2023], 11, cs="gbk"
    )
    pages = chunks(items, 4)
    for k, chunk in enumerate(pages):
        url = "/xxgk/list.jsp?cid=31" + (f"&page={k + 1}" if k else "")
        nxt = (
            f'<a href="javascript:void(0)" onclick="toPage({k + 2})">下一页</a>'
            if k + 1 < len(pages)
            else ""
        )
        doc = (
            f"<html><head><title>政府信息公开年报</title></head><body><ul>{''.join(chunk)}</ul>"
            f'<div class="pager">共{len(pages)}页 第{k + 1}页 {nxt}</div><script>function toPage(n){{ '
            'window.location.href = "list.jsp?cid=31&page=" + n; }</script></body></html>'
        ).encode("gbk")
        s.routes[url] = lambda m, t, b, d=doc: (200, {"Content-Type": "text/html; charset=GBK"}, d)


# -- the world ---------------------------------------------------------------------------------

SPECS: list[tuple[str, str, str, Callable[[Site], None]]] = [
    ("a2-trs1", "trs", "临江县", trs_platform),
    ("a2-trs2", "trs", "石桥区", trs_gbk_table),
    ("a2-trs3", "trs", "青山县", trs_more_block),
    ("a2-trs4", "trs", "长乐县", trs_loop_pager),
    ("a2-hw1", "hanweb", "桐庐县", hanweb_inline),
    ("a2-hw2", "hanweb", "安吉县", hanweb_ajax_only),
    ("a2-hw3", "hanweb", "桐乡市", hanweb_old_proxy),
    ("a2-hw4", "hanweb", "海宁市", hanweb_escaped),
    ("a2-hw5", "hanweb", "海盐县", hanweb_pg_container),
    ("a2-ah1", "anhui_public", "黟县", anhui_json),
    ("a2-ah2", "anhui_public", "泾县", anhui_concat),
    ("a2-ah3", "anhui_public", "旌德县", anhui_json_markup),
    ("a2-gd1", "gkmlpt", "南山区", gkmlpt_site_id),
    ("a2-gd2", "gkmlpt", "龙岗区", gkmlpt_site_id2),
    ("a2-gd3", "gkmlpt", "坪山区", gkmlpt_underscore_sid),
    ("a2-g1", "generic", "太和县", generic_frames),
    ("a2-g2", "generic", "平阳县", generic_docwrite),
    ("a2-g3", "generic", "永安市", generic_years),
    ("a2-g4", "generic", "宁海县", generic_deep),
    ("a2-g5", "generic", "象山县", generic_departments),
    ("a2-g6", "generic", "德化县", generic_external_menu),
    ("a2-g7", "generic", "屏南县", generic_iframe_list),
    ("a2-g8", "generic", "古田县", generic_ajax_list),
    ("a2-g9", "generic", "霞浦县", generic_js_pager),
]


def _bind_host(i: int) -> str:
    host = f"127.0.0.{120 + i}"
    try:
        with socket.socket() as sock:
            sock.bind((host, 0))
        return host
    except OSError:
        return "127.0.0.1"


def start() -> list[Site]:
    sites = []
    for i, (pid, family, county, build) in enumerate(SPECS):
        s = Site(pid, family, county, host=_bind_host(i))
        s.routes["/robots.txt"] = lambda m, t, b: (
            200,
            {"Content-Type": "text/plain"},
            b"User-agent: *\nAllow: /\n",
        )
        server = LoopbackServer((s.host, 0), handler_for(s.serve))
        s.port = server.server_address[1]
        s.server = server
        build(s)
        threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        sites.append(s)
    return sites


def stop(sites: list[Site]) -> None:
    for s in sites:
        if s.server is not None:
            s.server.shutdown()
            s.server.server_close()


def registry(sites: list[Site], *, family: str | None = None) -> str:
    return "".join(
        f'[[portal]]\nid = "{s.pid}"\nagency = "{s.county}人民政府"\nregion_code = "330122"\n'
        f'family = "{family or s.family}"\nstart_urls = ["{s.base}/"]\n\n'
        for s in sites
    )
