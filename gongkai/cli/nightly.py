"""Nightly commands: ``nightly`` (incremental crawl of every portal under a lock) and
``reparse`` (archived bytes through the current parser, offline). Thin over gongkai.runs.nightly and
gongkai.runs.reparse."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from gongkai.cli.app import app, current_settings
from gongkai.core.settings import Settings

out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)


def print_runs(rows: list, title: str) -> None:
    table = Table(
        "portal",
        "outcome",
        "new reports",
        "new versions",
        "removed",
        "failures",
        "blocked",
        "requests",
        "304",
        "bytes",
        title=title,
    )
    for r in rows:
        colour = "green" if r.outcome == "ok" else "yellow"
        table.add_row(
            r.portal,
            f"[{colour}]{r.outcome}[/{colour}]",
            str(r.new_reports),
            str(r.new_versions),
            str(r.removed),
            str(r.failures),
            str(r.blocked),
            str(r.requests),
            str(r.not_modified),
            f"{r.bytes:,}",
        )
    out.print(table)


@app.command()
def nightly(
    ctx: typer.Context,
    registry: Annotated[
        Path | None,
        typer.Option(
            "--registry",
            help="Portal registry TOML (default: $GONGKAI_HOME/portals.toml when it exists, "
            "else crawler/portals.toml).",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
    deep: Annotated[
        bool,
        typer.Option(
            "--deep", help="Walk every list page and known document (still conditional requests)."
        ),
    ] = False,
    fast: Annotated[
        bool, typer.Option("--fast", help="Politeness off (loopback test portals only).")
    ] = False,
    log_level: Annotated[str, typer.Option("--log-level", help="Scrapy log level.")] = "WARNING",
    distributed: Annotated[
        str | None,
        typer.Option(
            "--distributed",
            metavar="redis://HOST:PORT/DB",
            help="Seed a shared frontier in Redis for `gongkai worker` processes (incremental, like this command), wait for them, finish the run (docs/scaling.md).",
        ),
    ] = None,
) -> None:
    """Crawl every portal incrementally and print what changed, per portal.

    Conditional requests from the archive's validators, no re-download of what has not changed,
    a lock so that two runs never overlap (the second names the holder and exits 0), a summary
    stored with the run. Exits 2 on an invalid registry, 3 when the database is unreachable; a
    portal that is down is a row of the summary, not a failure.

    Example:
        gongkai nightly
        gongkai nightly --registry my-portals.toml --json
        gongkai nightly --deep        # weekly: every list page, every known document
        gongkai nightly --distributed redis://10.0.0.5:6379/0   # then `gongkai worker` anywhere
    """
    from crawler.distributed.frontier import FrontierError
    from crawler.registry import registry_in_use
    from gongkai.cli.worker import frontier_progress
    from gongkai.runs.nightly import LockHeld, SystemicError, run_nightly

    settings = current_settings(ctx)
    try:
        result = run_nightly(
            settings,
            registry=registry_in_use(registry, settings.data_dir),
            deep=deep,
            fast=fast,
            log_level=log_level.upper(),
            distributed=distributed,
            progress=frontier_progress() if distributed else None,
        )
    except FrontierError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    except LockHeld as exc:
        err.print(f"[yellow]nightly: not started:[/yellow] {exc}")
        raise typer.Exit(0) from None
    except SystemicError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2 if str(exc).startswith("registry") else 3) from None
    if as_json:
        sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=1) + "\n")
        return
    if result.stale_lock is not None:
        err.print(f"took over the lock of a run that died: {result.stale_lock.describe()}")
    print_runs(result.portals, f"nightly run {result.run_id} ({result.seconds:.0f} s)")


@app.command()
def reparse(
    ctx: typer.Context,
    portal: Annotated[
        list[str] | None, typer.Option("--portal", "-p", help="Portal id (repeatable).")
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every portal's documents.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Parse archived raw bytes again with the current parser, offline.

    A new report version only where the parser's output changed; each version records the
    parser version that produced it. Re-parses the document behind each current version and
    every document that failed to parse.

    Example:
        gongkai reparse --all
        gongkai reparse --portal jinzhai
    """
    from gongkai.runs.reparse import reparse as run_reparse

    if not portal and not all_:
        err.print("[red]error:[/red] say which: --portal ID (repeatable) or --all")
        raise typer.Exit(2)
    result = run_reparse(current_settings(ctx), None if all_ else list(portal or []))
    if as_json:
        sys.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False) + "\n")
        return
    out.print(result.describe())


def crawl_variant(
    settings: Settings,
    portals: list[Any],
    *,
    registry: Path | None,
    fast: bool,
    log_level: str,
    extra: dict[str, Any],
    refetch: bool,
    deep: bool,
    reparse_only: bool,
) -> None:
    """``gongkai crawl --reparse-only`` (offline) and ``--dry-run`` (a throwaway copy)."""
    from gongkai.runs.nightly import SystemicError, dry_run
    from gongkai.runs.reparse import reparse as run_reparse

    if reparse_only:
        out.print(run_reparse(settings, [p.id for p in portals]).describe())
        return
    try:
        rows = dry_run(
            settings,
            portals,
            registry=registry,
            fast=fast,
            log_level=log_level,
            extra={**extra, "GONGKAI_INCREMENTAL": not refetch, "GONGKAI_DEEP": deep},
        )
    except SystemicError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    print_runs(rows, "dry run: what a crawl would change (nothing was written)")
