"""Title, agency, year and publication date of a report, from its own text.

Never from the URL: folders and file names lie. The agency is the name the report signs with
(the signature block at the end), else the name its title gives. A legacy report (up to 2018)
was mostly signed by the office that compiled it (…人民政府办公室), so its agency is the issuer
its title names, else the one its first sentences name (由XX编制, 本报告由XX根据…), else the
signature. The year is the title's, else the 统计期限 sentence's, else the year of the report an
opening sentence names (…编制的2009年度政府信息公开年度报告); ``published`` is the signature
block's date, else a date line under the title, else a copied page's 发布时间 line, else page
metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.parse.dates import CN_DATE, DATE_LINE, iso_date
from pipelines.parse.interpret.legacy import is_legacy_year
from pipelines.parse.model import Extracted, Paragraph
from pipelines.parse.titles import REPORT_WORDS, digit_years, strip_label, title_parts

_PERIOD = re.compile(r"统计(?:期限|时限|时间|区间|周期)[^。]{0,12}?(\d{4})\s*年\s*1\s*月\s*1\s*日")
_UNTIL = re.compile(
    r"(\d{4})\s*年\s*1\s*月\s*1\s*日\s*(?:起)?\s*(?:至|到|—|-|～|~)\s*(?:(\d{4})\s*年\s*)?12\s*月\s*31\s*日"
)
_SENTENCE_PUNCT = re.compile(r"[。，；：:,;！？!?（）()《》“”\"]")
_AGENCY_END = re.compile(
    r"(人民政府|政府|办公室|办公厅|委员会|局|厅|委|中心|办事处|街道|镇|乡|院|所|站|队|馆|部|署|会|处|区|县|市|公司|集团|中心)$"
)
_CONTACT = re.compile(
    r"(?:请与|由)\s*([^，。；、：:（(“”\s]{2,30}?)\s*(?:办公室|办公厅)?\s*(?:联系|编制|负责编制)"
)
_FOOTER = re.compile(r"^[\s\-—–_·第页共/]*\d+[\s\-—–_·第页共/]*$|^第\s*\d+\s*页")
_SITE_SPLIT = re.compile(r"\s*[_|｜]\s*|\s*[-—–]+\s*")
_HAS_YEAR = re.compile(r"(?:19|20)\d{2}\s*年")
# A title at the start of a paragraph that goes on with the report's first sentence.
_TITLE_HEAD = re.compile(
    r"^(?!现将|根据|按照|依据|本|我)([^，。：；,:;]{4,60}?(?:年度报告|工作报告|年报))(?=本报告|根据|按照|依据|现将|[一二三四五六七八九十]、)"
)
# The report an opening sentence names: 由XX编制的2009年度政府信息公开年度报告, 现公布2015年度…
_NAMED_REPORT = re.compile(
    r"((?:19|20)\d{2})\s*年\s*度?\s*(?:的)?\s*(?:政府|政务)?\s*信息公开\s*(?:工作)?\s*(?:年度)?\s*"
    r"(?:报告|年报)"
)
# The issuer an opening sentence names: 由XX编制, 本报告由XX根据…编制, XX编制的…报告
_ISSUER = re.compile(
    r"(?:由|本报告系|本报告为)\s*([^，,。；;、：:（(“”《》\s]{2,40}?)\s*"
    r"(?:根据[^。]{0,80}?)?(?:负责)?(?:编制|编写|撰写|起草|制作)"
)
_OFFICE = re.compile(r"(?:政府信息公开(?:工作)?(?:领导小组)?)?(?:办公室|办公厅)$")
_PAGE_DATE = re.compile(
    r"^(?:发布时间|发布日期|发文日期|成文日期|日期|时间)\s*[:：]\s*((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})"
    r"\s*[-/.月]\s*(\d{1,2})"
)


@dataclass(frozen=True, slots=True)
class Meta:
    title: str | None
    agency: str | None
    year: int | None
    published: str | None
    sources: dict[str, str]  # field → where it was read (title, signature, period sentence, page)


def _paragraphs(ex: Extracted) -> list[str]:
    return [b.text.strip() for b in ex.blocks if isinstance(b, Paragraph) and b.text.strip()]


def find_title(ex: Extracted) -> str | None:
    """The report's title: a short line naming the report near the top (joined with the line
    before it when the title is wrapped), else the container's title without the site name."""
    paras = [strip_label(re.sub(r"\s+", "", p)) for p in _paragraphs(ex)[:8]]
    for i, text in enumerate(paras):
        if len(text) > 80 or not REPORT_WORDS.search(text) or re.search(r"[，。：；,:;]", text):
            continue
        if _HAS_YEAR.search(text):
            return text
        if i > 0 and len(paras[i - 1]) <= 40 and _HAS_YEAR.search(paras[i - 1]):
            return paras[i - 1] + text
        return text
    if ex.title:
        parts = [p for p in _SITE_SPLIT.split(ex.title) if p.strip()]
        best = next((p for p in parts if REPORT_WORDS.search(p)), parts[0] if parts else "")
        return re.sub(r"\s+", "", best) or None
    for text in paras[:3]:
        # OCR and some copies run the title into the first sentence: take the title part
        head = _TITLE_HEAD.match(text)
        if head and title_parts(head.group(1))[1] is not None:
            return head.group(1)
    return None


