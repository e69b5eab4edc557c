"""Full-text search: a phrase in one report only, several words, superseded text, on both databases."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from db.engine import make_engine, session_factory
from db.loader import load_report
from gongkai.cli import app
from gongkai.demo.generate import random_report
from gongkai.query.search import search, snippet, terms_of
from tests.query.query_archive import GOV_A, OLD_ONLY_PHRASE, UNIQUE_PHRASE, Archive

pytestmark = pytest.mark.db
runner = CliRunner()


def _expected(archive: Archive, words: str) -> set[tuple[str, int]]:
    terms = words.split()
    return {
        key
        for key, report in archive.current.items()
        if all(t in "\n".join(report["sections"].values()) for t in terms)
    }


def test_phrase_in_one_report_only(archive: Archive) -> None:
    hits = search(archive.url, UNIQUE_PHRASE)
    assert [(h.agency, h.year) for h in hits] == [(GOV_A, 2022)]
    assert f"【{UNIQUE_PHRASE}】" in hits[0].snippet
    assert hits[0].region_code == "341524"


@pytest.mark.parametrize("words", ["行政复议 纠正", "公开", "政府信息公开 2023年", "金寨县 信息"])
def test_every_word_must_occur(archive: Archive, words: str) -> None:
    expected = _expected(archive, words)
    assert expected  # the words are chosen to occur somewhere
    assert {(h.agency, h.year) for h in search(archive.url, words)} == expected


def test_superseded_text_is_not_found_and_new_reports_are(archive: Archive) -> None:
    assert search(archive.url, OLD_ONLY_PHRASE) == []
    report = random_report(random.Random(7), agency="霍邱县人民政府", year=2024)
    report["sections"]["problems"] = f"我们学习了{UNIQUE_PHRASE}。"
    engine = make_engine(archive.url)
    with session_factory(engine).begin() as session:
        load_report(session, report, seen_at=datetime(2026, 2, 1, tzinfo=UTC))
    engine.dispose()
    assert {(h.agency, h.year) for h in search(archive.url, UNIQUE_PHRASE)} == {
        (GOV_A, 2022),
        ("霍邱县人民政府", 2024),
    }


def test_cli(archive: Archive) -> None:
    result = runner.invoke(app, ["--db", archive.url, "search", f"{UNIQUE_PHRASE} 行政复议"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"{GOV_A}\t2022\t")
    assert "1 report(s)" in result.stderr
    result = runner.invoke(app, ["--db", archive.url, "search", "  "])
    assert result.exit_code == 2
    assert "empty search" in result.stderr


def test_terms_and_snippet() -> None:
    assert terms_of(" 行政复议  纠正 行政复议") == ["行政复议", "纠正"]
    text = "甲" * 100 + "行政复议" + "乙" * 100
    piece = snippet(text, ["行政复议"], width=10)
    assert piece == "…" + "甲" * 10 + "【行政复议】" + "乙" * 6 + "…"
