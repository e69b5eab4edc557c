"""A small archive with known gaps, late reports, a cross-year break, a changed report and a
phrase that occurs in one report only, loaded through ``db.loader.load_report``.

Numbers come from ``gongkai.demo.generate.random_report`` (seeded); the tests recompute what each
query should return from the reports themselves, never from hard-coded results.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from gongkai.core import vocabulary as v
from gongkai.demo.generate import random_report

AS_OF = date(2026, 2, 15)  # after the departments' deadline for 2025, before the governments'
GOV_A = "金寨县人民政府"  # reports 2021, 2022, 2024; 2023 missing; 2025 not yet due
DEPT_B = "金寨县财政局"  # reports 2022, 2023; portal blocked in the latest crawl
DEPT_C = "霍山县教育局"  # report 2024, changed after publication; portal unreachable lately
GOV_D = "绥中县人民政府"  # report 2023 breaking an identity; portal fine lately
UNIQUE_PHRASE = "蓝色档案柜登记制度"
OLD_ONLY_PHRASE = "旧版独有的说明文字"


@dataclass
class Archive:
    url: str
    current: dict[tuple[str, int], dict[str, Any]] = field(default_factory=dict)
    versions: dict[tuple[str, int], int] = field(default_factory=dict)
    rule5: set[tuple[str, int, str]] = field(default_factory=set)  # agency, year, column


def _chain(previous: dict[str, Any], report: dict[str, Any], *, skew: int = 0) -> None:
    """carried_over := last year's carried_forward (+ ``skew`` in natural_person and total),
    keeping identities 1-4 of ``report`` intact."""
    req = report["requests"]
    for col in v.APPLICANT_COLUMNS:
        carried = previous["requests"]["carried_forward"][col] + (
            skew if col == "natural_person" else 0
        )
        req["carried_over"][col] = carried
        forward = req["new"][col] + carried - req["handled_total"][col]
        if forward < 0:
            req["new"][col] -= forward
            forward = 0
        req["carried_forward"][col] = forward
    for row in ("new", "carried_over", "carried_forward"):
        req[row]["total"] = sum(req[row][c] for c in v.APPLICANT_COLUMNS)


def _report(
    rng: random.Random, agency: str, year: int, published: str | None, **kw: Any
) -> dict[str, Any]:
    report = random_report(rng, agency=agency, year=year, **kw)
    report["published"] = published
    return report


def build(url: str) -> Archive:
    from db.archive import finish_crawl_run, record_portal_outcome, start_crawl_run, upsert_portal
    from db.engine import make_engine, session_factory
    from db.loader import load_report
    from db.models import CoverageReference

    rng = random.Random(20260215)
    archive = Archive(url)
    a21 = _report(rng, GOV_A, 2021, "2022-03-31")  # on the deadline day: in time
    a22 = _report(rng, GOV_A, 2022, "2023-04-01", zero_heavy=False)  # one day late
    _chain(a21, a22, skew=3)
    a22["sections"]["overview"] += f"本机关建立{UNIQUE_PHRASE}，行政复议纠正的案件逐一整改。"
    a24 = _report(rng, GOV_A, 2024, None)
    b22 = _report(rng, DEPT_B, 2022, "2023-01-31")
    b23 = _report(rng, DEPT_B, 2023, "2024-02-01")  # late
    _chain(b22, b23)
    c24_v1 = _report(rng, DEPT_C, 2024, "2025-01-20")
    c24_v1["sections"]["other"] = OLD_ONLY_PHRASE
    c24 = copy.deepcopy(c24_v1)
    c24["sections"]["other"] = "本年度无其他需要报告的事项。"
    for row in ("new", "granted", "handled_total"):
        for col in ("natural_person", "total"):
            c24["requests"][row][col] += 1
    d23 = _report(rng, GOV_D, 2023, "2024-03-01", break_identity=True)

    engine = make_engine(url)
    factory = session_factory(engine)
    seen = datetime(2026, 1, 1, tzinfo=UTC)
    with factory.begin() as session:
        for report in (a21, a22, a24, b22, b23, c24_v1, d23):
            load_report(
                session,
                report,
                source_url=f"https://example.gov.cn/{report['agency']}/{report['year']}.html",
                seen_at=seen,
            )
        load_report(
            session,
            c24,
            source_url="https://example.gov.cn/c24-v2.html",
            seen_at=datetime(2026, 1, 10, tzinfo=UTC),
        )
        for pid, agency in (("b", DEPT_B), ("c", DEPT_C), ("d", GOV_D)):
            upsert_portal(
                session,
                portal_id=pid,
                agency=agency,
                region_code=None,
                family="generic",
                start_urls=[f"http://{pid}.example/"],
            )
        # Two crawls: the second one's outcome is the one that counts.
        for outcomes in (
            {"b": "unreachable", "c": "ok", "d": "blocked"},
            {"b": "blocked", "c": "unreachable", "d": "ok"},
        ):
            run = start_crawl_run(session, kind="test")
            for pid, outcome in outcomes.items():
                record_portal_outcome(session, run, pid, outcome=outcome, detail=None, stats={})
            finish_crawl_run(session, run)
        session.add(CoverageReference(id=1, as_of=AS_OF))
    engine.dispose()
    for report in (a21, a22, a24, b22, b23, c24, d23):
        archive.current[(report["agency"], report["year"])] = report
    archive.versions = dict.fromkeys(archive.current, 1) | {(DEPT_C, 2024): 2}
    archive.rule5 = {(GOV_A, 2022, "natural_person"), (GOV_A, 2022, "total")}
    return archive
