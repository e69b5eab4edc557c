"""A canonical report as a DOCX: the official 2021 Word template filled in (merges kept), or a
2019-edition report built with the same merges; borders, header repeats and wrapping tables vary."""

from __future__ import annotations

import io
import random
from importlib import resources
from typing import Any

from gongkai.demo.layout import Span, expand, tables
from gongkai.demo.outline import Item, formatter, outline


def template_bytes() -> bytes:
    return resources.files("gongkai.demo").joinpath("template_2021.docx").read_bytes()


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
    fmt = formatter(rng)
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
    fmt = formatter(rng)
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


def render_docx(
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
