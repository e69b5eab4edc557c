"""Decisions about agencies, recorded with their reason and undoable: merge, split, link.

- ``merge(conn, into, other, reason)``: ``other``'s names and reports move to ``into``; the row of
  ``other`` stays with ``merged_into`` set (new names that resolve to it follow). Refused when
  both have a report for one year: an agency publishes one report a year.
- ``split(conn, agency, names, reason)``: the reports signed under ``names`` move to a new agency
  (or to ``into``); the recorded names keep them there when the reports are parsed again.
- ``link(conn, predecessor, successor, year, reason)``: a lineage step between two agencies.
- ``undo(conn, decision_id)``: puts back what the decision moved and marks it undone.
- ``backfill(conn)``: identities for agencies that have none (archives migrated from 0003);
  agencies whose names now resolve to one identity are merged by a decision of source ``rule``.

Nothing here commits. ``AgencyError`` says what is wrong and what to do instead.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, delete, insert, select, update

from db.agencies import places as pl
from db.agencies.resolve import Resolver, Sighting
from db.agencies.store import AGENCIES, LINEAGE, NAMES, REPORTS, _region_for_table
from db.models import AgencyDecision, ReportVersion

DECISIONS = cast(Table, AgencyDecision.__table__)
VERSIONS = cast(Table, ReportVersion.__table__)
ONE_TO_ONE_REASONS = frozenset(pl.ONE_TO_ONE | {"split"})


class AgencyError(ValueError):
    """A decision that cannot be carried out, with what to do instead."""


def _now() -> datetime:
    return datetime.now(UTC)


def _agency(conn: Connection, agency_id: int) -> Any:
    row = conn.execute(select(AGENCIES).where(AGENCIES.c.id == agency_id)).first()
    if row is None:
        raise AgencyError(f"no agency #{agency_id} (`gongkai agencies` lists them)")
    if row.merged_into is not None:
        raise AgencyError(
            f"agency #{agency_id} was merged into #{row.merged_into}; name that one instead"
        )
    return row


def _record(conn: Connection, action: str, reason: str, detail: dict[str, Any], source: str) -> int:
    if not reason.strip():
        raise AgencyError("a decision needs a reason (--reason)")
    return conn.execute(
        insert(DECISIONS).returning(DECISIONS.c.id),
        [
            {
                "action": action,
                "reason": reason,
                "detail": detail,
                "source": source,
                "made_at": _now(),
            }
        ],
    ).scalar_one()


def _years(conn: Connection, agency_id: int) -> dict[int, int]:
    return dict(
        conn.execute(
            select(REPORTS.c.year, REPORTS.c.id).where(REPORTS.c.agency_id == agency_id)
        ).all()
    )


def merge(
    conn: Connection,
    into: int,
    other: int,
    reason: str,
    *,
    source: str = "cli",
    entry: str | None = None,
) -> int:
    """Merge agency ``other`` into ``into``; returns the decision's id."""
    if into == other:
        raise AgencyError("an agency cannot be merged into itself")
    _agency(conn, into)
    _agency(conn, other)
    theirs, ours = _years(conn, other), _years(conn, into)
    both = sorted(set(theirs) & set(ours))
    if both:
        raise AgencyError(
            f"#{into} and #{other} both have a report for {', '.join(map(str, both))}: an agency "
            "publishes one report a year, so these are two agencies (or split the misread name)"
        )
    names = [
        row.id
        for row in conn.execute(select(NAMES.c.id, NAMES.c.name).where(NAMES.c.agency_id == other))
    ]
    decision = _record(
        conn,
        "merge",
        reason,
        {
            "into": into,
            "other": other,
            "names": names,
            "reports": sorted(theirs.values()),
            "entry": entry,
        },
        source,
    )
    _move_names(conn, names, into)
    conn.execute(update(REPORTS).where(REPORTS.c.agency_id == other).values(agency_id=into))
    conn.execute(
        update(AGENCIES)
        .where((AGENCIES.c.id == other) | (AGENCIES.c.merged_into == other))
        .values(merged_into=into)
    )
    return decision


