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
from functools import cache
from typing import Any, cast

from sqlalchemy import Connection, Table, and_, bindparam, insert, or_, select, true, update

from db.agencies import places as pl
from db.agencies.resolve import Identity, Known, Resolution, Resolver, Sighting
from db.models import Agency, AgencyLineage, AgencyName, Portal, Region, Report
from gongkai.core import agency_kinds as k
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


def _governed(conn: Connection) -> dict[str, str]:
    """County code → the zone whose committee owns the county's portal (平潭)."""
    governed: dict[str, str] = {}
    for region, stem in conn.execute(
        select(PORTALS.c.region_code, AGENCIES.c.stem)
        .join(AGENCIES, AGENCIES.c.id == PORTALS.c.agency_id)
        .where(AGENCIES.c.kind == "zone", PORTALS.c.region_code.is_not(None))
    ):
        governed[pl.current_code(region)] = stem or ""
    return governed


def _known(conn: Connection, where: Any) -> list[Known]:
    rows = conn.execute(select(AGENCIES).where(where)).all()
    years: dict[int, set[int]] = {}
    ids = [r.id for r in rows]
    for start in range(0, len(ids), 900):
        for agency_id, year in conn.execute(
            select(REPORTS.c.agency_id, REPORTS.c.year).where(
                REPORTS.c.agency_id.in_(ids[start : start + 900])
            )
        ):
            years.setdefault(agency_id, set()).add(year)
    return [
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
        for row in rows
    ]


def load_resolver(
    conn: Connection,
    idents: Iterable[Identity] | None = None,
    governed: dict[str, str] | None = None,
) -> Resolver:
    """A resolver knowing the agencies that resolving ``idents`` can meet: the same identity,
    the same prefecture (merged neighbours, successors), the same body with no division; every
    agency when ``idents`` is None."""
    governed = _governed(conn) if governed is None else governed
    if idents is None:
        return Resolver(_known(conn, true()), governed)
    idents = list(idents)
    keys: set[str] = set()
    codes: set[str] = set()
    stems: set[str] = set()
    for ident in idents:
        if ident.key:
            keys.add(ident.key)
        for code in (ident.region_code, *ident.candidates):
            if code:
                codes.update(pl.neighbourhood(code))
        stems.add(ident.stem)
    where = or_(
        AGENCIES.c.identity.in_(sorted(keys)),
        AGENCIES.c.region_code.in_(sorted(codes)),
        and_(AGENCIES.c.region_code.is_(None), AGENCIES.c.stem.in_(sorted(stems))),
    )
    if any(ident.region_code is None for ident in idents):
        where = or_(where, AGENCIES.c.stem.in_(sorted(stems)))
    return Resolver(_known(conn, where), governed)


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


def _by_name(conn: Connection, names: Iterable[str]) -> dict[str, list[tuple[int, int, Any]]]:
    """name → [(name row id, agency id after merges, the row)]."""
    out: dict[str, list[tuple[int, int, Any]]] = {}
    rows = conn.execute(
        select(NAMES, AGENCIES.c.merged_into)
        .join(AGENCIES, AGENCIES.c.id == NAMES.c.agency_id)
        .where(NAMES.c.name.in_(sorted(set(names))))
    )
    for row in rows:
        out.setdefault(row.name, []).append((row.id, row.merged_into or row.agency_id, row))
    return out


def _pick_recorded(
    resolver: Resolver, recorded: list[tuple[int, int, Any]], res: Resolution
) -> int | None:
    """The agency a recorded name points to, when it is one, or the one in the name's division."""
    agencies = [
        a for a in dict.fromkeys(resolver.final(a) for _, a, _ in recorded) if a in resolver.known
    ]
    if len(agencies) == 1 and (
        res.identity.region_code is None
        or resolver.known[agencies[0]].region_code in (None, res.identity.region_code)
        or res.agency_id == agencies[0]
    ):
        return agencies[0]
    here = [a for a in agencies if resolver.known[a].region_code == res.identity.region_code]
    return here[0] if len(here) == 1 else None


