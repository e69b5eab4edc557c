"""Reading one cell: a count, a signed change, a decimal amount, an explicit blank, or a label.

Blank, dash, slash and 无 are ``null`` (the report left the cell empty), never 0.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from pipelines.parse.model import Cell

#: What a cell holds once read: ``None`` for an explicit blank, a string for amounts.
Value = int | str | None

NULL_TOKENS: Final = frozenset(
    {
        "",
        "-",
        "—",
        "——",
        "–",
        "−",
        "/",
        "\\",
        "无",
        "空",
        "×",
        "x",
        "X",
        "--",
        "---",
        "-—",
        "·",
        "…",
        "/.",
        "_",
    }
)
_SPACES = re.compile(r"[\s\u00a0\u200b\u3000]+")
_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
_UNIT = re.compile(r"(万元|元|件|个|项|次|条|人次)$")
#: 本年增/减 written in words: 增加3, 减少2 (个/项)
_CHANGE_WORDS = re.compile(r"^(增加|新增|增|减少|减)(\d+)$")


class Token:
    """One cell text, classified once: ``kind`` is "value", "blank" or "label"."""

    __slots__ = ("kind", "raw", "sign", "text")

    def __init__(self, raw: str) -> None:
        self.raw = raw
        text = _SPACES.sub("", unicodedata.normalize("NFKC", raw.replace("&nbsp;", "")))
        self.sign = ""
        if text in NULL_TOKENS or not text.strip("-—_/"):
            self.kind, self.text = "blank", ""
            return
        candidate = _UNIT.sub("", text.replace("，", ",").replace("－", "-").replace("\u2212", "-"))
        words = _CHANGE_WORDS.match(candidate)
        if words:
            candidate = ("-" if words.group(1).startswith("减") else "+") + words.group(2)
        match = _NUMBER.match(candidate)
        if match:
            self.kind = "value"
            self.sign = match.group(1)
            self.text = match.group(2).replace(",", "") + (match.group(3) or "")
        else:
            self.kind, self.text = "label", raw

    @property
    def is_value(self) -> bool:
        return self.kind == "value"

    @property
    def is_blank(self) -> bool:
        return self.kind == "blank"

    def __repr__(self) -> str:
        return f"Token({self.kind}:{self.raw!r})"


@lru_cache(maxsize=8192)
def read_token(raw: str) -> Token:
    """A shared Token per cell text (tokens are never changed after they are made)."""
    return Token(raw)


def as_count(token: Token) -> Value:
    """A whole number (signed when written with + or -), or None for a blank.

    A count written with a zero fraction (``12.0``) is that count; any other fraction in a
    count cell is not a count and reads as None.
    """
    if token.kind != "value":
        return None
    whole, _, frac = token.text.partition(".")
    if frac.strip("0"):
        return None
    number = int(whole)
    return -number if token.sign == "-" else number


def as_amount(token: Token) -> Value:
    """A decimal amount exactly as written (thousands separators removed), or None."""
    if token.kind != "value":
        return None
    return ("-" if token.sign == "-" else "") + token.text


def stream_rows(cells: list[Cell]) -> list[list[Cell]]:
    """Rows from a stream of cells whose row breaks were lost: each label after a value starts
    a new row (several labels in a row stay together: group label, item label)."""
    rows: list[list[Cell]] = []
    has_value = False
    for cell in cells:
        kind = read_token(cell.text).kind
        if not rows or (kind == "label" and has_value):
            rows.append([])
            has_value = False
        rows[-1].append(cell)
        has_value = has_value or kind != "label"
    return rows
