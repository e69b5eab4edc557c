"""The canonical report: validation of its JSON form and the template's identities.

The shape is fixed by ``REPORT_FORMAT.md``; this module is the single place that knows it,
used by the parser (to check what it produced) and by the loader (to refuse bad input).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from gongkai.core import vocabulary as v

Report = dict[str, Any]


class ReportFormatError(ValueError):
    """A canonical report is malformed; ``field`` names the offending path."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True, slots=True)
class Finding:
    """A broken identity (勾稽关系) or another problem worth a reader's attention."""

    rule: str
    detail: str
    cells: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "detail": self.detail, "cells": list(self.cells)}


_SIGNED = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d+(\.\d+)?$")


def _count(value: Any, path: str, *, signed: bool) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ReportFormatError(path, f"expected a whole number or null, got {value!r}")
    if isinstance(value, str):
        if not _SIGNED.match(value.strip()):
            raise ReportFormatError(path, f"not a number: {value!r}")
        value = int(value.strip())
    if value < 0 and not signed:
        raise ReportFormatError(path, f"a count cannot be negative: {value}")
    return value


def _amount(value: Any, path: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ReportFormatError(path, f"expected a decimal amount or null, got {value!r}")
    text = str(value).strip().replace(",", "")
    if not _DECIMAL.match(text):
        raise ReportFormatError(path, f"not a decimal amount: {value!r}")
    try:
        Decimal(text)
    except InvalidOperation as exc:  # pragma: no cover - the regex already excludes these
        raise ReportFormatError(path, f"not a decimal amount: {value!r}") from exc
    return text


def _table(
    data: Any,
    path: str,
    rows: dict[str, Any],
    columns_for: Any,
    *,
    signed: frozenset[str] = frozenset(),
    decimals: frozenset[str] = frozenset(),
) -> dict[str, dict[str, Any]]:
    """Check one table; ``signed`` and ``decimals`` name the columns that may be negative
    (本年增/减) and those that hold decimal amounts."""
    if not isinstance(data, dict):
        raise ReportFormatError(path, "expected an object")
    out: dict[str, dict[str, Any]] = {}
    for row, cells in data.items():
        if row not in rows:
            raise ReportFormatError(f"{path}.{row}", f"unknown row code (known: {', '.join(rows)})")
        if not isinstance(cells, dict):
            raise ReportFormatError(f"{path}.{row}", "expected an object")
        columns = columns_for(row)
        out[row] = {}
        for column, value in cells.items():
            cell = f"{path}.{row}.{column}"
            if column not in columns:
                raise ReportFormatError(cell, f"unknown column code (known: {', '.join(columns)})")
            if column in decimals:
                out[row][column] = _amount(value, cell)
            else:
                out[row][column] = _count(value, cell, signed=column in signed)
    return out


def validate(data: Any) -> Report:
    """Check a canonical report and return it normalised; raise ReportFormatError on the first fault."""
    if not isinstance(data, dict):
        raise ReportFormatError("$", "a report is a JSON object")
    agency = data.get("agency")
    if not isinstance(agency, str) or not agency.strip():
        raise ReportFormatError("agency", "missing or empty")
    year = data.get("year")
    if isinstance(year, str) and year.isdigit():
        year = int(year)
    if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100:
        raise ReportFormatError("year", f"expected a year such as 2024, got {year!r}")
    fmt = str(data.get("format") or "2021")
    if fmt not in v.FORMATS:
        raise ReportFormatError("format", f"unknown format {fmt!r} (known: {', '.join(v.FORMATS)})")
    published = data.get("published")
    if published is not None:
        try:
            published = date.fromisoformat(str(published)).isoformat()
        except ValueError as exc:
            raise ReportFormatError("published", f"expected YYYY-MM-DD, got {published!r}") from exc
    out: Report = {
        "agency": re.sub(r"\s+", "", agency),
        "year": year,
        "format": fmt,
        "published": published,
    }
    if "proactive" in data and data["proactive"] is not None:
        # a mixed edition may print the other edition's items, each with that edition's measures
        measures = {**v.other_edition_items(fmt), **v.proactive_measures(fmt)}
        out["proactive"] = _table(
            data["proactive"],
            "proactive",
            measures,
            lambda item: measures[item],
            signed=v.signed_measures(fmt) | v.SIGNED_MEASURES_2019,
            decimals=v.decimal_measures(fmt) | v.DECIMAL_MEASURES_2019,
        )
    if "requests" in data and data["requests"] is not None:
        out["requests"] = _table(
            data["requests"],
            "requests",
            {**v.request_rows(fmt), **v.other_edition_request_rows(fmt)},
            lambda _row: v.REQUEST_COLUMNS,
        )
    if "appeals" in data and data["appeals"] is not None:
        out["appeals"] = _table(
            data["appeals"],
            "appeals",
            v.APPEAL_GROUPS,
            lambda _group: v.APPEAL_MEASURES,
        )
    if data.get("legacy") is not None:
        if fmt != "legacy":
            raise ReportFormatError("legacy", f"key figures of a legacy report in format {fmt!r}")
        out["legacy"] = _legacy(data["legacy"])
    sections = data.get("sections")
    if sections is not None:
        if not isinstance(sections, dict) or not all(
            isinstance(k, str) and isinstance(t, str) for k, t in sections.items()
        ):
            raise ReportFormatError("sections", "expected an object of section code to text")
        out["sections"] = dict(sections)
    return out


def _legacy(data: Any) -> dict[str, dict[str, Any] | None]:
    """The ``legacy`` object: every key of ``LEGACY_KEYS``, each null or ``{"value", "source",
    "where", "text"}`` (a bare number is read as its value)."""
    if not isinstance(data, dict):
        raise ReportFormatError("legacy", "expected an object of key figures")
    unknown = [k for k in data if k not in v.LEGACY_KEYS]
    if unknown:
        raise ReportFormatError(
            f"legacy.{unknown[0]}", f"unknown key figure (known: {', '.join(v.LEGACY_KEYS)})"
        )
    out: dict[str, dict[str, Any] | None] = {}
    for key in v.LEGACY_KEYS:
        path = f"legacy.{key}"
        figure = data.get(key)
        if figure is not None and not isinstance(figure, dict):
            figure = {"value": figure}
        value = None if figure is None else figure.get("value")
        if key in v.LEGACY_DECIMAL_KEYS:
            value = _amount(value, f"{path}.value")
            if value is not None and value.startswith("-"):
                raise ReportFormatError(f"{path}.value", f"an amount cannot be negative: {value}")
        else:
            value = _count(value, f"{path}.value", signed=False)
        if figure is None or value is None:
            out[key] = None
            continue
        source = figure.get("source")
        if source is not None and source not in v.LEGACY_SOURCES:
            raise ReportFormatError(
                f"{path}.source", f"expected one of {', '.join(v.LEGACY_SOURCES)}, got {source!r}"
            )
        for part in ("where", "text"):
            if figure.get(part) is not None and not isinstance(figure[part], str):
                raise ReportFormatError(f"{path}.{part}", "expected text")
        out[key] = {
            "value": value,
            "source": source,
            "where": figure.get("where"),
            "text": figure.get("text"),
        }
    return out


def legacy_values(report: Mapping[str, Any]) -> dict[str, Any]:
    """A validated report's legacy key figures as key → value (None where not stated)."""
    figures = report.get("legacy") or {}
    return {key: (fig or {}).get("value") for key, fig in figures.items()}


def _n(value: int | None) -> int:
    return value or 0


TOTAL_BLANK = "total_blank"


def result_rows_of(report: Report) -> list[str]:
    """The result rows identity 2 sums: the edition's, with （六） as printed — the single
    other_processing row in place of the three 2021 sub-rows when the report gives only the
    total (a mixed edition), and the reverse."""
    fmt = str(report.get("format") or "2021")
    rows = list(v.result_rows(fmt))
    requests = report.get("requests") or {}

    def printed(row: str) -> bool:
        return any(value is not None for value in (requests.get(row) or {}).values())

    subs = list(v.OTHER_PROCESSING_ROWS)
    if (
        "other_processing" not in rows
        and printed("other_processing")
        and not any(printed(r) for r in subs)
    ):
        rows = [*(r for r in rows if r not in subs), "other_processing"]
    elif (
        "other_processing" in rows
        and not printed("other_processing")
        and any(printed(r) for r in subs)
    ):
        at = rows.index("other_processing")
        rows[at : at + 1] = subs
    return rows


def _blank_totals(table: dict[str, dict[str, Any]], parts: list[str]) -> list[str]:
    """Rows whose 总计 is left blank although their parts add up to more than zero (a blank
    over zeros is the usual way of printing 0)."""
    return [
        row
        for row, values in table.items()
        if values.get("total") is None and sum(_n(values.get(p)) for p in parts) > 0
    ]


def check_identities(report: Report) -> list[Finding]:
    """The template's identities 1-4 (REPORT_FORMAT.md), checked on what is printed.

    An empty cell counts as zero, except a 总计 (total) left blank while the cells it totals
    add up to more than zero: that is not a zero but a total the report did not give. It raises one
    ``total_blank`` finding per table, and no identity is checked on that cell."""
    findings: list[Finding] = []
    result_rows = result_rows_of(report)
    requests = report.get("requests") or {}
    blank = set(_blank_totals(requests, v.APPLICANT_COLUMNS))
    if blank:
        findings.append(_blank_finding("requests", [r for r in requests if r in blank]))
    if requests:
        for col in v.REQUEST_COLUMNS:

            def cell(row: str, col: str = col) -> int:
                return _n(requests.get(row, {}).get(col))

            def unknown(rows: Any, col: str = col) -> bool:
                return col == "total" and any(r in blank for r in rows)

            sides = ("new", "carried_over", "handled_total", "carried_forward")
            left = cell("new") + cell("carried_over")
            right = cell("handled_total") + cell("carried_forward")
            if left != right and not unknown(sides):
                findings.append(
                    Finding(
                        "1",
                        f"{col}: new + carried_over = {left} but handled_total + carried_forward = {right}",
                        tuple(f"requests.{r}.{col}" for r in sides),
                    )
                )
            results = sum(cell(r) for r in result_rows)
            if results != cell("handled_total") and not unknown([*result_rows, "handled_total"]):
                findings.append(
                    Finding(
                        "2",
                        f"{col}: handled_total = {cell('handled_total')} but the result rows sum to {results}",
                        (f"requests.handled_total.{col}",),
                    )
                )
        for row, cells in requests.items():
            if row in blank:
                continue
            parts = sum(_n(cells.get(c)) for c in v.APPLICANT_COLUMNS)
            if parts != _n(cells.get("total")):
                findings.append(
                    Finding(
                        "3",
                        f"{row}: total = {_n(cells.get('total'))} but the applicant columns sum to {parts}",
                        (f"requests.{row}.total",),
                    )
                )
    appeals = report.get("appeals") or {}
    measures = ["upheld", "corrected", "other", "pending"]
    blank_groups = _blank_totals(appeals, measures)
    if blank_groups:
        findings.append(_blank_finding("appeals", blank_groups))
    for group, cells in appeals.items():
        if group in blank_groups:
            continue
        parts = sum(_n(cells.get(m)) for m in measures)
        if parts != _n(cells.get("total")):
            findings.append(
                Finding(
                    "4",
                    f"{group}: total = {_n(cells.get('total'))} but upheld + corrected + other + pending = {parts}",
                    (f"appeals.{group}.total",),
                )
            )
    return findings


def _blank_finding(table: str, rows: list[str]) -> Finding:
    return Finding(
        TOTAL_BLANK,
        f"{table}: the total (总计) is left blank on {len(rows)} row(s) whose parts are printed "
        f"({', '.join(rows)}); not read as 0, and no identity is checked on those totals",
        tuple(f"{table}.{r}.total" for r in rows),
    )


def cells(report: Report) -> dict[str, Any]:
    """Every table cell as ``table.row.column`` → value, and a legacy report's key figures as
    ``legacy.key`` → value, for diffs and comparisons."""
    out: dict[str, Any] = {}
    for table in ("proactive", "requests", "appeals"):
        for row, values in (report.get(table) or {}).items():
            for column, value in values.items():
                out[f"{table}.{row}.{column}"] = value
    if report.get("legacy") is not None:
        out.update((f"legacy.{key}", value) for key, value in legacy_values(report).items())
    return out
