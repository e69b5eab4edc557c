"""The nightly run: every portal crawled incrementally under a lock, then a summary per portal
(new reports, new versions, removed, failures, blocked, requests, bytes) stored with the run.

``run_nightly`` raises ``SystemicError`` only for what stops the whole run (the database, the
registry); one portal being down is its row in the summary, not an error.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.core.settings import Settings
from gongkai.runs.lock import Holder, LockHeld, run_lock
from gongkai.runs.summary import PortalRun, summarise, totals

log = logging.getLogger(__name__)

__all__ = ["LockHeld", "NightlyResult", "SystemicError", "crawl", "run_nightly"]


class SystemicError(Exception):
    """The run cannot happen at all: database unreachable, registry invalid."""


@dataclass(slots=True)
class NightlyResult:
    run_id: int
    portals: list[PortalRun]
    totals: dict[str, int]
    seconds: float
    stale_lock: Holder | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "seconds": round(self.seconds, 1),
            "totals": self.totals,
            "portals": [p.as_dict() for p in self.portals],
            "stale_lock": None if self.stale_lock is None else self.stale_lock.describe(),
        }


def load_portals(registry: Path | None, ids: list[str] | None = None) -> list[Any]:
    from crawler.registry import RegistryError, load_registry, select

    try:
        return select(load_registry(registry), ids or [])
    except (RegistryError, KeyError, OSError) as exc:
        raise SystemicError(
            f"registry: {exc.args[0] if isinstance(exc, KeyError) else exc}"
        ) from exc


def check_database(settings: Settings) -> None:
    """Create or upgrade the archive; any failure here is systemic."""
    from sqlalchemy.exc import SQLAlchemyError

    from db.migrate import upgrade

    try:
        if settings.db_url.startswith("sqlite"):
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        upgrade(settings.db_url)
    except (SQLAlchemyError, OSError) as exc:
        raise SystemicError(
            f"database {settings.db_url.split('@')[-1]} unreachable or not upgradable: "
            f"{type(exc).__name__}: {str(exc).splitlines()[0][:300]}"
        ) from exc


def crawl(
    settings: Settings,
    portals: list[Any],
    *,
    registry: Path | None,
    kind: str,
    fast: bool = False,
    log_level: str = "WARNING",
    extra: dict[str, Any] | None = None,
) -> int:
    """One crawl run of ``portals`` of ``kind`` in this process (the database is checked and
    upgraded already; ``store_summary`` closes the run)."""
    from gongkai.runs.crawl import run_portals

    # Most nights change nothing: LibreOffice starts on the first DOC/WPS, not with the run.
    run_id, _, _ = run_portals(
        settings,
        portals,
        registry=registry,
        kind=kind,
        fast=fast,
        log_level=log_level,
        upgrade_db=False,
        extra={"GONGKAI_OFFICE_WARM": False, **(extra or {})},
    )
    return run_id


def clean_blob_temporaries(blob_dir: Path, older_than: float = 600.0) -> int:
    """Half-written blobs of a killed run (``.tmp-*``; finished blobs are renamed atomically)."""
    removed = 0
    cutoff = time.time() - older_than
    for tmp in blob_dir.glob("*/*/.tmp-*"):
        try:
            if tmp.stat().st_mtime < cutoff:
                tmp.unlink()
                removed += 1
        except FileNotFoundError:
            pass
    return removed


def store_summary(
    settings: Settings, run_id: int, portal_ids: list[str], **stats: Any
) -> list[PortalRun]:
    from db.archive import finish_crawl_run
    from db.engine import make_engine, session_factory
    from db.models import CrawlRun
    from gongkai.runs.disagreement import record_disagreements

    engine = make_engine(settings.db_url)
    try:
        with session_factory(engine).begin() as s:
            run = s.get(CrawlRun, run_id)
            assert run is not None
            disagreements = record_disagreements(s, run.started_at)
            rows = summarise(s, run_id, portal_ids)
            # what the run recorded itself (a distributed run: outcomes, timings) stays
            finish_crawl_run(
                s,
                run_id,
                stats={
                    **(run.stats or {}),
                    **stats,
                    "totals": totals(rows),
                    "portals": {r.portal: r.as_dict() for r in rows},
                    "disagreements": disagreements,
                },
            )
        return rows
    finally:
        engine.dispose()


def run_nightly(
    settings: Settings,
    *,
    registry: Path | None = None,
    portal_ids: list[str] | None = None,
    deep: bool = False,
    fast: bool = False,
    log_level: str = "WARNING",
    extra: dict[str, Any] | None = None,
    distributed: str | None = None,
    timeout: float | None = None,
    progress: Callable[[dict[str, Any]], None] | None = None,
) -> NightlyResult:
    """Crawl every portal incrementally under the run lock; raises LockHeld or SystemicError.

    ``distributed`` (``redis://HOST:PORT/DB``): seed a shared frontier there for ``gongkai
    worker`` processes and coordinate them (gongkai/runs/distributed.py) instead of crawling in
    this process; ``timeout`` bounds the wait for them (raises FrontierError)."""
    portals = load_portals(registry, portal_ids)
    check_database(settings)
    lock = run_lock(settings.db_url, settings.data_dir)
    lock.acquire()
    try:
        if lock.stale is not None:
            log.warning("took over the lock of a run that died: %s", lock.stale.describe())
        clean_blob_temporaries(settings.blob_dir)
        t0 = time.monotonic()
        scrapy_extra = {"GONGKAI_INCREMENTAL": True, "GONGKAI_DEEP": deep, **(extra or {})}
        if distributed:
            from crawler.registry import DEFAULT_REGISTRY
            from gongkai.runs.distributed import coordinate

            run_id = coordinate(
                settings,
                portals,
                registry=registry or DEFAULT_REGISTRY,
                redis_url=distributed,
                fast=fast,
                extra=scrapy_extra,
                kind="nightly",
                timeout=timeout,
                progress=progress,
            )
        else:
            run_id = crawl(
                settings,
                portals,
                registry=registry,
                kind="nightly",
                fast=fast,
                log_level=log_level,
                extra=scrapy_extra,
            )
        seconds = time.monotonic() - t0
        rows = store_summary(
            settings,
            run_id,
            [p.id for p in portals],
            deep=deep,
            seconds=round(seconds, 1),
            stale_lock=None if lock.stale is None else lock.stale.describe(),
        )
        return NightlyResult(run_id, rows, totals(rows), seconds, lock.stale)
    finally:
        lock.release()


def dry_run(
    settings: Settings,
    portals: list[Any],
    *,
    registry: Path | None,
    fast: bool = False,
    log_level: str = "WARNING",
    extra: dict[str, Any] | None = None,
) -> list[PortalRun]:
    """Crawl into a throwaway copy of a SQLite archive (blobs read from the real store, written
    to the copy's) and summarise what would change; the real archive is not written."""
    import shutil
    import sqlite3
    import tempfile

    from db.engine import is_sqlite

    if not is_sqlite(settings.db_url):
        raise SystemicError(
            "--dry-run works on a SQLite archive; on PostgreSQL crawl a copy of the "
            "database (createdb -T) with --db"
        )
    check_database(settings)
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-dry-run-"))
    try:
        source = settings.db_url.split("sqlite:///", 1)[1]
        copy = tmp / "archive.sqlite"
        with sqlite3.connect(source) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        scratch = Settings(data_dir=tmp, db_url=f"sqlite:///{copy}")
        run_id = crawl(
            scratch,
            portals,
            registry=registry,
            kind="dry_run",
            fast=fast,
            log_level=log_level,
            extra={
                **(extra or {}),
                "GONGKAI_READ_BLOBS": str(settings.blob_dir),
                "GONGKAI_WARC": False,
            },
        )
        return store_summary(scratch, run_id, [p.id for p in portals], dry_run=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
