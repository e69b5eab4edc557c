"""Legacy key figures on reports written by someone who never saw the parser
(``legacy_independent/``: 14 reports of 11 provinces, 2008–2018, three also as HTML pages and
two as DOCX, truth by the rules of shared/legacy/README.md). Precision first: a wrong number is
worse than a null."""

from __future__ import annotations

import json
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest

from pipelines.parse import parse_bytes

CORPUS = Path(__file__).with_name("legacy_independent")
FIGURES = (
    "proactive_items",
    "requests_received",
    "requests_answered",
    "granted",
    "partly_granted",
    "denied",
    "not_held",
    "not_this_agency",
    "other_answers",
    "fees_yuan",
    "review",
    "litigation",
    "complaints",
)


def _documents() -> list[Path]:
    found = sorted(CORPUS.glob("*.txt")) + sorted(CORPUS.glob("html/*.html"))
    return found + sorted(CORPUS.glob("docx/*.docx"))


def _number(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value)).normalize()


def _name(text: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


@pytest.fixture(scope="module")
def scored() -> dict[str, dict[str, object]]:
    out = {}
    for path in _documents():
        truth = json.loads((CORPUS / "truth" / f"{path.stem}.json").read_text("utf-8"))
        report = parse_bytes(path.read_bytes(), filename=path.name).report
        figures = report.get("legacy") or {}
        alternatives = truth.get("alternatives") or {}
        given = right = stated = found = 0
        for key in FIGURES:
            accepted = {_number(truth[key])} | {_number(a) for a in alternatives.get(key, [])}
            value = _number((figures.get(key) or {}).get("value"))
            given += value is not None
            right += value is not None and value in accepted
            stated += truth[key] is not None
            found += truth[key] is not None and value in accepted
        names = {_name(truth["agency"])} | {_name(a) for a in alternatives.get("agency", [])}
        out[str(path.relative_to(CORPUS))] = {
            "format": report["format"],
            "counts": (given, right, stated, found),
            "agency": _name(report["agency"]) in names,
            "year": report["year"] == truth["year"],
        }
    return out


def test_the_corpus_is_all_here(scored: dict[str, dict[str, object]]) -> None:
    assert len(scored) == 19


def test_every_document_is_a_legacy_report_of_the_right_agency_and_year(
    scored: dict[str, dict[str, object]],
) -> None:
    wrong = {k: v for k, v in scored.items() if not (v["agency"] and v["year"])}
    assert not wrong, wrong
    assert {v["format"] for v in scored.values()} == {"legacy"}


def test_precision_and_recall(scored: dict[str, dict[str, object]]) -> None:
    given, right, stated, found = (sum(v["counts"][i] for v in scored.values()) for i in range(4))
    assert stated >= 180
    assert right / given >= 0.95, (right, given)
    assert found / stated >= 0.85, (found, stated)
