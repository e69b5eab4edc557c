"""Agencies in the archive: one key across the years, the views keyed by it, coverage by
kind, decisions that survive re-parsing, agencies.toml, and the migration of old archives."""

from __future__ import annotations

import json
import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from db.agencies import config, decisions
from db.agencies.lookup import find_agency_id
from db.engine import make_engine, session_factory
from db.loader import ReportInput, load_report, load_reports
from db.migrate import alembic_config, upgrade
from db.models import Agency, AgencyDecision, AgencyName, CoverageReference, Report
from gongkai.core.agency_kinds import KINDS, report_deadline
from gongkai.demo.generate import random_report
from pipelines.parse import parse_bytes

pytestmark = pytest.mark.db


def _report(agency: str, year: int, *, published: str | None = None, seed: int = 0) -> dict:
    rng = random.Random(f"{agency}:{year}:{seed}")
    report = random_report(rng, agency=agency, year=year, fmt="2021", nulls=False)
    report["published"] = published
    return report


def _rows(session: Session, sql: str, **params: Any) -> list[Any]:
    return list(session.execute(text(sql), params).all())


def _as_of(session: Session, day: date) -> None:
    session.add(CoverageReference(as_of=day))
    session.flush()


# --- 洪泽: the two real reports --------------------------------------------------------------


def test_hongze_2023_and_2024_are_one_agency_with_two_years(
    session: Session, shared_dir: Path
) -> None:
    for name in ("hongze_2023.pdf", "hongze_2024.pdf"):
        data = (shared_dir / "real" / name).read_bytes()
        result = parse_bytes(data, filename=name)
        load_reports(
            session,
            [ReportInput(result.report, source_url=f"file:///{name}", findings=result.findings)],
        )
    _as_of(session, date(2025, 6, 1))
    reports = _rows(session, "SELECT agency, agency_id, agency_name, year FROM v_reports")
    assert {r.agency for r in reports} == {"洪泽区人民政府", "淮安市洪泽区人民政府"}
    assert len({r.agency_id for r in reports}) == 1
    assert sorted(r.year for r in reports) == [2023, 2024]
    assert {r.agency_name for r in reports} == {"淮安市洪泽区人民政府"}  # the latest signature
    coverage = {r.year: r.status for r in _rows(session, "SELECT year, status FROM v_coverage")}
    assert coverage == {2023: "found", 2024: "found"}
    cross = _rows(session, "SELECT year, column_code, consistent FROM v_cross_year")
    assert {r.year for r in cross} == {2024}
    assert len(cross) == 7
    assert all(r.consistent == 1 for r in cross)
    stored = _rows(
        session,
        "SELECT year, row_code, value FROM v_requests WHERE column_code = 'total' "
        "AND row_code IN ('other_processing', 'other_no_correction')",
    )
    assert sorted((r.year, r.row_code, r.value) for r in stored) == [
        (2023, "other_no_correction", None),
        (2023, "other_processing", 0),
        (2024, "other_no_correction", None),
        (2024, "other_processing", 0),
    ]
    rules = _rows(session, "SELECT year, rule FROM v_findings WHERE rule = 'parse:mixed_edition'")
    assert sorted(r.year for r in rules) == [2023, 2024]


# --- lineage -----------------------------------------------------------------------------------


def test_a_county_and_its_district_are_one_series_flagged_as_a_lineage_step(
    session: Session,
) -> None:
    before = _report("洪泽县人民政府", 2015)
    after = _report("洪泽区人民政府", 2016)
    after["requests"]["carried_over"] = dict(before["requests"]["carried_forward"])
    for report in (before, after):
        load_report(session, report)
    _as_of(session, date(2017, 6, 1))
    assert session.scalar(select(func.count()).select_from(Agency)) == 1
    steps = _rows(session, "SELECT DISTINCT year, lineage_step, consistent FROM v_cross_year")
    assert [(s.year, s.lineage_step, s.consistent) for s in steps] == [
        (2016, "county_to_district", 1)
    ]
    statuses = _rows(session, "SELECT year, status FROM v_coverage ORDER BY year")
    assert [(s.year, s.status) for s in statuses] == [(2015, "found"), (2016, "found")]


