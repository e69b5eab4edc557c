"""Agencies as a person reads them: names with their years, reports, lineage, decisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from db.agencies.decisions import DECISIONS
from db.agencies.store import AGENCIES, LINEAGE, NAMES, REPORTS


@dataclass(frozen=True, slots=True)
class NameSeen:
    name: str
    first_year: int | None
    last_year: int | None
    seen_in: str
    lineage_step: str | None


@dataclass(frozen=True, slots=True)
class AgencyView:
    id: int
    name: str
    kind: str
    region_code: str | None
    years: list[int]
    names: list[NameSeen] = field(default_factory=list)
    predecessors: list[tuple[int, int, str]] = field(default_factory=list)  # (id, year, reason)
    successors: list[tuple[int, int, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DecisionView:
    id: int
    action: str
    reason: str
    source: str
    made_at: datetime
    undone_at: datetime | None
    detail: dict[str, Any]


def list_agencies(
    conn: Connection, *, search: str | None = None, agency_id: int | None = None
) -> list[AgencyView]:
    """Agencies not merged away, with their names, report years and lineage; ``search``
    keeps those with a name containing it."""
    query = select(AGENCIES).where(AGENCIES.c.merged_into.is_(None)).order_by(AGENCIES.c.id)
    if agency_id is not None:
        query = query.where(AGENCIES.c.id == agency_id)
    if search:
        query = query.where(
            AGENCIES.c.id.in_(select(NAMES.c.agency_id).where(NAMES.c.name.contains(search)))
        )
    rows = conn.execute(query).all()
    ids = [r.id for r in rows]
    years: dict[int, list[int]] = {}
    for aid, year in conn.execute(
        select(REPORTS.c.agency_id, REPORTS.c.year)
        .where(REPORTS.c.agency_id.in_(ids))
        .order_by(REPORTS.c.year)
    ):
        years.setdefault(aid, []).append(year)
    names: dict[int, list[NameSeen]] = {}
    for n in conn.execute(
        select(NAMES).where(NAMES.c.agency_id.in_(ids)).order_by(NAMES.c.first_year, NAMES.c.id)
    ):
        names.setdefault(n.agency_id, []).append(
            NameSeen(n.name, n.first_year, n.last_year, n.seen_in, n.lineage_step)
        )
    before: dict[int, list[tuple[int, int, str]]] = {}
    after: dict[int, list[tuple[int, int, str]]] = {}
    for link in conn.execute(
        select(LINEAGE).where(LINEAGE.c.predecessor_id.in_(ids) | LINEAGE.c.successor_id.in_(ids))
    ):
        before.setdefault(link.successor_id, []).append(
            (link.predecessor_id, link.year, link.reason)
        )
        after.setdefault(link.predecessor_id, []).append(
            (link.successor_id, link.year, link.reason)
        )
    return [
        AgencyView(
            r.id,
            r.name,
            r.kind,
            r.region_code,
            years.get(r.id, []),
            names.get(r.id, []),
            before.get(r.id, []),
            after.get(r.id, []),
        )
        for r in rows
    ]


def list_decisions(conn: Connection) -> list[DecisionView]:
    return [
        DecisionView(
            r.id, r.action, r.reason, r.source, r.made_at, r.undone_at, dict(r.detail or {})
        )
        for r in conn.execute(select(DECISIONS).order_by(DECISIONS.c.id))
    ]


def count_agencies(conn: Connection) -> int:
    return conn.execute(
        select(func.count()).select_from(AGENCIES).where(AGENCIES.c.merged_into.is_(None))
    ).scalar_one()
