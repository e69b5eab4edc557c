"""altworld4: fifteen simulated county portals on loopback, built from the real-but-unusual
patterns of PORTALS.md, to measure how well a crawler finds 政府信息公开工作年度报告.

    sites = start()                 # servers up, documents rendered once and cached
    toml = registry(sites)          # the honest family registry
    toml = registry(sites, "generic")
    changes = set_day(sites, 2)     # one portal moves host (301), one adds a DOC report
    stop(sites)

Each Site has pid, family, reports (agency as signed, year, url …) and non_reports (URLs)."""

from __future__ import annotations

import csv
import socket
from pathlib import Path

from .core import Builder, Report, Site, start_server
from .portals_a import build_daoli, build_jingde, build_kuandian, build_qiyang, build_xiji
from .portals_b import build_congtai, build_hengzhou, build_huaining, build_ruijin, build_wuqi
from .portals_c import build_doumen, build_longyou, build_shitai, build_shulan, build_zoucheng
from .render import Docs

__all__ = [
    "Report",
    "Site",
    "probe_rows",
    "registry",
    "set_day",
    "start",
    "stop",
    "write_probe_list",
]

# pid, agency, region code, region name, family, SiteIDCode, builder, host, pattern
PORTALS = [
    (
        "qiyang",
        "祁阳市人民政府",
        "431181",
        "祁阳市",
        "generic",
        "4311210003",
        build_qiyang,
        "127.0.0.1",
        "Hunan /c<col>/YYYYMM/<32hex>.shtml; 政府/部门/乡镇 sub-columns; SiteIDCode predates 撤县设市 (431121)",
    ),
    (
        "daoli",
        "哈尔滨市道里区人民政府",
        "230102",
        "哈尔滨市道里区",
        "generic",
        "2301020001",
        build_daoli,
        "127.0.0.1",
        "Harbin /c<col>/YYYYMM/c01_<id>.shtml; year sub-columns; pdf.js iframe",
    ),
    (
        "xiji",
        "西吉县人民政府",
        "640422",
        "西吉县",
        "generic",
        "6404220001",
        build_xiji,
        "127.0.0.1",
        "VSB/博达 /info/<col>/<id>.htm; list.htm then list/2.htm, list/1.htm; download.jsp attachments",
    ),
    (
        "kuandian",
        "宽甸满族自治县人民政府",
        "210624",
        "宽甸满族自治县",
        "generic",
        "2106240001",
        build_kuandian,
        "127.0.0.1",
        "epoint /kdzf/zfxxgk/fdzdgknr/zfxxgknb/; / → 302 /kdzf/; downloadZtreeAttach.jspx",
    ),
    (
        "jingde",
        "旌德县人民政府",
        "341825",
        "旌德县",
        "generic",
        "3418250001",
        build_jingde,
        "127.0.0.1",
        "old Anhui Openness /openness/OpennessAnnualReport/year/<unit>/<year>.html",
    ),
    (
        "huaining",
        "怀宁县人民政府",
        "340822",
        "怀宁县",
        "generic",
        "3408220001",
        build_huaining,
        "127.0.0.1",
        "PHP list.php?catid=&page= / show.php?id=; a .docx linked straight from the list",
    ),
    (
        "wuqi",
        "吴起县人民政府",
        "610626",
        "吴起县",
        "generic",
        "6106260001",
        build_wuqi,
        "127.0.0.1",
        "Shaanxi snowflake ids /zfxxgk/zfxxgknb/{xj,bm,zz}/<19 digits>.html",
    ),
    (
        "congtai",
        "邯郸市丛台区人民政府",
        "130403",
        "邯郸市丛台区",
        "generic",
        "1304030002",
        build_congtai,
        "127.0.0.1",
        "河北 /zfxxgk/columns/<uuid>/index.html, /zfxxgk/contents/<uuid>/<uuid>.html",
    ),
    (
        "ruijin",
        "瑞金市人民政府",
        "360781",
        "瑞金市",
        "generic",
        "3607810001",
        build_ruijin,
        "127.0.0.1",
        "Jiangxi xxgk_navs.shtml?code=gknb → xxgk_list.shtml?code=<unit>&page=N",
    ),
    (
        "hengzhou",
        "横州市人民政府",
        "450181",
        "横州市",
        "trs",
        "4501270001",
        build_hengzhou,
        "127.0.0.1",
        "TRS .shtml, index_1.shtml via createPageHTML; 年报汇总 page; ./P0….pdf, ./W0….doc",
    ),
    (
        "zoucheng",
        "邹城市人民政府",
        "370883",
        "邹城市",
        "trs",
        "3708830001",
        build_zoucheng,
        "127.0.0.1",
        "TRS list paged only by listModel({pagebar:{recordCount:23, prepage:10, maxStaticIndex:2}})",
    ),
    (
        "shulan",
        "舒兰市人民政府",
        "220283",
        "舒兰市",
        "generic",
        "2202830001",
        build_shulan,
        "127.0.0.4",
        "bare IP:port JSP, GBK without HTTP charset, absolute IP links, download.jsp octet-stream",
    ),
    (
        "longyou",
        "龙游县人民政府",
        "330825",
        "龙游县",
        "hanweb",
        "3308250016",
        build_longyou,
        "127.0.0.1",
        "Hanweb col/art, inline datastore + POST dataproxy.jsp, downfile.jsp as text/html",
    ),
    (
        "doumen",
        "珠海市斗门区人民政府",
        "440403",
        "珠海市斗门区",
        "gkmlpt",
        "4404030001",
        build_doumen,
        "127.0.0.1",
        "gkmlpt JS shell, /gkmlpt/api/all/<cat>?page=N&sid=SID JSON, /attachment/0/…",
    ),
    (
        "shitai",
        "石台县人民政府",
        "341722",
        "石台县",
        "anhui_public",
        "3417220001",
        build_shitai,
        "127.0.0.1",
        "Anhui public platform, /site/label/8888 lists, departments and towns as their own siteIds",
    ),
]

