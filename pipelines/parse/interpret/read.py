"""What the interpreter read from tables 2-4, and what the three table readers share.

``Tables`` holds the values read per table, where each table was found and the notes on what
was guessed; ``convert`` reads a cell's token as the measure's kind of value; ``concatenated``
and ``continues`` join a row that a line or page break cut in two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.core import vocabulary as v
from pipelines.parse.cells import Token, Value, as_amount, as_count
from pipelines.parse.interpret.rows import RowView, view


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


def convert(token: Token | None, measure: str) -> Value:
    if token is None:
        return None
    if measure in v.DECIMAL_MEASURES or measure in v.DECIMAL_MEASURES_2019:
        return as_amount(token)
    count = as_count(token)
    if isinstance(count, int) and count < 0 and measure not in v.SIGNED_MEASURES_2019:
        return None  # only 本年增/减 is signed: a minus before a count is not a count
    return count


def note_found(out: Tables, table: str, row: RowView) -> None:
    blocks = out.found.setdefault(table, [])
    if row.block not in blocks:
        blocks.append(row.block)


def concatenated(rows: list[RowView], *, keep_label: bool = False) -> RowView:
    """Value rows broken across lines or pages, read as one row (after the first row's label)."""
    first = rows[0]
    cells = (
        list(first.cells[: first.values[0]] if first.values else first.cells) if keep_label else []
    )
    cells += [row.cells[p] for row in rows for p in row.values]
    return view(cells, f"{first.where} … {rows[-1].where}", first.soft, first.block)


def continues(previous: RowView, row: RowView, n: int) -> bool:
    """``row`` holds only the values that ``previous`` (a labelled row left short) lacks."""
    if row.label or not previous.label or not row.has_values:
        return False
    have, more = len(previous.values), len(row.values)
    if previous.soft:
        have = sum(1 for p in previous.values if not previous.tokens[p].is_blank)
        more = sum(1 for p in row.values if not row.tokens[p].is_blank)
    return (have > 0 or not previous.values) and have < n and have + more == n
