"""Where a page leads: its links inside the portal, read from the markup, from scripts and from
``onclick`` handlers, with frames, menu scripts and redirects; which of them are report entries,
year sub-columns and attachments. Plain functions of a response and the portal's ``allows``
(``Portal.allows``): no spider state.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from parsel import Selector
from scrapy.http import Response, TextResponse
from scrapy.utils.response import get_base_url

from crawler import recognise

Link = tuple[str, str]  # (absolute url, text)
Allows = Callable[[str], bool]  # whether a URL is inside the portal (Portal.allows)

_JS_REDIRECT = re.compile(
    r"""(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=\s*['"]([^'"]+)['"]"""
    r"""|location\.replace\(\s*['"]([^'"]+)['"]"""
)
_META_REFRESH = re.compile(r"""url\s*=\s*['"]?([^'";>\s]+)""", re.I)
_TRUNCATED = re.compile(r"(…+|\.{2,}|。。。)$")
_YEAR = re.compile(r"(19|20)\d{2}")
_JS_OBJECT = re.compile(r"\{[^{}]{0,400}\}")
_JS_FIELD = re.compile(r"""['"]?(\w+)['"]?\s*:\s*['"]([^'"]*)['"]""")
_JS_PAIR = re.compile(
    r"""[\[(]\s*['"]([^'"/<>]{2,30})['"]\s*,\s*['"]((?:https?://|\.{0,2}/)[^'"\s<>]*)['"]"""
)
_JS_TEXT_KEYS = ("name", "title", "text", "label", "catname", "columnname")
# An anchor written by a script (document.write('<a href="/zwgk/">政务公开</a>'), innerHTML …).
_JS_ANCHOR = re.compile(
    r"""<a\s[^<>]*?href\s*=\s*\\?['"]([^'"\\<>]+)\\?['"][^<>]*>([^<>]{1,40})</a>""", re.I
)
# A URL an onclick opens: location.href='…', window.open('…'), location.assign("…").
_ONCLICK_URL = re.compile(
    r"""(?:location(?:\.href)?\s*=|\.open\(|\.assign\(|\.replace\()\s*['"]([^'"]+)['"]"""
)
_LIBRARY_JS = re.compile(
    r"jquery|vue|react|angular|bootstrap|layui|layer|echarts|swiper|\.min\.js|polyfill"
    r"|analytics|baidu|hm\.js|/lib/|/libs/|/plugins?/|/vendor/|jpage\.js",
    re.I,
)
_REPORTISH = re.compile(r"信息公开|政务公开|年报|年度报告")
_CUT_TITLE = re.compile(r"信息公开|政务公开|政府信息|年报|年度报")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_MORE = re.compile(r"^(更多|more|查看更多|>>|»|\+)[>»\s]*$", re.I)
# A year sub-column of a report column: 2023年, 2023年度, 2023年度年报.
_YEAR_COLUMN = re.compile(r"^(19|20)\d{2}\s*年?度?\s*(年报|年度报告|报告|信息公开年报)?$")
_JS_URL_KEYS = ("url", "href", "link", "path")
# Link texts that name no document: the row around the link holds its title.
_GENERIC_LABEL = re.compile(
    r"^[\[【(（<《]?(详情|详细|详细内容|查看|查看详情|查看全文|阅读全文|全文|阅读|点击查看|点击进入"
    r"|进入|more|浏览)[\]】)）>》]?[>»]*$",
    re.I,
)
_ROW_DATE = re.compile(
    r"[\[(（]?(19|20)\d{2}[-/.年]\d{1,2}([-/.月]\d{1,2}日?)?[\])）]?|[\[(（]\d{1,2}-\d{1,2}[\])）]"
)
# An agency's own link on a 部门/乡镇 directory: 县教育局, 城关镇人民政府, 东湖街道办事处.
AGENCY = re.compile(
    r"^.{1,20}(局|委员会|委|办公室|办|镇|乡|街道|办事处|中心|人民政府|院|署)([（(].{1,12}[)）])?$"
)
_HOME = re.compile(r"^/?(index\.\w+)?$")
# A block of such links: 部门信息公开, 乡镇（街道）信息公开, 部门年报.
_DIRECTORY_HEADING = re.compile(r"(部门|乡镇|街道|镇街|单位|机构).{0,8}(公开|年报|年度报告|信息)")


def anchors(response: TextResponse, allows: Allows, selector: Selector | None = None) -> list[Link]:
    """Every <a href> with its text (or title attribute), absolute, inside the portal.
    Read with lxml directly and kept per response: pages are read several times."""
    if selector is None:
        cached = response.meta.get("_links")
        if cached is not None and cached[0] == response.url:
            return cached[1]
    root = (selector if selector is not None else response.selector).root
    if not hasattr(root, "iter"):  # a JSON answer has no markup
        return []
    base = get_base_url(response)  # <base href>
    out: list[Link] = []
    seen: set[str] = set()
    allowed: dict[str, bool] = {}
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#", "tel:")):
            continue
        url = urljoin(base, href)  # fragments kept: gkmlpt names categories with them
        netloc = url.split("/", 3)[2] if "://" in url else ""
        if netloc not in allowed:
            allowed[netloc] = allows(url)
        if not allowed[netloc]:
            continue
        text = recognise.clean(a.text_content())
        if not text:  # image links: the alt text names the column
            text = recognise.clean(" ".join(img.get("alt") or "" for img in a.iter("img")))
        title_attr = recognise.clean(a.get("title"))
        if title_attr and (not text or len(title_attr) > len(text) or _TRUNCATED.search(text)):
            text = title_attr
        elif _GENERIC_LABEL.match(text):  # [详情] beside a title in plain text: the row's text
            text = row_text(a) or text
        key = url + "\x00" + text
        if key in seen:
            continue
        seen.add(key)
        out.append((url, text))
    if selector is None:
        response.meta["_links"] = (response.url, out)
    return out


def frames(response: Response, allows: Allows) -> list[str]:
    """``<frame src>`` and ``<iframe src>`` pages inside the portal (old framesets, menus
    and column lists shown in an iframe)."""
    if not isinstance(response, TextResponse):
        return []
    out = []
    for el in markup(response).iter("frame", "iframe"):
        src = (el.get("src") or "").strip()
        if not src or src.startswith(("javascript:", "about:", "data:")):
            continue
        url = urljoin(response.url, src)
        if allows(url) and url.split("#")[0] != response.url:
            out.append(url)
    return out


def says_nothing(text: str) -> bool:
    """Link text that names nothing: none (an image without alt), 详情, 更多>>, a symbol."""
    return (
        not text
        or bool(_GENERIC_LABEL.match(text) or _MORE.match(text))
        or not (_CJK.search(text) or re.search(r"[A-Za-z0-9]{3}", text))
    )


def row_text(a: Any) -> str:
    """The text of the row (``<li>``, ``<tr>`` …) around a link that is the row's only one,
    without the link's own text and the row's date."""
    own = recognise.clean(a.text_content())
    node = a.getparent()
    for _ in range(3):
        if node is None or node.tag in ("ul", "ol", "table", "tbody", "body"):
            return ""
        hrefs = {x.get("href") for x in node.iter("a") if x.get("href")}
        if len(hrefs) > 1:
            return ""
        text = _ROW_DATE.sub("", recognise.clean(node.text_content()).replace(own, ""))
        if len(_CJK.findall(text)) >= 4:
            return text
        node = node.getparent()
    return ""


def _heading(a: Any, levels: int = 3) -> str:
    """The text of the nearest block around a link that has text outside links (a block's
    heading: ``<h3>部门信息公开</h3><ul><li><a>…</a></li></ul>``)."""
    node = a.getparent()
    for _ in range(levels):
        if node is None or node.tag in ("body", "html"):
            return ""
        heading = recognise.clean(
            "".join(
                node.xpath(
                    ".//text()[not(ancestor::a)][not(ancestor::script)][not(ancestor::style)]"
                )
            )
        )
        if heading:
            return heading
        node = node.getparent()
    return ""


def directory_links(response: Response, allows: Allows) -> list[Link]:
    """Agencies' own links (…局, …镇, 县政府办公室) in a block headed 部门信息公开 / 乡镇信息公开 /
    部门年报: each agency's pages hold its own disclosure columns."""
    if not isinstance(response, TextResponse):
        return []
    out: list[Link] = []
    for a in markup(response).iter("a"):
        href = (a.get("href") or "").strip()
        text = recognise.clean(a.text_content())
        if not href or href.startswith(("javascript:", "#")) or not AGENCY.match(text):
            continue
        if _DIRECTORY_HEADING.search(_heading(a, 4)[:40]):
            url = urljoin(get_base_url(response), href)
            if allows(url) and not _HOME.match(urlsplit(url).path):  # a logo: home
                out.append((url, text))
    return out


def more_links(response: Response, allows: Allows) -> list[Link]:
    """更多>> links named by the heading of their block (``<h3>政府信息公开年报</h3>
    <a href=…>更多</a>``): the text beside the link in its nearest parent that has any."""
    if not isinstance(response, TextResponse):
        return []
    out: list[Link] = []
    for a in markup(response).iter("a"):
        href = (a.get("href") or "").strip()
        if (
            not href
            or href.startswith(("javascript:", "#"))
            or not _MORE.match(recognise.clean(a.text_content()))
        ):
            continue
        heading = _heading(a)
        if heading:
            url = urljoin(response.url, href)
            if allows(url):
                out.append((url, heading))
    return out


def script_links(response: Response, allows: Allows) -> list[Link]:
    """Menu entries a script builds from data (``[{name: "…", url: "…"}, …]`` or
    ``[["…", "/url/"], …]``) or writes (``document.write('<a href=…>…</a>')``), and
    elements that open a URL ``onclick``: hubs whose navigation is not in the markup."""
    if not isinstance(response, TextResponse):
        return []
    out: list[Link] = []
    for script in response.xpath("//script/text()").getall():
        out += links_in_script(script, response.url, allows)
    return out + onclick_links(response, allows)


def links_in_script(script: str, base: str, allows: Allows) -> list[Link]:
    """(url, text) pairs a piece of JavaScript names, inside the portal."""
    found: list[tuple[str, str]] = []
    for obj in _JS_OBJECT.findall(script):
        fields = {k.lower(): v for k, v in _JS_FIELD.findall(obj)}
        text = next((fields[k] for k in _JS_TEXT_KEYS if fields.get(k)), "")
        href = next((fields[k] for k in _JS_URL_KEYS if fields.get(k)), "")
        if text and href:
            found.append((href, text))
    found += [(href, text) for text, href in _JS_PAIR.findall(script)]  # ["name", "/url/"]
    found += _JS_ANCHOR.findall(script)  # document.write('<a href=…>…</a>')
    out: list[Link] = []
    for href, text in found:
        if href.startswith(("javascript:", "#")):
            continue
        url = urljoin(base, href)
        if allows(url):
            out.append((url, recognise.clean(text)))
    return out


def menu_scripts(response: Response, allows: Allows) -> list[str]:
    """The portal's own ``<script src>`` files (not libraries): menus are often built there."""
    if not isinstance(response, TextResponse):
        return []
    out = []
    for src in response.xpath("//script/@src").getall():
        url = urljoin(response.url, src.strip())
        if src.strip() and not _LIBRARY_JS.search(src) and allows(url):
            out.append(url)
    return out[:6]


def onclick_links(response: Response, allows: Allows) -> list[Link]:
    """Elements that open a URL when clicked (``<tr onclick="window.open('show.jsp?id=3')">``,
    ``<a href="javascript:window.open('/x/1.html')">``), with their text."""
    if not isinstance(response, TextResponse):
        return []
    out: list[Link] = []
    for el in response.xpath(
        "//*[@onclick] | //a[starts-with(normalize-space(@href), 'javascript:')]"
    ):
        m = _ONCLICK_URL.search(el.attrib.get("onclick") or el.attrib.get("href") or "")
        text = recognise.clean(el.xpath("string()").get())
        if m and text and len(text) <= 80 and not m.group(1).startswith(("javascript:", "#")):
            url = urljoin(response.url, m.group(1))
            if allows(url):
                out.append((url, text))
    return out


def js_redirect(response: Response) -> str | None:
    """Where the page sends the browser on: a meta refresh, or a script's ``location = …``."""
    if not isinstance(response, TextResponse):
        return None
    for content in response.xpath(
        "//meta[translate(@http-equiv,'REFSH','refsh')='refresh']/@content"
    ).getall():
        m = _META_REFRESH.search(content)
        if m:
            return response.urljoin(m.group(1))
    for script in response.xpath("//script/text()").getall():
        m = _JS_REDIRECT.search(script)
        if m:
            return response.urljoin(m.group(1) or m.group(2))
    return None


def list_entries(links: Iterable[Link]) -> list[Link]:
    """Links whose text is a report title, or a truncated one (…, ...) with a year or with
    信息公开/年报 (cut before the year), or, cut with no ellipsis, long enough and naming
    政府信息/年报 or a year: every list read here is a report column's, lists cut titles
    anywhere, and the report page's own title decides."""
    out = []
    seen: set[str] = set()
    for url, text in links:
        cut = bool(
            (_TRUNCATED.search(text) and (_YEAR.search(text) or _REPORTISH.search(text)))
            or (len(text) >= 10 and _CUT_TITLE.search(text))
            or (_YEAR.search(text) and len(_CJK.findall(text)) >= 8)
        )
        ok = recognise.is_report_title(text) or (cut and not recognise.is_not_report_text(text))
        if ok and url not in seen:
            seen.add(url)
            out.append((url, text))
    return out


def year_columns(response: Response, allows: Allows) -> list[str]:
    """Sub-columns of a report column named by a year alone (2023年度, 2022年)."""
    if not isinstance(response, TextResponse):
        return []
    here = response.url.split("#")[0]
    return list(
        dict.fromkeys(
            url
            for url, text in anchors(response, allows)
            if _YEAR_COLUMN.match(text) and url.split("#")[0] != here
        )
    )


def attachment_links(response: TextResponse, allows: Allows) -> list[Link]:
    """Document links on a report page (by extension, filename=, or text and path shape)."""
    out = []
    seen: set[str] = set()
    for url, text in anchors(response, allows):
        if url in seen or not recognise.is_attachment_link(url, text):
            continue
        label = text or url.rsplit("/", 1)[-1]
        if recognise.is_not_report_text(label):
            continue
        seen.add(url)
        out.append((url, label))
    for url in embedded_documents(response, allows):
        if url not in seen:
            seen.add(url)
            out.append((url, url.rsplit("/", 1)[-1]))
    return out


def embedded_documents(response: TextResponse, allows: Allows) -> list[str]:
    """Documents shown in the page rather than linked: ``<iframe>``/``<embed>``/``<object>``
    on the file, or on a viewer given it (``pdfjs/web/viewer.html?file=/up/x.pdf``)."""
    out = []
    for el in markup(response).iter("iframe", "embed", "object"):
        src = (el.get("src") or el.get("data") or "").strip()
        if not src:
            continue
        url = urljoin(response.url, src)
        query = dict(parse_qsl(urlsplit(url).query))
        inner = next(
            (
                v
                for k, v in query.items()
                if k.lower() in ("file", "url", "src")
                and recognise.url_extension("http://x/" + v.lstrip("/"))
            ),
            None,
        )
        if inner:
            url = urljoin(response.url, inner)
        elif not recognise.url_extension(url):
            continue
        if allows(url):
            out.append(url)
    return out


class _NoMarkup:
    def iter(self, *tags: str) -> Iterator[Any]:
        return iter(())


def markup(response: TextResponse) -> Any:
    """The page's lxml tree, or an empty one for an answer without markup (JSON)."""
    root = response.selector.root
    return root if hasattr(root, "iter") else _NoMarkup()
