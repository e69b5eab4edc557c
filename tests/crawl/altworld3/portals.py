"""A third alternative portal world, written independently of ``portalworld``, ``altworld`` and
``altworld2``: twenty small portals in markup the family spiders had not been written for,
served by ``http.server`` on loopback.

What it models:

- Anhui's 政务公开 platform: label endpoints that answer only POST, that page by ``pageNo``,
  ``curPage``, ``page`` or ``pageNum`` (the request's other page names ignored), with JSON rows
  or an HTML fragment; the label URL in a ``data-url`` attribute, in ``$.ajax``/``$.post`` data
  whose values are script variables, or concatenated.
- Guangdong gkmlpt: the API at ``/gkmlpt/api/<cat>`` (no ``all``), the site id as ``webId``,
  ``total`` counting pages and ``count`` the articles; a page whose ``window.__INITIAL_STATE__``
  carries the site id, the category tree and the first articles; articles whose only link to
  their file is the API's ``attachment`` list (the page fills its body by script).
- Hanweb jcms: the 信息公开 module's ``/module/xxgk/search.jsp`` (POST, ``currpage``, an HTML
  fragment), the proxy's fields as one query string in a script variable, proxy answers in
  JSON with ``\\u003c``-escaped markup, and records whose markup is entity-escaped inside CDATA
  or quoted with backslashes in a script string; ``/module/search/`` loaded by ``.load()``; a proxy that refuses
  outsiders, the column's own ``?uid=…&pageNum=N`` pages carrying the records instead.
- Home-made sites whose report column is four or five hubs from home, among many other
  公开 hubs (重点领域, 部门, 乡镇 …) that lead nowhere.

Every list carries things that are not disclosure reports: 政府工作报告, 统计公报, 法治政府建设
年度报告, 决算, 解读, 工作要点 — of other years too; none may be loaded.
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
from typing import Any
from urllib.parse import parse_qs, urlsplit

from gongkai.demo.generate import random_report
from gongkai.demo.render import render
from tests.crawl.loopback_handler import LoopbackServer, handler_for
from tests.crawl.renamed_docx import renamed_docx

Reply = tuple[int, dict[str, str], bytes]
Route = Callable[[str, str, bytes], Reply]
_JSON = {"Content-Type": "application/json;charset=UTF-8"}
_HTML = {"Content-Type": "text/html;charset=UTF-8"}
_XML = {"Content-Type": "text/xml;charset=UTF-8"}


@dataclass
class Report:
    agency: str
    year: int
    title: str
    path: str = ""


@dataclass
class Site:
    pid: str
    family: str
    county: str
    host: str = "127.0.0.1"
    port: int = 0
    routes: dict[str, Route] = field(default_factory=dict)
    reports: list[Report] = field(default_factory=list)
    non_reports: list[str] = field(default_factory=list)
    server: LoopbackServer | None = None

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    def page(self, path: str, body: str, title: str = "", head: str = "") -> None:
        doc = (
            f'<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}'
            f"</title>{head}</head><body>{body}</body></html>"
        ).encode()
        self.routes[path] = lambda m, t, b: (200, dict(_HTML), doc)

    def file(self, path: str, data: bytes, ctype: str = "application/octet-stream") -> None:
        self.routes[path] = lambda m, t, b: (200, {"Content-Type": ctype}, data)

    def serve(self, method: str, target: str, body: bytes) -> Reply:
        path = urlsplit(target).path
        for key in (target, path, path + "index.html" if path.endswith("/") else ""):
            if key in self.routes:
                return self.routes[key](method, target, body)
        return 404, dict(_HTML), b"<html><body><h1>404</h1></body></html>"


def fields(target: str, body: bytes = b"") -> dict[str, str]:
    """Query fields, form fields over them."""
    out = {k: v[0] for k, v in parse_qs(urlsplit(target).query, keep_blank_values=True).items()}
    out.update({k: v[0] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()})
    return out


def number(value: str | None, default: int = 1) -> int:
    return int(value) if value and value.isdigit() else default


def chunks(rows: list[Any], per: int) -> list[list[Any]]:
    return [rows[k : k + per] for k in range(0, len(rows), per)]


# -- documents ---------------------------------------------------------------------------------

_BASE_AGENCY, _BASE_YEAR = "样例市样例办", 2021


@functools.cache
def _base_docx() -> bytes:
    rng = random.Random(31)
    return render(random_report(rng, agency=_BASE_AGENCY, year=_BASE_YEAR), "docx", rng)


def docx(agency: str, year: int) -> bytes:
    return renamed_docx(_base_docx(), _BASE_AGENCY, _BASE_YEAR, agency, year)


def article(agency: str, year: int, seed: int) -> str:
    """The body of a rendered HTML report: title, sections and tables."""
    rng = random.Random(seed)
    page = render(random_report(rng, agency=agency, year=year), "html", rng).decode("utf-8")
    m = re.search(r"<body>(.*)</body>", page, re.S)
    assert m
    return m.group(1)


_TITLES = (
    "{a}{y}年政府信息公开工作年度报告",
    "{a}关于{y}年度政府信息公开工作年度报告",
    "{y}年{a}政府信息公开工作年度报告",
    "{a}{y}年度政府信息公开年报",
    "{a}政府信息公开工作年度报告（{y}年度）",
    "{a}{y}年政务公开工作年度报告",
)


def publish(s: Site, units: list[str], years: list[int], style: int) -> list[Report]:
    s.reports = [
        Report(
            f"{s.county}{u}",
            y,
            _TITLES[(style + 2 * i + j) % len(_TITLES)].format(a=f"{s.county}{u}", y=y),
        )
        for i, u in enumerate(units)
        for j, y in enumerate(years)
    ]
    return s.reports


def decoy_titles(county: str) -> list[str]:
    """Other yearly reports and near misses: none is a disclosure report."""
    return [
        f"{county}2024年政府工作报告",
        f"{county}2023年国民经济和社会发展统计公报",
        f"{county}2023年度法治政府建设年度报告",
        f"{county}2022年政府信息公开工作年度报告解读",
        f"{county}2024年政务公开工作要点",
        f"{county}2023年度部门决算报告",
    ]


def decoy_page(s: Site, path: str, title: str) -> None:
    s.non_reports.append(s.base + path)
    s.page(
        path,
        f'<div class="detail"><h1>{title}</h1><div class="content"><p>{title}全文如下。</p>'
        "<p>2023年，全县上下坚持稳中求进工作总基调，政府信息公开和政务服务工作有序推进。</p>"
        "</div></div>",
        title=title,
    )


def report_page(
    s: Site,
    r: Report,
    i: int,
    seed: int,
    *,
    file_path: str = "",
    file_link: bool = True,
    head: str = "",
) -> None:
    """The report page: the report inline, or a file (linked from the page, or not)."""
    if file_path:
        s.file(file_path, docx(r.agency, r.year))
        body = f"<p>{r.title}全文见附件。</p>"
        if file_link:
            body += f'<p>附件：<a href="{file_path}">{r.title}.docx</a></p>'
    else:
        body = article(r.agency, r.year, seed + i)
    s.page(
        r.path,
        f'<div class="main"><div class="crumb">首页 &gt; 信息公开 &gt; 年度报告</div>'
        f'<h1 class="detail-title">{r.title}</h1><div class="detail-content">{body}</div></div>',
        title=r.title,
        head=head,
    )


def rows_with_decoys(
    s: Site, rows: list[dict[str, str]], decoy_path: Callable[[int], str], every: int = 2
) -> list[dict[str, str]]:
    for j, t in enumerate(decoy_titles(s.county)):
        path = decoy_path(j)
        decoy_page(s, path, t)
        rows.insert(
            min(every * j + 1, len(rows)),
            {"title": t, "url": path, "date": f"2024-0{1 + j % 9}-15"},
        )
    return rows


def li(row: dict[str, str]) -> str:
    return f'<li><a href="{row["url"]}" title="{row["title"]}" target="_blank">{row["title"]}</a><span>{row.get("date", "")}</span></li>'


# -- Anhui 政务公开 platform ---------------------------------------------------------------------


def _anhui(s: Site, site_id: int, units: list[str], style: int) -> list[dict[str, str]]:
    rows = []
    for i, r in enumerate(publish(s, units, [2022, 2023, 2024], style)):
        r.path = f"/public/{site_id}/{12040000 + 7 * i}.html"
        report_page(
            s,
            r,
            i,
            3100 + 20 * style,
            file_path=f"/group1/M00/{i:02d}/C0A8{i}.docx" if i % 3 == 2 else "",
        )
        rows.append({"title": r.title, "url": r.path, "date": f"{r.year + 1}-01-{10 + i}"})
    return rows_with_decoys(s, rows, lambda j: f"/public/{site_id}/{12030000 + j}.html")


def _anhui_entry(s: Site, site_id: int, col: str) -> None:
    s.page(
        "/",
        '<div class="nav"><a href="/">首页</a><a href="/xxgk/index.html">政务公开</a>'
        '<a href="/hdjl/">互动交流</a></div>',
        title=f"{s.county}人民政府",
    )
    s.page(
        "/xxgk/index.html",
        f'<div class="gk-menu"><a href="/public/column/{site_id}?type=4&amp;catId=1">'
        f'政府信息公开指南</a><a href="{html.escape(col)}">政府信息公开年报</a>'
        f'<a href="/public/column/{site_id}?type=4&amp;catId=3">政府信息公开制度</a></div>',
        title="政务公开",
    )


def anhui_post_json(s: Site) -> None:
    """The label answers POST only, pages by ``pageNo``, JSON rows; ``siteId: siteId`` is a
    variable of the page; no page count, only the row total."""
    site_id, cat, per = 6610011, 7301001, 4
    col = f"/public/column/{site_id}?type=4&action=list&nav=3&catId={cat}"
    _anhui_entry(s, site_id, col)
    rows = _anhui(s, site_id, ["人民政府", "教育体育局", "徽城镇人民政府"], 0)
    s.page(
        col,
        '<div class="xxgk_list"><ul id="list"></ul><div id="page"></div></div>'
        f'<script>var siteId = "{site_id}";\nfunction loadList(pageNo) {{\n  $.ajax({{ url: "/site/label/8888", '
        'type: "POST", dataType: "json", data: { IsAjax: 1, dataType: "json", labelName: "publicInfoList", '
        f'siteId: siteId, catId: "{cat}", pageNo: pageNo, pageSize: {per}, action: "list" }}, '
        "success: function (d) { render(d.data); } });\n}\nloadList(1);</script>",
        title="政府信息公开年报",
    )

    def label(method: str, target: str, body: bytes) -> Reply:
        if method != "POST":
            return 405, dict(_HTML), b"<h1>405 Method Not Allowed</h1>"
        q = fields(target, body)
        if (
            q.get("catId") != str(cat)
            or q.get("siteId") != str(site_id)
            or q.get("labelName") != "publicInfoList"
        ):
            return 200, dict(_JSON), b'{"status": 0, "desc": "bad parameters"}'
        n = number(q.get("pageNo"))
        page = rows[(n - 1) * per : n * per]
        out = {
            "status": 1,
            "data": {
                "pageNo": n,
                "pageSize": per,
                "total": len(rows),
                "list": [{"title": x["title"], "link": x["url"], "date": x["date"]} for x in page],
            },
        }
        return 200, dict(_JSON), json.dumps(out, ensure_ascii=False).encode()

    s.routes["/site/label/8888"] = label


def anhui_curpage_fragment(s: Site) -> None:
    """The label URL in a ``data-url`` attribute, paged by ``curPage`` (``pageIndex`` ignored);
    an HTML table fragment whose pager says 1/N."""
    site_id, cat, per = 6610022, 7301022, 3
    col = f"/public/column/{site_id}?type=4&catId={cat}&action=list"
    _anhui_entry(s, site_id, col)
    rows = _anhui(s, site_id, ["人民政府", "卫生健康委员会", "梅城镇人民政府"], 1)
    label_url = (
        f"/site/label/8888?IsAjax=1&dataType=html&labelName=publicInfoList&siteId={site_id}&catId={cat}"
        f"&pageSize={per}&curPage=1&isDate=true"
    )
    s.page(
        col,
        f'<div class="list-box" id="infoList" data-url="{html.escape(label_url)}"></div>'
        '<script>$(function(){ var box = $("#infoList"); box.load(box.data("url")); });</script>',
        title="政府信息公开年报",
    )

    def label(method: str, target: str, body: bytes) -> Reply:
        q = fields(target, body)
        if q.get("catId") != str(cat):
            return 200, dict(_HTML), "<p>参数错误</p>".encode()
        pages = chunks(rows, per)
        n = number(q.get("curPage"))
        trs = "".join(
            f'<tr><td class="t"><a href="{x["url"]}" title="{x["title"]}">{x["title"][:16]}…</a></td>'
            f"<td>{x['date']}</td></tr>"
            for x in (pages[n - 1] if n <= len(pages) else [])
        )
        return (
            200,
            dict(_HTML),
            (
                f'<table class="table">{trs}</table><div class="pagination"><span>{n}/{len(pages)}</span>'
                f'<a href="javascript:;" onclick="goPage({n + 1})">下一页</a></div>'
            ).encode(),
        )

    s.routes["/site/label/8888"] = label


def anhui_post_page_fragment(s: Site) -> None:
    """``$.post(label, {…, page: 1})``: POST only, paged by ``page``, an HTML fragment with 共N页."""
    site_id, cat, per = 6610033, 7301033, 4
    col = f"/public/column/{site_id}?type=4&action=list&catId={cat}"
    _anhui_entry(s, site_id, col)
    rows = _anhui(s, site_id, ["人民政府", "农业农村局", "小池镇人民政府"], 2)
    s.page(
        col,
        '<div id="gkList"></div><script type="text/javascript">\nvar catId = "' + str(cat) + '";\n'
        'function showPage(page) { $.post("/site/label/8888", { labelName: "publicInfoList", siteId: "'
        + str(site_id)
        + f'", catId: catId, page: page, pageSize: {per}, dataType: "html" }}, '
        'function (html) { $("#gkList").html(html); }); }\nshowPage(1);</script>',
        title="政府信息公开年报",
    )

    def label(method: str, target: str, body: bytes) -> Reply:
        q = fields(target, body)
        if method != "POST" or q.get("catId") != str(cat):
            return 403, dict(_HTML), "<p>非法请求</p>".encode()
        pages = chunks(rows, per)
        n = number(q.get("page"))
        lis = "".join(li(x) for x in (pages[n - 1] if n <= len(pages) else []))
        return (
            200,
            dict(_HTML),
            (
                f'<ul class="gk_list">{lis}</ul><div class="fy">共{len(rows)}条 共{len(pages)}页 '
                f"当前第{n}页</div>"
            ).encode(),
        )

    s.routes["/site/label/8888"] = label


def anhui_pagenum_json(s: Site) -> None:
    """A concatenated label URL paged by ``pageNum`` (blank in the concatenation); JSON rows
    named ``name``/``linkUrl`` under ``data.rows`` with ``totalPage``."""
    site_id, cat, per = 6610044, 7301044, 5
    col = f"/public/column/{site_id}?type=4&catId={cat}"
    _anhui_entry(s, site_id, col)
    rows = _anhui(s, site_id, ["人民政府", "退役军人事务局", "复兴镇人民政府"], 3)
    s.page(
        col,
        '<div class="list"></div><script>\nvar siteId = "'
        + str(site_id)
        + '", catId = "'
        + str(cat)
        + '";\n'
        'function getData(pageNum) { var url = "/site/label/8888?IsAjax=1&dataType=json&labelName=publicInfoList'
        '&siteId=" + siteId + "&catId=" + catId + "&pageSize='
        + str(per)
        + '&pageNum=" + pageNum;\n'
        "  $.getJSON(url, function (d) { draw(d); }); }\ngetData(1);</script>",
        title="政府信息公开年报",
    )

    def label(method: str, target: str, body: bytes) -> Reply:
        q = fields(target, body)
        if q.get("catId") != str(cat) or q.get("siteId") != str(site_id):
            return 200, dict(_JSON), b'{"code": 1, "msg": "error"}'
        pages = chunks(rows, per)
        n = number(q.get("pageNum"))
        data = [
            {"name": x["title"], "linkUrl": x["url"], "time": x["date"]}
            for x in (pages[n - 1] if n <= len(pages) else [])
        ]
        out = {"code": 0, "data": {"rows": data, "pageNum": n, "totalPage": len(pages)}}
        return 200, dict(_JSON), json.dumps(out, ensure_ascii=False).encode()

    s.routes["/site/label/8888"] = label


def anhui_json_wrapped_html(s: Site) -> None:
    """The label answers JSON that wraps an HTML fragment (``{"data": {"html": "<ul>…"}}``),
    paged by ``pageIndex`` with ``pageCount``; asked by ``axios.post``."""
    site_id, cat, per = 6610055, 7301055, 4
    col = f"/public/column/{site_id}?type=4&action=list&catId={cat}"
    _anhui_entry(s, site_id, col)
    rows = _anhui(s, site_id, ["人民政府", "数据资源管理局", "店前镇人民政府"], 4)
    s.page(
        col,
        '<div id="listBox"></div><script>\nfunction load(pageIndex) {\n  axios.post("/site/label/8888", '
        f'{{ labelName: "publicInfoList", siteId: "{site_id}", catId: "{cat}", pageIndex: pageIndex, pageSize: {per}, '
        'dataType: "json" }).then(function (r) { document.getElementById("listBox").innerHTML = r.data.data.html; });\n}\n'
        "load(1);</script>",
        title="政府信息公开年报",
    )

    def label(method: str, target: str, body: bytes) -> Reply:
        q = fields(target, body)
        if method != "POST" or q.get("catId") != str(cat):
            return 200, dict(_JSON), b'{"status": 0}'
        pages = chunks(rows, per)
        n = number(q.get("pageIndex"))
        frag = "<ul>" + "".join(li(x) for x in (pages[n - 1] if n <= len(pages) else [])) + "</ul>"
        out = {"status": 1, "data": {"html": frag, "pageIndex": n, "pageCount": len(pages)}}
        return 200, dict(_JSON), json.dumps(out, ensure_ascii=False).encode()

    s.routes["/site/label/8888"] = label


def anhui_jsonp_query_data(s: Site) -> None:
    """``dataType: "jsonp"``: the label's parameters sent as one query string (``data: "IsAjax=1&
    labelName=…"``), the rows answered inside a callback."""
    site_id, cat, per = 6610066, 7301066, 4
    col = f"/public/column/{site_id}?type=4&action=list&catId={cat}"
    _anhui_entry(s, site_id, col)
    rows = _anhui(s, site_id, ["人民政府", "城市管理局", "天堂镇人民政府"], 5)
    s.page(
        col,
        '<ul id="list"></ul><script>$.ajax({ url: "/site/label/8888", dataType: "jsonp", jsonp: "callback", '
        f'data: "IsAjax=1&dataType=jsonp&labelName=publicInfoList&siteId={site_id}&catId={cat}&pageSize={per}&pageIndex=1", '
        "success: function (d) { fill(d); } });</script>",
        title="政府信息公开年报",
    )

    def label(method: str, target: str, body: bytes) -> Reply:
        q = fields(target, body)
        if q.get("catId") != str(cat) or q.get("labelName") != "publicInfoList":
            return 200, {"Content-Type": "application/javascript"}, b'callback({"status": 0})'
        pages = chunks(rows, per)
        n = number(q.get("pageIndex"))
        out = {
            "status": 1,
            "pageCount": len(pages),
            "list": pages[n - 1] if n <= len(pages) else [],
        }
        text = f"{q.get('callback') or 'jsonpCallback'}({json.dumps(out, ensure_ascii=False)});"
        return 200, {"Content-Type": "application/javascript;charset=UTF-8"}, text.encode()

    s.routes["/site/label/8888"] = label


