"""Reports from the variety generator (``gen.py``: layouts of real reports that neither the
corpus nor the robustness generator produces) parse to the measured level: every cell, the
agency, the year and the edition, per variation; a few through LibreOffice PDFs too."""

from __future__ import annotations

import random
import shutil

import pytest

from tests.parse.variety import gen
from tests.parse.variety.measure import compare

DOCS = 4
#: DOCX variations printed to PDF by LibreOffice that read exactly (measured on seeds 1-3).
PDF_EXACT = ["docx-split", "docx-remarks", "docx-t3-split", "docx-subtotal"]


@pytest.mark.parametrize("name", gen.VARIATIONS)
def test_variation_exact(name: str) -> None:
    bad = []
    for i in range(DOCS):
        doc = gen.make(name, random.Random(f"variety:{name}:{i}"))
        r = compare(doc)
        if r["ok"] != r["cells"] or not r["meta"]:
            bad.append((i, r["error"], r["diff"][:5]))
    assert not bad, bad


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice is not installed")
@pytest.mark.parametrize("name", PDF_EXACT)
def test_pdf_exact(name: str) -> None:
    from pipelines.parse.soffice import convert

    doc = gen.make(name, random.Random(f"variety-pdf:{name}"))
    r = compare(doc, convert(doc.data, "docx", "pdf"))
    assert r["ok"] == r["cells"], (r["error"], r["diff"][:8])
    assert r["meta"]


def test_generator_varies_the_layout() -> None:
    """The variations are not the same document: the bytes differ from the plain rendering."""
    plain = gen.make("html-split", random.Random(3)).data
    assert all(gen.make(name, random.Random(3)).data != plain for name in
               ("html-remarks", "html-t3-split", "html-stacked", "html-t3-transposed"))
