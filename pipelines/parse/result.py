"""What a parse returns: the canonical report, its findings and how it was read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.core.report import Finding, Report

#: Bump when the same bytes may parse differently; stored beside every parsed version.
PARSER_VERSION = "1.1.0"


@dataclass(slots=True)
class ParseResult:
    report: Report
    findings: list[Finding]
    provenance: dict[str, Any]
    route: str
    parser_version: str = PARSER_VERSION
    text: str = field(
        default="", repr=False
    )  # the document's full text, for prose reports and search

    def to_json(self) -> dict[str, Any]:
        """The canonical report plus ``findings`` and ``provenance``, as ``gongkai parse --json`` prints it."""
        return {
            **self.report,
            "findings": [f.to_json() for f in self.findings],
            "provenance": self.provenance,
        }
