"""The rules behind legacy key figures, one by one: labels, sentences, negations, the outline,
glued table cells, and the agency/year/date of a legacy report."""

from __future__ import annotations

import pytest

from pipelines.parse import parse_bytes
from pipelines.parse.interpret.legacy_glued import settle
from pipelines.parse.interpret.legacy_labels import Context, classify, other_time
from pipelines.parse.interpret.legacy_outline import heading_kind, split_outline
from pipelines.parse.interpret.legacy_sentences import read_sentences
from pipelines.parse.interpret.legacy_tables import flattened_rows, splits
from pipelines.parse.labels import norm


def _key(label: str, section: str = "requests", sentence: str | None = None) -> str | None:
    return classify(norm(label), Context(section, norm(sentence or label)))


@pytest.mark.parametrize(
    ("label", "section", "key"),
    [
        ("2016年全区主动公开政府信息", "proactive", "proactive_items"),
        ("主动公开各类政府信息", "proactive", "proactive_items"),
        ("全年主动向社会公开信息", "overview", "proactive_items"),
        ("通过门户网站、公开栏等渠道主动公开政府信息", "proactive", "proactive_items"),
        ("全年共公开政府信息", "proactive", "proactive_items"),
        ("2012年共收到有关政府信息公开的申请", "requests", "requests_received"),
        ("受理依申请公开信息总数", "table", "requests_received"),
        ("依申请公开政府信息", "requests", "requests_received"),
        ("对依申请公开的答复总数", "requests", "requests_answered"),
        ("申请办结数", "table", "requests_answered"),
        ("同意公开答复数", "requests", "granted"),
        ("部分同意公开", "requests", "partly_granted"),
        ("其它公开答复数", "requests", "partly_granted"),
        ("不予以公开", "requests", "denied"),
        ("否决公开答复数", "requests", "denied"),
        ("免于公开答复数", "requests", "denied"),
        ("申请信息不存在数", "requests", "not_held"),
        ("非本机关职责权限范围", "requests", "not_this_agency"),
        ("不属于本机关公开范围", "requests", "not_this_agency"),
        ("告知申请人向有关行政机关申请", "requests", "not_this_agency"),
        ("其他类型答复数", "requests", "other_answers"),
        ("共收取检索、复制、邮寄等费用", "fees", "fees_yuan"),
        ("政府信息公开收费减免金额", "table", "fees_yuan"),
        ("因政府信息公开申请行政复议", "appeals", "review"),
        ("行政诉讼数", "table", "litigation"),
        ("接受行政诉讼、举报数", "table", "complaints"),
        ("行政申诉数", "table", "complaints"),
    ],
)
def test_labels_name_their_key(label: str, section: str, key: str) -> None:
    ctx = Context(section, norm(label), table=section == "table")
    assert classify(norm(label), ctx) == key


@pytest.mark.parametrize(
    ("label", "section"),
    [
        ("2012年制作、获取政府信息总数", "proactive"),  # not the proactive total
        ("作为依申请公开信息数", "proactive"),  # the catalogue's classification
        ("不予公开信息数", "requests"),  # information withheld, not requests denied
        ("县直各单位主动公开政府信息", "proactive"),  # a part (see the share rule) …
        ("通过区政府网站公开信息", "proactive"),  # a channel
        ("机构职能类信息", "proactive"),  # a class
        ("其中主动公开规范性文件数", "table"),
        ("属于已主动公开范围数", "table"),
        ("政府信息公开专栏访问量达", "proactive"),
        ("其中当面申请数", "requests"),  # a channel of requests
        ("“重复申请”的", "requests"),  # an answer kind, not requests received
        ("今年我局共受理审批事项", "other"),
        ("办结率", "requests"),
        ("12345政务服务热线受理群众诉求", "overview"),
        ("政府信息公开费用", "other"),  # spending, outside the fees section
        ("政府信息公开工作经费投入", "fees"),
        ("共计减免金额", "fees"),  # tax relief
        ("依申请公开复印收费标准为每页", "fees"),  # a price, not a fee charged
        ("维持具体行政行为数", "table"),
        ("法律法规规定的其他情形", "table"),
        ("县长热线受理群众投诉", "appeals"),
    ],
)
def test_distractors_name_no_key(label: str, section: str) -> None:
    ctx = Context(section, norm(label), table=section == "table")
    key = classify(norm(label), ctx)
    assert key is None or (label.startswith("县直") and key == "proactive_items"), key


