"""Alembic migrations of the archive (``env.py``, ``versions/``); run through ``db.migrate``."""
