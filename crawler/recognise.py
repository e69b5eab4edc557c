"""Recognising things from text and bytes: report titles, report columns, hubs, attachments,
document types and anti-bot challenges. Pure functions, no Scrapy."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import parse_qs, unquote, urlsplit

from pipelines.parse.sniff import media_type as sniff_media_type
from pipelines.parse.titles import YEAR, clean, is_not_report_text, is_report_title

_COLUMN = re.compile(r"(政府信息公开|信息公开|政务公开)?\s*(工作)?\s*(年度报告|年报)")
_HUB = re.compile(
    r"政府信息公开|政务公开|信息公开|法定主动公开|公开目录|政府公开|(部门|乡镇|街道).{0,6}公开"
)
_HUB_EXCLUDE = re.compile(r"指南|制度|申请|依申请|意见箱|规定|年报|年度报告")
_NEXT = re.compile(r"^\s*(下一?页|后一?页|尾页|末页|>|»|›)\s*$")
_PAGE_NUMBER = re.compile(r"^\s*\[?\s*\d{1,4}\s*\]?\s*$")

DOC_EXTENSIONS = (".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".ofd", ".txt", ".rtf")
_ATTACHMENT_TEXT = re.compile(r"附件|下载|点击查看|原文|\.(pdf|docx?|wps|xlsx?)\b", re.I)
_ATTACHMENT_PATH = re.compile(r"down|file|/P0\d+|/W0\d+|attach|fujian|upload", re.I)

MEDIA_HTML = "text/html"
MEDIA = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".wps": "application/vnd.ms-works",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xls": "application/vnd.ms-excel",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".txt": "text/plain",
    ".rtf": "application/rtf",
    ".ofd": "application/ofd",
}


def is_report_column(text: str | None) -> bool:
    """A link to the annual-report column: 政府信息公开年报, 年度报告, 年报 — with no year."""
    t = clean(text)
    if not t or len(t) > 20 or re.search(YEAR, t) or is_not_report_text(t):
        return False
    return bool(_COLUMN.search(t))


# The statutory sections of an annual report (2019 and 2021 templates, and the 2008 one), and
# headings of its tables: a body holding several of them is a report whatever it is titled.
_SECTIONS = (
    r"总体情况|概述",
    r"主动公开政府信息(的)?情况",
    r"收到和处理政府信息公开申请(的)?情况|依申请公开政府信息(的)?情况",
    r"(政府信息公开)?(行政复议|行政诉讼).{0,12}情况",
    r"(存在的)?主要问题及(其)?改进(情况|措施)",
    r"其他需要报告的事项",
)
_SECTION = tuple(re.compile(p) for p in _SECTIONS)
_TABLE_WORDS = re.compile(
    r"第二十条第\(?一\)?项|本年(?:新)?制发件数|本年新公开数量|申请人情况|商业企业|科研机构|"
    r"予以公开|结果维持|结果纠正|本年新收政府信息公开申请数量"
)


def is_report_body(text: str | None) -> bool:
    """A page or document body that reads like an annual report: a report title in its first
    lines, or three of the statutory sections, or two sections and the tables' headings."""
    t = clean(unicodedata.normalize("NFKC", text or ""))[:12000]
    if not t:
        return False
    if is_report_title(t[:80]) and _SECTION[0].search(t[:2000]):
        return True
    sections = sum(1 for p in _SECTION if p.search(t))
    tables = len(set(_TABLE_WORDS.findall(t)))
    return sections >= 3 or (sections >= 2 and tables >= 3)


# What a link's URL says when its text says nothing (an image with no alt, 更多, >>): the
# slugs of report columns (PORTALS.md: zfxxgknb, xxgknb, gknb, ndbg, bmxxgknb …) and of the
# disclosure catalogue (zfxxgk, xxgk, zwgk, gkml …).
_COLUMN_SLUG = re.compile(
    r"/(?:zfxxgk|xxgk|zwgk|bmxxgk|bm|xz|jd)?(?:nb|ndbg|gknb|xxgknb|nianbao|ndbb)(?:\d{4})?(?:[/_.?#]|$)",
    re.I,
)
_HUB_SLUG = re.compile(
    r"/(?:zfxxgk|xxgk|zwgk|gkml|xxgkml|zfxxgkml|zfgkml|govinfo|openness|zwxxgk|fdzdgknr)(?:[/_.?#]|$)",
    re.I,
)


def slug_role(url: str) -> str | None:
    """``column`` or ``hub`` by a URL's path alone, for a link whose text says nothing."""
    path = urlsplit(url).path
    if _COLUMN_SLUG.search(path):
        return "column"
    if _HUB_SLUG.search(path):
        return "hub"
    return None


def is_hub(text: str | None) -> bool:
    """A link to a 政府信息公开 / 政务公开 hub that may lead to the report column."""
    t = clean(text)
    if not t or len(t) > 16 or _HUB_EXCLUDE.search(t):
        return False
    return bool(_HUB.search(t))


# The county government's own disclosure catalogue, step by step (政府信息公开 → 政府信息公开目录 →
# 法定主动公开内容): not the 公开 pages of an area, a department or a township.
_CATALOGUE_HUB = re.compile(
    r"^(政府)?信息公开(目录|专栏|平台)?$|^(政府信息|法定)?主动公开(内容|信息|目录)?$|^政府信息公开目录$"
)


