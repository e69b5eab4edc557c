"""Grids of spanning cells → HTML and WordprocessingML, with the markup real documents carry:
figures split across ``<span>``/``<p>``/``<br>`` or Word runs, ``&nbsp;`` padding, tables
nested in layout tables or set in Word text boxes."""

from __future__ import annotations

import html as htmlmod
import io
import random
import zipfile
from dataclasses import replace
from typing import Any

from tests.parse.variety.tables import C, Grid, Style

Value = Any


def origins(grid: Grid) -> dict[tuple[int, int], tuple[int, int]]:
    """Every grid position → the position of the cell that covers it."""
    out: dict[tuple[int, int], tuple[int, int]] = {}
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in out:
                c += 1
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    out[(r + dr, c + dc)] = (r, c)
            c += cell.cs
    return out


def cut_grid(grid: Grid, at: int) -> tuple[Grid, Grid]:
    """Rows before ``at`` and rows from ``at`` on, each a grid of its own: a row span crossing
    the cut ends above it and starts again (same text) below it."""
    org = origins(grid)
    cell_at = {}
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while org.get((r, c)) != (r, c):
                c += 1
            cell_at[(r, c)] = cell
            c += cell.cs
    width = max(c for _, c in org) + 1

    def part(lo: int, hi: int) -> Grid:
        rows: Grid = []
        for r in range(lo, hi):
            row: list[C] = []
            c = 0
            while c < width:
                o = org.get((r, c))
                if o is None:
                    c += 1
                    continue
                cell = cell_at[o]
                if o[1] == c and (o[0] == r or r == lo):
                    top = max(o[0], lo)
                    rs = min(o[0] + cell.rs, hi) - top
                    row.append(replace(cell, rs=rs))
                c += cell.cs if o[1] == c else 1
            rows.append(row)
        return rows

    return part(0, at), part(at, len(grid))


# --- values as text ----------------------------------------------------------------------------


def cell_text(cell: C, truth: dict[str, Any], style: Style) -> str:
    if cell.stack:
        return "\n".join(cell_text(C(key=k), truth, style) for k in cell.stack)
    if cell.key is None:
        words = style.extra.get("synonyms")
        return words.get(cell.text, cell.text) if words else cell.text
    table, row, col = cell.key
    if col == "_subtotal":
        parts = [
            truth[table][row][c]
            for c in ("commercial", "research", "nonprofit", "legal_services", "other_org")
        ]
        return style.num(sum(p for p in parts if p is not None), "count")
    value = truth[table][row][col]
    kind = "signed" if col == "change" else "amount" if isinstance(value, str) else "count"
    return style.num(value, kind)


# --- HTML --------------------------------------------------------------------------------------


def _split_html(text: str, rng: random.Random, value: bool) -> str:
    """One cell's text as the markup a word processor or CMS editor leaves around it."""
    esc = htmlmod.escape
    if not text:
        return rng.choice(["", "&nbsp;", "<p>&nbsp;</p>", "<span>&nbsp;</span>", "<br>"])
    cut = rng.randint(1, len(text) - 1) if len(text) > 1 else 1
    a, b = esc(text[:cut]), esc(text[cut:])
    choices = [
        f"<span>{a}</span><span>{b}</span>",
        f'<p align="center"><span lang="EN-US" style="font-size:10.5pt">{a}</span>'
        f"<span>{b}<o:p></o:p></span></p>",
        f"&nbsp;{esc(text)}&nbsp;",
        f"<p>{esc(text)}</p>\n<p>&nbsp;</p>",
        f'<font face="仿宋_GB2312">{a}</font>{b}',
        f"<b>{esc(text)}</b>",
        f"<p>{a}</p>\n<p>{b}</p>" if value else f"{a}<br>{b}",
        f"{a}<br>{b}" if value and "," in text else f"<span>{esc(text)}</span>",
    ]
    return rng.choice(choices)


