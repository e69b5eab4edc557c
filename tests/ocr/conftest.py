"""Scanned pages for the OCR tests, made from the committed clean renders (fixtures/) by the
same degradation the corpus uses, with fixed seeds: tilt up to 1.5°, blur, noise, JPEG."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import cv2
import pytest

from tests.ocr.scanify import degrade

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SKEWS = (0.8, -1.3, 1.5, -0.6)  # per page, degrees


@pytest.fixture(scope="session")
def truth() -> dict[str, Any]:
    return json.loads((FIXTURES / "report.json").read_text("utf-8"))


@pytest.fixture(scope="session")
def clean_pages() -> list[Any]:
    pages = sorted(FIXTURES.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[1]))
    if not pages:
        pytest.fail("tests/ocr/fixtures has no page-N.png: run tests/ocr/make_fixtures.py")
    return [cv2.imread(str(p), cv2.IMREAD_GRAYSCALE) for p in pages]


@pytest.fixture(scope="session")
def scanned_pages(clean_pages: list[Any]) -> list[bytes]:
    """Degraded JPEG pages at 200 dpi."""
    return [
        degrade(gray, random.Random(100 + i), SKEWS[i % len(SKEWS)], quality=60)
        for i, gray in enumerate(clean_pages)
    ]
