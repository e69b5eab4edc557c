"""The world as a function of (seed, day): day 1's documents, then each later day's changes.

Day 2 (and every later day) adds late reports, corrects one report in place (same URL, one
cell changed), republishes one as a 修订版 at a new URL, removes one; day 2 also moves one
portal to a new address. Changes are recorded by document uid; the manifest resolves URLs.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, field, replace
from typing import Any

from gongkai.demo import content
from gongkai.demo.model import Doc, PortalSpec
from gongkai.demo.pages import reserved

_EXTRA_DEPTS = ("统计局", "医疗保障局", "应急管理局", "司法局", "水利局", "退役军人事务局")
#: LibreOffice renders allowed in one world; everything else is HTML or python-docx
DAY_BUDGET = {"docx": 2, "pdf": 1, "doc": 0}
#: forms each family shows at least once, given to the first report drawn on its first portal
MUST_FORMS = {
    "trs": ["pdf", "docx"],
    "hanweb": ["doc", "docx"],
    "anhui_public": ["wps", "docx"],
    "gkmlpt": ["pdf", "docx"],
    "generic": ["doc", "docx"],
}


def portal_budget(index: int, family_first: bool, family: str) -> dict[str, Any]:
    """LibreOffice and python-docx renders one portal may spend: about 60 s cold in all."""
    return {
        "docx": 1,
        "pdf": int(index % 5 == 2),
        "doc": 0,
        "must": list(MUST_FORMS[family]) if family_first else [],
    }


@dataclass(slots=True)
class Timeline:
    seed: int
    day: int
    docs: dict[str, list[Doc]]  # portal id → documents live on ``day``
    changes: list[dict[str, Any]] = field(default_factory=list)
    moved: dict[str, int] = field(default_factory=dict)  # portal id → day it moved


def change_cell(rng: random.Random, truth: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """A copy of ``truth`` with one proactive cell changed (identities 1-4 are unaffected)."""
    out = copy.deepcopy(truth)
    item = rng.choice(["licensing", "penalties", "coercion"])
    old = out["proactive"][item]["decisions"] or 0
    out["proactive"][item]["decisions"] = old + rng.randint(1, 9)
    return out, f"proactive.{item}.decisions"


def _eligible(specs: dict[str, PortalSpec], docs: dict[str, list[Doc]]) -> list[str]:
    # changes go where a crawler that stops at challenges can see them
    return [pid for pid, spec in specs.items() if spec.challenge is None and docs[pid]]


def build(seed: int, day: int, portals: tuple[PortalSpec, ...]) -> Timeline:
    specs = {p.id: p for p in portals}
    docs: dict[str, list[Doc]] = {}
    families: set[str] = set()
    for i, p in enumerate(portals):
        budget = portal_budget(i, p.family not in families, p.family)
        families.add(p.family)
        docs[p.id] = content.reports_for(p, seed, budget) + content.non_reports_for(p, seed)
    tl = Timeline(seed, day, docs)
    budget = dict(DAY_BUDGET)
    for k in range(2, day + 1):
        _evolve(tl, specs, k, budget)
    return tl


def _pick_report(rng: random.Random, docs: list[Doc], used: set[str], cheap: bool) -> Doc | None:
    pool = [
        d
        for d in docs
        if d.is_report and d.uid not in used and not (cheap and d.form in ("pdf", "doc", "wps"))
    ]
    return rng.choice(pool) if pool else None


def _evolve(tl: Timeline, specs: dict[str, PortalSpec], k: int, budget: dict[str, Any]) -> None:
    rng = random.Random(f"{tl.seed}-day-{k}")
    when = content.day_date(k)
    portals = _eligible(specs, tl.docs)
    rng.shuffle(portals)
    # the robots-hidden and redirect-chained reports keep their roles: no change touches them
    used: set[str] = {
        uid for pid in portals for uid in reserved(tl.seed, specs[pid], tl.docs[pid]) if uid
    }
    # late reports from departments that had not published yet
    for pid in portals[:2]:
        spec = specs[pid]
        taken = {d.agency for d in tl.docs[pid]}
        dept = next((d for d in _EXTRA_DEPTS if content.dept_agency(spec, d) not in taken), None)
        if dept is None:
            continue
        doc = content.new_report(
            rng,
            spec,
            content.dept_agency(spec, dept),
            "department",
            when.year - 1,
            when,
            budget,
            f"{pid}-d{k}-added",
        )
        if doc is not None:
            tl.docs[pid].append(doc)
            used.add(doc.uid)
            tl.changes.append({"day": k, "kind": "added", "portal": pid, "uid": doc.uid})
    # a correction in place: same URL, same form, one cell changed
    pid = portals[2 % len(portals)]
    doc = _pick_report(rng, tl.docs[pid], used, cheap=True)
    if doc is not None and doc.truth is not None:
        truth, cell = change_cell(rng, doc.truth)
        fixed = replace(
            doc,
            truth=truth,
            revision=doc.revision + 1,
            modified=when,
            attachment=None,
            body_html="",
        )
        tl.docs[pid][tl.docs[pid].index(doc)] = fixed
        used.add(doc.uid)
        tl.changes.append(
            {"day": k, "kind": "corrected", "portal": pid, "uid": doc.uid, "cell": cell}
        )
    # a 修订版 at a new URL; the first version stays online
    pid = portals[3 % len(portals)]
    doc = _pick_report(rng, tl.docs[pid], used, cheap=True)
    if doc is not None and doc.truth is not None:
        truth, cell = change_cell(rng, doc.truth)
        truth["published"] = when.isoformat()
        rev = replace(
            doc,
            uid=f"{doc.uid}-rev{k}",
            title=f"{doc.title}（修订版）",
            truth=truth,
            published=when,
            attachment=None,
            body_html="",
            modified=None,
            revision=0,
        )
        tl.docs[pid].append(rev)
        used.update({doc.uid, rev.uid})
        tl.changes.append(
            {
                "day": k,
                "kind": "republished",
                "portal": pid,
                "uid": rev.uid,
                "replaces": doc.uid,
                "cell": cell,
            }
        )
    # a removal: the page and its document answer 404 from now on
    pid = portals[4 % len(portals)]
    doc = _pick_report(rng, tl.docs[pid], used, cheap=False)
    if doc is not None:
        tl.docs[pid].remove(doc)
        tl.changes.append({"day": k, "kind": "removed", "portal": pid, "uid": doc.uid})
    if k == 2:
        movable = portals[5:] or portals[-1:]
        if movable:
            tl.moved[movable[0]] = k
            tl.changes.append({"day": k, "kind": "moved", "portal": movable[0]})
