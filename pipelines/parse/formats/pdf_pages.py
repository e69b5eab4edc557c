"""The raw material of a PDF page, read with PDFium (pypdfium2): characters and ruling edges.

PDFium parses content streams in C, about ten times faster than pdfminer, which matters for
100-page reports. Coordinates are top-down (``top`` grows down the page) as in pdfplumber, so
its table geometry functions can run on the edges found here.

``Char``: one visible glyph with its loose box (font ascent to descent), so lines of a
paragraph have one height whatever the glyph. ``edges``: every horizontal or vertical segment
of every path (stroked lines, and the sides of filled rectangles that Word and WPS draw as
table borders), in pdfplumber's edge-dict shape.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pipelines.parse.errors import EncryptedDocument, TruncatedDocument

_SEGMENT_LINETO, _SEGMENT_BEZIERTO, _SEGMENT_MOVETO = 0, 1, 2
_SKIP = {"\r", "\n", "\x00", "\ufffe", "\uffff", "\x02"}


@dataclass(frozen=True, slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def size(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class PageData:
    number: int
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    unmapped: int = 0  # glyphs without a Unicode value (fonts without ToUnicode)
    broken: bool = False  # PDFium could not load the page


def open_document(data: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise EncryptedDocument(
                "the PDF is password-protected; it cannot be read without the password"
            ) from exc
        raise TruncatedDocument(
            f"the PDF cannot be read ({message}); it is truncated or corrupt"
        ) from exc


def page_count(doc: Any) -> int:
    return len(doc)


def pages(doc: Any) -> Iterator[PageData]:
    """Each page's chars and edges; the PDFium page is closed before the next is loaded."""
    import pypdfium2 as pdfium

    for index in range(len(doc)):
        try:
            page = doc[index]
        except pdfium.PdfiumError:
            yield PageData(number=index + 1, width=0.0, height=0.0, broken=True)
            continue
        try:
            yield read_page(page, index + 1)
        finally:
            page.close()


def read_page(page: Any, number: int) -> PageData:
    raw_chars, unmapped = _read_chars(page)
    transform, width, height = _orientation(page, raw_chars)
    data = PageData(number=number, width=width, height=height, unmapped=unmapped)
    for text, left, bottom, right, top, _angle in raw_chars:
        (x0, t0), (x1, t1) = transform(left, bottom), transform(right, top)
        data.chars.append(Char(text, min(x0, x1), max(x0, x1), min(t0, t1), max(t0, t1)))
    _read_edges(page, data, transform)
    return data


Transform = Callable[[float, float], tuple[float, float]]
_QUARTER_TURNS: dict[int, Callable[[float, float], tuple[float, float]]] = {
    0: lambda x, y: (x, y),
    1: lambda x, y: (-y, x),
    2: lambda x, y: (-x, -y),
    3: lambda x, y: (y, -x),
}


