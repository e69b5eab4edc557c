"""Portals 1-5: Hunan /c<col>/YYYYMM/<32hex>.shtml, Harbin c01_<id>.shtml, VSB/博达 backwards
pager, epoint /zfxxgk/fdzdgknr/, the old Anhui "Openness" platform."""

from __future__ import annotations

from .core import CTYPES, Builder, Site, esc, hexid, numid, suoyin, trunc


# ============================================================================ 1 Hunan 祁阳
def build_qiyang(s: Site, b: Builder) -> None:
    """Hunan dialect: /c<col>/list.shtml, list_2.shtml; details /c<col>/YYYYMM/<32hex>.shtml.
    Reports in 政府 / 部门 / 乡镇 sub-columns; the towns' reports are PDF attachments."""
    nav = [
        ("首页", "/"),
        ("新闻动态", "/c103210/list.shtml"),
        ("政务公开", "/c103218/xxgk.shtml"),
        ("办事服务", "/c103250/list.shtml"),
        ("互动交流", "/c103260/list.shtml"),
    ]
    crumbs0 = [("首页", "/"), ("政务公开", "/c103218/xxgk.shtml")]

    def detail(col: str, colname: str, title: str, date: str, body: str, org: str) -> str:
        path = f"/{col}/{date[:4]}{date[5:7]}/{hexid(s.pid, col, title)}.shtml"
        idx = f"MB1{numid(s.pid, 'idx', digits=4)}/{date[:4]}-{numid(title, digits=5)}"
        html_ = b.chrome(
            title,
            f'<div class="detail"><div class="xxgk_info">{suoyin(idx, org, date, title)}</div>'
            f'<h2 class="title">{esc(title.replace(chr(10), ""))}</h2>'
            f'<div class="info">发布时间：{date} 来源：{esc(org)} 【字体：大 中 小】</div>'
            f'<div class="main_content" id="zoom">{body}</div>'
            f'<div class="print"><a href="javascript:window.print()">【打印本页】</a>'
            f'<a href="javascript:window.close()">【关闭窗口】</a></div></div>',
            nav=nav,
            column=colname,
            art_title=title.replace("\n", ""),
            pub=date + " 09:30",
            source=org,
            crumbs=[*crumbs0, (colname, f"/{col}/list.shtml")],
        )
        b.page(path, html_)
        return path

    def listing(
        col: str, colname: str, items: list[tuple[str, str, str]], per: int = 4, subnav: str = ""
    ) -> None:
        pages = [items[i : i + per] for i in range(0, len(items), per)] or [[]]
        for n, chunk in enumerate(pages, start=1):
            lis = "".join(
                f'<li><a href="{h}" target="_blank" title="{esc(t)}">{esc(trunc(t, 26))}</a>'
                f'<span class="date">{d}</span></li>'
                for t, h, d in chunk
            )
            nm = "list.shtml" if n == 1 else f"list_{n}.shtml"
            pager = f'<div class="page">共{len(items)}条记录 第{n}/{len(pages)}页 '
            pager += '<a href="list.shtml">首页</a> '
            if n > 1:
                pager += (
                    f'<a href="{"list.shtml" if n == 2 else f"list_{n - 1}.shtml"}">上一页</a> '
                )
            if n < len(pages):
                pager += f'<a href="list_{n + 1}.shtml">下一页</a> '
            pager += f'<a href="{"list.shtml" if len(pages) == 1 else f"list_{len(pages)}.shtml"}">尾页</a></div>'
            b.page(
                f"/{col}/{nm}",
                b.chrome(
                    colname,
                    f'{subnav}<div class="list_right"><h3>{esc(colname)}</h3>'
                    f'<ul class="list_con">{lis}</ul>{pager}</div>',
                    nav=nav,
                    column=colname,
                    crumbs=[*crumbs0, (colname, f"/{col}/list.shtml")],
                ),
            )

    subnav = (
        '<div class="list_left"><h3>政府信息公开年报</h3><ul>'
        '<li><a href="/c103233/list.shtml">政府年报</a></li><li><a href="/c103234/list.shtml">部门年报</a></li>'
        '<li><a href="/c103235/list.shtml">乡镇（街道）年报</a></li></ul></div>'
    )
    gov = "祁阳市人民政府"
    items: list[tuple[str, str, str]] = []
    for y, style in ((2024, "std"), (2023, "ndu"), (2022, "std"), (2021, "guanyu")):
        sp = b.spec(gov, y, style)
        p = detail("c103233", "政府年报", sp.title, sp.date, b.body_of(sp, title=False), gov)
        b.report(sp, "html", p, note="政府年报")
        items.append((sp.title, p, sp.date))
    dj = b.decoy("jiedu", 2024, "2025-01-28", gov)
    pj = detail(
        "c103233",
        "政府年报",
        dj.title,
        dj.date,
        b.decoy_body(dj, title=False),
        "祁阳市政务服务中心",
    )
    b.non_report(pj)
    items.insert(1, (dj.title, pj, dj.date))
    dy = b.decoy("yaodian", 2023, "2024-04-02")
    py = detail(
        "c103233",
        "政府年报",
        dy.title,
        dy.date,
        b.decoy_body(dy, title=False),
        "祁阳市人民政府办公室",
    )
    b.non_report(py)
    items.insert(3, (dy.title, py, dy.date))
    listing("c103233", "政府年报", items, per=4, subnav=subnav)

    dept = "祁阳市教育局"
    ditems = []
    for y, style in ((2024, "std"), (2023, "two")):
        sp = b.spec(dept, y, style)
        p = detail("c103234", "部门年报", sp.title, sp.date, b.body_of(sp), dept)
        b.report(sp, "html", p, note="部门年报")
        ditems.append((sp.title.replace("\n", ""), p, sp.date))
    dj2 = b.decoy("juesuan", 2023, "2024-08-30", dept)
    att = f"/uploadfiles/202408/{hexid(s.pid, 'juesuan')}.pdf"
    b.file(att, b.bin(dj2, "pdf"), CTYPES["pdf"])
    pj2 = detail(
        "c103234",
        "部门年报",
        dj2.title,
        dj2.date,
        f'<p>{esc(dj2.title)}</p><p>附件：<a href="{att}">{esc(dj2.title)}.pdf</a></p>',
        dept,
    )
    b.non_report(pj2, att)
    ditems.insert(1, (dj2.title, pj2, dj2.date))
    listing("c103234", "部门年报", ditems, subnav=subnav)

    town = "祁阳市黎家坪镇人民政府"
    titems = []
    for y in (2024, 2023):
        sp = b.spec(town, y, "std", short="黎家坪镇")
        att = f"/uploadfiles/{y + 1}01/{hexid(s.pid, 'ljp', y)}.pdf"
        b.file(att, b.bin(sp, "pdf"), CTYPES["pdf"])
        p = detail(
            "c103235",
            "乡镇（街道）年报",
            sp.title,
            sp.date,
            f'<p style="text-indent:2em">{esc(sp.title)}详见附件。</p>'
            f'<p>附件：<a href="{att}" target="_blank">黎家坪镇{y}年政府信息公开工作年度报告.pdf</a></p>',
            town,
        )
        b.report(sp, "pdf", att, p, note="乡镇 PDF")
        titems.append((sp.title, p, sp.date))
    listing("c103235", "乡镇（街道）年报", titems, subnav=subnav)
    # the parent column lists the newest of each
    listing(
        "c103232",
        "政府信息公开年报",
        sorted(items[:2] + ditems[:1] + titems[:1], key=lambda x: x[2], reverse=True),
        per=10,
        subnav=subnav,
    )

    # other columns: 政府工作报告, 统计公报
    dg = b.decoy("gzbg", 2024, "2025-01-15")
    pg = detail(
        "c103241",
        "政府工作报告",
        dg.title,
        dg.date,
        b.decoy_body(dg, title=False),
        "祁阳市人民政府",
    )
    b.non_report(pg)
    listing("c103241", "政府工作报告", [(dg.title, pg, dg.date)])
    dt = b.decoy("tjgb", 2023, "2024-03-20")
    pt = detail(
        "c103242", "统计信息", dt.title, dt.date, b.decoy_body(dt, title=False), "祁阳市统计局"
    )
    b.non_report(pt)
    listing("c103242", "统计信息", [(dt.title, pt, dt.date)])
    dz = b.decoy("zhinan", 2021, "2021-06-01")
    pz = detail(
        "c103219", "政府信息公开指南", dz.title, dz.date, b.decoy_body(dz, title=False), gov
    )
    b.non_report(pz)
    listing("c103219", "政府信息公开指南", [(dz.title, pz, dz.date)])

    hub = (
        '<div class="xxgk_box"><h3>政府信息公开</h3><ul class="xxgk_menu">'
        f'<li><a href="{pz}">政府信息公开指南</a></li>'
        '<li><a href="/c103220/list.shtml">政府信息公开制度</a></li>'
        '<li><a href="/c103221/list.shtml">法定主动公开内容</a></li>'
        '<li><a href="/c103232/list.shtml">政府信息公开年报</a></li>'
        '<li><a href="/c103241/list.shtml">政府工作报告</a></li>'
        '<li><a href="/c103242/list.shtml">统计信息</a></li></ul></div>'
    )
    b.page(
        "/c103218/xxgk.shtml", b.chrome("政务公开", hub, nav=nav, column="政务公开", crumbs=crumbs0)
    )
    for col, nm in (
        ("c103220", "政府信息公开制度"),
        ("c103221", "法定主动公开内容"),
        ("c103250", "办事服务"),
        ("c103260", "互动交流"),
    ):
        listing(col, nm, [])
    news = b.news_pages("/c103210/202501/", nav, ext=".shtml")
    listing("c103210", "新闻动态", [(t, h, "2025-01-2" + str(i)) for i, (t, h) in enumerate(news)])
    home = (
        '<div class="banner"></div><div class="news"><h3>祁阳要闻</h3><ul>'
        + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news)
        + "</ul></div>"
        '<div class="zwgk"><h3><a href="/c103218/xxgk.shtml">政务公开</a></h3><ul>'
        '<li><a href="/c103218/xxgk.shtml">政府信息公开</a></li><li><a href="/c103241/list.shtml">政府工作报告</a></li>'
        "</ul></div>"
    )
    homepage = b.chrome(f"{s.agency}门户网站", home, nav=nav, footer_style=1)
    b.page("/", homepage)
    b.page("/index.shtml", homepage)


