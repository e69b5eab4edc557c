"""`gongkai nightly --distributed` with two workers against a local `gongkai nightly` on a copy
of the same archive, over the portal world: day 1 unchanged, then day 2's changes.

One first crawl (local, PostgreSQL); the database is copied (CREATE DATABASE … TEMPLATE) and
its blobs with it. Archive ``dist`` then gets the distributed passes, archive ``local`` the
local ones, each pass against the same world day, the world's servers counting what each asked.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.distributed import harness

pytestmark = pytest.mark.slow

INLINE = {"html", "html-gbk"}  # report forms that are the page itself (no file to download)


@dataclass
class Pass:
    summary: dict[str, Any]
    traffic: dict[str, Any]
    log: list[dict[str, Any]]
    seconds: float = 0.0


@dataclass
class Scenario:
    day1: dict[str, Any]
    day2: dict[str, Any]
    first: dict[str, Any]  # the first crawl's traffic
    passes: dict[str, Pass] = field(default_factory=dict)
    snaps: dict[str, dict[str, Any]] = field(default_factory=dict)
    leftover: dict[str, Any] = field(default_factory=dict)


def _gongkai(data_dir: Path, db: str, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        sys.executable,
        "-c",
        "from gongkai.cli import main; main()",
        "--data-dir",
        str(data_dir),
        "--db",
        db,
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=harness.ROOT)


def _local(world: Any, data_dir: Path, db: str, registry: Path) -> Pass:
    world.reset_traffic()
    proc = _gongkai(data_dir, db, "nightly", "--registry", str(registry), "--fast", "--json")
    assert proc.returncode == 0, proc.stderr[-4000:]
    return Pass(json.loads(proc.stdout), world.traffic(), world.requests_log())


def _distributed(world: Any, data_dir: Path, db: str, registry: Path, redis_url: str) -> Pass:
    world.reset_traffic()
    run = harness.run_distributed(
        registry=registry,
        db_url=db,
        data_dir=data_dir,
        redis_url=redis_url,
        workers=2,
        nightly=True,
        idle_close=1.0,
        timeout=300,
    )
    assert run.coordinator_rc == 0, run.log()
    assert run.worker_rcs == [0, 0], run.log()
    return Pass(json.loads(run.stdout()), world.traffic(), world.requests_log(), run.seconds)


def _snapshot(db: str) -> dict[str, Any]:
    from sqlalchemy import text

    from db.engine import make_engine

    snap = harness.snapshot(db)
    engine = make_engine(db)
    try:
        with engine.connect() as c:
            snap["versions"] = sorted(
                tuple(str(v) for v in row)
                for row in c.execute(
                    text(
                        "SELECT a.name, r.year, v.version, v.content_hash, v.source_url "
                        "FROM report_versions v JOIN reports r ON r.id = v.report_id "
                        "JOIN agencies a ON a.id = r.agency_id"
                    )
                )
            )
            snap["gone"] = sorted(
                row[0]
                for row in c.execute(
                    text("SELECT DISTINCT url FROM documents WHERE gone_at IS NOT NULL")
                )
            )
            snap["run_fetches"] = {
                int(run): Counter((u, s) for u, s in rows) for run, rows in _by_run(c)
            }
            snap["stored"] = {
                int(i): s
                for i, s in c.execute(
                    text("SELECT id, stats FROM crawl_runs WHERE kind = 'nightly'")
                )
            }
    finally:
        engine.dispose()
    return snap


def _by_run(c: Any) -> list[tuple[int, list[tuple[str, int]]]]:
    from sqlalchemy import text

    runs: dict[int, list[tuple[str, int]]] = {}
    for run, url, status in c.execute(text("SELECT run_id, url, status FROM fetches")):
        runs.setdefault(run, []).append((url, status))
    return list(runs.items())


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Scenario]:
    demo = pytest.importorskip("gongkai.demo")
    tmp = tmp_path_factory.mktemp("nightly-dist")
    registry = tmp / "portals.toml"
    local_dir, dist_dir = tmp / "local", tmp / "dist"
    with (
        demo.serve(seed=0, day=1) as world,
        harness.pg_database() as dist_db,
        harness.redis_db() as redis_url,
    ):
        world.write_registry(registry)
        world.reset_traffic()
        first = _gongkai(dist_dir, dist_db, "crawl", "--registry", str(registry), "--fast")
        assert first.returncode == 0, first.stderr[-4000:]
        sc = Scenario(day1=json.loads(json.dumps(world.manifest)), day2={}, first=world.traffic())
        shutil.copytree(dist_dir / "blobs", local_dir / "blobs")
        with harness.pg_copy(dist_db) as local_db:
            sc.passes["local1"] = _local(world, local_dir, local_db, registry)
            sc.passes["dist1"] = _distributed(world, dist_dir, dist_db, registry, redis_url)
            world.set_day(2)
            world.write_registry(registry)  # the moved portal's new address
            sc.day2 = json.loads(json.dumps(world.manifest))
            sc.passes["local2"] = _local(world, local_dir, local_db, registry)
            sc.passes["dist2"] = _distributed(world, dist_dir, dist_db, registry, redis_url)
            sc.snaps = {"local": _snapshot(local_db), "dist": _snapshot(dist_db)}
        from crawler.distributed.frontier import Frontier

        sc.leftover = Frontier(redis_url).status()
        yield sc


def _bytes(traffic: dict[str, Any]) -> int:
    return sum(p["bytes"] for p in traffic["portals"].values())


def _requests(traffic: dict[str, Any]) -> dict[str, int]:
    return {pid: p["requests"] for pid, p in traffic["portals"].items()}


# -- day 1, nothing changed --------------------------------------------------------------------


def test_unchanged_world_costs_what_a_local_nightly_costs(scenario: Scenario) -> None:
    local, dist = scenario.passes["local1"].traffic, scenario.passes["dist1"].traffic
    assert _bytes(scenario.first) > 0
    ratio = _bytes(dist) / _bytes(scenario.first)
    assert ratio <= 0.02, f"distributed nightly moved {ratio:.1%} of the first crawl's bytes"
    # the same requests per portal as the local pass, as the servers counted them
    assert _requests(dist) == _requests(local)
    assert _bytes(dist) == _bytes(local)


def test_unchanged_portals_with_validators_answer_304_to_any_worker(scenario: Scenario) -> None:
    traffic = scenario.passes["dist1"].traffic["portals"]
    with_validators = [
        p["id"] for p in scenario.day1["portals"] if p["validators"] and not p["challenge"]
    ]
    assert with_validators
    assert {
        pid: traffic[pid]["requests"] for pid in with_validators if traffic[pid]["requests"] > 3
    } == {}
    assert all(set(traffic[pid]["statuses"]) == {"304"} for pid in with_validators)


def test_no_attachment_is_downloaded_again(scenario: Scenario) -> None:
    files = {r["document_url"] for r in scenario.day1["reports"] if r["form"] not in INLINE}
    assert files
    assert [
        e["url"] for e in scenario.passes["dist1"].log if e["url"] in files and e["status"] == 200
    ] == []


def test_unchanged_summary_is_the_local_one(scenario: Scenario) -> None:
    local, dist = scenario.passes["local1"].summary, scenario.passes["dist1"].summary
    assert dist["totals"] == local["totals"]
    for key in ("new_reports", "new_versions", "removed", "failures"):
        assert dist["totals"][key] == 0, key
    assert [(p["portal"], p["outcome"]) for p in dist["portals"]] == [
        (p["portal"], p["outcome"]) for p in local["portals"]
    ]
    # stored with the run, as the local command stores it
    stored = scenario.snaps["dist"]["stored"][dist["run_id"]]
    assert stored["totals"] == dist["totals"]
    assert stored["portals"] == {p["portal"]: p for p in dist["portals"]}


def test_every_fetch_of_a_distributed_pass_is_recorded_once(scenario: Scenario) -> None:
    for name in ("dist1", "dist2"):
        fetches = scenario.snaps["dist"]["run_fetches"][scenario.passes[name].summary["run_id"]]
        assert fetches
        assert {k: n for k, n in fetches.items() if n > 1} == {}, name


# -- day 2: the manifest's changes -------------------------------------------------------------


def _changes(sc: Scenario, kind: str) -> list[dict[str, Any]]:
    return [c for c in sc.day2["changes"] if c["day"] == 2 and c["kind"] == kind]


def test_day2_archive_is_the_one_a_local_nightly_makes(scenario: Scenario) -> None:
    local, dist = scenario.snaps["local"], scenario.snaps["dist"]
    for key in ("reports", "requests", "versions", "gone"):
        assert dist[key] == local[key], key


def test_day2_shows_exactly_the_manifests_changes(scenario: Scenario) -> None:
    dist, local = scenario.passes["dist2"].summary, scenario.passes["local2"].summary
    changed = len(_changes(scenario, "corrected")) + len(_changes(scenario, "republished"))
    assert changed
    assert dist["totals"]["new_reports"] == len(_changes(scenario, "added")) > 0
    assert dist["totals"]["new_versions"] == changed
    assert dist["totals"]["removed"] == local["totals"]["removed"] == 1
    (removed,) = _changes(scenario, "removed")
    assert set(scenario.snaps["dist"]["gone"]) == {removed["page_url"], removed["document_url"]}
    for key in ("new_reports", "new_versions", "removed", "failures", "blocked"):
        assert dist["totals"][key] == local["totals"][key], key
    (moved,) = _changes(scenario, "moved")
    per = {p["portal"]: p for p in dist["portals"]}
    assert per[moved["portal"]]["outcome"] == "ok"
    assert (per[moved["portal"]]["new_reports"], per[moved["portal"]]["new_versions"]) == (0, 0)


def test_the_frontier_is_left_empty(scenario: Scenario) -> None:
    assert (
        scenario.leftover["pending"],
        scenario.leftover["in_flight"],
        scenario.leftover["workers"],
    ) == (0, 0, [])
