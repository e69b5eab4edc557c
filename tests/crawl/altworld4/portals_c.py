"""Portals 11-15: a TRS list paged only by a listModel({pagebar:…}) call, a GBK JSP site on a
bare IP:port, Hanweb with dataproxy.jsp, Guangdong gkmlpt, the Anhui public platform."""

from __future__ import annotations

import json
from datetime import datetime
from urllib.parse import parse_qs, quote, urlsplit

from .core import CTYPES, Builder, Site, esc, hexid, numid, suoyin, trunc


# ============================================================================ 11 邹城 TRS listModel
def build_zoucheng(s: Site, b: Builder) -> None:
    """TRS list of 23 records, 10 a page: index.html, index_1.html, index_2.html; no pager
    markup, the paging is declared only in listModel({pagebar:{recordCount:23, prepage:10,
    maxStaticIndex:2 …}})."""
    nav = [
        ("首页", "/"),
        ("政务公开", "/zwgk/index.html"),
        ("新闻中心", "/xwzx/index.html"),
        ("政务服务", "/zwfw/index.html"),
    ]
    col = "/zwgk/zfxxgknb"
    entries: list[tuple[str, str, str]] = []

    def detail(title: str, date: str, body: str, org: str) -> str:
        ym = date[:4] + date[5:7]
        name = f"t{date.replace('-', '')}_{numid(s.pid, title, digits=7)}.html"
        b.page(
            f"{col}/{ym}/{name}",
            b.chrome(
                title,
                f'<div class="detail"><div class="xxgk_table">'
                f"{suoyin('11370883' + str(numid(org, digits=4)) + '/' + date[:4] + '-' + str(numid(title, digits=5)), org, date, title)}</div>"
                f'<h1 class="detail_title">{esc(title)}</h1>'
                f'<div class="trs_editor_view TRS_UEDITOR trs_paper_default">{body}</div></div>',
                nav=nav,
                column="政府信息公开年报",
                art_title=title,
                pub=date,
                source=org,
            ),
        )
        return f"{col}/{ym}/{name}", f"./{ym}/{name}"

    reps = [
        ("邹城市人民政府", 2024, "std", "html"),
        ("邹城市人民政府", 2023, "std", "html"),
        ("邹城市人民政府", 2022, "std", "html"),
        ("邹城市人民政府", 2021, "guanyu", "html"),
        ("邹城市人民政府办公室", 2024, "std", "html"),
        ("邹城市人民政府办公室", 2023, "ndu", "html"),
        ("邹城市教育和体育局", 2024, "std", "docx"),
        ("邹城市公安局", 2024, "std", "html"),
        ("邹城市财政局", 2024, "nianbao", "html"),
        ("邹城市自然资源和规划局", 2024, "std", "html"),
        ("邹城市住房和城乡建设局", 2024, "std", "html"),
        ("邹城市卫生健康局", 2024, "std", "pdf"),
        ("邹城市市场监督管理局", 2024, "std", "html"),
        ("邹城市统计局", 2024, "std", "html"),
        ("邹城市民政局", 2023, "std", "html"),
        ("邹城市水务局", 2023, "yearfirst", "html"),
        ("邹城市钢山街道办事处", 2024, "std", "pdf"),
        ("邹城市千泉街道办事处", 2024, "std", "html"),
        ("邹城市太平镇人民政府", 2023, "std", "html"),
        ("邹城市峄山镇人民政府", 2023, "two", "html"),
    ]
    for ag, y, st, fmt in reps:
        sp = b.spec(ag, y, st)
        if fmt == "html":
            p, rel = detail(sp.title.replace("\n", ""), sp.date, b.body_of(sp), ag)
            b.report(sp, "html", p)
        else:
            ym = sp.date[:4] + sp.date[5:7]
            fname = f"P0{sp.date.replace('-', '')}{numid(sp.title, digits=9)}.{fmt}"
            p, rel = detail(
                sp.title,
                sp.date,
                f'<p>{esc(sp.title)}</p><p><a href="./{fname}">{esc(sp.title)}.{fmt}</a></p>',
                ag,
            )
            b.file(f"{col}/{ym}/{fname}", b.bin(sp, fmt), CTYPES[fmt])
            b.report(sp, fmt, f"{col}/{ym}/{fname}", p)
        entries.append((sp.title.replace("\n", ""), rel, sp.date))
    for kind, y, d, ag in (
        ("tjnb", 2024, "2024-11-28", None),
        ("jiedu", 2024, "2025-01-30", "邹城市人民政府"),
        ("fzzf", 2024, "2025-03-03", "邹城市人民政府"),
    ):
        dc = b.decoy(kind, y, d, ag)
        p, rel = detail(dc.title, dc.date, b.decoy_body(dc), dc.signer)
        b.non_report(p)
        entries.append((dc.title, rel, dc.date))
    entries.sort(key=lambda e: e[2], reverse=True)
    assert len(entries) == 23
    for n in range(3):
        chunk = entries[n * 10 : (n + 1) * 10]
        lis = "".join(
            f'<li><a href="{h}" target="_blank" title="{esc(t)}">{esc(trunc(t, 32))}</a><span class="date">{d}</span></li>'
            for t, h, d in chunk
        )
        script = (
            '<script type="text/javascript">\n$(function(){\n  listModel({\n    elem: "#xxgk_list",\n'
            f'    pagebar:{{recordCount:23, prepage:10, maxStaticIndex:2, currPage:{n}, pageName:"index", pageExt:"html"}},\n'
            '    dynamicUrl: "/was5/web/search?channelid=223344",\n    render: "list"\n  });\n});\n</script>'
        )
        b.page(
            f"{col}/index{'' if n == 0 else f'_{n}'}.html",
            b.chrome(
                "政府信息公开年报",
                f'<div class="lm_title">政府信息公开年报</div><ul id="xxgk_list" class="xxgk_list">{lis}</ul>'
                f'<div id="pagebar"></div>{script}',
                nav=nav,
                column="政府信息公开年报",
                head_extra='<script src="/js/jquery.min.js"></script><script src="/js/listModel.js"></script>',
            ),
        )
    hub = (
        '<div class="gk_nav"><a href="/zwgk/xxgkzn/index.html">政府信息公开指南</a><a href="/zwgk/zfxxgknb/index.html">政府信息公开年报</a>'
        '<a href="/zwgk/fdzdgknr/index.html">法定主动公开内容</a></div>'
    )
    b.page("/zwgk/index.html", b.chrome("政务公开", hub, nav=nav, column="政务公开"))
    for p in ("/zwgk/xxgkzn/index.html", "/zwgk/fdzdgknr/index.html", "/zwfw/index.html"):
        b.page(p, b.chrome("栏目", "<div>暂无</div>", nav=nav))
    b.add(
        "/js/listModel.js",
        b"function listModel(o){/* builds the pager from o.pagebar */}",
        "application/javascript",
    )
    news = b.news_pages("/xwzx/202501/t20250115_", nav)
    b.page(
        "/xwzx/index.html",
        b.chrome(
            "新闻中心",
            "<ul>" + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news) + "</ul>",
            nav=nav,
        ),
    )
    b.page(
        "/",
        b.chrome(
            "邹城市人民政府",
            '<ul class="news">'
            + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news)
            + '</ul><a href="/zwgk/index.html">政务公开</a>',
            nav=nav,
        ),
    )


