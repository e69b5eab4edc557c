"""Parse one annual report: bytes → canonical report, findings and provenance.

``parse_bytes`` detects the kind of document from its bytes, runs the matching extractor from
the route table (``formats.ROUTES``) and hands the blocks to ``parse_extracted``, which every
extractor (OCR included) shares: metadata, the table interpreter, sections, validation and the
template's identities. Failures raise a ``ParseError`` subclass whose message says what the
document is (empty, not a report, truncated, no tables …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gongkai.core.report import Finding, Report, ReportFormatError, check_identities, validate
from pipelines.parse import errors
from pipelines.parse.errors import NoTables, NotAReport, ParseError, TruncatedDocument
from pipelines.parse.model import Block, Extracted, Table

#: Bump when the same bytes may parse differently; stored beside every parsed version.
PARSER_VERSION = "1.0.0"

__all__ = [
    "PARSER_VERSION",
    "ParseError",
    "ParseResult",
    "article_image_urls",
    "errors",
    "parse_bytes",
    "parse_extracted",
    "parse_html_with_images",
]

_FORMAT_2019_TEXT = re.compile(r"国办公开办函\s*[〔\[(（【]\s*2019\s*[〕\])）】]\s*60\s*号")


@dataclass(slots=True)
class ParseResult:
    report: Report
    findings: list[Finding]
    provenance: dict[str, Any]
    route: str
    parser_version: str = PARSER_VERSION
    text: str = field(
        default="", repr=False
    )  # the document's full text, for prose reports and search

    def to_json(self) -> dict[str, Any]:
        """The canonical report plus ``findings`` and ``provenance``, as ``gongkai parse --json`` prints it."""
        return {
            **self.report,
            "findings": [f.to_json() for f in self.findings],
            "provenance": self.provenance,
        }


def _sniff(data: bytes) -> str:
    """Used only when the detect module cannot be imported."""
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not data.strip():
        raise errors.EmptyDocument("the document is empty (0 bytes or only whitespace)")
    if head.startswith(b"%pdf"):
        return "pdf"
    if head.startswith(b"pk\x03\x04"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "doc"
    if head.startswith(b"<") or b"<html" in head or b"<table" in head:
        return "html"
    return "text"


def detect_kind(data: bytes) -> str:
    try:
        from pipelines.parse.sniff import detect
    except ImportError:
        return _sniff(data)
    return detect(data)


def parse_bytes(
    data: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    filename: str | None = None,
) -> ParseResult:
    """Parse the bytes of one document. ``url``/``filename`` are recorded, never trusted."""
    from pipelines.parse import formats

    kind = detect_kind(data)
    ex, fallbacks = formats.extract(kind, data, content_type=content_type)
    try:
        result = parse_extracted(ex)
    except NoTables:
        # A text layer for the prose, but the tables were pasted as images: read those pages by OCR.
        if kind != "pdf" or ex.route == "ocr":
            raise
        from pipelines.parse.formats import ocr

        if not ocr.image_pages(data):
            raise
        ex = ocr.extract_pdf(data)
        fallbacks.append("pdf: the tables are images, read by OCR")
        result = parse_extracted(ex)
    if ex.route == "ocr":
        _review_ocr(result, ex)
    result.provenance["kind"] = kind
    if fallbacks:
        result.provenance.setdefault("fallbacks", []).extend(
            {"kind": "route", "detail": f} for f in fallbacks
        )
    if url or filename:
        result.provenance["source"] = {
            k: val for k, val in (("url", url), ("filename", filename)) if val
        }
    return result


def article_image_urls(
    data: bytes, url: str | None = None, content_type: str | None = None
) -> list[str]:
    """The fetchable (http/https) ``<img>`` URLs of an HTML page's article, in reading order,
    resolved against ``url``: what a crawler fetches for ``parse_html_with_images``."""
    from urllib.parse import urljoin, urlsplit

    from pipelines.parse.formats import html

    ex = html.extract(data, content_type, images=True)
    out: list[str] = []
    for block in ex.blocks:
        if isinstance(block, html.ImageSlot):
            full = urljoin(url or "", block.src)
            if urlsplit(full).scheme in ("http", "https") and full not in out:
                out.append(full)
    return out


def parse_html_with_images(
    data: bytes,
    images: dict[str, bytes],
    *,
    url: str | None = None,
    content_type: str | None = None,
) -> ParseResult:
    """An HTML report page whose tables are pasted as ``<img>``: each article image is read by
    OCR (``images`` maps the resolved URL to its bytes; ``data:`` URIs are decoded in place)
    and its tables take the image's place among the headings, then the page is interpreted
    as usual. The route stays ``html``; ``provenance["ocr_images"]`` says which tables came
    from which image, and OCR review findings are added as for scans."""
    from urllib.parse import urljoin

    from pipelines.parse.formats import html, ocr

    ex = html.extract(data, content_type, images=True)
    slots = [b for b in ex.blocks if isinstance(b, html.ImageSlot)]
    sources: dict[str, str] = {}  # slot label → resolved URL
    batch: list[bytes] = []
    labels: list[str] = []
    for slot in slots:
        src = slot.src if slot.src.startswith("data:") else urljoin(url or "", slot.src)
        sources[slot.where] = src
        body = _data_uri(src) if src.startswith("data:") else images.get(src)
        if body:
            batch.append(body)
            labels.append(f"{slot.where} ({src[:80]})")
    tables = ocr.extract_images(batch, labels) if batch else []
    read: dict[str, list[Table]] = {}
    for table in tables:
        label = next(lab for lab in labels if table.where.startswith(lab + " "))
        read.setdefault(label.split(" (", 1)[0], []).append(table)
    blocks: list[Block] = []
    for block in ex.blocks:
        if isinstance(block, html.ImageSlot):
            blocks.extend(read.get(block.where, []))
        else:
            blocks.append(block)
    ex.blocks = blocks
    ex.notes.append(
        f"{len(slots)} article image(s), {len(batch)} available, "
        f"{len(tables)} table(s) read from them by OCR"
    )
    result = parse_extracted(ex)
    result.provenance["kind"] = "html"
    result.provenance["ocr_images"] = [
        {
            "img": slot.where,
            "src": sources[slot.where][:200],
            "fetched": slot.where in {lab.split(" (", 1)[0] for lab in labels},
            "tables": [t.where for t in read.get(slot.where, [])],
        }
        for slot in slots
    ]
    if tables:
        _review_ocr(result, ex)
    if url:
        result.provenance["source"] = {"url": url}
    return result


def _data_uri(src: str) -> bytes | None:
    import base64
    import binascii
    from urllib.parse import unquote_to_bytes

    head, _, payload = src.partition(",")
    try:
        return base64.b64decode(payload) if head.endswith(";base64") else unquote_to_bytes(payload)
    except (binascii.Error, ValueError):
        return None


def parse_extracted(ex: Extracted) -> ParseResult:
    """Interpret the blocks of one document (any extractor) as a canonical report."""
    from pipelines.parse.interpret.meta import looks_like_report, read_meta
    from pipelines.parse.interpret.sections import headings, split_sections
    from pipelines.parse.interpret.tables import detected_format, interpret, shaped

    full_text = ex.text()
    if not full_text.strip():
        raise errors.EmptyDocument(f"the {ex.route} document holds no text")
    meta = read_meta(ex, full_text)
    hint = "2019" if _FORMAT_2019_TEXT.search(full_text) or meta.year in (2019, 2020) else "2021"
    tables = interpret(ex, hint)
    sections = split_sections(ex)
    found = [t for t in ("proactive", "requests", "appeals") if t in tables.found]
    is_report = looks_like_report(meta.title, full_text)
    if found and meta.year is not None and meta.year < 2019 and is_report:
        found = []  # before 2019 there was no template: own tables are prose, not the canonical tables
    if not found:
        chars = _cjk_count(full_text)
        if ("附件" in full_text and chars < 300) or chars < 40:
            what = (
                "a notice that links to the report as an attachment (附件): parse the attachment"
                if "附件" in full_text
                else "too short to be an annual report"
            )
            raise NotAReport(
                f"not an annual report itself: {_describe(meta.title, full_text)} is {what}"
            )
        if not is_report:
            raise NotAReport(
                f"not an annual report: {_describe(meta.title, full_text)} has no 政府信息公开工作年度报告 "
                "title and none of the report's tables"
            )
        if meta.year is None:
            raise NotAReport(
                f"not an annual report itself: {_describe(meta.title, full_text)} names no report year and "
                "holds none of the report's tables (a list or notice page?)"
            )
        if meta.year >= 2019:
            raise NoTables(
                f"an annual report ({_describe(meta.title, full_text)}) whose statistical tables were not "
                "found in the text: tables drawn as images need OCR"
            )
    if meta.agency is None or meta.year is None:
        missing = " and ".join(
            n for n, val in (("agency", meta.agency), ("year", meta.year)) if val is None
        )
        raise NotAReport(
            f"cannot tell the report's {missing} ({_describe(meta.title, full_text)}): "
            "no title with 20XX年 and no signature block"
        )
    fmt = detected_format(tables, hint) if found else "prose"
    missing_tables = [t for t in ("proactive", "requests", "appeals") if t not in found]
    if found and missing_tables and not ({"problems", "other"} & headings(ex)):
        raise TruncatedDocument(
            f"the document stops before table(s) {', '.join(missing_tables)} and sections 五、六: "
            "it looks cut off (a partial download?)"
        )
    report: dict[str, Any] = {
        "agency": meta.agency,
        "year": meta.year,
        "format": fmt,
        "published": meta.published,
    }
    if found:
        report.update(shaped(tables, fmt))
    if sections:
        report["sections"] = sections
    try:
        report = validate(report)
    except ReportFormatError as exc:  # pragma: no cover - the interpreter only emits valid cells
        raise ParseError(f"the parsed report does not validate: {exc}") from exc
    findings = check_identities(report) if found else []
    findings += [
        Finding(f"parse:{n['kind']}", f"{n['where']}: {n['detail']}") for n in tables.notes
    ]
    findings += [
        Finding("parse:missing_table", f"table {t} was not found") for t in missing_tables if found
    ]
    provenance = {
        "route": ex.route,
        "format": fmt,
        "tables": tables.found,
        "fallbacks": list(tables.notes),
        "meta": meta.sources,
        "extractor_notes": list(ex.notes),
    }
    return ParseResult(report, findings, provenance, ex.route, PARSER_VERSION, full_text)


def _review_ocr(result: ParseResult, ex: Extracted) -> None:
    """An OCR read is never presented as clean: unsure cells and broken identities become
    ``needs_review`` findings, and the per-cell confidences go into the provenance."""
    from pipelines.parse.formats import ocr

    result.provenance["ocr"] = {
        "review_confidence": ocr.REVIEW_CONFIDENCE,
        "low_confidence_cells": ocr.low_confidence_cells(ex),
    }
    result.findings.extend(ocr.review_findings(result, ex))


def _cjk_count(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def _describe(title: str | None, text: str) -> str:
    if title:
        return f"“{title[:40]}”"
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return f"a document starting “{first[:30]}”"
