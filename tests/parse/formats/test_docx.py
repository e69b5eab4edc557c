"""The DOCX extractor on the official template and on filled copies of it."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from pipelines.parse.errors import TruncatedDocument, UnsupportedFormat
from pipelines.parse.formats import docx
from pipelines.parse.model import Paragraph, Table


@pytest.fixture(scope="module")
def template(shared_dir: Path) -> bytes:
    return (shared_dir / "format" / "template_2021.docx").read_bytes()


def _tables(data: bytes) -> list[Table]:
    return [b for b in docx.extract(data).blocks if isinstance(b, Table)]


def test_template_tables_and_order(template: bytes) -> None:
    ex = docx.extract(template)
    assert ex.route == "docx"
    kinds = ["T" if isinstance(b, Table) else b.text[:2] for b in ex.blocks]
    assert kinds.index("二、") < kinds.index("T") < kinds.index("三、")
    assert [(len(t.rows), t.width) for t in _tables(template)] == [(14, 4), (28, 10), (4, 15)]


def test_template_merges_expanded(template: bytes) -> None:
    t2, t3, t4 = _tables(template)
    # 第二十条第（一）项 spans the four columns: one origin, three copies with its text
    head = t2.rows[0]
    assert [c.is_copy for c in head] == [False, True, True, True]
    assert {c.text for c in head} == {"第二十条第（一）项"}
    # the licensing value cell is three columns wide
    licensing = t2.rows[6]
    assert licensing[0].text == "行政许可"
    assert [c.is_copy for c in licensing[1:]] == [False, True, True]
    # the vertical label of the result rows is one origin and 21 copies
    column = [row[0] for row in t3.rows[5:27]]
    assert column[0].text == "三、本年度办理结果"
    assert not column[0].is_copy
    assert all(c.is_copy and c.text == column[0].text for c in column[1:])
    # the applicant note spans three rows and three columns
    assert sum(not c.is_copy for row in t3.rows[:3] for c in row[:3]) == 1
    assert t4.rows[1][0].text == "结果维持"
    assert t4.rows[2][0].is_copy


def test_filled_values(docx_bytes: bytes, report: dict[str, Any]) -> None:
    t2, t3, _t4 = _tables(docx_bytes)
    lic = report["proactive"]["licensing"]["decisions"]
    assert t2.rows[6][1].text == ("" if lic is None else str(lic)) or t2.rows[6][1].text in "—-"
    new = report["requests"]["new"]
    assert [c.text for c in t3.rows[3][3:]] == [str(new[k]) for k in new]
    ex = docx.extract(docx_bytes)
    paragraphs = [b.text for b in ex.blocks if isinstance(b, Paragraph)]
    assert paragraphs[0] == "淮安市人民政府2024年政府信息公开工作年度报告"
    assert paragraphs[-1].endswith("日")


def _rezip(data: bytes, replace: dict[str, bytes]) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            z.writestr(item, replace.get(item.filename, src.read(item.filename)))
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _document(body: str) -> bytes:
    return f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>'.encode()


def _tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_nested_layout_table_and_text_box(template: bytes) -> None:
    inner = f"<w:tbl><w:tr>{_tc('规章')}{_tc('3')}</w:tr><w:tr>{_tc('行政许可')}{_tc('9')}</w:tr></w:tbl>"
    body = (
        "<w:p><w:r><w:t>标题</w:t></w:r></w:p>"
        f"<w:tbl><w:tr><w:tc><w:p><w:r><w:t>前言</w:t></w:r></w:p>{inner}<w:p/></w:tc></w:tr></w:tbl>"
        "<w:p><w:r><w:pict><w:txbxContent><w:p><w:r><w:t>文本框里的字</w:t></w:r></w:p></w:txbxContent></w:pict></w:r></w:p>"
        "<w:sdt><w:sdtContent><w:p><w:r><w:t>控件</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    )
    ex = docx.extract(_rezip(template, {"word/document.xml": _document(body)}))
    texts = [b.texts() if isinstance(b, Table) else b.text for b in ex.blocks]
    assert texts == ["标题", "前言", [["规章", "3"], ["行政许可", "9"]], "文本框里的字", "控件"]


def test_vmerge_and_gridspan_by_hand(template: bytes) -> None:
    body = (
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>"
        "<w:tr>"
        + _tc("A", '<w:vMerge w:val="restart"/>')
        + _tc("B", '<w:gridSpan w:val="2"/>')
        + "</w:tr>"
        "<w:tr>" + _tc("", "<w:vMerge/>") + _tc("1") + _tc("2") + "</w:tr></w:tbl>"
    )
    (table,) = _tables(_rezip(template, {"word/document.xml": _document(body)}))
    assert [[(c.text, c.is_copy) for c in r] for r in table.rows] == [
        [("A", False), ("B", False), ("B", True)],
        [("A", True), ("1", False), ("2", False)],
    ]


def test_core_title(docx_bytes: bytes, template: bytes) -> None:
    core = b'<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>XX</dc:title></cp:coreProperties>'
    assert docx.extract(_rezip(template, {"docProps/core.xml": core})).title == "XX"


def test_truncated_docx(docx_bytes: bytes) -> None:
    with pytest.raises(TruncatedDocument, match="truncated or corrupt"):
        docx.extract(docx_bytes[: len(docx_bytes) * 2 // 3])


def test_zip_without_document() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(UnsupportedFormat):
        docx.extract(buf.getvalue())


def _with_alt_chunk(template: bytes, part_name: str, part: bytes) -> bytes:
    body = '<w:p><w:r><w:t>前言</w:t></w:r></w:p><w:altChunk r:id="rIdChunk1"/>'
    document = (
        f'<?xml version="1.0"?><w:document {W} '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f"<w:body>{body}</w:body></w:document>"
    ).encode()
    src = zipfile.ZipFile(io.BytesIO(template))
    rels = src.read("word/_rels/document.xml.rels").replace(
        b"</Relationships>",
        b'<Relationship Id="rIdChunk1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" '
        + f'Target="{part_name}"/></Relationships>'.encode(),
    )
    data = _rezip(template, {"word/document.xml": document, "word/_rels/document.xml.rels": rels})
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as z:
        z.writestr(f"word/{part_name}", part)
    return out.getvalue()


def test_alt_chunk_html_is_read(template: bytes, report: dict[str, Any]) -> None:
    import random

    from gongkai.core.report import cells
    from gongkai.demo.render import render
    from pipelines.parse import parse_bytes

    page = render(report, "html-gbk", random.Random(4))
    data = _with_alt_chunk(template, "afchunk.htm", page)
    ex = docx.extract(data)
    assert ex.blocks[0] == Paragraph("前言")
    assert sum(isinstance(b, Table) for b in ex.blocks) == 3
    assert any("altChunk" in n for n in ex.notes)
    got, want = cells(parse_bytes(data).report), cells(report)
    assert [k for k in want if got.get(k) != want[k]] == []


def test_alt_chunk_mht(template: bytes) -> None:
    mht = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="XX"\r\n\r\n--XX\r\n'
        b'Content-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'
        + "<html><body><table><tr><td>规章</td><td>7</td></tr></table></body></html>".encode().replace(
            b"=", b"=3D"
        )
        + b"\r\n--XX--\r\n"
    )
    ex = docx.extract(_with_alt_chunk(template, "afchunk.mht", mht))
    tables = [b for b in ex.blocks if isinstance(b, Table)]
    assert tables
    assert tables[0].texts()[0] == ["规章", "7"]


def test_strict_namespace(template: bytes) -> None:
    strict = _document("<w:p><w:r><w:t>严格</w:t></w:r></w:p>").replace(
        b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
        b"http://purl.oclc.org/ooxml/wordprocessingml/main",
    )
    ex = docx.extract(_rezip(template, {"word/document.xml": strict}))
    assert [b.text for b in ex.blocks] == ["严格"]
