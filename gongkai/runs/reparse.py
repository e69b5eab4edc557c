"""Re-parse archived raw bytes with the current parser, offline.

Which documents: the one behind each report's current version (one per version, the first
source), and every document whose parse failed. Each goes through ``pipelines.parse`` again
and is loaded as usual, so the loader's content hash decides: the same output only moves
``last_seen``, a different one is a new version carrying the new ``parser_version``.

Legacy reports: a ``prose`` version of a report year up to 2018 (archived before legacy key
figures were read) becomes ``legacy`` this way. Its agency may now read differently (the
title's issuer, not the signing office): the document then lands in another report, and the
report it was archived under has its version retired (``superseded_at``), so it leaves the
views instead of standing beside it. A prose version whose document is not in the archive
(loaded as JSON, a lost blob) is read from its own stored sections. A table-less report of
2019 or later is not legacy: it stays what it was (a ``no_tables`` failure, or OCR's).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from db.models import Document, Fetch, ParseFailure, Report, ReportSource, ReportVersion
from gongkai.core.settings import Settings

#: Prose versions of these report years are legacy reports (pipelines.parse.interpret.legacy).
LAST_LEGACY_YEAR = 2018


@dataclass(slots=True)
class ReparseResult:
    parser_version: str
    documents: int = 0
    unchanged: int = 0
    new_versions: int = 0
    new_reports: int = 0
    failures: int = 0
    missing_blobs: int = 0
    legacy: int = 0  # prose versions that are now legacy (from their bytes or stored sections)
    retired: int = 0  # versions retired: their document now reads as another report

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        return (
            f"re-parsed {self.documents} document(s) with parser {self.parser_version}: "
            f"{self.unchanged} unchanged, {self.new_versions} new version(s), "
            f"{self.new_reports} new report(s), {self.failures} failure(s), "
            f"{self.missing_blobs} missing blob(s); {self.legacy} prose report(s) now legacy, "
            f"{self.retired} version(s) retired (now read as another report)"
        )


def targets(session: Session, portal_ids: list[str] | None) -> list[tuple[str, str]]:
    """(url, sha256) to parse again, in a stable order, each once."""
    current = (
        select(
            ReportSource.source_url, ReportSource.sha256, ReportSource.version_id, ReportSource.id
        )
        .join(ReportVersion, ReportVersion.id == ReportSource.version_id)
        .where(ReportVersion.superseded_at.is_(None), ReportSource.sha256 != "")
        .order_by(ReportSource.version_id, ReportSource.id)
    )
    picked: dict[int, tuple[str, str]] = {}
    for url, sha, vid, _ in session.execute(current):
        picked.setdefault(vid, (url, sha))
    failed: list[tuple[str, str]] = [
        (u, s)
        for u, s in session.execute(
            select(ParseFailure.url, ParseFailure.sha256)
            .where(ParseFailure.url.is_not(None))
            .order_by(ParseFailure.id)
        )
        if u is not None
    ]
    pairs = list(dict.fromkeys([*picked.values(), *failed]))
    if portal_ids is None:
        return pairs
    wanted = set(portal_ids)
    docs = {
        (u, s): p
        for u, s, p in session.execute(
            select(Document.url, Document.sha256, Document.portal_id).where(
                Document.portal_id.in_(wanted)
            )
        )
    }
    return [pair for pair in pairs if docs.get(pair) in wanted]


def current_reading(session: Session) -> dict[tuple[str, str], tuple[int, int, str]]:
    """(url, sha256) → (report id, current version id, format) for each current version's
    documents."""
    rows = session.execute(
        select(
            ReportSource.source_url,
            ReportSource.sha256,
            ReportVersion.report_id,
            ReportVersion.id,
            ReportVersion.format,
        )
        .join(ReportVersion, ReportVersion.id == ReportSource.version_id)
        .where(ReportVersion.superseded_at.is_(None), ReportSource.sha256 != "")
        .order_by(ReportSource.id)
    )
    out: dict[tuple[str, str], tuple[int, int, str]] = {}
    for url, sha, report_id, version_id, fmt in rows:
        out.setdefault((url, sha), (report_id, version_id, fmt))
    return out


def stored_prose(session: Session, portal_ids: list[str] | None) -> list[tuple[int, str | None]]:
    """(version id, source url) of current ``prose`` versions of legacy years, for reading from
    their stored sections when their document cannot be parsed again."""
    query = (
        select(ReportVersion.id, ReportVersion.source_url)
        .join(Report, Report.id == ReportVersion.report_id)
        .where(
            ReportVersion.superseded_at.is_(None),
            ReportVersion.format == "prose",
            Report.year <= LAST_LEGACY_YEAR,
        )
        .order_by(ReportVersion.id)
    )
    rows = [(vid, url) for vid, url in session.execute(query)]
    if portal_ids is None:
        return rows
    urls = set(session.scalars(select(Document.url).where(Document.portal_id.in_(set(portal_ids)))))
    return [(vid, url) for vid, url in rows if url in urls]


def _retire(session: Session, version_id: int) -> bool:
    """Retire a version whose document now reads as another report; True if it was current."""
    done = session.execute(
        update(ReportVersion)
        .where(ReportVersion.id == version_id, ReportVersion.superseded_at.is_(None))
        .values(superseded_at=datetime.now(UTC))
    )
    return bool(getattr(done, "rowcount", 0))


def _content_type(session: Session, url: str, sha: str) -> str | None:
    return session.scalar(
        select(Fetch.content_type)
        .where(Fetch.url == url, Fetch.sha256 == sha)
        .order_by(Fetch.id.desc())
        .limit(1)
    )


def reparse(settings: Settings, portal_ids: list[str] | None) -> ReparseResult:
    from db import archive as repo
    from db.blobstore import BlobNotFound, open_blob_store
    from db.engine import make_engine, session_factory
    from db.loader import load_report
    from db.migrate import upgrade
    from gongkai.core.report import ReportFormatError
    from pipelines.parse import PARSER_VERSION
    from pipelines.parse_worker import parse_document

    upgrade(settings.db_url)
    blobs = open_blob_store(settings)
    engine = make_engine(settings.db_url)
    factory = session_factory(engine)
    result = ReparseResult(PARSER_VERSION)
    try:
        with factory() as s:
            work = [(u, sha, _content_type(s, u, sha)) for u, sha in targets(s, portal_ids)]
            reading = current_reading(s)
        for url, sha, ctype in work:
            try:
                data = blobs.get(sha)
            except BlobNotFound:
                result.missing_blobs += 1
                continue
            result.documents += 1
            parsed = parse_document(data, url, ctype, None)
            with factory.begin() as s:
                if not parsed.ok:
                    result.failures += 1
                    repo.record_parse_failure(
                        s,
                        url=url,
                        sha256=sha,
                        reason=parsed.reason,
                        detail=parsed.detail or parsed.reason,
                    )
                    continue
                try:
                    loaded = load_report(
                        s,
                        parsed.report or {},
                        source_url=url,
                        document_sha256=sha,
                        parser_version=parsed.parser_version,
                        findings=parsed.findings,
                        provenance=parsed.provenance,
                    )
                except ReportFormatError as exc:
                    result.failures += 1
                    repo.record_parse_failure(
                        s, url=url, sha256=sha, reason="invalid_report", detail=str(exc)
                    )
                    continue
                before = reading.get((url, sha))
                if before is not None and before[0] != loaded.report_id:
                    result.retired += _retire(s, before[1])
            if before is not None and before[2] == "prose" and parsed.report is not None:
                result.legacy += parsed.report.get("format") == "legacy"
            if loaded.status == "unchanged":
                result.unchanged += 1
            elif loaded.status == "new":
                result.new_reports += 1
            else:
                result.new_versions += 1
        _from_stored_sections(factory, portal_ids, result)
        return result
    finally:
        engine.dispose()


def _from_stored_sections(
    factory: Any, portal_ids: list[str] | None, result: ReparseResult
) -> None:
    """Prose versions of legacy years still current after the documents were parsed again:
    read them from their stored sections."""
    from db.loader import load_report
    from pipelines.parse import legacy_from_sections
    from pipelines.parse.errors import ParseError

    with factory() as s:
        left = stored_prose(s, portal_ids)
    for version_id, url in left:
        with factory.begin() as s:
            stored = s.get(ReportVersion, version_id)
            if stored is None or stored.superseded_at is not None:
                continue
            try:
                parsed = legacy_from_sections(stored.canonical)
            except ParseError:
                result.failures += 1
                continue
            loaded = load_report(
                s,
                parsed.report,
                source_url=url,
                parser_version=parsed.parser_version,
                findings=parsed.findings,
                provenance=parsed.provenance,
            )
        result.legacy += 1
        result.new_versions += loaded.status == "new_version"
