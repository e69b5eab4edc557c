"""Resolution: a name seen somewhere (a report's signature or title, the registry) → an agency.

The rules, each tested in ``tests/db/test_agency_resolution.py``:

1. Normalise and read the name (``db.agencies.names``): places, kind, stem.
2. The place comes from the name; the context (the portal's division and the registry's own
   agency) only chooses among the places a name may denote (朝阳区 in Beijing or Changchun) or
   gives the place to a name that has none (城关镇人民政府, 三里屯街道, 县人民政府办公室).
3. A past division is carried to the division that took it over one-to-one (洪泽县 320829 →
   洪泽区 320813, ``lineage.csv``): one agency across 撤县设区; the step is kept with the name.
4. The identity is (current division, kind, stem): two names with one identity are one agency.
   Departments resolve within their division; a department of a zone keeps the zone in its
   stem, unless the zone runs the whole county (its committee owns the county's portal, 平潭).
5. Ambiguity is recorded as a finding and never guessed: a name with no place, or several; a
   division merged or abolished next to this one; a department renamed by a reform (环境保护局
   → 生态环境局); a disclosure office beside the government office; a government beside the zone
   committee that runs its county. The names stay apart until someone merges them.

``Resolver`` is pure: it works on a registry of known agencies held in memory (``Known``);
``db.agencies.store`` fills it from the archive and writes back what it decided.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from db.agencies import places as pl
from db.agencies.names import NameParts, canonical_stem, read_name
from gongkai.core import agency_kinds as k
from gongkai.core.report import Finding

#: Department bodies renamed or merged by an institutional reform: (before, after) stems.
REFORMS: tuple[tuple[str, str], ...] = tuple(
    (canonical_stem(a), canonical_stem(b))
    for a, b in (
        ("卫生局", "卫生和计划生育委员会"),
        ("人口和计划生育委员会", "卫生和计划生育委员会"),
        ("卫生和计划生育委员会", "卫生健康委员会"),
        ("卫生和计划生育局", "卫生健康局"),
        ("环境保护局", "生态环境局"),
        ("国土资源局", "自然资源局"),
        ("国土资源局", "自然资源和规划局"),
        ("规划局", "自然资源和规划局"),
        ("工商行政管理局", "市场监督管理局"),
        ("质量技术监督局", "市场监督管理局"),
        ("食品药品监督管理局", "市场监督管理局"),
        ("安全生产监督管理局", "应急管理局"),
        ("农业局", "农业农村局"),
        ("文化广电新闻出版局", "文化和旅游局"),
        ("文化广电新闻出版局", "文化广电和旅游局"),
        ("文化局", "文化和旅游局"),
        ("旅游局", "文化和旅游局"),
        ("地方税务局", "税务局"),
        ("国家税务局", "税务局"),
        ("发展计划局", "发展和改革局"),
    )
    if a != b
)
#: Bodies that may stand for the government office they sit in.
DISCLOSURE_OFFICES = frozenset(
    canonical_stem(s)
    for s in ("政府信息公开办公室", "政务公开办公室", "政府信息公开领导小组办公室", "政务公开办")
)


@dataclass(frozen=True, slots=True)
class Sighting:
    """A name as printed and where it was seen."""

    name: str
    year: int | None = None
    region_code: str | None = None  # context: the division of the portal it was found on
    portal_agency: str | None = None  # context: the registry's own agency of that portal
    seen_in: str = "signature"  # signature / title / registry / manual


@dataclass(frozen=True, slots=True)
class Identity:
    kind: str
    stem: str
    region_code: str | None  # the current division (after one-to-one lineage)
    division_code: str | None  # the division the name names (a past one for 洪泽县)
    candidates: tuple[str, ...] = ()  # when the name fits several divisions
    step: str | None = None  # lineage reason when the name is of a past division

    @property
    def key(self) -> str | None:
        """None when the division is not known: such a name is never merged by rule."""
        if self.region_code is None:
            return None
        return f"{self.region_code}|{self.kind}|{self.stem}"


@dataclass(slots=True)
class Known:
    """An agency the resolver knows, with the years and names it was seen under."""

    id: int
    name: str
    kind: str
    stem: str
    region_code: str | None
    key: str | None
    years: set[int] = field(default_factory=set)
    names: set[str] = field(default_factory=set)
    merged_into: int | None = None


@dataclass(slots=True)
class Resolution:
    identity: Identity
    agency_id: int | None  # an agency of the registry, or None: a new one is needed
    findings: list[Finding] = field(default_factory=list)


class Resolver:
    def __init__(self, known: Iterable[Known] = (), governed: dict[str, str] | None = None) -> None:
        self.known: dict[int, Known] = {}
        self.by_key: dict[str, list[int]] = {}
        self.by_region: dict[str | None, list[int]] = {}
        self.by_body: dict[tuple[str, str], list[int]] = {}
        self.by_place_body: dict[tuple[str | None, str, str], list[int]] = {}
        #: county code → the zone whose committee runs it (平潭县 350128 → 平潭综合实验区)
        self.governed: dict[str, str] = dict(governed or {})
        for agency in known:
            self.add(agency)

    def add(self, agency: Known) -> None:
        self.known[agency.id] = agency
        if agency.key is not None:
            self.by_key.setdefault(agency.key, []).append(agency.id)
        self.by_region.setdefault(agency.region_code, []).append(agency.id)
        self.by_body.setdefault((agency.kind, agency.stem), []).append(agency.id)
        self.by_place_body.setdefault((agency.region_code, agency.kind, agency.stem), []).append(
            agency.id
        )

    def renumber(self, ids: dict[int, int]) -> None:
        """Give agencies known under a temporary id their real one."""
        for old, new in ids.items():
            agency = self.known.pop(old)
            agency.id = new
            self.known[new] = agency
        for index in (self.by_key, self.by_region, self.by_body, self.by_place_body):
            for members in index.values():
                members[:] = [ids.get(m, m) for m in members]

    def final(self, agency_id: int) -> int:
        seen = set()
        while agency_id in self.known and agency_id not in seen:
            nxt = self.known[agency_id].merged_into
            if nxt is None:
                break
            seen.add(agency_id)
            agency_id = nxt
        return agency_id

    # -- identity ----------------------------------------------------------------------------

    def identify(self, s: Sighting) -> Identity:
        parts = read_name(s.name)
        context = self._context(s)
        fits = self._places(parts, context)
        if len(fits) > 1:
            return Identity(
                parts.kind, self._stem(parts, None), None, None, tuple(sorted(p.code for p in fits))
            )
        chosen = fits[0] if fits else None
        if chosen is None and context is not None and not parts.outer:
            chosen = context
        elif (
            chosen is not None
            and context is not None
            and parts.kind == k.ZONE
            and chosen.level in ("province", "prefecture")
            and context.inside(chosen)
        ):
            chosen = (
                context  # a zone named after its city (广州南沙…) lies in the county it is seen in
            )
        if chosen is None:
            return Identity(parts.kind, self._stem(parts, None), None, None)
        region = pl.current_code(chosen.code)
        step = None
        if region != chosen.code or chosen.last_year is not None:
            step = _step(chosen.code)
        return Identity(parts.kind, self._stem(parts, region), region, chosen.code, step=step)

    def _context(self, s: Sighting) -> pl.Place | None:
        context = pl.place(s.region_code) if s.region_code else None
        if s.region_code and context is None:
            context = pl.Place(s.region_code, "", "county", s.region_code[:2] + "0000", None)
        if s.portal_agency:
            portal = read_name(s.portal_agency)
            if context is None and len(portal.places) == 1:
                context = portal.places[0]
            if portal.kind == k.ZONE and context is not None and context.level == "county":
                self.governed[pl.current_code(context.code)] = portal.stem
        return context

    def _places(self, parts: NameParts, context: pl.Place | None) -> tuple[pl.Place, ...]:
        fits = parts.places
        if parts.branch and fits:  # 温州市生态环境局永嘉分局: the county the branch serves
            inner = tuple(p for p in pl.places_named_like(parts.branch) if p.inside(fits[0]))
            fits = inner or fits
        if parts.zone and (not fits or fits[0].level in ("province", "prefecture")):
            # 福建省平潭综合实验区管理委员会: the zone, inside the places named before it
            zoned = tuple(z for z in _zone_places(parts.zone) if not fits or z.inside(fits[0]))
            fits = zoned or fits
        if not fits and parts.qualifier:  # 陈埭镇人民政府(晋江市)
            fits = read_name(parts.qualifier).places
        return pl.narrow(fits, context)

    def _stem(self, parts: NameParts, region: str | None) -> str:
        if parts.zone and parts.kind in (k.DEPARTMENT, k.GOVERNMENT_OFFICE):
            governs = region is not None and self.governed.get(region) == parts.zone
            if parts.kind == k.DEPARTMENT and governs:
                return parts.stem
            return f"{parts.zone}/{parts.stem}"
        return parts.stem

    # -- resolution --------------------------------------------------------------------------

    def resolve(self, s: Sighting, ident: Identity | None = None) -> Resolution:
        """The agency ``s`` names, or None for a new one, with the findings of rule 5
        (``ident``: ``s``'s identity when already known)."""
        ident = ident or self.identify(s)
        agency_id = None
        if ident.key is not None and ident.key in self.by_key:
            agency_id = self.final(self.by_key[ident.key][0])
        findings = self._region_findings(s, ident)
        findings.extend(self._relations(s, ident, agency_id))
        return Resolution(ident, agency_id, findings)

    def _region_findings(self, s: Sighting, ident: Identity) -> list[Finding]:
        if ident.candidates:
            return [
                Finding(
                    "agency_ambiguous",
                    f"{s.name}: the name fits several divisions ({', '.join(ident.candidates)}) "
                    "and nothing in its context chooses; kept apart from the agencies there",
                )
            ]
        if ident.region_code is None:
            return [
                Finding(
                    "agency_ambiguous",
                    f"{s.name}: no division in the name or its context; kept apart from every "
                    "agency of the same name elsewhere",
                )
            ]
        return []

    def _nearby(self, ident: Identity) -> list[int]:
        """Agencies a relation can hold with: the same division (any body), the same body in
        the divisions of its prefecture (merged neighbours) or with none, or anywhere when the
        sighting's own division is not known."""
        body = (ident.kind, ident.stem)
        if ident.region_code is None:
            return self.by_body.get(body, [])
        out = list(self.by_region.get(ident.region_code, []))
        for code in (None, *pl.neighbourhood(ident.region_code)):
            if code != ident.region_code:
                out.extend(self.by_place_body.get((code, *body), []))
        return out

    def _relations(self, s: Sighting, ident: Identity, chosen: int | None) -> list[Finding]:
        """One finding per reason, naming up to three of the agencies it may be."""
        related: dict[str, list[Known]] = {}
        for other_id in dict.fromkeys(self._nearby(ident)):
            other = self.known[other_id]
            if other.merged_into is not None or other.id == chosen:
                continue
            why = self._related(s, ident, other)
            if why:
                related.setdefault(why, []).append(other)
        out = []
        for why, others in related.items():
            named = ", ".join(f"{o.name} (#{o.id})" for o in others[:3])
            more = f" and {len(others) - 3} more" if len(others) > 3 else ""
            out.append(
                Finding(
                    "agency_ambiguous",
                    f"{s.name} may be the same agency as {named}{more}: {why}; "
                    "kept apart — `gongkai agencies merge` joins them",
                )
            )
        return out

    def _related(self, s: Sighting, ident: Identity, other: Known) -> str | None:
        same_body = other.kind == ident.kind and other.stem == ident.stem
        if ident.region_code is None:
            if same_body and (not ident.candidates or other.region_code in ident.candidates):
                return "the name says no single division"
            return None
        if other.region_code is None:
            return "that name says no division" if same_body else None
        here, there = ident.region_code, other.region_code
        if here == there:
            return self._same_place(ident, other)
        if same_body:
            return _merged_neighbour(here, s.year, there, other.years)
        return None

    def _same_place(self, ident: Identity, other: Known) -> str | None:
        pair = {ident.kind, other.kind}
        stems = {ident.stem, other.stem}
        if pair == {k.DEPARTMENT} and any({a, b} == stems for a, b in REFORMS):
            return "a reform renamed or merged this department"
        if k.GOVERNMENT_OFFICE in pair and stems & DISCLOSURE_OFFICES:
            return "a disclosure office may stand for the government office it sits in"
        if pair == {k.GOVERNMENT, k.ZONE} and ident.region_code in self.governed:
            return "the zone's committee runs this county"
        return None


def _zone_places(zone: str) -> tuple[pl.Place, ...]:
    exact = tuple(p for p in pl.zones() if p.name == zone)
    if exact:
        return exact
    import re

    from db.agencies.names import ZONE_WORDS

    head = re.sub(rf"({ZONE_WORDS})$", "", zone)
    for size in range(len(head), 1, -1):
        found = pl.places_named_like(head[:size]) or pl.by_name().get(head[:size], ())
        if found:
            return tuple(found)
    return ()


def _step(code: str) -> str | None:
    for c in pl.changes():
        if c.old_code == code:
            return c.reason
    return None


def _merged_neighbour(here: str, year: int | None, there: str, there_years: set[int]) -> str | None:
    """A division merged or abolished (``lineage.csv``) next to this one, in a year between
    the two sightings: its agency's series may continue here."""
    for a, a_years, b, b_years in (
        (there, there_years, here, {year} if year else set()),
        (here, {year} if year else set(), there, there_years),
    ):
        past = pl.place(a)
        if past is None or past.last_year is None or past.successor:
            continue
        heirs = {c.new_code for c in pl.changes() if c.old_code == a and c.new_code}
        if b not in heirs and not (not heirs and b[:4] == a[:4]):
            continue
        change = past.last_year + 1
        if a_years and b_years and min(a_years) < change <= max(b_years):
            return f"{past.name} ({a}) was merged or abolished in {change}"
    return None