def html_table(
    grid: Grid, truth: dict[str, Any], style: Style, *, split: bool, markup: bool = False
) -> str:
    """``markup``: the table as editors export it: header rows in ``<thead>`` as ``<th>``, a
    ``<caption>`` and ``<colgroup>``, and Word's trailing row of empty width-setting cells."""
    out = ['<table border="1" cellspacing="0" cellpadding="0" style="border-collapse:collapse">']
    width = max(c for _, c in origins(grid)) + 1
    head = 0
    if markup:
        out.append(
            f"<caption>（单位：件）</caption><colgroup>{'<col width=48>' * width}</colgroup>"
        )
        while head < len(grid) - 1 and not any(c.key or c.stack for c in grid[head]):
            head += 1
        out.append("<thead>" if head else "<tbody>")
    for r, row in enumerate(grid):
        if markup and head and r == head:
            out.append("</thead><tbody>")
        out.append("<tr>")
        tag = "th" if markup and r < head else "td"
        for cell in row:
            text = cell_text(cell, truth, style)
            attrs = (f' rowspan="{cell.rs}"' if cell.rs > 1 else "") + (
                f' colspan="{cell.cs}"' if cell.cs > 1 else ""
            )
            if "\n" in text:  # lines of one cell: <br> or a paragraph each
                lines = [htmlmod.escape(t) for t in text.split("\n")]
                body = (
                    "<br>".join(lines)
                    if style.rng.random() < 0.5
                    else "".join(f"<p>{t}</p>" for t in lines)
                )
            elif split:
                body = _split_html(text, style.rng, cell.key is not None)
            else:
                body = htmlmod.escape(text)
            out.append(f"<{tag}{attrs}>{body}</{tag}>")
        out.append("</tr>\n")
    if markup:
        out.append(
            "<tr height=0>" + "<td width=48 style='border:none'></td>" * width + "</tr></tbody>"
        )
    out.append("</table>")
    return "".join(out)


def html_page(
    title: str,
    items: list[tuple[str, Any]],
    truth: dict[str, Any],
    style: Style,
    *,
    split: bool = False,
    layout_table: bool = False,
    markup: bool = False,
) -> bytes:
    """``items``: ("p", text) or ("table", grid) in reading order."""
    parts = []
    for kind, item in items:
        if kind == "p":
            parts.append(f'<p style="text-indent:2em">{htmlmod.escape(item)}</p>')
        else:
            table = html_table(item, truth, style, split=split, markup=markup)
            if layout_table:
                table = f'<table width="100%"><tr><td align="center">{table}</td></tr></table>'
            parts.append(table)
    page = (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{htmlmod.escape(title)}</title></head>'
        f'<body><div class="main"><h1>{htmlmod.escape(title)}</h1><div id="zoom">{"".join(parts)}</div></div>'
        "</body></html>"
    )
    return page.encode("utf-8")


# --- DOCX --------------------------------------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = (
    f'xmlns:w="{_W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"'
)


def _run(text: str) -> str:
    return f'<w:r><w:rPr><w:rFonts w:eastAsia="仿宋"/><w:sz w:val="21"/></w:rPr><w:t xml:space="preserve">{htmlmod.escape(text)}</w:t></w:r>'


def _para(text: str, *, center: bool = False) -> str:
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    return f"<w:p>{ppr}{_run(text) if text else ''}</w:p>"


def _split_runs(text: str, rng: random.Random) -> str:
    """A cell's paragraphs with the text cut into runs, proofing marks and bookmarks between."""
    if len(text) < 2:
        return _para(text, center=True)
    cut = rng.randint(1, len(text) - 1)
    a, b = text[:cut], text[cut:]
    choice = rng.randrange(4)
    if choice == 0:
        return f'<w:p>{_run(a)}<w:proofErr w:type="spellStart"/>{_run(b)}<w:proofErr w:type="spellEnd"/></w:p>'
    if choice == 1:
        return (
            f'<w:p><w:bookmarkStart w:id="{rng.randint(1, 999)}" w:name="_Hlk{rng.randint(1, 9999)}"/>{_run(a)}'
            f'<w:bookmarkEnd w:id="0"/>{_run(b)}</w:p>'
        )
    if choice == 2:
        return _para(a) + _para(b)
    return _para("") + _para(text, center=True)


