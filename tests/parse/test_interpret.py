"""The interpreter on hand-built blocks: label normalisation, column order, value cells."""

from __future__ import annotations

import pytest

from gongkai.core import vocabulary as v
from pipelines.parse import parse_extracted
from pipelines.parse.cells import Token, as_amount, as_count
from pipelines.parse.labels import REQUEST_ROWS, first_match, norm
from pipelines.parse.model import Cell, Extracted, Paragraph, Table


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("（三）不予公开 1、 属于 国家秘密", "denied_state_secret"),
        ("(三)不予公开1．属于国家秘密", "denied_state_secret"),
        ("〔五〕不予处理 4.无正当理由大量\n反复申请", "rejected_excessive"),
        ("（六）其他处理 3． 其他", "other_other"),
        ("（七） 总 计", "handled_total"),
        ("四、结转下年度继续办理", "carried_forward"),
        ("[bookmark: _Hlk1]一、本年新收政府信息公开申请数量", "new"),
        ("３．危及“三安全一稳定”", "denied_security_stability"),
    ],
)
def test_labels_match_after_normalisation(label, code):
    assert first_match(norm(label), REQUEST_ROWS) == code


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("12", 12),
        ("1,234", 1234),
        ("１２", 12),
        ("", None),
        ("—", None),
        ("-", None),
        ("/", None),
        ("无", None),
        ("\u00a0", None),
        ("+12", 12),
        ("-3", -3),
        ("\u22123", -3),
        ("7件", 7),
    ],
)
def test_cells(text, count):
    assert as_count(Token(text)) == count


def test_amounts_keep_their_digits():
    assert as_amount(Token("3,382")) == "3382"
    assert as_amount(Token("12.50")) == "12.50"
    assert as_amount(Token("—")) is None


def _report(header_rows, rows, appeals_row=None):
    blocks = [
        Paragraph("某市某局2024年政府信息公开工作年度报告"),
        Paragraph("三、收到和处理政府信息公开申请情况"),
        Table([[Cell(t) for t in r] for r in header_rows + rows], "table 1"),
        Paragraph("四、政府信息公开行政复议、行政诉讼情况"),
        Table([[Cell(t) for t in (appeals_row or ["0"] * 15)]], "table 2"),
        Paragraph("五、存在的主要问题及改进情况"),
        Paragraph("无。"),
        Paragraph("某市某局"),
        Paragraph("2025年1月9日"),
    ]
    return parse_extracted(Extracted(route="docx", blocks=blocks))


def test_columns_are_mapped_by_their_header_labels():
    # 总计 first, the organisations before the natural persons, in another order than the template
    header = [
        ["", "总计", "法人或其他组织", "", "", "", "", "自然人"],
        ["", "", "其他", "法律服务机构", "社会公益组织", "科研机构", "商业企业", ""],
    ]
    rows = [["一、本年新收政府信息公开申请数量", "15", "1", "2", "0", "0", "3", "9"]]
    result = _report(header, rows)
    assert result.report["requests"]["new"] == {
        "natural_person": 9,
        "commercial": 3,
        "research": 0,
        "nonprofit": 0,
        "legal_services": 2,
        "other_org": 1,
        "total": 15,
    }
    assert result.report["published"] == "2025-01-09"


def test_without_header_the_template_order_is_used():
    rows = [["一、本年新收政府信息公开申请数量", "9", "3", "0", "0", "2", "1", "15"]]
    assert _report([], rows).report["requests"]["new"]["total"] == 15


def test_missing_rows_stay_null_and_tables_are_complete():
    rows = [["一、本年新收政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"]]
    report = _report([], rows).report
    assert list(report["requests"]) == list(v.REQUEST_ROWS)
    assert report["requests"]["granted"] == dict.fromkeys(v.REQUEST_COLUMNS)
    assert report["proactive"]["rules"] == {"issued": None, "repealed": None, "in_force": None}


def test_spanned_copies_are_never_counted_twice():
    header = [
        ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    ]
    cells = [
        Cell("一、本年新收政府信息公开申请数量"),
        Cell("5"),
        Cell("5", is_copy=True),
        Cell("0"),
        Cell("0"),
        Cell("0"),
        Cell("0"),
        Cell("5"),
    ]
    blocks = [
        Paragraph("某县2024年政府信息公开工作年度报告"),
        Table([[Cell(t) for t in header[0]], cells], "t"),
        Paragraph("五、存在的主要问题及改进情况"),
    ]
    report = parse_extracted(Extracted(route="html", blocks=blocks)).report
    assert report["requests"]["new"]["commercial"] is None
    assert report["requests"]["new"]["natural_person"] == 5


def test_a_stats_table_in_the_overview_does_not_shadow_table_2():
    blocks = [
        Paragraph("某县2024年政府信息公开工作年度报告"),
        Paragraph("一、总体情况"),
        Table([[Cell("类别"), Cell("条数")], [Cell("行政规范性文件"), Cell("57")]], "table 1"),
        Paragraph("二、主动公开政府信息情况"),
        Table(
            [
                [Cell(t) for t in row]
                for row in [
                    ["第二十条第（一）项"],
                    ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
                    ["规章", "0", "0", "0"],
                    ["行政规范性文件", "3", "1", "20"],
                ]
            ],
            "table 2",
        ),
        Paragraph("五、存在的主要问题及改进情况"),
    ]
    report = parse_extracted(Extracted(route="docx", blocks=blocks)).report
    assert report["proactive"]["normative_documents"] == {
        "issued": 3,
        "repealed": 1,
        "in_force": 20,
    }


