"""Where the archive lives: one data directory and one database URL.

Precedence: command-line option, then environment (``GONGKAI_HOME``, ``GONGKAI_DB``),
then the defaults (``./data`` and a SQLite file inside it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    db_url: str

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def warc_dir(self) -> Path:
        return self.data_dir / "warc"


def _sqlite_url(path: Path) -> str:
    # URL.create escapes what a path may hold ('?', '#', '%') that an f-string would not.
    return URL.create("sqlite", database=str(path)).render_as_string(hide_password=False)


def resolve(data_dir: str | Path | None = None, db_url: str | None = None) -> Settings:
    home = Path(data_dir or os.environ.get("GONGKAI_HOME") or "data").resolve()
    url = db_url or os.environ.get("GONGKAI_DB") or _sqlite_url(home / "archive.sqlite")
    return Settings(data_dir=home, db_url=url)
