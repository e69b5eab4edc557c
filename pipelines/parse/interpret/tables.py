"""The table interpreter: the blocks of an ``Extracted`` → the three tables of the canonical report.

Rows from every table block are read as one stream. Each row is put in table 2, 3 or 4 by its
labels (or by the section heading above it, or by the table the previous row was in), so a
table split across blocks, page footers between parts, a header repeated after a page break
or all three tables in one block read the same way. Rows are then recognised by their labels;
where a label is lost, the template's row order places the row and provenance says so.

Table 2 is read by ``table2``, table 3 by ``table3``, table 4 by ``table4``; ``read`` holds
what they read (``Tables``).
"""

from __future__ import annotations

from typing import Any

from gongkai.core import vocabulary as v
from pipelines.parse import labels as lb
from pipelines.parse.cells import read_token
from pipelines.parse.headings import heading_code, is_heading
from pipelines.parse.interpret import grids
from pipelines.parse.interpret.read import Tables
from pipelines.parse.interpret.rows import RowView, view
from pipelines.parse.interpret.table2 import read_proactive
from pipelines.parse.interpret.table3 import GENERIC_REQUEST_ROWS, read_requests
from pipelines.parse.interpret.table4 import APPEAL_GROUPS, read_appeals
from pipelines.parse.model import Cell, Extracted, Paragraph, Table

#: Table layouts in which blank cells are unreliable; text.py marks them in ``Table.where``.
SOFT_MARKERS = ("(pipe)", "(tsv)")

FORMAT_2019_MEASURES = frozenset(v.PROACTIVE_MEASURE_LABELS_2019) - frozenset(
    v.PROACTIVE_MEASURE_LABELS
)
FORMAT_2019_ITEMS = frozenset(v.PROACTIVE_ITEMS_2019) - frozenset(v.PROACTIVE_ITEMS)


def _is_soft(table: Table) -> bool:
    return any(marker in table.where for marker in SOFT_MARKERS)


def _heading_kind(text: str) -> str | None:
    """The table a section heading announces (二、三、四), "" for other headings, else None."""
    if not is_heading(text):
        return None
    code = heading_code(text)
    return code if code in ("proactive", "requests", "appeals") else ""


def _row_kind(row: RowView) -> str | None:
    label = row.label
    if not label:
        return None
    if lb.APPEAL_HINTS.search(label):
        return "appeals"
    if lb.PROACTIVE_HINTS.search(label) or lb.first_match(label, lb.PROACTIVE_ITEMS):
        return "proactive"
    if lb.REQUEST_HINTS.search(label):
        return "requests"
    code = lb.first_match(label, lb.REQUEST_ROWS)
    if code and code not in GENERIC_REQUEST_ROWS:
        return "requests"
    # 其他 and 总计 head table 4's columns too: only an applicant column names table 3
    if any(
        lb.first_match(text, lb.REQUEST_COLUMNS)
        for _, text in row.own_labels
        if text not in ("其他", "总计", "合计")
    ):
        return "requests"
    return None


def _line_row(text: str, state: str) -> list[Cell] | None:
    """A row of table 2 or 4 that reached us as a line of text (a borderless table left as
    prose by the extractor), cut at spaces: in table 2 an item label and its values, or the
    信息内容 header; in table 4 the fifteen values alone, or a group label and its five."""
    parts = text.split()
    if len(parts) < 2:
        return None
    kinds = [read_token(p).kind for p in parts]
    labels = 0
    while labels < len(parts) and kinds[labels] == "label":
        labels += 1
    if state == "appeals":
        label = lb.norm("".join(parts[:labels]))
        if "label" in kinds[labels:] or "value" not in kinds:
            return None
        alone = labels == 0 and len(parts) >= 5
        if alone or (len(parts) - labels == 5 and lb.first_match(label, APPEAL_GROUPS)):
            return ([Cell(label)] if labels else []) + [Cell(p) for p in parts[labels:]]
        return None
    if labels == len(parts):  # a header: 信息内容 and measure labels
        if lb.norm(parts[0]) != "信息内容" or not any(
            lb.first_match(lb.norm(p), lb.PROACTIVE_MEASURES) for p in parts[1:]
        ):
            return None
        return [Cell(p) for p in parts]
    label = "".join(parts[:labels])
    values = parts[labels:]
    if (
        not labels
        or len(values) > 4
        or "label" in kinds[labels:]
        or not lb.first_match(lb.norm(label), lb.PROACTIVE_ITEMS)
    ):
        return None
    return [Cell(label), *(Cell(p) for p in values)]


