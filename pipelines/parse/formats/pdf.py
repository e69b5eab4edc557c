"""Text PDF → ``Extracted``, page by page (route ``pdf-text``).

Characters and ruling lines are read with PDFium (``pdf_pages``); tables are found from the
ruling lines with pdfplumber's geometry (edges → intersections → cells → tables, its ``lines``
strategy). Each cell's bounding box
is placed on the table's grid of distinct x and y edges, so a merged cell becomes its origin
plus ``is_copy`` positions. Text wrapped inside a cell
is joined (no separator between CJK characters, so a vertical label written one character per
line reads as one word). A one-column "table" is a frame drawn around prose and is read as
paragraphs. Text outside tables becomes paragraphs in reading order: lines are joined into a
paragraph while they run to the right margin; page numbers (``- 4 -``, ``第4页``) are dropped.

A table that starts a page, right after a table that ended the previous page, with the same
number of columns, is appended to it (one ``Table`` block, provenance ``pages 3-4``); in the
first continued row an empty cell in a label column repeats the cell above it as a copy (a
vertical merge cut by the page break). So is one with more columns whose column lines include
all of the earlier part's (a break a few rows into a table, above which fewer column lines
were drawn): the earlier part is set on the wider columns first. A row cut by the break gets
its whole label, and a figure cut there its last digits (``14,50`` / ``5``). Other tables whose
widths differ stay separate blocks.

Scanned PDFs (no text layer) raise ``NoTables`` saying OCR is needed; ``has_text_layer`` lets
a caller test that first. Pages without ruling lines that hold aligned columns of numbers are
read by ``borderless`` clustering of word positions.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from pipelines.parse.cells import read_token
from pipelines.parse.errors import NoTables, TruncatedDocument
from pipelines.parse.formats.pdf_pages import Char, PageData, open_document, pages
from pipelines.parse.model import Block, Cell, Extracted, Paragraph, Table

_TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－_ ]*\s*\d{1,4}\s*[-—–－_ ]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$"
)
_MARKER = re.compile(r"^\s*[（(一二三四五六七八九十\d]")
_NUMERIC = re.compile(r"^[\s\d.,，%\-—–]*$")
_OPEN_GROUP = re.compile(r"\d,\d{0,2}$")


def _check_complete(data: bytes) -> None:
    if data.rfind(b"%%EOF") == -1:
        raise TruncatedDocument(
            f"the PDF has no %%EOF marker: it is truncated ({len(data)} bytes) - fetch it again"
        )


def has_text_layer(data: bytes, *, min_chars: int = 20) -> bool:
    """True when the PDF holds real text (not only scanned images or unmapped glyphs)."""
    _check_complete(data)
    doc = open_document(data)
    try:
        total = 0
        for page in pages(doc):
            total += len(page.chars)
            if total >= min_chars:
                return True
        return False
    finally:
        doc.close()


def extract(data: bytes) -> Extracted:
    """Tables and paragraphs of a text PDF; see the module docstring for the rules."""
    _check_complete(data)
    doc = open_document(data)
    blocks: list[Block] = []
    notes: list[str] = []
    text_chars = unmapped = 0
    try:
        title = _meta_title(doc)
        previous: PageBlocks | None = None
        waiting: Prepared | None = None  # a page whose paragraphs wait for the next page's tables

        def emit(current: PageBlocks, number: int) -> None:
            nonlocal previous
            for i, block in enumerate(current.blocks):
                last = blocks[-1] if blocks else None
                if (
                    i == 0
                    and previous is not None
                    and previous.ends_in_table
                    and isinstance(block, Table)
                    and isinstance(last, Table)
                    and (last.width == block.width or _widen(last, block))
                ):
                    _append(last, block)
                    notes.append(f"table continued on page {number} joined to the previous one")
                elif (
                    i == 0
                    and previous is not None
                    and previous.last_runs_on
                    and current.first_continues
                    and isinstance(block, Paragraph)
                    and isinstance(last, Paragraph)
                ):
                    blocks[-1] = Paragraph(_join_lines([last.text, block.text]), where=last.where)
                else:
                    blocks.append(block)
            if current.blocks:
                previous = current

        for page in _pages(doc):
            number = page.number
            if page.broken:
                notes.append(f"page {number} cannot be loaded (damaged); skipped")
                continue
            prepared = _prepare(page)
            text_chars += len(page.chars)
            unmapped += page.unmapped
            if _borderless(prepared, waiting) and waiting is not None:
                notes.append(
                    f"table headings at the end of page {waiting.number} read with the table on page {number}"
                )
            if waiting is not None:
                emit(_finish(waiting), waiting.number)
            waiting = prepared
        if waiting is not None:
            emit(_finish(waiting), waiting.number)
    finally:
        doc.close()
    if notes and all("cannot be loaded" in n for n in notes) and not blocks:
        raise TruncatedDocument("no page of the PDF can be loaded; it is truncated or corrupt")
    if text_chars < 20:
        what = "its fonts have no Unicode mapping" if unmapped >= 20 else "no text layer"
        raise NoTables(
            f"scanned PDF: {what}, it needs OCR (pipelines.parse.formats.pdf.has_text_layer is False)"
        )
    return Extracted(route="pdf-text", blocks=blocks, title=title, notes=notes)


def _pages(doc: Any) -> Iterator[PageData]:
    try:
        yield from pages(doc)
    except (OSError, ValueError) as exc:
        raise TruncatedDocument(f"a page of the PDF cannot be read ({exc}); it is corrupt") from exc


def _meta_title(doc: Any) -> str | None:
    try:
        title = doc.get_metadata_dict().get("Title")
    except Exception:  # metadata is optional; a broken info dict is not a broken document
        return None
    if not isinstance(title, str):
        return None
    title = title.strip().strip("\x00")
    return title or None


# ---------------------------------------------------------------- one page


@dataclass(slots=True)
class PageBlocks:
    blocks: list[Block]
    chars: int
    ends_in_table: bool
    first_continues: bool  # the first paragraph may continue the previous page's last one
    last_runs_on: bool  # the last paragraph reaches the right margin


def _find_tables(page: PageData) -> list[list[tuple[float, float, float, float]]]:
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )

    if not page.edges:
        return []
    edges = merge_edges(
        page.edges, snap_x_tolerance=3, snap_y_tolerance=3, join_x_tolerance=3, join_y_tolerance=3
    )
    edges = [e for e in edges if (e["width"] if e["orientation"] == "h" else e["height"]) >= 3]
    intersections = edges_to_intersections(edges, 3, 3)
    closing = _closing_sides(edges, intersections)
    if closing:
        edges = edges + closing
        intersections = edges_to_intersections(edges, 3, 3)
    return cells_to_tables(intersections_to_cells(intersections))


def _closing_sides(
    edges: list[dict[str, Any]], intersections: dict[Any, Any]
) -> list[dict[str, Any]]:
    """Vertical edges for tables drawn with open sides (no line at the left or right edge).

    Edges that cross form a table's frame; where the frame's rows reach further left (right)
    than any of its vertical lines, a vertical line is added from the first to the last of
    those rows, so the outer column's cells close."""
    index = {id(e): i for i, e in enumerate(edges)}
    parent = list(range(len(edges)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for crossing in intersections.values():
        ids = [index[id(e)] for e in crossing["v"] + crossing["h"] if id(e) in index]
        for i in ids[1:]:
            parent[find(i)] = find(ids[0])
    groups: dict[int, list[dict[str, Any]]] = {}
    for i, e in enumerate(edges):
        groups.setdefault(find(i), []).append(e)
    added: list[dict[str, Any]] = []
    for group in groups.values():
        hs = [e for e in group if e["orientation"] == "h"]
        vs = [e for e in group if e["orientation"] == "v"]
        if len(hs) < 2 or not vs:
            continue
        for x, reach in ((min(e["x0"] for e in hs), "x0"), (max(e["x1"] for e in hs), "x1")):
            rows = [e for e in hs if abs(e[reach] - x) <= 3]
            if len(rows) < 2:
                continue
            top, bottom = min(e["top"] for e in rows), max(e["top"] for e in rows)
            covered = sum(
                min(v["bottom"], bottom) - max(v["top"], top)
                for v in vs
                if abs(v["x0"] - x) <= 3 and v["bottom"] > top and v["top"] < bottom
            )
            if covered >= (bottom - top) - 3:
                continue
            added.append(
                {
                    "x0": x,
                    "x1": x,
                    "top": top,
                    "bottom": bottom,
                    "width": 0.0,
                    "height": bottom - top,
                    "orientation": "v",
                    "object_type": "line",
                }
            )
    return added


@dataclass(slots=True)
class Prepared:
    """One page between its table search and its paragraphs."""

    number: int
    tables: list[tuple[float, float, Table]]
    remaining: list[Char]  # characters outside every table
    tail: list[tuple[Line, list[Char]]]  # last lines that may head a table on the next page


def _prepare(page: PageData) -> Prepared:
    """The page's ruled tables and the characters left outside them."""
    number = page.number
    tables: list[tuple[float, float, Table]] = []
    remaining = page.chars
    for i, cells in enumerate(_find_tables(page), start=1):
        bbox = (
            min(c[0] for c in cells),
            min(c[1] for c in cells),
            max(c[2] for c in cells),
            max(c[3] for c in cells),
        )
        inside, remaining = _split(remaining, bbox)
        table = _grid(cells, inside, f"page {number} table {i}")
        if table is None:
            remaining = remaining + inside  # a frame around prose: its text stays prose
            continue
        tables.append((bbox[1], bbox[3], table))
    return Prepared(number, tables, remaining, [])


def _finish(prepared: Prepared) -> PageBlocks:
    """Blocks of one page in reading order, with what page joining needs to know."""
    lines = [ln for ln in _lines(prepared.remaining) if not _PAGE_NUMBER.match(ln.text)]
    paragraphs, continues, runs_on = _paragraphs(lines, prepared.number)
    items: list[tuple[float, Block]] = [(top, table) for top, _bottom, table in prepared.tables]
    items.extend(paragraphs)
    items.sort(key=lambda item: item[0])
    blocks = [block for _top, block in items]
    ends_in_table = bool(blocks) and isinstance(blocks[-1], Table)
    return PageBlocks(
        blocks,
        len(prepared.remaining),
        ends_in_table,
        bool(blocks) and isinstance(blocks[0], Paragraph) and continues,
        bool(blocks) and isinstance(blocks[-1], Paragraph) and runs_on,
    )


def _split(
    chars: list[Char], bbox: tuple[float, float, float, float]
) -> tuple[list[Char], list[Char]]:
    x0, top, x1, bottom = bbox
    inside: list[Char] = []
    outside: list[Char] = []
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        (inside if x0 <= cx <= x1 and top <= cy <= bottom else outside).append(ch)
    return inside, outside


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def _lines(chars: list[Char]) -> list[Line]:
    """Characters grouped into lines (by vertical centre), each read left to right."""
    return [line for line, _group in _line_groups(chars)]


def _line_groups(chars: list[Char]) -> list[tuple[Line, list[Char]]]:
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: (c.top + c.bottom) / 2)
    groups: list[list[Char]] = []
    centre = -1e9
    for ch in ordered:
        mid = (ch.top + ch.bottom) / 2
        if groups and abs(mid - centre) <= max(ch.size, 1.0) * 0.4:
            groups[-1].append(ch)
            continue
        groups.append([ch])
        centre = mid
    out: list[tuple[Line, list[Char]]] = []
    for group in groups:
        group.sort(key=lambda c: c.x0)
        # The font size: a CJK glyph's advance is one em, whatever the font's ascent and
        # descent (box heights differ between the regular, bold and fallback fonts of a line).
        widths = sorted(c.x1 - c.x0 for c in group if _CJK.match(c.text) and c.x1 > c.x0)
        if widths:
            size = widths[len(widths) // 2]
        else:
            heights = sorted(c.size for c in group)
            size = heights[len(heights) // 2] * 0.75
        text = group[0].text
        for prev, ch in itertools.pairwise(group):
            if ch.x0 - prev.x1 > size * 0.15:
                text += " "
            text += ch.text
        out.append(
            (
                Line(
                    text,
                    group[0].x0,
                    max(c.x1 for c in group),
                    min(c.top for c in group),
                    max(c.bottom for c in group),
                    size,
                ),
                group,
            )
        )
    return out


def _join_lines(lines: list[str]) -> str:
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (_CJK.match(out[-1]) or _CJK.match(line[0])):
            out += " "
        out += line
    return out


def _cell_text(lines: list[str]) -> str:
    lines = [line.strip() for line in lines if line.strip()]
    if (
        len(lines) > 1
        and all(read_token(line).kind != "label" for line in lines)
        and any(read_token(line).is_value for line in lines)
    ):
        return "\n".join(lines)  # figures one per line: rows stacked in one cell (grids._unstacked)
    joined = _join_lines(lines)
    # letter-spaced labels: drop spaces between two CJK characters
    return re.sub(
        r"(?<=[\u2e80-\u9fff\uff00-\uffef])\s+(?=[\u2e80-\u9fff\uff00-\uffef])", "", joined
    )


def _edges(values: list[float], tolerance: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _index(edges: list[float], value: float, tolerance: float = 1.5) -> int:
    for i, e in enumerate(edges):
        if abs(e - value) <= tolerance:
            return i
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _grid(
    cells: list[tuple[float, float, float, float]], chars: list[Char], where: str
) -> Table | None:
    """Place the cells on the grid of distinct edges; None for a one-column frame around prose."""
    xs = _edges([c[0] for c in cells] + [c[2] for c in cells])
    ys = _edges([c[1] for c in cells] + [c[3] for c in cells])
    width, height = len(xs) - 1, len(ys) - 1
    if width < 2 or height < 1:
        return None
    by_cell: dict[int, list[Char]] = {}
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        for k, (x0, top, x1, bottom) in enumerate(cells):
            if x0 <= cx <= x1 and top <= cy <= bottom:
                by_cell.setdefault(k, []).append(ch)
                break
    grid: list[list[Cell | None]] = [[None] * width for _ in range(height)]
    for k, (x0, top, x1, bottom) in enumerate(cells):
        text = _cell_text([ln.text for ln in _lines(by_cell.get(k, []))])
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                if r < height and c < width and grid[r][c] is None:
                    grid[r][c] = Cell(text, is_copy=(r, c) != (r0, c0))
    rows = [[cell if cell is not None else Cell("") for cell in row] for row in grid]
    return Table(rows=rows, where=where, columns=tuple(xs))


def _widen(table: Table, wider: Table, tolerance: float = 1.5) -> bool:
    """Set ``table`` on the columns of ``wider``, the same table continued on the next page,
    when its column edges are some of the wider one's (a page break a few rows into a table:
    the rows above it had fewer column lines). False, and ``table`` left alone, otherwise."""
    if (
        not table.columns
        or len(wider.columns) <= len(table.columns)
        or abs(table.columns[0] - wider.columns[0]) > tolerance
        or abs(table.columns[-1] - wider.columns[-1]) > tolerance
    ):
        return False
    at = [_index(list(wider.columns), x, tolerance) for x in table.columns]
    if any(abs(wider.columns[i] - x) > tolerance for i, x in zip(at, table.columns, strict=True)):
        return False
    spans = list(itertools.pairwise(at))
    table.rows = [
        [
            (cell if k == c0 else Cell(cell.text, is_copy=True))
            for cell, (c0, c1) in zip(row, spans, strict=False)
            for k in range(c0, c1)
        ]
        for row in table.rows
    ]
    table.columns = wider.columns
    return True


def _append(table: Table, more: Table) -> None:
    """Join a table continued on the next page; heal vertical merges cut by the page break."""
    last = table.rows[-1]
    first = more.rows[0]
    # label columns: left of every column where a number appears, on either page
    numeric = [
        c
        for c in range(len(first))
        if any(
            row[c].text.strip() and _NUMERIC.match(row[c].text)
            for row in (*table.rows, *more.rows)
            if c < len(row)
        )
    ]
    labels = range(min(numeric, default=0))
    for c in labels:
        if not first[c].text.strip() and last[c].text.strip():
            first[c] = Cell(last[c].text, is_copy=True)
            r = 1
            while r < len(more.rows) and more.rows[r][c].is_copy and not more.rows[r][c].text:
                more.rows[r][c] = Cell(last[c].text, is_copy=True)
                r += 1
        elif (
            first[c].text
            and not first[c].is_copy
            and not _MARKER.match(first[c].text)
            and last[c].text
        ):
            end = c  # a label merged across columns ends where its copies do
            while (
                end + 1 < len(last) and last[end + 1].is_copy and last[end + 1].text == last[c].text
            ):
                end += 1
            if end + 1 >= len(last) or last[end + 1].text == last[c].text:
                continue
            joined = last[c].text + first[c].text
            _rename(table.rows, len(table.rows) - 1, c, joined)
            _rename(more.rows, 0, c, joined, copy=True)
            for k in range(c + 1, end + 1):
                last[k] = Cell(joined, is_copy=True)
                if first[k].is_copy:
                    first[k] = Cell(joined, is_copy=True)
    # The rest of a row cut by the page break, without a label of its own (its label text, if
    # any, is in the row above now): an empty row left here would read as a row of blanks, and
    # digits under a figure are the end of that figure (1576 set as 157 / 6).
    values = [c for c in range(len(first)) if c not in labels]
    if numeric and all(first[c].is_copy or not first[c].text.strip() for c in labels):
        tail = {
            c: first[c].text.strip()
            for c in values
            if first[c].text.strip() and not first[c].is_copy
        }
        ends = all(
            t.isdigit() and last[c].text.strip()[-1:].isdigit() and not last[c].is_copy
            for c, t in tail.items()
        )
        # a figure whose last thousands group lacks digits (14,50 / 5) is cut for certain
        cut = ends and all(_OPEN_GROUP.search(last[c].text.strip()) for c in tail)
        if not tail or (ends and len(tail) < sum(1 for c in values if last[c].text.strip())) or cut:
            for c, t in tail.items():
                last[c] = Cell(last[c].text.strip() + t)
            more.rows = more.rows[1:]
    table.rows.extend(more.rows)
    table.where = f"{table.where} + {more.where}"


def _rename(rows: list[list[Cell]], r: int, c: int, text: str, *, copy: bool = False) -> None:
    """Give the merged cell through (r, c) a new text: up to its origin and down its copies."""
    top = r
    while top > 0 and rows[top][c].is_copy and rows[top - 1][c].text == rows[top][c].text:
        top -= 1
    old = rows[r][c].text
    i = top
    while i < len(rows) and (i == top or (rows[i][c].is_copy and rows[i][c].text == old)):
        rows[i][c] = Cell(text, is_copy=copy or i != top)
        i += 1


# ---------------------------------------------------------------- paragraphs


def _line_size(line: Line) -> float:
    return line.size


def _paragraphs(lines: list[Line], number: int) -> tuple[list[tuple[float, Block]], bool, bool]:
    """Paragraphs with their top; whether the first continues a paragraph from the previous
    page (starts at the left margin) and whether the last runs on to the next page."""
    if not lines:
        return [], False, False
    body = sorted(_line_size(ln) for ln in lines)[len(lines) // 2] or 10.0
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    out: list[tuple[float, Block]] = []
    current: list[str] = []
    top = 0.0
    prev: Line | None = None
    for line in lines:
        size = _line_size(line) or body
        starts = prev is None
        if prev is not None:
            prev_size = _line_size(prev) or body
            gap = line.top - prev.bottom
            ratio = max(size, prev_size) / max(min(size, prev_size), 0.1)
            big = size >= body * 1.25 and ratio < 1.1
            starts = (
                gap > max(size, prev_size) * 1.2
                or ratio > 1.25
                or (not big and prev.x1 < right - body * 1.5)
                or (not big and line.x0 > left + body * 1.5)
            )
        if starts and current:
            out.append((top, Paragraph(_join_lines(current), where=f"page {number}")))
            current = []
        if not current:
            top = line.top
        current.append(line.text)
        prev = line
    if current:
        out.append((top, Paragraph(_join_lines(current), where=f"page {number}")))
    first, last = lines[0], lines[-1]
    continues = first.x0 <= left + body * 0.5 and _line_size(first) < body * 1.25
    runs_on = last.x1 >= right - body * 1.5 and _line_size(last) < body * 1.25
    return out, continues, runs_on


# ---------------------------------------------------------------- tables without ruling lines


def _borderless(prepared: Prepared, before: Prepared | None) -> bool:
    """Tables drawn without lines among the text left outside ruled tables (``pdf_borderless``).

    The last lines of the page ``before`` (headings with nothing under them) are read as if
    they stood right above this page's first line: a table whose headings were cut from its
    rows by a page break. True when a table took them; they leave that page's prose then."""
    from pipelines.parse.formats.pdf_borderless import find_tables, table_tail, tokens_of

    # a page number is the page's first or last line; a lone figure elsewhere is a table's
    # (a number wrapped in a narrow cell)
    every = _line_groups(prepared.remaining)
    groups = [
        (line, group)
        for i, (line, group) in enumerate(every)
        if not (_PAGE_NUMBER.match(line.text) and i in (0, len(every) - 1))
    ]
    lines = [
        (line, tokens_of(line, [(c.text, c.x0, c.x1) for c in group])) for line, group in groups
    ]
    carried: list[tuple[Line, list[Char]]] = (
        before.tail if before is not None and not prepared.tables else []
    )
    if carried and lines:
        shift = carried[-1][0].bottom - lines[0][0].top + lines[0][0].size * 0.2
        moved = [
            (replace(line, top=line.top - shift, bottom=line.bottom - shift), group)
            for line, group in carried
        ]
        lines = [
            (line, tokens_of(line, [(c.text, c.x0, c.x1) for c in group])) for line, group in moved
        ] + lines
    took = False
    for top, bottom, table, bbox in find_tables(lines, prepared.number):
        if carried and top < lines[len(carried)][0].top:
            took = True
            inside = {id(c) for _line, group in carried for c in group}
            assert before is not None
            before.remaining = [c for c in before.remaining if id(c) not in inside]
            top = lines[len(carried)][0].top
        _inside, prepared.remaining = _split(prepared.remaining, bbox)
        prepared.tables.append((top, bottom, table))
    rest = {id(c) for c in prepared.remaining}
    remaining_lines = [
        (line, tokens)
        for (line, tokens), (_l, group) in zip(lines[len(carried) :], groups, strict=True)
        if all(id(c) in rest for c in group)
    ]
    below = max((b for _t, b, _tb in prepared.tables), default=-1e9)
    tail = table_tail(remaining_lines, below)
    by_line = {id(line): group for line, group in groups}
    prepared.tail = [(line, by_line[id(line)]) for line, _tokens in tail]
    return took
