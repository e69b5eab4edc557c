"""Incremental crawling the way web archivers recrawl: the state lives in the archive.

Four Scrapy components, all switched off by ``GONGKAI_INCREMENTAL = False`` (``--refetch``):

- ``ConditionalRequestMiddleware`` (downloader): GET requests carry ``If-None-Match`` /
  ``If-Modified-Since`` from the last 200 of the URL in a *finished* crawl of the portal. A 304
  becomes a fetch row (outcome ``not_modified``, 0 bytes), the document's ``last_seen`` moves, and
  the spider gets the stored bytes back as a 200 (flag ``not_modified``), so robots.txt and page
  callbacks work unchanged. A 404/410 on a known document marks it gone.
- ``KnownItemsMiddleware`` (spider): below a navigation page (start, hub, list) that answered 304
  nothing is followed — the site has not changed since. Known report pages and files of a server
  without validators are not fetched again (they count as seen). Pagination stops after page 2 at a
  list page that shows only known items. ``GONGKAI_DEEP`` turns all three shortcuts off.
- ``SkipKnownPipeline`` (item): bytes that were parsed before are not parsed again; the same bytes
  at a new URL only add a ``report_sources`` row to the version they gave.
- ``RevisitExtension``: when the walk is over, known documents it did not reach are gone if every
  list was read to its end; otherwise they are asked for once (no redirects followed): 404/410
  marks them gone, a redirect means moved, a 200 is parsed.

Navigation pages are asked with ``If-Modified-Since`` alone when a Last-Modified is known: CMS
list and index pages are regenerated when anything in their column changes, so their date says
whether the column changed, while an ETag only says that this page's bytes are the same.

In a distributed nightly run (crawler/distributed_worker.py) one spider serves many portals: the
components find the portal spider a request or item belongs to (``portal_spider_for``), each
portal's memory is read from the shared archive as it was when the run started, what the walk
reached is logged to Redis as well (``PortalMemory.shared``), and the coordinator, not this
extension, ends the walk with ``plan_revisit`` over every worker's share.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, DropItem, IgnoreRequest, NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from crawler import recognise
from crawler.items import DocumentItem
from crawler.middlewares import Pending
from db import archive as repo
from db.models import CrawlRunPortal, Document, Fetch, ParseFailure, ReportSource, ReportVersion

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)

NAVIGATION_ROLES = frozenset({"list", "other"})
DOCUMENT_ROLES = frozenset({"report_page", "attachment"})
GONE_STATUSES = frozenset({404, 410})


@dataclass(frozen=True, slots=True)
class Stored:
    """What the archive holds about the last 200 of one URL."""

    etag: str | None
    last_modified: str | None
    sha256: str
    content_type: str | None


@dataclass(frozen=True, slots=True)
class KnownDoc:
    url: str
    sha256: str
    role: str
    parent_url: str | None
    gone: bool
    moved: bool = False  # answered a redirect when last asked for: the portal moved it


class WalkLog(Protocol):
    """Where a distributed worker also writes what its part of a portal's walk reached, so that
    the coordinator decides revisits and removals over the whole walk (crawler/distributed.py)."""

    def reach(self, urls: Iterable[str]) -> None: ...

    def count(self, name: str) -> None: ...


@dataclass(slots=True)
class PortalMemory:
    """One portal's crawl state, read from the archive when its spider opens."""

    validators: dict[str, Stored] = field(default_factory=dict)
    known: dict[str, KnownDoc] = field(default_factory=dict)
    processed: set[str] = field(default_factory=set)  # sha256 parsed before (loaded or failed)
    loaded_urls: set[str] = field(default_factory=set)  # URLs that gave a report version
    known_shas: set[str] = field(default_factory=set)  # bodies of the known documents
    children: dict[str, list[KnownDoc]] = field(default_factory=dict)  # page URL → its files
    seen: set[str] = field(default_factory=set)  # URLs reached (or counted as seen) this run
    skipped_pages: set[str] = field(default_factory=set)  # known pages not fetched again
    site_not_modified: bool = False
    cut_lists: int = 0
    nav_not_modified: int = 0  # navigation pages below the start that answered 304
    nav_failed: int = 0  # navigation pages that answered >= 400 or not at all
    revisited: bool = False
    shared: WalkLog | None = None  # a distributed worker's share of the walk, in Redis

    def reach(self, *urls: str) -> None:
        self.seen.update(urls)
        if self.shared is not None:
            self.shared.reach(urls)

    def count(self, name: str) -> None:
        """One more cut list / navigation page not modified or failed; or the start page 304."""
        if name == "site_not_modified":
            self.site_not_modified = True
        else:
            setattr(self, name, getattr(self, name) + 1)
        if self.shared is not None:
            self.shared.count(name)

    def walk_complete(self) -> bool:
        """Every list was read to its end this run: what they do not link, they no longer list."""
        return not (
            self.cut_lists or self.nav_not_modified or self.nav_failed or self.site_not_modified
        )

    def live(self, url: str) -> KnownDoc | None:
        doc = self.known.get(url)
        return doc if doc is not None and not doc.gone else None

    def settled(self, url: str) -> bool:
        """Known, live and dealt with: its bytes (or a file it links) were parsed before. A
        document archived by a run killed before parsing it is known but not settled."""
        doc = self.live(url)
        if doc is None:
            return False
        if doc.sha256 in self.processed:
            return True
        return any(c.sha256 in self.processed for c in self.children.get(url, ()))


