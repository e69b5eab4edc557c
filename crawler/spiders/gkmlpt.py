"""Guangdong's 政府信息公开目录 platform: a JSON API ``/gkmlpt/api/all/<catId>?page=N&sid=<SID>``
with the SID read from the page's script; the report column is named by a link (catId in the
link's fragment or path)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.http import JsonResponse, Response, TextResponse

from crawler import recognise
from crawler.spiders.base import Link, PortalSpider, json_rows

_SID = re.compile(r"""\bSID\b\s*['"]?\s*[:=]\s*['"]?(\w+)""", re.I)
# Other names of the site id (window.SITE_ID, siteId: …), trusted on gkmlpt pages only.
_SITE_ID = re.compile(r"""\b[\w$]*?(?:sid|site_?id)\b['"]?\s*[:=]\s*['"]?(\w+)""", re.I)
_CAT = re.compile(r"(?:#|/api/all/|catId=|/gkmlpt/(?:index|content|policy)?/?#?)(\d+)\b")


class GkmlptSpider(PortalSpider):
    name = "gkmlpt"
    family = "gkmlpt"

    def page_kind(self, response: Response) -> str:
        if "/gkmlpt/content/" in response.url:
            return "detail"
        if self.sid(response) and script_category(response):
            return "list"
        return "hub"

    def column_requests(self, url: str, text: str, response: Response) -> Iterator[Request]:
        self.tally.lists += 1
        cat = category(url)
        sid = self.sid(response)
        if cat and sid:
            yield self.api_request(response.url, cat, sid, 1)
        else:
            # The column page itself carries the SID (and maybe the category).
            yield Request(url, callback=self.parse_list, errback=self.on_error,
                          meta={"role": "list", "cat": cat}, dont_filter=True)

    def parse_list(self, response: Response) -> Iterator[Any]:
        """A gkmlpt column page: SID and category from its script, rows from the JSON API."""
        if not self._html(response):
            return
        sid = self.sid(response)
        cat = response.meta.get("cat") or category(response.url) or script_category(response)
        if not cat:
            for url, text in self.links(response):
                if recognise.is_report_column(text) and category(url):
                    cat = category(url)
                    break
        if sid and not cat:
            # The category tree the API returns names the report column.
            request = self.api_request(response.url, "0", sid, 1)
            request.meta["find_category"] = True
            yield request
            return
        if not (cat and sid):
            self.layout_problem(f"gkmlpt column {response.url}: no "
                                f"{'SID' if not sid else 'category id'} in the page")
            yield from PortalSpider.parse_list(self, response)
            return
        self.tally.lists += int(response.meta.get("is_start", False))
        yield self.api_request(response.url, cat, sid, 1)

    def sid(self, response: Response) -> str | None:
        if not isinstance(response, TextResponse) or isinstance(response, JsonResponse):
            return None
        scripts = response.xpath("//script/text()").getall()
        for script in scripts:
            m = _SID.search(script)
            if m:
                return m.group(1)
        if "/gkmlpt/" in response.url or "/gkmlpt/" in response.text:
            for script in scripts:
                m = _SITE_ID.search(script)
                if m:
                    return m.group(1)
            attr = response.xpath("//@*[name()='data-sid' or name()='data-site-id' or name()='data-siteid']").get()
            if attr and attr.strip().isalnum():
                return attr.strip()
        return None

    def api_request(self, page_url: str, cat: str, sid: str, page: int) -> Request:
        url = urljoin(page_url, f"/gkmlpt/api/all/{cat}?page={page}&sid={sid}")
        return Request(url, callback=self.parse_api, errback=self.on_error,
                       meta={"role": "list", "cat": cat, "sid": sid, "page": page})

    def parse_api(self, response: Response) -> Iterator[Any]:
        self.tally.pages_ok += 1
        self.tally.list_pages += 1
        try:
            data = json.loads(response.text)
        except (ValueError, AttributeError):
            self.layout_problem(f"gkmlpt API {response.url} did not return JSON")
            return
        if response.meta.get("find_category"):
            cat = tree_category(data)
            if cat is None:
                self.layout_problem(f"gkmlpt API {response.url}: no annual-report category in its tree")
            else:
                yield self.api_request(response.url, cat, response.meta["sid"], 1)
            return
        articles = json_rows(data)
        page = response.meta["page"]
        if not articles and page == 1:
            self.layout_problem(f"gkmlpt API {response.url} returned no articles")
        links: list[Link] = []
        for art in articles:
            url = art["url"]
            title = recognise.clean(art["title"])
            if isinstance(url, str) and self.portal.allows(urljoin(response.url, url)):
                links.append((urljoin(response.url, url), title))
        for url, title in self.list_entries(links):
            yield self.detail_request(url, title)
        total = _total(data)
        per = len(articles)
        if total is not None and per:
            if page == 1:  # the size is known: every page at once
                last = min(-(-total // per), self.max_list_pages)
                for n in range(2, last + 1):
                    yield self.api_request(response.url, response.meta["cat"], response.meta["sid"], n)
        elif per and page < self.max_list_pages:
            yield self.api_request(response.url, response.meta["cat"], response.meta["sid"], page + 1)

_SCRIPT_CAT = (
    re.compile(r"/api/all/(\d+)"),
    re.compile(r"(?:annual_?report|ndbg|xxgknb|gknb|年报|年度报告)['\"]?\s*[:=]\s*['\"]?(\d+)", re.I),
    re.compile(r"\b(?:cat_?id|category_?id|classify_?id|CATEGORY)['\"]?\s*[:=]\s*['\"]?(\d+)", re.I),
)


def script_category(response: Response) -> str | None:
    """The report column's category id as the page's script names it."""
    if not isinstance(response, TextResponse) or isinstance(response, JsonResponse):
        return None
    text = " ".join(response.xpath("//script/text()").getall())
    for pattern in _SCRIPT_CAT:
        m = pattern.search(text)
        if m:
            return m.group(1)
    return None


def category(url: str) -> str | None:
    parts = urlsplit(url)
    for piece in (parts.fragment, parts.path, parts.query):
        m = re.search(r"(?:^|/|catId=|all/)(\d{2,})(?:$|\b)", piece)
        if m and (piece is parts.fragment or "gkmlpt" in parts.path or "catId" in piece):
            return m.group(1)
    return None


def tree_category(data: Any) -> str | None:
    """The id of the annual-report category in the API's category tree (``classify``)."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            name = next((node[k] for k in ("name", "title", "catName", "label")
                         if isinstance(node.get(k), str)), "")
            ident = node.get("id", node.get("catId"))
            if name and str(ident or "").isdigit() and recognise.is_report_column(name):
                return str(ident)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return None


def _total(data: Any) -> int | None:
    if isinstance(data, dict):
        for key in ("total", "count", "totalCount", "total_count"):
            if isinstance(data.get(key), int):
                return data[key]
        for value in data.values():
            if isinstance(value, dict):
                t = _total(value)
                if t is not None:
                    return t
    return None
