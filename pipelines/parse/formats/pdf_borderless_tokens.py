"""Positioned tokens for ``pdf_borderless``: a line cut at gaps wider than one em, and rows.

A token that is a number (or a dash standing for an empty cell) is a value (``is_value``);
``MARKER`` is a row label's own numbering (一、 （二） 3.), which begins a new row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

_VALUE = re.compile(r"^(?:[-+]?\d[\d,，]*(?:\.\d+)?%?|[-—–/／]+)$")

#: a row label's own numbering: 一、 （二） 3. — a line starting so begins a new row
MARKER = re.compile(r"^\s*[（(]?\s*[一二三四五六七八九十\d]+\s*[)）、.．]")


class LineLike(Protocol):
    """A positioned line of text (read only: PDF lines are frozen)."""

    @property
    def text(self) -> str: ...
    @property
    def x0(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def top(self) -> float: ...
    @property
    def bottom(self) -> float: ...
    @property
    def size(self) -> float: ...


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


def is_value(token: Token) -> bool:
    return bool(_VALUE.match(token.text))
