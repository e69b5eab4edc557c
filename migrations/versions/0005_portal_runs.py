"""each portal's outcome of each run, with when its walk ran: v_portal_runs

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-08 02:00:00

- ``crawl_run_portals.started_at``, ``finished_at`` (nullable): when the portal's walk began
  and ended in the run (rows written before this migration have neither; the view falls back
  to the run's own times).
- ``v_portal_runs``: run id, portal id, started, finished, outcome, detail and the counts that
  justify the outcome (``gongkai.core.outcomes``), as JSON text on both databases (exports and
  snapshots read it alike).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PORTAL_RUNS = """
        SELECT crp.run_id AS run_id, crp.portal_id AS portal_id,
               COALESCE(crp.started_at, r.started_at) AS started,
               COALESCE(crp.finished_at, r.finished_at) AS finished,
               crp.outcome AS outcome, crp.detail AS detail,
               CAST(crp.stats AS TEXT) AS counts
        FROM crawl_run_portals crp
        JOIN crawl_runs r ON r.id = crp.run_id"""


# Plain ALTER TABLE, not a batch: SQLite (3.35+) adds and drops these columns in place, where a
# batch would copy the table and break v_coverage, which reads it.


def upgrade() -> None:
    op.add_column(
        "crawl_run_portals", sa.Column("started_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        "crawl_run_portals", sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.execute(f"CREATE VIEW v_portal_runs AS {PORTAL_RUNS}")


def downgrade() -> None:
    op.execute("DROP VIEW IF EXISTS v_portal_runs")
    op.drop_column("crawl_run_portals", "finished_at")
    op.drop_column("crawl_run_portals", "started_at")
