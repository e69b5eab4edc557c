"""Portals 6-10: 安庆 show.php?id=, Shaanxi snowflake ids, 河北 /zfxxgk/columns/<uuid>/, Jiangxi
xxgk_navs.shtml?code= / xxgk_list.shtml, a TRS .shtml site with a 年报汇总 page."""

from __future__ import annotations

from .core import CTYPES, Builder, Site, esc, hexid, numid, suoyin, trunc


# ============================================================================ 6 怀宁 show.php
def build_huaining(s: Site, b: Builder) -> None:
    """PHP CMS: /xxgk/list.php?catid=N&page=M, /xxgk/show.php?id=N; one report linked
    straight from the list as a .docx; one attachment's link text is its bare file name."""
    nav = [
        ("网站首页", "/"),
        ("信息公开", "/xxgk/index.php"),
        ("新闻中心", "/news/list.php?catid=2"),
        ("办事服务", "/bsfw/index.php"),
    ]
    cats = {51: "政府信息公开年报", 52: "部门年报", 53: "乡镇年报", 12: "政府工作报告"}
    items: dict[int, list[tuple[str, str, str]]] = {c: [] for c in cats}

    def show(cat: int, title: str, date: str, body: str, org: str) -> str:
        sid = numid(s.pid, title, digits=7)
        path = f"/xxgk/show.php?id={sid}"
        b.page(
            path,
            b.chrome(
                title,
                f'<div class="show_t">{esc(title)}</div>'
                f'<div class="show_info">发布日期：{date}　发布机构：{esc(org)}　浏览：<span id="hits"></span></div>'
                f'<div class="show_c" id="article">{body}</div>',
                nav=nav,
                column=cats[cat],
                art_title=title,
                pub=date,
                source=org,
                crumbs=[
                    ("首页", "/"),
                    ("信息公开", "/xxgk/index.php"),
                    (cats[cat], f"/xxgk/list.php?catid={cat}"),
                ],
            ),
        )
        items[cat].append((title, path, date))
        return path

    gov, off, ga, gh = (
        "怀宁县人民政府",
        "怀宁县人民政府办公室",
        "怀宁县公安局",
        "怀宁县高河镇人民政府",
    )
    for ag, y, st, cat in (
        (gov, 2024, "std", 51),
        (off, 2024, "guanyu", 51),
        (gov, 2023, "std", 51),
        (ga, 2024, "std", 52),
        (gh, 2024, "yearfirst", 53),
    ):
        sp = b.spec(ag, y, st)
        b.report(sp, "html", show(cat, sp.title, sp.date, b.body_of(sp), ag), note=f"catid={cat}")
    sp = b.spec(gov, 2022, "std")
    direct = "/uploadfile/2023/0128/20230128103522817.docx"
    b.file(direct, b.bin(sp, "docx"), CTYPES["docx"])
    b.report(sp, "docx", direct, note="linked straight from the list (page 2)")
    items[51].append((sp.title, direct, sp.date))
    sp = b.spec(ga, 2023, "std")
    att = "/uploadfile/2024/0125/20240125093011452.docx"
    b.file(att, b.bin(sp, "docx"), CTYPES["docx"])
    p = show(
        52,
        sp.title,
        sp.date,
        f'<p>{esc(sp.title)}</p><p><a href="{att}">20240125093011452.docx</a></p>',
        ga,
    )
    b.report(sp, "docx", att, p, note="link text = file name")
    dj = b.decoy("jiedu", 2024, "2025-01-27", gov)
    b.non_report(show(51, dj.title, dj.date, b.decoy_body(dj), gov))
    dg = b.decoy("gzbg", 2024, "2025-01-14")
    b.non_report(show(12, dg.title, dg.date, b.decoy_body(dg), gov))
    df = b.decoy("fzzf", 2023, "2024-02-26", gov)
    b.non_report(show(12, df.title, df.date, b.decoy_body(df), gov))

    left = (
        '<div class="left_nav"><ul>'
        + "".join(f'<li><a href="/xxgk/list.php?catid={c}">{n}</a></li>' for c, n in cats.items())
        + "</ul></div>"
    )
    for cat, name in cats.items():
        its = sorted(items[cat], key=lambda x: x[2], reverse=True)
        per = 3
        pages = [its[i : i + per] for i in range(0, len(its), per)] or [[]]
        for n, chunk in enumerate(pages, start=1):
            if cat == 52:  # 部门年报: the title is plain text, the only link says 详情
                lis = "".join(
                    f'<li><span>{d}</span><em>{esc(trunc(t, 24))}</em> <a href="{h}">[详情]</a></li>'
                    for t, h, d in chunk
                )
            else:
                lis = "".join(
                    f'<li><span>{d}</span><a href="{h}" title="{esc(t)}">{esc(trunc(t, 24))}</a></li>'
                    for t, h, d in chunk
                )
            pg = f'<div id="pages" class="text-c">共 {len(its)} 条 '
            if n > 1:
                pg += f'<a class="a1" href="list.php?catid={cat}&page={n - 1}">上一页</a>'
            for k in range(1, len(pages) + 1):
                pg += (
                    f"<span>{k}</span>"
                    if k == n
                    else f'<a href="list.php?catid={cat}&page={k}">{k}</a>'
                )
            if n < len(pages):
                pg += f'<a class="a1" href="list.php?catid={cat}&page={n + 1}">下一页</a>'
            pg += "</div>"
            body = f'{left}<div class="right_list"><h2>{name}</h2><ul>{lis}</ul>{pg}</div>'
            q = f"/xxgk/list.php?catid={cat}" + (f"&page={n}" if n > 1 else "")
            b.page(q, b.chrome(name, body, nav=nav, column=name))
            if n == 1:
                b.page(q + "&page=1", b.chrome(name, body, nav=nav, column=name))
    b.page(
        "/xxgk/index.php",
        b.chrome("信息公开", left + '<div class="gk_home">政府信息公开</div>', nav=nav),
    )
    news = b.news_pages("/news/show.php?id=", nav, ext="")
    b.page(
        "/news/list.php?catid=2",
        b.chrome(
            "新闻中心",
            "<ul>" + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news) + "</ul>",
            nav=nav,
        ),
    )
    b.page("/bsfw/index.php", b.chrome("办事服务", "<div></div>", nav=nav))
    home = (
        '<div class="tt"><ul>'
        + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news)
        + "</ul></div>"
        '<div class="gk"><a href="/xxgk/index.php">政府信息公开</a></div>'
    )
    hp = b.chrome("怀宁县人民政府", home, nav=nav)
    b.page("/", hp)
    b.page("/index.php", hp)


