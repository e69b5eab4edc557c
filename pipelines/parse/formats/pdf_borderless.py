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
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Protocol

from pipelines.parse.model import Cell, Table

_VALUE = re.compile(r"^(?:[-+]?\d[\d,，]*(?:\.\d+)?%?|[-—–/／]+)$")
_DIGITS = re.compile(r"^\d[\d,，.]*$")
_MIN_VALUE_ROWS = 3
#: a row label's own numbering: 一、 （二） 3. — a line starting so begins a new row
_MARKER = re.compile(r"^\s*[（(]?\s*[一二三四五六七八九十\d]+\s*[)）、.．]")
#: a section heading of the report: a table never runs across one
_HEADING = re.compile(r"^\s*[一二三四五六七八九十]{1,2}\s*[、.．]\s*\S{4,}")
_SECTION_WORDS = re.compile(
    r"总体情况|主动公开|收到和处理|依申请|行政复议|行政诉讼|存在的主要问题|改进情况|其他需要报告"
)


class LineLike(Protocol):
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


@dataclass(slots=True)
class Token:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Row:
    top: float
    bottom: float
    tokens: list[Token] = field(default_factory=list)
    values: bool = False


def tokens_of(line: LineLike, chars: list[tuple[str, float, float]]) -> list[Token]:
    """Cut a line into tokens at gaps wider than one em; ``chars`` are (text, x0, x1)."""
    out: list[Token] = []
    em = max(line.size, 1.0)
    for text, x0, x1 in chars:
        gap = x0 - out[-1].x1 if out else 0.0
        # a number set apart from its label by a narrow cell margin is still its own token
        shift = bool(out) and (_is_digit(text) or _is_digit(out[-1].text[-1])) and gap > em * 0.45
        if out and gap <= em and not shift:
            last = out[-1]
            if x0 - last.x1 > em * 0.15:
                last.text += " "
            last.text += text
            last.x1 = x1
        else:
            out.append(Token(text, x0, x1, line.top, line.bottom))
    return out


def _is_digit(ch: str) -> bool:
    return ch.isdigit() or ch in "-—–/／.,，%"


def _is_value(token: Token) -> bool:
    return bool(_VALUE.match(token.text))


Found = tuple[float, float, Table, tuple[float, float, float, float]]


