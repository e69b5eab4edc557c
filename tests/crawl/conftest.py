"""Run one crawl of the hand-written fixture portals (in a subprocess: the Twisted reactor
cannot restart inside pytest) and share its archive with the tests of this directory."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.crawl import crawl_sites as sites

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Crawled:
    data_dir: Path
    sites: dict[str, sites.Site]
    truth: dict[str, list[tuple[str, int]]]
    output: str
    seconds: float
    registry: Path

    def db(self) -> sqlite3.Connection:
        return sqlite3.connect(self.data_dir / "archive.sqlite")

    def rows(self, sql: str, *args: object) -> list[tuple]:
        with self.db() as conn:
            return conn.execute(sql, args).fetchall()


def run_gongkai(
    data_dir: Path, *args: str, timeout: float = 150
) -> subprocess.CompletedProcess[str]:
    cmd = [
        sys.executable,
        "-c",
        "from gongkai.cli import main; main()",
        "--data-dir",
        str(data_dir),
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT)


def registry_entry(
    pid: str, family: str, base: str, agency: str = "测试县人民政府", path: str = "/"
) -> str:
    return (
        f'[[portal]]\nid = "{pid}"\nagency = "{agency}"\nregion_code = "341524"\n'
        f'family = "{family}"\nstart_urls = ["{base}{path}"]\n\n'
    )


@pytest.fixture(scope="session")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawled]:
    builders = {
        "fx-generic": ("generic", sites.generic_site),
        "fx-trs": ("trs", sites.trs_site),
        "fx-hanweb": ("hanweb", sites.hanweb_site),
        "fx-anhui": ("anhui_public", sites.anhui_site),
        "fx-gkmlpt": ("gkmlpt", sites.gkmlpt_site),
        "fx-hanweb2": ("hanweb", lambda: sites.hanweb_site(2)),
        "fx-anhui2": ("anhui_public", lambda: sites.anhui_site(2)),
    }
    served: dict[str, sites.Site] = {}
    truth: dict[str, list[tuple[str, int]]] = {}
    registry = ""
    for pid, (family, build) in builders.items():
        site, expected = build()
        served[pid] = sites.start(site)
        truth[pid] = expected
        registry += registry_entry(pid, family, site.base)
    # The generic spider on the script-driven families' sites (same servers, same reports).
    # A start URL on the report list itself: its pagination is followed too.
    registry += registry_entry(
        "fx-generic-list", "generic", served["fx-generic"].base, path="/zwgk/nb/"
    )
    truth["fx-generic-list"] = truth["fx-generic"]
    for pid in ("fx-hanweb2", "fx-anhui2", "fx-gkmlpt"):
        registry += registry_entry(f"{pid}-as-generic", "generic", served[pid].base)
        truth[f"{pid}-as-generic"] = truth[pid]
    for pid, family, build in (
        ("fx-blocked", "generic", sites.challenge_site),
        ("fx-robots", "generic", sites.robots_site),
        ("fx-layout", "generic", sites.layout_site),
    ):
        served[pid] = sites.start(build())
        truth[pid] = []
        registry += registry_entry(pid, family, served[pid].base)
    tmp = tmp_path_factory.mktemp("crawl")
    (tmp / "portals.toml").write_text(registry, encoding="utf-8")
    data_dir = tmp / "data"
    t0 = time.monotonic()
    proc = run_gongkai(data_dir, "crawl", "--registry", str(tmp / "portals.toml"), "--fast")
    seconds = time.monotonic() - t0
    try:
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
        yield Crawled(
            data_dir, served, truth, proc.stdout + proc.stderr, seconds, tmp / "portals.toml"
        )
    finally:
        for site in served.values():
            assert site.server is not None
            site.server.shutdown()
            site.server.server_close()
