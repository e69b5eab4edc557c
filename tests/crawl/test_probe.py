"""``gongkai portals probe``: the readings it makes of a site, a list of sites sorted (world15's
probe list: home pages, dead addresses, other regions' sites), and, on every world the
repository has, entries that crawl: entries produced / portals, and the reports found through
them."""

from __future__ import annotations

import csv
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crawler.registry import DEFAULT_REGISTRY, registry_in_use
from gongkai.runs.probe import agency_from_title, region_mismatch, unique_id
from gongkai.runs.probe_list import Row, read_rows
from tests.crawl.recall import ROOT, measure

# -- readings -------------------------------------------------------------------------------


def test_the_region_a_site_is() -> None:
    # its name says so, whatever its SiteIDCode (which may predate 撤县设市)
    assert region_mismatch("431181", "祁阳市", "祁阳市人民政府", "4311210003") is None
    assert region_mismatch("450181", "横州市", "横州市人民政府", "4501270001") is None
    # another region's site: a city pointed at its county, a neighbouring district
    assert "431181" in (region_mismatch("431100", "永州市", "祁阳市人民政府", "4311210003") or "")
    assert region_mismatch("230103", "哈尔滨市南岗区", "哈尔滨市道里区人民政府", "2301020001")
    # no name to go by: the SiteIDCode's prefecture
    assert region_mismatch("341825", "旌德县", "门户网站", "3418250001") is None
    assert region_mismatch("341825", "旌德县", "门户网站", "4401030001")
    assert region_mismatch("341825", "旌德县", "", "") is None  # nothing says otherwise


def test_the_agency_a_title_names() -> None:
    assert agency_from_title("绥中县人民政府门户网站") == "绥中县人民政府"
    assert agency_from_title("首页 - 金寨县人民政府") == "金寨县人民政府"
    assert agency_from_title("欢迎访问叶集区政府网站") == "叶集区"


def test_the_charset_from_the_bom_the_header_or_the_page() -> None:
    from gongkai.runs.probe_http import charset_of

    gbk = b"<meta charset=gb2312>" + "政府信息公开".encode("gbk")
    assert charset_of(gbk, "text/html") == "gb18030"  # a GB2312 label reads as GB18030
    assert charset_of(b"\xef\xbb\xbf<p>x</p>", "text/html; charset=gbk") == "utf-8"  # the BOM
    assert charset_of("年报".encode(), "text/html; charset=UTF-8") == "utf-8"
    assert charset_of("年报".encode("gbk"), None) == "gb18030"  # nothing said: not UTF-8


def test_lists_with_and_without_a_header(tmp_path: Path) -> None:
    with_header = tmp_path / "a.csv"
    with_header.write_text("名称,代码,网址\n金寨县,341524,www.ahjinzhai.gov.cn\n", "utf-8")
    assert read_rows(with_header) == [Row("341524", "金寨县", "http://www.ahjinzhai.gov.cn")]
    tsv = tmp_path / "b.tsv"
    tsv.write_text("211421\t绥中县\thttp://www.szx.gov.cn/\n\n", "utf-8")
    assert read_rows(tsv) == [Row("211421", "绥中县", "http://www.szx.gov.cn/")]


def test_ids_are_unique() -> None:
    assert unique_id("szx", {"szx", "szx-2"}) == "szx-3"
    assert unique_id("szx", set()) == "szx"


def test_the_registry_in_use(tmp_path: Path) -> None:
    assert registry_in_use(None, tmp_path) is None  # the shipped one
    (tmp_path / "portals.toml").write_text("", "utf-8")
    assert registry_in_use(None, tmp_path) == tmp_path / "portals.toml"
    assert registry_in_use(Path("x.toml"), tmp_path) == Path("x.toml")


def test_never_into_the_installed_registry(tmp_path: Path) -> None:
    from gongkai.cli import app

    result = CliRunner().invoke(
        app,
        [
            "--data-dir",
            str(tmp_path),
            "portals",
            "probe",
            "http://127.0.0.1:9/",
            "--write",
            "--registry",
            str(DEFAULT_REGISTRY),
        ],
    )
    assert result.exit_code == 2
    assert "installed registry" in result.output


# -- a list of sites, and the crawl of the entries -------------------------------------------


def _gongkai(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from gongkai.cli import main; main()",
            "--data-dir",
            str(data),
            *args,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )


@pytest.mark.slow
def test_a_list_is_sorted_and_its_entries_crawl(tmp_path: Path) -> None:
    """world15's probe list: its 15 home pages get entries (two with SiteIDCodes from before
    撤县设市), three closed ports are unreachable, three other regions' sites are
    wrong_region; `gongkai crawl` then reads the entries from $GONGKAI_HOME/portals.toml."""
    from tests.crawl import altworld4 as world4

    sites = world4.start()
    data = tmp_path / "data"
    try:
        rows = world4.write_probe_list(sites, tmp_path / "list.csv")
        args = ["portals", "probe", "--from", str(tmp_path / "list.csv"), "--write"]
        probed = _gongkai(data, *args, "--delay", "0", "--timeout", "3")
        assert probed.returncode == 0, probed.stderr[-3000:]
        again = _gongkai(data, *args, "--delay", "0")  # resumed: nothing left to do
        crawled = _gongkai(data, "crawl", "--fast")
        recall, wrong = measure(sites, data)
    finally:
        world4.stop(sites)
    with (tmp_path / "list.csv.probe" / "done.tsv").open(encoding="utf-8") as fh:
        done = {
            (r["url"], r["region_code"]): r["status"] for r in csv.DictReader(fh, delimiter="\t")
        }
    expected = {"ok": "ok", "dead": "unreachable", "wrong_region": "wrong_region"}
    assert {(r["url"], r["region_code"]): expected[r["expected"]] for r in rows} == done
    assert again.returncode == 0
    assert "already registered" in again.stderr
    assert crawled.returncode == 0, crawled.stderr[-3000:]
    got, total = sum(g for g, _ in recall.values()), sum(t for _, t in recall.values())
    assert got / total >= 0.95, recall
    assert not wrong


@pytest.mark.slow
@pytest.mark.parametrize(
    "world", ["fixtures", "demo", "altworld", "altworld2", "altworld3", "altworld4"]
)
def test_every_world_the_repository_has(world: str, tmp_path: Path) -> None:
    """Every portal that publishes reports gets an entry from its home page alone, and the
    entries crawl as well as the hand-written registries do (altworld4 loses the same three
    reports to the parser either way)."""
    from tests.crawl.probe_worlds import probe_and_crawl, worlds

    with worlds()[world]() as truth, tempfile.TemporaryDirectory() as tmp:
        figures = probe_and_crawl(world, truth, Path(tmp))
    print(figures)
    assert figures.entries == figures.portals, figures.no_entry
    assert figures.found / figures.reports >= 0.95, figures
    assert not figures.wrong
