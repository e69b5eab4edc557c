"""An HTML report page whose tables 3 and 4 are pasted as images: the article's <img> are read
by OCR in place (``parse_html_with_images``), the rest of the page as HTML."""

from __future__ import annotations

import random
import re
from typing import Any

import cv2
import numpy as np
import pytest

from gongkai.core.report import cells
from gongkai.demo.render import render
from pipelines.parse import article_image_urls, parse_bytes, parse_html_with_images
from pipelines.parse.errors import NoTables
from pipelines.parse.formats import html as html_route
from pipelines.parse.formats.scan import grid, image

URL = "http://127.0.0.1:8000/zwgk/2024/report.html"
SCALE = 0.55  # ≈ 110 dpi, as pages paste screenshots of tables


def _crop(page: Any, box: tuple[int, int, int, int]) -> Any:
    x0, y0, x1, y1 = box
    return page[y0 - 3 : y1 + 4, x0 - 3 : x1 + 4]


def _png(gray: Any) -> bytes:
    small = cv2.resize(gray, None, fx=SCALE, fy=SCALE, interpolation=cv2.INTER_AREA)
    ok, png = cv2.imencode(".png", small)
    assert ok
    return bytes(png.tobytes())


def table_images(clean_pages: list[Any]) -> tuple[bytes, bytes]:
    """Table 3 (cut by the page break: its two parts stacked) and table 4, as PNG screenshots."""
    found = [
        sorted(grid.find_tables(image.ink(p), 200), key=lambda t: t.box[1])
        for p in clean_pages[1:3]
    ]
    t3_top, t3_rest, t4 = found[0][-1], found[1][0], found[1][-1]
    top, rest = _crop(clean_pages[1], t3_top.box), _crop(clean_pages[2], t3_rest.box)
    width = max(top.shape[1], rest.shape[1])
    pad = [
        np.pad(part, ((0, 0), (0, width - part.shape[1])), constant_values=255)
        for part in (top, rest)
    ]
    return _png(np.vstack(pad)), _png(_crop(clean_pages[2], t4.box))


@pytest.fixture(scope="module")
def page(truth: dict[str, Any]) -> bytes:
    """The report as a portal page (site chrome, a logo) with tables 3 and 4 replaced by <img>."""
    html = render(truth, "html-soup", random.Random(5)).decode("utf-8")
    tables = list(re.finditer(r"<table.*?</table>", html, re.S))
    assert len(tables) == 3
    for n, match in reversed(list(zip((3, 4), tables[1:], strict=True))):
        html = (
            html[: match.start()]
            + f'<p style="text-align:center"><img src="../img/t{n}.png"></p>'
            + html[match.end() :]
        )
    return html.replace(
        '<ul class="nav">', '<img src="/logo.png" class="logo"><ul class="nav">', 1
    ).encode()


def test_article_images_are_listed_in_order(page: bytes) -> None:
    assert article_image_urls(page, URL) == [
        "http://127.0.0.1:8000/zwgk/img/t3.png",
        "http://127.0.0.1:8000/zwgk/img/t4.png",
    ]
    assert not any(isinstance(b, html_route.ImageSlot) for b in html_route.extract(page).blocks)
    plain = parse_bytes(page, url=URL)  # without the images: table 2 only, 3 and 4 missing
    assert set(plain.provenance["tables"]) == {"proactive"}
    assert {f.detail for f in plain.findings if f.rule == "parse:missing_table"} == {
        "table requests was not found",
        "table appeals was not found",
    }


def test_a_page_of_images_only_needs_ocr(page: bytes) -> None:
    first = re.search(rb"<table.*?</table>", page, re.S)
    assert first is not None
    only_images = page[: first.start()] + b'<img src="../img/t2.png">' + page[first.end() :]
    with pytest.raises(NoTables):
        parse_bytes(only_images, url=URL)
    assert len(article_image_urls(only_images, URL)) == 3


def test_tables_pasted_as_images_are_read_in_place(
    page: bytes, clean_pages: list[Any], truth: dict[str, Any]
) -> None:
    t3, t4 = table_images(clean_pages)
    urls = article_image_urls(page, URL)
    result = parse_html_with_images(page, dict(zip(urls, (t3, t4), strict=True)), url=URL)
    assert result.route == "html"
    assert (result.report["agency"], result.report["year"]) == (truth["agency"], truth["year"])
    assert cells(result.report) == cells(truth)
    assert set(result.report["sections"]) == set(truth["sections"])
    assert [i["src"] for i in result.provenance["ocr_images"]] == urls
    assert all(i["fetched"] and i["tables"] for i in result.provenance["ocr_images"])
    found = result.provenance["tables"]
    assert {w.split(" (")[0] for w in found["requests"]} == {
        "img 1"
    }  # the stacked halves may read as two
    assert {w.split(" (")[0] for w in found["appeals"]} == {"img 2"}
    assert not any(w.startswith("img") for w in found["proactive"])
    assert result.provenance["ocr"]["low_confidence_cells"] == []
    assert not [f for f in result.findings if f.rule == "needs_review"]


def test_a_missing_image_leaves_the_report_flagged(page: bytes, clean_pages: list[Any]) -> None:
    _, t4 = table_images(clean_pages)
    urls = article_image_urls(page, URL)
    result = parse_html_with_images(page, {urls[1]: t4}, url=URL)
    assert set(result.provenance["tables"]) == {"proactive", "appeals"}
    assert [i["fetched"] for i in result.provenance["ocr_images"]] == [False, True]
    assert any(f.rule == "needs_review" and "missing" in f.detail for f in result.findings)
