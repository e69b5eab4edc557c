"""The text route's layouts beyond the seeds."""

from __future__ import annotations

from pipelines.parse import parse_bytes, text
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
    assert report["proactive"]["normative_documents"] == {"issued": 2, "repealed": 1, "in_force": 15}
    assert report["proactive"]["licensing"] == {"decisions": 1204}
    assert report["requests"]["new"]["total"] == 5


def test_gb18030_text_and_page_footers():
    doc = "某县2024年政府信息公开工作年度报告\n\t规章\n\t1\n\n- 2 -\n\n\t行政许可\n\t7\n"
    ex = text.extract(doc.encode("gb18030"))
    tables = [b for b in ex.blocks if isinstance(b, Table)]
    assert [[c.text for c in row] for t in tables for row in t.rows] == [["规章", "1"], ["行政许可", "7"]]
    assert all("- 2 -" not in getattr(b, "text", "") for b in ex.blocks)


def test_one_cell_per_line_without_blank_lines_between_rows():
    lines = ["某县2024年政府信息公开工作年度报告", "二、主动公开政府信息情况",
             "\t第二十条第（一）项", "\t信息内容", "\t本年制发件数", "\t本年废止件数", "\t现行有效件数",
             "\t规章", "\t0", "\t0", "\t1", "\t行政规范性文件", "\t5", "\t", "\t40",
             "\t第二十条第（五）项", "\t信息内容", "\t本年处理决定数量", "\t行政许可", "\t88",
             "\t第二十条第（六）项", "\t信息内容", "\t本年处理决定数量", "\t行政处罚", "\t9",
             "五、存在的主要问题及改进情况", "无。"]
    report = parse_bytes("\n".join(lines).encode("utf-8")).report
    assert report["proactive"]["normative_documents"] == {"issued": 5, "repealed": None, "in_force": 40}
    assert report["proactive"]["licensing"] == {"decisions": 88}
    assert report["proactive"]["penalties"] == {"decisions": 9}


def test_headings_with_stray_trailing_tabs_stay_headings(seeds):
    seed = next(s for s, _ in seeds if s.name.startswith("004"))
    text = seed.read_text("utf-8").replace("一、总体情况", "一、总体情况\t\t").replace(
        "五、存在的主要问题及改进情况", "五、存在的主要问题及改进情况\t")
    result = parse_bytes(text.encode("utf-8"))
    assert set(result.report["sections"]) == {"overview", "problems", "other"}
    assert result.report["requests"]["granted"]["total"] == 113
