"""A nightly pass over an unchanged world costs almost nothing and changes nothing."""

from __future__ import annotations

import json

from tests.nightly.nightly_scenario import Scenario, rows

INLINE = {"html", "html-gbk"}


def _bytes(traffic: dict) -> int:
    return sum(p["bytes"] for p in traffic["portals"].values())


def test_nightly_transfers_at_most_two_percent(scenario: Scenario) -> None:
    first, nightly = scenario.passes["first"].traffic, scenario.passes["unchanged"].traffic
    assert _bytes(first) > 0
    ratio = _bytes(nightly) / _bytes(first)
    assert ratio <= 0.02, (
        f"nightly moved {ratio:.1%} of the first crawl's bytes: {nightly['portals']}"
    )


def test_no_attachment_is_downloaded_again(scenario: Scenario) -> None:
    files = {r["document_url"] for r in scenario.day1["reports"] if r["form"] not in INLINE}
    assert files
    again = [
        e["url"]
        for e in scenario.passes["unchanged"].log
        if e["url"] in files and e["status"] == 200
    ]
    assert not again


def test_unchanged_portal_with_validators_costs_three_requests_or_fewer(scenario: Scenario) -> None:
    traffic = scenario.passes["unchanged"].traffic["portals"]
    with_validators = [
        p["id"] for p in scenario.day1["portals"] if p["validators"] and not p["challenge"]
    ]
    assert with_validators
    costly = {
        pid: traffic[pid]["requests"] for pid in with_validators if traffic[pid]["requests"] > 3
    }
    assert not costly
    # and what it did ask for was answered 304, robots.txt included
    assert all(set(traffic[pid]["statuses"]) == {"304"} for pid in with_validators)


def test_summary_is_stored_and_printed_and_says_nothing_changed(scenario: Scenario) -> None:
    printed = json.loads(scenario.passes["unchanged"].proc.stdout)
    (stats,) = rows(scenario.a, "SELECT stats FROM crawl_runs WHERE id = ?", printed["run_id"])[0]
    stored = json.loads(stats)
    assert stored["totals"] == printed["totals"]
    for key in ("new_reports", "new_versions", "removed", "failures"):
        assert printed["totals"][key] == 0, key
    blocked = {p["id"] for p in scenario.day1["portals"] if p["challenge"]}
    assert {p["portal"] for p in printed["portals"] if p["blocked"]} == blocked
    ok = {p["portal"] for p in printed["portals"] if p["outcome"] == "ok"}
    assert ok == {p["id"] for p in scenario.day1["portals"]} - blocked
    # requests and bytes per portal come from the run's own fetch rows
    for p in printed["portals"]:
        n, size = rows(
            scenario.a,
            "SELECT count(*), coalesce(sum(size), 0) FROM fetches "
            "WHERE run_id = ? AND portal_id = ?",
            printed["run_id"],
            p["portal"],
        )[0]
        assert (p["requests"], p["bytes"]) == (n, size)


def test_not_modified_is_a_fetch_and_the_document_counts_as_seen(scenario: Scenario) -> None:
    run_id = json.loads(scenario.passes["unchanged"].proc.stdout)["run_id"]
    started = rows(scenario.a, "SELECT started_at FROM crawl_runs WHERE id = ?", run_id)[0][0]
    n304 = rows(
        scenario.a,
        "SELECT count(*) FROM fetches WHERE run_id = ? AND status = 304 "
        "AND outcome = 'not_modified' AND size = 0",
        run_id,
    )[0][0]
    assert n304 > 0
    stale = rows(
        scenario.a,
        "SELECT url FROM documents WHERE role IN ('report_page', 'attachment') "
        "AND gone_at IS NULL AND last_seen < ?",
        started,
    )
    assert not stale
