"""Measure the parser on the adversarial generator: cells exact, reports exact, metadata, breaks.

    .venv/bin/python -m tests.parse.robustness.measure --n 300 --seed 7 [--lo 30]

``--lo`` caps the documents that go through LibreOffice (pdf, doc, pdftotext); conversions are
cached under $TMPDIR/gongkai-robust so a second run is fast.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from pipelines.parse import parse_bytes
from tests.parse.robustness import gen

CACHE = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "gongkai-robust"
FORMS = [
    "html",
    "docx",
    "text-cells",
    "text-tabs",
    "text-markdown",
    "pdf",
    "pdf-borderless",
    "pdf-layout",
    "doc",
]
LO_FORMS = {"pdf", "pdf-borderless", "pdf-layout", "doc"}


def _cached(key: str, make: Any) -> bytes:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / hashlib.sha1(key.encode()).hexdigest()
    if path.exists():
        return path.read_bytes()
    data = make()
    path.write_bytes(data)
    return data


def render(form: str, seed: int) -> tuple[gen.Doc, bytes, str | None]:
    rng = random.Random(seed)
    doc = gen.make_doc(rng, blanks=form in ("html", "docx", "doc", "text-markdown", "text-cells"))
    if form == "html":
        data, ctype = gen.render_html(doc, rng)
        return doc, data, ctype
    if form.startswith("text-"):
        return doc, gen.render_text(doc, rng, form[5:]), None
    docx = gen.render_docx(
        doc, rng, for_pdf=form in LO_FORMS, borders={"pdf": True, "pdf-borderless": False}.get(form)
    )
    if form == "docx":
        return doc, docx, None
    from pipelines.parse.soffice import convert

    target = "doc" if form == "doc" else "pdf"
    out = _cached(
        f"{form}-{seed}-{hashlib.sha1(docx).hexdigest()}-{target}",
        lambda: convert(docx, "docx", target),
    )
    if form == "pdf-layout":
        out = _cached(
            f"layout-{hashlib.sha1(out).hexdigest()}",
            lambda: (
                subprocess.run(
                    ["pdftotext", "-layout", "-", "-"], input=out, capture_output=True, check=True
                ).stdout
            ),
        )
    return doc, out, None


def cells(report: dict[str, Any]) -> dict[tuple[str, ...], Any]:
    out = {}
    for table in ("proactive", "requests", "appeals"):
        for row, vals in (report.get(table) or {}).items():
            for col, x in vals.items():
                out[(table, row, col)] = x
    return out


def compare(doc: gen.Doc, data: bytes, ctype: str | None) -> dict[str, Any]:
    truth = doc.truth
    try:
        y = truth["year"]  # a URL whose folders name other years: never to be trusted
        res = parse_bytes(
            data,
            content_type=ctype,
            url=f"http://www.example.gov.cn/xxgk/{y - 1}/ndbg/t{y + 2}0105_88.html",
        )
    except Exception as exc:  # a failure is a figure here
        n = len(cells(truth))
        return {
            "error": f"{type(exc).__name__}: {exc}"[:200],
            "cells": n,
            "cells_ok": 0,
            "exact": False,
            "agency": False,
            "year": False,
            "published": False,
            "break_ok": doc.breaks != 1,
            "diff": [],
        }
    got, want = cells(res.report), cells(truth)
    diff = [(k, want[k], got.get(k)) for k in want if got.get(k) != want[k]]
    meta = {k: res.report.get(k) == truth[k] for k in ("agency", "year", "published")}
    rules = {f.rule for f in res.findings}
    return {
        "error": None,
        "cells": len(want),
        "cells_ok": len(want) - len(diff),
        "exact": not diff and all(meta.values()),
        **meta,
        "break_ok": doc.breaks != 1 or bool(rules & {"1", "2", "3", "4"}),
        "diff": diff[:4],
        "got_meta": {k: res.report.get(k) for k in ("agency", "year", "published")},
    }


def run(n: int, seed: int, lo: int, forms: list[str], verbose: bool) -> dict[str, Counter[str]]:
    per: dict[str, Counter[str]] = defaultdict(Counter)
    plan = [(forms[i % len(forms)], seed * 100_000 + i) for i in range(n)]
    lo_left = lo
    for form, s in plan:
        if form in LO_FORMS:
            if lo_left <= 0:
                continue
            lo_left -= 1
        doc, data, ctype = render(form, s)
        r = compare(doc, data, ctype)
        c = per[form]
        c["docs"] += 1
        c["cells"] += r["cells"]
        c["cells_ok"] += r["cells_ok"]
        for k in ("exact", "agency", "year", "published"):
            c[k] += bool(r[k])
        c["breaks"] += doc.breaks == 1
        c["breaks_missed"] += not r["break_ok"]
        c["errors"] += r["error"] is not None
        if verbose and not r["exact"]:
            print(
                f"  {form} seed={s} {doc.opts} err={r['error']} meta={r.get('got_meta')} "
                f"want={ {k: doc.truth[k] for k in ('agency', 'year', 'published')} } diff={r['diff']}"
            )
    return per


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=240)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--lo", type=int, default=30, help="cap on LibreOffice-converted documents")
    ap.add_argument("--forms", default=",".join(FORMS))
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args(argv)
    per = run(a.n, a.seed, a.lo, a.forms.split(","), a.verbose)
    total: Counter[str] = Counter()
    print(
        f"{'form':14} {'docs':>5} {'cells%':>8} {'exact%':>7} {'agency%':>8} {'year%':>6} {'pub%':>6} "
        f"{'breaks':>7} {'missed':>6} {'errors':>6}"
    )
    for form, c in [*per.items(), ("ALL", total)]:
        if form != "ALL":
            total.update(c)
        d = max(c["docs"], 1)
        print(
            f"{form:14} {c['docs']:5} {100 * c['cells_ok'] / max(c['cells'], 1):8.3f} "
            f"{100 * c['exact'] / d:7.1f} {100 * c['agency'] / d:8.1f} {100 * c['year'] / d:6.1f} "
            f"{100 * c['published'] / d:6.1f} {c['breaks']:7} {c['breaks_missed']:6} {c['errors']:6}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
