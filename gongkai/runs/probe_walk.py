"""The probe's walk: the home page and what it leads to handed to the generic spider's own
callbacks (the rules a crawl uses), lists first, then the disclosure catalogue's steps, then
other hubs, until the page budget is spent; report pages and files are listed, not fetched.
What the pages show of their CMS family picks the entry's family."""

from __future__ import annotations

import heapq
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from crawler import recognise, redirects
from crawler.items import DocumentItem
from crawler.registry import Portal, portal_toml
from gongkai.runs.probe_http import Fetcher, scrapy_response

if TYPE_CHECKING:
    from gongkai.runs.probe import Probe

_DOCUMENT_ROLES = frozenset({"report_page", "attachment", "image"})


def walk(p: Probe, portal: Portal, fetcher: Fetcher, home: Any, budget: int) -> None:
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
    return scrapy_response(r, request)


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


def family_of(p: Probe) -> str:
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
