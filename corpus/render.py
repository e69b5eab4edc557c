"""Render a canonical report as the bytes of one published form.

Forms: ``html`` (UTF-8), ``html-gbk``, ``html-soup`` (site chrome, nested markup, spans
everywhere), ``docx`` (the official 2021 Word template, merges kept), ``pdf`` and ``doc`` (the
DOCX converted by LibreOffice through ``pipelines.parse.soffice``), and the three text layouts
of the seeds: ``text-cells`` (one cell per line), ``text-markdown``, ``text-tabs``.

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
    "html", "html-gbk", "html-soup", "docx", "pdf", "doc",
    "text-cells", "text-markdown", "text-tabs",
)
#: file extension per form, as a server would name the file
EXTENSIONS = {"html": "html", "html-gbk": "html", "html-soup": "html", "docx": "docx",
              "pdf": "pdf", "doc": "doc", "text-cells": "txt", "text-markdown": "txt",
              "text-tabs": "txt"}

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


def outline(report: dict[str, Any], rng: random.Random) -> list[Item]:
    """The document in reading order, shared by every renderer."""
    year = report["year"]
    agency = report["agency"]
    sections = report.get("sections") or {}
    intro = (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》"
        f"（国办公开办函〔2021〕30号）要求，由{agency}编制。"
        f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
        f"如对本报告有疑问，请与{agency}办公室联系（电话：0{rng.randint(100, 999)}-{rng.randint(1000000, 9999999)}）。"
    )
    items = [Item("title", title_of(report)), Item("para", intro)]
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
    out = ['<table border="1" cellspacing="0" cellpadding="0"' + (' style="border-collapse:collapse;width:100%"' if soup else "") + ">"]
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
                    text = htmllib.escape(span.text[:cut]) + "<br/>" + htmllib.escape(span.text[cut:])
                if not text:
                    text = "&nbsp;" if rng.random() < 0.5 else ""
                text = (f'<p style="text-align:center;line-height:20px"><span style="font-family:仿宋_GB2312;'
                        f'font-size:14px">{text}</span></p>')
                attrs += ' valign="middle" style="border:1px solid #000"'
            out.append(f"<td{attrs}>{text}</td>")
        out.append("</tr>")
    if soup and "<tbody>" in out:
        out.append("</tbody>")
    out.append("</table>")
    return "\n".join(out)


def _html(report: dict[str, Any], rng: random.Random, charset: str, soup: bool) -> bytes:
    fmt = _formatter(rng)
    grids = tables(report, fmt)
    title = title_of(report)
    body: list[str] = []
    for item in outline(report, rng):
        text = htmllib.escape(item.text)
        if item.kind == "title":
            body.append(f"<h1>{text}</h1>" if not soup else
                        f'<p style="text-align:center"><strong><span style="font-size:22px">{text}</span></strong></p>')
        elif item.kind == "heading":
            body.append(f"<h2>{text}</h2>" if not soup else f"<p><strong>{text}</strong></p>")
        elif item.kind == "table":
            body.append(_html_table(grids[item.table], rng, soup))
        elif item.kind == "sign":
            body.append(f'<p style="text-align:right">{text}</p>')
        else:
            body.append(f"<p>{'&nbsp;' * 4 if soup else ''}{text}</p>")
    article = "\n".join(body)
    meta = f'<meta charset="{charset}">' if rng.random() < 0.5 else (
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">')
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
    grids = tables(report, fmt)
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
    outer.append(parse_xml(
        f'<w:tblPr {nsdecls("w")}><w:tblW w:w="{width + 200}" w:type="dxa"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/></w:tblPr>'))
    outer.append(parse_xml(f'<w:tblGrid {nsdecls("w")}><w:gridCol w:w="{width + 200}"/></w:tblGrid>'))
    tc.append(parse_xml(f'<w:tcPr {nsdecls("w")}><w:tcW w:w="{width + 200}" w:type="dxa"/></w:tcPr>'))
    outer.append(tr)
    tr.append(tc)
    tc.append(tbl)
    tc.append(OxmlElement("w:p"))  # a cell must end with a paragraph


def _docx(report: dict[str, Any], rng: random.Random, set_title: bool | None = None, **options: Any) -> bytes:
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
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
        raise ValueError("wps cannot be rendered: LibreOffice has no WPS export filter (see module docstring)")
    raise ValueError(f"unknown form {form!r} (known: {', '.join(FORMS)})")