# ============================================================================ 12 舒兰 bare IP, GBK JSP
def build_shulan(s: Site, b: Builder) -> None:
    """A JSP portal on a bare IP:port, GBK, no charset in the HTTP header, absolute links with
    the IP; /zwgk/list.jsp?lmid=35&pageNo=N, /zwgk/news_view.jsp?newsid=N; files through
    /upload/download.jsp?fileid=N as application/octet-stream with a GBK-as-latin-1 name."""
    nav = [
        ("首页", b.url("/index.jsp")),
        ("政务公开", b.url("/zwgk/index.jsp")),
        ("新闻中心", b.url("/zwgk/list.jsp?lmid=2")),
    ]
    items: list[tuple[str, str, str]] = []
    enc = "gbk"

    def page(path: str, title: str, body: str, **kw) -> None:
        b.page(
            path,
            b.chrome(title, body, nav=nav, charset="gb2312", **kw),
            encoding=enc,
            ctype="text/html",
        )

    def view(title: str, date: str, body: str, org: str) -> str:
        path = f"/zwgk/news_view.jsp?newsid={numid(s.pid, title, digits=5)}"
        page(
            path,
            title,
            f'<table width="980" align="center"><tr><td class="bt">{esc(title)}</td></tr>'
            f'<tr><td class="ly">来源：{esc(org)}　发布时间：{date}</td></tr>'
            f'<tr><td class="nr">{body}</td></tr></table>',
            column="政府信息公开年报",
            art_title=title,
            pub=date,
            source=org,
        )
        items.append((title, b.url(path), date))
        return path

    def dl(spec, fmt: str) -> str:
        path = (
            f"/upload/download.jsp?fileid={spec.date.replace('-', '')}{numid(spec.title, digits=6)}"
        )
        b.file(
            path,
            b.bin(spec, fmt),
            "application/octet-stream",
            filename=spec.title.replace("\n", "") + "." + fmt,
            disposition="gbk-latin1",
        )
        return path

    gov, sl = "舒兰市人民政府", "舒兰市水利局"
    sp = b.spec(gov, 2024, "std")
    a = dl(sp, "pdf")
    b.report(
        sp,
        "pdf",
        a,
        view(sp.title, sp.date, f'<p>附件：<a href="{b.url(a)}">{esc(sp.title)}.pdf</a></p>', gov),
    )
    sp = b.spec(sl, 2024, "std")
    a = dl(sp, "doc")
    b.report(
        sp,
        "doc",
        a,
        view(sp.title, sp.date, f'<p>附件：<a href="{b.url(a)}">{esc(sp.title)}.doc</a></p>', sl),
    )
    sp = b.spec(gov, 2023, "std")
    b.report(sp, "html", view(sp.title, sp.date, b.body_of(sp, title=False), gov))
    sp = b.spec(gov, 2022, "guanyu")
    a = dl(sp, "doc")
    b.report(
        sp,
        "doc",
        a,
        view(sp.title, sp.date, f'<p><a href="{b.url(a)}">下载附件</a></p>', gov),
        note="link text 下载附件",
    )
    dj = b.decoy("juesuan", 2023, "2024-09-05", "舒兰市财政局")
    a = dl(dj, "pdf")
    b.non_report(
        view(dj.title, dj.date, f'<p><a href="{b.url(a)}">{esc(dj.title)}.pdf</a></p>', dj.signer),
        a,
    )
    dg = b.decoy("gzbg", 2024, "2025-01-10")
    b.non_report(view(dg.title, dg.date, b.decoy_body(dg), dg.signer))
    items.sort(key=lambda x: x[2], reverse=True)
    per = 3
    pages = [items[i : i + per] for i in range(0, len(items), per)]
    for n, chunk in enumerate(pages, start=1):
        rows = "".join(
            f'<tr><td>·<a href="{h}" target="_blank">{esc(trunc(t, 28))}</a></td><td>{d}</td></tr>'
            for t, h, d in chunk
        )
        pg = (
            f'<tr><td colspan="2">共{len(items)}条 第{n}页 '
            + (
                f'<a href="{b.url(f"/zwgk/list.jsp?lmid=35&pageNo={n + 1}")}">下一页</a>'
                if n < len(pages)
                else ""
            )
            + (
                f' <a href="{b.url(f"/zwgk/list.jsp?lmid=35&pageNo={n - 1}")}">上一页</a>'
                if n > 1
                else ""
            )
            + "</td></tr>"
        )
        path = "/zwgk/list.jsp?lmid=35" + (f"&pageNo={n}" if n > 1 else "")
        page(
            path,
            "政府信息公开年报",
            f'<table class="list" width="760">{rows}{pg}</table>',
            column="政府信息公开年报",
        )
        if n == 1:
            page(
                path + "&pageNo=1",
                "政府信息公开年报",
                f'<table class="list" width="760">{rows}{pg}</table>',
                column="政府信息公开年报",
            )
    page(
        "/zwgk/index.jsp",
        "政务公开",
        f'<table><tr><td><a href="{b.url("/zwgk/list.jsp?lmid=33")}">政府信息公开指南</a></td>'
        f'<td><a href="{b.url("/zwgk/list.jsp?lmid=35")}">政府信息公开年报</a></td></tr></table>',
    )
    page("/zwgk/list.jsp?lmid=33", "政府信息公开指南", "<table><tr><td>暂无</td></tr></table>")
    page("/zwgk/list.jsp?lmid=2", "新闻中心", "<table><tr><td>暂无</td></tr></table>")
    home = (
        f'<table width="1000"><tr><td><a href="{b.url("/zwgk/index.jsp")}">政务公开</a></td>'
        f'<td><a href="{b.url("/zwgk/list.jsp?lmid=35")}">信息公开年报</a></td></tr></table>'
    )
    page("/", "舒兰市人民政府", home)
    page("/index.jsp", "舒兰市人民政府", home)


