"""Anhui's provincial 政务公开 platform: columns ``/public/column/<siteId>?type=4&action=list&
catId=…`` load their rows from a label endpoint (``/site/label/…?labelName=publicInfoList…&
pageIndex=N``, or ``pageNo``/``curPage``/``page``/``pageNum`` as the call names it; by GET, or by
POST when the page's script posts), answering an HTML fragment, JSON rows, JSON wrapping a
fragment, or JSONP; details are ``/public/<siteId>/<docId>.html``."""

from __future__ import annotations

import html as htmlmod
import re
from collections.abc import Iterator
from typing import NamedTuple
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from parsel import Selector
from scrapy import FormRequest, Request
from scrapy.http import Response, TextResponse

from crawler import ajax, recognise
from crawler.links import Allows, Link, anchors, list_entries, onclick_links
from crawler.scripts import json_markup, json_rows, script_params, script_vars
from crawler.spiders.base import Output, PortalSpider

_COLUMN = re.compile(r"/public/column/\d+")
_DETAIL = re.compile(r"/public/\d+/\d+\.html")
_LABEL = re.compile(r"""((?:https?://[^'"\s]+)?/site/label/[^'"\s<>]+)""")
_TAG = re.compile(r"<[^>]*>")
# A label URL a script concatenates: "/site/label/8888?…&siteId=" + siteId + "&catId=" + catId
_CONCAT = re.compile(
    r"""(['"])([^'"]*/site/label/[^'"]*)\1((?:\s*\+\s*(?:[A-Za-z_$][\w$.]*|(['"])[^'"]*\4))+)"""
)
_CONCAT_PART = re.compile(r"""\+\s*(?:([A-Za-z_$][\w$.]*)|(['"])([^'"]*)\2)""")
_QUERY_STRING = re.compile(r"""['"]([^'"]*\blabelName=[^'"]*)['"]""")
_POST_CALL = re.compile(
    r"""(?:\$|jQuery|axios|\bhttp)\.post\s*\(\s*['"][^'"]*/site/label/"""
    r"""|\b(?:type|method)\s*:\s*['"]post['"]""",
    re.I,
)
_PAGES = re.compile(
    r"(?:pageCount|totalPage|pageTotal|total_page)\s*[\"']?\s*[:=]\s*[\"']?(\d+)|共\s*(\d+)\s*页",
    re.I,
)


class Label(NamedTuple):
    url: str  # with every parameter but the page
    post: bool
    page_key: str


