"""OCR benchmark: generated reports rendered to PDF, scanned (``scanify``), read back by the
OCR route and the shared interpreter, compared cell by cell with the truth.

Also reads the table images of each report as an HTML page would paste them (cut from the
clean render at a screen resolution, through ``ocr.extract_images``), and optionally
compares Tesseract chi_sim on the same recovered grid. Writes the "OCR" section of
bench/RESULTS.md (other sections are left as they are).

CPU is shared, so besides seconds per page it records the ratio to a fixed calibration
workload (NumPy float matrix products) timed in the same run.

Usage: python bench/ocr.py [--reports 12] [--seed 7] [--tesseract 2] [--no-write]
"""

from __future__ import annotations

import argparse
import io
import platform
import random
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from _results import replace_section

from gongkai.core.report import cells as report_cells
from gongkai.core.report import check_identities
from gongkai.demo.generate import random_report
from gongkai.demo.render import render
from pipelines.parse import ParseError, parse_extracted
from pipelines.parse.formats import ocr
from pipelines.parse.formats.scan import grid, image
from pipelines.parse.formats.scan.engine import Recogniser
from pipelines.parse.formats.scan.lines import crop
from pipelines.parse.interpret.review import review_findings
from pipelines.parse.model import Extracted, Paragraph, Table
from tests.ocr.scanify import rasterise, scanify

RESULTS = ROOT / "bench" / "RESULTS.md"
SECTION = "## OCR (bench/ocr.py)"
KEEP: Path | None = None  # where scans with a misread cell are saved (--keep)


def calibrate() -> float:
    """Seconds for a fixed CPU workload; per-page times are also given as multiples of it."""
    rng = np.random.default_rng(0)
    a = rng.random((400, 400), dtype=np.float32)
    start = time.perf_counter()
    for _ in range(60):
        a = np.tanh(a @ a.T / 400)
    return time.perf_counter() - start


def compare(truth: dict[str, Any], got: dict[str, Any] | None) -> tuple[int, int, list[str]]:
    want = report_cells(truth)
    have = report_cells(got) if got else {}
    wrong = [f"{k}: {want[k]!r} → {have.get(k)!r}" for k in want if have.get(k) != want[k]]
    return len(want), len(want) - len(wrong), wrong


def scanned(truth: dict[str, Any], pdf: bytes, rng: random.Random) -> dict[str, Any]:
    dpi = rng.choice([150, 200, 200])
    scan = scanify(pdf, rng, dpi=dpi)
    pages = ocr.image_pages(scan)
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        ex = ocr.extract_pdf(scan)
        result = parse_extracted(ex)
        got, review = result.report, review_findings(result, ex)
    except ParseError as exc:
        got, review, ex = None, [exc], None
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    total, right, wrong = compare(truth, got)
    if wrong and KEEP:
        KEEP.mkdir(parents=True, exist_ok=True)
        (KEEP / f"{truth['agency']}-{truth['year']}.pdf").write_bytes(scan)
    return {
        "dpi": dpi,
        "pages": len(pages),
        "wall": wall,
        "cpu": cpu,
        "cells": total,
        "right": right,
        "wrong": wrong,
        "flagged": bool(review),
        "min_conf": _min_confidence(ex) if ex else 0.0,
        "identities": bool(got) and bool(check_identities(got)),
        "agency": bool(got) and got["agency"] == re.sub(r"\s+", "", truth["agency"]),
        "year": bool(got) and got["year"] == truth["year"],
    }


def _min_confidence(ex: Extracted) -> float:
    confs = [
        c.confidence
        for b in ex.blocks
        if isinstance(b, Table)
        for row in b.rows
        for c in row
        if c.confidence is not None and not c.is_copy and re.fullmatch(r"[\d.]+", c.text)
    ]
    return min(confs, default=1.0)