def _move_names(conn: Connection, name_ids: list[int], agency_id: int) -> None:
    """Give names to ``agency_id``; a name it already has keeps its row (versions repointed)."""
    have = dict(
        conn.execute(select(NAMES.c.name, NAMES.c.id).where(NAMES.c.agency_id == agency_id)).all()
    )
    for row in conn.execute(select(NAMES.c.id, NAMES.c.name).where(NAMES.c.id.in_(name_ids))):
        if row.name in have:
            conn.execute(
                update(VERSIONS)
                .where(VERSIONS.c.agency_name_id == row.id)
                .values(agency_name_id=have[row.name])
            )
            conn.execute(delete(NAMES).where(NAMES.c.id == row.id))
        else:
            conn.execute(update(NAMES).where(NAMES.c.id == row.id).values(agency_id=agency_id))


def split(
    conn: Connection,
    agency_id: int,
    names: list[str],
    reason: str,
    *,
    into: int | None = None,
    source: str = "cli",
    entry: str | None = None,
) -> int:
    """Move the names (and the reports signed with them) to ``into`` or a new agency."""
    row = _agency(conn, agency_id)
    rows = conn.execute(
        select(NAMES.c.id, NAMES.c.name).where(
            NAMES.c.agency_id == agency_id, NAMES.c.name.in_(names)
        )
    ).all()
    missing = sorted(set(names) - {r.name for r in rows})
    if missing:
        raise AgencyError(f"#{agency_id} has no name {', '.join(missing)} (see `gongkai agencies`)")
    everything = (
        conn.execute(select(NAMES.c.id).where(NAMES.c.agency_id == agency_id)).scalars().all()
    )
    if len(everything) == len(rows):
        raise AgencyError("a split keeps at least one name with the agency")
    created = into is None
    if into is None:
        into = conn.execute(
            insert(AGENCIES).returning(AGENCIES.c.id),
            [
                {
                    "name": rows[0].name,
                    "kind": row.kind,
                    "region_code": row.region_code,
                    "identity": None,
                    "stem": row.stem,
                }
            ],
        ).scalar_one()
    else:
        _agency(conn, into)
    moved = [r.id for r in rows]
    reports = _reports_signed(conn, moved)
    clash = sorted(set(_years(conn, into)) & {y for _, y in reports})
    if clash:
        raise AgencyError(f"#{into} already has a report for {', '.join(map(str, clash))}")
    decision = _record(
        conn,
        "split",
        reason,
        {
            "from": agency_id,
            "into": into,
            "created": created,
            "names": moved,
            "reports": [r for r, _ in reports],
            "entry": entry,
        },
        source,
    )
    if created:  # an identity of its own, so no rule ever joins it back by itself
        conn.execute(
            update(AGENCIES)
            .where(AGENCIES.c.id == into)
            .values(identity=f"{row.identity or ''}#split{decision}")
        )
    conn.execute(
        update(NAMES).where(NAMES.c.id.in_(moved)).values(agency_id=into, decision_id=decision)
    )
    if reports:
        conn.execute(
            update(REPORTS).where(REPORTS.c.id.in_([r for r, _ in reports])).values(agency_id=into)
        )
    return decision


def _reports_signed(conn: Connection, name_ids: list[int]) -> list[tuple[int, int]]:
    """(report id, year) of the reports whose current version signs with one of the names."""
    return [
        (r.id, r.year)
        for r in conn.execute(
            select(REPORTS.c.id, REPORTS.c.year)
            .join(VERSIONS, VERSIONS.c.report_id == REPORTS.c.id)
            .where(VERSIONS.c.superseded_at.is_(None), VERSIONS.c.agency_name_id.in_(name_ids))
        )
    ]


