"""Running a distributed crawl: the coordinator seeds the frontier and finishes the run; workers
(``work``) serve the frontier until it has been idle for a while.

``coordinate`` opens the crawl run in the database, writes the run's registry into Redis and
seeds every portal's start requests; then (unless ``wait=False``) it waits until the frontier is
drained and every worker has closed, loads one report per (agency, year) from the parsed
candidates, and records each portal's outcome from the workers' merged counters.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path
from typing import Any

from crawler.distributed import Frontier, FrontierError, RunInfo
from crawler.outcome import Tally, decide
from crawler.registry import Portal
from gongkai.settings import Settings

log = logging.getLogger(__name__)


def seed_payloads(portals: list[Portal]) -> list[tuple[float, bytes]]:
    """Every portal's start requests, encoded for the frontier."""
    import tempfile

    from scrapy.utils.misc import load_object

    from crawler.distributed_worker import _portal_toml, encode_request
    from crawler.run import SPIDERS

    async def starts(spider: Any) -> list[Any]:
        return [r async for r in spider.start()]

    out = []
    with tempfile.TemporaryDirectory(prefix="gongkai-seed-") as tmp:
        one = Path(tmp) / "portal.toml"
        for portal in portals:
            # one entry per file: a spider reads its registry, and 1,000 reads of 1,000 add up
            one.write_text(_portal_toml(portal), encoding="utf-8")
            spider = load_object(SPIDERS[portal.family])(portal=portal.id, registry=str(one))
            for request in asyncio.run(starts(spider)):
                out.append(encode_request(request))
    return out


def coordinate(settings: Settings, portals: list[Portal], *, registry: Path, redis_url: str,
               fast: bool = False, extra: dict[str, Any] | None = None, wait: bool = True,
               timeout: float | None = None,
               progress: Callable[[dict[str, Any]], None] | None = None) -> int:
    """Seed a distributed crawl of ``portals``; with ``wait``, finish it. Returns the run id."""
    from db.migrate import upgrade
    from pipelines.archive import Archive

    started = time.monotonic()
    frontier = Frontier(redis_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.db_url)
    archive = Archive.from_settings(settings, warc=False)
    payloads = seed_payloads(portals)
    run_id = archive.open_run(kind="crawl")
    archive.register_portals(portals)
    info = RunInfo(run_id=run_id, registry=registry.read_text(encoding="utf-8"), fast=fast,
                   extra=dict(extra or {}), db_url=settings.db_url)
    previous = {p.id: archive.previously_found_reports(p.id) for p in portals}
    frontier.r.set(Frontier.run_key + ":previous", _json(previous))
    n = frontier.begin(info, payloads)
    log.info("run %d: %d start request(s) of %d portal(s) in %s", run_id, n, len(portals), redis_url)
    if wait:
        t0 = time.monotonic()
        wait_drained(frontier, timeout=timeout, progress=progress)
        t1 = time.monotonic()
        finish(settings, frontier, timing={"frontier_s": round(t1 - t0, 2),
                                           "seed_s": round(t0 - started, 2)})
    return run_id


def _json(obj: Any) -> str:
    import json

    return json.dumps(obj, ensure_ascii=False)


def wait_drained(frontier: Frontier, *, timeout: float | None = None, poll: float = 1.0,
                 progress: Callable[[dict[str, Any]], None] | None = None) -> None:
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
            raise FrontierError(f"the frontier did not drain in {timeout:.0f}s: {frontier.status()}")
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
                elif isinstance(value, str):
                    setattr(t, f.name, value or getattr(t, f.name))
                elif f.name != "previous_reports":
                    setattr(t, f.name, getattr(t, f.name) + int(value))
    return out


def select_candidates(candidates: list[dict[str, Any]]) -> dict[tuple[str, Any], list[dict[str, Any]]]:
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