def pasted(truth: dict[str, Any], pdf: bytes, rng: random.Random) -> dict[str, Any]:
    """Tables as screen-resolution images (96-120 dpi PNG cut at the rulings), the prose as text."""
    dpi = rng.choice([96, 110, 120])
    images, where, prose = [], [], []
    # tables located on a 200-dpi render, cut from the screen-resolution one
    for n, (fine, gray) in enumerate(
        zip(rasterise(pdf, 200), rasterise(pdf, dpi), strict=True), start=1
    ):
        for k, t in enumerate(grid.find_tables(image.ink(fine), 200), start=1):
            x0, y0, x1, y1 = (round(v * dpi / 200) for v in t.box)
            _, png = cv2.imencode(".png", gray[max(0, y0 - 4) : y1 + 5, max(0, x0 - 4) : x1 + 5])
            images.append(png.tobytes())
            where.append(f"img {n}.{k}")
    if len(images) < 3:  # borderless tables: nothing to cut at the rulings
        return {"dpi": dpi, "images": 0, "wall": 0.0, "cells": 0, "right": 0, "wrong": []}
    # the HTML route supplies title, headings and prose as text; here the truth gives them
    prose = [Paragraph(f"{truth['agency']}{truth['year']}年政府信息公开工作年度报告")]
    wall = time.perf_counter()
    tables = ocr.extract_images(images, where)
    wall = time.perf_counter() - wall
    headings = [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    blocks: list[Paragraph | Table] = list(prose)
    # tables split over pages arrive as separate images, in order; headings go before the
    # first image of each statistical table (2 on page 1, 3 from its header row, 4 last)
    for t in tables:
        text = "".join(c.text for row in t.rows[:3] for c in row)
        if headings and (
            ("信息内容" in text and headings[0].startswith("二"))
            or ("申请人情况" in text and headings[0].startswith("三"))
        ):
            blocks.append(Paragraph(headings.pop(0)))
        elif "行政复议" in text and headings and headings[-1].startswith("四"):
            blocks.append(Paragraph(headings.pop()))
        blocks.append(t)
    blocks.append(Paragraph("五、存在的主要问题及改进情况"))
    blocks.append(Paragraph(truth["agency"]))
    ex = Extracted(route="ocr", blocks=blocks)
    try:
        got = parse_extracted(ex).report
    except ParseError:
        got = None
    total, right, wrong = compare(truth, got)
    return {
        "dpi": dpi,
        "images": len(images),
        "wall": wall,
        "cells": total,
        "right": right,
        "wrong": wrong,
    }


def tesseract_cells(pdf: bytes, rng: random.Random) -> tuple[int, int, int]:
    """(figure cells, read right by PP-OCR, read right by Tesseract chi_sim) for the same line
    crops of the same recovered grid of one scanned report. Both engines are restricted to
    digits for these cells (PP-OCR by its decoder, Tesseract by a whitelist)."""
    import pdfplumber

    from pipelines.parse.formats.scan.page import WORK_DPI, segment

    scan = scanify(pdf, rng, dpi=200)
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        words_per_page = [p.extract_words() for p in doc.pages]
    rec = Recogniser()
    cells = pp_ok = ts_ok = 0
    for n, gray in enumerate(rasterise(scan, WORK_DPI)):
        layout = segment(gray, WORK_DPI)
        for t, per_span in zip(layout.tables, layout.cells, strict=True):
            for s, found in zip(t.spans, per_span, strict=True):
                truth = _truth_in(words_per_page[n], s.box)
                if not found or not re.fullmatch(r"\d+(\.\d+)?", truth):
                    continue
                crops = [crop(layout.clean, ln.box, pad=4) for ln in found]
                cells += 1
                pp_ok += "".join(r.text for r in rec.read(crops, [True] * len(crops))) == truth
                ts = "".join(
                    subprocess.run(
                        [
                            "tesseract",
                            "stdin",
                            "stdout",
                            "-l",
                            "chi_sim",
                            "--psm",
                            "7",
                            "-c",
                            "tessedit_char_whitelist=0123456789.-",
                        ],
                        input=cv2.imencode(".png", c)[1].tobytes(),
                        capture_output=True,
                        check=False,
                    ).stdout.decode("utf-8", "replace")
                    for c in crops
                )
                ts_ok += re.sub(r"\s+", "", ts) == truth
    return cells, pp_ok, ts_ok


def _truth_in(words: list[dict[str, Any]], box: tuple[int, int, int, int]) -> str:
    """Text-layer words of the clean PDF inside a cell box of the deskewed page (≈ the clean
    page: the scan's tilt has been undone)."""
    k = 200 / 72
    out = []
    for word in words:
        cx, cy = (word["x0"] + word["x1"]) / 2 * k, (word["top"] + word["bottom"]) / 2 * k
        if box[0] < cx < box[2] and box[1] < cy < box[3]:
            out.append(word["text"])
    return "".join(out)


def write_section(lines: list[str]) -> None:
    replace_section(SECTION, [SECTION, "", *lines])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=12)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--tesseract", type=int, default=2, help="reports to compare with Tesseract"
    )
    parser.add_argument(
        "--no-write", action="store_true", help="print only; leave RESULTS.md alone"
    )
    parser.add_argument(
        "--borderless",
        type=int,
        default=0,
        help="render the last N reports without table rulings (the corpus does 15 %%)",
    )
    parser.add_argument("--only", type=int, help="run report number ONLY of the series")
    parser.add_argument("--keep", type=Path, help="save the scans that had a misread cell here")
    args = parser.parse_args()
    global KEEP
    KEEP = args.keep
    cal = [calibrate()]
    scans, pastes, tess = [], [], [0, 0, 0]
    for i in range(args.reports):
        if args.only is not None and i != args.only:
            continue
        rng = random.Random(f"{args.seed}-{i}")  # report i can be rerun alone (--only i)
        truth = random_report(rng)
        # the corpus's own odds, drawn here so that the results can be split by layout
        options = {"borders": rng.random() < 0.85, "repeat_header": rng.random() < 0.3}
        if i >= args.reports - args.borderless:
            options["borders"] = False
        pdf = render(truth, "pdf", rng, **options)
        s = scanned(truth, pdf, rng)
        s.update(options)
        p = pasted(truth, pdf, rng)
        scans.append(s)
        pastes.append(p)
        print(
            f"{i}: {'ruled' if s['borders'] else 'borderless'}"
            f"{', repeated header' if s['repeat_header'] else ''}: scan {s['right']}/{s['cells']} cells, {s['pages']} pages in {s['wall']:.1f} s "
            f"(cpu {s['cpu']:.1f}), agency {s['agency']} year {s['year']} flagged {s['flagged']} "
            f"min conf {s['min_conf']:.3f} identities broken {s['identities']} "
            f"{s['wrong'][:3]} | pasted {p['right']}/{p['cells']} {p['wrong'][:3]}",
            flush=True,
        )
        if i < args.tesseract:
            c, a, b = tesseract_cells(pdf, rng)
            tess = [tess[0] + c, tess[1] + a, tess[2] + b]
            print(
                f"   tesseract comparison: {c} numeric cells, PP-OCR {a}, Tesseract {b}", flush=True
            )
        cal.append(calibrate())
    cal_s = float(np.median(cal))
    pages = sum(s["pages"] for s in scans)
    cells = sum(s["cells"] for s in scans)
    right = sum(s["right"] for s in scans)
    bad = [s for s in scans if s["wrong"]]
    missed = [s for s in bad if not s["flagged"]]
    false_alarm = [s for s in scans if not s["wrong"] and s["flagged"]]
    per_page = sum(s["wall"] for s in scans) / max(1, pages)
    cpu_page = sum(s["cpu"] for s in scans) / max(1, pages)
    p_cells, p_right = sum(p["cells"] for p in pastes), sum(p["right"] for p in pastes)
    lines = [
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {platform.python_version()}, {platform.machine()}, "
        f"2 shared cores; {len(scans)} generated reports (gongkai.demo.generate, seed {args.seed}), "
        "rendered to PDF by LibreOffice, scanned by `tests.ocr.scanify` (150/200 dpi, "
        "skew ≤ 1.5°, blur, noise, uneven background, JPEG q55-80), read by `ocr.extract_pdf` + "
        "`parse_extracted`.",
        "",
        "| measure | value |",
        "|---|---:|",
        f"| cells exact (scanned PDFs) | {right}/{cells} = {100 * right / max(1, cells):.2f}% |",
        f"| reports with every cell right | {len(scans) - len(bad)}/{len(scans)} |",
        *(
            f"| cells exact, {name} tables | {sum(s['right'] for s in group)}/{sum(s['cells'] for s in group)} "
            f"({len(group)} reports) |"
            for name, group in (
                ("ruled", [s for s in scans if s["borders"]]),
                ("borderless", [s for s in scans if not s["borders"]]),
            )
            if group
        ),
        f"| agency right | {sum(s['agency'] for s in scans)}/{len(scans)} |",
        f"| year right | {sum(s['year'] for s in scans)}/{len(scans)} |",
        f"| reports with a wrong cell not flagged needs_review | {len(missed)}/{len(bad)} |",
        f"| clean reports flagged needs_review | {len(false_alarm)}/{len(scans) - len(bad)} |",
        f"| seconds per scanned page, wall (CPU) | {per_page:.2f} ({cpu_page:.2f}) |",
        f"| calibration workload, s (median) | {cal_s:.3f} |",
        f"| seconds per page ÷ calibration | {per_page / cal_s:.1f} |",
        f"| pasted table images (96-120 dpi, ruled tables only): cells exact | {p_right}/{p_cells} = {100 * p_right / max(1, p_cells):.2f}% |",
    ]
    if tess[0]:
        lines.append(
            f"| numeric cells on the same grid, PP-OCR vs Tesseract chi_sim (psm 7) | "
            f"{tess[1]}/{tess[0]} vs {tess[2]}/{tess[0]} |"
        )
    ok_conf = sorted(s["min_conf"] for s in scans if not s["wrong"])
    bad_conf = sorted(s["min_conf"] for s in bad)
    lines.append(
        f"| lowest value-cell confidence per report, all-right reports: min / median | "
        f"{ok_conf[0] if ok_conf else float('nan'):.3f} / "
        f"{ok_conf[len(ok_conf) // 2] if ok_conf else float('nan'):.3f} |"
    )
    if bad_conf:
        lines.append(
            f"| lowest value-cell confidence, reports with a misread | {', '.join(f'{c:.3f}' for c in bad_conf)} |"
        )
    wrong = [w for s in scans for w in s["wrong"]][:10]
    if wrong:
        lines += ["", "Wrong cells (first 10): " + "; ".join(wrong)]
    lines.append("")
    print("\n".join(lines))
    if not args.no_write:
        write_section(lines)


if __name__ == "__main__":
    main()
