"""The grid of a table drawn without ruling lines (``pdf_borderless`` steps 3-5).

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

from collections import Counter
from dataclasses import dataclass

from pipelines.parse.formats.pdf_borderless_tokens import MARKER, Row, Token, is_value
from pipelines.parse.model import Cell, Table

Found = tuple[float, float, Table, tuple[float, float, float, float]]


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
            values = sorted((t for t in row.tokens if is_value(t)), key=lambda t: t.x0)
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
    numbers = [t for r in value_rows for t in r.tokens if is_value(t)]
    # A lone value centred in a merged cell sits between columns: clusters made only of
    # such values are dropped when rows with several values define the columns.
    singles = {
        id(t)
        for r in value_rows
        for t in [x for x in r.tokens if is_value(x)]
        if sum(1 for x in r.tokens if is_value(x)) == 1
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
    counts = [sum(map(is_value, r.tokens)) for r in value_rows]
    full = max(counts)
    if full >= 2 and len(anchors) > full:
        rows = [
            sorted((t for t in r.tokens if is_value(t)), key=lambda t: t.x0)
            for r, n in zip(value_rows, counts, strict=True)
            if n == full
        ]
        mode = "x0"
        anchors = [sum(row[k].x0 for row in rows) / len(rows) for k in range(full)]
    label_edge = min(t.x0 for t in numbers) - em * 0.5
    # right-aligned or narrow figures leave their cells' left parts empty: the labels' right
    # end (wrapped in their cell) marks where the label column's headings end
    ends = [t.x1 for r in value_rows for t in r.tokens if not is_value(t) and t.x1 < label_edge]
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


def build_table(members: list[Row], em: float, where: str) -> Found | None:
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
    starts = Counter(round(t.x0) for r in values for t in r.tokens if not is_value(t))
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
    first_value = min((x.x0 for x in nearest.tokens if is_value(x)), default=1e9)
    if not all(t.x1 < first_value for t in row.tokens):
        return None
    starts = {round(t.x0) for t in nearest.tokens if not is_value(t)} | columns
    if starts and not any(abs(t.x0 - x) <= em for x in starts for t in row.tokens):
        return None
    # a numbered line is a row of its own beside a row that has its own numbered label
    own_label = sorted((t for t in nearest.tokens if not is_value(t)), key=lambda t: (t.top, t.x0))
    if (
        own_label
        and MARKER.match(own_label[0].text)
        and row.tokens
        and MARKER.match(row.tokens[0].text)
    ):
        return None
    return nearest


def _cells(row: Row, cols: Columns) -> list[Cell]:
    label: list[Token] = []
    slots: list[list[Token]] = [[] for _ in cols.anchors]
    values = sorted((t for t in row.tokens if is_value(t)), key=lambda t: t.x0)
    in_order = row.values and len(values) == len(cols.anchors)  # a full row: one value per column
    for token in row.tokens:
        if token.x1 <= cols.label_edge or (not is_value(token) and token.cx < cols.label_edge):
            label.append(token)
        elif in_order and is_value(token):
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
