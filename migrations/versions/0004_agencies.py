"""agencies: one key across the years; names, lineage, decisions; views keyed by agency

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08 02:00:00

- ``regions.last_year``: past divisions (db/data/lineage.csv) are listed too, with the last year
  they existed, so an agency of a merged division (宣武区) keeps its code.
- ``agencies``: ``identity`` (the resolution key, db.agencies.resolve), ``stem``, ``parent_id``,
  ``merged_into``; ``kind`` widened to the seven kinds of gongkai.core.agency_kinds;
  ``normalized_name`` (unique) is gone: names live in ``agency_names``.
- ``agency_names`` replaces ``agency_aliases``: every name an agency signed under, with the
  years seen and where. Existing archives: every agency's name, every name its reports print
  and every alias becomes a name of that agency (the same row, same id); the identities are
  filled in at the head revision (migrations/env.py → db.agencies.store.backfill), which joins
  agencies whose names now resolve to one identity, as a recorded decision that can be undone.
- ``report_versions.agency_name_id``: the name a version signs with (the views' ``agency``).
- ``agency_lineage`` (predecessor → successor, year, reason) and ``agency_decisions``
  (merge / split / link … with a reason, undoable).
- Views: v_reports, v_report_versions, v_proactive, v_requests, v_appeals, v_findings,
  v_cross_year, v_coverage gain ``agency_id`` and ``agency_name`` (canonical) at the end;
  ``agency`` is the name as printed on that report. v_cross_year follows one-to-one lineage and
  says the step (``lineage_step``); v_coverage's deadline depends on the kind and the year
  (gongkai.core.agency_kinds.report_deadline), a predecessor's ledger ends where its successor
  begins, a past division's when it ended; it gains ``kind``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CURRENT = "v.superseded_at IS NULL"
VIEW_NAMES = (
    "v_findings",
    "v_cross_year",
    "v_coverage",
    "v_reports",
    "v_report_versions",
    "v_proactive",
    "v_requests",
    "v_appeals",
)
PRINTED = "COALESCE(n.name, a.name)"
KEY = "a.id AS agency_id, a.name AS agency_name"
TS = sa.DateTime(timezone=True)


def _earlier(name: str) -> ModuleType:
    """A previous revision's module, for the view definitions a downgrade restores."""
    path = Path(__file__).with_name(name)
    spec = importlib.util.spec_from_file_location(f"_gongkai_{path.stem}", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _join(dialect: str) -> str:
    return "CROSS JOIN" if dialect == "sqlite" else "JOIN"


def _views(dialect: str) -> dict[str, str]:
    j = _join(dialect)
    views = {
        "v_reports": f"""
        SELECT r.id AS report_id, {PRINTED} AS agency, a.region_code AS region_code,
               r.year AS year, v.version AS version, v.published AS published,
               v.source_url AS source_url, v.format AS format, {KEY}
        FROM reports r
        JOIN agencies a ON a.id = r.agency_id
        JOIN report_versions v ON v.report_id = r.id AND {CURRENT}
        LEFT JOIN agency_names n ON n.id = v.agency_name_id""",
        "v_report_versions": f"""
        SELECT r.id AS report_id, {PRINTED} AS agency, a.region_code AS region_code,
               r.year AS year, v.version AS version, v.id AS version_id,
               v.content_hash AS content_hash, v.published AS published,
               v.source_url AS source_url, v.format AS format,
               v.document_sha256 AS document_sha256, v.parser_version AS parser_version,
               v.valid_from AS valid_from, v.superseded_at AS superseded_at,
               v.last_seen AS last_seen,
               CASE WHEN v.superseded_at IS NULL THEN 1 ELSE 0 END AS is_current, {KEY}
        FROM reports r
        JOIN agencies a ON a.id = r.agency_id
        JOIN report_versions v ON v.report_id = r.id
        LEFT JOIN agency_names n ON n.id = v.agency_name_id""",
    }
    for name, table, cols in (
        ("v_proactive", "proactive_facts", "f.item AS item, f.measure AS measure"),
        ("v_requests", "request_facts", "f.row_code AS row_code, f.column_code AS column_code"),
        ("v_appeals", "appeal_facts", "f.group_code AS group_code, f.measure AS measure"),
    ):
        # joined from the agency down; CROSS JOIN fixes SQLite's join order (see 0002)
        views[name] = f"""
        SELECT {PRINTED} AS agency, a.region_code AS region_code, r.year AS year,
               {cols}, f.value AS value, {KEY}
        FROM agencies a
        {j} reports r ON r.agency_id = a.id
        {j} report_versions v ON v.report_id = r.id AND {CURRENT}
        {j} {table} f ON f.version_id = v.id
        LEFT JOIN agency_names n ON n.id = v.agency_name_id"""
    views["v_cross_year"] = _cross_year(dialect)
    views["v_findings"] = f"""
        SELECT {PRINTED} AS agency, a.region_code AS region_code, r.year AS year,
               f.rule AS rule, f.detail AS detail, {KEY}
        FROM findings f
        JOIN report_versions v ON v.id = f.version_id AND {CURRENT}
        JOIN reports r ON r.id = v.report_id
        JOIN agencies a ON a.id = r.agency_id
        LEFT JOIN agency_names n ON n.id = v.agency_name_id
        UNION ALL
        SELECT c.agency AS agency, c.region_code AS region_code, c.year AS year, '5' AS rule,
               c.column_code || ': carried_over = ' || CAST(c.carried_over AS TEXT)
               || ' but ' || CAST(c.year - 1 AS TEXT) || ' carried_forward = '
               || CAST(c.previous_carried_forward AS TEXT)
               || CASE WHEN c.lineage_step IS NULL THEN ''
                       ELSE ' (lineage step: ' || c.lineage_step || ')' END AS detail,
               c.agency_id AS agency_id, c.agency_name AS agency_name
        FROM v_cross_year c
        WHERE c.consistent = 0"""
    views["v_coverage"] = _coverage(dialect)
    return views


def _cross_year(dialect: str) -> str:
    """Rule 5: this year's carried_over against the previous report's carried_forward — the
    same agency's last year, or else its one-to-one predecessor's (agency_lineage).
    ``lineage_step`` names the step when the two reports sit on either side of one."""
    j = _join(dialect)
    return f"""
        WITH previous(report_id, previous_id, step) AS (
            SELECT r.id, pr.id, CAST(NULL AS VARCHAR(30))
            FROM reports r
            JOIN reports pr ON pr.agency_id = r.agency_id AND pr.year = r.year - 1
            UNION ALL
            SELECT r.id, pr.id, l.reason
            FROM agency_lineage l
            JOIN reports r ON r.agency_id = l.successor_id
            JOIN reports pr ON pr.agency_id = l.predecessor_id AND pr.year = r.year - 1
            WHERE l.one_to_one AND NOT EXISTS (
                SELECT 1 FROM reports x WHERE x.agency_id = r.agency_id AND x.year = r.year - 1))
        SELECT {PRINTED} AS agency, a.region_code AS region_code, r.year AS year,
               cur.column_code AS column_code,
               COALESCE(cur.value, 0) AS carried_over,
               COALESCE(prev.value, 0) AS previous_carried_forward,
               CASE WHEN COALESCE(cur.value, 0) = COALESCE(prev.value, 0) THEN 1 ELSE 0 END
                 AS consistent,
               {KEY},
               COALESCE(p.step, CASE WHEN pn.division_code <> n.division_code
                                     THEN COALESCE(n.lineage_step, pn.lineage_step, 'division')
                                END) AS lineage_step
        FROM previous p
        {j} reports r ON r.id = p.report_id
        {j} agencies a ON a.id = r.agency_id
        {j} report_versions v ON v.report_id = r.id AND {CURRENT}
        {j} report_versions pv ON pv.report_id = p.previous_id AND pv.superseded_at IS NULL
        {j} request_facts cur ON cur.version_id = v.id AND cur.row_code = 'carried_over'
        {j} request_facts prev ON prev.version_id = pv.id AND prev.row_code = 'carried_forward'
             AND prev.column_code = cur.column_code
        LEFT JOIN agency_names n ON n.id = v.agency_name_id
        LEFT JOIN agency_names pn ON pn.id = pv.agency_name_id"""


#: report_deadline (gongkai.core.agency_kinds) in SQL; tests/db compare the two for every kind.
GOVERNMENT_LEVEL = "('government', 'zone', 'township', 'street_office')"


def _coverage(dialect: str) -> str:
    march = f"y.year < 2019 OR a.kind IN {GOVERNMENT_LEVEL}"
    if dialect == "sqlite":
        ref_date = "COALESCE((SELECT MAX(as_of) FROM coverage_reference), DATE('now'))"
        ref_year = "CAST(substr(ref.as_of, 1, 4) AS INTEGER)"
        deadline = f"printf('%04d-%s', y.year + 1, CASE WHEN {march} THEN '03-31' ELSE '01-31' END)"
        least, greatest = "MIN", "MAX"
    else:
        ref_date = "COALESCE((SELECT MAX(as_of) FROM coverage_reference), CURRENT_DATE)"
        ref_year = "CAST(EXTRACT(YEAR FROM ref.as_of) AS INTEGER)"
        deadline = f"make_date(y.year + 1, CASE WHEN {march} THEN 3 ELSE 1 END, 31)"
        least, greatest = "LEAST", "GREATEST"
    return f"""
        WITH RECURSIVE
        ref(as_of) AS (SELECT {ref_date}),
        ends(agency_id, end_year) AS (
            SELECT predecessor_id, MIN(year) - 1 FROM agency_lineage GROUP BY predecessor_id),
        starts(agency_id, start_year) AS (
            SELECT successor_id, MIN(year) FROM agency_lineage GROUP BY successor_id),
        reported(agency_id, first_year, last_year) AS (
            SELECT r.agency_id, MIN(r.year), MAX(r.year) FROM reports r GROUP BY r.agency_id),
        span(agency_id, first_year, last_year) AS (
            SELECT rp.agency_id,
                   {least}(rp.first_year, COALESCE(st.start_year, rp.first_year)),
                   {greatest}(rp.last_year,
                              {least}((SELECT {ref_year} - 1 FROM ref),
                                      COALESCE(e.end_year, 9999), COALESCE(g.last_year, 9999)))
            FROM reported rp
            JOIN agencies a ON a.id = rp.agency_id
            LEFT JOIN regions g ON g.code = a.region_code
            LEFT JOIN ends e ON e.agency_id = rp.agency_id
            LEFT JOIN starts st ON st.agency_id = rp.agency_id),
        years(agency_id, year, last_year) AS (
            SELECT agency_id, first_year, last_year FROM span
            UNION ALL
            SELECT agency_id, year + 1, last_year FROM years WHERE year < last_year),
        agency_portals(agency_id, portal_id) AS (
            SELECT COALESCE(a.merged_into, a.id), p.id
            FROM portals p JOIN agencies a ON a.id = p.agency_id
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
        SELECT a.region_code AS region_code, COALESCE(n.name, a.name) AS agency, l.year AS year,
               CASE
                 WHEN l.report_id IS NOT NULL AND l.published > l.deadline THEN 'late'
                 WHEN l.report_id IS NOT NULL THEN 'found'
                 WHEN l.deadline >= (SELECT as_of FROM ref) THEN 'not_due'
                 WHEN o.outcome = 'blocked' THEN 'blocked'
                 WHEN o.outcome = 'unreachable' THEN 'unreachable'
                 ELSE 'missing'
               END AS status,
               l.published AS published, l.deadline AS deadline,
               a.id AS agency_id, a.name AS agency_name, a.kind AS kind
        FROM ledger l
        JOIN agencies a ON a.id = l.agency_id
        LEFT JOIN report_versions cv ON cv.report_id = l.report_id AND cv.superseded_at IS NULL
        LEFT JOIN agency_names n ON n.id = cv.agency_name_id
        LEFT JOIN outcomes o ON o.agency_id = l.agency_id AND o.rn = 1"""


def _drop_views() -> None:
    for name in VIEW_NAMES:
        op.execute(f"DROP VIEW IF EXISTS {name}")


def _printed_name(dialect: str) -> str:
    if dialect == "sqlite":
        return "json_extract(v.canonical, '$.agency')"
    return "(v.canonical ->> 'agency')"


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    _drop_views()
    with op.batch_alter_table("regions") as batch:
        batch.add_column(sa.Column("last_year", sa.Integer(), nullable=True))
    op.create_table(
        "agency_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("made_at", TS, nullable=False),
        sa.Column("undone_at", TS, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_decisions")),
    )
    with op.batch_alter_table("agencies") as batch:
        batch.alter_column("kind", existing_type=sa.String(length=16), type_=sa.String(length=20))
        batch.add_column(sa.Column("identity", sa.String(length=300), nullable=True))
        batch.add_column(sa.Column("stem", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("merged_into", sa.Integer(), nullable=True))
        batch.create_unique_constraint("uq_agencies_identity", ["identity"])
        batch.create_foreign_key(
            batch.f("fk_agencies_parent_id_agencies"), "agencies", ["parent_id"], ["id"]
        )
        batch.create_foreign_key(
            batch.f("fk_agencies_merged_into_agencies"), "agencies", ["merged_into"], ["id"]
        )
    op.create_table(
        "agency_names",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("first_year", sa.Integer(), nullable=True),
        sa.Column("last_year", sa.Integer(), nullable=True),
        sa.Column("seen_in", sa.String(length=20), nullable=False),
        sa.Column("region_context", sa.String(length=6), nullable=True),
        sa.Column("division_code", sa.String(length=6), nullable=True),
        sa.Column("lineage_step", sa.String(length=30), nullable=True),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_agency_names_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["agency_decisions.id"],
            name=op.f("fk_agency_names_decision_id_agency_decisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_names")),
        sa.UniqueConstraint("name", "agency_id", name=op.f("uq_agency_names_name_agency_id")),
    )
    with op.batch_alter_table("agency_names") as batch:
        batch.create_index(batch.f("ix_agency_names_agency_id"), ["agency_id"], unique=False)
        batch.create_index(batch.f("ix_agency_names_name"), ["name"], unique=False)
    op.create_table(
        "agency_lineage",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("predecessor_id", sa.Integer(), nullable=False),
        sa.Column("successor_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("one_to_one", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["predecessor_id"],
            ["agencies.id"],
            name=op.f("fk_agency_lineage_predecessor_id_agencies"),
        ),
        sa.ForeignKeyConstraint(
            ["successor_id"], ["agencies.id"], name=op.f("fk_agency_lineage_successor_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["agency_decisions.id"],
            name=op.f("fk_agency_lineage_decision_id_agency_decisions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_lineage")),
        sa.UniqueConstraint(
            "predecessor_id",
            "successor_id",
            name=op.f("uq_agency_lineage_predecessor_id_successor_id"),
        ),
    )
    with op.batch_alter_table("agency_lineage") as batch:
        batch.create_index(
            batch.f("ix_agency_lineage_predecessor_id"), ["predecessor_id"], unique=False
        )
        batch.create_index(
            batch.f("ix_agency_lineage_successor_id"), ["successor_id"], unique=False
        )
    # Every name an existing agency goes by: its own, those its reports print, its aliases.
    op.execute(
        f"""
        INSERT INTO agency_names (agency_id, name, first_year, last_year, seen_in)
        SELECT x.agency_id, x.name, MIN(r.year), MAX(r.year), 'signature'
        FROM (SELECT r.agency_id AS agency_id, {_printed_name(dialect)} AS name, r.id AS rid
              FROM reports r JOIN report_versions v ON v.report_id = r.id
              UNION
              SELECT r.agency_id, a.name, r.id
              FROM agencies a JOIN reports r ON r.agency_id = a.id) x
        JOIN reports r ON r.id = x.rid
        WHERE x.name IS NOT NULL
        GROUP BY x.agency_id, x.name"""
    )
    op.execute(
        """
        INSERT INTO agency_names (agency_id, name, seen_in)
        SELECT a.id, a.name, 'registry' FROM agencies a
        WHERE NOT EXISTS (SELECT 1 FROM agency_names n WHERE n.agency_id = a.id AND n.name = a.name)"""
    )
    op.execute(
        """
        INSERT INTO agency_names (agency_id, name, seen_in)
        SELECT x.agency_id, x.alias, 'alias' FROM agency_aliases x
        WHERE NOT EXISTS (
            SELECT 1 FROM agency_names n WHERE n.agency_id = x.agency_id AND n.name = x.alias)"""
    )
    with op.batch_alter_table("report_versions") as batch:
        batch.add_column(sa.Column("agency_name_id", sa.Integer(), nullable=True))
        batch.create_index(
            batch.f("ix_report_versions_agency_name_id"), ["agency_name_id"], unique=False
        )
        batch.create_foreign_key(
            batch.f("fk_report_versions_agency_name_id_agency_names"),
            "agency_names",
            ["agency_name_id"],
            ["id"],
        )
    op.execute(
        f"""
        UPDATE report_versions SET agency_name_id = (
            SELECT n.id FROM agency_names n JOIN reports r ON r.agency_id = n.agency_id
            WHERE r.id = report_versions.report_id
              AND n.name = (SELECT {_printed_name(dialect)} FROM report_versions v
                            WHERE v.id = report_versions.id))"""
    )
    with op.batch_alter_table("agencies") as batch:
        batch.drop_constraint("uq_agencies_normalized_name", type_="unique")
        batch.drop_column("normalized_name")
    op.drop_table("agency_aliases")
    for name, body in _views(dialect).items():
        op.execute(f"CREATE VIEW {name} AS {body}")


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    _drop_views()
    op.create_table(
        "agency_aliases",
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"],
            ["agencies.id"],
            name=op.f("fk_agency_aliases_agency_id_agencies"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("alias", name=op.f("pk_agency_aliases")),
    )
    with op.batch_alter_table("agency_aliases") as batch:
        batch.create_index(batch.f("ix_agency_aliases_agency_id"), ["agency_id"], unique=False)
    with op.batch_alter_table("agencies") as batch:
        batch.add_column(sa.Column("normalized_name", sa.String(length=200), nullable=True))
    # one name per agency row; two agencies printing one name (鼓楼区人民政府 in two provinces)
    # keep it apart by the id
    op.execute(
        """
        UPDATE agencies SET normalized_name = CASE
            WHEN id = (SELECT MIN(b.id) FROM agencies b WHERE b.name = agencies.name) THEN name
            ELSE name || '#' || CAST(id AS VARCHAR(20)) END"""
    )
    op.execute(
        """
        INSERT INTO agency_aliases (alias, agency_id)
        SELECT n.name, MIN(COALESCE(a.merged_into, a.id)) FROM agency_names n
        JOIN agencies a ON a.id = n.agency_id
        WHERE n.name NOT IN (SELECT normalized_name FROM agencies)
        GROUP BY n.name"""
    )
    op.execute(
        """
        UPDATE agencies SET kind = CASE kind
            WHEN 'government_office' THEN 'department' WHEN 'street_office' THEN 'township'
            WHEN 'zone' THEN 'government' ELSE kind END"""
    )
    with op.batch_alter_table("report_versions") as batch:
        batch.drop_constraint("fk_report_versions_agency_name_id_agency_names", type_="foreignkey")
        batch.drop_index("ix_report_versions_agency_name_id")
        batch.drop_column("agency_name_id")
    op.drop_table("agency_lineage")
    op.drop_table("agency_names")
    with op.batch_alter_table("agencies") as batch:
        batch.alter_column("normalized_name", existing_type=sa.String(length=200), nullable=False)
        batch.create_unique_constraint("uq_agencies_normalized_name", ["normalized_name"])
        batch.drop_constraint("fk_agencies_merged_into_agencies", type_="foreignkey")
        batch.drop_constraint("fk_agencies_parent_id_agencies", type_="foreignkey")
        batch.drop_constraint("uq_agencies_identity", type_="unique")
        batch.drop_column("merged_into")
        batch.drop_column("parent_id")
        batch.drop_column("stem")
        batch.drop_column("identity")
        batch.alter_column("kind", existing_type=sa.String(length=20), type_=sa.String(length=16))
    op.drop_table("agency_decisions")
    past = "SELECT code FROM regions WHERE last_year IS NOT NULL OR level = 'zone'"
    op.execute(f"UPDATE agencies SET region_code = NULL WHERE region_code IN ({past})")
    op.execute(f"UPDATE portals SET region_code = NULL WHERE region_code IN ({past})")
    op.execute("DELETE FROM regions WHERE last_year IS NOT NULL OR level = 'zone'")
    with op.batch_alter_table("regions") as batch:
        batch.drop_column("last_year")
    first, second = (
        _earlier("0001_initial_schema.py"),
        _earlier("0002_coverage_crossyear_search.py"),
    )
    restored = {
        "v_reports": first.VIEWS["v_reports"],
        "v_report_versions": first.VIEWS["v_report_versions"],
        **second._fact_views(dialect),
        "v_coverage": second._coverage_sql(dialect),
        "v_cross_year": second._cross_year(dialect),
        "v_findings": second.FINDINGS_0002,
    }
    for name, body in restored.items():
        op.execute(f"CREATE VIEW {name} AS {body}")
