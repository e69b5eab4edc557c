"""The text route's layouts beyond the seeds."""

from __future__ import annotations

from pipelines.parse import parse_bytes
from pipelines.parse.formats import text
from pipelines.parse.model import Table

SPACED = """某县民政局2024年政府信息公开工作年度报告
二、主动公开政府信息情况
信息内容        本年制发件数    本年废止件数    现行有效件数
规章            0               0               0
行政规范性文件  2               1               15
行政许可        1,204
三、收到和处理政府信息公开申请情况
一、本年新收政府信息公开申请数量    5    0    0    0    0    0    5
五、存在的主要问题及改进情况
无。
"""


def test_columns_aligned_with_spaces():
    report = parse_bytes(SPACED.encode("utf-8")).report
    assert report["proactive"]["normative_documents"] == {
        "issued": 2,
        "repealed": 1,
        "in_force": 15,
    }
    assert report["proactive"]["licensing"] == {"decisions": 1204}
    assert report["requests"]["new"]["total"] == 5


def test_gb18030_text_and_page_footers():
    doc = "某县2024年政府信息公开工作年度报告\n\t规章\n\t1\n\n- 2 -\n\n\t行政许可\n\t7\n"
    ex = text.extract(doc.encode("gb18030"))
    tables = [b for b in ex.blocks if isinstance(b, Table)]
    assert [[c.text for c in row] for t in tables for row in t.rows] == [
        ["规章", "1"],
        ["行政许可", "7"],
    ]
    assert all("- 2 -" not in getattr(b, "text", "") for b in ex.blocks)


def test_one_cell_per_line_without_blank_lines_between_rows():
    lines = [
        "某县2024年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        "\t第二十条第（一）项",
        "\t信息内容",
        "\t本年制发件数",
        "\t本年废止件数",
        "\t现行有效件数",
        "\t规章",
        "\t0",
        "\t0",
        "\t1",
        "\t行政规范性文件",
        "\t5",
        "\t",
        "\t40",
        "\t第二十条第（五）项",
        "\t信息内容",
        "\t本年处理决定数量",
        "\t行政许可",
        "\t88",
        "\t第二十条第（六）项",
        "\t信息内容",
        "\t本年处理决定数量",
        "\t行政处罚",
        "\t9",
        "五、存在的主要问题及改进情况",
        "无。",
    ]
    report = parse_bytes("\n".join(lines).encode("utf-8")).report
    assert report["proactive"]["normative_documents"] == {
        "issued": 5,
        "repealed": None,
        "in_force": 40,
    }
    assert report["proactive"]["licensing"] == {"decisions": 88}
    assert report["proactive"]["penalties"] == {"decisions": 9}


def test_headings_with_stray_trailing_tabs_stay_headings(seeds):
    seed = next(s for s, _ in seeds if s.name.startswith("004"))
    text = (
        seed.read_text("utf-8")
        .replace("一、总体情况", "一、总体情况\t\t")
        .replace("五、存在的主要问题及改进情况", "五、存在的主要问题及改进情况\t")
    )
    result = parse_bytes(text.encode("utf-8"))
    assert set(result.report["sections"]) == {"overview", "problems", "other"}
    assert result.report["requests"]["granted"]["total"] == 113


def _at(*cells: tuple[int, str]) -> str:
    """One line of pdftotext -layout output: each text starts at its character column."""
    line = ""
    for col, words in cells:
        line = line.ljust(col) + words
    return line


