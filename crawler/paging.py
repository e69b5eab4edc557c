"""Where a report list goes on: numbered, 下一页 and 尾页 links (in the list's directory, or one
level down or up as VSB's ``list.htm`` → ``list/4.htm`` … ``list/1.htm``), ``<select>`` jump
boxes, the gaps of a URL series its pager skips (1 2 3 … 9), TRS ``createPageHTML`` calls, a
script's declared counts (``countPage``, ``listModel({pagebar: {recordCount, prepage,
maxStaticIndex}})``), pagers a script writes in a loop and ``onclick`` pagers that build a query
URL; and pagers that post a form (ASP.NET ``__doPostBack``, a ``<form>`` with a page field a
script sets and submits: ``form_pages``). Plain functions of a response and the portal's
``allows``: no spider state.

``next_pages`` tells the pages a link names from the pages inferred (a series' gaps, a count):
an inferred page that does not exist is a miss, not a failure of the portal.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from scrapy.http import Response, TextResponse

from crawler import recognise
from crawler.links import Allows, anchors, markup

_CREATE_PAGE = re.compile(r"createPageHTML\(([^)]*)\)")
_COUNT_PAGE = re.compile(
    r"[\w$]*(?:countPage|pageCount|totalPages?|page_count|pageTotal)['\"]?\s*[:=]\s*"
    r"(?:parseInt\(\s*|Number\(\s*)?['\"]?(\d+)",
    re.I,
)
# A page URL a script concatenates: 'index_' + i + '.html', "list_" + (n + 1) + ".shtml"
_LOOP_URL = re.compile(r"""([\w-]+_)['"]\s*\+\s*(?:[\w$]+|\([^()]*\))\s*\+\s*['"](\.s?html?)\b""")
_PAGE_FILE = re.compile(r"([\w-]+?)(?:_\d+)?\.(s?html?)$")
_EXTS = ("html", "htm", "shtml")


def next_pages(response: TextResponse, allows: Allows) -> tuple[list[str], list[str]]:
    """(linked, inferred): numbered, 下一页 and 尾页 links and jump boxes; then the gaps of
    their series, TRS ``createPageHTML``/``countPage`` pages and declared counts. In the order
    found (a URL may come twice: the caller caps the count, then drops repeats)."""
    here = urlsplit(response.url)
    base_dir = here.path.rsplit("/", 1)[0]
    linked: list[str] = []
    for url, text in anchors(response, allows):
        if not (recognise.is_next_page(text) or recognise.is_page_number(text)):
            continue
        parts = urlsplit(url)
        if (
            parts.netloc == here.netloc
            and _pager_path(parts.path, here.path)
            and url != response.url
        ):
            linked.append(url)
    linked.extend(select_pages(response, here.netloc, base_dir))
    inferred = series_gaps([response.url, *linked])
    inferred.extend(trs_pages(response))
    inferred.extend(query_pages(response))
    if not linked and not inferred:
        inferred.extend(declared_pages(response))
    return linked, [u for u in inferred if u != response.url and u not in linked]


def _pager_path(path: str, own: str) -> bool:
    """A pager's link stays in the list's directory, or the list's path as a directory
    (``/nb`` → ``/nb/index_2.html``, ``list.htm`` → ``list/4.htm``), or goes back up from
    such a directory (``list/3.htm`` → ``../list.htm``)."""
    target_dir, target_file = path.rsplit("/", 1)
    own_dir, own_file = own.rsplit("/", 1)
    own_stem, target_stem = own_file.split(".")[0], target_file.split(".")[0]
    if target_dir in (own_dir, own.rstrip("/")):
        return True
    if own_stem and target_dir == f"{own_dir}/{own_stem}":  # one level down, named as the list
        return True
    parent, _, last = own_dir.rpartition("/")
    return bool(last) and target_dir == parent and target_stem == last  # back up


_NUMBER = re.compile(r"\d+")


