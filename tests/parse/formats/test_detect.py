"""detect() tells each form from its bytes, never from a name or a Content-Type."""

from __future__ import annotations

import io
import random
import zipfile
from typing import Any

import pytest

from gongkai.demo.render import render
from pipelines.parse.errors import EmptyDocument
from pipelines.parse.sniff import detect


@pytest.mark.parametrize(
    ("form", "kind"),
    [
        ("html", "html"),
        ("html-gbk", "html"),
        ("html-soup", "html"),
        ("text-cells", "text"),
        ("text-markdown", "text"),
        ("text-tabs", "text"),
        ("docx", "docx"),
    ],
)
def test_rendered_forms(report: dict[str, Any], form: str, kind: str) -> None:
    assert detect(render(report, form, random.Random(3))) == kind


def test_binary_forms(pdf_bytes: bytes, doc_bytes: bytes, huaian: bytes) -> None:
    assert detect(pdf_bytes) == "pdf"
    assert detect(doc_bytes) == "doc"
    assert detect(huaian) == "pdf"  # WPS-made PDF


def test_gb18030_text_is_text(report: dict[str, Any]) -> None:
    text = render(report, "text-tabs", random.Random(1)).decode("utf-8")
    assert detect(text.encode("gb18030")) == "text"


def test_docx_served_as_html_is_html() -> None:
    # Word's "save as web page" named .docx and served as text/html: the bytes are HTML.
    page = "<html xmlns:o='urn:schemas-microsoft-com:office:office'><head><meta charset=utf-8></head><body><p>报告</p></body></html>"
    assert detect(page.encode()) == "html"
    assert detect(b"\xef\xbb\xbf\r\n  " + page.encode()) == "html"


def test_pdf_named_doc_is_pdf(pdf_bytes: bytes) -> None:
    assert detect(pdf_bytes) == "pdf"  # the name plays no part; a leading newline neither
    assert detect(b"\r\n" + pdf_bytes) == "pdf"


def test_zip_that_is_not_docx() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("report.pdf", b"%PDF-1.4")
    assert detect(buf.getvalue()) == "zip"


def test_truncated_docx_still_detected(docx_bytes: bytes) -> None:
    assert detect(docx_bytes[: len(docx_bytes) // 2]) == "docx"


def test_images_and_garbage() -> None:
    assert detect(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64) == "image"
    assert detect(b"\xff\xd8\xff\xe0" + b"\x00" * 64) == "image"
    assert detect(bytes(range(256)) * 4) == "unknown"


def test_rtf_goes_to_the_doc_route() -> None:
    assert detect(b"{\\rtf1\\ansi hello}") == "doc"


@pytest.mark.parametrize("data", [b"", b"  \r\n\t "])
def test_empty_raises(data: bytes) -> None:
    with pytest.raises(EmptyDocument):
        detect(data)


def test_wps_marker_in_ole(doc_bytes: bytes) -> None:
    # The same Word binary with one stream renamed the way Kingsoft names its own streams.
    name = "Data".encode("utf-16-le") + b"\x00\x00"
    assert doc_bytes.count(name) == 1
    marked = doc_bytes.replace(name, "KSO1".encode("utf-16-le") + b"\x00\x00")
    assert detect(doc_bytes) == "doc"
    assert detect(marked) == "wps"
