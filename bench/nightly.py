"""Nightly cost: requests and bytes of a first crawl of the portal world, then of a nightly pass
over the unchanged world, and the ratio. Writes its section of bench/RESULTS.md.

    .venv/bin/python bench/nightly.py [--seed 0] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from _results import replace_section

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Nightly (bench/nightly.py)"


def _gongkai(data: Path, *args: str) -> float:
    t0 = time.monotonic()
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from gongkai.cli import main; main()",
            "--data-dir",
            str(data),
            *args,
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return time.monotonic() - t0


def _sum(traffic: dict[str, Any]) -> tuple[int, int]:
    return traffic["total_requests"], sum(p["bytes"] for p in traffic["portals"].values())


def measure(seed: int, tmp: Path) -> dict[str, Any]:
    from gongkai import demo

    data, registry = tmp / "data", tmp / "portals.toml"
    with demo.serve(seed=seed, day=1) as world:
        world.write_registry(registry)
        first_s = _gongkai(data, "crawl", "--registry", str(registry), "--fast")
        first = world.traffic()
        world.reset_traffic()
        nightly_s = _gongkai(data, "nightly", "--registry", str(registry), "--fast")
        nightly = world.traffic()
        validators = [
            p["id"] for p in world.manifest["portals"] if p["validators"] and not p["challenge"]
        ]
        attachments = {
            r["document_url"]
            for r in world.manifest["reports"]
            if r["form"] not in ("html", "html-gbk")
        }
        again = sum(
            1 for e in world.requests_log() if e["url"] in attachments and e["status"] == 200
        )
    (req1, b1), (req2, b2) = _sum(first), _sum(nightly)
    per = [nightly["portals"].get(pid, {}).get("requests", 0) for pid in validators]
    return {
        "first": {"requests": req1, "bytes": b1, "seconds": round(first_s, 1)},
        "nightly": {"requests": req2, "bytes": b2, "seconds": round(nightly_s, 1)},
        "byte_ratio": b2 / b1,
        "request_ratio": req2 / req1,
        "max_requests_validator_portal": max(per),
        "validator_portals": len(per),
        "attachments_downloaded_again": again,
    }


def write_section(seed: int, m: dict[str, Any]) -> None:
    lines = [
        SECTION,
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.python_implementation()} "
        f"{platform.python_version()}, 2 shared cores. Portal world seed {seed}, day 1: `gongkai crawl "
        "--fast` into an empty archive, then `gongkai nightly --fast` over the unchanged world. "
        "Requests and bytes (response bodies) as the world's servers counted them; robots.txt and "
        "challenge pages included. Targets: bytes ≤ 2 %, no attachment downloaded again, ≤ 3 "
        "requests per unchanged portal that sends validators.",
        "",
        "| pass | requests | bytes | seconds (process wall) |",
        "|---|---:|---:|---:|",
        f"| first crawl | {m['first']['requests']:,} | {m['first']['bytes']:,} | {m['first']['seconds']} |",
        f"| nightly, unchanged world | {m['nightly']['requests']:,} | {m['nightly']['bytes']:,} | {m['nightly']['seconds']} |",
        f"| nightly ÷ first | {m['request_ratio']:.1%} | {m['byte_ratio']:.2%} | |",
        "",
        f"Most requests on one of the {m['validator_portals']} portals with validators: "
        f"{m['max_requests_validator_portal']} (robots.txt and the start page, both 304). "
        f"Attachments downloaded again: {m['attachments_downloaded_again']}. The bytes that remain "
        "are the navigation pages of the portals that send no validators (fetched again and "
        "deduplicated by hash) and the challenge pages.",
        "",
    ]
    replace_section(SECTION, lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave RESULTS.md alone"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="gongkai-bench-nightly-") as tmp:
        m = measure(args.seed, Path(tmp))
    print(json.dumps(m, indent=1))
    if not args.no_write:
        write_section(args.seed, m)


if __name__ == "__main__":
    main()
