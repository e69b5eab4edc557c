"""Agency names: how a corpus of name pairs and kinds resolves, before (keyed by the printed
name) and after (db.agencies).

A pairs file is a JSON list of ``{"a": SIGHTING, "b": SIGHTING, "expected": same|different|
ambiguous}`` with ``SIGHTING = {"name", "year", "region_code", "portal_agency"}``; a kinds file
is ``{"items": [{"name", "expected", "also_accepted"?}]}``. Each pair is judged as
``tests/db/agency_pairs.judge`` does (resolve ``a``, then ``b``: ``same``, ``ambiguous`` when
kept apart with a finding, else ``different``), in both orders. Prints the counts and writes
the "Agency names" section of bench/RESULTS.md.

Usage: python bench/agency_names.py [PAIRS.json [KINDS.json]] [--no-write]
(default: the independent corpus in tests/db/independent_names)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _results import replace_section

from db.agencies.names import classify, normalize
from db.agencies.resolve import Sighting
from tests.db.agency_pairs import Pair, judge

SECTION = "## Agency names (bench/agency_names.py)"


def _sighting(d: dict) -> Sighting:
    return Sighting(d["name"], d.get("year"), d.get("region_code"), d.get("portal_agency"))


def score(pairs: list[dict]) -> dict[str, Counter]:
    before: Counter = Counter()
    after: Counter = Counter()
    for p in pairs:
        same = normalize(p["a"]["name"]) == normalize(p["b"]["name"])
        before[(p["expected"], "same" if same else "different")] += 1
        for a, b in ((p["a"], p["b"]), (p["b"], p["a"])):
            got, _ = judge(Pair(_sighting(a), _sighting(b), p["expected"], ""))
            after[(p["expected"], got)] += 1
    return {"before": before, "after": after}


def _row(label: str, c: Counter, orders: int) -> str:
    def n(expected: str, got: str) -> int:
        return c[(expected, got)] // orders

    total = {
        e: sum(v for (x, _), v in c.items() if x == e) // orders
        for e in ("same", "different", "ambiguous")
    }
    wrong = sum(v for (e, g), v in c.items() if g == "same" and e != "same") // orders
    return (
        f"| {label} | {wrong} | {n('same', 'same')}/{total['same']} | "
        f"{n('different', 'different')}/{total['different']} | "
        f"{n('ambiguous', 'ambiguous')}/{total['ambiguous']} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpus = ROOT / "tests" / "db" / "independent_names"
    parser.add_argument("pairs", type=Path, nargs="?", default=corpus / "pairs.json")
    parser.add_argument("kinds", type=Path, nargs="?", default=corpus / "kinds.json")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    pairs = json.loads(args.pairs.read_text(encoding="utf-8"))
    scores = score(pairs)
    lines = [
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {len(pairs)} pairs of `{args.pairs.name}` "
        "(written without the code: tests/db/independent_names); after: "
        "judged in both orders, counts halved. Wrong merges: pairs not "
        "expected `same` that resolved to one agency. Ambiguous flagged: kept apart *with* a "
        "finding.",
        "",
        "| resolution | wrong merges | same joined | different kept apart | ambiguous flagged |",
        "|---|---:|---:|---:|---:|",
        _row("before: keyed by the printed name (NFKC, no spaces)", scores["before"], 1),
        _row("after: db.agencies", scores["after"], 2),
    ]
    if args.kinds:
        items = json.loads(args.kinds.read_text(encoding="utf-8"))["items"]
        right = sum(
            classify(i["name"]) in (i["expected"], *i.get("also_accepted", [])) for i in items
        )
        lines += ["", f"Kinds of `{args.kinds.name}`: {right}/{len(items)} classified as expected."]
    text = "\n".join(lines)
    print(text)
    if not args.no_write:
        replace_section(SECTION, [SECTION, "", *lines])


if __name__ == "__main__":
    main()
