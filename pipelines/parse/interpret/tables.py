"""The table interpreter: the blocks of an ``Extracted`` → the three tables of the canonical report.

Rows from every table block are read as one stream. Each row is put in table 2, 3 or 4 by its
labels (or by the section heading above it, or by the table the previous row was in), so a
table split across blocks, page footers between parts, a header repeated after a page break
or all three tables in one block read the same way. Rows are then recognised by their labels;
where a label is lost, the template's row order places the row and provenance says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from gongkai.core import vocabulary as v
from pipelines.parse import labels as lb
from pipelines.parse.cells import Token, Value, as_amount, as_count, read_token
from pipelines.parse.headings import heading_code, is_heading
from pipelines.parse.interpret import grids
from pipelines.parse.interpret.rows import RowView, Solver, by_position, by_sequence, view
from pipelines.parse.model import Cell, Extracted, Paragraph, Table

#: Table layouts in which blank cells are unreliable; text.py marks them in ``Table.where``.
SOFT_MARKERS = ("(pipe)", "(tsv)")

_APPEAL_MEASURES = lb._rules(
    [
        ("upheld", r"维持"),
        ("corrected", r"纠正"),
        ("other", r"其他"),
        ("pending", r"尚未审结|未审结|审结"),
        ("total", r"总计|合计"),
    ]
)
_APPEAL_GROUPS = lb._rules(
    [
        ("litigation_after_review", r"复议后"),
        ("litigation_direct", r"直接起诉|未经复议"),
        ("review", r"行政复议"),
    ]
)
_GENERIC_REQUEST_ROWS = frozenset({"other_other", "other_processing", "handled_total"})
FORMAT_2019_MEASURES = frozenset(v.PROACTIVE_MEASURE_LABELS_2019) - frozenset(
    v.PROACTIVE_MEASURE_LABELS
)
FORMAT_2019_ITEMS = frozenset(v.PROACTIVE_ITEMS_2019) - frozenset(v.PROACTIVE_ITEMS)


@dataclass(slots=True)
class Tables:
    """What the interpreter read, before it is shaped for one format."""

    proactive: dict[str, dict[str, Value]] = field(default_factory=dict)
    requests: dict[str, dict[str, Value]] = field(default_factory=dict)
    appeals: dict[str, dict[str, Value]] = field(default_factory=dict)
    found: dict[str, list[str]] = field(
        default_factory=dict
    )  # table → the blocks its rows came from
    notes: list[dict[str, Any]] = field(default_factory=list)  # fallbacks and guesses
    measures_seen: set[str] = field(default_factory=set)
    request_codes_seen: set[str] = field(default_factory=set)

    def note(self, table: str, kind: str, where: str, detail: str) -> None:
        self.notes.append({"table": table, "kind": kind, "where": where, "detail": detail})


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
    if code and code not in _GENERIC_REQUEST_ROWS:
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
        if alone or (len(parts) - labels == 5 and lb.first_match(label, _APPEAL_GROUPS)):
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


def _convert(token: Token | None, measure: str) -> Value:
    if token is None:
        return None
    if measure in v.DECIMAL_MEASURES or measure in v.DECIMAL_MEASURES_2019:
        return as_amount(token)
    count = as_count(token)
    if isinstance(count, int) and count < 0 and measure not in v.SIGNED_MEASURES_2019:
        return None  # only 本年增/减 is signed: a minus before a count is not a count
    return count


# --- table 2 -----------------------------------------------------------------------------------


def _template_measures(item: str, fmt_hint: str) -> list[str]:
    table = v.proactive_measures(fmt_hint)
    return list(table.get(item) or v.PROACTIVE_MEASURES_2019.get(item) or [])


def read_proactive(rows: list[RowView], out: Tables, fmt_hint: str) -> None:
    header: list[tuple[int, str]] = []
    last_item: tuple[str, RowView, list[str]] | None = None
    headed: dict[str, bool] = {}
    for row in rows:
        own = row.own_labels
        item = lb.first_match(row.label, lb.PROACTIVE_ITEMS)
        measures = [
            (p, code)
            for p, text in own
            if (code := lb.first_match(text, lb.PROACTIVE_MEASURES)) is not None
        ]
        # measure labels and no values make a header, even when an item label got into it
        # (a PDF joins 信息内容 to the first item of the next page across a page break)
        if measures and not row.has_values:
            header = measures
            out.measures_seen.update(code for _, code in measures)
            continue
        if "第二十条" in row.label and item is None:
            header = []
            continue
        if (
            item is None
            and last_item is not None
            and _continues(last_item[1], row, len(last_item[2]))
        ):
            row = _concatenated([last_item[1], row], keep_label=True)
            item = last_item[0]
            out.note(
                "proactive",
                "joined_row",
                row.where,
                f"{item}: a row broken across a page break joined",
            )
            del out.proactive[item]
        if item is None or (item in out.proactive and (headed.get(item) or not header)):
            continue
        headed[item] = bool(header)  # a row under a 信息内容 header beats one from another table
        codes = [code for _, code in header]
        positions = [p for p, _ in header]
        template = next(
            (
                m
                for m in (v.PROACTIVE_MEASURES.get(item), v.PROACTIVE_MEASURES_2019.get(item))
                if m and codes and set(codes) <= set(m)
            ),
            None,
        )
        if template is None or len(codes) < len(template):
            # no header, a header for other items, or a header label we could not read (a typo)
            codes, positions = template or _template_measures(item, fmt_hint), []
        tokens = by_position(row, positions) if positions else None
        if tokens is None:
            tokens, guess = by_sequence(row, len(codes))
            if guess:
                out.note("proactive", guess, row.where, f"{item}: values fitted to {codes}")
        out.proactive[item] = {m: _convert(t, m) for m, t in zip(codes, tokens, strict=True)}
        last_item = (item, row, codes)
        _found(out, "proactive", row)


# --- table 3 -----------------------------------------------------------------------------------

#: A 小计 (subtotal) column in a soft table's header: read in its place, then dropped.
SUBTOTAL = "_subtotal"


def _header_columns(
    rows: list[RowView], expected: list[str] | None = None
) -> tuple[list[str], list[int] | None]:
    """Column order (codes, ``SUBTOTAL`` among them where a header names 小计) and, when the
    grid is faithful, each column's position; ``expected``: the columns of one part of a
    table split by applicant (all by default)."""
    expected = expected or list(v.REQUEST_COLUMNS)
    positions: dict[str, int] = {}
    tops: list[list[str]] = []
    subs: list[list[str]] = []
    for row in rows:
        seq: list[str] = []
        for p, text in row.own_labels:
            if lb.REQUEST_ORG_GROUP.search(text):
                seq.append("GROUP")
                continue
            if text == "小计":  # the organisations' subtotal: a column read and then dropped
                seq.append(SUBTOTAL)
                continue
            code = lb.first_match(text, lb.REQUEST_COLUMNS)
            if code:
                seq.append(code)
                positions.setdefault(code, p)
        orgs = [c for c in seq if c not in ("GROUP", "natural_person", "total")]
        if "GROUP" in seq or (seq and not orgs):
            tops.append(seq)
        elif orgs:
            subs.append(seq)
    order: list[str] = []
    if tops and subs:
        for code in tops[0]:
            if code == "GROUP":  # 法人或其他组织 stands for its sub-columns, in their order
                order.extend(c for c in subs[0] if c not in order)
            else:
                order.append(code)
    elif subs:
        order = subs[0]
    elif tops:
        order = [c for c in tops[0] if c != "GROUP"]
    order = list(dict.fromkeys(order))
    if set(order) - {SUBTOTAL} != set(expected):
        order = [c for c in v.REQUEST_COLUMNS if c in expected]
    pos = [positions.get(c, -1) for c in order]
    if -1 in pos or len(set(pos)) != len(pos):
        return order, None
    return order, pos


def _solver(order: list[str]) -> Solver:
    """Place one lost value of a table-3 row by identity 3 (total = sum of applicant columns)."""
    total_at = order.index("total")

    def solve(tokens: list[Token]) -> list[Token] | None:
        numbers = [as_count(t) for t in tokens]
        if any(not isinstance(n, int) for n in numbers):
            return None
        results = set()
        for k in range(len(order)):
            row: list[int | None] = [*numbers[:k], None, *numbers[k:]]
            if k == total_at:
                missing = sum(n for i, n in enumerate(row) if i != total_at and n is not None)
            else:
                rest = sum(n for i, n in enumerate(row) if i not in (k, total_at) and n is not None)
                missing = (row[total_at] or 0) - rest
            if missing >= 0:
                row[k] = missing
                results.add(tuple(row))
        if len(results) != 1:
            return None
        return [Token(str(n)) for n in results.pop()]

    return solve


def read_requests(rows: list[RowView], out: Tables, fmt: str) -> None:
    parts = _applicant_parts(rows)
    if parts is None:
        _read_request_part(rows, out, fmt, list(v.REQUEST_COLUMNS))
        return
    for columns, part in parts:
        out.note(
            "requests",
            "split_by_applicant",
            part[0].block,
            f"table 3 split by applicant: this part holds {columns}",
        )
        _read_request_part(part, out, fmt, columns)


def _named_columns(rows: list[RowView]) -> set[str]:
    return {
        code
        for r in rows
        if not r.has_values and _is_request_header(r)
        for _, text in r.own_labels
        if (code := lb.first_match(text, lb.REQUEST_COLUMNS))
    }


def _applicant_parts(rows: list[RowView]) -> list[tuple[list[str], list[RowView]]] | None:
    """Table 3 set as two or more tables, each with the rows' labels and some of the applicant
    columns (自然人 in one, 法人或其他组织 and 总计 in the other; as separate blocks or one
    block once a converter joined them): the parts in order with their columns, when every
    part's header names columns no other part names and together they name them all; else
    None. A part starts at a header row (申请人情况 or column names) that follows figures (or
    at the first one); rows above the first header (its top cut off by a page break) belong
    to the first part."""
    parts: list[tuple[set[str], list[RowView]]] = []
    before: list[RowView] = []
    figures = True  # figures since the current part's last header row
    for row in rows:
        named = _named_columns([row])
        header = not row.has_values and (
            bool(named) or "申请人情况" in row.label or bool(lb.REQUEST_ORG_GROUP.search(row.label))
        )
        if header and figures:
            parts.append((set(), [*before, row]))
            before = []
            figures = False
        elif parts:
            parts[-1][1].append(row)
        else:
            before.append(row)
        if header:
            parts[-1][0].update(named)
        elif row.has_values:
            figures = True
    every = set(v.REQUEST_COLUMNS)
    if (
        len(parts) < 2
        or sum(len(named) for named, _ in parts) != len(every)
        or set().union(*(named for named, _ in parts)) != every
    ):
        return None
    return [([c for c in v.REQUEST_COLUMNS if c in named], part) for named, part in parts]


def _read_request_part(rows: list[RowView], out: Tables, fmt: str, columns: list[str]) -> None:
    headers = [r for r in rows if not r.has_values and _is_request_header(r)]
    order, positions = _header_columns(headers, columns)
    solver = (
        _solver(order) if "total" in order and len(order) > 2 and SUBTOTAL not in order else None
    )
    sequence = list(v.request_rows(fmt))
    last = -1
    pending = ""
    placed: list[tuple[str, RowView]] = []
    header_ids = {id(r) for r in headers}
    for row in rows:
        if id(row) in header_ids:
            continue
        if placed and _continues(placed[-1][1], row, len(order)):
            placed[-1] = (placed[-1][0], _concatenated([placed[-1][1], row], keep_label=True))
            out.note(
                "requests",
                "joined_row",
                row.where,
                f"{placed[-1][0]}: a row broken across a page break joined to its first part",
            )
            continue
        if placed and (recoded := _cut_label(placed, row, sequence)) is not None:
            out.note(
                "requests",
                "joined_label",
                row.where,
                f"{placed[-1][0]} is {recoded}: its label continues on this row (cut by a page break)",
            )
            placed[-1] = (recoded, placed[-1][1])
            last = sequence.index(recoded)
            continue
        code = lb.first_match(row.label, lb.REQUEST_ROWS)
        if code is None and pending:
            code = lb.first_match(pending + row.label, lb.REQUEST_ROWS)
        if not row.values or (not row.has_values and code is None):
            pending = row.label if code is None else ""
            continue
        if code is not None and code not in sequence:
            twin = _format_twin(code, sequence)
            if twin is None and not row.has_values:
                # a group label on a row of its own ((六)其他处理 over its 2021 sub-rows): no row
                pending = row.label
                continue
            code = twin
        pending = ""
        taken = {c for c, _ in placed}
        if code in taken and not row.has_values:
            continue  # the label of a row already placed (a cell's text below its figures)
        if code is None or code in taken:
            code = next((c for c in sequence[last + 1 :] if c not in taken), None)
            if code is None:
                continue
            out.note(
                "requests",
                "fallback_order",
                row.where,
                f"row label {row.label or '(none)'!r} not recognised; placed as {code} by the template's row order",
            )
        last = sequence.index(code)
        placed.append((code, row))
    # A block where any row disagrees with the header's positions has shifted cells: read
    # all its rows by sequence rather than trust positions that are right only by chance.
    shifted = {row.block for _, row in placed if positions and by_position(row, positions) is None}
    for code, row in placed:
        tokens = by_position(row, positions) if positions and row.block not in shifted else None
        if tokens is None:
            tokens, guess = by_sequence(row, len(order), solver)
            if guess:
                out.note(
                    "requests", guess, row.where, f"{code}: values fitted to the columns {order}"
                )
        out.requests.setdefault(code, {}).update(
            {c: _convert(t, c) for c, t in zip(order, tokens, strict=True) if c != SUBTOTAL}
        )
        out.request_codes_seen.add(code)
        _found(out, "requests", row)


_NUMBERED = re.compile(
    r"^(?:\(?[一二三四五六七八九十\d]{1,3}\)|[一二三四五六七八九十]{1,3}、|\d{1,2}\.)"
)


def _cut_label(placed: list[tuple[str, RowView]], row: RowView, sequence: list[str]) -> str | None:
    """The row code of the last placed row when ``row`` holds nothing but the rest of its
    label (a page break cut 2.其他|法律行政法规禁止公开): the last row was read by a generic
    ending (其他, 总计), the rest starts with no number of its own, and together they name
    a row not yet placed."""
    code, previous = placed[-1]
    if (
        code not in _GENERIC_REQUEST_ROWS
        or row.has_values
        or not row.label
        or _NUMBERED.match(row.label)
    ):
        return None
    joined = lb.first_match(previous.label + row.label, lb.REQUEST_ROWS)
    if (
        joined is None
        or joined == code
        or joined not in sequence
        or joined in {c for c, _ in placed}
    ):
        return None
    return joined


def _is_request_header(row: RowView) -> bool:
    if lb.REQUEST_HINTS.search(row.label) and not lb.first_match(row.label, lb.REQUEST_ROWS):
        return True
    return any(
        lb.first_match(t, lb.REQUEST_COLUMNS) or lb.REQUEST_ORG_GROUP.search(t)
        for _, t in row.own_labels
    )


def _format_twin(code: str, sequence: list[str]) -> str | None:
    """A 2021 （六） sub-row read in a 2019 table, or the reverse, has no place: order decides."""
    if (
        code in ("other_no_correction", "other_unpaid_fee", "other_other")
        and "other_processing" in sequence
    ):
        return "other_processing"
    return None


# --- table 4 -----------------------------------------------------------------------------------

_APPEAL_ORDER = [(g, m) for g in v.APPEAL_GROUPS for m in v.APPEAL_MEASURES]


def _measure_order(codes: list[str], groups: int) -> list[str]:
    """Header measure codes as the columns run, if they are whole groups of the five; else the template's."""
    five = list(v.APPEAL_MEASURES)
    if len(codes) == 5 * groups and all(
        sorted(codes[i : i + 5]) == sorted(five) for i in range(0, len(codes), 5)
    ):
        return codes
    return five * groups


