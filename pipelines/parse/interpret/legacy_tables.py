"""The rows of a legacy statistical table (统计表, 附表): a real table or one flattened into text.

Legacy tables are small: a label, a unit, then the year's figure (统计数, 2016年度) and often
the running total (历年累计). Real tables (HTML, DOCX, PDF, tab-separated text) keep their cells;
the current-year column is the header's 本年度/20XX年度/统计数 column, never 累计. Copied pages
flatten the table into one run of text, ``主动公开文件数条346085376其中：1、政府网站公开数条…``:
each row is a label, a unit, and the digits of every value column glued together, sometimes
with the next row's item number (``条17172.同意…`` = 1717, then item 2). Such a row is read
as every way its digits split into the header's columns (``legacy_glued`` picks one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines.parse.cells import as_amount, read_token
from pipelines.parse.interpret.legacy_outline import TABLE_HEADER
from pipelines.parse.interpret.legacy_sentences import clean_text
from pipelines.parse.model import Table

_UNIT_WORDS = ("万元", "元", "人次", "件", "条", "个", "人", "次", "篇", "项", "期", "家", "份")
_UNIT = "|".join(_UNIT_WORDS)
_UNIT_CELL = re.compile(rf"^(?:{_UNIT})$")
# The value columns of a header: the year's column and the running total.
_COLUMN = re.compile(r"本年度|本年|(?:19|20)\d{2}年度?|统计数|数量|数值|本期|历年累计|累计数?")
_CUMULATIVE = re.compile(r"累计")
_ROW = re.compile(rf"({_UNIT})(\d[\d.,]*)")
_MARKER = re.compile(r"^(?:其中[:：]?)?(\d{1,2})[.、]")
_NOTE = re.compile(r"\((?![一二三四五六七八九十]{1,2}\))[^()]{3,}?\)")
_NUMBER = re.compile(r"^(?:0|[1-9]\d*)(?:\.\d+)?$")


@dataclass(slots=True)
class Row:
    """One row: its label, unit, and the readings of its current-year value.

    ``readings`` holds (current year, running total) pairs as printed; a real table's row has
    one, a glued row as many as its digits allow (none when they allow no reading)."""

    label: str
    unit: str
    readings: list[tuple[str, str | None]]
    raw: str
    where: str
    child_of: int | None = None  # index of the row this one is part of (其中 …)
    value: str | None = field(default=None)  # the reading chosen
    how: str = ""  # why that reading (one reading, the sentence, the parts add up)


def _is_number(text: str, unit: str) -> bool:
    return bool(_NUMBER.match(text)) and ("." not in text or unit.endswith("元"))


def splits(digits: str, unit: str, columns: int, current: int) -> list[tuple[str, str | None]]:
    """Every reading of a glued cell: ``digits`` cut into ``columns`` numbers (the year's at
    index ``current``); a running total is never below the year's figure."""
    if columns == 1:
        return [(digits, None)] if _is_number(digits, unit) else []
    out: list[tuple[str, str | None]] = []
    for cut in range(1, len(digits)):
        first, second = digits[:cut], digits[cut:]
        if not (_is_number(first, unit) and _is_number(second, unit)):
            continue
        year, total = (first, second) if current == 0 else (second, first)
        if float(total) >= float(year):
            out.append((year, total))
    return out


def flattened_rows(text: str, where: str) -> list[Row]:
    """The rows of a table flattened into ``text`` (from its header on)."""
    text = _NOTE.sub("", clean_text(text))
    header = TABLE_HEADER.search(text)
    start = header.end() if header else 0
    columns: list[str] = []
    for match in _COLUMN.finditer(text, start):
        if match.start() != start:
            break
        columns.append(match.group(0))
        start = match.end()
    count = max(1, len(columns))
    current = next((i for i, c in enumerate(columns) if not _CUMULATIVE.search(c)), 0)
    rows: list[Row] = []
    label_start = start
    expected_marker: int | None = None
    for match in _ROW.finditer(text, start):
        if match.start() < label_start:
            continue
        label = text[label_start : match.start()]
        marker = _MARKER.match(label)
        digits = match.group(2).replace(",", "")
        end = match.end()
        following = text[end : end + 1]
        if digits.endswith(".") or following == "、":
            # the next row's item number is glued on: 17172.同意… = 1717, then item 2
            digits = digits.rstrip(".")
            expected_marker = int(marker.group(1)) + 1 if marker else 1
            tail = str(expected_marker)
            if not digits.endswith(tail) or len(digits) <= len(tail):
                tail = digits[-1:]
            digits = digits[: -len(tail)]
            end = match.start(2) + len(digits)
        unit = match.group(1)
        rows.append(
            Row(
                label,
                unit,
                splits(digits, unit, count, current),
                text[label_start:end],
                f"{where} row {len(rows) + 1}" + (f" ({columns[current]})" if columns else ""),
            )
        )
        label_start = end
    _link_parts(rows)
    return rows


def _link_parts(rows: list[Row]) -> None:
    """其中： rows and the numbered rows after them are parts of the row before them."""
    parent: int | None = None
    for i, row in enumerate(rows):
        label = row.label.lstrip()
        if label.startswith("其中") and i > 0:
            parent = i - 1 if rows[i - 1].child_of is None else rows[i - 1].child_of
            row.child_of = parent
        elif parent is not None and _MARKER.match(label) and not label.startswith("1."):
            row.child_of = parent
        else:
            parent = None


def table_rows(table: Table, year: int | None = None) -> list[Row]:
    """The rows of a real table, read in its current-year column (the report year's, when
    the header names several years)."""
    grid = table.texts()
    current: int | None = None
    rows: list[Row] = []
    for number, cells in enumerate(grid, start=1):
        texts = [clean_text(c) for c in cells]
        year_cols = [
            i for i, t in enumerate(texts) if _COLUMN.fullmatch(t) and not _CUMULATIVE.search(t)
        ]
        if year_cols and not any(read_token(t).is_value for t in texts):
            named = [i for i in year_cols if year is not None and str(year) in texts[i]]
            current = (named or year_cols)[0]
            continue
        values = [i for i, t in enumerate(texts) if read_token(t).is_value]
        if not values:
            continue
        first = values[0]
        label = "".join(t for t in dict.fromkeys(texts[:first]) if not _UNIT_CELL.match(t))
        units = [t for t in texts[:first] if _UNIT_CELL.match(t)]
        column = current if current is not None and current < len(texts) else first
        token = read_token(texts[column])
        if not label or not token.is_value:
            continue
        value = as_amount(token)
        if value is None or str(value).startswith("-"):
            continue
        rows.append(
            Row(
                label,
                units[0] if units else "",
                [(str(value), None)],
                " | ".join(t for t in texts if t),
                f"{table.where} row {number}",
            )
        )
    _link_parts(rows)
    return rows
