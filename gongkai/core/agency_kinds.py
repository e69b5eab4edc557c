"""Kinds of publishing agency and the deadline of their annual report.

The kind is decided by the archive (``db.agencies``) from the agency's name and context; this
module only names the kinds and says when each kind's report is due. ``report_deadline`` is the
one place that knows the statutory dates: the coverage ledger (``v_coverage``, whose SQL
repeats the rule and is tested against this function) and monitoring both use it.
"""

from __future__ import annotations

from datetime import date

GOVERNMENT = "government"  # 人民政府 of a province, prefecture, county or district; 行政公署
GOVERNMENT_OFFICE = "government_office"  # 人民政府办公室 / 办公厅
DEPARTMENT = "department"  # 局, 委员会, 办, 中心 … of a government, branch bureaus (分局)
TOWNSHIP = "township"  # 乡, 镇, 民族乡, 苏木 人民政府
STREET_OFFICE = "street_office"  # 街道办事处 (Beijing's 地区办事处)
ZONE = "zone"  # 开发区, 实验区, 园区, 新区, 管理区 under a 管委会
OTHER = "other"  # Party bodies, courts, procuratorates, 人大, 政协, enterprises, villages …

KINDS: tuple[str, ...] = (
    GOVERNMENT,
    GOVERNMENT_OFFICE,
    DEPARTMENT,
    TOWNSHIP,
    STREET_OFFICE,
    ZONE,
    OTHER,
)

#: Kinds that publish as a people's government (or stand for one): due 31 March.
GOVERNMENT_LEVEL: frozenset[str] = frozenset({GOVERNMENT, ZONE, TOWNSHIP, STREET_OFFICE})

#: The first report year under the 2019 regulations (国务院令第711号, in force 15 May 2019).
REGULATION_2019_FIRST_YEAR = 2019


def report_deadline(kind: str, year: int) -> date:
    """The last day on which ``kind``'s report for ``year`` may be published.

    - Report years up to 2018 (2007 regulations, 国务院令第492号 art. 31): every agency by
      31 March of the next year.
    - From report year 2019 (国务院令第711号 art. 49): people's governments and the bodies that
      stand for one — zones under a management committee (平潭综合实验区), townships and street
      offices — by 31 March; government offices, departments and every other agency by
      31 January.

    An unknown kind is refused (ValueError) rather than given a date by default.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown agency kind {kind!r} (known: {', '.join(KINDS)})")
    if year < REGULATION_2019_FIRST_YEAR or kind in GOVERNMENT_LEVEL:
        return date(year + 1, 3, 31)
    return date(year + 1, 1, 31)
