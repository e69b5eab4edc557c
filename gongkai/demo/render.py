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
import random
from typing import Any

from gongkai.demo.layout import Span, expand, tables
from gongkai.demo.outline import (
    formatter,
    outline,
)
from gongkai.demo.render_docx import render_docx

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
    fmt = formatter(rng)
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
    fmt = formatter(rng)
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
        return render_docx(report, rng, **options)
    if form in ("pdf", "doc"):
        from pipelines.parse import soffice

        return soffice.convert(render_docx(report, rng, **options), "docx", form)
    if form == "wps":
        raise ValueError(
            "wps cannot be rendered: LibreOffice has no WPS export filter (see module docstring)"
        )
    raise ValueError(f"unknown form {form!r} (known: {', '.join(FORMS)})")