def _appeal_measure(text: str) -> str | None:
    return None if lb.first_match(text, _APPEAL_GROUPS) else lb.first_match(text, _APPEAL_MEASURES)


def read_appeals(rows: list[RowView], out: Tables) -> None:
    at: dict[int, str] = {}  # grid position → measure code
    reading: list[str] = []  # measure codes in reading order
    data: list[RowView] = []
    above: dict[int, str] = {}  # header text per position so far: 结果/维持 wrapped over two rows
    for row in rows:
        own = row.own_labels
        measures = [(p, code) for p, text in own if (code := _appeal_measure(text))]
        stacked = [
            (p, code)
            for p, text in own
            if p not in at and (code := _appeal_measure(above.get(p, "") + text))
        ]
        if not row.has_values:
            for p, text in own:
                above[p] = above.get(p, "") + text
        if (measures or stacked) and not row.has_values:
            for p, code in stacked:
                at.setdefault(p, code)
            for p, code in measures:
                at.setdefault(p, code)
                reading.append(code)
            continue
        if row.has_values or (row.values and not own):
            data.append(row)
    if not data:
        return
    for r in data:
        _found(out, "appeals", r)
    grouped = {lb.first_match(r.label, _APPEAL_GROUPS): r for r in data}
    if len(data) == 3 and set(grouped) == set(v.APPEAL_GROUPS):
        order = _measure_order(reading[:5], 1)
        for group, row in grouped.items():
            tokens, guess = by_sequence(row, len(order))
            if guess:
                out.note("appeals", guess, row.where, f"{group}: values fitted to five measures")
            out.appeals[str(group)] = {
                m: _convert(t, m) for m, t in zip(order, tokens, strict=True)
            }
        return
    positions = sorted(at)
    row = data[0]
    tokens = by_position(row, positions) if len(positions) == len(_APPEAL_ORDER) else None
    if tokens is not None:
        order = _measure_order([at[p] for p in positions], 3)
    else:
        order = _measure_order(reading, 3)
        if len(data) > 1:
            row = _concatenated(data)
        tokens, guess = by_sequence(row, len(order))
        if guess:
            out.note("appeals", guess, row.where, "values fitted to the 15 template columns")
    groups = [g for g in v.APPEAL_GROUPS for _ in range(5)]
    for group, measure, token in zip(groups, order, tokens, strict=True):
        out.appeals.setdefault(group, {})[measure] = _convert(token, measure)


