"""The archive side of agency resolution: the resolver's registry from the tables, and back.

``assign(conn, sightings)`` is what the loader calls for a batch: each distinct sighting is
matched first by the names already recorded (so a merge or split someone decided holds when
the report is parsed again), then by the resolution rules; new agencies are inserted, every
name's years and context are kept in ``agency_names``, and merged divisions get their lineage
link. ``backfill`` gives identities to agencies that have none (an archive migrated from
revision 0003) and joins those whose names now resolve to one identity. Nothing here commits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Connection, Table, func, insert, select, update

from db.agencies import places as pl
from db.agencies.resolve import Identity, Known, Resolution, Resolver, Sighting
from db.models import Agency, AgencyLineage, AgencyName, Portal, Region, Report
from gongkai.core.report import Finding

AGENCIES = cast(Table, Agency.__table__)
NAMES = cast(Table, AgencyName.__table__)
LINEAGE = cast(Table, AgencyLineage.__table__)
REPORTS = cast(Table, Report.__table__)
PORTALS = cast(Table, Portal.__table__)
REGIONS = cast(Table, Region.__table__)


@dataclass(slots=True)
class Assigned:
    agency_id: int
    name_id: int = 0
    findings: list[Finding] = field(default_factory=list)


def load_resolver(conn: Connection) -> Resolver:
    years: dict[int, set[int]] = {}
    for agency_id, year in conn.execute(select(REPORTS.c.agency_id, REPORTS.c.year)):
        years.setdefault(agency_id, set()).add(year)
    known = [
        Known(
            row.id,
            row.name,
            row.kind,
            row.stem or "",
            row.region_code,
            None if row.identity is None or "#" in row.identity else row.identity,
            years.get(row.id, set()),
            merged_into=row.merged_into,
        )
        for row in conn.execute(select(AGENCIES))
    ]
    governed: dict[str, str] = {}
    for region, _kind, stem in conn.execute(
        select(PORTALS.c.region_code, AGENCIES.c.kind, AGENCIES.c.stem)
        .join(AGENCIES, AGENCIES.c.id == PORTALS.c.agency_id)
        .where(AGENCIES.c.kind == "zone", PORTALS.c.region_code.is_not(None))
    ):
        governed[pl.current_code(region)] = stem or ""
    return Resolver(known, governed)


def _region_for_table(code: str | None) -> str | None:
    """Codes the regions table holds (current, past, zones); any other code stays out of the
    foreign key (the identity keeps it)."""
    return code if code is not None and pl.place(code) is not None else None


def _agency_row(name: str, ident: Identity) -> dict[str, Any]:
    return {
        "name": name,
        "kind": ident.kind,
        "region_code": _region_for_table(ident.region_code),
        "region_candidates": ",".join(ident.candidates) or None,
        "identity": ident.key,
        "stem": ident.stem,
    }


def create_agency(conn: Connection, resolver: Resolver, name: str, ident: Identity) -> int:
    agency_id = conn.execute(
        insert(AGENCIES).returning(AGENCIES.c.id), [_agency_row(name, ident)]
    ).scalar_one()
    resolver.add(
        Known(agency_id, name, ident.kind, ident.stem, ident.region_code, ident.key, set())
    )
    return agency_id


def _by_name(conn: Connection, names: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    """name → [(name row id, agency id after merges)]."""
    out: dict[str, list[tuple[int, int]]] = {}
    rows = conn.execute(
        select(NAMES.c.id, NAMES.c.name, NAMES.c.agency_id, AGENCIES.c.merged_into)
        .join(AGENCIES, AGENCIES.c.id == NAMES.c.agency_id)
        .where(NAMES.c.name.in_(sorted(set(names))))
    )
    for row in rows:
        out.setdefault(row.name, []).append((row.id, row.merged_into or row.agency_id))
    return out


def _pick_recorded(
    resolver: Resolver, recorded: list[tuple[int, int]], res: Resolution
) -> int | None:
    """The agency a recorded name points to, when it is one, or the one in the name's division."""
    agencies = list(dict.fromkeys(resolver.final(a) for _, a in recorded))
    if len(agencies) == 1 and (
        res.identity.region_code is None
        or resolver.known[agencies[0]].region_code in (None, res.identity.region_code)
        or res.agency_id == agencies[0]
    ):
        return agencies[0]
    here = [a for a in agencies if resolver.known[a].region_code == res.identity.region_code]
    return here[0] if len(here) == 1 else None


def assign(conn: Connection, sightings: Sequence[Sighting]) -> list[Assigned]:
    """The agency and name row of each sighting (in order), creating what is new."""
    resolver = load_resolver(conn)
    recorded = _by_name(conn, (s.name for s in sightings))
    decided: dict[tuple[str, str | None, str | None], Assigned] = {}
    out: list[Assigned] = []
    for s in sightings:
        key = (s.name, s.region_code, s.portal_agency)
        if key not in decided:
            res = resolver.resolve(s)
            agency_id = _pick_recorded(resolver, recorded.get(s.name, []), res)
            if agency_id is None:
                agency_id = res.agency_id
            if agency_id is None:
                agency_id = create_agency(conn, resolver, s.name, res.identity)
                _link_merged_divisions(conn, resolver, agency_id, res.identity)
            decided[key] = Assigned(agency_id, findings=res.findings)
            decided[key].name_id = _record_name(conn, agency_id, s, res.identity)
        else:
            _touch_name(conn, decided[key].name_id, s.year)
        found = decided[key]
        out.append(Assigned(found.agency_id, found.name_id, list(found.findings)))
    _rename_to_latest(conn, {a.agency_id for a in out})
    return out


