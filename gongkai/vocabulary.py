"""The canonical vocabulary of REPORT_FORMAT.md, loaded once from ``codes.json``.

Codes are the names used by the canonical JSON, the fact tables and the SQL views.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def _load() -> dict[str, Any]:
    return json.loads(resources.files("gongkai").joinpath("codes.json").read_text("utf-8"))


CODES: dict[str, Any] = _load()

SECTIONS: dict[str, str] = CODES["sections"]

PROACTIVE_ITEMS: dict[str, str] = CODES["proactive"]["items"]
PROACTIVE_MEASURES: dict[str, list[str]] = CODES["proactive"]["measures"]
PROACTIVE_MEASURE_LABELS: dict[str, str] = CODES["proactive"]["measure_labels"]
#: Measures whose values are decimal amounts kept as strings.
DECIMAL_MEASURES: frozenset[str] = frozenset({"amount_10k_yuan"})

REQUEST_COLUMNS: dict[str, str] = CODES["requests"]["columns"]
REQUEST_ROWS: dict[str, str] = CODES["requests"]["rows"]
RESULT_ROWS: list[str] = CODES["requests"]["result_rows"]
APPLICANT_COLUMNS: list[str] = [c for c in REQUEST_COLUMNS if c != "total"]

APPEAL_GROUPS: dict[str, str] = CODES["appeals"]["groups"]
APPEAL_MEASURES: dict[str, str] = CODES["appeals"]["measures"]

FORMATS: tuple[str, ...] = ("2021", "2019", "prose")
