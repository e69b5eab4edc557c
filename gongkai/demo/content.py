"""What each portal publishes: reports of the government, its departments and townships, and
look-alike items that are not annual reports, with the dates they appeared."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

from gongkai.demo import documents
from gongkai.demo.model import Doc, PortalSpec

#: the date of day 1; day n is this plus n - 1 days
DAY1 = date(2025, 3, 20)


def day_date(day: int) -> date:
    return DAY1 + timedelta(days=day - 1)


def dept_agency(spec: PortalSpec, dept: str) -> str:
    return f"{spec.short}{dept}"


def town_agency(spec: PortalSpec, town: str) -> str:
    return f"{spec.short}{town}{'办事处' if town.endswith('街道') else '人民政府'}"


def _report_title(rng: random.Random, agency: str, year: int) -> str:
    return rng.choice(
        [
            f"{agency}{year}年政府信息公开工作年度报告",
            f"{agency}{year}年度政府信息公开工作年度报告",
            f"{year}年{agency}政府信息公开工作年度报告",
            f"{agency}关于{year}年政府信息公开工作的年度报告",
            f"{agency}{year}年政府信息公开年报",
        ]
    )


def _published(rng: random.Random, year: int, kind: str) -> date:
    # departments publish by 31 January, governments by 31 March (国务院令第711号 art. 49-50)
    last = date(year + 1, 1, 31) if kind == "department" else date(year + 1, 3, 15)
    start = date(year + 1, 1, 6)
    return start + timedelta(days=rng.randint(0, (last - start).days))


def choose_form(rng: random.Random, family: str, budget: dict[str, Any]) -> str:
    """How a report is published. Rendering DOCX costs about a second and PDF/DOC a few, so
    those forms draw on a shared budget; ``budget["must"]`` forces each form to appear once."""
    forms = documents.available_forms()
    must: list[str] = budget.setdefault("must", [])
    while must:
        form = must.pop(0)
        if (form if form != "wps" else "doc") in forms:
            return form
    weights = {"html": 6, "docx": 3, "pdf": 2, "doc": 1, "wps": 0.5}
    if family == "gkmlpt":
        weights["html"] = 3
    options = [f for f in weights if (f if f != "wps" else "doc") in forms] or ["html"]
    form = rng.choices(options, [weights[f] for f in options])[0]
    base = "doc" if form == "wps" else form
    if base == "html":
        return form
    if budget.get(base, 0) <= 0:
        return "html"
    budget[base] -= 1
    return form


def new_report(
    rng: random.Random,
    spec: PortalSpec,
    agency: str,
    kind: str,
    year: int,
    published: date,
    budget: dict[str, Any],
    uid: str,
) -> Doc | None:
    truth = documents.make_truth(rng, agency, year, published.isoformat())
    if truth is None:
        return None
    form = choose_form(rng, spec.family, budget)
    return Doc(
        uid=uid,
        portal=spec.id,
        title=_report_title(rng, agency, year),
        agency=agency,
        kind=kind,
        published=published,
        is_report=True,
        year=year,
        truth=truth,
        form=form,
    )


def reports_for(spec: PortalSpec, seed: int, budget: dict[str, Any]) -> list[Doc]:
    """Day-1 reports of a portal: the government 2019-2024, departments and townships recent years."""
    rng = random.Random(f"{seed}-reports-{spec.id}")
    plan: list[tuple[str, str, int]] = [(spec.agency, "government", y) for y in range(2019, 2025)]
    for i, dept in enumerate(spec.departments):
        first = (2022, 2023, 2024)[min(i, 2)]
        plan += [(dept_agency(spec, dept), "department", y) for y in range(first, 2025)]
    for town in spec.townships:
        plan += [(town_agency(spec, town), "township", y) for y in (2023, 2024)]
    out: list[Doc] = []
    for n, (agency, kind, year) in enumerate(plan):
        published = _published(rng, year, kind)
        if published > DAY1:
            published = DAY1 - timedelta(days=rng.randint(1, 20))
        doc = new_report(rng, spec, agency, kind, year, published, budget, f"{spec.id}-r{n}")
        if doc is not None:
            out.append(doc)
    return out


_PARAS = [
    "为深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，进一步提升政务公开质量和实效，结合本地实际，制定本要点。",
    "各乡镇（街道）、县直各单位要高度重视，明确责任分工，确保各项任务落到实处。",
    "请各单位于规定时间前将有关材料报送县政务公开办公室，逾期未报送的将予以通报。",
    "本指南适用于向本机关申请获取政府信息的公民、法人和其他组织，主要包括主动公开、依申请公开等内容。",
    "全年地区生产总值同比增长，一般公共预算收入稳步提升，城乡居民收入持续增加。",
    "会议强调，要坚持以人民为中心的发展思想，推动各项工作取得新成效。",
]


def non_reports_for(spec: PortalSpec, seed: int) -> list[Doc]:
    """Items in the report column that are not annual reports but look close to one."""
    rng = random.Random(f"{seed}-others-{spec.id}")
    s, a = spec.short, spec.agency
    dept = dept_agency(spec, spec.departments[0])
    titles = [
        ("plan", f"{s}2025年政务公开工作要点", date(2025, 3, 3)),
        ("plan", f"关于印发《{s}2024年政务公开工作要点》的通知", date(2024, 4, 12)),
        ("guide", f"{a}政府信息公开指南", date(2023, 6, 1)),
        (
            "notice",
            "关于做好2024年度政府信息公开工作年度报告编制和发布工作的通知",
            date(2025, 1, 8),
        ),
        ("interpretation", f"图解：{s}2023年政府信息公开工作年度报告", date(2024, 3, 2)),
        ("other_report", f"{s}2024年法治政府建设年度报告", date(2025, 2, 27)),
        ("other_report", f"{a}2024年政府工作报告", date(2025, 1, 22)),
        ("news", f"{dept}2024年工作总结和2025年工作计划", date(2025, 1, 16)),
        ("notice", f"{s}政府信息公开工作年度报告目录（2008-2018年）", date(2019, 2, 1)),
    ]
    rng.shuffle(titles)
    out = []
    for n, (kind, title, published) in enumerate(titles[: rng.randint(6, len(titles))]):
        paras = rng.sample(_PARAS, 3)
        doc = Doc(
            uid=f"{spec.id}-n{n}",
            portal=spec.id,
            title=title,
            agency=a,
            kind=kind,
            published=published,
            is_report=False,
            body_html="".join(f"<p>{p}</p>" for p in paras),
        )
        if kind in ("plan", "notice", "other_report") and rng.random() < 0.3:
            # the text sits in a Word attachment, as a report's would
            doc.form, doc.attachment_ext = "docx", "docx"
            doc.attachment = documents.plain_docx(title, paras, f"{seed}-{doc.uid}")
            doc.body_html = ""
        out.append(doc)
    return out
