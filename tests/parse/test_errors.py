"""Bad input raises a specific ParseError whose message says what the document is."""

from __future__ import annotations

import pytest

from pipelines.parse import parse_bytes
from pipelines.parse.errors import (
    EmptyDocument,
    NoTables,
    NotAReport,
    ParseError,
    TruncatedDocument,
    UnsupportedFormat,
)


@pytest.mark.parametrize("data", [b"", b"   \n\t  ", b"\xef\xbb\xbf"])
def test_empty_input(data):
    with pytest.raises(EmptyDocument):
        parse_bytes(data)


def test_news_page_is_not_a_report(fixture_bytes):
    with pytest.raises(NotAReport, match="not an annual report"):
        parse_bytes(fixture_bytes("news.html"))


def test_notice_text_is_not_a_report():
    notice = "关于开展2024年度安全生产大检查的通知\n各乡镇人民政府：\n为做好安全生产工作，现将有关事项通知如下。\n"
    with pytest.raises(NotAReport):
        parse_bytes(notice.encode("utf-8"))


def test_report_without_tables():
    text = (
        "某县2023年政府信息公开工作年度报告\n一、总体情况\n本年度工作有序开展。\n"
        "二、主动公开政府信息情况\n（见附图）\n五、存在的主要问题及改进情况\n无。\n"
    )
    with pytest.raises(NoTables, match="tables"):
        parse_bytes(text.encode("utf-8"))


def test_report_cut_off_inside_table_3(seeds):
    seed = next(s for s, _ in seeds if s.name.startswith("004"))
    text = seed.read_text("utf-8")
    cut = text.index("(四) 无法提供")
    with pytest.raises(TruncatedDocument, match="cut off"):
        parse_bytes(text[:cut].encode("utf-8"))


def test_unknown_binary_is_unsupported():
    with pytest.raises(UnsupportedFormat):
        parse_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)


def test_every_error_is_a_parse_error():
    for cls in (EmptyDocument, NoTables, NotAReport, TruncatedDocument, UnsupportedFormat):
        assert issubclass(cls, ParseError)


def test_page_announcing_the_report_as_an_attachment_is_not_the_report():
    title = "某县2024年政府信息公开工作年度报告"
    page = (
        f'<html><head><meta name="ArticleTitle" content="{title}"></head><body><h1>{title}</h1>'
        f'<p>现将《{title}》予以公布。</p><p>附件：<a href="/a.pdf">{title}.pdf</a></p></body></html>'
    )
    with pytest.raises(NotAReport, match="附件"):
        parse_bytes(page.encode("utf-8"))


def test_an_extractor_crash_is_that_file_s_conversion_failure(monkeypatch):
    from pipelines.parse import formats
    from pipelines.parse.errors import ConversionFailed
    from pipelines.parse.formats import text

    def broken(data: bytes) -> None:
        raise ValueError("library choked")

    monkeypatch.setattr(text, "extract", broken)
    with pytest.raises(ConversionFailed, match="library choked"):
        formats.extract("text", b"anything")


def test_missing_extractor_module_is_unsupported(monkeypatch):
    from pipelines.parse import formats

    monkeypatch.setitem(formats.ROUTES, "text", formats.Route("pipelines.parse.no_such_module"))
    with pytest.raises(UnsupportedFormat, match="no_such_module"):
        formats.extract("text", b"anything")