def _column_line(text: str) -> list[Cell] | None:
    """A line of table 3 naming nothing but applicant columns (自然人; 商业企业 科研机构 …):
    a header row of one or a few cells that the text extractor left as a paragraph."""
    parts = text.split()
    if (
        not parts
        or len(text) > 60
        or not all(
            lb.first_match(lb.norm(p), lb.REQUEST_COLUMNS) or lb.REQUEST_ORG_GROUP.search(p)
            for p in parts
        )
    ):
        return None
    return [Cell(p) for p in parts]


def split_rows(ex: Extracted) -> dict[str, list[RowView]]:
    """Every table row, assigned to proactive/requests/appeals (other rows are dropped)."""
    out: dict[str, list[RowView]] = {"proactive": [], "requests": [], "appeals": []}
    state: str | None = None
    remarks = False  # a soft table under a 备注 heading since the last section heading
    for block in ex.blocks:
        if isinstance(block, Paragraph):
            kind = _heading_kind(block.text)
            if kind is not None:
                state = kind or None
                remarks = False
            elif (
                state is not None
                and (
                    cells := _line_row(block.text, state)
                    if state != "requests"
                    else _column_line(block.text)
                )
                is not None
            ):
                where = f"{block.where or 'paragraph'} (text line)"
                out[state].append(view(cells, where, True, where))
            continue
        soft = _is_soft(block)
        # soft rows lose and gain cells: a column position means nothing there
        if soft:
            remarks = remarks or grids.has_remarks(block)  # a header cut off from its rows holds
            block = grids.soft_normalised(block, remarks)
        else:
            block = grids.normalised(block)
        for i, cells in enumerate(block.rows):
            if not cells:
                continue
            row = view(cells, f"{block.where} row {i + 1}", soft, block.where)
            own = row.own_labels
            section = (
                heading_code(cells[own[0][0]].text)
                if len(own) == 1 and not row.has_values
                else None
            )
            if section is not None:  # a section heading written as a table row
                state = section if section in out else None
                continue
            kind = _row_kind(row)
            if kind is not None:
                state = kind
            if state is not None:
                out[state].append(row)
    return out


# --- entry -------------------------------------------------------------------------------------


def interpret(ex: Extracted, fmt_hint: str = "2021") -> Tables:
    parts = split_rows(ex)
    out = Tables()
    read_proactive(parts["proactive"], out, fmt_hint)
    fmt = detected_format(out, fmt_hint)
    if _single_other_row(parts["requests"]) and not out.measures_seen & {
        "issued",
        "repealed",
        "in_force",
    }:
        fmt = "2019"
    read_requests(parts["requests"], out, fmt)
    read_appeals(parts["appeals"], out)
    return out


def _single_other_row(rows: list[RowView]) -> bool:
    """2019 tables have one （六）其他处理 row with values and none of the 2021 sub-rows."""
    codes = {lb.first_match(r.label, lb.REQUEST_ROWS) for r in rows if r.has_values}
    return "other_processing" in codes and not codes & {"other_no_correction", "other_unpaid_fee"}


def detected_format(tables: Tables, fmt_hint: str) -> str:
    if tables.measures_seen & FORMAT_2019_MEASURES or set(tables.proactive) & FORMAT_2019_ITEMS:
        return "2019"
    if tables.measures_seen & {"issued", "repealed", "in_force"}:
        return "2021"  # table 2 in the 2021 layout decides, whatever table 3's （六） looks like
    if "other_processing" in tables.request_codes_seen and not tables.request_codes_seen & {
        "other_no_correction",
        "other_unpaid_fee",
    }:
        return "2019"
    return fmt_hint


def shaped(tables: Tables, fmt: str) -> dict[str, Any]:
    """The three tables with every template cell present (None where nothing was read)."""
    proactive = {
        item: {m: (tables.proactive.get(item) or {}).get(m) for m in measures}
        for item, measures in v.proactive_measures(fmt).items()
    }
    # rows and items of the other edition (a mixed edition) are kept when the report prints them
    proactive.update(
        {
            item: {m: tables.proactive[item].get(m) for m in measures}
            for item, measures in v.other_edition_items(fmt).items()
            if item in tables.proactive
        }
    )
    rows = [
        *v.request_rows(fmt),
        *(r for r in v.other_edition_request_rows(fmt) if r in tables.requests),
    ]
    requests = {
        row: {c: (tables.requests.get(row) or {}).get(c) for c in v.REQUEST_COLUMNS} for row in rows
    }
    appeals = {
        g: {m: (tables.appeals.get(g) or {}).get(m) for m in v.APPEAL_MEASURES}
        for g in v.APPEAL_GROUPS
    }
    return {"proactive": proactive, "requests": requests, "appeals": appeals}
