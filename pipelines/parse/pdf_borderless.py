"""Tables drawn without ruling lines on a PDF page, found from the alignment of numbers.

Used only on pages where no ruled table was found. Lines are cut into tokens at gaps wider
than one em; a token that is a number (or a dash standing for an empty cell) is a value.
Value columns are the clusters of the values' horizontal centres; value rows are values at
one height, where two value lines closer than a line's height with no column in common are one
row (a cell vertically centred beside a top-aligned one). A run of value rows, with the text
lines among them, is one table: a text line touching a value row joins that row's label (a
label wrapped over several lines), other text lines become rows of their own (sub-headings).
Text left of the first value column is the row label; other text goes to the nearest column.
Header lines above the first value row stay paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from pipelines.parse.model import Cell, Table

_VALUE = re.compile(r"^(?:[-+]?\d[\d,，]*(?:\.\d+)?%?|[-—–/／]+)$")
_MIN_VALUE_ROWS = 3
#: a row label's own numbering: 一、 （二） 3. — a line starting so begins a new row
_MARKER = re.compile(r"^\s*[（(]?\s*[一二三四五六七八九十\d]+\s*[)）、.．]")


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


def _cluster_tokens(tokens: list[Token], tolerance: float) -> list[list[Token]]:
    groups: list[list[Token]] = []
    for t in sorted(tokens, key=lambda t: t.cx):
        if groups and t.cx - groups[-1][-1].cx <= tolerance:
            groups[-1].append(t)
        else:
            groups.append([t])
    return groups


Found = tuple[float, float, Table, tuple[float, float, float, float]]


def find_tables(lines: list[tuple[LineLike, list[Token]]], number: int) -> list[Found]:
    """Every run of aligned value rows on a page, as (top, bottom, Table, bbox)."""
    if not lines:
        return []
    em = sorted(line.size for line, _ in lines)[len(lines) // 2] or 10.0
    rows: list[Row] = []
    for line, tokens in lines:
        # values end the line: a number inside prose ("培训 1 次") is not a cell
        first = next((i for i, t in enumerate(tokens) if _VALUE.match(t.text)), None)
        is_values = first is not None and all(_VALUE.match(t.text) for t in tokens[first:]) and (
            first > 0 or len(tokens) >= 2)
        # two value lines within a line's height, with values in different places: one row
        label = [t for t in tokens if not _VALUE.match(t.text)]
        # the last value row, past text lines of other columns (group labels) beside it
        last = next((r for r in reversed(rows) if r.values), None)
        if (is_values and last is not None and line.top - last.bottom < em
                and not _overlap(last.tokens, tokens)
                and (line.top - last.bottom < em * 0.3 or not label or not _MARKER.match(label[0].text))):
            last.tokens.extend(tokens)
            last.top, last.bottom = min(last.top, line.top), max(last.bottom, line.bottom)
            continue
        rows.append(Row(line.top, line.bottom, list(tokens), is_values))
    value_rows = [i for i, r in enumerate(rows) if r.values]
    runs: list[list[int]] = []
    for i in value_rows:
        if runs and rows[i].top - rows[runs[-1][-1]].bottom <= em * 4.5:
            runs[-1].append(i)
        else:
            runs.append([i])
    found: list[Found] = []
    for k, run in enumerate(runs):
        # A short run counts where a table is cut by a page break: first or last on the page,
        # with its values set well apart from their labels.
        edge = (k == 0 and not any(r.values for r in rows[: run[0]]) and run[0] <= 2) or (
            k == len(runs) - 1 and len(rows) - 1 - run[-1] <= 2)
        apart = all(_gap_before_values(rows[i]) >= em * 1.5 for i in run)
        if len(run) < _MIN_VALUE_ROWS and not (edge and apart):
            continue
        start = _with_header(rows, run[0], em)
        found.append(_table(rows[start: run[-1] + 1], em, f"page {number} table {len(found) + 1} (no ruling lines)"))
    return found


def _with_header(rows: list[Row], first: int, em: float) -> int:
    """The index where the table starts: its column headings right above the first value row
    (≥ 3 tokens), with the rows of blank cells between them; ``first`` when there are none."""
    i = first
    while i > 0 and first - i < 4:
        above = rows[i - 1]
        if above.values or rows[i].top - above.bottom >= em * 1.5:
            break
        i -= 1
        if len(above.tokens) >= 3:
            return i
    return first


def _table(members: list[Row], em: float, where: str) -> Found:
    numbers = [t for r in members if r.values for t in r.tokens if _VALUE.match(t.text)]
    header = members[0].tokens[1:] if not members[0].values else []
    # A lone value centred in a merged cell sits between columns: clusters made only of
    # such values are dropped when rows with several values define the columns.
    singles = {id(t) for r in members if r.values
               for t in [x for x in r.tokens if _VALUE.match(x.text)] if
               sum(1 for x in r.tokens if _VALUE.match(x.text)) == 1}
    groups = _cluster_tokens(numbers, em * 1.2)
    kept = [g for g in groups if any(id(t) not in singles for t in g)] or groups
    columns = [sum(t.cx for t in g) / len(g) for g in kept]
    label_edge = min(t.x0 for t in numbers) - em * 0.5
    # Column headings name every column, blank or not, and sit at the cells' centres even
    # when the numbers are left- or right-aligned: when they are at least as many, use them.
    headings = [t for t in header if t.cx > label_edge]
    if len(headings) >= len(columns) and len(headings) >= 2:
        columns = [t.cx for t in headings]
    merged = _attach_wrapped_labels(members, em)
    grid = [_cells(row, columns, label_edge) for row in merged]
    top, bottom = members[0].top, members[-1].bottom
    x0 = min(t.x0 for r in members for t in r.tokens)
    x1 = max(t.x1 for r in members for t in r.tokens)
    return top, bottom, Table(rows=grid, where=where), (x0 - 1, top - 1, x1 + 1, bottom + 1)


def _gap_before_values(row: Row) -> float:
    tokens = sorted(row.tokens, key=lambda t: t.x0)
    first = next((i for i, t in enumerate(tokens) if _VALUE.match(t.text)), None)
    if not first:
        return 1e9 if first == 0 else 0.0
    return tokens[first].x0 - tokens[first - 1].x1


def _overlap(a: list[Token], b: list[Token]) -> bool:
    """Whether two lines have values in a common column."""
    a = [t for t in a if _VALUE.match(t.text)]
    b = [t for t in b if _VALUE.match(t.text)]
    return any(s.x0 < t.x1 and t.x0 < s.x1 for s in a for t in b)


def _attach_wrapped_labels(rows: list[Row], em: float) -> list[Row]:
    """Text lines beside a value row join its label: first those that overlap a row vertically
    (a label centred on its values), then those touching one (labels wrapped over lines)."""
    values = [r for r in rows if r.values]
    pending = [r for r in rows if not r.values]
    out = list(values)
    for overlapping in (True, False):
        left: list[Row] = []
        for row in pending:
            target = _label_target(row, values, em, overlapping)
            if target is None:
                left.append(row)
            else:
                target.tokens.extend(row.tokens)
                target.top, target.bottom = min(target.top, row.top), max(target.bottom, row.bottom)
        pending = left
    out.extend(pending)
    out.sort(key=lambda r: r.top)
    return out


def _label_target(row: Row, values: list[Row], em: float, overlapping: bool) -> Row | None:
    def gap(v: Row) -> float:
        return max(v.top - row.bottom, row.top - v.bottom)

    nearest = min(values, key=gap)
    if (gap(nearest) >= 0) if overlapping else (gap(nearest) >= em * 0.8):
        return None
    first_value = min((x.x0 for x in nearest.tokens if _VALUE.match(x.text)), default=1e9)
    if not all(t.x1 < first_value for t in row.tokens):
        return None
    starts = {round(t.x0) for t in nearest.tokens if not _VALUE.match(t.text)}
    if starts and not all(any(abs(t.x0 - x) <= em for x in starts) for t in row.tokens[:1]):
        return None
    # a numbered line is a row of its own beside a row that has its own numbered label
    own_label = sorted((t for t in nearest.tokens if not _VALUE.match(t.text)), key=lambda t: (t.top, t.x0))
    if own_label and _MARKER.match(own_label[0].text) and row.tokens and _MARKER.match(row.tokens[0].text):
        return None
    return nearest


def _cells(row: Row, columns: list[float], label_edge: float) -> list[Cell]:
    label: list[Token] = []
    slots: list[list[Token]] = [[] for _ in columns]
    for token in row.tokens:
        if token.x1 <= label_edge or (not _VALUE.match(token.text) and token.cx < label_edge):
            label.append(token)
        else:
            k = min(range(len(columns)), key=lambda i: abs(columns[i] - token.cx))
            slots[k].append(token)
    label.sort(key=lambda t: (round(t.cy), t.x0))
    text = "".join(t.text for t in label)
    return [Cell(text)] + [Cell("".join(t.text for t in sorted(s, key=lambda t: (t.top, t.x0)))) for s in slots]
