"""What a walk changes in the archive beyond its fetches: known documents seen without a download,
gone or seen again, and one more source of a version. Each takes the session of a transaction
(``Archive.transaction``) and never commits."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from crawler.incremental.memory import DOCUMENT_ROLES, Stored
from db import archive as repo
from db.models import Document, ReportSource, ReportVersion
from pipelines.archive import Archive


def now() -> datetime:
    return datetime.now(UTC)


def touch_documents(session: Session, urls: Iterable[str], at: datetime) -> None:
    """Known documents counted as seen without a download (304, or skipped as known)."""
    urls = sorted(set(urls))
    for i in range(0, len(urls), 500):
        session.execute(
            update(Document)
            .where(Document.url.in_(urls[i : i + 500]), Document.gone_at.is_(None))
            .values(last_seen=at)
        )


def mark_gone_many(session: Session, urls: list[str], at: datetime) -> None:
    for url in urls:
        repo.mark_gone(session, url, at)


def touch_portal(session: Session, portal_id: str, at: datetime) -> None:
    session.execute(
        update(Document)
        .where(
            Document.portal_id == portal_id,
            Document.gone_at.is_(None),
            Document.role.in_(DOCUMENT_ROLES),
        )
        .values(last_seen=at)
    )


def add_source(session: Session, url: str, sha256: str, at: datetime) -> None:
    """The same bytes at another URL: one more source of the versions those bytes gave."""
    version_ids = set(
        session.scalars(select(ReportSource.version_id).where(ReportSource.sha256 == sha256))
    )
    for vid in sorted(version_ids):
        exists = session.scalar(
            select(ReportSource.id).where(
                ReportSource.version_id == vid,
                ReportSource.source_url == url,
                ReportSource.sha256 == sha256,
            )
        )
        if exists is None:
            session.add(ReportSource(version_id=vid, source_url=url, sha256=sha256, first_seen=at))
        session.execute(
            update(ReportVersion)
            .where(ReportVersion.id == vid, ReportVersion.superseded_at.is_(None))
            .values(last_seen=at)
        )
    session.flush()


def record_not_modified(
    session: Session,
    archive: Archive,
    url: str,
    stored: Stored,
    etag: str | None,
    modified: str | None,
) -> None:
    """A 304: its fetch row (no bytes, the stored body's hash) and its document seen again."""
    at = now()
    archive.insert_fetch(
        session,
        url=url,
        method="GET",
        status=304,
        sha256=stored.sha256,
        size=0,
        etag=etag or stored.etag,
        last_modified=modified or stored.last_modified,
        content_type=stored.content_type,
        outcome="not_modified",
        fetched_at=at,
    )
    session.execute(
        update(Document)
        .where(Document.url == url, Document.sha256 == stored.sha256)
        .values(last_seen=at, gone_at=None)
    )
