"""Two live documents for one (agency, year) that say different things.

A portal may keep an original online beside its 修订版, or an HTML page beside a PDF of other
figures. Both stay archived; the crawl loads one as current by the rule in docs/nightly.md
("Two documents for one report"). This records the disagreement as a finding on the current
version: rule ``documents_disagree``, the other document's URL in ``detail``, the cells that
differ in ``cells``. A document is live when it is the latest body of its URL and not gone.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.history import diff_cells
from db.models import Document, FindingRow, ReportSource, ReportVersion

RULE = "documents_disagree"


def _live_documents(session: Session, keys: set[tuple[str, str]]) -> set[tuple[str, str]]:
    """Which of these (url, sha256) are their URL's latest body and not gone."""
    urls = sorted({u for u, _ in keys})
    live: set[tuple[str, str]] = set()
    for i in range(0, len(urls), 500):
        latest = (
            select(Document.url, func.max(Document.last_seen).label("seen"))
            .where(Document.url.in_(urls[i : i + 500]))
            .group_by(Document.url)
            .subquery()
        )
        live |= {
            (u, s)
            for u, s in session.execute(
                select(Document.url, Document.sha256)
                .join(
                    latest, (latest.c.url == Document.url) & (latest.c.seen == Document.last_seen)
                )
                .where(Document.gone_at.is_(None))
            )
        }
    return live & keys


def record_disagreements(session: Session, since: datetime) -> int:
    """Findings for the current versions created since ``since``; returns how many were added."""
    current = session.scalars(
        select(ReportVersion).where(
            ReportVersion.valid_from >= since, ReportVersion.superseded_at.is_(None)
        )
    ).all()
    added = 0
    for version in current:
        others = session.execute(
            select(ReportVersion, ReportSource.source_url, ReportSource.sha256)
            .join(ReportSource, ReportSource.version_id == ReportVersion.id)
            .where(
                ReportVersion.report_id == version.report_id,
                ReportVersion.id != version.id,
                ReportVersion.content_hash != version.content_hash,
            )
        ).all()
        own = set(
            session.execute(
                select(ReportSource.source_url, ReportSource.sha256).where(
                    ReportSource.version_id == version.id
                )
            ).all()
        )
        own_urls = {u for u, _ in own}
        candidates = {(u, s) for _, u, s in others if u not in own_urls}
        live = _live_documents(session, candidates) if candidates else set()
        have = {
            f.detail
            for f in session.scalars(
                select(FindingRow).where(
                    FindingRow.version_id == version.id, FindingRow.rule == RULE
                )
            )
        }
        for other, url, sha in others:
            if (url, sha) not in live:
                continue
            changes = diff_cells(other.canonical, version.canonical)
            detail = (
                f"{url} (version {other.version}) is still published and differs in "
                f"{len(changes)} cell(s); current: {version.source_url}"
            )
            if detail in have:
                continue
            session.add(
                FindingRow(
                    version_id=version.id,
                    rule=RULE,
                    detail=detail,
                    cells=[c.cell for c in changes][:100],
                )
            )
            have.add(detail)
            added += 1
    session.flush()
    return added