SightingKey = tuple[str, str | None, str | None]


def _key(s: Sighting) -> SightingKey:
    return (s.name, s.region_code, s.portal_agency)


def assign(conn: Connection, sightings: Sequence[Sighting]) -> list[Assigned]:
    """The agency and name row of each sighting (in order), creating what is new. A handful of
    statements per batch, whatever its size: this is the loader's hot path."""
    probe = Resolver(governed=_governed(conn))
    first: dict[SightingKey, Sighting] = {}
    for s in sightings:
        first.setdefault(_key(s), s)
    idents = {key: probe.identify(s) for key, s in first.items()}
    recorded = _by_name(conn, (name for name, _, _ in first))
    resolver = load_resolver(conn, idents.values(), probe.governed)
    missing = {a for rows in recorded.values() for _, a, _ in rows} - set(resolver.known)
    if missing:
        for agency in _known(conn, AGENCIES.c.id.in_(sorted(missing))):
            resolver.add(agency)
    decided: dict[SightingKey, Assigned] = {}
    fresh: list[tuple[int, str, Identity]] = []  # (temporary id, name, identity)
    for key, s in first.items():
        ident = idents[key]
        res = resolver.resolve(s, ident)
        agency_id = _pick_recorded(resolver, recorded.get(s.name, []), res)
        if agency_id is None:
            agency_id = res.agency_id
        if agency_id is None:  # new: a temporary id, so later sightings of the batch find it
            agency_id = -len(fresh) - 1
            fresh.append((agency_id, s.name, ident))
            resolver.add(
                Known(agency_id, s.name, ident.kind, ident.stem, ident.region_code, ident.key)
            )
        decided[key] = Assigned(agency_id, findings=res.findings)
    real = _insert_agencies(conn, resolver, fresh)
    for found in decided.values():
        found.agency_id = real.get(found.agency_id, found.agency_id)
    _record_names(conn, sightings, decided, idents, recorded)
    out = [
        Assigned(d.agency_id, d.name_id, list(d.findings))
        for d in (decided[_key(s)] for s in sightings)
    ]
    _rename_to_latest(conn, {a.agency_id for a in out})
    return out


def _insert_agencies(
    conn: Connection, resolver: Resolver, fresh: list[tuple[int, str, Identity]]
) -> dict[int, int]:
    """Insert the new agencies in one statement; temporary id → id."""
    if not fresh:
        return {}
    ids = (
        conn.execute(
            insert(AGENCIES).returning(AGENCIES.c.id, sort_by_parameter_order=True),
            [_agency_row(name, ident) for _, name, ident in fresh],
        )
        .scalars()
        .all()
    )
    real = {temp: agency_id for (temp, _, _), agency_id in zip(fresh, ids, strict=True)}
    resolver.renumber(real)
    _set_parents(conn, resolver, [(real[temp], ident) for temp, _, ident in fresh])
    for temp, _, ident in fresh:
        if ident.region_code in _merger_codes():
            _link_merged_divisions(conn, resolver, real[temp], ident)
    return real


def _set_parents(conn: Connection, resolver: Resolver, created: list[tuple[int, Identity]]) -> None:
    """A new agency's parent is its division's government; a new government adopts the
    agencies of its division that had none."""
    for agency_id, ident in created:
        if ident.region_code is None:
            continue
        if ident.kind == k.GOVERNMENT:
            conn.execute(
                update(AGENCIES)
                .where(
                    AGENCIES.c.region_code == ident.region_code,
                    AGENCIES.c.id != agency_id,
                    AGENCIES.c.kind != k.GOVERNMENT,
                    AGENCIES.c.parent_id.is_(None),
                )
                .values(parent_id=agency_id)
            )
            continue
        government = resolver.by_key.get(f"{ident.region_code}|{k.GOVERNMENT}|")
        if government:
            conn.execute(
                update(AGENCIES)
                .where(AGENCIES.c.id == agency_id)
                .values(parent_id=resolver.final(government[0]))
            )


