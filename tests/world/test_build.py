"""Building the world: deterministic per seed, different between seeds, cached renders, the CLI."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from gongkai.demo import documents, timeline
from gongkai.demo.portals import PORTALS
from gongkai.demo.world import build_day

BASES = {p.id: f"http://127.0.0.{11 + i}:8080" for i, p in enumerate(PORTALS)}
MOVED = {p.id: f"http://127.0.0.{41 + i}:8080" for i, p in enumerate(PORTALS)}


def _digest(seed: int, day: int) -> list[tuple[str, str, str]]:
    m = build_day(seed, day, PORTALS, BASES, MOVED).manifest
    return [(r["id"], r["document_url"], r["sha256"]) for r in m["reports"]]


def test_same_seed_same_world_other_seed_other_world() -> None:
    a = _digest(0, 2)
    assert a == _digest(0, 2)
    # another seed draws other reports (compared without rendering them)
    t0, t1 = timeline.build(0, 1, PORTALS), timeline.build(1, 1, PORTALS)
    truths0 = [d.truth for docs in t0.docs.values() for d in docs if d.is_report]
    truths1 = [d.truth for docs in t1.docs.values() for d in docs if d.is_report]
    assert truths0 != truths1
    assert len(truths0) > 100


def test_day_three_keeps_day_two_changes() -> None:
    m2 = build_day(0, 2, PORTALS, BASES, MOVED).manifest
    m3 = build_day(0, 3, PORTALS, BASES, MOVED).manifest
    assert [c for c in m3["changes"] if c["day"] == 2] == m2["changes"]
    assert {c["kind"] for c in m3["changes"] if c["day"] == 3} >= {"added", "corrected", "removed"}


@pytest.mark.slow
def test_cold_render_is_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_DEMO_CACHE", str(tmp_path))
    truth = documents.make_truth(random.Random(5), "金寨县教育局", 2024, "2025-01-20")
    assert truth is not None
    forms = sorted(documents.available_forms() & {"docx", "pdf"})
    t = time.monotonic()
    first = [documents.render(truth, f, "k") for f in forms]
    cold = time.monotonic() - t
    t = time.monotonic()
    again = [documents.render(truth, f, "k") for f in forms]
    assert again == first
    assert time.monotonic() - t < cold / 5
    assert len(list(tmp_path.rglob("*.*"))) == len(forms)


def test_cli_serves_and_prints_the_manifest_url(tmp_path: Path) -> None:
    registry = tmp_path / "portals.toml"
    with subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gongkai.demo",
            "serve",
            "--seed",
            "0",
            "--registry",
            str(registry),
            "--host-base",
            "127.0.0.151",
        ],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    ) as proc:
        _drive(proc, registry)
    assert proc.returncode == 0


def _drive(proc: subprocess.Popen[str], registry: Path) -> None:
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("manifest: http://")
        url = line.split(": ", 1)[1].strip()
        assert proc.stdout.readline().strip() == f"registry: {registry}"
        m = httpx.get(url, timeout=20).json()
        assert len(m["portals"]) >= 12
        assert registry.read_text("utf-8").count("[[portal]]") == len(m["portals"])
        day = httpx.post(url.replace("/manifest.json", "/day?n=2"), timeout=60).json()
        assert day == {"day": 2}
        assert httpx.get(url, timeout=20).json()["changes"]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)


def test_awkward_cases_stay_put_across_days() -> None:
    m1, m3 = (build_day(0, d, PORTALS, BASES, MOVED).manifest for d in (1, 3))
    moved = {c["portal"] for c in m3["changes"] if c["kind"] == "moved"}

    def keep(m: dict, key: str) -> list:
        return sorted(
            (d["portal"], d.get("url") or d.get("from")) for d in m[key] if d["portal"] not in moved
        )

    for key in ("disallowed", "redirects", "broken"):
        assert keep(m1, key)
        assert keep(m1, key) == keep(m3, key), key


def test_ports_on_one_address_when_aliases_cannot_be_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    from gongkai import demo
    from gongkai.demo import api

    monkeypatch.setattr(api, "loopback_aliases_work", lambda host="": False)
    with demo.serve(seed=0) as w:
        bases = [p["base_url"] for p in w.manifest["portals"]]
        assert all(b.startswith("http://127.0.0.1:") for b in bases)
        assert len(set(bases)) == len(bases)
        assert httpx.get(w.manifest["portals"][3]["start_urls"][0], timeout=20).status_code == 200
        w.set_day(2)
        moved = next(c for c in w.manifest["changes"] if c["kind"] == "moved")
        r = httpx.get(moved["from_base"] + "/robots.txt", timeout=20)
        assert r.status_code == 301
        assert r.headers["location"] == moved["to_base"] + "/robots.txt"


def test_a_failed_start_leaves_no_server_behind() -> None:
    import threading

    from gongkai import demo

    def ours() -> set[threading.Thread]:
        return {
            t for t in threading.enumerate() if t.name.startswith("portalworld-") and t.is_alive()
        }

    before = ours()
    with pytest.raises(ValueError, match="leaves no room"):
        demo.serve(host_base="127.0.0.240")
    assert ours() <= before
