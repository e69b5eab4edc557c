"""Tables printed without rulings, rebuilt from the position of the text read on the page.

A borderless table shows itself as visual lines whose segments (ink separated by wide gaps)
include figures to the right of a label. Figures are left-aligned in their columns, so the
left edges of numeric segments cluster into value columns; everything left of the first
column is label. Each line holding figures anchors one table row. Label-only lines join a
row by the numbering convention of the template's labels: a line that opens a numbered label
("1.", "（三）", "四、") belongs to the next anchor (figures are centred in tall cells), any
other line continues the row above. A figure on a line without others (a column aligned to
the top of a tall cell) goes to the nearest anchor whose slot in that column is free.
Rows come out as [label, value…]; header lines above the first anchor become header rows.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from pipelines.parse.formats.scan.engine import LOOKALIKES
from pipelines.parse.headings import heading_code
from pipelines.parse.model import Cell, Table

_FIGURE = re.compile(r"^[-+]?\d[\d,]*(\.\d+)?$|^[-—–]+$")
_TRAILING_FIGURE = re.compile(r"^(.*?)([\dOoDQIl|丨〇][\d,OoDQIl|丨〇]*(?:\.\d+)?)$")
_NUMBERED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}\s*[.．、])"
)


@dataclass(slots=True)
class Segment:
    box: tuple[int, int, int, int]
    text: str
    confidence: float


@dataclass(slots=True)
class VLine:
    y0: int
    y1: int
    segments: list[Segment]
    where: str = ""

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


@dataclass(slots=True)
class _Row:
    label: list[Segment] = field(default_factory=list)
    values: dict[int, Segment] = field(default_factory=dict)
    y: float = 0.0
    header: bool = False


def _is_figure(seg: Segment) -> bool:
    return bool(_FIGURE.match(seg.text.replace(" ", "")))


def _has_figure_right(line: VLine) -> bool:
    return len(line.segments) >= 2 and any(_is_figure(s) for s in line.segments[1:])


def split(lines: list[VLine], min_gap: float) -> tuple[list[tuple[int, Table]], list[VLine]]:
    """(y, Table) for every borderless table among ``lines`` (top to bottom), and the lines
    that remain prose. ``min_gap`` is the largest gap between lines of one table (pixels)."""
    tables: list[tuple[int, Table]] = []
    prose: list[VLine] = []
    i = 0
    while i < len(lines):
        if not _has_figure_right(lines[i]):
            prose.append(lines[i])
            i += 1
            continue
        # grow the region down while lines stay close and are not section headings
        j = i + 1
        while (
            j < len(lines)
            and lines[j].y0 - lines[j - 1].y1 <= min_gap
            and heading_code(lines[j].text) is None
        ):
            j += 1
        # and up over header lines (multi-segment or short) under the previous heading
        start = i
        while (
            start > 0
            and prose
            and prose[-1] is lines[start - 1]
            and lines[start].y0 - lines[start - 1].y1 <= min_gap
            and heading_code(lines[start - 1].text) is None
            and (len(lines[start - 1].segments) >= 2 or len(lines[start - 1].text) <= 30)
        ):
            start -= 1
            prose.pop()
        region = lines[start:j]
        table = _table(region)
        if table is None:
            prose.extend(region)
        else:
            tables.append((region[0].y0, table))
        i = j
    return tables, prose


def _columns(region: list[VLine]) -> list[tuple[int, int]]:
    """x ranges of the value columns: left edges of figures right of a label, aligned on at
    least two lines (figures in justified prose do not line up)."""
    lefts = sorted(
        (p.box[0], n)
        for n, line in enumerate(region)
        for s in line.segments[1:]
        for p in _split_figures(s)
        if _is_figure(p)
    )
    if not lefts:
        return []
    groups: list[list[tuple[int, int]]] = [[lefts[0]]]
    for x in lefts[1:]:
        if x[0] - groups[-1][-1][0] > 25:
            groups.append([x])
        else:
            groups[-1].append(x)
    starts = [g[0][0] for g in groups if len({n for _, n in g}) >= 2]
    if not starts and len(groups) == 1 and len(groups[0]) == 1:
        # one figure after a short label, alone (a sub-table cut off by a page break:
        # "行政事业性收费 192.2"); prose lines that a wide gap splits have long first parts
        line = region[groups[0][0][1]]
        if len(line.segments) == 2 and len(line.segments[0].text) <= 12:
            starts = [groups[0][0][0]]
    return [
        (s - 12, (starts[k + 1] - 12) if k + 1 < len(starts) else 10**6)
        for k, s in enumerate(starts)
    ]


def _column_of(seg: Segment, columns: list[tuple[int, int]]) -> int | None:
    centre = seg.box[0] if _is_figure(seg) else (seg.box[0] + seg.box[2]) / 2
    for k, (x0, x1) in enumerate(columns):
        if x0 <= centre < x1:
            return k
    return None


def _split_figures(seg: Segment) -> list[Segment]:
    """Figures of neighbouring narrow columns read as one segment ("1451 69"): one segment per
    figure, the box shared out by character position."""
    parts = seg.text.split()
    if len(parts) < 2 or not all(_FIGURE.match(p) for p in parts):
        return [seg]
    x0, y0, x1, y1 = seg.box
    per_char = (x1 - x0) / max(1, len(seg.text))
    out, pos = [], 0
    for p in parts:
        start = seg.text.index(p, pos)
        pos = start + len(p)
        out.append(
            Segment(
                (int(x0 + start * per_char), y0, int(x0 + pos * per_char), y1), p, seg.confidence
            )
        )
    return out


def _cut_trailing_figure(seg: Segment, first_column: int) -> tuple[Segment, Segment | None]:
    """A label that ran into the first value column swallowed its figure: split it off."""
    m = _TRAILING_FIGURE.match(seg.text)
    if seg.box[2] <= first_column or seg.box[0] >= first_column - 12 or not m or not m.group(1):
        return seg, None
    x0, y0, x1, y1 = seg.box
    figure = "".join(LOOKALIKES.get(ch, ch) for ch in m.group(2))
    return (
        Segment((x0, y0, first_column, y1), m.group(1), seg.confidence),
        Segment((first_column + 12, y0, x1, y1), figure, seg.confidence),
    )


def _table(region: list[VLine]) -> Table | None:
    columns = _columns(region)
    if not columns:
        return None
    first = columns[0][0] + 12
    rows: list[_Row] = []
    body_started = False
    loose: list[tuple[Segment, int, float]] = []  # figures whose row already has that column
    for line in region:
        segs: list[Segment] = []
        for s in line.segments:
            a, b = _cut_trailing_figure(s, first)
            segs.extend(_split_figures(a))
            if b is not None:
                segs.append(b)
        label = [s for s in segs if s.box[2] <= first + 6 or _column_of(s, columns) is None]
        placed = [(s, _column_of(s, columns)) for s in segs if s not in label]
        figures = [(s, k) for s, k in placed if k is not None and _is_figure(s)]
        words = [(s, k) for s, k in placed if k is not None and not _is_figure(s)]
        y = (line.y0 + line.y1) / 2
        numbered = any(_NUMBERED.match(s.text) for s in label)
        current = rows[-1] if rows and body_started and not rows[-1].header else None
        if not figures:
            if words or not body_started or current is None:
                rows.append(_header_row(label, words, y))  # a header line, at the top or mid-table
            elif current is not None and current.values and not current.label:
                current.label.extend(label)  # figures centred on a two-line label came first
            elif numbered or current is None:
                rows.append(_Row(list(label), {}, y))  # a label whose figures come on a later line
            else:
                current.label.extend(label)  # the label of the row above goes on
            continue
        body_started = True
        clash = current is not None and any(k in current.values for _, k in figures)
        opens = current is None or numbered or (bool(label) and clash) or (not label and clash)
        if opens and not (
            numbered and current is not None and not current.values and not current.label
        ):
            rows.append(_Row(list(label), {}, y))
        else:
            assert current is not None
            current.label.extend(label)
        row = rows[-1]
        for s, k in figures:
            if k in row.values:
                loose.append((s, k, y))
            else:
                row.values[k] = s
    body = [r for r in rows if r.values]
    if not body:
        return None
    for seg, k, y in loose:
        free = [r for r in body if k not in r.values]
        if free:
            min(free, key=lambda r: abs(r.y - y)).values[k] = seg
    width = 1 + len(columns)
    return Table([_cells(r, width) for r in rows], "")


def _header_row(
    label: list[Segment], words: Sequence[tuple[Segment, int | None]], y: float
) -> _Row:
    row = _Row(list(label), {}, y, header=True)
    for s, k in words:
        if k is None:
            continue
        prev = row.values.get(k)
        row.values[k] = (
            s
            if prev is None
            else Segment(prev.box, prev.text + s.text, min(prev.confidence, s.confidence))
        )
    return row


def _cells(row: _Row, width: int) -> list[Cell]:
    label = "".join(s.text for s in row.label)
    conf = min((s.confidence for s in row.label), default=1.0)
    boxes = [s.box for s in row.label]
    box = (
        (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )
        if boxes
        else None
    )
    out = [Cell(label, False, conf, box)]
    for k in range(width - 1):
        s = row.values.get(k)
        out.append(Cell(s.text, False, s.confidence, s.box) if s else Cell("", False, 1.0, None))
    return out
