"""Load canonical reports as versions of (agency, year).

The same canonical content loaded again only moves ``last_seen``; different content makes a new
version and marks the previous one superseded. ``load_reports`` works set-wise on a batch: every
report is validated before anything is written, then a handful of statements per batch (not per
report) look up agencies and current versions, and facts go in by executemany (SQLite) or COPY
(PostgreSQL) — never one ORM object per cell. ``load_report`` is a batch of one. Nothing here
commits: the caller's transaction decides what one unit of loading is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Table, and_, bindparam, insert, select, tuple_, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from db.agencies.context import sighting_contexts
from db.agencies.resolve import Sighting
from db.agencies.store import assign
from db.bulk import bulk_insert
from db.models import (
    FindingRow,
    Report,
    ReportSource,
    ReportVersion,
)
from db.version_rows import FACT_TABLES, FINDING_COLUMNS, fact_rows, finding_rows, insert_versions
from gongkai.core.report import (
    Finding,
    ReportFormatError,
    check_identities,
    legacy_values,
    validate,
)

#: The parts of a canonical report whose change makes a new version.
HASHED_KEYS = ("agency", "year", "format", "published", "proactive", "requests", "appeals")

REPORTS: Table = Report.__table__  # type: ignore[assignment]
VERSIONS: Table = ReportVersion.__table__  # type: ignore[assignment]
SOURCES: Table = ReportSource.__table__  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class LoadResult:
    report_id: int
    version: int
    status: str  # 'new' | 'unchanged' | 'new_version'
    version_id: int
    agency_id: int


@dataclass(frozen=True, slots=True)
class ReportInput:
    """One report to load and what is known about where it came from."""

    report: Mapping[str, Any]
    source_url: str | None = None
    document_sha256: str | None = None
    parser_version: str | None = None
    findings: Sequence[Finding | Mapping[str, Any]] = ()
    provenance: Mapping[str, Any] | None = None
    seen_at: datetime | None = None
    #: ``report`` is already the output of ``gongkai.core.report.validate`` (skip validating again).
    validated: bool = False


@dataclass(slots=True)
class _Item:
    canon: dict[str, Any]
    digest: str
    source: ReportInput
    seen: datetime
    agency_id: int = 0
    name_id: int = 0  # agency_names row of the name the report signs with
    agency_notes: list[Finding] = field(default_factory=list)  # resolution findings
    result: LoadResult | None = field(default=None)


def content_hash(report: Mapping[str, Any]) -> str:
    """sha256 of the normalised canonical content (tables and agency/year/format/published;
    a legacy report's key figures, not where they were printed)."""
    content = {k: report.get(k) for k in HASHED_KEYS}
    if report.get("legacy") is not None:
        # only when present: every report hashed before legacy figures existed keeps its hash
        content["legacy"] = legacy_values(report)
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _prepare(items: Iterable[ReportInput | Mapping[str, Any]], now: datetime) -> list[_Item]:
    prepared = []
    for index, item in enumerate(items):
        source = item if isinstance(item, ReportInput) else ReportInput(item)
        try:
            canon = dict(source.report) if source.validated else validate(source.report)
        except ReportFormatError as error:
            error.add_note(f"report #{index} of the batch")
            raise
        seen = _utc(source.seen_at) if source.seen_at is not None else now
        prepared.append(_Item(canon, content_hash(canon), source, seen))
    return prepared


def _agency_ids(conn: Connection, items: list[_Item]) -> None:
    """Resolve each report's signing name, in the context of the portal it was found on."""
    contexts = sighting_contexts(conn, [it.source.source_url for it in items])
    sightings = [
        Sighting(
            it.canon["agency"], it.canon["year"], *contexts.get(it.source.source_url, (None, None))
        )
        for it in items
    ]
    for it, assigned in zip(items, assign(conn, sightings), strict=True):
        it.agency_id, it.name_id, it.agency_notes = (
            assigned.agency_id,
            assigned.name_id,
            assigned.findings,
        )


def _sources(conn: Connection, pairs: list[tuple[int, _Item]]) -> None:
    wanted = {
        (vid, it.source.source_url or "", it.source.document_sha256 or ""): it.seen
        for vid, it in pairs
        if it.source.source_url is not None or it.source.document_sha256 is not None
    }
    if not wanted:
        return
    have = set(
        conn.execute(
            select(SOURCES.c.version_id, SOURCES.c.source_url, SOURCES.c.sha256).where(
                SOURCES.c.version_id.in_(sorted({k[0] for k in wanted}))
            )
        ).all()
    )
    rows = [
        {"version_id": k[0], "source_url": k[1], "sha256": k[2], "first_seen": seen}
        for k, seen in wanted.items()
        if k not in have
    ]
    if rows:
        conn.execute(insert(SOURCES), rows)


def _utc(value: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything stored is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _load_chunk(conn: Connection, items: list[_Item]) -> None:
    """Load items whose (agency, year) are all distinct."""
    current = {
        (row.agency_id, row.year): row
        for row in conn.execute(
            select(
                REPORTS.c.id,
                REPORTS.c.agency_id,
                REPORTS.c.year,
                REPORTS.c.last_seen.label("report_seen"),
                VERSIONS.c.id.label("version_id"),
                VERSIONS.c.version,
                VERSIONS.c.content_hash,
                VERSIONS.c.valid_from,
                VERSIONS.c.last_seen,
            )
            .select_from(REPORTS)
            .outerjoin(
                VERSIONS,
                and_(VERSIONS.c.report_id == REPORTS.c.id, VERSIONS.c.superseded_at.is_(None)),
            )
            .where(
                tuple_(REPORTS.c.agency_id, REPORTS.c.year).in_(
                    sorted({(it.agency_id, it.canon["year"]) for it in items})
                )
            )
        )
    }
    unchanged: list[tuple[int, _Item]] = []
    superseded: list[dict[str, Any]] = []
    touched: list[dict[str, Any]] = []
    seen_again: list[dict[str, Any]] = []
    fresh: list[_Item] = []
    new_versions: list[tuple[_Item, int, int]] = []  # item, report_id, version number
    for it in items:
        found = current.get((it.agency_id, it.canon["year"]))
        if found is None:
            fresh.append(it)
            continue
        # times only move forward: an older observation loaded late changes no interval
        touched.append({"b_id": found.id, "b_seen": max(it.seen, _utc(found.report_seen))})
        if found.version_id is not None and found.content_hash == it.digest:
            unchanged.append((found.version_id, it))
            seen_again.append(
                {"b_id": found.version_id, "b_seen": max(it.seen, _utc(found.last_seen))}
            )
            it.result = LoadResult(
                found.id, found.version or 1, "unchanged", found.version_id, it.agency_id
            )
            continue
        if found.version_id is not None:
            it.seen = max(it.seen, _utc(found.valid_from))
            superseded.append({"b_id": found.version_id, "b_seen": it.seen})
        new_versions.append((it, found.id, (found.version or 0) + 1))

    if touched:
        conn.execute(
            update(REPORTS)
            .where(REPORTS.c.id == bindparam("b_id"))
            .values(last_seen=bindparam("b_seen")),
            touched,
        )
    if seen_again:
        conn.execute(
            update(VERSIONS)
            .where(VERSIONS.c.id == bindparam("b_id"))
            .values(last_seen=bindparam("b_seen")),
            seen_again,
        )
    if superseded:
        conn.execute(
            update(VERSIONS)
            .where(VERSIONS.c.id == bindparam("b_id"))
            .values(superseded_at=bindparam("b_seen")),
            superseded,
        )
    if fresh:
        ids = (
            conn.execute(
                insert(REPORTS).returning(REPORTS.c.id, sort_by_parameter_order=True),
                [
                    {
                        "agency_id": it.agency_id,
                        "year": it.canon["year"],
                        "first_seen": it.seen,
                        "last_seen": it.seen,
                    }
                    for it in fresh
                ],
            )
            .scalars()
            .all()
        )
        new_versions.extend((it, rid, 1) for it, rid in zip(fresh, ids, strict=True))
    if not new_versions:
        _sources(conn, unchanged)
        return

    version_rows = []
    for it, report_id, number in new_versions:
        published = it.canon.get("published")
        src = it.source
        version_rows.append(
            {
                "report_id": report_id,
                "version": number,
                "content_hash": it.digest,
                "canonical": it.canon,
                "format": it.canon["format"],
                "published": date.fromisoformat(published) if published else None,
                "source_url": src.source_url,
                "document_sha256": src.document_sha256,
                "agency_name_id": it.name_id,
                "parser_version": src.parser_version,
                "provenance": dict(src.provenance) if src.provenance is not None else None,
                "valid_from": it.seen,
                "superseded_at": None,
                "last_seen": it.seen,
            }
        )
    version_ids = insert_versions(conn, version_rows)

    facts: dict[str, list[tuple[Any, ...]]] = {name: [] for name in FACT_TABLES}
    findings: list[tuple[Any, ...]] = []
    created: list[tuple[int, _Item]] = []
    for (it, report_id, number), vid in zip(new_versions, version_ids, strict=True):
        fact_rows(vid, it.canon, facts)
        raised = list(it.source.findings or check_identities(it.canon))
        raised.extend(it.agency_notes)
        findings.extend(finding_rows(vid, raised))
        it.result = LoadResult(
            report_id, number, "new" if number == 1 else "new_version", vid, it.agency_id
        )
        created.append((vid, it))
    for name, rows in facts.items():
        table, columns = FACT_TABLES[name]
        bulk_insert(conn, table, columns, rows)
    bulk_insert(conn, FindingRow.__table__, FINDING_COLUMNS, findings)  # type: ignore[arg-type]
    _sources(conn, unchanged + created)


def load_reports(
    session: Session, items: Iterable[ReportInput | Mapping[str, Any]]
) -> list[LoadResult]:
    """Validate every report (ReportFormatError, naming the field, before anything is written),
    then archive them in order. Several reports for one (agency, year) are applied one after
    another, so the last one is current."""
    prepared = _prepare(items, datetime.now(UTC))
    conn = session.connection()
    _agency_ids(conn, prepared)
    start = 0
    seen: set[tuple[int, int]] = set()
    for i, it in enumerate(prepared):
        key = (it.agency_id, it.canon["year"])
        if key in seen:
            _load_chunk(conn, prepared[start:i])
            start, seen = i, set()
        seen.add(key)
    if start < len(prepared):
        _load_chunk(conn, prepared[start:])
    return [it.result for it in prepared if it.result is not None]


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
    """Validate ``report`` (ReportFormatError on bad input) and archive it as a version.

    ``findings``: when none are given, the template's identities are checked and stored."""
    item = ReportInput(
        report,
        source_url=source_url,
        document_sha256=document_sha256,
        parser_version=parser_version,
        findings=tuple(findings),
        provenance=provenance,
        seen_at=seen_at,
    )
    return load_reports(session, [item])[0]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: str
    result: LoadResult | None
    error: str | None  # "<path>: field <field>: <message>" when the file was refused


def read_report_file(path: str) -> tuple[dict[str, Any] | None, str | None]:
    """The validated report in ``path``, or the error that names the file and the field."""
    report, _, error = _read_file(path)
    return report, error


def _read_file(path: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]], str | None]:
    """Report, the findings the file carries (``gongkai parse --json`` writes them: mixed
    editions, labels placed by order … besides the identities), error."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        return None, [], f"{path}: cannot read: {error}"
    except json.JSONDecodeError as error:
        return (
            None,
            [],
            f"{path}: malformed JSON at line {error.lineno} column {error.colno}: {error.msg}",
        )
    try:
        report = validate(data)
    except ReportFormatError as error:
        return None, [], f"{path}: field {error.field}: {error.message}"
    raw = data.get("findings") if isinstance(data, dict) else None
    findings = [
        f
        for f in (raw if isinstance(raw, list) else [])
        if isinstance(f, dict)
        and isinstance(f.get("rule"), str)
        and isinstance(f.get("detail"), str)
    ]
    return report, findings, None


def load_files(
    factory: sessionmaker[Session],
    paths: Sequence[str],
    *,
    source_url: str | None = None,
    batch: int = 500,
    progress: Any = None,
) -> list[FileOutcome]:
    """Load canonical JSON files. Bad files are refused by name and never half-loaded; the good
    ones go in batches of ``batch`` per transaction, and a batch the database rejects is retried
    one report per transaction so that only the culprit fails. ``progress(n)`` is called as
    files are done."""
    refused = SQLAlchemyError
    outcomes: dict[str, FileOutcome] = {}
    good: list[tuple[str, ReportInput]] = []
    for path in paths:
        report, findings, error = _read_file(path)
        if report is None:
            outcomes[path] = FileOutcome(path, None, error)
            if progress:
                progress(1)
        else:
            good.append(
                (
                    path,
                    ReportInput(
                        report,
                        source_url=source_url or Path(path).resolve().as_uri(),
                        findings=tuple(findings),
                        validated=True,
                    ),
                )
            )
    for start in range(0, len(good), batch):
        part = good[start : start + batch]
        try:
            with factory.begin() as session:
                results = load_reports(session, [item for _, item in part])
            outcomes.update(
                (p, FileOutcome(p, r, None)) for (p, _), r in zip(part, results, strict=True)
            )
        except refused:
            for path, item in part:
                try:
                    with factory.begin() as session:
                        outcomes[path] = FileOutcome(path, load_reports(session, [item])[0], None)
                except refused as error:
                    outcomes[path] = FileOutcome(path, None, f"{path}: database error: {error}")
        if progress:
            progress(len(part))
    return [outcomes[p] for p in dict.fromkeys(paths)]