def find_tables(lines: list[tuple[LineLike, list[Token]]], number: int | str) -> list[Found]:
    """Every borderless table among a page's lines, as (top, bottom, Table, bbox)."""
    if not lines:
        return []
    em = sorted(line.size for line, _ in lines)[len(lines) // 2] or 10.0
    rows = _rows(lines, em)
    left = min(t.x0 for r in rows for t in r.tokens)
    right = max(t.x1 for r in rows for t in r.tokens)
    found: list[Found] = []
    for members in _runs(rows, em, left, right):
        table = _table(members, em, f"page {number} table {len(found) + 1} (no ruling lines)")
        if table is not None:
            found.append(table)
    return found


def table_tail(
    lines: list[tuple[LineLike, list[Token]]], below: float
) -> list[tuple[LineLike, list[Token]]]:
    """The last lines of a page that may be the headings of a table continued on the next page:
    text lines under everything else (``below``: the last table's bottom), after the last
    section heading or prose line, one of them in several columns."""
    if not lines:
        return []
    left = min(t.x0 for _line, tokens in lines for t in tokens)
    right = max(t.x1 for _line, tokens in lines for t in tokens)
    tail: list[tuple[LineLike, list[Token]]] = []
    for line, tokens in reversed(lines):
        row = Row(line.top, line.bottom, tokens)
        if (
            line.top <= below
            or len(tail) >= 8
            or not tokens
            or any(map(_is_value, tokens))
            or _is_barrier(row, left, right)
        ):
            break
        tail.insert(0, (line, tokens))
    return tail if any(len(tokens) >= 2 for _line, tokens in tail) else []


def _rows(lines: list[tuple[LineLike, list[Token]]], em: float) -> list[Row]:
    rows: list[Row] = []
    for line, tokens in lines:
        if not tokens:
            continue
        # values end the line: a number inside prose ("培训 1 次") is not a cell
        first = next((i for i, t in enumerate(tokens) if _is_value(t)), None)
        is_values = (
            first is not None
            and all(_is_value(t) for t in tokens[first:])
            and (first > 0 or len(tokens) >= 2 or bool(rows and rows[-1].values))
        )
        label = [t for t in tokens if not _is_value(t)]
        last = next((r for r in reversed(rows) if r.values), None)
        if is_values and last is not None and _wraps_numbers(last, tokens, line.top, em):
            continue
        # two value lines within a line's height, with values in different places: one row
        if (
            is_values
            and last is not None
            and line.top - last.bottom < em
            and not _overlap(last.tokens, tokens)
            and (line.top - last.bottom < em * 0.3 or not label or not _MARKER.match(label[0].text))
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
    above = [t for t in row.tokens if _is_value(t)]
    label = [t for t in tokens if not _is_value(t)]
    digits = [t for t in tokens if _is_value(t)]
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
                any(_MARKER.match(t.text) for t in label)
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
            _gap_before_values(r) >= em * 1.5 or sum(map(_is_value, r.tokens)) >= 3
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
    first = next((i for i, t in enumerate(tokens) if _is_value(t)), None)
    if not first:
        return 1e9 if first == 0 else 0.0
    return tokens[first].x0 - tokens[first - 1].x1


def _overlap(a: list[Token], b: list[Token]) -> bool:
    """Whether two lines have values in a common column."""
    a = [t for t in a if _is_value(t)]
    b = [t for t in b if _is_value(t)]
    return any(s.x0 < t.x1 and t.x0 < s.x1 for s in a for t in b)


# --------------------------------------------------------------------------- columns


@dataclass(slots=True)
class Columns:
    anchors: list[float]  # one per value column, in the mode's coordinate
    mode: str  # "x0", "cx" or "x1": how the values are aligned in their cells
    label_edge: float  # text left of this is the row label
    bounds: list[tuple[float, float]]  # each column's band, for headings
    em: float
    heading_edge: float  # headings right of this name value columns

    def under(self, rows: list[Row]) -> Columns:
        """The columns as the first full value row of ``rows`` places them: headings line up
        with the row right under them best where columns wander (pdftotext)."""
        for row in rows:
            if not row.values:
                continue
            values = sorted((t for t in row.tokens if _is_value(t)), key=lambda t: t.x0)
            if len(values) != len(self.anchors):
                return self
            anchors = [self.anchor(t) for t in values]
            return Columns(
                anchors,
                self.mode,
                self.label_edge,
                _bounds(anchors, self.mode, self.label_edge, self.em),
                self.em,
                self.heading_edge,
            )
        return self

    def anchor(self, t: Token) -> float:
        return t.x0 if self.mode == "x0" else t.x1 if self.mode == "x1" else t.cx

    def nearest(self, t: Token) -> int:
        a = self.anchor(t)
        return min(range(len(self.anchors)), key=lambda i: abs(self.anchors[i] - a))

    def covered(self, t: Token) -> list[int]:
        """The columns a heading token lies over (at least half of it, or of the band)."""
        out = []
        for k, (a, b) in enumerate(self.bounds):
            overlap = min(t.x1, b) - max(t.x0, a)
            if overlap > 0 and overlap >= 0.5 * min(t.x1 - t.x0, b - a):
                out.append(k)
        if not out:
            k = self.nearest(t)
            out = [k]
        if len(out) == 1:
            # wider than its column's cell: a heading over several columns, centred on one
            a, b = self.bounds[out[0]]
            if t.x1 - t.x0 > (b - a) * 1.1 and len(self.bounds) > 1:
                out = [k for k, (a, b) in enumerate(self.bounds) if a < t.x1 and t.x0 < b]
        return out


def _cluster(
    values: list[tuple[float, Token]], tolerance: float
) -> list[list[tuple[float, Token]]]:
    groups: list[list[tuple[float, Token]]] = []
    for item in sorted(values, key=lambda x: x[0]):
        if groups and item[0] - groups[-1][-1][0] <= tolerance:
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def _columns(members: list[Row], em: float) -> Columns:
    value_rows = [r for r in members if r.values]
    numbers = [t for r in value_rows for t in r.tokens if _is_value(t)]
    # A lone value centred in a merged cell sits between columns: clusters made only of
    # such values are dropped when rows with several values define the columns.
    singles = {
        id(t)
        for r in value_rows
        for t in [x for x in r.tokens if _is_value(x)]
        if sum(1 for x in r.tokens if _is_value(x)) == 1
    }
    best: tuple[int, int, str, list[float]] | None = None
    for rank, mode in enumerate(("cx", "x0", "x1")):

        def key(t: Token, mode: str = mode) -> float:
            return t.x0 if mode == "x0" else t.x1 if mode == "x1" else t.cx

        groups = _cluster([(key(t), t) for t in numbers], em * 0.8)
        kept = [g for g in groups if any(id(t) not in singles for _, t in g)] or groups
        anchors = [sum(a for a, _ in g) / len(g) for g in kept]
        if best is None or (len(anchors), rank) < (best[0], best[1]):
            best = (len(anchors), rank, mode, anchors)
    assert best is not None
    _, _, mode, anchors = best
    # Columns laid out by pdftotext wander by a character or two from row to row: where the
    # clusters outnumber the values of the fullest rows, the k-th value of those rows makes
    # column k.
    counts = [sum(map(_is_value, r.tokens)) for r in value_rows]
    full = max(counts)
    if full >= 2 and len(anchors) > full:
        rows = [
            sorted((t for t in r.tokens if _is_value(t)), key=lambda t: t.x0)
            for r, n in zip(value_rows, counts, strict=True)
            if n == full
        ]
        mode = "x0"
        anchors = [sum(row[k].x0 for row in rows) / len(rows) for k in range(full)]
    label_edge = min(t.x0 for t in numbers) - em * 0.5
    # right-aligned or narrow figures leave their cells' left parts empty: the labels' right
    # end (wrapped in their cell) marks where the label column's headings end
    ends = [t.x1 for r in value_rows for t in r.tokens if not _is_value(t) and t.x1 < label_edge]
    heading_edge = max(ends) + em * 0.3 if ends else label_edge
    return Columns(
        anchors, mode, label_edge, _bounds(anchors, mode, label_edge, em), em, heading_edge
    )


def _bounds(
    anchors: list[float], mode: str, label_edge: float, em: float
) -> list[tuple[float, float]]:
    bounds: list[tuple[float, float]] = []
    for k, a in enumerate(anchors):
        prev = anchors[k - 1] if k else None
        nxt = anchors[k + 1] if k + 1 < len(anchors) else None
        if mode == "cx":
            lo = (prev + a) / 2 if prev is not None else label_edge
            hi = (a + nxt) / 2 if nxt is not None else a + (a - lo)
        elif mode == "x0":
            lo = a - em * 0.5 if k else label_edge
            hi = nxt - em * 0.5 if nxt is not None else a + em * 6
        else:
            lo = prev + em * 0.5 if prev is not None else label_edge
            hi = a + em * 0.5
        bounds.append((lo, hi))
    return bounds


# --------------------------------------------------------------------------- the grid


def _table(members: list[Row], em: float, where: str) -> Found | None:
    cols = _columns(members, em)
    first_value = next(i for i, r in enumerate(members) if r.values)
    header, body = members[:first_value], members[first_value:]
    # the headings are the lines right above the values: not the end of a label cut off by
    # a page break, set apart from them
    cut = next(
        (i for i in range(len(header) - 1, 0, -1) if header[i].top - header[i - 1].bottom > em * 2),
        0,
    )
    header = header[cut:]
    # label text above the first line of column headings ends a label cut by a page break
    header = header[
        next(
            (i for i, r in enumerate(header) if any(t.x1 > cols.label_edge for t in r.tokens)),
            len(header),
        ) :
    ]
    headings = _inner_headings(body, cols)
    body = _attach_wrapped_labels([r for r in body if id(r) not in headings], em)
    body = sorted(body + [r for r in members if id(r) in headings], key=lambda r: r.top)
    # text lines after the last value row stay outside the table unless they joined a label
    while body and not body[-1].values:
        body.pop()
    grid: list[list[Cell]] = _heading_rows(header, cols.under(body)) if header else []
    block: list[Row] = []
    for i, row in enumerate(body):
        if id(row) in headings:
            block.append(row)
            continue
        if block:
            grid += _heading_rows(block, cols.under(body[i:]))
            block = []
        grid.append(_cells(row, cols))
    if block:
        grid += _heading_rows(block, cols)
    kept = header + body
    top, bottom = min(r.top for r in kept), max(r.bottom for r in kept)
    x0 = min(t.x0 for r in kept for t in r.tokens)
    x1 = max(t.x1 for r in kept for t in r.tokens)
    return top, bottom, Table(rows=grid, where=where), (x0 - 1, top - 1, x1 + 1, bottom + 1)


def _inner_headings(body: list[Row], cols: Columns) -> set[int]:
    """Ids of the text lines between value rows that are column headings (a header repeated
    after a page break, table 2's 信息内容 lines): a run of two or more text lines from the first
    one with text over the value columns; label lines before it may still be wrapped labels."""
    out: set[int] = set()
    run: list[Row] = []
    for row in [*body, None]:
        if row is not None and not row.values:
            run.append(row)
            continue
        start = next(
            (i for i, r in enumerate(run) if any(t.x1 > cols.label_edge for t in r.tokens)), None
        )
        if start is not None and len(run) - start >= 2:
            out.update(id(r) for r in run[start:])
        run = []
    return out


def _heading_rows(rows: list[Row], cols: Columns) -> list[list[Cell]]:
    """Column headings over several lines → rows of headings above one row of column names."""
    width = len(cols.anchors) + 1
    label: list[Token] = []
    stacks: list[list[list[Token]]] = [[] for _ in cols.anchors]  # per column: cells, top to bottom
    spanning: list[tuple[list[int], Token]] = []
    for row in rows:
        for t in row.tokens:
            if t.x1 <= cols.heading_edge or t.cx < cols.heading_edge:
                label.append(t)
                continue
            covered = cols.covered(t)
            if len(covered) > 1:
                spanning.append((covered, t))
                continue
            stack = stacks[covered[0]]
            # a line wrapped in the same cell sits right under the previous one
            if stack and t.top - stack[-1][-1].bottom < (t.bottom - t.top) * 0.6:
                stack[-1].append(t)
            else:
                stack.append([t])
    names = [Cell(_joined(label))] + [Cell(_joined(s[-1]) if s else "") for s in stacks]
    upper: list[tuple[float, int, list[int], str]] = [
        (s[0].top, k, [k], _joined(s)) for k, stack in enumerate(stacks) for s in stack[:-1]
    ]
    upper += [(t.top, cs[0], cs, t.text) for cs, t in spanning]
    levels: list[list[tuple[float, int, list[int], str]]] = []
    for item in sorted(upper):
        level = next(
            (
                lv
                for lv in levels
                if abs(lv[0][0] - item[0]) < 2 and not any(set(item[2]) & set(o[2]) for o in lv)
            ),
            None,
        )
        if level is None:
            levels.append([item])
        else:
            level.append(item)
    out: list[list[Cell]] = []
    for lv in levels:
        cells = [Cell("")] * width
        for _top, _k, span, text in lv:
            cells[span[0] + 1] = Cell(text)
            for c in span[1:]:
                cells[c + 1] = Cell(text, is_copy=True)
        out.append(cells)
    if out:
        out[0][0] = names[0]
        names[0] = Cell(names[0].text, is_copy=True) if names[0].text else names[0]
    return [*out, names]


def _joined(tokens: list[Token]) -> str:
    return "".join(t.text for t in sorted(tokens, key=lambda t: (round(t.cy), t.x0)))


def _attach_wrapped_labels(rows: list[Row], em: float) -> list[Row]:
    """Text lines beside a value row join its label: first those that overlap a row vertically
    (a label centred on its values), then those touching one (labels wrapped over lines)."""
    values = [r for r in rows if r.values]
    pending = [r for r in rows if not r.values]
    out = list(values)
    # where the table's labels start: a group label's column too (（三）不予公开 wrapped
    # beside a later row of its group)
    starts = Counter(round(t.x0) for r in values for t in r.tokens if not _is_value(t))
    columns = {x for x, k in starts.items() if k >= 2}
    for overlapping in (True, False):
        left: list[Row] = []
        for row in pending:
            target = _label_target(row, values, em, overlapping, columns)
            if target is None:
                left.append(row)
            else:
                target.tokens.extend(row.tokens)
                target.top, target.bottom = min(target.top, row.top), max(target.bottom, row.bottom)
        pending = left
    out.extend(pending)
    out.sort(key=lambda r: r.top)
    return out


def _label_target(
    row: Row, values: list[Row], em: float, overlapping: bool, columns: set[int]
) -> Row | None:
    def gap(v: Row) -> float:
        return max(v.top - row.bottom, row.top - v.bottom)

    nearest = min(values, key=gap)
    if (gap(nearest) >= 0) if overlapping else (gap(nearest) >= em * 0.8):
        return None
    first_value = min((x.x0 for x in nearest.tokens if _is_value(x)), default=1e9)
    if not all(t.x1 < first_value for t in row.tokens):
        return None
    starts = {round(t.x0) for t in nearest.tokens if not _is_value(t)} | columns
    if starts and not any(abs(t.x0 - x) <= em for x in starts for t in row.tokens):
        return None
    # a numbered line is a row of its own beside a row that has its own numbered label
    own_label = sorted((t for t in nearest.tokens if not _is_value(t)), key=lambda t: (t.top, t.x0))
    if (
        own_label
        and _MARKER.match(own_label[0].text)
        and row.tokens
        and _MARKER.match(row.tokens[0].text)
    ):
        return None
    return nearest


def _cells(row: Row, cols: Columns) -> list[Cell]:
    label: list[Token] = []
    slots: list[list[Token]] = [[] for _ in cols.anchors]
    values = sorted((t for t in row.tokens if _is_value(t)), key=lambda t: t.x0)
    in_order = row.values and len(values) == len(cols.anchors)  # a full row: one value per column
    for token in row.tokens:
        if token.x1 <= cols.label_edge or (not _is_value(token) and token.cx < cols.label_edge):
            label.append(token)
        elif in_order and _is_value(token):
            slots[next(k for k, t in enumerate(values) if t is token)].append(token)
        else:
            slots[cols.nearest(token)].append(token)
    text = _label_text(label, cols.em)
    return [Cell(text)] + [
        Cell("".join(t.text for t in sorted(s, key=lambda t: (t.top, t.x0)))) for s in slots
    ]


def _label_text(label: list[Token], em: float) -> str:
    """A row label from its tokens: column by column (a group label 其他处理 written down its
    own narrow column beside the item's label), each top to bottom."""
    columns: list[list[Token]] = []
    for t in sorted(label, key=lambda t: t.x0):
        if columns and t.x0 - columns[-1][0].x0 <= em * 1.2:
            columns[-1].append(t)
        else:
            columns.append([t])
    out = ""
    for col in columns:
        lines: list[list[Token]] = []
        for t in sorted(col, key=lambda t: t.cy):  # tokens half a line apart share a line
            if lines and t.cy - lines[-1][0].cy < em * 0.5:
                lines[-1].append(t)
            else:
                lines.append([t])
        out += "".join(t.text for line in lines for t in sorted(line, key=lambda t: t.x0))
    return out
