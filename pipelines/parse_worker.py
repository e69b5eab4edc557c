"""What runs inside a parse worker process: one document's parse, and the worker's warm-up.

Kept apart from ``crawler.pipelines`` (which imports Scrapy and Twisted) so that a spawned worker
imports only the parser: the pool's functions are pickled by module path, and every worker
imports the module that defines them.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

# The extractors the crawl meets on almost every run; imported before the first document.
_WARM_MODULES = (
    "pipelines.parse.sniff",
    "pipelines.parse.formats.html",
    "pipelines.parse.formats.docx",
    "pipelines.parse.formats.pdf",
)


@dataclass(slots=True)
class Parsed:
    """A parse result that crosses the process boundary as plain data."""

    ok: bool
    report: dict[str, Any] | None = None
    findings: list[dict[str, Any]] = field(default_factory=list)
    provenance: dict[str, Any] | None = None
    parser_version: str | None = None
    route: str | None = None
    reason: str = ""
    detail: str = ""
    # An HTML report page without (some of) its tables: its article's <img> URLs, which may be
    # the tables pasted as pictures (fetch them and call ``parse_document_with_images``).
    images: list[str] = field(default_factory=list)


def parse_document(
    data: bytes, url: str | None, content_type: str | None, filename: str | None
) -> Parsed:
    """Run the parser on one document (in a worker process)."""
    from pipelines.parse import parse_bytes
    from pipelines.parse.errors import ParseError

    try:
        res = parse_bytes(data, url=url, content_type=content_type, filename=filename)
    except ParseError as exc:
        parsed = Parsed(ok=False, reason=exc.reason, detail=str(exc)[:2000])
        if exc.reason == "no_tables":
            parsed.images = _article_images(data, url, content_type)
        return parsed
    except Exception as exc:  # a parser bug must not stop the crawl: record it
        return Parsed(ok=False, reason="parser_crash", detail=f"{type(exc).__name__}: {exc}"[:2000])
    parsed = _parsed(res)
    if res.route == "html" and any(f["rule"] == "parse:missing_table" for f in parsed.findings):
        parsed.images = _article_images(data, url, content_type)
    return parsed


def parse_document_with_images(
    data: bytes, images: dict[str, bytes], url: str | None, content_type: str | None
) -> Parsed:
    """An HTML report page parsed with its article images read by OCR (in a worker process)."""
    from pipelines.parse import parse_html_with_images
    from pipelines.parse.errors import ParseError

    try:
        res = parse_html_with_images(data, images, url=url, content_type=content_type)
    except ParseError as exc:
        return Parsed(ok=False, reason=exc.reason, detail=str(exc)[:2000])
    except Exception as exc:  # a parser bug must not stop the crawl: record it
        return Parsed(ok=False, reason="parser_crash", detail=f"{type(exc).__name__}: {exc}"[:2000])
    return _parsed(res)


def _parsed(res: Any) -> Parsed:
    findings = [f.to_json() if hasattr(f, "to_json") else dict(f) for f in (res.findings or ())]
    return Parsed(
        ok=True,
        report=res.report,
        findings=findings,
        provenance=dict(res.provenance or {}),
        parser_version=res.parser_version,
        route=res.route,
    )


def _article_images(data: bytes, url: str | None, content_type: str | None) -> list[str]:
    from pipelines.parse import article_image_urls
    from pipelines.parse.sniff import detect

    try:
        return article_image_urls(data, url, content_type) if detect(data) == "html" else []
    except Exception as exc:  # only a hint: the page's own failure is what gets recorded
        log.debug("no article images for %s: %s", url, exc)
        return []


def watch_parent(parent: int, interval: float = 2.0) -> None:
    """Pool initializer. A worker whose parent was killed outright (SIGKILL) is never told to
    stop: it would live on, with its LibreOffice. Poll the parent; when it is gone, stop both."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(interval)
        from pipelines.parse import soffice

        if soffice._default is not None:
            with contextlib.suppress(Exception):
                soffice._default.close()
        os._exit(0)

    threading.Thread(target=watch, name="gongkai-parent-watch", daemon=True).start()


def warm() -> str:
    """Import the parser and its common extractors before the first document arrives."""
    import pipelines.parse

    for name in _WARM_MODULES:
        # a missing optional extractor fails later, on its own documents
        with contextlib.suppress(ImportError):
            importlib.import_module(name)
    return pipelines.parse.PARSER_VERSION


def warm_office() -> bool:
    """``warm()``, then start this worker's LibreOffice (seconds of start-up) so the first
    DOC/WPS of the crawl does not wait for it. False when LibreOffice is not available."""
    from pipelines.parse import soffice
    from pipelines.parse.errors import ConversionFailed

    warm()
    try:
        soffice.converter().start()
    except ConversionFailed as exc:  # the first DOC/WPS reports it, as it did without warming
        log.debug("LibreOffice not started ahead of the first DOC/WPS: %s", exc)
        return False
    return True