def _widths(grid: Grid, width: int, page: int = 9600) -> list[int]:
    """Column widths (twips) filling the page: figures narrow, labels sharing the rest."""
    org = origins(grid)
    figures = set()
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while org.get((r, c)) != (r, c):
                c += 1
            if cell.key is not None or cell.stack:
                figures.add(c)
            c += cell.cs
    each = min(900, page // max(1, width))
    labels = width - len(figures)
    rest = (page - each * len(figures)) // labels if labels else each
    return [each if c in figures else rest for c in range(width)]


def docx_table(grid: Grid, truth: dict[str, Any], style: Style, *, split: bool) -> str:
    org = origins(grid)
    width = max(c for _, c in org) + 1
    rows_n = max(r for r, _ in org) + 1
    cells: dict[tuple[int, int], C] = {}
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while org.get((r, c)) != (r, c):
                c += 1
            cells[(r, c)] = cell
            c += cell.cs
    out = [
        '<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>'
        + "".join(
            f'<w:{s} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
            for s in ("top", "left", "bottom", "right", "insideH", "insideV")
        )
        + "</w:tblBorders></w:tblPr><w:tblGrid>"
        + "".join(f'<w:gridCol w:w="{w}"/>' for w in _widths(grid, width))
        + "</w:tblGrid>"
    ]
    for r in range(rows_n):
        out.append("<w:tr>")
        c = 0
        while c < width:
            o = org.get((r, c))
            if o is None:
                out.append("<w:tc><w:p/></w:tc>")
                c += 1
                continue
            cell = cells[o]
            span = f'<w:gridSpan w:val="{cell.cs}"/>' if cell.cs > 1 else ""
            if o[0] != r:  # covered by a row span from above
                out.append(f"<w:tc><w:tcPr>{span}<w:vMerge/></w:tcPr><w:p/></w:tc>")
            else:
                merge = '<w:vMerge w:val="restart"/>' if cell.rs > 1 else ""
                text = cell_text(cell, truth, style)
                if "\n" in text:
                    body = "".join(_para(t, center=True) for t in text.split("\n"))
                elif split:
                    body = _split_runs(text, style.rng)
                else:
                    body = _para(text, center=cell.key is not None)
                out.append(f"<w:tc><w:tcPr>{span}{merge}</w:tcPr>{body}</w:tc>")
            c += cell.cs
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _textbox(inner: str, n: int) -> str:
    """``inner`` (tables and paragraphs) in a floating text box, as Word 2010+ writes it."""
    box = f"<w:txbxContent>{inner}<w:p/></w:txbxContent>"
    return (
        '<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{n}" behindDoc="0" '
        'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>'
        '<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="5400000" cy="3000000"/><wp:wrapTopAndBottom/><wp:docPr id="{n}" name="文本框 {n}"/>'
        '<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"<wps:wsp><wps:txbx>{box}</wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>"
        '</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape style="width:425pt;height:236pt">'
        f"<v:textbox>{box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
    )


def docx_bytes(
    title: str,
    items: list[tuple[str, Any]],
    truth: dict[str, Any],
    style: Style,
    *,
    split: bool = False,
    container: str = "plain",
) -> bytes:
    """A minimal DOCX; ``container``: "plain", "nested" (each table in a one-cell layout
    table) or "textbox" (each table in a floating text box)."""
    body = [_para(title, center=True)]
    for n, (kind, item) in enumerate(items):
        if kind == "p":
            body.append(_para(item))
            continue
        table = docx_table(item, truth, style, split=split)
        if container == "nested":
            table = (
                f'<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/></w:tblPr><w:tblGrid><w:gridCol w:w="9000"/>'
                f"</w:tblGrid><w:tr><w:tc>{_para('')}{table}{_para('')}</w:tc></w:tr></w:tbl>"
            )
        elif container == "textbox":
            table = _textbox(table, n + 1)
        body.append(table)
    doc = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {_NS}><w:body>{"".join(body)}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1000" w:bottom="1440" '
        'w:left="1000" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>'
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
            'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        z.writestr("word/document.xml", doc)
    return buf.getvalue()


# --- text --------------------------------------------------------------------------------------


def text_bytes(
    title: str, items: list[tuple[str, Any]], truth: dict[str, Any], style: Style
) -> bytes:
    """The report as text copied out of a word processor: a line per paragraph, a line per
    table row with its cells (span origins only) between tabs."""
    lines = [title]
    for kind, item in items:
        if kind == "p":
            lines.append(item)
            continue
        for row in item:
            lines.append("\t".join(cell_text(c, truth, style).replace("\n", " ") for c in row))
    return ("\n".join(lines) + "\n").encode("utf-8")
