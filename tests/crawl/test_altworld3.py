"""The spiders on a third world (``altworld3/portals.py``): label endpoints that answer only
POST or page by ``pageNo``/``curPage``/``page``/``pageNum``, gkmlpt APIs at other paths, state
embedded in the page and files named only in the API, Hanweb's ``search.jsp``, proxy fields as
a query string and records escaped other ways, report columns four and five hubs from home.
Recall per family and no non-report loaded, with each portal's family spider and with every
portal forced to ``generic``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawl.altworld3 import portals as world3
from tests.crawl.recall import crawl, measure

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sites() -> Iterator[list[world3.Site]]:
    served = world3.start()
    try:
        yield served
    finally:
        world3.stop(served)


def test_the_world_is_what_it_claims(sites: list[world3.Site]) -> None:
    """Every family has its reports and decoys, every report page is served."""
    assert {s.family for s in sites} == {"hanweb", "anhui_public", "gkmlpt", "generic"}
    for s in sites:
        assert len(s.reports) >= 4, s.pid
        assert s.non_reports, s.pid
        for r in s.reports:
            assert s.serve("GET", r.path, b"")[0] == 200, (s.pid, r.path)


@pytest.mark.parametrize("forced", [None, "generic"])
def test_recall_on_a_third_world(
    sites: list[world3.Site], forced: str | None, tmp_path: Path
) -> None:
    recall, wrong = measure(sites, crawl(world3.registry(sites, family=forced), tmp_path))
    floor = 0.95 if forced is None else 0.80
    print(forced or "own family", recall)
    for got, total in recall.values():
        assert total >= 5
        assert got / total >= floor, (forced or "own family", recall)
    assert not wrong


def test_catalogue_hops_setting_reaches_the_deep_columns(
    sites: list[world3.Site], tmp_path: Path
) -> None:
    """The report columns four and five hubs from home are found through catalogue steps
    past GONGKAI_MAX_HUB_HOPS; with GONGKAI_CATALOGUE_HOPS=0 the walk stops at the limit."""
    deep = [s for s in sites if s.pid in ("a3-g1", "a3-g2")]
    assert len(deep) == 2
    found = {}
    for hops in (0, 2):
        recall, wrong = measure(
            deep,
            crawl(
                world3.registry(deep), tmp_path / f"hops{hops}", {"GONGKAI_CATALOGUE_HOPS": hops}
            ),
        )
        found[hops] = recall["generic"]
        assert not wrong
    assert found[2][0] == found[2][1], found
    assert found[0][0] < found[2][0], found


# -- the readings the world exercises, on their own -------------------------------------------


def test_catalogue_hubs_are_the_catalogue_steps_only() -> None:
    from crawler.recognise import is_catalogue_hub

    for text in ("政府信息公开", "政府信息公开目录", "法定主动公开内容", "政府信息公开专栏"):
        assert is_catalogue_hub(text), text
    for text in (
        "部门信息公开",
        "乡镇信息公开",
        "重点领域信息公开",
        "政务公开专栏",
        "政府信息公开年报",
        "政府信息公开指南",
    ):
        assert not is_catalogue_hub(text), text


def test_gkmlpt_page_count_reads_pages_and_articles() -> None:
    from crawler.spiders.gkmlpt import page_count

    assert page_count({"page": 1, "total": 3, "count": 13}, 4) == 4  # total counts pages here
    assert (
        page_count({"data": {"count": 4, "total": 13, "page": 1}}, 4) == 4
    )  # count: this page's rows
    assert page_count({"totalPage": 3, "total": 50}, 5) == 3
    assert page_count({"articles": []}, 0) is None


def test_gkmlpt_files_listed_in_the_api() -> None:
    from crawler.spiders.gkmlpt import json_attachments

    art = {
        "title": "t",
        "url": "/a.html",
        "attachment": [{"name": "报告.pdf", "url": "/f/1"}, {"name": "图片", "url": "/f/2.png"}],
    }
    assert json_attachments(art, "http://h/x/") == [("http://h/f/1", "报告.pdf")]


def test_hanweb_records_escaped_other_ways() -> None:
    from crawler.spiders.hanweb import records

    link = '<li><a href="/art/1.html">t</a></li>'
    as_json = '{"records": ["' + link.replace("<", "\\u003c").replace('"', '\\"') + '"]}'
    in_script = (
        "<record><![CDATA[" + link.replace('"', '\\"').replace("/", "\\/") + "]]><\\/record>"
    )
    escaped = "<record><![CDATA[" + link.replace("<", "&lt;").replace(">", "&gt;") + "]]></record>"
    for text in (as_json, in_script, escaped):
        assert records(text) == [link], text


def test_script_object_values_that_are_variables() -> None:
    from crawler.ajax import object_params

    got = object_params('siteId: siteId, catId: "7", pageNo: pageNo, ok: true', {"siteId": "66"})
    assert got == {"siteId": "66", "catId": "7", "pageNo": ""}
