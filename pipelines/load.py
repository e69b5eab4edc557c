"""Loading parsed documents as report versions, shared by the crawl's item pipeline and the
distributed coordinator: which of a portal's documents for one (agency, year) is preferred, and
the transactions that load them or record why they could not be loaded.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from db import archive as repo
from pipelines.archive import Archive
from pipelines.parse_worker import Parsed


class Source(Protocol):
    """The document a parsed report came from (the crawler's ``DocumentItem``)."""

    url: str
    sha256: str
    title: str | None


_REVISED = re.compile(r"修订|更正|修正|勘误|更新版|修改版")


def preference(candidate: tuple[Source, Parsed]) -> tuple[bool, str, str]:
    """Revised over original, later self-stated date over earlier, then the URL (stable)."""
    item, parsed = candidate
    revised = bool(_REVISED.search(f"{item.title or ''} {item.url}"))
    return revised, str((parsed.report or {}).get("published") or ""), item.url


def load_report(archive: Archive, item: Source, parsed: Parsed) -> Any:
    from db.loader import load_report

    with archive.sessions.begin() as s:
        return load_report(
            s,
            parsed.report or {},
            source_url=item.url,
            document_sha256=item.sha256,
            parser_version=parsed.parser_version,
            findings=parsed.findings,
            provenance=parsed.provenance,
        )


def load_batch(archive: Archive, chosen: list[tuple[Source, Parsed]]) -> list[Any]:
    from db.loader import ReportInput, load_reports

    with archive.sessions.begin() as s:
        return load_reports(
            s,
            [
                ReportInput(
                    report=parsed.report or {},
                    source_url=item.url,
                    document_sha256=item.sha256,
                    parser_version=parsed.parser_version,
                    findings=parsed.findings,
                    provenance=parsed.provenance,
                )
                for item, parsed in chosen
            ],
        )


def record_failure(archive: Archive, item: Source, reason: str, detail: str) -> None:
    with archive.sessions.begin() as s:
        repo.record_parse_failure(s, url=item.url, sha256=item.sha256, reason=reason, detail=detail)
