"""Outcomes that tell the truth: each one decided from its counts, and each reached by a crawl
of a portal made to end that way (report pages that 404, a site that moved, a redirect to
another site, a page budget)."""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.outcome import Tally, decide
from gongkai.core.outcomes import BY_NAME, NAMES, OUTCOMES
from tests.crawl import crawl_sites as sites
from tests.crawl.loopback_handler import LoopbackServer, handler_for
from tests.crawl.recall import crawl

# -- decided from the counts ------------------------------------------------------------------


def test_the_outcomes_are_defined_once_with_their_counts() -> None:
    assert [o.name for o in OUTCOMES] == [
        "ok",
        "partial",
        "layout_changed",
        "blocked",
        "unreachable",
        "robots_disallowed",
        "moved",
    ]
    counts = set(Tally().stats())
    for outcome in OUTCOMES:
        assert outcome.meaning, outcome.name
        assert outcome.counts, outcome.name
        assert set(outcome.counts) <= counts, outcome.name  # they are in every row's counts


def test_the_archive_takes_exactly_these() -> None:
    from db.archive import PORTAL_OUTCOMES

    assert PORTAL_OUTCOMES == NAMES


def _failed(**statuses: int) -> Tally:
    t = Tally(pages_ok=5, start_ok=1, lists=1, list_pages=1)
    for key, n in statuses.items():
        role, status = key.rsplit("_", 1)
        for i in range(n):
            t.note_failure(role, status, f"http://h/{role}/{status}/{i}")
    return t


def test_every_report_page_404_is_partial_not_layout_changed() -> None:
    outcome, detail = decide(_failed(report_page_404=19))
    assert outcome == "partial"
    assert "report_page 404 ×19" in (detail or "")
    assert "http://h/report_page/404/0" in (detail or "")


def test_some_failures_beside_reports_are_partial() -> None:
    t = _failed(report_page_404=1, attachment_timeout=2)
    t.report_pages = 4
    outcome, detail = decide(t)
    assert outcome == "partial"
    assert detail is not None
    assert detail.startswith("4 report(s) found")
    assert "attachment timeout ×2" in detail
    assert Tally(report_pages=3, pages_ok=5, start_ok=1).stats()["failed"] == 0


def test_failures_of_other_pages_do_not_count() -> None:
    t = _failed(other_404=3)  # a dead menu link
    t.report_pages = 2
    assert decide(t) == ("ok", None)
    assert t.failed == 0


def test_a_guessed_page_that_does_not_exist_is_a_miss_not_a_failure() -> None:
    from scrapy import Request
    from scrapy.http import HtmlResponse
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.python.failure import Failure

    from tests.crawl.test_discovery import _spider

    spider = _spider()
    for meta in ({"role": "list", "guess": True}, {"role": "list"}, {"role": "report_page"}):
        request = Request("http://www.example.gov.cn/nb/index_9.html", meta=meta)
        response = HtmlResponse(request.url, status=404, body=b"", request=request)
        failure = Failure(HttpError(response))
        failure.request = request  # type: ignore[attr-defined]  # as Scrapy sets it
        spider.on_error(failure)
    assert spider.tally.guesses_missed == 1
    assert spider.tally.failed_status == {"list 404": 1, "report_page 404": 1}
    assert spider.tally.http_errors == 2


def test_a_spent_budget_is_partial() -> None:
    t = Tally(pages_ok=9, start_ok=1, report_pages=2, budget="pages")
    assert decide(t)[0] == "partial"
    assert "pages budget" in (decide(t)[1] or "")


def test_no_column_names_the_start_page() -> None:
    outcome, detail = decide(Tally(pages_ok=3, start_ok=1), starts=("http://h/",))
    assert outcome == "layout_changed"
    assert "http://h/" in (detail or "")


def test_moved_names_both_addresses_and_the_registry_change() -> None:
    t = Tally(pages_ok=4, start_ok=1, report_pages=2, moves=[("http://a:1", "http://b:2")])
    outcome, detail = decide(t)
    assert outcome == "moved"
    assert detail is not None
    assert "http://a:1 → http://b:2" in detail
    assert "allowed_domains = ['b:2']" in detail


def test_the_other_outcomes() -> None:
    assert decide(Tally(network_errors=2, last_error="x"))[0] == "unreachable"
    assert decide(Tally(offsite_redirects=1, last_error="redirected"))[0] == "unreachable"
    assert decide(Tally(robots_denied=1, robots_denied_start=1))[0] == "robots_disallowed"
    assert decide(Tally(challenges=[("ruishu-412", "http://h/")]))[0] == "blocked"
    assert decide(Tally(pages_ok=3, start_ok=1, report_pages=1)) == ("ok", None)
    assert {decide(t)[0] for t in (Tally(), Tally(pages_ok=1))} <= set(BY_NAME)


# -- reached by crawls ----------------------------------------------------------------------


