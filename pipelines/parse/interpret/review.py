"""Review of a report read by OCR: it is never presented as clean.

``review_findings`` marks a report ``needs_review`` when an identity fails (a figure cannot be
right), when a table or a value is missing (OCR lost it: reports rarely leave a cell empty),
and when a value cell was read with a confidence below ``REVIEW_CONFIDENCE``; ``review_ocr``
adds those findings and the unsure cells to a parse result.
"""

from __future__ import annotations

import re
from typing import Any

from gongkai.core.report import Finding, cells, check_identities
from pipelines.parse.model import Extracted, Table
from pipelines.parse.result import ParseResult

__all__ = ["REVIEW_CONFIDENCE", "low_confidence_cells", "review_findings", "review_ocr"]

#: A value read with less confidence than this is not trusted without review.
REVIEW_CONFIDENCE = 0.90

_NUMBER = re.compile(r"^\s*[-+]?\d[\d,]*(\.\d+)?\s*$")


def low_confidence_cells(ex: Extracted, threshold: float = REVIEW_CONFIDENCE) -> list[str]:
    """Provenance strings ("page 2 table 1 r5c4 '38' 0.62") of numeric cells read unsurely."""
    out: list[str] = []
    for block in ex.blocks:
        if not isinstance(block, Table):
            continue
        for r, row in enumerate(block.rows, start=1):
            for c, cell in enumerate(row, start=1):
                if cell.is_copy or cell.confidence is None or cell.confidence >= threshold:
                    continue
                if _NUMBER.match(cell.text) or not cell.text.strip():
                    out.append(f"{block.where} r{r}c{c} {cell.text!r} {cell.confidence:.2f}")
    return out


def review_findings(
    result: Any, extracted: Extracted | None = None, threshold: float = REVIEW_CONFIDENCE
) -> list[Finding]:
    """``needs_review`` findings for an OCR-read report; empty when it may be presented as clean.

    ``result`` is the interpreter's ParseResult (anything with ``.report`` and optionally
    ``.findings``) or a canonical report dict; ``extracted`` the OCR blocks it was read from
    (without it, the unsure cells come from ``provenance["ocr"]`` as ``review_ocr`` records).
    A finding is added when a template identity fails (a figure cannot be right), when a
    table or a value is missing (OCR lost it: reports rarely leave a cell empty), and when
    any value cell was read with confidence below ``threshold``.
    """
    report = result if isinstance(result, dict) else getattr(result, "report", None) or {}
    known = getattr(result, "findings", None)
    broken = (
        [f for f in known if f.rule in {"1", "2", "3", "4"}]
        if known is not None
        else check_identities(report)
    )
    findings: list[Finding] = []
    if broken:
        findings.append(
            Finding(
                "needs_review",
                f"read by OCR and {len(broken)} identity check(s) fail: a figure may be misread; "
                "compare the flagged cells with the scan",
                tuple(cell for f in broken for cell in f.cells),
            )
        )
    missing = [f.detail for f in known or [] if f.rule == "parse:missing_table"]
    missing += [
        f"table {t} was not found"
        for t in ("proactive", "requests", "appeals")
        if t not in report and not known and report.get("format") != "legacy"  # no tables then
    ]
    # a legacy report that states no figure for a key is not a misread
    empty = [
        k for k, value in cells(report).items() if value is None and not k.startswith("legacy.")
    ]
    if missing or empty:
        findings.append(
            Finding(
                "needs_review",
                f"read by OCR with {len(missing)} table(s) and {len(empty)} value(s) missing: "
                + "; ".join(missing + empty[:5])
                + ("…" if len(empty) > 5 else ""),
                tuple(empty),
            )
        )
    if extracted is not None:
        unsure = low_confidence_cells(extracted, threshold)
    else:  # a ParseResult reviewed by review_ocr carries them in its provenance
        provenance = getattr(result, "provenance", None) or {}
        unsure = list((provenance.get("ocr") or {}).get("low_confidence_cells") or [])
    if unsure:
        findings.append(
            Finding(
                "needs_review",
                f"read by OCR with {len(unsure)} value cell(s) below confidence {threshold}: "
                + "; ".join(unsure[:5])
                + ("…" if len(unsure) > 5 else ""),
                tuple(unsure),
            )
        )
    return findings


def review_ocr(result: ParseResult, ex: Extracted) -> None:
    """An OCR read is never presented as clean: unsure cells and broken identities become
    ``needs_review`` findings, and the per-cell confidences go into the provenance."""
    result.provenance["ocr"] = {
        "review_confidence": REVIEW_CONFIDENCE,
        "low_confidence_cells": low_confidence_cells(ex),
    }
    result.findings.extend(review_findings(result, ex))