def _found(out: Tables, table: str, row: RowView) -> None:
    blocks = out.found.setdefault(table, [])
    if row.block not in blocks:
        blocks.append(row.block)


def _concatenated(rows: list[RowView], *, keep_label: bool = False) -> RowView:
    """Value rows broken across lines or pages, read as one row (after the first row's label)."""
    first = rows[0]
    cells = (
        list(first.cells[: first.values[0]] if first.values else first.cells) if keep_label else []
    )
    cells += [row.cells[p] for row in rows for p in row.values]
    return view(cells, f"{first.where} … {rows[-1].where}", first.soft, first.block)


def _continues(previous: RowView, row: RowView, n: int) -> bool:
    """``row`` holds only the values that ``previous`` (a labelled row left short) lacks."""
    if row.label or not previous.label or not row.has_values:
        return False
    have, more = len(previous.values), len(row.values)
    if previous.soft:
        have = sum(1 for p in previous.values if not previous.tokens[p].is_blank)
        more = sum(1 for p in row.values if not row.tokens[p].is_blank)
    return (have > 0 or not previous.values) and have < n and have + more == n


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
    if "other_processing" in tables.request_codes_seen and not tables.request_codes_seen & {
        "other_no_correction",
        "other_unpaid_fee",
    }:
        return "2019"
    if tables.measures_seen & {"issued", "repealed", "in_force"}:
        return "2021"
    return fmt_hint


def shaped(tables: Tables, fmt: str) -> dict[str, Any]:
    """The three tables with every template cell present (None where nothing was read)."""
    proactive = {
        item: {m: (tables.proactive.get(item) or {}).get(m) for m in measures}
        for item, measures in v.proactive_measures(fmt).items()
    }
    requests = {
        row: {c: (tables.requests.get(row) or {}).get(c) for c in v.REQUEST_COLUMNS}
        for row in v.request_rows(fmt)
    }
    appeals = {
        g: {m: (tables.appeals.get(g) or {}).get(m) for m in v.APPEAL_MEASURES}
        for g in v.APPEAL_GROUPS
    }
    return {"proactive": proactive, "requests": requests, "appeals": appeals}
