"""``agencies.toml``: decisions about agencies kept in a file (``$GONGKAI_HOME/agencies.toml``).

The file is data the archive replays (``gongkai agencies apply``); each entry becomes one
recorded decision, once: an entry already applied (and not undone) is skipped, so applying the
file again, or after the reports were parsed again, changes nothing. Agencies are named by a
name they signed with (or ``#id``)::

    [[merge]]                      # one agency printed two ways
    into = "平潭综合实验区管理委员会"
    names = ["平潭综合实验区", "福建省平潭综合实验区管委会"]
    reason = "the zone's reports sign as the zone or as its committee"

    [[split]]                      # names wrongly joined
    agency = "城关镇人民政府"
    names = ["竹山县城关镇人民政府"]
    reason = "two towns of the same name"

    [[link]]                       # a successor that is another agency
    predecessor = "平潭县人民政府"
    successor = "平潭综合实验区管理委员会"
    year = 2014
    step = "rename"                # rename / merger / split / county_to_district …
    reason = "the committee took over the county's reports"
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from db.agencies import decisions as dc
from db.agencies.lookup import AmbiguousName, find_agency_id

SECTIONS = ("merge", "split", "link")


class ConfigError(ValueError):
    """agencies.toml cannot be read: the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Outcome:
    section: str
    index: int
    status: str  # applied / already / failed
    detail: str


def read(path: Path) -> dict[str, list[dict[str, Any]]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from error
    unknown = sorted(set(data) - set(SECTIONS))
    if unknown:
        raise ConfigError(
            f"{path}: unknown section(s) {', '.join(unknown)} (known: {', '.join(SECTIONS)})"
        )
    out: dict[str, list[dict[str, Any]]] = {}
    for section in SECTIONS:
        entries = data.get(section, [])
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise ConfigError(f"{path}: [[{section}]] must be a list of tables")
        for i, entry in enumerate(entries):
            if not str(entry.get("reason", "")).strip():
                raise ConfigError(f"{path}: [[{section}]] #{i + 1} has no reason")
        out[section] = entries
    return out


def _fingerprint(section: str, entry: dict[str, Any]) -> str:
    return json.dumps({section: entry}, sort_keys=True, ensure_ascii=False)


def _applied(conn: Connection) -> set[str]:
    rows = conn.execute(
        select(dc.DECISIONS.c.detail).where(
            dc.DECISIONS.c.source == "agencies.toml", dc.DECISIONS.c.undone_at.is_(None)
        )
    ).scalars()
    return {str(d["entry"]) for d in rows if isinstance(d, dict) and d.get("entry")}


def _agency(conn: Connection, text: Any, what: str) -> int:
    try:
        found = find_agency_id(conn, str(text))
    except AmbiguousName as error:
        raise dc.AgencyError(str(error)) from error
    if found is None:
        raise dc.AgencyError(f"{what} {text!r} is not in the archive")
    return found


def apply(conn: Connection, entries: dict[str, list[dict[str, Any]]]) -> list[Outcome]:
    """Carry out every entry not applied yet; an entry that fails is reported, not fatal."""
    done = _applied(conn)
    out: list[Outcome] = []
    for section in SECTIONS:
        for i, entry in enumerate(entries.get(section, []), start=1):
            mark = _fingerprint(section, entry)
            if mark in done:
                out.append(Outcome(section, i, "already", "applied before"))
                continue
            try:
                with conn.begin_nested():
                    detail = _apply_one(conn, section, entry, mark)
                out.append(Outcome(section, i, "applied", detail))
            except (dc.AgencyError, KeyError, TypeError, ValueError) as error:
                out.append(Outcome(section, i, "failed", str(error)))
    return out


def _apply_one(conn: Connection, section: str, entry: dict[str, Any], mark: str) -> str:
    reason = str(entry["reason"])
    if section == "merge":
        into = _agency(conn, entry["into"], "into")
        ids = []
        for name in entry["names"]:
            other = _agency(conn, name, "name")
            if other != into:
                ids.append(dc.merge(conn, into, other, reason, source="agencies.toml", entry=mark))
        return f"decision(s) {', '.join(f'#{i}' for i in ids) or 'none needed'}"
    if section == "split":
        agency = _agency(conn, entry["agency"], "agency")
        target = _agency(conn, entry["into"], "into") if entry.get("into") else None
        decision = dc.split(
            conn,
            agency,
            list(entry["names"]),
            reason,
            into=target,
            source="agencies.toml",
            entry=mark,
        )
        return f"decision #{decision}"
    decision = dc.link(
        conn,
        _agency(conn, entry["predecessor"], "predecessor"),
        _agency(conn, entry["successor"], "successor"),
        int(entry["year"]),
        reason,
        step=str(entry.get("step", "rename")),
        source="agencies.toml",
        entry=mark,
    )
    return f"decision #{decision}"
