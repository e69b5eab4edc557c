"""Where the archive lives: one data directory and one database URL.

Precedence: command-line option, then environment (``GONGKAI_HOME``, ``GONGKAI_DB``),
then the defaults (``./data`` and a SQLite file inside it).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


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


def resolve(data_dir: str | Path | None = None, db_url: str | None = None) -> Settings:
    home = Path(data_dir or os.environ.get("GONGKAI_HOME") or "data").resolve()
    url = db_url or os.environ.get("GONGKAI_DB") or f"sqlite:///{home / 'archive.sqlite'}"
    return Settings(data_dir=home, db_url=url)