def read_memory(
    session: Session,
    portal_id: str,
    *,
    before: datetime | None = None,
    parsed: tuple[set[str], set[str]] | None = None,
) -> PortalMemory:
    """Validators from finished crawls only: after a kill -9 the interrupted run's pages are
    fetched again, so nothing below them is skipped on the strength of a walk that never ended.

    ``before`` (a distributed run's start): the known documents as they were then, whatever
    other workers wrote since. ``parsed``: the (processed, loaded_urls) sets, when the caller
    already read them (they are the whole archive's, the same for every portal)."""
    mem = PortalMemory()
    finished = select(CrawlRunPortal.run_id).where(CrawlRunPortal.portal_id == portal_id)
    rows = session.execute(
        select(Fetch.url, Fetch.etag, Fetch.last_modified, Fetch.sha256, Fetch.content_type)
        .where(
            Fetch.portal_id == portal_id,
            Fetch.status == 200,
            Fetch.method == "GET",
            Fetch.sha256.is_not(None),
            Fetch.run_id.in_(finished),
        )
        .order_by(Fetch.fetched_at, Fetch.id)
    )
    for url, etag, modified, sha, ctype in rows:
        if etag or modified:
            mem.validators[url] = Stored(etag, modified, sha, ctype)
        else:
            mem.validators.pop(url, None)
    read_known(session, portal_id, mem, before=before)
    mem.processed, mem.loaded_urls = parsed if parsed is not None else read_parsed(session)
    return mem


def read_known(
    session: Session, portal_id: str, mem: PortalMemory, *, before: datetime | None = None
) -> None:
    """The portal's known report pages and files (``before``: as they were at that time)."""
    redirects = select(Fetch.url, func.max(Fetch.fetched_at)).where(
        Fetch.portal_id == portal_id, Fetch.status >= 300, Fetch.status < 400
    )
    docs = select(
        Document.url,
        Document.sha256,
        Document.role,
        Document.parent_url,
        Document.gone_at,
        Document.last_seen,
    ).where(Document.portal_id == portal_id, Document.role.in_(DOCUMENT_ROLES))
    if before is not None:
        redirects = redirects.where(Fetch.fetched_at < before)
        docs = docs.where(Document.first_seen < before)
    redirected = dict(session.execute(redirects.group_by(Fetch.url)).all())
    for url, sha, role, parent, gone, last_seen in session.execute(
        docs.order_by(Document.last_seen, Document.id)
    ):
        moved = url in redirected and _aware(redirected[url]) >= _aware(last_seen)
        was_gone = gone is not None and (before is None or _aware(gone) < _aware(before))
        mem.known[url] = KnownDoc(url, sha, role, parent, was_gone, moved)
        mem.known_shas.add(sha)
    for doc in mem.known.values():
        if doc.parent_url:
            mem.children.setdefault(doc.parent_url, []).append(doc)


def read_parsed(session: Session) -> tuple[set[str], set[str]]:
    """(bodies parsed before, loaded or failed; URLs that gave a report version)."""
    processed = set(session.scalars(select(ReportSource.sha256).where(ReportSource.sha256 != "")))
    processed |= set(session.scalars(select(ParseFailure.sha256)))
    return processed, set(session.scalars(select(ReportSource.source_url)))


