"""Parse one annual report: bytes → canonical report, findings and provenance.

``parse_bytes`` detects the kind of document from its bytes (``sniff.detect``), runs the
matching extractor from the route table (``formats.ROUTES``) and hands the blocks to
``parse_extracted`` (``interpret.report``), which every extractor (OCR included) shares:
metadata, the table interpreter, sections, validation and the template's identities. A report
read by OCR gets its review (``interpret.review``). Failures raise a ``ParseError`` subclass
whose message says what the document is (empty, not a report, truncated, no tables …).
"""

from __future__ import annotations

from pipelines.parse import errors, formats
from pipelines.parse.errors import NoTables, ParseError
from pipelines.parse.interpret.report import legacy_from_sections, parse_extracted
from pipelines.parse.interpret.review import review_ocr
from pipelines.parse.model import Block, Table
from pipelines.parse.result import PARSER_VERSION, ParseResult
from pipelines.parse.sniff import detect

__all__ = [
    "PARSER_VERSION",
    "ParseError",
    "ParseResult",
    "article_image_urls",
    "errors",
    "legacy_from_sections",
    "parse_bytes",
    "parse_extracted",
    "parse_html_with_images",
]


def parse_bytes(
    data: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    filename: str | None = None,
) -> ParseResult:
    """Parse the bytes of one document. ``url``/``filename`` are recorded, never trusted."""
    kind = detect(data)
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
        review_ocr(result, ex)
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
        review_ocr(result, ex)
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
