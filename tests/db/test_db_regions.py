"""Region resolution from agency names, agency kinds, and the shipped division list."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.agencies.names import classify
from db.models import Region
from db.regions import divisions, resolve_region


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("金寨县融媒体中心", "341524"),
        ("六安市叶集区融媒体中心", "341504"),
        ("叶集区", "341504"),
        ("武汉市硚口区融媒体中心", "420104"),
        ("张店区融媒体中心", "370303"),
        ("绥中县", "211421"),
        ("淮安市人民政府", "320800"),
        ("北京市朝阳区人民政府", "110105"),
        ("吉林省长春市朝阳区人民政府", "220104"),
        ("安徽省人民政府", "340000"),
        ("中共淮安市委宣传部", "320800"),
    ],
)
def test_resolves_names(name: str, code: str) -> None:
    assert resolve_region(name).code == code


def test_ambiguous_county_name_is_flagged_not_guessed() -> None:
    match = resolve_region("朝阳区人民政府")
    assert match.code is None
    assert match.ambiguous
    assert set(match.candidates) == {"110105", "220104"}


def test_unknown_name() -> None:
    match = resolve_region("某某科技有限公司")
    assert match.code is None
    assert match.candidates == []


def test_prefecture_disambiguates_shared_county_names() -> None:
    counts: dict[str, int] = {}
    for d in divisions():
        if d.level == "county":
            counts[d.name] = counts.get(d.name, 0) + 1
    shared = [
        d for d in divisions() if d.level == "county" and counts[d.name] > 1 and d.prefecture_code
    ]
    assert shared, "the list has county names used in several places"
    by_code = {d.code: d for d in divisions()}
    for d in shared[:50]:
        prefecture = by_code[d.prefecture_code or ""]
        assert resolve_region(f"{prefecture.name}{d.name}人民政府").code == d.code


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("淮安市人民政府", "government"),
        ("绥中县", "government"),
        ("金寨县融媒体中心", "department"),
        ("淮安市财政局", "department"),
        ("金寨县卫生健康委员会", "department"),
        ("金寨县人民政府办公室", "government_office"),
        ("梅山镇人民政府", "township"),
        ("某某乡", "township"),
        ("六安市金安区三里桥街道办事处", "street_office"),
        ("平潭综合实验区", "zone"),
        ("某某", "other"),
    ],
)
def test_classify_agency(name: str, kind: str) -> None:
    assert classify(name) == kind


def test_division_list_is_current_and_complete() -> None:
    levels: dict[str, int] = {}
    for d in divisions():
        levels[d.level] = levels.get(d.level, 0) + 1
    assert 2800 <= levels["county"] <= 2900
    assert levels["province"] >= 31
    codes = [d.code for d in divisions()]
    assert len(codes) == len(set(codes))
    assert all(len(c) == 6 and c.isdigit() for c in codes)


@pytest.mark.db
def test_regions_table_holds_the_list(session: Session) -> None:
    current = (
        select(func.count())
        .select_from(Region)
        .where(Region.last_year.is_(None), Region.level != "zone")
    )
    assert session.scalar(current) == len(divisions())
    assert session.get(Region, "341524").name == "金寨县"  # type: ignore[union-attr]
    # past divisions (lineage.csv) are kept with their last year, zones with their code
    assert session.get(Region, "320829").last_year == 2015  # type: ignore[union-attr]
    assert session.get(Region, "320871").level == "zone"  # type: ignore[union-attr]
