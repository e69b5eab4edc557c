"""Versions of one report, the cells that changed between them, and "as of date D" queries."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from db.models import Agency, Report, ReportVersion
from gongkai.core.report import cells


@dataclass(frozen=True, slots=True)
class CellChange:
    cell: str  # table.row.column
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class VersionInfo:
    version: int
    version_id: int
    content_hash: str
    valid_from: datetime
    superseded_at: datetime | None
    source_url: str | None
    parser_version: str | None
    changes: list[CellChange] = field(default_factory=list)  # against the previous version


@dataclass(frozen=True, slots=True)
class ReportHistory:
    report_id: int
    agency: str
    year: int
    versions: list[VersionInfo]


def find_agency(session: Session, name: str) -> Agency | None:
    """The agency that signed as ``name`` (or, failing that, whose name resolves like it)."""
    from db.agencies.lookup import find_agency_id

    agency_id = find_agency_id(session.connection(), name)
    return session.get(Agency, agency_id) if agency_id is not None else None


def diff_cells(before: dict[str, Any], after: dict[str, Any]) -> list[CellChange]:
    """Table cells whose value differs (a cell missing on one side counts as a change)."""
    a, b = cells(before), cells(after)
    keys = sorted(set(a) | set(b))
    changes = [
        CellChange(k, a.get(k), b.get(k))
        for k in keys
        if a.get(k) != b.get(k) or (k in a) != (k in b)
    ]
    for key in ("published", "format"):
        if before.get(key) != after.get(key):
            changes.append(CellChange(key, before.get(key), after.get(key)))
    return changes


def report_history(session: Session, agency: str, year: int) -> ReportHistory | None:
    """Every version of (agency, year), oldest first, each with its changes from the one before."""
    found = find_agency(session, agency)
    if found is None:
        return None
    report = session.scalar(select(Report).where(Report.agency_id == found.id, Report.year == year))
    if report is None:
        return None
    rows = session.scalars(
        select(ReportVersion)
        .where(ReportVersion.report_id == report.id)
        .order_by(ReportVersion.version)
    ).all()
    versions: list[VersionInfo] = []
    previous: dict[str, Any] | None = None
    for row in rows:
        versions.append(
            VersionInfo(
                version=row.version,
                version_id=row.id,
                content_hash=row.content_hash,
                valid_from=_utc(row.valid_from),
                superseded_at=_utc(row.superseded_at) if row.superseded_at else None,
                source_url=row.source_url,
                parser_version=row.parser_version,
                changes=diff_cells(previous, row.canonical) if previous is not None else [],
            )
        )
        previous = row.canonical
    return ReportHistory(report.id, found.name, year, versions)


def _utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def versions_as_of(session: Session, at: datetime) -> list[tuple[int, int, int]]:
    """(report_id, version, version_id) of each report as the archive knew it at ``at``."""
    rows = session.execute(
        select(ReportVersion.report_id, ReportVersion.version, ReportVersion.id)
        .where(
            ReportVersion.valid_from <= at,
            or_(ReportVersion.superseded_at.is_(None), ReportVersion.superseded_at > at),
        )
        .order_by(ReportVersion.report_id)
    ).all()
    return [(r[0], r[1], r[2]) for r in rows]
