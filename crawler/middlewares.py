"""Downloader middlewares: the portal offsite guard, retries with backoff, the archive hook
and anti-bot challenge detection (detected and recorded, never bypassed)."""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any, Protocol, cast

from scrapy import Request
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Headers, Response
from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.python.failure import Failure

from crawler import recognise, redirects
from crawler.exceptions import BudgetExhausted, ChallengeDetected, OffsiteRequest
from crawler.futures import wait
from crawler.outcome import Tally
from crawler.pending import Pending
from crawler.spiders.records import PortalRecords
from pipelines.archive import Archive, Archived, Exchange

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)


class ArchivingSpider(Protocol):
    """What the archive hook needs of the spider a request belongs to: a portal spider, or the
    distributed worker's own spider for requests of no portal (robots.txt)."""

    @property
    def archive(self) -> Archive | None: ...

    @property
    def pending_archive(self) -> set[Pending]: ...

    @property
    def tally(self) -> Tally: ...

    def note_challenge(self, kind: str, url: str) -> None: ...


def portal_spider(crawler: Crawler, request: Request | None = None) -> ArchivingSpider:
    """The spider whose portal ``request`` is of: the crawler's own, or, in a distributed worker
    (one spider serving many portals, ``crawler.distributed.spider``), the one it routes to."""
    spider = crawler.spider
    assert spider is not None
    route = getattr(spider, "portal_spider_for", None)
    if route is not None and request is not None:
        return cast(ArchivingSpider, route(request))
    return cast(ArchivingSpider, spider)


