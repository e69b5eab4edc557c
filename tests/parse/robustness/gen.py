"""An adversarial report generator, independent of the demo's renderer (``gongkai/demo``): reports rendered the ways real
agencies publish them (merged-cell tables in several shapes, Word-pasted HTML, python-docx
documents built from scratch, LibreOffice PDFs, pdftotext -layout text, one-cell-per-line,
Markdown pipes and tab rows), each with its truth in the canonical JSON shape.

Only the vocabulary (``gongkai.core.vocabulary``, i.e. REPORT_FORMAT.md) is shared with the parser.
"""

from __future__ import annotations

import html as htmlmod
import io
import itertools
import random
from dataclasses import dataclass, field
from typing import Any

from gongkai.core import vocabulary as v

# --- truth -------------------------------------------------------------------------------------

_PLACES = [
    "青山",
    "临河",
    "东岭",
    "白沙",
    "石门",
    "云溪",
    "北塘",
    "桃源",
    "金川",
    "柳林",
    "南湖",
    "安平",
]
_DEPTS = [
    "发展和改革委员会",
    "人力资源和社会保障局",
    "自然资源和规划局",
    "市场监督管理局",
    "住房和城乡建设局",
    "教育局",
    "卫生健康委员会",
    "交通运输局",
]
_CN = "〇一二三四五六七八九"


def cn_year(year: int) -> str:
    return "".join(_CN[int(d)] for d in str(year))


def cn_small(n: int) -> str:
    if n < 10:
        return _CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


@dataclass
class Doc:
    truth: dict[str, Any]
    title: str
    signer: str | None  # None: no signature block
    date_text: str | None
    breaks: int = 0  # deliberate identity breaks
    opts: dict[str, Any] = field(default_factory=dict)