MOVE_PID = "qiyang"  # day 2: moves to another loopback host, 301 from every old URL
MOVE_HOST = "127.0.0.2"
ADD_PID = "longyou"  # day 2: a new DOC report in the 部门年报 column

_docs: Docs | None = None


def _build_all(sites: list[Site], docs: Docs) -> None:
    for s in sites:
        s.build(s, Builder(s, docs))


def start() -> list[Site]:
    """Start every portal's server on loopback and build its pages (documents come from the
    disk cache; a cold cache renders them with python-docx and one LibreOffice run)."""
    global _docs
    docs = _docs = Docs()
    sites: list[Site] = []
    for pid, agency, code, name, fam, sic, build, host, pattern in PORTALS:
        s = Site(
            pid=pid,
            agency=agency,
            region_code=code,
            region_name=name,
            family=fam,
            site_code=sic,
            build=build,
            host=host,
            notes=pattern,
        )
        srv, port = start_server(s, host)
        s.port = port
        s.servers.append(srv)
        s.orig = (host, port)  # type: ignore[attr-defined]
        sites.append(s)
    for day in (2, 1):  # collect the documents of both days, render what is missing once
        for s in sites:
            s.day = day
        _build_all(sites, docs)
    if docs.missing:
        docs.render_missing()
        _build_all(sites, docs)
    assert not docs.missing
    return sites


def stop(sites: list[Site]) -> None:
    for s in sites:
        for srv in s.servers:
            srv.shutdown()
            srv.server_close()
        s.servers.clear()


def registry(sites: list[Site], family: str | None = None) -> str:
    """The registry TOML as its author would write it on day 1 (the day-1 host of a portal
    that later moves); ``family="generic"`` forces every portal to generic."""
    out = ["# altworld4 (world15) registry, generated\n"]
    for s in sites:
        host, port = getattr(s, "orig", (s.host, s.port))
        out.append("[[portal]]")
        out.append(f'id = "{s.pid}"')
        out.append(f'agency = "{s.agency}"')
        out.append(f'region_code = "{s.region_code}"')
        out.append(f'family = "{family or s.family}"')
        out.append(f'start_urls = ["http://{host}:{port}/"]')
        out.append(f'allowed_domains = ["{host}:{port}"]')
        out.append("")
    return "\n".join(out)