# -- Guangdong gkmlpt --------------------------------------------------------------------------


def _gkmlpt(
    s: Site, cat: int, units: list[str], style: int, *, json_files: bool = False
) -> list[dict[str, Any]]:
    arts: list[dict[str, Any]] = []
    for i, r in enumerate(publish(s, units, [2022, 2023], style)):
        r.path = f"/gkmlpt/content/{style}/{cat}/post_{4100200 + 11 * i}.html"
        art: dict[str, Any] = {
            "id": 4100200 + 11 * i,
            "title": r.title,
            "url": s.base + r.path,
            "publish_time": 1707000000 + 86400 * i,
            "identifier": f"11441300MB2C{i:04d}/2024-0{i}",
        }
        if json_files and i % 2 == 0:
            # the page's body is filled in by script: only the API names the file
            f = f"/attachment/0/{500 + i}/{500 + i}{i}1/{4100200 + 11 * i}.docx"
            art["attachment"] = [{"name": f"{r.title}.docx", "url": s.base + f, "size": 41234}]
            s.file(f, docx(r.agency, r.year))
            s.page(
                r.path,
                f'<div class="article"><h1 class="content-title">{r.title}</h1>'
                '<div id="content" class="article-content"></div></div>'
                f"<script>window.ARTICLE_ID = {art['id']};</script>",
                title=r.title,
            )
        else:
            report_page(
                s,
                r,
                i,
                3300 + 20 * style,
                file_path=f"/attachment/1/{600 + i}/{4100200 + 11 * i}.docx" if i % 3 == 1 else "",
            )
        arts.append(art)
    for j, t in enumerate(decoy_titles(s.county)):
        path = f"/gkmlpt/content/{style}/{cat - 1}/post_{4100000 + j}.html"
        decoy_page(s, path, t)
        arts.insert(
            2 * j, {"id": 4100000 + j, "title": t, "url": s.base + path, "publish_time": 1700000000}
        )
    return arts