# ============================================================================ 2 Harbin 道里
def build_daoli(s: Site, b: Builder) -> None:
    """Harbin dialect: /c<col>/index.shtml, details /c<col>/YYYYMM/c01_<id>.shtml; one year
    sub-column per year; list texts truncated without a title attribute; one PDF shown only
    through a pdf.js viewer iframe (…viewer.html?file=…)."""
    nav = [
        ("首页", "/"),
        ("走进道里", "/c1002/index.shtml"),
        ("政务公开", "/zwgk/index.shtml"),
        ("政务服务", "/c1003/index.shtml"),
        ("政民互动", "/c1004/index.shtml"),
    ]
    crumbs0 = [
        ("首页", "/"),
        ("政务公开", "/zwgk/index.shtml"),
        ("政府信息公开年报", "/c1043/index.shtml"),
    ]
    years = {2024: "c1052", 2023: "c1051", 2022: "c1050"}

    def detail(col: str, title: str, date: str, body: str, org: str) -> str:
        path = f"/{col}/{date[:4]}{date[5:7]}/c01_{numid(s.pid, title, digits=5)}.shtml"
        b.page(
            path,
            b.chrome(
                title,
                f'<div class="content"><h1 class="art_title">{esc(title)}</h1>'
                f'<div class="art_info"><span>发布日期：{date}</span><span>信息来源：{esc(org)}</span>'
                f'<span>浏览次数：<script src="/counter?id=1"></script></span></div>'
                f'<div class="art_con TRS_Editor">{body}</div></div>',
                nav=nav,
                column="政府信息公开年报",
                art_title=title,
                pub=date,
                source=org,
                crumbs=crumbs0,
            ),
        )
        return path

    per_year: dict[int, list[tuple[str, str, str]]] = {y: [] for y in years}
    gov = "哈尔滨市道里区人民政府"
    for y in (2024, 2023, 2022):
        sp = b.spec(gov, y, "std" if y != 2023 else "ndu")
        att = f"/uploadfiles/{y + 1}01/c01_{numid(s.pid, 'att', y, digits=5)}_1.docx"
        b.file(att, b.bin(sp, "docx"), CTYPES["docx"])
        p = detail(
            years[y],
            sp.title,
            sp.date,
            f'<p>{esc(sp.title)}</p><p class="fj">附件：<a href="{att}">{y}年政府信息公开工作年度报告.docx</a></p>',
            gov,
        )
        b.report(sp, "docx", att, p, note=f"year sub-column {y}")
        per_year[y].append((sp.title, p, sp.date))
    mz = "哈尔滨市道里区民政局"
    sp = b.spec(mz, 2024, "std")
    pdf = f"/uploadfiles/202501/c01_{numid(s.pid, 'mz', digits=5)}.pdf"
    b.file(pdf, b.bin(sp, "pdf"), CTYPES["pdf"])
    p = detail(
        years[2024],
        sp.title,
        sp.date,
        f'<iframe src="/pdfjs/web/viewer.html?file={pdf}" width="100%" height="900" frameborder="0"></iframe>',
        mz,
    )
    b.report(sp, "pdf", pdf, p, note="PDF only inside a pdf.js iframe")
    per_year[2024].append((sp.title, p, sp.date))
    b.page(
        "/pdfjs/web/viewer.html",
        "<!DOCTYPE html><html><head><title>PDF.js viewer</title>"
        '<script src="viewer.js"></script></head><body><div id="viewerContainer"></div></body></html>',
    )
    jd = "哈尔滨市道里区新阳路街道办事处"
    sp = b.spec(jd, 2024, "guanyu")
    p = detail(years[2024], sp.title, sp.date, b.body_of(sp, title=False), jd)
    b.report(sp, "html", p, note="街道 HTML")
    per_year[2024].append((sp.title, p, sp.date))
    dfz = b.decoy("fzzf", 2024, "2025-02-26")
    p = detail(years[2024], dfz.title, dfz.date, b.decoy_body(dfz, title=False), gov)
    b.non_report(p)
    per_year[2024].insert(1, (dfz.title, p, dfz.date))
    djs = b.decoy("juesuan", 2023, "2024-09-10", "哈尔滨市道里区财政局")
    att = f"/uploadfiles/202409/c01_{numid(s.pid, 'js', digits=5)}_1.pdf"
    b.file(att, b.bin(djs, "pdf"), CTYPES["pdf"])
    p = detail(
        years[2023],
        djs.title,
        djs.date,
        f'<p>附件：<a href="{att}">{esc(djs.title)}.pdf</a></p>',
        "哈尔滨市道里区财政局",
    )
    b.non_report(p, att)
    per_year[2023].append((djs.title, p, djs.date))

    side = (
        '<div class="sub_nav"><h3>政府信息公开年报</h3><ul>'
        + "".join(f'<li><a href="/{c}/index.shtml">{y}年度</a></li>' for y, c in years.items())
        + "</ul></div>"
    )
    for y, col in years.items():
        lis = "".join(
            f'<li><span class="date">[{d}]</span><a href="{h}" target="_blank">{esc(trunc(t, 22))}</a></li>'
            for t, h, d in per_year[y]
        )
        b.page(
            f"/{col}/index.shtml",
            b.chrome(
                f"{y}年度",
                f'{side}<div class="list"><h3>{y}年度</h3><ul>{lis}</ul>'
                f'<div class="pages">共1页</div></div>',
                nav=nav,
                column=f"{y}年度",
                crumbs=crumbs0,
            ),
        )
    b.page(
        "/c1043/index.shtml",
        b.chrome(
            "政府信息公开年报",
            side + '<div class="list"><p>请选择年度。</p></div>',
            nav=nav,
            column="政府信息公开年报",
            crumbs=crumbs0,
        ),
    )
    hub = (
        '<div class="gk_index"><div class="gk_item"><a href="/c1041/index.shtml">政府信息公开指南</a></div>'
        '<div class="gk_item"><a href="/c1042/index.shtml">政府信息公开制度</a></div>'
        '<div class="gk_item"><a href="/c1043/index.shtml">政府信息公开年报</a></div>'
        '<div class="gk_item"><a href="/c1044/index.shtml">法定主动公开内容</a></div></div>'
    )
    b.page("/zwgk/index.shtml", b.chrome("政务公开", hub, nav=nav, column="政务公开"))
    for c in ("c1041", "c1042", "c1044", "c1002", "c1003", "c1004"):
        b.page(
            f"/{c}/index.shtml",
            b.chrome("栏目", '<div class="list"><ul></ul><p>暂无信息</p></div>', nav=nav),
        )
    news = b.news_pages("/c1010/202501/c01_", nav, ext=".shtml")
    home = (
        '<div class="focus"><ul>'
        + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news)
        + '</ul></div><div class="quick"><a href="/zwgk/index.shtml">政务公开</a>'
        '<a href="/c1043/index.shtml">信息公开年报</a></div>'
    )
    b.page("/", b.chrome("哈尔滨市道里区人民政府", home, nav=nav, footer_style=1))


