"""Join a table that a page break cut in two, as OCR sees it page by page.

The continuation starts a page, has as many columns as the table ending the previous page
and the same left and right edges. Its first row may be the tail of a label the break cut
("…其政府信息公开" / "申请"): that text is appended to the label above. Row-spanning label
cells the break cut are empty on the new page: they repeat the label above, as copies.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from pipelines.parse.model import Block, Cell, Paragraph, Table

_NUMBER = re.compile(r"^\s*[-+]?\d[\d,]*(\.\d+)?\s*$")
_PAGE_FURNITURE = re.compile(r"^[\s\-—–·第页/0-9]{1,12}$")
EDGE_TOLERANCE = 12.0  # points


def _edges(t: Table) -> tuple[float, float] | None:
    boxes = [c.box for row in t.rows for c in row if c.box]
    if not boxes:
        return None
    return min(b[0] for b in boxes), max(b[2] for b in boxes)


def _continues(a: Table, b: Table) -> bool:
    if a.width != b.width or a.width < 2:
        return False
    ea, eb = _edges(a), _edges(b)
    if ea is None or eb is None:
        return False
    return abs(ea[0] - eb[0]) <= EDGE_TOLERANCE and abs(ea[1] - eb[1]) <= EDGE_TOLERANCE


def _value_columns(t: Table) -> int:
    """Index of the first column that holds a number anywhere (labels are to its left)."""
    for c in range(t.width):
        if any(c < len(r) and _NUMBER.match(r[c].text) for r in t.rows):
            return c
    return t.width


def _row_text(row: list[Cell]) -> str:
    return "".join(c.text for c in row if not c.is_copy)


def repeated_header(a: Table, b: Table) -> int:
    """How many leading rows of ``b`` repeat the leading rows of ``a`` (a header row repeated
    after the page break); OCR noise allowed, figures never count as a header."""
    n = 0
    while n < min(len(a.rows), len(b.rows)) - 1:
        x, y = _row_text(a.rows[n]), _row_text(b.rows[n])
        if not x or any(_NUMBER.match(c.text) for c in b.rows[n]):
            break
        if SequenceMatcher(None, x, y).ratio() < 0.6:
            break
        n += 1
    return n


def join(a: Table, b: Table) -> Table:
    rows_a = [list(r) for r in a.rows]
    rows_b = [list(r) for r in b.rows][repeated_header(a, b) :]
    last = rows_a[-1]
    first = rows_b[0] if rows_b else []
    label_columns = _value_columns(a)
    if rows_b and not any(_NUMBER.match(c.text) for c in first) and any(c.text for c in first):
        for c, cell in enumerate(first[:label_columns]):
            if cell.text and not cell.is_copy and c < len(last) and last[c].text:
                origin = last[c].text
                # the cut label and the copies of its span to the right
                k = c
                while k < len(last) and last[k].text == origin and (k == c or last[k].is_copy):
                    last[k] = Cell(
                        origin + cell.text, last[k].is_copy, last[k].confidence, last[k].box
                    )
                    k += 1
        rows_b = rows_b[1:]
    # cut row spans: only ruled tables have them (a borderless row keeps its own label)
    labels = 0 if "borderless" in b.where else _value_columns(Table(rows_b, b.where))
    for row in rows_b:
        for c in range(min(labels, len(row), len(last))):
            if not row[c].text and last[c].text:
                row[c] = Cell(last[c].text, True, last[c].confidence, row[c].box)
            else:
                break
        # stop filling a row at its first own label; later rows keep filling
    where = f"{a.where} rows 1-{len(rows_a)} + {b.where} rows {len(rows_a) + 1}-{len(rows_a) + len(rows_b)}"
    return Table(rows_a + rows_b, where)


def join_pages(pages: list[list[Block]]) -> list[Block]:
    """Blocks of all pages in order, with page-cut tables joined."""
    out: list[Block] = []
    for blocks in pages:
        body = [
            b for b in blocks if not (isinstance(b, Paragraph) and _PAGE_FURNITURE.match(b.text))
        ]
        if body and out and isinstance(body[0], Table):
            prev = next(
                (
                    b
                    for b in reversed(out)
                    if not (isinstance(b, Paragraph) and _PAGE_FURNITURE.match(b.text))
                ),
                None,
            )
            if isinstance(prev, Table) and _continues(prev, body[0]):
                out[out.index(prev)] = join(prev, body[0])
                body = body[1:]
        out.extend(body)
    return out
