"""The Scrapy item pipeline: parse archived report documents and load them as report versions,
off the event loop (the work itself is ``pipelines``'; this is how a crawl hands it over).

The spider hands over ``DocumentItem``s whose bytes are already archived. A report page is
parsed first; its attachments are parsed only when the page yields no report (the tables live
in the file), one after another until one loads. Parsing runs in worker processes (DOC/PDF are
slow and CPU-bound), loading back on the reactor thread in a short transaction. A document
that does not parse stays archived and is recorded with ``record_parse_failure``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer

from crawler.futures import wait
from crawler.items import DocumentItem
from pipelines.load import load_batch, load_report, preference, record_failure
from pipelines.parse_worker import (
    Parsed,
    parse_document,
    parse_document_with_images,
)
from pipelines.pools import Pools, acquire_pools, release_pools

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)

# Parser failures after which a report page's attachments are worth trying.
_TRY_ATTACHMENTS = {"no_tables", "not_a_report", "empty", "unsupported_format", "parse_error"}
# Article images fetched for a report page without its tables (more is photos, not tables).
MAX_PAGE_IMAGES = 12


def pools_for(settings: BaseSettings) -> Pools:
    """The process's parse pools as the crawl's settings size them (``release_pools()`` after)."""
    return acquire_pools(
        settings.getint("GONGKAI_PARSE_WORKERS", 1),
        office_warm=settings.getbool("GONGKAI_OFFICE_WARM", True),
    )


@dataclass(slots=True)
class _Page:
    lock: defer.DeferredLock = field(default_factory=defer.DeferredLock)
    loaded: bool = False
    # A page waiting for its article images (its tables pasted as pictures):
    item: DocumentItem | None = None
    body: bytes = b""
    waiting: set[str] = field(default_factory=set)
    images: dict[str, bytes] = field(default_factory=dict)
    fallback: Parsed | None = None  # the page's own parse when it found some tables


class ParseLoadPipeline:
    """fetch → archive (middleware) → parse (worker) → load (report version)."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("GONGKAI_PARSE", True):
            raise NotConfigured("GONGKAI_PARSE is off")
        self.crawler = crawler
        self.pools: Pools | None = None
        self.pages: dict[str, _Page] = {}
        # Parsed reports wait here, by (agency, year), until the crawl of the portal ends.
        self.candidates: dict[tuple[str, Any], list[tuple[DocumentItem, Parsed]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ParseLoadPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.pools = pools_for(self.crawler.settings)

    async def close_spider(self) -> None:
        """Load one document per (agency, year): the revised or most recently dated one.

        A portal may carry a report twice (an original and its 修订版 at a new URL, a page and
        a re-post); loading both in crawl order would make the current version depend on
        which answered last. The others stay archived."""
        from gongkai.core.report import ReportFormatError

        ranked = [sorted(found, key=preference, reverse=True) for found in self.candidates.values()]
        try:
            if not ranked:
                return
            archive = self.spider.archive
            future = archive.in_writer(load_batch, archive, [r[0] for r in ranked])
            try:  # one transaction for the portal
                results = await wait(future)
            except ReportFormatError:  # find the bad one: report by report, next best on failure
                for found in ranked:
                    for item, parsed in found:
                        if await self._load(item, parsed):
                            break
                return
            for result in results:
                self._count(result)
        finally:
            if self.pools is not None:
                self.pools = None
                release_pools()

    @property
    def spider(self) -> Any:
        return self.crawler.spider

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, DocumentItem) or self.spider.archive is None:
            return item
        if item.archived is not None:  # archived before parsed: blob, fetch row, WARC record
            await maybe_deferred_to_future(item.archived.wait())
        if item.role == "report_page":
            page = self.pages.setdefault(item.url, _Page())
            await maybe_deferred_to_future(page.lock.acquire())
            try:
                parsed = await self._parse(item)
                if parsed.images and not item.attachments and hasattr(self.spider, "image_request"):
                    self._ask_images(
                        item, page, parsed
                    )  # not in distributed workers (no shared page state)
                elif parsed.ok:
                    page.loaded = self._accept(item, parsed)
                elif item.attachments and parsed.reason in _TRY_ATTACHMENTS:
                    log.info(
                        "report page %s: %s; trying its %d attachment(s)",
                        item.url,
                        parsed.reason,
                        len(item.attachments),
                    )
                else:
                    await self._fail(item, parsed.reason, parsed.detail)
            finally:
                page.lock.release()
            return item
        if item.role == "image":
            await self._image(item)
            return item
        page = self.pages.get(item.parent_url or "")
        if page is None:
            parsed = await self._parse(item)
            if parsed.ok:
                self._accept(item, parsed)
            else:
                await self._fail(item, parsed.reason, parsed.detail)
            return item
        await maybe_deferred_to_future(page.lock.acquire())
        try:
            if page.loaded:
                return item  # the page (or a sibling file) already gave the report
            parsed = await self._parse(item)
            if parsed.ok:
                page.loaded = self._accept(item, parsed)
            else:
                await self._fail(item, parsed.reason, parsed.detail)
        finally:
            page.lock.release()
        return item

    def _ask_images(self, item: DocumentItem, page: _Page, parsed: Parsed) -> None:
        """The page has images where its tables should be: fetch them (archived like every
        response); the last one to arrive, or fail, parses the page with them."""
        urls = parsed.images[:MAX_PAGE_IMAGES]
        log.info(
            "report page %s: %s; fetching its %d article image(s) for OCR",
            item.url,
            parsed.reason or "tables missing",
            len(urls),
        )
        page.item, page.body, page.fallback = item, item.body, parsed if parsed.ok else None
        page.waiting, page.images = set(urls), {}
        self.crawler.stats.inc_value("gongkai/page_images", len(urls))
        for url in urls:
            self.crawler.engine.crawl(self.spider.image_request(url, item.url))

    async def _image(self, item: DocumentItem) -> None:
        page = self.pages.get(item.parent_url or "")
        if page is None or item.url not in page.waiting:
            return
        await maybe_deferred_to_future(page.lock.acquire())
        try:
            page.waiting.discard(item.url)
            if item.body:
                page.images[item.url] = item.body
            item.body = b""
            if page.waiting or page.item is None:
                return
            own = page.item
            if page.images:
                assert self.pools is not None
                future = self.pools.general.submit(
                    parse_document_with_images,
                    page.body,
                    dict(page.images),
                    own.url,
                    own.content_type,
                )
                try:
                    parsed = await wait(future)
                except Exception as exc:  # a dead worker process
                    parsed = Parsed(
                        ok=False, reason="parser_crash", detail=f"{type(exc).__name__}: {exc}"
                    )
            else:
                parsed = Parsed(
                    ok=False, reason="no_tables", detail="none of the page's images arrived"
                )
            if parsed.ok:
                page.loaded = self._accept(own, parsed)
            elif page.fallback is not None:
                page.loaded = self._accept(own, page.fallback)
            else:
                await self._fail(own, parsed.reason, parsed.detail)
            page.item, page.body, page.images, page.fallback = None, b"", {}, None
        finally:
            page.lock.release()

    async def _parse(self, item: DocumentItem) -> Parsed:
        assert self.pools is not None
        future = self.pools.for_media(item.media_type).submit(
            parse_document, item.body, item.url, item.content_type, item.filename
        )
        try:
            return await wait(future)
        except Exception as exc:  # a dead worker process
            return Parsed(ok=False, reason="parser_crash", detail=f"{type(exc).__name__}: {exc}")

    def _accept(self, item: DocumentItem, parsed: Parsed) -> bool:
        report = parsed.report or {}
        item.body = b""  # parsed: the bytes live in the blob store
        self.candidates.setdefault((report.get("agency", ""), report.get("year")), []).append(
            (item, parsed)
        )
        return True

    async def _load(self, item: DocumentItem, parsed: Parsed) -> bool:
        from gongkai.core.report import ReportFormatError

        archive = self.spider.archive
        future = archive.in_writer(load_report, archive, item, parsed)
        try:
            result = await wait(future)
        except ReportFormatError as exc:
            await self._fail(item, "invalid_report", str(exc))
            return False
        self._count(result)
        log.info(
            "loaded %s: report %s v%s (%s)",
            item.url,
            result.report_id,
            result.version,
            result.status,
        )
        return True

    def _count(self, result: Any) -> None:
        if result.status == "unchanged":
            self.spider.tally.unchanged += 1
        else:
            self.spider.tally.loaded += 1
        self.crawler.stats.inc_value(f"gongkai/load/{result.status}")

    async def _fail(self, item: DocumentItem, reason: str, detail: str) -> None:
        self.spider.tally.parse_failures += 1
        self.crawler.stats.inc_value(f"gongkai/parse_failed/{reason}")
        log.warning("parse failed (%s) %s: %s", reason, item.url, detail[:200])
        archive = self.spider.archive
        await wait(archive.in_writer(record_failure, archive, item, reason, detail or reason))