# ============================================================================ 3 VSB 西吉
def build_xiji(s: Site, b: Builder) -> None:
    """VSB/博达: list.htm is the newest page and the pager counts backwards (list/2.htm,
    list/1.htm); details /info/<col>/<id>.htm; attachments through
    /system/_content/download.jsp?…wbfileid=… with a GBK-as-latin-1 file name."""
    nav = [
        ("网站首页", "/index.htm"),
        ("走进西吉", "/zjxj.htm"),
        ("政务公开", "/zwgk.htm"),
        ("政务服务", "/zwfw.htm"),
        ("互动交流", "/hdjl.htm"),
    ]
    col = 1043
    entries: list[tuple[str, str, str]] = []  # (title, detail path, date)

    def detail(title: str, date: str, body: str, org: str, atts: list[tuple[str, str]] = ()) -> str:
        nid = numid(s.pid, title, digits=4)
        path = f"/info/{col}/{nid}.htm"
        attach = ""
        if atts:
            attach = (
                '<ul style="list-style-type:none;">'
                + "".join(
                    f'<li>附件【<a href="{h}" target="_blank">{esc(n)}</a>】已下载<span id="nattach{nid}">'
                    f'<script language="javascript">getClickTimes({nid},{col},"wbnewsfile","attach")</script></span>次</li>'
                    for n, h in atts
                )
                + "</ul>"
            )
        b.page(
            path,
            b.chrome(
                title,
                f'<form name="_newscontent_fromname"><div class="content-title"><h3>{esc(title)}</h3>'
                f"<p>发布时间：{date}　作者：{esc(org)}　来源：{esc(org)}　点击数："
                f'<script>_showDynClicks("wbnews", 1754231851, {nid})</script></p></div>'
                f'<div id="vsb_content"><div class="v_news_content">{body}</div></div>{attach}</form>',
                nav=nav,
                column="政府信息公开年报",
                art_title=title,
                pub=date,
                source=org,
                head_extra='<script type="text/javascript" src="/system/resource/js/counter.js"></script>',
            ),
        )
        return path

    def vsb_att(spec, fmt: str, filename: str) -> str:
        wb = numid(s.pid, "wb", spec.title, digits=7)
        path = f"/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1754231851&wbfileid={wb}"
        b.file(
            path,
            b.bin(spec, fmt),
            "application/octet-stream",
            filename=filename,
            disposition="gbk-latin1",
        )
        return path

    gov, off, wj = "西吉县人民政府", "西吉县人民政府办公室", "西吉县卫生健康局"

    def rep_docx(ag: str, y: int, style: str = "std") -> None:
        sp = b.spec(ag, y, style)
        fn = sp.title.replace("\n", "") + ".docx"
        a = vsb_att(sp, "docx", fn)
        p = detail(sp.title, sp.date, f"<p>{esc(sp.title)}（见附件）</p>", ag, [(fn, a)])
        b.report(sp, "docx", a, p, note="VSB download.jsp attachment")
        entries.append((sp.title, p, sp.date))

    def rep_html(ag: str, y: int, style: str = "std") -> None:
        sp = b.spec(ag, y, style)
        p = detail(sp.title, sp.date, b.body_of(sp, title=False), ag)
        b.report(sp, "html", p, note="VSB html")
        entries.append((sp.title, p, sp.date))

    def rep_pdf(ag: str, y: int) -> None:
        sp = b.spec(ag, y, "nianbao")
        fn = f"{y}年度政府信息公开工作年报.pdf"
        a = vsb_att(sp, "pdf", fn)
        p = detail(sp.title, sp.date, f"<p>{esc(sp.title)}</p>", ag, [(fn, a)])
        b.report(sp, "pdf", a, p, note="VSB pdf, file name only")
        entries.append((sp.title, p, sp.date))

    def dec(kind: str, y: int, date: str, ag: str | None = None) -> None:
        d = b.decoy(kind, y, date, ag)
        p = detail(d.title, d.date, b.decoy_body(d, title=False), d.signer)
        b.non_report(p)
        entries.append((d.title, p, d.date))

    rep_docx(gov, 2024)
    rep_html(off, 2024, "ndu")
    dec("qynb", 2024, "2025-01-10")
    dec("jiedu", 2024, "2025-01-29", gov)
    dec("fzzf", 2024, "2025-02-20", gov)
    rep_pdf(wj, 2024)
    dec("tjnb", 2023, "2023-11-20")
    rep_docx(gov, 2023, "two")
    dec("jhnb", 2023, "2024-03-01")
    rep_html(gov, 2022)
    rep_pdf(wj, 2023)
    rep_html(gov, 2021, "guanyu")
    dec("juesuan", 2022, "2023-08-31", "西吉县教育局")
    dec("zhinan", 2021, "2021-05-10", gov)
    entries.sort(key=lambda e: e[2], reverse=True)
    per = 5
    pages = [entries[i : i + per] for i in range(0, len(entries), per)]
    total = len(pages)

    def page_url(k: int, here: int) -> str:  # k: 1-based page number, newest first
        if k == 1:
            return "list.htm" if here == 1 else "../list.htm"
        num = total - k + 1
        return f"list/{num}.htm" if here == 1 else f"{num}.htm"

    for k, chunk in enumerate(pages, start=1):
        prefix = "../../../" if k == 1 else "../../../../"
        lis = "".join(
            f'<li id="line_u8_{i}"><a href="{prefix}info/{col}/{h.split("/")[-1]}" target="_blank" '
            f'title="{esc(t)}">{esc(trunc(t, 30))}</a><span>{d}</span></li>'
            for i, (t, h, d) in enumerate(chunk)
        )
        pg = f'<table><tr><td>共{len(entries)}条&nbsp;&nbsp;{k}/{total}&nbsp;</td><td><span class="p_pages">'
        pg += (
            '<span class="p_first_d p_fun_d">首页</span>'
            if k == 1
            else f'<span class="p_first p_fun"><a href="{page_url(1, k)}">首页</a></span>'
        )
        pg += (
            '<span class="p_prev_d p_fun_d">上页</span>'
            if k == 1
            else f'<span class="p_prev p_fun"><a href="{page_url(k - 1, k)}">上页</a></span>'
        )
        for j in range(1, total + 1):
            pg += (
                f'<span class="p_no_d">{j}</span>'
                if j == k
                else f'<span class="p_no"><a href="{page_url(j, k)}">{j}</a></span>'
            )
        if k < total:
            pg += f'<span class="p_next p_fun"><a href="{page_url(k + 1, k)}">下页</a></span>'
            pg += f'<span class="p_last p_fun"><a href="{page_url(total, k)}">尾页</a></span>'
        else:
            pg += '<span class="p_next_d p_fun_d">下页</span><span class="p_last_d p_fun_d">尾页</span>'
        pg += "</span></td></tr></table>"
        body = (
            f'<div class="list-left"><h2>政府信息公开</h2><a href="/zfxxgk/ndbg/list.htm">政府信息公开年报</a></div>'
            f'<div class="list-right"><h2>政府信息公开年报</h2><ul class="list">{lis}</ul><div class="pb_sys_common pb_sys_normal">{pg}</div></div>'
        )
        path = "/zfxxgk/ndbg/list.htm" if k == 1 else f"/zfxxgk/ndbg/list/{total - k + 1}.htm"
        b.page(
            path,
            b.chrome("政府信息公开年报-西吉县人民政府", body, nav=nav, column="政府信息公开年报"),
        )
    b.page(
        "/zwgk.htm",
        b.chrome(
            "政务公开",
            '<div class="zwgk"><a href="zfxxgk/xxgkzn.htm">政府信息公开指南</a>'
            '<a href="zfxxgk/ndbg/list.htm">政府信息公开年报</a>'
            '<a href="zfxxgk/fdzdgknr.htm">法定主动公开内容</a></div>',
            nav=nav,
        ),
    )
    for p in ("/zfxxgk/xxgkzn.htm", "/zfxxgk/fdzdgknr.htm", "/zjxj.htm", "/zwfw.htm", "/hdjl.htm"):
        b.page(p, b.chrome("栏目", "<div>暂无内容</div>", nav=nav))
    news = b.news_pages("/info/1021/", nav, ext=".htm")
    home = (
        '<div class="xwdt"><ul>'
        + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news)
        + "</ul></div>"
    )
    hp = b.chrome("西吉县人民政府", home, nav=nav)
    b.page("/", hp)
    b.page("/index.htm", hp)