def gkmlpt_webid_api(s: Site) -> None:
    """The API at ``/gkmlpt/api/<cat>`` (named in the page's config), the site id as ``webId``;
    ``total`` is the number of pages, ``count`` the number of articles."""
    sid, cat, per = "7561201", 2911, 4
    s.page("/", '<div class="nav"><a href="/gkmlpt/index">政府信息公开</a></div>', title=s.county)
    arts = _gkmlpt(s, cat, ["人民政府", "财政局", "淡水街道办事处"], 0)
    s.page(
        "/gkmlpt/index",
        '<div id="app"></div><script>window.GKMLPT_CONFIG = { webId: "'
        + sid
        + '", apiBase: "/gkmlpt/api/", mode: "ALL" };</script><script src="/gkmlpt/static/js/app.js"></script>'
        f'<noscript><a href="/gkmlpt/index#{cat}">政府信息公开年报</a><a href="/gkmlpt/index#2901">政府信息公开指南</a>'
        "</noscript>",
        title="政府信息公开",
    )

    def api(method: str, target: str, body: bytes) -> Reply:
        q = fields(target)
        if q.get("sid") != sid:
            return 200, dict(_JSON), b'{"code": 403, "msg": "sid"}'
        n = number(q.get("page"))
        pages = chunks(arts, per)
        out = {
            "page": n,
            "total": len(pages),
            "count": len(arts),
            "articles": pages[n - 1] if n <= len(pages) else [],
        }
        return 200, dict(_JSON), json.dumps(out, ensure_ascii=False).encode()

    s.routes[f"/gkmlpt/api/{cat}"] = api


