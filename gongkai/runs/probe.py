"""Onboarding a portal: fetch its home page, walk it with the crawl's own discovery, and write the
registry entry it needs (``gongkai portals probe URL``).

The home page and every page after it are fetched with httpx (short timeouts, redirects
followed and kept, robots.txt obeyed, one request at a time with a delay); each answer becomes
a Scrapy response and goes to the generic spider's own callbacks, so the report column is
found by the same rules a crawl uses (hubs, columns, sub-columns, pagers, the families'
script-loaded lists). The walk reads hubs and lists only, at most ``pages`` of them: the report
pages it would fetch are listed, not fetched.

What it finds: the site's name (``SiteName`` meta, else the title) and its region code (the
regions table, from the name; ``SiteIDCode`` when the name names no division), the CMS family
(from the markup and URLs it met), the report column, the reports listed, their years and the
pager. ``probe_list`` does this for a list of sites.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from crawler import recognise, redirects
from crawler.registry import Portal, parse_entry, portal_toml
from db.regions import divisions, resolve_region
from gongkai.runs.probe_http import Fetcher, scrapy_response
from gongkai.runs.probe_walk import family_of, walk
from pipelines.parse.titles import title_parts

__all__ = ["Fetcher", "Probe", "entry_toml", "probe", "region_mismatch", "unique_id"]

STATUSES = (
    "ok",
    "unreachable",
    "blocked",
    "robots_disallowed",
    "no_report_column",
    "wrong_region",
)
_TITLE_NOISE = re.compile(r"门户网站|官方网站|政府网站|网站首页|首页|欢迎您?(访问|光临)?|主页")
_TITLE_SPLIT = re.compile(r"[-_|—–·:：\s]+")
_GOVERNMENT = re.compile(r"人民政府|政府")


@dataclass
class Probe:
    """What probing one site found; ``entry`` is set when the site works."""

    url: str
    status: str = "ok"
    reason: str = ""
    final_url: str = ""
    redirects: list[tuple[int, str]] = field(default_factory=list)
    charset: str = ""
    site_name: str = ""  # SiteName meta
    site_code: str = ""  # SiteIDCode meta
    title: str = ""
    agency: str = ""
    region_code: str = ""
    region_name: str = ""
    family: str = "generic"
    markers: list[str] = field(default_factory=list)
    columns: list[tuple[str, str]] = field(default_factory=list)  # (url, link text)
    subcolumns: list[tuple[str, str]] = field(default_factory=list)
    reports: list[tuple[str, str]] = field(default_factory=list)  # (url, title) listed
    pages: list[str] = field(default_factory=list)  # further pages of the lists
    pages_read: int = 0
    seconds: float = 0.0
    entry: Portal | None = None

    @property
    def years(self) -> list[int]:
        found = {title_parts(t)[1] for _, t in self.reports}
        return sorted(y for y in found if y)


def probe(
    url: str,
    *,
    name: str | None = None,
    region_code: str | None = None,
    family: str | None = None,
    portal_id: str | None = None,
    taken: Iterable[str] = (),
    pages: int = 40,
    fetcher: Fetcher | None = None,
) -> Probe:
    """Probe the site at ``url`` (``name``/``region_code``: what a list says it is, checked
    against the site; ``taken``: ids the entry must not reuse)."""
    own = fetcher is None
    fetcher = fetcher or Fetcher()
    t0 = time.monotonic()
    result = Probe(url=url)
    try:
        _probe(result, fetcher, name, region_code, family, portal_id, set(taken), pages)
    finally:
        result.seconds = time.monotonic() - t0
        if own:
            fetcher.close()
    return result


def _probe(
    p: Probe,
    fetcher: Fetcher,
    name: str | None,
    region_code: str | None,
    family: str | None,
    portal_id: str | None,
    taken: set[str],
    pages: int,
) -> None:
    from scrapy.http import TextResponse

    try:
        if not fetcher.allowed(p.url):
            p.status, p.reason = "robots_disallowed", f"robots.txt disallows {p.url}"
            return
        home = fetcher.request("GET", p.url)
    except httpx.HTTPError as exc:
        p.status, p.reason = "unreachable", f"{type(exc).__name__}: {exc}"[:300]
        return
    p.redirects = [(r.status_code, str(r.headers.get("location", ""))) for r in home.history]
    p.final_url = str(home.url)
    kind = recognise.challenge(
        home.status_code,
        home.content,
        [v.encode("latin-1") for v in home.headers.get_list("set-cookie")],
    )
    if kind:
        p.status, p.reason = "blocked", f"anti-bot challenge {kind} at {p.final_url}"
        return
    if home.status_code >= 400:
        p.status, p.reason = "unreachable", f"HTTP {home.status_code} at {p.final_url}"
        return
    if redirects.netloc(p.final_url) != redirects.netloc(p.url):
        moved = redirects.classify(
            p.url,
            p.final_url,
            home.history[-1].status_code if home.history else None,
            from_start=True,
        )
        if moved == "offsite":
            p.status = "unreachable"
            p.reason = f"redirects to another site, not followed: {p.url} → {p.final_url}"
            return
    response = scrapy_response(home, None)
    if not isinstance(response, TextResponse):
        p.status, p.reason = "unreachable", f"not a web page at {p.final_url}"
        return
    p.charset = response.encoding
    _read_site(p, response)
    if name or region_code:
        wrong = region_mismatch(region_code or "", name or "", p.agency, p.site_code)
        if wrong:
            p.status, p.reason = "wrong_region", wrong
            return
    p.region_code, p.region_name = _region(p, region_code, name)
    # The address the home page settles at, when every redirect there is permanent; a
    # temporary one (/ → /kdzf/, a session, a holiday page) keeps the address asked.
    permanent = all(r.status_code in redirects.PERMANENT for r in home.history)
    start = p.final_url if permanent else p.url
    host = redirects.netloc(start)
    allowed = _allowed_domains(p.final_url)
    if redirects.netloc(p.final_url) != host and not any(
        _allows(d, p.final_url) for d in _allowed_domains(start)
    ):
        allowed = (*_allowed_domains(start), *allowed)
    else:
        allowed = _allowed_domains(start)
    pid = portal_id or unique_id(_id_for(host, p.region_code), taken)
    draft = Portal(
        id=pid,
        agency=p.agency or name or host,
        region_code=p.region_code or "000000",
        family="generic",
        start_urls=(start,),
        allowed_domains=allowed,
    )
    walk(p, draft, fetcher, response, pages)
    if not p.columns and not p.reports:
        p.status = "no_report_column"
        p.reason = (
            f"no annual-report column (年报 / 年度报告) found in {p.pages_read} page(s) from "
            f"{p.final_url}"
        )
        return
    p.family = family or family_of(p)
    p.entry = parse_entry(
        {
            "id": draft.id,
            "agency": draft.agency,
            "region_code": draft.region_code,
            "family": p.family,
            "start_urls": list(draft.start_urls),
            "allowed_domains": list(draft.allowed_domains),
        }
    )


def _read_site(p: Probe, response: Any) -> None:
    """SiteName, SiteIDCode and the title; the agency from the first that names one."""
    metas = {
        (m.attrib.get("name") or "").lower(): (m.attrib.get("content") or "").strip()
        for m in response.xpath("//meta[@name]")
    }
    p.site_name = metas.get("sitename", "")
    p.site_code = metas.get("siteidcode", "")
    p.title = recognise.clean(response.xpath("string(//title)").get())
    p.agency = p.site_name or agency_from_title(p.title)


def agency_from_title(title: str) -> str:
    """The government a home page's title names (``XX县人民政府门户网站`` → ``XX县人民政府``)."""
    parts = [x for x in _TITLE_SPLIT.split(_TITLE_NOISE.sub(" ", title)) if x]
    return next((x for x in parts if _GOVERNMENT.search(x)), parts[0] if parts else "")


