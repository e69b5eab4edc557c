"""Politeness shared by every worker of a distributed crawl: a request rate per host, and each
host's robots.txt fetched once and obeyed by all."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.robotstxt import RobotParser
from scrapy.utils.defer import maybe_deferred_to_future

from crawler.distributed.frontier import Frontier

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)


class HostRateMiddleware:
    """At most ``GONGKAI_HOST_RATE`` requests per second to each host (netloc), over all workers:
    each request reserves the host's next slot in Redis and waits for it."""

    def __init__(self, crawler: Crawler) -> None:
        rate = crawler.settings.getfloat("GONGKAI_HOST_RATE")
        if rate <= 0:
            raise NotConfigured
        self.interval = 1.0 / rate
        self.frontier = Frontier(crawler.settings.get("REDIS_URL"))
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HostRateMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        netloc = urlsplit(request.url).netloc.lower()
        wait = self.frontier.reserve(netloc, self.interval)
        log.debug("host slot for %s in %.3fs", request.url, wait)
        if wait > 0:
            from twisted.internet import reactor, task

            self.crawler.stats.inc_value("gongkai/host_rate_waits")
            await maybe_deferred_to_future(task.deferLater(reactor, wait, lambda: None))
        return None


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with each host's robots.txt fetched by one worker and
    shared through Redis: every worker obeys the same rules, and the file is fetched once."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self.frontier = Frontier(crawler.settings.get("REDIS_URL"))
        self.claim_ttl = crawler.settings.getfloat("DOWNLOAD_TIMEOUT", 20) * 3 + 5

    async def robot_parser(self, request: Request) -> RobotParser | None:
        from scrapy.utils.httpobj import urlparse_cached
        from scrapy.utils.misc import build_from_crawler

        netloc = urlparse_cached(request).netloc
        if netloc not in self._parsers:
            body = await self._shared(netloc)
            if body is not None:
                self._parsers[netloc] = build_from_crawler(self._parserimpl, self.crawler, body)
        return await super().robot_parser(request)

    async def _shared(self, netloc: str) -> bytes | None:
        """The shared robots.txt; None when this worker is the one to fetch it."""
        from twisted.internet import reactor, task

        deadline = time.monotonic() + self.claim_ttl
        while time.monotonic() < deadline:
            body = self.frontier.robots(netloc)
            if body is not None:
                return body
            if self.frontier.claim_robots(netloc, self.claim_ttl):
                return None
            await maybe_deferred_to_future(task.deferLater(reactor, 0.2, lambda: None))
        return None

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        # A 4xx robots.txt means no rules (Scrapy reads its body, which allows everything).
        shared = (
            response.body
            if response.status == 200
            else b""
            if 400 <= response.status < 500
            else None
        )
        self.frontier.put_robots(netloc, shared)
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        self.frontier.put_robots(netloc, None)
        super()._robots_error(exc, netloc)
