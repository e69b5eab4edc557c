"""fetches.request_key: one fetch row per request and run under distributed crawling

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 00:35:00

- ``fetches.request_key`` (nullable): distributed workers (crawler/distributed/) name each
  exchange; a worker that re-fetches a request a dead worker had already archived inserts with
  ON CONFLICT DO NOTHING. Single-process crawls leave it NULL (NULLs never conflict).
- unique ``uq_fetches_run_id_request_key`` on (run_id, request_key).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("fetches") as batch:
        batch.add_column(sa.Column("request_key", sa.String(length=64), nullable=True))
        batch.create_unique_constraint("uq_fetches_run_id_request_key", ["run_id", "request_key"])


def downgrade() -> None:
    with op.batch_alter_table("fetches") as batch:
        batch.drop_constraint("uq_fetches_run_id_request_key", type_="unique")
        batch.drop_column("request_key")