def _place(name: str) -> str:
    """The distinctive part of a division's name: 哈尔滨市道里区 → 道里, 祁阳市 → 祁阳."""
    match = resolve_region(name)
    last = match.name or name
    core = re.sub(r"(满族|蒙古族|回族|藏族|苗族|土家族|壮族|彝族|瑶族|侗族|自治)+", "", last)
    return re.sub(r"(自治县|自治州|特区|林区|新区|县|区|市|旗|州|盟)$", "", core) or last


def region_mismatch(code: str, name: str, agency: str, site_code: str) -> str | None:
    """Why a site is not the one a list names (region ``code``, division ``name``), or None.
    The site's own name decides (its region, or the list's place in it); ``SiteIDCode``
    decides when the name says nothing, its first four digits only (its six may predate a
    撤县设市)."""
    page = resolve_region(agency).code if agency else None
    if page and page == code:
        return None
    if name and agency and _place(name) in agency:
        return None
    if site_code[:6] == code:
        return None
    if page:
        return f"the site is {agency} (region {page}), not {name or code} ({code})"
    if len(site_code) >= 6 and site_code[:4] != code[:4]:
        return (
            f"its SiteIDCode {site_code} is of region {site_code[:6]}, not {name or code} ({code})"
        )
    return None


def _region(p: Probe, given: str | None, name: str | None) -> tuple[str, str]:
    known = {d.code: d.name for d in divisions()}
    if given:
        return given, name or known.get(given, "")
    match = resolve_region(p.agency) if p.agency else None
    if match is not None and match.code:
        return match.code, known.get(match.code, "")
    if p.site_code[:6] in known:
        return p.site_code[:6], known[p.site_code[:6]]
    return "", ""


def _allowed_domains(url: str) -> tuple[str, ...]:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.port or redirects.is_ip(host):
        return (redirects.netloc(url),)
    return (redirects.registrable(host),)


def _allows(domain: str, url: str) -> bool:
    return Portal("x", "x", "000000", "generic", (url,), (domain,)).allows(url)


def _id_for(host: str, region_code: str) -> str:
    name = host.split(":")[0]
    if not redirects.is_ip(name):
        label = redirects.registrable(name).split(".")[0]
        return re.sub(r"[^A-Za-z0-9_-]", "-", label) or "portal"
    return region_code or host.replace(".", "-").replace(":", "-")


def unique_id(base: str, taken: set[str]) -> str:
    pid, n = base, 2
    while pid in taken:
        pid, n = f"{base}-{n}", n + 1
    return pid


def entry_toml(p: Probe) -> str:
    """The registry entry as TOML (with a comment saying how it was found)."""
    assert p.entry is not None
    return f"# probed {p.url}: {len(p.reports)} report(s) listed\n" + portal_toml(p.entry)