# ============================================================================ 7 吴起 snowflake
def build_wuqi(s: Site, b: Builder) -> None:
    """Shaanxi (吴起): /zfxxgk/zfxxgknb/{xj,bm,zz}/ sub-columns, details with 19-digit
    snowflake ids, attachments /upload/1/YYYY/MM/<snowflake>.pdf."""
    nav = [("首页", "/"), ("信息公开", "/zfxxgk/"), ("新闻中心", "/xwzx/"), ("政务服务", "/zwfw/")]
    R = "/zfxxgk/zfxxgknb"
    subs = {"xj": "县级年报", "bm": "部门年报", "zz": "镇（街道）年报"}
    items: dict[str, list[tuple[str, str, str]]] = {k: [] for k in subs}

    def snow(*p: object) -> int:
        return 1753311688616128514 + numid(s.pid, *p, digits=12)

    def detail(sub: str, title: str, date: str, body: str, org: str) -> str:
        path = f"{R}/{sub}/{snow(title)}.html"
        tl = title.split("\n")
        b.page(
            path,
            b.chrome(
                title.replace("\n", ""),
                '<div class="detail-box"><div class="d-title">'
                + "".join(f"<h1>{esc(x)}</h1>" for x in tl)
                + f'</div><div class="d-info"><span>发布时间：{date}</span><span>来源：{esc(org)}</span></div>'
                f'<div class="d-content">{body}</div></div>',
                nav=nav,
                column=subs[sub],
                art_title=title.replace("\n", ""),
                pub=date,
                source=org,
            ),
        )
        items[sub].append((title.replace("\n", ""), path, date))
        return path

    def upload(spec, fmt: str) -> str:
        y, m = spec.date[:4], spec.date[5:7]
        path = f"/upload/1/{y}/{m}/{snow('file', spec.title)}.{fmt}"
        b.file(path, b.bin(spec, fmt), CTYPES[fmt])
        return path

    gov = "吴起县人民政府"
    sp = b.spec(gov, 2024, "two")
    b.report(
        sp,
        "html",
        detail("xj", sp.title, sp.date, b.body_of(sp, title=False), gov),
        note="two-line title",
    )
    sp = b.spec(gov, 2023, "std")
    b.report(sp, "html", detail("xj", sp.title, sp.date, b.body_of(sp, title=False), gov))
    sp = b.spec(gov, 2022, "std")
    a = upload(sp, "pdf")
    b.report(
        sp,
        "pdf",
        a,
        detail("xj", sp.title, sp.date, f'<p><a href="{a}">附件下载</a></p>', gov),
        note="link text 附件下载",
    )
    dt = b.decoy("tjgb", 2023, "2024-04-12")
    b.non_report(detail("xj", dt.title, dt.date, b.decoy_body(dt), dt.signer))
    fg = "吴起县发展和改革局"
    sp = b.spec(fg, 2024, "std")
    a = upload(sp, "pdf")
    b.report(
        sp,
        "pdf",
        a,
        detail(
            "bm",
            sp.title,
            sp.date,
            f'<p>{esc(sp.title)}</p><p><a href="{a}">{esc(sp.title)}.pdf</a></p>',
            fg,
        ),
        note="部门 pdf",
    )
    dj = b.decoy("juesuan", 2023, "2024-08-28", fg)
    a2 = upload(dj, "pdf")
    b.non_report(
        detail("bm", dj.title, dj.date, f'<p><a href="{a2}">{esc(dj.title)}.pdf</a></p>', fg), a2
    )
    wq = "吴起县吴起街道办事处"
    sp = b.spec(wq, 2023, "std")
    a = upload(sp, "docx")
    b.report(
        sp,
        "docx",
        a,
        detail(
            "zz", sp.title, sp.date, f'<p>详见附件：<a href="{a}">{esc(sp.title)}.docx</a></p>', wq
        ),
        note="街道 docx",
    )
    zw = "吴起县周湾镇人民政府"
    sp = b.spec(zw, 2024, "ndu")
    b.report(sp, "html", detail("zz", sp.title, sp.date, b.body_of(sp), zw), note="镇 html")

    left = (
        '<div class="sub-nav"><h3>政府信息公开年报</h3>'
        + "".join(f'<a href="{R}/{k}/">{v}</a>' for k, v in subs.items())
        + "</div>"
    )
    for sub, name in subs.items():
        its = sorted(items[sub], key=lambda x: x[2], reverse=True)
        per = 3
        pages = [its[i : i + per] for i in range(0, len(its), per)] or [[]]
        for n, chunk in enumerate(pages, start=1):
            lis = "".join(
                f'<li><a href="{h}" title="{esc(t)}">{esc(t)}</a><i>{d}</i></li>'
                for t, h, d in chunk
            )
            pg = (
                '<div class="pagination">'
                + "".join(
                    f'<a href="{R}/{sub}/{"" if k == 1 else f"index_{k}.html"}"{" class=active" if k == n else ""}>{k}</a>'
                    for k in range(1, len(pages) + 1)
                )
                + "</div>"
            )
            b.page(
                f"{R}/{sub}/" + ("" if n == 1 else f"index_{n}.html"),
                b.chrome(
                    name,
                    f'{left}<div class="list-box"><ul>{lis}</ul>{pg}</div>',
                    nav=nav,
                    column=name,
                ),
            )
    b.page(
        f"{R}/",
        b.chrome(
            "政府信息公开年报",
            left + '<div class="list-box">请选择</div>',
            nav=nav,
            column="政府信息公开年报",
        ),
    )
    hub = (
        '<div class="gk-nav"><a href="/zfxxgk/zn/">政府信息公开指南</a><a href="/zfxxgk/zd/">政府信息公开制度</a>'
        f'<a href="/zfxxgk/fdzdgknr/">法定主动公开内容</a><a href="{R}/">政府信息公开年报</a></div>'
    )
    b.page("/zfxxgk/", b.chrome("政府信息公开", hub, nav=nav, column="政府信息公开"))
    for p in ("/zfxxgk/zn/", "/zfxxgk/zd/", "/zfxxgk/fdzdgknr/", "/zwfw/"):
        b.page(p, b.chrome("栏目", "<div>暂无</div>", nav=nav))
    news = [(t, h) for t, h in b.news_pages("/xwzx/", nav)]
    b.page(
        "/xwzx/",
        b.chrome(
            "新闻中心",
            "<ul>" + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news) + "</ul>",
            nav=nav,
        ),
    )
    b.page(
        "/",
        b.chrome(
            "吴起县人民政府",
            '<div class="news"><ul>'
            + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news)
            + "</ul></div>",
            nav=nav,
        ),
    )


