"""``gongkai portals probe`` on the test worlds: every portal's home page probed, the entries
crawled, the reports they find counted against the world's truth.

    python -m tests.crawl.probe_worlds            # every world, a table of the figures

Each world is (name, start, stop, registry, truth): ``truth(served)`` maps a portal's start
URL to the (agency, year) of its published reports (empty for a portal that should give no
entry: blocked, disallowed, no column).
"""

from __future__ import annotations

import sqlite3
import sys
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.crawl.recall import crawl

Truth = dict[str, set[tuple[str, int]]]


@dataclass
class Figures:
    world: str
    portals: int  # portals that publish reports
    entries: int  # of those, how many the probe gave an entry
    reports: int  # published by them
    found: int  # found by crawling the probed entries
    no_entry: list[str]  # start URLs of publishing portals the probe gave no entry, with why
    wrong: list[str]  # loaded, not published


@contextmanager
def altworld(module: Any, family_of: Callable[[Any], str] | None = None) -> Iterator[Truth]:
    served = module.start()
    try:
        yield {f"{s.base}/": {(r.agency, r.year) for r in s.reports} for s in served}
    finally:
        module.stop(served)


@contextmanager
def demo_world() -> Iterator[Truth]:
    from gongkai import demo

    with demo.serve(seed=0, day=1) as world:
        manifest = world.manifest
        truth: Truth = {}
        for p in manifest["portals"]:
            gated = bool(p.get("challenge"))
            truth[p["start_urls"][0]] = (
                set()
                if gated
                else {
                    (r["truth"]["agency"], r["truth"]["year"])
                    for r in manifest["reports"]
                    if r["portal"] == p["id"]
                }
            )
        yield truth


@contextmanager
def fixture_world() -> Iterator[Truth]:
    from tests.crawl import crawl_sites as sites

    builders = [
        sites.generic_site,
        sites.trs_site,
        sites.hanweb_site,
        sites.anhui_site,
        sites.gkmlpt_site,
        lambda: sites.hanweb_site(2),
        lambda: sites.anhui_site(2),
    ]
    served = []
    truth: Truth = {}
    try:
        for build in builders:
            site, expected = build()
            served.append(sites.start(site))
            truth[f"{site.base}/"] = set(expected)
        for build in (sites.challenge_site, sites.robots_site, sites.layout_site):
            site = build()
            served.append(sites.start(site))
            truth[f"{site.base}/"] = set()
        yield truth
    finally:
        for site in served:
            assert site.server is not None
            site.server.shutdown()
            site.server.server_close()


def worlds() -> dict[str, Callable[[], Any]]:
    from tests.crawl import altworld4
    from tests.crawl.altworld import altworld_portals
    from tests.crawl.altworld2 import altworld2_portals
    from tests.crawl.altworld3 import portals as altworld3

    return {
        "fixtures": fixture_world,
        "demo": demo_world,
        "altworld": lambda: altworld(altworld_portals),
        "altworld2": lambda: altworld(altworld2_portals),
        "altworld3": lambda: altworld(altworld3),
        "altworld4": lambda: altworld(altworld4),
    }


def probe_and_crawl(name: str, truth: Truth, tmp: Path) -> Figures:
    """Probe every start URL of ``truth``, crawl the entries, count what they found."""
    from gongkai.runs.probe import Fetcher, entry_toml, probe

    entries: list[str] = []
    taken: set[str] = set()
    no_entry: list[str] = []
    with Fetcher(delay=0, timeout=5) as fetcher:
        for url, reports in truth.items():
            p = probe(url, taken=taken, fetcher=fetcher)
            if p.entry is not None:
                taken.add(p.entry.id)
                entries.append(entry_toml(p))
            elif reports:
                no_entry.append(f"{url} {p.status}: {p.reason}")
    published = {r for rs in truth.values() for r in rs}
    loaded: set[tuple[str, int]] = set()
    if entries:
        registry = "\n".join(entries)
        tomllib.loads(registry)  # valid TOML, the crawl validates the entries
        data = crawl(registry, tmp)
        with sqlite3.connect(data / "archive.sqlite") as conn:
            loaded = set(conn.execute("SELECT agency, year FROM v_reports").fetchall())
    publishing = [u for u, rs in truth.items() if rs]
    return Figures(
        world=name,
        portals=len(publishing),
        entries=len(publishing) - len(no_entry),
        reports=len(published),
        found=len(published & loaded),
        no_entry=no_entry,
        wrong=[f"{a} {y}" for a, y in sorted(loaded - published)],
    )


def main() -> None:
    import tempfile

    rows = []
    for name, world in worlds().items():
        with world() as truth, tempfile.TemporaryDirectory() as tmp:
            rows.append(probe_and_crawl(name, truth, Path(tmp)))
        f = rows[-1]
        print(
            f"{f.world:10s} entries {f.entries}/{f.portals} portals, "
            f"reports found through them {f.found}/{f.reports}, not published {len(f.wrong)}",
            *f.no_entry,
            sep="\n  ",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
