"""A scanned PDF or page image given to parse_bytes takes the OCR route and comes back with
its review findings: never presented as clean when a cell is unsure."""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.core.report import cells
from pipelines.parse import parse_bytes
from pipelines.parse.errors import ParseError
from tests.ocr.scanify import images_to_pdf


def test_scanned_pdf_through_parse_bytes(scanned_pages: list[bytes], truth: dict[str, Any]) -> None:
    result = parse_bytes(images_to_pdf(scanned_pages, 200), filename="report.doc")
    assert result.route == "ocr"
    assert result.provenance["kind"] == "pdf"
    assert "low_confidence_cells" in result.provenance["ocr"]
    assert (result.report["agency"], result.report["year"]) == (truth["agency"], truth["year"])
    got, want = cells(result.report), cells(truth)
    wrong = [k for k in want if got.get(k) != want[k]]
    needs_review = [f for f in result.findings if f.rule == "needs_review"]
    # every wrong read is flagged; a clean read carries no review finding
    assert bool(wrong) == bool(needs_review), (wrong, needs_review)


def test_an_undecodable_image_is_a_clear_error() -> None:
    with pytest.raises(ParseError):
        parse_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