# ============================================================================ 8 丛台 Hebei
def build_congtai(s: Site, b: Builder) -> None:
    """河北: /zfxxgk/columns/<uuid>/index.html (sub-columns are further uuids), details
    /zfxxgk/contents/<col-uuid>/<doc-uuid>.html."""
    nav = [
        ("首页", "/"),
        ("政府信息公开", "/zfxxgk/index.html"),
        ("新闻动态", "/xwdt/index.html"),
        ("政务服务", "/zwfw/index.html"),
    ]

    def uuid(*p: object) -> str:
        h = hexid(s.pid, *p)
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    top = uuid("nb")
    subs = {uuid("qzf"): "区政府年报", uuid("bm"): "区直部门年报", uuid("jd"): "街道（乡镇）年报"}
    keys = list(subs)
    items: dict[str, list[tuple[str, str, str]]] = {k: [] for k in subs}

    def detail(col: str, title: str, date: str, body: str, org: str) -> str:
        path = f"/zfxxgk/contents/{col}/{uuid('doc', title)}.html"
        b.page(
            path,
            b.chrome(
                title,
                f'<div class="xxgk-detail">{suoyin("13040300-" + date[:4] + "-" + str(numid(title, digits=5)), org, date, title)}'
                f'<div class="xl-title">{esc(title)}</div><div class="xl-content">{body}</div></div>',
                nav=nav,
                column=subs[col],
                art_title=title,
                pub=date,
                source=org,
            ),
        )
        items[col].append((title, path, date))
        return path

    gov, rs, jd, zh = (
        "邯郸市丛台区人民政府",
        "邯郸市丛台区人力资源和社会保障局",
        "邯郸市丛台区丛台西街道办事处",
        "邯郸市丛台区中华街道办事处",
    )
    for y in (2024, 2023):
        sp = b.spec(gov, y, "std")
        b.report(sp, "html", detail(keys[0], sp.title, sp.date, b.body_of(sp), gov))
    sp = b.spec(rs, 2024, "std")
    a = f"/zfxxgk/attachment/{uuid('f', sp.title)}.docx"
    b.file(a, b.bin(sp, "docx"), CTYPES["docx"])
    b.report(
        sp,
        "docx",
        a,
        detail(keys[1], sp.title, sp.date, f'<p>附件：<a href="{a}">{esc(sp.title)}</a></p>', rs),
        note="部门 docx",
    )
    sp = b.spec(jd, 2024, "std")
    a = f"/zfxxgk/attachment/{uuid('f', sp.title)}.pdf"
    b.file(a, b.bin(sp, "pdf"), CTYPES["pdf"])
    b.report(
        sp,
        "pdf",
        a,
        detail(keys[2], sp.title, sp.date, f'<p><a href="{a}">点击下载</a></p>', jd),
        note="link text 点击下载",
    )
    sp = b.spec(zh, 2023, "guanyu")
    b.report(sp, "html", detail(keys[2], sp.title, sp.date, b.body_of(sp), zh))
    for kind, y, d in (("gzbg", 2024, "2025-01-13"), ("yaodian", 2024, "2025-04-01")):
        dc = b.decoy(kind, y, d)
        b.non_report(detail(keys[0], dc.title, dc.date, b.decoy_body(dc), dc.signer))

    tree = (
        f'<div class="column-tree"><a href="/zfxxgk/columns/{top}/index.html">政府信息公开年报</a><ul>'
        + "".join(
            f'<li><a href="/zfxxgk/columns/{k}/index.html">{v}</a></li>' for k, v in subs.items()
        )
        + "</ul></div>"
    )
    for col, name in subs.items():
        its = sorted(items[col], key=lambda x: x[2], reverse=True)
        per = 3
        pages = [its[i : i + per] for i in range(0, len(its), per)] or [[]]
        for n, chunk in enumerate(pages, start=1):
            lis = "".join(
                f'<tr><td><a href="{h}" title="{esc(t)}">{esc(trunc(t, 30))}</a></td><td>{d}</td></tr>'
                for t, h, d in chunk
            )
            pg = "".join(
                f'<a href="/zfxxgk/columns/{col}/{"index" if k == 1 else f"index_{k}"}.html">{k}</a>'
                for k in range(1, len(pages) + 1)
            )
            b.page(
                f"/zfxxgk/columns/{col}/{'index' if n == 1 else f'index_{n}'}.html",
                b.chrome(
                    name,
                    f'{tree}<div class="column-list"><table class="list-table"><tr><th>名称</th><th>日期</th></tr>{lis}'
                    f'</table><div class="page">{pg}</div></div>',
                    nav=nav,
                    column=name,
                ),
            )
    b.page(
        f"/zfxxgk/columns/{top}/index.html",
        b.chrome("政府信息公开年报", tree, nav=nav, column="政府信息公开年报"),
    )
    hub = (
        '<div class="xxgk-home"><a href="/zfxxgk/columns/{}/index.html">政府信息公开指南</a>'
        '<a href="/zfxxgk/columns/{}/index.html">法定主动公开内容</a>'
        '<a href="/zfxxgk/columns/{}/index.html">政府信息公开年报</a></div>'
    ).format(uuid("zn"), uuid("fd"), top)
    for k in ("zn", "fd"):
        b.page(
            f"/zfxxgk/columns/{uuid(k)}/index.html",
            b.chrome("栏目", "<div>暂无信息</div>", nav=nav),
        )
    b.page("/zfxxgk/index.html", b.chrome("政府信息公开", hub, nav=nav, column="政府信息公开"))
    b.page("/zwfw/index.html", b.chrome("政务服务", "<div></div>", nav=nav))
    news = b.news_pages("/xwdt/", nav)
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
            "邯郸市丛台区人民政府",
            '<div class="yw"><ul>'
            + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news)
            + "</ul></div>",
            nav=nav,
        ),
    )