def gkmlpt_initial_state(s: Site) -> None:
    """``window.__INITIAL_STATE__`` carries the site id (``site_id``), the category tree and the
    first page of articles; the API (``/gkmlpt/api/all/<cat>``) the other pages; no category id
    in any link."""
    sid, cat, per = "7562210", 3120, 5
    s.page("/", '<div class="nav"><a href="/zwgk/">政务公开</a></div>', title=s.county)
    s.page(
        "/zwgk/index.html",
        '<ul><li><a href="/gkmlpt/index">政府信息公开</a></li>'
        '<li><a href="/zwgk/zcjd/">政策解读</a></li></ul>',
        title="政务公开",
    )
    arts = _gkmlpt(s, cat, ["人民政府", "水利局", "平山街道办事处"], 1)
    state = {
        "config": {"site_id": int(sid), "type": "ALL"},
        "classify": [
            {
                "id": 0,
                "name": "全部",
                "children": [
                    {"id": 3101, "name": "政府信息公开指南"},
                    {"id": 3110, "name": "机构职能"},
                    {"id": cat, "name": "政府信息公开年报"},
                    {"id": 3130, "name": "规划计划"},
                ],
            }
        ],
        "list": {"articles": arts[:per], "total": len(arts), "page": 1},
    }
    s.page(
        "/gkmlpt/index",
        '<div id="app"></div><script>window.__INITIAL_STATE__ = '
        + json.dumps(state, ensure_ascii=False)
        + ";</script>",
        title="政府信息公开",
    )

    def api(method: str, target: str, body: bytes) -> Reply:
        q = fields(target)
        if q.get("sid") != sid:
            return 200, dict(_JSON), b'{"code": 403}'
        n = number(q.get("page"))
        out = {"articles": arts[(n - 1) * per : n * per], "total": len(arts), "page": n}
        return 200, dict(_JSON), json.dumps(out, ensure_ascii=False).encode()

    s.routes[f"/gkmlpt/api/all/{cat}"] = api


