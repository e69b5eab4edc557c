"""Table 3 (收到和处理政府信息公开申请情况): request rows under the applicant columns.

The header rows give the column order (法人或其他组织 standing for its sub-columns, a 小计
column read and then dropped) and, when the grid is faithful, each column's position. Rows are
placed by their labels in the template's row order; a row whose label is lost takes the next
free place in that order. A table set as two or more parts, each with some of the applicant
columns, is read part by part; a row that lost one value is completed by identity 3 when that
is unambiguous.
"""

from __future__ import annotations

import re

from gongkai.core import vocabulary as v
from pipelines.parse import labels as lb
from pipelines.parse.cells import Token, as_count
from pipelines.parse.interpret.read import Tables, concatenated, continues, convert, note_found
from pipelines.parse.interpret.rows import RowView, Solver, by_position, by_sequence

GENERIC_REQUEST_ROWS = frozenset({"other_other", "other_processing", "handled_total"})

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
        counts = [as_count(t) for t in tokens]
        numbers = [n for n in counts if isinstance(n, int)]
        if len(numbers) != len(counts):
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
        if placed and continues(placed[-1][1], row, len(order)):
            placed[-1] = (placed[-1][0], concatenated([placed[-1][1], row], keep_label=True))
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
            if not row.has_values:
                # a group label on a row of its own ((六)其他处理 over its 2021 sub-rows): no row
                pending = row.label
                continue
            # a row of the other edition (a mixed edition): kept as printed, never spread
            # over this edition's rows by their order
            out.note(
                "requests",
                "mixed_edition",
                row.where,
                _MIXED.get(code, f"{code}: a row of the other edition's table 3"),
            )
            last = max(last, _edition_place(code, sequence))
            placed.append((code, row))
            pending = ""
            continue
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
            {c: convert(t, c) for c, t in zip(order, tokens, strict=True) if c != SUBTOTAL}
        )
        out.request_codes_seen.add(code)
        note_found(out, "requests", row)


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
        code not in GENERIC_REQUEST_ROWS
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


_MIXED = {
    "other_processing": "a 2021 table 3 with 2019's single （六）其他处理 row (a mixed edition): "
    "stored as other_processing, the three 2021 sub-rows left empty",
    **{
        code: f"a 2019 table 3 with 2021's （六） sub-row {code} (a mixed edition): stored as "
        "printed, other_processing left empty"
        for code in v.OTHER_PROCESSING_ROWS
    },
}


def _edition_place(code: str, sequence: list[str]) -> int:
    """Where the other edition's row sits in this edition's order: （六） is before （七）总计."""
    return sequence.index("handled_total") - 1 if "handled_total" in sequence else len(sequence) - 1
