"""Golden tests: every seed parses to exactly its truth file (metadata and every cell)."""

from __future__ import annotations

import pytest

from gongkai.core.report import validate
from pipelines.parse import PARSER_VERSION, parse_bytes

SEEDS = ["000", "001", "002", "003", "004"]


def _seed(seeds, prefix):
    return next((s, t) for s, t in seeds if s.name.startswith(prefix))


@pytest.mark.parametrize("prefix", SEEDS)
def test_seed_parses_exactly(seeds, prefix, load_truth):
    seed, truth_path = _seed(seeds, prefix)
    truth = validate(load_truth(truth_path))
    result = parse_bytes(seed.read_bytes(), filename=seed.name)
    assert {k: result.report.get(k) for k in truth} == truth
    assert result.route == "text"
    assert result.parser_version == PARSER_VERSION
    assert not [f for f in result.findings if not f.rule.startswith("parse:")]


def test_seed_003_lost_labels_are_placed_by_template_order_and_said_so(seeds):
    seed, _ = _seed(seeds, "003")
    result = parse_bytes(seed.read_bytes())
    placed = [n for n in result.provenance["fallbacks"] if n["kind"] == "fallback_order"]
    assert [n["detail"].split("placed as ")[1].split()[0] for n in placed] == [
        "granted",
        "partly_granted",
    ]
    assert "parse:fallback_order" in {f.rule for f in result.findings}


def test_seed_000_lost_cells_are_placed_by_identity_and_said_so(seeds):
    seed, _ = _seed(seeds, "000")
    result = parse_bytes(seed.read_bytes())
    fills = [n for n in result.provenance["fallbacks"] if n["kind"] == "identity_fill"]
    assert fills
    assert all(n["table"] == "requests" for n in fills)


def test_agency_comes_from_the_signature_not_the_title(seeds):
    seed, _ = _seed(seeds, "003")
    result = parse_bytes(seed.read_bytes())
    assert result.report["agency"] == "张店区融媒体中心"  # the title says 张店区融媒中心
    assert result.provenance["meta"]["agency"] == "signature"


def test_broken_identity_is_reported_with_rule_and_cells(seeds):
    seed, _ = _seed(seeds, "004")
    text = seed.read_text("utf-8").replace("(一) 予以公开\t113\t", "(一) 予以公开\t118\t", 1)
    result = parse_bytes(text.encode("utf-8"))
    assert result.report["requests"]["granted"]["natural_person"] == 118
    by_rule = {f.rule: f for f in result.findings}
    assert set(by_rule) >= {"2", "3"}
    assert "requests.granted.total" in by_rule["3"].cells
    assert "requests.handled_total.natural_person" in by_rule["2"].cells
