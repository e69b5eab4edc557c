"""Legacy key figures in the archive: validation, legacy_facts, versions and history."""

from __future__ import annotations

import copy
import hashlib
import json
import random
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.history import diff_cells
from db.loader import HASHED_KEYS, content_hash, load_report
from db.models import LegacyFact
from gongkai.core import vocabulary as v
from gongkai.core.report import ReportFormatError, validate
from gongkai.demo.generate import random_report

pytestmark = pytest.mark.db


def _legacy(**figures: Any) -> dict[str, Any]:
    return {
        "agency": "卢氏县人民政府",
        "year": 2012,
        "format": "legacy",
        "published": "2013-03-28",
        "legacy": figures,
    }


def test_validation_fills_every_key_and_reads_bare_values() -> None:
    report = validate(_legacy(requests_received=15, fees_yuan={"value": "126.50"}))
    assert list(report["legacy"]) == list(v.LEGACY_KEYS)
    assert report["legacy"]["requests_received"] == {
        "value": 15,
        "source": None,
        "where": None,
        "text": None,
    }
    assert report["legacy"]["fees_yuan"]["value"] == "126.50"
    assert report["legacy"]["granted"] is None


@pytest.mark.parametrize(
    ("report", "field"),
    [
        (_legacy(requests_recieved=3), "legacy.requests_recieved"),
        (_legacy(review=-1), "legacy.review.value"),
        (_legacy(fees_yuan="-5"), "legacy.fees_yuan.value"),
        (_legacy(granted="many"), "legacy.granted.value"),
        (_legacy(denied={"value": 1, "source": "guess"}), "legacy.denied.source"),
        ({**_legacy(review=0), "format": "2021"}, "legacy"),
    ],
)
def test_validation_names_the_bad_field(report: dict[str, Any], field: str) -> None:
    with pytest.raises(ReportFormatError) as error:
        validate(report)
    assert error.value.field == field


def test_reports_without_legacy_figures_keep_their_hash() -> None:
    report = validate(random_report(random.Random(3), agency="绥中县", year=2024))
    content = {k: report.get(k) for k in HASHED_KEYS}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    assert content_hash(report) == hashlib.sha256(text.encode("utf-8")).hexdigest()


def test_legacy_facts_new_versions_and_history(session: Session) -> None:
    first = validate(
        _legacy(
            requests_received={
                "value": 13,
                "source": "sentence",
                "where": "一、概述",
                "text": "…13件",
            },
            review=0,
        )
    )
    loaded = load_report(session, first)
    rows = session.execute(
        select(LegacyFact.measure, LegacyFact.value, LegacyFact.source, LegacyFact.location).where(
            LegacyFact.version_id == loaded.version_id
        )
    ).all()
    assert {r.measure for r in rows} == set(v.LEGACY_KEYS)
    by = {r.measure: r for r in rows}
    assert (int(by["requests_received"].value), by["requests_received"].source) == (13, "sentence")
    assert by["requests_received"].location == "一、概述"
    assert by["granted"].value is None

    moved = copy.deepcopy(first)
    moved["legacy"]["requests_received"]["where"] = "三、依申请公开政府信息情况"
    assert load_report(session, moved).status == "unchanged"  # where it was printed: no new content

    changed = copy.deepcopy(first)
    changed["legacy"]["requests_received"]["value"] = 15
    second = load_report(session, changed)
    assert (second.status, second.version) == ("new_version", 2)
    changes = diff_cells(first, changed)
    assert [(c.cell, c.before, c.after) for c in changes] == [("legacy.requests_received", 13, 15)]
