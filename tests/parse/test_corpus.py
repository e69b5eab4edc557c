"""Random reports from the synthetic corpus, rendered as HTML and text, parse exactly (both editions)."""

from __future__ import annotations

import random

import pytest

from gongkai.core.report import validate
from gongkai.demo.generate import broken_rule, random_report
from gongkai.demo.render import render
from pipelines.parse import parse_bytes

FORMS = ("html", "html-gbk", "html-soup", "text-cells", "text-markdown", "text-tabs")
N = 36
#: reports of the 2021 edition and, for 2019-2020, of the 2019 edition (国办公开办函〔2019〕60号)
EDITIONS = ("2021", "2019")


def _documents(edition: str):
    for i in range(N):
        rng = random.Random(f"parse-test:{edition}:{i}" if edition != "2021" else f"parse-test:{i}")
        truth = random_report(
            rng, fmt=edition, nulls=rng.random() < 0.5, break_identity=rng.random() < 0.25
        )
        form = FORMS[i % len(FORMS)]
        yield form, truth, render(truth, form, rng)


@pytest.fixture(scope="module", params=EDITIONS)
def results(request):
    return [
        (form, validate(truth), parse_bytes(data))
        for form, truth, data in _documents(request.param)
    ]


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


def test_the_edition_is_recognised(results):
    for _, truth, result in results:
        assert result.provenance["format"] == truth["format"]
        assert list(result.report["requests"]) == list(truth["requests"])


def test_sections_are_split(results):
    for _, truth, result in results:
        assert result.report["sections"]["problems"] == truth["sections"]["problems"]
