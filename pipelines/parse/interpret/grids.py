"""Grid tables (HTML, DOCX, ruled PDF) set the template's way before their rows are read.

* columns the template has not (备注 remarks, 小计 subtotals) are dropped;
* a table on its side (table 3 with one row per applicant, table 4 with one row per
  measure) is turned upright;
* rows stacked as lines of one row's cells (eight 不予公开 reasons in one row, each cell
  holding eight lines) become rows again.

Soft tables (text split at spaces or bars) have unreliable column positions: only remarks
after a row's figures are dropped there, when the table has a 备注 heading.
"""

from __future__ import annotations

import re

from pipelines.parse import labels as lb
from pipelines.parse.cells import read_token
from pipelines.parse.model import Cell, Table

#: Columns that are not the template's: remarks (free text) and subtotals some reports add.
_REMARK_HEADS = frozenset({"备注", "说明", "备注说明", "注", "附注"})
_EXTRA_HEADS = _REMARK_HEADS | {"小计"}
_APPEAL_MEASURES = lb._rules(
    [
        ("upheld", r"维持"),
        ("corrected", r"纠正"),
        ("other", r"^其他结果$"),
        ("pending", r"审结"),
        ("total", r"^总计$|^合计$"),
    ]
)
_ENUMERATED = re.compile(r"(?<![\d.])(?=\d{1,2}\.(?!\d))")
_APPEAL_GROUP = lb._rules([("group", r"复议|诉讼|起诉")])
_APPEAL_GROUPS = lb._rules(
    [
        ("litigation_after_review", r"复议后"),
        ("litigation_direct", r"直接起诉|未经复议"),
        ("review", r"行政复议"),
    ]
)


def normalised(table: Table) -> Table:
    return _unstacked(_without_extra_columns(_upright(table)))


def has_remarks(table: Table) -> bool:
    """A 备注 heading after other headings in a row without figures."""
    return any(
        not _has_value(row) and any(lb.norm(c.text) in _REMARK_HEADS for c in row[1:])
        for row in table.rows
    )


def soft_normalised(table: Table, remarks: bool) -> Table:
    """A soft table (text split at spaces or bars) under a 备注 heading (``remarks``: in this
    block or in the block of the same table above it): the remarks written after a row's
    figures are dropped (positions are not reliable there, the order is)."""
    if not remarks:
        return table
    rows: list[list[Cell]] = []
    changed = False
    for row in table.rows:
        kinds = [read_token(c.text).kind for c in row]
        if "value" in kinds:
            end = len(row)
            while end and kinds[end - 1] == "label":
                end -= 1
            changed = changed or end < len(row)
            row = row[:end]
        rows.append(row)
    return Table(rows, table.where) if changed else table


def _has_value(row: list[Cell]) -> bool:
    return any(read_token(c.text).is_value for c in row)


def _without_extra_columns(table: Table) -> Table:
    """The table without its 备注 (remarks) and 小计 (subtotal) columns: a column headed so in
    a row of labels holds free text, which must neither end a row's labels nor be read as a
    figure, or a sum the template has no column for."""
    drop: set[int] = set()
    for row in table.rows:
        if not _has_value(row):  # a heading after other headings: 备注 as a row label stays
            drop.update(
                p
                for p, c in enumerate(row)
                if lb.norm(c.text) in _EXTRA_HEADS
                and any(o.text.strip() and o.text != c.text for o in row[:p])
            )
    if not drop:
        return table
    rows = [[c for p, c in enumerate(row) if p not in drop] for row in table.rows]
    return Table(rows, table.where)


def _row_labels(row: list[Cell]) -> list[str]:
    """The normalised label texts before a row's first value."""
    out: list[str] = []
    for cell in row:
        token = read_token(cell.text)
        if token.is_value:
            break
        if token.kind == "label":
            out.append(lb.norm(cell.text))
    return out