def series_gaps(urls: list[str]) -> list[str]:
    """The pages a pager skips: URLs that differ only in their last number (``list_2`` …
    ``list_9``, ``list/5.htm`` … ``list/1.htm``, ``?page=3``) with the numbers between their
    lowest and highest filled in."""
    series: dict[tuple[str, str], set[int]] = {}
    for url in urls:
        matches = list(_NUMBER.finditer(url.split("#")[0]))
        if not matches:
            continue
        m = matches[-1]
        if len(m.group()) > 4:  # an id or a date, not a page number
            continue
        series.setdefault((url[: m.start()], url[m.end() :]), set()).add(int(m.group()))
    out: list[str] = []
    for (head, tail), numbers in series.items():
        if len(numbers) < 2:
            continue
        low, high = min(numbers), min(max(numbers), min(numbers) + 500)
        out += [f"{head}{n}{tail}" for n in range(low, high + 1) if n not in numbers]
    return out


def select_pages(response: Response, netloc: str, base_dir: str) -> list[str]:
    """Pages offered by a ``<select>`` jump box: options numbered 1, 2 … whose values are
    URLs of the list's own directory (``onchange="location.href=this.value"``)."""
    if not isinstance(response, TextResponse):
        return []
    out = []
    for option in markup(response).iter("option"):
        value = (option.get("value") or "").strip()
        if not value or not recognise.is_page_number(option.text_content()) or value.isdigit():
            continue
        url = urljoin(response.url, value)
        parts = urlsplit(url)
        if (
            parts.netloc == netloc
            and parts.path.rsplit("/", 1)[0] == base_dir
            and url != response.url
        ):
            out.append(url)
    return out


def trs_pages(response: Response) -> list[str]:
    """TRS lists: ``createPageHTML(n, cur, "index", "html")`` → index_1.html … index_{n-1}.html.
    Its arguments may be variables (``_nPageCount``, ``iCount``, an object's fields), whose
    values the script assigns; a name or extension it does not give comes from the page's own
    URL."""
    if not isinstance(response, TextResponse):
        return []
    text = " ".join(response.xpath("//script/text()").getall())
    m = _CREATE_PAGE.search(text)
    if not m:
        return loop_pages(response, text)
    numbers: list[int] = []
    names: list[str] = []
    for arg in m.group(1).split(","):
        value = _js_value(arg.strip(), text)
        if value.isdigit():
            numbers.append(int(value))
        elif value:
            names.append(value)
    count_m = _COUNT_PAGE.search(text)
    count = int(count_m.group(1)) if count_m else (numbers[0] if numbers else 0)
    own = _PAGE_FILE.search(urlsplit(response.url).path)
    quoted_ext = re.search(r"['\"](s?html?)['\"]", text)
    default_ext = own.group(2) if own else (quoted_ext.group(1) if quoted_ext else "html")
    prefix = next(
        (n for n in names if n not in (*_EXTS, "page_div")), own.group(1) if own else "index"
    )
    ext = next((n for n in names if n in _EXTS), default_ext)
    count = min(count, 500)
    return [urljoin(response.url, f"{prefix}_{i}.{ext}") for i in range(1, count)]