def _split(rng: random.Random, total: int, parts: int) -> list[int]:
    cuts = sorted(rng.randint(0, total) for _ in range(parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def make_doc(rng: random.Random, *, blanks: bool = True) -> Doc:
    year = rng.choice([2021, 2022, 2023, 2024])
    county = rng.choice(_PLACES) + rng.choice(["县", "区", "市"])
    kind = rng.choice(["gov", "dept", "town", "street"])
    if kind == "gov":
        title_name, signer = county, county + "人民政府"
    elif kind == "dept":
        title_name = signer = county + rng.choice(_DEPTS)
    elif kind == "town":
        title_name = signer = rng.choice(_PLACES) + "镇人民政府"
    else:
        title_name = signer = rng.choice(_PLACES) + "街道办事处"
    style = rng.choice(["plain", "year_first", "office", "cn_year"])
    ystr = cn_year(year) if style == "cn_year" else str(year)
    if style == "year_first":
        title = f"{year}年度{title_name}政府信息公开工作年度报告"
    elif style == "office" and kind == "gov":
        title = f"{county}人民政府办公室关于{county}{year}年政府信息公开工作年度报告"
        signer = county + "人民政府办公室"
    else:
        title = f"{title_name}{ystr}年政府信息公开工作年度报告"
    signed = style == "office" or rng.random() < 0.75
    month, day = rng.randint(1, 3), rng.randint(1, 28)
    pub = f"{year + 1}-{month:02d}-{day:02d}"
    if rng.random() < 0.5:
        date_text = f"{cn_year(year + 1)}年{cn_small(month)}月{cn_small(day)}日"
    else:
        date_text = f"{year + 1}年{month}月{day}日"
    agency = signer if signed else title_name
    big = rng.random() < 0.3
    hi = 3000 if big else 30

    def n(k: int = hi) -> int:
        return rng.randint(0, k) if rng.random() < 0.7 else 0

    proactive = {
        "rules": {"issued": n(5), "repealed": n(5), "in_force": n(40)},
        "normative_documents": {"issued": n(), "repealed": n(), "in_force": n(200)},
        "licensing": {"decisions": n(30000)},
        "penalties": {"decisions": n(5000)},
        "coercion": {"decisions": n(50)},
        "fees": {
            "amount_10k_yuan": rng.choice(
                ["0", str(n(900)), f"{n(900)}.{rng.randint(0, 99):02d}", f"{n(90)}.5"]
            )
        },
    }
    cols = [c for c in v.REQUEST_COLUMNS if c != "total"]
    results = list(v.RESULT_ROWS)
    req: dict[str, dict[str, Any]] = {r: {} for r in v.REQUEST_ROWS}
    for c in cols:
        active = c == "natural_person" or rng.random() < 0.4
        new = n(hi) if active else 0
        carried = n(5) if active else 0
        handled = rng.randint(0, new + carried)
        forward = new + carried - handled
        dist = [0] * len(results)
        for _ in range(handled):
            dist[
                min(int(rng.expovariate(0.35)), len(results) - 1)
                if rng.random() < 0.6
                else rng.randrange(len(results))
            ] += 1
        req["new"][c], req["carried_over"][c] = new, carried
        for r, x in zip(results, dist, strict=True):
            req[r][c] = x
        req["handled_total"][c], req["carried_forward"][c] = handled, forward
    for r in req:
        req[r]["total"] = sum(req[r][c] for c in cols)
    appeals = {}
    for g in v.APPEAL_GROUPS:
        parts = [n(6) for _ in range(4)]
        appeals[g] = dict(zip(["upheld", "corrected", "other", "pending"], parts, strict=True))
        appeals[g]["total"] = sum(parts)
    breaks = 0
    if rng.random() < 0.1:  # one deliberate identity break
        row = rng.choice(["new", "granted", "handled_total"])
        req[row]["total"] += rng.randint(1, 3)
        breaks = 1
    if blanks and rng.random() < 0.25:  # some cells left empty (null)
        for _ in range(rng.randint(1, 4)):
            row = rng.choice(results)
            req[row][rng.choice(cols)] = None
        breaks = -1  # blanks may or may not break identities: not counted
    truth = {
        "agency": agency,
        "year": year,
        "format": "2021",
        "published": pub if signed else None,
        "proactive": proactive,
        "requests": req,
        "appeals": appeals,
    }
    return Doc(truth, title, signer if signed else None, date_text if signed else None, breaks)


# --- the table grids (text, rowspan, colspan) ------------------------------------------------

C = tuple[str, int, int]
Grid = list[list[C]]

_T3_DENIED = [
    "属于国家秘密",
    "其他法律行政法规禁止公开",
    "危及“三安全一稳定”",
    "保护第三方合法权益",
    "属于三类内部事务信息",
    "属于四类过程性信息",
    "属于行政执法案卷",
    "属于行政查询事项",
]
_T3_GROUPS = [
    (
        "（三）不予公开",
        [
            "denied_state_secret",
            "denied_law_prohibited",
            "denied_security_stability",
            "denied_third_party",
            "denied_internal_affairs",
            "denied_process_info",
            "denied_enforcement_file",
            "denied_admin_query",
        ],
        _T3_DENIED,
    ),
    (
        "（四）无法提供",
        ["unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear"],
        ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"],
    ),
    (
        "（五）不予处理",
        [
            "rejected_petition",
            "rejected_duplicate",
            "rejected_publication",
            "rejected_excessive",
            "rejected_confirmation",
        ],
        [
            "信访举报投诉类申请",
            "重复申请",
            "要求提供公开出版物",
            "无正当理由大量反复申请",
            "要求行政机关确认或重新出具已获取信息",
        ],
    ),
    (
        "（六）其他处理",
        ["other_no_correction", "other_unpaid_fee", "other_other"],
        [
            "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "其他",
        ],
    ),
]
COL_LABELS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "nonprofit": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}


_TYPOS = [
    ("政府信息公开申请数量", "政府信息公开申请数"),
    ("本年新收", "本年度新收"),
    ("部分公开", "部份公开"),
    ("上年结转", "上年度结转"),
    ("结转下年度继续办理", "结转下一年度继续办理"),
    ("不予处理", "不于处理"),
    ("本机关不掌握相关政府信息", "本机关不掌握相关信息"),
    ("“三安全一稳定”", '"三安全一稳定"'),
    ("现行有效件数", "现行有效件数（件）"),
    ("行政规范性文件", "规范性文件"),
    ("其他法律行政法规", "其他法律、行政法规"),
]


class Fmt:
    """How one document writes numbers and labels."""

    def __init__(self, rng: random.Random, *, fancy: bool) -> None:
        self.rng = rng
        self.fancy = fancy
        self.fullwidth = fancy and rng.random() < 0.2
        self.unit = fancy and rng.random() < 0.15
        self.enum = rng.choice(["1．", "1.", "1、", "（1）"]) if fancy else "1."
        self.spaced = fancy and rng.random() < 0.2
        self.typo = fancy and rng.random() < 0.2
        self.blank = rng.choice(["", "—", "/", "-"])

    def num(self, x: Any) -> str:
        if x is None:
            return self.blank
        s = str(x)
        if self.fullwidth:
            s = s.translate(str.maketrans("0123456789.", "０１２３４５６７８９．"))
        if self.unit and "." not in s and self.rng.random() < 0.5:
            s += "件"
        return s

    def enum_of(self, i: int) -> str:
        return self.enum.replace("1", str(i))

    def label(self, s: str) -> str:
        if self.typo:  # typos and variants real reports carry
            for a, b in _TYPOS:
                if self.rng.random() < 0.5:
                    s = s.replace(a, b)
        if self.spaced and self.rng.random() < 0.3:
            return " ".join(s) if len(s) < 12 else s[:4] + " " + s[4:8] + "  " + s[8:]
        return s


def table2_grid(t: dict[str, Any], f: Fmt) -> Grid:
    p = t["proactive"]
    g: Grid = [
        [("第二十条第（一）项", 1, 4)],
        [
            ("信息内容", 1, 1),
            *[(f.label(x), 1, 1) for x in ("本年制发件数", "本年废止件数", "现行有效件数")],
        ],
    ]
    for item, lab in (("rules", "规章"), ("normative_documents", "行政规范性文件")):
        g.append(
            [(f.label(lab), 1, 1)]
            + [(f.num(p[item][m]), 1, 1) for m in ("issued", "repealed", "in_force")]
        )
    g += [
        [("第二十条第（五）项", 1, 4)],
        [("信息内容", 1, 1), ("本年处理决定数量", 1, 3)],
        [("行政许可", 1, 1), (f.num(p["licensing"]["decisions"]), 1, 3)],
        [("第二十条第（六）项", 1, 4)],
        [("信息内容", 1, 1), ("本年处理决定数量", 1, 3)],
        [("行政处罚", 1, 1), (f.num(p["penalties"]["decisions"]), 1, 3)],
        [("行政强制", 1, 1), (f.num(p["coercion"]["decisions"]), 1, 3)],
        [("第二十条第（八）项", 1, 4)],
        [("信息内容", 1, 1), ("本年收费金额（单位：万元）", 1, 3)],
        [("行政事业性收费", 1, 1), (f.num(p["fees"]["amount_10k_yuan"]), 1, 3)],
    ]
    return g


def table3_grid(t: dict[str, Any], f: Fmt, order: list[str], *, label_cols: int = 3) -> Grid:
    """The 2021 table 3: label columns (3: vertical 三、本年度办理结果; 1: flat) then ``order``."""
    req = t["requests"]
    orgs = [c for c in order if c not in ("natural_person", "total")]
    vals = lambda r: [(f.num(req[r][c]), 1, 1) for c in order]  # noqa: E731
    top: list[C] = [
        ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, label_cols),
        ("申请人情况", 1, len(order)),
    ]
    second: list[C] = []
    third: list[C] = []
    i = 0
    while i < len(order):
        c = order[i]
        if c in orgs:
            span = 0
            while i + span < len(order) and order[i + span] in orgs:
                span += 1
            second.append(("法人或其他组织", 1, span))
            third += [(COL_LABELS[x], 1, 1) for x in order[i : i + span]]
            i += span
        else:
            second.append((COL_LABELS[c], 2, 1))
            i += 1
    g: Grid = [
        top,
        second,
        third,
        [(f.label("一、本年新收政府信息公开申请数量"), 1, label_cols), *vals("new")],
        [(f.label("二、上年结转政府信息公开申请数量"), 1, label_cols), *vals("carried_over")],
    ]
    body: Grid = [
        [(f.label("（一）予以公开"), 1, 2 if label_cols == 3 else label_cols), *vals("granted")],
        [
            (
                f.label("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
                1,
                2 if label_cols == 3 else label_cols,
            ),
            *vals("partly_granted"),
        ],
    ]
    for head, codes, labs in _T3_GROUPS:
        for k, (code, lab) in enumerate(zip(codes, labs, strict=True)):
            item = f.label(f.enum_of(k + 1) + lab)
            if label_cols == 3:
                row = ([(f.label(head), len(codes), 1)] if k == 0 else []) + [(item, 1, 1)]
            else:
                row = [(head + item, 1, 1)]
            body.append(row + vals(code))
    body.append([("（七）总计", 1, 2 if label_cols == 3 else label_cols), *vals("handled_total")])
    if label_cols == 3:
        body[0] = [("三、本年度办理结果", len(body), 1), *body[0]]
    else:
        body[0] = [("三、本年度办理结果（一）予以公开", 1, 1), *body[0][1:]]
    g += body
    g.append([(f.label("四、结转下年度继续办理"), 1, label_cols), *vals("carried_forward")])
    return g


def table4_grid(t: dict[str, Any], f: Fmt, *, shape: str) -> Grid:
    a = t["appeals"]
    m5 = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    if shape == "rows3":  # one row per group
        g: Grid = [[("类别", 1, 1), *[(m, 1, 1) for m in m5]]]
        for grp, lab in (
            ("review", "行政复议"),
            ("litigation_direct", "行政诉讼（未经复议直接起诉）"),
            ("litigation_after_review", "行政诉讼（复议后起诉）"),
        ):
            g.append([(lab, 1, 1), *[(f.num(a[grp][m]), 1, 1) for m in v.APPEAL_MEASURES]])
        return g
    vals = [(f.num(a[grp][m]), 1, 1) for grp in v.APPEAL_GROUPS for m in v.APPEAL_MEASURES]
    if shape == "two_level":
        return [
            [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
            [*[(m, 2, 1) for m in m5], ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
            [*[(m, 1, 1) for m in m5 * 2]],
            vals,
        ]
    return [
        [("行政复议", 2, 5), ("行政诉讼", 1, 10)],
        [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        [*[(m, 1, 1) for m in m5 * 3]],
        vals,
    ]


def expand(grid: Grid) -> list[list[tuple[str, bool]]]:
    """Span-expanded grid: (text, is_copy) per position."""
    out: dict[tuple[int, int], tuple[str, bool]] = {}
    for r, row in enumerate(grid):
        c = 0
        for text, rs, cs in row:
            while (r, c) in out:
                c += 1
            for dr in range(rs):
                for dc in range(cs):
                    out[(r + dr, c + dc)] = (text, bool(dr or dc))
            c += cs
    rows = max(r for r, _ in out) + 1
    width = max(c for _, c in out) + 1
    return [[out.get((r, c), ("", True)) for c in range(width)] for r in range(rows)]


# --- prose --------------------------------------------------------------------------------------


def paragraphs(doc: Doc) -> dict[str, list[str]]:
    y = doc.truth["year"]
    who = doc.signer or doc.truth["agency"]
    return {
        "intro": [
            f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和有关规定编制。"
            f"本报告中所列数据的统计期限为{y}年1月1日至{y}年12月31日。如对本报告有任何疑问，"
            f"请与{who}联系。"
        ],
        "overview": [
            f"{y}年，{who}坚持以习近平新时代中国特色社会主义思想为指导，全面推进政务公开工作。",
            "（一）主动公开情况。全年主动公开政府信息，及时更新各栏目内容。",
            "（二）依申请公开情况。严格按照法定程序和时限答复。",
        ],
        "problems": ["一是公开内容不够全面；二是解读形式较单一。下一步将加强培训，提升公开质量。"],
        "other": ["本年度未收取信息处理费。", "无其他需要报告的事项。"],
    }


HEADINGS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]


def t3_order(rng: random.Random) -> list[str]:
    order = list(v.REQUEST_COLUMNS)
    if rng.random() < 0.15:  # organisations shuffled among themselves
        orgs = order[1:6]
        rng.shuffle(orgs)
        order = [order[0], *orgs, "total"]
    return order


# --- HTML ---------------------------------------------------------------------------------------


def _td(text: str, rs: int, cs: int, style: str, rng: random.Random) -> str:
    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    body = htmlmod.escape(text)
    if style == "word":
        body = (
            f'<p class="MsoNormal" align="center" style="text-align:center"><span style="font-size:'
            f'10.5pt;font-family:仿宋_GB2312">{body or "&nbsp;"}</span></p>'
        )
        attrs += ' valign="center" style="border:solid windowtext 1.0pt;padding:0cm 5.4pt"'
    elif style == "nbsp":
        body = f"&nbsp;{body}&nbsp;" if rng.random() < 0.5 else body
    elif style == "br" and len(text) > 10 and not text[0].isdigit():
        cut = len(text) // 2
        body = htmlmod.escape(text[:cut]) + "<br>" + htmlmod.escape(text[cut:])
    return f"<td{attrs}>{body}</td>"


def html_table(grid: Grid, style: str, rng: random.Random) -> str:
    rows = "".join(
        "<tr>" + "".join(_td(t, rs, cs, style, rng) for t, rs, cs in row) + "</tr>\n"
        for row in grid
    )
    attrs = (
        ' class="MsoNormalTable" border="0" cellspacing="0" cellpadding="0"'
        if style == "word"
        else ' border="1"'
    )
    return f"<table{attrs}><tbody>{rows}</tbody></table>"


def render_html(doc: Doc, rng: random.Random) -> tuple[bytes, str | None]:
    f = Fmt(rng, fancy=True)
    style = rng.choice(["plain", "word", "nbsp", "br"])
    order = t3_order(rng)
    label_cols = rng.choice([3, 3, 1])
    t2 = table2_grid(doc.truth, f)
    t2_html = html_table(t2, style, rng)
    if rng.random() < 0.3:  # table 2 as four separate tables
        cuts = [0, 4, 7, 11, len(t2)]
        t2_html = "".join(html_table(t2[a:b], style, rng) for a, b in itertools.pairwise(cuts))
    t3 = html_table(table3_grid(doc.truth, f, order, label_cols=label_cols), style, rng)
    t4 = html_table(
        table4_grid(doc.truth, f, shape=rng.choice(["two_level", "flat", "rows3"])), style, rng
    )
    pr = paragraphs(doc)
    p = (
        (lambda s: f'<p class="MsoNormal" style="text-indent:2em">{htmlmod.escape(s)}</p>')
        if style == "word"
        else (lambda s: f"<p>{htmlmod.escape(s)}</p>")
    )
    parts = [p(x) for x in pr["intro"]]
    parts += [
        p(HEADINGS[0]),
        *[p(x) for x in pr["overview"]],
        p(HEADINGS[1]),
        t2_html,
        p(HEADINGS[2]),
        t3,
        p(HEADINGS[3]),
        t4,
        p(HEADINGS[4]),
        *[p(x) for x in pr["problems"]],
        p(HEADINGS[5]),
        *[p(x) for x in pr["other"]],
    ]
    if doc.signer:
        parts.append(f'<p style="text-align:right">{htmlmod.escape(doc.signer)}</p>')
        parts.append(f'<p style="text-align:right">{htmlmod.escape(doc.date_text or "")}</p>')
    if rng.random() < 0.25:  # the whole article inside a one-cell layout table
        parts = ['<table width="100%"><tr><td class="bt_content">', *parts, "</td></tr></table>"]
    title_html = (
        f"<h1>{htmlmod.escape(doc.title)}</h1>"
        if rng.random() < 0.5
        else f'<div class="title">{htmlmod.escape(doc.title)}</div>'
    )
    pubdate = doc.truth["published"]
    if pubdate is None and rng.random() < 0.5:
        pubdate = doc.truth["published"] = (
            f"{doc.truth['year'] + 1}-0{rng.randint(1, 3)}-{rng.randint(10, 28)}"
        )
    meta_line = ""
    if pubdate or rng.random() < 0.5:
        meta_line = f'<div class="info">发布日期：{pubdate or ""}&nbsp;&nbsp;来源：本站&nbsp;&nbsp;浏览次数：{rng.randint(10, 999)}</div>'
        if not pubdate:
            meta_line = (
                f'<div class="info">来源：本站&nbsp;&nbsp;浏览次数：{rng.randint(10, 999)}</div>'
            )
    enc = rng.choice(["utf-8", "gbk", "gbk-nometa", "utf-8-1252"])
    charset = {"utf-8": "utf-8", "gbk": "gbk", "gbk-nometa": None, "utf-8-1252": "utf-8"}[enc]
    head = f'<meta charset="{charset}">' if charset else ""
    page = (
        f"<!DOCTYPE html><html><head>{head}<title>{htmlmod.escape(doc.title)}_{doc.truth['agency']}门户网站"
        f'</title></head><body><div class="nav"><a href="/">首页</a> &gt; <a href="/xxgk">信息公开</a>'
        f' &gt; <a href="/ndbg">年度报告</a></div><div class="article">{title_html}{meta_line}'
        f'<div class="content">{"".join(parts)}</div></div><div class="footer">主办单位：{doc.truth["agency"]}'
        " 网站标识码：1234567890 ICP备案号：X ICP备12345678号</div></body></html>"
    )
    data = page.encode("gb18030" if enc.startswith("gbk") else "utf-8")
    ctype = "text/html; charset=windows-1252" if enc == "utf-8-1252" else None
    doc.opts.update(style=style, enc=enc, label_cols=label_cols)
    return data, ctype


# --- DOCX ---------------------------------------------------------------------------------------


@dataclass
class Look:
    """How a document printed to PDF sets its tables (PDF, DOC and pdftotext forms only): value
    cells left-, centre- or right-aligned (headings centred unless left), rows set close
    together, the font size, table 2 as four small tables."""

    align: str = "left"
    compact: bool = False
    size: float | None = None
    t2_blocks: bool = False

    @classmethod
    def of(cls, doc: Doc) -> Look:
        # its own random stream: the main one (and so every other form's documents) is unchanged
        r = random.Random(f"{doc.title}/{doc.truth['year']}/{doc.truth['agency']}/look")
        return cls(
            r.choice(["left", "center", "center", "right"]),
            r.random() < 0.4,
            r.choice([None, 10.5, 12.0]),
            r.random() < 0.3,
        )


def docx_table(
    d: Any,
    grid: Grid,
    container: Any = None,
    labels: list[float] | None = None,
    borders: bool = True,
    look: Look | None = None,
) -> None:
    """A python-docx table with real merges (gridSpan / vMerge); ``labels``: widths (cm) of the
    label columns, the rest share what is left of 15.5 cm."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    cells = expand(grid)
    width = len(cells[0])
    table = (container or d).add_table(rows=len(cells), cols=width)
    if borders:
        table.style = "Table Grid"
    labels = labels or [15.5 / width]
    rest = (15.5 - sum(labels)) / max(width - len(labels), 1)
    widths = [*labels, *[rest] * (width - len(labels))]
    table.autofit = False
    for col, w in zip(table.columns, widths, strict=True):
        col.width = Cm(w)
        for cell in col.cells:
            cell.width = Cm(w)
    origins = _origins(grid)
    for gr, row in enumerate(grid):
        starts = sorted(c for (r, c), o in origins.items() if r == gr and o == (gr, c))
        for (text, rs, cs), c in zip(row, starts, strict=True):
            a = table.cell(gr, c)
            if rs > 1 or cs > 1:
                a = a.merge(table.cell(gr + rs - 1, c + cs - 1))
            a.text = text
            if look is not None and look.align != "left" and c >= len(labels):
                value = bool(text) and (text[0].isdigit() or text in ("—", "/", "-"))
                a.paragraphs[0].alignment = (
                    WD_ALIGN_PARAGRAPH.RIGHT
                    if value and look.align == "right"
                    else WD_ALIGN_PARAGRAPH.CENTER
                )


def render_docx(
    doc: Doc, rng: random.Random, *, for_pdf: bool = False, borders: bool | None = None
) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    f = Fmt(rng, fancy=not for_pdf)
    d = Document()
    look = Look.of(doc) if for_pdf else None
    if look is not None:
        normal = d.styles["Normal"]
        if look.size:
            normal.font.size = Pt(look.size)
        if look.compact:
            normal.paragraph_format.space_after = Pt(0)
            normal.paragraph_format.line_spacing = 1.0
        doc.opts["look"] = look
    sec = d.sections[0]
    if rng.random() < 0.2:
        sec.orientation = WD_ORIENT.LANDSCAPE
        sec.page_width, sec.page_height = sec.page_height, sec.page_width
    if rng.random() < 0.5:
        fp = sec.footer.paragraphs[0]
        fp.text = "- 3 -"
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if not for_pdf and rng.random() < 0.25:  # the title in a text box (VML), as some templates do
        _textbox(d.add_paragraph(), doc.title)
    else:
        tp = d.add_paragraph(doc.title)
        tp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        tp.runs[0].font.size = Pt(18)
    pr = paragraphs(doc)
    for x in pr["intro"]:
        d.add_paragraph(x)
    d.add_paragraph(HEADINGS[0])
    for x in pr["overview"]:
        d.add_paragraph(x)
    layout = (not for_pdf) and rng.random() < 0.25
    bd = not (for_pdf and rng.random() < 0.3)  # PDFs of tables drawn without borders
    if borders is not None:
        bd = borders
    d.add_paragraph(HEADINGS[1])
    holder = d.add_table(rows=1, cols=1).cell(0, 0) if layout else None
    t2 = table2_grid(doc.truth, f)
    if look is not None and look.t2_blocks:  # four small tables, one per 第二十条 item
        for a, b in itertools.pairwise([0, 4, 7, 11, len(t2)]):
            docx_table(d, t2[a:b], labels=[4.5], borders=bd, look=look)
            d.add_paragraph("")
    else:
        docx_table(d, t2, holder, labels=[4.5], borders=bd, look=look)
    d.add_paragraph(HEADINGS[2])
    label_cols = rng.choice([3, 3, 1])
    grid = table3_grid(doc.truth, f, t3_order(rng), label_cols=label_cols)
    lw = [1.0, 1.8, 3.6] if label_cols == 3 else [5.5]
    if rng.random() < 0.3:  # split in two
        cut = rng.randint(8, 20)
        head = [
            [(t, min(rs, cut - r), cs) for t, rs, cs in row] for r, row in enumerate(grid[:cut])
        ]
        docx_table(d, head, labels=lw, borders=bd, look=look)
        d.add_paragraph("")
        tail = _tail_grid(grid, cut)
        if rng.random() < 0.5:  # the header rows repeated above the second part
            tail = grid[:3] + tail
        docx_table(d, tail, labels=lw, borders=bd, look=look)
    else:
        docx_table(d, grid, labels=lw, borders=bd, look=look)
    d.add_paragraph(HEADINGS[3])
    docx_table(
        d, table4_grid(doc.truth, f, shape=rng.choice(["two_level", "flat"])), borders=bd, look=look
    )
    d.add_paragraph(HEADINGS[4])
    for x in pr["problems"]:
        d.add_paragraph(x)
    d.add_paragraph(HEADINGS[5])
    for x in pr["other"]:
        d.add_paragraph(x)
    if doc.signer:
        for x in (doc.signer, doc.date_text or ""):
            sp = d.add_paragraph(x)
            sp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _textbox(paragraph: Any, text: str) -> None:
    from docx.oxml import parse_xml

    xml = (
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><w:pict><v:shape style="width:400pt;height:40pt">'
        f"<v:textbox><w:txbxContent><w:p><w:r><w:t>{htmlmod.escape(text)}</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    paragraph._p.append(parse_xml(xml))


def _origins(grid: Grid) -> dict[tuple[int, int], tuple[int, int]]:
    """Every grid position → the position of the cell that covers it."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(grid):
        c = 0
        for _, rs, cs in row:
            while (r, c) in out:
                c += 1
            for dr in range(rs):
                for dc in range(cs):
                    out[(r + dr, c + dc)] = (r, c)
            c += cs
    return out


def _tail_grid(grid: Grid, cut: int) -> Grid:
    """Rows ``cut``… as a table of their own; a row span crossing the cut restarts at it."""
    origins = _origins(grid)
    cells = expand(grid)
    width = len(cells[0])
    out: Grid = []
    for r in range(cut, len(cells)):
        line: list[C] = []
        for c in range(width):
            o = origins.get((r, c))
            if o is None or (o[1] != c and origins.get((r, c - 1)) == o):
                continue  # inside a column span
            if o[0] < r and r != cut:
                continue  # covered by a span started on an earlier row of this part
            cs = sum(1 for k in range(c, width) if origins.get((r, k)) == o)
            rs = sum(1 for k in range(r, len(cells)) if origins.get((k, c)) == o)
            line.append((cells[r][c][0] if o[0] == r or r == cut else "", rs, cs))
        out.append(line)
    return out


# --- text layouts (as extracted from published DOCX/PDF) -----------------------------------------


def _text_lines(doc: Doc) -> tuple[list[str], list[str]]:
    pr = paragraphs(doc)
    head = [doc.title, *pr["intro"], HEADINGS[0], *pr["overview"]]
    tail = [HEADINGS[4], *pr["problems"], HEADINGS[5], *pr["other"]]
    if doc.signer:
        tail += [doc.signer, doc.date_text or ""]
    return head, tail


def render_text(doc: Doc, rng: random.Random, layout: str) -> bytes:
    f = Fmt(rng, fancy=False)
    f.blank = ""
    grids = [
        table2_grid(doc.truth, f),
        table3_grid(doc.truth, f, list(v.REQUEST_COLUMNS), label_cols=rng.choice([3, 1])),
        table4_grid(doc.truth, f, shape=rng.choice(["two_level", "flat"])),
    ]
    head, tail = _text_lines(doc)
    out = list(head)
    for heading, grid in zip(HEADINGS[1:4], grids, strict=True):
        out.append(heading)
        if layout == "cells":  # one cell per line, rows separated by blank lines (Word → txt)
            for row in grid:
                out += ["\t" + t for t, _, _ in row] + [""]
        elif layout == "tabs":
            for i, row in enumerate(expand(grid)):
                texts = [t for t, copy in row if not copy]
                out.append("\t".join(texts))
                if rng.random() < 0.03 and i > 3:
                    out += ["", "- 4 -", ""]
        else:  # markdown pipes
            rows = expand(grid)
            for i, row in enumerate(rows):
                out.append("| " + " | ".join(t for t, _ in row) + " |")
                if i == 0:
                    out.append("|" + "---|" * len(row))
    out += tail
    return ("\n".join(out) + "\n").encode("utf-8")