def link(
    conn: Connection,
    predecessor: int,
    successor: int,
    year: int,
    reason: str,
    *,
    step: str = "rename",
    source: str = "cli",
    entry: str | None = None,
) -> int:
    """Record that ``successor`` continues ``predecessor`` from report year ``year``."""
    _agency(conn, predecessor)
    _agency(conn, successor)
    decision = _record(
        conn,
        "link",
        reason,
        {
            "predecessor": predecessor,
            "successor": successor,
            "year": year,
            "step": step,
            "entry": entry,
        },
        source,
    )
    conn.execute(
        insert(LINEAGE),
        [
            {
                "predecessor_id": predecessor,
                "successor_id": successor,
                "year": year,
                "reason": step,
                "one_to_one": step in ONE_TO_ONE_REASONS,
                "source": source,
                "decision_id": decision,
            }
        ],
    )
    return decision


def undo(conn: Connection, decision_id: int) -> None:
    row = conn.execute(select(DECISIONS).where(DECISIONS.c.id == decision_id)).first()
    if row is None:
        raise AgencyError(f"no decision #{decision_id} (`gongkai agencies decisions` lists them)")
    if row.undone_at is not None:
        raise AgencyError(f"decision #{decision_id} was already undone")
    d = row.detail
    if row.action == "merge":
        conn.execute(update(AGENCIES).where(AGENCIES.c.id == d["other"]).values(merged_into=None))
        still = conn.execute(select(NAMES.c.id).where(NAMES.c.id.in_(d["names"]))).scalars()
        conn.execute(update(NAMES).where(NAMES.c.id.in_(list(still))).values(agency_id=d["other"]))
        conn.execute(
            update(REPORTS).where(REPORTS.c.id.in_(d["reports"])).values(agency_id=d["other"])
        )
    elif row.action == "split":
        conn.execute(
            update(NAMES)
            .where(NAMES.c.id.in_(d["names"]))
            .values(agency_id=d["from"], decision_id=None)
        )
        conn.execute(
            update(REPORTS).where(REPORTS.c.id.in_(d["reports"])).values(agency_id=d["from"])
        )
        if d["created"]:
            conn.execute(
                update(AGENCIES).where(AGENCIES.c.id == d["into"]).values(merged_into=d["from"])
            )
    elif row.action == "link":
        conn.execute(delete(LINEAGE).where(LINEAGE.c.decision_id == decision_id))
    conn.execute(update(DECISIONS).where(DECISIONS.c.id == decision_id).values(undone_at=_now()))


def backfill(conn: Connection) -> int:
    """Identities for agencies without one; returns how many agencies were merged by rule."""
    pending = conn.execute(
        select(AGENCIES.c.id, AGENCIES.c.name).where(
            AGENCIES.c.identity.is_(None), AGENCIES.c.merged_into.is_(None)
        )
    ).all()
    if not pending:
        return 0
    taken = dict(
        conn.execute(
            select(AGENCIES.c.identity, AGENCIES.c.id).where(AGENCIES.c.identity.is_not(None))
        ).all()
    )
    resolver = Resolver()
    groups: dict[str, list[int]] = {}
    for agency_id, name in pending:
        years = _years(conn, agency_id)
        ident = resolver.identify(Sighting(name, max(years) if years else None))
        conn.execute(
            update(AGENCIES)
            .where(AGENCIES.c.id == agency_id)
            .values(
                kind=ident.kind,
                stem=ident.stem,
                region_code=_region_for_table(ident.region_code),
                region_candidates=",".join(ident.candidates) or None,
            )
        )
        if ident.key is not None:
            groups.setdefault(ident.key, []).append(agency_id)
    merged = 0
    for key, ids in groups.items():
        keep = taken.get(key) or max(ids, key=lambda a: (len(_years(conn, a)), -a))
        if keep in ids:
            conn.execute(update(AGENCIES).where(AGENCIES.c.id == keep).values(identity=key))
        for other in ids:
            if other == keep:
                continue
            try:
                merge(conn, keep, other, f"names resolve to one identity ({key})", source="rule")
                merged += 1
                mark = f"{key}#merged{other}"
            except AgencyError:  # both published for one year: two agencies after all
                mark = f"{key}#apart{other}"
            conn.execute(update(AGENCIES).where(AGENCIES.c.id == other).values(identity=mark))
    return merged
