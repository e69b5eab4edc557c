"""Programmatic Alembic: ``upgrade(url)`` creates or upgrades an archive to the head revision."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from alembic import command
from alembic.config import Config

ROOT = Path(__file__).resolve().parent.parent
ALEMBIC_INI = ROOT / "alembic.ini"


def _migrations_dir() -> Path:
    # Found as an installed package (a wheel), not imported: migrations/env.py imports db.
    spec = importlib.util.find_spec("migrations")
    if spec is not None and spec.origin is not None:
        return Path(spec.origin).parent
    return ROOT / "migrations"


MIGRATIONS = _migrations_dir()


def alembic_config(url: str) -> Config:
    """An Alembic config for ``url`` (passed to migrations/env.py as the attribute ``url``)."""
    cfg = Config(str(ALEMBIC_INI)) if ALEMBIC_INI.exists() else Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["url"] = url
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Run ``alembic upgrade head`` on ``url``; at the head the regions list is brought up to
    date too (migrations/env.py). Idempotent."""
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str = "base") -> None:
    command.downgrade(alembic_config(url), revision)


def current(url: str) -> str | None:
    """The revision the database is at, or None for an empty database."""
    from alembic.runtime.migration import MigrationContext

    from db.engine import make_engine

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
