"""After day 2 the archive shows exactly the manifest's changes: new, corrected, republished,
removed, moved — nothing more."""

from __future__ import annotations

import json

from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from db.history import report_history
from tests.nightly.nightly_scenario import Scenario, rows, run_gongkai


def _changes(sc: Scenario, kind: str) -> list[dict]:
    return [c for c in sc.day2["changes"] if c["day"] == 2 and c["kind"] == kind]


def _truth(sc: Scenario, uid: str) -> dict:
    return next(r for r in sc.day2["reports"] if r["id"] == uid)


def _history(sc: Scenario, agency: str, year: int):
    engine = create_engine(f"sqlite:///{sc.a / 'archive.sqlite'}")
    try:
        with Session(engine) as s:
            return report_history(s, agency, year)
    finally:
        engine.dispose()


def test_added_reports_are_new_reports(scenario: Scenario) -> None:
    added = _changes(scenario, "added")
    assert added
    for c in added:
        truth = _truth(scenario, c["uid"])["truth"]
        assert rows(
            scenario.a,
            "SELECT version FROM v_reports WHERE agency = ? AND year = ?",
            truth["agency"],
            truth["year"],
        ) == [(1,)]


def test_corrected_and_republished_are_one_new_version_with_the_cell_diff(
    scenario: Scenario,
) -> None:
    changed = _changes(scenario, "corrected") + _changes(scenario, "republished")
    assert changed
    for c in changed:
        truth = _truth(scenario, c["uid"])["truth"]
        found = _history(scenario, truth["agency"], truth["year"])
        assert found is not None, c
        assert len(found.versions) == 2, c
        cells = {ch.cell for ch in found.versions[1].changes}
        assert c["cell"] in cells, (c, cells)
        assert rows(
            scenario.a,
            "SELECT count(*) FROM reports r JOIN agencies a ON a.id = r.agency_id "
            "WHERE a.name = ? AND r.year = ?",
            truth["agency"],
            truth["year"],
        ) == [(1,)]


def test_history_command_shows_the_cell(scenario: Scenario) -> None:
    c = _changes(scenario, "corrected")[0]
    truth = _truth(scenario, c["uid"])["truth"]
    proc = run_gongkai(scenario.a, "history", truth["agency"], str(truth["year"]))
    assert proc.returncode == 0, proc.stderr
    assert "2 version(s)" in proc.stdout
    assert c["cell"].split(".")[-2] in proc.stdout


def test_removed_report_is_marked_gone_and_still_queryable(scenario: Scenario) -> None:
    (c,) = _changes(scenario, "removed")
    gone = rows(scenario.a, "SELECT url FROM documents WHERE gone_at IS NOT NULL")
    assert {u for (u,) in gone} == {c["page_url"], c["document_url"]}
    before = next(r for r in scenario.day1["reports"] if r["id"] == c["uid"])["truth"]
    assert rows(
        scenario.a,
        "SELECT count(*) FROM v_reports WHERE agency = ? AND year = ?",
        before["agency"],
        before["year"],
    ) == [(1,)]


def test_nothing_more_changed(scenario: Scenario) -> None:
    expected = (
        len(_changes(scenario, "added"))
        + len(_changes(scenario, "corrected"))
        + len(_changes(scenario, "republished"))
    )
    now = rows(scenario.a, "SELECT count(*) FROM report_versions")[0][0]
    assert now - scenario.versions_before_day2 == expected
    summary = json.loads(scenario.passes["day2"].proc.stdout)
    per = {p["portal"]: p for p in summary["portals"]}
    assert summary["totals"]["new_reports"] == len(_changes(scenario, "added"))
    assert summary["totals"]["new_versions"] == len(_changes(scenario, "corrected")) + len(
        _changes(scenario, "republished")
    )
    assert summary["totals"]["removed"] == 1
    (moved,) = _changes(scenario, "moved")
    assert per[moved["portal"]]["outcome"] == "ok"
    assert (per[moved["portal"]]["new_reports"], per[moved["portal"]]["new_versions"]) == (0, 0)


def test_same_bytes_at_the_moved_address_are_another_source_not_a_version(
    scenario: Scenario,
) -> None:
    (moved,) = _changes(scenario, "moved")
    new_base = moved["to_base"]
    sources = rows(
        scenario.a,
        "SELECT count(DISTINCT source_url) FROM report_sources WHERE source_url LIKE ?",
        new_base + "%",
    )[0][0]
    reports = [r for r in scenario.day2["reports"] if r["portal"] == moved["portal"]]
    assert sources >= len(reports) > 0


def test_dry_run_prints_the_change_and_writes_nothing(scenario: Scenario) -> None:
    dry = scenario.passes["dry"]
    assert dry.proc.returncode == 0, dry.out()
    assert "dry run" in dry.proc.stdout
    (c,) = _changes(scenario, "corrected")
    line = next(ln for ln in dry.proc.stdout.splitlines() if f" {c['portal']} " in ln)
    # portal, outcome, new reports, new versions: the correction would be one new version
    cells = [x.strip() for x in line.strip("│ ").split("│")]
    assert cells[:4] == [c["portal"], "ok", "0", "1"]
    assert scenario.after_dry == scenario.before_dry


def test_original_beside_its_revision_is_a_recorded_disagreement(scenario: Scenario) -> None:
    (c,) = _changes(scenario, "republished")
    truth = _truth(scenario, c["uid"])["truth"]
    found = rows(
        scenario.a,
        "SELECT f.detail, f.cells FROM findings f "
        "JOIN report_versions v ON v.id = f.version_id JOIN reports r ON r.id = v.report_id "
        "JOIN agencies a ON a.id = r.agency_id WHERE a.name = ? AND r.year = ? "
        "AND v.superseded_at IS NULL AND f.rule = 'documents_disagree'",
        truth["agency"],
        truth["year"],
    )
    assert len(found) == 1
    detail, cells = found[0]
    assert c["replaces_page_url"] in detail
    assert c["cell"] in json.loads(cells)
    # a correction in place leaves no second live document: nothing to disagree with
    assert rows(scenario.a, "SELECT count(*) FROM findings WHERE rule = 'documents_disagree'") == [
        (1,)
    ]
