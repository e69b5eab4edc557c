"""A third report generator, independent of the demo's renderer (``gongkai/demo``) and ``tests/parse/robustness``: the
layout variations of real reports that neither of those produces, one named variation per
document family, each rendered as HTML or DOCX (PDF through LibreOffice in ``measure``).

    doc = make("html-t3-split", random.Random(7))   # doc.truth, doc.data, doc.kind
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.parse.variety import layout
from tests.parse.variety import tables as tb
from tests.parse.variety.tables import _ORGS, Grid, Style, table2, table3, table4
from tests.parse.variety.truth import blank_some, make_truth

_CN = "〇一二三四五六七八九"
_TITLES = [
    "总体情况",
    "主动公开政府信息情况",
    "收到和处理政府信息公开申请情况",
    "政府信息公开行政复议、行政诉讼情况",
    "存在的主要问题及改进情况",
    "其他需要报告的事项",
]
#: Wordings of headings real reports use instead of the template's.
_SYNONYMS = {
    "法人或其他组织": ["法人或者其他组织", "法人及其他组织", "法人或其他组织"],
    "总计": ["合计", "总计", "总 计"],
    "（七）总计": ["（七）合计", "（七）总计"],
    "结果维持": ["维持", "结果维持"],
    "结果纠正": ["纠正", "结果纠正"],
    "尚未审结": ["未审结", "尚未审结"],
    "其他结果": ["其他结果", "其他"],
    "社会公益组织": ["公益组织", "社会公益组织"],
    "法律服务机构": ["法律服务机构", "律师事务所等法律服务机构"],
    "本年制发件数": ["本年新制发件数", "本年制发件数"],
    "现行有效件数": ["现行有效件数", "有效件数"],
    "本年处理决定数量": ["本年处理决定数", "处理决定数量"],
    "四、结转下年度继续办理": ["四、结转下年度继续办理", "四、结转下一年度继续办理"],
}
_BLANK_MARKS = ("—", "-", "/", "无", "", "－", "——", "／")


@dataclass
class Doc:
    truth: dict[str, Any]
    data: bytes
    kind: str  # "html" or "docx"
    variation: str
    render: dict[str, Any] = field(default_factory=dict)  # split, container, layout_table

    @property
    def printable(self) -> bool:
        """Whether a PDF of it shows every figure (a text box has a fixed size and clips)."""
        return self.kind == "docx" and self.render.get("container") != "textbox"


def _heading(i: int, how: str) -> str:
    n = "一二三四五六"[i]
    return {
        "std": f"{n}、{_TITLES[i]}",
        "part": f"第{n}部分 {_TITLES[i]}",
        "paren": f"（{n}）{_TITLES[i]}",
        "arabic": f"{i + 1}.{_TITLES[i]}",
        "dot": f"{n}．{_TITLES[i]}",
        "space": f"{n}、 {_TITLES[i]}",
    }[how]


def _items(truth: dict[str, Any], style: Style, rng: random.Random) -> list[tuple[str, Any]]:
    fmt, year, agency = truth["format"], truth["year"], truth["agency"]
    how = style.extra.get("headings", "std")
    captions = style.extra.get("captions", False)
    h = [_heading(i, how) for i in range(6)]
    items: list[tuple[str, Any]] = [
        (
            "p",
            f"本报告依据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限为{year}年1月1日至"
            f"{year}年12月31日。",
        ),
        ("p", h[0]),
        ("p", f"{year}年，{agency}认真贯彻落实政务公开各项工作要求，持续提升公开质量。"),
        ("p", h[1]),
    ]
    if captions:
        items.append(("p", "表1 主动公开政府信息情况"))
    items.append(("table", table2(fmt, style)))
    items.append(("p", h[2]))
    if captions:
        items.append(("p", "表2 收到和处理政府信息公开申请情况"))
    items += _table3_items(fmt, style, rng)
    items.append(("p", h[3]))
    if captions:
        items.append(("p", "表3 政府信息公开行政复议、行政诉讼情况（单位：件）"))
    items.append(
        ("table", tb.table4_vertical(style) if style.extra.get("t4_vertical") else table4(style))
    )
    items += [
        ("p", h[4]),
        ("p", "一是信息公开的及时性有待提高；二是政策解读形式较为单一。"),
        ("p", h[5]),
        ("p", "本年度未收取信息处理费。"),
        ("p", agency),
        ("p", f"{year + 1}年1月{rng.randint(10, 28)}日"),
    ]
    return items


def _table3_items(fmt: str, style: Style, rng: random.Random) -> list[tuple[str, Any]]:
    if style.t3_split:
        first = ["natural_person"]
        second = [*_ORGS, "total"]
        if rng.random() < 0.3:
            first, second = ["natural_person", "total"], list(_ORGS)
        between = rng.choice(["", "（续表）", "表2-2 法人或其他组织申请情况"])
        a, _ = table3(fmt, style, first)
        b, _ = table3(fmt, style, second)
        return [("table", a), *([("p", between)] if between else []), ("table", b)]
    grid, header = table3(fmt, style)
    if style.extra.get("t3_transposed"):
        return [("table", tb.transpose(grid))]
    if not style.repeat_header:
        return [("table", grid)]
    at = rng.randint(header + 4, len(grid) - 3)
    top, rest = layout.cut_grid(grid, at)
    if rng.random() < 0.5:  # one table, the header rows repeated where a page broke
        return [("table", [*top, *grid[:header], *rest])]
    footer = rng.choice(["", "- 3 -", "第 3 页"])
    return [
        ("table", top),
        *([("p", footer)] if footer else []),
        ("table", [*grid[:header], *rest]),
    ]


def _style(rng: random.Random, **flags: Any) -> Style:
    extra = flags.pop("extra", {})
    return Style(rng, **flags, extra=extra)


#: variation → (document kind, edition, Style flags, truth options)
def _flags(name: str, rng: random.Random) -> tuple[str, str, dict[str, Any], dict[str, Any]]:
    kind = name.split("-", 1)[0]
    fmt = "2019" if "2019" in name else "2021"
    blanks = ("",)
    tail = name.split("-", 1)[1]
    render: dict[str, Any] = {}
    flags: dict[str, Any] = {}
    big = False
    share = 0.0
    if tail == "split":
        render["split"] = True
    elif tail == "numbers":
        flags.update(fullwidth=rng.random() < 0.5, separators=True)
        big = True
    elif tail == "blanks":
        blanks, share = _BLANK_MARKS, 0.6
    elif tail == "units":
        flags.update(units=True)
    elif tail == "totals-first":
        flags.update(total_first=True)
    elif tail == "t3-split":
        flags.update(t3_split=True)
    elif tail == "repeat-header":
        flags.update(repeat_header=True)
    elif tail == "remarks":
        flags.update(remarks=True)
    elif tail == "headings":
        flags["extra"] = {
            "headings": rng.choice(["part", "paren", "arabic", "dot", "space"]),
            "captions": rng.random() < 0.6,
        }
    elif tail == "group-rows":
        flags.update(group_rows=True)
    elif tail == "odd-merge":
        flags.update(odd_merge=True)
    elif tail == "subtotal":
        flags.update(subtotal=True)
    elif tail == "stacked":
        flags.update(stacked=True)
    elif tail == "flat-header":
        flags.update(flat_header=True, total_first=rng.random() < 0.3)
    elif tail == "spacers":
        flags.update(spacers=True)
    elif tail == "t3-transposed":
        flags["extra"] = {"t3_transposed": True}
    elif tail == "t4-vertical":
        flags.update(total_first=rng.random() < 0.3)
        flags["extra"] = {"t4_vertical": True}
    elif tail == "synonyms":
        flags["extra"] = {"synonyms": {k: rng.choice(opts) for k, opts in _SYNONYMS.items()}}
    elif tail == "t2-article-column":
        flags["extra"] = {"article_column": True}
    elif tail == "markup":
        render["markup"] = True
    elif tail == "nested":
        render["container"] = "nested"
    elif tail == "textbox":
        render["container"] = "textbox"
    elif tail in ("2019", "mixed", "mixed-2019"):
        flags.update(
            {
                k: rng.random() < 0.3
                for k in (
                    "fullwidth",
                    "separators",
                    "units",
                    "total_first",
                    "t3_split",
                    "repeat_header",
                    "remarks",
                    "group_rows",
                    "odd_merge",
                    "subtotal",
                    "stacked",
                    "flat_header",
                    "spacers",
                )
            }
        )
        if flags["t3_split"]:
            flags["repeat_header"] = False
        flags["extra"] = {
            "headings": rng.choice(["std", "part", "paren", "arabic"]),
            "captions": rng.random() < 0.3,
            "t4_vertical": rng.random() < 0.2,
            "t3_transposed": rng.random() < 0.15,
            "article_column": rng.random() < 0.3,
        }
        if rng.random() < 0.3:
            flags["extra"]["synonyms"] = {k: rng.choice(opts) for k, opts in _SYNONYMS.items()}
        if kind == "text":  # not measured as text: a cell's lines, tables on their side
            flags["stacked"] = flags["extra"]["t3_transposed"] = flags["extra"]["t4_vertical"] = (
                False
            )
        render["split"] = rng.random() < 0.5
        if kind == "docx":
            render["container"] = rng.choice(["plain", "plain", "nested", "textbox"])
        else:
            render["layout_table"] = rng.random() < 0.3
            render["markup"] = rng.random() < 0.3
        big = flags["separators"]
        if rng.random() < 0.5:
            blanks, share = _BLANK_MARKS, 0.4
    else:
        raise ValueError(f"unknown variation {name!r}")
    if flags.get("stacked"):  # an empty line in a stacked cell cannot be told from no line
        blanks = tuple(b for b in blanks if b) or ("—",)
    flags["blanks"] = blanks
    return kind, fmt, flags, {"big": big, "share": share, "render": render}


def make(name: str, rng: random.Random) -> Doc:
    kind, fmt, flags, opts = _flags(name, rng)
    truth = make_truth(rng, fmt, big=opts["big"])
    if opts["share"]:
        blank_some(truth, rng, opts["share"])
    style = _style(rng, **flags)
    items = _items(truth, style, rng)
    title = f"{truth['agency']}{truth['year']}年政府信息公开工作年度报告"
    render: dict[str, Any] = opts["render"]
    if kind == "html":
        data = layout.html_page(title, items, truth, style, **render)
    elif kind == "text":
        data = layout.text_bytes(title, items, truth, style)
    else:
        data = layout.docx_bytes(title, items, truth, style, **render)
    return Doc(truth, data, kind, name, render)


VARIATIONS: list[str] = [
    "html-split",
    "html-numbers",
    "html-blanks",
    "html-units",
    "html-totals-first",
    "html-t3-split",
    "html-repeat-header",
    "html-remarks",
    "html-headings",
    "html-group-rows",
    "html-odd-merge",
    "html-subtotal",
    "html-stacked",
    "html-flat-header",
    "html-spacers",
    "html-t3-transposed",
    "html-t4-vertical",
    "html-markup",
    "html-synonyms",
    "html-t2-article-column",
    "html-2019",
    "html-mixed",
    "html-mixed-2019",
    "docx-split",
    "docx-numbers",
    "docx-nested",
    "docx-textbox",
    "docx-t3-split",
    "docx-repeat-header",
    "docx-remarks",
    "docx-group-rows",
    "docx-odd-merge",
    "docx-subtotal",
    "docx-stacked",
    "docx-t3-transposed",
    "docx-t4-vertical",
    "docx-synonyms",
    "docx-t2-article-column",
    "docx-2019",
    "docx-mixed",
    # text copied out of a word processor (tab-separated rows): the parser's soft tables
    "text-split",
    "text-numbers",
    "text-blanks",
    "text-units",
    "text-totals-first",
    "text-t3-split",
    "text-repeat-header",
    "text-remarks",
    "text-headings",
    "text-group-rows",
    "text-odd-merge",
    "text-subtotal",
    "text-flat-header",
    "text-spacers",
    "text-synonyms",
    "text-t2-article-column",
    "text-2019",
    "text-mixed",
]

Maker = Callable[[str, random.Random], Doc]
__all__ = ["VARIATIONS", "Doc", "Grid", "make"]
