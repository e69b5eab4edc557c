"""Crawl commands: crawl, demo. Thin wrappers over ``crawler.registry``/``gongkai.runs.crawl``."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from gongkai.cli.app import app, current_settings

out = Console(soft_wrap=True, width=None if sys.stdout.isatty() else 160)
err = Console(stderr=True, soft_wrap=True)

RegistryOpt = Annotated[
    Path | None,
    typer.Option(
        "--registry",
        help="Portal registry TOML (default: $GONGKAI_HOME/portals.toml when it exists, else "
        "the shipped crawler/portals.toml).",
    ),
]


def in_use(ctx: typer.Context, registry: Path | None) -> Path | None:
    """``--registry``, else the user's registry in the data directory when it exists."""
    from crawler.registry import registry_in_use

    return registry_in_use(registry, current_settings(ctx).data_dir)


def load(registry: Path | None, ids: list[str] | None):
    from crawler.exceptions import RegistryError
    from crawler.registry import load_registry, select

    try:
        return select(load_registry(registry), ids or [])
    except (RegistryError, KeyError) as exc:
        err.print(f"[red]error:[/red] {exc.args[0] if isinstance(exc, KeyError) else exc}")
        raise typer.Exit(2) from None


def print_summary(summaries: list, run_id: int) -> None:
    table = Table(
        "portal",
        "outcome",
        "reports found",
        "loaded",
        "unchanged",
        "failures",
        "pages",
        "detail",
        title=f"crawl run {run_id}",
    )
    for s in summaries:
        colour = "green" if s.outcome == "ok" else "yellow"
        table.add_row(
            s.portal_id,
            f"[{colour}]{s.outcome}[/{colour}]",
            str(s.reports_found),
            str(s.loaded),
            str(s.unchanged),
            str(s.failures),
            str(s.pages),
            s.detail or "",
        )
    out.print(table)


@app.command("crawl")
def crawl_cmd(
    ctx: typer.Context,
    portal: Annotated[
        list[str] | None,
        typer.Option("--portal", "-p", help="Portal id (repeatable; default: all)."),
    ] = None,
    registry: RegistryOpt = None,
    fast: Annotated[
        bool, typer.Option("--fast", help="Politeness off (loopback test portals only).")
    ] = False,
    log_level: Annotated[str, typer.Option("--log-level", help="Scrapy log level.")] = "WARNING",
    setting: Annotated[
        list[str] | None,
        typer.Option(
            "--set",
            "-s",
            help="Scrapy/gongkai setting NAME=VALUE (repeatable), e.g. GONGKAI_PARSE_WORKERS=2.",
        ),
    ] = None,
    refetch: Annotated[
        bool,
        typer.Option(
            "--refetch",
            help="Ignore stored validators: download everything again (duplicates still deduplicated by hash).",
        ),
    ] = False,
    deep: Annotated[
        bool,
        typer.Option(
            "--deep", help="Conditional requests, but walk every list page and known document."
        ),
    ] = False,
    reparse_only: Annotated[
        bool,
        typer.Option(
            "--reparse-only", help="No network: parse the archived bytes again (gongkai reparse)."
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run",
            help="Crawl into a throwaway copy of the archive and print what would change; write nothing.",
        ),
    ] = False,
    distributed: Annotated[
        str | None,
        typer.Option(
            "--distributed",
            metavar="redis://HOST:PORT/DB",
            help="Seed a shared frontier in Redis for `gongkai worker` processes, wait for them, finish the run (docs/scaling.md).",
        ),
    ] = None,
) -> None:
    """Crawl portals from the registry into the archive and print a summary per portal.

    Crawls are incremental (conditional requests from the archive, see docs/nightly.md);
    --refetch, --deep, --reparse-only and --dry-run change that, e.g.
    gongkai crawl --portal jinzhai --dry-run.

    Each portal's outcome (ok, partial, layout_changed, blocked, unreachable,
    robots_disallowed, moved: gongkai/core/outcomes.py) is recorded in the database (view
    v_portal_runs); every response is archived as a blob, a fetch row and WARC. A blocked or
    broken portal is an outcome, not an error: the command exits 0 unless the run failed.

    Example:
        gongkai crawl
        gongkai crawl --portal jinzhai --portal yeji
        gongkai crawl --distributed redis://10.0.0.5:6379/0   # then `gongkai worker` anywhere
        scrapy crawl anhui_public -a portal=jinzhai   # the same, one portal, from Scrapy
    """
    from gongkai.runs import crawl as run

    settings = current_settings(ctx)
    registry = in_use(ctx, registry)
    selected = load(registry, portal)
    extra: dict[str, object] = {}
    for item in setting or []:
        name, sep, value = item.partition("=")
        if not sep:
            err.print(f"[red]error:[/red] --set wants NAME=VALUE, got {item!r}")
            raise typer.Exit(2)
        extra[name.strip()] = value
    if reparse_only or dry_run:
        from gongkai.cli.nightly import crawl_variant

        crawl_variant(
            settings,
            selected,
            registry=registry,
            fast=fast,
            log_level=log_level.upper(),
            extra=extra,
            refetch=refetch,
            deep=deep,
            reparse_only=reparse_only,
        )
        return
    extra.update({"GONGKAI_INCREMENTAL": not refetch, "GONGKAI_DEEP": deep})
    if distributed:
        from gongkai.cli.worker import crawl_distributed

        run_id = crawl_distributed(
            settings, selected, registry=registry, redis_url=distributed, fast=fast, extra=extra
        )
    else:
        run_id = run.crawl(
            settings,
            selected,
            registry=registry,
            fast=fast,
            log_level=log_level.upper(),
            extra=extra,
        )
    print_summary(run.summarise(settings, run_id), run_id)


@app.command()
def demo(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option(help="World seed.")] = 0,
    day: Annotated[int, typer.Option(help="World day (later days publish more).")] = 1,
    out_dir: Annotated[
        Path | None, typer.Option("--out", help="Data directory (default: a fresh temporary one).")
    ] = None,
) -> None:
    """Start the local portal world, crawl it into a fresh data directory, print a summary.

    Example:
        gongkai demo
        gongkai demo --seed 3 --out /tmp/gongkai-demo
    """
    from gongkai import demo

    data_dir = out_dir or Path(tempfile.mkdtemp(prefix="gongkai-demo-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    with demo.serve(seed=seed, day=day) as world:
        registry = data_dir / "world-portals.toml"
        registry.write_text(world.registry_toml(), encoding="utf-8")
        # What the world published, for checking the crawl against it afterwards.
        (data_dir / "world-manifest.json").write_text(
            json.dumps(world.manifest, ensure_ascii=False, indent=1), encoding="utf-8"
        )
        out.print(f"portal world up (seed {seed}, day {day}); crawling into {data_dir}")
        # The crawl runs in its own process: the world's server keeps this one.
        code = subprocess.call(
            [
                sys.executable,
                "-c",
                "from gongkai.cli import main; main()",
                "--data-dir",
                str(data_dir),
                "crawl",
                "--registry",
                str(registry),
                "--fast",
            ]
        )
    if code:
        raise typer.Exit(code)
