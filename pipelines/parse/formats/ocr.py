"""The OCR route: scanned (image-only) PDFs and table images cut from HTML pages.

Pages are rasterised at 200 dpi, deskewed, their ruled tables recovered from the rulings
(``scan.grid``) and every cell and prose line read with PP-OCR's recogniser (``scan.engine``,
models inside the rapidocr wheel, nothing downloaded). The result is an ``Extracted`` with
route ``ocr`` whose cells carry ``confidence`` and ``box`` (PDF points from the page's top-left
for PDFs, image pixels for ``extract_images``); ``Table.where`` names the page.

The interpreter maps labels to codes exactly as for digital documents; its review
(``interpret.review``) then marks a report ``needs_review`` when an identity fails or a value
was read unsurely.
"""

from __future__ import annotations

import re

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipelines.parse.errors import EmptyDocument, ParseError, TruncatedDocument, UnsupportedFormat
from pipelines.parse.formats.scan import continued
from pipelines.parse.formats.scan.engine import Recogniser
from pipelines.parse.formats.scan.image import decode
from pipelines.parse.formats.scan.page import WORK_DPI, PageResult, read_page
from pipelines.parse.model import Cell, Extracted, Table

__all__ = [
    "Recogniser",
    "assemble",
    "extract_images",
    "extract_pdf",
    "extract_scans",
    "image_pages",
    "needs_ocr_pdf",
]

#: A page whose text layer has fewer usable characters is treated as an image.
MIN_TEXT_CHARS = 30
#: An image covering this share of a page may hold a table even when the page has text.
LARGE_IMAGE_SHARE = 0.25

_USABLE = re.compile(r"[\u4e00-\u9fff0-9A-Za-z，。、；：（）()《》“”]")


def _open(data: bytes) -> pdfium.PdfDocument:
    if not data:
        raise EmptyDocument("empty PDF: zero bytes")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise TruncatedDocument(f"PDF could not be opened by pdfium ({exc}); re-fetch it") from exc


def _page_needs_ocr(page: pdfium.PdfPage) -> bool:
    textpage = page.get_textpage()
    try:
        text = textpage.get_text_range()
    finally:
        textpage.close()
    usable = len(_USABLE.findall(text))
    width, height = page.get_size()
    area = max(1.0, width * height)
    largest = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        largest = max(largest, (right - left) * (top - bottom) / area)
    if usable < MIN_TEXT_CHARS:
        return largest > 0.05 or usable == 0
    return largest >= LARGE_IMAGE_SHARE


def image_pages(data: bytes) -> list[int]:
    """1-based numbers of the pages that have no usable text layer or carry a large image."""
    doc = _open(data)
    try:
        out = []
        for i, page in enumerate(doc, start=1):
            if _page_needs_ocr(page):
                out.append(i)
            page.close()
        return out
    finally:
        doc.close()


def needs_ocr_pdf(data: bytes) -> bool:
    """True when some page of the PDF must be read from its image (scan, pasted table image)."""
    return bool(image_pages(data))


def _render(page: pdfium.PdfPage, dpi: int) -> np.ndarray:
    bitmap = page.render(scale=dpi / 72, grayscale=True)
    return np.array(bitmap.to_pil().convert("L"))


def extract_pdf(data: bytes, pages: list[int] | None = None) -> Extracted:
    """OCR the PDF's pages (default: all) into an ``Extracted`` with route ``ocr``."""
    doc = _open(data)
    rec = Recogniser()
    results: list[PageResult] = []
    try:
        for number, page in enumerate(doc, start=1):
            if pages is not None and number not in pages:
                page.close()
                continue
            gray = _render(page, WORK_DPI)
            page.close()
            results.append(read_page(gray, WORK_DPI, f"page {number}", rec))
    finally:
        doc.close()
    return assemble(results)


def extract_scans(pages: list[bytes], dpi: float = WORK_DPI) -> Extracted:
    """OCR loose page images (JPEG/PNG pages of one scanned report, in order)."""
    rec = Recogniser()
    results = []
    for number, data in enumerate(pages, start=1):
        try:
            gray = decode(data)
        except ValueError as exc:
            raise ParseError(f"page {number} of the scan is not a decodable image") from exc
        results.append(read_page(gray, dpi, f"page {number}", rec))
    return assemble(results)


def extract_image(data: bytes) -> Extracted:
    """One scanned page or table picture (JPEG/PNG/…) published on its own."""
    try:
        gray = decode(data)
    except ValueError as exc:
        raise UnsupportedFormat(
            "an image that cannot be decoded (truncated, or an image type OpenCV does not read)"
        ) from exc
    return extract_scans([data], dpi=_guess_dpi(gray))


def assemble(results: list[PageResult]) -> Extracted:
    """Pages read by ``read_page`` → one ``Extracted`` (tables cut by page breaks joined)."""
    blocks = continued.join_pages([r.blocks for r in results])
    if not blocks:
        raise EmptyDocument("OCR found no text on any page: the scan is blank or unreadable")
    notes = [n for r in results for n in r.notes]
    return Extracted(route="ocr", blocks=blocks, notes=notes)


def _guess_dpi(gray: np.ndarray) -> float:
    """Pasted table images carry no resolution: assume the table spans a text column
    (≈ 6.3 in on A4), so glyphs come out near the recogniser's size."""
    return float(min(300.0, max(72.0, gray.shape[1] / 6.3)))


def extract_images(images: list[bytes], where: list[str]) -> list[Table]:
    """OCR table images cut from a page (``<img>`` where the tables should be).

    ``where[i]`` labels image i ("img 2 (tables/t3.png)"); each ruled table found becomes a
    ``Table`` whose ``where`` is that label plus "table k". Undecodable images are skipped.
    """
    if len(images) != len(where):
        raise ValueError("extract_images needs one 'where' label per image")
    rec = Recogniser()
    out: list[Table] = []
    for data, label in zip(images, where, strict=True):
        try:
            gray = decode(data)
        except ValueError:
            continue
        dpi = _guess_dpi(gray)
        result = read_page(gray, dpi, label, rec)
        tables = [b for b in result.blocks if isinstance(b, Table)]
        # boxes from read_page are points at the guessed dpi; report them in image pixels
        factor = dpi / 72
        for t in tables:
            t.rows = [[_scale(c, factor) for c in row] for row in t.rows]
        out.extend(tables)
    return out


def _scale(cell: Cell, factor: float) -> Cell:
    if cell.box is None:
        return cell
    x0, y0, x1, y1 = (round(v * factor, 1) for v in cell.box)
    return Cell(cell.text, cell.is_copy, cell.confidence, (x0, y0, x1, y1))
