"""Sites, their loopback servers and the helpers the portal builders share."""

from __future__ import annotations

import hashlib
import html
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from tests.crawl.loopback_handler import LoopbackServer, handler_for

from .render import DecoySpec, Docs, DocSpec, decoy_html, report_html


@dataclass
class Report:
    agency: str  # as the document signs it
    year: int
    fmt: str  # html | pdf | docx | doc
    url: str  # the document the crawler must load (page for html, file otherwise)
    page: str = ""  # the detail page that links the file, if any
    title: str = ""
    note: str = ""  # where it hides (部门, 乡镇, page 3 …)


Resp = tuple[int, dict[str, str], bytes]


def norm_key(path: str) -> str:
    """Route key: path unquoted, query parameters sorted and unquoted."""
    parts = urlsplit(path)
    p = unquote(parts.path)
    if not parts.query:
        return p
    q = sorted(parse_qsl(parts.query, keep_blank_values=True))
    return p + "?" + "&".join(f"{k}={v}" for k, v in q)


@dataclass
class Site:
    pid: str
    agency: str  # the portal's own agency (registry)
    region_code: str
    region_name: str  # e.g. 祁阳市
    family: str
    site_code: str  # <meta name="SiteIDCode">
    build: Callable[[Site, Builder], None]
    host: str = "127.0.0.1"
    port: int = 0
    start_path: str = "/"
    notes: str = ""
    day: int = 1
    reports: list[Report] = field(default_factory=list)
    non_reports: list[str] = field(default_factory=list)
    routes: dict[str, Resp] = field(default_factory=dict)
    dynamic: Callable[[str, str, bytes], Resp | None] | None = None
    moved_to: tuple[str, int] | None = None
    servers: list = field(default_factory=list)
    day2_added: list[Report] = field(default_factory=list)

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def home(self) -> str:
        return self.base + self.start_path

    @property
    def site_name(self) -> str:
        return self.agency

    def respond(self, method: str, path: str, body: bytes, *, old: bool = False) -> Resp:
        if old and self.moved_to:
            h, p = self.moved_to
            return (
                301,
                {"Location": f"http://{h}:{p}{path}", "Content-Type": "text/html"},
                b"<html><head><title>301 Moved Permanently</title></head><body><h1>Moved Permanently</h1></body></html>",
            )
        key = norm_key(path)
        hit = self.routes.get(key)
        if hit is not None:
            return hit
        if self.dynamic is not None:
            r = self.dynamic(method, path, body)
            if r is not None:
                return r
        return not_found(self)


def not_found(site: Site) -> Resp:
    body = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>404-页面不存在</title></head>'
        f'<body><div class="err404"><h2>抱歉，您访问的页面不存在或已被删除！</h2>'
        f'<p><a href="/">返回{html.escape(site.agency)}首页</a></p></div></body></html>'
    )
    return 404, {"Content-Type": "text/html; charset=utf-8"}, body.encode()


def hexid(*parts: object, n: int = 32) -> str:
    return (
        hashlib.md5("|".join(map(str, parts)).encode()).hexdigest()[:n]
        if n <= 32
        else hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:n]
    )


def numid(*parts: object, digits: int = 7) -> int:
    h = int(hashlib.md5("|".join(map(str, parts)).encode()).hexdigest(), 16)
    return 10 ** (digits - 1) + h % (9 * 10 ** (digits - 1))


TITLE_STYLES = {
    "std": "{a}{y}年政府信息公开工作年度报告",
    "ndu": "{a}{y}年度政府信息公开工作年度报告",
    "guanyu": "{a}关于{y}年度政府信息公开工作情况的报告",
    "nianbao": "{a}{y}年度政府信息公开工作年报",
    "two": "{a}\n{y}年政府信息公开工作年度报告",
    "yearfirst": "{y}年{a}政府信息公开工作年度报告",
    "two_ndu": "{a}\n{y}年度政府信息公开工作年度报告",
}