@pytest.mark.parametrize(
    ("prefix", "near", "other"),
    [
        ("2016年全区主动公开政府信息", "2016年全区主动公开政府信息", False),
        ("2015年共受理", "2015年共受理", True),  # another year in a 2016 report
        ("共受理申请12件，比上年增加", "比上年增加", True),
        ("截至2016年底，累计主动公开", "累计主动公开", True),
        ("历年累计主动公开", "历年累计主动公开", True),
        ("《条例》施行以来，全县共主动公开", "全县共主动公开", True),
        ("今年以来，全县共主动公开", "全县共主动公开", False),
    ],
)
def test_other_years_changes_and_running_totals(prefix: str, near: str, other: bool) -> None:
    assert other_time(prefix, near, 2016) is other


def _said(text: str, year: int = 2016) -> dict[str, list[object]]:
    out: dict[str, list[object]] = {}
    for c in read_sentences(split_outline(text), year):
        out.setdefault(c.key, []).append(c.value)
    return out


def test_shares_parts_and_among_are_not_the_figure() -> None:
    said = _said(
        "二、主动公开政府信息情况\n2016年全区主动公开政府信息3460条。其中，区直各部门主动公开"
        "政府信息1822条，占53%。各乡镇主动公开政府信息1638条，占47%。在网站主动公开的3460条"
        "政府信息中，机构职能类信息612条。"
    )
    assert said == {"proactive_items": [3460]}


def test_answer_shares_are_the_answers() -> None:
    said = _said(
        "一、依申请公开政府信息情况\n在已办结的298件申请中：“同意公开”的141件，占47.3%；"
        "“部分公开”的19件，占6.4%。"
    )
    assert said == {"requests_answered": [298], "granted": [141], "partly_granted": [19]}


def test_a_noun_after_the_number() -> None:
    said = _said("一、依申请公开政府信息情况\n2016年，我局共受理了3件政府信息公开申请。")
    assert said == {"requests_received": [3]}


def test_amounts_in_wan_yuan_are_yuan_and_zero_words_are_zero() -> None:
    said = _said(
        "四、政府信息公开的收费及减免情况\n全年收取信息检索费用0.05万元。\n"
        "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n行政复议、行政诉讼均为零。"
    )
    assert said == {"fees_yuan": ["500"], "review": [0], "litigation": [0]}


@pytest.mark.parametrize(
    ("sentence", "section", "keys"),
    [
        ("本单位2013年未收到政府信息公开申请", "requests", {"requests_received"}),
        ("2013年度没有依申请公开信息的情况", "requests", {"requests_received"}),
        (
            "2013年所有信息公开都没有发生行政复议、行政诉讼的情况",
            "appeals",
            {"review", "litigation"},
        ),
        ("未收到有关政府信息公开行政复议、提起行政诉讼的申请", "appeals", {"review", "litigation"}),
        ("未收到有关政府信息公开行政复议申请", "requests", {"review"}),
        ("没有发生行政复议、行政诉讼和申诉案件", "appeals", {"review", "litigation", "complaints"}),
        ("依申请提供政府信息暂不收费", "fees", {"fees_yuan"}),
        ("没有向依申请公开对象收取复印、传真、递送等任何费用", "fees", {"fees_yuan"}),
        ("本年度我局不存在政府信息公开收费及减免情况", "fees", {"fees_yuan"}),
        (
            "因未发生政府信息公开申请，故不存在政府信息答复处理情况",
            "requests",
            {"requests_received"},
        ),
        ("我局无不予公开政府信息情况", "requests", set()),  # proactive sense: not a denial
        ("解答纳税人咨询达3000多人次，零投诉", "other", set()),  # service complaints
        ("印发放置了免费的政务公开手册", "proactive", set()),  # not about fees charged
    ],
)
def test_negations_state_zero_for_what_they_name(
    sentence: str, section: str, keys: set[str]
) -> None:
    from pipelines.parse.interpret.legacy_outline import Part

    found = read_sentences([Part(section, "", sentence)], 2013)
    assert {c.key for c in found} == keys
    assert all(str(c.value) == "0" for c in found)