def is_catalogue_hub(text: str | None) -> bool:
    """A hub that is a step of the government's own disclosure catalogue (政府信息公开目录,
    法定主动公开内容 …), worth following deeper than other 公开 hubs."""
    return is_hub(text) and bool(_CATALOGUE_HUB.match(clean(text)))


def is_next_page(text: str | None) -> bool:
    return bool(_NEXT.match(text or ""))


def is_page_number(text: str | None) -> bool:
    return bool(_PAGE_NUMBER.match(text or ""))


def url_extension(url: str) -> str:
    """The document extension a URL names, in its path or in a ``filename=`` parameter."""
    parts = urlsplit(url)
    candidates = [unquote(parts.path)]
    for key, values in parse_qs(parts.query).items():
        if key.lower() in ("filename", "file", "fname", "name", "path"):
            candidates.extend(values)
    for cand in candidates:
        m = re.search(r"(\.[A-Za-z]{2,4})$", cand.strip())
        if m and m.group(1).lower() in DOC_EXTENSIONS:
            return m.group(1).lower()
    return ""


def is_attachment_link(url: str, text: str | None) -> bool:
    """A link to a document file: by extension (path or filename=), or by text and path shape."""
    if url_extension(url):
        return True
    t = text or ""
    if re.search(r"\.(pdf|docx?|wps|xlsx?|ofd)\s*$", t, re.I):
        return True  # the link names the file: 《…年度报告》.pdf
    parts = urlsplit(url)
    if not _ATTACHMENT_PATH.search(parts.path + "?" + parts.query):
        return False
    # 附件1 / 下载 on a download-shaped path, or the report's own title on one (download.jsp?fileid=;
    # not an article page such as /file/2023/t1.html)
    return bool(_ATTACHMENT_TEXT.search(t)) or (
        is_report_title(t) and not re.search(r"\.s?html?$", parts.path, re.I)
    )


def disposition_filename(header: bytes | str | None) -> str | None:
    """The filename from a Content-Disposition header, repairing GBK names sent as latin-1."""
    if not header:
        return None
    if isinstance(header, str):
        try:
            raw = header.encode("latin-1")
        except UnicodeEncodeError:
            raw = header.encode("utf-8")
    else:
        raw = header
    m = re.search(rb"filename\*\s*=\s*([\w-]+)'[^']*'([^;]+)", raw, re.I)
    if m:
        charset = m.group(1).decode("ascii", "replace")
        try:
            return unquote(m.group(2).decode("ascii", "replace").strip(), encoding=charset)
        except LookupError:
            return unquote(m.group(2).decode("ascii", "replace").strip())
    m = re.search(rb'filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;]+)', raw, re.I)
    if not m:
        return None
    value = (m.group(1) if m.group(1) is not None else m.group(2)).strip()
    for encoding in ("utf-8", "gb18030"):
        try:
            name = value.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        name = value.decode("latin-1")
    if "%" in name:
        name = unquote(name)
    return name


def media_type(
    data: bytes, *, content_type: str | None = None, url: str = "", filename: str | None = None
) -> str:
    """Bytes first (the parser's ``sniff.media_type``), then the Content-Disposition filename,
    the URL, and the Content-Type last (hanweb serves documents as text/html)."""
    sniffed = sniff_media_type(data)
    if sniffed and sniffed != MEDIA_HTML:
        return sniffed
    for name in (filename, url):
        ext = url_extension(name) if name and "://" in name else ""
        if not ext and name:
            m = re.search(r"(\.[A-Za-z]{2,4})$", name.split("?")[0])
            ext = m.group(1).lower() if m and m.group(1).lower() in DOC_EXTENSIONS else ""
        if ext and sniffed != MEDIA_HTML:
            return MEDIA.get(ext, "application/octet-stream")
    if sniffed:
        return sniffed
    ct = (content_type or "").split(";")[0].strip().lower()
    return ct or "application/octet-stream"


def is_document_media(media: str) -> bool:
    return media not in (MEDIA_HTML, "text/xml", "application/json") and not media.startswith(
        "text/html"
    )


# -- anti-bot challenges: detected and recorded, never bypassed -----------------------------


def challenge(status: int, body: bytes, set_cookies: list[bytes]) -> str | None:
    """The kind of anti-bot challenge a response is, or None."""
    cookies = b" ".join(set_cookies)
    head = body[:20000]
    if status == 412 and (b"$_ts" in head or b"_ts" in cookies):
        return "ruishu-412"
    if status == 521 and (
        b"__jsl_clearance" in head or b"__jsl_clearance" in cookies or b"__jsluid" in cookies
    ):
        return "jiasule-521"
    if (
        b"acw_sc__v2" in head
        or b"acw_sc__v2" in cookies
        or (b"acw_tc" in cookies and b"arg1=" in head)
    ):
        return "aliyun-acw_sc__v2"
    if status in (412, 521) and b"<script" in head.lower():
        return f"js-challenge-{status}"
    if len(body) < 3000 and _is_js_shell(head):
        return "js-shell"
    return None


def _is_js_shell(head: bytes) -> bool:
    """A tiny page that is nothing but script: no visible text, no links, a cookie or redirect."""
    lower = head.lower()
    if b"<script" not in lower or b"<a " in lower:
        return False
    text = re.sub(rb"(?is)<script.*?</script>|<style.*?</style>|<[^>]+>", b"", head)
    if text.strip():
        return False
    # A plain JS redirect to a literal URL is not a challenge; setting a cookie then reloading is.
    return b"document.cookie" in lower and bool(
        re.search(rb"location\.(href|replace|reload)|eval\(|window\.location|settimeout", lower)
    )