M5 = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
APPEALS = {
    "review": {"upheld": 1, "corrected": 2, "other": 0, "pending": 0, "total": 3},
    "litigation_direct": {"upheld": 0, "corrected": 0, "other": 1, "pending": 0, "total": 1},
    "litigation_after_review": {"upheld": 0, "corrected": 0, "other": 0, "pending": 2, "total": 2},
}


def _appeals(*tables):
    blocks = [
        Paragraph("某县2024年政府信息公开工作年度报告"),
        Paragraph("四、政府信息公开行政复议、行政诉讼情况"),
        *(
            Table([[Cell(t) for t in row] for row in rows], f"table {i}")
            for i, rows in enumerate(tables)
        ),
        Paragraph("五、存在的主要问题及改进情况"),
    ]
    return parse_extracted(Extracted(route="docx", blocks=blocks)).report["appeals"]


def test_table_4_transposed_one_row_per_group():
    assert (
        _appeals(
            [
                ["", *M5],
                ["行政复议", "1", "2", "0", "0", "3"],
                ["行政诉讼 未经复议直接起诉", "0", "0", "1", "0", "1"],
                ["行政诉讼 复议后起诉", "0", "0", "0", "2", "2"],
            ]
        )
        == APPEALS
    )


def test_table_4_split_in_review_and_litigation_tables():
    assert (
        _appeals(
            [["行政复议"], M5, ["1", "2", "0", "0", "3"]],
            [
                ["行政诉讼"],
                ["未经复议直接起诉", "复议后起诉"],
                M5 + M5,
                ["0", "0", "1", "0", "1", "0", "0", "0", "2", "2"],
            ],
        )
        == APPEALS
    )


def test_table_4_measures_in_another_order():
    order = ["总计", "结果维持", "结果纠正", "其他结果", "尚未审结"]
    assert (
        _appeals(
            [
                ["行政复议", "行政诉讼"],
                [*order, "未经复议直接起诉", "复议后起诉"],
                order + order,
                ["3", "1", "2", "0", "0", "1", "0", "0", "1", "0", "2", "0", "0", "0", "2"],
            ]
        )
        == APPEALS
    )


def test_section_headings_written_as_table_rows_and_blank_rows_keep_their_table():
    rows = [
        ["二、主动公开政府信息情况"],
        ["规章", "1", "0", "2"],
        ["三、收到和处理政府信息公开申请情况"],
        ["一、本年新收政府信息公开申请数量", "", "", "", "", "", "", ""],
        ["二、上年结转政府信息公开申请数量", "1", "0", "0", "0", "0", "0", "1"],
        ["四、政府信息公开行政复议、行政诉讼情况"],
        ["0"] * 15,
        ["五、存在的主要问题及改进情况"],
    ]
    blocks = [
        Paragraph("某县2024年政府信息公开工作年度报告"),
        Table([[Cell(t) for t in r] for r in rows], "t"),
    ]
    report = parse_extracted(Extracted(route="docx", blocks=blocks)).report
    assert report["proactive"]["rules"] == {"issued": 1, "repealed": 0, "in_force": 2}
    assert report["requests"]["new"] == dict.fromkeys(v.REQUEST_COLUMNS)
    assert report["requests"]["carried_over"]["total"] == 1
    assert report["appeals"]["review"]["total"] == 0


def test_a_measure_header_with_an_unreadable_label_falls_back_to_the_template():
    rows = [
        ["第二十条第（一）项"],
        ["信息内容", "本年制发件数", "本年废止件数", "现形有笑件数"],
        ["规章", "1", "0", "4"],
        ["行政规范性文件", "3", "1", "20"],
    ]
    blocks = [
        Paragraph("某县2024年政府信息公开工作年度报告"),
        Paragraph("二、主动公开政府信息情况"),
        Table([[Cell(t) for t in r] for r in rows], "t"),
        Paragraph("五、存在的主要问题及改进情况"),
    ]
    report = parse_extracted(Extracted(route="docx", blocks=blocks)).report
    assert report["proactive"]["rules"] == {"issued": 1, "repealed": 0, "in_force": 4}


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["规章", "0", "", "5", "7"], [0, 5, 7]),  # an empty grid column between values
        (["规章", "0", "-", "", "0"], [0, None, 0]),  # a dash is a cell, the empty column is not
        (["行政事业性收费", "4", "", "-1", ""], [4, -1]),
    ],
)
def test_empty_grid_columns_between_values_are_dropped(texts, expected):
    from pipelines.parse.interpret.rows import by_sequence, view

    tokens, guess = by_sequence(view([Cell(t) for t in texts], "row", soft=False), len(expected))
    assert [as_count(t) if t is not None else None for t in tokens] == expected
    assert guess is None


def test_a_leading_dash_is_a_cell_and_an_empty_column_is_not():
    from pipelines.parse.interpret.rows import by_sequence, view

    row = view([Cell(t) for t in ("行政规范性文件", "—", "0", "", "493")], "row", soft=False)
    tokens, guess = by_sequence(row, 3)
    assert [as_count(t) if t is not None else None for t in tokens] == [None, 0, 493]
    assert guess is None
