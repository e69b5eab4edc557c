"""Damaged documents raise a ParseError subclass (or parse), never another exception."""

from __future__ import annotations

import random

import pytest

from pipelines.parse import sniff as detect
from pipelines.parse.errors import ParseError
from pipelines.parse.formats import docx, pdf


def _damaged(data: bytes, rng: random.Random, n: int) -> list[bytes]:
    out = []
    for i in range(n):
        b = bytearray(data)
        if i % 3 == 0:
            for _ in range(rng.randint(1, 30)):
                b[rng.randrange(len(b))] = rng.randrange(256)
        elif i % 3 == 1:
            b = b[: rng.randrange(1, len(b))]
        else:
            k = rng.randrange(len(b))
            b[k : k + 200] = bytes(rng.randrange(256) for _ in range(200))
        out.append(bytes(b))
    return out


@pytest.mark.parametrize("which", ["huaian", "pdf_bytes", "docx_bytes"])
def test_damaged_inputs(which: str, request: pytest.FixtureRequest) -> None:
    data: bytes = request.getfixturevalue(which)
    extract = docx.extract if which == "docx_bytes" else pdf.extract
    outcomes = set()
    for variant in _damaged(data, random.Random(which), 24):
        assert detect.detect(variant) in ("pdf", "docx", "zip", "unknown", "text", "html")
        try:
            extract(variant)
            outcomes.add("ok")
        except ParseError as exc:
            outcomes.add(exc.reason)
    assert "truncated" in outcomes
