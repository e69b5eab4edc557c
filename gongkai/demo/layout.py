"""The three statistical tables of the 2021 or 2019 template as grids of spanning cells.

Every renderer that builds tables itself (HTML, text layouts, the 2019 DOCX) starts from
``tables(report, fmt, rng)`` (the report's ``format`` picks the template; ``rng``, when given,
picks the label wordings real 2019/2020 reports use):
rows of ``Span(text, rowspan, colspan)`` origins, the way HTML writes them, and ``expand`` turns
such a table into a rectangular grid where covered positions are ``None``.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from gongkai.core import vocabulary as v

Fmt = Callable[[Any], str]


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    rowspan: int = 1
    colspan: int = 1
    is_value: bool = False


NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

# Result rows as the template prints them: (group label or None, group size, item label)
RESULT_LABELS: list[tuple[str | None, int, str]] = [
    ("（一）予以公开", 0, ""),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 0, ""),
    ("（三）不予公开", 8, "1.属于国家秘密"),
    (None, 0, "2.其他法律行政法规禁止公开"),
    (None, 0, "3.危及“三安全一稳定”"),
    (None, 0, "4.保护第三方合法权益"),
    (None, 0, "5.属于三类内部事务信息"),
    (None, 0, "6.属于四类过程性信息"),
    (None, 0, "7.属于行政执法案卷"),
    (None, 0, "8.属于行政查询事项"),
    ("（四）无法提供", 3, "1.本机关不掌握相关政府信息"),
    (None, 0, "2.没有现成信息需要另行制作"),
    (None, 0, "3.补正后申请内容仍不明确"),
    ("（五）不予处理", 5, "1.信访举报投诉类申请"),
    (None, 0, "2.重复申请"),
    (None, 0, "3.要求提供公开出版物"),
    (None, 0, "4.无正当理由大量反复申请"),
    (None, 0, "5.要求行政机关确认或重新出具已获取信息"),
    ("（六）其他处理", 3, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    (None, 0, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    (None, 0, "3.其他"),
]
#: 2019 edition: （六）其他处理 is one row without items
RESULT_LABELS_2019: list[tuple[str | None, int, str]] = [
    *RESULT_LABELS[:18],
    ("（六）其他处理", 0, ""),
]
APPLICANT_LABELS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
APPEAL_MEASURE_LABELS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def _val(text: str, colspan: int = 1) -> Span:
    return Span(text, 1, colspan, True)


def proactive_table(report: dict[str, Any], fmt: Fmt) -> list[list[Span]]:
    p = report.get("proactive") or {}

    def cell(item: str, measure: str) -> str:
        return fmt((p.get(item) or {}).get(measure))

    rows: list[list[Span]] = [
        [Span("第二十条第（一）项", 1, 4)],
        [Span("信息内容"), Span("本年制发件数"), Span("本年废止件数"), Span("现行有效件数")],
    ]
    for item in ("rules", "normative_documents"):
        rows.append(
            [Span(v.PROACTIVE_ITEMS[item])]
            + [_val(cell(item, m)) for m in ("issued", "repealed", "in_force")]
        )
    for article, items, label, measure in (
        ("第二十条第（五）项", ["licensing"], "本年处理决定数量", "decisions"),
        ("第二十条第（六）项", ["penalties", "coercion"], "本年处理决定数量", "decisions"),
        ("第二十条第（八）项", ["fees"], "本年收费金额（单位：万元）", "amount_10k_yuan"),
    ):
        rows.append([Span(article, 1, 4)])
        rows.append([Span("信息内容"), Span(label, 1, 3)])
        for item in items:
            rows.append([Span(v.PROACTIVE_ITEMS[item]), _val(cell(item, measure), 3)])
    return rows


#: Table-2 header wordings of the 2019 edition: the template's first, then variants seen in
#: published reports (a unit added, 增/减 written otherwise, 本年 dropped).
LABELS_2019: dict[str, list[str]] = {
    "created": ["本年新制作数量", "本年新制作数量", "本年新制作数", "本年制作数量"],
    "published": ["本年新公开数量", "本年新公开数量", "本年新公开数"],
    "total_published": ["对外公开总数量", "对外公开总数量", "对外公开总数"],
    "prior_items": ["上一年项目数量", "上一年项目数量", "上年项目数量", "上年度项目数量"],
    "change": ["本年增/减", "本年增/减", "本年增减", "本年增（减）"],
    "decisions": ["处理决定数量", "处理决定数量", "本年处理决定数量"],
    "procurement_items": ["采购项目数量", "采购项目数量", "采购项目数量（个）"],
    "procurement_amount": ["采购总金额", "采购总金额", "采购总金额（万元）", "采购总金额(万元)"],
    "other_services": ["其他对外管理服务事项", "其他对外管理服务事项", "其他对外管理服务"],
    "normative_documents": ["规范性文件", "规范性文件", "行政规范性文件"],
}


def _signed(text: str, plus: bool) -> str:
    return f"+{text}" if plus and text.isdigit() and text != "0" else text


def proactive_table_2019(
    report: dict[str, Any], fmt: Fmt, rng: random.Random | None = None
) -> list[list[Span]]:
    p = report.get("proactive") or {}
    plus = rng.random() < 0.6 if rng is not None else True  # +3 or 3 for a growth

    def label(code: str) -> str:
        if code in LABELS_2019:
            return rng.choice(LABELS_2019[code]) if rng is not None else LABELS_2019[code][0]
        if code in v.PROACTIVE_ITEMS_2019:
            return v.PROACTIVE_ITEMS_2019[code]
        return v.PROACTIVE_MEASURE_LABELS_2019[code]

    def cell(item: str, measure: str) -> str:
        text = fmt((p.get(item) or {}).get(measure))
        return _signed(text, plus) if measure in v.SIGNED_MEASURES_2019 else text

    # 第（八）项 and 第（九）项 have fewer measures: the last one spans the rest, or an empty
    # fourth column is left, as in the template's own grid.
    empty_fourth = rng.random() < 0.4 if rng is not None else False
    rows: list[list[Span]] = []
    for article, items in (
        ("第二十条第（一）项", ["rules", "normative_documents"]),
        ("第二十条第（五）项", ["licensing", "other_services"]),
        ("第二十条第（六）项", ["penalties", "coercion"]),
        ("第二十条第（八）项", ["fees"]),
        ("第二十条第（九）项", ["procurement"]),
    ):
        measures = v.PROACTIVE_MEASURES_2019[items[0]]
        rows.append([Span(article, 1, 4)])
        spans = [Span(label(m)) for m in measures]
        if len(measures) < 3:
            spans = (
                [*spans, Span("")] if empty_fourth else [*spans[:-1], Span(spans[-1].text, 1, 2)]
            )
        rows.append([Span("信息内容"), *spans])
        for item in items:
            values = [_val(cell(item, m)) for m in measures]
            if len(measures) < 3:
                values = (
                    [*values, _val("")]
                    if empty_fourth
                    else [*values[:-1], _val(values[-1].text, 2)]
                )
            rows.append([Span(label(item)), *values])
    return rows


def requests_table(report: dict[str, Any], fmt: Fmt) -> list[list[Span]]:
    r = report.get("requests") or {}
    edition = str(report.get("format") or "2021")
    result_rows = v.result_rows(edition)
    labels = RESULT_LABELS_2019 if edition == "2019" else RESULT_LABELS

    def values(row: str) -> list[Span]:
        return [_val(fmt((r.get(row) or {}).get(c))) for c in v.REQUEST_COLUMNS]

    rows: list[list[Span]] = [
        [Span(NOTE, 3, 3), Span("申请人情况", 1, 7)],
        [Span("自然人", 2, 1), Span("法人或其他组织", 1, 5), Span("总计", 2, 1)],
        [Span(t) for t in APPLICANT_LABELS],
        [Span("一、本年新收政府信息公开申请数量", 1, 3), *values("new")],
        [Span("二、上年结转政府信息公开申请数量", 1, 3), *values("carried_over")],
    ]
    for i, (code, (group, size, item)) in enumerate(zip(result_rows, labels, strict=True)):
        row: list[Span] = []
        if i == 0:
            row.append(Span("三、本年度办理结果", len(result_rows) + 1, 1))
        if not item:
            row.append(Span(group or "", 1, 2))
        else:
            if group is not None:
                row.append(Span(group, size, 1))
            row.append(Span(item))
        rows.append(row + values(code))
    rows.append([Span("（七）总计", 1, 2), *values("handled_total")])
    rows.append([Span("四、结转下年度继续办理", 1, 3), *values("carried_forward")])
    return rows


def appeals_table(report: dict[str, Any], fmt: Fmt) -> list[list[Span]]:
    a = report.get("appeals") or {}
    values = [
        _val(fmt((a.get(g) or {}).get(m)))
        for g in ("review", "litigation_direct", "litigation_after_review")
        for m in v.APPEAL_MEASURES
    ]
    return [
        [Span("行政复议", 1, 5), Span("行政诉讼", 1, 10)],
        [
            *(Span(t, 2, 1) for t in APPEAL_MEASURE_LABELS),
            Span("未经复议直接起诉", 1, 5),
            Span("复议后起诉", 1, 5),
        ],
        [Span(t) for t in APPEAL_MEASURE_LABELS * 2],
        values,
    ]


def tables(
    report: dict[str, Any], fmt: Fmt, rng: random.Random | None = None
) -> list[list[list[Span]]]:
    """Tables 2, 3 and 4 of the report's edition; ``rng`` varies the 2019 wordings only."""
    if report.get("format") == "2019":
        proactive = proactive_table_2019(report, fmt, rng)
    else:
        proactive = proactive_table(report, fmt)
    return [proactive, requests_table(report, fmt), appeals_table(report, fmt)]


def expand(rows: list[list[Span]]) -> list[list[Span | None]]:
    """A rectangular grid: each origin at its position, covered positions ``None``."""
    grid: dict[tuple[int, int], Span | None] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for span in row:
            while (r, c) in grid:
                c += 1
            for dr in range(span.rowspan):
                for dc in range(span.colspan):
                    grid[(r + dr, c + dc)] = None
            grid[(r, c)] = span
            c += span.colspan
            width = max(width, c)
    height = max((r for r, _ in grid), default=-1) + 1
    return [[grid.get((r, c)) for c in range(width)] for r in range(height)]
