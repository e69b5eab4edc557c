"""Regenerate tests/ocr/fixtures: one generated report rendered by LibreOffice, its pages
rasterised at 200 dpi and stored clean as 4-grey-level PNGs (small), with the truth JSON.
The tests degrade these pages (tilt, blur, noise, JPEG) with fixed seeds, so the scans they
read are deterministic without committing megabytes of noisy JPEG.

Usage: .venv/bin/python tests/ocr/make_fixtures.py [--seed 11]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import cv2
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from corpus.generate import random_report  # noqa: E402
from corpus.render import render  # noqa: E402
from pipelines.parse.scan.scanify import rasterise  # noqa: E402

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
        levels = (np.round(gray / 85.0) * 85).astype(np.uint8)  # 4 grey levels keep anti-aliasing
        cv2.imwrite(str(FIXTURES / f"page-{n}.png"), levels, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    (FIXTURES / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
    print(f"wrote {n} pages of {report['agency']} {report['year']} to {FIXTURES}")


if __name__ == "__main__":
    main()
