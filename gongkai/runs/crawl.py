"""Run one crawl of several portals in this process and summarise it from the archive."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from crawler.collector import settle_for_crawl
from crawler.project import scrapy_settings, spider_class
from crawler.registry import Portal
from gongkai.core.settings import Settings
from pipelines.archive import Archive

if TYPE_CHECKING:
    from scrapy.crawler import Crawler, CrawlerProcess


@dataclass(frozen=True, slots=True)
class PortalSummary:
    portal_id: str
    outcome: str
    detail: str | None
    reports_found: int
    loaded: int
    unchanged: int
    failures: int
    pages: int


def crawl(
    settings: Settings,
    portals: list[Portal],
    *,
    registry: Path | None,
    fast: bool = False,
    log_level: str = "WARNING",
    extra: dict[str, Any] | None = None,
) -> int:
    """Crawl ``portals`` concurrently (one spider each) as one crawl run; return its id."""
    run_id, archive, crawlers = run_portals(
        settings,
        portals,
        registry=registry,
        kind="crawl",
        fast=fast,
        log_level=log_level,
        extra=extra,
    )
    summaries = summarise(settings, run_id)
    archive.finish_run(
        {
            "portals": len(portals),
            "outcomes": {s.portal_id: s.outcome for s in summaries},
            **engine_span(crawlers),
        }
    )
    return run_id


def run_portals(
    settings: Settings,
    portals: list[Portal],
    *,
    registry: Path | None,
    kind: str,
    fast: bool = False,
    log_level: str = "WARNING",
    extra: dict[str, Any] | None = None,
    upgrade_db: bool = True,
) -> tuple[int, Archive, list[Crawler]]:
    """Open a run of ``kind`` and crawl ``portals`` in this process (one crawler each) until
    every one has finished; the caller closes the run. Returns its id, the archive and the
    crawlers."""
    from scrapy.crawler import CrawlerProcess

    from crawler.pipelines import pools_for
    from db.migrate import upgrade
    from pipelines.pools import release_pools

    settings.data_dir.mkdir(parents=True, exist_ok=True)
    crawl_settings = scrapy_settings(
        settings, run_id=None, fast=fast, log_level=log_level, extra=extra
    )
    held = crawl_settings.getbool("GONGKAI_PARSE")
    if held:
        pools_for(crawl_settings)
    try:
        if upgrade_db:
            upgrade(settings.db_url)
        _preload(portals)
        settle_for_crawl()
        archive = Archive.from_settings(settings, warc=False)
        run_id = archive.open_run(kind=kind)
        archive.register_portals(portals)
        crawl_settings.set("GONGKAI_RUN_ID", run_id, priority="cmdline")
        process = CrawlerProcess(crawl_settings)
        # Scrapy leaves the root logger at NOTSET and filters in its handler, so each response's
        # DEBUG lines would still be built as records (with a caller lookup) only to be dropped.
        logging.getLogger().setLevel(process.settings.get("LOG_LEVEL"))
        crawlers = _start(process, portals, registry)
        process.start()
    finally:
        if held:
            release_pools()
    return run_id, archive, crawlers


def _preload(portals: list[Portal]) -> None:
    """Import what the first crawler would import (its spider, Scrapy's HTTP download handler:
    a third of a second) before the run opens, so the run's clock measures crawling."""

    import_module("scrapy.core.downloader.handlers.http11")
    for family in {p.family for p in portals}:
        spider_class(family)


def _start(process: CrawlerProcess, portals: list[Portal], registry: Path | None) -> list[Crawler]:
    crawlers = []
    for portal in portals:
        crawler = process.create_crawler(spider_class(portal.family))
        crawlers.append(crawler)
        process.crawl(crawler, portal=portal.id, registry=str(registry) if registry else None)
    return crawlers


def engine_span(crawlers: list[Crawler]) -> dict[str, float]:
    """Scrapy's own elapsed time for the run (the first engine's start to the last spider's
    close, its pipelines' final loads included): the span ``scrapy bench`` reports."""
    starts = [c.stats.get_value("start_time") for c in crawlers]
    ends = [c.stats.get_value("finish_time") for c in crawlers]
    if not starts or None in starts or None in ends:
        return {}
    return {"engine_seconds": round((max(ends) - min(starts)).total_seconds(), 3)}


def summarise(settings: Settings, run_id: int) -> list[PortalSummary]:
    from db.engine import make_engine, session_factory
    from db.models import CrawlRunPortal

    engine = make_engine(settings.db_url)
    try:
        with session_factory(engine)() as s:
            rows = s.scalars(
                select(CrawlRunPortal)
                .where(CrawlRunPortal.run_id == run_id)
                .order_by(CrawlRunPortal.portal_id)
            ).all()
            return [
                PortalSummary(
                    portal_id=r.portal_id,
                    outcome=r.outcome,
                    detail=r.detail,
                    reports_found=int((r.stats or {}).get("reports_found", 0)),
                    loaded=int((r.stats or {}).get("loaded", 0)),
                    unchanged=int((r.stats or {}).get("unchanged", 0)),
                    failures=int((r.stats or {}).get("parse_failures", 0)),
                    pages=int((r.stats or {}).get("pages_ok", 0)),
                )
                for r in rows
            ]
    finally:
        engine.dispose()
