"""The rows of a report version, written in bulk: the version row, its facts and findings."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Table, insert

from db.bulk import bulk_insert
from db.models import (
    AppealFact,
    LegacyFact,
    ProactiveFact,
    ReportVersion,
    RequestFact,
    SectionText,
)
from gongkai.core.report import Finding

VERSIONS: Table = ReportVersion.__table__  # type: ignore[assignment]

FINDING_COLUMNS = ("version_id", "rule", "detail", "cells")


def finding_rows(
    version_id: int, findings: Iterable[Finding | Mapping[str, Any]]
) -> list[tuple[Any, ...]]:
    """(version_id, rule, detail, cells as JSON text) tuples for ``bulk_insert``."""
    rows = []
    for f in findings:
        if isinstance(f, Finding):
            rule, detail, cells = f.rule, f.detail, list(f.cells)
        else:
            rule, detail, cells = (
                str(f["rule"]),
                str(f.get("detail", "")),
                list(f.get("cells") or []),
            )
        rows.append((version_id, rule, detail, json.dumps(cells, ensure_ascii=False)))
    return rows


#: Fact tables and their columns, in the order ``fact_rows`` fills them.
FACT_TABLES: dict[str, tuple[Table, tuple[str, ...]]] = {
    "proactive": (ProactiveFact.__table__, ("version_id", "item", "measure", "value")),  # type: ignore[dict-item]
    "requests": (RequestFact.__table__, ("version_id", "row_code", "column_code", "value")),  # type: ignore[dict-item]
    "appeals": (AppealFact.__table__, ("version_id", "group_code", "measure", "value")),  # type: ignore[dict-item]
    "sections": (SectionText.__table__, ("version_id", "section", "text")),  # type: ignore[dict-item]
    "legacy": (
        LegacyFact.__table__,  # type: ignore[dict-item]
        ("version_id", "measure", "value", "source", "location", "quote"),
    ),
}


def fact_rows(
    version_id: int, report: Mapping[str, Any], into: dict[str, list[tuple[Any, ...]]]
) -> None:
    """Append (version_id, row, column, value) tuples; decimal amounts stay strings (exact)."""
    for table in ("proactive", "requests", "appeals"):
        into[table].extend(
            (version_id, row, column, value)
            for row, cells in (report.get(table) or {}).items()
            for column, value in cells.items()
        )
    into["sections"].extend(
        (version_id, code, text) for code, text in (report.get("sections") or {}).items()
    )
    # a legacy report: every key figure, NULL where the report states none
    into["legacy"].extend(
        (version_id, key, *_legacy_row(figure))
        for key, figure in (report.get("legacy") or {}).items()
    )


def _legacy_row(figure: Mapping[str, Any] | None) -> tuple[Any, ...]:
    if figure is None:
        return (None, None, None, None)
    return (figure["value"], figure.get("source"), figure.get("where"), figure.get("text"))


VERSION_COLUMNS = (
    "id",
    "report_id",
    "version",
    "content_hash",
    "canonical",
    "format",
    "published",
    "source_url",
    "document_sha256",
    "agency_name_id",
    "parser_version",
    "provenance",
    "valid_from",
    "superseded_at",
    "last_seen",
)


def insert_versions(conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert version rows, returning their ids in order. On PostgreSQL the ids are drawn from
    the table's sequence first and the rows go in by COPY: the canonical JSON is most of the
    bytes a load writes, and a multi-row INSERT … RETURNING of it was the slowest statement."""
    if conn.dialect.name != "postgresql":
        return list(
            conn.execute(
                insert(VERSIONS).returning(VERSIONS.c.id, sort_by_parameter_order=True), rows
            ).scalars()
        )
    ids = list(
        conn.exec_driver_sql(
            "SELECT nextval(pg_get_serial_sequence('report_versions', 'id')) "
            f"FROM generate_series(1, {len(rows)})"
        ).scalars()
    )
    tuples = []
    for vid, row in zip(ids, rows, strict=True):
        row = {
            **row,
            "id": vid,
            "canonical": json.dumps(row["canonical"], ensure_ascii=False),
            "provenance": None
            if row["provenance"] is None
            else json.dumps(row["provenance"], ensure_ascii=False),
        }
        tuples.append(tuple(row[c] for c in VERSION_COLUMNS))
    bulk_insert(conn, VERSIONS, VERSION_COLUMNS, tuples)
    return ids