C = [22, 28, 34, 40, 46, 52, 58]  # the value columns of table 3
# pdftotext -layout output: CJK characters one column wide, labels and headings wrapped onto
# continuation lines, a figure wrapped in its narrow cell (2563 → 256 / 3), a page break (form
# feed) with a page number, and the next page's columns set further right.
LAYOUT = (
    "\n".join(
        [
            "某县2024年政府信息公开工作年度报告",
            "二、主动公开政府信息情况",
            "第二十条第（一）项",
            _at((0, "信息内容"), (16, "本年制发件数"), (32, "本年废止件数"), (48, "现行有效件数")),
            _at((0, "规章"), (16, "0"), (32, "2"), (48, "9")),
            _at((0, "行政规范性文件"), (16, "1"), (32, "0"), (48, "48")),
            "第二十条第（五）项",
            _at((0, "信息内容"), (16, "本年处理决定数量")),
            _at((0, "行政许可"), (16, "15927")),
            "三、收到和处理政府信息公开申请情况",
            "",
            _at((0, "（本列数据的勾稽关系为：第一项"), (C[0], "申请人情况")),
            "加第二项之和，等于第三项加第四",
            _at((0, "项之和）"), (C[0], "自然"), (C[1], "法人或其他组织"), (C[6], "总计")),
            _at(
                (C[0], "人"),
                (C[1], "商业"),
                (C[2], "科研"),
                (C[3], "社会"),
                (C[4], "法律"),
                (C[5], "其他"),
            ),
            _at((C[1], "企业"), (C[2], "机构"), (C[3], "公益"), (C[4], "服务")),
            _at((C[3], "组织"), (C[4], "机构")),
            "",
            _at(
                (0, "一、本年新收政府信息公开申请数"),
                *zip(C, ["256", "0", "0", "0", "0", "0", "256"], strict=True),
            ),
            _at((0, "量"), (C[0], "3"), (C[6], "5")),
            "",
            _at(
                (0, "二、上年结转政府信息公开申请数"),
                *zip(C, ["3", "0", "3", "0", "0", "0", "6"], strict=True),
            ),
            "量",
            "",
            _at(
                (0, "三"),
                (5, "（一）予以公开"),
                *zip(C, ["344", "0", "0", "0", "0", "0", "344"], strict=True),
            ),
            "、",
            _at(
                (0, "本"),
                (5, "（二）部分公开（区分处理"),
                *zip(C, ["240", "0", "0", "0", "0", "0", "240"], strict=True),
            ),
            _at((0, "年"), (5, "的，只计这一情形，不计其")),
            _at((0, "度"), (5, "他情形）")),
            _at((37, "-3-")),
            "\f"
            + _at(
                (6, "3.危及“三安全一"),
                *zip([c + 4 for c in C], ["131", "0", "0", "0", "0", "0", "131"], strict=True),
            ),
            _at((6, "稳定”")),
            "",
            _at(
                (6, "4.保护第三方合法"),
                *zip([c + 4 for c in C], ["83", "0", "0", "7", "0", "0", "90"], strict=True),
            ),
            _at((6, "权益")),
            "五、存在的主要问题及改进情况",
            "无。",
        ]
    )
    + "\n"
)


def test_pdftotext_layout_tables():
    report = parse_bytes(LAYOUT.encode("utf-8")).report
    assert report["proactive"]["rules"] == {"issued": 0, "repealed": 2, "in_force": 9}
    assert report["proactive"]["licensing"] == {"decisions": 15927}
    req = report["requests"]
    assert req["new"]["natural_person"] == 2563
    assert req["new"]["total"] == 2565
    assert req["carried_over"]["research"] == 3
    assert req["partly_granted"]["total"] == 240
    assert req["denied_security_stability"]["total"] == 131
    assert req["denied_third_party"] == {
        "natural_person": 83,
        "commercial": 0,
        "research": 0,
        "nonprofit": 7,
        "legal_services": 0,
        "other_org": 0,
        "total": 90,
    }


def test_pdftotext_layout_headings_name_shuffled_columns():
    """Columns in an unusual order are read from their headings, wrapped over three lines."""
    swapped = LAYOUT.replace(
        _at((C[0], "人"), (C[1], "商业"), (C[2], "科研"), (C[3], "社会"), (C[4], "法律")),
        _at((C[0], "人"), (C[1], "法律"), (C[2], "科研"), (C[3], "社会"), (C[4], "商业")),
    )
    swapped = swapped.replace(
        _at((C[1], "企业"), (C[2], "机构"), (C[3], "公益"), (C[4], "服务")),
        _at((C[1], "服务"), (C[2], "机构"), (C[3], "公益"), (C[4], "企业")),
    )
    swapped = swapped.replace(
        _at((C[3], "组织"), (C[4], "机构")), _at((C[1], "机构"), (C[3], "组织"))
    )
    assert swapped != LAYOUT
    req = parse_bytes(swapped.encode("utf-8")).report["requests"]
    assert req["denied_third_party"]["nonprofit"] == 7
    assert req["carried_over"]["research"] == 3
    assert req["new"]["legal_services"] == 0


def test_pdftotext_layout_blocks():
    tables = [b for b in text.extract(LAYOUT.encode("utf-8")).blocks if isinstance(b, Table)]
    assert tables
    assert all("(layout)" in t.where for t in tables)
    labels = "".join(row[0].text for t in tables for row in t.rows)
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in labels
    assert not any("-3-" in x for t in tables for row in t.texts() for x in row)


def test_pdftotext_layout_rows_on_adjacent_lines_stay_rows():
    """A short figure right under another is a wrapped end only in a row of narrow columns."""
    lines = [
        "某县2024年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        _at((0, "信息内容"), (16, "本年处理决定数量")),
        _at((0, "行政处罚"), (16, "3090")),
        _at((0, "行政强制"), (16, "5")),
        _at((0, "第二十条第（八）项")),
        _at((0, "信息内容"), (16, "本年收费金额（单位：万元）")),
        _at((0, "行政事业性收费"), (16, "1.5")),
        "五、存在的主要问题及改进情况",
        "无。",
    ]
    report = parse_bytes("\n".join(lines).encode("utf-8")).report
    assert report["proactive"]["penalties"] == {"decisions": 3090}
    assert report["proactive"]["coercion"] == {"decisions": 5}
    assert report["proactive"]["fees"] == {"amount_10k_yuan": "1.5"}