def touch_documents(session: Session, urls: Iterable[str], at: datetime) -> None:
    """Known documents counted as seen without a download (304, or skipped as known)."""
    urls = sorted(set(urls))
    for i in range(0, len(urls), 500):
        session.execute(
            update(Document)
            .where(Document.url.in_(urls[i : i + 500]), Document.gone_at.is_(None))
            .values(last_seen=at)
        )


def mark_gone_many(session: Session, urls: list[str], at: datetime) -> None:
    for url in urls:
        repo.mark_gone(session, url, at)


def touch_portal(session: Session, portal_id: str, at: datetime) -> None:
    session.execute(
        update(Document)
        .where(
            Document.portal_id == portal_id,
            Document.gone_at.is_(None),
            Document.role.in_(DOCUMENT_ROLES),
        )
        .values(last_seen=at)
    )


def add_source(session: Session, url: str, sha256: str, at: datetime) -> None:
    """The same bytes at another URL: one more source of the versions those bytes gave."""
    version_ids = set(
        session.scalars(select(ReportSource.version_id).where(ReportSource.sha256 == sha256))
    )
    for vid in sorted(version_ids):
        exists = session.scalar(
            select(ReportSource.id).where(
                ReportSource.version_id == vid,
                ReportSource.source_url == url,
                ReportSource.sha256 == sha256,
            )
        )
        if exists is None:
            session.add(ReportSource(version_id=vid, source_url=url, sha256=sha256, first_seen=at))
        session.execute(
            update(ReportVersion)
            .where(ReportVersion.id == vid, ReportVersion.superseded_at.is_(None))
            .values(last_seen=at)
        )
    session.flush()


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored here is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _spider(crawler: Crawler, request: Request | None = None) -> Any:
    """The portal spider: in a distributed worker (one spider serving many portals) the one
    the request belongs to."""
    spider = crawler.spider
    route = getattr(spider, "portal_spider_for", None)
    if route is not None and request is not None:
        return route(request)
    return spider


def _state(crawler: Crawler, request: Request | None = None) -> PortalMemory | None:
    return getattr(_spider(crawler, request), "incremental", None)


def _enabled(crawler: Crawler) -> None:
    if not crawler.settings.getbool("GONGKAI_INCREMENTAL", True):
        raise NotConfigured  # GONGKAI_INCREMENTAL off (--refetch); no argument: no warning logged


def _queue(spider: Any, fn: Any, *args: Any) -> Pending:
    """A write on the archive's writer thread that the spider waits for before it closes."""
    from twisted.internet import threads

    pending = Pending()
    spider.pending_archive.add(pending)
    future = spider.archive.in_writer(fn, *args)
    d = threads.deferToThread(future.result)
    d.addErrback(lambda f: log.error("incremental write failed: %s", f.getErrorMessage()))

    def done(result: Any) -> None:
        spider.pending_archive.discard(pending)
        pending.finish(result)

    d.addBoth(done)
    return pending


def _in_session(archive: Any, fn: Any, *args: Any) -> Any:
    with archive.sessions.begin() as s:
        return fn(s, *args)


