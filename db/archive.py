"""Repository functions for crawling: portals, runs, fetches, documents, parse failures.

Every function takes a Session and never commits; the caller owns the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from db.models import (
    Agency,
    CrawlRun,
    CrawlRunPortal,
    Document,
    Fetch,
    ParseFailure,
    Portal,
)
from gongkai.core import outcomes

PORTAL_OUTCOMES = outcomes.NAMES
DOCUMENT_ROLES = frozenset({"report_page", "attachment", "image", "list", "other"})


def now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class DocumentRef:
    document_id: int
    url: str
    sha256: str
    new_url: bool  # the URL had never been seen
    new_content: bool  # this body had never been seen at this URL


@dataclass(frozen=True, slots=True)
class Validators:
    etag: str | None
    last_modified: str | None
    sha256: str | None


def get_or_create_agency(
    session: Session, name: str, *, region_code: str | None = None, seen_in: str = "registry"
) -> Agency:
    """The agency ``name`` resolves to (``db.agencies``), created on first sight; the name is
    recorded among its names."""
    from db.agencies.resolve import Sighting
    from db.agencies.store import assign

    assigned = assign(
        session.connection(),
        [Sighting(name.strip(), region_code=region_code, seen_in=seen_in)],
    )[0]
    agency = session.get(Agency, assigned.agency_id)
    assert agency is not None
    return agency


def ensure_portal(session: Session, portal_id: str | None) -> None:
    """Fetches and documents may name a portal before the registry was loaded: keep the link."""
    if portal_id is not None and session.get(Portal, portal_id) is None:
        session.add(Portal(id=portal_id, family="unknown", start_urls=[], updated_at=now()))
        session.flush()


def upsert_portal(
    session: Session,
    *,
    portal_id: str,
    agency: str | None,
    region_code: str | None,
    family: str,
    start_urls: list[str] | tuple[str, ...],
) -> None:
    agency_id = (
        get_or_create_agency(session, agency, region_code=region_code).id if agency else None
    )
    portal = session.get(Portal, portal_id)
    if portal is None:
        portal = Portal(id=portal_id)
        session.add(portal)
    portal.agency_id = agency_id
    portal.region_code = region_code
    portal.family = family
    portal.start_urls = list(start_urls)
    portal.updated_at = now()
    session.flush()


def start_crawl_run(session: Session, *, kind: str) -> int:
    run = CrawlRun(kind=kind, started_at=now())
    session.add(run)
    session.flush()
    return run.id


def record_portal_outcome(
    session: Session,
    run_id: int,
    portal_id: str,
    *,
    outcome: str,
    detail: str | None,
    stats: dict[str, Any],
    started_at: datetime | None = None,
    finished_at: datetime | None = None,
) -> None:
    """The outcome of ``portal_id`` in run ``run_id`` (recorded again: replaced)."""
    if outcome not in PORTAL_OUTCOMES:
        raise ValueError(
            f"unknown portal outcome {outcome!r} (known: {', '.join(sorted(PORTAL_OUTCOMES))})"
        )
    ensure_portal(session, portal_id)
    row = session.get(CrawlRunPortal, (run_id, portal_id))
    if row is None:
        row = CrawlRunPortal(run_id=run_id, portal_id=portal_id)
        session.add(row)
    row.outcome, row.detail, row.stats = outcome, detail, dict(stats)
    row.started_at, row.finished_at = started_at, finished_at
    session.flush()


def finish_crawl_run(session: Session, run_id: int, *, stats: dict[str, Any] | None = None) -> None:
    run = session.get(CrawlRun, run_id)
    if run is None:
        raise LookupError(f"no crawl run {run_id}")
    run.finished_at = now()
    if stats is not None:
        run.stats = dict(stats)
    session.flush()


def record_fetch(
    session: Session,
    *,
    run_id: int | None,
    portal_id: str | None,
    url: str,
    method: str = "GET",
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
    ensure_portal(session, portal_id)
    return record_fetches(
        session,
        [
            {
                "run_id": run_id,
                "portal_id": portal_id,
                "url": url,
                "method": method,
                "status": status,
                "sha256": sha256,
                "size": size,
                "etag": etag,
                "last_modified": last_modified,
                "content_type": content_type,
                "outcome": outcome,
                "error": error,
                "fetched_at": fetched_at or now(),
            }
        ],
    )[0]


def record_fetches(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """Insert fetch rows (``Fetch`` columns; their portals exist) in one statement; their ids,
    in order. The crawl's archive writer records its exchanges in batches through this: one
    ORM object and flush per fetch cost the crawler's process more than Scrapy's own work."""
    if not rows:
        return []
    stmt = insert(Fetch).returning(Fetch.id, sort_by_parameter_order=True)
    return list(session.scalars(stmt, rows))


def upsert_document(
    session: Session,
    *,
    url: str,
    portal_id: str | None,
    sha256: str,
    media_type: str | None,
    role: str,
    title: str | None = None,
    published: date | None = None,
    parent_url: str | None = None,
    seen_at: datetime | None = None,
) -> DocumentRef:
    ensure_portal(session, portal_id)
    return upsert_documents(
        session,
        [
            {
                "url": url,
                "portal_id": portal_id,
                "sha256": sha256,
                "media_type": media_type,
                "role": role,
                "title": title,
                "published": published,
                "parent_url": parent_url,
            }
        ],
        seen_at=seen_at or now(),
    )[0]


_FILLED = ("title", "published", "media_type", "parent_url")  # set once, by the first who knows


def upsert_documents(
    session: Session, rows: list[dict[str, Any]], *, seen_at: datetime
) -> list[DocumentRef]:
    """Record that each row's body was seen at its URL (``Document`` columns: url, portal_id,
    sha256, role and optionally the ``_FILLED`` ones; their portals exist): a body already
    known there gets ``last_seen`` and the attributes it lacked, a new one a row of its own."""
    for row in rows:
        if row["role"] not in DOCUMENT_ROLES:
            raise ValueError(
                f"unknown document role {row['role']!r} "
                f"(known: {', '.join(sorted(DOCUMENT_ROLES))})"
            )
    cols = (
        Document.id,
        Document.url,
        Document.sha256,
        Document.last_seen,
        *(getattr(Document, a) for a in _FILLED),
    )
    stored = {
        (r.url, r.sha256): r._asdict()
        for r in session.execute(
            select(*cols).where(Document.url.in_({row["url"] for row in rows}))
        )
    }
    seen_urls = {url for url, _ in stored}
    fresh: dict[tuple[str, str], dict[str, Any]] = {}  # new rows, by (url, sha256)
    seen_again: set[tuple[str, str]] = set()
    refs: list[tuple[tuple[str, str], bool, bool]] = []  # (key, new_url, new_content)
    for row in rows:
        key = (row["url"], row["sha256"])
        doc = stored.get(key) or fresh.get(key)
        if doc is None:
            fresh[key] = {
                "url": row["url"],
                "sha256": row["sha256"],
                "portal_id": row.get("portal_id"),
                "role": row["role"],
                "first_seen": seen_at,
                "last_seen": seen_at,
                **{a: row.get(a) for a in _FILLED},
            }
            refs.append((key, row["url"] not in seen_urls, True))
            seen_urls.add(row["url"])
            continue
        for attr in _FILLED:
            if doc[attr] is None:
                doc[attr] = row.get(attr)
        if key in stored:
            doc["last_seen"] = max(_aware(doc["last_seen"]), seen_at)
            seen_again.add(key)
        refs.append((key, False, key in fresh))
    ids = {key: doc["id"] for key, doc in stored.items()}
    if fresh:
        ids.update(
            zip(
                fresh,
                session.scalars(
                    insert(Document).returning(Document.id, sort_by_parameter_order=True),
                    list(fresh.values()),
                ),
                strict=True,
            )
        )
    if seen_again:
        session.execute(
            update(Document),
            [
                {
                    "id": stored[key]["id"],
                    "last_seen": stored[key]["last_seen"],
                    "gone_at": None,
                    **{a: stored[key][a] for a in _FILLED},
                }
                for key in seen_again
            ],
        )
    return [
        DocumentRef(ids[key], key[0], key[1], new_url=new_url, new_content=new_content)
        for key, new_url, new_content in refs
    ]


def latest_validators(session: Session, url: str) -> Validators | None:
    """ETag, Last-Modified and body hash of the last 200 response for ``url``."""
    row = session.execute(
        select(Fetch.etag, Fetch.last_modified, Fetch.sha256)
        .where(Fetch.url == url, Fetch.status == 200)
        .order_by(Fetch.fetched_at.desc(), Fetch.id.desc())
        .limit(1)
    ).first()
    return None if row is None else Validators(etag=row[0], last_modified=row[1], sha256=row[2])


def mark_gone(session: Session, url: str, at: datetime) -> None:
    session.execute(
        update(Document).where(Document.url == url, Document.gone_at.is_(None)).values(gone_at=at)
    )


def record_parse_failure(
    session: Session,
    *,
    url: str | None,
    sha256: str,
    reason: str,
    detail: str,
    seen_at: datetime | None = None,
) -> None:
    """Idempotent per (sha256, reason): a repeat only moves ``last_seen``."""
    seen = seen_at or now()
    row = session.scalar(
        select(ParseFailure).where(ParseFailure.sha256 == sha256, ParseFailure.reason == reason)
    )
    if row is None:
        session.add(
            ParseFailure(
                url=url,
                sha256=sha256,
                reason=reason,
                detail=detail,
                first_seen=seen,
                last_seen=seen,
            )
        )
    else:
        row.last_seen = max(_aware(row.last_seen), seen)
        if row.url is None and url is not None:
            row.url = url
    session.flush()


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored here is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
