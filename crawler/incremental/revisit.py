"""The end of a walk: known documents it did not reach are gone if every list was read to its
end, otherwise asked for once, without following redirects (see ``crawler.incremental``).
``plan_revisit`` decides; ``RevisitExtension`` applies it to a single-process crawl, the
distributed coordinator to the whole walk of its workers."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response

from crawler.incremental.hooks import enabled, portal_memory, write_soon
from crawler.incremental.memory import GONE_STATUSES, KnownDoc, PortalMemory
from crawler.incremental.writes import mark_gone_many, now
from crawler.outcome import Tally
from crawler.spiders.base import Output, PortalSpider

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)


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
    mem: PortalMemory, tally: Tally, start_urls: Iterable[str], docs: list[KnownDoc]
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
    mem: PortalMemory, tally: Tally, start_urls: Iterable[str], limit: int
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
        enabled(crawler)
        self.crawler = crawler
        self.limit = crawler.settings.getint("GONGKAI_REVISIT_MAX")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RevisitExtension:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_idle, signal=signals.spider_idle)
        return ext

    def spider_idle(self, spider: Spider) -> None:
        found = portal_memory(self.crawler)
        if found is None or found[1].revisited:
            return
        spider, mem = found
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
            write_soon(spider, mark_gone_many, plan.unlisted, now())
        if not plan.revisit:
            return
        log.info(
            "portal %s: revisiting %d known document(s) the walk did not reach",
            spider.portal.id,
            len(plan.revisit),
        )
        for doc in plan.revisit:
            self.crawler.engine.crawl(
                # Through the duplicate filter: a revisited page requests its files itself,
                # and each URL is fetched once in a run.
                Request(
                    doc.url,
                    callback=self.revisited,
                    errback=spider.on_error,
                    meta=revisit_meta(doc),
                )
            )
        self.crawler.stats.inc_value("gongkai/revisits", len(plan.revisit))
        raise DontCloseSpider

    def revisited(self, response: Response) -> Iterator[Output] | None:
        spider = self.crawler.spider
        assert isinstance(spider, PortalSpider)  # only a portal spider's memory plans revisits
        return revisited(spider, response)


def revisited(spider: PortalSpider, response: Response) -> Iterator[Output] | None:
    """A revisit's answer: 404/410 were marked gone by the downloader middleware, a redirect
    means moved; a 200 is parsed as usual."""
    if response.status != 200:
        return None
    if response.meta.get("role") == "attachment":
        return spider.parse_attachment(response)
    return spider.parse_detail(response)
