"""A distributed worker's Scrapy components: one spider serving every portal, the scrapy-redis
scheduler with in-flight tracking, per-host politeness through Redis, and the pipeline and
archive variants that make concurrent workers write each thing once.

scrapy-redis (0.9) is used for its scheduler, priority queue and duplicate filter; its spider
mixin is not needed: the worker's spider takes nothing from start URLs in Redis, it only serves
the frontier the coordinator (``gongkai.runs.distributed.coordinate``) seeded.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import resource
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar, cast
from urllib.parse import urlsplit

import scrapy
from scrapy import Request, signals
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crawler.distributed.frontier import Frontier, RedisWalkLog, RunInfo
from crawler.extensions import join_run, refuse_remote
from crawler.items import DocumentItem
from crawler.outcome import Tally
from crawler.pipelines import ParseLoadPipeline
from crawler.registry import Portal, load_registry
from db import archive as repo
from db.models import Fetch
from pipelines.archive import Archive, Archived, Exchange
from pipelines.parse_worker import Parsed

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

_ATTEMPTS = 5

_PLAIN = (str, int, float, bool, type(None), list, tuple, dict)


def request_key(*parts: object) -> str:
    return hashlib.sha256("\x00".join(str(p) for p in parts).encode()).hexdigest()


# -- the spider -------------------------------------------------------------------------------


class WorkerSpider(scrapy.Spider):
    """Serves requests of any portal: each is handed to that portal's family spider (built on
    first use), whose methods are the callbacks. Closes when the whole frontier has been idle
    for ``GONGKAI_IDLE_CLOSE`` seconds."""

    name = "gongkai-worker"

    def __init__(self, registry: str = "", run_id: int = 0, **kw: Any) -> None:
        super().__init__(**kw)
        self.portals: dict[str, Portal] = {p.id: p for p in load_registry(registry)}
        self._by_domain = {
            d.lower(): p.id for p in self.portals.values() for d in p.allowed_domains
        }
        self.run_id = int(run_id)
        self.spiders: dict[str, Any] = {}
        self.pending_archive: set[Any] = set()
        self.tally = Tally()  # robots.txt and other portal-less exchanges
        self.archive: DistributedArchive | None = None
        self.idle_since: float | None = None
        self._regdir = Path(tempfile.mkdtemp(prefix="gongkai-worker-"))
        self.info: RunInfo | None = None
        self.incremental_on = False
        self._run_started: Any = None
        self._parsed: tuple[set[str], set[str]] | None = None  # read once, shared by portals
        self._posted = ("", "", 0.0)  # the last counters posted: generation, JSON, when

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> WorkerSpider:
        spider: WorkerSpider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.frontier = Frontier(s.get("REDIS_URL"))
        spider.worker_id = s.get("GONGKAI_WORKER_ID") or Frontier.new_worker_id()
        spider.ttl = s.getfloat("GONGKAI_WORKER_TTL", 30.0)
        spider.idle_close = s.getfloat("GONGKAI_IDLE_CLOSE", 10.0)
        from gongkai.core import settings as gsettings

        spider.gsettings = gsettings.resolve(s.get("GONGKAI_DATA_DIR"), s.get("GONGKAI_DB"))
        spider.archive = DistributedArchive.from_settings(
            spider.gsettings, warc=False, run_id=spider.run_id, portal_id=None
        )
        spider.frontier.beat(spider.worker_id, spider.ttl)
        spider.info = spider.frontier.run()
        spider.incremental_on = bool(
            spider.info and spider.info.nightly and s.getbool("GONGKAI_INCREMENTAL", False)
        )
        crawler.signals.connect(spider.on_opened, signals.spider_opened)
        crawler.signals.connect(spider.on_idle, signals.spider_idle)
        # One WARC per portal per worker: raise the open-file limit as far as allowed.
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if soft < hard:
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        return spider

    async def start(self) -> AsyncIterator[Any]:
        return
        yield  # the coordinator seeded the frontier

    # -- portals ---------------------------------------------------------------------------

    def portal_spider(self, portal_id: str) -> Any:
        """The family spider of ``portal_id``, built on first use and joined to the run (what
        ``crawler.extensions.RunExtension`` does for the spider of a single-portal crawl)."""
        spider = self.spiders.get(portal_id)
        if spider is None:
            from crawler.project import spider_class

            portal = self.portals[portal_id]
            path = self._regdir / f"{len(self.spiders)}.toml"
            path.write_text(_portal_toml(portal), encoding="utf-8")
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

    def _memory(self, portal_id: str) -> Any:
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

    def portal_spider_for(self, request: Request) -> Any:
        """The portal spider a request belongs to (used by crawler.middlewares)."""
        pid = request.meta.get("gk_portal")
        if not pid:  # robots.txt: the portal whose domain it is
            parts = urlsplit(request.url)
            host = (parts.hostname or "").lower()
            pid = self._by_domain.get(f"{host}:{parts.port}") or self._by_domain.get(host)
        return self.portal_spider(pid) if pid else self

    # -- a nightly run's revisits (queued by the coordinator once the walk is over) ----------

    def revisited(self, response: Any) -> Any:
        from crawler.incremental.revisit import revisited

        return revisited(self.portal_spider_for(response.request), response)

    def revisit_failed(self, failure: Any) -> Any:
        request = getattr(failure, "request", None)
        return self.portal_spider_for(request).on_error(failure) if request is not None else None

    def note_challenge(self, kind: str, url: str) -> None:
        log.warning("anti-bot challenge %s at %s (no portal)", kind, url)

    # -- lifecycle -------------------------------------------------------------------------

    def on_opened(self, spider: Any) -> None:
        from twisted.internet import task

        engine = self.crawler.engine
        original = engine._remove_request

        def finished(result: Any, request: Request) -> None:
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

        engine._remove_request = finished
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
        tallies = {pid: _tally_dict(sp.tally) for pid, sp in self.spiders.items()}
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
        if getattr(self, "_housekeeping", None) is not None and self._housekeeping.running:
            self._housekeeping.stop()
        spiders = [*self.spiders.values(), self]
        for spider in spiders:
            while spider.pending_archive:
                await maybe_deferred_to_future(next(iter(spider.pending_archive)).wait())
        tallies = {pid: _tally_dict(sp.tally) for pid, sp in self.spiders.items()}
        self.frontier.add_tallies(tallies, worker=self.worker_id)
        for spider in spiders:
            if spider.archive is not None:
                spider.archive.in_writer(spider.archive.close).result()
        self.frontier.leave(self.worker_id)
        import shutil

        shutil.rmtree(self._regdir, ignore_errors=True)
        log.info(
            "worker %s closed (%s): %d portal(s) served", self.worker_id, reason, len(self.spiders)
        )


def _tally_dict(t: Tally) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(t)


def _toml_str(s: str) -> str:
    import json

    return json.dumps(s, ensure_ascii=False)


def _portal_toml(p: Portal) -> str:
    lines = [
        "[[portal]]",
        f"id = {_toml_str(p.id)}",
        f"agency = {_toml_str(p.agency)}",
        f"region_code = {_toml_str(p.region_code)}",
        f"family = {_toml_str(p.family)}",
        "start_urls = [" + ", ".join(_toml_str(u) for u in p.start_urls) + "]",
        "allowed_domains = [" + ", ".join(_toml_str(d) for d in p.allowed_domains) + "]",
    ]
    if p.notes:
        lines.append(f"notes = {_toml_str(p.notes)}")
    return "\n".join(lines) + "\n"


# -- the frontier: scrapy-redis scheduler and queue ---------------------------------------------


def encode_request(request: Request) -> tuple[float, bytes]:
    """(score, payload) for the frontier: the callback's owner names the portal."""
    owner = getattr(request.callback, "__self__", None)
    portal = getattr(owner, "portal", None)
    if portal is not None:
        request.meta["gk_portal"] = portal.id
    d = request.to_dict(spider=owner)
    d["meta"] = {k: v for k, v in (d.get("meta") or {}).items() if isinstance(v, _PLAIN)}
    return -request.priority, pickle.dumps(d, protocol=5)