def test_a_declared_successor_ends_the_ledger_and_carries_rule_5(session: Session) -> None:
    old = _report("平潭县人民政府", 2013)
    new = _report("平潭综合实验区管理委员会", 2014)
    new["requests"]["carried_over"] = {
        c: v + 1 for c, v in old["requests"]["carried_forward"].items()
    }
    for report in (old, new):
        load_report(session, report)
    _as_of(session, date(2016, 6, 1))
    conn = session.connection()
    pred, succ = (
        find_agency_id(conn, "平潭县人民政府"),
        find_agency_id(conn, "平潭综合实验区管理委员会"),
    )
    assert pred is not None
    assert succ is not None
    assert pred != succ
    decisions.link(conn, pred, succ, 2014, "the committee took over the county's report")
    ledger = _rows(session, "SELECT agency_id, year, status FROM v_coverage ORDER BY year")
    assert [(r.agency_id, r.year) for r in ledger if r.agency_id == pred] == [(pred, 2013)]
    breaks = _rows(session, "SELECT year, detail FROM v_findings WHERE rule = '5'")
    assert breaks
    assert all(b.year == 2014 and "lineage step: rename" in b.detail for b in breaks)


# --- coverage and deadlines --------------------------------------------------------------------


def test_pingtan_zone_published_on_8_march_is_found_not_late(session: Session) -> None:
    load_report(session, _report("平潭综合实验区", 2019, published="2020-03-08"))
    load_report(session, _report("平潭综合实验区财政金融局", 2019, published="2020-03-08"))
    _as_of(session, date(2020, 6, 1))
    rows = {
        r.agency: r
        for r in _rows(
            session, "SELECT agency, region_code, kind, status, deadline FROM v_coverage"
        )
    }
    zone = rows["平潭综合实验区"]
    assert (zone.kind, zone.region_code, zone.status) == ("zone", "350128", "found")
    assert str(zone.deadline) == "2020-03-31"
    assert rows["平潭综合实验区财政金融局"].status == "late"  # a department: 31 January


def test_coverage_deadlines_are_report_deadline_for_every_kind(session: Session) -> None:
    names = {
        "government": "金寨县人民政府",
        "government_office": "金寨县人民政府办公室",
        "department": "金寨县财政局",
        "township": "金寨县梅山镇人民政府",
        "street_office": "金寨县梅山街道办事处",
        "zone": "金寨经济开发区管理委员会",
        "other": "金寨县人民法院",
    }
    assert set(names) == set(KINDS)
    for name in names.values():
        load_report(session, _report(name, 2018))
    _as_of(session, date(2020, 6, 1))
    rows = _rows(session, "SELECT kind, year, deadline FROM v_coverage")
    assert {r.kind for r in rows} == set(KINDS)
    for r in rows:
        assert str(r.deadline) == report_deadline(r.kind, r.year).isoformat(), r


# --- decisions ---------------------------------------------------------------------------------


def _agency_of(session: Session, name: str) -> int:
    found = find_agency_id(session.connection(), name)
    assert found is not None
    return found


def test_merge_is_refused_for_two_reports_of_one_year(session: Session) -> None:
    load_report(session, _report("平潭县人民政府", 2015))
    load_report(session, _report("平潭综合实验区", 2015))
    a, b = _agency_of(session, "平潭县人民政府"), _agency_of(session, "平潭综合实验区")
    with pytest.raises(decisions.AgencyError, match="both have a report for 2015"):
        decisions.merge(session.connection(), a, b, "same?")


def test_merge_split_and_undo_survive_a_reparse(session: Session) -> None:
    zone_2016 = _report("平潭综合实验区", 2016)
    load_report(session, _report("平潭综合实验区管理委员会", 2015))
    load_report(session, zone_2016)
    conn = session.connection()
    committee, zone = (
        _agency_of(session, "平潭综合实验区管理委员会"),
        _agency_of(session, "平潭综合实验区"),
    )
    if committee != zone:  # kept apart by rule? then the person merges them
        decisions.merge(conn, committee, zone, "one committee")
    assert _agency_of(session, "平潭综合实验区") == committee
    split = decisions.split(conn, committee, ["平潭综合实验区"], "signed by the zone itself")
    apart = _agency_of(session, "平潭综合实验区")
    assert apart != committee
    load_report(session, zone_2016)  # parsed again: the recorded name keeps it apart
    load_report(session, _report("平潭综合实验区", 2017))
    years = dict(
        session.execute(
            select(Report.year, Report.agency_id).where(Report.year.in_([2015, 2016, 2017]))
        ).all()
    )
    assert years == {2015: committee, 2016: apart, 2017: apart}
    decisions.undo(conn, split)
    assert session.scalar(select(Report.agency_id).where(Report.year == 2016)) == committee
    undone = session.get(AgencyDecision, split)
    assert undone is not None
    assert undone.undone_at is not None
    with pytest.raises(decisions.AgencyError, match="already undone"):
        decisions.undo(conn, split)