def _upright(table: Table) -> Table:
    """Table 3 or 4 set on its side, turned upright: the rows with figures are named by
    applicant columns (自然人, 商业企业 …) or by table-4 measures (结果维持 …) instead of by
    the template's rows and groups."""
    columns: set[str] = set()
    measures: set[str] = set()
    groups = 0
    for row in table.rows:
        if not _has_value(row):
            continue
        labels = _row_labels(row)
        named = {
            text: code for text in labels if (code := lb.first_match(text, lb.REQUEST_COLUMNS))
        }
        columns.update(named.values())
        if any(lb.first_match(text, lb.REQUEST_ROWS) for text in labels if text not in named):
            return table  # a row of the template's: the table stands as it should
        measures.update(code for text in labels if (code := lb.first_match(text, _APPEAL_MEASURES)))
        groups += any(lb.first_match(text, _APPEAL_GROUP) for text in labels)
    if len(columns) < 4 and (len(measures) < 4 or groups):
        return table
    width = max(len(r) for r in table.rows)
    rows = [row + [Cell("")] * (width - len(row)) for row in table.rows]
    turned = [[rows[r][c] for r in range(len(rows))] for c in range(width)]
    return Table(turned, f"{table.where} (turned upright)")


def _unstacked(table: Table) -> Table:
    """Rows whose cells hold the same number of lines, one per template row, as rows."""
    out: list[list[Cell]] = []
    changed = False
    for row in table.rows:
        lines = _stack(row)
        if lines is None:
            out.append(row)
            continue
        changed = True
        for k in range(lines):
            new: list[Cell] = []
            for cell in row:
                parts = [t for t in cell.text.split("\n") if t.strip()]
                if len(parts) != lines and not cell.is_copy:
                    parts = _label_lines(cell.text)
                if len(parts) == lines:
                    new.append(Cell(parts[k].strip(), cell.is_copy))
                else:  # a label or blank beside the stack: it holds for every line
                    new.append(cell if k == 0 else Cell(cell.text, True))
            out.append(new)
    return Table(out, f"{table.where} (stacked rows split)") if changed else table


def _label_lines(text: str) -> list[str]:
    """A label cell's lines, when each names a different template row: its own lines, or the
    items it enumerates (1.… 2.…) where wrapping joined them (a PDF cell)."""
    for parts in (
        [t.strip() for t in text.split("\n") if t.strip()],
        [t for t in _ENUMERATED.split(lb.norm(text)) if t],
    ):
        if len(parts) >= 2 and _row_names(parts):
            return parts
    return []


def _row_names(lines: list[str]) -> bool:
    """Each line names a different row of the template (a label wrapped over lines does not)."""
    codes = [
        lb.first_match(lb.norm(t), lb.REQUEST_ROWS)
        or lb.first_match(lb.norm(t), lb.PROACTIVE_ITEMS)
        or lb.first_match(lb.norm(t), _APPEAL_GROUPS)
        for t in lines
    ]
    return None not in codes and len(set(codes)) == len(codes)


def _stack(row: list[Cell]) -> int | None:
    """The number of rows stacked in ``row``, or None: cells of figures with the same number
    (≥2) of lines, each a figure or a blank mark, and a label cell with as many lines, each
    naming a different row of the template."""
    counts: set[int] = set()
    figures = 0
    label_lines: set[int] = set()
    for cell in row:
        if cell.is_copy:
            continue
        parts = [t for t in cell.text.split("\n") if t.strip()]
        kinds = [read_token(t).kind for t in parts]
        if (
            len(parts) >= 2
            and all(k != "label" for k in kinds)
            and any(k == "value" for k in kinds)
        ):
            counts.add(len(parts))
            figures += 1
        elif all(k == "label" for k in kinds) and (names := _label_lines(cell.text)):
            label_lines.add(len(names))
        elif any(k == "value" for k in kinds):
            return None  # a figure on one line beside stacked ones: not a stack
    if not figures or len(counts) != 1:
        return None
    lines = counts.pop()
    return lines if lines in label_lines else None
