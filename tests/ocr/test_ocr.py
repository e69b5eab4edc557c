"""The OCR route end to end on a scanned 4-page report (fixtures/), plus its parts."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pytest

from gongkai.core import vocabulary as v
from gongkai.core.report import cells
from pipelines.parse import parse_extracted
from pipelines.parse.formats import ocr
from pipelines.parse.formats.scan import continued, grid, image
from pipelines.parse.formats.scan.page import PageResult, read_page, segment
from pipelines.parse.interpret.review import review_findings
from pipelines.parse.model import Cell, Extracted, Table
from tests.ocr.scanify import degrade, images_to_pdf


@pytest.fixture(scope="module")
def read(scanned_pages: list[bytes]) -> tuple[Extracted, list[PageResult]]:
    """extract_pdf on the image-only PDF, keeping each page's result for later reuse."""
    pages: list[PageResult] = []
    original = ocr.read_page

    def recording(*args: Any, **kwargs: Any) -> PageResult:
        result = original(*args, **kwargs)
        pages.append(result)
        return result

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(ocr, "read_page", recording)
        ex = ocr.extract_pdf(images_to_pdf(scanned_pages, 200))
    return ex, pages


def _table3(ex: Extracted) -> Table:
    found = [
        b
        for b in ex.blocks
        if isinstance(b, Table) and any("本年新收" in c.text for row in b.rows for c in row)
    ]
    assert len(found) == 1, "table 3 should be one table among the OCR blocks"
    return found[0]


def test_scanned_report_end_to_end(
    read: tuple[Extracted, list[PageResult]], truth: dict[str, Any]
) -> None:
    ex, _ = read
    assert ex.route == "ocr"
    result = parse_extracted(ex)
    want, got = cells(truth), cells(result.report)
    wrong = {k: (want[k], got.get(k)) for k in want if got.get(k) != want[k]}
    assert not wrong, f"{len(wrong)} of {len(want)} cells misread: {wrong}"
    assert result.report["agency"] == re.sub(r"\s+", "", truth["agency"])
    assert result.report["year"] == truth["year"]
    assert review_findings(result, ex) == []
    # every value cell carries its confidence and its box on the page (points)
    t3 = _table3(ex)
    values = [c for row in t3.rows for c in row if re.fullmatch(r"\d+", c.text) and not c.is_copy]
    assert len(values) >= 7 * len(v.REQUEST_ROWS)
    for c in values:
        assert c.confidence is not None
        assert 0 < c.confidence <= 1
        assert c.box is not None
        assert 0 <= c.box[0] < c.box[2] <= 600
        assert 0 <= c.box[1] < c.box[3] <= 850


def test_grid_puts_numbers_in_the_right_rows(
    read: tuple[Extracted, list[PageResult]], truth: dict[str, Any]
) -> None:
    """Table 3 was cut by a page break: joined, each labelled row holds that row's seven figures."""
    t3 = _table3(read[0])
    assert t3.width == 10
    assert "+" in t3.where  # joined from two pages
    rows = {  # a label fragment only that row has → its row code
        "本年新收": "new",
        "上年结转": "carried_over",
        "予以公开": "granted",
        "国家秘密": "denied_state_secret",
        "第三方": "denied_third_party",
        "不掌握": "unavailable_not_held",
        "重复申请": "rejected_duplicate",
        "逾期未按收费": "other_unpaid_fee",
        "总计": "handled_total",
        "结转下年度": "carried_forward",
    }
    seen = set()
    for row in t3.rows:
        label = "".join(c.text for c in row[:3])
        figures = [c.text for c in row[3:]]
        if not all(re.fullmatch(r"\d+", f) for f in figures):
            continue
        for fragment, code in rows.items():
            if fragment in label and not (
                code == "handled_total" and "三" not in label and "七" not in label
            ):
                want = [str(truth["requests"][code][col]) for col in v.REQUEST_COLUMNS]
                assert figures == want, f"row {code}: {figures} != {want}"
                seen.add(code)
                break
    assert seen == set(rows.values())
    # the spanning label of the result rows repeats as copies down the rows it covers
    granted = next(r for r in t3.rows if "予以公开" in r[1].text)
    assert "办理结果" in granted[0].text
    assert sum(1 for r in t3.rows if r[0].is_copy and "办理结果" in r[0].text) >= 20