# ============================================================================ 9 瑞金 Jiangxi
def build_ruijin(s: Site, b: Builder) -> None:
    """赣州 dialect: /xxgk/xxgk_navs.shtml?code=gknb lists the units, each
    /xxgk/xxgk_list.shtml?code=<unit>&page=N; details /xxgk/<unit>/YYYYMM/<32hex>.shtml."""
    nav = [
        ("首页", "/"),
        ("信息公开", "/xxgk/index.shtml"),
        ("新闻资讯", "/xwzx/index.shtml"),
        ("政务服务", "/zwfw/index.shtml"),
    ]
    units = {
        "gknb_szf": "瑞金市人民政府",
        "gknb_wjw": "瑞金市卫生健康委员会",
        "gknb_yp": "瑞金市叶坪乡人民政府",
        "zfgzbg": "政府工作报告",
    }
    items: dict[str, list[tuple[str, str, str]]] = {k: [] for k in units}

    def detail(code: str, title: str, date: str, body: str, org: str) -> str:
        path = f"/xxgk/{code.replace('_', '/')}/{date[:4]}{date[5:7]}/{hexid(s.pid, title)}.shtml"
        b.page(
            path,
            b.chrome(
                title,
                f'<div class="xxgk-detail">{suoyin("K" + str(numid(org, digits=8)) + "/" + date[:4] + "-" + str(numid(title, digits=5)), org, date, title)}'
                f'<div class="article"><h2>{esc(title)}</h2><div class="article-con" id="zoom">{body}</div></div></div>',
                nav=nav,
                column="政府信息公开年报",
                art_title=title,
                pub=date,
                source=org,
            ),
        )
        items[code].append((title, path, date))
        return path

    gov, wjw, yp = "瑞金市人民政府", "瑞金市卫生健康委员会", "瑞金市叶坪乡人民政府"
    for y, st in ((2024, "std"), (2023, "std"), (2022, "ndu")):
        sp = b.spec(gov, y, st)
        b.report(sp, "html", detail("gknb_szf", sp.title, sp.date, b.body_of(sp), gov))
    df = b.decoy("fzzf", 2024, "2025-02-21", gov)
    b.non_report(detail("gknb_szf", df.title, df.date, b.decoy_body(df), gov))
    sp = b.spec(wjw, 2024, "std")
    a = f"/xxgk/gknb/wjw/202501/P0{sp.date.replace('-', '')}{numid(sp.title, digits=6)}.pdf"
    b.file(a, b.bin(sp, "pdf"), CTYPES["pdf"])
    b.report(
        sp,
        "pdf",
        a,
        detail("gknb_wjw", sp.title, sp.date, f'<p><a href="{a}">{esc(sp.title)}.pdf</a></p>', wjw),
    )
    sp = b.spec(yp, 2024, "nianbao")
    b.report(
        sp, "html", detail("gknb_yp", sp.title, sp.date, b.body_of(sp), yp), note="工作年报 wording"
    )
    dg = b.decoy("gzbg", 2024, "2025-01-12")
    b.non_report(detail("zfgzbg", dg.title, dg.date, b.decoy_body(dg), dg.signer))

    navs = (
        '<div class="xxgk-navs"><h3>政府信息公开年报</h3><ul>'
        + "".join(
            f'<li><a href="xxgk_list.shtml?code={c}">{n}</a></li>'
            for c, n in units.items()
            if c.startswith("gknb")
        )
        + "</ul></div>"
    )
    b.page(
        "/xxgk/xxgk_navs.shtml?code=gknb",
        b.chrome("政府信息公开年报", navs, nav=nav, column="政府信息公开年报"),
    )
    for code, name in units.items():
        its = sorted(items[code], key=lambda x: x[2], reverse=True)
        per = 3
        pages = [its[i : i + per] for i in range(0, len(its), per)] or [[]]
        for n, chunk in enumerate(pages, start=1):
            lis = "".join(
                f'<li><a href="{h}" target="_blank">{esc(t)}</a><span>{d}</span></li>'
                for t, h, d in chunk
            )
            pg = f'<div class="page">第{n}页/共{len(pages)}页 '
            if n < len(pages):
                pg += f'<a href="xxgk_list.shtml?code={code}&page={n + 1}">下一页</a>'
            pg += "</div>"
            q = f"/xxgk/xxgk_list.shtml?code={code}" + (f"&page={n}" if n > 1 else "")
            b.page(
                q,
                b.chrome(
                    name,
                    f'{navs}<div class="xxgk-list"><h3>{name}</h3><ul>{lis}</ul>{pg}</div>',
                    nav=nav,
                    column=name,
                ),
            )
    hub = (
        '<div class="xxgk-index"><a href="xxgk_navs.shtml?code=zn">政府信息公开指南</a>'
        '<a href="xxgk_navs.shtml?code=fdzdgk">法定主动公开内容</a>'
        '<a href="xxgk_navs.shtml?code=gknb">政府信息公开年报</a>'
        '<a href="xxgk_list.shtml?code=zfgzbg">政府工作报告</a></div>'
    )
    b.page("/xxgk/index.shtml", b.chrome("信息公开", hub, nav=nav, column="信息公开"))
    for c in ("zn", "fdzdgk"):
        b.page(f"/xxgk/xxgk_navs.shtml?code={c}", b.chrome("栏目", "<div>暂无</div>", nav=nav))
    b.page("/zwfw/index.shtml", b.chrome("政务服务", "<div></div>", nav=nav))
    news = b.news_pages("/xwzx/", nav, ext=".shtml")
    b.page(
        "/xwzx/index.shtml",
        b.chrome(
            "新闻资讯",
            "<ul>" + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news) + "</ul>",
            nav=nav,
        ),
    )
    b.page(
        "/",
        b.chrome(
            "瑞金市人民政府",
            '<ul class="news">'
            + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news)
            + '</ul><a href="/xxgk/index.shtml">政府信息公开</a>',
            nav=nav,
        ),
    )


