"""Regenerate tests/ocr/fixtures: one generated report rendered by LibreOffice, its pages
rasterised at 200 dpi and stored clean as 4-grey-level PNGs (small), with the truth JSON.
The tests degrade these pages (tilt, blur, noise, JPEG) with fixed seeds, so the scans they
read are deterministic without committing megabytes of noisy JPEG.

Usage: .venv/bin/python -m tests.ocr.make_fixtures [--seed 11]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import cv2
import numpy as np

from gongkai.demo.generate import random_report
from gongkai.demo.render import render
from tests.ocr.scanify import rasterise

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DPI = 200


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    report = random_report(rng, zero_heavy=False)
    pdf = render(report, "pdf", rng)
    FIXTURES.mkdir(exist_ok=True)
    for old in FIXTURES.glob("page-*.png"):
        old.unlink()
    for n, gray in enumerate(rasterise(pdf, DPI), start=1):
        _write(FIXTURES / f"page-{n}.png", gray)
    (FIXTURES / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    print(f"wrote {n} pages of {report['agency']} {report['year']} to {FIXTURES}")
    # the same report with its tables printed without rulings: only the page where table 3
    # starts is kept (its first rows are enough to test the borderless reading)
    pdf = render(report, "pdf", random.Random(args.seed), borders=False, repeat_header=False)
    for gray in rasterise(pdf, DPI):
        if _has_table3(gray):
            _write(FIXTURES / "borderless-table3.png", gray)
            print("wrote borderless-table3.png")
            break


def _write(path: Path, gray: np.ndarray) -> None:
    levels = (np.round(gray / 85.0) * 85).astype(np.uint8)  # 4 grey levels keep anti-aliasing
    cv2.imwrite(str(path), levels, [cv2.IMWRITE_PNG_COMPRESSION, 9])


def _has_table3(gray: np.ndarray) -> bool:
    from pipelines.parse.formats.scan.engine import Recogniser
    from pipelines.parse.formats.scan.page import read_page

    blocks = read_page(gray, DPI, "page", Recogniser()).blocks
    return any(
        "本年新收" in c.text for b in blocks if hasattr(b, "rows") for r in b.rows for c in r
    )


if __name__ == "__main__":
    main()
