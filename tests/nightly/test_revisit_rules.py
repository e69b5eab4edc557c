"""Which unreached known documents a pass marks gone without asking (pure, no crawl)."""

from __future__ import annotations

from types import SimpleNamespace

from crawler.incremental.memory import KnownDoc, PortalMemory
from crawler.incremental.revisit import unlisted
from crawler.outcome import Tally

HOST = "http://127.0.0.9:8000"


def _spider(reports_found: int = 5) -> SimpleNamespace:
    tally = Tally(report_pages=reports_found)
    return SimpleNamespace(tally=tally, portal=SimpleNamespace(start_urls=[HOST + "/"]))


def _memory(n: int) -> PortalMemory:
    mem = PortalMemory()
    for i in range(n):
        page = f"{HOST}/p{i}.html"
        mem.known[page] = KnownDoc(page, f"{i:064x}", "report_page", None, gone=False)
    mem.known[HOST + "/f0.pdf"] = KnownDoc(
        HOST + "/f0.pdf", "f" * 64, "attachment", HOST + "/p0.html", False
    )
    mem.known["http://old.example:80/p9.html"] = KnownDoc(
        "http://old.example:80/p9.html", "e" * 64, "report_page", None, gone=False
    )
    return mem


def _unlisted(spider: SimpleNamespace, mem: PortalMemory, docs: list[KnownDoc]) -> set[str]:
    return unlisted(mem, spider.tally, spider.portal.start_urls, docs)


def _unseen(mem: PortalMemory, urls: list[str]) -> list[KnownDoc]:
    return [mem.known[u] for u in urls]


def test_a_complete_walk_drops_unlisted_pages_and_their_files_on_the_current_host() -> None:
    mem = _memory(10)
    docs = _unseen(mem, [HOST + "/p0.html", HOST + "/f0.pdf", "http://old.example:80/p9.html"])
    assert _unlisted(_spider(), mem, docs) == {HOST + "/p0.html", HOST + "/f0.pdf"}


def test_a_cut_or_failed_walk_drops_nothing() -> None:
    for attr in ("cut_lists", "nav_not_modified", "nav_failed"):
        mem = _memory(10)
        setattr(mem, attr, 1)
        assert _unlisted(_spider(), mem, _unseen(mem, [HOST + "/p0.html"])) == set(), attr


def test_losing_more_than_half_is_a_layout_change_not_removals() -> None:
    mem = _memory(4)
    docs = _unseen(mem, [f"{HOST}/p{i}.html" for i in range(4)])
    assert _unlisted(_spider(), mem, docs) == set()
    assert _unlisted(_spider(reports_found=0), mem, docs[:1]) == set()
