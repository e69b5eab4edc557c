"""A report page whose tables 3 and 4 are pasted as images: the crawl fetches the article's
images (archived like every response), reads them by OCR and loads the report."""

from __future__ import annotations

import gzip
import json
import random
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from gongkai.core.report import cells
from gongkai.demo.render import render
from pipelines.parse.formats.scan import grid, image
from tests.crawl import crawl_sites as sites

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "ocr" / "fixtures"


def run_gongkai(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [
        sys.executable,
        "-c",
        "from gongkai.cli import main; main()",
        "--data-dir",
        str(data_dir),
        *args,
    ]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=150, cwd=ROOT)


def _png(gray: Any) -> bytes:
    small = cv2.resize(gray, None, fx=0.55, fy=0.55, interpolation=cv2.INTER_AREA)  # ≈ 110 dpi
    return bytes(cv2.imencode(".png", small)[1].tobytes())


def _table_images() -> tuple[bytes, bytes]:
    """Tables 3 (its two page halves stacked) and 4 cut from the OCR fixtures' clean pages."""
    pages = [cv2.imread(str(FIXTURES / f"page-{n}.png"), cv2.IMREAD_GRAYSCALE) for n in (2, 3)]
    boxes = [
        sorted((t.box for t in grid.find_tables(image.ink(p), 200)), key=lambda b: b[1])
        for p in pages
    ]
    crops = [
        p[y0 - 3 : y1 + 4, x0 - 3 : x1 + 4]
        for p, (x0, y0, x1, y1) in (
            (pages[0], boxes[0][-1]),
            (pages[1], boxes[1][0]),
            (pages[1], boxes[1][-1]),
        )
    ]
    width = max(c.shape[1] for c in crops[:2])
    t3 = np.vstack(
        [np.pad(c, ((0, 0), (0, width - c.shape[1])), constant_values=255) for c in crops[:2]]
    )
    return _png(t3), _png(crops[2])


def _site(truth: dict[str, Any]) -> sites.Site:
    page = render(truth, "html-soup", random.Random(5)).decode("utf-8")
    tables = list(re.finditer(r"<table.*?</table>", page, re.S))
    for n, match in reversed(list(zip((3, 4), tables[1:], strict=True))):
        page = (
            page[: match.start()]
            + f'<p><img src="img/t{n}.png" alt="表{n}"></p>'
            + page[match.end() :]
        )
    # a decorative picture that is gone (404) must not keep the page waiting
    marker = '<div class="Custom_UnionStyle">'
    assert marker in page
    page = page.replace(marker, marker + '<p><img src="/pic/banner.jpg"></p>', 1)
    s = sites.Site()
    t3, t4 = _table_images()
    title = f"{truth['agency']}{truth['year']}年政府信息公开工作年度报告"
    s.html(
        "/zwgk/nb/",
        f'<ul><li><a href="/zwgk/nb/2024/r1.html">{title}</a> 2024-03-12</li></ul>',
        title="年报",
    )
    s.raw("/zwgk/nb/2024/r1.html", page.encode("utf-8"), "text/html; charset=utf-8")
    s.raw("/zwgk/nb/2024/img/t3.png", t3, "image/png")
    s.raw("/zwgk/nb/2024/img/t4.png", t4, "image/png")
    return s


def test_tables_pasted_as_images_are_fetched_read_and_loaded(tmp_path: Path) -> None:
    truth = json.loads((FIXTURES / "report.json").read_text("utf-8"))
    site = sites.start(_site(truth))
    try:
        (tmp_path / "portals.toml").write_text(
            f'[[portal]]\nid = "fx-images"\nagency = "{truth["agency"]}"\nregion_code = "211400"\n'
            f'family = "generic"\nstart_urls = ["{site.base}/zwgk/nb/"]\n',
            encoding="utf-8",
        )
        proc = run_gongkai(
            tmp_path / "data", "crawl", "--registry", str(tmp_path / "portals.toml"), "--fast"
        )
        first = list(site.paths())
        site.log.clear()
        again = run_gongkai(
            tmp_path / "data", "crawl", "--registry", str(tmp_path / "portals.toml"), "--fast"
        )
    finally:
        assert site.server is not None
        site.server.shutdown()
        site.server.server_close()
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-5000:]
    assert "Traceback" not in proc.stdout + proc.stderr
    assert {"/zwgk/nb/2024/img/t3.png", "/zwgk/nb/2024/img/t4.png", "/pic/banner.jpg"} <= set(first)
    # the re-crawl (incremental) finds the page's bytes parsed before: no images, no new version
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-5000:]
    assert not [p for p in site.paths() if p.endswith((".png", ".jpg"))]

    import sqlite3

    with sqlite3.connect(tmp_path / "data" / "archive.sqlite") as db:
        versions = db.execute(
            "SELECT canonical, source_url, provenance FROM report_versions"
        ).fetchall()
        images = db.execute(
            "SELECT url, sha256, parent_url FROM documents WHERE role = 'image'"
        ).fetchall()
        fetched = dict(
            db.execute("SELECT url, status FROM fetches WHERE url LIKE '%.png' OR url LIKE '%.jpg'")
        )
        failures = db.execute("SELECT url, reason FROM parse_failures").fetchall()
    assert len(versions) == 1
    assert failures == []
    canonical, source, provenance = (
        json.loads(v) if isinstance(v, str) and v[:1] == "{" else v for v in versions[0]
    )
    assert source.endswith("/zwgk/nb/2024/r1.html")
    assert cells(canonical) == cells(truth)
    assert [i["fetched"] for i in provenance["ocr_images"]] == [False, True, True]  # banner 404
    # the images are archived like every response: document rows, blobs, WARC records
    assert sorted(u.rsplit("/", 1)[1] for u, _, _ in images) == ["t3.png", "t4.png"]
    assert all(p == source for _, _, p in images)
    assert fetched[f"{site.base}/pic/banner.jpg"] == 404
    for _, sha, _ in images:
        assert (tmp_path / "data" / "blobs" / sha[:2] / sha[2:4] / sha).is_file()
    warc = b"".join(
        gzip.decompress(p.read_bytes()) for p in (tmp_path / "data" / "warc").glob("*.warc.gz")
    )
    assert b"/zwgk/nb/2024/img/t3.png" in warc
    assert b"/zwgk/nb/2024/img/t4.png" in warc
