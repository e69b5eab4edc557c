"""Split a report's prose into the six section codes by its headings (一、总体情况 …)."""

from __future__ import annotations

import re

from pipelines.parse import labels as lb
from pipelines.parse.model import Extracted, Paragraph

_FOOTER = re.compile(r"^[\s\-—–]*\d{1,3}[\s\-—–]*$|^第\s*\d+\s*页")
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+\s*[、.．]|\d{1,2}\s*[、．]|第[一二三四五六七八九十]+部分)"
)


def is_heading(text: str) -> bool:
    """A short line numbered 一、…, 1、… or 第一部分 …: a section heading, known or not."""
    return bool(_HEADING.match(text)) and len(text.strip()) <= 40


def heading_code(text: str) -> str | None:
    """The section code a heading line opens, or None when the line is not such a heading."""
    if not is_heading(text):
        return None
    return lb.first_match(lb.norm(text), lb.SECTION_RULES)


def split_sections(ex: Extracted) -> dict[str, str]:
    """Section code → its paragraphs joined by newlines (headings themselves left out)."""
    out: dict[str, list[str]] = {}
    current: str | None = None
    for block in ex.blocks:
        if not isinstance(block, Paragraph):
            continue
        text = block.text.strip()
        if not text or _FOOTER.match(text):
            continue
        code = heading_code(text)
        if code is not None and code not in out:
            current = code
            out[code] = []
            continue
        if current is not None:
            out[current].append(text)
    return {code: "\n".join(lines) for code, lines in out.items() if lines}


def headings(ex: Extracted) -> set[str]:
    """The section codes whose heading appears, with or without text under it."""
    return {
        code
        for b in ex.blocks
        if isinstance(b, Paragraph)
        if (code := heading_code(b.text.strip())) is not None
    }
