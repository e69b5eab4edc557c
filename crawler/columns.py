"""Where a report column branches: its sub-columns by year (2023年度), by kind of unit (政府年报 /
部门年报 / 乡镇（街道）, 县级 / 部门 / 镇街 tabs) and by unit (a unit tree: 县教育局, 城关镇), and the
other report columns a column page names (年报汇总). Plain functions of a page's links and its
URL, no spider state.

A unit or a kind of unit is a sub-column only where its link stays near the column (the same
script with another query, or a shared directory): the same names in a page's chrome (a logo
linking home, a footer's 主办单位) lead elsewhere.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from scrapy.http import Response, TextResponse

from crawler import recognise
from crawler.links import AGENCY, Allows, Link, markup

# A year sub-column of a report column: 2023年, 2023年度, 2023年度年报, 2023年报告.
YEAR_COLUMN = re.compile(r"^(19|20)\d{2}\s*年?度?\s*(年报|年度报告|报告|信息公开年报)?$")
# A kind of unit as a column's tab: 本级, 县级, 政府, 部门, 乡镇（街道）, 镇街 (年报 optional).
_UNIT_KIND = re.compile(
    r"^(本级|[县市区]级|[县市区]?政府|[县市区]?直?部门|[县市区]直单位|乡镇|乡镇?[(（]?街道[)）]?"
    r"|街道[(（]?乡镇[)）]?|镇[(（]?街道?[)）]?|镇街|街镇|乡镇街道)(信息公开)?(年报|年度报告)?$"
)


def is_unit_kind(text: str) -> bool:
    return bool(_UNIT_KIND.match(recognise.clean(text)))


def near(url: str, here: str) -> bool:
    """Whether ``url`` stays near the page ``here``: the same host and script (another query),
    or a directory in common below the root."""
    a, b = urlsplit(url), urlsplit(here)
    if a.netloc != b.netloc:
        return False
    if a.path == b.path:
        return True
    dirs_a = [s for s in a.path.split("/")[:-1] if s]
    dirs_b = [s for s in b.path.split("/")[:-1] if s]
    return bool(dirs_a and dirs_b and dirs_a[0] == dirs_b[0])


def subcolumns(links: list[Link], here: str) -> list[Link]:
    """The links of a report column's page that open a part of it, or another report column:
    years, kinds of unit, units near the column, other 年报 columns."""
    own = here.split("#")[0]
    out: list[Link] = []
    seen: set[str] = {own}
    for url, text in links:
        key = url.split("#")[0]
        if key in seen or recognise.is_report_title(text):
            continue
        if (
            YEAR_COLUMN.match(text)
            or recognise.is_report_column(text)
            or (
                (is_unit_kind(text) or AGENCY.match(text))
                and not recognise.is_hub(text)
                and near(url, here)
            )
        ):
            seen.add(key)
            out.append((url, text))
    return out


# A script that opens the chosen option: location.href = "report.jsp?fbtime=" + this.value
_SELECT_URL = re.compile(
    r"""['"]([^'"\s<>]*[?=/&][^'"\s<>]*)['"]\s*\+\s*(?:this\.)?(?:value|options)"""
)


def select_columns(response: Response, allows: Allows) -> list[Link]:
    """Years or units offered by a ``<select>`` (年度 / 单位 jump boxes): an option whose value
    is a URL, or whose value the box's ``onchange`` script appends to a URL
    (``xxgkAnnualReport.jsp?fbtime=`` + this.value); as (url, the option's text)."""
    if not isinstance(response, TextResponse):
        return []
    out: list[Link] = []
    for box in markup(response).iter("select"):
        prefix = _SELECT_URL.search(box.get("onchange") or "")
        for option in box.iter("option"):
            text = recognise.clean(option.text_content())
            value = (option.get("value") or "").strip()
            if not value or not (
                YEAR_COLUMN.match(text) or is_unit_kind(text) or AGENCY.match(text)
            ):
                continue
            if prefix is not None and not re.search(r"[/.?=]", value):
                href = prefix.group(1) + value
            elif re.search(r"[/?]", value) or re.search(r"\.s?html?$|\.jsp|\.php|\.aspx?", value):
                href = value
            else:
                continue
            url = urljoin(response.url, href)
            if allows(url):
                out.append((url, text))
    return out
