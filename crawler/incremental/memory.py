"""What a portal's earlier runs left in the archive, read when its crawl opens: the validators of
its URLs, its known documents and which bodies were parsed before; and what the walk reaches.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import CrawlRunPortal, Document, Fetch, ParseFailure, ReportSource

NAVIGATION_ROLES = frozenset({"list", "other"})
DOCUMENT_ROLES = frozenset({"report_page", "attachment"})
GONE_STATUSES = frozenset({404, 410})


@dataclass(frozen=True, slots=True)
class Stored:
    """What the archive holds about the last 200 of one URL."""

    etag: str | None
    last_modified: str | None
    sha256: str
    content_type: str | None


@dataclass(frozen=True, slots=True)
class KnownDoc:
    url: str
    sha256: str
    role: str
    parent_url: str | None
    gone: bool
    moved: bool = False  # answered a redirect when last asked for: the portal moved it


class WalkLog(Protocol):
    """Where a distributed worker also writes what its part of a portal's walk reached, so that
    the coordinator decides revisits and removals over the whole walk (gongkai.runs.distributed)."""

    def reach(self, urls: Iterable[str]) -> None: ...

    def count(self, name: str) -> None: ...


@dataclass(slots=True)
class PortalMemory:
    """One portal's crawl state, read from the archive when its spider opens."""

    validators: dict[str, Stored] = field(default_factory=dict)
    known: dict[str, KnownDoc] = field(default_factory=dict)
    processed: set[str] = field(default_factory=set)  # sha256 parsed before (loaded or failed)
    loaded_urls: set[str] = field(default_factory=set)  # URLs that gave a report version
    known_shas: set[str] = field(default_factory=set)  # bodies of the known documents
    children: dict[str, list[KnownDoc]] = field(default_factory=dict)  # page URL → its files
    seen: set[str] = field(default_factory=set)  # URLs reached (or counted as seen) this run
    skipped_pages: set[str] = field(default_factory=set)  # known pages not fetched again
    site_not_modified: bool = False
    cut_lists: int = 0
    nav_not_modified: int = 0  # navigation pages below the start that answered 304
    nav_failed: int = 0  # navigation pages that answered >= 400 or not at all
    revisited: bool = False
    shared: WalkLog | None = None  # a distributed worker's share of the walk, in Redis

    def reach(self, *urls: str) -> None:
        self.seen.update(urls)
        if self.shared is not None:
            self.shared.reach(urls)

    def count(self, name: str) -> None:
        """One more cut list / navigation page not modified or failed; or the start page 304."""
        if name == "site_not_modified":
            self.site_not_modified = True
        else:
            setattr(self, name, getattr(self, name) + 1)
        if self.shared is not None:
            self.shared.count(name)

    def walk_complete(self) -> bool:
        """Every list was read to its end this run: what they do not link, they no longer list."""
        return not (
            self.cut_lists or self.nav_not_modified or self.nav_failed or self.site_not_modified
        )

    def live(self, url: str) -> KnownDoc | None:
        doc = self.known.get(url)
        return doc if doc is not None and not doc.gone else None

    def settled(self, url: str) -> bool:
        """Known, live and dealt with: its bytes (or a file it links) were parsed before. A
        document archived by a run killed before parsing it is known but not settled."""
        doc = self.live(url)
        if doc is None:
            return False
        if doc.sha256 in self.processed:
            return True
        return any(c.sha256 in self.processed for c in self.children.get(url, ()))


def read_memory(
    session: Session,
    portal_id: str,
    *,
    before: datetime | None = None,
    parsed: tuple[set[str], set[str]] | None = None,
) -> PortalMemory:
    """Validators from finished crawls only: after a kill -9 the interrupted run's pages are
    fetched again, so nothing below them is skipped on the strength of a walk that never ended.

    ``before`` (a distributed run's start): the known documents as they were then, whatever
    other workers wrote since. ``parsed``: the (processed, loaded_urls) sets, when the caller
    already read them (they are the whole archive's, the same for every portal)."""
    mem = PortalMemory()
    finished = select(CrawlRunPortal.run_id).where(CrawlRunPortal.portal_id == portal_id)
    rows = session.execute(
        select(Fetch.url, Fetch.etag, Fetch.last_modified, Fetch.sha256, Fetch.content_type)
        .where(
            Fetch.portal_id == portal_id,
            Fetch.status == 200,
            Fetch.method == "GET",
            Fetch.sha256.is_not(None),
            Fetch.run_id.in_(finished),
        )
        .order_by(Fetch.fetched_at, Fetch.id)
    )
    for url, etag, modified, sha, ctype in rows:
        if sha is not None and (etag or modified):  # (the query asks for a body hash)
            mem.validators[url] = Stored(etag, modified, sha, ctype)
        else:
            mem.validators.pop(url, None)
    read_known(session, portal_id, mem, before=before)
    mem.processed, mem.loaded_urls = parsed if parsed is not None else read_parsed(session)
    return mem


def read_known(
    session: Session, portal_id: str, mem: PortalMemory, *, before: datetime | None = None
) -> None:
    """The portal's known report pages and files (``before``: as they were at that time)."""
    redirects = select(Fetch.url, func.max(Fetch.fetched_at)).where(
        Fetch.portal_id == portal_id, Fetch.status >= 300, Fetch.status < 400
    )
    docs = select(
        Document.url,
        Document.sha256,
        Document.role,
        Document.parent_url,
        Document.gone_at,
        Document.last_seen,
    ).where(Document.portal_id == portal_id, Document.role.in_(DOCUMENT_ROLES))
    if before is not None:
        redirects = redirects.where(Fetch.fetched_at < before)
        docs = docs.where(Document.first_seen < before)
    redirected = dict(session.execute(redirects.group_by(Fetch.url)).all())
    for url, sha, role, parent, gone, last_seen in session.execute(
        docs.order_by(Document.last_seen, Document.id)
    ):
        moved = url in redirected and _aware(redirected[url]) >= _aware(last_seen)
        was_gone = gone is not None and (before is None or _aware(gone) < _aware(before))
        mem.known[url] = KnownDoc(url, sha, role, parent, was_gone, moved)
        mem.known_shas.add(sha)
    for doc in mem.known.values():
        if doc.parent_url:
            mem.children.setdefault(doc.parent_url, []).append(doc)


def read_parsed(session: Session) -> tuple[set[str], set[str]]:
    """(bodies parsed before, loaded or failed; URLs that gave a report version)."""
    processed = set(session.scalars(select(ReportSource.sha256).where(ReportSource.sha256 != "")))
    processed |= set(session.scalars(select(ParseFailure.sha256)))
    return processed, set(session.scalars(select(ReportSource.source_url)))


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored here is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