# ============================================================================ 10 横州 TRS .shtml
def build_hengzhou(s: Site, b: Builder) -> None:
    """TRS with .shtml: /zwgk/zfxxgknb/index.shtml, index_1.shtml (createPageHTML); details
    ./YYYYMM/tYYYYMMDD_<id>.shtml; relative ./P0….pdf and ./W0….doc; a 年报汇总 page lists every
    year and unit, and is the only way to a town's report and the oldest one."""
    nav = [
        ("首页", "/index.shtml"),
        ("政务公开", "/zwgk/index.shtml"),
        ("新闻中心", "/xwzx/index.shtml"),
        ("政务服务", "/zwfw/index.shtml"),
    ]
    col = "/zwgk/zfxxgknb"
    entries: list[tuple[str, str, str]] = []
    summary: list[tuple[int, str, str, str]] = []  # (year, unit, title, url)

    def detail(
        base: str, title: str, date: str, body: str, org: str, colname: str = "政府信息公开年报"
    ) -> tuple[str, str]:
        ym = date[:4] + date[5:7]
        name = f"t{date.replace('-', '')}_{numid(s.pid, title, digits=7)}.shtml"
        path = f"{base}/{ym}/{name}"
        b.page(
            path,
            b.chrome(
                title,
                f'<div class="xl_box"><div class="xl_title">{esc(title)}</div>'
                f'<div class="xl_info">发布时间：{date}　来源：{esc(org)}</div>'
                f'<div class="TRS_Editor">{body}</div></div>'
                "<script>var currentPage = 0;</script>",
                nav=nav,
                column=colname,
                art_title=title,
                pub=date,
                source=org,
            ),
        )
        return path, f"./{ym}/{name}"

    gov, zr, cz, lc = "横州市人民政府", "横州市自然资源局", "横州市财政局", "横州市峦城镇人民政府"
    for y, st in ((2024, "std"), (2023, "std"), (2022, "std"), (2021, "ndu")):
        sp = b.spec(gov, y, st)
        p, rel = detail(col, sp.title, sp.date, b.body_of(sp, title=False), gov)
        b.report(sp, "html", p, note="TRS list" if y > 2021 else "TRS list page 2 + 汇总")
        entries.append((sp.title, rel, sp.date))
        summary.append((y, gov, sp.title, p))
    sp = b.spec(zr, 2024, "std")
    ym = sp.date[:4] + sp.date[5:7]
    fname = f"P0{sp.date.replace('-', '')}{numid(sp.title, digits=9)}.pdf"
    p, rel = detail(
        col,
        sp.title,
        sp.date,
        f'<p>{esc(sp.title)}</p><p>附件：<a href="./{fname}" OLDSRC="/protect/P0{fname[2:]}">'
        f"{esc(sp.title)}.pdf</a></p>",
        zr,
    )
    b.file(f"{col}/{ym}/{fname}", b.bin(sp, "pdf"), CTYPES["pdf"])
    b.report(sp, "pdf", b.url(f"{col}/{ym}/{fname}")[len(s.base) :], p, note="relative ./P0….pdf")
    entries.append((sp.title, rel, sp.date))
    summary.append((2024, zr, sp.title, p))
    sp = b.spec(cz, 2023, "std")
    ym = sp.date[:4] + sp.date[5:7]
    fname = f"W0{sp.date.replace('-', '')}{numid(sp.title, digits=9)}.doc"
    p, rel = detail(
        col, sp.title, sp.date, f'<p>附件：<a href="./{fname}">{esc(sp.title)}.doc</a></p>', cz
    )
    b.file(f"{col}/{ym}/{fname}", b.bin(sp, "doc"), CTYPES["doc"])
    b.report(sp, "doc", f"{col}/{ym}/{fname}", p, note="relative ./W0….doc")
    entries.append((sp.title, rel, sp.date))
    summary.append((2023, cz, sp.title, p))
    sp = b.spec(lc, 2024, "two_ndu")
    p, _ = detail(
        "/zwgk/xzgk/lcz/zfxxgknb", sp.title, sp.date, b.body_of(sp), lc, "峦城镇政府信息公开年报"
    )
    b.report(sp, "html", p, note="only linked from the 年报汇总 page")
    summary.append((2024, lc, sp.title.replace("\n", ""), p))
    for kind, y, d in (("tjnb", 2024, "2024-12-05"), ("gzbg", 2024, "2025-01-18")):
        dc = b.decoy(kind, y, d)
        p, rel = detail(col, dc.title, dc.date, b.decoy_body(dc, title=False), dc.signer)
        b.non_report(p)
        entries.append((dc.title, rel, dc.date))
    entries.sort(key=lambda e: e[2], reverse=True)
    per = 5
    pages = [entries[i : i + per] for i in range(0, len(entries), per)]
    for n, chunk in enumerate(pages):
        lis = "".join(
            f'<li><a href="{h}" target="_blank" title="{esc(t)}">{esc(t)}</a><span>{d}</span></li>'
            for t, h, d in chunk
        )
        script = (
            f'<div class="page"><script type="text/javascript">\nvar currentPage = {n};//所在页从0开始\n'
            f'var countPage = {len(pages)}//共多少页\ncreatePageHTML({len(pages)}, {n}, "index", "shtml");\n</script></div>'
        )
        body = (
            f'<div class="lm_left"><a href="{col}/index.shtml">政府信息公开年报</a>'
            f'<a href="{col}/nbhz/index.shtml">年报汇总</a></div>'
            f'<div class="lm_right"><h3>政府信息公开年报</h3><ul class="lm_list">{lis}</ul>{script}</div>'
        )
        b.page(
            f"{col}/index{'' if n == 0 else f'_{n}'}.shtml",
            b.chrome(
                "政府信息公开年报",
                body,
                nav=nav,
                column="政府信息公开年报",
                head_extra='<script src="/js/page.js"></script>',
            ),
        )
    rows = ""
    for y in (2024, 2023, 2022, 2021):
        cells = [f'<a href="{u}">{esc(t)}</a>' for yy, unit, t, u in summary if yy == y]
        rows += f"<tr><td>{y}年度</td><td>{'<br>'.join(cells)}</td></tr>"
    b.page(
        f"{col}/nbhz/index.shtml",
        b.chrome(
            "年报汇总",
            f'<div class="nbhz"><h3>横州市政府信息公开工作年度报告汇总</h3>'
            f'<table class="nbhz_table"><tr><th>年度</th><th>年度报告</th></tr>{rows}</table></div>',
            nav=nav,
            column="年报汇总",
        ),
    )
    b.non_report(f"{col}/nbhz/index.shtml")
    hub = (
        '<div class="zwgk_nav"><a href="./xxgkzn/index.shtml">政府信息公开指南</a>'
        '<a href="./fdzdgknr/index.shtml">法定主动公开内容</a><a href="./zfxxgknb/index.shtml">政府信息公开年报</a>'
        '<a href="./zfxxgknb/nbhz/index.shtml">年报汇总</a></div>'
    )
    b.page("/zwgk/index.shtml", b.chrome("政务公开", hub, nav=nav, column="政务公开"))
    for p in ("/zwgk/xxgkzn/index.shtml", "/zwgk/fdzdgknr/index.shtml", "/zwfw/index.shtml"):
        b.page(p, b.chrome("栏目", "<div>暂无</div>", nav=nav))
    news = b.news_pages("/xwzx/202501/t20250110_", nav, ext=".shtml")
    b.page(
        "/xwzx/index.shtml",
        b.chrome(
            "新闻中心",
            "<ul>" + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news) + "</ul>",
            nav=nav,
        ),
    )
    hp = b.chrome(
        "横州市人民政府",
        '<ul class="news">'
        + "".join(f'<li><a href="{h}">{esc(t)}</a></li>' for t, h in news)
        + '</ul><div class="zwgk"><a href="/zwgk/index.shtml">政务公开</a></div>',
        nav=nav,
    )
    b.page("/", hp)
    b.page("/index.shtml", hp)