def _orientation(
    page: Any, chars: list[tuple[str, float, float, float, float, float]]
) -> tuple[Transform, float, float]:
    """User space (y up) → top-down coordinates in which most text runs left to right.

    Pages printed to PDF in landscape often draw their text turned by a quarter turn (and set
    /Rotate so that it shows upright); reading in user space would see columns of text."""
    angles = sorted(a for *_rest, a in chars)
    turns = round(angles[len(angles) // 2] / (math.pi / 2)) % 4 if angles else 0
    turn = _QUARTER_TURNS[turns]
    mx0, my0, mx1, my1 = page.get_mediabox()
    corners = [turn(x, y) for x in (mx0, mx1) for y in (my0, my1)]
    bx0, bx1 = min(c[0] for c in corners), max(c[0] for c in corners)
    by1 = max(c[1] for c in corners)
    by0 = min(c[1] for c in corners)

    def transform(x: float, y: float) -> tuple[float, float]:
        tx, ty = turn(x, y)
        return tx - bx0, by1 - ty

    return transform, bx1 - bx0, by1 - by0


def _read_chars(page: Any) -> tuple[list[tuple[str, float, float, float, float, float]], int]:
    """(text, left, bottom, right, top, angle) in user space, and the count of unmapped glyphs."""
    import pypdfium2.raw as raw

    out: list[tuple[str, float, float, float, float, float]] = []
    unmapped = 0
    textpage = page.get_textpage()
    try:
        handle = textpage.raw
        rect = raw.FS_RECTF()
        for i in range(raw.FPDFText_CountChars(handle)):
            code = raw.FPDFText_GetUnicode(handle, i)
            if raw.FPDFText_IsGenerated(handle, i):
                continue
            text = chr(code) if code else ""
            if not text or text in _SKIP:
                if code in (0, 0xFFFE, 0xFFFF):
                    unmapped += 1
                continue
            if text.isspace():
                continue
            if 0xE000 <= code <= 0xF8FF:  # private use: a glyph id, not a character
                unmapped += 1
                continue
            if not raw.FPDFText_GetLooseCharBox(handle, i, rect):
                continue
            angle = raw.FPDFText_GetCharAngle(handle, i)
            out.append(
                (
                    text,
                    rect.left,
                    min(rect.bottom, rect.top),
                    rect.right,
                    max(rect.bottom, rect.top),
                    angle if angle >= 0 else 0.0,
                )
            )
    finally:
        textpage.close()
    return out, unmapped


def _matrix(obj: Any) -> tuple[float, float, float, float, float, float]:
    """The object's matrix composed with those of the form XObjects that hold it."""
    a, b, c, d, e, f = obj.get_matrix().get()
    parent = getattr(obj, "container", None)
    while parent is not None and hasattr(parent, "get_matrix"):
        pa, pb, pc, pd, pe, pf = parent.get_matrix().get()
        a, b, c, d, e, f = (
            a * pa + b * pc,
            a * pb + b * pd,
            c * pa + d * pc,
            c * pb + d * pd,
            e * pa + f * pc + pe,
            e * pb + f * pd + pf,
        )
        parent = getattr(parent, "container", None)
    return a, b, c, d, e, f


def _read_edges(page: Any, out: PageData, transform: Transform) -> None:
    import pypdfium2.raw as raw

    x, y = ctypes.c_float(), ctypes.c_float()
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=4):
        a, b, c, d, e, f = _matrix(obj)
        start: tuple[float, float] | None = None
        prev: tuple[float, float] | None = None
        for k in range(raw.FPDFPath_CountSegments(obj.raw)):
            segment = raw.FPDFPath_GetPathSegment(obj.raw, k)
            if not raw.FPDFPathSegment_GetPoint(segment, x, y):
                continue
            point = transform(a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            kind = raw.FPDFPathSegment_GetType(segment)
            if kind == _SEGMENT_MOVETO:
                start = prev = point
                continue
            if kind == _SEGMENT_LINETO and prev is not None:
                _add_edge(out.edges, prev, point)
            prev = point
            if raw.FPDFPathSegment_GetClose(segment) and start is not None:
                _add_edge(out.edges, point, start)
                prev = start


def _add_edge(edges: list[dict[str, Any]], p: tuple[float, float], q: tuple[float, float]) -> None:
    (x0, y0), (x1, y1) = p, q
    if abs(y1 - y0) < 0.5 and abs(x1 - x0) >= 1:
        left, right = min(x0, x1), max(x0, x1)
        y = (y0 + y1) / 2
        edges.append(
            {
                "x0": left,
                "x1": right,
                "top": y,
                "bottom": y,
                "width": right - left,
                "height": 0.0,
                "orientation": "h",
                "object_type": "line",
            }
        )
    elif abs(x1 - x0) < 0.5 and abs(y1 - y0) >= 1:
        top, bottom = min(y0, y1), max(y0, y1)
        xm = (x0 + x1) / 2
        edges.append(
            {
                "x0": xm,
                "x1": xm,
                "top": top,
                "bottom": bottom,
                "width": 0.0,
                "height": bottom - top,
                "orientation": "v",
                "object_type": "line",
            }
        )