def _signature(paras: list[str]) -> tuple[str | None, str | None]:
    """(agency, ISO date) from the signature block among the last paragraphs."""
    tail = [p for p in paras[-15:] if not _FOOTER.match(p)]
    for i in range(len(tail) - 1, -1, -1):
        text = tail[i]
        line = DATE_LINE.match(text)
        if line:
            agency = None
            if i > 0 and _is_name(tail[i - 1]):
                agency = re.sub(r"\s+", "", tail[i - 1])
            return agency, iso_date(line)
        inline = CN_DATE.search(text)
        if inline and inline.end() >= len(text.rstrip()) - 1 and _is_name(text[: inline.start()]):
            return re.sub(r"\s+", "", text[: inline.start()]), iso_date(inline)
        if i == len(tail) - 1 and _is_name(text) and _AGENCY_END.search(text.strip()):
            return re.sub(r"\s+", "", text), None
        if len(text) > 60:
            break
    return None, None


def _is_name(text: str) -> bool:
    text = text.strip()
    return 2 <= len(text) <= 40 and not _SENTENCE_PUNCT.search(text) and not re.search(r"\d", text)


def _from_contact(text: str) -> str | None:
    """The body that 请与…联系 or 由…编制 names, as a last resort for the agency."""
    for match in _CONTACT.finditer(text):
        name = re.sub(r"\s+", "", match.group(1))
        if _AGENCY_END.search(name) and not name.startswith(("本", "我")):
            return name
    return None


def _year_from_body(text: str) -> int | None:
    # 统计期限自二〇一九年一月一日起至二〇一九年十二月三十一日止, written in digits
    text = digit_years(text).replace("一月一日", "1月1日").replace("十二月三十一日", "12月31日")
    for pattern in (_PERIOD, _UNTIL):
        match = pattern.search(text)
        if match:
            return int(match.group(1))
    named = _NAMED_REPORT.search(text[:1500])
    return int(named.group(1)) if named else None


def issuer_in_text(text: str) -> str | None:
    """The issuer an opening sentence names (由XX编制的…报告), its compiling office taken off
    (由XX县人民政府办公室编制 → XX县人民政府)."""
    for match in _ISSUER.finditer(text):
        name = re.sub(r"\s+", "", match.group(1))
        if name.startswith(("本", "我")):
            continue
        body = _OFFICE.sub("", name)
        if body != name and _AGENCY_END.search(body) and len(body) >= 3:
            return body
        if _AGENCY_END.search(name):
            return name
    return None


def _page_date(paras: list[str]) -> str | None:
    """A copied page's 发布时间: 2014-02-25 line near the top."""
    from datetime import date

    for para in paras[:12]:
        match = _PAGE_DATE.match(para.strip())
        if match:
            try:
                return date(*(int(g) for g in match.groups())).isoformat()
            except ValueError:
                return None
    return None


def read_meta(ex: Extracted, full_text: str) -> Meta:
    paras = _paragraphs(ex)
    title = find_title(ex)
    sources: dict[str, str] = {}
    title_agency, year = title_parts(title)
    if year is None and ex.title and ex.title != title:
        _, year = title_parts(re.sub(r"\s+", "", ex.title))
    if year is not None:
        sources["year"] = "title"
    else:
        year = _year_from_body(full_text[:6000])
        if year is not None:
            sources["year"] = "period sentence"
    sign_agency, sign_date = _signature(paras)
    if is_legacy_year(year):
        named = [
            (title_agency, "title (a legacy report: the issuer it names)"),
            (issuer_in_text(full_text[:1500]), "opening sentence (由…编制)"),
            (sign_agency, "signature"),
        ]
    else:
        named = [(sign_agency, "signature"), (title_agency, "title")]
    agency, how = next(((a, h) for a, h in named if a), (None, ""))
    if agency:
        sources["agency"] = how
    else:
        agency = _from_contact(full_text[:3000])
        if agency:
            sources["agency"] = "contact sentence (no signature, no name in the title)"
    published = sign_date
    head_date = next((iso_date(m) for p in paras[1:6] if (m := DATE_LINE.match(p))), None)
    page_date = _page_date(paras)
    if published:
        sources["published"] = "signature"
    elif head_date:
        published = head_date
        sources["published"] = "date under the title"
    elif page_date:
        published = page_date
        sources["published"] = "the copied page's 发布时间 line"
    elif ex.published:
        published = ex.published
        sources["published"] = "page metadata"
    return Meta(title, agency, year, published, sources)


def looks_like_report(title: str | None, text: str) -> bool:
    head = re.sub(r"\s+", "", (title or "") + text[:400])
    return bool(re.search(r"(?:政府|政务)?信息公开", head) and re.search(r"报告|年报", head))
