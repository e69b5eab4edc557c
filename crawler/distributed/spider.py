"""The spider of a distributed worker: it serves requests of every portal of the run, each handed
to that portal's family spider (built on first use), whose methods are the callbacks.

scrapy-redis (0.9) provides the scheduler, priority queue and duplicate filter
(``crawler.distributed.scheduler``); its spider mixin is not needed: the worker's spider takes
nothing from start URLs in Redis, it only serves the frontier the coordinator
(``gongkai.runs.distributed.coordinate``) seeded.
"""

from __future__ import annotations

import logging
import resource
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.distributed.archive import DistributedArchive
from crawler.distributed.frontier import Frontier, RedisWalkLog, RunInfo
from crawler.extensions import join_run, refuse_remote
from crawler.outcome import Tally
from crawler.pending import Pending, settle
from crawler.registry import Portal, load_registry, portal_toml
from crawler.spiders.base import Output, PortalSpider
from gongkai.core import settings as gsettings
from gongkai.core.settings import Settings

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from twisted.internet.task import LoopingCall

    from crawler.incremental.memory import PortalMemory

log = logging.getLogger(__name__)


class WorkerSpider(Spider):
    """Serves requests of any portal: each is handed to that portal's family spider (built on
    first use), whose methods are the callbacks. Closes when the whole frontier has been idle
    for ``GONGKAI_IDLE_CLOSE`` seconds."""

    name = "gongkai-worker"
    # set by from_crawler, from the worker's settings
    frontier: Frontier
    worker_id: str
    ttl: float
    idle_close: float
    gsettings: Settings

    def __init__(self, registry: str = "", run_id: int = 0, **kw: Any) -> None:
        super().__init__(**kw)
        self.portals: dict[str, Portal] = {p.id: p for p in load_registry(registry)}
        self._by_domain = {
            d.lower(): p.id for p in self.portals.values() for d in p.allowed_domains
        }
        self.run_id = int(run_id)
        self.spiders: dict[str, PortalSpider] = {}
        self.pending_archive: set[Pending] = set()
        self.tally = Tally()  # robots.txt and other portal-less exchanges
        self.archive: DistributedArchive | None = None
        self.idle_since: float | None = None
        self._regdir = Path(tempfile.mkdtemp(prefix="gongkai-worker-"))
        self.info: RunInfo | None = None
        self.incremental_on = False
        self._run_started: datetime | None = None
        self._parsed: tuple[set[str], set[str]] | None = None  # read once, shared by portals
        self._posted = ("", "", 0.0)  # the last counters posted: generation, JSON, when
        self._housekeeping: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WorkerSpider:
        spider: WorkerSpider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.frontier = Frontier(s.get("REDIS_URL"))
        spider.worker_id = s.get("GONGKAI_WORKER_ID") or Frontier.new_worker_id()
        spider.ttl = s.getfloat("GONGKAI_WORKER_TTL")
        spider.idle_close = s.getfloat("GONGKAI_IDLE_CLOSE")
        spider.gsettings = gsettings.resolve(s.get("GONGKAI_DATA_DIR"), s.get("GONGKAI_DB"))
        spider.archive = DistributedArchive.from_settings(
            spider.gsettings, warc=False, run_id=spider.run_id, portal_id=None
        )
        spider.frontier.beat(spider.worker_id, spider.ttl)
        spider.info = spider.frontier.run()
        spider.incremental_on = bool(
            spider.info and spider.info.nightly and s.getbool("GONGKAI_INCREMENTAL")
        )
        crawler.signals.connect(spider.on_opened, signals.spider_opened)
        crawler.signals.connect(spider.on_idle, signals.spider_idle)
        # One WARC per portal per worker: raise the open-file limit as far as allowed.
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        return spider

    async def start(self) -> AsyncIterator[Request]:
        return
        yield  # the coordinator seeded the frontier

    # -- portals ---------------------------------------------------------------------------

    def portal_spider(self, portal_id: str) -> PortalSpider:
        """The family spider of ``portal_id``, built on first use and joined to the run (what
        ``crawler.extensions.RunExtension`` does for the spider of a single-portal crawl)."""
        spider = self.spiders.get(portal_id)
        if spider is None:
            from crawler.project import spider_class

            portal = self.portals[portal_id]
            path = self._regdir / f"{len(self.spiders)}.toml"
            path.write_text(portal_toml(portal), encoding="utf-8")
            cls = spider_class(portal.family)
            spider = cls.from_crawler(self.crawler, portal=portal_id, registry=str(path))
            s = self.crawler.settings
            if s.getbool("GONGKAI_FAST"):
                refuse_remote(portal)
            if s.getbool("GONGKAI_ARCHIVE"):
                # fetch rows keyed so a re-fetched request is written once
                archive = DistributedArchive.from_settings(
                    self.gsettings,
                    warc=s.getbool("GONGKAI_WARC"),
                    run_id=self.run_id,
                    portal_id=portal_id,
                )
                join_run(spider, archive)
                if self.incremental_on:
                    spider.incremental = self._memory(portal_id)
            self.spiders[portal_id] = spider
        return spider

    def _memory(self, portal_id: str) -> PortalMemory:
        """The portal's incremental memory from the shared archive, as it was when the run
        started (whatever other workers wrote since), with its walk logged to Redis."""
        from crawler.incremental.memory import read_memory, read_parsed
        from db.models import CrawlRun

        assert self.archive is not None
        with self.archive.sessions() as s:
            if self._run_started is None:
                run = s.get(CrawlRun, self.run_id)
                assert run is not None, f"no crawl run {self.run_id}"
                self._run_started = run.started_at
                self._parsed = read_parsed(s)
            mem = read_memory(s, portal_id, before=self._run_started, parsed=self._parsed)
        mem.shared = RedisWalkLog(self.frontier, portal_id)
        log.info(
            "portal %s: %d URLs with validators, %d known documents",
            portal_id,
            len(mem.validators),
            len(mem.known),
        )
        return mem

    def portal_spider_for(self, request: Request) -> PortalSpider | WorkerSpider:
        """The portal spider a request belongs to (used by crawler.middlewares)."""
        pid = request.meta.get("gk_portal")
        if not pid:  # robots.txt: the portal whose domain it is
            parts = urlsplit(request.url)
            host = (parts.hostname or "").lower()
            pid = self._by_domain.get(f"{host}:{parts.port}") or self._by_domain.get(host)
        return self.portal_spider(pid) if pid else self

    # -- a nightly run's revisits (queued by the coordinator once the walk is over) ----------

    def revisited(self, response: Response) -> Iterator[Output] | None:
        from crawler.incremental.revisit import revisited

        assert response.request is not None
        spider = self.portal_spider_for(response.request)
        assert isinstance(spider, PortalSpider)  # a revisit names its portal
        return revisited(spider, response)

    def revisit_failed(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        if request is not None:
            spider = self.portal_spider_for(request)
            assert isinstance(spider, PortalSpider)  # a revisit names its portal
            spider.on_error(failure)

    def note_challenge(self, kind: str, url: str) -> None:
        log.warning("anti-bot challenge %s at %s (no portal)", kind, url)

    # -- lifecycle -------------------------------------------------------------------------

    def on_opened(self, spider: Spider) -> None:
        from twisted.internet import task

        engine = self.crawler.engine
        original = engine._remove_request

        def finished(result: object, request: Request) -> None:
            # The response and everything its callback produced is done: forget the request,
            # once its own archive write (running in the background) has landed too.
            original(result, request=request)
            flight = request.meta.get("gk_flight")
            if not flight or request.meta.get("gk_worker") != self.worker_id:
                return
            pending = request.meta.get("archived")
            if pending is not None and not pending.done:
                pending.wait().addBoth(lambda _: self.frontier.done(self.worker_id, flight))
            else:
                self.frontier.done(self.worker_id, flight)

        # Scrapy has no signal for "a request and all its callback produced are done": its
        # engine's own bookkeeping of that moment is wrapped instead.
        engine._remove_request = finished  # type: ignore[method-assign,assignment]
        self._housekeeping = task.LoopingCall(self.housekeeping)
        self._housekeeping.start(min(1.0, self.ttl / 4), now=False)

    def housekeeping(self) -> None:
        self.frontier.beat(self.worker_id, self.ttl)
        self.post_tallies()
        if self.frontier.reap():
            log.warning("requeued the in-flight requests of a dead worker")
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None:  # look at the shared frontier again (others may have added to it)
            slot.nextcall.schedule()

    def post_tallies(self, every: float = 5.0) -> None:
        """This worker's counters so far into Redis: at once when a nightly coordinator asks
        (phase ``tallies:<n>``), else every ``every`` seconds when they changed (what a killed
        worker had counted is then not lost)."""
        import json

        generation, posted, at = self._posted
        phase = self.frontier.phase() if self.info is not None and self.info.nightly else ""
        asked = phase.startswith("tallies:") and phase != generation
        now = time.monotonic()
        if not asked and now - at < every:
            return
        tallies = {pid: asdict(sp.tally) for pid, sp in self.spiders.items()}
        blob = json.dumps(tallies, sort_keys=True)
        if not asked and blob == posted:
            return
        generation = phase if asked else generation
        self.frontier.post_tallies(self.worker_id, generation, tallies)
        self._posted = (generation, blob, now)

    def on_idle(self) -> None:
        busy = self.frontier.pending() or self.frontier.in_flight(exclude=self.worker_id)
        now = time.monotonic()
        if busy:
            self.idle_since = None
            raise DontCloseSpider
        if self.idle_since is None:
            self.idle_since = now
        if now - self.idle_since < self.idle_close:
            raise DontCloseSpider
        if (
            self.info is not None
            and self.info.nightly
            and self.frontier.phase() != "done"
            and self.frontier.coordinator_alive()
        ):
            raise DontCloseSpider  # the coordinator may still queue revisits
        log.info("frontier idle for %.0fs: worker %s closes", now - self.idle_since, self.worker_id)

    async def closed(self, reason: str) -> None:
        if self._housekeeping is not None and self._housekeeping.running:
            self._housekeeping.stop()
        portals = list(self.spiders.values())
        for pending in [*(sp.pending_archive for sp in portals), self.pending_archive]:
            await settle(pending)
        tallies = {pid: asdict(sp.tally) for pid, sp in self.spiders.items()}
        self.frontier.add_tallies(tallies, worker=self.worker_id)
        for archive in [*(sp.archive for sp in portals), self.archive]:
            if archive is not None:
                archive.in_writer(archive.close).result()
        self.frontier.leave(self.worker_id)
        import shutil

        shutil.rmtree(self._regdir, ignore_errors=True)
        log.info(
            "worker %s closed (%s): %d portal(s) served", self.worker_id, reason, len(self.spiders)
        )