def gkmlpt_json_attachments(s: Site) -> None:
    """Articles whose file is named only in the API's ``attachment`` list; the answer under
    ``data`` with ``count`` (rows of this page), ``total`` (articles) and ``page``."""
    sid, cat, per = "7563305", 3355, 4
    s.page(
        "/",
        f'<div class="nav"><a href="/gkmlpt/index#{cat}">政府信息公开年报</a>'
        '<a href="/gkmlpt/index">政府信息公开</a></div>',
        title=s.county,
    )
    arts = _gkmlpt(s, cat, ["人民政府", "住房和城乡建设局", "罗阳街道办事处"], 2, json_files=True)
    s.page(
        "/gkmlpt/index",
        f'<div id="app"></div><script>var SID = "{sid}";</script>'
        f'<script src="/gkmlpt/static/js/index.js"></script>',
        title="政府信息公开",
    )

    def api(method: str, target: str, body: bytes) -> Reply:
        q = fields(target)
        if q.get("sid") != sid:
            return 200, dict(_JSON), b'{"code": 403}'
        n = number(q.get("page"))
        page = arts[(n - 1) * per : n * per]
        out = {
            "code": 0,
            "data": {"articles": page, "count": len(page), "total": len(arts), "page": n},
        }
        return 200, dict(_JSON), json.dumps(out, ensure_ascii=False).encode()

    s.routes[f"/gkmlpt/api/all/{cat}"] = api


def gkmlpt_catname_tree(s: Site) -> None:
    """A JSON ``<script>`` (``__NEXT_DATA__``) with the tree's ids as ``cid`` and names as
    ``catName``; the site id as ``siteCode``; rows named ``name``/``link`` under ``data.list``."""
    sid, cat, per = "7564401", 3488, 5
    s.page("/", '<a href="/gkmlpt/index">政府信息公开</a>', title=s.county)
    arts = _gkmlpt(s, cat, ["人民政府", "林业局", "龙窝镇人民政府"], 3)
    rows = [{"name": a["title"], "link": a["url"], "date": a["publish_time"]} for a in arts]
    state = {
        "props": {
            "siteCode": sid,
            "tree": [
                {"cid": 3401, "catName": "机构概况"},
                {"cid": 3460, "catName": "政策文件"},
                {"cid": cat, "catName": "年度报告"},
            ],
        }
    }
    s.page(
        "/gkmlpt/index",
        '<div id="root"></div><script id="__NEXT_DATA__" type="application/json">'
        + json.dumps(state, ensure_ascii=False)
        + "</script>",
        title="政府信息公开",
    )

    def api(method: str, target: str, body: bytes) -> Reply:
        q = fields(target)
        if q.get("sid") != sid:
            return 200, dict(_JSON), b'{"code": 403}'
        n = number(q.get("page"))
        out = {"code": 0, "data": {"list": rows[(n - 1) * per : n * per], "total": len(rows)}}
        return 200, dict(_JSON), json.dumps(out, ensure_ascii=False).encode()

    s.routes[f"/gkmlpt/api/all/{cat}"] = api


def gkmlpt_server_rendered(s: Site) -> None:
    """``/gkmlpt/annualreport``: the report column rendered by the server (rows and ``?page=N``
    pages), the page's script naming the SID but no category."""
    sid, per = "7565502", 4
    s.page(
        "/",
        '<div class="nav"><a href="/gkmlpt/annualreport">政府信息公开年报</a></div>',
        title=s.county,
    )
    arts = _gkmlpt(s, 3600, ["人民政府", "交通运输局", "新港镇人民政府"], 4)
    pages = chunks(arts, per)
    for k, chunk in enumerate(pages):
        lis = "".join(
            f'<li><a href="{a["url"]}" target="_blank">{a["title"]}</a><span>2024-01-0{1 + k}</span></li>'
            for a in chunk
        )
        nxt = (
            f'<a href="/gkmlpt/annualreport?page={k + 2}">下一页</a>' if k + 1 < len(pages) else ""
        )
        s.page(
            "/gkmlpt/annualreport" + (f"?page={k + 1}" if k else ""),
            f'<script>window.SID = "{sid}";</script><div class="annual"><h2>政府信息公开年报</h2><ul>{lis}</ul>'
            f'<div class="pager">第{k + 1}页 共{len(pages)}页 {nxt}</div></div>',
            title="政府信息公开年报",
        )


# -- Hanweb jcms -------------------------------------------------------------------------------


def _hanweb(s: Site, colid: int, units: list[str], style: int) -> list[str]:
    """Report pages and list records (<li> or <tr>), decoys among them."""
    recs = []
    rows = []
    for i, r in enumerate(publish(s, units, [2022, 2023], style)):
        r.path = f"/art/{r.year + 1}/2/{3 + i}/art_{colid}_{5800100 + i}.html"
        report_page(
            s,
            r,
            i,
            3500 + 20 * style,
            file_path=f"/module/download/downfile.jsp?classid=0&filename={5800100 + i}.docx"
            if i % 3 == 0
            else "",
            head=f'<meta name="ArticleTitle" content="{r.title}">',
        )
        rows.append({"title": r.title, "url": r.path, "date": f"{r.year + 1}-02-0{3 + i % 6}"})
    rows = rows_with_decoys(
        s, rows, lambda j: f"/art/2024/3/{j + 1}/art_{colid}_{5800000 + j}.html"
    )
    for x in rows:
        recs.append(
            f'<tr><td><a href="{x["url"]}" title="{x["title"]}" target="_blank">{x["title"]}</a></td><td>{x["date"]}</td></tr>'
            if style % 2
            else li(x)
        )
    return recs


def _store(recs: list[str], total: int | None = None) -> str:
    head = f"<totalrecord>{total}</totalrecord>" if total is not None else ""
    return (
        f"<datastore>{head}<recordset>"
        + "".join(f"<record><![CDATA[{x}]]></record>" for x in recs)
        + "</recordset></datastore>"
    )


def _hanweb_entry(s: Site, hub: int, colid: int, name: str = "政府信息公开年报") -> None:
    s.page(
        "/",
        f'<div class="top-nav"><a href="/col/col{hub}/index.html">信息公开</a></div>',
        title=s.county,
    )
    s.page(
        f"/col/col{hub}/index.html",
        f'<ul class="left-menu"><li><a href="/col/col{hub + 1}/index.html">政府信息公开指南</a></li>'
        f'<li><a href="/col/col{colid}/index.html">{name}</a></li></ul>',
        title="信息公开",
    )


