"""Day 2: new, corrected, republished and removed reports and a portal on a new address, as the
manifest says; validators and 304s where a portal sends them."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import closing
from typing import Any

import httpx
import pytest

from gongkai import demo
from tests.world.conftest import pass_jsl


@pytest.fixture(scope="module")
def evolving() -> Iterator[tuple[demo.World, dict[str, Any], dict[str, Any]]]:
    with demo.serve(seed=0, day=1, slow_delay=0.05) as w:
        day1 = w.manifest
        w.set_day(2)
        yield w, day1, w.manifest


def _client(manifest: dict[str, Any]) -> httpx.Client:
    c = httpx.Client(timeout=20)
    for p in manifest["portals"]:
        if p["challenge"] == "521":
            pass_jsl(c, p["start_urls"][0])
    return c


def test_day2_lists_every_kind_of_change(
    evolving: tuple[Any, dict[str, Any], dict[str, Any]],
) -> None:
    _, day1, day2 = evolving
    assert day1["changes"] == []
    assert day2["day"] == 2
    kinds = [c["kind"] for c in day2["changes"]]
    assert {"added", "corrected", "republished", "removed", "moved"} <= set(kinds)
    assert all(c["day"] == 2 for c in day2["changes"])


def test_changes_are_served_as_listed(evolving: tuple[Any, dict[str, Any], dict[str, Any]]) -> None:
    _, day1, day2 = evolving
    ids1 = {r["id"]: r for r in day1["reports"]}
    ids2 = {r["id"]: r for r in day2["reports"]}
    with closing(_client(day2)) as c:
        for ch in day2["changes"]:
            if ch["kind"] == "added":
                assert ch["uid"] not in ids1
                assert ch["uid"] in ids2
                r = c.get(ch["document_url"])
                assert hashlib.sha256(r.content).hexdigest() == ch["sha256"]
            elif ch["kind"] == "corrected":
                before, after = ids1[ch["uid"]], ids2[ch["uid"]]
                assert (
                    before["document_url"].split("/", 3)[3]
                    == after["document_url"].split("/", 3)[3]
                )
                assert ch["previous_sha256"] == before["sha256"] != after["sha256"]
                assert (
                    hashlib.sha256(c.get(after["document_url"]).content).hexdigest()
                    == after["sha256"]
                )
                diff = _diff(before["truth"], after["truth"])
                assert diff == [ch["cell"]]
            elif ch["kind"] == "republished":
                new, old = ids2[ch["uid"]], ids2[ch["replaces"]]
                assert new["page_url"] != old["page_url"]
                assert "修订版" in new["title"]
                assert c.get(new["page_url"]).status_code == 200
                assert c.get(old["page_url"]).status_code == 200
                assert _diff(old["truth"], new["truth"]) == [ch["cell"]]
            elif ch["kind"] == "removed":
                assert ch["uid"] in ids1
                assert ch["uid"] not in ids2
                assert c.get(ch["page_url"]).status_code == 404
                assert c.get(ch["document_url"]).status_code == 404


def _diff(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    out = []
    for section in ("proactive", "requests", "appeals"):
        for row, cells in a[section].items():
            out += [f"{section}.{row}.{k}" for k, v in cells.items() if b[section][row][k] != v]
    return out


def test_moved_portal_redirects_from_its_old_address(
    evolving: tuple[Any, dict[str, Any], dict[str, Any]],
) -> None:
    _, day1, day2 = evolving
    moved = next(c for c in day2["changes"] if c["kind"] == "moved")
    old = next(p for p in day1["portals"] if p["id"] == moved["portal"])
    new = next(p for p in day2["portals"] if p["id"] == moved["portal"])
    assert new["base_url"] == moved["to_base"] != old["base_url"] == moved["from_base"]
    with httpx.Client(timeout=20) as c:
        r = c.get(old["start_urls"][0])
        assert r.status_code == 301
        assert r.headers["location"] == new["start_urls"][0]
        assert c.get(new["start_urls"][0]).status_code == 200
    assert httpx.URL(new["start_urls"][0]).host in new["allowed_domains"]
    reports = [r for r in day2["reports"] if r["portal"] == new["id"]]
    assert reports
    assert all(r["page_url"].startswith(new["base_url"]) for r in reports)


def test_unchanged_documents_keep_url_and_bytes(
    evolving: tuple[Any, dict[str, Any], dict[str, Any]],
) -> None:
    _, day1, day2 = evolving
    touched = {c.get("uid") for c in day2["changes"]} | {c.get("replaces") for c in day2["changes"]}
    moved = {c["portal"] for c in day2["changes"] if c["kind"] == "moved"}
    ids2 = {r["id"]: r for r in day2["reports"]}
    same = [r for r in day1["reports"] if r["id"] not in touched and r["portal"] not in moved]
    assert len(same) > 100
    for r in same:
        assert ids2[r["id"]]["document_url"] == r["document_url"]
        assert ids2[r["id"]]["sha256"] == r["sha256"]


def test_validators_and_304(evolving: tuple[Any, dict[str, Any], dict[str, Any]]) -> None:
    _, _, day2 = evolving
    with closing(_client(day2)) as c:
        for p in day2["portals"]:
            if p["challenge"] == "412":
                continue
            url = p["start_urls"][0]
            r = c.get(url)
            assert r.status_code == 200
            if not p["validators"]:
                assert "etag" not in r.headers
                assert "last-modified" not in r.headers
                again = c.get(url, headers={"If-Modified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"})
                assert again.status_code == 200
                continue
            etag, lm = r.headers["etag"], r.headers["last-modified"]
            assert c.get(url, headers={"If-None-Match": etag}).status_code == 304
            assert c.get(url, headers={"If-Modified-Since": lm}).status_code == 304
            assert c.get(url, headers={"If-None-Match": '"other"'}).status_code == 200
    assert {p["validators"] for p in day2["portals"]} == {True, False}


def test_a_correction_invalidates_the_old_etag() -> None:
    with demo.serve(seed=0, day=1, slow_delay=0.05) as w, httpx.Client(timeout=20) as c:
        w.set_day(2)
        fix = next(ch for ch in w.manifest["changes"] if ch["kind"] == "corrected")
        portal = next(p for p in w.manifest["portals"] if p["id"] == fix["portal"])
        w.set_day(1)
        first = c.get(fix["document_url"])
        w.set_day(2)
        second = c.get(
            fix["document_url"], headers={"If-None-Match": first.headers.get("etag", '"x"')}
        )
        assert second.status_code == 200
        assert hashlib.sha256(second.content).hexdigest() == fix["sha256"]
        if portal["validators"]:
            assert second.headers["etag"] != first.headers["etag"]


def test_traffic_counts_per_portal(evolving: tuple[Any, dict[str, Any], dict[str, Any]]) -> None:
    world, _, day2 = evolving
    world.reset_traffic()
    p = next(p for p in day2["portals"] if p["challenge"] is None)
    with httpx.Client(timeout=20) as c:
        sizes = [len(c.get(p["start_urls"][0]).content) for _ in range(3)]
    t = world.traffic()["portals"]
    assert t == {p["id"]: {"requests": 3, "bytes": sum(sizes), "statuses": {"200": 3}}}


def test_unchanged_portals_answer_the_same_validators_next_day() -> None:
    with demo.serve(seed=0, day=1, slow_delay=0.05) as w, httpx.Client(timeout=20) as c:
        w.set_day(2)
        changed = {ch["portal"] for ch in w.manifest["changes"]}
        w.set_day(1)
        steady = [
            p
            for p in w.manifest["portals"]
            if p["validators"] and not p["challenge"] and p["id"] not in changed
        ]
        assert len(steady) >= 5
        first = {p["id"]: c.get(p["start_urls"][0]) for p in steady}
        w.set_day(2)
        w.reset_traffic()
        for p in steady:
            r = c.get(p["start_urls"][0], headers={"If-None-Match": first[p["id"]].headers["etag"]})
            assert r.status_code == 304, p["id"]
            assert w.fetched(p["start_urls"][0]) == 1
        assert w.traffic()["total_requests"] == len(steady)
