"""`gongkai` command line: each command module registers its commands on the shared app."""

from __future__ import annotations

from gongkai.cli import (  # noqa: F401  (modules register commands)
    agencies,
    archive,
    crawl,
    nightly,
    parse,
    portals,
    query,
    worker,
)
from gongkai.cli.app import app


def main() -> None:
    app()
