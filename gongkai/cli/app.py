"""The Typer application and the options every command shares."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gongkai.core import settings as settings_mod

app = typer.Typer(
    name="gongkai",
    help="Archive of government information disclosure annual reports (政府信息公开工作年度报告).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


@app.callback()
def _global_options(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir", envvar="GONGKAI_HOME", help="Data directory (archive, blobs, WARC)."
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", envvar="GONGKAI_DB", help="Database URL: sqlite:///… or postgresql+psycopg://…"
        ),
    ] = None,
) -> None:
    ctx.obj = settings_mod.resolve(data_dir, db)


def current_settings(ctx: typer.Context) -> settings_mod.Settings:
    """The settings resolved from the global options, for a command's body."""
    obj = ctx.find_root().obj
    return obj if isinstance(obj, settings_mod.Settings) else settings_mod.resolve()
