"""Renderers: every form carries the title, the period sentence, the tables and the signature."""

from __future__ import annotations

import json
import random

import pytest

from gongkai.demo.generate import random_report
from gongkai.demo.render import FORMS, render
from pipelines.parse.sniff import detect
from tests.corpus.builder import build

FAST = [f for f in FORMS if f not in ("pdf", "doc")]


@pytest.fixture(scope="module")
def report() -> dict:
    return random_report(
        random.Random(11), agency="六安市叶集区融媒体中心", year=2022, zero_heavy=False
    )


def _text(data: bytes, form: str) -> str:
    return data.decode("gbk" if form == "html-gbk" else "utf-8")


@pytest.mark.parametrize("form", FAST)
def test_text_forms_carry_everything(report: dict, form: str) -> None:
    data = render(report, form, random.Random(2))
    if form == "docx":
        from pipelines.parse.formats.docx import extract

        text = extract(data).text()
    else:
        text = _text(data, form).replace("\n\t", "")
        text = text.replace("\n", "") if form == "text-cells" else text
    assert "六安市叶集区融媒体中心2022年政府信息公开工作年度报告" in text
    assert "统计期限自2022年1月1日起至2022年12月31日止" in text
    assert str(report["requests"]["new"]["total"]) in text
    assert "四、结转下年度继续办理" in text
    assert "复议后起诉" in text
    y, m, d = (int(x) for x in report["published"].split("-"))
    assert f"{y}年{m}月{d}日" in text or "〇" in text


def test_gbk_declares_its_charset(report: dict) -> None:
    data = render(report, "html-gbk", random.Random(2))
    assert b"charset=gbk" in data or b'charset="gbk"' in data
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


def test_soup_has_chrome_and_spans(report: dict) -> None:
    page = render(report, "html-soup", random.Random(2)).decode()
    assert "当前位置" in page
    assert "版权所有" in page
    assert "rowspan" in page
    assert "colspan" in page


def test_docx_keeps_template_merges(report: dict) -> None:
    data = render(report, "docx", random.Random(2))
    assert detect(data) == "docx"
    import io
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert xml.count(b"w:vMerge") > 20
    assert xml.count(b"w:gridSpan") > 20


def test_unknown_and_wps_forms(report: dict) -> None:
    with pytest.raises(ValueError, match="unknown form"):
        render(report, "odt", random.Random(0))
    with pytest.raises(ValueError, match="WPS"):
        render(report, "wps", random.Random(0))


def test_build_writes_files_and_truth(tmp_path) -> None:
    manifest = build(tmp_path, 6, seed=5, forms=["html", "text-tabs", "docx"], share_2019=0.5)
    assert [d["form"] for d in manifest["documents"]] == ["html", "text-tabs", "docx"] * 2
    for entry in manifest["documents"]:
        assert (tmp_path / entry["file"]).stat().st_size > 1000
        truth = json.loads((tmp_path / entry["truth"]).read_text("utf-8"))
        assert truth["format"] == entry["format"]
        assert (truth["format"] == "2019") == (truth["year"] < 2021)
    assert {d["format"] for d in manifest["documents"]} == {"2019", "2021"}
    again = build(tmp_path / "again", 6, seed=5, forms=["html", "text-tabs", "docx"])
    assert [d["sha256"] for d in again["documents"][:2]] == [
        d["sha256"] for d in manifest["documents"][:2]
    ]


@pytest.fixture(scope="module")
def report_2019() -> dict:
    return random_report(
        random.Random(12), agency="滨海县交通运输局", year=2019, fmt="2019", zero_heavy=False
    )


@pytest.mark.parametrize("form", FAST)
def test_2019_forms_carry_the_2019_tables(report_2019: dict, form: str) -> None:
    data = render(report_2019, form, random.Random(3))
    if form == "docx":
        from pipelines.parse.formats.docx import extract

        text = extract(data).text()
    else:
        text = _text(data, form).replace("\n\t", "").replace("<br/>", "")
        text = text.replace("\n", "") if form == "text-cells" else text
    assert "滨海县交通运输局" in text
    assert "2019年" in text
    for label in (
        "第二十条第（九）项",
        "政府集中采购",
        "其他对外管理服务",
        "（六）其他处理",
        "（七）总计",
    ):
        assert label in text
    for label in ("本年制发件数", "申请人无正当理由逾期不补正", "本年收费金额"):
        assert label not in text
    assert report_2019["proactive"]["procurement"]["procurement_amount"] in text


def test_2019_docx_is_built_with_merges(report_2019: dict) -> None:
    import io
    import zipfile

    data = render(report_2019, "docx", random.Random(2), borders=True)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml")
    assert xml.count(b"w:vMerge") > 20
    assert xml.count(b"w:gridSpan") > 10
    assert xml.count(b"<w:tcBorders>") > 100


def test_2019_titles_and_introductions_vary() -> None:
    titles, intros = set(), set()
    for i in range(30):
        rng = random.Random(i)
        report = random_report(rng, fmt="2019")
        text = render(report, "text-tabs", rng).decode("utf-8")
        lines = text.splitlines()
        titles.add(lines[0].replace(report["agency"], "A").replace(str(report["year"]), "Y"))
        intros.add(("60号" in lines[2], "统计期限" in lines[2]))
    assert len(titles) >= 3
    assert (False, False) in intros
    assert (True, True) in intros


def test_cli(tmp_path) -> None:
    from tests.corpus.__main__ import main

    main(["--out", str(tmp_path), "--n", "2", "--seed", "1", "--forms", "text-cells"])
    assert len(list(tmp_path.glob("*.txt"))) == 2
