"""`gongkai agencies`: the agencies of the archive, and decisions about them (merge, split …).

Each command is a few lines over ``db.agencies``; decisions are recorded with their reason and
can be undone (``gongkai agencies undo``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from gongkai.cli.app import app, current_settings
from gongkai.cli.archive import _engine, _require_archive

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

agencies_app = typer.Typer(
    help="Agencies: their names across the years, reports, lineage; merge, split, link, undo.",
    no_args_is_help=False,
    invoke_without_command=True,
)
app.add_typer(agencies_app, name="agencies")

Reason = Annotated[str, typer.Option("--reason", "-r", help="Why (kept with the decision).")]


@contextmanager
def _connection(ctx: typer.Context, *, write: bool) -> Iterator[Any]:
    settings = current_settings(ctx)
    _require_archive(settings)
    engine = _engine(settings)
    try:
        with engine.begin() if write else engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def _id(conn: Any, text: str) -> int:
    from db.agencies.lookup import AmbiguousName, find_agency_id

    try:
        found = find_agency_id(conn, text)
    except AmbiguousName as error:
        err.print(str(error), markup=False, highlight=False)
        raise typer.Exit(2) from None
    if found is None:
        err.print(f"no agency {text!r} (see `gongkai agencies`)", markup=False, highlight=False)
        raise typer.Exit(2)
    return found


def _decide(ctx: typer.Context, action: Callable[[Any], int]) -> None:
    from db.agencies.decisions import AgencyError

    try:
        with _connection(ctx, write=True) as conn:
            decision = action(conn)
    except AgencyError as error:
        err.print(f"refused: {error}", markup=False, highlight=False)
        raise typer.Exit(1) from None
    out.print(f"decision #{decision} recorded (undo: gongkai agencies undo {decision})")


def _years(years: list[int]) -> str:
    if not years:
        return "-"
    runs: list[str] = []
    start = prev = years[0]
    for y in [*years[1:], None]:
        if y is not None and y == prev + 1:
            prev = y
            continue
        runs.append(str(start) if start == prev else f"{start}–{prev}")
        if y is not None:
            start = prev = y
    return ", ".join(runs)


@agencies_app.callback()
def agencies(
    ctx: typer.Context,
    search: Annotated[
        str | None,
        typer.Option("--search", "-s", help="Only agencies with a name containing this."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print JSON, one object per agency.")
    ] = False,
) -> None:
    """List agencies: names as printed (years seen), report years, predecessors and successors.

    Example:
        gongkai agencies
        gongkai agencies --search 洪泽
        gongkai agencies --json > agencies.json
        gongkai agencies merge 平潭综合实验区 平潭综合实验区管理委员会 --reason "one committee"
    """
    if ctx.invoked_subcommand is not None:
        return
    from db.agencies.listing import list_agencies

    with _connection(ctx, write=False) as conn:
        rows = list_agencies(conn, search=search)
    if as_json:
        import dataclasses
        import json

        typer.echo(json.dumps([dataclasses.asdict(a) for a in rows], ensure_ascii=False, indent=1))
        return
    table = Table("id", "agency", "kind", "region", "reports", "names (years seen)", "lineage")
    for a in rows:
        names = "\n".join(
            f"{n.name} ({_years(sorted({y for y in (n.first_year, n.last_year) if y}))}"
            f"{', ' + n.lineage_step if n.lineage_step else ''})"
            for n in a.names
        )
        lineage = "\n".join(
            [f"← #{p} {y} {r}" for p, y, r in a.predecessors]
            + [f"→ #{s} {y} {r}" for s, y, r in a.successors]
        )
        table.add_row(
            str(a.id), a.name, a.kind, a.region_code or "?", _years(a.years), names, lineage
        )
    out.print(table)


@agencies_app.command("merge")
def merge(
    ctx: typer.Context,
    into: Annotated[str, typer.Argument(help="The agency that stays: id (#12) or a name.")],
    other: Annotated[str, typer.Argument(help="The agency merged into it: id or name.")],
    reason: Reason,
) -> None:
    """Record that two agencies are one: OTHER's names and reports move to INTO.

    Refused when both have a report for one year. Example:
        gongkai agencies merge 淮安市洪泽区人民政府 洪泽区人民政府 --reason "prefix dropped"
    """
    from db.agencies.decisions import merge as do_merge

    _decide(ctx, lambda conn: do_merge(conn, _id(conn, into), _id(conn, other), reason))


@agencies_app.command("split")
def split(
    ctx: typer.Context,
    agency: Annotated[str, typer.Argument(help="The agency: id or name.")],
    names: Annotated[list[str], typer.Argument(help="Names (as recorded) to move out.")],
    reason: Reason,
    into: Annotated[
        str | None, typer.Option("--into", help="An existing agency to move them to.")
    ] = None,
) -> None:
    """Move names, and the reports signed with them, to a new agency (or --into one).

    Example:
        gongkai agencies split 12 竹山县城关镇人民政府 --reason "another town"
    """
    from db.agencies.decisions import split as do_split

    _decide(
        ctx,
        lambda conn: do_split(
            conn, _id(conn, agency), names, reason, into=_id(conn, into) if into else None
        ),
    )


@agencies_app.command("link")
def link(
    ctx: typer.Context,
    predecessor: Annotated[str, typer.Argument(help="The earlier agency: id or name.")],
    successor: Annotated[str, typer.Argument(help="The agency that continues it.")],
    year: Annotated[int, typer.Option("--year", help="The successor's first report year.")],
    reason: Reason,
    step: Annotated[
        str, typer.Option("--step", help="rename, county_to_district, merger, split …")
    ] = "rename",
) -> None:
    """Record a lineage step: SUCCESSOR continues PREDECESSOR from --year.

    One-to-one steps (rename, recode, county_to_district, city_to_district, county_to_city,
    split) make one series for the cross-year check; every step ends the predecessor's ledger.
    Example:
        gongkai agencies link 平潭县人民政府 平潭综合实验区 --year 2014 --reason "committee"
    """
    from db.agencies.decisions import link as do_link

    _decide(
        ctx,
        lambda conn: do_link(
            conn, _id(conn, predecessor), _id(conn, successor), year, reason, step=step
        ),
    )


@agencies_app.command("undo")
def undo(
    ctx: typer.Context,
    decision: Annotated[int, typer.Argument(help="Decision id (gongkai agencies decisions).")],
) -> None:
    """Undo a decision: what it moved goes back; the decision stays, marked undone.

    Example:
        gongkai agencies undo 3
    """
    from db.agencies.decisions import AgencyError
    from db.agencies.decisions import undo as do_undo

    try:
        with _connection(ctx, write=True) as conn:
            do_undo(conn, decision)
    except AgencyError as error:
        err.print(f"refused: {error}", markup=False, highlight=False)
        raise typer.Exit(1) from None
    out.print(f"decision #{decision} undone")


@agencies_app.command("decisions")
def decisions(ctx: typer.Context) -> None:
    """List the decisions about agencies, undone ones included.

    Example:
        gongkai agencies decisions
    """
    from db.agencies.listing import list_decisions

    with _connection(ctx, write=False) as conn:
        rows = list_decisions(conn)
    table = Table("id", "action", "reason", "source", "made", "undone", "detail")
    for d in rows:
        shown = {k: v for k, v in d.detail.items() if k != "entry"}
        table.add_row(
            str(d.id),
            d.action,
            d.reason,
            d.source,
            f"{d.made_at:%Y-%m-%d %H:%M}",
            f"{d.undone_at:%Y-%m-%d %H:%M}" if d.undone_at else "",
            str(shown),
        )
    out.print(table)


@agencies_app.command("apply")
def apply(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(help="agencies.toml to apply (default: $GONGKAI_HOME/agencies.toml)."),
    ] = None,
) -> None:
    """Apply the decisions of agencies.toml that are not applied yet (idempotent).

    Example:
        gongkai agencies apply
        gongkai agencies apply my-agencies.toml
    """
    from db.agencies.config import ConfigError, read
    from db.agencies.config import apply as do_apply

    settings = current_settings(ctx)
    path = path or settings.data_dir / "agencies.toml"
    try:
        entries = read(path)
    except ConfigError as error:
        err.print(str(error), markup=False, highlight=False)
        raise typer.Exit(2) from None
    with _connection(ctx, write=True) as conn:
        outcomes = do_apply(conn, entries)
    for o in outcomes:
        out.print(f"[[{o.section}]] #{o.index}: {o.status}: {o.detail}", markup=False)
    if any(o.status == "failed" for o in outcomes):
        raise typer.Exit(1)