def title_for(agency: str, year: int, style: str = "std", short: str | None = None) -> str:
    return TITLE_STYLES[style].format(a=short or agency, y=year)


def decoy(kind: str, place: str, agency: str, year: int, date: str) -> DecoySpec:
    """Documents that sit next to reports but are not disclosure reports."""
    if kind == "gzbg":
        return DecoySpec(
            f"{place}{year + 1}年政府工作报告",
            (
                f"——{year + 1}年1月{8 + year % 7}日在{place}第十八届人民代表大会第{year % 5 + 2}次会议上",
                f"各位代表：现在，我代表{place}人民政府，向大会报告政府工作，请予审议，并请政协委员和其他列席人员提出意见。",
                f"一、{year}年工作回顾。过去一年，全{place[-1]}地区生产总值增长5.{year % 9}%，一般公共预算收入完成计划，"
                "城乡居民人均可支配收入稳步增长。",
                f"二、{year + 1}年工作安排。今年经济社会发展的主要预期目标是：地区生产总值增长6%左右。",
            ),
            f"{place}人民政府",
            date,
        )
    if kind == "tjgb":
        return DecoySpec(
            f"{place}{year}年国民经济和社会发展统计公报",
            (
                f"{year}年，全{place[-1]}上下坚持稳中求进工作总基调，经济运行总体平稳。",
                f"一、综合。初步核算，全年地区生产总值{200 + year % 50}.{year % 7}亿元，按不变价格计算，比上年增长5.{year % 4}%。",
                "二、农业。全年粮食总产量稳定。三、工业和建筑业。规模以上工业增加值增长。",
            ),
            f"{place}统计局",
            date,
            (
                ("指标", "单位", "绝对数", "比上年增长%"),
                ("地区生产总值", "亿元", "231.5", "5.2"),
                ("一般公共预算收入", "亿元", "12.7", "3.1"),
            ),
        )
    if kind == "fzzf":
        return DecoySpec(
            f"{agency}{year}年法治政府建设年度报告",
            (
                f"{year}年，{agency}深入学习贯彻习近平法治思想，认真落实《法治政府建设实施纲要（2021—2025年）》。",
                "一、主要举措和成效。（一）依法全面履行政府职能。（二）完善依法行政制度体系。（三）推进严格规范公正文明执法。",
                "二、存在的不足和原因。三、党政主要负责人履行推进法治建设第一责任人职责情况。",
                f"四、{year + 1}年推进法治政府建设的主要安排。",
            ),
            agency,
            date,
        )
    if kind == "juesuan":
        return DecoySpec(
            f"{agency}{year}年度部门决算",
            (
                f"第一部分 {agency}概况。一、部门职责。二、机构设置。",
                f"第二部分 {agency}{year}年度部门决算情况说明。一、收入支出决算总体情况说明。",
                "第三部分 名词解释。第四部分 附件（决算公开表）。",
            ),
            agency,
            date,
            (
                ("项目", "决算数（万元）"),
                ("一般公共预算财政拨款收入", "1523.41"),
                ("政府性基金预算财政拨款收入", "0"),
                ("本年支出合计", "1498.02"),
            ),
        )
    if kind == "jiedu":
        return DecoySpec(
            f"一图读懂《{agency}{year}年政府信息公开工作年度报告》",
            (
                f"【政策解读】{agency}{year}年政府信息公开工作年度报告已经发布，现将主要内容图解如下。",
                "一、总体情况：主动公开、依申请公开、政府信息管理、平台建设、监督保障五方面工作扎实推进。",
                "二、亮点工作：政策解读数量稳步增加，政务新媒体矩阵持续完善。（图片）",
            ),
            f"{agency}",
            date,
        )
    if kind == "yaodian":
        return DecoySpec(
            f"{place}{year + 1}年政务公开工作要点",
            (
                f"为深入贯彻落实国务院办公厅和省、市政务公开工作要点要求，结合{place}实际，制定本要点。",
                "一、围绕稳住经济大盘加强政策发布解读。二、围绕保障和改善民生加强信息公开。",
                "三、持续做好政府信息公开年度报告工作，按时发布并做好数据核对。四、夯实政务公开工作基础。",
            ),
            f"{place}人民政府办公室",
            date,
        )
    if kind == "tjnb":
        return DecoySpec(
            f"{place}统计局关于做好{year}年统计年报和{year + 1}年定期统计报表制度布置工作的通知",
            (
                "各乡镇人民政府、各有关部门：",
                f"为做好{year}年统计年报工作，确保统计数据真实准确，现将有关事项通知如下：",
                "一、年报范围。二、报送时间。三、工作要求。",
            ),
            f"{place}统计局",
            date,
        )
    if kind == "qynb":
        return DecoySpec(
            f"关于开展{year}年度企业年报公示工作的通知",
            (
                f"根据《企业信息公示暂行条例》规定，{year}年度企业年度报告公示时间为{year + 1}年1月1日至6月30日。",
                "请各类企业通过国家企业信用信息公示系统报送并公示年度报告。逾期未报送的，将被列入经营异常名录。",
            ),
            f"{place}市场监督管理局",
            date,
        )
    if kind == "zhinan":
        return DecoySpec(
            f"{agency}政府信息公开指南",
            (
                "为了更好地提供政府信息公开服务，根据《中华人民共和国政府信息公开条例》，编制本指南。",
                "一、主动公开。二、依申请公开。三、收费标准：不收取费用。四、监督方式。",
            ),
            agency,
            date,
        )
    if kind == "jhnb":
        return DecoySpec(
            f"{place}{year}年度计划生育统计年报分析",
            (
                f"{year}年度人口和计划生育统计年报数据显示，全{place[-1]}户籍人口出生率平稳。",
                "一、出生情况。二、死亡情况。三、年报数据质量评估。",
            ),
            f"{place}卫生健康局",
            date,
        )
    raise KeyError(kind)


