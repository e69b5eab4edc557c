"""Report and decoy documents: HTML fragments, and DOCX filled from the official 2021
template, converted once to PDF / DOC by LibreOffice and cached on disk."""

from __future__ import annotations

import copy
import hashlib
import html
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from gongkai.core.settings import env

from .numbers import COLS, Figures, check, figures

HERE = Path(__file__).resolve().parent
# Rendered documents are kept between runs (LibreOffice makes the PDF and DOC ones).
CACHE = (
    Path(os.environ.get("GONGKAI_DEMO_CACHE") or Path.home() / ".cache" / "gongkai") / "altworld4"
)
TEMPLATE = HERE.parents[2] / "gongkai" / "demo" / "template_2021.docx"  # the official 2021 template
VERSION = "w15-v3"

ROW_LABELS_T3 = [
    ("new", "一、本年新收政府信息公开申请数量"),
    ("carried_over", "二、上年结转政府信息公开申请数量"),
]


@dataclass(frozen=True)
class DocSpec:
    """One annual report document."""

    agency: str  # as the document signs it
    year: int
    title: str  # "\n" separates the lines of a two-line title
    date: str  # YYYY-MM-DD, the signature date
    place: str = ""  # the region as the prose names it
    contact: str = ""  # e.g. "0746-3221234"

    @property
    def key(self) -> str:
        return hashlib.sha1(f"{VERSION}|{self!r}".encode()).hexdigest()[:16]


@dataclass(frozen=True)
class DecoySpec:
    """A document that is not an annual disclosure report (政府工作报告, 决算, 统计公报 …)."""

    title: str
    paragraphs: tuple[str, ...]
    signer: str
    date: str
    table: tuple[tuple[str, ...], ...] = ()

    @property
    def key(self) -> str:
        return hashlib.sha1(f"{VERSION}|{self!r}".encode()).hexdigest()[:16]