def hanweb_xxgk_search(s: Site) -> None:
    """The 信息公开 module's ``search.jsp``: POST only, ``currpage: currpage`` (the page function's
    argument), an HTML table with 共N页 and a ``javascript:`` pager."""
    colid, per = 1400107, 4
    _hanweb_entry(s, 1400100, colid)
    recs = _hanweb(s, colid, ["人民政府", "商务局", "千岛湖镇人民政府"], 1)
    s.page(
        f"/col/col{colid}/index.html",
        '<div class="bt">政府信息公开年报</div><div id="div1"></div>'
        '<script type="text/javascript">\nfunction searchPage(currpage) {\n  $.ajax({ type: "POST", '
        'url: "/module/xxgk/search.jsp", data: { infotypeId: "NB01", jdid: "3152", area: "", divid: "div1", '
        'vc_title: "", vc_number: "", currpage: currpage, sortfield: "" }, '
        'success: function (html) { $("#div1").html(html); } });\n}\nsearchPage(1);</script>',
        title="政府信息公开年报",
    )

    def search(method: str, target: str, body: bytes) -> Reply:
        q = fields(target, body)
        if method != "POST" or q.get("infotypeId") != "NB01":
            return 200, dict(_HTML), "<p>暂无信息</p>".encode()
        pages = chunks(recs, per)
        n = number(q.get("currpage"))
        got = "".join(pages[n - 1]) if n <= len(pages) else ""
        return (
            200,
            dict(_HTML),
            (
                f'<table class="xxgk_table">{got}</table><div class="page">共{len(recs)}条记录 '
                f'共{len(pages)}页 <a href="javascript:searchPage({n + 1})">下一页</a></div>'
            ).encode(),
        )

    s.routes["/module/xxgk/search.jsp"] = search


def hanweb_query_string(s: Site) -> None:
    """No record inline; the proxy's fields (``unitid`` first) as one query string in a script
    variable sent as ``data``; the count in the answer."""
    colid, unitid, webid, per = 1400288, 4512345, 41, 5
    _hanweb_entry(s, 1400280, colid, "年度报告")
    recs = _hanweb(s, colid, ["人民政府", "市场监督管理局", "新安江街道办事处"], 2)
    s.page(
        f"/col/col{colid}/index.html",
        '<div class="list"><ul id="datalist"></ul></div><script>\n'
        f'var strParams = "unitid={unitid}&col=1&webname=" + encodeURIComponent("{s.county}") + '
        f'"&path=/&webid={webid}&columnid={colid}&sourceContentType=1&permissiontype=0&appid=1";\n'
        '$.ajax({ type: "POST", url: "/module/web/jpage/dataproxy.jsp?startrecord=1&endrecord=15&perpage=5", '
        'data: strParams, dataType: "xml", success: function (xml) { show(xml); } });</script>',
        title="年度报告",
    )

    def proxy(method: str, target: str, body: bytes) -> Reply:
        q = fields(target, body)
        if (
            q.get("unitid") != str(unitid)
            or q.get("webid") != str(webid)
            or q.get("columnid") != str(colid)
        ):
            return 200, dict(_XML), b"<datastore><recordset></recordset></datastore>"
        start, end = number(q.get("startrecord")), number(q.get("endrecord"), per)
        return 200, dict(_XML), _store(recs[start - 1 : end], len(recs)).encode()

    s.routes["/module/web/jpage/dataproxy.jsp"] = proxy


def hanweb_json_proxy(s: Site) -> None:
    """Records inline, the proxy answering JSON whose markup is ``\\u003c``-escaped (as Gson
    writes it)."""
    colid, unitid, webid, per = 1400355, 4519876, 55, 3
    _hanweb_entry(s, 1400350, colid)
    recs = _hanweb(s, colid, ["人民政府", "文化广电旅游体育局", "银湖街道办事处"], 3)
    s.page(
        f"/col/col{colid}/index.html",
        f'<div id="{unitid}"><script type="text/xml">{_store(recs[:per])}</script>'
        '<script src="/module/web/jpage/jpage.js"></script><script>$("#'
        + str(unitid)
        + '").jpage({ '
        f'dataStore: dataStore, perPage: {per}, totalRecord: {len(recs)}, proxyUrl: "/module/web/jpage/dataproxy.jsp", '
        f"webid: {webid}, columnid: {colid}, unitid: {unitid} }});</script></div>",
        title="政府信息公开年报",
    )

    def proxy(method: str, target: str, body: bytes) -> Reply:
        q = fields(target, body)
        if q.get("unitid") != str(unitid) or q.get("webid") != str(webid):
            return 200, dict(_JSON), b'{"totalRecord": 0, "records": []}'
        start, end = number(q.get("startrecord")), number(q.get("endrecord"), per)
        text = json.dumps(
            {"totalRecord": len(recs), "records": recs[start - 1 : end]}, ensure_ascii=False
        )
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("=", "\\u003d")
        return 200, dict(_JSON), text.encode()

    s.routes["/module/web/jpage/dataproxy.jsp"] = proxy


def hanweb_escaped_records(s: Site) -> None:
    """The inline datastore in a script string (quotes and slashes backslash-escaped); the proxy
    answering CDATA whose markup is entity-escaped inside."""
    colid, unitid, webid, per = 1400411, 4523456, 63, 4
    _hanweb_entry(s, 1400400, colid, "政府信息公开年度报告")
    recs = _hanweb(s, colid, ["人民政府", "自然资源和规划局", "东洲街道办事处"], 4)
    inline = _store(recs[:per]).replace('"', '\\"').replace("/", "\\/")
    s.page(
        f"/col/col{colid}/index.html",
        f'<div id="{unitid}"></div><script>\nvar dataStore = "{inline}";\n'
        f'var webid = "{webid}"; var columnid = "{colid}";\n'
        f"$('#{unitid}').jpage({{ dataStore: dataStore, perPage: {per}, totalRecord: {len(recs)}, "
        "proxyUrl: '/module/web/jpage/dataproxy.jsp', params: { webid: webid, columnid: columnid } });</script>",
        title="政府信息公开年度报告",
    )

    def proxy(method: str, target: str, body: bytes) -> Reply:
        q = fields(target, body)
        if q.get("unitid") != str(unitid) or q.get("webid") != str(webid):
            return 200, dict(_XML), b"<datastore><recordset></recordset></datastore>"
        start, end = number(q.get("startrecord")), number(q.get("endrecord"), per)
        out = "".join(
            f"<record><![CDATA[{html.escape(x)}]]></record>" for x in recs[start - 1 : end]
        )
        return 200, dict(_XML), f"<datastore><recordset>{out}</recordset></datastore>".encode()

    s.routes["/module/web/jpage/dataproxy.jsp"] = proxy


