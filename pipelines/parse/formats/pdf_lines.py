"""Lines and paragraphs of a PDF page, from its characters.

Characters are grouped into lines by their vertical centre and read left to right (a space
where the gap is wider than a sixth of the line's em). Lines are joined into a paragraph while
they run to the right margin, with no separator between CJK characters; a paragraph ends at a
wider gap, a change of size or an indented line. ``PAGE_NUMBER`` matches the page numbers
(``- 4 -``, ``第4页``) that are dropped.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from pipelines.parse.formats.pdf_pages import Char
from pipelines.parse.model import Block, Paragraph

_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]")
PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－_ ]*\s*\d{1,4}\s*[-—–－_ ]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$"
)


@dataclass(frozen=True, slots=True)
class Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def lines_of(chars: list[Char]) -> list[Line]:
    """Characters grouped into lines (by vertical centre), each read left to right."""
    return [line for line, _group in line_groups(chars)]


def line_groups(chars: list[Char]) -> list[tuple[Line, list[Char]]]:
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: (c.top + c.bottom) / 2)
    groups: list[list[Char]] = []
    centre = -1e9
    for ch in ordered:
        mid = (ch.top + ch.bottom) / 2
        if groups and abs(mid - centre) <= max(ch.size, 1.0) * 0.4:
            groups[-1].append(ch)
            continue
        groups.append([ch])
        centre = mid
    out: list[tuple[Line, list[Char]]] = []
    for group in groups:
        group.sort(key=lambda c: c.x0)
        # The font size: a CJK glyph's advance is one em, whatever the font's ascent and
        # descent (box heights differ between the regular, bold and fallback fonts of a line).
        widths = sorted(c.x1 - c.x0 for c in group if _CJK.match(c.text) and c.x1 > c.x0)
        if widths:
            size = widths[len(widths) // 2]
        else:
            heights = sorted(c.size for c in group)
            size = heights[len(heights) // 2] * 0.75
        text = group[0].text
        for prev, ch in itertools.pairwise(group):
            if ch.x0 - prev.x1 > size * 0.15:
                text += " "
            text += ch.text
        out.append(
            (
                Line(
                    text,
                    group[0].x0,
                    max(c.x1 for c in group),
                    min(c.top for c in group),
                    max(c.bottom for c in group),
                    size,
                ),
                group,
            )
        )
    return out


def join_lines(lines: list[str]) -> str:
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (_CJK.match(out[-1]) or _CJK.match(line[0])):
            out += " "
        out += line
    return out


def _line_size(line: Line) -> float:
    return line.size


def paragraphs_of(lines: list[Line], number: int) -> tuple[list[tuple[float, Block]], bool, bool]:
    """Paragraphs with their top; whether the first continues a paragraph from the previous
    page (starts at the left margin) and whether the last runs on to the next page."""
    if not lines:
        return [], False, False
    body = sorted(_line_size(ln) for ln in lines)[len(lines) // 2] or 10.0
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    out: list[tuple[float, Block]] = []
    current: list[str] = []
    top = 0.0
    prev: Line | None = None
    for line in lines:
        size = _line_size(line) or body
        starts = prev is None
        if prev is not None:
            prev_size = _line_size(prev) or body
            gap = line.top - prev.bottom
            ratio = max(size, prev_size) / max(min(size, prev_size), 0.1)
            big = size >= body * 1.25 and ratio < 1.1
            starts = (
                gap > max(size, prev_size) * 1.2
                or ratio > 1.25
                or (not big and prev.x1 < right - body * 1.5)
                or (not big and line.x0 > left + body * 1.5)
            )
        if starts and current:
            out.append((top, Paragraph(join_lines(current), where=f"page {number}")))
            current = []
        if not current:
            top = line.top
        current.append(line.text)
        prev = line
    if current:
        out.append((top, Paragraph(join_lines(current), where=f"page {number}")))
    first, last = lines[0], lines[-1]
    continues = first.x0 <= left + body * 0.5 and _line_size(first) < body * 1.25
    runs_on = last.x1 >= right - body * 1.5 and _line_size(last) < body * 1.25
    return out, continues, runs_on
