"""One page image → blocks (prose lines and grid tables) with OCR text, confidence and boxes."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import cv2
import numpy as np

from pipelines.parse.formats.scan import borderless, grid, image, lines
from pipelines.parse.formats.scan.engine import Reading, Recogniser
from pipelines.parse.model import Block, Cell, Paragraph, Table

WORK_DPI = 200  # enough for 10.5 pt CJK (≈ 29 px glyphs, the recogniser's 48 px input)


#: a box in pixels: a line's (``lines.Box``) or a borderless cell's (``Cell.box``, floats)
_Box = tuple[float, float, float, float]


@dataclass(slots=True)
class PageResult:
    blocks: list[Block]
    angle: float
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Line:
    box: lines.Box
    kind: str = "segment"  # how the recogniser decodes it (engine.Recogniser.read)
    reading: Reading | None = None


@dataclass(slots=True)
class Layout:
    """Where the text of one page is: prose lines, and the lines of every merged cell."""

    clean: np.ndarray  # upright page at WORK_DPI with the table rulings painted out
    angle: float
    tables: list[grid.GridTable]
    prose: list[_Line]
    cells: list[list[list[_Line]]]  # table → span → lines
    to_points: Callable[[_Box], tuple[float, float, float, float]]

    def todo(self) -> list[_Line]:
        return self.prose + [ln for spans in self.cells for span in spans for ln in span]

    def crops(self) -> list[np.ndarray]:
        return [lines.crop(self.clean, ln.box, pad=4) for ln in self.todo()]


def segment(gray: np.ndarray, dpi: float) -> Layout:
    """Deskew the page, recover its tables and find every text line (no recognition)."""
    scale = WORK_DPI / dpi
    if abs(scale - 1) > 0.1:
        gray = cv2.resize(
            gray,
            None,
            fx=scale,
            fy=scale,
            interpolation=cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC,
        )
    else:
        scale = 1.0
    upright, angle = image.deskew(gray)
    mask = image.ink(upright)
    faint = image.ink(upright, faint=True)
    tables = grid.find_tables(faint, WORK_DPI)
    horiz, vert = grid.line_masks(faint, WORK_DPI)
    # rulings only count inside tables: outside them, long strokes are large or bold glyphs
    in_tables = np.zeros_like(mask)
    for t in tables:
        x0, y0, x1, y1 = t.box
        in_tables[max(0, y0 - 6) : y1 + 6, max(0, x0 - 6) : x1 + 6] = 255
    rulings = cv2.dilate(cv2.bitwise_or(horiz, vert), np.ones((3, 3), np.uint8))
    rulings = cv2.bitwise_and(rulings, in_tables)
    # outside tables, only strokes far longer than any glyph are rules (shading edges, rules
    # under headings); a large bold title keeps its strokes
    long_h = cv2.morphologyEx(
        mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (WORK_DPI // 2, 1))
    )
    long_v = cv2.morphologyEx(
        mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, int(WORK_DPI * 0.4)))
    )
    rulings = cv2.bitwise_or(
        rulings, cv2.dilate(cv2.bitwise_or(long_h, long_v), np.ones((5, 5), np.uint8))
    )
    text = lines.despeckle(cv2.bitwise_and(mask, cv2.bitwise_not(rulings)), min_area=12)
    clean = upright.copy()
    clean[rulings > 0] = 255
    min_h = int(WORK_DPI * 0.04)
    to_points = _point_mapper(gray.shape, angle, 72 / WORK_DPI)

    # prose: everything outside the tables
    prose_mask = text.copy()
    for t in tables:
        x0, y0, x1, y1 = t.box
        prose_mask[max(0, y0 - 4) : y1 + 4, max(0, x0 - 4) : x1 + 4] = 0
    h, w = prose_mask.shape
    # split at gaps wider than ~2 glyphs: prose stays whole, table columns come apart
    prose = [
        _Line(b)
        for b in lines.text_lines(prose_mask, (0, 0, w, h), min_h, word_gap=int(WORK_DPI * 0.14))
    ]
    # cells
    cell_lines: list[list[list[_Line]]] = []
    for t in tables:
        per_span = []
        for s in t.spans:
            x0, y0, x1, y1 = s.box
            inner = (x0 + 3, y0 + 3, max(x0 + 4, x1 - 2), max(y0 + 4, y1 - 2))
            found = lines.text_lines(text, inner, min_h)
            per_span.append([_Line(b, kind="cell") for b in found])
        cell_lines.append(per_span)
    return Layout(clean, angle, tables, prose, cell_lines, to_points)


def read_page(gray: np.ndarray, dpi: float, label: str, rec: Recogniser) -> PageResult:
    """OCR one greyscale page. ``label`` prefixes provenance ("page 2"); boxes are returned in
    the input image's pixels divided by ``dpi`` × 72, i.e. PDF points from the top-left."""
    layout = segment(gray, dpi)
    todo = layout.todo()
    readings = rec.read(layout.crops(), [ln.kind for ln in todo])
    for ln, r in zip(todo, readings, strict=True):
        ln.reading = r
    prose, tables, cell_lines, angle = layout.prose, layout.tables, layout.cells, layout.angle
    to_points = layout.to_points

    blocks: list[tuple[int, Block]] = []
    vlines = _visual_lines(prose, label)
    found, rest = borderless.split(vlines, min_gap=int(WORK_DPI * 0.3))
    for k, (y, table) in enumerate(found, start=len(tables) + 1):
        table.where = f"{label} table {k} (borderless)"
        table.rows = [
            [
                Cell(c.text, c.is_copy, c.confidence, to_points(c.box) if c.box else None)
                for c in row
            ]
            for row in table.rows
        ]
        blocks.append((y, table))
    for vl in rest:
        if vl.text:
            blocks.append((vl.y0, Paragraph(vl.text, vl.where)))
    for k, (t, per_span) in enumerate(zip(tables, cell_lines, strict=True), start=1):
        table = _table(t, per_span, f"{label} table {k}", to_points)
        if any(c.text for row in table.rows for c in row):  # a frame without text is no table
            blocks.append((t.box[1], table))
    blocks.sort(key=lambda b: b[0])
    notes = [
        f"{label}: deskewed by {angle:+.2f}°, {len(tables)} ruled and {len(found)} borderless table(s)"
    ]
    return PageResult([b for _, b in _join_prose(blocks)], angle, notes)


