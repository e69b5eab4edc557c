"""Agency identity: name reading, kinds, the resolution rules one by one, the pair corpus,
and the report deadline per kind."""

from __future__ import annotations

from datetime import date

import pytest

from db.agencies import places as pl
from db.agencies.names import canonical_stem, classify, normalize, read_name
from db.agencies.resolve import Known, Resolver, Sighting
from gongkai.core import agency_kinds as k
from gongkai.core.agency_kinds import KINDS, report_deadline
from tests.db.agency_pairs import PAIRS, Pair, judge

# --- the corpus ------------------------------------------------------------------------------


def test_the_corpus_is_large_enough_and_mixed() -> None:
    expected = [p.expected for p in PAIRS]
    assert len(PAIRS) >= 40
    assert {e: expected.count(e) >= 8 for e in ("same", "different", "ambiguous")} == {
        "same": True,
        "different": True,
        "ambiguous": True,
    }


@pytest.mark.parametrize("order", ["a-then-b", "b-then-a"])
def test_the_corpus_resolves_with_no_wrong_merge(order: str) -> None:
    wrong, missed = [], []
    for pair in PAIRS:
        p = pair if order == "a-then-b" else Pair(pair.b, pair.a, pair.expected, pair.why)
        got, details = judge(p)
        if got == "same" and p.expected != "same":
            wrong.append((p.a.name, p.b.name, p.why))
        elif got != p.expected:
            missed.append((p.a.name, p.b.name, p.expected, got, details[:1]))
    assert wrong == []
    assert missed == []


def test_ambiguous_pairs_produce_findings_naming_the_reason() -> None:
    for pair in (p for p in PAIRS if p.expected == "ambiguous"):
        got, details = judge(pair)
        assert got == "ambiguous", pair.why
        assert all("kept apart" in d for d in details), details


# --- reading a name --------------------------------------------------------------------------


def test_normalisation_nfkc_spaces_and_bracketed_qualifier() -> None:
    assert normalize("卢 氏 县 人 民 政 府") == "卢氏县人民政府"
    assert normalize("（北京市）") == "(北京市)"
    parts = read_name("陈埭镇人民政府（晋江市）")
    assert (parts.text, parts.qualifier, parts.kind) == ("陈埭镇人民政府", "晋江市", "township")


def test_parent_division_prefixes_are_read_as_places() -> None:
    for name in ("福建省福州市长乐区人民政府", "福州市长乐区人民政府", "长乐区人民政府"):
        parts = read_name(name)
        assert [p.code for p in parts.places] == ["350112"], name
        assert parts.kind == k.GOVERNMENT


def test_short_forms_of_autonomous_prefectures() -> None:
    assert pl.short_form("恩施土家族苗族自治州") == "恩施州"
    assert pl.short_form("长阳土家族自治县") == "长阳县"
    assert [p.code for p in read_name("恩施州利川市人民政府").places] == ["422802"]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("发展和改革委员会", "发改委"),
        ("发展和改革委员会", "发展改革委"),
        ("发展和改革局", "发改局"),
        ("文化广电新闻出版局", "文广新局"),
        ("地方税务局", "地税局"),
        ("人力资源和社会保障局", "人社局"),
        ("卫生和计划生育委员会", "卫计委"),
        ("外事办公室", "外办"),
    ],
)
def test_abbreviations_share_one_stem(a: str, b: str) -> None:
    assert canonical_stem(a) == canonical_stem(b)


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("吉林省长春市朝阳区人民政府", "government"),
        ("锡林郭勒盟行政公署", "government"),
        ("宁波市江北区人民政府办公室", "government_office"),
        ("区府办", "government_office"),
        ("淄博市张店区财政局", "department"),
        ("县人民政府法制办公室", "department"),
        ("市人民政府驻上海办事处", "department"),
        ("北京市公安局海淀分局", "department"),
        ("金寨县梅山镇人民政府", "township"),
        ("阿拉善左旗巴彦浩特镇", "township"),
        ("北京市海淀区人民政府学院路街道办事处", "street_office"),
        ("汉中街道", "street_office"),
        ("盐城经济技术开发区管理委员会", "zone"),
        ("广州南沙经济技术开发区管委会", "zone"),
        ("平潭综合实验区", "zone"),
        ("天津市滨海新区人民政府", "government"),
        ("中共金寨县委办公室", "other"),
        ("金寨县人民检察院", "other"),
        ("金寨县妇女联合会", "other"),
    ],
)
def test_kind_by_the_head_of_the_name(name: str, kind: str) -> None:
    assert classify(name) == kind


