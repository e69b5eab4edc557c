"""The run around a portal's crawl: opened before the spider walks, closed after it has.

``RunExtension`` is built right after the spider, before the downloader, the spider middlewares
and the item pipelines, so the archive is open before any of them needs it:

- open: the archive's location from the settings; a standalone ``scrapy crawl`` (no
  ``GONGKAI_RUN_ID``) migrates the database, opens a run of its own and registers its portal,
  where ``gongkai crawl`` has opened the run and registered every portal already; the reports
  earlier runs found (for ``layout_changed``); the portal's WARC file.
- the walk's time budget (``GONGKAI_PORTAL_SECONDS``): the spider is closed when it is spent,
  and the budget recorded for the outcome.
- close: every background archive write lands, the outcome is decided from the spider's tally
  and recorded (with when the portal's walk started and finished), a run of its own is
  finished, the WARC file closed.

A distributed worker's spider serves many portals: the extension stands aside, the worker opens
each portal's archive with ``join_run`` and its coordinator decides the outcomes.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Spider, signals
from scrapy.exceptions import NotConfigured

from crawler.outcome import decide
from crawler.pending import settle
from crawler.registry import Portal
from crawler.spiders.base import PortalSpider
from gongkai.core import settings as gsettings
from pipelines.archive import Archive

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from twisted.internet.defer import Deferred

log = logging.getLogger(__name__)


def refuse_remote(portal: Portal) -> None:
    """``--fast`` (politeness off) is for portals on loopback only."""
    for url in portal.start_urls:
        host = urlsplit(url).hostname or ""
        if not (host.startswith("127.") or host in ("localhost", "::1")):
            raise ValueError(f"--fast (politeness off) is for loopback only, not {host}")


def join_run(spider: PortalSpider, archive: Archive) -> None:
    """Hand the spider ``archive``, open on a run: the reports earlier runs found on its portal
    (an outcome's ``layout_changed``) and the portal's WARC file."""
    spider.archive = archive
    spider.tally.previous_reports = archive.previously_found_reports(spider.portal.id)
    archive.open_warc(spider.portal.id)


class RunExtension:
    """Opens a portal spider's run in the archive and records how it ended (module docstring)."""

    def __init__(self, crawler: Crawler) -> None:
        # Fetch errors are recorded in the archive and in the outcome; the robots.txt
        # middleware's tracebacks for unreachable hosts only bury the summary.
        logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
        spider = crawler.spider
        if not isinstance(spider, PortalSpider):
            raise NotConfigured  # the distributed worker's spider opens its portals itself
        self.crawler = crawler
        self.spider = spider
        self.owns_run = False
        self.started = datetime.now(UTC)
        self.timer: Deferred[None] | None = None  # the time budget, when it has one
        s = crawler.settings
        self.seconds = s.getfloat("GONGKAI_PORTAL_SECONDS")
        if s.getbool("GONGKAI_FAST"):
            refuse_remote(spider.portal)
        if s.getbool("GONGKAI_ARCHIVE"):
            join_run(spider, self.open_archive(s))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunExtension:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        if self.seconds > 0:
            from twisted.internet import defer, reactor, task

            self.timer = task.deferLater(reactor, self.seconds, self.out_of_time)
            self.timer.addErrback(lambda f: f.trap(defer.CancelledError))

    def out_of_time(self) -> None:
        self.timer = None
        log.warning("portal %s: time budget of %.0fs spent", self.spider.portal.id, self.seconds)
        self.spider.tally.budget = "seconds"
        from scrapy.utils.defer import deferred_from_coro

        assert self.crawler.engine is not None
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="budget_seconds"))

    def open_archive(self, s: BaseSettings) -> Archive:
        """The archive on the run ``gongkai crawl`` opened, or (``scrapy crawl``) on a new one."""
        resolved = gsettings.resolve(s.get("GONGKAI_DATA_DIR"), s.get("GONGKAI_DB"))
        run_id = s.getint("GONGKAI_RUN_ID") or None
        if run_id is None:  # a standalone `scrapy crawl`: make sure the archive exists
            from db.migrate import upgrade

            resolved.data_dir.mkdir(parents=True, exist_ok=True)
            upgrade(resolved.db_url)
        portal = self.spider.portal
        archive = Archive.from_settings(
            resolved, warc=s.getbool("GONGKAI_WARC"), run_id=run_id, portal_id=portal.id
        )
        if run_id is None:  # `gongkai crawl` registers its portals when it opens the run
            archive.open_run(kind="crawl")
            self.owns_run = True
            archive.register_portals([portal])
        return archive

    async def spider_closed(self, spider: Spider, reason: str) -> None:
        # Every background archive write of this crawl lands before the outcome is recorded.
        if self.timer is not None:
            self.timer.cancel()
        await settle(self.spider.pending_archive)
        portal, tally, archive = self.spider.portal, self.spider.tally, self.spider.archive
        outcome, detail = decide(tally, starts=portal.start_urls)
        log.info("portal %s: %s%s", portal.id, outcome, f" ({detail})" if detail else "")
        self.crawler.stats.set_value("gongkai/outcome", outcome)
        if archive is None:
            return
        stats = {**tally.stats(), "close_reason": reason}
        # Through the writer thread, after every archive write this crawl queued.
        archive.in_writer(
            archive.record_outcome,
            portal.id,
            outcome,
            detail,
            stats,
            started_at=self.started,
            finished_at=datetime.now(UTC),
        ).result()
        if self.owns_run:
            archive.in_writer(archive.finish_run, stats).result()
        archive.in_writer(archive.close).result()
