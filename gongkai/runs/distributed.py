"""Running a distributed crawl: the coordinator seeds the frontier and finishes the run; workers
(``work``) serve the frontier until it has been idle for a while.

``coordinate`` opens the crawl run in the database, writes the run's registry into Redis and
seeds every portal's start requests; then (unless ``wait=False``) it waits until the frontier is
drained and every worker has closed, loads one report per (agency, year) from the parsed
candidates, and records each portal's outcome from the workers' merged counters.

A nightly run (``kind="nightly"``) has incremental workers and one more step before the end:
once the walk is quiet (nothing queued, nothing in flight), ``end_walk`` collects every worker's
counters, decides per portal what the local ``RevisitExtension`` decides at the end of its walk
(known documents no longer listed are gone; the others the walk did not reach are asked for
once) over the whole walk as the workers logged it in Redis, queues the revisits, waits for
them, and only then lets the workers close.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

from crawler.collector import settle_for_crawl
from crawler.distributed.frontier import Frontier, RunInfo
from crawler.exceptions import FrontierError
from crawler.outcome import Tally, decide
from crawler.registry import Portal
from gongkai.core.settings import Settings, default
from pipelines.archive import Archive

log = logging.getLogger(__name__)


def seed_payloads(portals: list[Portal]) -> list[tuple[float, bytes]]:
    """Every portal's start requests, encoded for the frontier."""
    import tempfile

    from scrapy import Request

    from crawler.distributed.scheduler import encode_request
    from crawler.project import spider_class
    from crawler.registry import portal_toml
    from crawler.spiders.base import PortalSpider

    async def starts(spider: PortalSpider) -> list[Request]:
        return [r async for r in spider.start()]

    out = []
    with tempfile.TemporaryDirectory(prefix="gongkai-seed-") as tmp:
        one = Path(tmp) / "portal.toml"
        for portal in portals:
            # one entry per file: a spider reads its registry, and 1,000 reads of 1,000 add up
            one.write_text(portal_toml(portal), encoding="utf-8")
            spider = spider_class(portal.family)(portal=portal.id, registry=str(one))
            for request in asyncio.run(starts(spider)):
                out.append(encode_request(request))
    return out


