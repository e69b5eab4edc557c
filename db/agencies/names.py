"""An agency's name as printed → its parts: the places it starts with, its kind and its stem.

``read_name`` normalises (NFKC, whitespace out, a bracketed qualifier at the end set apart:
陈埭镇人民政府(晋江市), 竹山县人民政府办公室（县外事办公室）), reads the places the name starts
with (``db.agencies.places``), and classifies the rest by its head, not by a keyword inside
it: 县人民政府法制办公室 is a department, 北京市东城区人民政府东华门街道办事处 a street office,
平潭综合实验区地方税务局 a department. The stem names the body within its place in a
canonical spelling (abbreviations expanded, 和 dropped: 发改委 = 发展和改革委员会 = 发展改革委),
so two spellings of one body get one stem.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from db.agencies.places import Place, read_chain
from gongkai.core import agency_kinds as k

_BRACKET = re.compile(r"[(（]([^()（）]*)[)）]$")
#: A level word standing alone before the body: 县人民政府, 区府办, 市政务服务管理办公室.
_GENERIC_LEVEL = re.compile(
    r"^(省|市|县|区|州|盟|旗)(?=人民|政府|府办|委|公共|政务|国有|卫生|纪委)"
)

_OTHER = re.compile(
    r"^(中共|中国共产党|共青团|共产主义青年团|政协|中国人民政治协商|民革|民盟|民建|民进|农工党|致公党|九三学社)"
    r"|人民代表大会|人大常委会|人大|政治协商会议|纪委|监委|纪律检查委员会|监察委员会|党委|党工委|工委"
    r"|(人民法院|法院|人民检察院|检察院|村民委员会|居民委员会|村委会|居委会|社区|公司|集团|银行|医院|卫生院|学校"
    r"|大学|学院|中学|小学|幼儿园|总工会|工会|妇女联合会|妇联|残疾人联合会|残联|红十字会|科学技术协会|科协"
    r"|归国华侨联合会|侨联|文学艺术界联合会|文联|工商业联合会|工商联)$"
)
_PARTY_COMMITTEE = re.compile(r"^(省|市|县|区|州|盟|旗|镇|乡)?委(?!员)")
_GOVERNMENT = re.compile(r"^(人民政府|政府|行政公署|人民政府行政公署)$")
_OFFICE = re.compile(r"^(人民政府|政府|行政公署)?(办公室|办公厅)$|^(政府办|府办|政府办公室)$")
_TOWNSHIP = re.compile(r"^(.{0,12}?(?:镇|乡|苏木))(人民政府|政府)?$")
_STREET = re.compile(r"^(.{0,12}?(?:街道|地区))(办事处|办)?$")
ZONE_WORDS = (
    "综合实验区|经济技术开发区|高新技术产业开发区|经济开发区|技术开发区|高新技术产业园区|工业园区"
    "|产业园区|高新区|开发区|园区|实验区|试验区|示范区|合作区|保税区|管理区|新区|新城"
)
_ZONE = re.compile(rf"^(.{{0,16}}?(?:{ZONE_WORDS}))((管理委员会|管委会|管委)(办公室)?)?")
_ZONE_COMMITTEE = re.compile(r"^(管理委员会|管委会|管委)$")
_ZONE_OFFICE = re.compile(r"^(管理委员会|管委会|管委)(办公室|办公厅)$")
#: Bureaus of a higher level disclosing for a county: 北京市公安局东城分局, 国家税务总局…税务局.
_BRANCH = re.compile(r"^(.+?(?:局|委员会))(.{1,8}?)分局$")
_VERTICAL = re.compile(r"^(国家税务总局|国家统计局|中国人民银行|国家金融监督管理总局)")
_DEPARTMENT = re.compile(r"(局|委员会|委|办公室|办|中心|厅|署|站|所|队|处|馆|部|院|室|会|社)$")

#: Abbreviations of department names (after 和 is dropped), longest first where they overlap.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("发改", "发展改革"),
    ("发展计划", "发展计划"),
    ("文广新", "文化广电新闻出版"),
    ("文广", "文化广电"),
    ("文旅", "文化旅游"),
    ("文体", "文化体育"),
    ("地税", "地方税务"),
    ("国税", "国家税务"),
    ("人社", "人力资源社会保障"),
    ("住建", "住房城乡建设"),
    ("卫生计生", "卫生计划生育"),
    ("人口计生", "人口计划生育"),
    ("卫计", "卫生计划生育"),
    ("卫健", "卫生健康"),
    ("市场监管", "市场监督管理"),
    ("环保", "环境保护"),
    ("安监", "安全生产监督管理"),
    ("食药监", "食品药品监督管理"),
    ("质监", "质量技术监督"),
    ("工信", "工业信息化"),
    ("经信", "经济信息化"),
    ("科技", "科学技术"),
    ("教体", "教育体育"),
    ("人防", "人民防空"),
    ("民宗", "民族宗教事务"),
    ("国资", "国有资产监督管理"),
    ("城管", "城市管理"),
    ("医保", "医疗保障"),
    ("应急", "应急管理"),
    ("交通", "交通运输"),
    ("公积金", "住房公积金管理"),
)
#: Short names of whole bodies: 外办 = 外事办公室, 编办 = 机构编制委员会办公室.
WHOLE_NAMES: dict[str, str] = {
    "外办": "外事办公室",
    "侨办": "侨务办公室",
    "台办": "台湾事务办公室",
    "金融办": "金融工作办公室",
    "法制办": "法制办公室",
    "政务办": "政务服务管理办公室",
    "编办": "机构编制委员会办公室",
    "信息公开办": "政府信息公开办公室",
}
#: Suffixes that name the same kind of body: a bureau renamed a commission stays one body.
_BODY_SUFFIX = re.compile(r"(局|委员会)$")


@dataclass(frozen=True, slots=True)
class NameParts:
    text: str  # normalised: NFKC, no whitespace, the bracketed qualifier removed
    kind: str
    stem: str  # the body within its place, canonical spelling ("" for a government)
    places: tuple[Place, ...]  # candidates for the innermost place the name starts with
    outer: tuple[Place, ...] = ()  # the places named before it, outermost first
    zone: str | None = None  # the zone the name is seated in (平潭综合实验区地方税务局)
    qualifier: str | None = None  # the bracketed part (晋江市, 县外事办公室)
    generic: bool = False  # a level word only (县人民政府): the name says no place
    branch: str | None = None  # where a branch bureau sits: 北京市公安局东城分局 → 东城


def normalize(name: str) -> str:
    """NFKC (full-width → half-width), all whitespace removed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def canonical_stem(body: str) -> str:
    """发展和改革委员会, 发展改革委, 发改委 → 发展改革; 地税局 → 地方税务 (局 and 委员会 dropped)."""
    text = body.replace("和", "")
    if text in WHOLE_NAMES:
        return WHOLE_NAMES[text]
    if text.endswith("委") and not text.endswith("纪委"):
        text += "员会"
    elif text.endswith("办"):
        text += "公室"
    for short, full in ABBREVIATIONS:
        if text.startswith(short) and not text.startswith(full):
            text = full + text[len(short) :]
            break
    core = _BODY_SUFFIX.sub("", text)
    return core or text


