"""The Scrapy item pipeline: parse archived report documents and load them as report versions,
off the event loop (the work itself is ``pipelines``'; this is how a crawl hands it over).

The spider hands over ``DocumentItem``s whose bytes are already archived. A report page is
parsed first; its attachments are parsed only when the page yields no report (the tables live
in the file), one after another until one loads. Parsing runs in worker processes (DOC/PDF are
slow and CPU-bound); the reports parsed wait, by (agency, year), until the portal's crawl ends,
when the preferred one of each is loaded on the archive's writer thread
(``pipelines.load.load_preferred``). A document that does not parse stays archived and is
recorded with ``pipelines.load.record_failure``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, cast

from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer

from crawler.futures import wait
from crawler.items import DocumentItem
from crawler.middlewares import ArchivingSpider
from crawler.outcome import Tally
from crawler.spiders.base import PortalSpider
from pipelines.archive import Archive
from pipelines.load import Candidate, load_preferred, rank, record_failure
from pipelines.parse_worker import (
    Parsed,
    parse_document,
    parse_document_with_images,
)
from pipelines.pools import Pools, acquire_pools, release_pools

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from db.loader import LoadResult

log = logging.getLogger(__name__)

# Parser failures after which a report page's attachments are worth trying.
_TRY_ATTACHMENTS = {"no_tables", "not_a_report", "empty", "unsupported_format", "parse_error"}
# Article images fetched for a report page without its tables (more is photos, not tables).
MAX_PAGE_IMAGES = 12


def pools_for(settings: BaseSettings) -> Pools:
    """The process's parse pools as the crawl's settings size them (``release_pools()`` after)."""
    return acquire_pools(
        settings.getint("GONGKAI_PARSE_WORKERS"),
        office_warm=settings.getbool("GONGKAI_OFFICE_WARM"),
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
    """fetch → archive (middleware) → parse (worker) → load (report version).

    A distributed worker's variant (``crawler.distributed.pipelines``) overrides two hooks:
    where an accepted report goes (``keep``) and whose tally counts a document (``tally_for``).
    """

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("GONGKAI_PARSE"):
            raise NotConfigured("GONGKAI_PARSE is off")
        self.crawler = crawler
        self.pools: Pools | None = None
        self.pages: dict[str, _Page] = {}
        # Parsed reports wait here, by (agency, year), until the crawl of the portal ends.
        self.candidates: dict[tuple[str, object], list[Candidate[DocumentItem]]] = {}

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
        try:
            if not self.candidates:
                return
            archive = self.spider.archive
            assert archive is not None  # candidates are parsed from archived documents
            # one transaction for the portal; should a report not validate, the next best
            future = archive.in_writer(load_preferred, archive, rank(self.candidates.values()))
            final = await wait(future)
            for item, error in final.invalid:
                self.note_failure(item, "invalid_report", error)
            for item, result in final.loaded:
                self._count(item, result)
        finally:
            if self.pools is not None:
                self.pools = None
                release_pools()

    @property
    def spider(self) -> ArchivingSpider:
        return cast(ArchivingSpider, self.crawler.spider)

    @property
    def archive(self) -> Archive:
        archive = self.spider.archive
        assert archive is not None  # process_item passes documents on without one
        return archive

    async def process_item(self, item: object) -> object:
        if not isinstance(item, DocumentItem) or self.spider.archive is None:
            return item
        if item.archived is not None:  # archived before parsed: blob, fetch row, WARC record
            await maybe_deferred_to_future(item.archived.wait())
        if item.role == "report_page":
            page = self.pages.setdefault(item.url, _Page())
            await maybe_deferred_to_future(page.lock.acquire())
            try:
                parsed = await self._parse(item)
                if (
                    parsed.images
                    and not item.attachments
                    and isinstance(self.spider, PortalSpider)  # not in distributed workers:
                ):  # no page state shared between them
                    self._ask_images(item, page, parsed)
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
        parent = self.pages.get(item.parent_url or "")
        if parent is None:
            parsed = await self._parse(item)
            if parsed.ok:
                self._accept(item, parsed)
            else:
                await self._fail(item, parsed.reason, parsed.detail)
            return item
        await maybe_deferred_to_future(parent.lock.acquire())
        try:
            if parent.loaded:
                return item  # the page (or a sibling file) already gave the report
            parsed = await self._parse(item)
            if parsed.ok:
                parent.loaded = self._accept(item, parsed)
            else:
                await self._fail(item, parsed.reason, parsed.detail)
        finally:
            parent.lock.release()
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
        assert isinstance(self.spider, PortalSpider)
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
        item.body = b""  # parsed: the bytes live in the blob store
        self.keep(item, parsed)
        return True

    def keep(self, item: DocumentItem, parsed: Parsed) -> None:
        """A parsed report, kept for the final load by (agency, year)."""
        report = parsed.report or {}
        self.candidates.setdefault((report.get("agency", ""), report.get("year")), []).append(
            (item, parsed)
        )

    def tally_for(self, item: DocumentItem) -> Tally:
        """The tally that counts what became of ``item``: its portal's."""
        return self.spider.tally

    def _count(self, item: DocumentItem, result: LoadResult) -> None:
        tally = self.tally_for(item)
        if result.status == "unchanged":
            tally.unchanged += 1
        else:
            tally.loaded += 1
        self.crawler.stats.inc_value(f"gongkai/load/{result.status}")

    def note_failure(self, item: DocumentItem, reason: str, detail: str) -> None:
        self.tally_for(item).parse_failures += 1
        self.crawler.stats.inc_value(f"gongkai/parse_failed/{reason}")
        log.warning("parse failed (%s) %s: %s", reason, item.url, detail[:200])

    async def _fail(self, item: DocumentItem, reason: str, detail: str) -> None:
        self.note_failure(item, reason, detail)
        archive = self.archive
        await wait(archive.in_writer(record_failure, archive, item, reason, detail or reason))