def hanweb_module_search(s: Site) -> None:
    """``$("#list").load("/module/search/index.jsp?…&currpage=" + n)``: a whole results page
    with its own pager links."""
    colid, per = 1400520, 4
    _hanweb_entry(s, 1400510, colid, "政府信息公开年报")
    recs = _hanweb(s, colid, ["人民政府", "民政局", "分水镇人民政府"], 5)
    s.page(
        f"/col/col{colid}/index.html",
        '<div class="bt">政府信息公开年报</div><div id="list"></div><script>\n'
        f'function page(n) {{ $("#list").load("/module/search/index.jsp?field_2281=&i_columnid={colid}&sortfield=-createdatetime'
        '&currpage=" + n); }\npage(1);</script>',
        title="政府信息公开年报",
    )

    def search(method: str, target: str, body: bytes) -> Reply:
        q = fields(target, body)
        if q.get("i_columnid") != str(colid):
            return 200, dict(_HTML), "<p>没有找到相关信息</p>".encode()
        pages = chunks(recs, per)
        n = number(q.get("currpage"))
        got = "".join(pages[n - 1]) if n <= len(pages) else ""
        nxt = (
            f'<a href="/module/search/index.jsp?i_columnid={colid}&amp;currpage={n + 1}">下一页</a>'
            if n < len(pages)
            else ""
        )
        return (
            200,
            dict(_HTML),
            (f"<html><body><ul>{got}</ul><div>共{len(pages)}页 {nxt}</div></body></html>").encode(),
        )

    s.routes["/module/search/index.jsp"] = search


def hanweb_uid_pages(s: Site) -> None:
    """The proxy refuses outsiders (403); the column's own pages ``index.html?uid=<unit>&
    pageNum=N`` carry each page's records inline, as jpage's pager links them."""
    colid, unitid, per = 1400600, 4530001, 4
    _hanweb_entry(s, 1400590, colid)
    recs = _hanweb(s, colid, ["人民政府", "科学技术局", "於潜镇人民政府"], 6)
    pages = chunks(recs, per)

    def column(method: str, target: str, body: bytes) -> Reply:
        q = fields(target)
        n = number(q.get("pageNum")) if q.get("uid") == str(unitid) else 1
        got = pages[n - 1] if n <= len(pages) else []
        bar = "".join(
            f'<a href="index.html?uid={unitid}&amp;pageNum={k + 1}">{k + 1}</a>'
            for k in range(len(pages))
        )
        doc = (
            f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>'
            f'<div id="{unitid}"><script type="text/xml">{_store(got)}</script></div>'
            '<script src="/module/web/jpage/jpage.js"></script>'
            f"<script>$('#{unitid}').jpage({{ dataStore: dataStore, perPage: {per}, totalRecord: {len(recs)}, "
            f"proxyUrl: '/module/web/jpage/dataproxy.jsp', webid: 7, columnid: {colid} }});</script>"
            f'<noscript><div class="pagebar">{bar}</div></noscript></body></html>'
        )
        return 200, dict(_HTML), doc.encode()

    s.routes[f"/col/col{colid}/index.html"] = column
    s.routes["/module/web/jpage/dataproxy.jsp"] = lambda m, t, b: (
        403,
        dict(_HTML),
        b"<h1>403 Forbidden</h1>",
    )


# -- home-made sites ---------------------------------------------------------------------------

_SIDE_HUBS = (
    "重点领域信息公开",
    "部门信息公开",
    "乡镇信息公开",
    "基层政务公开",
    "政务公开专栏",
    "公共企事业单位信息公开",
)
_SUB_HUBS = ("政务公开动态", "信息公开专题", "公开事项目录")


def _side_hubs(s: Site, prefix: str, depth: int, names: tuple[str, ...] = _SIDE_HUBS) -> str:
    """Links to other 公开 hubs, each a tree of more hubs ``depth`` deep with nothing in it:
    what a crawler that follows every 公开 link one hop further pays for."""
    links = []
    for k, name in enumerate(names):
        path = f"{prefix}s{k}/"
        links.append(f'<li><a href="{path}">{name}</a></li>')
        if path + "index.html" not in s.routes:
            inner = _side_hubs(s, path, depth - 1, _SUB_HUBS) if depth > 1 else ""
            s.page(
                path + "index.html",
                f'<ul class="sub">{inner}<li><a href="{path}tz.html">通知公告</a></li></ul>',
                title=name,
            )
    return "".join(links)


def _generic(s: Site, col: str, units: list[str], years: list[int], style: int, per: int) -> None:
    """The report list at ``col`` (index.html, index_1.html …), decoys among the reports."""
    rows = []
    for i, r in enumerate(publish(s, units, years, style)):
        r.path = f"{col}{r.year + 1}{i:02d}/t{r.year + 1}0312_{77100 + i}.html"
        report_page(
            s,
            r,
            i,
            3700 + 20 * style,
            file_path=f"/uploadfiles/{r.year + 1}/{77100 + i}.docx" if i % 3 == 1 else "",
        )
        rows.append({"title": r.title, "url": r.path, "date": f"{r.year + 1}-03-12"})
    rows = rows_with_decoys(s, rows, lambda j: f"{col}2024{j:02d}/t20240{j + 1}01_{76000 + j}.html")
    pages = chunks(rows, per)
    for k, chunk in enumerate(pages):
        name = "index.html" if k == 0 else f"index_{k}.html"
        nxt = f'<a href="index_{k + 1}.html">下一页</a>' if k + 1 < len(pages) else ""
        s.page(
            col + name,
            f'<div class="lm-title">政府信息公开年报</div><ul class="news-list">{"".join(li(x) for x in chunk)}'
            f'</ul><div class="pages">共{len(pages)}页 {nxt}</div>',
            title="政府信息公开年报",
        )


