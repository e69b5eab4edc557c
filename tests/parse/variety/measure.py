"""Cells exact per variation of the variety generator.

    .venv/bin/python -m tests.parse.variety.measure [--n 20] [--seed 1] [--only html-t3-split] [--pdf 3] [--doc 3]

``--pdf N`` (``--doc N``) also renders N DOCX documents per DOCX variation to PDF (DOC) through LibreOffice
(those set in text boxes are left out: a text box has a fixed size and the PDF clips it).
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
from typing import Any

from pipelines.parse import parse_bytes
from tests.parse.variety import gen
from tests.parse.variety.truth import cells


def compare(doc: gen.Doc, data: bytes | None = None) -> dict[str, Any]:
    """Cells right of all cells in the truth, the metadata, and the wrong cells."""
    want = cells(doc.truth)
    try:
        got_report = parse_bytes(data if data is not None else doc.data).report
    except Exception as exc:  # a failure is a figure here
        return {
            "cells": len(want),
            "ok": 0,
            "error": f"{type(exc).__name__}: {exc}"[:200],
            "diff": [],
            "meta": False,
        }
    got = cells(dict(got_report))
    diff = [(k, want[k], got.get(k)) for k in want if got.get(k, "<missing>") != want[k]]
    meta = (
        got_report["agency"] == doc.truth["agency"]
        and got_report["year"] == doc.truth["year"]
        and got_report["format"] == doc.truth["format"]
    )
    return {
        "cells": len(want),
        "ok": len(want) - len(diff),
        "error": None,
        "diff": diff,
        "meta": meta,
    }


def measure(name: str, n: int, seed: int, *, target: str | None = None) -> dict[str, Any]:
    """``target``: "pdf" or "doc" to read the DOCX through a LibreOffice conversion, "layout"
    for the PDF's ``pdftotext -layout`` text."""
    total = ok = exact = meta = docs = 0
    bad: list[tuple[int, Any]] = []
    for i in range(n):
        doc = gen.make(name, random.Random(seed * 100_003 + i))
        data = None
        if target and not doc.printable:
            continue
        if target:
            from pipelines.parse.soffice import convert

            data = convert(doc.data, "docx", "doc" if target == "doc" else "pdf")
            if target == "layout":  # the PDF's text as pdftotext -layout sets it
                data = subprocess.run(
                    ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
                ).stdout
        r = compare(doc, data)
        docs += 1
        total += r["cells"]
        ok += r["ok"]
        exact += r["ok"] == r["cells"]
        meta += r["meta"]
        if r["ok"] != r["cells"] or not r["meta"]:
            bad.append((i, r["error"] or r["diff"][:6]))
    return {
        "variation": name + (f"→{target}" if target else ""),
        "docs": docs,
        "cells": total,
        "ok": ok,
        "rate": ok / total if total else 0.0,
        "exact_docs": exact,
        "meta_ok": meta,
        "bad": bad,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", action="append")
    ap.add_argument("--pdf", type=int, default=0)
    ap.add_argument("--doc", type=int, default=0)
    ap.add_argument("--layout", type=int, default=0, help="PDFs read as pdftotext -layout text")
    ap.add_argument("--show", type=int, default=2, help="failing documents shown per variation")
    args = ap.parse_args(argv)
    names = args.only or gen.VARIATIONS
    for name in names:
        runs = [measure(name, args.n, args.seed)]
        for target, count in (("pdf", args.pdf), ("doc", args.doc), ("layout", args.layout)):
            if count and name.startswith("docx") and "textbox" not in name:
                runs.append(measure(name, count, args.seed, target=target))
        for r in runs:
            if not r["docs"]:
                continue
            print(
                f"{r['variation']:24} docs {r['docs']:3}  cells {r['ok']:6}/{r['cells']:6} "
                f"{100 * r['rate']:6.2f}%  exact docs {r['exact_docs']:3}  meta {r['meta_ok']:3}"
            )
            for i, what in r["bad"][: args.show]:
                print(f"    #{i}: {what}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