class PortalQueue(PriorityQueue):
    """scrapy-redis's priority queue, with requests bound to the portal spider that made them."""

    def _encode_request(self, request: Request) -> bytes:
        return encode_request(request)[1]

    def _decode_request(self, encoded_request: bytes) -> Request:
        from scrapy.utils.request import request_from_dict

        d = pickle.loads(encoded_request)
        meta = d.get("meta") or {}
        pid = meta.get("gk_portal")
        # a revisit's callbacks are the worker spider's (they hand the answer to the portal's)
        owner = (
            self.spider.portal_spider(pid)
            if pid and not meta.get("gongkai_revisit")
            else self.spider
        )
        if pid:
            self.spider.portal_spider(pid)
        return request_from_dict(d, spider=owner)


class FrontierScheduler(Scheduler):
    """scrapy-redis's scheduler (shared queue and duplicate filter) that never flushes the
    shared frontier and moves each request it hands out into this worker's in-flight hash."""

    def next_request(self) -> Request | None:
        spider = self.spider
        taken = spider.frontier.take(spider.worker_id)
        if taken is None:
            return None
        flight, data = taken
        try:
            request = self.queue._decode_request(data)
        except Exception:
            log.exception("dropping a frontier entry that cannot be decoded")
            spider.frontier.done(spider.worker_id, flight)
            return None
        request.meta["gk_flight"] = flight
        request.meta["gk_worker"] = spider.worker_id
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def open(self, spider: Any) -> None:
        from scrapy_redis.dupefilter import RFPDupeFilter

        self.spider = spider
        self.queue = PortalQueue(
            server=self.server, spider=spider, key=self.queue_key, serializer=self.serializer
        )
        if not self.df:
            self.df = RFPDupeFilter(self.server, key=self.dupefilter_key)

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def close(self, reason: str) -> None:
        return None  # the frontier is shared: never flushed by a worker


