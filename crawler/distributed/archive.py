"""The archive of a distributed worker: several workers write to one database at once, and a
request a dead worker had in flight is fetched again by another."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Concatenate, ParamSpec, TypeVar

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from db import archive as repo
from db.models import Fetch
from pipelines.archive import Archive, Archived, Exchange

P = ParamSpec("P")
T = TypeVar("T")

_ATTEMPTS = 5


def request_key(*parts: object) -> str:
    return hashlib.sha256("\x00".join(str(p) for p in parts).encode()).hexdigest()


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