class AnhuiPublicSpider(PortalSpider):
    name = "anhui_public"
    family = "anhui_public"

    def page_kind(self, response: Response) -> str:
        if _COLUMN.search(response.url):
            return "list"
        if _DETAIL.search(response.url):
            return "detail"
        return "hub"

    def parse_list(self, response: Response) -> Iterator[Output]:
        if not self._html(response):
            return
        if response.meta.get("label_page"):
            yield from self.parse_label(response)
            return
        self.tally.list_pages += 1
        label = self.label_url(response)
        if label is None:
            # No label endpoint: the rows are inline.
            yield from PortalSpider.parse_list(self, response)
            return
        yield self.label_request(label, 1, response.url)

    def label_url(self, response: TextResponse) -> Label | None:
        """The label endpoint with its parameters: from a URL in the page, completed by the
        ``key: value`` pairs of the script that calls it (``$.ajax({url:…, data:{…}})``); how
        it is asked (POST when the script posts) and which parameter names the page."""
        found = concatenated_label(response)
        for m in _LABEL.finditer(response.text) if found is None else ():
            found = urljoin(response.url, htmlmod.unescape(m.group(1)))
            break
        if found is None:
            for attr in response.xpath("//@*[contains(., '/site/label/')]").getall():
                found = urljoin(response.url, htmlmod.unescape(attr))
                break
        if found is None:
            return None
        parts = urlsplit(found)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        known = script_vars(response)  # parameters left blank take the script's variables
        scripts = [x for x in response.xpath("//script/text()").getall() if "/site/label/" in x]
        if "labelName" not in query:
            extra = script_params(response, "/site/label/")
            for script in scripts:  # values that are the script's variables (siteId: siteId)
                extra.update(
                    {k: v for k, v in ajax.object_params(script, known).items() if k not in extra}
                )
            for script in scripts:  # data sent as a query string: "labelName=…&catId=…"
                for m in _QUERY_STRING.finditer(script):
                    for key, value in parse_qsl(m.group(1).split("?")[-1], keep_blank_values=True):
                        extra.setdefault(key, value)
            extra.pop("url", None)
            extra.pop("data", None)
            query = {**extra, **query}
        query = {k: v or known.get(k, v) for k, v in query.items()}
        page_key = next((k for k in query if ajax.is_page_key(k)), "pageIndex")
        post = any(_POST_CALL.search(x) for x in scripts)
        for key in ("type", "method", "success", "error", "dataType") if post else ():
            if query.get(key, "").lower() in ("post", "get", ""):
                query.pop(key, None)
        return Label(urlunsplit(parts._replace(query=urlencode(query))), post, page_key)

    def label_request(self, label: Label, page: int, column: str, first: str = "") -> Request:
        parts = urlsplit(label.url)
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        query[label.page_key] = str(page)
        meta = {
            "role": "list",
            "label_page": page,
            "label": label,
            "column_url": column,
            "first": first,
            "guess": bool(first),  # asked while pages bring reports: may not exist
        }
        if label.post:
            return FormRequest(
                urlunsplit(parts._replace(query="")),
                formdata=query,
                callback=self.parse_list,
                errback=self.on_error,
                meta=meta,
            )
        url = urlunsplit(parts._replace(query=urlencode(query)))
        return Request(url, callback=self.parse_list, errback=self.on_error, meta=meta)

    def parse_label(self, response: TextResponse) -> Iterator[Output]:
        page = response.meta["label_page"]
        self.tally.list_pages += 1
        links = label_json_links(response, self.portal.allows)
        if links is None:  # an HTML fragment
            links = anchors(response, self.portal.allows) + onclick_links(
                response, self.portal.allows
            )
        entries = list_entries(links)
        if not entries and page == 1:
            self.layout_problem(f"anhui_public label {response.url} lists no report entries")
        for url, title in entries:
            yield self.detail_request(url, title)
        m = _PAGES.search(response.text) or _PAGES.search(
            _TAG.sub("", response.text)
        )  # 共<span>3</span>页
        total = int(m.group(1) or m.group(2)) if m else None
        if total is not None:
            # The page count is known: ask for every page at once (page 1 does it).
            if page == 1:
                for n in range(2, min(total, self.max_list_pages) + 1):
                    yield self.label_request(response.meta["label"], n, response.meta["column_url"])
        elif entries and entries[0][0] != response.meta.get("first") and page < self.max_list_pages:
            # one page after another while they bring new reports (not page 1 again: an
            # endpoint that ignores the page parameter)
            yield self.label_request(
                response.meta["label"], page + 1, response.meta["column_url"], entries[0][0]
            )


def concatenated_label(response: TextResponse) -> str | None:
    """A label URL built by string concatenation, its variables replaced by their values in the
    page's scripts (unknown ones, like the page index, left blank)."""
    for script in response.xpath("//script/text()").getall():
        m = _CONCAT.search(script)
        if not m:
            continue
        known = script_vars(response)
        url = m.group(2)
        for part in _CONCAT_PART.finditer(m.group(3)):
            url += part.group(3) if part.group(3) is not None else known.get(part.group(1), "")
        return urljoin(response.url, url)
    return None


def label_json_links(response: TextResponse, allows: Allows) -> list[Link] | None:
    """Rows of a label answered as JSON (``dataType: "json"``), or None for an HTML fragment."""
    data = ajax.json_data(response)
    if data is None:
        return None
    links: list[Link] = []
    for row in json_rows(data):
        url = urljoin(response.url, row["url"])
        if allows(url):
            links.append((url, recognise.clean(row["title"])))
    if not links:  # JSON that wraps an HTML fragment ({"data": {"html": "<ul>…"}})
        for fragment in json_markup(data):
            links += anchors(response, allows, Selector(text=fragment))
    return links