def _erase_last_digit(jpeg: bytes, value: str) -> bytes:
    """White out the right-most digit of the first cell on the page that reads ``value``."""
    gray = image.decode(jpeg)
    layout = segment(gray, 200)
    single = [found[0] for per_span in layout.cells for found in per_span if len(found) == 1]
    crops = [
        layout.clean[ln.box[1] - 4 : ln.box[3] + 4, ln.box[0] - 4 : ln.box[2] + 4] for ln in single
    ]
    for ln, reading in zip(single, ocr.Recogniser().read(crops, [True] * len(crops)), strict=True):
        if reading.text == value:
            x0, y0, x1, y1 = ln.box
            upright = image.rotate(gray, layout.angle)
            cut = x0 + (x1 - x0) * (len(value) - 1) // len(value)
            upright[y0 - 2 : y1 + 2, cut : x1 + 3] = 255
            _, out = cv2.imencode(".jpg", upright, [cv2.IMWRITE_JPEG_QUALITY, 85])
            return out.tobytes()
    raise AssertionError(f"no cell reading {value!r} on the page")


@pytest.mark.slow
def test_a_corrupted_digit_is_flagged_needs_review(
    read: tuple[Extracted, list[PageResult]], scanned_pages: list[bytes], truth: dict[str, Any]
) -> None:
    _, pages = read
    # a two-digit figure of table 3 on its first page, e.g. 13 → 1 after the 3 is erased
    page_no = next(
        i
        for i, p in enumerate(pages)
        for b in p.blocks
        if isinstance(b, Table) and any("本年新收" in c.text for r in b.rows for c in r)
    )
    figure = next(str(x) for x in truth["requests"]["granted"].values() if 10 <= (x or 0) <= 99)
    corrupted = _erase_last_digit(scanned_pages[page_no], figure)
    again = read_page(image.decode(corrupted), 200, f"page {page_no + 1}", ocr.Recogniser())
    ex = ocr.assemble([again if i == page_no else p for i, p in enumerate(pages)])
    result = parse_extracted(ex)
    assert cells(result.report) != cells(truth)
    findings = review_findings(result, ex)
    assert findings
    assert all(f.rule == "needs_review" for f in findings)
    assert any("identity" in f.detail for f in findings)


def test_needs_ocr_pdf(scanned_pages: list[bytes], shared_dir: Path) -> None:
    assert ocr.needs_ocr_pdf(images_to_pdf(scanned_pages[:1], 200))
    assert ocr.image_pages(images_to_pdf(scanned_pages[:2], 200)) == [1, 2]
    digital = shared_dir / "real" / "huaian_2024.pdf"
    assert not ocr.needs_ocr_pdf(digital.read_bytes())
    # a digital report whose table page is a scan: only that page needs OCR
    import io

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    writer.add_page(PdfReader(digital).pages[0])
    writer.add_page(PdfReader(io.BytesIO(images_to_pdf(scanned_pages[1:2], 200))).pages[0])
    mixed = io.BytesIO()
    writer.write(mixed)
    assert ocr.image_pages(mixed.getvalue()) == [2]


def test_pasted_table_image(clean_pages: list[Any], truth: dict[str, Any]) -> None:
    """Table 4 cut from a page at screen resolution, as an HTML page pastes it."""
    t4 = max(grid.find_tables(image.ink(clean_pages[2]), 200), key=lambda t: t.box[1])  # last table
    gray = cv2.resize(
        clean_pages[2], None, fx=0.55, fy=0.55, interpolation=cv2.INTER_AREA
    )  # ≈ 110 dpi
    x0, y0, x1, y1 = (round(v * 0.55) for v in t4.box)
    _, png = cv2.imencode(".png", gray[y0 - 3 : y1 + 4, x0 - 3 : x1 + 4])
    out = ocr.extract_images([png.tobytes(), b"not an image"], ["img 1", "img 2"])
    assert len(out) == 1
    assert out[0].where == "img 1 table 1"
    table = out[0]
    assert table.width == 15
    want = [str(truth["appeals"][g][m]) for g in v.APPEAL_GROUPS for m in v.APPEAL_MEASURES]
    assert [c.text for c in table.rows[-1]] == want
    # boxes are in the image's pixels
    assert all(c.box and c.box[2] <= png.shape[0] * 10 for c in table.rows[-1])
    h, w = gray[y0 - 3 : y1 + 4, x0 - 3 : x1 + 4].shape
    assert all(
        c.box is not None and c.box[2] <= w + 2 and c.box[3] <= h + 2 for c in table.rows[-1]
    )


def _cell(text: str, x0: float, x1: float, copy: bool = False) -> Cell:
    return Cell(text, copy, 1.0, (x0, 0.0, x1, 10.0))