def test_outline_headings_inside_one_line() -> None:
    text = (
        "标题: XX 本报告由概述组成。 一、 概述2016年，我区取得成效。（一）组织机构方面 二、主动公开"
        "政府信息情况（一）数量2016年全区主动公开政府信息3460条。 三、政府信息依申请公开工作情况 "
        "2016年全区未收到申请。四、审批事项及处理情况 受理117件。 五、申请行政复议、提起行政诉讼"
        "和申诉的情况 无。 六、主要问题和改进措施 无。 七、统计表 指标名称计量单位2016年度"
        "历年累计 一、主动公开情况"
    )
    kinds = [p.kind for p in split_outline(text)]
    assert kinds == [
        "preamble",
        "overview",
        "proactive",
        "requests",
        "unknown",
        "appeals",
        "problems",
        "table",
    ]


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("依申请公开政府信息和不予公开政府信息的情况", "requests"),
        ("因政府信息公开申请行政复议、提起行政诉讼的情况", "appeals"),
        ("政府信息公开的人员、收费及减免情况", "fees"),
        ("政府信息公开工作的基本概况", "overview"),
        ("存在的主要问题和改进措施", "problems"),
        ("平潭综合实验区政府信息公开情况统计表", "table"),
        ("工作人员及信息公开事务支出情况", "unknown"),
    ],
)
def test_heading_kinds(heading: str, kind: str) -> None:
    assert heading_kind(heading) == kind


def test_an_unexpected_ordinal_is_not_a_heading() -> None:
    parts = split_outline(
        "一、概述\n采取“一网、一站”的方式。三、这不是标题\n二、主动公开政府信息情况\n"
    )
    assert [p.kind for p in parts] == ["overview", "proactive"]
    assert "三、这不是标题" in parts[0].text


def test_glued_cells_split_every_way_the_columns_allow() -> None:
    assert splits("2121", "条", 2, 0) == [("2", "121"), ("21", "21")]
    assert splits("346085376", "条", 2, 0) == [
        ("3", "46085376"),
        ("34", "6085376"),
        ("3460", "85376"),
    ]
    assert splits("03", "件", 2, 0) == [("0", "3")]  # no leading zeros, total ≥ this year
    assert splits("00", "件", 1, 0) == []  # one column cannot hold "00"
    assert splits("58.558.5", "元", 2, 0) == [("58.5", "58.5")]


def test_flattened_rows_strip_the_next_rows_item_number() -> None:
    rows = flattened_rows(
        "指标名称计量单位2012年度历年累计对申请的答复数条2121其中：1.同意公开答复数条17172."
        "同意部分公开答复数条223.否决公开答复数条22行政复议数条00",
        "统计表",
    )
    assert [r.label for r in rows] == [
        "对申请的答复数",
        "其中:1.同意公开答复数",
        "2.同意部分公开答复数",
        "3.否决公开答复数",
        "行政复议数",
    ]
    assert rows[1].readings == [("1", "717"), ("17", "17")]
    assert [r.child_of for r in rows] == [None, 0, 0, 0, None]
    settle(rows, [None] * len(rows), {})
    assert [r.value for r in rows] == ["21", "17", "2", "2", "0"]
    assert rows[0].how == "the only reading its parts add up to"


def test_a_sentence_settles_a_glued_cell() -> None:
    rows = flattened_rows("指标名称计量单位2016年度历年累计主动公开文件数条346085376", "统计表")
    settle(rows, ["proactive_items"], {"proactive_items": {"3460"}})
    assert rows[0].value == "3460"
    assert rows[0].how == "the reading a sentence states"


def test_notes_in_labels_are_not_rows() -> None:
    rows = flattened_rows(
        "统计指标单位统计数（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）条5610"
        "其中：主动公开规范性文件数条12",
        "统计表",
    )
    assert [(r.label, r.readings) for r in rows] == [
        ("(一)主动公开政府信息数", [("5610", None)]),
        ("其中:主动公开规范性文件数", [("12", None)]),
    ]


# --- agency, year and date of a legacy report ---------------------------------------------------

_BODY = (
    "一、概述\n本年度工作有序开展。\n二、主动公开政府信息情况\n全年主动公开政府信息120条。\n"
    "三、依申请公开政府信息情况\n全年未收到政府信息公开申请。\n"
    "四、政府信息公开的收费及减免情况\n未收取任何费用。\n"
    "五、因政府信息公开申请行政复议、提起行政诉讼的情况\n未发生行政复议、行政诉讼。\n"
)


def test_a_legacy_report_is_the_titles_issuer_not_its_signing_office() -> None:
    text = (
        "卢氏县人民政府2012年度政府信息公开工作报告\n"
        + _BODY
        + "卢氏县人民政府办公室\n2013年3月28日\n"
    )
    report = parse_bytes(text.encode("utf-8")).report
    assert (report["agency"], report["year"], report["published"]) == (
        "卢氏县人民政府",
        2012,
        "2013-03-28",
    )


def test_without_a_name_in_the_title_the_opening_sentence_names_the_issuer() -> None:
    text = (
        "2018年政府信息公开工作年度报告\n本报告由竹山县城关镇人民政府编制。本报告所列数据统计期限自"
        "2018年1月1日起至12月31日止。\n" + _BODY
    )
    report = parse_bytes(text.encode("utf-8")).report
    assert (report["agency"], report["year"]) == ("竹山县城关镇人民政府", 2018)


