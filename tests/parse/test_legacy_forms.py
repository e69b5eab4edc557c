"""One legacy report in every form the parser reads: the same key figures from an HTML page
(GB18030, a real ``<table>``), a Word file with a Word table, a PDF and a DOC made from it by
LibreOffice, a scan of that PDF (read by OCR), and a copied page where the table is glued text."""

from __future__ import annotations

import io
from typing import Any

import pytest

from pipelines.parse import parse_bytes

TITLE = "长汀县人民政府2014年政府信息公开工作年度报告"
PARAGRAPHS = [
    "本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告所列数据的统计期限自2014年1月1日起"
    "至2014年12月31日止。",
    "一、概述",
    "2014年，我县政府信息公开工作稳步推进，县政府门户网站全年访问量达52万人次。",
    "二、主动公开政府信息情况",
    "2014年，全县共主动公开政府信息1526条，其中县政府网站公开1490条。",
    "三、政府信息依申请公开工作情况",
    "2014年，全县共受理政府信息公开申请18件，对申请的答复18件，其中同意公开14件，同意部分公开2件，"
    "不予公开1件，其他类型答复1件。",
    "四、政府信息公开的收费及减免情况",
    "2014年，全县各级行政机关依申请提供政府信息均未收取费用。",
    "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
    "2014年，全县因政府信息公开申请引发行政复议1件，未发生行政诉讼。",
    "六、存在的主要问题及改进措施",
    "部分单位信息更新不够及时。",
    "长汀县人民政府办公室",
    "2015年2月10日",
    "附件：长汀县2014年政府信息公开情况统计表",
]
ROWS = [
    ("指标名称", "计量单位", "2014年度", "历年累计"),
    ("主动公开信息数", "条", "1526", "7311"),
    ("其中：1.网站公开", "条", "1490", "7102"),
    ("受理依申请公开信息总数", "件", "18", "95"),
    ("对申请的答复总数", "件", "18", "95"),
    ("其中：1.同意公开答复数", "件", "14", "80"),
    ("2.同意部分公开答复数", "件", "2", "7"),
    ("3.不予公开答复数", "件", "1", "5"),
    ("4.其他类型答复数", "件", "1", "3"),
    ("政府信息公开收费减免金额", "元", "0", "0"),
    ("行政复议数", "件", "1", "2"),
    ("行政诉讼数", "件", "0", "1"),
    ("行政申诉数", "件", "0", "0"),
]
EXPECTED = {
    "proactive_items": 1526,
    "requests_received": 18,
    "requests_answered": 18,
    "granted": 14,
    "partly_granted": 2,
    "denied": 1,
    "not_held": None,
    "not_this_agency": None,
    "other_answers": 1,
    "fees_yuan": "0",
    "review": 1,
    "litigation": 0,
    "complaints": 0,
}


def _html() -> bytes:
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in ROWS)
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    page = (
        '<html><head><meta charset="gb2312"><title>' + TITLE + "_长汀县人民政府</title></head>"
        '<body><div class="nav">首页 &gt; 政府信息公开年报</div><div class="article">'
        f"<h1>{TITLE}</h1>{body}<table border=1>{cells}</table></div></body></html>"
    )
    return page.encode("gb18030")


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(TITLE)
    for p in PARAGRAPHS:
        document.add_paragraph(p)
    table = document.add_table(rows=len(ROWS), cols=len(ROWS[0]))
    for i, row in enumerate(ROWS):
        for j, text in enumerate(row):
            table.cell(i, j).text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def pdf_bytes(docx_bytes: bytes) -> bytes:
    from pipelines.parse import soffice

    return soffice.convert(docx_bytes, "docx", "pdf")


def _scan(pdf: bytes) -> bytes:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    pages = [document[i].render(scale=200 / 72).to_pil().convert("L") for i in range(len(document))]
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=200)
    return out.getvalue()


def _figures(data: bytes) -> tuple[dict[str, Any], str, Any]:
    result = parse_bytes(data)
    report = result.report
    assert (report["agency"], report["year"], report["format"]) == (
        "长汀县人民政府",
        2014,
        "legacy",
    )
    return {k: (f or {}).get("value") for k, f in report["legacy"].items()}, result.route, result


def test_html_page_with_a_table() -> None:
    figures, route, result = _figures(_html())
    assert route == "html"
    assert figures == EXPECTED
    assert result.report["legacy"]["complaints"]["source"] == "table"


def test_word_file(docx_bytes: bytes) -> None:
    figures, route, _ = _figures(docx_bytes)
    assert route == "docx"
    assert figures == EXPECTED


def test_pdf(pdf_bytes: bytes) -> None:
    figures, route, _ = _figures(pdf_bytes)
    assert route == "pdf-text"
    assert figures == EXPECTED


def test_doc(docx_bytes: bytes) -> None:
    from pipelines.parse import soffice

    figures, route, _ = _figures(soffice.convert(docx_bytes, "docx", "doc"))
    assert route == "doc"
    assert figures == EXPECTED


def test_scan_read_by_ocr(pdf_bytes: bytes) -> None:
    figures, route, result = _figures(_scan(pdf_bytes))
    assert route == "ocr"
    assert figures == EXPECTED
    # an OCR read is flagged for review, but never for the 2021 tables a legacy report lacks
    assert not any("table proactive was not found" in f.detail for f in result.findings)


def test_copied_page_with_the_table_glued_into_text() -> None:
    glued = "".join(f"{label}{unit}{this}{total}" for label, unit, this, total in ROWS[1:])
    text = (
        f"标题: {TITLE}\n发布时间: 2015-02-10 09:00\n"
        + " ".join(PARAGRAPHS[:-1])
        + " 附件：长汀县2014年政府信息公开情况统计表 指标名称计量单位2014年度历年累计"
        + glued
    )
    figures, route, _ = _figures(text.encode("utf-8"))
    assert route == "text"
    assert figures == EXPECTED
