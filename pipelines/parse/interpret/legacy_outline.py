"""The outline of a legacy report (国务院令第492号, 2008–2018) in its running text.

Before 2019 a report followed article 32 of the 2007 regulations: 一、概述 二、主动公开 三、依申请公开
(和不予公开) 四、收费及减免 五、因政府信息公开申请行政复议、提起行政诉讼 六、存在的问题和改进, often
with a 统计表 (附表) at the end. Copied pages flatten it into one line, so headings are found
inside the text: a Chinese ordinal (一、 二、 … or 第一部分 …) in sequence, at the start of a line or after a
sentence, read up to the first sentence, date or sub-heading. What comes before the first heading
is the preamble (title, 本报告由…编制, the 统计期限 sentence).

A statistical table flattened into text (``指标名称计量单位2016年度历年累计主动公开文件数条…``) starts
a ``table`` part wherever its header is, with or without a heading of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Section kinds, in the order their keywords are tried on a heading.
_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern))
    for kind, pattern in (
        ("table", r"统计表|附表|统计指标|情况统计|统计情况表"),
        ("appeals", r"复议|诉讼|申诉"),
        ("fees", r"收费|减免|收取"),
        ("requests", r"依申请|申请公开|公开申请|不予公开"),
        ("proactive", r"主动公开"),
        ("consultations", r"咨询"),
        ("problems", r"问题|不足|改进"),
        ("overview", r"概述|概况|基本情况|总体情况|总体工作|工作情况"),
        ("other", r"其他|其它"),
    )
)
_ORDINALS = "一二三四五六七八九十"
_ORDINAL = re.compile(
    r"(?:^|(?<=[\n。；;！!？?\s”\"）)】]))"
    r"(?:([一二三四五六七八九十]{1,2})\s*[、．.]|第([一二三四五六七八九十]{1,2})部分[、：:．.]?)\s*(?=\S)"
)
# A heading ends at a sentence, a sub-heading, a figure or a wide gap.
_HEADING_END = re.compile(r"[。；;：:，,（(\d]|\s{2,}|\s(?=\S{6,})")
_HEADING_MAX = 40
#: The header row of a statistical table flattened into text.
TABLE_HEADER = re.compile(
    r"(?:指标名称|统计指标|指\s*标|项\s*目|类\s*别)\s*(?:计量)?\s*单\s*位"
    r"|(?:统计|数据)(?:指标|项目)?\s*单\s*位\s*(?:统计数|数量|数值)"
)


@dataclass(frozen=True, slots=True)
class Part:
    """One part of the report: its kind, its heading as printed, its text."""

    kind: str  # preamble, overview, proactive, requests, fees, appeals, consultations,
    # problems, other, table, unknown
    heading: str
    text: str


def heading_kind(heading: str) -> str:
    """The kind of section a heading opens (``unknown`` for one the outline does not name)."""
    for kind, pattern in _KINDS:
        if pattern.search(heading):
            return kind
    return "unknown"


def _ordinal(numeral: str) -> int:
    if len(numeral) == 1:
        return _ORDINALS.index(numeral) + 1
    if numeral[0] == "十":
        return 10 + _ORDINALS.index(numeral[1]) + 1
    return -1


def _heading_text(text: str, start: int) -> str:
    window = text[start : start + _HEADING_MAX + 20]
    line = window.split("\n", 1)[0]
    end = _HEADING_END.search(line, 2)
    return (line[: end.start()] if end else line[:_HEADING_MAX]).strip()


def split_outline(text: str) -> list[Part]:
    """The report's parts in order; the table header splits a part where it stands."""
    cuts: list[tuple[int, int, str, str]] = []  # (start, body start, kind, heading)
    expected = 1
    for match in _ORDINAL.finditer(text):
        number = _ordinal(match.group(1) or match.group(2))
        if number != expected:
            continue
        heading = _heading_text(text, match.end())
        if not heading or (cuts and cuts[-1][2] == "table"):
            continue
        kind = heading_kind(heading)
        cuts.append((match.start(), match.end() + len(heading), kind, match.group(0) + heading))
        expected += 1
    parts: list[Part] = []
    bounds = [(0, 0, "preamble", ""), *cuts]
    for i, (start, body, kind, heading) in enumerate(bounds):
        end = bounds[i + 1][0] if i + 1 < len(bounds) else len(text)
        if end > start or heading:
            parts.extend(_split_table(Part(kind, heading.strip(), text[body:end].strip())))
    return parts


def _split_table(part: Part) -> list[Part]:
    if part.kind == "table":
        return [part]
    header = TABLE_HEADER.search(part.text)
    if header is None:
        return [part]
    before, table = part.text[: header.start()], part.text[header.start() :]
    out = [Part(part.kind, part.heading, before.strip())] if before.strip() or part.heading else []
    return [*out, Part("table", "", table.strip())]