class ConditionalRequestMiddleware:
    """Conditional GETs from the archive's validators; 304 → the stored bytes, flagged."""

    def __init__(self, crawler: Crawler) -> None:
        _enabled(crawler)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider: Any) -> None:
        # one portal per spider; a spider serving many portals crawls without the shortcuts
        if getattr(spider, "archive", None) is None or getattr(spider, "portal", None) is None:
            return
        with spider.archive.sessions() as s:
            spider.incremental = read_memory(s, spider.portal.id)
        mem = spider.incremental
        log.info(
            "portal %s: %d URLs with validators, %d known documents",
            spider.portal.id,
            len(mem.validators),
            len(mem.known),
        )

    def stored_body(self, sha256: str) -> bytes:
        """From the archive's blob store, or (``--dry-run``) the real archive's beside it."""
        spider: Any = self.crawler.spider
        try:
            return spider.archive.blobs.get(sha256)
        except KeyError:
            fallback = self.crawler.settings.get("GONGKAI_READ_BLOBS")
            if not fallback:
                raise
            from db.blobstore import LocalBlobStore

            return LocalBlobStore(fallback).get(sha256)

    def process_request(self, request: Request) -> None:
        mem = _state(self.crawler, request)
        if request.meta.get("gongkai_stored_url") not in (None, request.url):
            # a redirect of a conditional request: those validators were another URL's
            for name in (b"If-None-Match", b"If-Modified-Since"):
                request.headers.pop(name, None)
            request.meta.pop("gongkai_stored", None)
            request.meta.pop("gongkai_stored_url", None)
        if mem is None or request.method != "GET" or request.meta.get("gongkai_unconditional"):
            return None
        stored = mem.validators.get(request.url)
        if (
            stored is None
            or b"If-None-Match" in request.headers
            or b"If-Modified-Since" in request.headers
        ):
            return None
        navigation = request.meta.get("role") in NAVIGATION_ROLES
        if stored.etag and not (navigation and stored.last_modified):
            request.headers[b"If-None-Match"] = stored.etag
        if stored.last_modified:
            request.headers[b"If-Modified-Since"] = stored.last_modified
        request.meta["gongkai_stored"] = stored
        request.meta["gongkai_stored_url"] = request.url
        return None

    def process_response(self, request: Request, response: Response) -> Request | Response:
        spider: Any = _spider(self.crawler, request)
        mem = _state(self.crawler, request)
        if mem is None:
            return response
        mem.reach(request.url, response.url)
        if response.status >= 400 and request.meta.get("role") in NAVIGATION_ROLES:
            mem.count("nav_failed")
        if response.status in GONE_STATUSES and mem.live(response.url):
            self.crawler.stats.inc_value("gongkai/gone")
            _queue(spider, _in_session, spider.archive, repo.mark_gone, response.url, _now())
            return response
        stored: Stored | None = request.meta.get("gongkai_stored")
        if (
            response.status != 304
            or stored is None
            or request.meta.get("gongkai_stored_url") != request.url
        ):
            return response
        try:
            body = self.stored_body(stored.sha256)
        except KeyError:  # the blob went missing: ask again without validators
            log.warning("no stored blob %s for %s; fetching it again", stored.sha256, request.url)
            retry = request.replace(dont_filter=True)
            for name in (b"If-None-Match", b"If-Modified-Since"):
                retry.headers.pop(name, None)
            retry.meta["gongkai_unconditional"] = True
            return retry
        self.crawler.stats.inc_value("gongkai/not_modified")
        headers = Headers(response.headers)
        headers.pop(b"Content-Length", None)
        if stored.content_type:
            headers[b"Content-Type"] = stored.content_type
        media = recognise.media_type(body, content_type=stored.content_type, url=response.url)
        pending = _queue(
            spider,
            _record_not_modified,
            spider.archive,
            request.url,
            stored,
            _header(response, b"ETag"),
            _header(response, b"Last-Modified"),
        )
        request.meta.update(
            {
                "gongkai_not_modified": True,
                "sha256": stored.sha256,
                "archived": pending,
                "media_type": media,
                "filename": None,
            }
        )
        cls = responsetypes.from_args(headers=headers, url=response.url, body=body)
        return cls(
            url=response.url,
            status=200,
            headers=headers,
            body=body,
            request=request,
            flags=[*response.flags, "not_modified"],
            protocol=response.protocol,
        )

    def process_exception(self, request: Request, exception: Exception) -> None:
        mem = _state(self.crawler, request)
        if (
            mem is not None
            and request.meta.get("role") in NAVIGATION_ROLES
            and not isinstance(exception, IgnoreRequest)
        ):
            mem.count("nav_failed")  # a list that did not answer: its items say nothing
        return None


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _record_not_modified(
    archive: Any, url: str, stored: Stored, etag: str | None, modified: str | None
) -> None:
    now = _now()
    row = {
        "url": url,
        "status": 304,
        "sha256": stored.sha256,
        "size": 0,
        "etag": etag or stored.etag,
        "last_modified": modified or stored.last_modified,
        "content_type": stored.content_type,
        "outcome": "not_modified",
        "fetched_at": now,
    }
    keyed = getattr(archive, "insert_keyed_fetch", None)  # a distributed worker's archive
    with archive.sessions.begin() as s:
        if keyed is not None:  # written once, should the request be fetched again
            keyed(s, method="GET", **row)
        else:
            repo.record_fetch(s, run_id=archive.run_id, portal_id=archive.portal_id, **row)
        s.execute(
            update(Document)
            .where(Document.url == url, Document.sha256 == stored.sha256)
            .values(last_seen=now, gone_at=None)
        )


