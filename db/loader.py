"""Load one canonical report as a version of (agency, year).

The same canonical content loaded again only moves ``last_seen``; different content makes a new
version and marks the previous one superseded. Facts go in with one multi-row INSERT per
table (executemany), never one ORM object per cell. Takes a Session and never commits.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, insert, literal, select, union_all, update
from sqlalchemy.orm import Session

from db.archive import get_or_create_agency
from db.models import (
    Agency,
    AgencyAlias,
    AppealFact,
    FindingRow,
    ProactiveFact,
    Report,
    ReportSource,
    ReportVersion,
    RequestFact,
    SectionText,
)
from db.regions import normalize_name
from gongkai.report import Finding, check_identities, validate

#: The parts of a canonical report whose change makes a new version.
HASHED_KEYS = ("agency", "year", "format", "published", "proactive", "requests", "appeals")


@dataclass(frozen=True, slots=True)
class LoadResult:
    report_id: int
    version: int
    status: str  # 'new' | 'unchanged' | 'new_version'
    version_id: int
    agency_id: int


def content_hash(report: Mapping[str, Any]) -> str:
    """sha256 of the normalised canonical content (tables and agency/year/format/published)."""
    content = {k: report.get(k) for k in HASHED_KEYS}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _agency_id(session: Session, name: str) -> int:
    norm = normalize_name(name)
    found = session.execute(
        union_all(
            select(AgencyAlias.agency_id, literal(0).label("rank")).where(AgencyAlias.alias == norm),
            select(Agency.id, literal(1).label("rank")).where(Agency.normalized_name == norm),
        ).order_by("rank").limit(1)
    ).first()
    return found[0] if found is not None else get_or_create_agency(session, name).id


def _finding_rows(version_id: int, findings: Iterable[Finding | Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for f in findings:
        if isinstance(f, Finding):
            rule, detail, cells = f.rule, f.detail, list(f.cells)
        else:
            rule, detail, cells = str(f["rule"]), str(f.get("detail", "")), list(f.get("cells") or [])
        rows.append({"version_id": version_id, "rule": rule, "detail": detail, "cells": cells})
    return rows


def _fact_rows(version_id: int, report: Mapping[str, Any]) -> dict[Any, list[dict[str, Any]]]:
    proactive = [
        {"version_id": version_id, "item": item, "measure": measure,
         "value": None if value is None else Decimal(value) if isinstance(value, str) else value}
        for item, cells in (report.get("proactive") or {}).items()
        for measure, value in cells.items()
    ]
    requests = [
        {"version_id": version_id, "row_code": row, "column_code": column, "value": value}
        for row, cells in (report.get("requests") or {}).items()
        for column, value in cells.items()
    ]
    appeals = [
        {"version_id": version_id, "group_code": group, "measure": measure, "value": value}
        for group, cells in (report.get("appeals") or {}).items()
        for measure, value in cells.items()
    ]
    sections = [
        {"version_id": version_id, "section": code, "text": text}
        for code, text in (report.get("sections") or {}).items()
    ]
    return {
        ProactiveFact.__table__: proactive, RequestFact.__table__: requests,
        AppealFact.__table__: appeals, SectionText.__table__: sections,
    }


def _add_source(session: Session, version_id: int, source_url: str | None, sha256: str | None,
                seen: datetime) -> None:
    if source_url is None and sha256 is None:
        return
    url, sha = source_url or "", sha256 or ""
    exists = session.scalar(
        select(ReportSource.id).where(
            ReportSource.version_id == version_id, ReportSource.source_url == url,
            ReportSource.sha256 == sha,
        )
    )
    if exists is None:
        session.execute(insert(ReportSource.__table__).values(
            version_id=version_id, source_url=url, sha256=sha, first_seen=seen))


def load_report(
    session: Session,
    report: Mapping[str, Any],
    *,
    source_url: str | None = None,
    document_sha256: str | None = None,
    parser_version: str | None = None,
    findings: Iterable[Finding | Mapping[str, Any]] = (),
    provenance: Mapping[str, Any] | None = None,
    seen_at: datetime | None = None,
) -> LoadResult:
    """Validate ``report`` (ReportFormatError on bad input) and archive it as a version."""
    canon = validate(report)
    digest = content_hash(canon)
    seen = seen_at or datetime.now(UTC)
    agency_id = _agency_id(session, canon["agency"])
    year = canon["year"]

    current = session.execute(
        select(Report.id, ReportVersion.id, ReportVersion.version, ReportVersion.content_hash)
        .select_from(Report)
        .outerjoin(ReportVersion, and_(ReportVersion.report_id == Report.id,
                                       ReportVersion.superseded_at.is_(None)))
        .where(Report.agency_id == agency_id, Report.year == year)
    ).first()

    if current is not None and current[3] == digest:
        report_id, version_id, version = current[0], current[1], current[2]
        session.execute(update(Report.__table__).where(Report.id == report_id).values(last_seen=seen))
        session.execute(
            update(ReportVersion.__table__).where(ReportVersion.id == version_id).values(last_seen=seen))
        _add_source(session, version_id, source_url, document_sha256, seen)
        return LoadResult(report_id, version, "unchanged", version_id, agency_id)

    if current is None:
        report_id = session.execute(
            insert(Report.__table__).values(agency_id=agency_id, year=year, first_seen=seen,
                                            last_seen=seen).returning(Report.__table__.c.id)
        ).scalar_one()
        version, status = 1, "new"
    else:
        report_id = current[0]
        session.execute(update(Report.__table__).where(Report.id == report_id).values(last_seen=seen))
        if current[1] is not None:
            session.execute(update(ReportVersion.__table__).where(ReportVersion.id == current[1])
                            .values(superseded_at=seen))
        previous = session.scalar(
            select(ReportVersion.version).where(ReportVersion.report_id == report_id)
            .order_by(ReportVersion.version.desc()).limit(1)
        )
        version, status = (previous or 0) + 1, "new_version" if previous else "new"

    published = canon.get("published")
    version_id = session.execute(
        insert(ReportVersion.__table__).values(
            report_id=report_id, version=version, content_hash=digest, canonical=canon,
            format=canon["format"], published=date.fromisoformat(published) if published else None,
            source_url=source_url, document_sha256=document_sha256, parser_version=parser_version,
            provenance=dict(provenance) if provenance is not None else None,
            valid_from=seen, superseded_at=None, last_seen=seen,
        ).returning(ReportVersion.__table__.c.id)
    ).scalar_one()

    for table, rows in _fact_rows(version_id, canon).items():
        if rows:
            session.execute(insert(table), rows)
    finding_rows = _finding_rows(version_id, findings or check_identities(canon))
    if finding_rows:
        session.execute(insert(FindingRow.__table__), finding_rows)
    _add_source(session, version_id, source_url, document_sha256, seen)
    return LoadResult(report_id, version, status, version_id, agency_id)


@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: str
    result: LoadResult | None
    error: str | None  # "<path>: <field>: <message>" when the file was refused


def load_file(
    factory: Any, path: str, *, source_url: str | None = None, parser_version: str | None = None,
) -> FileOutcome:
    """Load one canonical JSON file in its own transaction; a bad file is reported, not raised."""
    from pathlib import Path

    from sqlalchemy.exc import SQLAlchemyError

    from gongkai.report import ReportFormatError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return FileOutcome(path, None, f"{path}: cannot read: {error}")
    except json.JSONDecodeError as error:
        return FileOutcome(path, None, f"{path}: malformed JSON at line {error.lineno} column {error.colno}: {error.msg}")
    try:
        with factory.begin() as session:
            result = load_report(session, data, source_url=source_url or Path(path).resolve().as_uri(),
                                 parser_version=parser_version)
    except ReportFormatError as error:
        return FileOutcome(path, None, f"{path}: field {error.field}: {error.message}")
    except SQLAlchemyError as error:
        return FileOutcome(path, None, f"{path}: database error: {error}")
    return FileOutcome(path, result, None)
