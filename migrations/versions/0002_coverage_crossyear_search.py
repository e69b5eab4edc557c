"""coverage ledger, cross-year findings (rule 5), full-text search support

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 00:30:00

- ``coverage_reference``: the date v_coverage counts from (empty: today).
- ``v_coverage``: found / late / missing / blocked / unreachable / not_due per agency and year.
  Lateness counts from the earliest date any version of the report states (its first
  publication): a correction republished later does not make a report late. An agency's
  portals are the one registered for it and every portal its reports were found on (a
  department publishing on its county's portal); the latest crawl among them decides
  blocked / unreachable.
- ``v_cross_year``: this year's carried_over against last year's carried_forward, per column.
- ``v_findings`` redefined (same columns) to add the rule 5 rows of v_cross_year.
- ``v_proactive``, ``v_requests``, ``v_appeals`` redefined (same columns, same rows) with a join
  order that SQLite can run fast without statistics.
- PostgreSQL: pg_trgm and a GIN trigram index on section_texts.text (ILIKE search). SQLite gets
  an empty partial index of the same name; its FTS5 search index is built by gongkai.query.search.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CURRENT = "v.superseded_at IS NULL"

# v_findings as 0001 created it; restored on downgrade.
FINDINGS_0001 = f"""
        SELECT a.name AS agency, a.region_code AS region_code, r.year AS year,
               f.rule AS rule, f.detail AS detail
        FROM findings f
        JOIN report_versions v ON v.id = f.version_id AND {CURRENT}
        JOIN reports r ON r.id = v.report_id
        JOIN agencies a ON a.id = r.agency_id"""

# The fact views as 0001 created them; restored on downgrade.
FACT_VIEWS_0001 = {
    name: f"""
        SELECT a.name AS agency, a.region_code AS region_code, r.year AS year,
               {cols}
        FROM {table} f
        JOIN report_versions v ON v.id = f.version_id AND {CURRENT}
        JOIN reports r ON r.id = v.report_id
        JOIN agencies a ON a.id = r.agency_id"""
    for name, table, cols in (
        (
            "v_proactive",
            "proactive_facts",
            "f.item AS item, f.measure AS measure, f.value AS value",
        ),
        (
            "v_requests",
            "request_facts",
            "f.row_code AS row_code, f.column_code AS column_code, f.value AS value",
        ),
        (
            "v_appeals",
            "appeal_facts",
            "f.group_code AS group_code, f.measure AS measure, f.value AS value",
        ),
    )
}


def _join(dialect: str) -> str:
    return "CROSS JOIN" if dialect == "sqlite" else "JOIN"


def _fact_views(dialect: str) -> dict[str, str]:
    """The fact views with 0001's columns and rows, joined from the agency down (agency →
    report → current version → facts). SQLite has no statistics unless someone runs ANALYZE,
    and without them it scanned all of request_facts for ``WHERE agency = …`` (0.8 s at 10,000
    reports, 3 ms this way); CROSS JOIN fixes SQLite's join order. PostgreSQL plans by its own
    statistics."""
    j = _join(dialect)
    return {
        name: f"""
        SELECT a.name AS agency, a.region_code AS region_code, r.year AS year,
               {cols}
        FROM agencies a
        {j} reports r ON r.agency_id = a.id
        {j} report_versions v ON v.report_id = r.id AND {CURRENT}
        {j} {table} f ON f.version_id = v.id"""
        for name, table, cols in (
            (
                "v_proactive",
                "proactive_facts",
                "f.item AS item, f.measure AS measure, f.value AS value",
            ),
            (
                "v_requests",
                "request_facts",
                "f.row_code AS row_code, f.column_code AS column_code, f.value AS value",
            ),
            (
                "v_appeals",
                "appeal_facts",
                "f.group_code AS group_code, f.measure AS measure, f.value AS value",
            ),
        )
    }


def _cross_year(dialect: str) -> str:
    """Rule 5 (REPORT_FORMAT.md): per column, this year's carried_over = last year's
    carried_forward. Empty cells count as zero, as in the identities 1-4; both rows must exist."""
    j = _join(dialect)
    return f"""
        SELECT a.name AS agency, a.region_code AS region_code, r.year AS year,
               cur.column_code AS column_code,
               COALESCE(cur.value, 0) AS carried_over,
               COALESCE(prev.value, 0) AS previous_carried_forward,
               CASE WHEN COALESCE(cur.value, 0) = COALESCE(prev.value, 0) THEN 1 ELSE 0 END AS consistent
        FROM agencies a
        {j} reports r ON r.agency_id = a.id
        {j} reports pr ON pr.agency_id = r.agency_id AND pr.year = r.year - 1
        {j} report_versions v ON v.report_id = r.id AND {CURRENT}
        {j} report_versions pv ON pv.report_id = pr.id AND pv.superseded_at IS NULL
        {j} request_facts cur ON cur.version_id = v.id AND cur.row_code = 'carried_over'
        {j} request_facts prev ON prev.version_id = pv.id AND prev.row_code = 'carried_forward'
             AND prev.column_code = cur.column_code"""


FINDINGS_0002 = (
    FINDINGS_0001
    + """
        UNION ALL
        SELECT c.agency AS agency, c.region_code AS region_code, c.year AS year, '5' AS rule,
               c.column_code || ': carried_over = ' || CAST(c.carried_over AS TEXT)
               || ' but ' || CAST(c.year - 1 AS TEXT) || ' carried_forward = '
               || CAST(c.previous_carried_forward AS TEXT) AS detail
        FROM v_cross_year c
        WHERE c.consistent = 0"""
)


def _coverage_sql(dialect: str) -> str:
    """v_coverage for ``dialect``: only the date arithmetic differs between the two."""
    gov = "a.kind IN ('government', 'township')"
    if dialect == "sqlite":
        ref_date = "COALESCE((SELECT MAX(as_of) FROM coverage_reference), DATE('now'))"
        ref_year = "CAST(substr(ref.as_of, 1, 4) AS INTEGER)"
        deadline = f"printf('%04d-%s', y.year + 1, CASE WHEN {gov} THEN '03-31' ELSE '01-31' END)"
    else:
        ref_date = "COALESCE((SELECT MAX(as_of) FROM coverage_reference), CURRENT_DATE)"
        ref_year = "CAST(EXTRACT(YEAR FROM ref.as_of) AS INTEGER)"
        deadline = f"make_date(y.year + 1, CASE WHEN {gov} THEN 3 ELSE 1 END, 31)"
    return f"""
        WITH RECURSIVE
        ref(as_of) AS (SELECT {ref_date}),
        span(agency_id, first_year, last_year) AS (
            SELECT r.agency_id, MIN(r.year),
                   CASE WHEN MAX(r.year) > (SELECT {ref_year} - 1 FROM ref) THEN MAX(r.year)
                        ELSE (SELECT {ref_year} - 1 FROM ref) END
            FROM reports r GROUP BY r.agency_id),
        years(agency_id, year, last_year) AS (
            SELECT agency_id, first_year, last_year FROM span
            UNION ALL
            SELECT agency_id, year + 1, last_year FROM years WHERE year < last_year),
        agency_portals(agency_id, portal_id) AS (
            SELECT agency_id, id FROM portals WHERE agency_id IS NOT NULL
            UNION
            SELECT r.agency_id, d.portal_id
            FROM reports r
            JOIN report_versions v ON v.report_id = r.id
            JOIN report_sources s ON s.version_id = v.id
            JOIN documents d ON d.url = s.source_url
            WHERE d.portal_id IS NOT NULL),
        outcomes(agency_id, outcome, rn) AS (
            SELECT ap.agency_id, crp.outcome,
                   ROW_NUMBER() OVER (PARTITION BY ap.agency_id
                                      ORDER BY cr.started_at DESC, crp.run_id DESC)
            FROM agency_portals ap
            JOIN crawl_run_portals crp ON crp.portal_id = ap.portal_id
            JOIN crawl_runs cr ON cr.id = crp.run_id),
        first_published(report_id, published) AS (
            SELECT report_id, MIN(published) FROM report_versions GROUP BY report_id),
        ledger(agency_id, year, report_id, published, deadline) AS (
            SELECT y.agency_id, y.year, r.id, fp.published, {deadline}
            FROM years y
            JOIN agencies a ON a.id = y.agency_id
            LEFT JOIN reports r ON r.agency_id = y.agency_id AND r.year = y.year
            LEFT JOIN first_published fp ON fp.report_id = r.id)
        SELECT a.region_code AS region_code, a.name AS agency, l.year AS year,
               CASE
                 WHEN l.report_id IS NOT NULL AND l.published > l.deadline THEN 'late'
                 WHEN l.report_id IS NOT NULL THEN 'found'
                 WHEN l.deadline >= (SELECT as_of FROM ref) THEN 'not_due'
                 WHEN o.outcome = 'blocked' THEN 'blocked'
                 WHEN o.outcome = 'unreachable' THEN 'unreachable'
                 ELSE 'missing'
               END AS status,
               l.published AS published, l.deadline AS deadline
        FROM ledger l
        JOIN agencies a ON a.id = l.agency_id
        LEFT JOIN outcomes o ON o.agency_id = l.agency_id AND o.rn = 1"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        "coverage_reference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coverage_reference")),
    )
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    with op.batch_alter_table("section_texts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_section_texts_text_trgm",
            ["text"],
            unique=False,
            postgresql_using="gin",
            postgresql_ops={"text": "gin_trgm_ops"},
            sqlite_where=sa.false(),
        )
    op.execute(f"CREATE VIEW v_coverage AS {_coverage_sql(dialect)}")
    op.execute(f"CREATE VIEW v_cross_year AS {_cross_year(dialect)}")
    op.execute("DROP VIEW IF EXISTS v_findings")
    op.execute(f"CREATE VIEW v_findings AS {FINDINGS_0002}")
    for name, body in _fact_views(dialect).items():
        op.execute(f"DROP VIEW IF EXISTS {name}")
        op.execute(f"CREATE VIEW {name} AS {body}")


def downgrade() -> None:
    for name, body in FACT_VIEWS_0001.items():
        op.execute(f"DROP VIEW IF EXISTS {name}")
        op.execute(f"CREATE VIEW {name} AS {body}")
    op.execute("DROP VIEW IF EXISTS v_findings")
    op.execute(f"CREATE VIEW v_findings AS {FINDINGS_0001}")
    op.execute("DROP VIEW IF EXISTS v_cross_year")
    op.execute("DROP VIEW IF EXISTS v_coverage")
    # Built outside Alembic by gongkai.query.search (FTS5 cannot be described by the models).
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_fts")
    with op.batch_alter_table("section_texts", schema=None) as batch_op:
        batch_op.drop_index("ix_section_texts_text_trgm")
    op.drop_table("coverage_reference")
