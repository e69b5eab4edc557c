"""Re-parse archived raw bytes with the current parser, offline.

Which documents: the one behind each report's current version (one per version, the first
source), and every document whose parse failed. Each goes through ``pipelines.parse`` again
and is loaded as usual, so the loader's content hash decides: the same output only moves
``last_seen``, a different one is a new version carrying the new ``parser_version``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Document, Fetch, ParseFailure, ReportSource, ReportVersion
from gongkai.core.settings import Settings


@dataclass(slots=True)
class ReparseResult:
    parser_version: str
    documents: int = 0
    unchanged: int = 0
    new_versions: int = 0
    new_reports: int = 0
    failures: int = 0
    missing_blobs: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        return (
            f"re-parsed {self.documents} document(s) with parser {self.parser_version}: "
            f"{self.unchanged} unchanged, {self.new_versions} new version(s), "
            f"{self.new_reports} new report(s), {self.failures} failure(s), "
            f"{self.missing_blobs} missing blob(s)"
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
            if loaded.status == "unchanged":
                result.unchanged += 1
            elif loaded.status == "new":
                result.new_reports += 1
            else:
                result.new_versions += 1
        return result
    finally:
        engine.dispose()
