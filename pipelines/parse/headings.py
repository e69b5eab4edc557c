"""Section headings of a report (一、总体情况 … 六、其他需要报告的事项) and the code each opens.

Shared by the extractors, which must not take a heading for a table cell, and by the
interpreter, which splits the prose and the tables by them.
"""

from __future__ import annotations

import re

from pipelines.parse import labels as lb

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
