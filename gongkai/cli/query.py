"""Publishing commands: search, export, serve, report. Each is a few lines over gongkai.query."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.exc import SQLAlchemyError

from gongkai.cli.app import app, current_settings
from gongkai.query.errors import QueryInputError

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _refuse(error: Exception) -> typer.Exit:
    err.print(f"refused: {error}", markup=False, highlight=False)
    return typer.Exit(2)


def _unreadable(error: Exception) -> typer.Exit:
    orig = getattr(error, "orig", None) or error
    err.print(
        f"cannot read the archive: {str(orig).strip()}. Is there an archive here? "
        "`gongkai init` creates one; --db / GONGKAI_DB choose another.",
        markup=False,
        highlight=False,
    )
    return typer.Exit(1)


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"
    sqlite = "sqlite"


@app.command()
def search(
    ctx: typer.Context,
    words: Annotated[str, typer.Argument(help="Words that must all occur in a report's text.")],
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many reports.")] = 50,
) -> None:
    """Full-text search over the report texts (Chinese; every word must occur in the report).

    Example:
        gongkai search "行政复议 纠正"
        gongkai search 依申请公开 --limit 10
    """
    from gongkai.query.search import search as run_search

    try:
        hits = run_search(current_settings(ctx).db_url, words, limit=limit)
    except ValueError as error:
        raise _refuse(error) from None
    except SQLAlchemyError as error:
        raise _unreadable(error) from None
    for hit in hits:
        typer.echo(f"{hit.agency}\t{hit.year}\t{hit.snippet}")
    err.print(f"{len(hits)} report(s)", markup=False, highlight=False)


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help="csv, parquet or sqlite (a snapshot for serve)."),
    ] = ExportFormat.csv,
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Directory for the files.")] = Path(
        "export"
    ),
) -> None:
    """Write every public view as a file: CSV (UTF-8 with BOM, for Excel), Parquet, or one SQLite snapshot.

    Example:
        gongkai export --format csv --out export/
        gongkai export --format parquet --out export/
        gongkai --db postgresql+psycopg://postgres@127.0.0.1/gongkai export --format sqlite --out snap/
    """
    from gongkai.query.export import export_all

    try:
        exported = export_all(current_settings(ctx).db_url, out_dir, fmt.value)
    except SQLAlchemyError as error:
        raise _unreadable(error) from None
    for done in exported:
        out.print(f"{done.view}: {done.rows} rows → {done.path}", markup=False, highlight=False)


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option("--host", help="Address to bind; loopback unless --public.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", "-p", help="Port.")] = 8001,
    public: Annotated[bool, typer.Option("--public", help="Allow a non-loopback address.")] = False,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="A SQLite snapshot to serve instead of the archive."),
    ] = None,
) -> None:
    """Browse the archive in Datasette, read-only (SQLite archives; a PostgreSQL one via a snapshot).

    Example:
        gongkai serve
        gongkai serve --port 8080
        gongkai serve --file snap/gongkai.sqlite
    """
    from gongkai.query import serve as srv

    try:
        srv.check_host(host, public)
        path = file if file is not None else srv.sqlite_path(current_settings(ctx).db_url)
        if not path.is_file():
            raise QueryInputError(f"no SQLite file at {path}")
    except QueryInputError as error:
        raise _refuse(error) from None
    err.print(f"serving {path} read-only at http://{host}:{port}/", markup=False, highlight=False)
    srv.serve(path, host, port, public=public)


@app.command()
def report(
    ctx: typer.Context,
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Directory for index.html and charts.")
    ] = Path("report"),
) -> None:
    """A static HTML summary with charts: coverage heatmap, requests and outcomes by year, findings.

    Example:
        gongkai report --out report/
        chromium report/index.html
    """
    from gongkai.query.report import build_report

    try:
        index = build_report(current_settings(ctx).db_url, out_dir)
    except SQLAlchemyError as error:
        raise _unreadable(error) from None
    out.print(f"report written: {index}", markup=False, highlight=False)