# ============================================================================ 4 epoint 宽甸
def build_kuandian(s: Site, b: Builder) -> None:
    """Epoint (丹东 counties): the site lives under /kdzf/ (/ redirects there); 年报 under
    /kdzf/zfxxgk/fdzdgknr/zfxxgknb/ with index.html, 2.html …; details
    …/YYYYMMDD/<uuid>.html; files through downloadZtreeAttach.jspx?attachGuid=…"""
    R = "/kdzf"
    nav = [
        ("首页", f"{R}/"),
        ("政府信息公开", f"{R}/zfxxgk/index.html"),
        ("政务服务", f"{R}/zwfw/index.html"),
        ("走进宽甸", f"{R}/zjkd/index.html"),
    ]
    NR = f"{R}/zfxxgk/fdzdgknr/zfxxgknb"
    cols = {"": "政府信息公开年报", "bmnb": "部门年报", "xzjdnb": "乡镇（街道）年报"}
    items: dict[str, list[tuple[str, str, str]]] = {k: [] for k in cols}

    def uuid(*p: object) -> str:
        h = hexid(s.pid, *p)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"

    def attach(spec, fmt: str, name: str) -> str:
        path = (
            f"/EpointWebBuilder/WebbuilderMIS/attach/downloadZtreeAttach.jspx?attachGuid={uuid('att', spec.title)}"
            f"&appUrlFlag=ztb007&siteGuid=7eb5f7f1-9041-43ad-8e13-8fcb82ea831a"
        )
        b.file(
            path, b.bin(spec, fmt), "application/octet-stream", filename=name, disposition="utf8"
        )
        return path

    def detail(sub: str, title: str, date: str, body: str, org: str) -> str:
        base = NR + (f"/{sub}" if sub else "")
        path = f"{base}/{date.replace('-', '')}/{uuid(title)}.html"
        b.page(
            path,
            b.chrome(
                title,
                f'<div class="ewb-article"><h2 class="ewb-article-tt">{esc(title)}</h2>'
                f'<div class="ewb-article-sources">【信息时间：{date}　阅读次数：<span id="infoViewCount"></span>】'
                f'【<a href="javascript:window.print()">打印</a>】</div>'
                f'<div class="ewb-article-info" id="mainContent">{body}</div></div>',
                nav=nav,
                column=cols[sub],
                art_title=title,
                pub=date,
                source=org,
            ),
        )
        items[sub].append((title, path, date))
        return path

    gov = "宽甸满族自治县人民政府"
    for y in (2024, 2023):
        sp = b.spec(gov, y, "std")
        b.report(sp, "html", detail("", sp.title, sp.date, b.body_of(sp), gov), note="epoint html")
    sp = b.spec(gov, 2022, "std")
    a = attach(sp, "pdf", sp.title + ".pdf")
    p = detail(
        "",
        sp.title,
        sp.date,
        f'<p>附件：<a href="{a}" target="_blank">{esc(sp.title)}.pdf</a></p>',
        gov,
    )
    b.report(sp, "pdf", a, p, note="epoint jspx pdf, page 2")
    for kind, y, d in (("gzbg", 2024, "2025-01-16"), ("yaodian", 2024, "2025-04-08")):
        dc = b.decoy(kind, y, d)
        b.non_report(detail("", dc.title, dc.date, b.decoy_body(dc), dc.signer))
    cz = "宽甸满族自治县财政局"
    sp = b.spec(cz, 2024, "std")
    a = attach(sp, "pdf", sp.title + ".pdf")
    b.report(
        sp,
        "pdf",
        a,
        detail("bmnb", sp.title, sp.date, f'<p><a href="{a}">{esc(sp.title)}.pdf</a></p>', cz),
        note="部门 jspx pdf",
    )
    dc = b.decoy("juesuan", 2023, "2024-09-02", cz)
    a2 = attach(dc, "pdf", dc.title + ".pdf")
    b.non_report(
        detail("bmnb", dc.title, dc.date, f'<p><a href="{a2}">{esc(dc.title)}.pdf</a></p>', cz), a2
    )
    qs = "宽甸满族自治县青山沟镇人民政府"
    sp = b.spec(qs, 2024, "std")
    a = attach(sp, "doc", sp.title + ".doc")
    b.report(
        sp,
        "doc",
        a,
        detail(
            "xzjdnb",
            sp.title,
            sp.date,
            f'<p>附件下载：<a href="{a}">{esc(sp.title)}.doc</a></p>',
            qs,
        ),
        note="乡镇 jspx doc",
    )
    cd = "宽甸满族自治县长甸镇人民政府"
    sp = b.spec(cd, 2024, "nianbao")
    b.report(sp, "html", detail("xzjdnb", sp.title, sp.date, b.body_of(sp), cd), note="乡镇 html")

    tree = (
        '<div class="ewb-left"><h3>法定主动公开内容</h3><ul>'
        f'<li><a href="{NR}/index.html">政府信息公开年报</a><ul>'
        f'<li><a href="{NR}/bmnb/index.html">部门年报</a></li><li><a href="{NR}/xzjdnb/index.html">乡镇（街道）年报</a></li>'
        "</ul></li></ul></div>"
    )
    for sub, name in cols.items():
        base = NR + (f"/{sub}" if sub else "")
        its = sorted(items[sub], key=lambda x: x[2], reverse=True)
        per = 4
        pages = [its[i : i + per] for i in range(0, len(its), per)] or [[]]
        for n, chunk in enumerate(pages, start=1):
            lis = "".join(
                f'<li class="ewb-list-node clearfix"><a href="{h}" target="_blank" class="ewb-list-name" '
                f'title="{esc(t)}">{esc(trunc(t, 28))}</a><span class="ewb-list-date">{d}</span></li>'
                for t, h, d in chunk
            )
            pager = (
                f'<div class="ewb-page"><ul><li><a href="{base}/index.html">首页</a></li>'
                + "".join(
                    f'<li><a href="{base}/{"index" if k == 1 else k}.html">{k}</a></li>'
                    for k in range(1, len(pages) + 1)
                )
                + (
                    f'<li class="ewb-page-next"><a href="{base}/{n + 1}.html">下页</a></li>'
                    if n < len(pages)
                    else ""
                )
                + f"<li>{n}/{len(pages)}</li></ul></div>"
            )
            body = f'{tree}<div class="ewb-right"><h3>{name}</h3><ul class="ewb-list">{lis}</ul>{pager}</div>'
            b.page(
                f"{base}/{'index' if n == 1 else n}.html",
                b.chrome(name, body, nav=nav, column=name),
            )
    b.page(
        f"{R}/zfxxgk/fdzdgknr/index.html",
        b.chrome("法定主动公开内容", tree, nav=nav, column="法定主动公开内容"),
    )
    hub = (
        f'<div class="xxgk-nav"><a href="{R}/zfxxgk/zn/index.html">政府信息公开指南</a>'
        f'<a href="{R}/zfxxgk/zd/index.html">政府信息公开制度</a>'
        f'<a href="{R}/zfxxgk/fdzdgknr/index.html">法定主动公开内容</a>'
        f'<a href="{NR}/index.html">政府信息公开年报</a></div>'
    )
    b.page(f"{R}/zfxxgk/index.html", b.chrome("政府信息公开", hub, nav=nav, column="政府信息公开"))
    for p in ("zfxxgk/zn", "zfxxgk/zd", "zwfw", "zjkd"):
        b.page(f"{R}/{p}/index.html", b.chrome("栏目", "<div>暂无信息</div>", nav=nav))
    news = b.news_pages(f"{R}/xwzx/", nav)
    home = (
        '<div class="ewb-news"><ul>'
        + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news)
        + "</ul></div>"
    )
    hp = b.chrome("宽甸满族自治县人民政府", home, nav=nav)
    b.page(f"{R}/", hp)
    b.page(f"{R}/index.html", hp)
    b.add(
        "/",
        b'<html><head><meta http-equiv="refresh" content="0;url=/kdzf/"></head><body></body></html>',
        status=302,
        headers={"Location": f"{R}/"},
    )


