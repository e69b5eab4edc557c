"""Follow less below what has not changed, and do not parse again what was parsed before (see
``crawler.incremental``): a spider middleware and an item pipeline."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.exceptions import DropItem
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future

from crawler.incremental.hooks import enabled, item_memory, portal_memory, write_soon
from crawler.incremental.memory import DOCUMENT_ROLES, NAVIGATION_ROLES, PortalMemory
from crawler.incremental.writes import add_source, now, touch_documents, touch_portal
from crawler.items import DocumentItem
from crawler.spiders.base import PortalSpider

if TYPE_CHECKING:
    from scrapy.crawler import Crawler


class KnownItemsMiddleware:
    """Follow less below what has not changed (see the module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        enabled(crawler)
        self.crawler = crawler
        self.deep = crawler.settings.getbool("GONGKAI_DEEP")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KnownItemsMiddleware:
        return cls(crawler)

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[object]
    ) -> AsyncIterator[object]:
        found = portal_memory(self.crawler, response.request)
        out = [x async for x in result]
        if found is None or self.deep:
            for x in out:
                yield x
            return
        for x in self.filter(response, out, *found):
            yield x

    def filter(
        self, response: Response, out: list[object], spider: PortalSpider, mem: PortalMemory
    ) -> list[object]:
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
                write_soon(spider, touch_portal, spider.portal.id, now())
            else:
                mem.count("nav_not_modified")
            self.crawler.stats.inc_value("gongkai/subtree_unchanged")
            return [x for x in out if not isinstance(x, Request)]
        kept: list[object] = []
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
            write_soon(spider, touch_documents, skipped + children, now())
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
        enabled(crawler)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SkipKnownPipeline:
        return cls(crawler)

    async def process_item(self, item: object) -> object:
        from twisted.internet import threads

        # an article image is never a known document: its page waits for it
        if not isinstance(item, DocumentItem) or item.role == "image":
            return item
        found = item_memory(self.crawler, item)
        if found is None:
            return item
        spider, mem = found
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
            archive = spider.archive
            assert archive is not None  # a portal's memory is read from its archive
            future = archive.in_writer(
                archive.transaction, add_source, item.url, item.sha256, now()
            )
            await maybe_deferred_to_future(threads.deferToThread(future.result))
        mem.loaded_urls.add(item.url)
        spider.tally.unchanged += 1
        self.crawler.stats.inc_value("gongkai/parse_skipped_known")
        raise DropItem(f"{item.url}: these bytes were parsed before", log_level="DEBUG")