def coordinate(
    settings: Settings,
    portals: list[Portal],
    *,
    registry: Path,
    redis_url: str,
    fast: bool = False,
    extra: dict[str, Any] | None = None,
    wait: bool = True,
    timeout: float | None = None,
    kind: str = "crawl",
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> int:
    """Seed a distributed crawl of ``portals``; with ``wait``, finish it. Returns the run id.
    ``kind="nightly"``: incremental workers, and the walk ends with ``end_walk``."""
    from db.migrate import upgrade

    started = time.monotonic()
    frontier = Frontier(redis_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.db_url)
    archive = Archive.from_settings(settings, warc=False)
    payloads = seed_payloads(portals)
    run_id = archive.open_run(kind=kind)
    archive.register_portals(portals)
    info = RunInfo(
        run_id=run_id,
        registry=registry.read_text(encoding="utf-8"),
        fast=fast,
        extra=dict(extra or {}),
        db_url=settings.db_url,
        kind=kind,
    )
    previous = {p.id: archive.previously_found_reports(p.id) for p in portals}
    frontier.r.set(Frontier.run_key + ":previous", _json(previous))
    n = frontier.begin(info, payloads)
    if info.nightly:
        frontier.set_phase("walk")
        frontier.beat_coordinator(COORDINATOR_TTL)
    log.info(
        "run %d: %d start request(s) of %d portal(s) in %s", run_id, n, len(portals), redis_url
    )
    if wait:
        t0 = time.monotonic()
        deadline = None if timeout is None else t0 + timeout
        timing: dict[str, float] = {"seed_s": round(t0 - started, 2)}
        if info.nightly:
            timing.update(
                end_walk(settings, frontier, portals, deadline=deadline, progress=progress)
            )
        wait_drained(
            frontier,
            timeout=None if deadline is None else max(deadline - time.monotonic(), 1),
            progress=progress,
        )
        timing["frontier_s"] = round(time.monotonic() - t0, 2)
        finish(settings, frontier, timing=timing)
    return run_id


COORDINATOR_TTL = 30.0  # nightly workers close without it once it has been silent this long


def wait_quiet(
    frontier: Frontier,
    *,
    deadline: float | None,
    poll: float = 0.25,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> None:
    """Until nothing is queued or in flight, seen twice in a row (a request in flight leaves
    its worker's in-flight hash only once everything its response produced is queued)."""
    quiet = 0
    last_progress = 0.0
    while quiet < 2:
        frontier.beat_coordinator(COORDINATOR_TTL)
        if frontier.reap():
            log.warning("requeued the in-flight requests of dead worker(s)")
        quiet = quiet + 1 if frontier.busy() == 0 else 0
        now = time.monotonic()
        if progress is not None and now - last_progress >= 1.0:
            progress(frontier.status())
            last_progress = now
        if deadline is not None and now > deadline:
            raise FrontierError(f"the frontier did not go quiet in time: {frontier.status()}")
        time.sleep(poll)


def collect_tallies(
    frontier: Frontier, generation: str, *, deadline: float | None, patience: float = 30.0
) -> dict[str, Tally]:
    """Every live worker's counters so far (posted on request), merged with those of workers that
    closed or were killed (their final, or last posted, counters)."""
    frontier.set_phase(generation)
    until = time.monotonic() + patience
    while True:
        frontier.beat_coordinator(COORDINATOR_TTL)
        frontier.reap()
        posted = frontier.posted_tallies()
        missing = {w for w in frontier.live_workers() if posted.get(w, ("", {}))[0] != generation}
        if not missing:
            break
        now = time.monotonic()
        if now > until or (deadline is not None and now > deadline):
            log.warning(
                "worker(s) %s did not post their counters: deciding without them",
                ", ".join(sorted(missing)),
            )
            break
        time.sleep(0.1)
    return merge_tallies(frontier.tallies())


def end_walk(
    settings: Settings,
    frontier: Frontier,
    portals: list[Portal],
    *,
    deadline: float | None = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> dict[str, float]:
    """A nightly run's end of the walk (see the module docstring); then workers may close."""
    info = frontier.run()
    assert info is not None
    t0 = time.monotonic()
    wait_quiet(frontier, deadline=deadline, progress=progress)
    t1 = time.monotonic()
    tallies = collect_tallies(frontier, "tallies:1", deadline=deadline)
    archive = Archive.from_settings(settings, warc=False, run_id=info.run_id)
    limit = int(info.extra.get("GONGKAI_REVISIT_MAX", default("GONGKAI_REVISIT_MAX")))
    gone, payloads = plan_revisits(archive, frontier, portals, tallies, limit)
    frontier.set_phase("revisit")
    if payloads:
        frontier.push(payloads)
        log.info(
            "run %d: revisiting %d known document(s) the walk did not reach",
            info.run_id,
            len(payloads),
        )
    if gone:
        log.info("run %d: %d known document(s) no longer listed: marked gone", info.run_id, gone)
    if payloads:
        wait_quiet(frontier, deadline=deadline, progress=progress)
    frontier.set_phase("done")
    return {
        "walk_s": round(t1 - t0, 2),
        "revisits": len(payloads),
        "unlisted_gone": gone,
        "end_walk_s": round(time.monotonic() - t1, 2),
    }


def plan_revisits(
    archive: Archive,
    frontier: Frontier,
    portals: list[Portal],
    tallies: dict[str, Tally],
    limit: int,
) -> tuple[int, list[tuple[float, bytes]]]:
    """Per portal, what the local RevisitExtension would decide over the whole walk: mark the
    unlisted gone now (returns how many), and the revisit requests to queue."""
    import pickle
    from datetime import UTC, datetime

    from scrapy import Request

    from crawler.incremental.memory import PortalMemory, read_known
    from crawler.incremental.revisit import plan_revisit, revisit_meta
    from crawler.incremental.writes import mark_gone_many
    from db.models import CrawlRun

    with archive.sessions() as s:
        run = s.get(CrawlRun, archive.run_id)
        assert run is not None
        started = run.started_at
    gone = 0
    payloads: list[tuple[float, bytes]] = []
    for portal in portals:
        mem = PortalMemory()
        with archive.sessions() as s:
            read_known(s, portal.id, mem, before=started)
        mem.seen, counters = frontier.walk(portal.id)
        mem.site_not_modified = bool(counters.get("site_not_modified"))
        mem.cut_lists = counters.get("cut_lists", 0)
        mem.nav_not_modified = counters.get("nav_not_modified", 0)
        mem.nav_failed = counters.get("nav_failed", 0)
        plan = plan_revisit(mem, tallies.get(portal.id, Tally()), portal.start_urls, limit)
        if plan is None:
            continue
        if plan.unlisted:
            archive.transaction(mark_gone_many, plan.unlisted, datetime.now(UTC))
            gone += len(plan.unlisted)
        for doc in plan.revisit:
            request = Request(
                doc.url, dont_filter=True, meta={**revisit_meta(doc), "gk_portal": portal.id}
            )
            d = request.to_dict()
            d["callback"], d["errback"] = "revisited", "revisit_failed"  # WorkerSpider's
            payloads.append((-request.priority, pickle.dumps(d, protocol=5)))
    return gone, payloads


def _json(obj: Any) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False)


def wait_drained(
    frontier: Frontier,
    *,
    timeout: float | None = None,
    poll: float = 1.0,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> None:
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        requeued = frontier.reap()
        if requeued:
            log.warning("requeued %d in-flight request(s) of dead worker(s)", requeued)
        if frontier.drained():
            break
        if progress is not None:
            progress(frontier.status())
        if deadline is not None and time.monotonic() > deadline:
            raise FrontierError(
                f"the frontier did not drain in {timeout:.0f}s: {frontier.status()}"
            )
        time.sleep(poll)


def merge_tallies(parts: list[dict[str, dict[str, Any]]]) -> dict[str, Tally]:
    out: dict[str, Tally] = {}
    for part in parts:
        for pid, d in part.items():
            t = out.setdefault(pid, Tally())
            for f in fields(Tally):
                value = d.get(f.name)
                if value is None:
                    continue
                if isinstance(value, list):
                    getattr(t, f.name).extend(tuple(v) if isinstance(v, list) else v for v in value)
                elif isinstance(value, dict):  # counts by key (failed_status)
                    counts = getattr(t, f.name)
                    for key, n in value.items():
                        counts[key] = counts.get(key, 0) + int(n)
                elif isinstance(value, str):
                    setattr(t, f.name, value or getattr(t, f.name))
                elif f.name != "previous_reports":
                    setattr(t, f.name, getattr(t, f.name) + int(value))
    return out


def select_candidates(
    candidates: list[dict[str, Any]],
) -> dict[tuple[str, Any], list[dict[str, Any]]]:
    """Candidates by (agency, year), as the single-process pipeline would have kept them: an
    attachment counts only when its report page gave no report, and then only the first of
    that page's attachments (by URL)."""
    pages = {c["url"] for c in candidates if c["role"] == "report_page"}
    chosen: dict[str, dict[str, Any]] = {}
    kept: list[dict[str, Any]] = []
    for c in sorted(candidates, key=lambda c: (c["url"], c["sha256"])):
        parent = c.get("parent_url")
        if c["role"] == "attachment" and parent:
            if parent in pages:
                continue
            if parent in chosen:
                continue
            chosen[parent] = c
        kept.append(c)
    groups: dict[tuple[str, Any], list[dict[str, Any]]] = {}
    for c in kept:
        report = c["parsed"].report or {}
        groups.setdefault((report.get("agency", ""), report.get("year")), []).append(c)
    return groups


def finish(
    settings: Settings, frontier: Frontier, *, timing: dict[str, float] | None = None
) -> dict[str, Tally]:
    """Load the preferred candidate of each (agency, year), record outcomes, close the run."""
    import json

    from crawler.distributed.archive import DistributedArchive
    from crawler.items import DocumentItem
    from pipelines.load import load_preferred, rank

    info = frontier.run()
    if info is None:
        raise FrontierError(f"no distributed crawl in {frontier.url}")
    archive = DistributedArchive.from_settings(settings, warc=False, run_id=info.run_id)
    tallies = merge_tallies(frontier.tallies())
    t0 = time.monotonic()
    previous = json.loads(frontier.r.get(Frontier.run_key + ":previous") or b"{}")
    groups = [
        [
            (
                DocumentItem(
                    url=c["url"],
                    portal_id=c["portal_id"],
                    role=c["role"],
                    sha256=c["sha256"],
                    media_type=c["media_type"],
                    body=b"",
                    title=c["title"],
                    filename=c["filename"],
                    content_type=c["content_type"],
                    parent_url=c["parent_url"],
                ),
                c["parsed"],
            )
            for c in group
        ]
        for group in select_candidates(frontier.candidates()).values()
    ]
    # The preferred document of each (agency, year), LOAD_BATCH of them per transaction;
    # should one of them not validate, its batch goes one by one, falling back to the next.
    final = load_preferred(archive, rank(groups), batch=LOAD_BATCH)
    for item, _ in final.invalid:
        tallies.setdefault(item.portal_id, Tally()).parse_failures += 1
    for item, result in final.loaded:
        tally = tallies.setdefault(item.portal_id, Tally())
        if result.status == "unchanged":
            tally.unchanged += 1
        else:
            tally.loaded += 1
    outcomes = {}
    for pid, tally in sorted(tallies.items()):
        tally.previous_reports = int(previous.get(pid, 0))
        outcome, detail = decide(tally)
        outcomes[pid] = outcome
        archive.record_outcome(pid, outcome, detail, {**tally.stats(), "close_reason": "finished"})
    timing = {**(timing or {}), "final_load_s": round(time.monotonic() - t0, 2)}
    archive.finish_run({"portals": len(tallies), "outcomes": outcomes, "distributed": timing})
    frontier.r.delete(Frontier.candidates_key, Frontier.tallies_key)
    frontier.drop_walks()
    frontier.r.set(Frontier.run_key + ":finished", "1")
    return tallies


LOAD_BATCH = 200


def work(
    settings: Settings,
    redis_url: str,
    *,
    idle_close: float = 10.0,
    ttl: float = 30.0,
    host_rate: float | None = None,
    wait_for_run: float = 60.0,
    log_level: str = "WARNING",
    extra: dict[str, Any] | None = None,
    worker_id: str | None = None,
) -> str:
    """Serve the frontier in this process until it has been idle ``idle_close`` seconds."""
    import tempfile

    from scrapy.crawler import CrawlerProcess

    from crawler.distributed.settings import WORKER_SETTINGS, downloader_middlewares
    from crawler.distributed.spider import WorkerSpider
    from crawler.project import scrapy_settings
    from db.migrate import upgrade

    frontier = Frontier(redis_url)
    info = frontier.wait_for_run(wait_for_run)
    if (
        settings.db_url.startswith("sqlite")
        and info.db_url
        and not info.db_url.startswith("sqlite")
    ):
        # no --db given here: the coordinator's database (PostgreSQL, reachable by all)
        settings = Settings(data_dir=settings.data_dir, db_url=info.db_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.db_url)
    tmp = tempfile.TemporaryDirectory(prefix="gongkai-run-")
    registry = Path(tmp.name) / "portals.toml"
    registry.write_text(info.registry, encoding="utf-8")
    worker_id = worker_id or Frontier.new_worker_id()
    s = scrapy_settings(
        settings,
        run_id=info.run_id,
        fast=info.fast,
        log_level=log_level,
        extra={**info.extra, **(extra or {})},
    )
    s.update(WORKER_SETTINGS, priority="cmdline")
    # incremental (conditional) fetching only in a nightly run, whose coordinator ends the walk
    s.set("GONGKAI_INCREMENTAL", info.nightly, priority="cmdline")
    s.set(
        "DOWNLOADER_MIDDLEWARES",
        downloader_middlewares(dict(s.getdict("DOWNLOADER_MIDDLEWARES"))),
        priority="cmdline",
    )
    s.set("REDIS_URL", redis_url, priority="cmdline")
    s.set("GONGKAI_WORKER_ID", worker_id, priority="cmdline")
    s.set("GONGKAI_WORKER_TTL", ttl, priority="cmdline")
    s.set("GONGKAI_IDLE_CLOSE", idle_close, priority="cmdline")
    rate = host_rate if host_rate is not None else (0.0 if info.fast else 1.0)
    s.set("GONGKAI_HOST_RATE", rate, priority="cmdline")
    if rate > 0:
        # The shared per-host slots replace Scrapy's per-process delay and throttle.
        s.set("DOWNLOAD_DELAY", 0, priority="cmdline")
        s.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
    process = CrawlerProcess(s)
    process.crawl(WorkerSpider, registry=str(registry), run_id=info.run_id)
    settle_for_crawl()
    try:
        process.start()
    finally:
        tmp.cleanup()
    return worker_id