def cn_date(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


# ----------------------------------------------------------------------------- prose


def prose(spec: DocSpec, fig: Figures) -> dict[str, list[str]]:
    a, y = spec.agency, spec.year
    q = fig.requests
    intro = (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开"
        f"工作年度报告格式》（国办公开办函〔2021〕30号）要求，由{a}编制。全文包括总体情况、主动公开政府信息"
        f"情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、"
        f"其他需要报告的事项。本报告所列数据统计期限自{y}年1月1日起至{y}年12月31日止。"
        f"本报告电子版可在{spec.place or a}人民政府门户网站政府信息公开专栏查阅。如对本报告有疑问，请与{a}"
        f"政务公开工作机构联系（联系电话：{spec.contact or '0000-0000000'}）。"
    )
    overview = [
        f"{y}年，{a}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《条例》和上级关于政务公开工作的"
        f"部署要求，以公开为常态、不公开为例外，持续深化决策、执行、管理、服务、结果公开，不断提升政务公开质量和实效。",
        f"（一）主动公开情况。全年通过政府门户网站、政务新媒体等平台主动公开政府信息{fig.published_count}条，"
        f"其中机构职能、规范性文件、财政预决算、重大项目、民生保障等重点领域信息均按要求及时公开。",
        f"（二）依申请公开情况。全年新收政府信息公开申请{q['new']['total']}件，上年结转{q['carried_over']['total']}件，"
        f"办结{q['handled_total']['total']}件，结转下年度继续办理{q['carried_forward']['total']}件。"
        f"所有申请均在法定期限内答复。",
        "（三）政府信息管理情况。严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则，"
        "定期开展已公开信息的清理和隐私信息排查，及时更新失效文件。",
        "（四）政府信息公开平台建设情况。持续优化政府门户网站信息公开专栏设置，规范栏目内容保障，"
        "加强政务新媒体管理，确保平台安全平稳运行。",
        "（五）监督保障情况。将政务公开工作纳入年度目标考核，组织开展业务培训，主动接受社会监督，"
        "全年未发生因政府信息公开工作引发的责任追究情况。",
    ]
    problems = [
        f"{y}年，{a}政府信息公开工作虽然取得了一定成效，但仍存在一些不足：一是部分栏目信息更新不够及时；"
        "二是政策解读形式较为单一，图解、视频解读数量偏少；三是工作人员业务能力有待进一步提高。",
        f"{y + 1}年，我们将进一步健全工作机制，加强栏目内容保障，丰富政策解读形式，"
        "加大业务培训力度，不断提升政务公开工作水平。",
    ]
    fee = fig.proactive["fees"]["amount_10k_yuan"]
    other = [
        "本年度未收取政府信息公开信息处理费。" if True else "",
        f"{y}年，认真落实上级政务公开工作要点，按要求完成各项工作任务。",
    ]
    return {
        "intro": [intro],
        "overview": overview,
        "problems": problems,
        "other": other,
        "fee": [fee],
    }


# ----------------------------------------------------------------------------- HTML


def _td(v: object, **attrs: object) -> str:
    a = "".join(f' {k}="{val}"' for k, val in attrs.items())
    return f"<td{a}>{html.escape(str(v))}</td>"


def tables_html(fig: Figures, *, style: str = "") -> str:
    """The three tables of the template, as HTML with the template's merged cells."""
    p = fig.proactive
    t = f'<table border="1" cellspacing="0" cellpadding="0" width="100%"{style}>'
    out = ["<p><strong>二、主动公开政府信息情况</strong></p>", t]

    def head(lbl: str) -> None:
        out.append(f"<tr>{_td(lbl, colspan=4, align='center')}</tr>")

    head("第二十条第（一）项")
    out.append(
        "<tr>"
        + "".join(_td(x) for x in ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"))
        + "</tr>"
    )
    for key, lbl in (("rules", "规章"), ("normative_documents", "行政规范性文件")):
        v = p[key]
        out.append(
            "<tr>"
            + _td(lbl)
            + "".join(_td(v[m]) for m in ("issued", "repealed", "in_force"))
            + "</tr>"
        )
    for art, rows in (
        ("第二十条第（五）项", [("licensing", "行政许可")]),
        ("第二十条第（六）项", [("penalties", "行政处罚"), ("coercion", "行政强制")]),
    ):
        head(art)
        out.append("<tr>" + _td("信息内容") + _td("本年处理决定数量", colspan=3) + "</tr>")
        for key, lbl in rows:
            out.append("<tr>" + _td(lbl) + _td(p[key]["decisions"], colspan=3) + "</tr>")
    head("第二十条第（八）项")
    out.append("<tr>" + _td("信息内容") + _td("本年收费金额（单位：万元）", colspan=3) + "</tr>")
    out.append(
        "<tr>" + _td("行政事业性收费") + _td(p["fees"]["amount_10k_yuan"], colspan=3) + "</tr>"
    )
    out.append("</table>")

    q = fig.requests
    out += ["<p><strong>三、收到和处理政府信息公开申请情况</strong></p>", t]
    out.append(
        "<tr>"
        + _td(
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            colspan=3,
            rowspan=3,
        )
        + _td("申请人情况", colspan=7)
        + "</tr>"
    )
    out.append(
        "<tr>"
        + _td("自然人", rowspan=2)
        + _td("法人或其他组织", colspan=5)
        + _td("总计", rowspan=2)
        + "</tr>"
    )
    out.append(
        "<tr>"
        + "".join(_td(x) for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"))
        + "</tr>"
    )

    def vals(row: str) -> str:
        return "".join(_td(q[row][c]) for c in [*COLS, "total"])

    out.append("<tr>" + _td("一、本年新收政府信息公开申请数量", colspan=3) + vals("new") + "</tr>")
    out.append(
        "<tr>" + _td("二、上年结转政府信息公开申请数量", colspan=3) + vals("carried_over") + "</tr>"
    )
    groups = [
        ("（一）予以公开", [("granted", None)]),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [("partly_granted", None)]),
        (
            "（三）不予公开",
            [
                ("denied_state_secret", "1.属于国家秘密"),
                ("denied_law_prohibited", "2.其他法律行政法规禁止公开"),
                ("denied_security_stability", "3.危及“三安全一稳定”"),
                ("denied_third_party", "4.保护第三方合法权益"),
                ("denied_internal_affairs", "5.属于三类内部事务信息"),
                ("denied_process_info", "6.属于四类过程性信息"),
                ("denied_enforcement_file", "7.属于行政执法案卷"),
                ("denied_admin_query", "8.属于行政查询事项"),
            ],
        ),
        (
            "（四）无法提供",
            [
                ("unavailable_not_held", "1.本机关不掌握相关政府信息"),
                ("unavailable_needs_creation", "2.没有现成信息需要另行制作"),
                ("unavailable_unclear", "3.补正后申请内容仍不明确"),
            ],
        ),
        (
            "（五）不予处理",
            [
                ("rejected_petition", "1.信访举报投诉类申请"),
                ("rejected_duplicate", "2.重复申请"),
                ("rejected_publication", "3.要求提供公开出版物"),
                ("rejected_excessive", "4.无正当理由大量反复申请"),
                ("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息"),
            ],
        ),
        (
            "（六）其他处理",
            [
                (
                    "other_no_correction",
                    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                ),
                (
                    "other_unpaid_fee",
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                ),
                ("other_other", "3.其他"),
            ],
        ),
        ("（七）总计", [("handled_total", None)]),
    ]
    first = True
    for glabel, rows in groups:
        for i, (code, lbl) in enumerate(rows):
            cells = ""
            if first:
                cells += _td("三、本年度办理结果", rowspan=22)
                first = False
            if lbl is None:
                cells += _td(glabel, colspan=2)
            else:
                if i == 0:
                    cells += _td(glabel, rowspan=len(rows))
                cells += _td(lbl)
            out.append("<tr>" + cells + vals(code) + "</tr>")
    out.append(
        "<tr>" + _td("四、结转下年度继续办理", colspan=3) + vals("carried_forward") + "</tr>"
    )
    out.append("</table>")

    a = fig.appeals
    out += ["<p><strong>四、政府信息公开行政复议、行政诉讼情况</strong></p>", t]
    out.append("<tr>" + _td("行政复议", colspan=5) + _td("行政诉讼", colspan=10) + "</tr>")
    out.append(
        "<tr>"
        + "".join(
            _td(x, rowspan=2) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
        )
        + _td("未经复议直接起诉", colspan=5)
        + _td("复议后起诉", colspan=5)
        + "</tr>"
    )
    out.append(
        "<tr>"
        + "".join(_td(x) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2)
        + "</tr>"
    )
    out.append(
        "<tr>"
        + "".join(
            _td(a[g][m])
            for g in ("review", "litigation_direct", "litigation_after_review")
            for m in ("upheld", "corrected", "other", "pending", "total")
        )
        + "</tr>"
    )
    out.append("</table>")
    return "\n".join(out)


def report_html(spec: DocSpec, *, title: bool = True, table_style: str = "") -> str:
    """The report as an HTML fragment (title, prose, the three tables, signature)."""
    fig = figures(spec.agency, spec.year)
    check(fig)
    pr = prose(spec, fig)
    e = html.escape
    out = []
    if title:
        for line in spec.title.split("\n"):
            out.append(f'<p style="text-align:center"><strong>{e(line)}</strong></p>')
    out += [f"<p>{e(x)}</p>" for x in pr["intro"]]
    out.append("<p><strong>一、总体情况</strong></p>")
    out += [f"<p>{e(x)}</p>" for x in pr["overview"]]
    out.append(tables_html(fig, style=table_style))
    out.append("<p><strong>五、存在的主要问题及改进情况</strong></p>")
    out += [f"<p>{e(x)}</p>" for x in pr["problems"]]
    out.append("<p><strong>六、其他需要报告的事项</strong></p>")
    out += [f"<p>{e(x)}</p>" for x in pr["other"]]
    out.append(f'<p style="text-align:right">{e(spec.agency)}</p>')
    out.append(f'<p style="text-align:right">{cn_date(spec.date)}</p>')
    return "\n".join(out)


def decoy_html(spec: DecoySpec, *, title: bool = True) -> str:
    e = html.escape
    out = [f'<p style="text-align:center"><strong>{e(spec.title)}</strong></p>'] if title else []
    out += [f"<p>{e(x)}</p>" for x in spec.paragraphs]
    if spec.table:
        out.append('<table border="1" cellspacing="0">')
        for row in spec.table:
            out.append("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>")
        out.append("</table>")
    out.append(
        f'<p style="text-align:right">{e(spec.signer)}</p><p style="text-align:right">{cn_date(spec.date)}</p>'
    )
    return "\n".join(out)


# ----------------------------------------------------------------------------- DOCX


def _set(cell, value: object) -> None:
    cell.text = str(value)
    for p in cell.paragraphs:
        p.alignment = 1


def _para_after(par, text: str, *, align: int | None = None):
    from docx.text.paragraph import Paragraph

    new = copy.deepcopy(par._p)
    for r in list(new):
        if (
            r.tag.endswith("}r")
            or r.tag.endswith("}hyperlink")
            or r.tag.endswith("}bookmarkStart")
            or r.tag.endswith("}bookmarkEnd")
        ):
            new.remove(r)
    par._p.addnext(new)
    p = Paragraph(new, par._parent)
    p.add_run(text)
    if align is not None:
        p.alignment = align
    return p


def report_docx(spec: DocSpec, path: Path) -> None:
    import docx

    fig = figures(spec.agency, spec.year)
    check(fig)
    pr = prose(spec, fig)
    d = docx.Document(str(TEMPLATE))
    ps = d.paragraphs
    title = ps[1]
    for r in title.runs[1:]:
        r._r.getparent().remove(r._r)
    lines = spec.title.split("\n")
    title.runs[0].text = lines[0]
    for line in lines[1:]:
        run = title.add_run()
        run.add_break()
        run.add_text(line)
    ps[2].add_run(pr["intro"][0])
    ps[4].runs[0].text = pr["overview"][0] if ps[4].runs else ""
    for r in ps[4].runs[1:]:
        r.text = ""
    last = ps[4]
    for txt in pr["overview"][1:]:
        last = _para_after(last, txt)
    ps[29].runs[0].text = pr["problems"][0]
    for r in ps[29].runs[1:]:
        r.text = ""
    _para_after(ps[29], pr["problems"][1])
    ps[31].runs[0].text = pr["other"][0]
    for r in ps[31].runs[1:]:
        r.text = ""
    _para_after(ps[31], pr["other"][1])
    sig = d.add_paragraph(spec.agency)
    sig.alignment = 2
    dt = d.add_paragraph(cn_date(spec.date))
    dt.alignment = 2

    t2, t3, t4 = d.tables
    p = fig.proactive
    for ri, key in ((2, "rules"), (3, "normative_documents")):
        for ci, m in enumerate(("issued", "repealed", "in_force"), start=1):
            _set(t2.rows[ri].cells[ci], p[key][m])
    for ri, key in ((6, "licensing"), (9, "penalties"), (10, "coercion")):
        _set(t2.rows[ri].cells[1], p[key]["decisions"])
    _set(t2.rows[13].cells[1], p["fees"]["amount_10k_yuan"])
    from .numbers import ROWS

    q = fig.requests
    for i, row in enumerate(ROWS):
        cells = t3.rows[3 + i].cells
        for j, c in enumerate([*COLS, "total"]):
            _set(cells[3 + j], q[row][c])
    a = fig.appeals
    vals = [
        a[g][m]
        for g in ("review", "litigation_direct", "litigation_after_review")
        for m in ("upheld", "corrected", "other", "pending", "total")
    ]
    for j, v in enumerate(vals):
        _set(t4.rows[3].cells[j], v)
    d.core_properties.title = spec.title.replace("\n", "")
    d.core_properties.author = spec.agency
    d.save(str(path))


def decoy_docx(spec: DecoySpec, path: Path) -> None:
    import docx

    d = docx.Document()
    h = d.add_paragraph(spec.title)
    h.alignment = 1
    for x in spec.paragraphs:
        d.add_paragraph(x)
    if spec.table:
        t = d.add_table(rows=len(spec.table), cols=len(spec.table[0]))
        t.style = "Table Grid"
        for i, row in enumerate(spec.table):
            for j, c in enumerate(row):
                t.cell(i, j).text = c
    s = d.add_paragraph(spec.signer)
    s.alignment = 2
    s2 = d.add_paragraph(cn_date(spec.date))
    s2.alignment = 2
    d.core_properties.title = spec.title
    d.save(str(path))


# ----------------------------------------------------------------------------- cache


class Docs:
    """Binary documents by (spec, format). ``get`` returns the cached bytes, or records the
    need and returns b"" (a first pass); ``render_missing`` then makes them all at once."""

    def __init__(self, cache: Path = CACHE) -> None:
        self.cache = cache
        cache.mkdir(parents=True, exist_ok=True)
        self.missing: dict[tuple[str, str], object] = {}

    def path(self, spec, fmt: str) -> Path:
        return self.cache / f"{spec.key}.{fmt}"

    def get(self, spec, fmt: str) -> bytes:
        p = self.path(spec, fmt)
        if p.exists():
            return p.read_bytes()
        self.missing[(spec.key, fmt)] = spec
        return b""

    def render_missing(self) -> int:
        if not self.missing:
            return 0
        need_docx = {spec.key: spec for (k, fmt), spec in self.missing.items()}
        for key, spec in need_docx.items():
            p = self.cache / f"{key}.docx"
            if not p.exists():
                tmp = p.with_suffix(".tmp.docx")
                (report_docx if isinstance(spec, DocSpec) else decoy_docx)(spec, tmp)
                tmp.rename(p)
        for fmt, filt in (("pdf", "pdf"), ("doc", "doc:MS Word 97")):
            todo = [self.cache / f"{k}.docx" for (k, f) in self.missing if f == fmt]
            if todo:
                self._convert(todo, filt, fmt)
        n = len(self.missing)
        still = [k for k in self.missing if not (self.cache / f"{k[0]}.{k[1]}").exists()]
        assert not still, f"not rendered: {still}"
        self.missing.clear()
        return n

    def _convert(self, paths: list[Path], filt: str, fmt: str) -> None:
        with tempfile.TemporaryDirectory(prefix="w15lo_") as td:
            prof = Path(td) / "profile"
            out = Path(td) / "out"
            out.mkdir()
            cmd = [
                env("GONGKAI_SOFFICE"),
                f"-env:UserInstallation=file://{prof}",
                "--headless",
                "--norestore",
                "--convert-to",
                filt,
                "--outdir",
                str(out),
                *map(str, paths),
            ]
            subprocess.run(cmd, check=True, capture_output=True, timeout=600)
            for p in paths:
                src = out / f"{p.stem}.{fmt}"
                shutil.move(str(src), str(self.cache / f"{p.stem}.{fmt}"))
