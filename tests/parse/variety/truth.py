"""Random canonical reports for the variety generator: numbers that obey the template's
identities, in the 2021 or the 2019 edition, with the cells a document leaves blank as ``None``.

Only the vocabulary (``gongkai.core.vocabulary``) is shared with the parser.
"""

from __future__ import annotations

import random
from typing import Any

from gongkai.core import vocabulary as v

_PLACES = [
    "汀州",
    "梅岭",
    "清溪",
    "凤台",
    "盘石",
    "蓝田",
    "樟树",
    "枫林",
    "沙湾",
    "铁山",
    "双峰",
    "雁塔",
]
_BODIES = [
    "人民政府",
    "财政局",
    "民政局",
    "司法局",
    "水利局",
    "统计局",
    "医疗保障局",
    "应急管理局",
    "人民政府办公室",
    "农业农村局",
    "街道办事处",
]


def _count(rng: random.Random, scale: int) -> int:
    if rng.random() < 0.45:
        return 0
    return int(rng.expovariate(1 / scale)) if scale > 1 else rng.randint(0, 3)


def make_truth(rng: random.Random, fmt: str, *, big: bool = False) -> dict[str, Any]:
    """A report in the canonical shape (agency, year, format, proactive, requests, appeals)."""
    year = rng.choice([2019, 2020]) if fmt == "2019" else rng.choice([2021, 2022, 2023, 2024])
    agency = rng.choice(_PLACES) + rng.choice(["县", "区", "市"]) + rng.choice(_BODIES)
    scale = 900 if big else 6
    proactive: dict[str, dict[str, Any]] = {}
    for item, measures in v.proactive_measures(fmt).items():
        row: dict[str, Any] = {}
        for m in measures:
            if m in v.decimal_measures(fmt):
                row[m] = (
                    rng.choice(["0", "12.5", "3382", "1234.56", "0.8", "25000"])
                    if big
                    else rng.choice(["0", "1.2", "36", "0.05"])
                )
            elif m in v.signed_measures(fmt):
                row[m] = rng.choice([0, 0, 2, -1, 5, -3])
            else:
                row[m] = _count(rng, 20000 if big and m == "decisions" else 30)
        proactive[item] = row
    requests: dict[str, dict[str, Any]] = {code: {} for code in v.request_rows(fmt)}
    results = v.result_rows(fmt)
    for col in v.APPLICANT_COLUMNS:
        col_scale = scale if col == "natural_person" else 2
        handled = 0
        for code in results:
            n = _count(rng, col_scale * (3 if code in ("granted", "unavailable_not_held") else 1))
            requests[code][col] = n
            handled += n
        requests["handled_total"][col] = handled
        carried_over = rng.randint(0, min(handled, 4))
        carried_forward = rng.randint(0, 3) if handled else 0
        requests["carried_over"][col] = carried_over
        requests["carried_forward"][col] = carried_forward
        requests["new"][col] = handled + carried_forward - carried_over
    for row in requests.values():
        row["total"] = sum(row[c] for c in v.APPLICANT_COLUMNS)
    appeals: dict[str, dict[str, Any]] = {}
    for group in v.APPEAL_GROUPS:
        parts = {
            m: rng.choice([0, 0, 0, 1, 2, 5]) for m in ("upheld", "corrected", "other", "pending")
        }
        appeals[group] = {**parts, "total": sum(parts.values())}
    return {
        "agency": agency,
        "year": year,
        "format": fmt,
        "proactive": proactive,
        "requests": requests,
        "appeals": appeals,
    }


def blank_some(truth: dict[str, Any], rng: random.Random, share: float) -> None:
    """Zeros the document will write as a blank mark: ``None`` in the truth."""
    for table in ("proactive", "requests", "appeals"):
        for row in truth[table].values():
            for key, val in row.items():
                if val in (0, "0") and rng.random() < share:
                    row[key] = None


def cells(report: dict[str, Any]) -> dict[tuple[str, str, str], Any]:
    """Every table cell of a canonical report by (table, row, column)."""
    out: dict[tuple[str, str, str], Any] = {}
    for table in ("proactive", "requests", "appeals"):
        for row, vals in (report.get(table) or {}).items():
            for col, x in vals.items():
                out[(table, row, col)] = x
    return out
