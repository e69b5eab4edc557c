"""The spiders on a second world they were not written against (``altworld2_portals``): real
CMS markup the first alternative world does not show. Recall per family and no non-report
loaded, crawled with each portal's family spider and with every portal forced to ``generic``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawl.altworld2 import altworld2_portals as world2
from tests.crawl.recall import crawl, measure

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sites() -> Iterator[list[world2.Site]]:
    served = world2.start()
    try:
        yield served
    finally:
        world2.stop(served)


def test_the_world_is_what_it_claims(sites: list[world2.Site]) -> None:
    """Every family has enough reports, every report a page or file that the server serves."""
    families = {s.family for s in sites}
    assert families == {"trs", "hanweb", "anhui_public", "gkmlpt", "generic"}
    for s in sites:
        assert len(s.reports) >= 4, s.pid
        assert s.non_reports, s.pid
        for r in s.reports:
            path = r.url[len(s.base) :]
            assert s.serve("GET", path, b"")[0] == 200, r.url


@pytest.mark.parametrize("forced", [None, "generic"])
def test_recall_on_a_second_world(
    sites: list[world2.Site], forced: str | None, tmp_path: Path
) -> None:
    recall, wrong = measure(sites, crawl(world2.registry(sites, family=forced), tmp_path))
    floor = 0.95 if forced is None else 0.80
    print(forced or "own family", recall)
    for got, total in recall.values():
        assert total >= 5
        assert got / total >= floor, (forced or "own family", recall)
    assert not wrong
