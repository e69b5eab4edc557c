"""Render a canonical report as the bytes of one published form.

Forms: ``html`` (UTF-8), ``html-gbk``, ``html-soup`` (site chrome, nested markup, spans
everywhere), ``docx`` (the official 2021 Word template, merges kept; a 2019-edition report is
built from scratch with the same merges), ``pdf`` and ``doc`` (the DOCX converted by
LibreOffice through ``pipelines.parse.soffice``), and the three text layouts of the seeds:
``text-cells`` (one cell per line), ``text-markdown``, ``text-tabs``.

A 2019-edition report (``format`` "2019") gets that edition's tables, a title that may say
2019年度 or put the year first, and an introduction that may name neither the 〔2019〕60号
notice nor the 统计期限: as older reports do, the year is then in the title only.

``wps`` is not offered: LibreOffice imports Kingsoft's WPS files but has no filter that writes
them, and a DOC relabelled as WPS would only test our own labelling.
"""

from __future__ import annotations

import html as htmllib
import io
import random
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from corpus.layout import Span, expand, tables
from gongkai import vocabulary as v

FORMS: tuple[str, ...] = (
    "html",
    "html-gbk",
    "html-soup",
    "docx",
    "pdf",
    "doc",
    "text-cells",
    "text-markdown",
    "text-tabs",
)
#: file extension per form, as a server would name the file
EXTENSIONS = {
    "html": "html",
    "html-gbk": "html",
    "html-soup": "html",
    "docx": "docx",
    "pdf": "pdf",
    "doc": "doc",
    "text-cells": "txt",
    "text-markdown": "txt",
    "text-tabs": "txt",
}

_SECTION_TEXT = {"overview": "overview", "problems": "problems", "other": "other"}


@dataclass(frozen=True, slots=True)
class Item:
    kind: str  # title, para, heading, table, sign
    text: str = ""
    table: int = -1


def title_of(report: dict[str, Any]) -> str:
    return f"{report['agency']}{report['year']}年政府信息公开工作年度报告"