def _js_value(arg: str, text: str) -> str:
    """A call argument's value: a literal, or what the script assigns to the variable or
    object field it names (``_nPageCount``, ``cfg.countPage``); "" when unknown."""
    literal = re.fullmatch(r"""(['"])([\w.-]*)\1|(\d+)""", arg)
    if literal:
        return literal.group(2) if literal.group(2) is not None else literal.group(3)
    ident = re.fullmatch(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*", arg)
    if not ident:
        return ""
    name = re.escape(arg.rsplit(".", 1)[-1])
    assigned = re.search(
        rf"""(?<![\w$.]){name}['"]?\s*[:=](?!=)\s*(?:parseInt\(\s*|Number\(\s*)?['"]?([\w.-]+)""",
        text,
    )
    return assigned.group(1) if assigned else ""


# A page URL a pager function builds: location.href = "list.jsp?cid=5&page=" + n
_QUERY_PAGE_URL = re.compile(
    r"""['"]([^'"\s<>]*[?&](?:page|pageNo|pageIndex|pageNum|currentPage|curPage|p)=)['"]\s*\+"""
)
_PAGE_TOTAL = re.compile(r"共\s*(\d{1,4})\s*页|\d{1,4}\s*/\s*(\d{1,4})\s*页")


def query_pages(response: Response) -> list[str]:
    """Pagers whose links call a script (``onclick="toPage(2)"``) that builds the page URL from a
    query parameter; the page count from 共N页 / 1/N页 or a count variable: pages 2 … N."""
    if not isinstance(response, TextResponse):
        return []
    text = " ".join(response.xpath("//script/text()").getall())
    url_m = _QUERY_PAGE_URL.search(text)
    if not url_m:
        return []
    visible = recognise.clean(
        " ".join(response.xpath("//body//text()[not(ancestor::script)]").getall())
    )
    total_m = _PAGE_TOTAL.search(visible)
    count_m = _COUNT_PAGE.search(text)
    count = (
        int(next(g for g in total_m.groups() if g))
        if total_m
        else (int(count_m.group(1)) if count_m else 0)
    )
    return [urljoin(response.url, f"{url_m.group(1)}{n}") for n in range(2, min(count, 500) + 1)]


_RECORD_COUNT = re.compile(
    r"\b(?:recordCount|totalRecords?|totalCount|recordTotal|rowCount)['\"]?\s*[:=]\s*['\"]?(\d+)",
    re.I,
)
_PAGE_SIZE = re.compile(
    r"\b(?:prepage|perPage|pageSize|page_size|pagesize|rowsPerPage)['\"]?\s*[:=]\s*['\"]?(\d+)",
    re.I,
)
_MAX_STATIC = re.compile(r"\bmaxStaticIndex['\"]?\s*[:=]\s*['\"]?(\d+)", re.I)
_PAGE_NAME = re.compile(r"\bpageName['\"]?\s*[:=]\s*['\"]([\w-]+)['\"]", re.I)
_PAGE_EXT = re.compile(r"\bpageExt['\"]?\s*[:=]\s*['\"]\.?(s?html?)['\"]", re.I)


def declared_pages(response: Response) -> list[str]:
    """Pages a list's script declares with no pager in the markup: a page count (``countPage``,
    ``pageCount``, ``totalPage``) or a record count and page size (TRS ``listModel({pagebar:
    {recordCount: 23, prepage: 10, maxStaticIndex: 2, pageName: "index", pageExt: "html"}})``),
    numbered from the list's own URL: ``index.html`` → ``index_1.html`` … (TRS counts the
    second page 1), any other name → ``list_2.html`` …; at most ``maxStaticIndex`` when given."""
    if not isinstance(response, TextResponse):
        return []
    text = " ".join(response.xpath("//script/text()").getall())
    count_m, records_m, size_m = (
        _COUNT_PAGE.search(text),
        _RECORD_COUNT.search(text),
        _PAGE_SIZE.search(text),
    )
    if count_m:
        count = int(count_m.group(1))
    elif records_m and size_m and int(size_m.group(1)) > 0:
        count = -(-int(records_m.group(1)) // int(size_m.group(1)))
    else:
        return []
    own = _PAGE_FILE.search(urlsplit(response.url).path)
    name_m, ext_m, static_m = (
        _PAGE_NAME.search(text),
        _PAGE_EXT.search(text),
        _MAX_STATIC.search(text),
    )
    name = name_m.group(1) if name_m else (own.group(1) if own else "index")
    ext = ext_m.group(1) if ext_m else (own.group(2) if own else "html")
    first = 1 if name == "index" else 2
    last = min(count - 1 if first == 1 else count, 500)
    if static_m:
        last = min(last, int(static_m.group(1)))
    return [urljoin(response.url, f"{name}_{i}.{ext}") for i in range(first, last + 1)]


def loop_pages(response: TextResponse, text: str) -> list[str]:
    """Pagers a script writes in a loop over a page count (``for (i…countPage…)
    document.write('<a href="index_' + i + '.html">')``): ``index_1`` … ``index_<count>``
    (a count too many costs one 404 where the numbering starts at 2)."""
    count_m = _COUNT_PAGE.search(text)
    url_m = _LOOP_URL.search(text)
    if not (count_m and url_m):
        return []
    count = min(int(count_m.group(1)), 500)
    if count <= 1:
        return []
    return [
        urljoin(response.url, f"{url_m.group(1)}{i}{url_m.group(2)}") for i in range(1, count + 1)
    ]


_POSTBACK = re.compile(r"""__doPostBack\(\s*['"]([^'"]+)['"]\s*,\s*['"]([^'"]*)['"]\s*\)""")
_FORM_PAGE_KEYS = ("page", "pageno", "pageindex", "currentpage", "curpage", "pagenum", "cpage", "p")


class FormPage(NamedTuple):
    url: str  # the form's action
    method: str  # GET or POST
    fields: dict[str, str]  # every field of the form, the page's set


def form_fields(form: Any) -> dict[str, str]:
    """What a browser sends for an lxml ``<form>``: named inputs (checked boxes only, no
    buttons or files), selects (the selected option, else the first), textareas."""
    out: dict[str, str] = {}
    for el in form.iter("input", "select", "textarea"):
        name = el.get("name")
        if not name:
            continue
        kind = (el.get("type") or "text").lower()
        if el.tag == "input":
            if kind in ("submit", "button", "image", "reset", "file"):
                continue
            if kind in ("checkbox", "radio") and el.get("checked") is None:
                continue
            out.setdefault(name, el.get("value") or "")
        elif el.tag == "select":
            options = list(el.iter("option"))
            chosen = next((o for o in options if o.get("selected") is not None), None)
            if chosen is None and options:
                chosen = options[0]
            value = "" if chosen is None else (chosen.get("value") or chosen.text_content())
            out.setdefault(name, value)
        else:
            out.setdefault(name, el.text_content())
    return out


def form_pages(response: Response) -> list[FormPage]:
    """Pages a pager asks for by submitting the page's form. ASP.NET: a pager link
    ``javascript:__doPostBack('pager', '2')`` → ``__EVENTTARGET`` and ``__EVENTARGUMENT``; a
    ``<form>`` with a page field (``page``, ``pageNo``, ``currentPage`` …) that a script fills and
    submits → that field = 2 … N, N from 共N页."""
    if not isinstance(response, TextResponse):
        return []
    forms = list(markup(response).iter("form"))
    if not forms:
        return []

    def page(form: Any, fields: dict[str, str]) -> FormPage:
        action = urljoin(response.url, form.get("action") or response.url)
        method = "POST" if (form.get("method") or "get").lower() == "post" else "GET"
        return FormPage(action, method, {**form_fields(form), **fields})

    out: list[FormPage] = []
    seen: set[str] = set()
    for a in markup(response).iter("a"):
        text = recognise.clean(a.text_content())
        m = _POSTBACK.search(a.get("href") or a.get("onclick") or "")
        if m and (recognise.is_next_page(text) or recognise.is_page_number(text)):
            key = f"{m.group(1)}|{m.group(2)}"
            if key not in seen:
                seen.add(key)
                owner = next((f for f in forms if a in f.iter("a")), forms[0])
                fields = {"__EVENTTARGET": m.group(1), "__EVENTARGUMENT": m.group(2)}
                out.append(page(owner, fields))
    if out:
        return out
    visible = recognise.clean(
        " ".join(response.xpath("//body//text()[not(ancestor::script)]").getall())
    )
    total_m = _PAGE_TOTAL.search(visible)
    if not total_m or "submit" not in " ".join(response.xpath("//script/text()").getall()):
        return []
    total = min(int(next(g for g in total_m.groups() if g)), 500)
    for form in forms:
        names = [n for n in form_fields(form) if n.lower() in _FORM_PAGE_KEYS]
        if names:
            return [page(form, {names[0]: str(n)}) for n in range(2, total + 1)]
    return []