class Builder:
    """What a portal builder uses: routes, chrome, documents, the truth lists."""

    def __init__(self, site: Site, docs: Docs) -> None:
        self.s = site
        self.docs = docs
        site.routes = {}
        site.reports = []
        site.non_reports = []
        site.dynamic = None
        self.news: list[tuple[str, str]] = []

    # -- URLs and routes
    def url(self, path: str) -> str:
        return self.s.base + path

    def add(
        self,
        path: str,
        body: bytes,
        ctype: str = "text/html; charset=utf-8",
        status: int = 200,
        headers: dict[str, str] | None = None,
    ) -> str:
        h = {"Content-Type": ctype, **(headers or {})}
        if "Last-Modified" not in h:
            h["Last-Modified"] = "Mon, 20 Jan 2025 08:00:00 GMT"
        self.s.routes[norm_key(path)] = (status, h, body)
        return path

    def page(
        self,
        path: str,
        text: str,
        *,
        encoding: str = "utf-8",
        ctype: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> str:
        return self.add(
            path,
            text.encode(encoding, "xmlcharrefreplace"),
            ctype or f"text/html; charset={encoding}",
            headers=headers,
        )

    def file(
        self,
        path: str,
        data: bytes,
        ctype: str,
        *,
        filename: str | None = None,
        disposition: str = "utf8",
    ) -> str:
        headers = {}
        if filename:
            if disposition == "utf8":
                headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
            elif disposition == "gbk-latin1":  # GBK bytes sent as latin-1 (a common quirk)
                headers["Content-Disposition"] = (
                    'attachment; filename="' + filename.encode("gbk").decode("latin-1") + '"'
                )
            elif disposition == "ascii":
                headers["Content-Disposition"] = f'attachment; filename="{filename}"'
        return self.add(path, data, ctype, headers=headers)

    # -- documents
    def spec(
        self,
        agency: str,
        year: int,
        style: str = "std",
        *,
        short: str | None = None,
        date: str | None = None,
    ) -> DocSpec:
        d = (
            date
            or f"{year + 1}-0{1 + (len(agency) + year) % 3}-{10 + (len(agency) * 3 + year) % 18}"
        )
        return DocSpec(
            agency,
            year,
            title_for(agency, year, style, short),
            d,
            self.s.region_name,
            f"0{numid(agency, 'tel', digits=3)}-{numid(agency, 'no', digits=7)}",
        )

    def body_of(self, spec: DocSpec, **kw) -> str:
        return report_html(spec, **kw)

    def bin(self, spec, fmt: str) -> bytes:
        return self.docs.get(spec, fmt)

    def report(
        self, spec: DocSpec, fmt: str, url_path: str, page_path: str = "", note: str = ""
    ) -> Report:
        r = Report(
            spec.agency,
            spec.year,
            fmt,
            self.url(url_path),
            self.url(page_path) if page_path else "",
            spec.title.replace("\n", ""),
            note,
        )
        self.s.reports.append(r)
        return r

    def non_report(self, *paths: str) -> None:
        for p in paths:
            self.s.non_reports.append(self.url(p))

    def decoy(
        self, kind: str, year: int, date: str | None = None, agency: str | None = None
    ) -> DecoySpec:
        return decoy(
            kind,
            self.s.region_name,
            agency or self.s.agency,
            year,
            date or f"{year + 1}-02-1{year % 9}",
        )

    def decoy_body(self, spec: DecoySpec, **kw) -> str:
        return decoy_html(spec, **kw)

    # -- chrome
    def metas(self, column: str = "", title: str = "", pub: str = "", source: str = "") -> str:
        s = self.s
        m = [
            f'<meta name="SiteName" content="{s.agency}">',
            f'<meta name="SiteDomain" content="{s.host}:{s.port}">',
            f'<meta name="SiteIDCode" content="{s.site_code}">',
        ]
        if column:
            m.append(f'<meta name="ColumnName" content="{html.escape(column)}">')
            m.append('<meta name="ColumnType" content="政府信息公开">')
        if title:
            m.append(f'<meta name="ArticleTitle" content="{html.escape(title)}">')
        if pub:
            m.append(f'<meta name="PubDate" content="{pub}">')
        if source:
            m.append(f'<meta name="ContentSource" content="{html.escape(source)}">')
        return "\n".join(m)

    def footer(self, style: int = 0) -> str:
        s = self.s
        icp = f"{s.region_name[:1]}ICP备{numid(s.pid, 'icp', digits=8)}号"
        if style == 1:
            return (
                f'<div class="footer"><p>主办单位：{s.agency}办公室　承办单位：{s.region_name}大数据中心</p>'
                f'<p>网站标识码：{s.site_code}　<a href="https://beian.miit.gov.cn/">{icp}</a>　'
                f"公安机关备案号：{numid(s.pid, 'ga', digits=14)}</p>"
                f'<p><a href="/sitemap.html">网站地图</a> | <a href="/lxwm.html">联系我们</a></p></div>'
            )
        return (
            f'<div id="footer" class="foot"><div class="w1200"><span>{s.agency}　版权所有</span>'
            f"<span>网站标识码：{s.site_code}</span><span>{icp}</span>"
            f"<span>建议使用1366×768分辨率浏览</span></div></div>"
        )

    def chrome(
        self,
        title: str,
        body: str,
        *,
        nav: list[tuple[str, str]],
        column: str = "",
        art_title: str = "",
        pub: str = "",
        source: str = "",
        crumbs: list[tuple[str, str]] | None = None,
        head_extra: str = "",
        footer_style: int = 0,
        charset: str = "utf-8",
        wrap: str = "main",
    ) -> str:
        s = self.s
        navh = "".join(f'<li><a href="{h}">{html.escape(t)}</a></li>' for t, h in nav)
        cr = ""
        if crumbs:
            cr = (
                '<div class="position">当前位置：'
                + " &gt; ".join(f'<a href="{h}">{html.escape(t)}</a>' for t, h in crumbs)
                + "</div>"
            )
        return (
            f'<!DOCTYPE html>\n<html lang="zh-CN"><head>\n<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
            f'<meta http-equiv="X-UA-Compatible" content="IE=edge">\n'
            f"{self.metas(column, art_title, pub, source)}\n"
            f"<title>{html.escape(title)}</title>\n"
            f'<link rel="stylesheet" href="/css/style.css">{head_extra}\n</head>\n<body>\n'
            f'<div class="top"><div class="w1200"><span class="date">今天是：<script>document.write(new Date().toLocaleDateString())</script></span>'
            f'<a href="javascript:void(0)" class="wza">无障碍浏览</a><a href="javascript:void(0)">长者模式</a></div></div>\n'
            f'<div class="header"><div class="w1200"><h1 class="logo"><a href="/">{html.escape(s.agency)}</a></h1>'
            f'<form class="search" action="/search.html" method="get"><input name="q" placeholder="请输入关键字"><button>搜索</button></form></div></div>\n'
            f'<div class="nav"><ul class="w1200">{navh}</ul></div>\n'
            f'<div class="{wrap} w1200">{cr}\n{body}\n</div>\n{self.footer(footer_style)}\n</body></html>'
        )

    def news_pages(
        self, prefix: str, nav: list[tuple[str, str]], n: int = 5, ext: str = ".html"
    ) -> list[tuple[str, str]]:
        """A few ordinary news items for the home page."""
        topics = [
            "召开全体会议研究部署重点工作",
            "开展安全生产大检查",
            "举行重点项目集中开工仪式",
            "召开优化营商环境工作推进会",
            "开展防汛应急演练",
            "部署秋冬季森林防火工作",
            "召开乡村振兴工作推进会",
        ]
        out = []
        for i in range(n):
            t = f"{self.s.region_name}{topics[(i + len(self.s.pid)) % len(topics)]}"
            p = f"{prefix}{numid(self.s.pid, 'news', i)}{ext}"
            self.page(
                p,
                self.chrome(
                    t,
                    f'<div class="article"><h2>{t}</h2><p>近日，{t}。会议强调，要提高政治站位，'
                    f"压实工作责任，确保各项任务落到实处。</p></div>",
                    nav=nav,
                ),
            )
            out.append((t, p))
        return out


def start_server(
    site: Site, host: str, port: int = 0, *, old: bool = False
) -> tuple[LoopbackServer, int]:
    def respond(method: str, path: str, body: bytes) -> Resp:
        try:
            return site.respond(method, path, body, old=old)
        except Exception as exc:  # a world bug must not hang the crawler
            import traceback

            traceback.print_exc()
            return 500, {"Content-Type": "text/plain"}, f"world error: {exc}".encode()

    srv = LoopbackServer((host, port), handler_for(respond))
    th = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
    th.start()
    return srv, srv.server_address[1]


CTYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
}


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def trunc(s: str, n: int) -> str:
    return s if len(s) <= n else s[:n] + "..."


def suoyin(idx: str, org: str, date: str, title: str, doc_no: str = "") -> str:
    """The 索引号 / 发布机构 / 生成日期 table of a 信息公开 detail page."""
    return (
        f'<table class="xxgk_table" width="100%"><tr><td class="t">索 引 号：</td><td>{esc(idx)}</td>'
        f'<td class="t">发布机构：</td><td>{esc(org)}</td></tr>'
        f'<tr><td class="t">名　　称：</td><td colspan="3">{esc(title)}</td></tr>'
        f'<tr><td class="t">文　　号：</td><td>{esc(doc_no)}</td><td class="t">生成日期：</td><td>{date}</td></tr></table>'
    )