# ============================================================================ 13 龙游 Hanweb
def build_longyou(s: Site, b: Builder) -> None:
    """Hanweb JCMS: /col/col<ID>/index.html with the first 15 records inline in a
    <script type="text/xml"> datastore; the rest from POST /module/web/jpage/dataproxy.jsp;
    details /art/YYYY/M/D/art_<col>_<id>.html; files via /module/download/downfile.jsp served
    as text/html. Day 2 adds a .doc report to the 部门 column."""
    nav = [
        ("首页", "/"),
        ("政务公开", "/col/col1229184/index.html"),
        ("新闻中心", "/col/col1229100/index.html"),
        ("政务服务", "/col/col1229200/index.html"),
    ]
    cols = {1229190: "政府信息公开年报", 1229191: "部门年报", 1229192: "乡镇（街道）年报"}
    unit = {1229190: 5983012, 1229191: 5983013, 1229192: 5983014}
    webid = 3521
    recs: dict[int, list[tuple[str, str, str]]] = {c: [] for c in cols}

    def art(col: int, title: str, date: str, body: str, org: str) -> str:
        y, m, d = (int(x) for x in date.split("-"))
        path = f"/art/{y}/{m}/{d}/art_{col}_{numid(s.pid, title, digits=8)}.html"
        b.page(
            path,
            b.chrome(
                title,
                f'<div class="main-txt"><div class="title">{esc(title)}</div>'
                f'<div class="info">发布日期：{date}　信息来源：{esc(org)}　浏览次数：'
                f'<script language="javascript" src="/module/visitcount/articlehits.jsp?colid={col}&artid=1"></script></div>'
                f'<div class="bt_content" id="zoom"><!--ZJEG_RSS.content.begin--><meta name="ContentStart">{body}'
                f'<meta name="ContentEnd"><!--ZJEG_RSS.content.end--></div></div>',
                nav=nav,
                column=cols[col],
                art_title=title,
                pub=date,
                source=org,
            ),
        )
        recs[col].append((title, path, date))
        return path

    def downfile(spec, fmt: str) -> tuple[str, str]:
        fn = f"{hexid(s.pid, 'df', spec.title)}.{fmt}"
        show = spec.title.replace("\n", "") + "." + fmt
        path = f"/module/download/downfile.jsp?classid=0&filename={fn}&showname={quote(show)}"
        b.file(path, b.bin(spec, fmt), "text/html;charset=UTF-8")
        return path, show

    gov, off = "龙游县人民政府", "龙游县人民政府办公室"
    for y, st in ((2024, "std"), (2023, "std"), (2022, "ndu"), (2021, "std")):
        sp = b.spec(gov, y, st)
        b.report(sp, "html", art(1229190, sp.title, sp.date, b.body_of(sp), gov), note="hanweb art")
    for y in (2024, 2023):
        sp = b.spec(off, y, "std")
        b.report(sp, "html", art(1229190, sp.title, sp.date, b.body_of(sp), off), note="hanweb art")
    for kind, y, d in (
        ("gzbg", 2024, "2025-01-17"),
        ("tjgb", 2024, "2025-03-25"),
        ("yaodian", 2024, "2025-04-11"),
        ("jiedu", 2024, "2025-01-26"),
        ("fzzf", 2024, "2025-02-27"),
        ("gzbg", 2023, "2024-01-19"),
        ("tjgb", 2023, "2024-03-27"),
        ("yaodian", 2023, "2024-04-09"),
        ("jiedu", 2023, "2024-01-29"),
        ("fzzf", 2023, "2024-02-28"),
        ("gzbg", 2022, "2023-01-13"),
        ("fzzf", 2022, "2023-02-24"),
        ("tjgb", 2022, "2023-03-28"),
    ):
        dc = b.decoy(kind, y, d, gov if kind in ("jiedu", "fzzf") else None)
        b.non_report(art(1229190, dc.title, dc.date, b.decoy_body(dc), dc.signer))
    jy, sj, lz, hz = (
        "龙游县教育局",
        "龙游县市场监督管理局",
        "龙游县龙洲街道办事处",
        "龙游县湖镇镇人民政府",
    )
    for ag, y, fmt, col in (
        (jy, 2024, "pdf", 1229191),
        (jy, 2023, "pdf", 1229191),
        (sj, 2024, "doc", 1229191),
        (lz, 2024, "docx", 1229192),
    ):
        sp = b.spec(ag, y, "std")
        a, show = downfile(sp, fmt)
        b.report(
            sp,
            fmt,
            a,
            art(
                col,
                sp.title,
                sp.date,
                f'<p>{esc(sp.title)}</p><p>附件：<a href="{a}" target="_blank">{esc(show)}</a></p>',
                ag,
            ),
            note="downfile.jsp as text/html",
        )
    dj = b.decoy("juesuan", 2023, "2024-08-29", "龙游县财政局")
    a, show = downfile(dj, "pdf")
    b.non_report(
        art(1229191, dj.title, dj.date, f'<p><a href="{a}">{esc(show)}</a></p>', dj.signer), a
    )
    sp = b.spec(hz, 2023, "guanyu")
    b.report(sp, "html", art(1229192, sp.title, sp.date, b.body_of(sp), hz))
    if s.day >= 2:
        zj = "龙游县住房和城乡建设局"
        sp = b.spec(zj, 2024, "std", date="2025-06-16")
        a, show = downfile(sp, "doc")
        r = b.report(
            sp,
            "doc",
            a,
            art(1229191, sp.title, sp.date, f'<p>附件：<a href="{a}">{esc(show)}</a></p>', zj),
            note="day 2: new DOC report",
        )
        s.day2_added = [r]

    per = 15

    def record(t: str, h: str, d: str) -> str:
        return (
            f'<record><![CDATA[<li><a href="{h}" target="_blank" title="{esc(t)}">{esc(trunc(t, 30))}</a>'
            f'<span class="bt-data-time">{d}</span></li>]]></record>'
        )

    def sorted_recs(col: int) -> list[tuple[str, str, str]]:
        return sorted(recs[col], key=lambda x: x[2], reverse=True)

    for col, name in cols.items():
        rs = sorted_recs(col)
        u = unit[col]
        inline = "".join(record(*x) for x in rs[:per])
        nxt = (
            f"/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid={webid}&path=/&columnid={col}&unitid={u}"
            f"&webname=%E9%BE%99%E6%B8%B8%E5%8E%BF%E4%BA%BA%E6%B0%91%E6%94%BF%E5%BA%9C&permissiontype=0"
        )
        body = (
            '<div class="sub-left"><ul>'
            + "".join(f'<li><a href="/col/col{c}/index.html">{n}</a></li>' for c, n in cols.items())
            + f'</ul></div><div class="sub-right"><div class="bt-title">{name}</div><div id="{u}">'
            f'<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="{nxt}"></a>]]></nextgroup>'
            f"<recordset>{inline}</recordset></datastore></script>"
            f'<script language="javascript" src="/module/web/jpage/jpage.js"></script>'
            f'<script>$(document).ready(function(){{ $("#{u}").jpage({{totalRecord:{len(rs)}, perPage:{per}, '
            f'proxyUrl:"/module/web/jpage/dataproxy.jsp", groupSize:3, barPosition:"bottom", '
            f'ajaxParam:{{col:1, appid:1, webid:{webid}, path:"/", columnid:{col}, sourceContentType:1, unitid:{u}, '
            f'webname:"龙游县人民政府", permissiontype:0}}}}); }});</script></div></div>'
        )
        b.page(f"/col/col{col}/index.html", b.chrome(name, body, nav=nav, column=name))

    def dataproxy(method: str, path: str, body: bytes):
        sp = urlsplit(path)
        if sp.path != "/module/web/jpage/dataproxy.jsp":
            return None
        q = {k: v[0] for k, v in parse_qs(sp.query).items()}
        if method == "POST" and body:
            q.update({k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()})
        try:
            col = int(q.get("columnid", "0"))
        except ValueError:
            col = 0
        if col not in cols:
            return (
                200,
                {"Content-Type": "text/xml;charset=UTF-8"},
                b"<datastore><totalrecord>0</totalrecord></datastore>",
            )
        rs = sorted_recs(col)
        pp = int(q.get("perpage", per) or per)
        if "startrecord" in q:
            start, end = (
                int(q["startrecord"]),
                int(q.get("endrecord", int(q["startrecord"]) + 3 * pp - 1)),
            )
        else:
            page = int(q.get("page", "1") or 1)
            start, end = (page - 1) * pp + 1, page * pp
        chunk = rs[start - 1 : end]
        tp = (len(rs) + pp - 1) // pp
        xml = (
            f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{len(rs)}</totalrecord>'
            f"<totalpage>{tp}</totalpage><recordset>"
            + "".join(record(*x) for x in chunk)
            + "</recordset></datastore>"
        )
        return 200, {"Content-Type": "text/xml;charset=UTF-8"}, xml.encode()

    s.dynamic = dataproxy
    hub = (
        '<div class="gk-index"><a href="/col/col1229185/index.html">政府信息公开指南</a>'
        + "".join(f'<a href="/col/col{c}/index.html">{n}</a>' for c, n in cols.items())
        + "</div>"
    )
    b.page("/col/col1229184/index.html", b.chrome("政务公开", hub, nav=nav, column="政务公开"))
    for c in (1229185, 1229200):
        b.page(f"/col/col{c}/index.html", b.chrome("栏目", "<div>暂无</div>", nav=nav))
    news = b.news_pages("/art/2025/1/10/art_1229100_", nav)
    b.page(
        "/col/col1229100/index.html",
        b.chrome(
            "新闻中心",
            "<ul>" + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news) + "</ul>",
            nav=nav,
        ),
    )
    hp = b.chrome(
        "龙游县人民政府",
        '<ul class="news">'
        + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news)
        + '</ul><a href="/col/col1229184/index.html">政府信息公开</a>',
        nav=nav,
    )
    b.page("/", hp)
    b.page("/index.html", hp)


