"""The session's nightly scenario (see ``nightly_scenario``)."""

from __future__ import annotations

import json

import pytest

from tests.nightly.nightly_scenario import Scenario, _counts, _kill_midway, _pass, rows, snapshot


@pytest.fixture(scope="session")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Scenario:
    demo = pytest.importorskip("gongkai.demo")
    tmp = tmp_path_factory.mktemp("nightly")
    registry = tmp / "portals.toml"
    with demo.serve(seed=0, day=1) as world:
        world.write_registry(registry)
        sc = Scenario(tmp / "a", tmp / "b", day1=json.loads(json.dumps(world.manifest)), day2={})
        sc.passes["first"] = _pass(world, sc.a, "crawl", "--registry", str(registry), "--fast")
        assert sc.passes["first"].proc.returncode == 0, sc.passes["first"].out()
        sc.passes["unchanged"] = _pass(
            world, sc.a, "nightly", "--registry", str(registry), "--fast", "--json"
        )
        assert sc.passes["unchanged"].proc.returncode == 0, sc.passes["unchanged"].out()
        sc.snap_a = snapshot(sc.a)

        sc.killed_at_fetches = _kill_midway(sc.b, registry, min_fetches=120)
        sc.passes["resumed"] = _pass(world, sc.b, "nightly", "--registry", str(registry), "--fast")
        assert sc.passes["resumed"].proc.returncode == 0, sc.passes["resumed"].out()
        sc.snap_b = snapshot(sc.b)

        sc.versions_before_day2 = rows(sc.a, "SELECT count(*) FROM report_versions")[0][0]
        world.set_day(2)
        world.write_registry(registry)  # the moved portal's new address, as an operator would
        sc.day2 = json.loads(json.dumps(world.manifest))
        corrected = next(c["portal"] for c in sc.day2["changes"] if c["kind"] == "corrected")
        sc.before_dry = _counts(sc.a)
        sc.passes["dry"] = _pass(
            world,
            sc.a,
            "crawl",
            "--portal",
            corrected,
            "--dry-run",
            "--registry",
            str(registry),
            "--fast",
        )
        sc.after_dry = _counts(sc.a)
        sc.passes["day2"] = _pass(
            world, sc.a, "nightly", "--registry", str(registry), "--fast", "--json"
        )
        assert sc.passes["day2"].proc.returncode == 0, sc.passes["day2"].out()
    return sc
