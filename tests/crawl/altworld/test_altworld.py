"""The spiders on a portal world they were not written against (``altworld_portals``): the
same CMS families in other markup. Recall per family and no non-report loaded, crawled once
with each portal's family spider and once with every portal forced to ``generic``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.crawl.altworld import altworld_portals as alt
from tests.crawl.recall import crawl, measure

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def world() -> Iterator[list[alt.Portal]]:
    portals = alt.start()
    try:
        yield portals
    finally:
        alt.stop(portals)


@pytest.mark.parametrize("forced", [None, "generic"])
def test_recall_on_another_world(
    world: list[alt.Portal], forced: str | None, tmp_path: Path
) -> None:
    recall, wrong = measure(world, crawl(alt.registry(world, family=forced), tmp_path))
    floor = 0.95 if forced is None else 0.80
    for got, total in recall.values():
        assert total >= 5
        assert got / total >= floor, (forced or "own family", recall)
    assert not wrong