# ============================================================================ 5 Anhui Openness 旌德
def build_jingde(s: Site, b: Builder) -> None:
    """The old Anhui "Openness" platform: annual reports at
    /openness/OpennessAnnualReport/year/<unit>/<year>.html (a unit tree and year tabs),
    details /openness/OpennessAnnualReport/show/<id>.html, files
    /openness/OpennessContent/download/<id>.html (GBK-as-latin-1 file name)."""
    nav = [
        ("首页", "/"),
        ("信息公开", "/openness/index.html"),
        ("新闻中心", "/News/showList/1/page_1.html"),
        ("办事服务", "/bsfw/index.html"),
    ]
    units = {
        1: "旌德县人民政府",
        2: "旌德县人民政府办公室",
        17: "旌德县教育体育局",
        31: "旌德县旌阳镇人民政府",
    }
    years = [2024, 2023, 2022, 2021]
    per: dict[tuple[int, int], list[tuple[str, str, str]]] = {}
    O = "/openness"  # noqa: E741  (the author's name for the platform root)

    def show(
        title: str, date: str, body: str, org: str, unit: int, kind: str = "OpennessAnnualReport"
    ) -> str:
        sid = numid(s.pid, title, digits=6)
        path = f"{O}/{kind}/show/{sid}.html"
        b.page(
            path,
            b.chrome(
                title,
                f'<div class="openness-detail"><table class="gk_table"><tr><th>索取号：</th>'
                f"<td>{11341825 + unit}/{date[:4]}-{sid % 10000:05d}</td><th>信息分类：</th><td>年度报告</td></tr>"
                f"<tr><th>发布机构：</th><td>{esc(org)}</td><th>生成日期：</th><td>{date}</td></tr>"
                f'<tr><th>名称：</th><td colspan="3">{esc(title)}</td></tr></table>'
                f'<div class="openness-con" id="zoom">{body}</div></div>',
                nav=nav,
                column="信息公开年报",
                art_title=title,
                pub=date,
                source=org,
            ),
        )
        return path

    def download(spec, fmt: str) -> str:
        did = numid(s.pid, "dl", spec.title, digits=6)
        path = f"{O}/OpennessContent/download/{did}.html"
        b.file(
            path,
            b.bin(spec, fmt),
            CTYPES[fmt],
            filename=spec.title.replace("\n", "") + "." + fmt,
            disposition="gbk-latin1",
        )
        return path

    def add(unit: int, y: int, style: str = "std", fmt: str = "html") -> None:
        ag = units[unit]
        sp = b.spec(ag, y, style)
        if fmt == "html":
            p = show(sp.title, sp.date, b.body_of(sp, title=False), ag, unit)
            b.report(sp, "html", p, note=f"unit {unit}")
        else:
            a = download(sp, fmt)
            p = show(
                sp.title,
                sp.date,
                f'<p>{esc(sp.title)}</p><p>附件：<a href="{a}">{esc(sp.title)}.{fmt}</a></p>',
                ag,
                unit,
            )
            b.report(sp, fmt, a, p, note=f"unit {unit} {fmt}")
        per.setdefault((unit, y), []).append((sp.title, p, sp.date))

    add(1, 2024)
    add(1, 2023, "ndu")
    add(1, 2022)
    add(17, 2024, "std", "pdf")
    add(31, 2024, "guanyu")
    add(31, 2023, "std", "docx")
    tree = (
        '<div class="unit-tree"><h4>选择单位</h4><ul>'
        + "".join(
            f'<li><a href="{O}/OpennessAnnualReport/year/{u}/2024.html">{esc(n)}</a></li>'
            for u, n in units.items()
        )
        + "</ul></div>"
    )
    for u in units:
        for y in years:
            tabs = (
                '<div class="year-tab">'
                + "".join(
                    f'<a href="{O}/OpennessAnnualReport/year/{u}/{yy}.html"{" class=on" if yy == y else ""}>{yy}年</a>'
                    for yy in years
                )
                + "</div>"
            )
            lst = per.get((u, y))
            inner = (
                (
                    '<ul class="nb-list">'
                    + "".join(
                        f'<li><a href="{h}">{esc(t)}</a><span>{d}</span></li>' for t, h, d in lst
                    )
                    + "</ul>"
                )
                if lst
                else '<div class="nodata">暂无信息</div>'
            )
            b.page(
                f"{O}/OpennessAnnualReport/year/{u}/{y}.html",
                b.chrome(
                    f"{units[u]}{y}年政府信息公开年报",
                    f'{tree}<div class="nb-main"><h3>{esc(units[u])} 信息公开年报</h3>'
                    f"{tabs}{inner}</div>",
                    nav=nav,
                    column="信息公开年报",
                ),
            )
    # 信息公开目录 with decoys
    dl = []
    for kind, y, d in (
        ("tjgb", 2023, "2024-04-10"),
        ("yaodian", 2024, "2025-03-28"),
        ("gzbg", 2024, "2025-01-20"),
    ):
        dc = b.decoy(kind, y, d)
        p = show(
            dc.title, dc.date, b.decoy_body(dc, title=False), dc.signer, 1, kind="OpennessContent"
        )
        b.non_report(p)
        dl.append((dc.title, p, dc.date))
    lis = "".join(f'<li><a href="{h}">{esc(t)}</a><span>{d}</span></li>' for t, h, d in dl)
    b.page(
        f"{O}/OpennessContent/showList/4/1/page_1.html",
        b.chrome(
            "信息公开目录",
            f'{tree}<div class="gk-list"><ul>{lis}</ul><div class="page">共1页</div></div>',
            nav=nav,
            column="信息公开目录",
        ),
    )
    idx = (
        '<div class="openness-index">'
        f'<a href="{O}/OpennessGuide/show/1.html">信息公开指南</a>'
        f'<a href="{O}/OpennessContent/showList/4/1/page_1.html">信息公开目录</a>'
        f'<a href="{O}/OpennessAnnualReport/year/1/2024.html">信息公开年报</a>'
        f'<a href="{O}/OpennessApply/index.html">依申请公开</a></div>' + tree
    )
    b.page(f"{O}/index.html", b.chrome("信息公开", idx, nav=nav, column="信息公开"))
    b.page(f"{O}/", b.chrome("信息公开", idx, nav=nav, column="信息公开"))
    dz = b.decoy("zhinan", 2021, "2021-03-01")
    b.page(f"{O}/OpennessGuide/show/1.html", b.chrome(dz.title, b.decoy_body(dz), nav=nav))
    b.non_report(f"{O}/OpennessGuide/show/1.html")
    b.page(f"{O}/OpennessApply/index.html", b.chrome("依申请公开", "<div>在线申请</div>", nav=nav))
    news = b.news_pages("/News/show/", nav)
    b.page(
        "/News/showList/1/page_1.html",
        b.chrome(
            "新闻中心",
            "<ul>" + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news) + "</ul>",
            nav=nav,
        ),
    )
    b.page("/bsfw/index.html", b.chrome("办事服务", "<div></div>", nav=nav))
    home = (
        '<div class="news"><ul>'
        + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news)
        + '</ul></div><div class="gk"><a href="/openness/index.html">政府信息公开</a></div>'
    )
    b.page("/", b.chrome("旌德县人民政府", home, nav=nav))
