"""legacy reports (2008–2018): their key figures, and one series across the eras

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 10:00:00

- ``legacy_facts``: one row per key figure of a legacy report version (``codes.json`` legacy):
  value (NULL where the report states none) and where it was printed (source, location, quote).
  No foreign key, like the other fact tables (db.models.FACT_NOTE).
- ``v_legacy``: the current versions' key figures with the agency key, year and provenance.
- ``v_series``: legacy figures beside the nearest cells of the 2019/2021 tables, so that one
  query gives a 2008–2025 series per agency: requests_received ↔ table 3 new (本年新收) total,
  requests_answered ↔ handled_total, granted, partly_granted, denied ↔ the sum of the denied_*
  rows, not_held ↔ unavailable_not_held, review ↔ table 4 review total, litigation ↔ the sum
  of litigation_direct and litigation_after_review totals. ``origin`` names the cells.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CURRENT = "v.superseded_at IS NULL"
# The name printed on the report (migration 0004's views do the same) and the canonical name.
PRINTED = "COALESCE(n.name, a.name)"
#: Legacy key figures that have a counterpart in the 2019/2021 tables.
SERIES_MEASURES = (
    "requests_received",
    "requests_answered",
    "granted",
    "partly_granted",
    "denied",
    "not_held",
    "review",
    "litigation",
)


def _join(dialect: str) -> str:
    """CROSS JOIN fixes SQLite's join order (agency → report → version → facts), as in 0002."""
    return "CROSS JOIN" if dialect == "sqlite" else "JOIN"


def _current(dialect: str, table: str) -> str:
    j = _join(dialect)
    return f"""FROM agencies a
        {j} reports r ON r.agency_id = a.id
        {j} report_versions v ON v.report_id = r.id AND {CURRENT}
        {j} {table} f ON f.version_id = v.id
        LEFT JOIN agency_names n ON n.id = v.agency_name_id"""


def _legacy(dialect: str) -> str:
    return f"""
        SELECT a.id AS agency_id, {PRINTED} AS agency, a.region_code AS region_code,
               r.year AS year, f.measure AS measure, f.value AS value, f.source AS source,
               f.location AS location, f.quote AS quote, a.name AS agency_name
        {_current(dialect, "legacy_facts")}"""


def _series(dialect: str) -> str:
    measures = ", ".join(f"'{m}'" for m in SERIES_MEASURES)
    request = """CASE WHEN f.row_code = 'new' THEN 'requests_received'
                     WHEN f.row_code = 'handled_total' THEN 'requests_answered'
                     WHEN f.row_code = 'unavailable_not_held' THEN 'not_held'
                     WHEN f.row_code LIKE 'denied%' THEN 'denied'
                     ELSE f.row_code END"""
    request_origin = """CASE WHEN f.row_code LIKE 'denied%' THEN 'requests.denied_*.total'
                            ELSE 'requests.' || f.row_code || '.total' END"""
    appeal = "CASE WHEN f.group_code = 'review' THEN 'review' ELSE 'litigation' END"
    appeal_origin = """CASE WHEN f.group_code = 'review' THEN 'appeals.review.total'
                           ELSE 'appeals.litigation_*.total' END"""
    cells = f"a.id AS agency_id, {PRINTED} AS agency, a.region_code AS region_code, r.year AS year"
    name = "a.name AS agency_name"
    keys = "agency_id, agency, region_code, year, measure, format, origin, agency_name"
    summed = (
        "agency_id, agency, region_code, year, measure, SUM(value) AS value, format, origin, "
        "agency_name"
    )
    return f"""
        SELECT {cells}, f.measure AS measure, f.value AS value, v.format AS format,
               'legacy.' || f.measure AS origin, {name}
        {_current(dialect, "legacy_facts")}
        WHERE f.measure IN ({measures})
        UNION ALL
        SELECT {summed} FROM (
            SELECT {cells}, {request} AS measure, f.value AS value, v.format AS format,
                   {request_origin} AS origin, {name}
            {_current(dialect, "request_facts")}
            WHERE f.column_code = 'total'
              AND (f.row_code IN ('new', 'handled_total', 'granted', 'partly_granted',
                                  'unavailable_not_held') OR f.row_code LIKE 'denied%')
        ) cells_3 GROUP BY {keys}
        UNION ALL
        SELECT {summed} FROM (
            SELECT {cells}, {appeal} AS measure, f.value AS value, v.format AS format,
                   {appeal_origin} AS origin, {name}
            {_current(dialect, "appeal_facts")}
            WHERE f.measure = 'total'
              AND f.group_code IN ('review', 'litigation_direct', 'litigation_after_review')
        ) cells_4 GROUP BY {keys}"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "legacy_facts",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("measure", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Numeric(), nullable=True),
        sa.Column("source", sa.String(length=10), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("quote", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("version_id", "measure", name=op.f("pk_legacy_facts")),
    )
    op.execute(f"CREATE VIEW v_legacy AS {_legacy(dialect)}")
    op.execute(f"CREATE VIEW v_series AS {_series(dialect)}")


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_series")
    op.execute("DROP VIEW IF EXISTS v_legacy")
    op.drop_table("legacy_facts")
