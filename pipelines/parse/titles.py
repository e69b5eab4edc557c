"""An annual report's title: recognising one, and the agency and year it names.

One module for every reader of titles: the crawler (a link's text, a page's title), the parser
(the document's title line), the OCR route (a title read off a scan) and legacy reports (titles
copied with a ``标题:`` label, years in Chinese numerals). Titles take forms like

- ``XX县人民政府2023年政府信息公开工作年度报告`` (…年报, …工作报告, 政务公开…)
- ``2023年度XX局政府信息公开工作年度报告`` (the year first)
- ``XX局政府信息公开工作年度报告（2019年度）`` (the year last)
- ``XX关于2024年度政府信息公开工作情况的报告`` (关于…情况的报告)
- ``二〇一二年XX政府信息公开工作年度报告``, ``标题: XX…`` (a copied page)

and come in two lines (agency, then year and report) often enough that callers join lines.
Text is read after ``normalise``: NFKC (full-width digits and brackets), no whitespace, the
``标题:`` label and 【…】 tags dropped, Chinese-numeral years as digits.
"""

from __future__ import annotations

import re
import unicodedata

from pipelines.parse.dates import cn_number

# What the title calls the report: 年度报告 / 年报, 工作报告, 工作情况(的)报告.
_KIND = r"(年度报告|年报|工作(情况)?的?报告|情况的?报告)"
# A year in digits or in Chinese numerals (二〇二三年).
YEAR = r"((19|20)\d{2}|[一二][〇零○Ｏ九][〇零○Ｏ一二三四五六七八九]{2})"
_REPORT = re.compile(YEAR + r"\s*年?度?.*?(信息公开|政务公开).*?" + _KIND)
_REPORT_LOOSE = re.compile(r"(信息公开|政务公开).*?" + YEAR + r"\s*年?度?.*?" + _KIND)
# The year last: …政府信息公开工作年度报告（2023年度）
_REPORT_YEAR_LAST = re.compile(
    r"(信息公开|政务公开).*?" + _KIND + r"[^\w\d]{0,2}" + YEAR + r"\s*年?度?[^\w\d]?$"
)
# Titles that mention reports but are not one.
_NOT_REPORT = re.compile(
    r"工作要点|指南|通知|通报|目录|制度|办法|规定|意见|方案|解读|考核|评估|报送|编制|公告|会议|培训"
    r"|征集|计划|清单|细则|统计表|报表|模板|格式|说明|图解|一图读懂|政策问答"
)
_TRAILING_DATE = re.compile(r"[\[(（]?(19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[\])）]?$")

# The words that make a line a report's title (the year may be on the line before).
REPORT_WORDS = re.compile(
    r"(?:政府|政务)?信息公开.{0,12}(?:年度报告|年报|工作报告|情况的?报告)|年度报告"
)
_TITLE_YEAR = re.compile(
    r"(\d{4})\s*年\s*度?\s*(?:的)?\s*(?:本机关|本单位|部门)?\s*(?:(?:政府|政务)?\s*信息公开|政务公开)"
)
_YEAR_FIRST = re.compile(r"^\s*(\d{4})\s*年\s*度?\s*(.+?)(?:(?:政府|政务)?信息公开|政务公开)")
_YEAR_LAST = re.compile(
    r"^(.*?)(?:(?:政府|政务)?信息公开|政务公开).{0,12}?(?:年度报告|年报|工作报告)"
    r"\s*[(（〔\[【]\s*(\d{4})\s*年?\s*度?\s*[)）〕\]】]\s*$"
)
_CN_YEAR = re.compile(r"([〇零○O一二三四五六七八九]{4})\s*年")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_TITLE_CLEAN = re.compile(r"^(?:关于|转发|印发)|[【\[].*?[】\]]")
_LABEL = re.compile(r"^(?:文章)?(?:标题|题目|名称)\s*[:：]\s*")


def clean(text: str | None) -> str:
    """Without whitespace (titles wrap and pad anywhere)."""
    return re.sub(r"\s+", "", text or "")


def digit_years(text: str) -> str:
    """Full-width digits as ASCII, and a year in Chinese numerals (二〇一九年) as 2019年."""
    text = text.translate(_FULLWIDTH_DIGITS)
    return _CN_YEAR.sub(lambda m: f"{cn_number(m.group(1))}年", text)


def normalise(text: str | None) -> str:
    """A title as the patterns read it (see the module docstring)."""
    t = clean(unicodedata.normalize("NFKC", text or ""))
    return digit_years(_LABEL.sub("", t))


def strip_label(line: str) -> str:
    """A line without the ``标题:`` label a copied page puts before the title."""
    return _LABEL.sub("", line)


def is_report_title(title: str | None) -> bool:
    """``…2023年…政府信息公开工作年度报告`` / ``…年报`` / ``关于…工作情况的报告``, but not
    工作要点, 指南, 通知 and the like."""
    t = clean(unicodedata.normalize("NFKC", title or ""))
    t = _TRAILING_DATE.sub("", _LABEL.sub("", t))  # a row's text: title then date
    if not t or _NOT_REPORT.search(t):
        return False
    return bool(_REPORT.search(t) or _REPORT_LOOSE.search(t) or _REPORT_YEAR_LAST.search(t))


def is_not_report_text(text: str | None) -> bool:
    """Text that names something other than a report (指南, 通知, 工作要点 …)."""
    return bool(_NOT_REPORT.search(clean(text)))


def names_a_report(line: str) -> bool:
    """A line that holds a report title's words (年度报告, 信息公开…年报 …), with or without
    its year: a title line, or the second line of a two-line title."""
    return bool(REPORT_WORDS.search(normalise(line)))


def title_parts(title: str | None) -> tuple[str | None, int | None]:
    """(agency, year) a title names; either may be None (关于2024年度… names no agency)."""
    if not title:
        return None, None
    title = _TITLE_CLEAN.sub("", normalise(title))
    match = _TITLE_YEAR.search(title)
    if match:
        year, agency = int(match.group(1)), title[: match.start()]
    elif match := _YEAR_FIRST.search(title):
        # 2024年度XX局政府信息公开工作年度报告: the year first, the agency after it
        year, agency = int(match.group(1)), match.group(2)
    elif match := _YEAR_LAST.search(title):
        # XX局政府信息公开工作年度报告（2019年度）: the year in brackets at the end
        year, agency = int(match.group(2)), match.group(1)
    else:
        return None, None
    agency = re.sub(r"[\s《》“”\"]", "", agency)
    agency = re.sub(r"(?:关于|印发|转发|公布|的)+$", "", agency)
    return (agency or None), year