# ============================================================================ 14 斗门 gkmlpt
def build_doumen(s: Site, b: Builder) -> None:
    """Guangdong gkmlpt: /gkmlpt/index is a JS shell (SID in the page JS), the list comes from
    GET /gkmlpt/api/all/<catId>?page=N&sid=<SID> (10 a page; page 3 → 404); details
    /gkmlpt/content/<a>/<b>/post_<id>.html or /gkmlpt/content/post_<id>.html; files
    /attachment/0/<a>/<b>/<id>.pdf."""
    nav = [("首页", "/"), ("政府信息公开", "/gkmlpt/index"), ("新闻动态", "/xwdt/index.html")]
    SID, CAT = "757001", 2893
    arts: list[dict] = []

    def post(title: str, date: str, body: str, org: str, short: bool = False) -> str:
        pid = numid(s.pid, title, digits=7)
        path = (
            f"/gkmlpt/content/post_{pid}.html"
            if short
            else f"/gkmlpt/content/{pid // 1000000}/{pid // 1000}/post_{pid}.html"
        )
        idx = f"11440403{numid(org, digits=5)}/{date[:4]}-{pid % 100000:05d}"
        b.page(
            path,
            b.chrome(
                title,
                f'<div class="content"><div class="introduce"><table>'
                f"<tr><td>索引号：</td><td>{idx}</td><td>分类：</td><td>政府信息公开年报</td></tr>"
                f"<tr><td>发布机构：</td><td>{esc(org)}</td><td>成文日期：</td><td>{date}</td></tr>"
                f'<tr><td>名称：</td><td colspan="3">{esc(title)}</td></tr></table></div>'
                f'<div class="article-content">{body}</div></div>',
                nav=nav,
                column="政府信息公开年报",
                art_title=title,
                pub=date,
                source=org,
            ),
        )
        ts = int(datetime.strptime(date, "%Y-%m-%d").timestamp())
        arts.append(
            {
                "id": pid,
                "title": title,
                "url": b.url(path),
                "date": ts,
                "publisher": org,
                "identifier": idx,
                "classify_id": CAT,
                "classify_name": "政府信息公开年报",
            }
        )
        return path

    def attachment(spec, fmt: str) -> str:
        aid = numid(s.pid, "att", spec.title, digits=6)
        path = f"/attachment/0/{aid // 10000}/{aid // 100}/{aid}.{fmt}"
        b.file(path, b.bin(spec, fmt), CTYPES[fmt])
        return path

    gov, off = "珠海市斗门区人民政府", "珠海市斗门区人民政府办公室"
    for y, st, short in (
        (2024, "std", False),
        (2023, "std", True),
        (2022, "std", False),
        (2021, "ndu", False),
    ):
        sp = b.spec(gov, y, st)
        b.report(sp, "html", post(sp.title, sp.date, b.body_of(sp), gov, short), note="gkmlpt post")
    sp = b.spec(off, 2024, "std")
    b.report(sp, "html", post(sp.title, sp.date, b.body_of(sp), off))
    jy, ws, ja, bj = (
        "珠海市斗门区教育局",
        "珠海市斗门区卫生健康局",
        "珠海市斗门区井岸镇人民政府",
        "珠海市斗门区白蕉镇人民政府",
    )
    sp = b.spec(ws, 2023, "guanyu")
    b.report(sp, "html", post(sp.title, sp.date, b.body_of(sp), ws))
    for ag, y, fmt in ((jy, 2024, "pdf"), (ja, 2024, "docx"), (bj, 2023, "pdf"), (bj, 2024, "pdf")):
        sp = b.spec(ag, y, "std")
        a = attachment(sp, fmt)
        b.report(
            sp,
            fmt,
            a,
            post(
                sp.title,
                sp.date,
                f'<p>{esc(sp.title)}</p><p><a href="{a}">{esc(sp.title)}.{fmt}</a></p>',
                ag,
            ),
            note="gkmlpt attachment",
        )
    for kind, y, d, ag in (
        ("jiedu", 2024, "2025-01-31", gov),
        ("jiedu", 2023, "2024-01-30", gov),
        ("fzzf", 2024, "2025-03-05", gov),
        ("zhinan", 2023, "2023-05-06", gov),
    ):
        dc = b.decoy(kind, y, d, ag)
        b.non_report(post(dc.title, dc.date, b.decoy_body(dc), dc.signer))
    arts.sort(key=lambda a: a["date"], reverse=True)
    size = 10

    def api(method: str, path: str, body: bytes):
        sp = urlsplit(path)
        if not sp.path.startswith("/gkmlpt/api/"):
            return None
        q = {k: v[0] for k, v in parse_qs(sp.query).items()}
        if sp.path.rstrip("/") == "/gkmlpt/api/tree" or sp.path.startswith("/gkmlpt/api/classify"):
            tree = [
                {"id": 2890, "name": "机构职能", "parent": 0},
                {"id": 2891, "name": "规划计划", "parent": 0},
                {"id": 2892, "name": "财政信息", "parent": 0},
                {"id": CAT, "name": "政府信息公开年报", "parent": 0},
            ]
            return (
                200,
                {"Content-Type": "application/json;charset=UTF-8"},
                json.dumps(tree, ensure_ascii=False).encode(),
            )
        parts = sp.path.rstrip("/").split("/")
        if len(parts) != 5 or parts[3] != "all" or q.get("sid") != SID:
            return 404, {"Content-Type": "application/json"}, b'{"code":404,"message":"not found"}'
        cat = parts[4]
        items = arts if cat in (str(CAT), "0") else []
        page = int(q.get("page", "1") or 1)
        pages = max(1, (len(items) + size - 1) // size)
        if page > pages:
            return (
                404,
                {"Content-Type": "text/html"},
                b"<html><body><h1>404 Not Found</h1></body></html>",
            )
        chunk = items[(page - 1) * size : page * size]
        data = {
            "total": len(items),
            "page": page,
            "size": size,
            "articles": chunk,
            "classify": {"id": int(cat), "name": "政府信息公开年报" if cat == str(CAT) else "全部"},
        }
        return (
            200,
            {"Content-Type": "application/json;charset=UTF-8"},
            json.dumps(data, ensure_ascii=False).encode(),
        )

    s.dynamic = api
    shell = (
        f'<div id="app" class="gkmlpt"><div class="classify-tree"></div><div class="list"></div></div>'
        f"<script>window._CONFIG = {{SID: '{SID}', SITE_NAME: '{s.agency}', API: '/gkmlpt/api'}};</script>"
        f'<script src="/gkmlpt/static/js/app.js"></script>'
    )
    b.page("/gkmlpt/index", b.chrome("政府信息公开目录", shell, nav=nav, column="政府信息公开目录"))
    b.add(
        "/gkmlpt/static/js/app.js",
        b"/* gkmlpt app */ var SID = window._CONFIG.SID;",
        "application/javascript",
    )
    news = b.news_pages("/xwdt/content/post_", nav)
    b.page(
        "/xwdt/index.html",
        b.chrome(
            "新闻动态",
            "<ul>" + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news) + "</ul>",
            nav=nav,
        ),
    )
    b.page(
        "/",
        b.chrome(
            "珠海市斗门区人民政府",
            '<ul class="news">'
            + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news)
            + f'</ul><div class="gkml"><a href="/gkmlpt/index">政府信息公开目录</a>'
            f'<a href="/gkmlpt/index#{CAT}">政府信息公开年报</a></div>',
            nav=nav,
        ),
    )


