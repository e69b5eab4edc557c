"""Dates written the Chinese way (2024年1月5日, 二〇二四年一月五日) or as 2024-01-05, to ISO form.

Shared by the extractors (a page's publication date) and the interpreter (the signature's date).
"""

from __future__ import annotations

import re
from datetime import date

_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {
    "零": 0,
    "O": 0,
    "o": 0,
    "○": 0,
    "０": 0,
}
_YEAR = r"(?:\d{4}|[〇零○O一二三四五六七八九]{4})"
_SMALL = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
#: 2024年1月5日 anywhere in a text (groups: year, month, day)
CN_DATE = re.compile(rf"({_YEAR})\s*年\s*({_SMALL})\s*月\s*({_SMALL})\s*日")
#: a line that is nothing but a date: 2024年1月5日, 2024-1-5, 2024.01.05
DATE_LINE = re.compile(
    rf"^\s*({_YEAR})\s*(?:年|[-/.])\s*({_SMALL})\s*(?:月|[-/.])\s*({_SMALL})\s*日?\s*$"
)
_ISO = re.compile(r"(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})")


def cn_number(text: str) -> int:
    """A number in digits or Chinese numerals: 2019, 二〇一九, 十二, 二十一."""
    if text.isdigit():
        return int(text)
    if all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    # 十, 十二, 二十, 二十一
    tens, _, ones = text.partition("十")
    if "十" not in text:
        return _CN_DIGITS.get(text, 0)
    return (_CN_DIGITS.get(tens, 1) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


def iso_date(match: re.Match[str]) -> str | None:
    """The ISO date a ``CN_DATE`` or ``DATE_LINE`` match names, or None for an impossible one."""
    try:
        return date(
            cn_number(match.group(1)), cn_number(match.group(2)), cn_number(match.group(3))
        ).isoformat()
    except ValueError:
        return None


def date_in(text: str | None) -> str | None:
    """The first date in ``text`` (2024-01-05, 2024/1/5, 2024.1.5, else 2024年1月5日) as ISO."""
    if not text:
        return None
    match = _ISO.search(text)
    if match:
        y, m, d = (int(g) for g in match.groups())
        return f"{y:04d}-{m:02d}-{d:02d}" if 1 <= m <= 12 and 1 <= d <= 31 else None
    cn = CN_DATE.search(text)
    return iso_date(cn) if cn else None