class KnownItemsMiddleware:
    """Follow less below what has not changed (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        _enabled(crawler)
        self.crawler = crawler
        self.deep = crawler.settings.getbool("GONGKAI_DEEP", False)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KnownItemsMiddleware:
        return cls(crawler)

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        mem = _state(self.crawler, response.request)
        out = [x async for x in result]
        if mem is None or self.deep:
            for x in out:
                yield x
            return
        for x in self.filter(response, out, mem):
            yield x

    def filter(self, response: Response, out: list[Any], mem: PortalMemory) -> list[Any]:
        spider: Any = _spider(self.crawler, response.request)
        meta = response.meta
        role = meta.get("role")
        if meta.get("gongkai_not_modified") and role in NAVIGATION_ROLES:
            # Not modified since a finished crawl: nothing below it changed either.
            if meta.get("is_start"):
                mem.count("site_not_modified")
                # every report the portal gave before is still there, unchanged
                n = sum(1 for d in mem.known.values() if not d.gone and d.url in mem.loaded_urls)
                spider.tally.report_pages += n
                spider.tally.unchanged += n
                _queue(spider, _in_session, spider.archive, touch_portal, spider.portal.id, _now())
            else:
                mem.count("nav_not_modified")
            self.crawler.stats.inc_value("gongkai/subtree_unchanged")
            return [x for x in out if not isinstance(x, Request)]
        kept: list[Any] = []
        skipped: list[str] = []
        entries = known_entries = 0
        for x in out:
            if isinstance(x, Request):
                x_role = x.meta.get("role")
                if x_role in NAVIGATION_ROLES and role == "list":
                    x.meta.setdefault("gongkai_page", meta.get("gongkai_page", 1) + 1)
                if x_role in DOCUMENT_ROLES:
                    entries += 1
                    if mem.settled(x.url):
                        known_entries += 1
                        if x.url not in mem.validators:
                            skipped.append(x.url)
                            continue
            kept.append(x)
        if skipped:
            mem.skipped_pages.update(skipped)
            children = [d.url for d in mem.known.values() if d.parent_url in mem.skipped_pages]
            mem.reach(*skipped, *children)
            # the reports behind them are still there, unchanged
            gave = sum(1 for u in {*skipped, *children} if u in mem.loaded_urls)
            spider.tally.report_pages += gave
            spider.tally.unchanged += gave
            self.crawler.stats.inc_value("gongkai/known_skipped", len(skipped))
            _queue(spider, _in_session, spider.archive, touch_documents, skipped + children, _now())
        if (
            role == "list"
            and meta.get("gongkai_page", 1) >= 2
            and entries
            and entries == known_entries
        ):
            # Only known items on a page past the second: the rest of the list is older.
            before = len(kept)
            kept = [
                x for x in kept if not (isinstance(x, Request) and x.meta.get("role") == "list")
            ]
            if len(kept) < before:
                mem.count("cut_lists")
                self.crawler.stats.inc_value("gongkai/lists_cut")
        return kept


class SkipKnownPipeline:
    """Bytes parsed before are not parsed again (dropped before ``ParseLoadPipeline``)."""

    def __init__(self, crawler: Crawler) -> None:
        _enabled(crawler)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SkipKnownPipeline:
        return cls(crawler)

    async def process_item(self, item: Any) -> Any:
        from scrapy.utils.defer import maybe_deferred_to_future
        from twisted.internet import threads

        spider: Any = self.crawler.spider
        if isinstance(item, DocumentItem) and hasattr(spider, "portal_spider"):
            spider = spider.portal_spider(item.portal_id)  # a distributed worker
        mem = getattr(spider, "incremental", None)
        if mem is None or not isinstance(item, DocumentItem) or item.role == "image":
            return item  # an article image is never a known document: its page waits for it
        if (
            item.role == "attachment"
            and item.parent_url in mem.loaded_urls
            and item.sha256 in mem.known_shas
        ):
            # an unchanged file beside a page that gave the report: the page decided before
            raise DropItem(f"its page {item.parent_url} gave the report", log_level="DEBUG")
        if item.sha256 not in mem.processed:
            return item
        if item.archived is not None:
            await maybe_deferred_to_future(item.archived.wait())
        if item.url not in mem.loaded_urls:
            future = spider.archive.in_writer(
                _in_session, spider.archive, add_source, item.url, item.sha256, _now()
            )
            await maybe_deferred_to_future(threads.deferToThread(future.result))
        mem.loaded_urls.add(item.url)
        spider.tally.unchanged += 1
        self.crawler.stats.inc_value("gongkai/parse_skipped_known")
        raise DropItem(f"{item.url}: these bytes were parsed before", log_level="DEBUG")


@dataclass(frozen=True, slots=True)
class RevisitPlan:
    """What the end of a walk decides about the known documents it did not reach."""

    unlisted: list[str]  # marked gone without a request: a complete walk no longer lists them
    revisit: list[KnownDoc]  # asked for once, without following redirects


def unseen(mem: PortalMemory) -> list[KnownDoc]:
    out = []
    for doc in mem.known.values():
        if doc.gone or doc.moved or doc.url in mem.seen:
            continue
        if doc.role == "attachment" and doc.parent_url in mem.seen:
            continue  # its page was reached and did not link it: the page decides
        out.append(doc)
    return out


def unlisted(
    mem: PortalMemory, tally: Any, start_urls: Iterable[str], docs: list[KnownDoc]
) -> set[str]:
    """Report pages (and their files) on the portal's current host that a complete walk did
    not reach. None when the walk found nothing or would drop more than half of the known
    documents: that is a layout change or an outage, not removals."""
    if not mem.walk_complete() or tally.layout_problems or not tally.reports_found:
        return set()
    hosts = {urlsplit(u).netloc for u in start_urls}
    pages = {d.url for d in docs if d.role == "report_page" and urlsplit(d.url).netloc in hosts}
    files = {d.url for d in docs if d.role == "attachment" and d.parent_url in pages}
    live = sum(1 for d in mem.known.values() if not d.gone and not d.moved)
    return pages | files if 2 * len(pages | files) <= live else set()


def plan_revisit(
    mem: PortalMemory, tally: Any, start_urls: Iterable[str], limit: int
) -> RevisitPlan | None:
    """None when there is nothing to decide: the start page answered 304, nothing is known, or
    the portal did not answer at all (an outage says nothing about its documents)."""
    if mem.site_not_modified or not mem.known:
        return None
    if not (tally.pages_ok or tally.start_ok):
        return None
    docs = unseen(mem)
    gone = unlisted(mem, tally, start_urls, docs)
    return RevisitPlan(sorted(gone), [d for d in docs if d.url not in gone][:limit])


def revisit_meta(doc: KnownDoc) -> dict[str, Any]:
    return {
        "role": doc.role,
        "gongkai_revisit": True,
        "dont_redirect": True,
        "handle_httpstatus_list": [301, 302, 303, 307, 308, *GONE_STATUSES],
        "parent_url": doc.parent_url,
    }


class RevisitExtension:
    """Once the walk is over, ask once for the known documents it did not reach. (A distributed
    nightly run does this in its coordinator, over every worker's share of the walk.)"""

    def __init__(self, crawler: Crawler) -> None:
        _enabled(crawler)
        self.crawler = crawler
        self.limit = crawler.settings.getint("GONGKAI_REVISIT_MAX", 200)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RevisitExtension:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        return ext

    def spider_idle(self, spider: Any) -> None:
        mem = _state(self.crawler)
        if mem is None or mem.revisited:
            return
        mem.revisited = True
        plan = plan_revisit(mem, spider.tally, spider.portal.start_urls, self.limit)
        if plan is None:
            return
        if plan.unlisted:
            # a list read to its end no longer links them: gone from the portal
            log.info(
                "portal %s: %d known document(s) no longer listed: marked gone",
                spider.portal.id,
                len(plan.unlisted),
            )
            self.crawler.stats.inc_value("gongkai/unlisted", len(plan.unlisted))
            _queue(spider, _in_session, spider.archive, mark_gone_many, plan.unlisted, _now())
        if not plan.revisit:
            return
        log.info(
            "portal %s: revisiting %d known document(s) the walk did not reach",
            spider.portal.id,
            len(plan.revisit),
        )
        for doc in plan.revisit:
            self.crawler.engine.crawl(
                Request(
                    doc.url,
                    callback=self.revisited,
                    errback=spider.on_error,
                    dont_filter=True,
                    meta=revisit_meta(doc),
                )
            )
        self.crawler.stats.inc_value("gongkai/revisits", len(plan.revisit))
        raise DontCloseSpider

    def revisited(self, response: Response) -> Any:
        return revisited(self.crawler.spider, response)


def revisited(spider: Any, response: Response) -> Any:
    """A revisit's answer: 404/410 were marked gone by the downloader middleware, a redirect
    means moved; a 200 is parsed as usual."""
    if response.status != 200:
        return None
    if response.meta.get("role") == "attachment":
        return spider.parse_attachment(response)
    return spider.parse_detail(response)