# -- politeness ---------------------------------------------------------------------------------


class HostRateMiddleware:
    """At most ``GONGKAI_HOST_RATE`` requests per second to each host (netloc), over all workers:
    each request reserves the host's next slot in Redis and waits for it."""

    def __init__(self, crawler: Any) -> None:
        rate = crawler.settings.getfloat("GONGKAI_HOST_RATE", 0.0)
        if rate <= 0:
            raise NotConfigured
        self.interval = 1.0 / rate
        self.frontier = Frontier(crawler.settings.get("REDIS_URL"))
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> HostRateMiddleware:
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

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        self.frontier = Frontier(crawler.settings.get("REDIS_URL"))
        self.claim_ttl = crawler.settings.getfloat("DOWNLOAD_TIMEOUT", 20) * 3 + 5

    async def robot_parser(self, request: Request) -> Any:
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

    async def _parse_robots(self, response: Any, netloc: str, request: Request) -> None:
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


# -- archive and pipeline ----------------------------------------------------------------------


class DistributedArchive(Archive):
    """Fetch rows keyed by (run, request_key) and inserted with ON CONFLICT DO NOTHING: a request
    fetched again after its worker died is recorded once. Transactions that lose a race on a
    unique row (a document, an agency, a report) run again."""

    def transaction(
        self, fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """As ``Archive.transaction``, again when a concurrent writer won a unique constraint:
        the retry sees the row the other one committed and updates it instead."""
        for attempt in range(_ATTEMPTS):
            try:
                return super().transaction(fn, *args, **kwargs)
            except IntegrityError:
                if attempt == _ATTEMPTS - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
        raise AssertionError("unreachable")

    def _insert_fetch(self, s: Session, key: str, **values: Any) -> int:
        repo.ensure_portal(s, self.portal_id)
        row = {"run_id": self.run_id, "portal_id": self.portal_id, "request_key": key, **values}
        conflict = ["run_id", "request_key"]
        if s.get_bind().dialect.name == "postgresql":
            stmt = (
                postgresql.insert(Fetch)
                .values(**row)
                .on_conflict_do_nothing(index_elements=conflict)
            )
            fid = s.execute(stmt.returning(Fetch.id)).scalar()
        else:
            lite = (
                sqlite.insert(Fetch).values(**row).on_conflict_do_nothing(index_elements=conflict)
            )
            fid = s.execute(lite.returning(Fetch.id)).scalar()
        if fid is None:
            fid = s.scalar(
                select(Fetch.id).where(Fetch.run_id == self.run_id, Fetch.request_key == key)
            )
        assert fid is not None
        return int(fid)

    def insert_fetch(
        self,
        s: Session,
        *,
        url: str,
        method: str,
        status: int | None,
        sha256: str | None,
        size: int | None,
        etag: str | None,
        last_modified: str | None,
        content_type: str | None,
        outcome: str,
        error: str | None = None,
        fetched_at: datetime | None = None,
    ) -> int:
        """A fetch row written once per (run, request), however often the request is fetched
        (keyed as ``record_exchange`` keys it)."""
        return self._insert_fetch(
            s,
            request_key(method, url, status, sha256),
            url=url,
            method=method,
            status=status,
            sha256=sha256,
            size=size,
            etag=etag,
            last_modified=last_modified,
            content_type=content_type,
            outcome=outcome,
            error=error,
            fetched_at=fetched_at or datetime.now(UTC),
        )

    def record_exchange(
        self,
        ex: Exchange,
        *,
        outcome: str,
        role: str | None = None,
        media_type: str | None = None,
        title: str | None = None,
        parent_url: str | None = None,
        sha256: str | None = None,
    ) -> Archived:
        now = datetime.now(UTC)
        sha = sha256 or self.blobs.put(ex.body)
        key = request_key(ex.method, ex.url, ex.status, sha)

        def write(s: Session) -> int:
            fid = self._insert_fetch(
                s,
                key,
                url=ex.url,
                method=ex.method,
                status=ex.status,
                sha256=sha,
                size=len(ex.body),
                etag=ex.header("ETag"),
                last_modified=ex.header("Last-Modified"),
                content_type=ex.header("Content-Type"),
                outcome=outcome,
                fetched_at=now,
            )
            if role and ex.status == 200:
                repo.upsert_document(
                    s,
                    url=ex.url,
                    portal_id=self.portal_id,
                    sha256=sha,
                    media_type=media_type,
                    role=role,
                    title=title,
                    parent_url=parent_url,
                    seen_at=now,
                )
            return fid

        fetch_id = self.transaction(write)
        if self.warc is not None:
            self.warc.write(ex, fetched_at=now)
        return Archived(fetch_id=fetch_id, sha256=sha, size=len(ex.body))

    def record_error(self, url: str, method: str, error: str, *, outcome: str = "error") -> int:
        key = request_key(method, url, "error", outcome)
        return self.transaction(
            lambda s: self._insert_fetch(
                s,
                key,
                url=url,
                method=method,
                status=None,
                sha256=None,
                size=None,
                etag=None,
                last_modified=None,
                content_type=None,
                outcome=outcome,
                error=error[:2000],
                fetched_at=datetime.now(UTC),
            )
        )


class DistributedParseLoadPipeline(ParseLoadPipeline):
    """Parses as the single-process pipeline does, but a parsed report goes to Redis at once
    (``candidates``): the coordinator loads one per (agency, year) when the frontier is drained,
    so which report becomes current never depends on which worker parsed what."""

    @property
    def worker(self) -> WorkerSpider:
        return cast(WorkerSpider, self.crawler.spider)

    def keep(self, item: DocumentItem, parsed: Parsed) -> None:
        self.worker.frontier.add_candidate(
            item.url,
            item.sha256,
            {
                "url": item.url,
                "portal_id": item.portal_id,
                "role": item.role,
                "sha256": item.sha256,
                "media_type": item.media_type,
                "title": item.title,
                "filename": item.filename,
                "content_type": item.content_type,
                "parent_url": item.parent_url,
                "parsed": parsed,
            },
        )

    def tally_for(self, item: DocumentItem) -> Tally:
        """The tally of the portal spider it came from, which the worker posts to Redis."""
        worker = self.worker
        spider = worker.spiders.get(item.portal_id)
        return spider.tally if spider is not None else worker.tally


WORKER_SETTINGS: dict[str, Any] = {
    "SCHEDULER": "crawler.distributed.worker.FrontierScheduler",
    "SCHEDULER_QUEUE_CLASS": "crawler.distributed.worker.PortalQueue",
    "SCHEDULER_QUEUE_KEY": Frontier.queue_key,
    "SCHEDULER_DUPEFILTER_KEY": Frontier.dupefilter_key,
    "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
    "SCHEDULER_PERSIST": True,
    "SCHEDULER_SERIALIZER": "scrapy_redis.picklecompat",
    "ITEM_PIPELINES": {
        "crawler.incremental.known.SkipKnownPipeline": 450,
        "crawler.distributed.worker.DistributedParseLoadPipeline": 500,
    },
    "GONGKAI_WARC": True,
}


def downloader_middlewares(base: dict[str, Any]) -> dict[str, Any]:
    # Last before the download (robots.txt, cookies, compression done): a slot is taken only by
    # a request that goes out now, and a robots.txt fetch takes its own.
    return {
        **base,
        "crawler.distributed.worker.HostRateMiddleware": 900,
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
        "crawler.distributed.worker.SharedRobotsTxtMiddleware": 100,
    }
