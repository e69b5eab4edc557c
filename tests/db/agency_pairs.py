"""A corpus of real-style agency name pairs, and how the resolver judges a pair.

Each pair: two sightings (name, year, the portal's division code, the portal's own agency) and
the expected answer: ``same`` (one body printed two ways, or one body across a one-to-one
division change), ``different`` (two bodies that each report), ``ambiguous`` (names alone
cannot settle it: the resolver must keep them apart *and* raise a finding). Written for the
rules, not from the resolver's output: places and changes are real (GB/T 2260, lineage.csv).
"""

from __future__ import annotations

from dataclasses import dataclass

from db.agencies.resolve import Known, Resolver, Sighting


@dataclass(frozen=True, slots=True)
class Pair:
    a: Sighting
    b: Sighting
    expected: str
    why: str


def s(name: str, year: int, code: str | None = None, portal: str | None = None) -> Sighting:
    return Sighting(name, year, code, portal)


JINZHAI = "金寨县人民政府"
PAIRS: tuple[Pair, ...] = (
    # --- same ----------------------------------------------------------------------------------
    Pair(
        s("大丰市人民政府", 2014, "320982"),
        s("盐城市大丰区人民政府", 2016, "320904"),
        "same",
        "撤市设区 2015",
    ),
    Pair(
        s("静海县人民政府", 2014, "120223"),
        s("天津市静海区人民政府", 2016, "120118"),
        "same",
        "撤县设区 2015",
    ),
    Pair(
        s("洞头县人民政府", 2014), s("温州市洞头区人民政府", 2016), "same", "撤县设区, names alone"
    ),
    Pair(
        s("梅县人民政府", 2012, "441421"),
        s("梅州市梅县区人民政府", 2014, "441403"),
        "same",
        "梅县 → 梅县区",
    ),
    Pair(s("上虞市人民政府", 2012), s("绍兴市上虞区人民政府", 2014), "same", "撤市设区 2013"),
    Pair(
        s("大丰市教育局", 2014, "320982"),
        s("盐城市大丰区教育局", 2017, "320904"),
        "same",
        "a department follows its government",
    ),
    Pair(
        s("襄樊市人民政府", 2009),
        s("襄阳市人民政府", 2011),
        "same",
        "a prefecture renamed, code kept",
    ),
    Pair(
        s("沈阳市东陵区人民政府", 2015),
        s("沈阳市浑南区人民政府", 2017),
        "same",
        "a district renamed, code kept",
    ),
    Pair(
        s("金寨县发展和改革委员会", 2015, "341524"),
        s("金寨县发改委", 2016, "341524"),
        "same",
        "发改委",
    ),
    Pair(
        s("六安市叶集区人力资源和社会保障局", 2018),
        s("叶集区人社局", 2019, "341504"),
        "same",
        "人社局, prefix",
    ),
    Pair(s("绥中县住房和城乡建设局", 2019), s("绥中县住建局", 2020), "same", "住建局"),
    Pair(s("淄博市张店区卫生健康局", 2020), s("张店区卫健局", 2021, "370303"), "same", "卫健局"),
    Pair(s("金寨县市场监督管理局", 2020), s("金寨县市场监管局", 2021), "same", "市场监管局"),
    Pair(
        s("金寨县发展改革委", 2019),
        s("金寨县发展和改革委员会", 2020),
        "same",
        "official short form",
    ),
    Pair(s(JINZHAI, 2019), s("金 寨 县 人 民 政 府", 2020), "same", "letter-spacing"),
    Pair(s("安徽省金寨县人民政府", 2019), s(JINZHAI, 2020), "same", "province prefix"),
    Pair(
        s("梅山镇人民政府（金寨县）", 2019),
        s("金寨县梅山镇人民政府", 2020),
        "same",
        "bracketed place",
    ),
    Pair(
        s("花石乡人民政府", 2019, "341524", JINZHAI),
        s("金寨县花石乡人民政府", 2020, "341524"),
        "same",
        "township by context",
    ),
    Pair(
        s("硚口区汉中街道办事处", 2019, "420104"),
        s("汉中街道", 2020, "420104"),
        "same",
        "bare 街道",
    ),
    Pair(s("绥中县政府办", 2019), s("绥中县人民政府办公室", 2020), "same", "政府办"),
    Pair(s("延边州延吉市人民政府", 2019), s("延吉市人民政府", 2020), "same", "自治州 short form"),
    Pair(s("阿拉善盟阿拉善左旗人民政府", 2019), s("阿拉善左旗人民政府", 2020), "same", "盟 prefix"),
    Pair(
        s("淮安经济技术开发区管委会", 2019),
        s("淮安经济技术开发区管理委员会", 2020),
        "same",
        "管委会",
    ),
    Pair(s("中山市住房公积金管理中心", 2019), s("中山市公积金中心", 2020), "same", "公积金中心"),
    # --- different -----------------------------------------------------------------------------
    Pair(
        s(JINZHAI, 2019), s("金寨县人民政府办公室", 2019), "different", "government vs its office"
    ),
    Pair(
        s("六安市人民政府", 2019),
        s("六安市人民政府办公室", 2019),
        "different",
        "government vs its office",
    ),
    Pair(
        s("海淀区政府", 2019, "110108"),
        s("海淀区政府办", 2019, "110108"),
        "different",
        "abbreviated",
    ),
    Pair(s(JINZHAI, 2019), s("中共金寨县委员会", 2019), "different", "Party committee"),
    Pair(
        s("六安市叶集区人民政府", 2019), s("六安市人民政府", 2019), "different", "district vs city"
    ),
    Pair(
        s("淄博市张店区财政局", 2019),
        s("淄博市财政局", 2019),
        "different",
        "district vs city department",
    ),
    Pair(
        s("西湖区人民政府", 2019, "330106"),
        s("西湖区人民政府", 2019, "360103"),
        "different",
        "two 西湖区",
    ),
    Pair(
        s("长安镇人民政府", 2019, "330481"),
        s("长安镇人民政府", 2019, "441900"),
        "different",
        "two 长安镇",
    ),
    Pair(
        s("江北区发改委", 2019, "500105"),
        s("江北区发改委", 2019, "330205"),
        "different",
        "two 江北区",
    ),
    Pair(
        s("和平区人民政府", 2019, "120101"),
        s("和平区人民政府", 2019, "210102"),
        "different",
        "two 和平区",
    ),
    Pair(s("绥中县人民法院", 2019), s("绥中县人民政府", 2019), "different", "court"),
    Pair(s("金寨县审计局", 2019), s("金寨县统计局", 2019), "different", "two departments"),
    Pair(
        s("盐城经济技术开发区管理委员会", 2019),
        s("盐城市亭湖区人民政府", 2019),
        "different",
        "zone vs district",
    ),
    Pair(
        s("县人大常委会办公室", 2019, "341524"),
        s("县人民政府办公室", 2019, "341524"),
        "different",
        "people's congress",
    ),
    Pair(
        s("朝阳市人民政府", 2019), s("长春市朝阳区人民政府", 2019), "different", "city vs district"
    ),
    Pair(
        s("北京市东城区人民政府", 2011), s("北京市西城区人民政府", 2011), "different", "neighbours"
    ),
    Pair(
        s("天津市塘沽区人民政府", 2008),
        s("天津市滨海新区人民政府", 2008),
        "different",
        "both before the merger",
    ),
    Pair(s("苏州工业园区管理委员会", 2019), s("苏州市人民政府", 2019), "different", "zone vs city"),
    Pair(
        s("中共绥中县委组织部", 2019),
        s("绥中县人力资源和社会保障局", 2019),
        "different",
        "Party department",
    ),
    # --- ambiguous -----------------------------------------------------------------------------
    Pair(
        s("长安镇人民政府", 2019),
        s("海宁市长安镇人民政府", 2019, "330481"),
        "ambiguous",
        "no context",
    ),
    Pair(
        s("西湖区人民政府", 2019),
        s("杭州市西湖区人民政府", 2019, "330106"),
        "ambiguous",
        "two 西湖区",
    ),
    Pair(s("县人民政府办公室", 2019), s("绥中县人民政府办公室", 2019), "ambiguous", "generic"),
    Pair(
        s("天津市塘沽区人民政府", 2008),
        s("天津市滨海新区人民政府", 2010),
        "ambiguous",
        "merger 2009",
    ),
    Pair(
        s("苏州市沧浪区人民政府", 2010), s("苏州市姑苏区人民政府", 2013), "ambiguous", "merger 2012"
    ),
    Pair(
        s("无锡市崇安区人民政府", 2014), s("无锡市梁溪区人民政府", 2016), "ambiguous", "merger 2015"
    ),
    Pair(s("绥中县环境保护局", 2017), s("绥中县生态环境局", 2019), "ambiguous", "reform 2019"),
    Pair(
        s("金寨县卫生局", 2012), s("金寨县卫生和计划生育委员会", 2014), "ambiguous", "reform 2013"
    ),
    Pair(
        s("金寨县政府信息公开办公室", 2012),
        s("金寨县人民政府办公室", 2012),
        "ambiguous",
        "disclosure office",
    ),
    Pair(
        s("南沙区人民政府", 2019, "440115", "广州南沙经济技术开发区管理委员会"),
        s("广州南沙经济技术开发区管理委员会", 2019, "440115"),
        "ambiguous",
        "a zone committee running its district",
    ),
)


def judge(pair: Pair) -> tuple[str, list[str]]:
    """Resolve ``a`` into an empty registry, then ``b``: ``same`` when ``b`` lands on ``a``'s
    agency, ``ambiguous`` when they stay apart with a finding, else ``different``."""
    resolver = Resolver()
    first = resolver.resolve(pair.a)
    ident = first.identity
    resolver.add(
        Known(
            1, pair.a.name, ident.kind, ident.stem, ident.region_code, ident.key, {pair.a.year or 0}
        )
    )
    second = resolver.resolve(pair.b)
    details = [f.detail for f in (*first.findings, *second.findings)]
    if second.agency_id == 1:
        return "same", details
    return ("ambiguous" if details else "different"), details
