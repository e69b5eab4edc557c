"""Distributed crawling: `gongkai worker` serves a shared frontier in Redis; `gongkai crawl
--distributed` seeds it (``crawl_distributed`` below). Thin wrappers over gongkai.runs.distributed."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from gongkai.cli.app import app, current_settings
from gongkai.core.settings import Settings

err = Console(stderr=True, soft_wrap=True)


def frontier_progress() -> Callable[[dict[str, Any]], None]:
    """Prints the frontier's state to stderr whenever it changed."""
    last: dict[str, Any] = {}

    def progress(status: dict[str, Any]) -> None:
        view = {k: status[k] for k in ("pending", "in_flight", "seen", "candidates")}
        view["workers"] = len(status["workers"])
        if view != last:
            last.clear()
            last.update(view)
            err.print("frontier: " + ", ".join(f"{k} {v}" for k, v in view.items()))

    return progress


def crawl_distributed(
    settings: Settings,
    portals: list[Any],
    *,
    registry: Path | None,
    redis_url: str,
    fast: bool,
    extra: dict[str, Any],
) -> int:
    """Seed the frontier, report progress while workers crawl, finish the run; its id."""
    from crawler.exceptions import FrontierError
    from crawler.registry import DEFAULT_REGISTRY
    from gongkai.runs.distributed import coordinate

    try:
        return coordinate(
            settings,
            portals,
            registry=registry or DEFAULT_REGISTRY,
            redis_url=redis_url,
            fast=fast,
            extra=extra,
            progress=frontier_progress(),
        )
    except FrontierError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None


@app.command()
def worker(
    ctx: typer.Context,
    redis_url: Annotated[
        str,
        typer.Argument(
            metavar="redis://HOST:PORT/DB",
            help="The frontier `gongkai crawl --distributed` seeded.",
        ),
    ],
    idle_close: Annotated[
        float,
        typer.Option(
            "--idle-close", help="Close after the whole frontier has been idle this many seconds."
        ),
    ] = 10.0,
    ttl: Annotated[
        float,
        typer.Option(
            "--ttl",
            help="Heartbeat lifetime: a worker silent this long is dead and its in-flight requests go back.",
        ),
    ] = 30.0,
    host_rate: Annotated[
        float | None,
        typer.Option(
            "--host-rate",
            help="Requests per second per host, over all workers (default 1; 0 with a --fast run).",
        ),
    ] = None,
    wait: Annotated[
        float, typer.Option("--wait", help="Seconds to wait for a crawl to be seeded.")
    ] = 60.0,
    log_level: Annotated[str, typer.Option("--log-level", help="Scrapy log level.")] = "WARNING",
) -> None:
    """Take requests from a shared Redis frontier and write into the shared archive.

    Any number of workers on any machines may serve one frontier; each needs the same database
    (--db, or the coordinator's when none is given) and a blob store all can reach: a shared
    --data-dir mount, or GONGKAI_BLOBS=s3://bucket/prefix with GONGKAI_S3_ENDPOINT.

    Example:
        gongkai --db postgresql+psycopg://crawl@db/gongkai worker redis://10.0.0.5:6379/0
        GONGKAI_BLOBS=s3://archive/blobs gongkai worker redis://10.0.0.5:6379/0 --host-rate 0.5
    """
    from crawler.exceptions import FrontierError
    from gongkai.runs.distributed import work

    settings = current_settings(ctx)
    try:
        wid = work(
            settings,
            redis_url,
            idle_close=idle_close,
            ttl=ttl,
            host_rate=host_rate,
            wait_for_run=wait,
            log_level=log_level.upper(),
        )
    except FrontierError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    print(f"worker {wid} done", file=sys.stderr)
