"""Loading canonical reports: versions, facts, findings, bad input, as-of queries, history."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from db.agencies.names import classify, normalize
from db.history import report_history, versions_as_of
from db.loader import ReportInput, content_hash, load_report, load_reports
from db.models import (
    AppealFact,
    FindingRow,
    ProactiveFact,
    Report,
    ReportSource,
    ReportVersion,
    RequestFact,
    SectionText,
)
from db.regions import resolve_region
from gongkai.core import vocabulary as v
from gongkai.core.report import Finding, ReportFormatError, cells

pytestmark = pytest.mark.db

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def _truth_files(shared_dir: Path) -> list[Path]:
    return sorted((shared_dir / "seeds" / "truth").glob("*.json")) + sorted(
        (shared_dir / "real" / "truth").glob("*.json")
    )


@pytest.fixture
def truth(shared_dir: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text("utf-8")) for p in _truth_files(shared_dir)]


def _count(session: Session, model: Any) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0


def test_load_all_truth_files_then_again_changes_nothing_but_last_seen(
    session: Session, truth: list[dict[str, Any]]
) -> None:
    first = [load_report(session, r, seen_at=T0) for r in truth]
    session.commit()
    assert [r.status for r in first] == ["new"] * len(truth)
    facts = _count(session, RequestFact)
    assert facts == sum(len(cells) for r in truth for cells in r["requests"].values())

    later = T0 + timedelta(days=30)
    again = [load_report(session, r, seen_at=later) for r in truth]
    session.commit()
    assert [r.status for r in again] == ["unchanged"] * len(truth)
    assert [r.version_id for r in again] == [r.version_id for r in first]
    assert _count(session, Report) == len(truth)
    assert _count(session, ReportVersion) == len(truth)
    assert _count(session, RequestFact) == facts
    seen = session.scalars(select(ReportVersion.last_seen)).all()
    assert all(s.replace(tzinfo=UTC) == later for s in seen)
    valid_from = session.scalars(select(ReportVersion.valid_from)).all()
    assert all(s.replace(tzinfo=UTC) == T0 for s in valid_from)


def test_changed_cell_makes_version_two_and_keeps_version_one(
    session: Session, truth: list[dict[str, Any]]
) -> None:
    original = truth[0]
    load_report(session, original, seen_at=T0)
    changed = copy.deepcopy(original)
    changed["requests"]["new"]["natural_person"] = (
        original["requests"]["new"]["natural_person"] or 0
    ) + 7
    t1 = T0 + timedelta(days=10)
    result = load_report(session, changed, seen_at=t1, source_url="https://example.gov.cn/r2")
    session.commit()
    assert (result.status, result.version) == ("new_version", 2)

    versions = session.scalars(select(ReportVersion).order_by(ReportVersion.version)).all()
    assert [v.version for v in versions] == [1, 2]
    assert versions[0].superseded_at is not None
    assert versions[0].superseded_at.replace(tzinfo=UTC) == t1
    assert versions[1].superseded_at is None
    # the old version's facts are kept
    old = session.scalar(
        select(RequestFact.value).where(
            RequestFact.version_id == versions[0].id,
            RequestFact.row_code == "new",
            RequestFact.column_code == "natural_person",
        )
    )
    assert old == original["requests"]["new"]["natural_person"]

    hist = report_history(session, original["agency"], original["year"])
    assert hist is not None
    assert [v.version for v in hist.versions] == [1, 2]
    assert [c.cell for c in hist.versions[1].changes] == ["requests.new.natural_person"]

    # "as of" a date is a query over valid_from / superseded_at
    assert [r[1] for r in versions_as_of(session, T0 + timedelta(days=1))] == [1]
    assert [r[1] for r in versions_as_of(session, t1 + timedelta(days=1))] == [2]
    assert versions_as_of(session, T0 - timedelta(days=1)) == []


def test_reverting_to_old_content_is_a_third_version(
    session: Session, truth: list[dict[str, Any]]
) -> None:
    a = truth[1]
    b = copy.deepcopy(a)
    b["appeals"]["review"]["total"] = (a["appeals"]["review"]["total"] or 0) + 1
    statuses = [
        load_report(session, r, seen_at=T0 + timedelta(days=i)).status
        for i, r in enumerate((a, b, a))
    ]
    assert statuses == ["new", "new_version", "new_version"]
    current = session.scalars(
        select(ReportVersion).where(ReportVersion.superseded_at.is_(None))
    ).all()
    assert [c.version for c in current] == [3]
    assert current[0].content_hash == content_hash(a) != content_hash(b)


def test_sections_do_not_make_a_version_but_are_stored(
    session: Session, truth: list[dict[str, Any]]
) -> None:
    report = copy.deepcopy(truth[0])
    report["sections"] = {"overview": "总体情况……", "problems": "问题"}
    r1 = load_report(session, report)
    texts = dict(
        session.execute(
            select(SectionText.section, SectionText.text).where(
                SectionText.version_id == r1.version_id
            )
        ).all()
    )
    assert texts == report["sections"]
    report["sections"]["overview"] = "改了"
    assert load_report(session, report).status == "unchanged"


def test_empty_cell_is_null_not_zero_and_decimals_are_exact(
    session: Session, truth: list[dict[str, Any]]
) -> None:
    report = copy.deepcopy(truth[0])
    report["requests"]["granted"]["research"] = None
    report["proactive"]["fees"]["amount_10k_yuan"] = "1234.56"
    result = load_report(session, report)
    value = session.scalar(
        select(RequestFact.value).where(
            RequestFact.version_id == result.version_id,
            RequestFact.row_code == "granted",
            RequestFact.column_code == "research",
        )
    )
    present = session.scalar(
        select(func.count())
        .select_from(RequestFact)
        .where(
            RequestFact.version_id == result.version_id,
            RequestFact.row_code == "granted",
            RequestFact.column_code == "research",
        )
    )
    assert value is None
    assert present == 1
    fee = session.scalar(
        select(ProactiveFact.value).where(
            ProactiveFact.version_id == result.version_id, ProactiveFact.item == "fees"
        )
    )
    assert str(fee).rstrip("0") == "1234.56"
    stored = session.get(ReportVersion, result.version_id)
    assert stored is not None
    assert stored.canonical["proactive"]["fees"]["amount_10k_yuan"] == "1234.56"


def test_findings_are_computed_when_none_given(
    session: Session, truth: list[dict[str, Any]]
) -> None:
    broken = copy.deepcopy(truth[0])
    broken["appeals"]["review"]["total"] = (broken["appeals"]["review"]["total"] or 0) + 5
    result = load_report(session, broken)
    rules = session.scalars(
        select(FindingRow.rule).where(FindingRow.version_id == result.version_id)
    ).all()
    assert "4" in rules


def test_findings_given_by_the_caller_are_stored(
    session: Session, truth: list[dict[str, Any]]
) -> None:
    result = load_report(
        session,
        truth[2],
        findings=[
            Finding("5", "carried over differs", ("requests.carried_over.total",)),
            {"rule": "parser", "detail": "table 3 split", "cells": []},
        ],
    )
    rows = session.execute(
        select(FindingRow.rule, FindingRow.cells)
        .where(FindingRow.version_id == result.version_id)
        .order_by(FindingRow.id)
    ).all()
    assert [(r[0], r[1]) for r in rows] == [("5", ["requests.carried_over.total"]), ("parser", [])]


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda r: r["requests"].__setitem__("bogus_row", {"total": 1}), "requests.bogus_row"),
        (lambda r: r["requests"]["new"].__setitem__("martians", 1), "requests.new.martians"),
        (lambda r: r["requests"]["new"].__setitem__("total", -3), "requests.new.total"),
        (lambda r: r["appeals"]["review"].__setitem__("upheld", "很多"), "appeals.review.upheld"),
        (lambda r: r.__setitem__("year", "last year"), "year"),
    ],
)
def test_bad_input_names_the_field_and_loads_nothing(
    session: Session, truth: list[dict[str, Any]], mutate: Any, field: str
) -> None:
    bad = copy.deepcopy(truth[0])
    mutate(bad)
    with pytest.raises(ReportFormatError) as info:
        load_report(session, bad)
    assert info.value.field == field
    assert _count(session, Report) == 0
    assert _count(session, RequestFact) == 0


def test_facts_cover_every_cell_and_views_show_current_version(
    session: Session, truth: list[dict[str, Any]]
) -> None:
    for report in truth:
        load_report(session, report)
    session.commit()
    for report in truth:
        expected = dict(cells(report).items())
        got: dict[str, Any] = {}
        params = {"a": report["agency"], "y": report["year"]}
        for row in session.execute(
            text("SELECT item, measure, value FROM v_proactive WHERE agency = :a AND year = :y"),
            params,
        ):
            got[f"proactive.{row[0]}.{row[1]}"] = row[2]
        for row in session.execute(
            text(
                "SELECT row_code, column_code, value FROM v_requests WHERE agency = :a AND year = :y"
            ),
            params,
        ):
            got[f"requests.{row[0]}.{row[1]}"] = row[2]
        for row in session.execute(
            text(
                "SELECT group_code, measure, value FROM v_appeals WHERE agency = :a AND year = :y"
            ),
            params,
        ):
            got[f"appeals.{row[0]}.{row[1]}"] = row[2]
        assert set(got) == set(expected)
        for key, value in expected.items():
            if value is None or key.split(".")[2] not in v.DECIMAL_MEASURES:
                assert got[key] == value, key
            else:
                assert float(got[key]) == float(value), key


def test_source_documents_accumulate(session: Session, truth: list[dict[str, Any]]) -> None:
    r = load_report(session, truth[0], source_url="https://a.example/1", document_sha256="a" * 64)
    load_report(session, truth[0], source_url="https://a.example/1", document_sha256="a" * 64)
    load_report(session, truth[0], source_url="https://b.example/mirror", document_sha256="a" * 64)
    urls = session.scalars(
        select(ReportSource.source_url)
        .where(ReportSource.version_id == r.version_id)
        .order_by(ReportSource.source_url)
    ).all()
    assert urls == ["https://a.example/1", "https://b.example/mirror"]


def test_same_agency_other_year_is_another_report(
    session: Session, truth: list[dict[str, Any]]
) -> None:
    a = truth[0]
    b = copy.deepcopy(a)
    b["year"] = a["year"] - 1
    ra, rb = load_report(session, a), load_report(session, b)
    assert ra.agency_id == rb.agency_id
    assert ra.report_id != rb.report_id
    assert {ra.status, rb.status} == {"new"}
    assert _count(session, AppealFact) == 2 * sum(len(c) for c in a["appeals"].values())


def test_a_batch_applies_reports_in_order(session: Session, truth: list[dict[str, Any]]) -> None:
    first = truth[0]
    second = copy.deepcopy(first)
    second["requests"]["new"]["total"] = (first["requests"]["new"]["total"] or 0) + 1
    results = load_reports(session, [first, truth[1], second, first])
    assert [(r.status, r.version) for r in results] == [
        ("new", 1),
        ("new", 1),
        ("new_version", 2),
        ("new_version", 3),
    ]
    current = session.scalars(
        select(ReportVersion.version).where(
            ReportVersion.report_id == results[0].report_id, ReportVersion.superseded_at.is_(None)
        )
    ).all()
    assert current == [3]


def test_a_bad_report_in_a_batch_writes_nothing(
    session: Session, truth: list[dict[str, Any]]
) -> None:
    bad = copy.deepcopy(truth[1])
    bad["proactive"]["fees"]["amount_10k_yuan"] = "一万"
    with pytest.raises(ReportFormatError) as info:
        load_reports(session, [ReportInput(truth[0]), ReportInput(bad)])
    assert info.value.field == "proactive.fees.amount_10k_yuan"
    assert any("#1" in note for note in info.value.__notes__)
    assert _count(session, Report) == 0


def test_agency_region_and_kind_are_resolved_once(
    session: Session, truth: list[dict[str, Any]]
) -> None:
    from db.models import Agency

    for report in truth:
        load_report(session, report)
    agencies = {a.name: a for a in session.scalars(select(Agency))}
    assert len(agencies) == len({normalize(r["agency"]) for r in truth})
    for report in truth:
        agency = agencies[report["agency"]]
        assert agency.region_code == resolve_region(report["agency"]).code
        assert agency.kind == classify(report["agency"])


def test_load_files_retries_a_rejected_batch_one_report_at_a_time(
    migrated_db_url: str,
    tmp_path: Path,
    truth: list[dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sqlalchemy.exc import OperationalError

    import db.loader as loader
    from db.engine import make_engine, session_factory

    paths = []
    for i, report in enumerate(truth[:3]):
        path = tmp_path / f"r{i}.json"
        path.write_text(json.dumps(report, ensure_ascii=False), "utf-8")
        paths.append(str(path))
    culprit = truth[1]["agency"]
    real = loader.load_reports

    def flaky(session: Session, items: list[Any]) -> list[Any]:
        if any(item.report["agency"] == culprit for item in items):
            raise OperationalError("INSERT …", {}, Exception("disk I/O error"))
        return real(session, items)

    monkeypatch.setattr(loader, "load_reports", flaky)
    engine = make_engine(migrated_db_url)
    try:
        outcomes = loader.load_files(session_factory(engine), paths, batch=10)
        with engine.connect() as conn:
            loaded = conn.execute(text("SELECT count(*) FROM v_reports")).scalar_one()
    finally:
        engine.dispose()
    assert [o.result is not None for o in outcomes] == [True, False, True]
    assert outcomes[1].error is not None
    assert outcomes[1].error.startswith(paths[1])
    assert "disk I/O error" in outcomes[1].error
    assert loaded == 2


def test_two_loaders_at_once_end_with_one_version_each(
    migrated_db_url: str, shared_dir: Path
) -> None:
    import threading

    from db.engine import make_engine, session_factory
    from db.loader import load_files

    paths = [str(p) for p in _truth_files(shared_dir)]
    outcomes: list[Any] = []
    errors: list[BaseException] = []

    def worker() -> None:
        engine = make_engine(migrated_db_url)
        try:
            outcomes.extend(load_files(session_factory(engine), paths))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors
    assert [o.error for o in outcomes if o.error] == []
    assert sorted(o.result.status for o in outcomes).count("new") == len(paths)
    engine = make_engine(migrated_db_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM v_reports")).scalar_one() == len(paths)
            assert conn.execute(text("SELECT count(*) FROM report_versions")).scalar_one() == len(
                paths
            )
            assert conn.execute(text("SELECT count(*) FROM agencies")).scalar_one() == len(paths)
    finally:
        engine.dispose()


def test_an_older_observation_loaded_late_moves_no_time_backwards(
    session: Session, truth: list[dict[str, Any]]
) -> None:
    first = truth[0]
    later = T0 + timedelta(days=10)
    load_report(session, first, seen_at=later)
    assert load_report(session, first, seen_at=T0).status == "unchanged"
    version = session.scalar(select(ReportVersion))
    assert version is not None
    assert version.last_seen.replace(tzinfo=UTC) == later

    changed = copy.deepcopy(first)
    changed["appeals"]["review"]["pending"] = (first["appeals"]["review"]["pending"] or 0) + 1
    result = load_report(session, changed, seen_at=T0.replace(tzinfo=None))  # naive means UTC
    assert result.status == "new_version"
    session.expire_all()
    rows = session.scalars(select(ReportVersion).order_by(ReportVersion.version)).all()
    assert rows[0].superseded_at is not None
    assert rows[0].superseded_at.replace(tzinfo=UTC) == later
    assert rows[1].valid_from.replace(tzinfo=UTC) == later
