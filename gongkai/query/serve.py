"""``gongkai serve``: Datasette over a SQLite archive, read-only, on loopback by default.

Datasette reads SQLite files only. It opens a mutable file with ``mode=ro`` for every query and
this module registers no write path (no writable canned query, no write plugin), so the archive
cannot be changed through the web. A PostgreSQL archive is served from a SQLite snapshot of its
public views (``gongkai export --format sqlite``), which ``serve --file`` opens.

The metadata gives every public view and column a title and a description, the saved queries
in queries/ as canned queries, facets on agency and year, and a plugin links ``report_id``
cells to the versions of that report.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any

from datasette import hookimpl
from markupsafe import Markup, escape

from gongkai.query.errors import NeedsSqlite, NotLoopback
from gongkai.query.saved import all_queries
from gongkai.query.views import VIEWS

#: Facets shown by default: agency and year on the report-level views; on the views that are
#: computed per request (coverage, findings) or have millions of rows, only the cheap ones.
#: Any other facet is a click away (or ``?_facet=agency``).
FACETS = {
    "v_reports": ["agency", "year"],
    "v_report_versions": ["agency", "year"],
    "v_findings": ["rule", "year"],
    "v_coverage": ["status", "year"],
    "v_cross_year": ["consistent", "year"],
    "v_failures": ["reason"],
    "v_proactive": ["year"],
    "v_requests": ["year"],
    "v_appeals": ["year"],
    "v_legacy": ["measure", "year"],
    "v_series": ["measure", "year"],
}
HIDDEN_TABLES = ("alembic_version", "coverage_reference")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_host(host: str, public: bool) -> None:
    if not public and not is_loopback(host):
        raise NotLoopback(
            f"refusing to serve the archive on {host}, which is not a loopback address; "
            "pass --public to expose it to the network deliberately"
        )


def sqlite_path(url: str) -> Path:
    """The file of a SQLite URL; NeedsSqlite for any other database."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        raise NeedsSqlite(
            "serve needs a SQLite archive (Datasette reads SQLite files). For a PostgreSQL "
            "archive, write a snapshot of its public views with "
            "`gongkai export --format sqlite --out DIR` and serve it with "
            "`gongkai serve --file DIR/gongkai.sqlite`"
        )
    path = Path(parsed.database)
    if not path.is_file():
        raise NeedsSqlite(f"no archive at {path}; `gongkai init` creates one")
    return path


def metadata(database: str) -> dict[str, Any]:
    """Datasette metadata for a database named ``database`` (the file's stem)."""
    tables: dict[str, Any] = {
        v.name: {
            "title": v.title,
            "description": v.description,
            "columns": dict(v.columns),
            "facets": FACETS.get(v.name, []),
        }
        for v in VIEWS
    }
    tables.update({name: {"hidden": True} for name in HIDDEN_TABLES})
    queries = {
        q.name: {"sql": q.sql, "title": q.title, "description": q.description}
        for q in all_queries().values()
    }
    return {
        "title": "gongkai: 政府信息公开工作年度报告 archive",
        "description": "Government information disclosure annual reports, their tables and "
        "findings. Read-only. Start with the views below or a saved query.",
        "databases": {database: {"tables": tables, "queries": queries}},
    }


class LinksPlugin:
    """Datasette plugin: a ``report_id`` cell links to that report's versions."""

    @staticmethod
    @hookimpl
    def render_cell(
        value: Any, column: str, table: str | None, database: str, datasette: Any
    ) -> Any:
        if column != "report_id" or table == "v_report_versions" or not isinstance(value, int):
            return None
        href = datasette.urls.table(database, "v_report_versions") + f"?report_id={value}"
        return Markup(f'<a href="{escape(href)}" title="versions of this report">{value}</a>')


def make_datasette(path: Path, *, settings: dict[str, Any] | None = None) -> Any:
    from datasette.app import Datasette
    from datasette.plugins import pm

    if pm.get_plugin("gongkai_links") is None:
        pm.register(LinksPlugin, name="gongkai_links")
    return Datasette(
        files=[str(path)],
        metadata=metadata(path.stem),
        settings={"suggest_facets": False, "sql_time_limit_ms": 3000, **(settings or {})},
    )


def serve(path: Path, host: str = "127.0.0.1", port: int = 8001, *, public: bool = False) -> None:
    """Run Datasette on ``path`` until interrupted."""
    import uvicorn

    check_host(host, public)
    ds = make_datasette(path)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
