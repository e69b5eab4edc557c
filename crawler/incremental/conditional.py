"""Conditional GETs from the archive's validators; a 304 becomes the stored bytes, flagged
``not_modified``, so robots.txt and page callbacks work unchanged (see ``crawler.incremental``)."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from scrapy import Request, Spider, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from crawler import recognise
from crawler.incremental.hooks import enabled, portal_memory, write_soon
from crawler.incremental.memory import GONE_STATUSES, NAVIGATION_ROLES, Stored, read_memory
from crawler.incremental.writes import now, record_not_modified
from crawler.spiders.base import PortalSpider
from db import archive as repo
from pipelines.archive import Archive

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

log = logging.getLogger(__name__)


class ConditionalRequestMiddleware:
    """Conditional GETs from the archive's validators; 304 → the stored bytes, flagged."""

    def __init__(self, crawler: Crawler) -> None:
        enabled(crawler)
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider: Spider) -> None:
        # one portal per spider; a spider serving many portals (a distributed worker) reads
        # each portal's memory itself
        if not isinstance(spider, PortalSpider) or spider.archive is None:
            return
        with spider.archive.sessions() as s:
            mem = spider.incremental = read_memory(s, spider.portal.id)
        log.info(
            "portal %s: %d URLs with validators, %d known documents",
            spider.portal.id,
            len(mem.validators),
            len(mem.known),
        )

    def stored_body(self, archive: Archive, sha256: str) -> bytes:
        """From the archive's blob store, or (``--dry-run``) the real archive's beside it."""
        try:
            return archive.blobs.get(sha256)
        except KeyError:
            fallback = self.crawler.settings.get("GONGKAI_READ_BLOBS")
            if not fallback:
                raise
            from db.blobstore import LocalBlobStore

            return LocalBlobStore(fallback).get(sha256)

    def process_request(self, request: Request) -> None:
        found = portal_memory(self.crawler, request)
        if request.meta.get("gongkai_stored_url") not in (None, request.url):
            # a redirect of a conditional request: those validators were another URL's
            for name in (b"If-None-Match", b"If-Modified-Since"):
                request.headers.pop(name, None)
            request.meta.pop("gongkai_stored", None)
            request.meta.pop("gongkai_stored_url", None)
        if found is None or request.method != "GET" or request.meta.get("gongkai_unconditional"):
            return None
        stored = found[1].validators.get(request.url)
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
        found = portal_memory(self.crawler, request)
        if found is None:
            return response
        spider, mem = found
        archive = spider.archive
        assert archive is not None  # a portal's memory is read from its archive
        mem.reach(request.url, response.url)
        if response.status >= 400 and request.meta.get("role") in NAVIGATION_ROLES:
            mem.count("nav_failed")
        if response.status in GONE_STATUSES and mem.live(response.url):
            self.crawler.stats.inc_value("gongkai/gone")
            write_soon(spider, repo.mark_gone, response.url, now())
            return response
        stored: Stored | None = request.meta.get("gongkai_stored")
        if (
            response.status != 304
            or stored is None
            or request.meta.get("gongkai_stored_url") != request.url
        ):
            return response
        try:
            body = self.stored_body(archive, stored.sha256)
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
        pending = write_soon(
            spider,
            record_not_modified,
            archive,
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
        found = portal_memory(self.crawler, request)
        if (
            found is not None
            and request.meta.get("role") in NAVIGATION_ROLES
            and not isinstance(exception, IgnoreRequest)
        ):
            found[1].count("nav_failed")  # a list that did not answer: its items say nothing
        return None


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
