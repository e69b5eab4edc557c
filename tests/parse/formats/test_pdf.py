"""The PDF extractor on the real Huai'an report (WPS-made) and on LibreOffice PDFs."""

from __future__ import annotations

from typing import Any

import pytest

from pipelines.parse.errors import EncryptedDocument, NoTables, TruncatedDocument
from pipelines.parse.formats import pdf
from pipelines.parse.model import Paragraph, Table


def _tables(data: bytes) -> list[Table]:
    return [b for b in pdf.extract(data).blocks if isinstance(b, Table)]


def test_huaian_tables_have_the_numbers(huaian: bytes) -> None:
    tables = _tables(huaian)
    texts = [[[c.text for c in row] for row in t.rows] for t in tables]
    flat = [cell for t in texts for row in t for cell in row]
    for number in ("447228", "3985758", "96171.6", "3119", "2932", "3050", "351"):
        assert number in flat
    # table 3 spans two pages and comes out as one block of 28 rows and 10 columns
    (t3,) = [t for t in tables if t.width == 10]
    assert len(t3.rows) == 28
    assert t3.rows[3][-1].text == "3119"
    assert t3.rows[-1][-1].text == "103"
    # the vertical label, one character per line, reads as one word and covers the result rows
    assert t3.rows[5][0].text == "三、本年度办理结果"
    assert all(row[0].is_copy and row[0].text == "三、本年度办理结果" for row in t3.rows[6:27])
    # the group label cut by the page break is whole on both pages
    assert {row[1].text for row in t3.rows[15:18]} == {"（四）无法提供"}
    # labels wrapped over three lines are joined
    assert t3.rows[23][2].text.startswith("1、申请人无正当理由逾期不补正、行政机关不再处理")
    t4 = tables[-1]
    assert [c.text for c in t4.rows[-1]][:5] == ["72", "64", "178", "37", "351"]


def test_huaian_paragraphs(huaian: bytes) -> None:
    ex = pdf.extract(huaian)
    paragraphs = [b.text for b in ex.blocks if isinstance(b, Paragraph)]
    assert paragraphs[0].replace(" ", "") == "淮安市人民政府2024年政府信息公开工作年度报告"
    assert not any(p.strip("- ").isdigit() for p in paragraphs)  # page footers dropped
    assert "六、其他需要报告的事项" in paragraphs
    # a paragraph broken by a page end is one paragraph
    assert any(p.startswith("对照上级新要求") and "地方。主要表现在" in p for p in paragraphs)


def test_libreoffice_pdf(pdf_bytes: bytes, report: dict[str, Any]) -> None:
    ex = pdf.extract(pdf_bytes)
    tables = [b for b in ex.blocks if isinstance(b, Table)]
    widths = [t.width for t in tables]
    assert 10 in widths
    assert 15 in widths
    t3 = next(t for t in tables if t.width == 10)
    new = report["requests"]["new"]
    assert [c.text for c in t3.rows[3][3:]] == [str(new[k]) for k in new]


def test_text_layer(huaian: bytes) -> None:
    assert pdf.has_text_layer(huaian)


def test_scanned_pdf_needs_ocr() -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    import io

    out = io.BytesIO()
    writer.write(out)
    assert not pdf.has_text_layer(out.getvalue())
    with pytest.raises(NoTables, match="OCR"):
        pdf.extract(out.getvalue())


def test_encrypted(encrypted_pdf: bytes) -> None:
    with pytest.raises(EncryptedDocument):
        pdf.extract(encrypted_pdf)


def test_truncated(huaian: bytes) -> None:
    with pytest.raises(TruncatedDocument):
        pdf.extract(huaian[: len(huaian) // 2])


@pytest.mark.slow
def test_tables_without_ruling_lines() -> None:
    import random

    from gongkai.core.report import cells
    from gongkai.demo.generate import random_report
    from gongkai.demo.render import render
    from pipelines.parse import parse_bytes

    for i in range(2):
        rng = random.Random(f"borderless:{i}")
        report = random_report(rng, zero_heavy=False)
        data = render(report, "pdf", rng, borders=False)
        ex = pdf.extract(data)
        assert any("no ruling lines" in b.where for b in ex.blocks if isinstance(b, Table))
        got, want = cells(parse_bytes(data).report), cells(report)
        assert [k for k in want if got.get(k) != want[k]] == []


@pytest.mark.slow
def test_tables_with_open_sides() -> None:
    import random

    from gongkai.core.report import cells
    from gongkai.demo.generate import random_report
    from gongkai.demo.render import render
    from pipelines.parse import parse_bytes

    rng = random.Random("open-sides")
    report = random_report(rng, zero_heavy=False)
    data = render(report, "pdf", rng, borders=True, outer_sides=False)
    widths = sorted({b.width for b in pdf.extract(data).blocks if isinstance(b, Table)})
    assert 10 in widths
    assert 15 in widths
    got, want = cells(parse_bytes(data).report), cells(report)
    assert [k for k in want if got.get(k) != want[k]] == []


@pytest.mark.parametrize("rotate", [90, 270])
def test_text_drawn_turned_on_landscape_pages(
    pdf_bytes: bytes, report: dict[str, Any], rotate: int
) -> None:
    """A page whose content is drawn a quarter turn round (shown upright by /Rotate) reads the same."""
    import io

    from pypdf import PdfWriter, Transformation

    from gongkai.core.report import cells
    from pipelines.parse import parse_bytes

    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes))
    for page in writer.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        page.add_transformation(Transformation().rotate(90).translate(height, 0))
        page.mediabox.upper_right = (height, width)
        page.rotation = rotate
    out = io.BytesIO()
    writer.write(out)
    got, want = cells(parse_bytes(out.getvalue()).report), cells(report)
    assert [k for k in want if got.get(k) != want[k]] == []


def test_table_cut_a_row_in_joins_the_wider_rest() -> None:
    """A page break in the first rows of a table: above it fewer column lines were drawn, so
    that part has fewer columns. Its columns are some of the rest's, so it is set on them and
    joined; the row cut in two gets its whole label and figure (14,50 / 5 is 14,505)."""
    from pipelines.parse.model import Cell

    top = Table(
        [
            [Cell("申请人情况"), Cell("申请人情况", is_copy=True)],
            [Cell("一、本年新收政府信息公"), Cell("14,50")],
        ],
        "page 1 table 2",
        columns=(50.0, 300.0, 360.0),
    )
    rest = Table(
        [
            [Cell("开申请数量"), Cell("开申请数量", is_copy=True), Cell("5")],
            [Cell("三、本年度办理结果"), Cell("（一）予以公开"), Cell("1,646")],
        ],
        "page 2 table 1",
        columns=(50.0, 120.0, 300.5, 360.0),
    )
    assert pdf._widen(top, rest)
    pdf._append(top, rest)
    assert [[c.text for c in row] for row in top.rows] == [
        ["申请人情况", "申请人情况", "申请人情况"],
        ["一、本年新收政府信息公开申请数量", "一、本年新收政府信息公开申请数量", "14,505"],
        ["三、本年度办理结果", "（一）予以公开", "1,646"],
    ]
    assert [c.is_copy for c in top.rows[1]] == [False, True, False]

    other = Table([[Cell("a"), Cell("1")]], "page 1 table 1", columns=(50.0, 200.0, 360.0))
    assert not pdf._widen(other, rest)  # a column line the rest does not have: another table
    assert other.columns == (50.0, 200.0, 360.0)
    assert len(other.rows[0]) == 2
