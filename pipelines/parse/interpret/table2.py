"""Table 2 (主动公开): the rows of each item under the measure columns its header names.

A row is an item by its label; its values are read at the positions of the 信息内容 header's
measure columns when the header names the item's template measures, else by sequence against
the template's measures. A row cut by a page break is joined to its first part.
"""

from __future__ import annotations

from gongkai.core import vocabulary as v
from pipelines.parse import labels as lb
from pipelines.parse.interpret.read import Tables, concatenated, continues, convert, note_found
from pipelines.parse.interpret.rows import RowView, by_position, by_sequence


def _template_measures(item: str, fmt_hint: str) -> list[str]:
    table = v.proactive_measures(fmt_hint)
    return list(table.get(item) or v.PROACTIVE_MEASURES_2019.get(item) or [])


def _placed_by_order(rows: list[RowView], fmt_hint: str) -> dict[int, tuple[str, str]]:
    """Rows with values whose label is missing or misspelled (行政事业型收费, a blank before
    行政强制's figure) → (item, why), when the rows around them are certain: the labelled rows
    before and after are two places apart in table 2's fixed order (or the row before is the
    second-to-last item and the table ends), so exactly one item fits."""
    order = list(v.proactive_items(fmt_hint))
    items = [lb.first_match(r.label, lb.PROACTIVE_ITEMS) for r in rows]
    data = [
        i
        for i, r in enumerate(rows)
        if r.has_values and (items[i] is not None or "第二十条" not in r.label)
    ]
    out: dict[int, tuple[str, str]] = {}
    for pos, i in enumerate(data):
        if items[i] is not None:
            continue
        before = items[data[pos - 1]] if pos > 0 else None
        after = items[data[pos + 1]] if pos + 1 < len(data) else None
        if before not in order or (after is not None and after not in order):
            continue
        at = order.index(before) + 1
        fits = (after is not None and order.index(after) == at + 1) or (
            after is None and pos + 1 == len(data) and at == len(order) - 1
        )
        if fits and order[at] not in items:
            around = f"between {before} and {after}" if after else f"after {before}, last"
            out[i] = (order[at], around)
    return out


def read_proactive(rows: list[RowView], out: Tables, fmt_hint: str) -> None:
    header: list[tuple[int, str]] = []
    last_item: tuple[str, RowView, list[str]] | None = None
    headed: dict[str, bool] = {}
    by_order = _placed_by_order(rows, fmt_hint)
    for index, row in enumerate(rows):
        own = row.own_labels
        item = lb.first_match(row.label, lb.PROACTIVE_ITEMS)
        if item is None and index in by_order:
            item, around = by_order[index]
            out.note(
                "proactive",
                "label_by_order",
                row.where,
                f"row label {row.label or '(none)'!r} not recognised; placed as {item} "
                f"{around} by table 2's fixed order",
            )
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
            and continues(last_item[1], row, len(last_item[2]))
        ):
            row = concatenated([last_item[1], row], keep_label=True)
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
        out.proactive[item] = {m: convert(t, m) for m, t in zip(codes, tokens, strict=True)}
        last_item = (item, row, codes)
        note_found(out, "proactive", row)