def _visual_lines(prose: list[_Line], label: str) -> list[borderless.VLine]:
    """Segments read outside ruled tables → visual lines (segments whose vertical centres
    agree within half a line height), top to bottom, each left to right."""
    segs = [ln for ln in prose if ln.reading is not None and ln.reading.text]
    if not segs:
        return []
    typical = float(np.median([ln.box[3] - ln.box[1] for ln in segs]))
    out: list[borderless.VLine] = []
    for ln in sorted(segs, key=lambda ln: (ln.box[1] + ln.box[3]) / 2):
        assert ln.reading is not None
        seg = borderless.Segment(ln.box, ln.reading.text, ln.reading.confidence)
        centre = (ln.box[1] + ln.box[3]) / 2
        if out and abs(centre - (out[-1].y0 + out[-1].y1) / 2) < typical / 2:
            line = out[-1]
            line.segments.append(seg)
            line.y0, line.y1 = min(line.y0, ln.box[1]), max(line.y1, ln.box[3])
        else:
            out.append(borderless.VLine(ln.box[1], ln.box[3], [seg]))
    for n, line in enumerate(out, start=1):
        line.segments.sort(key=lambda s: s.box[0])
        line.where = f"{label} line {n}"
    return out


def _cell_text(found: list[_Line]) -> tuple[str, float]:
    parts, confs = [], []
    for ln in found:
        assert ln.reading is not None
        if ln.reading.text:
            parts.append(ln.reading.text)
            confs.append(ln.reading.confidence)
    return "".join(parts), (min(confs) if confs else 1.0)


def _table(
    t: grid.GridTable,
    per_span: list[list[_Line]],
    where: str,
    to_points: Callable[[_Box], tuple[float, float, float, float]],
) -> Table:
    nrows, ncols = t.shape
    rows: list[list[Cell | None]] = [[None] * ncols for _ in range(nrows)]
    for s, found in zip(t.spans, per_span, strict=True):
        text, conf = _cell_text(found)
        box = to_points(s.box)
        for r in range(s.r0, s.r1 + 1):
            for c in range(s.c0, s.c1 + 1):
                rows[r][c] = Cell(text, is_copy=(r, c) != (s.r0, s.c0), confidence=conf, box=box)
    return Table([[c if c is not None else Cell("") for c in row] for row in rows], where)


def _join_prose(blocks: list[tuple[int, Block]]) -> list[tuple[int, Block]]:
    """Lines that wrap (no sentence end, next line not a heading) join into one paragraph."""
    out: list[tuple[int, Block]] = []
    for y, b in blocks:
        if (
            out
            and isinstance(b, Paragraph)
            and isinstance(out[-1][1], Paragraph)
            and _continues(out[-1][1].text, b.text)
        ):
            prev = out[-1][1]
            assert isinstance(prev, Paragraph)
            out[-1] = (
                out[-1][0],
                Paragraph(
                    prev.text + b.text, prev.where.split("-")[0] + "-" + b.where.rsplit(" ", 1)[-1]
                ),
            )
        else:
            out.append((y, b))
    return out


_HEADING = re.compile(
    r"^[一二三四五六七八九十]+、|^（[一二三四五六七八九十]+）|^\d{4}年\d{1,2}月\d{1,2}日$"
)


def _continues(prev: str, nxt: str) -> bool:
    if _HEADING.match(nxt) or (_HEADING.match(prev) and len(prev) < 30):
        return False
    return not prev.endswith(("。", "：", ":", "；", "！", "？"))


def _point_mapper(
    shape: tuple[int, int], angle: float, factor: float
) -> Callable[[_Box], tuple[float, float, float, float]]:
    """Upright-page pixel boxes → bounding boxes on the original page, in points."""
    h, w = shape
    inv = cv2.getRotationMatrix2D((w / 2, h / 2), -angle, 1.0)

    def to_points(box: _Box) -> tuple[float, float, float, float]:
        x0, y0, x1, y1 = box
        pts = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], dtype=np.float64)
        mapped = pts @ inv.T
        xs, ys = mapped[:, 0] * factor, mapped[:, 1] * factor
        return (
            round(float(xs.min()), 1),
            round(float(ys.min()), 1),
            round(float(xs.max()), 1),
            round(float(ys.max()), 1),
        )

    return to_points
