"""Reports rendered by an independent adversarial generator (``gen.py``) parse exactly: every
cell, agency, year and date, and every deliberate identity break is reported."""

from __future__ import annotations

import pytest

from tests.parse.robustness import measure

FAST = ["html", "docx", "text-cells", "text-tabs", "text-markdown"]


@pytest.mark.parametrize("form", FAST)
def test_fast_forms_exact(form: str) -> None:
    bad = []
    for i in range(12):
        doc, data, ctype = measure.render(form, 4242_000 + i)
        r = measure.compare(doc, data, ctype)
        if not (r["exact"] and r["break_ok"]):
            bad.append((i, doc.opts, r["error"], r.get("got_meta"), r["diff"]))
    assert not bad, bad


@pytest.mark.parametrize("form", ["pdf", "doc"])
def test_libreoffice_forms_exact(form: str) -> None:
    pytest.importorskip("docx")
    bad = []
    for i in range(1):
        doc, data, ctype = measure.render(form, 4243_000 + i)
        r = measure.compare(doc, data, ctype)
        if not (r["exact"] and r["break_ok"]):
            bad.append((i, r["error"], r.get("got_meta"), r["diff"]))
    assert not bad, bad