# --- the rules -------------------------------------------------------------------------------


def test_context_chooses_among_divisions_of_one_name() -> None:
    r = Resolver()
    assert r.identify(Sighting("朝阳区人民政府", region_code="220104")).region_code == "220104"
    assert r.identify(Sighting("朝阳区人民政府", region_code="110105")).region_code == "110105"
    ident = r.identify(Sighting("朝阳区人民政府"))
    assert ident.region_code is None
    assert set(ident.candidates) == {"110105", "220104"}


def test_the_name_wins_over_the_context() -> None:
    """淮安市发改委 seen on the 洪泽区 portal is the city's department, not the district's."""
    ident = Resolver().identify(Sighting("淮安市发改委", region_code="320813"))
    assert ident.region_code == "320800"


def test_context_gives_a_place_to_a_name_without_one() -> None:
    r = Resolver()
    assert (
        r.identify(Sighting("城关镇人民政府", region_code="420323")).key == "420323|township|城关镇"
    )
    assert r.identify(Sighting("三里屯街道", portal_agency="北京市朝阳区人民政府")).region_code == (
        "110105"
    )


def test_a_past_division_resolves_to_its_one_to_one_successor() -> None:
    ident = Resolver().identify(Sighting("洪泽县人民政府", 2015))
    assert (ident.region_code, ident.division_code, ident.step) == (
        "320813",
        "320829",
        "county_to_district",
    )


def test_departments_resolve_within_their_division() -> None:
    r = Resolver()
    district = r.identify(Sighting("洪泽区发展和改革局"))
    city = r.identify(Sighting("淮安市发展和改革委员会"))
    assert district.key == "320813|department|发展改革"
    assert city.key == "320800|department|发展改革"


def test_a_zone_department_keeps_its_zone_unless_the_zone_runs_the_county() -> None:
    r = Resolver()
    zone_dept = r.identify(Sighting("洪泽经济开发区财政局", region_code="320813"))
    county_dept = r.identify(Sighting("洪泽区财政局", region_code="320813"))
    assert zone_dept.key != county_dept.key
    governed = Resolver(governed={"350128": "平潭综合实验区"})
    assert (
        governed.identify(Sighting("平潭综合实验区地方税务局", region_code="350128")).key
        == governed.identify(Sighting("平潭县地税局", region_code="350128")).key
    )


def test_pingtan_zone_resolves_to_its_county_as_a_zone() -> None:
    ident = Resolver().identify(Sighting("平潭综合实验区"))
    assert (ident.kind, ident.region_code) == ("zone", "350128")


def test_resolution_reuses_a_known_agency_and_flags_the_unknown() -> None:
    r = Resolver()
    ident = r.identify(Sighting("淮安市洪泽区人民政府"))
    r.add(Known(7, "淮安市洪泽区人民政府", ident.kind, ident.stem, ident.region_code, ident.key))
    assert r.resolve(Sighting("洪泽区人民政府")).agency_id == 7
    unknown = r.resolve(Sighting("县人民政府"))
    assert unknown.agency_id is None
    assert [f.rule for f in unknown.findings] == ["agency_ambiguous", "agency_ambiguous"]


# --- lineage data ----------------------------------------------------------------------------


def test_lineage_lists_county_level_changes_since_2008() -> None:
    rows = {(c.old_code, c.new_code): c for c in pl.changes()}
    hongze = rows[("320829", "320813")]
    assert (hongze.year_from, hongze.reason) == (2016, "county_to_district")
    assert rows[("320802", "320812")].reason == "merger"  # 清河区 → 清江浦区
    assert rows[("", "341504")].reason == "created"  # 叶集区
    assert all(c.year_from >= 2008 for c in pl.changes())


# --- deadlines -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_before_2019_every_report_is_due_on_31_march(kind: str) -> None:
    assert report_deadline(kind, 2018) == date(2019, 3, 31)


@pytest.mark.parametrize(
    ("kind", "due"),
    [
        ("government", date(2020, 3, 31)),
        ("zone", date(2020, 3, 31)),
        ("township", date(2020, 3, 31)),
        ("street_office", date(2020, 3, 31)),
        ("government_office", date(2020, 1, 31)),
        ("department", date(2020, 1, 31)),
        ("other", date(2020, 1, 31)),
    ],
)
def test_from_2019_governments_and_zones_31_march_others_31_january(kind: str, due: date) -> None:
    assert report_deadline(kind, 2019) == due


def test_an_unknown_kind_has_no_deadline() -> None:
    with pytest.raises(ValueError, match="unknown agency kind"):
        report_deadline("ministry", 2020)
