"""Parse benchmark: documents/s per form on one core, and peak memory on a 100-page PDF.

Documents come from the corpus generator (``gongkai.demo.render``); every one goes through
``pipelines.parse.parse_bytes`` (detect → extractor → interpreter) and is checked against its
truth, so a fast wrong parser does not pass. DOC documents are parsed with the LibreOffice
worker already warm (one conversion before the clock starts). The process pins itself to one
CPU, and so does the LibreOffice worker it starts. The 100-page PDF is 25 generated reports
merged; its peak RSS is measured in a fresh child process (``ru_maxrss``).

Prints the figures and writes the "Parsing" section of bench/RESULTS.md (others are left alone).

Usage: python bench/parse.py [--docs 40] [--no-write]
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _results import replace_section

from gongkai.core.report import cells
from gongkai.demo.generate import random_report
from gongkai.demo.render import render
from pipelines.parse import parse_bytes

RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## Parsing (bench/parse.py)"
#: form label → (corpus form, target docs/s)
FORMS: dict[str, tuple[str, float]] = {
    "HTML": ("html", 50),
    "HTML with site chrome": ("html-soup", 50),
    "text": ("text-tabs", 50),
    "DOCX": ("docx", 20),
    "text PDF": ("pdf", 5),
    "DOC (warm LibreOffice)": ("doc", 2),
}
MEMORY_TARGET_MB = 500


def _documents(form: str, n: int) -> list[tuple[bytes, dict[str, Any]]]:
    docs = []
    for i in range(n):
        rng = random.Random(f"bench:{form}:{i}")
        report = random_report(rng, nulls=i % 3 == 0)
        docs.append((render(report, form, rng), report))
    return docs


def _rate(docs: list[tuple[bytes, dict[str, Any]]]) -> tuple[float, float]:
    """(docs/s, share of cells exact)."""
    exact = total = 0
    start = time.perf_counter()
    results = [parse_bytes(data) for data, _ in docs]
    elapsed = time.perf_counter() - start
    for result, (_, truth) in zip(results, docs, strict=True):
        want, got = cells(truth), cells(result.report)
        total += len(want)
        exact += sum(got.get(k, "MISSING") == want[k] for k in want)
    return len(docs) / elapsed, exact / total


def hundred_page_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    i = 0
    while len(writer.pages) < 100:
        rng = random.Random(f"bench:long:{i}")
        for page in PdfReader(io.BytesIO(render(random_report(rng), "pdf", rng))).pages:
            if len(writer.pages) < 100:
                writer.add_page(page)
        i += 1
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


_CHILD = """
import resource, sys, time
from pipelines.parse.formats import pdf
data = open(sys.argv[1], "rb").read()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
ex = pdf.extract(data)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(base / 1024, peak / 1024, elapsed, sum(1 for b in ex.blocks if hasattr(b, "rows")))
"""


def peak_memory(data: bytes) -> tuple[float, float, float, int]:
    """(baseline MB, peak MB, seconds, tables) for pdf.extract on ``data`` in a fresh process."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, tmp.name],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
    base, peak, seconds, tables = out.stdout.split()
    return float(base), float(peak), float(seconds), int(tables)


def write_section(
    rows: list[dict[str, Any]], memory: tuple[float, float, float, int], n: int
) -> None:
    base, peak, seconds, tables = memory
    load = os.getloadavg()
    lines = [
        SECTION,
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.processor() or platform.machine()}, "
        f"one core (sched_setaffinity), Python {platform.python_version()}; {n} generated documents "
        "per form through `parse_bytes` (detect → extractor → interpreter), checked against their truth. "
        f"Load average during the run {load[0]:.1f} / {load[1]:.1f} on {os.cpu_count()} cores shared with "
        "other work, so rates vary by ±50 % between runs.",
        "",
        "| form | docs/s | target | cells exact |",
        "|---|---:|---:|---:|",
        *(
            f"| {r['label']} | {r['rate']:.1f} | ≥ {r['target']:g} | {r['exact']:.2%} |"
            for r in rows
        ),
        "",
        f"100-page PDF (25 generated reports merged), `pdf.extract` in a fresh process: peak RSS "
        f"{peak:.0f} MB (interpreter and imports alone {base:.0f} MB; target < {MEMORY_TARGET_MB} MB), "
        f"{seconds:.1f} s, {seconds / 100 * 1000:.0f} ms/page, {tables} table blocks.",
        "",
    ]
    replace_section(SECTION, lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--docs", type=int, default=40, help="documents per form (DOC and PDF: half)"
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave RESULTS.md alone"
    )
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    rows = []
    for label, (form, target) in FORMS.items():
        n = args.docs if form not in ("pdf", "doc") else max(4, args.docs // 2)
        docs = _documents(form, n)
        parse_bytes(docs[0][0])  # warm: imports, and the LibreOffice worker for DOC
        rate, exact = _rate(docs)
        rows.append({"label": label, "rate": rate, "target": target, "exact": exact})
        print(
            f"{label:24} {rate:7.1f} docs/s (target ≥ {target:g})  cells exact {exact:.2%}",
            flush=True,
        )
    memory = peak_memory(hundred_page_pdf())
    print(
        f"100-page PDF: peak RSS {memory[1]:.0f} MB (baseline {memory[0]:.0f} MB), "
        f"{memory[2]:.1f} s, {memory[3]} tables",
        flush=True,
    )
    if not args.no_write:
        write_section(rows, memory, args.docs)


if __name__ == "__main__":
    main()
