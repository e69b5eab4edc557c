"""Text PDF → ``Extracted``, page by page (route ``pdf-text``).

Characters and ruling lines are read with PDFium (``pdf_pages``); each page's ruled tables are
found and set on their grid (``pdf_ruled``), tables drawn without lines are found from the
alignment of numbers (``pdf_borderless``), and the text outside tables becomes paragraphs in
reading order (``pdf_lines``; page numbers such as ``- 4 -`` or ``第4页`` are dropped). A
one-column "table" is a frame drawn around prose and is read as paragraphs. This module puts
the pages together.

A table that starts a page, right after a table that ended the previous page, with the same
number of columns, is appended to it (one ``Table`` block, provenance ``pages 3-4``); in the
first continued row an empty cell in a label column repeats the cell above it as a copy (a
vertical merge cut by the page break). So is one with more columns whose column lines include
all of the earlier part's (a break a few rows into a table, above which fewer column lines
were drawn): the earlier part is set on the wider columns first. A row cut by the break gets
its whole label, and a figure cut there its last digits (``14,50`` / ``5``). Other tables whose
widths differ stay separate blocks.

A paragraph that runs to the right margin at the end of a page is continued by the first
paragraph of the next page when that starts at the left margin. Table headings left at the end
of a page, over nothing, are read with the borderless table that starts the next page.

Scanned PDFs (no text layer) raise ``NoTables`` saying OCR is needed; ``has_text_layer`` lets
a caller test that first.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from pipelines.parse.errors import NoTables, TruncatedDocument
from pipelines.parse.formats.pdf_lines import (
    PAGE_NUMBER,
    Line,
    join_lines,
    line_groups,
    lines_of,
    paragraphs_of,
)
from pipelines.parse.formats.pdf_pages import Char, PageData, open_document, pages
from pipelines.parse.formats.pdf_ruled import cell_grid, edge_index, ruled_tables, split_chars
from pipelines.parse.model import Block, Cell, Extracted, Paragraph, Table

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
                    blocks[-1] = Paragraph(join_lines([last.text, block.text]), where=last.where)
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
    for i, cells in enumerate(ruled_tables(page), start=1):
        bbox = (
            min(c[0] for c in cells),
            min(c[1] for c in cells),
            max(c[2] for c in cells),
            max(c[3] for c in cells),
        )
        inside, remaining = split_chars(remaining, bbox)
        table = cell_grid(cells, inside, f"page {number} table {i}")
        if table is None:
            remaining = remaining + inside  # a frame around prose: its text stays prose
            continue
        tables.append((bbox[1], bbox[3], table))
    return Prepared(number, tables, remaining, [])


def _finish(prepared: Prepared) -> PageBlocks:
    """Blocks of one page in reading order, with what page joining needs to know."""
    lines = [ln for ln in lines_of(prepared.remaining) if not PAGE_NUMBER.match(ln.text)]
    paragraphs, continues, runs_on = paragraphs_of(lines, prepared.number)
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


# ---------------------------------------------------------------- a table continued on the next page


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
    at = [edge_index(list(wider.columns), x, tolerance) for x in table.columns]
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


# ---------------------------------------------------------------- tables without ruling lines


def _borderless(prepared: Prepared, before: Prepared | None) -> bool:
    """Tables drawn without lines among the text left outside ruled tables (``pdf_borderless``).

    The last lines of the page ``before`` (headings with nothing under them) are read as if
    they stood right above this page's first line: a table whose headings were cut from its
    rows by a page break. True when a table took them; they leave that page's prose then."""
    from pipelines.parse.formats.pdf_borderless import find_tables, table_tail
    from pipelines.parse.formats.pdf_borderless_tokens import tokens_of

    # a page number is the page's first or last line; a lone figure elsewhere is a table's
    # (a number wrapped in a narrow cell)
    every = line_groups(prepared.remaining)
    groups = [
        (line, group)
        for i, (line, group) in enumerate(every)
        if not (PAGE_NUMBER.match(line.text) and i in (0, len(every) - 1))
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
        _inside, prepared.remaining = split_chars(prepared.remaining, bbox)
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
