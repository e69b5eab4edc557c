"""gongkai report: a static page whose charts render (checked in headless Chromium)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from gongkai.cli import app
from gongkai.query.report import STATUS_COLORS
from tests.query.browser import dump_dom, screenshot
from tests.query.query_archive import Archive

pytestmark = pytest.mark.db
runner = CliRunner()
CHARTS = (
    "coverage_heatmap.png",
    "coverage_by_year.png",
    "requests_by_year.png",
    "outcomes_by_year.png",
    "findings.png",
)


def _pixels_near(image: Image.Image, hex_color: str, tolerance: int = 12) -> int:
    target = tuple(int(hex_color[i : i + 2], 16) for i in (1, 3, 5))
    return sum(
        n
        for n, rgb in image.getcolors(maxcolors=1 << 24)
        if all(abs(a - b) <= tolerance for a, b in zip(rgb[:3], target, strict=True))
    )


def test_report_renders_its_charts_in_a_browser(archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "report"
    result = runner.invoke(app, ["--db", archive.url, "report", "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    for chart in CHARTS:
        with Image.open(out / chart) as image:
            assert image.size[0] > 300
    dom = dump_dom((out / "index.html").as_uri())
    assert all(f'src="{chart}"' in dom for chart in CHARTS)
    assert "政府信息公开工作年度报告" in dom

    with Image.open(screenshot((out / "index.html").as_uri(), tmp_path / "shot.png")) as raw:
        shot = raw.convert("RGB")
    # The heatmap's cells and bars are drawn in the status colours: loaded images, not blanks.
    assert _pixels_near(shot, STATUS_COLORS["found"]) > 2000
    assert _pixels_near(shot, STATUS_COLORS["missing"]) > 500
    assert _pixels_near(shot, STATUS_COLORS["late"]) > 500
    non_white = sum(n for n, rgb in shot.getcolors(maxcolors=1 << 24) if min(rgb) < 235)
    assert non_white > 0.05 * shot.size[0] * shot.size[1]


def test_empty_archive_still_gives_a_page(migrated_db_url: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["--db", migrated_db_url, "report", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.stderr
    assert "no reports yet" in (tmp_path / "index.html").read_text("utf-8")
