"""Site chrome: header, navigation, breadcrumbs, sidebar and footer, different on every portal.

A theme is drawn from the portal's theme number, so class names, layout order, separators and
date styles vary between portals while staying fixed for one portal across days.
"""

from __future__ import annotations

import html
import random
from collections.abc import Sequence
from dataclasses import dataclass

from gongkai.demo.model import PortalSpec

_WRAPS = ["container", "w1200", "wrap", "main-wrap", "g-layout", "mainbox", "content-box", "page"]
_HEADERS = ["header", "top", "hd", "site-head", "banner", "headbox", "g-header"]
_NAVS = ["nav", "menu", "navbar", "mainnav", "g-nav", "nav-list", "daohang"]
_CRUMBS = ["position", "location", "crumb", "breadcrumb", "dqwz", "bread-nav", "current"]
_SIDES = ["sidebar", "left", "side-menu", "leftnav", "sub-nav", "col-l", "aside"]
_MAINS = ["content", "right", "main-con", "list-box", "col-r", "rightcon", "article-box"]
_LISTS = ["list", "news-list", "xxgk_list", "info-list", "gkml-list", "zfxxgk_list", "lb-list"]
_FOOTS = ["footer", "foot", "bottom", "g-footer", "copyright", "ft"]
_ARTICLES = ["article", "TRS_Editor", "zoom", "con-text", "detail-content", "view", "wzcon"]
_NAV_ITEMS = [
    ("首页", "/"),
    ("政务公开", "{hub}"),
    ("新闻中心", "/xwzx/"),
    ("政务服务", "/zwfw/"),
    ("互动交流", "/hdjl/"),
    ("走进{short}", "/zj/"),
    ("专题专栏", "/ztzl/"),
]
_SEPS = [" &gt; ", " > ", " » ", " / ", "&nbsp;&gt;&nbsp;", " → "]
_CRUMB_LEADS = ["当前位置：", "您当前的位置：", "您现在的位置：", "位置：", ""]


@dataclass(frozen=True, slots=True)
class Theme:
    wrap: str
    header: str
    nav: str
    crumb: str
    side: str
    main: str
    list: str
    foot: str
    article: str
    sep: str
    crumb_lead: str
    sidebar_first: bool
    table_list: bool  # lists drawn as <table> rows instead of <ul>
    date_style: int  # 0: 2025-01-20, 1: [2025-01-20], 2: 2025/01/20, 3: 2025年01月20日
    ie_meta: bool
    site_code: str


def theme_for(spec: PortalSpec) -> Theme:
    rng = random.Random(f"theme-{spec.theme}-{spec.id}")
    return Theme(
        wrap=rng.choice(_WRAPS),
        header=rng.choice(_HEADERS),
        nav=rng.choice(_NAVS),
        crumb=rng.choice(_CRUMBS),
        side=rng.choice(_SIDES),
        main=rng.choice(_MAINS),
        list=rng.choice(_LISTS),
        foot=rng.choice(_FOOTS),
        article=rng.choice(_ARTICLES),
        sep=rng.choice(_SEPS),
        crumb_lead=rng.choice(_CRUMB_LEADS),
        sidebar_first=rng.random() < 0.6,
        table_list=rng.random() < 0.3,
        date_style=rng.randrange(4),
        ie_meta=rng.random() < 0.5,
        site_code=f"{spec.region_code}00{rng.randint(10, 99)}",
    )


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def fmt_date(d: object, style: int) -> str:
    s = str(d)
    if style == 1:
        return f"[{s}]"
    if style == 2:
        return s.replace("-", "/")
    if style == 3:
        y, m, dd = s.split("-")
        return f"{y}年{m}月{dd}日"
    return s


def page(
    spec: PortalSpec,
    title: str,
    main_html: str,
    *,
    hub: str,
    crumbs: Sequence[tuple[str, str | None]] = (),
    sidebar: Sequence[tuple[str, str]] = (),
    head_extra: str = "",
    tail_extra: str = "",
) -> str:
    """A whole HTML page of the portal, with ``main_html`` in its content column."""
    t = theme_for(spec)
    charset = "gb2312" if spec.encoding == "gbk" else "utf-8"
    if spec.charset_in == "header":
        meta = ""
    elif t.ie_meta or spec.encoding == "gbk":
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}" />'
    else:
        meta = f'<meta charset="{charset}">'
    nav = "".join(
        f'<li><a href="{esc(href.format(hub=hub))}">{esc(label.format(short=spec.short))}</a></li>'
        for label, href in _NAV_ITEMS
    )
    trail = t.sep.join(
        f'<a href="{esc(href)}">{esc(label)}</a>' if href else f"<span>{esc(label)}</span>"
        for label, href in [("首页", "/"), *crumbs]
    )
    side_html = ""
    if sidebar:
        items = "".join(f'<li><a href="{esc(h)}">{esc(lbl)}</a></li>' for lbl, h in sidebar)
        side_html = (
            f'<div class="{t.side}"><h3 class="{t.side}-tit">信息公开</h3><ul>{items}</ul></div>'
        )
    body_main = f'<div class="{t.main}">{main_html}</div>'
    columns = side_html + body_main if t.sidebar_first else body_main + side_html
    year_icp = 2011 + spec.theme % 9
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
{meta}
<meta name="SiteName" content="{esc(spec.agency)}">
<meta name="SiteDomain" content="{esc(spec.id)}.gov.cn">
<meta name="SiteIDCode" content="{t.site_code}">
<title>{esc(title)}_{esc(spec.agency)}</title>
<link rel="stylesheet" href="/images/{t.wrap}.css">
{head_extra}
</head>
<body>
<div class="{t.header}"><div class="{t.wrap}"><a class="logo" href="/"><img src="/images/logo.png" alt="{esc(spec.agency)}"></a>
<div class="search"><form action="/search/" method="get"><input name="q" type="text" placeholder="请输入关键字"><button type="submit">搜索</button></form></div></div></div>
<div class="{t.nav}"><ul class="{t.wrap}">{nav}</ul></div>
<div class="{t.wrap}">
<div class="{t.crumb}">{t.crumb_lead}{trail}</div>
{columns}
</div>
<div class="{t.foot}"><div class="{t.wrap}">
<p><a href="/wzdt/">网站地图</a> | <a href="/lxwm/">联系我们</a> | <a href="/sybz/">使用帮助</a></p>
<p>主办单位：{esc(spec.agency)}办公室 &nbsp; 承办：{esc(spec.short)}数据资源管理局</p>
<p>网站标识码：{t.site_code} &nbsp; ICP备{year_icp}00{spec.region_code[-3:]}号</p>
</div></div>
{tail_extra}
</body>
</html>
"""


def encode(spec: PortalSpec, text: str) -> bytes:
    return text.encode("gbk" if spec.encoding == "gbk" else "utf-8", errors="xmlcharrefreplace")


def html_content_type(spec: PortalSpec) -> str:
    if spec.charset_in == "meta":
        return "text/html"
    return "text/html; charset=GBK" if spec.encoding == "gbk" else "text/html; charset=utf-8"
