"""Run every benchmark in bench/ (each ``bench/*.py`` except this file), one after another.

Each runs in its own process with this interpreter and writes its own section of
bench/RESULTS.md. Extra arguments (e.g. ``--no-write``) are passed to every benchmark.
Exit status is non-zero when any benchmark failed.

Usage: python bench/run_all.py [--no-write]
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def main() -> int:
    failed = []
    for script in sorted(BENCH.glob("*.py")):
        if script.name == Path(__file__).name or script.name.startswith("_"):
            continue
        print(f"== {script.name}", flush=True)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, str(script), *sys.argv[1:]], cwd=BENCH.parent, check=False
        )
        print(
            f"== {script.name}: exit {done.returncode} in {time.perf_counter() - start:.0f} s",
            flush=True,
        )
        if done.returncode:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
