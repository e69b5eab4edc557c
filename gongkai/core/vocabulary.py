"""The canonical vocabulary of REPORT_FORMAT.md, loaded once from ``codes.json``.

Codes are the names used by the canonical JSON, the fact tables and the SQL views.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def _load() -> dict[str, Any]:
    return json.loads(resources.files("gongkai.core").joinpath("codes.json").read_text("utf-8"))


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

#: ``legacy``: a report of 2008–2018 (no statutory tables; key figures in ``LEGACY_KEYS``).
#: ``prose``: how legacy reports were archived before their figures were read (`gongkai
#: reparse --all` turns them into ``legacy``).
FORMATS: tuple[str, ...] = ("2021", "2019", "legacy", "prose")

# --- Legacy reports (国务院令第492号, report years 2008–2018) -----------------------------------

LEGACY_KEYS: dict[str, str] = CODES["legacy"]["keys"]
#: Legacy keys whose values are decimal amounts kept as strings (元).
LEGACY_DECIMAL_KEYS: frozenset[str] = frozenset(CODES["legacy"]["decimal_keys"])
#: Where a legacy figure was read: a sentence or a table row.
LEGACY_SOURCES: tuple[str, ...] = tuple(CODES["legacy"]["sources"])

# --- The 2019 edition (国办公开办函〔2019〕60号), used for the 2019 and 2020 reports -----------

_F2019: dict[str, Any] = CODES["formats"]["2019"]
PROACTIVE_ITEMS_2019: dict[str, str] = _F2019["proactive"]["items"]
PROACTIVE_MEASURES_2019: dict[str, list[str]] = _F2019["proactive"]["measures"]
PROACTIVE_MEASURE_LABELS_2019: dict[str, str] = _F2019["proactive"]["measure_labels"]
SIGNED_MEASURES_2019: frozenset[str] = frozenset(_F2019["proactive"]["signed_measures"])
DECIMAL_MEASURES_2019: frozenset[str] = frozenset(_F2019["proactive"]["decimal_measures"])
REQUEST_ROWS_2019: dict[str, str] = {}
for _code, _label in REQUEST_ROWS.items():
    if _code == "other_no_correction":
        REQUEST_ROWS_2019.update(_F2019["requests"]["rows"])
    if _code not in _F2019["requests"]["dropped_rows"]:
        REQUEST_ROWS_2019[_code] = _label
RESULT_ROWS_2019: list[str] = [
    r
    for r in REQUEST_ROWS_2019
    if r not in ("new", "carried_over", "handled_total", "carried_forward")
]


#: Rows of one edition a report of the other edition may print (a *mixed edition*: a 2021
#: report with 2019's single （六）其他处理 row, or 2019's table-2 items in a 2021 table).
OTHER_PROCESSING_ROWS: tuple[str, ...] = ("other_no_correction", "other_unpaid_fee", "other_other")


def other_edition_request_rows(fmt: str) -> dict[str, str]:
    """Table-3 rows of the other edition that a ``fmt`` report may carry."""
    own = request_rows(fmt)
    other = REQUEST_ROWS if fmt == "2019" else REQUEST_ROWS_2019
    return {code: label for code, label in other.items() if code not in own}


def other_edition_items(fmt: str) -> dict[str, list[str]]:
    """Table-2 items of the other edition a ``fmt`` report may carry, with their measures."""
    own = proactive_items(fmt)
    other = PROACTIVE_MEASURES if fmt == "2019" else PROACTIVE_MEASURES_2019
    return {item: measures for item, measures in other.items() if item not in own}


def proactive_items(fmt: str) -> dict[str, str]:
    return PROACTIVE_ITEMS_2019 if fmt == "2019" else PROACTIVE_ITEMS


def proactive_measures(fmt: str) -> dict[str, list[str]]:
    return PROACTIVE_MEASURES_2019 if fmt == "2019" else PROACTIVE_MEASURES


def request_rows(fmt: str) -> dict[str, str]:
    return REQUEST_ROWS_2019 if fmt == "2019" else REQUEST_ROWS


def result_rows(fmt: str) -> list[str]:
    return RESULT_ROWS_2019 if fmt == "2019" else RESULT_ROWS


def signed_measures(fmt: str) -> frozenset[str]:
    """Table-2 measures that may be negative: only 2019's 本年增/减."""
    return SIGNED_MEASURES_2019 if fmt == "2019" else frozenset()


def decimal_measures(fmt: str) -> frozenset[str]:
    """Table-2 measures that are decimal amounts (strings), per edition."""
    return DECIMAL_MEASURES_2019 if fmt == "2019" else DECIMAL_MEASURES