def _record_names(
    conn: Connection,
    sightings: Sequence[Sighting],
    decided: dict[SightingKey, Assigned],
    idents: dict[SightingKey, Identity],
    recorded: dict[str, list[tuple[int, int, Any]]],
) -> None:
    """One agency_names row per (agency, name), its years widened to the batch's."""
    years: dict[tuple[int, str], list[int]] = {}
    origin: dict[tuple[int, str], SightingKey] = {}
    for s in sightings:
        pair = (decided[_key(s)].agency_id, s.name)
        years.setdefault(pair, [])
        if s.year is not None:
            years[pair].append(s.year)
        origin.setdefault(pair, _key(s))
    rows = {(row.agency_id, name): row for name, got in recorded.items() for _, _, row in got}
    name_ids: dict[tuple[int, str], int] = {}
    new = [pair for pair in years if pair not in rows]
    if new:
        values = []
        for pair in new:
            s, ident = first_of(sightings, origin[pair]), idents[origin[pair]]
            values.append(
                {
                    "agency_id": pair[0],
                    "name": pair[1],
                    "first_year": min(years[pair], default=None),
                    "last_year": max(years[pair], default=None),
                    "seen_in": s.seen_in,
                    "region_context": s.region_code,
                    "division_code": ident.division_code,
                    "lineage_step": ident.step,
                }
            )
        ids = (
            conn.execute(insert(NAMES).returning(NAMES.c.id, sort_by_parameter_order=True), values)
            .scalars()
            .all()
        )
        name_ids.update(zip(new, ids, strict=True))
    touched = []
    for pair, seen in years.items():
        row = rows.get(pair)
        if row is None:
            continue
        name_ids[pair] = row.id
        low = min([*seen, *([row.first_year] if row.first_year is not None else [])], default=None)
        high = max([*seen, *([row.last_year] if row.last_year is not None else [])], default=None)
        if (low, high) != (row.first_year, row.last_year):
            touched.append({"b_id": row.id, "b_first": low, "b_last": high})
    if touched:
        conn.execute(
            update(NAMES)
            .where(NAMES.c.id == bindparam("b_id"))
            .values(first_year=bindparam("b_first"), last_year=bindparam("b_last")),
            touched,
        )
    for key, found in decided.items():
        found.name_id = name_ids[(found.agency_id, key[0])]


def first_of(sightings: Sequence[Sighting], key: SightingKey) -> Sighting:
    return next(s for s in sightings if _key(s) == key)


def _rename_to_latest(conn: Connection, agency_ids: set[int]) -> None:
    """An agency's canonical name is the latest it signed with (a registry name until then)."""
    if not agency_ids:
        return
    latest: dict[int, tuple[int, str]] = {}
    current = dict(
        conn.execute(
            select(AGENCIES.c.id, AGENCIES.c.name).where(AGENCIES.c.id.in_(sorted(agency_ids)))
        ).all()
    )
    for agency_id, name, year in conn.execute(
        select(NAMES.c.agency_id, NAMES.c.name, NAMES.c.last_year).where(
            NAMES.c.agency_id.in_(sorted(agency_ids)), NAMES.c.last_year.is_not(None)
        )
    ):
        if agency_id not in latest or year > latest[agency_id][0]:
            latest[agency_id] = (year, name)
    renamed = [
        {"b_id": agency_id, "b_name": name}
        for agency_id, (_, name) in latest.items()
        if current.get(agency_id) != name
    ]
    if renamed:
        conn.execute(
            update(AGENCIES)
            .where(AGENCIES.c.id == bindparam("b_id"))
            .values(name=bindparam("b_name")),
            renamed,
        )


@cache
def _merger_codes() -> frozenset[str]:
    return frozenset(
        code
        for c in pl.changes()
        if c.reason == "merger"
        for code in (c.old_code, c.new_code)
        if code
    )


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