def generic_five_hops(s: Site) -> None:
    """政务公开 → 政府信息公开 → 政府信息公开目录 → 法定主动公开内容 → 政府信息公开年报: the
    column is linked from a page four hubs from home, every step beside other 公开 hubs."""
    s.page(
        "/",
        f'<div class="nav"><a href="/zwgk/">政务公开</a><a href="/bsfw/">办事服务</a></div>'
        f"<ul>{_side_hubs(s, '/ztzl/', 3)}</ul>",
        title=f"{s.county}人民政府",
    )
    s.page(
        "/zwgk/index.html",
        f'<ul><li><a href="/zwgk/xxgk/">政府信息公开</a></li>{_side_hubs(s, "/zwgk/", 3)}</ul>',
        title="政务公开",
    )
    s.page(
        "/zwgk/xxgk/index.html",
        '<ul><li><a href="/zwgk/xxgk/zn/">政府信息公开指南</a></li>'
        f'<li><a href="/zwgk/xxgk/ml/">政府信息公开目录</a></li>{_side_hubs(s, "/zwgk/xxgk/", 2)}</ul>',
        title="政府信息公开",
    )
    s.page(
        "/zwgk/xxgk/ml/index.html",
        '<ul><li><a href="/zwgk/xxgk/ml/jgzn/">机构职能</a></li>'
        f'<li><a href="/zwgk/xxgk/ml/fdzd/">法定主动公开内容</a></li>{_side_hubs(s, "/zwgk/xxgk/ml/", 1)}</ul>',
        title="政府信息公开目录",
    )
    s.page(
        "/zwgk/xxgk/ml/fdzd/index.html",
        '<ul><li><a href="/zwgk/xxgk/ml/fdzd/ghjh/">规划计划</a></li>'
        '<li><a href="/zwgk/xxgk/ml/fdzd/nb/">政府信息公开年报</a></li></ul>',
        title="法定主动公开内容",
    )
    _generic(
        s,
        "/zwgk/xxgk/ml/fdzd/nb/",
        ["人民政府", "发展和改革局", "七星街道办事处"],
        [2022, 2023],
        0,
        4,
    )


def generic_four_hops(s: Site) -> None:
    """信息公开 → 政府信息公开 → 主动公开 → 政府信息公开专栏 → 年报, the step names
    different from the first deep site's."""
    s.page(
        "/",
        f'<div class="menu"><a href="/xxgk/">信息公开</a></div><div class="zt">{_side_hubs(s, "/zt/", 1)}</div>',
        title=f"{s.county}人民政府",
    )
    s.page(
        "/xxgk/index.html",
        f'<a href="/xxgk/zfxxgk/">政府信息公开</a>{_side_hubs(s, "/xxgk/", 3)}',
        title="信息公开",
    )
    s.page(
        "/xxgk/zfxxgk/index.html",
        f'<a href="/xxgk/zfxxgk/zdgk/">法定主动公开</a>{_side_hubs(s, "/xxgk/zfxxgk/", 2)}',
        title="政府信息公开",
    )
    s.page(
        "/xxgk/zfxxgk/zdgk/index.html",
        '<a href="/xxgk/zfxxgk/zdgk/zl/">政府信息公开专栏</a>'
        '<a href="/xxgk/zfxxgk/zdgk/czyjs/">财政预决算</a>',
        title="法定主动公开",
    )
    s.page(
        "/xxgk/zfxxgk/zdgk/zl/index.html",
        '<a href="/xxgk/zfxxgk/zdgk/zl/nb/">年报</a>'
        '<a href="/xxgk/zfxxgk/zdgk/zl/zn.html">指南</a>',
        title="政府信息公开专栏",
    )
    _generic(
        s, "/xxgk/zfxxgk/zdgk/zl/nb/", ["人民政府", "统计局", "甘霖镇人民政府"], [2023, 2024], 1, 3
    )


def generic_yearly_reports(s: Site) -> None:
    """A shallow site whose 年度报告 column mixes disclosure reports with the county's other
    yearly reports (工作报告, 统计公报, 法治政府建设年度报告) of several years."""
    s.page(
        "/",
        '<a href="/zfxxgk/">政府信息公开</a><a href="/sjfb/">数据发布</a>',
        title=f"{s.county}人民政府",
    )
    s.page(
        "/zfxxgk/index.html",
        '<a href="/zfxxgk/ndbg/">年度报告</a><a href="/zfxxgk/zcwj/">政策文件</a>',
        title="政府信息公开",
    )
    _generic(s, "/zfxxgk/ndbg/", ["人民政府", "审计局"], [2021, 2022, 2023], 2, 3)


SPECS: list[tuple[str, str, str, Callable[[Site], None]]] = [
    ("a3-ah1", "anhui_public", "歙县", anhui_post_json),
    ("a3-ah2", "anhui_public", "潜山市", anhui_curpage_fragment),
    ("a3-ah3", "anhui_public", "太湖县", anhui_post_page_fragment),
    ("a3-ah4", "anhui_public", "宿松县", anhui_pagenum_json),
    ("a3-ah5", "anhui_public", "岳西县", anhui_json_wrapped_html),
    ("a3-ah6", "anhui_public", "望江县", anhui_jsonp_query_data),
    ("a3-gd1", "gkmlpt", "惠阳区", gkmlpt_webid_api),
    ("a3-gd2", "gkmlpt", "惠东县", gkmlpt_initial_state),
    ("a3-gd3", "gkmlpt", "博罗县", gkmlpt_json_attachments),
    ("a3-gd4", "gkmlpt", "紫金县", gkmlpt_catname_tree),
    ("a3-gd5", "gkmlpt", "台山市", gkmlpt_server_rendered),
    ("a3-hw1", "hanweb", "淳安县", hanweb_xxgk_search),
    ("a3-hw2", "hanweb", "建德市", hanweb_query_string),
    ("a3-hw3", "hanweb", "富阳区", hanweb_json_proxy),
    ("a3-hw4", "hanweb", "临安区", hanweb_escaped_records),
    ("a3-hw5", "hanweb", "分水县", hanweb_module_search),
    ("a3-hw6", "hanweb", "昌化县", hanweb_uid_pages),
    ("a3-g1", "generic", "新昌县", generic_five_hops),
    ("a3-g2", "generic", "嵊州市", generic_four_hops),
    ("a3-g3", "generic", "诸暨市", generic_yearly_reports),
]


def _host(i: int) -> str:
    host = f"127.0.0.{160 + i}"
    try:
        with socket.socket() as sock:
            sock.bind((host, 0))
        return host
    except OSError:
        return "127.0.0.1"


def start() -> list[Site]:
    sites = []
    for i, (pid, family, county, build) in enumerate(SPECS):
        s = Site(pid, family, county, host=_host(i))
        s.routes["/robots.txt"] = lambda m, t, b: (
            200,
            {"Content-Type": "text/plain"},
            b"User-agent: *\nAllow: /\n",
        )
        s.server = LoopbackServer((s.host, 0), handler_for(s.serve))
        s.port = s.server.server_address[1]
        build(s)
        threading.Thread(
            target=s.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
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
        f'[[portal]]\nid = "{s.pid}"\nagency = "{s.county}人民政府"\nregion_code = "330127"\n'
        f'family = "{family or s.family}"\nstart_urls = ["{s.base}/"]\n\n'
        for s in sites
    )
