"""End to end through the interpreter: the real Huai'an PDF, and generated documents per form."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from gongkai.core.report import cells, validate
from gongkai.demo.generate import random_report
from gongkai.demo.render import render
from pipelines.parse import parse_bytes


def _diff(got: dict, want: dict) -> list[str]:
    g, w = cells(got), cells(want)
    return [
        f"{k}: got {g.get(k, 'MISSING')!r}, want {w[k]!r}" for k in w if g.get(k, "MISSING") != w[k]
    ]


def test_huaian_exact(shared_dir: Path, huaian: bytes) -> None:
    truth = validate(
        json.loads((shared_dir / "real" / "truth" / "huaian_2024.json").read_text("utf-8"))
    )
    result = parse_bytes(huaian, filename="huaian_2024.pdf")
    assert result.route == "pdf-text"
    assert _diff(result.report, truth) == []
    assert len(cells(truth)) == 200
    for key in ("agency", "year", "format", "published"):
        assert result.report[key] == truth[key]


@pytest.mark.slow
@pytest.mark.parametrize(("form", "route"), [("docx", "docx"), ("pdf", "pdf-text"), ("doc", "doc")])
def test_corpus_round_trip(form: str, route: str) -> None:
    """Ruled tables here; tables without lines have their own test (test_pdf), because with many
    blank cells they are a known limit (docs/formats.md)."""
    for i in range(4):
        rng = random.Random(f"roundtrip:{form}:{i}")
        report = validate(random_report(rng, nulls=i % 2 == 1, break_identity=i == 3))
        result = parse_bytes(render(report, form, rng, borders=True))
        assert result.route == route
        assert _diff(result.report, report) == [], f"document {i}"
        assert (result.report["agency"], result.report["year"], result.report["published"]) == (
            report["agency"],
            report["year"],
            report["published"],
        )
