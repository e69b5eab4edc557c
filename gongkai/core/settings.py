"""Every ``GONGKAI_*`` setting, declared once with its default and its help.

Two kinds, both declared in ``DECLARED``:

- **process** settings come from the environment (``env(name)``): where the archive lives
  (``GONGKAI_HOME``, ``GONGKAI_DB``; a command-line option wins over both), the blob store, the
  helper programs, the log level.
- **crawl** settings are Scrapy settings of one crawl (``crawler/settings.py`` takes their
  defaults from here; ``gongkai crawl -s NAME=VALUE`` or ``scrapy crawl … -s`` change them).

``Settings``/``resolve`` give the archive's location: command-line option, then environment,
then the defaults (``./data`` and a SQLite file inside it).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

from sqlalchemy.engine import URL

Kind = Literal["process", "crawl"]


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: Any
    help: str
    kind: Kind = "crawl"


# ASCII only (HTTP header values are; some WAFs reject others), with a URL to reach the operator.
_USER_AGENT = (
    "gongkai-archiver/0.1 (+https://github.com/gongkai-archive/gongkai; "
    "archive of government information disclosure annual reports)"
)

DECLARED: dict[str, Setting] = {
    s.name: s
    for s in (
        # -- where things are (process) -------------------------------------------------------
        Setting("GONGKAI_HOME", "data", "data directory: SQLite archive, blobs, WARC", "process"),
        Setting(
            "GONGKAI_DB",
            None,
            "database URL (default: sqlite:///<GONGKAI_HOME>/archive.sqlite); "
            "postgresql+psycopg://user@host/db for the shared store",
            "process",
        ),
        Setting(
            "GONGKAI_BLOBS",
            "",
            "blob store: s3://bucket/prefix, or a local path (default: <GONGKAI_HOME>/blobs)",
            "process",
        ),
        Setting("GONGKAI_S3_ENDPOINT", None, "S3 endpoint URL for GONGKAI_BLOBS=s3://…", "process"),
        Setting(
            "GONGKAI_UNO_PYTHON",
            "/usr/bin/python3",
            "the Python that has LibreOffice's uno module (Debian's python3-uno)",
            "process",
        ),
        Setting(
            "GONGKAI_SOFFICE",
            None,
            "LibreOffice's soffice binary (default: soffice on PATH, else /usr/bin/soffice)",
            "process",
        ),
        Setting(
            "GONGKAI_OCR_THREADS", None, "ONNX Runtime threads of the OCR recogniser", "process"
        ),
        Setting(
            "GONGKAI_DEMO_CACHE",
            None,
            "where `gongkai demo` keeps rendered documents (default: ~/.cache/gongkai/portalworld)",
            "process",
        ),
        Setting(
            "GONGKAI_USER_AGENT",
            _USER_AGENT,
            "User-Agent of every request: name yourself and a contact URL (non-ASCII characters "
            "are sent percent-encoded)",
            "process",
        ),
        Setting("GONGKAI_LOG_LEVEL", "INFO", "Scrapy log level of `scrapy crawl`", "process"),
        # -- one crawl (Scrapy settings) ---------------------------------------------------
        Setting(
            "GONGKAI_FAST",
            False,
            "politeness off, for loopback test portals only (env GONGKAI_FAST=1 too)",
        ),
        Setting("GONGKAI_DATA_DIR", None, "data directory of the crawl (default: GONGKAI_HOME)"),
        Setting("GONGKAI_RUN_ID", None, "crawl run to record into (default: the spider opens one)"),
        Setting("GONGKAI_ARCHIVE", True, "archive every response (off: no database at all)"),
        Setting("GONGKAI_WARC", True, "write WARC files beside the blobs and fetch rows"),
        Setting("GONGKAI_PARSE", True, "parse and load report documents while crawling"),
        Setting("GONGKAI_PARSE_WORKERS", 1, "parse worker processes (0: parse in threads)"),
        Setting("GONGKAI_OFFICE_WARM", True, "start LibreOffice when the crawl opens"),
        Setting("GONGKAI_MAX_HUB_HOPS", 3, "how far discovery walks from a start page"),
        Setting(
            "GONGKAI_CATALOGUE_HOPS",
            2,
            "how much further the disclosure catalogue's own steps are followed",
        ),
        Setting("GONGKAI_MAX_LIST_PAGES", 200, "pages of one report list at most"),
        Setting(
            "GONGKAI_SUBCOLUMN_DEPTH",
            3,
            "how deep sub-columns (部门 / 乡镇 / a unit / a year) nest inside a report column",
        ),
        Setting(
            "GONGKAI_PORTAL_PAGES",
            3000,
            "requests one portal's walk may make in a run; reaching it ends the walk (outcome "
            "partial, counts.budget = pages)",
        ),
        Setting(
            "GONGKAI_PORTAL_SECONDS",
            3600,
            "seconds one portal's walk may take in a run (0: no limit); reaching it ends the "
            "walk (outcome partial, counts.budget = seconds)",
        ),
        Setting("GONGKAI_INCREMENTAL", True, "conditional requests and known-item shortcuts"),
        Setting("GONGKAI_DEEP", False, "conditional requests but a full walk (nightly --deep)"),
        Setting("GONGKAI_REVISIT_MAX", 200, "known documents the walk missed, asked for once"),
        Setting(
            "GONGKAI_READ_BLOBS",
            None,
            "a local blob directory to read stored bodies from (304 replays) when the crawl's "
            "own store is elsewhere",
        ),
        Setting("GONGKAI_RETRY_TIMES", 2, "retries of a failed request"),
        Setting("GONGKAI_RETRY_BACKOFF", 2.0, "seconds before the first retry; doubles each time"),
        Setting(
            "GONGKAI_RETRY_HTTP_CODES",
            [500, 502, 503, 504, 408, 429],
            "HTTP statuses that are retried",
        ),
        # -- distributed workers (Scrapy settings of `gongkai worker`) ----------------------
        Setting("GONGKAI_WORKER_ID", None, "this worker's id in the frontier (default: random)"),
        Setting("GONGKAI_WORKER_TTL", 30.0, "seconds a silent worker is still counted alive"),
        Setting("GONGKAI_IDLE_CLOSE", 10.0, "seconds of an idle frontier before a worker closes"),
        Setting(
            "GONGKAI_HOST_RATE",
            0.0,
            "requests per second per host over all workers (0: Scrapy's own delay)",
        ),
    )
}


def default(name: str) -> Any:
    """The declared default of ``name`` (a KeyError names an undeclared setting)."""
    return DECLARED[name].default


def env(name: str) -> Any:
    """A process setting: the environment's value, else the declared default. Empty counts as
    unset."""
    declared = DECLARED[name]
    value = os.environ.get(name)
    if value is None or value == "":
        if name == "GONGKAI_SOFFICE":
            return shutil.which("soffice") or "/usr/bin/soffice"
        return declared.default
    return value


def user_agent() -> str:
    """``GONGKAI_USER_AGENT`` as an HTTP header value: ASCII, anything else percent-encoded."""
    return quote(env("GONGKAI_USER_AGENT"), safe=" !\"#$&'()*+,-./:;<=>?@[\\]^_`{|}~%")


def crawl_defaults() -> dict[str, Any]:
    """Every crawl setting with its default, for ``crawler/settings.py``."""
    return {s.name: s.default for s in DECLARED.values() if s.kind == "crawl"}


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
    home = Path(data_dir or env("GONGKAI_HOME")).resolve()
    url = db_url or env("GONGKAI_DB") or _sqlite_url(home / "archive.sqlite")
    return Settings(data_dir=home, db_url=url)