def test_agencies_toml_is_applied_once(session: Session, tmp_path: Path) -> None:
    load_report(session, _report("平潭县人民政府", 2013))
    load_report(session, _report("平潭综合实验区管理委员会", 2014))
    path = tmp_path / "agencies.toml"
    path.write_text(
        '[[link]]\npredecessor = "平潭县人民政府"\nsuccessor = "平潭综合实验区管理委员会"\n'
        'year = 2014\nreason = "the committee runs the county"\n'
        '[[merge]]\ninto = "平潭综合实验区管理委员会"\nnames = ["某某不存在"]\nreason = "x"\n',
        encoding="utf-8",
    )
    entries = config.read(path)
    first = config.apply(session.connection(), entries)
    assert [(o.section, o.status) for o in first] == [("merge", "failed"), ("link", "applied")]
    again = config.apply(session.connection(), entries)
    assert [(o.section, o.status) for o in again] == [("merge", "failed"), ("link", "already")]
    links = _rows(session, "SELECT reason, source FROM agency_lineage")
    assert [(r.reason, r.source) for r in links] == [("rename", "agencies.toml")]


def test_agencies_toml_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "agencies.toml"
    path.write_text('[[merge]]\ninto = "a"\nnames = ["b"]\n', encoding="utf-8")
    with pytest.raises(config.ConfigError, match="has no reason"):
        config.read(path)
    path.write_text("[[rename]]\n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match="unknown section"):
        config.read(path)


# --- names and ambiguity -------------------------------------------------------------------------


def test_names_are_recorded_with_years_and_context(session: Session) -> None:
    load_report(session, _report("洪泽区人民政府", 2022))
    load_report(session, _report("洪泽区人民政府", 2023))
    load_report(session, _report("淮安市洪泽区人民政府", 2024))
    names = {n.name: (n.first_year, n.last_year) for n in session.scalars(select(AgencyName))}
    assert names == {"洪泽区人民政府": (2022, 2023), "淮安市洪泽区人民政府": (2024, 2024)}


def test_an_ambiguous_name_is_a_finding_and_kept_apart(session: Session) -> None:
    load_report(session, _report("北京市朝阳区人民政府", 2020))
    load_report(session, _report("朝阳区人民政府", 2020))
    assert session.scalar(select(func.count()).select_from(Agency)) == 2
    found = _rows(session, "SELECT agency, detail FROM v_findings WHERE rule = 'agency_ambiguous'")
    assert {f.agency for f in found} == {"朝阳区人民政府"}
    assert any("110105" in f.detail and "220104" in f.detail for f in found)


# --- migration of an existing archive ----------------------------------------------------------


def test_an_archive_of_revision_0003_migrates_every_name(db_url: str) -> None:
    cfg = alembic_config(db_url)
    command.upgrade(cfg, "0003")
    engine = make_engine(db_url)
    canonical = {
        1: ("洪泽区人民政府", 2023),
        2: ("淮安市洪泽区人民政府", 2024),
        3: ("北京市东城区审计局", 2009),
    }
    try:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "INSERT INTO regions (code, name, level, kind, province_code) "
                    "VALUES ('320813', '洪泽区', 'county', '市辖区', '320000')"
                )
            )
            for aid, (name, year) in canonical.items():
                conn.execute(
                    text(
                        "INSERT INTO agencies (id, name, normalized_name, kind, region_code) "
                        "VALUES (:id, :n, :n, 'government', NULL)"
                    ),
                    {"id": aid, "n": name},
                )
                conn.execute(
                    text(
                        "INSERT INTO reports (id, agency_id, year, first_seen, last_seen) "
                        "VALUES (:id, :id, :y, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    ),
                    {"id": aid, "y": year},
                )
                conn.execute(
                    text(
                        "INSERT INTO report_versions (id, report_id, version, content_hash, "
                        "canonical, format, valid_from, last_seen) VALUES (:id, :id, 1, 'h', "
                        ":c, '2021', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
                    ),
                    {
                        "id": aid,
                        "c": json.dumps({"agency": name, "year": year}, ensure_ascii=False),
                    },
                )
            conn.execute(
                text("INSERT INTO agency_aliases (alias, agency_id) VALUES ('东城区审计局', 3)")
            )
        upgrade(db_url)
        with session_factory(engine)() as session:
            names = {(n.name, n.agency_id) for n in session.scalars(select(AgencyName))}
            assert {n for n, _ in names} == {
                "洪泽区人民政府",
                "淮安市洪泽区人民政府",
                "北京市东城区审计局",
                "东城区审计局",
            }
            reports = _rows(session, "SELECT agency, agency_id, year FROM v_reports ORDER BY year")
            assert [r.agency for r in reports] == [
                "北京市东城区审计局",
                "洪泽区人民政府",
                "淮安市洪泽区人民政府",
            ]
            assert reports[1].agency_id == reports[2].agency_id  # joined by rule …
            rule = session.scalars(select(AgencyDecision)).one()
            assert (rule.action, rule.source) == ("merge", "rule")  # … as an undoable decision
            audit = session.get(Agency, 3)
            assert audit is not None
            assert (audit.kind, audit.region_code) == ("department", "110101")
        command.downgrade(cfg, "0003")
        with engine.connect() as conn:
            aliases = dict(conn.execute(text("SELECT alias, agency_id FROM agency_aliases")).all())
        assert aliases["东城区审计局"] == 3
        upgrade(db_url)
    finally:
        engine.dispose()


def test_a_department_belongs_to_its_division_government(session: Session) -> None:
    load_report(session, _report("金寨县财政局", 2020))
    load_report(session, _report("金寨县人民政府", 2020))
    load_report(session, _report("金寨县审计局", 2020))
    agencies = {a.name: a for a in session.scalars(select(Agency))}
    government = agencies["金寨县人民政府"]
    assert government.parent_id is None
    assert agencies["金寨县财政局"].parent_id == government.id
    assert agencies["金寨县审计局"].parent_id == government.id


def test_gongkai_parse_then_gongkai_load_keeps_the_parser_findings(
    migrated_db_url: str, shared_dir: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from gongkai.cli import app

    runner = CliRunner()
    files = []
    for name in ("hongze_2023.pdf", "hongze_2024.pdf"):
        parsed = runner.invoke(app, ["parse", str(shared_dir / "real" / name), "--json"])
        assert parsed.exit_code == 0, parsed.stderr
        path = tmp_path / f"{name}.json"
        path.write_text(parsed.stdout, encoding="utf-8")
        files.append(str(path))
    loaded = runner.invoke(app, ["--db", migrated_db_url, "load", *files])
    assert loaded.exit_code == 0, loaded.stderr
    engine = make_engine(migrated_db_url)
    try:
        with session_factory(engine)() as session:
            rules = _rows(session, "SELECT year, rule FROM v_findings ORDER BY year, rule")
            assert ("2023", "parse:mixed_edition") in {(str(r.year), r.rule) for r in rules}
            assert [r.rule for r in rules if r.year == 2023].count("4") == 2
            ids = {r.agency_id for r in _rows(session, "SELECT agency_id FROM v_reports")}
            assert len(ids) == 1
    finally:
        engine.dispose()


def test_gongkai_agencies_lists_merges_and_undoes(migrated_db_url: str, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from gongkai.cli import app

    runner = CliRunner()
    engine = make_engine(migrated_db_url)
    try:
        with session_factory(engine).begin() as session:
            load_report(session, _report("平潭综合实验区管理委员会", 2016))
            load_report(session, _report("平潭县人民政府", 2015))
    finally:
        engine.dispose()

    def run(*args: str) -> Any:
        return runner.invoke(app, ["--db", migrated_db_url, "agencies", *args])

    listed = run("--search", "平潭", "--json")
    assert listed.exit_code == 0, listed.stderr
    agencies = {a["name"]: a for a in json.loads(listed.stdout)}
    assert set(agencies) == {"平潭综合实验区管理委员会", "平潭县人民政府"}
    assert agencies["平潭综合实验区管理委员会"]["kind"] == "zone"
    assert agencies["平潭县人民政府"]["years"] == [2015]
    table = run("--search", "平潭")
    assert table.exit_code == 0, table.stderr
    refused = run("merge", "平潭县人民政府", "平潭综合实验区管理委员会")
    assert refused.exit_code != 0  # no --reason
    merged = run("merge", "平潭县人民政府", "平潭综合实验区管理委员会", "--reason", "one body")
    assert merged.exit_code == 0, merged.stderr
    assert "decision #1" in merged.stdout
    decisions_out = run("decisions")
    assert "one body" in decisions_out.stdout
    undone = run("undo", "1")
    assert undone.exit_code == 0, undone.stderr
    again = run("undo", "1")
    assert again.exit_code == 1
    assert "already undone" in again.stderr
    unknown = run("merge", "#999", "#1", "--reason", "x")
    assert unknown.exit_code == 2


def test_a_name_of_a_merged_agency_follows_the_merge(session: Session) -> None:
    load_report(session, _report("平潭县人民政府", 2013))
    load_report(session, _report("平潭综合实验区管理委员会", 2014))
    conn = session.connection()
    county, zone = (
        _agency_of(session, "平潭县人民政府"),
        _agency_of(session, "平潭综合实验区管理委员会"),
    )
    decisions.merge(conn, zone, county, "the committee is the county's government")
    load_report(session, _report("福建省平潭县人民政府", 2012))  # a new spelling of the county
    assert session.scalar(select(Report.agency_id).where(Report.year == 2012)) == zone