class PortalOffsiteMiddleware:
    """Only the registry's domains are fetched: host, its subdomains, or an exact host:port.
    A redirect off them is followed when it is a move of the site or stays under the same
    registrable domain (``crawler.redirects``): the spider admits the new host."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PortalOffsiteMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        spider = self.crawler.spider
        portal = getattr(spider, "portal", None)
        if portal is None or portal.allows(request.url):
            return None
        sources = request.meta.get("redirect_urls") or []
        if sources and isinstance(spider, PortalRecords):
            reasons = request.meta.get("redirect_reasons") or [None]
            kind = redirects.classify(
                sources[-1],
                request.url,
                reasons[-1],
                from_start=bool(request.meta.get("is_start")),
            )
            if kind != "offsite":
                spider.admit(request.url, sources[-1], moved=kind == "moved")
                return None
        self.crawler.stats.inc_value("gongkai/offsite_filtered")
        raise OffsiteRequest(f"offsite for portal {portal.id}: {request.url}")


class PageBudgetMiddleware:
    """A portal's walk sends at most ``GONGKAI_PORTAL_PAGES`` requests in a run (robots.txt
    aside): the rest are dropped, and the budget is recorded for the outcome (``partial``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.limit = crawler.settings.getint("GONGKAI_PORTAL_PAGES")
        self.sent: dict[int, int] = {}  # per portal spider
        if self.limit <= 0:
            raise NotConfigured

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PageBudgetMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if request.meta.get("gongkai_robots") or request.url.endswith("/robots.txt"):
            return None
        spider = portal_spider(self.crawler, request)
        n = self.sent.get(id(spider), 0) + 1
        self.sent[id(spider)] = n
        if n <= self.limit:
            return None
        if not spider.tally.budget:
            log.warning("page budget of %d requests reached: %s dropped", self.limit, request.url)
        spider.tally.budget = "pages"
        raise BudgetExhausted(f"page budget ({self.limit}) reached: {request.url}")


class BackoffRetryMiddleware:
    """Retry connection errors and 5xx/429 a few times, waiting backoff·2^n seconds first."""

    def __init__(self, crawler: Crawler) -> None:
        s = crawler.settings
        self.crawler = crawler
        self.times = s.getint("GONGKAI_RETRY_TIMES")
        self.backoff = s.getfloat("GONGKAI_RETRY_BACKOFF")
        self.codes = {int(c) for c in s.getlist("GONGKAI_RETRY_HTTP_CODES")}
        if self.times <= 0:
            raise NotConfigured

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BackoffRetryMiddleware:
        return cls(crawler)

    async def _retry(self, request: Request, reason: str) -> Request | None:
        n = request.meta.get("gongkai_retries", 0)
        if n >= self.times or request.meta.get("dont_retry"):
            return None
        delay = self.backoff * (2**n)
        self.crawler.stats.inc_value("gongkai/retries")
        log.debug("retrying %s in %.1fs (%s)", request.url, delay, reason)
        from twisted.internet import reactor, task  # not at import: Scrapy installs the reactor

        await maybe_deferred_to_future(task.deferLater(reactor, delay, lambda: None))
        retry = request.copy()
        retry.meta["gongkai_retries"] = n + 1
        retry.dont_filter = True
        return retry

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if response.status in self.codes:
            retry = await self._retry(request, f"HTTP {response.status}")
            if retry is not None:
                return retry
        return response

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        if isinstance(exception, IgnoreRequest) or not _is_network_error(exception):
            return None
        return await self._retry(request, type(exception).__name__)


def _is_network_error(exc: Exception) -> bool:
    """Worth a retry: refused, timed out, cut off. DNS failures are not retried: offline they
    would only make `make run` slower."""
    from scrapy import exceptions as sx
    from twisted.internet import error as terr
    from twisted.web.client import ResponseFailed

    if isinstance(exc, terr.DNSLookupError | sx.CannotResolveHostError):
        return False
    return isinstance(
        exc,
        terr.ConnectError
        | terr.TimeoutError
        | terr.ConnectionLost
        | ResponseFailed
        | TimeoutError
        | ConnectionError
        | sx.DownloadConnectionRefusedError
        | sx.DownloadTimeoutError
        | sx.DownloadFailedError
        | sx.ResponseDataLossError,
    )


def _headers(headers: Headers) -> list[tuple[str, str]]:
    out = []
    for key, values in headers.items():
        k = key.decode("latin-1")
        for v in values:
            out.append((k, v.decode("latin-1")))
    return out


class ArchiveMiddleware:
    """Every response goes to the blob store, the fetches table and the WARC log.

    The writes run in the background so link discovery never queues behind the archive: the
    spider's callback gets the sha256 at once, and the parse stage waits for the archive
    (``DocumentItem.archived``) before it parses anything. The run waits for every pending
    write (``crawler.pending``) before it records the outcome (``crawler.extensions``).
    Failures without a response become fetch rows too."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        spider = portal_spider(self.crawler, request)
        archive = spider.archive
        if archive is None or request.meta.get("gongkai_not_modified"):
            return response  # a 304 replayed from the archive: recorded by crawler.incremental
        filename = recognise.disposition_filename(response.headers.get(b"Content-Disposition"))
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
        media = recognise.media_type(
            response.body, content_type=content_type, url=response.url, filename=filename
        )
        role = request.meta.get("role")
        if role == "report_page" and recognise.is_document_media(media):
            role = "attachment"  # a list that links the report file directly
        ex = Exchange(
            url=response.url,
            method=request.method,
            status=response.status,
            request_headers=_headers(request.headers),
            response_headers=_headers(response.headers),
            body=response.body,
            request_body=request.body or b"",
            protocol=(getattr(response, "protocol", None) or "HTTP/1.1").upper(),
        )
        outcome = "ok" if 200 <= response.status < 300 else f"http_{response.status}"
        sha = hashlib.sha256(response.body).hexdigest()
        pending = Pending()
        spider.pending_archive.add(pending)
        d = deferred_from_coro(
            self._store(
                archive,
                ex,
                sha,
                outcome=outcome,
                role=role,
                media_type=media,
                title=request.meta.get("title"),
                parent_url=request.meta.get("parent_url"),
            )
        )
        d.addErrback(self._failed, ex.url)
        d.addBoth(self._finish, pending, spider)
        request.meta["sha256"] = sha
        request.meta["archived"] = pending
        request.meta["media_type"] = media
        request.meta["filename"] = filename
        return response

    async def _store(self, archive: Archive, ex: Exchange, sha: str, **kw: Any) -> Archived:
        # Blobs in parallel threads (each is fsynced); rows and WARC by the single writer.
        await wait(archive.put_blob(ex.body))
        archived = await wait(archive.record_exchange_soon(ex, sha256=sha, **kw))
        self.crawler.stats.inc_value("gongkai/archived")
        return archived

    def _failed(self, failure: Failure, url: str) -> None:
        self.crawler.stats.inc_value("gongkai/archive_errors")
        log.error("could not archive %s: %s", url, failure.getErrorMessage())

    @staticmethod
    def _finish(result: Archived | None, pending: Pending, spider: ArchivingSpider) -> None:
        spider.pending_archive.discard(pending)
        pending.finish(result)

    def process_exception(self, request: Request, exception: Exception) -> None:
        spider = portal_spider(self.crawler, request)
        if spider.archive is None or isinstance(exception, IgnoreRequest):
            return None
        spider.archive.in_writer(
            spider.archive.record_error,
            request.url,
            request.method,
            f"{type(exception).__name__}: {exception}",
            outcome="unreachable" if _is_unreachable(exception) else "error",
        )
        return None


def _is_unreachable(exc: Exception) -> bool:
    from scrapy import exceptions as sx
    from twisted.internet import error as terr

    return isinstance(
        exc,
        terr.DNSLookupError
        | terr.ConnectError
        | terr.TimeoutError
        | sx.CannotResolveHostError
        | sx.DownloadConnectionRefusedError
        | sx.DownloadTimeoutError,
    )


class ChallengeMiddleware:
    """412 with ``$_ts`` (瑞数), 521 with ``__jsl_clearance`` (加速乐), ``acw_sc__v2`` and tiny
    script-only shells: recorded on the spider and dropped, never solved."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ChallengeMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        if request.meta.get("gongkai_robots") or response.url.endswith("/robots.txt"):
            return response
        kind = recognise.challenge(
            response.status, response.body, response.headers.getlist(b"Set-Cookie")
        )
        if kind is None:
            return response
        spider = portal_spider(self.crawler, request)
        spider.note_challenge(kind, response.url)
        self.crawler.stats.inc_value(f"gongkai/challenge/{kind}")
        raise ChallengeDetected(kind, response.url)
