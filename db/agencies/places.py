"""Places an agency's name can start with: divisions current and past, their short forms, zones.

Three shipped lists (``db/data/README.md``): ``regions.csv`` (the divisions as they are now),
``lineage.csv`` (county- and prefecture-level changes since 2008) and ``zones.csv`` (development
zones with a statistical code). A past division (洪泽县 320829) is a place whose ``successor``
is the current division that took it over one-to-one (洪泽区 320813); a merged or abolished
one has none. ``read_chain`` reads a name from its start as nested places
(福建省 → 福州市 → 长乐市), each inside the previous one.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from db.regions import divisions

#: lineage.csv reasons that carry one division into one successor, the same territory.
ONE_TO_ONE = frozenset(
    {"rename", "recode", "county_to_district", "city_to_district", "county_to_city"}
)


@dataclass(frozen=True, slots=True)
class Place:
    code: str
    name: str
    level: str  # province / prefecture / county / zone
    province_code: str
    prefecture_code: str | None
    last_year: int | None = None  # the last year it existed under this name (None: current)
    successor: str | None = None  # current code it became one-to-one, when it is past

    def inside(self, outer: Place) -> bool:
        """True when this place lies in ``outer`` (a county in its prefecture or province)."""
        if outer.code == self.code or outer.level in ("county", "zone"):
            return False
        if outer.level == "province":
            return self.province_code == outer.province_code
        return self.prefecture_code == outer.prefecture_code or self.code[:4] == outer.code[:4]


@dataclass(frozen=True, slots=True)
class Change:
    """One row of lineage.csv."""

    year_from: int
    year_to: int
    level: str
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    reason: str


def _csv(name: str) -> list[dict[str, str]]:
    text = resources.files("db").joinpath("data").joinpath(name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def changes() -> tuple[Change, ...]:
    return tuple(
        Change(
            int(r["year_from"]),
            int(r["year_to"]),
            r["level"],
            r["old_code"],
            r["old_name"],
            r["new_code"],
            r["new_name"],
            r["reason"],
        )
        for r in _csv("lineage.csv")
    )


_ETHNIC = re.compile(r"^(.{2,}?)(?:[\u4e00-\u9fff]{1,3}族)+自治(州|县|旗)$")


def short_form(name: str) -> str | None:
    """恩施土家族苗族自治州 → 恩施州, 长阳土家族自治县 → 长阳县: the usual short name."""
    found = _ETHNIC.match(name)
    return f"{found.group(1)}{found.group(2)}" if found else None


def _prefecture_of(code: str) -> str | None:
    return None if code[2:4] == "00" else code[:4] + "00"


@cache
def _current() -> dict[str, Place]:
    return {
        d.code: Place(d.code, d.name, d.level, d.province_code, d.prefecture_code)
        for d in divisions()
    }


def _final(code: str, successors: dict[str, str]) -> str:
    seen = set()
    while code in successors and code not in seen:
        seen.add(code)
        code = successors[code]
    return code


@cache
def _past() -> tuple[Place, ...]:
    """Names divisions had before a change, each pointing to the current one-to-one successor."""
    by_old: dict[str, list[Change]] = {}
    for c in changes():
        if c.old_code:
            by_old.setdefault(c.old_code, []).append(c)
    successors = {
        code: rows[0].new_code
        for code, rows in by_old.items()
        if len(rows) == 1 and rows[0].reason in ONE_TO_ONE and rows[0].new_code
    }
    current = _current()
    out: list[Place] = []
    for code, rows in by_old.items():
        row = rows[0]
        final = _final(code, successors)
        out.append(
            Place(
                code,
                row.old_name,
                row.level,
                code[:2] + "0000",
                _prefecture_of(code) if row.level == "county" else code,
                last_year=row.year_from - 1,
                successor=final if final != code and final in current else None,
            )
        )
    return tuple(out)


def past_places() -> tuple[Place, ...]:
    """Divisions that no longer exist under their code (renamed ones keep theirs)."""
    current = _current()
    return tuple(p for p in _past() if p.code not in current)


@cache
def zones() -> tuple[Place, ...]:
    return tuple(
        Place(r["code"], r["name"], "zone", r["code"][:2] + "0000", r["prefecture_code"])
        for r in _csv("zones.csv")
    )


def place(code: str) -> Place | None:
    """A division or zone by code, current first."""
    return _by_code().get(code)


@cache
def _by_code() -> dict[str, Place]:
    out: dict[str, Place] = {}
    for p in (*zones(), *_past()):
        out[p.code] = p
    out.update(_current())  # a renamed division keeps its code: the current name wins
    return out


@cache
def by_name() -> dict[str, tuple[Place, ...]]:
    """Every name and short name → the places it may denote."""
    index: dict[str, list[Place]] = {}

    def add(name: str, p: Place) -> None:
        if p not in index.setdefault(name, []):
            index[name].append(p)

    for p in (*_current().values(), *_past(), *zones()):
        add(p.name, p)
        short = short_form(p.name)
        if short:
            add(short, p)
    return {k: tuple(v) for k, v in index.items()}


@cache
def _lengths() -> tuple[int, ...]:
    return tuple(sorted({len(n) for n in by_name()}, reverse=True))


def current_code(code: str) -> str:
    """The current division a code became one-to-one (itself when current or merged away)."""
    p = place(code)
    return p.successor if p is not None and p.successor else code


def related(a: Place, b: Place) -> bool:
    """One place lies in the other, or they are one division (before and after a change)."""
    return (
        a.code == b.code
        or current_code(a.code) == current_code(b.code)
        or a.inside(b)
        or b.inside(a)
    )


@dataclass(frozen=True, slots=True)
class Chain:
    """The places a name starts with; ``fits`` are the candidates for the last one."""

    fits: tuple[Place, ...]
    end: int  # characters of the name the chain covers
    outer: tuple[Place, ...] = ()  # the places before the last one, outermost first


def read_chain(name: str, start: int = 0) -> Chain:
    """Nested places from ``start``, longest name first at each step."""
    index = by_name()
    current: tuple[Place, ...] = ()
    outer: list[Place] = []
    pos = start
    while pos < len(name):
        step: tuple[str, tuple[Place, ...]] | None = None
        for n in _lengths():
            text = name[pos : pos + n]
            found = index.get(text)
            if not found:
                continue
            fits = (
                found
                if not current
                else tuple(p for p in found if any(p.inside(c) for c in current))
            )
            if fits:
                step = (text, fits)
                break
        if step is None:
            break
        if current:
            outer.append(current[0])
        current = step[1]
        pos += len(step[0])
    return Chain(current, pos, tuple(outer))


def narrow(candidates: Iterable[Place], context: Place | None) -> tuple[Place, ...]:
    """The candidates the context agrees with (all of them when there is no context)."""
    found = tuple(candidates)
    if context is None or len(found) < 2:
        return found
    agreeing = tuple(p for p in found if related(p, context))
    return agreeing or found


def places_named_like(stem: str) -> tuple[Place, ...]:
    """Current counties and prefectures whose name is ``stem`` plus a level suffix (平潭 → 平潭县)."""
    out: list[Place] = []
    for suffix in ("县", "市", "区", "旗", "自治县"):
        out.extend(p for p in by_name().get(stem + suffix, ()) if p.last_year is None)
    return tuple(out)


@cache
def _by_prefecture() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for code in _by_code():
        out.setdefault(code[:4], []).append(code)
    return {k: tuple(v) for k, v in out.items()}


def neighbourhood(code: str) -> tuple[str, ...]:
    """Every code (current, past, zone) of the prefecture ``code`` lies in: the divisions whose
    agencies a resolution there may relate to (merged neighbours, successors)."""
    return _by_prefecture().get(code[:4], (code,))
