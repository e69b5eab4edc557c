"""Portal commands: list the registry, probe a site (or a list of sites) for its entry.
Thin wrappers over ``crawler.registry`` and ``gongkai.runs.probe``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from gongkai.cli.app import app, current_settings
from gongkai.cli.crawl import RegistryOpt, err, in_use, load, out

portals_app = typer.Typer(no_args_is_help=False, invoke_without_command=True)
app.add_typer(portals_app, name="portals")


@portals_app.callback()
def portals(ctx: typer.Context, registry: RegistryOpt = None) -> None:
    """List the portals in the registry (gongkai portals probe: onboard new ones).

    Example:
        gongkai portals
        gongkai portals --registry my-portals.toml
    """
    if ctx.invoked_subcommand is not None:
        return
    table = Table("id", "family", "region", "agency", "start URLs", "allowed domains")
    for p in load(in_use(ctx, registry), None):
        table.add_row(
            p.id,
            p.family,
            p.region_code,
            p.agency,
            " ".join(p.start_urls),
            " ".join(p.allowed_domains),
        )
    out.print(table)


@portals_app.command("probe")
def probe_cmd(
    ctx: typer.Context,
    url: Annotated[str | None, typer.Argument(help="A portal's home page.")] = None,
    from_file: Annotated[
        Path | None,
        typer.Option(
            "--from",
            help="A list of sites: CSV or TSV of region code, name, URL (a header optional).",
        ),
    ] = None,
    name: Annotated[
        str | None, typer.Option("--name", help="The division the site should be (祁阳市).")
    ] = None,
    region: Annotated[
        str | None, typer.Option("--region", help="Its 6-digit region code, checked too.")
    ] = None,
    family: Annotated[
        str | None, typer.Option("--family", help="The CMS family, instead of detecting it.")
    ] = None,
    portal_id: Annotated[
        str | None, typer.Option("--id", help="The entry's id (default: from the domain).")
    ] = None,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Append the entries, validated, to your registry (--registry, else "
            "$GONGKAI_HOME/portals.toml; never the installed one). `gongkai crawl` reads it.",
        ),
    ] = False,
    registry: RegistryOpt = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out", help="--from: where done.tsv and portals.toml go (default: <FILE>.probe/)."
        ),
    ] = None,
    workers: Annotated[int, typer.Option(help="--from: hosts probed at once.")] = 4,
    delay: Annotated[float, typer.Option(help="Seconds between requests to one host.")] = 1.0,
    timeout: Annotated[float, typer.Option(help="Seconds a request may take.")] = 8.0,
    pages: Annotated[int, typer.Option(help="Pages read per site at most.")] = 40,
) -> None:
    """Fetch a portal's home page, find its report column the way a crawl does, and print its
    registry entry (TOML, on stdout; what it saw goes to stderr).

    With --from FILE, every site of a list (region code, name, URL), politely and resumably:
    the entries of the sites that work on stdout (and in <out>/portals.toml), a table of those
    that do not and why on stderr (unreachable, blocked, robots_disallowed, no_report_column,
    wrong_region: the site is another region's). Exits 1 when a single site gives no entry.

    Example:
        gongkai portals probe https://www.ahjinzhai.gov.cn/
        gongkai portals probe http://www.szx.gov.cn/ --name 绥中县 --region 211421 --write
        gongkai portals probe --from county-portals.csv --write
    """
    from gongkai.runs import probe as probing

    settings = current_settings(ctx)
    target = _writable(registry or settings.data_dir / "portals.toml") if write else None
    taken = {p.id for p in load(in_use(ctx, registry), None)}
    if (url is None) == (from_file is None):
        err.print("[red]error:[/red] give a URL or --from FILE (one of them)")
        raise typer.Exit(2)
    if from_file is not None:
        entries = _probe_list(from_file, out_dir, taken, workers, delay, timeout, pages)
    else:
        assert url is not None
        with probing.Fetcher(timeout=timeout, delay=delay) as fetcher:
            p = probing.probe(
                url,
                name=name,
                region_code=region,
                family=family,
                portal_id=portal_id,
                taken=taken,
                pages=pages,
                fetcher=fetcher,
            )
        _describe(p)
        if p.entry is None:
            raise typer.Exit(1)
        entries = [probing.entry_toml(p)]
    sys.stdout.write("\n".join(entries))
    if target is not None and entries:
        _append(target, entries)


def _writable(path: Path) -> Path:
    from crawler.registry import DEFAULT_REGISTRY

    if path.resolve() == DEFAULT_REGISTRY.resolve():
        err.print(
            "[red]error:[/red] not into the installed registry: "
            "--registry YOUR.toml, or leave it out for $GONGKAI_HOME/portals.toml"
        )
        raise typer.Exit(2)
    return path


def _append(target: Path, entries: list[str]) -> None:
    """Add the entries to ``target`` if the whole file still validates; ones whose start host
    is registered there already are left out."""
    import tomllib

    from crawler.exceptions import RegistryError
    from crawler.redirects import netloc
    from crawler.registry import parse_registry, portal_toml

    old = target.read_text(encoding="utf-8") if target.exists() else ""
    known = {netloc(u) for e in tomllib.loads(old).get("portal", []) for u in e["start_urls"]}
    fresh = []
    for chunk in entries:
        for p in parse_registry(tomllib.loads(chunk), path="<probed>"):
            if any(netloc(u) in known for u in p.start_urls):
                err.print(f"already registered in {target}: {p.start_urls[0]} (left out)")
                continue
            known.update(netloc(u) for u in p.start_urls)
            fresh.append(portal_toml(p))
    text = old + ("\n" if old and not old.endswith("\n") else "") + "\n".join(fresh)
    try:
        parse_registry(tomllib.loads(text), path=target)
    except (RegistryError, tomllib.TOMLDecodeError) as exc:
        err.print(f"[red]error:[/red] not written: {exc}")
        raise typer.Exit(2) from None
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    err.print(f"{len(fresh)} entr{'y' if len(fresh) == 1 else 'ies'} added to {target}")


def _probe_list(
    path: Path,
    out_dir: Path | None,
    taken: set[str],
    workers: int,
    delay: float,
    timeout: float,
    pages: int,
) -> list[str]:
    from gongkai.runs.probe_list import Done, probe_list, read_rows

    rows = read_rows(path)
    target = out_dir or path.with_name(path.name + ".probe")

    def progress(d: Done) -> None:
        err.print(f"{d.status:17s} {d.row.region_code} {d.row.name} {d.row.url} {d.portal_id}")

    done = probe_list(
        rows,
        target,
        workers=workers,
        delay=delay,
        timeout=timeout,
        pages=pages,
        taken=taken,
        progress=progress,
    )
    failed = [d for d in done if d.status != "ok"]
    table = Table("status", "region", "name", "url", "why", title="sites without an entry")
    for d in failed:
        table.add_row(d.status, d.row.region_code, d.row.name, d.row.url, d.reason)
    if failed:
        err.print(table)
    err.print(f"{len(done) - len(failed)} of {len(rows)} site(s) have an entry; files in {target}")
    entries = target / "portals.toml"
    return [entries.read_text(encoding="utf-8")] if entries.exists() else []


def _describe(p) -> None:
    """What the probe saw, for the person onboarding the portal (stderr)."""
    say = err.print
    say(f"probe {p.url}: [bold]{p.status}[/bold] {p.reason}".rstrip())
    for status, location in p.redirects:
        say(f"  redirect {status} → {location}")
    if p.final_url:
        say(
            f"  page {p.final_url} ({p.charset or '?'}), {p.pages_read} page(s) read in {p.seconds:.1f} s"
        )
    if p.agency:
        source = "SiteName" if p.site_name else "title"
        say(f"  site {p.agency} ({source}); SiteIDCode {p.site_code or '—'}")
    if p.region_code:
        say(f"  region {p.region_code} {p.region_name}")
    elif p.entry is not None:
        say("  [yellow]region unknown: set region_code in the entry[/yellow]")
    if p.entry is not None:
        say(f"  family {p.family}" + (f" ({', '.join(p.markers)})" if p.markers else ""))
    for url, text in p.columns:
        say(f"  report column {text}: {url}")
    for url, text in p.subcolumns[:10]:
        say(f"    sub-column {text}: {url}")
    if p.reports:
        years = p.years
        span = f", years {years[0]}–{years[-1]}" if years else ""
        say(f"  reports listed: {len(p.reports)}{span}")
        for url, title in p.reports[:8]:
            say(f"    {title or '?'}  {url}")
    if p.pages:
        say(f"  pager: {len(p.pages)} further page(s), e.g. {p.pages[0]}")
