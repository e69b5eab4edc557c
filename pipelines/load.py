"""Loading parsed documents as report versions, shared by the crawl's item pipeline and the
distributed coordinator: which of a portal's documents for one (agency, year) is preferred, the
final load of the preferred ones (falling back to the next document of a report when one does
not validate), and the record of why a document could not be loaded.

Every write goes through ``Archive.transaction``: once in a single crawl process, again after a
lost race on a unique row when many workers share the database (``DistributedArchive``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, Protocol, TypeVar

from sqlalchemy.orm import Session

from db import archive as repo
from pipelines.archive import Archive
from pipelines.parse_worker import Parsed

if TYPE_CHECKING:
    from db.loader import LoadResult, ReportInput

log = logging.getLogger(__name__)


class Source(Protocol):
    """The document a parsed report came from (the crawler's ``DocumentItem``)."""

    url: str
    sha256: str
    title: str | None


S = TypeVar("S", bound=Source)
Candidate = tuple[S, Parsed]  # a parsed report and the document it came from

_REVISED = re.compile(r"修订|更正|修正|勘误|更新版|修改版")


def preference(candidate: Candidate[Source]) -> tuple[bool, str, str]:
    """Revised over original, later self-stated date over earlier, then the URL (stable)."""
    item, parsed = candidate
    revised = bool(_REVISED.search(f"{item.title or ''} {item.url}"))
    return revised, str((parsed.report or {}).get("published") or ""), item.url


def rank(groups: Iterable[Sequence[Candidate[S]]]) -> list[list[Candidate[S]]]:
    """Each group of candidates for one (agency, year), the preferred one first."""
    return [sorted(group, key=preference, reverse=True) for group in groups]


def _input(item: Source, parsed: Parsed) -> ReportInput:
    from db.loader import ReportInput

    return ReportInput(
        report=parsed.report or {},
        source_url=item.url,
        document_sha256=item.sha256,
        parser_version=parsed.parser_version,
        findings=parsed.findings,
        provenance=parsed.provenance,
    )


def _load(s: Session, inputs: list[ReportInput]) -> list[LoadResult]:
    from db.loader import load_reports

    return load_reports(s, inputs)


def load_report(archive: Archive, item: Source, parsed: Parsed) -> LoadResult:
    """One report, in a transaction of its own."""
    return archive.transaction(_load, [_input(item, parsed)])[0]


def load_batch(archive: Archive, chosen: Sequence[Candidate[Source]]) -> list[LoadResult]:
    """Several reports in one transaction: all of them, or (ReportFormatError) none."""
    return archive.transaction(_load, [_input(item, parsed) for item, parsed in chosen])


def _record(s: Session, item: Source, reason: str, detail: str) -> None:
    repo.record_parse_failure(s, url=item.url, sha256=item.sha256, reason=reason, detail=detail)


def record_failure(archive: Archive, item: Source, reason: str, detail: str) -> None:
    """Why ``item`` gave no report version (``v_failures``); its bytes stay archived."""
    archive.transaction(_record, item, reason, detail)


@dataclass(slots=True)
class FinalLoad(Generic[S]):
    """What ``load_preferred`` did: the documents loaded, each with its result, and those that
    did not validate (recorded as ``invalid_report`` failures), in the order it tried them."""

    loaded: list[tuple[S, LoadResult]] = field(default_factory=list)
    invalid: list[tuple[S, str]] = field(default_factory=list)


def load_preferred(
    archive: Archive, ranked: Sequence[Sequence[Candidate[S]]], *, batch: int | None = None
) -> FinalLoad[S]:
    """Load the preferred candidate of each group (``rank``) in one transaction per ``batch``
    groups (all in one without ``batch``). Should one of them not validate, that batch goes
    group by group, each candidate in turn until one loads: those that do not validate are
    recorded as ``invalid_report`` failures."""
    from gongkai.core.report import ReportFormatError

    done: FinalLoad[S] = FinalLoad()
    size = batch or max(len(ranked), 1)
    for start in range(0, len(ranked), size):
        chunk = [group for group in ranked[start : start + size] if group]
        try:
            results = load_batch(archive, [group[0] for group in chunk])
        except ReportFormatError:
            for group in chunk:
                for item, parsed in group:
                    try:
                        result = load_report(archive, item, parsed)
                    except ReportFormatError as exc:
                        record_failure(archive, item, "invalid_report", str(exc))
                        done.invalid.append((item, str(exc)))
                        continue
                    done.loaded.append((item, result))
                    break
            continue
        done.loaded.extend((group[0][0], r) for group, r in zip(chunk, results, strict=True))
    for item, result in done.loaded:
        log.debug(
            "loaded %s: report %s v%s (%s)",
            item.url,
            result.report_id,
            result.version,
            result.status,
        )
    return done
