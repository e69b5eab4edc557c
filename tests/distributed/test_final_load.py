"""The coordinator's choice among parsed reports and its merge of the workers' counters."""

from __future__ import annotations

from typing import Any

from gongkai.runs.distributed import merge_tallies, select_candidates
from pipelines.parse_worker import Parsed


def _cand(url: str, role: str, agency: str, year: int, parent: str | None = None) -> dict[str, Any]:
    return {
        "url": url,
        "sha256": url[-1] * 64,
        "role": role,
        "parent_url": parent,
        "parsed": Parsed(ok=True, report={"agency": agency, "year": year}),
    }


def test_an_attachment_counts_only_when_its_page_gave_no_report() -> None:
    groups = select_candidates(
        [
            _cand("http://a/p1", "report_page", "甲县人民政府", 2023),
            _cand("http://a/f1", "attachment", "甲县人民政府", 2023, parent="http://a/p1"),
            _cand("http://a/f2", "attachment", "乙县人民政府", 2023, parent="http://a/p2"),
            _cand("http://a/f3", "attachment", "乙县人民政府", 2023, parent="http://a/p2"),
            _cand("http://a/f4", "attachment", "丙县人民政府", 2022),  # linked straight from a list
        ]
    )
    urls = {key: sorted(c["url"] for c in found) for key, found in groups.items()}
    assert urls == {
        ("甲县人民政府", 2023): ["http://a/p1"],
        ("乙县人民政府", 2023): ["http://a/f2"],  # one per page, the first by URL
        ("丙县人民政府", 2022): ["http://a/f4"],
    }


def test_the_choice_does_not_depend_on_the_order_workers_reported_in() -> None:
    cands = [
        _cand(f"http://a/f{i}", "attachment", "乙县人民政府", 2023, parent="http://a/p")
        for i in range(5)
    ]
    first = select_candidates(cands)
    assert select_candidates(list(reversed(cands))) == first


def test_counters_of_several_workers_add_up() -> None:
    merged = merge_tallies(
        [
            {
                "p1": {
                    "pages_ok": 3,
                    "report_pages": 2,
                    "challenges": [["ruishu-412", "http://x/"]],
                    "last_error": "",
                    "previous_reports": 9,
                }
            },
            {
                "p1": {"pages_ok": 4, "report_pages": 1, "challenges": [], "last_error": "Timeout"},
                "p2": {"pages_ok": 1},
            },
        ]
    )
    assert merged["p1"].pages_ok == 7
    assert merged["p1"].reports_found == 3
    assert merged["p1"].challenges == [("ruishu-412", "http://x/")]
    assert merged["p1"].last_error == "Timeout"
    assert merged["p1"].previous_reports == 0  # the coordinator counts these before seeding
    assert merged["p2"].pages_ok == 1
