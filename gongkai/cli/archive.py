"""Archive commands: init, load, sql, history. Each is a few lines over a ``db`` function."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy.engine import make_url

from gongkai.cli.app import app, current_settings
from gongkai.core.settings import Settings

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def _prepare_storage(settings: Settings) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    settings.blob_dir.mkdir(parents=True, exist_ok=True)
    url = make_url(settings.db_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


def _engine(settings: Settings) -> Any:
    from db.engine import make_engine

    return make_engine(settings.db_url)


def _require_archive(settings: Settings) -> None:
    """Exit with a clear message when the database has not been created yet."""
    from sqlalchemy.exc import OperationalError

    from db.migrate import current

    try:
        revision = current(settings.db_url)
    except OperationalError as error:
        err.print(f"cannot open the archive: {error.orig}", markup=False, highlight=False)
        raise typer.Exit(1) from None
    if revision is None:
        err.print(
            f"no archive at {make_url(settings.db_url).render_as_string(hide_password=True)}: "
            "run `gongkai init` first.",
            markup=False,
            highlight=False,
        )
        raise typer.Exit(1)


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the archive, or upgrade it to the latest schema (idempotent).

    Example:
        gongkai init
        gongkai --db postgresql+psycopg://postgres@127.0.0.1/gongkai init
    """
    from db.migrate import upgrade

    settings = current_settings(ctx)
    _prepare_storage(settings)
    upgrade(settings.db_url)
    out.print(f"archive ready: {make_url(settings.db_url).render_as_string(hide_password=True)}")


@app.command()
def load(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="Canonical report JSON files.")],
    source: Annotated[
        str | None, typer.Option("--source", help="URL the reports were read from.")
    ] = None,
) -> None:
    """Load canonical report JSON files; a bad file is named (file and field) and skipped, the rest load.

    Example:
        gongkai load ../shared/seeds/truth/*.json --source https://example.gov.cn/report.html
    """
    from db.engine import session_factory
    from db.loader import load_files

    settings = current_settings(ctx)
    _require_archive(settings)
    engine = _engine(settings)
    counts = {"new": 0, "new_version": 0, "unchanged": 0, "failed": 0}
    with Progress(
        TextColumn("loading"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
        disable=len(files) < 50,
    ) as progress:
        task = progress.add_task("load", total=len(files))
        outcomes = load_files(
            session_factory(engine),
            [str(f) for f in files],
            source_url=source,
            progress=lambda n: progress.advance(task, n),
        )
    for outcome in outcomes:
        if outcome.result is None:
            counts["failed"] += 1
            err.print(f"error {outcome.error}", markup=False, highlight=False)
        else:
            counts[outcome.result.status] += 1
    engine.dispose()
    out.print(", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items()))
    if counts["failed"]:
        raise typer.Exit(1)


def _missing(message: str) -> bool:
    return any(s in message for s in ("no such table", "unable to open", "does not exist"))


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


@app.command()
def sql(
    ctx: typer.Context,
    query: Annotated[str | None, typer.Argument(help="One SQL statement; read-only.")] = None,
    fmt: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="Output format.")
    ] = OutputFormat.table,
    saved: Annotated[
        str | None, typer.Option("--query", "-q", help="A saved query in queries/ by name.")
    ] = None,
    param: Annotated[
        list[str] | None, typer.Option("--param", "-p", help="NAME=VALUE for a saved query.")
    ] = None,
) -> None:
    """Run a read-only SQL query against the archive (a writing statement exits with code 2).

    Example:
        gongkai sql "select agency, year, version from v_reports order by agency"
        gongkai sql "select * from v_requests where row_code = 'new'" --format csv
        gongkai sql --query outcome_shares --param year=2024
    """
    from db.query import QueryError, ReadOnlyViolation, run_readonly
    from gongkai.query.cli_support import resolve_statement, syntax_error

    statement, params = resolve_statement(query, saved, param or [], err)
    try:
        result = run_readonly(current_settings(ctx).db_url, statement, params)
    except ReadOnlyViolation as error:
        err.print(
            f"refused: the archive is opened read-only for `gongkai sql` ({error}).",
            markup=False,
            highlight=False,
        )
        raise typer.Exit(2) from None
    except QueryError as error:
        hint = (
            " Is there an archive here? `gongkai init` creates one." if _missing(str(error)) else ""
        )
        bad = syntax_error(error)
        err.print(
            f"{'not valid SQL (syntax error)' if bad else 'query failed'}: {error}.{hint}",
            markup=False,
            highlight=False,
        )
        raise typer.Exit(2 if bad else 1) from None
    rows = [[_plain(v) for v in row] for row in result.rows]
    if fmt is OutputFormat.json:
        typer.echo(
            json.dumps(
                [dict(zip(result.columns, r, strict=True)) for r in rows],
                ensure_ascii=False,
                indent=1,
                default=str,
            )
        )
    elif fmt is OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(rows)
        typer.echo(buf.getvalue(), nl=False)
    else:
        table = Table(*result.columns)
        for r in rows:
            table.add_row(*("" if v is None else str(v) for v in r))
        out.print(table)


@app.command()
def history(
    ctx: typer.Context,
    agency: Annotated[str, typer.Argument(help="Agency name as it signs its report.")],
    year: Annotated[int, typer.Argument(help="Reporting year.")],
) -> None:
    """Versions of one report and the cells that changed between them.

    Example:
        gongkai history 金寨县融媒体中心 2024
    """
    from sqlalchemy.orm import Session

    from db.history import report_history

    settings = current_settings(ctx)
    _require_archive(settings)
    engine = _engine(settings)
    try:
        with Session(engine) as session:
            found = report_history(session, agency, year)
    finally:
        engine.dispose()
    if found is None:
        err.print(f"no report for {agency} {year} in the archive", markup=False)
        raise typer.Exit(1)
    out.print(f"{found.agency} {found.year}: {len(found.versions)} version(s)", highlight=False)
    for v in found.versions:
        until = v.superseded_at.isoformat(timespec="seconds") if v.superseded_at else "current"
        out.print(
            f"version {v.version}  {v.valid_from.isoformat(timespec='seconds')} → {until}"
            f"  {v.content_hash[:12]}  {v.source_url or ''}",
            markup=False,
            highlight=False,
        )
        for change in v.changes:
            out.print(
                f"  {change.cell}: {change.before!r} → {change.after!r}",
                markup=False,
                highlight=False,
            )
