"""Random reports from the synthetic corpus, rendered as HTML and text, parse exactly."""

from __future__ import annotations

import random

import pytest

from corpus.generate import broken_rule, random_report
from corpus.render import render
from gongkai.report import validate
from pipelines.parse import parse_bytes

FORMS = ("html", "html-gbk", "html-soup", "text-cells", "text-markdown", "text-tabs")
N = 36


def _documents():
    for i in range(N):
        rng = random.Random(f"parse-test:{i}")
        truth = random_report(rng, nulls=rng.random() < 0.5, break_identity=rng.random() < 0.25)
        form = FORMS[i % len(FORMS)]
        yield form, truth, render(truth, form, rng)


@pytest.fixture(scope="module")
def results():
    return [(form, validate(truth), parse_bytes(data)) for form, truth, data in _documents()]


def test_every_report_is_exact(results):
    wrong = []
    for form, truth, result in results:
        got = {k: result.report.get(k) for k in truth if k != "sections"}
        want = {k: val for k, val in truth.items() if k != "sections"}
        if got != want:
            wrong.append((form, truth["agency"], [k for k in want if got[k] != want[k]]))
    assert wrong == []


def test_every_deliberate_break_is_reported(results):
    broken = [(broken_rule(truth), result) for _, truth, result in results if broken_rule(truth)]
    assert broken, "the sample should hold broken reports"
    for rule, result in broken:
        assert rule in {f.rule for f in result.findings}


def test_sections_are_split(results):
    for _, truth, result in results:
        assert result.report["sections"]["problems"] == truth["sections"]["problems"]
