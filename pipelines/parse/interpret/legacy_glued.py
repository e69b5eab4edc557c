"""Choosing the reading of each glued table row (``条2121`` = 21 this year, 21 in all).

A row is settled when only one reading is possible; else when exactly one reading's figure is
the one a sentence of the report states for the same key; else by its group: the parts of a
row (其中：1. … 2. …) never exceed it, and when they add up to it in both columns exactly one
combination of readings may remain. A row that stays open is reported, not guessed.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from itertools import product

from pipelines.parse.interpret.legacy_tables import Row

_MAX_COMBINATIONS = 20000

Reading = tuple[str, str | None]


def _n(text: str | None) -> Decimal:
    return Decimal(text) if text else Decimal(0)


def settle(rows: list[Row], keys: list[str | None], said: Mapping[str, set[str]]) -> None:
    """Set ``value`` and ``how`` on every row whose reading can be told."""
    chosen: dict[int, Reading] = {}
    for i, row in enumerate(rows):
        if len(row.readings) == 1:
            chosen[i] = row.readings[0]
            row.how = "one reading"
    for i, (row, key) in enumerate(zip(rows, keys, strict=True)):
        if i in chosen or key is None or key not in said:
            continue
        stated = {_n(v) for v in said[key]}
        matching = [r for r in row.readings if _n(r[0]) in stated]
        if len(matching) == 1:
            chosen[i] = matching[0]
            row.how = "the reading a sentence states"
    for _ in range(3):
        if not _by_groups(rows, chosen):
            break
    for i, row in enumerate(rows):
        if i in chosen:
            row.value = chosen[i][0]


def _by_groups(rows: list[Row], chosen: dict[int, Reading]) -> bool:
    groups: dict[int, list[int]] = {}
    for i, row in enumerate(rows):
        if row.child_of is not None:
            groups.setdefault(row.child_of, []).append(i)
    progress = False
    for parent, children in groups.items():
        members = [parent, *children]
        options = [_options(rows, chosen, m, parent) for m in members]
        if any(not o for o in options) or all(m in chosen for m in members):
            continue
        size = 1
        for o in options:
            size *= len(o)
        if size > _MAX_COMBINATIONS:
            continue
        fits = [
            combo
            for combo in product(*options)
            if sum((_n(c[0]) for c in combo[1:]), Decimal(0)) == _n(combo[0][0])
            and sum((_n(c[1]) for c in combo[1:]), Decimal(0)) == _n(combo[0][1])
        ]
        for position, member in enumerate(members):
            if member in chosen or not fits:
                continue
            readings = {combo[position] for combo in fits}
            if len(readings) == 1:
                chosen[member] = readings.pop()
                rows[member].how = "the only reading its parts add up to"
                progress = True
    return progress


def _options(
    rows: list[Row], chosen: dict[int, Reading], member: int, parent: int
) -> list[Reading]:
    if member in chosen:
        return [chosen[member]]
    readings = rows[member].readings
    if member != parent and parent in chosen:
        top = chosen[parent]
        readings = [
            r
            for r in readings
            if _n(r[0]) <= _n(top[0]) and (top[1] is None or _n(r[1]) <= _n(top[1]))
        ]
    return readings
