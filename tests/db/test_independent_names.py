"""Agency resolution on a corpus written by someone who never saw the resolver
(``independent_names/``: 77 real-style pairs and 69 names with their kind; its README says how
each expectation was decided). Judged in both orders, as ``bench/agency_names.py`` reports it."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from db.agencies.names import classify
from db.agencies.resolve import Sighting
from tests.db.agency_pairs import Pair, judge

CORPUS = Path(__file__).with_name("independent_names")


def _sighting(d: dict) -> Sighting:
    return Sighting(d["name"], d.get("year"), d.get("region_code"), d.get("portal_agency"))


@pytest.fixture(scope="module")
def judged() -> Counter[tuple[str, str]]:
    outcomes: Counter[tuple[str, str]] = Counter()
    for raw in json.loads((CORPUS / "pairs.json").read_text("utf-8")):
        a, b = _sighting(raw["a"]), _sighting(raw["b"])
        for first, second in ((a, b), (b, a)):
            got, _ = judge(Pair(first, second, raw["expected"], raw["why"]))
            outcomes[(raw["expected"], got)] += 1
    return outcomes


def test_no_two_agencies_are_merged(judged: Counter[tuple[str, str]]) -> None:
    wrong = {k: n for k, n in judged.items() if k[0] != "same" and k[1] == "same"}
    assert not wrong, wrong


def test_one_agency_printed_two_ways_is_one(judged: Counter[tuple[str, str]]) -> None:
    same = sum(n for (want, _), n in judged.items() if want == "same")
    assert same >= 60
    assert judged[("same", "same")] == same, judged


def test_ambiguous_pairs_are_kept_apart_with_a_finding(judged: Counter[tuple[str, str]]) -> None:
    ambiguous = sum(n for (want, _), n in judged.items() if want == "ambiguous")
    assert judged[("ambiguous", "ambiguous")] >= 0.85 * ambiguous, judged


def test_kinds() -> None:
    items = json.loads((CORPUS / "kinds.json").read_text("utf-8"))["items"]
    wrong = [
        (i["name"], classify(i["name"]), i["expected"])
        for i in items
        if classify(i["name"]) not in (i["expected"], *i.get("also_accepted", []))
    ]
    assert len(items) >= 60
    assert not wrong, wrong
