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

import codecs
import heapq
import re
import tempfile
import time
import urllib.robotparser
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from crawler import recognise, redirects
from crawler.items import DocumentItem
from crawler.registry import Portal, parse_entry, portal_toml
from db.regions import divisions, resolve_region
from gongkai.core.settings import env
from pipelines.parse import charset
from pipelines.parse.titles import title_parts

STATUSES = (
    "ok",
    "unreachable",
    "blocked",
    "robots_disallowed",
    "no_report_column",
    "wrong_region",
)
_DOCUMENT_ROLES = frozenset({"report_page", "attachment", "image"})
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


class Fetcher:
    """httpx with short timeouts, the crawl's User-Agent, a delay between requests and
    robots.txt obeyed (read once per origin)."""

    def __init__(self, *, timeout: float = 8.0, delay: float = 1.0) -> None:
        self.delay = delay
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            follow_redirects=True,
            max_redirects=5,
            headers={"User-Agent": _user_agent()},
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last = 0.0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(
        self, method: str, url: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> httpx.Response:
        wait = self._last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            return self.client.request(method, url, content=body or None, headers=headers)
        finally:
            self._last = time.monotonic()

    def allowed(self, url: str) -> bool:
        origin = redirects.origin(url)
        if origin not in self._robots:
            parser: urllib.robotparser.RobotFileParser | None = None
            try:
                r = self.request("GET", origin + "/robots.txt")
                if r.status_code == 200 and "html" not in r.headers.get("content-type", ""):
                    parser = urllib.robotparser.RobotFileParser()
                    parser.parse(r.text.splitlines())
            except httpx.HTTPError:
                parser = None
            self._robots[origin] = parser
        parser = self._robots[origin]
        return parser is None or parser.can_fetch(_user_agent(), url)


def _user_agent() -> str:
    from urllib.parse import quote

    return quote(env("GONGKAI_USER_AGENT"), safe=" !\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~%")


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
    response = _scrapy_response(home, None)
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
    _walk(p, draft, fetcher, response, pages)
    if not p.columns and not p.reports:
        p.status = "no_report_column"
        p.reason = (
            f"no annual-report column (年报 / 年度报告) found in {p.pages_read} page(s) from "
            f"{p.final_url}"
        )
        return
    p.family = family or _family(p)
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


def charset_of(body: bytes, content_type: str | None) -> str:
    """A page's charset: its byte-order mark, the HTTP header, the page's own declaration
    (``<meta charset>``), else UTF-8 when the bytes read as UTF-8, else GB18030; a GB2312 or
    GBK label is read as GB18030, their superset."""
    from w3lib.encoding import read_bom

    bom, _ = read_bom(body)
    name = bom or charset.declared(body, content_type)
    if name:
        label = name.strip().lower()
        if label.startswith("gb") or label in ("x-gbk", "cp936", "euc-cn"):
            return "gb18030"
        try:
            return codecs.lookup(label).name
        except LookupError:
            pass
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _scrapy_response(r: httpx.Response, request: Any) -> Any:
    """The httpx answer as the Scrapy response a spider callback reads, decoded by
    ``charset_of``."""
    from scrapy.http import Headers, TextResponse
    from scrapy.responsetypes import responsetypes

    headers = Headers({k: r.headers.get_list(k) for k in r.headers})
    cls = responsetypes.from_args(headers=headers, url=str(r.url), body=r.content)
    kw: dict[str, Any] = {}
    if issubclass(cls, TextResponse):
        kw["encoding"] = charset_of(r.content, r.headers.get("content-type"))
    return cls(
        url=str(r.url), status=r.status_code, headers=headers, body=r.content, request=request, **kw
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


def _walk(p: Probe, portal: Portal, fetcher: Fetcher, home: Any, budget: int) -> None:
    """Hand the home page and what it leads to to the generic spider's callbacks, lists first,
    until ``budget`` pages are read; report pages and files are listed, not fetched."""
    from scrapy import Request

    from crawler.spiders.generic import GenericSpider

    with tempfile.TemporaryDirectory(prefix="gongkai-probe-") as tmp:
        registry = Path(tmp) / "portal.toml"
        registry.write_text(portal_toml(portal), encoding="utf-8")
        spider = GenericSpider(portal=portal.id, registry=str(registry))
    start = Request(
        home.url, callback=spider.parse_start, meta={"role": "other", "hops": 0, "is_start": True}
    )
    home = home.replace(request=start)
    queue: list[tuple[int, int, int, Any]] = []
    seen = {_key(start)}
    counter = 0
    p.pages_read = 1
    pending: list[tuple[Any, Any]] = [(start, home)]
    while pending or queue:
        if pending:
            request, response = pending.pop()
        else:
            _, _, _, request = heapq.heappop(queue)
            if p.pages_read >= budget:
                break
            response = _fetch(fetcher, spider, request, p)
            if response is None:
                continue
            p.pages_read += 1
        _markers(p, request, response)
        callback = request.callback or spider.parse_start
        try:
            outputs = list(callback(response) or ())
        except Exception as exc:  # one odd page must not end the probe
            p.markers.append(f"error reading {response.url}: {type(exc).__name__}")
            continue
        if response.meta.get("fragment_url"):  # a column on this very page (index#2893)
            p.columns.append((response.meta["fragment_url"], response.meta.get("column") or ""))
        for out in outputs:
            if isinstance(out, DocumentItem):
                if out.role in ("report_page", "attachment"):
                    p.reports.append((out.url, out.title or ""))
                continue
            if not isinstance(out, Request) or _key(out) in seen:
                continue
            seen.add(_key(out))
            role = out.meta.get("role")
            if role in _DOCUMENT_ROLES:
                if role != "image":
                    p.reports.append((out.url, out.meta.get("title") or ""))
                continue
            _column(p, out)
            counter += 1
            heapq.heappush(queue, (_rank(out), out.meta.get("hops", 0), counter, out))
    p.reports = list(dict.fromkeys(p.reports))
    p.subcolumns = list(dict.fromkeys(p.subcolumns))


def _rank(request: Any) -> int:
    """Lists first, then the steps of the disclosure catalogue, then other hubs: the budget
    goes where report columns are."""
    if request.meta.get("role") == "list":
        return 0
    text = request.meta.get("link_text") or ""
    if recognise.is_catalogue_hub(text):
        return 1
    return 2 if recognise.is_hub(text) else 3


def _key(request: Any) -> tuple[str, str, bytes]:
    return request.method, request.url.split("#")[0], request.body


def _fetch(fetcher: Fetcher, spider: Any, request: Any, p: Probe) -> Any:
    """The answer to ``request`` as a Scrapy response, or None (an error, another site,
    robots.txt)."""
    if not spider.portal.allows(request.url) or not fetcher.allowed(request.url):
        return None
    headers = {k.decode(): v[0].decode("latin-1") for k, v in request.headers.items() if v}
    try:
        r = fetcher.request(request.method, request.url, request.body, headers)
    except httpx.HTTPError:
        return None
    if str(r.url) != request.url and not spider.portal.allows(str(r.url)):
        kind = redirects.classify(
            request.url,
            str(r.url),
            r.history[-1].status_code if r.history else None,
            from_start=False,
        )
        if kind == "offsite":
            return None
        spider.admit(str(r.url), request.url, moved=kind == "moved")
    if r.status_code >= 400:
        return None
    return _scrapy_response(r, request)


def _column(p: Probe, request: Any) -> None:
    """A list the walk asks for: a report column, one of its sub-columns, or a further page."""
    meta = request.meta
    if meta.get("role") != "list":
        return
    if meta.get("page_of"):
        p.pages.append(request.url)
    elif meta.get("sub"):
        p.subcolumns.append((request.url, meta.get("column") or ""))
    elif meta.get("column"):
        p.columns.append((request.url, meta["column"]))


def _markers(p: Probe, request: Any, response: Any) -> None:
    """What a page read shows of its CMS family."""
    url = request.url
    text = getattr(response, "text", "") if hasattr(response, "encoding") else ""
    if request.meta.get("role") != "list":
        if "/gkmlpt/" in url and "SID" in text and "gkmlpt shell" not in p.markers:
            p.markers.append("gkmlpt shell")
        return
    for marker, found in (
        ("gkmlpt API", "/gkmlpt/api/" in url),
        ("Anhui label", "/site/label/" in url or "/site/label/" in text),
        ("Anhui column", "/public/column/" in url),
        ("Hanweb column", bool(re.search(r"/col/col\d+/", url))),
        ("Hanweb datastore", "<datastore>" in text or "dataproxy.jsp" in text),
        ("TRS createPageHTML", "createPageHTML" in text),
        ("TRS listModel", "listModel(" in text and "pagebar" in text),
    ):
        if found and marker not in p.markers:
            p.markers.append(marker)


def _family(p: Probe) -> str:
    """The CMS family the markers and URLs met point to; generic when none does."""
    marks = " ".join(p.markers)
    if "gkmlpt" in marks:
        return "gkmlpt"
    if "Anhui label" in marks and "Anhui column" in marks:
        return "anhui_public"
    if "Hanweb" in marks:
        return "hanweb"
    trs_details = sum(bool(re.search(r"/t\d{8}_\d+\.s?html?$", u)) for u, _ in p.reports)
    if "TRS" in marks or (p.reports and trs_details * 2 > len(p.reports)):
        return "trs"
    return "generic"


def entry_toml(p: Probe) -> str:
    """The registry entry as TOML (with a comment saying how it was found)."""
    assert p.entry is not None
    return f"# probed {p.url}: {len(p.reports)} report(s) listed\n" + portal_toml(p.entry)