def test_page_cut_tables_join_and_cut_labels_mend() -> None:
    a = Table(
        [
            [
                _cell("三、结果", 0, 10),
                _cell("（六）其他", 10, 20),
                _cell("1.申请人逾期不补正、其政府信息公开", 20, 30),
                _cell("3", 30, 40),
            ]
        ],
        "page 2 table 1",
    )
    b = Table(
        [
            [_cell("", 0, 10), _cell("", 10, 20), _cell("申请", 20, 30), _cell("", 30, 40)],
            [
                _cell("", 0, 10, True),
                _cell("", 10, 20, True),
                _cell("3.其他", 20, 30),
                _cell("0", 30, 40),
            ],
        ],
        "page 3 table 1",
    )
    joined = continued.join_pages([[a], [b]])
    assert len(joined) == 1
    t = joined[0]
    assert isinstance(t, Table)
    assert [c.text for c in t.rows[0]] == [
        "三、结果",
        "（六）其他",
        "1.申请人逾期不补正、其政府信息公开申请",
        "3",
    ]
    assert [c.text for c in t.rows[1]] == ["三、结果", "（六）其他", "3.其他", "0"]
    assert t.rows[1][0].is_copy
    assert not t.rows[1][2].is_copy
    # a table of another shape on the next page is not joined
    other = Table([[_cell("x", 0, 10), _cell("1", 10, 40)]], "page 3 table 1")
    assert len(continued.join_pages([[a], [other]])) == 2


def test_deskew_recovers_the_tilt(clean_pages: list[Any]) -> None:
    gray = clean_pages[1]
    h, w = gray.shape
    tilted = cv2.warpAffine(
        gray, cv2.getRotationMatrix2D((w / 2, h / 2), 1.1, 1.0), (w, h), borderValue=255
    )
    _, angle = image.deskew(tilted)
    assert abs(angle + 1.1) < 0.1
    assert np.isclose(image.skew_angle(image.ink(gray)), 0, atol=0.1)


@pytest.mark.slow
def test_borderless_table_rows(truth: dict[str, Any]) -> None:
    """Table 3 printed without rulings: its rows are rebuilt from where the figures stand."""
    gray = cv2.imread(
        str(Path(__file__).parent / "fixtures" / "borderless-table3.png"), cv2.IMREAD_GRAYSCALE
    )
    scan = image.decode(degrade(gray, random.Random(7), -0.9, quality=65))
    blocks = read_page(scan, 200, "page 2", ocr.Recogniser()).blocks
    tables = [b for b in blocks if isinstance(b, Table) and "borderless" in b.where]
    t3 = next(t for t in tables if any("本年新收" in c.text for r in t.rows for c in r))
    by_label = {
        "本年新收": "new",
        "上年结转": "carried_over",
        "予以公开": "granted",
        "部分公开": "partly_granted",
        "国家秘密": "denied_state_secret",
        "第三方": "denied_third_party",
        "过程性": "denied_process_info",
    }
    seen = set()
    for row in t3.rows:
        for fragment, code in by_label.items():
            if fragment in row[0].text:
                want = [str(truth["requests"][code][col]) for col in v.REQUEST_COLUMNS]
                assert [c.text for c in row[1:]] == want, f"row {code}"
                seen.add(code)
    assert seen == set(by_label.values())


def test_review_findings_rules(truth: dict[str, Any]) -> None:
    """No OCR here: the rules on a report dict and on hand-made OCR blocks."""
    report = {k: truth[k] for k in ("agency", "year", "format", "proactive", "requests", "appeals")}
    sure = Table([[Cell("规章"), Cell("12", confidence=0.99, box=(1, 1, 2, 2))]], "page 1 table 1")
    assert review_findings(report, Extracted("ocr", [sure])) == []
    unsure = Table(
        [[Cell("规章"), Cell("12", confidence=0.42, box=(1, 1, 2, 2))]], "page 1 table 1"
    )
    [finding] = review_findings(report, Extracted("ocr", [unsure]))
    assert finding.rule == "needs_review"
    assert "page 1 table 1 r1c2 '12' 0.42" in finding.cells
    broken = json.loads(json.dumps(report))
    broken["requests"]["new"]["natural_person"] += 1  # breaks identities 1 and 3
    assert any("identity" in f.detail for f in review_findings(broken))
    missing = json.loads(json.dumps(report))
    del missing["appeals"]
    missing["requests"]["granted"]["research"] = None
    lost = [f for f in review_findings(missing) if "missing" in f.detail]
    assert len(lost) == 1
    assert "appeals" in lost[0].detail
    assert "requests.granted.research" in lost[0].cells
