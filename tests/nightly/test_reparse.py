"""Re-parsing archived bytes offline makes no version when the parser output is the same."""

from __future__ import annotations

import json

from tests.nightly.nightly_scenario import Scenario, rows, run_gongkai

# Forms parsed without LibreOffice or OCR (every portal of the world has a DOCX since the corpus
# gained its 2019-edition reports, so inline HTML alone no longer names one).
NO_OFFICE = {"html", "html-gbk", "docx"}


def _inline_portal(sc: Scenario) -> str:
    """A portal whose reports need no LibreOffice (keeps the test fast)."""
    forms: dict[str, set[str]] = {}
    for r in sc.day2["reports"]:
        forms.setdefault(r["portal"], set()).add(r["form"])
    blocked = {p["id"] for p in sc.day2["portals"] if p["challenge"]}
    return next(pid for pid, f in sorted(forms.items()) if f <= NO_OFFICE and pid not in blocked)


def test_reparse_creates_no_versions_when_output_is_unchanged(scenario: Scenario) -> None:
    portal = _inline_portal(scenario)
    before = rows(scenario.a, "SELECT count(*), max(id) FROM report_versions")[0]
    proc = run_gongkai(scenario.a, "reparse", "--portal", portal, "--json")
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout)
    assert result["documents"] > 0
    assert result["unchanged"] == result["documents"]
    assert result["new_versions"] == result["new_reports"] == 0
    assert rows(scenario.a, "SELECT count(*), max(id) FROM report_versions")[0] == before


def test_crawl_reparse_only_touches_no_network_and_no_versions(scenario: Scenario) -> None:
    portal = _inline_portal(scenario)
    before = rows(scenario.a, "SELECT count(*) FROM report_versions")[0][0]
    fetches = rows(scenario.a, "SELECT count(*) FROM fetches")[0][0]
    # the world is stopped by now: any network use would fail or add fetch rows
    proc = run_gongkai(
        scenario.a,
        "crawl",
        "--portal",
        portal,
        "--reparse-only",
        "--registry",
        str(scenario.a.parent / "portals.toml"),
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "0 new version(s)" in proc.stdout
    assert rows(scenario.a, "SELECT count(*) FROM report_versions")[0][0] == before
    assert rows(scenario.a, "SELECT count(*) FROM fetches")[0][0] == fetches
