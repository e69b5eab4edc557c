"""The three statistical tables as grids of spanning cells, in the layouts real reports use
beyond the template: totals first, table 3 split by applicant, header rows repeated, a 备注
column, group labels on rows of their own, odd header merges; 2021 and 2019 editions.

A grid cell is a label (``text``) or a value (``key`` into the truth); ``Style`` says how a
document writes its values.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from gongkai.core import vocabulary as v

_FULL = str.maketrans("0123456789.,+-", "０１２３４５６７８９．，＋－")


@dataclass(frozen=True)
class C:
    text: str = ""
    rs: int = 1
    cs: int = 1
    key: tuple[str, str, str] | None = None  # a value cell: (table, row, column)
    stack: tuple[tuple[str, str, str], ...] = ()  # several values on lines of one cell


Grid = list[list[C]]


@dataclass
class Style:
    """How one document writes values and lays out its tables (each flag one variation)."""

    rng: random.Random
    fullwidth: bool = False
    separators: bool = False
    blanks: tuple[str, ...] = ("",)
    units: bool = False
    total_first: bool = False
    t3_split: bool = False
    repeat_header: bool = False
    remarks: bool = False
    group_rows: bool = False
    odd_merge: bool = False
    subtotal: bool = False
    stacked: bool = False
    flat_header: bool = False
    spacers: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def num(self, value: Any, kind: str) -> str:
        if value is None:
            return self.rng.choice(self.blanks)
        if kind == "signed":
            text = f"+{value}" if value > 0 and self.rng.random() < 0.6 else str(value)
        elif kind == "amount":
            text = str(value)
            if self.separators and "." not in text[:-4] and len(text.split(".")[0]) > 3:
                whole, dot, frac = text.partition(".")
                text = f"{int(whole):,}" + dot + frac
        else:
            text = f"{value:,}" if self.separators and value >= 1000 else str(value)
            if self.units and self.rng.random() < 0.5:
                text += self.rng.choice(["件", " 件", "件"])
        if self.fullwidth:
            text = text.translate(_FULL)
        return text


def _val(table: str, row: str, col: str, cs: int = 1) -> C:
    return C(cs=cs, key=(table, row, col))


# --- table 2 -----------------------------------------------------------------------------------

_T2_2021 = [
    (
        "第二十条第（一）项",
        ["本年制发件数", "本年废止件数", "现行有效件数"],
        [("rules", "规章"), ("normative_documents", "行政规范性文件")],
    ),
    ("第二十条第（五）项", ["本年处理决定数量"], [("licensing", "行政许可")]),
    (
        "第二十条第（六）项",
        ["本年处理决定数量"],
        [("penalties", "行政处罚"), ("coercion", "行政强制")],
    ),
    ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("fees", "行政事业性收费")]),
]
_T2_2019 = [
    (
        "第二十条第（一）项",
        ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        [("rules", "规章"), ("normative_documents", "规范性文件")],
    ),
    (
        "第二十条第（五）项",
        ["上一年项目数量", "本年增/减", "处理决定数量"],
        [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")],
    ),
    (
        "第二十条第（六）项",
        ["上一年项目数量", "本年增/减", "处理决定数量"],
        [("penalties", "行政处罚"), ("coercion", "行政强制")],
    ),
    ("第二十条第（八）项", ["上一年项目数量", "本年增/减"], [("fees", "行政事业性收费")]),
    ("第二十条第（九）项", ["采购项目数量", "采购总金额"], [("procurement", "政府集中采购")]),
]


def table2(fmt: str, style: Style) -> Grid:
    measures = v.proactive_measures(fmt)
    width = 4 + style.remarks
    g: Grid = []
    side = style.extra.get("article_column", False)  # 第二十条 … as a merged first column
    for article, heads, items in _T2_2019 if fmt == "2019" else _T2_2021:
        first = len(g)
        if not side:
            g.append([C(article, cs=width)])
        spans = _spread(len(heads))
        head = [C("信息内容"), *(C(h, cs=s) for h, s in zip(heads, spans, strict=True))]
        g.append(head + ([C("备注")] if style.remarks else []))
        for item, label in items:
            row = [
                C(label),
                *(
                    _val("proactive", item, m, s)
                    for m, s in zip(measures[item], spans, strict=True)
                ),
            ]
            g.append(row + ([C(_remark(style))] if style.remarks else []))
        if side:
            g[first] = [C(article, rs=len(g) - first), *g[first]]
    return g


def _spread(n: int) -> list[int]:
    return {1: [3], 2: [1, 2], 3: [1, 1, 1]}[n]


def _remark(style: Style) -> str:
    return style.rng.choice(["", "", "", "无", "—", "含转办件", "均已按时答复", "见说明"])


# --- table 3 -----------------------------------------------------------------------------------

_GROUPS_2021 = [
    (
        "（三）不予公开",
        [
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益",
            "5.属于三类内部事务信息",
            "6.属于四类过程性信息",
            "7.属于行政执法案卷",
            "8.属于行政查询事项",
        ],
    ),
    (
        "（四）无法提供",
        ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"],
    ),
    (
        "（五）不予处理",
        [
            "1.信访举报投诉类申请",
            "2.重复申请",
            "3.要求提供公开出版物",
            "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息",
        ],
    ),
    (
        "（六）其他处理",
        [
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "3.其他",
        ],
    ),
]
_COLUMN_LABELS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "nonprofit": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
    "_subtotal": "小计",
}
_ORGS = ["commercial", "research", "nonprofit", "legal_services", "other_org"]
_GROUP = [*_ORGS, "_subtotal"]  # 小计: a column some reports add after the organisations


def _result_rows(fmt: str) -> list[tuple[str | None, str, str]]:
    """(group label or None, item label, code) for the result rows (三) … (七)."""
    rows: list[tuple[str | None, str, str]] = [
        (None, "（一）予以公开", "granted"),
        (None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "partly_granted"),
    ]
    codes = iter([c for c in v.result_rows(fmt) if c not in ("granted", "partly_granted")])
    for group, items in _GROUPS_2021:
        if fmt == "2019" and group == "（六）其他处理":
            rows.append((None, group, next(codes)))
            continue
        rows.extend((group, item, next(codes)) for item in items)
    rows.append((None, "（七）总计", "handled_total"))
    return rows


def table3_columns(style: Style, columns: list[str] | None = None) -> list[str]:
    order = list(columns or v.REQUEST_COLUMNS)
    if style.total_first and "total" in order:
        order.remove("total")
        order.insert(0, "total")
    if style.subtotal and set(_ORGS) <= set(order):
        order.insert(order.index("other_org") + 1, "_subtotal")
    return order


def _t3_header(order: list[str], style: Style, label_cols: int) -> Grid:
    orgs = [c for c in order if c in _GROUP]
    depth = 3 if orgs else 2
    remark = [C("备注", rs=depth)] if style.remarks else []
    top = [
        C(
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            rs=depth,
            cs=label_cols,
        ),
        C("申请人情况", cs=len(order)),
        *remark,
    ]
    if style.odd_merge:  # 申请人情况 over the label columns as well, the note on a row of its own
        top = [C("申请人情况", cs=label_cols + len(order)), *remark]
    if style.flat_header:  # one row of column names, no 申请人情况 or 法人或其他组织 above them
        return [
            [
                C("申请人情况" if style.odd_merge else "项目", cs=label_cols),
                *(C(_COLUMN_LABELS[c]) for c in order),
                *([C("备注")] if style.remarks else []),
            ]
        ]
    second: list[C] = []
    third: list[C] = []
    i = 0
    while i < len(order):
        if order[i] in _GROUP:
            second.append(C("法人或其他组织", cs=len(orgs)))
            third += [C(_COLUMN_LABELS[c]) for c in orgs]
            i += len(orgs)
        else:
            second.append(C(_COLUMN_LABELS[order[i]], rs=2 if orgs else 1))
            i += 1
    if style.odd_merge:
        second = [C("", rs=depth - 1, cs=label_cols), *second]
    return [top, second, third] if orgs else [top, second]


def table3(fmt: str, style: Style, columns: list[str] | None = None) -> tuple[Grid, int]:
    """Table 3 for ``columns`` (all by default: one part of a table split by applicant) and
    the number of its header rows."""
    order = table3_columns(style, columns)
    label_cols = 3
    header = _t3_header(order, style, label_cols)

    def vals(code: str) -> list[C]:
        return [_val("requests", code, c) for c in order] + (
            [C(_remark(style))] if style.remarks else []
        )

    results = _result_rows(fmt)
    if style.total_first:
        results = [results[-1], *results[:-1]]
    body: Grid = []
    group_seen: dict[str, int] = {}
    stacked = style.rng.sample([g for g, _ in _GROUPS_2021], 2) if style.stacked else []
    for group, item, code in results:
        if group is None:
            body.append([C(item, cs=2), *vals(code)])
        elif group in stacked:  # the group's rows as lines of one row's cells
            if group not in group_seen:
                group_seen[group] = len(body)
                rows = [(i, c) for g, i, c in results if g == group]
                body.append(
                    [
                        C(group),
                        C("\n".join(i for i, _ in rows)),
                        *(C(stack=tuple(("requests", c, col) for _, c in rows)) for col in order),
                        *([C(_remark(style))] if style.remarks else []),
                    ]
                )
        elif style.group_rows:
            if group not in group_seen:
                group_seen[group] = len(body)
                body.append([C(group, cs=2), *[C("") for _ in vals("new")]])
            body.append([C(""), C(item), *vals(code)])
        else:
            if group not in group_seen:
                group_seen[group] = len(body)
                count = sum(1 for g, _, _ in results if g == group)
                body.append([C(group, rs=count), C(item), *vals(code)])
            else:
                body.append([C(item), *vals(code)])
    if style.spacers:  # empty rows left between the rows (a deleted row, a spacing row)
        width = len(order) + 2 + style.remarks
        for _ in range(2):
            at = style.rng.randint(1, len(body) - 1)
            if (
                all(c.rs == 1 for row in body[at - 1 : at + 1] for c in row[:1])
                and len(body[at]) == width
            ):
                body.insert(at, [C(""), C(""), *(C("") for _ in range(width - 2))])
    body[0] = [C("三、本年度办理结果", rs=len(body)), *body[0]]
    g: Grid = [
        *header,
        [C("一、本年新收政府信息公开申请数量", cs=label_cols), *vals("new")],
        [C("二、上年结转政府信息公开申请数量", cs=label_cols), *vals("carried_over")],
        *body,
        [C("四、结转下年度继续办理", cs=label_cols), *vals("carried_forward")],
    ]
    return g, len(header)


# --- table 4 -----------------------------------------------------------------------------------

_MEASURES4 = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}


def table4(style: Style) -> Grid:
    measures = list(v.APPEAL_MEASURES)
    if style.total_first:
        measures = ["total", *measures[:-1]]
    heads = [C(_MEASURES4[m]) for m in measures]
    vals = [_val("appeals", g, m) for g in v.APPEAL_GROUPS for m in measures]
    if style.odd_merge:  # a label column: 类别 over the headings, 件数 before the figures
        return [
            [C("类别", rs=3), C("行政复议", rs=2, cs=5), C("行政诉讼", cs=10)],
            [C("未经复议直接起诉", cs=5), C("复议后起诉", cs=5)],
            heads * 3,
            [C("件数"), *vals],
        ]
    return [
        [C("行政复议", cs=5), C("行政诉讼", cs=10)],
        [*(C(h.text, rs=2) for h in heads), C("未经复议直接起诉", cs=5), C("复议后起诉", cs=5)],
        heads * 2,
        vals,
    ]


def table4_vertical(style: Style) -> Grid:
    """Table 4 standing: one row per measure, one column per group."""
    measures = list(v.APPEAL_MEASURES)
    if style.total_first:
        measures = ["total", *measures[:-1]]
    g: Grid = [
        [C("类别", rs=2), C("行政复议", rs=2), C("行政诉讼", cs=2)],
        [C("未经复议直接起诉"), C("复议后起诉")],
    ]
    g += [
        [C(_MEASURES4[m]), *(_val("appeals", grp, m) for grp in v.APPEAL_GROUPS)] for m in measures
    ]
    return g


def transpose(grid: Grid) -> Grid:
    """Rows as columns and columns as rows, spans turned with them."""
    from tests.parse.variety.layout import origins

    org = origins(grid)
    cell_at: dict[tuple[int, int], C] = {}
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while org.get((r, c)) != (r, c):
                c += 1
            cell_at[(r, c)] = cell
            c += cell.cs
    rows = max(r for r, _ in org) + 1
    width = max(c for _, c in org) + 1
    return [
        [
            C(cell.text, cell.cs, cell.rs, cell.key, cell.stack)
            for r in range(rows)
            if (cell := cell_at.get((r, c))) is not None
        ]
        for c in range(width)
    ]
