"""One table row seen by the interpreter, and fitting its cells to the expected columns.

Two ways to read a row's values, tried in this order:

* by position: the header row put each column code at a grid position; a row whose cells at
  those positions are values or blanks, with no value anywhere else, is read there;
* by sequence: the cells after the row's last label, fitted to the expected count.

Tables whose blanks are unreliable ("soft": Markdown pipes and tab-separated text, where a
converter drops or adds empty cells) fit by non-blank values first; grids (HTML, DOCX) and
one-cell-per-line text keep every blank as a cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pipelines.parse.cells import Token, read_token
from pipelines.parse.labels import norm
from pipelines.parse.model import Cell

#: Completes a row that lost one value, or returns None when that is ambiguous.
Solver = Callable[[list[Token]], list[Token] | None]


@dataclass(slots=True)
class RowView:
    cells: list[Cell]
    tokens: list[Token]
    label: str  # the row's label text, normalised, copies included once
    values: list[int]  # positions of the own cells after the row's last own label
    where: str
    soft: bool
    block: str = ""  # the table block the row came from

    @property
    def has_values(self) -> bool:
        return any(self.tokens[p].is_value for p in self.values)

    @property
    def own_labels(self) -> list[tuple[int, str]]:
        """(position, normalised text) of every label cell that is not a span copy."""
        return [
            (p, norm(c.text))
            for p, c in enumerate(self.cells)
            if not c.is_copy and self.tokens[p].kind == "label"
        ]


def view(cells: list[Cell], where: str, soft: bool, block: str = "") -> RowView:
    tokens = [read_token(c.text) for c in cells]
    parts: list[str] = []
    last_label = -1
    for p, (cell, token) in enumerate(zip(cells, tokens, strict=True)):
        if token.kind != "label":
            continue
        text = norm(cell.text)
        if not parts or parts[-1] != text:
            parts.append(text)
        if not cell.is_copy:
            last_label = p
    values = [p for p in range(last_label + 1, len(cells)) if not cells[p].is_copy]
    return RowView(cells, tokens, "".join(parts), values, where, soft, block)


def by_position(row: RowView, positions: list[int]) -> list[Token | None] | None:
    """The tokens at ``positions`` when the row is consistent with them, else None.

    A position covered by another value's span reads as None: the value counts once."""
    if not positions or max(positions) >= len(row.tokens):
        return None
    wanted = set(positions)
    for p, token in enumerate(row.tokens):
        if p in wanted:
            if token.kind == "label":
                return None
        elif token.is_value and not row.cells[p].is_copy:
            return None
    return [None if row.cells[p].is_copy else row.tokens[p] for p in positions]


def _strip(tokens: list[Token], n: int) -> list[Token]:
    out = list(tokens)
    while len(out) > n and out[-1].is_blank:
        out.pop()
    while len(out) > n and out[0].is_blank:
        out.pop(0)
    return out


def by_sequence(
    row: RowView, n: int, solver: Solver | None = None
) -> tuple[list[Token | None], str | None]:
    """Fit the row's values to ``n`` cells; the second item names any guess made."""
    tokens = [row.tokens[p] for p in row.values]
    if row.soft:
        filled = [t for t in tokens if not t.is_blank]
        if len(filled) == n:
            return list(filled), None
        core = _strip(tokens, 0) if tokens else []
        if len(core) == n:  # blanks between values are real; those at the edges may be padding
            return list(core), None
        if solver is not None and len(filled) == n - 1 and all(t.is_value for t in filled):
            solved = solver(filled)
            if solved is not None:
                return list(solved), "identity_fill"
        if len(tokens) == n:
            return list(tokens), None
        if len(filled) > n:
            return list(filled[-n:]), "extra_values"
    if len(tokens) == n:
        return list(tokens), None
    if len(tokens) > n:
        # Empty grid columns (a borderless PDF adds them) and padding hold no text at all, a
        # dash does: drop the textless cells first, then blank edges, then every blank.
        textless = [t for t in tokens if not (t.is_blank and not t.raw.strip())]
        if len(textless) == n:
            return list(textless), None
        tokens = _strip(tokens, n)
        if len(tokens) == n:
            return list(tokens), None
        filled = [t for t in tokens if not t.is_blank]
        if len(filled) == n:
            return list(filled), None
        return list(tokens[-n:]), "extra_values"
    if solver is not None and len(tokens) == n - 1 and all(t.is_value for t in tokens):
        solved = solver(tokens)
        if solved is not None:
            return list(solved), "identity_fill"
    if not any(t.is_value for t in tokens):
        return [None] * n, None if not tokens else "short_row"
    return [*tokens, *([None] * (n - len(tokens)))], "short_row"
