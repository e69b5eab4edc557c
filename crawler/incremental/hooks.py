"""What the incremental components share: their switch, the portal spider and memory a request
or item belongs to (in a distributed worker one spider serves many portals), and the archive
writes they queue for the spider to wait for."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Concatenate, ParamSpec

from scrapy import Request
from scrapy.exceptions import NotConfigured
from sqlalchemy.orm import Session

from crawler.incremental.memory import PortalMemory
from crawler.items import DocumentItem
from crawler.middlewares import portal_spider
from crawler.pending import Pending
from crawler.spiders.base import PortalSpider

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)

P = ParamSpec("P")


def enabled(crawler: Crawler) -> None:
    """NotConfigured when GONGKAI_INCREMENTAL is off (``--refetch``)."""
    if not crawler.settings.getbool("GONGKAI_INCREMENTAL"):
        raise NotConfigured  # no argument: no warning logged


def portal_memory(
    crawler: Crawler, request: Request | None = None
) -> tuple[PortalSpider, PortalMemory] | None:
    """The portal spider ``request`` belongs to and its memory; None when it has none (the
    increments are off for it, or it is the distributed worker's own spider)."""
    spider = portal_spider(crawler, request)
    if isinstance(spider, PortalSpider) and spider.incremental is not None:
        return spider, spider.incremental
    return None


def item_memory(crawler: Crawler, item: DocumentItem) -> tuple[PortalSpider, PortalMemory] | None:
    """The portal spider and memory of the portal ``item`` is of."""
    spider = crawler.spider
    route = getattr(spider, "portal_spider", None)
    if route is not None:  # a distributed worker: the spider of the item's portal
        spider = route(item.portal_id)
    if isinstance(spider, PortalSpider) and spider.incremental is not None:
        return spider, spider.incremental
    return None


def write_soon(
    spider: PortalSpider,
    fn: Callable[Concatenate[Session, P], object],
    *args: P.args,
    **kwargs: P.kwargs,
) -> Pending:
    """``fn(session, *args)`` in a transaction on the archive's writer thread, which the spider
    waits for before it closes."""
    from twisted.internet import threads

    archive = spider.archive
    assert archive is not None, "the incremental components need the archive"
    pending = Pending()
    spider.pending_archive.add(pending)
    future = archive.in_writer(archive.transaction, fn, *args, **kwargs)
    d = threads.deferToThread(future.result)
    d.addErrback(lambda f: log.error("incremental write failed: %s", f.getErrorMessage()))

    def done(result: object) -> None:
        spider.pending_archive.discard(pending)
        pending.finish(result)

    d.addBoth(done)
    return pending