def _dead_reports_site() -> sites.Site:
    s = sites.Site()
    links = "".join(
        f'<li><a href="/nb/{y}.html">{sites.title("丁县人民政府", y)}</a></li>'
        for y in (2021, 2022, 2023)
    )
    s.html("/", '<a href="/nb/">政府信息公开年报</a>')
    s.html("/nb/", f"<ul>{links}</ul>")
    return s  # the report pages themselves answer 404


def _redirecting_site(status: int, to: str, *, same_path: bool) -> sites.Site:
    """Every URL answers ``status`` to ``to`` (plus the path asked, when ``same_path``)."""
    s = sites.Site()
    s.dynamic["/"] = lambda method, target, body: (
        status,
        {"Location": to + (target if same_path else ""), "Content-Type": "text/html"},
        b"",
    )
    return s


def _serve(site: sites.Site, host: str) -> str:
    """Serve ``site`` on ``host``; its base URL."""
    site.server = LoopbackServer((host, 0), handler_for(site.respond))
    threading.Thread(target=site.server.serve_forever, daemon=True).start()
    return f"http://{host}:{site.server.server_address[1]}"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One crawl of: report pages that 404; a site that moved (301 from every old URL to the
    same path on another loopback address); a 302 to another site."""
    generic, _ = sites.generic_site()
    served = [generic, sites.Site(), sites.Site(), sites.Site(), sites.Site()]
    try:
        new_base = _serve(generic, "127.0.0.2")
        other_base = _serve(served[1], "127.0.0.1")
        served[2] = _dead_reports_site()
        served[3] = _redirecting_site(301, new_base, same_path=True)
        served[4] = _redirecting_site(302, f"{other_base}/elsewhere/", same_path=False)
        bases = {
            pid: _serve(served[i], "127.0.0.1")
            for pid, i in (("dead", 2), ("moved", 3), ("away", 4))
        }
        registry = "".join(sites_registry(pid, base) for pid, base in bases.items())
        yield crawl(registry, tmp_path_factory.mktemp("outcomes"))
    finally:
        for s in served:
            if s.server is not None:
                s.server.shutdown()
                s.server.server_close()


def sites_registry(pid: str, base: str) -> str:
    return (
        f'[[portal]]\nid = "{pid}"\nagency = "丁县人民政府"\nregion_code = "341524"\n'
        f'family = "generic"\nstart_urls = ["{base}/"]\n\n'
    )


def _row(data: Path, pid: str) -> tuple[str, str, str]:
    with sqlite3.connect(data / "archive.sqlite") as conn:
        row = conn.execute(
            "SELECT outcome, detail, counts FROM v_portal_runs WHERE portal_id = ?", (pid,)
        ).fetchone()
    assert row is not None
    return row


@pytest.mark.slow
def test_report_pages_that_404_end_partial_with_the_404s_counted(crawled: Path) -> None:
    outcome, detail, counts = _row(crawled, "dead")
    assert outcome == "partial", detail
    assert json.loads(counts)["failed_status"] == {"report_page 404": 3}
    assert "/nb/20" in detail  # an example of the pages that failed


@pytest.mark.slow
def test_a_site_that_moved_is_followed_and_recorded(crawled: Path) -> None:
    outcome, detail, _ = _row(crawled, "moved")
    assert outcome == "moved", detail
    assert "127.0.0.2" in detail
    with sqlite3.connect(crawled / "archive.sqlite") as conn:
        loaded = conn.execute("SELECT count(*) FROM v_reports WHERE agency = '甲县人民政府'")
        assert loaded.fetchone()[0] >= 2


@pytest.mark.slow
def test_a_redirect_to_another_site_is_not_followed(crawled: Path) -> None:
    outcome, detail, _counts = _row(crawled, "away")
    assert outcome == "unreachable"
    assert "not followed" in detail
    with sqlite3.connect(crawled / "archive.sqlite") as conn:
        asked = [
            u for (u,) in conn.execute("SELECT url FROM fetches WHERE url LIKE '%/elsewhere/%'")
        ]
    assert not asked


@pytest.mark.slow
def test_the_page_budget_ends_the_walk_as_partial(tmp_path: Path) -> None:
    site, _ = sites.generic_site()
    served = sites.start(site)
    try:
        data = crawl(sites_registry("tight", served.base), tmp_path, {"GONGKAI_PORTAL_PAGES": 3})
    finally:
        assert served.server is not None
        served.server.shutdown()
        served.server.server_close()
    outcome, detail, counts = _row(data, "tight")
    assert outcome == "partial", detail
    assert json.loads(counts)["budget"] == "pages"
    with sqlite3.connect(data / "archive.sqlite") as conn:
        n = conn.execute("SELECT count(*) FROM fetches WHERE url NOT LIKE '%robots.txt'")
        assert n.fetchone()[0] == 3