def set_day(sites: list[Site], day: int) -> dict:
    """Day 2: MOVE_PID answers 301 from every old URL to the same path on MOVE_HOST:<new
    port>; ADD_PID publishes one more report, a .doc. Returns what a crawler should find."""
    assert day == 2, "only day 2 is defined"
    docs = _docs or Docs()
    by = {s.pid: s for s in sites}
    mv = by[MOVE_PID]
    old_base = mv.base
    srv, port = start_server(mv, MOVE_HOST)
    mv.servers.append(srv)
    mv.host, mv.port = MOVE_HOST, port
    mv.moved_to = (MOVE_HOST, port)
    mv.day = 2
    mv.build(mv, Builder(mv, docs))
    # the day-1 server now only redirects
    old_srv = mv.servers[0]
    old_srv.RequestHandlerClass = _redirect_handler(mv)
    ad = by[ADD_PID]
    ad.day = 2
    ad.build(ad, Builder(ad, docs))
    assert not docs.missing, "day-2 documents should have been rendered at start"
    return {
        "moved": {
            "pid": mv.pid,
            "old": old_base,
            "new": mv.base,
            "reports": [(r.agency, r.year, r.url) for r in mv.reports],
        },
        "added": [(ad.pid, r.agency, r.year, r.fmt, r.url) for r in ad.day2_added],
    }


def _redirect_handler(site: Site):
    from .core import handler_for

    def respond(method: str, path: str, body: bytes):
        return site.respond(method, path, body, old=True)

    return handler_for(respond)


# --------------------------------------------------------------------------- probe list


def _closed_port() -> int:
    with socket.socket() as so:
        so.bind(("127.0.0.1", 0))
        return so.getsockname()[1]


def probe_rows(sites: list[Site]) -> list[dict[str, str]]:
    """Rows of (region code, name, URL) with the expected classification: ``ok`` (live, and
    the page's SiteIDCode/SiteName belong to the row's region — note qiyang and hengzhou
    carry SiteIDCode prefixes from before 撤县设市), ``dead`` (nothing listens), and
    ``wrong_region`` (a live home page of another region)."""
    rows = []
    for s in sites:
        host, port = getattr(s, "orig", (s.host, s.port))
        rows.append(
            {
                "region_code": s.region_code,
                "name": s.region_name,
                "url": f"http://{host}:{port}/",
                "expected": "ok",
                "note": s.pid,
            }
        )
    for code, name in (("211421", "绥中县"), ("210422", "新宾满族自治县"), ("431124", "道县")):
        rows.append(
            {
                "region_code": code,
                "name": name,
                "url": f"http://127.0.0.1:{_closed_port()}/",
                "expected": "dead",
                "note": "closed loopback port",
            }
        )
    by = {s.pid: s for s in sites}
    for code, name, pid, why in (
        ("431100", "永州市", "qiyang", "a city pointed at its county's portal"),
        ("230103", "哈尔滨市南岗区", "daoli", "neighbouring district's portal"),
        ("341800", "宣城市", "jingde", "a city pointed at its county's portal"),
    ):
        host, port = getattr(by[pid], "orig", (by[pid].host, by[pid].port))
        rows.append(
            {
                "region_code": code,
                "name": name,
                "url": f"http://{host}:{port}/",
                "expected": "wrong_region",
                "note": f"{why}: SiteIDCode {by[pid].site_code}, SiteName {by[pid].agency}",
            }
        )
    return rows


def write_probe_list(sites: list[Site], path: str | Path) -> list[dict[str, str]]:
    rows = probe_rows(sites)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=["region_code", "name", "url", "expected", "note"])
        w.writeheader()
        w.writerows(rows)
    return rows
