"""The figures of one report: tables 2-4 of the 2021 template, chained across years per
agency so that every identity of REPORT_FORMAT.md holds (including carried_over of year Y =
carried_forward of year Y-1)."""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field

COLS = ["natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org"]
RESULT_ROWS = [
    "granted",
    "partly_granted",
    "denied_state_secret",
    "denied_law_prohibited",
    "denied_security_stability",
    "denied_third_party",
    "denied_internal_affairs",
    "denied_process_info",
    "denied_enforcement_file",
    "denied_admin_query",
    "unavailable_not_held",
    "unavailable_needs_creation",
    "unavailable_unclear",
    "rejected_petition",
    "rejected_duplicate",
    "rejected_publication",
    "rejected_excessive",
    "rejected_confirmation",
    "other_no_correction",
    "other_unpaid_fee",
    "other_other",
]
ROWS = ["new", "carried_over", *RESULT_ROWS, "handled_total", "carried_forward"]
# how likely a handled request ends in each result row
WEIGHTS = [50, 8, 0.3, 0.5, 0.3, 2, 1, 1.5, 0.5, 1, 14, 3, 2, 3, 2, 0.5, 0.5, 0.5, 2, 0.2, 3]


def _rng(*parts: object) -> random.Random:
    seed = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()
    return random.Random(int(seed[:16], 16))


@dataclass
class Figures:
    agency: str
    year: int
    proactive: dict = field(default_factory=dict)
    requests: dict = field(default_factory=dict)  # row -> col -> int (incl. total)
    appeals: dict = field(default_factory=dict)  # group -> measure -> int
    published_count: int = 0  # 主动公开 items, for the prose


def _scale(agency: str) -> float:
    if agency.endswith("人民政府") and not agency.endswith(("镇人民政府", "乡人民政府")):
        return 1.0
    if agency.endswith(("镇人民政府", "乡人民政府", "街道办事处")):
        return 0.08
    if agency.endswith("办公室"):
        return 0.25
    return 0.2


def _one_year(agency: str, year: int, carried: dict[str, int]) -> Figures:
    r = _rng(agency, year)
    s = _scale(agency)
    new = dict.fromkeys(COLS, 0)
    new["natural_person"] = int(r.randint(5, 140) * s + r.random() * 3)
    new["commercial"] = int(r.randint(0, 25) * s + (r.random() < 0.3))
    new["research"] = int(r.random() < 0.15 * s * 4)
    new["nonprofit"] = int(r.random() < 0.1 * s * 4)
    new["legal_services"] = int(r.randint(0, 6) * s)
    new["other_org"] = int(r.randint(0, 4) * s)
    avail = {c: new[c] + carried.get(c, 0) for c in COLS}
    fwd = {
        c: (min(avail[c], r.randint(0, max(1, int(4 * s)))) if avail[c] and r.random() < 0.4 else 0)
        for c in COLS
    }
    req: dict[str, dict[str, int]] = {row: dict.fromkeys(COLS, 0) for row in ROWS}
    for c in COLS:
        req["new"][c] = new[c]
        req["carried_over"][c] = carried.get(c, 0)
        handled = avail[c] - fwd[c]
        for _ in range(handled):
            row = r.choices(RESULT_ROWS, WEIGHTS)[0]
            req[row][c] += 1
        req["handled_total"][c] = handled
        req["carried_forward"][c] = fwd[c]
    for row in ROWS:
        req[row]["total"] = sum(req[row][c] for c in COLS)
    big = s >= 1.0
    fees = (
        "0"
        if (r.random() < 0.6 or not big)
        else f"{r.randint(10, 99999) / 100:.2f}".rstrip("0").rstrip(".")
    )
    proactive = {
        "rules": {"issued": 0, "repealed": 0, "in_force": r.choice([0, 0, 1, 2]) if big else 0},
        "normative_documents": {
            "issued": r.randint(0, 12) if big else r.randint(0, 2),
            "repealed": r.randint(0, 6) if big else 0,
            "in_force": r.randint(15, 90) if big else r.randint(0, 9),
        },
        "licensing": {"decisions": r.randint(800, 30000) if big else r.randint(0, 600)},
        "penalties": {"decisions": r.randint(50, 4000) if big else r.randint(0, 80)},
        "coercion": {"decisions": r.randint(0, 40) if big else 0},
        "fees": {"amount_10k_yuan": fees},
    }
    appeals = {}
    for g in ("review", "litigation_direct", "litigation_after_review"):
        k = [r.choice([0, 0, 0, 1, 2, 3]) if big or r.random() < 0.2 else 0 for _ in range(4)]
        appeals[g] = dict(zip(("upheld", "corrected", "other", "pending"), k, strict=False))
        appeals[g]["total"] = sum(k)
    f = Figures(agency, year, proactive, req, appeals)
    f.published_count = r.randint(1200, 9000) if big else r.randint(40, 700)
    return f


def figures(agency: str, year: int) -> Figures:
    carried: dict[str, int] = {}
    out = None
    for y in range(2019, year + 1):
        out = _one_year(agency, y, carried)
        carried = {c: out.requests["carried_forward"][c] for c in COLS}
    assert out is not None
    return out


def check(f: Figures) -> None:
    q = f.requests
    for c in [*COLS, "total"]:
        assert q["new"][c] + q["carried_over"][c] == q["handled_total"][c] + q["carried_forward"][c]
        assert q["handled_total"][c] == sum(q[row][c] for row in RESULT_ROWS)
    for row in ROWS:
        assert q[row]["total"] == sum(q[row][c] for c in COLS)
    for g in f.appeals.values():
        assert g["total"] == g["upheld"] + g["corrected"] + g["other"] + g["pending"]
