"""Lists a column page's own script loads from an endpoint of the portal: ``$.ajax({url:
"/api/list", data: {channelId: 12, pageNo: 1}})``, ``$.getJSON(url, {…})``, ``$.post``,
``fetch(url)``, ``$("#list").load(url)``. The answer is JSON (rows read by
``crawler.scripts.json_rows``) or an HTML fragment; further pages by the call's page parameter,
one after another while they bring new rows.

Anhui labels (``/site/label/``) and Hanweb's ``dataproxy.jsp`` have readings of their own.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from scrapy.http import Response, TextResponse

_CALL = re.compile(
    r"""(?:\$|jQuery)\.(ajax|get|post|getJSON)\s*\(\s*(\{)?|\b(fetch|axios(?:\.get|\.post)?)\s*\(\s*(\{)?"""
    r"""|\)\s*\.(load)\s*\("""
)  # $("#list").load(url[, data]): POST when data is given
_URL_FIELD = re.compile(r"""\burl\s*:\s*['"]([^'"]+)['"]""")
_FIRST_STRING = re.compile(r"""\s*['"]([^'"]+)['"]""")
_DATA = re.compile(r"""\b(?:data|params)\s*:\s*\{([^{}]*)\}""")
_SECOND_OBJECT = re.compile(r"""\s*,\s*\{([^{}]*)\}""")
_POST = re.compile(r"""\b(?:type|method)\s*:\s*['"]post['"]""", re.I)
_PAIR = re.compile(
    r"""['"]?(\w+)['"]?\s*:\s*(?:['"]([^'"]*)['"]|(\d+)|([A-Za-z_$][\w$.]*)(?=\s*(?:[,}\n]|$)))"""
)
_NOT_DATA = re.compile(r"\.(js|css|png|jpe?g|gif|svg)(\?|$)|/site/label/|dataproxy\.jsp", re.I)
_JS_WORDS = frozenset({"true", "false", "null", "undefined", "function", "this"})
PAGE_KEYS = (
    "pageNo",
    "pageIndex",
    "page",
    "currentPage",
    "curPage",
    "currpage",
    "pageNum",
    "pageNumber",
)
_PAGE_KEYS_LOWER = frozenset(k.lower() for k in PAGE_KEYS)


def is_page_key(key: str) -> bool:
    """A request parameter that names the page (``pageNo``, ``curPage``, ``currpage`` …)."""
    return key.lower() in _PAGE_KEYS_LOWER


def object_params(body: str, known: dict[str, str]) -> dict[str, str]:
    """``key: value`` pairs of a script's object literal; a value that is a variable takes the
    value the script assigns it (``siteId: siteId``), or stays blank (a function's argument,
    such as the page number)."""
    out: dict[str, str] = {}
    for p in _PAIR.finditer(body):
        if p.group(4) is not None:
            if p.group(4) in _JS_WORDS:
                continue
            value = known.get(p.group(4).rsplit(".", 1)[-1], "")
        else:
            value = p.group(2) if p.group(2) is not None else p.group(3)
        out.setdefault(p.group(1), value)
    return out


class Endpoint(NamedTuple):
    url: str  # without the page parameter
    params: dict[str, str]
    post: bool
    page_key: str | None


def endpoints(response: TextResponse, known: dict[str, str] | None = None) -> list[Endpoint]:
    """The data calls of the page's scripts, with the parameters they send (``known``: the
    values of the scripts' variables)."""
    out: list[Endpoint] = []
    known = known or {}
    for script in response.xpath("//script/text()").getall():
        for m in _CALL.finditer(script):
            window = script[m.end() : m.end() + 1000]
            if m.group(2) or m.group(4):  # $.ajax({url: …, data: {…}})
                url_m = _URL_FIELD.search(window)
                data_m = _DATA.search(window)
                post = bool(_POST.search(window))
            else:  # $.get(url, {…}) / fetch(url)
                url_m = _FIRST_STRING.match(window)
                data_m = _SECOND_OBJECT.match(window, url_m.end()) if url_m else None
                post = (m.group(1) or m.group(3) or "").endswith("post") or bool(
                    m.group(5) and data_m
                )
            if url_m is None or _NOT_DATA.search(url_m.group(1)):
                continue
            url = urljoin(response.url, url_m.group(1))
            parts = urlsplit(url)
            params = dict(parse_qsl(parts.query, keep_blank_values=True))
            if data_m:
                for key, value in object_params(data_m.group(1), known).items():
                    params.setdefault(key, value)
            page_key = next((k for k in params if is_page_key(k)), None)
            out.append(Endpoint(urlunsplit(parts._replace(query="")), params, post, page_key))
    return out


def page_request_args(ep: Endpoint, page: int) -> tuple[str, dict[str, str] | None]:
    """(url, form data or None) asking ``ep`` for ``page``."""
    params = dict(ep.params)
    if ep.page_key:
        params[ep.page_key] = str(page)
    if ep.post:
        return ep.url, params
    return (f"{ep.url}?{urlencode(params)}" if params else ep.url), None


_JSONP = re.compile(r"^\s*[\w$.]+\s*\(\s*([\[{].*[\]}])\s*\)\s*;?\s*$", re.S)


def json_data(response: Response | str) -> Any:
    """The JSON an answer carries, also inside a JSONP callback (``jQuery123({…})``); None
    when it carries none."""
    if isinstance(response, str):
        text = response
    elif isinstance(response, TextResponse):
        text = response.text
    else:
        return None
    head = text.lstrip()[:1]
    if head not in ("{", "["):
        m = _JSONP.match(text) if head.isalpha() or head in "$_" else None
        if m is None:
            return None
        text = m.group(1)
    try:
        return json.loads(text)
    except ValueError:
        return None


def is_json(response: Response) -> bool:
    return json_data(response) is not None
