"""Split a report's prose into the six section codes by its headings (一、总体情况 …)."""

from __future__ import annotations

import re

from pipelines.parse.headings import heading_code
from pipelines.parse.model import Extracted, Paragraph

_FOOTER = re.compile(r"^[\s\-—–]*\d{1,3}[\s\-—–]*$|^第\s*\d+\s*页")


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