def _cn_date(iso: str, rng: random.Random) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    if rng.random() < 0.15:
        digits = "〇一二三四五六七八九"

        def num(n: int) -> str:
            if n < 10:
                return digits[n]
            return ("十" if n < 20 else digits[n // 10] + "十") + (digits[n % 10] if n % 10 else "")

        return "".join(digits[int(c)] for c in str(y)) + f"年{num(m)}月{num(d)}日"
    return f"{y}年{m}月{d}日"


def _title_2019(report: dict[str, Any], rng: random.Random) -> str:
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


def _intro(report: dict[str, Any], rng: random.Random) -> str:
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
    title = _title_2019(report, rng) if report.get("format") == "2019" else title_of(report)
    items = [Item("title", title), Item("para", _intro(report, rng))]
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
        sign.append(_cn_date(report["published"], rng))
    items.extend(Item("sign", s) for s in sign)
    return items


def _formatter(rng: random.Random) -> Callable[[Any], str]:
    blank = rng.choice(["", "", "—", "-"])
    return lambda value: blank if value is None else str(value)


# ---------------------------------------------------------------- HTML


def _html_table(rows: list[list[Span]], rng: random.Random, soup: bool) -> str:
    out = [
        '<table border="1" cellspacing="0" cellpadding="0"'
        + (' style="border-collapse:collapse;width:100%"' if soup else "")
        + ">"
    ]
    if soup and rng.random() < 0.5:
        out.append("<tbody>")
    for row in rows:
        out.append("<tr>")
        for span in row:
            attrs = ""
            if span.rowspan > 1:
                attrs += f' rowspan="{span.rowspan}"'
            if span.colspan > 1:
                attrs += f" colspan={span.colspan}"
            text = htmllib.escape(span.text)
            if soup:
                if not span.is_value and len(span.text) > 6 and rng.random() < 0.3:
                    cut = rng.randint(2, len(span.text) - 2)
                    text = (
                        htmllib.escape(span.text[:cut]) + "<br/>" + htmllib.escape(span.text[cut:])
                    )
                if not text:
                    text = "&nbsp;" if rng.random() < 0.5 else ""
                text = (
                    f'<p style="text-align:center;line-height:20px"><span style="font-family:仿宋_GB2312;'
                    f'font-size:14px">{text}</span></p>'
                )
                attrs += ' valign="middle" style="border:1px solid #000"'
            out.append(f"<td{attrs}>{text}</td>")
        out.append("</tr>")
    if soup and "<tbody>" in out:
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _html(report: dict[str, Any], rng: random.Random, charset: str, soup: bool) -> bytes:
    fmt = _formatter(rng)
    grids = tables(report, fmt, rng)
    items = outline(report, rng)
    title = items[0].text
    body: list[str] = []
    for item in items:
        text = htmllib.escape(item.text)
        if item.kind == "title":
            body.append(
                f"<h1>{text}</h1>"
                if not soup
                else f'<p style="text-align:center"><strong><span style="font-size:22px">{text}</span></strong></p>'
            )
        elif item.kind == "heading":
            body.append(f"<h2>{text}</h2>" if not soup else f"<p><strong>{text}</strong></p>")
        elif item.kind == "table":
            body.append(_html_table(grids[item.table], rng, soup))
        elif item.kind == "sign":
            body.append(f'<p style="text-align:right">{text}</p>')
        else:
            body.append(f"<p>{'&nbsp;' * 4 if soup else ''}{text}</p>")
    article = "\n".join(body)
    meta = (
        f'<meta charset="{charset}">'
        if rng.random() < 0.5
        else (f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
    )
    if soup:
        published = report.get("published") or ""
        site = rng.choice(["人民政府门户网站", "政府信息公开网"])
        page = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head>{meta}<title>{htmllib.escape(title)}_{site}</title>
<meta name="PubDate" content="{published} 09:{rng.randint(10, 59)}">
<style>.nav li{{float:left}}</style><script>var _hmt=_hmt||[];</script></head>
<body><div class="header"><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk/">政务公开</a></li>
<li><a href="/hdjl/">互动交流</a></li><li><a href="/bsfw/">办事服务</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政府信息公开</a> &gt; 年度报告</div>
<div class="main"><div class="sidebar"><h3>信息公开</h3><ul><li>信息公开指南</li><li>信息公开制度</li>
<li>法定主动公开内容</li><li>信息公开年报</li></ul></div>
<div class="content"><div class="info">发布时间：{published} 来源：{htmllib.escape(report["agency"])} 浏览次数：{rng.randint(10, 900)}</div>
<div class="TRS_Editor"><div class="Custom_UnionStyle">
{article}
</div></div></div></div>
<div class="footer"><p>主办单位：{htmllib.escape(report["agency"])} 版权所有</p><p>网站标识码：{rng.randint(1000000000, 9999999999)}</p></div>
</body></html>"""
    else:
        page = f"<!DOCTYPE html>\n<html><head>{meta}<title>{htmllib.escape(title)}</title></head>\n<body>\n{article}\n</body></html>\n"
    return page.encode(charset)


# ---------------------------------------------------------------- text layouts


def _text(report: dict[str, Any], rng: random.Random, layout: str) -> bytes:
    fmt = _formatter(rng)
    grids = tables(report, fmt, rng)
    lines: list[str] = []
    for item in outline(report, rng):
        if item.kind != "table":
            lines.append(item.text)
            if layout != "text-cells":
                lines.append("")
            continue
        rows = grids[item.table]
        if layout == "text-cells":
            for row in rows:
                for span in row:
                    text = span.text
                    if not span.is_value and 4 <= len(text) <= 6 and rng.random() < 0.3:
                        text = text[:2] + "\n" + text[2:]
                    lines.append("\t" + text)
                lines.append("")
            continue
        grid = expand(rows)
        for i, cells in enumerate(grid):
            texts = [c.text if c is not None else "" for c in cells]
            if layout == "text-tabs":
                lines.append("\t".join(texts))
            else:
                lines.append("| " + " | ".join(texts) + " |")
                if i == 0:
                    lines.append("|" + "|".join("---" for _ in texts) + "|")
        lines.append("")
    return ("\n".join(lines) + "\n").encode("utf-8")


# ---------------------------------------------------------------- DOCX from the official template


def template_bytes() -> bytes:
    return resources.files("corpus").joinpath("template_2021.docx").read_bytes()


def _choose(options: dict[str, Any], name: str, rng: random.Random, p: float) -> bool:
    value = options.get(name)
    return bool(value) if value is not None else rng.random() < p


def _wrap_in_layout_table(tbl: Any) -> None:
    """Put a table inside the single cell of a borderless layout table, as some CMS exports do."""
    from docx.oxml import OxmlElement, parse_xml
    from docx.oxml.ns import nsdecls, qn

    width = sum(int(col.get(qn("w:w"), "0")) for col in tbl.iter(qn("w:gridCol"))) or 9740
    outer = OxmlElement("w:tbl")
    tr = OxmlElement("w:tr")
    tc = OxmlElement("w:tc")
    tbl.addprevious(outer)
    outer.append(
        parse_xml(
            f'<w:tblPr {nsdecls("w")}><w:tblW w:w="{width + 200}" w:type="dxa"/><w:jc w:val="center"/>'
            '<w:tblLayout w:type="fixed"/></w:tblPr>'
        )
    )
    outer.append(
        parse_xml(f'<w:tblGrid {nsdecls("w")}><w:gridCol w:w="{width + 200}"/></w:tblGrid>')
    )
    tc.append(
        parse_xml(f'<w:tcPr {nsdecls("w")}><w:tcW w:w="{width + 200}" w:type="dxa"/></w:tcPr>')
    )
    outer.append(tr)
    tr.append(tc)
    tc.append(tbl)
    tc.append(OxmlElement("w:p"))  # a cell must end with a paragraph


def _docx_template(
    report: dict[str, Any], rng: random.Random, options: dict[str, Any]
) -> tuple[Any, list[Item]]:
    """The official 2021 Word template filled in (its tables keep the template's merges)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.text.paragraph import Paragraph as DocxParagraph

    document = docx.Document(io.BytesIO(template_bytes()))
    fmt = _formatter(rng)
    items = outline(report, rng)
    by_heading: dict[str, list[str]] = {}
    current = ""
    for item in items:
        if item.kind == "heading":
            current = item.text
            by_heading[current] = []
        elif item.kind == "para" and current:
            by_heading[current].append(item.text)

    def after(par: DocxParagraph, text: str, align: Any = None) -> DocxParagraph:
        new = OxmlElement("w:p")
        par._p.addnext(new)
        para = DocxParagraph(new, par._parent)
        para.add_run(text)
        if align is not None:
            para.alignment = align
        return para

    paragraphs = list(document.paragraphs)
    heading = None
    for par in paragraphs:
        text = par.text.strip()
        if text == "政府信息公开工作年度报告格式模板":
            for run in par.runs[1:]:
                run._r.getparent().remove(run._r)
            par.runs[0].text = items[0].text
            after(par, items[1].text)
        elif text in by_heading:
            heading = text
        elif text.startswith("（文字描述") and heading:
            texts = by_heading.get(heading) or ["无。"]
            for run in par.runs[1:]:
                run._r.getparent().remove(run._r)
            par.runs[0].text = texts[0]
            last = par
            for extra in texts[1:]:
                last = after(last, extra)
    last_par = document.paragraphs[-1]
    for item in items:
        if item.kind == "sign":
            last_par = after(last_par, item.text, WD_ALIGN_PARAGRAPH.RIGHT)

    grids = tables(report, fmt)
    centre = _choose(options, "center_values", rng, 0.7)
    for table, rows in zip(document.tables, grids, strict=True):
        for r, cells in enumerate(expand(rows)):
            for c, span in enumerate(cells):
                if span is not None and span.is_value:
                    cell = table.cell(r, c)
                    cell.text = span.text
                    if centre:
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    return document, items


def _origins(rows: list[list[Span]]) -> list[tuple[int, int, Span]]:
    """(row, column, span) of every origin cell, placed as ``expand`` places them."""
    grid = expand(rows)
    return [
        (r, c, span)
        for r, cells in enumerate(grid)
        for c, span in enumerate(cells)
        if span is not None
    ]


#: Column widths (cm) of the built 2019 tables: label columns wider than value columns.
_WIDTHS_2019 = ([5.0, 4.0, 4.0, 4.0], [2.0, 2.6, 4.6, *[1.2] * 7], [1.15] * 15)


def _docx_built(
    report: dict[str, Any], rng: random.Random, options: dict[str, Any]
) -> tuple[Any, list[Item]]:
    """A 2019-edition report as a Word document built from scratch (there is no 2019 template
    file here): the same outline, tables from the span grids with their merges, every cell
    bordered on its own (so the ``borders`` options act as on the template)."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(1.6)
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")
    fmt = _formatter(rng)
    items = outline(report, rng)
    grids = tables(report, fmt, rng)
    centre = _choose(options, "center_values", rng, 0.7)
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right")
    )
    for item in items:
        if item.kind == "title":
            par = document.add_paragraph()
            par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = par.add_run(item.text)
            run.bold, run.font.size = True, Pt(16)
        elif item.kind == "heading":
            document.add_paragraph().add_run(item.text).bold = True
        elif item.kind == "sign":
            document.add_paragraph(item.text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif item.kind == "para":
            document.add_paragraph(item.text)
        else:
            rows = grids[item.table]
            grid = expand(rows)
            table = document.add_table(rows=len(grid), cols=len(grid[0]))
            table.autofit = False
            for c, width in enumerate(_WIDTHS_2019[item.table]):
                table.columns[c].width = Cm(width)
                for cell in table.columns[c].cells:
                    cell.width = Cm(width)
            for r, c, span in _origins(rows):
                cell = table.cell(r, c)
                if span.rowspan > 1 or span.colspan > 1:
                    cell = cell.merge(table.cell(r + span.rowspan - 1, c + span.colspan - 1))
                par = cell.paragraphs[0]
                par.add_run(span.text).font.size = Pt(9)
                if (centre and span.is_value) or span.colspan > 2:
                    par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for tc in table._tbl.iter(qn("w:tc")):
                tc.get_or_add_tcPr().append(
                    parse_xml(f"<w:tcBorders {nsdecls('w')}>{border}</w:tcBorders>")
                )
    return document, items


def _docx(
    report: dict[str, Any], rng: random.Random, set_title: bool | None = None, **options: Any
) -> bytes:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    if report.get("format") == "2019":
        document, items = _docx_built(report, rng, options)
    else:
        document, items = _docx_template(report, rng, options)
    if set_title if set_title is not None else rng.random() < 0.5:
        document.core_properties.title = items[0].text
    tbls = [t._tbl for t in document.tables]
    if not _choose(options, "borders", rng, 0.85):
        for tbl in tbls:
            for node in tbl.iter(qn("w:tcBorders")):
                node.getparent().remove(node)
    elif not _choose(options, "outer_sides", rng, 0.85):
        # open sides: no vertical lines at the table's left and right edges
        for tbl in tbls:
            for tr in tbl.findall(qn("w:tr")):
                cells = tr.findall(qn("w:tc"))
                for tc, side in ((cells[0], "w:left"), (cells[-1], "w:right")):
                    for node in tc.iter(qn(side)):
                        if node.getparent().tag == qn("w:tcBorders"):
                            node.getparent().remove(node)
    if _choose(options, "repeat_header", rng, 0.3):
        for tr in tbls[1].findall(qn("w:tr"))[:3]:
            trpr = tr.find(qn("w:trPr"))
            if trpr is None:
                trpr = OxmlElement("w:trPr")
                tr.insert(0, trpr)
            trpr.append(OxmlElement("w:tblHeader"))
    if _choose(options, "wrap", rng, 0.1):
        for tbl in tbls:
            _wrap_in_layout_table(tbl)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# ---------------------------------------------------------------- entry point


def render(report: dict[str, Any], form: str, rng: random.Random, **options: Any) -> bytes:
    """The bytes of ``report`` published as ``form`` (see the module docstring)."""
    if form == "html":
        return _html(report, rng, "utf-8", soup=False)
    if form == "html-gbk":
        return _html(report, rng, "gbk", soup=bool(options.get("soup", False)))
    if form == "html-soup":
        return _html(report, rng, options.get("charset", "utf-8"), soup=True)
    if form.startswith("text-"):
        if form not in ("text-cells", "text-markdown", "text-tabs"):
            raise ValueError(f"unknown text layout {form!r}")
        return _text(report, rng, form)
    if form == "docx":
        return _docx(report, rng, **options)
    if form in ("pdf", "doc"):
        from pipelines.parse import soffice

        return soffice.convert(_docx(report, rng, **options), "docx", form)
    if form == "wps":
        raise ValueError(
            "wps cannot be rendered: LibreOffice has no WPS export filter (see module docstring)"
        )
    raise ValueError(f"unknown form {form!r} (known: {', '.join(FORMS)})")
