"""Random canonical reports (REPORT_FORMAT.md shape) whose numbers obey identities 1-4.

``random_report`` draws an agency, a year, prose sections and the three tables, in the 2021
edition (国办公开办函〔2021〕30号, years 2021-2025) or, with ``fmt="2019"``, the 2019 edition
(〔2019〕60号, years 2019-2020: its own table-2 items and measures, one （六）其他处理 row). With
``break_identity=True`` exactly one of the rules 1-4 is broken; ``broken_rule(report)`` says
which (it recomputes the identities, so it needs no hidden key in the report).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from gongkai.core import vocabulary as v
from gongkai.core.report import check_identities

_PROVINCES_CITIES = [
    ("江苏省", "淮安市", ["淮安区", "淮阴区", "清江浦区", "涟水县", "盱眙县", "金湖县"]),
    ("安徽省", "六安市", ["金安区", "裕安区", "叶集区", "霍邱县", "舒城县", "金寨县", "霍山县"]),
    ("湖北省", "武汉市", ["江岸区", "江汉区", "硚口区", "汉阳区", "武昌区", "青山区", "洪山区"]),
    ("山东省", "淄博市", ["张店区", "淄川区", "博山区", "临淄区", "周村区", "桓台县", "高青县"]),
    ("辽宁省", "葫芦岛市", ["连山区", "龙港区", "南票区", "绥中县", "建昌县", "兴城市"]),
    ("四川省", "绵阳市", ["涪城区", "游仙区", "安州区", "三台县", "盐亭县", "梓潼县", "平武县"]),
    ("河南省", "信阳市", ["浉河区", "平桥区", "罗山县", "光山县", "新县", "商城县", "固始县"]),
    ("浙江省", "台州市", ["椒江区", "黄岩区", "路桥区", "三门县", "天台县", "仙居县", "温岭市"]),
    ("广西壮族自治区", "桂林市", ["秀峰区", "叠彩区", "象山区", "阳朔县", "灵川县", "全州县"]),
    ("甘肃省", "天水市", ["秦州区", "麦积区", "清水县", "秦安县", "甘谷县", "武山县"]),
]
_TOWN_STEMS = [
    "城关",
    "新集",
    "马店",
    "石桥",
    "柳林",
    "高庙",
    "双河",
    "白塔",
    "龙潭",
    "青山",
    "黄土岭",
    "花园",
    "桥头",
    "三河",
    "大兴",
    "古城",
    "永安",
    "太平",
    "长岭",
    "东风",
]
_DEPARTMENTS = [
    "教育局",
    "财政局",
    "民政局",
    "自然资源和规划局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "水利局",
    "卫生健康委员会",
    "市场监督管理局",
    "人力资源和社会保障局",
    "应急管理局",
    "司法局",
    "统计局",
    "医疗保障局",
    "文化和旅游局",
    "退役军人事务局",
    "融媒体中心",
    "发展和改革委员会",
]

#: kind → scale of the request counts (mean of `new` per applicant column weight)
_SCALES = {"city": 2000, "county": 150, "department": 12, "township": 2}


def random_agency(rng: random.Random) -> tuple[str, str]:
    """(agency name, kind) where kind is city, county, department or township."""
    _province, city, counties = rng.choice(_PROVINCES_CITIES)
    county = rng.choice(counties)
    kind = rng.choices(["city", "county", "department", "township"], [1, 3, 5, 3])[0]
    if kind == "city":
        return f"{city}人民政府", kind
    if kind == "county":
        return f"{city}{county}人民政府" if rng.random() < 0.3 else f"{county}人民政府", kind
    if kind == "department":
        prefix = rng.choice([city, county, city + county])
        return f"{prefix}{rng.choice(_DEPARTMENTS)}", kind
    suffix = rng.choice(["镇", "乡", "街道办事处"])
    return f"{county}{rng.choice(_TOWN_STEMS)}{suffix}" + (
        "人民政府" if suffix != "街道办事处" else ""
    ), kind


def _kind_of(agency: str) -> str:
    if agency.endswith(("镇人民政府", "乡人民政府", "街道办事处")):
        return "township"
    if agency.endswith("市人民政府"):
        return "city"
    if agency.endswith("人民政府"):
        return "county"
    return "department"


def _small(rng: random.Random, mean: float, zero_p: float) -> int:
    if rng.random() < zero_p or mean <= 0:
        return 0
    return max(0, int(rng.expovariate(1.0 / mean)))


def _requests(
    rng: random.Random, scale: float, zero_heavy: bool, fmt: str = "2021"
) -> dict[str, dict[str, int]]:
    # Share of the applicant columns; natural persons dominate in practice.
    weights = {
        "natural_person": 0.85,
        "commercial": 0.06,
        "research": 0.004,
        "nonprofit": 0.004,
        "legal_services": 0.03,
        "other_org": 0.02,
    }
    # Share of each result row among handled requests.
    result_rows, request_rows = v.result_rows(fmt), v.request_rows(fmt)
    result_weights = dict.fromkeys(result_rows, 0.01)
    result_weights.update(
        {
            "granted": 0.45,
            "partly_granted": 0.12,
            "unavailable_not_held": 0.2,
            "rejected_petition": 0.03,
            "rejected_duplicate": 0.02,
        }
    )
    if fmt == "2019":
        result_weights["other_processing"] = 0.08
    else:
        result_weights.update({"other_no_correction": 0.03, "other_other": 0.05})
    zero_p = 0.5 if zero_heavy else 0.15
    rows: dict[str, dict[str, int]] = {r: {} for r in request_rows}
    for col, w in weights.items():
        col_zero = zero_p * (3 if w < 0.01 else 1)
        for row, rw in result_weights.items():
            rows[row][col] = _small(
                rng, scale * w * rw, min(0.95, col_zero + (0.3 if rw < 0.05 else 0))
            )
        handled = sum(rows[r][col] for r in result_rows)
        forward = _small(rng, max(handled * 0.05, 0.3), zero_p + 0.3)
        carried = min(handled + forward, _small(rng, max(handled * 0.04, 0.3), zero_p + 0.3))
        rows["handled_total"][col] = handled
        rows["carried_forward"][col] = forward
        rows["carried_over"][col] = carried
        rows["new"][col] = handled + forward - carried
    for cells in rows.values():
        cells["total"] = sum(cells[c] for c in v.APPLICANT_COLUMNS)
    return {row: {c: rows[row][c] for c in v.REQUEST_COLUMNS} for row in request_rows}


def _appeals(rng: random.Random, scale: float, zero_heavy: bool) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for group, share in (
        ("review", 0.05),
        ("litigation_direct", 0.01),
        ("litigation_after_review", 0.008),
    ):
        mean = scale * share
        zero_p = 0.6 if zero_heavy else 0.2
        cells = {
            m: _small(rng, mean * f, zero_p)
            for m, f in (("upheld", 0.4), ("corrected", 0.2), ("other", 0.3), ("pending", 0.1))
        }
        cells["total"] = sum(cells.values())
        out[group] = cells
    return out


def _fee(rng: random.Random, scale: float, zero_heavy: bool, mean_factor: float = 20) -> str:
    if zero_heavy or rng.random() < 0.4:
        return "0"
    amount = Decimal(
        str(round(rng.expovariate(1.0 / (scale * mean_factor)), rng.choice([0, 1, 2, 2, 4])))
    )
    text = format(amount, "f")
    return text[:-2] if text.endswith(".0") else text


def _proactive(
    rng: random.Random, scale: float, zero_heavy: bool, kind: str
) -> dict[str, dict[str, Any]]:
    zp = 0.7 if zero_heavy else 0.1
    rules_p = 0.2 if kind == "city" else 0.97

    def doc(zero_p: float, mean: float) -> dict[str, int]:
        in_force = _small(rng, mean * 6, zero_p)
        return {
            "issued": _small(rng, mean, zero_p),
            "repealed": _small(rng, mean / 2, zero_p),
            "in_force": in_force,
        }

    return {
        "rules": doc(rules_p, 2),
        "normative_documents": doc(zp, max(scale / 60, 1)),
        "licensing": {"decisions": _small(rng, scale * 80, zp)},
        "penalties": {"decisions": _small(rng, scale * 40, zp)},
        "coercion": {"decisions": _small(rng, scale * 3, zp + 0.1)},
        "fees": {"amount_10k_yuan": _fee(rng, scale, zero_heavy)},
    }


def _change(rng: random.Random, prior: int, zero_p: float) -> int:
    """本年增/减: the signed change in the number of items, usually small, often zero."""
    if prior == 0 or rng.random() < zero_p + 0.3:
        return 0 if prior == 0 or rng.random() < 0.8 else -prior
    step = max(1, int(rng.expovariate(1.0 / max(prior * 0.1, 1))))
    return step if rng.random() < 0.55 else -min(step, prior)


def _proactive_2019(
    rng: random.Random, scale: float, zero_heavy: bool, kind: str
) -> dict[str, dict[str, Any]]:
    """Table 2 of the 2019 edition: documents made/published, item counts and their change,
    decisions, fee items, central procurement (count and amount)."""
    zp = 0.7 if zero_heavy else 0.1
    rules_p = 0.2 if kind == "city" else 0.97

    def doc(zero_p: float, mean: float) -> dict[str, int]:
        created = _small(rng, mean, zero_p)
        published = created if rng.random() < 0.8 else _small(rng, created + 0.5, 0.2)
        return {
            "created": created,
            "published": published,
            "total_published": published + _small(rng, mean * 6, zero_p),
        }

    def items(mean_items: float, mean_decisions: float, zero_p: float) -> dict[str, int]:
        prior = _small(rng, mean_items, zero_p)
        return {
            "prior_items": prior,
            "change": _change(rng, prior, zero_p),
            "decisions": _small(rng, mean_decisions, zero_p),
        }

    fee_items = _small(rng, 6, zp + 0.2)
    procurement = _small(rng, max(scale / 10, 1), zp)
    return {
        "rules": doc(rules_p, 2),
        "normative_documents": doc(zp, max(scale / 60, 1)),
        "licensing": items(40, scale * 80, zp),
        "other_services": items(15, scale * 20, zp + 0.2),
        "penalties": items(60, scale * 40, zp),
        "coercion": items(8, scale * 3, zp + 0.1),
        "fees": {"prior_items": fee_items, "change": _change(rng, fee_items, zp)},
        "procurement": {
            "procurement_items": procurement,
            "procurement_amount": _fee(rng, scale, procurement == 0, 8),
        },
    }


_OVERVIEW = [
    "{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "围绕中心工作，持续深化政务公开，不断提升政府信息公开工作质量。",
    "（一）主动公开情况。全年通过政府网站主动公开政府信息{n1}条，其中政策文件{n2}条、政策解读{n3}篇，"
    "及时发布财政预决算、重大项目、民生实事等重点领域信息。",
    "（二）依申请公开情况。严格依法办理政府信息公开申请，规范受理、登记、办理、答复、归档等环节，"
    "本年度新收政府信息公开申请{new}件，均在法定期限内答复。",
    "（三）政府信息管理情况。严格落实“先审后发”制度，加强保密审查和个人信息保护，定期清理过时信息。",
    "（四）政府信息公开平台建设情况。持续优化政府网站信息公开专栏，加强政务新媒体管理，拓宽公开渠道。",
    "（五）监督保障情况。将政务公开工作纳入年度目标考核，组织业务培训{n4}次，自觉接受社会监督。",
]
_PROBLEMS = [
    "{year}年度政府信息公开工作取得一定成效，但仍存在一些不足：一是政策解读形式较为单一；"
    "二是基层政务公开标准化规范化水平有待提升。",
    "下一步，我们将丰富解读形式，加强业务培训，推进基层政务公开标准化规范化建设，切实提高公开质量。",
]
_OTHER = [
    "按照《政府信息公开信息处理费管理办法》规定，本年度{fee_sentence}",
    "本年度无其他需要报告的事项。",
]


def _sections(rng: random.Random, agency: str, year: int, new: int) -> dict[str, str]:
    fill = {
        "agency": agency,
        "year": year,
        "new": new,
        "n1": rng.randint(20, 3000),
        "n2": rng.randint(0, 80),
        "n3": rng.randint(0, 40),
        "n4": rng.randint(1, 12),
        "fee_sentence": rng.choice(["未收取信息处理费。", "没有产生信息公开处理费。"]),
    }
    return {
        "overview": "\n".join(p.format(**fill) for p in _OVERVIEW),
        "problems": "\n".join(p.format(**fill) for p in _PROBLEMS),
        "other": _OTHER[0].format(**fill) if rng.random() < 0.6 else _OTHER[1],
    }


def _nullify(rng: random.Random, report: dict[str, Any]) -> None:
    """Blank some zero cells, as reports often leave them empty or put a dash."""
    p = rng.choice([0.2, 0.5, 0.9])
    for table in ("proactive", "requests", "appeals"):
        for cells in report[table].values():
            for key, value in cells.items():
                if value in (0, "0") and rng.random() < p:
                    cells[key] = None


def _break(rng: random.Random, report: dict[str, Any]) -> None:
    """Break exactly one of the rules 1-4 while keeping the others."""
    req, app = report["requests"], report["appeals"]
    k = rng.randint(1, 9)
    rule = rng.choice("1234")
    col = rng.choice(v.APPLICANT_COLUMNS)

    def add(row: str, column: str, delta: int) -> None:
        req[row][column] = (req[row][column] or 0) + delta

    if rule == "1":
        for c in (col, "total"):
            add("new", c, k)
    elif rule == "2":
        # handled_total grows with carried_over, so rule 1 holds and only the result sum breaks.
        for c in (col, "total"):
            add("handled_total", c, k)
            add("carried_over", c, k)
    elif rule == "3":
        # One applicant column grows consistently down the table, the total column does not:
        # rules 1 and 2 still hold per column, rule 3 breaks on three rows.
        # A total left blank is a finding of its own (total_blank), not a break of rule 3:
        # the broken rows print their total.
        for row in ("granted", "handled_total", "new"):
            add(row, col, k)
            add(row, "total", 0)
    else:
        group = rng.choice(list(app))
        app[group]["total"] = (app[group]["total"] or 0) + k


def random_report(
    rng: random.Random,
    *,
    agency: str | None = None,
    year: int | None = None,
    fmt: str = "2021",
    zero_heavy: bool | None = None,
    nulls: bool = False,
    break_identity: bool = False,
) -> dict[str, Any]:
    """A canonical report with realistic numbers; see the module docstring."""
    if fmt not in ("2021", "2019"):
        raise ValueError(f"only the 2021 and 2019 table formats are generated, not {fmt!r}")
    if agency is None:
        agency, kind = random_agency(rng)
    else:
        kind = _kind_of(agency)
    if year is None:
        year = rng.randint(2021, 2025) if fmt == "2021" else rng.randint(2019, 2020)
    if zero_heavy is None:
        zero_heavy = kind in ("department", "township") and rng.random() < 0.7
    scale = _SCALES[kind] * rng.uniform(0.3, 2.5)
    if zero_heavy:
        scale = min(scale, 5)
    published = date(year + 1, 1, 5) + timedelta(days=rng.randint(0, 80))
    requests = _requests(rng, scale, zero_heavy, fmt)
    proactive = (_proactive if fmt == "2021" else _proactive_2019)(rng, scale, zero_heavy, kind)
    report: dict[str, Any] = {
        "agency": agency,
        "year": year,
        "format": fmt,
        "published": published.isoformat(),
        "proactive": proactive,
        "requests": requests,
        "appeals": _appeals(rng, scale, zero_heavy),
        "sections": _sections(rng, agency, year, requests["new"]["total"]),
    }
    if nulls:
        _nullify(rng, report)
    if break_identity:
        _break(rng, report)
    return report


def broken_rule(report: dict[str, Any]) -> str | None:
    """The one identity rule ('1'..'4') the report breaks, None when it breaks none.

    Raises ValueError when several rules break (``random_report`` never produces that)."""
    rules = sorted({f.rule for f in check_identities(report)})
    if not rules:
        return None
    if len(rules) > 1:
        raise ValueError(f"several identities broken: {rules}")
    return rules[0]
