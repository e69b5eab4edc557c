"""Table 4 (行政复议、行政诉讼): five measures in each of three groups.

Read from three group rows of five values, or from one row of fifteen values under header
rows that name the measures (wrapped over two rows or not); without a usable header the
template's measure order is used.
"""

from __future__ import annotations

from gongkai.core import vocabulary as v
from pipelines.parse import labels as lb
from pipelines.parse.interpret.read import Tables, concatenated, convert, note_found
from pipelines.parse.interpret.rows import RowView, by_position, by_sequence

_APPEAL_MEASURES = lb._rules(
    [
        ("upheld", r"维持"),
        ("corrected", r"纠正"),
        ("other", r"其他"),
        ("pending", r"尚未审结|未审结|审结"),
        ("total", r"总计|合计"),
    ]
)
APPEAL_GROUPS = lb._rules(
    [
        ("litigation_after_review", r"复议后"),
        ("litigation_direct", r"直接起诉|未经复议"),
        ("review", r"行政复议"),
    ]
)
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
    return None if lb.first_match(text, APPEAL_GROUPS) else lb.first_match(text, _APPEAL_MEASURES)


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
        note_found(out, "appeals", r)
    grouped = {lb.first_match(r.label, APPEAL_GROUPS): r for r in data}
    if len(data) == 3 and set(grouped) == set(v.APPEAL_GROUPS):
        order = _measure_order(reading[:5], 1)
        for group, row in grouped.items():
            tokens, guess = by_sequence(row, len(order))
            if guess:
                out.note("appeals", guess, row.where, f"{group}: values fitted to five measures")
            out.appeals[str(group)] = {m: convert(t, m) for m, t in zip(order, tokens, strict=True)}
        return
    positions = sorted(at)
    row = data[0]
    placed = by_position(row, positions) if len(positions) == len(_APPEAL_ORDER) else None
    if placed is not None:
        tokens = placed
        order = _measure_order([at[p] for p in positions], 3)
    else:
        order = _measure_order(reading, 3)
        if len(data) > 1:
            row = concatenated(data)
        tokens, guess = by_sequence(row, len(order))
        if guess:
            out.note("appeals", guess, row.where, "values fitted to the 15 template columns")
    groups = [g for g in v.APPEAL_GROUPS for _ in range(5)]
    for group, measure, token in zip(groups, order, tokens, strict=True):
        out.appeals.setdefault(group, {})[measure] = convert(token, measure)
