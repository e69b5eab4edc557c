"""The crawl-side archive: every HTTP exchange becomes a blob, a fetch row and WARC records.

``Archive`` is plain library code (no Scrapy): the crawler's ``ArchiveMiddleware`` calls it for
each response before any spider callback sees the body, so a document that later fails to
parse is still archived. Each write is its own short transaction.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, Protocol, Self, TypeVar

from sqlalchemy.orm import Session, sessionmaker

from db import archive as repo
from db.blobstore import BlobStore, open_blob_store
from db.engine import session_factory, shared_engine
from db.warc import Exchange, WarcLog, write_record
from gongkai.core.settings import Settings

log = logging.getLogger(__name__)

P = ParamSpec("P")
T = TypeVar("T")

# One thread writes to the archive (blobs, rows, WARC) for every crawler in the process: the
# reactor thread stays free for the network, and SQLite sees a single writer.
_WRITER = ThreadPoolExecutor(1, thread_name_prefix="gongkai-archive")
# Blob writes, each fsynced, side by side: the filesystem commits concurrent fsyncs together
# (ext4 journal), so 16 writers make a blob durable in a fraction of one fsync each, where 4
# left the archive (and every parse waiting on it) a second behind the network.
_BLOBS = ThreadPoolExecutor(16, thread_name_prefix="gongkai-blobs")
# WARC records have a thread of their own, written in the order the exchanges were recorded:
# the WARC log is a second copy for web-archive tools, and a parse waits only for the blob and
# the fetch row (compressing the records was a third of the archive writer's time).
_WARC = ThreadPoolExecutor(1, thread_name_prefix="gongkai-warc")
# Exchanges per transaction at most: a page's parse waits for its batch to commit.
_BATCH_MAX = 64


class PortalEntry(Protocol):
    """A portal as the archive records it (the crawler's ``crawler.registry.Portal``)."""

    @property
    def id(self) -> str: ...
    @property
    def agency(self) -> str: ...
    @property
    def region_code(self) -> str: ...
    @property
    def family(self) -> str: ...
    @property
    def start_urls(self) -> Sequence[str]: ...


@dataclass(frozen=True, slots=True)
class Archived:
    fetch_id: int
    sha256: str
    size: int
    fetched_at: datetime | None = None


class Archive:
    """Blob store + database + WARC log for one crawler."""

    def __init__(
        self,
        *,
        db_url: str,
        blobs: BlobStore,
        warc_dir: Path | None,
        run_id: int | None = None,
        portal_id: str | None = None,
    ) -> None:
        self.db_url = db_url
        self.blobs = blobs
        self.sessions: sessionmaker[Session] = session_factory(shared_engine(db_url))
        self.run_id = run_id
        self.portal_id = portal_id
        self.warc_dir = warc_dir
        self.warc: WarcLog | None = None
        # Exchanges waiting for the writer thread, recorded together in one transaction.
        self._batch: list[tuple[Exchange, dict[str, Any], Future[Archived]]] | None = None
        self._batch_lock = threading.Lock()
        # Its portal's row is known to exist once a transaction writing a fetch of it committed.
        self._portal_present = False

    @classmethod
    def from_settings(cls, settings: Settings, *, warc: bool = True, **kw: Any) -> Self:
        return cls(
            db_url=settings.db_url,
            blobs=open_blob_store(settings),
            warc_dir=settings.warc_dir if warc else None,
            **kw,
        )

    def in_writer(self, fn: Callable[P, T], /, *args: P.args, **kwargs: P.kwargs) -> Future[T]:
        """Run ``fn`` on the archive's writer thread, after every exchange queued before."""
        with self._batch_lock:
            self._batch = None  # exchanges queued from now on are recorded after ``fn``
            return _WRITER.submit(fn, *args, **kwargs)

    def transaction(
        self, fn: Callable[Concatenate[Session, P], T], /, *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """``fn(session, *args, **kwargs)`` in one transaction of its own, committed when it
        returns. (Concurrent writers to one database make it retry: ``DistributedArchive``.)"""
        with self.sessions.begin() as s:
            return fn(s, *args, **kwargs)

    def record_exchange_soon(self, ex: Exchange, **kw: Any) -> Future[Archived]:
        """``record_exchange`` on the writer thread; the exchanges that queue up while it is busy
        are recorded in one transaction (one commit instead of one each)."""
        if type(self).record_exchange is not Archive.record_exchange:
            return self.in_writer(self.record_exchange, ex, **kw)  # a subclass records its own way
        future: Future[Archived] = Future()
        with self._batch_lock:
            if self._batch is None or len(self._batch) >= _BATCH_MAX:
                self._batch = []
                _WRITER.submit(self._record_batch, self._batch)
            self._batch.append((ex, kw, future))
        return future

    def _record_batch(self, batch: list[tuple[Exchange, dict[str, Any], Future[Archived]]]) -> None:
        with self._batch_lock:
            if self._batch is batch:
                self._batch = None  # closed: later exchanges start the next batch
        try:
            with self.sessions.begin() as s:
                done = self._record_many(s, [(ex, kw) for ex, kw, _ in batch])
            self._portal_present = True
        except Exception:  # one bad exchange must not cost the others their rows: one by one
            for ex, kw, future in batch:
                try:
                    future.set_result(self.record_exchange(ex, **kw))
                except Exception as exc:
                    future.set_exception(exc)
            return
        for (ex, _, future), archived in zip(batch, done, strict=True):
            self._write_warc(ex, archived)
            future.set_result(archived)

    def put_blob(self, data: bytes) -> Future[str]:
        """Store ``data`` in the blob store on one of the blob threads."""
        return _BLOBS.submit(self.blobs.put, data)

    # -- runs and portals --------------------------------------------------------------

    def open_run(self, *, kind: str = "crawl") -> int:
        with self.sessions.begin() as s:
            self.run_id = repo.start_crawl_run(s, kind=kind)
        return self.run_id

    def finish_run(self, stats: dict[str, Any] | None = None) -> None:
        if self.run_id is None:
            return
        with self.sessions.begin() as s:
            repo.finish_crawl_run(s, self.run_id, stats=stats)

    def register_portals(self, portals: Iterable[PortalEntry]) -> None:
        with self.sessions.begin() as s:
            for p in portals:
                repo.upsert_portal(
                    s,
                    portal_id=p.id,
                    agency=p.agency,
                    region_code=p.region_code,
                    family=p.family,
                    start_urls=list(p.start_urls),
                )

    def record_outcome(
        self,
        portal_id: str,
        outcome: str,
        detail: str | None,
        stats: dict[str, Any],
        *,
        started_at: datetime | None = None,
        finished_at: datetime | None = None,
    ) -> None:
        assert self.run_id is not None, "open_run() or set run_id first"
        with self.sessions.begin() as s:
            repo.record_portal_outcome(
                s,
                self.run_id,
                portal_id,
                outcome=outcome,
                detail=detail,
                stats=stats,
                started_at=started_at,
                finished_at=finished_at,
            )

    def open_warc(self, name: str) -> None:
        if self.warc_dir is None or self.warc is not None:
            return
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        path = (
            self.warc_dir / f"run{self.run_id or 0}-{name}-{stamp}-{uuid.uuid4().hex[:6]}.warc.gz"
        )
        self.warc = WarcLog(path, info={"run_id": str(self.run_id), "portal": name})

    def close(self) -> None:
        """Close the WARC log once every record queued for it is written."""
        if self.warc is not None:
            _WARC.submit(self.warc.close).result()

    # -- exchanges ---------------------------------------------------------------------

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
        """Store the body as a blob (unless ``sha256`` says it is stored already), then the fetch
        row (and a document row for a 200 with a role), then the WARC records."""
        with self.sessions.begin() as s:
            (archived,) = self._record_many(
                s,
                [
                    (
                        ex,
                        {
                            "outcome": outcome,
                            "role": role,
                            "media_type": media_type,
                            "title": title,
                            "parent_url": parent_url,
                            "sha256": sha256,
                        },
                    )
                ],
            )
        self._portal_present = True
        self._write_warc(ex, archived)
        return archived

    def _record_many(
        self, s: Session, exchanges: list[tuple[Exchange, dict[str, Any]]]
    ) -> list[Archived]:
        """The fetch rows of ``exchanges`` (keywords as ``record_exchange`` takes them), and a
        document row for each 200 with a role, in two statements."""
        now = datetime.now(UTC)
        if not self._portal_present:
            repo.ensure_portal(s, self.portal_id)
        shas = [kw.get("sha256") or self.blobs.put(ex.body) for ex, kw in exchanges]
        ids = repo.record_fetches(
            s,
            [
                {
                    "run_id": self.run_id,
                    "portal_id": self.portal_id,
                    "url": ex.url,
                    "method": ex.method,
                    "status": ex.status,
                    "sha256": sha,
                    "size": len(ex.body),
                    "etag": ex.header("ETag"),
                    "last_modified": ex.header("Last-Modified"),
                    "content_type": ex.header("Content-Type"),
                    "outcome": kw["outcome"],
                    "error": None,
                    "fetched_at": now,
                }
                for (ex, kw), sha in zip(exchanges, shas, strict=True)
            ],
        )
        documents = [
            {
                "url": ex.url,
                "portal_id": self.portal_id,
                "sha256": sha,
                "role": kw["role"],
                "media_type": kw.get("media_type"),
                "title": kw.get("title"),
                "parent_url": kw.get("parent_url"),
            }
            for (ex, kw), sha in zip(exchanges, shas, strict=True)
            if kw.get("role") and ex.status == 200
        ]
        if documents:
            repo.upsert_documents(s, documents, seen_at=now)
        return [
            Archived(fetch_id=fid, sha256=sha, size=len(ex.body), fetched_at=now)
            for (ex, _), fid, sha in zip(exchanges, ids, shas, strict=True)
        ]

    def _write_warc(self, ex: Exchange, archived: Archived) -> None:
        if self.warc is not None:
            _WARC.submit(write_record, self.warc, ex, archived.fetched_at or datetime.now(UTC))

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
        """One fetch row of this archive's run and portal, in the transaction of ``s``. (A
        distributed worker's archive writes each request's row once, however often it is
        fetched.)"""
        return repo.record_fetch(
            s,
            run_id=self.run_id,
            portal_id=self.portal_id,
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
            fetched_at=fetched_at,
        )

    def record_error(self, url: str, method: str, error: str, *, outcome: str = "error") -> int:
        """A request that got no response (DNS, refused, timeout, size cap)."""
        with self.sessions.begin() as s:
            return repo.record_fetch(
                s,
                run_id=self.run_id,
                portal_id=self.portal_id,
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
            )

    def validators(self, url: str) -> repo.Validators | None:
        with self.sessions() as s:
            return repo.latest_validators(s, url)

    def previously_found_reports(self, portal_id: str) -> int:
        """How many report documents earlier runs found for this portal (for layout_changed)."""
        from sqlalchemy import func, select

        from db.models import Document

        with self.sessions() as s:
            return (
                s.scalar(
                    select(func.count(Document.id)).where(
                        Document.portal_id == portal_id, Document.role == "report_page"
                    )
                )
                or 0
            )