def test_a_compiling_office_is_not_the_issuer() -> None:
    text = (
        "政府信息公开工作年度报告\n本报告是根据《条例》要求，由成都市武侯区人民政府办公室编制的"
        "2009年度政府信息公开年度报告。\n" + _BODY
    )
    report = parse_bytes(text.encode("utf-8")).report
    assert (report["agency"], report["year"]) == ("成都市武侯区人民政府", 2009)


def test_a_truncated_report_opening_with_yinyan_names_its_year_in_its_first_sentence() -> None:
    text = (
        "引言\n本报告是根据《中华人民共和国政府信息公开条例》要求，由北京市东城区审计局编制的"
        "2009年度政府信息公开年度报告。\n一、概述\n我局开始开展政府信息公开工作。\n"
        "二、政府信息主动公开情况\n本局2009年共主动公开政府信息47条，其中全文电子\n"
    )
    report = parse_bytes(text.encode("utf-8")).report
    assert (report["agency"], report["year"], report["format"]) == (
        "北京市东城区审计局",
        2009,
        "legacy",
    )
    assert report["legacy"]["proactive_items"]["value"] == 47


def test_a_copied_page_gives_its_date_line() -> None:
    text = "标题: 某县档案局2014年政府信息公开工作年度报告\n发布时间: 2015-02-03 10:00\n" + _BODY
    report = parse_bytes(text.encode("utf-8")).report
    assert (report["agency"], report["year"], report["published"]) == (
        "某县档案局",
        2014,
        "2015-02-03",
    )


def test_a_2019_report_keeps_its_signature_as_agency(fixture_bytes) -> None:
    report = parse_bytes(fixture_bytes("report_2019.txt")).report
    assert report["format"] == "2019"
    assert "legacy" not in report


def test_a_section_that_says_only_nothing() -> None:
    said = _said(
        "一、概述\n工作有序开展。\n二、政府信息公开的收费及减免情况\n无。\n"
        "三、因政府信息公开申请行政复议、提起行政诉讼的情况\n无\n四、存在的主要问题\n无。\n"
    )
    assert said == {"fees_yuan": ["0"], "review": [0], "litigation": [0]}


def test_zero_for_several_appeals_at_once() -> None:
    said = _said(
        "一、因政府信息公开申请行政复议、提起行政诉讼的情况\n"
        "2016年，因政府信息公开申请提起行政复议、行政诉讼的情况为零。"
    )
    assert said == {"review": [0], "litigation": [0]}


def test_requests_handled_as_yishenqing_matters() -> None:
    said = _said(
        "一、依申请公开政府信息情况\n2016年，共办理依申请公开事项12件，已全部按时答复。"
        "全年受理行政审批事项356件。"
    )
    assert said == {"requests_received": [12]}


def _kept(text: str, year: int = 2017) -> dict[str, object]:
    from pipelines.parse.interpret.legacy import read_legacy
    from pipelines.parse.model import Extracted, Paragraph

    ex = Extracted("text", [Paragraph(line) for line in text.splitlines() if line.strip()])
    return {k: f["value"] for k, f in read_legacy(ex, year).figures.items() if f is not None}


@pytest.mark.parametrize(
    ("sentence", "kept"),
    [
        ("2017年，我局通过市政府门户网站主动公开政府信息156条。", 156),  # the only count: total
        ("全年主动公开政府信息300条，其中通过门户网站主动公开政府信息280条。", 300),
        ("通过政府网站主动公开信息120条，通过政府公报主动公开信息36条。", None),  # parts only
    ],
)
def test_a_channel_count_is_the_total_only_when_alone(sentence: str, kept: object) -> None:
    got = _kept(f"一、概述\n工作有序开展。\n二、主动公开政府信息情况\n{sentence}\n")
    assert got.get("proactive_items") == kept


@pytest.mark.parametrize(
    ("first", "title"),
    [
        (
            "长汀县人民政府2014年政府信息公开工作年度报告本报告根据《条例》要求编制。",
            "长汀县人民政府2014年政府信息公开工作年度报告",
        ),
        ("现将本局2014年政府信息公开工作年度报告公布如下：", None),  # a sentence, no title
    ],
)
def test_a_title_run_into_the_first_sentence(first: str, title: str | None) -> None:
    from pipelines.parse.interpret.meta import find_title
    from pipelines.parse.model import Extracted, Paragraph

    ex = Extracted("ocr", [Paragraph(first), Paragraph("一、概述")])
    assert find_title(ex) == title
