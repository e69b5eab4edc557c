"""Tables drawn without ruling lines, found from the alignment of numbers.

Works on positioned lines of tokens from any source: a PDF page (``pdf.py``: points) or a page
of ``pdftotext -layout`` text (``text.py``: character columns scaled to points).

1. Lines are cut into tokens at gaps wider than one em; a token that is a number (or a dash
   standing for an empty cell) is a value, a line whose tokens end in values is a value row.
   Two value lines closer than a line's height with values in different columns are one row
   (a cell vertically centred beside a top-aligned one); a line of digits right under a value
   row, each under one of its values, continues those numbers (a figure wrapped in a narrow
   cell).
2. A table is a run of lines without a gap taller than a few lines, not crossing a section
   heading (一、总体情况 …) or a line of prose (one wide token), that holds a value row. A run
   with one or two value rows counts when its values stand well apart from their labels or it
   has column headings (table 2's small blocks).
3. Value columns are clusters of the values' left edges, centres or right edges, whichever
   align best (cells left-, centre- or right-aligned); a lone value centred in a merged cell
   does not make a column.
4. Lines above the first value row, and blocks of text lines between value rows, are column
   headings: tokens over one column are stacked into that column's name (headings wrapped
   over lines, or written one character per line); a heading over several columns, or above
   another heading in its column, goes to a row of its own above the names.
5. A text line touching a value row and aligned with its label joins that label (labels
   wrapped over lines); other text lines are rows of their own (sub-headings).

``tokens_of`` and ``Token`` are in ``pdf_borderless_tokens``, steps 3-5 in ``pdf_borderless_grid``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TypeVar

from pipelines.parse.formats.pdf_borderless_grid import Found, build_table
from pipelines.parse.formats.pdf_borderless_tokens import (
    MARKER,
    LineLike,
    Row,
    Token,
    is_value,
)

#: a line type of the caller (``pdf_lines.Line``, ``text_layout.Line``), given back by ``table_tail``
L = TypeVar("L", bound=LineLike)

_DIGITS = re.compile(r"^\d[\d,，.]*$")
_MIN_VALUE_ROWS = 3

#: a section heading of the report: a table never runs across one
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,2}\s*[、.．]\s*\S{4,}")

_SECTION_WORDS = re.compile(
    r"总体情况|主动公开|收到和处理|依申请|行政复议|行政诉讼|存在的主要问题|改进情况|其他需要报告"
)


def find_tables(lines: Sequence[tuple[LineLike, list[Token]]], number: int | str) -> list[Found]:
    """Every borderless table among a page's lines, as (top, bottom, Table, bbox)."""
    if not lines:
        return []
    em = sorted(line.size for line, _ in lines)[len(lines) // 2] or 10.0
    rows = _rows(lines, em)
    left = min(t.x0 for r in rows for t in r.tokens)
    right = max(t.x1 for r in rows for t in r.tokens)
    found: list[Found] = []
    for members in _runs(rows, em, left, right):
        table = build_table(members, em, f"page {number} table {len(found) + 1} (no ruling lines)")
        if table is not None:
            found.append(table)
    return found


def table_tail(lines: Sequence[tuple[L, list[Token]]], below: float) -> list[tuple[L, list[Token]]]:
    """The last lines of a page that may be the headings of a table continued on the next page:
    text lines under everything else (``below``: the last table's bottom), after the last
    section heading or prose line, one of them in several columns."""
    if not lines:
        return []
    left = min(t.x0 for _line, tokens in lines for t in tokens)
    right = max(t.x1 for _line, tokens in lines for t in tokens)
    tail: list[tuple[L, list[Token]]] = []
    for line, tokens in reversed(lines):
        row = Row(line.top, line.bottom, tokens)
        if (
            line.top <= below
            or len(tail) >= 8
            or not tokens
            or any(map(is_value, tokens))
            or _is_barrier(row, left, right)
        ):
            break
        tail.insert(0, (line, tokens))
    return tail if any(len(tokens) >= 2 for _line, tokens in tail) else []


def _rows(lines: Sequence[tuple[LineLike, list[Token]]], em: float) -> list[Row]:
    rows: list[Row] = []
    for line, tokens in lines:
        if not tokens:
            continue
        # values end the line: a number inside prose ("培训 1 次") is not a cell
        first = next((i for i, t in enumerate(tokens) if is_value(t)), None)
        is_values = (
            first is not None
            and all(is_value(t) for t in tokens[first:])
            and (first > 0 or len(tokens) >= 2 or bool(rows and rows[-1].values))
        )
        label = [t for t in tokens if not is_value(t)]
        last = next((r for r in reversed(rows) if r.values), None)
        if is_values and last is not None and _wraps_numbers(last, tokens, line.top, em):
            continue
        # two value lines within a line's height, with values in different places: one row
        if (
            is_values
            and last is not None
            and line.top - last.bottom < em
            and not _overlap(last.tokens, tokens)
            and (line.top - last.bottom < em * 0.3 or not label or not MARKER.match(label[0].text))
        ):
            last.tokens.extend(tokens)
            last.top, last.bottom = min(last.top, line.top), max(last.bottom, line.bottom)
            continue
        rows.append(Row(line.top, line.bottom, list(tokens), is_values))
    return rows


def _wraps_numbers(row: Row, tokens: list[Token], top: float, em: float) -> bool:
    """``tokens`` end some of ``row``'s numbers (2563 → 256 / 3, a figure wrapped in a narrow
    cell): digits right under the row, each below one of its values, perhaps after the wrapped
    end of its label. The digits are appended to the numbers above, the label text to the row."""
    above = [t for t in row.tokens if is_value(t)]
    label = [t for t in tokens if not is_value(t)]
    digits = [t for t in tokens if is_value(t)]
    # only in rows of three or more narrow columns (a row of table 2 under another is a row)
    if (
        top - row.bottom > em * 0.5
        or not digits
        or len(digits) >= len(above)
        or len(above) < 3
        or not all(_DIGITS.match(t.text) for t in digits)
        or (
            label
            and (
                any(MARKER.match(t.text) for t in label)
                or max(t.x1 for t in label) > min(t.x0 for t in above)
            )
        )
    ):
        return False
    targets = []
    for t in digits:  # the nearest number above (laid-out text puts the end a column or two off)
        a = min(above, key=lambda a: max(a.x0 - t.x1, t.x0 - a.x1, 0.0) + abs(a.cx - t.cx) * 0.01)
        # the part carried over is no longer than the part the cell held
        if (
            max(a.x0 - t.x1, t.x0 - a.x1) > em
            or not _DIGITS.match(a.text)
            or a in targets
            or len(t.text) > len(a.text)
        ):
            return False
        targets.append(a)
    for t, a in zip(digits, targets, strict=True):
        a.text += t.text
    row.tokens.extend(label)
    row.bottom = max(row.bottom, max(t.bottom for t in tokens))
    return True


def _is_barrier(row: Row, left: float, right: float) -> bool:
    """A section heading or a line of prose: no table runs across it."""
    if row.values or len(row.tokens) != 1:
        return False
    token = row.tokens[0]
    text = token.text.strip()
    if _HEADING.match(text) and _SECTION_WORDS.search(text) and len(text) <= 40:
        return True
    return token.x1 - token.x0 >= (right - left) * 0.7


def _runs(rows: list[Row], em: float, left: float, right: float) -> list[list[Row]]:
    """Runs of rows that may be tables: no wide vertical gap, no heading or prose inside."""
    runs: list[list[Row]] = []
    current: list[Row] = []
    for row in rows:
        barrier = _is_barrier(row, left, right)
        if current and (barrier or row.top - current[-1].bottom > em * 4.5):
            runs.append(current)
            current = []
        if not barrier:
            current.append(row)
    if current:
        runs.append(current)
    out: list[list[Row]] = []
    for run in runs:
        values = [i for i, r in enumerate(run) if r.values]
        if not values:
            continue
        # the last line of a paragraph right above a table is not a heading of it
        start = 0
        while start < values[0] and _prose_tail(run, start, left):
            start += 1
        members = run[start:]
        value_rows = [r for r in members if r.values]
        headed = any(len(r.tokens) >= 2 for r in members[: values[0] - start])
        apart = all(
            _gap_before_values(r) >= em * 1.5 or sum(map(is_value, r.tokens)) >= 3
            for r in value_rows
        )
        if len(value_rows) >= _MIN_VALUE_ROWS or apart or headed:
            out.append(members)
    return out


def _prose_tail(run: list[Row], i: int, left: float) -> bool:
    """Row ``i`` of a run, above its first value row, ends a paragraph rather than heads a column:
    one token at the left margin with nothing but such lines before it in the run."""
    row = run[i]
    return (
        len(row.tokens) == 1
        and abs(row.tokens[0].x0 - left) < 1.0
        and i == 0
        and len(run) > 1
        and (
            len(run[1].tokens) == 1 and not run[1].values and abs(run[1].tokens[0].x0 - left) >= 1.0
        )
    )


def _gap_before_values(row: Row) -> float:
    tokens = sorted(row.tokens, key=lambda t: t.x0)
    first = next((i for i, t in enumerate(tokens) if is_value(t)), None)
    if not first:
        return 1e9 if first == 0 else 0.0
    return tokens[first].x0 - tokens[first - 1].x1


def _overlap(a: list[Token], b: list[Token]) -> bool:
    """Whether two lines have values in a common column."""
    a = [t for t in a if is_value(t)]
    b = [t for t in b if is_value(t)]
    return any(s.x0 < t.x1 and t.x0 < s.x1 for s in a for t in b)