# ============================================================================ 15 石台 Anhui public
def build_shitai(s: Site, b: Builder) -> None:
    """Anhui public platform: /public/column/<siteId>?type=4&action=list&nav=3&sub=&catId=<cat>
    is a shell; the list comes from /site/label/8888?labelName=publicInfoList&siteId=…&pageSize=…
    &pageIndex=N&…&catIds=…; details /public/<siteId>/<docId>.html. Departments and towns are
    their own siteIds."""
    nav = [
        ("首页", "/"),
        ("政府信息公开", "/public/index.html"),
        ("新闻中心", "/content/column/6596301"),
    ]
    sites = {
        6596371: ("石台县人民政府", 7001),
        6596381: ("石台县人民政府办公室", 7101),
        6596391: ("石台县农业农村局", 7201),
        6596401: ("石台县仁里镇人民政府", 7301),
    }
    docs: dict[int, list[tuple[str, str, str]]] = {k: [] for k in sites}

    def detail(sid: int, title: str, date: str, body: str, org: str) -> str:
        did = numid(s.pid, title, digits=8)
        path = f"/public/{sid}/{did}.html"
        b.page(
            path,
            b.chrome(
                title,
                f'<div class="gzk-main"><table class="table_suoyin"><tr><th>索引号：</th>'
                f"<td>{sid}/{date[:4]}-{did % 100000:05d}</td><th>信息分类：</th><td>政府信息公开年报</td></tr>"
                f"<tr><th>发布机构：</th><td>{esc(org)}</td><th>生成日期：</th><td>{date}</td></tr>"
                f'<tr><th>文号：</th><td id="_fileNum"></td><th>发布日期：</th><td>{date}</td></tr></table>'
                f'<h1 class="newstitle">{esc(title)}</h1><div class="gzk-article" id="zoom">{body}</div></div>',
                nav=nav,
                column="政府信息公开年报",
                art_title=title,
                pub=date,
                source=org,
                head_extra=f'<meta name="SiteId" content="{sid}">',
            ),
        )
        docs[sid].append((title, b.url(path), date))
        return path

    gov, off, nyj, rl = (v[0] for v in sites.values())
    for y, st in ((2024, "std"), (2023, "std"), (2022, "ndu"), (2021, "std")):
        sp = b.spec(gov, y, st)
        b.report(sp, "html", detail(6596371, sp.title, sp.date, b.body_of(sp), gov))
    for kind, y, d in (("jiedu", 2024, "2025-01-29"), ("jiedu", 2023, "2024-01-31")):
        dc = b.decoy(kind, y, d, gov)
        b.non_report(detail(6596371, dc.title, dc.date, b.decoy_body(dc), gov))
    for y in (2024, 2023):
        sp = b.spec(off, y, "guanyu" if y == 2023 else "std")
        b.report(
            sp,
            "html",
            detail(6596381, sp.title, sp.date, b.body_of(sp), off),
            note="县政府办 siteId",
        )
    sp = b.spec(nyj, 2024, "std")
    a = f"/group2/M00/1A/2B/{hexid(s.pid, 'f', sp.title, n=22)}.pdf"
    b.file(a, b.bin(sp, "pdf"), CTYPES["pdf"])
    b.report(
        sp,
        "pdf",
        a,
        detail(
            6596391,
            sp.title,
            sp.date,
            f'<p>{esc(sp.title)}</p><p><a href="{a}">{esc(sp.title)}.pdf</a></p>',
            nyj,
        ),
        note="部门 siteId, pdf in body",
    )
    sp = b.spec(rl, 2024, "std")
    b.report(sp, "html", detail(6596401, sp.title, sp.date, b.body_of(sp), rl), note="镇 siteId")
    sp = b.spec(rl, 2023, "std")
    a = f"/group2/M00/0C/11/{hexid(s.pid, 'f', sp.title, n=22)}.docx"
    b.file(a, b.bin(sp, "docx"), CTYPES["docx"])
    b.report(
        sp,
        "docx",
        a,
        detail(6596401, sp.title, sp.date, f'<p><a href="{a}">{esc(sp.title)}.docx</a></p>', rl),
        note="镇 siteId, docx",
    )
    default_size = 6

    for sid, (name, cat) in sites.items():
        n = len(docs[sid])
        pc = max(1, (n + default_size - 1) // default_size)
        shell = (
            f'<div class="xxgk_navl"><ul><li><a href="/public/column/{sid}?type=4&action=list&nav=3&sub=&catId={cat}">政府信息公开年报</a></li>'
            f'<li><a href="/public/column/{sid}?type=4&action=guide">政府信息公开指南</a></li></ul></div>'
            f'<div class="xxgk_navr"><div class="xxgk_title">政府信息公开年报</div><div id="xxgk_lmcon"></div><div id="page_public"></div></div>'
            f'<script type="text/javascript">\nvar yxCatId = "{cat}";\nvar siteId = "{sid}";\n'
            f'$(function(){{ publicInfoList({{pageSize:{default_size}, pageIndex:1, pageCount:{pc}, catIds:"{cat}", '
            f'url:"/site/label/8888?labelName=publicInfoList&siteId={sid}&pageSize={default_size}&pageIndex=1&action=list&isDate=true'
            f'&dateFormat=yyyy-MM-dd&length=50&organId={sid}&type=4&catId={cat}&cId=&result=暂无相关信息&file=/jh5/publicInfoList_xzgfk"}}); }});\n'
            f"</script>"
        )
        page = b.chrome(
            f"政府信息公开年报_{name}",
            shell,
            nav=nav,
            column="政府信息公开年报",
            head_extra=f'<meta name="SiteId" content="{sid}">',
        )
        b.page(f"/public/column/{sid}?type=4&action=list&nav=3&sub=&catId={cat}", page)
        b.page(
            f"/public/column/{sid}?type=4&action=guide",
            b.chrome(
                "政府信息公开指南",
                "<div>政府信息公开指南</div>",
                nav=nav,
                head_extra=f'<meta name="SiteId" content="{sid}">',
            ),
        )
        home = (
            f'<div class="public-home"><h2>{esc(name)}</h2><ul><li><a href="/public/column/{sid}?type=4&action=guide">政府信息公开指南</a></li>'
            f'<li><a href="/public/column/{sid}?type=4&action=list&nav=3&sub=&catId={cat}">政府信息公开年报</a></li></ul></div>'
        )
        b.page(
            f"/public/{sid}/index.html",
            b.chrome(name, home, nav=nav, head_extra=f'<meta name="SiteId" content="{sid}">'),
        )

    def label(method: str, path: str, body: bytes):
        sp = urlsplit(path)
        if sp.path != "/site/label/8888":
            return None
        q = {k: v[0] for k, v in parse_qs(sp.query).items()}
        try:
            sid = int(q.get("siteId") or q.get("organId") or 0)
        except ValueError:
            sid = 0
        if sid not in sites:
            return (
                200,
                {"Content-Type": "text/html;charset=UTF-8"},
                "<div>暂无相关信息</div>".encode(),
            )
        cat = str(sites[sid][1])
        cats = (q.get("catIds") or q.get("catId") or "").split(",")
        if cat not in cats:
            return (
                200,
                {"Content-Type": "text/html;charset=UTF-8"},
                '<div class="nodata">暂无相关信息</div>'.encode(),
            )
        size = int(q.get("pageSize", "15") or 15)
        idx = int(q.get("pageIndex", "1") or 1)
        its = sorted(docs[sid], key=lambda x: x[2], reverse=True)
        chunk = its[(idx - 1) * size : idx * size]
        pc = max(1, (len(its) + size - 1) // size)
        lis = "".join(
            f'<li class="clearfix"><a href="{h}" class="title" title="{esc(t)}" target="_blank">{esc(trunc(t, 50))}</a>'
            f'<span class="date">{d}</span></li>'
            for t, h, d in chunk
        )
        html_ = (
            f'<ul class="clearfix xxgk_nav_list">{lis}</ul>'
            f'<script>$("#page_public").page({{pageCount:{pc}, current:{idx}, backFn:function(p){{}}}});</script>'
        )
        return 200, {"Content-Type": "text/html;charset=UTF-8"}, html_.encode()

    s.dynamic = label
    idx = (
        '<div class="public-index"><div class="gk-part"><h3>县政府信息公开</h3>'
        '<a href="/public/column/6596371?type=4&action=list&nav=3&sub=&catId=7001">政府信息公开年报</a></div>'
        '<div class="gk-part"><h3>部门信息公开</h3><ul>'
        '<li><a href="/public/6596381/index.html">县政府办公室</a></li><li><a href="/public/6596391/index.html">县农业农村局</a></li></ul></div>'
        '<div class="gk-part"><h3>乡镇信息公开</h3><ul><li><a href="/public/6596401/index.html">仁里镇</a></li></ul></div></div>'
    )
    b.page(
        "/public/index.html",
        b.chrome(
            "政府信息公开",
            idx,
            nav=nav,
            column="政府信息公开",
            head_extra='<meta name="SiteId" content="6596371">',
        ),
    )
    news = b.news_pages("/content/article/", nav)
    b.page(
        "/content/column/6596301",
        b.chrome(
            "新闻中心",
            "<ul>" + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news) + "</ul>",
            nav=nav,
        ),
    )
    b.page(
        "/",
        b.chrome(
            "石台县人民政府",
            '<ul class="news">'
            + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news)
            + '</ul><a href="/public/index.html">政府信息公开</a>',
            nav=nav,
        ),
    )
