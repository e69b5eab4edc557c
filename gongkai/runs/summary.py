"""What one run changed, per portal, computed from the archive and stored with the run.

Everything is read back from rows the run wrote (fetches by run id; versions, removals and
failures by time since the run started), so the summary of a run is the same whether it is
computed at its end or later.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from db.models import CrawlRun, CrawlRunPortal, Document, Fetch, ReportVersion

COLUMNS = (
    "portal",
    "outcome",
    "new_reports",
    "new_versions",
    "removed",
    "failures",
    "blocked",
    "requests",
    "not_modified",
    "bytes",
)


@dataclass(slots=True)
class PortalRun:
    portal: str
    outcome: str = "not_run"
    new_reports: int = 0
    new_versions: int = 0
    removed: int = 0
    failures: int = 0
    blocked: int = 0
    requests: int = 0
    not_modified: int = 0
    bytes: int = 0
    detail: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def summarise(session: Session, run_id: int, portal_ids: list[str]) -> list[PortalRun]:
    run = session.get(CrawlRun, run_id)
    if run is None:
        raise LookupError(f"no crawl run {run_id}")
    since = _aware(run.started_at)
    rows = {p: PortalRun(p) for p in portal_ids}

    def row(pid: str | None) -> PortalRun | None:
        if pid is None:
            return None
        return rows.setdefault(pid, PortalRun(pid))

    for r in session.scalars(select(CrawlRunPortal).where(CrawlRunPortal.run_id == run_id)):
        pr = row(r.portal_id)
        assert pr is not None
        pr.outcome, pr.detail = r.outcome, r.detail
        pr.blocked = int(r.outcome == "blocked")
        pr.failures = int((r.stats or {}).get("parse_failures", 0))
    for pid, n, size, n304 in session.execute(
        select(
            Fetch.portal_id,
            func.count(Fetch.id),
            func.coalesce(func.sum(Fetch.size), 0),
            func.sum(case((Fetch.outcome == "not_modified", 1), else_=0)),
        )
        .where(Fetch.run_id == run_id)
        .group_by(Fetch.portal_id)
    ):
        pr = row(pid)
        if pr is not None:
            pr.requests, pr.bytes, pr.not_modified = int(n), int(size), int(n304 or 0)
    # a version belongs to the portal whose document it was read from
    for pid, version in session.execute(
        select(Document.portal_id, ReportVersion.version)
        .join(
            Document,
            and_(
                Document.url == ReportVersion.source_url,
                Document.sha256 == ReportVersion.document_sha256,
            ),
        )
        .where(ReportVersion.valid_from >= since)
    ):
        pr = row(pid)
        if pr is not None:
            if version == 1:
                pr.new_reports += 1
            else:
                pr.new_versions += 1
    for pid, n in session.execute(
        select(Document.portal_id, func.count(func.distinct(Document.url)))
        .where(Document.gone_at >= since)
        .group_by(Document.portal_id)
    ):
        pr = row(pid)
        if pr is not None:
            pr.removed = int(n)
    return sorted(rows.values(), key=lambda r: r.portal)


def totals(rows: list[PortalRun]) -> dict[str, int]:
    return {
        k: sum(getattr(r, k) for r in rows)
        for k in (
            "new_reports",
            "new_versions",
            "removed",
            "failures",
            "blocked",
            "requests",
            "not_modified",
            "bytes",
        )
    }