def finish(settings: Settings, frontier: Frontier, *,
           timing: dict[str, float] | None = None) -> dict[str, Tally]:
    """Load the preferred candidate of each (agency, year), record outcomes, close the run."""
    import json

    from crawler.distributed_worker import DistributedArchive
    from crawler.items import DocumentItem
    from gongkai.report import ReportFormatError
    from pipelines.load import _load_report, _preference

    info = frontier.run()
    if info is None:
        raise FrontierError(f"no distributed crawl in {frontier.url}")
    archive = DistributedArchive.from_settings(settings, warc=False, run_id=info.run_id)
    tallies = merge_tallies(frontier.tallies())
    t0 = time.monotonic()
    previous = json.loads(frontier.r.get(Frontier.run_key + ":previous") or b"{}")
    ranked = []
    for group in select_candidates(frontier.candidates()).values():
        found = []
        for c in group:
            item = DocumentItem(url=c["url"], portal_id=c["portal_id"], role=c["role"],
                                sha256=c["sha256"], media_type=c["media_type"], body=b"",
                                title=c["title"], filename=c["filename"],
                                content_type=c["content_type"], parent_url=c["parent_url"])
            found.append((item, c["parsed"]))
        ranked.append(sorted(found, key=_preference, reverse=True))

    def count(item: Any, result: Any) -> None:
        tally = tallies.setdefault(item.portal_id, Tally())
        if result.status == "unchanged":
            tally.unchanged += 1
        else:
            tally.loaded += 1

    for start in range(0, len(ranked), LOAD_BATCH):
        chunk = ranked[start:start + LOAD_BATCH]
        # The preferred document of each (agency, year), in one transaction; should one of them
        # not validate, this chunk goes one by one, falling back to the next document.
        try:
            results = archive._retrying_call(_load_batch, archive, [opts[0] for opts in chunk])
        except ReportFormatError:
            results = None
        if results is not None:
            for opts, result in zip(chunk, results, strict=True):
                count(opts[0][0], result)
            continue
        for opts in chunk:
            for item, parsed in opts:
                try:
                    result = archive._retrying_call(_load_report, archive, item, parsed)
                except ReportFormatError as exc:
                    tallies.setdefault(item.portal_id, Tally()).parse_failures += 1
                    archive._retrying(lambda s, item=item, exc=exc: _record(s, item, str(exc)))
                    continue
                count(item, result)
                break
    outcomes = {}
    for pid, tally in sorted(tallies.items()):
        tally.previous_reports = int(previous.get(pid, 0))
        outcome, detail = decide(tally)
        outcomes[pid] = outcome
        archive.record_outcome(pid, outcome, detail, {**tally.stats(), "close_reason": "finished"})
    timing = {**(timing or {}), "final_load_s": round(time.monotonic() - t0, 2)}
    archive.finish_run({"portals": len(tallies), "outcomes": outcomes, "distributed": timing})
    frontier.r.delete(Frontier.candidates_key, Frontier.tallies_key)
    frontier.r.set(Frontier.run_key + ":finished", "1")
    return tallies


LOAD_BATCH = 200


def _load_batch(archive: Any, chosen: list[tuple[Any, Any]]) -> list[Any]:
    from db.loader import ReportInput, load_reports

    items = [ReportInput(parsed.report or {}, source_url=item.url, document_sha256=item.sha256,
                         parser_version=parsed.parser_version, findings=tuple(parsed.findings or ()),
                         provenance=parsed.provenance) for item, parsed in chosen]
    with archive.sessions.begin() as s:
        return load_reports(s, items)


def _record(s: Any, item: Any, detail: str) -> None:
    from db import archive as repo

    repo.record_parse_failure(s, url=item.url, sha256=item.sha256, reason="invalid_report",
                              detail=detail)


def work(settings: Settings, redis_url: str, *, idle_close: float = 10.0, ttl: float = 30.0,
         host_rate: float | None = None, wait_for_run: float = 60.0, log_level: str = "WARNING",
         extra: dict[str, Any] | None = None, worker_id: str | None = None) -> str:
    """Serve the frontier in this process until it has been idle ``idle_close`` seconds."""
    import tempfile

    from scrapy.crawler import CrawlerProcess

    from crawler.distributed_worker import WORKER_SETTINGS, WorkerSpider, downloader_middlewares
    from crawler.run import scrapy_settings
    from db.migrate import upgrade

    frontier = Frontier(redis_url)
    info = frontier.wait_for_run(wait_for_run)
    if settings.db_url.startswith("sqlite") and info.db_url and not info.db_url.startswith("sqlite"):
        # no --db given here: the coordinator's database (PostgreSQL, reachable by all)
        settings = Settings(data_dir=settings.data_dir, db_url=info.db_url)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    upgrade(settings.db_url)
    tmp = tempfile.TemporaryDirectory(prefix="gongkai-run-")
    registry = Path(tmp.name) / "portals.toml"
    registry.write_text(info.registry, encoding="utf-8")
    worker_id = worker_id or Frontier.new_worker_id()
    s = scrapy_settings(settings, run_id=info.run_id, fast=info.fast, log_level=log_level,
                        extra={**info.extra, **(extra or {})})
    s.update(WORKER_SETTINGS, priority="cmdline")
    s.set("DOWNLOADER_MIDDLEWARES", downloader_middlewares(dict(s.getdict("DOWNLOADER_MIDDLEWARES"))),
          priority="cmdline")
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
    try:
        process.start()
    finally:
        tmp.cleanup()
    return worker_id
