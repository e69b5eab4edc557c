"""What a rendered report says, in reading order: title, intro, headings, tables, signature.

Shared by every form of ``gongkai.demo.render`` (HTML, text, DOCX).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gongkai.core import vocabulary as v

SECTION_TEXT = {"overview": "overview", "problems": "problems", "other": "other"}


@dataclass(frozen=True, slots=True)
class Item:
    kind: str  # title, para, heading, table, sign
    text: str = ""
    table: int = -1


def title_of(report: dict[str, Any]) -> str:
    return f"{report['agency']}{report['year']}年政府信息公开工作年度报告"


def cn_date(iso: str, rng: random.Random) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    if rng.random() < 0.15:
        digits = "〇一二三四五六七八九"

        def num(n: int) -> str:
            if n < 10:
                return digits[n]
            return ("十" if n < 20 else digits[n // 10] + "十") + (digits[n % 10] if n % 10 else "")

        return "".join(digits[int(c)] for c in str(y)) + f"年{num(m)}月{num(d)}日"
    return f"{y}年{m}月{d}日"


def title_2019(report: dict[str, Any], rng: random.Random) -> str:
    """Titles of 2019/2020 reports vary: 2019年 or 2019年度, the year before the agency."""
    agency, year = report["agency"], report["year"]
    return rng.choice(
        [
            f"{agency}{year}年政府信息公开工作年度报告",
            f"{agency}{year}年度政府信息公开工作年度报告",
            f"{year}年度{agency}政府信息公开工作年度报告",
            f"{agency}{year}年度政府信息公开年度报告",
        ]
    )


def intro(report: dict[str, Any], rng: random.Random) -> str:
    year, agency = report["year"], report["agency"]
    if report.get("format") != "2019":
        notice, period = "（国办公开办函〔2021〕30号）", True
    else:
        # Older reports often name no notice and state no period: the year is in the title only.
        notice = "（国办公开办函〔2019〕60号）" if rng.random() < 0.5 else ""
        period = rng.random() < 0.6
    return (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》"
        f"{notice}要求，由{agency}编制。"
        + (f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。" if period else "")
        + f"如对本报告有疑问，请与{agency}办公室联系（电话：0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}）。"
    )


def outline(report: dict[str, Any], rng: random.Random) -> list[Item]:
    """The document in reading order, shared by every renderer."""
    agency = report["agency"]
    sections = report.get("sections") or {}
    title = title_2019(report, rng) if report.get("format") == "2019" else title_of(report)
    items = [Item("title", title), Item("para", intro(report, rng))]
    for code, heading in v.SECTIONS.items():
        items.append(Item("heading", heading))
        if code == "proactive":
            items.append(Item("table", table=0))
        elif code == "requests":
            items.append(Item("table", table=1))
        elif code == "appeals":
            items.append(Item("table", table=2))
        else:
            text = sections.get(code) or "无。"
            items.extend(Item("para", line) for line in text.split("\n") if line.strip())
    sign = [agency]
    if report.get("published"):
        sign.append(cn_date(report["published"], rng))
    items.extend(Item("sign", s) for s in sign)
    return items


def formatter(rng: random.Random) -> Callable[[Any], str]:
    blank = rng.choice(["", "", "—", "-"])
    return lambda value: blank if value is None else str(value)


# ---------------------------------------------------------------- HTML