def _rename_to_latest(conn: Connection, agency_ids: set[int]) -> None:
    """An agency's canonical name is the latest it signed with (a registry name until then)."""
    if not agency_ids:
        return
    latest: dict[int, tuple[int, str]] = {}
    for agency_id, name, year in conn.execute(
        select(NAMES.c.agency_id, NAMES.c.name, NAMES.c.last_year).where(
            NAMES.c.agency_id.in_(sorted(agency_ids)), NAMES.c.last_year.is_not(None)
        )
    ):
        if agency_id not in latest or year > latest[agency_id][0]:
            latest[agency_id] = (year, name)
    for agency_id, (_, name) in latest.items():
        conn.execute(
            update(AGENCIES)
            .where(AGENCIES.c.id == agency_id, AGENCIES.c.name != name)
            .values(name=name)
        )


def _record_name(conn: Connection, agency_id: int, s: Sighting, ident: Identity) -> int:
    row = conn.execute(
        select(NAMES.c.id).where(NAMES.c.agency_id == agency_id, NAMES.c.name == s.name)
    ).first()
    if row is None:
        return conn.execute(
            insert(NAMES).returning(NAMES.c.id),
            [
                {
                    "agency_id": agency_id,
                    "name": s.name,
                    "first_year": s.year,
                    "last_year": s.year,
                    "seen_in": s.seen_in,
                    "region_context": s.region_code,
                    "division_code": ident.division_code,
                    "lineage_step": ident.step,
                }
            ],
        ).scalar_one()
    _touch_name(conn, row.id, s.year)
    return row.id


def _touch_name(conn: Connection, name_id: int, year: int | None) -> None:
    if year is None:
        return
    conn.execute(
        update(NAMES)
        .where(NAMES.c.id == name_id)
        .values(
            first_year=func.coalesce(_least(NAMES.c.first_year, year, conn), year),
            last_year=func.coalesce(_greatest(NAMES.c.last_year, year, conn), year),
        )
    )


def _least(column: Any, value: int, conn: Connection) -> Any:
    fn = func.min if conn.dialect.name == "sqlite" else func.least
    return fn(column, value)


def _greatest(column: Any, value: int, conn: Connection) -> Any:
    fn = func.max if conn.dialect.name == "sqlite" else func.greatest
    return fn(column, value)


def _link_merged_divisions(
    conn: Connection, resolver: Resolver, agency_id: int, ident: Identity
) -> None:
    """A new agency of a division that others were merged into (清河区, 清浦区 → 清江浦区), or of
    a division merged into another: link it to the same body on the other side."""
    if ident.region_code is None:
        return
    links: list[tuple[str, str, int]] = []  # (old code, new code, year)
    for c in pl.changes():
        if c.reason != "merger" or not c.old_code or not c.new_code:
            continue
        if ident.region_code in (c.old_code, c.new_code):
            links.append((c.old_code, c.new_code, c.year_from))
    for old, new, year in links:
        other_code = old if ident.region_code == new else new
        for other_id in resolver.by_region.get(other_code, []):
            other = resolver.known[other_id]
            if other.kind != ident.kind or other.stem != ident.stem or other.merged_into:
                continue
            pred, succ = (other_id, agency_id) if other_code == old else (agency_id, other_id)
            exists = conn.execute(
                select(LINEAGE.c.id).where(
                    LINEAGE.c.predecessor_id == pred, LINEAGE.c.successor_id == succ
                )
            ).first()
            if exists is None:
                conn.execute(
                    insert(LINEAGE),
                    [
                        {
                            "predecessor_id": pred,
                            "successor_id": succ,
                            "year": year,
                            "reason": "merger",
                            "one_to_one": False,
                            "source": "lineage.csv",
                        }
                    ],
                )


def sync_places(conn: Connection) -> int:
    """Past divisions and zones in the regions table (current ones: ``db.regions``)."""
    existing = set(conn.execute(select(REGIONS.c.code)).scalars())
    rows = []
    for p in (*pl.past_places(), *pl.zones()):
        if p.code in existing:
            continue
        existing.add(p.code)
        rows.append(
            {
                "code": p.code,
                "name": p.name,
                "level": p.level,
                "kind": "开发区" if p.level == "zone" else "撤销",
                "parent_code": p.prefecture_code if p.level != "prefecture" else p.province_code,
                "province_code": p.province_code,
                "prefecture_code": p.prefecture_code,
                "last_year": p.last_year,
            }
        )
    if rows:
        conn.execute(insert(REGIONS), rows)
    return len(rows)
