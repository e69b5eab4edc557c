"""kill -9 in the middle of a crawl, run again: the archive equals an uninterrupted run's."""

from __future__ import annotations

from tests.nightly.nightly_scenario import Scenario, rows


def test_the_kill_happened_mid_crawl(scenario: Scenario) -> None:
    assert scenario.killed_at_fetches > 0
    unfinished = rows(scenario.b, "SELECT count(*) FROM crawl_runs WHERE finished_at IS NULL")[0][0]
    assert unfinished == 1


def test_resumed_archive_equals_the_uninterrupted_one(scenario: Scenario) -> None:
    a, b = scenario.snap_a, scenario.snap_b
    assert a["reports"]
    assert a["requests"]
    assert b["reports"] == a["reports"]
    assert b["requests"] == a["requests"]
    assert b["versions"] == a["versions"]
    assert b["blobs"] == a["blobs"], (
        sorted(a["blobs"] - b["blobs"])[:5],
        sorted(b["blobs"] - a["blobs"])[:5],
    )