def _split_qualifier(text: str) -> tuple[str, str | None]:
    found = _BRACKET.search(text)
    if found and found.start() > 0:
        return text[: found.start()], found.group(1) or None
    return text, None


def read_name(name: str) -> NameParts:
    text, qualifier = _split_qualifier(normalize(name))
    chain = read_chain(text)
    places, outer, body = chain.fits, chain.outer, text[chain.end :]
    if not places:  # e.g. 中共淮安市委…: a place named after a prefix of three or more characters
        for pos in range(1, min(len(text), 8)):
            later = read_chain(text, pos)
            if later.fits and later.end - pos >= 3:
                places, outer = later.fits, later.outer
                break
    generic = False
    if not chain.fits and (level := _GENERIC_LEVEL.match(body)):
        body, generic = body[level.end() :], True
    if places and places[0].level == "zone":  # a zone with a code: 淮安经济技术开发区管委会
        body = places[0].name + body
        places = tuple(p for p in outer[-1:])
        outer = outer[:-1]
    kind, stem, zone = _classify(text, body, bool(places))
    branch = _BRANCH.match(body)
    where = branch.group(2) if branch and kind == k.DEPARTMENT else None
    return NameParts(text, kind, stem, places, outer, zone, qualifier, generic, where)


def _classify(text: str, body: str, placed: bool) -> tuple[str, str, str | None]:
    """(kind, stem, zone) of ``body``, the part of the name after its places."""
    if _OTHER.search(text) or _PARTY_COMMITTEE.match(body):
        return k.OTHER, body, None
    if body == "" and placed:
        return k.GOVERNMENT, "", None  # the bare name of a division: a government's title
    if _GOVERNMENT.match(body):
        return k.GOVERNMENT, "", None
    if _OFFICE.match(body):
        return k.GOVERNMENT_OFFICE, "", None
    if body.startswith("人民政府") and len(body) > 4:
        rest = body[4:]
        if _STREET.match(rest) or _TOWNSHIP.match(rest):
            body = rest  # Beijing's long form: 东城区人民政府东华门街道办事处
        else:
            return k.DEPARTMENT, canonical_stem(rest), None  # 人民政府法制办公室, 驻北京办事处
    if town := _TOWNSHIP.match(body):
        return k.TOWNSHIP, town.group(1), None
    if (street := _STREET.match(body)) and (street.group(1) != "地区" or street.group(2)):
        stem = street.group(1) or "街道"
        return k.STREET_OFFICE, stem, None
    if zone := _ZONE.match(body):
        name, rest = zone.group(1), body[zone.end() :]
        committee = zone.group(2) or ""
        if rest == "" and (_ZONE_OFFICE.match(committee)):
            return k.GOVERNMENT_OFFICE, "", name
        if rest == "":
            return k.ZONE, name, name
        if not committee and _ZONE_OFFICE.match(rest):
            return k.GOVERNMENT_OFFICE, "", name
        if not committee and _ZONE_COMMITTEE.match(rest):
            return k.ZONE, name, name
        return (*_department(rest), name)
    if _VERTICAL.match(body) or _BRANCH.match(body) or _DEPARTMENT.search(body):
        return (*_department(body), None)
    return k.OTHER, body, None


def _department(body: str) -> tuple[str, str]:
    vertical = _VERTICAL.match(body)
    if vertical:
        body = body[vertical.end() :]
        found = _ZONE.match(body)
        if found and found.end() < len(body):
            body = body[found.end() :]
    branch = _BRANCH.match(body)
    if branch:
        body = branch.group(1)
    if _OTHER.search(body):
        return k.OTHER, body
    return k.DEPARTMENT, canonical_stem(body)


def classify(name: str) -> str:
    """The kind of agency a name denotes (``gongkai.core.agency_kinds``), from the name alone."""
    return read_name(name).kind
