"""Guangdong's 政府信息公开目录 platform: a JSON API ``/gkmlpt/api/all/<catId>?page=N&sid=<SID>``
(or at the base the page's script names, or ``/gkmlpt/api/<catId>``) with the SID read from
the page's script; the report column is named by a link (catId in the link's fragment or path),
by the script, or by the category tree of the state embedded in the page
(``window.__INITIAL_STATE__``). Files an article lists in the JSON are fetched with its page."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.http import JsonResponse, Response, TextResponse
from twisted.python.failure import Failure

from crawler import ajax, recognise
from crawler.links import Link, anchors, list_entries
from crawler.scripts import json_rows
from crawler.spiders.base import Output, PortalSpider

_SID = re.compile(r"""\bSID\b\s*['"]?\s*[:=]\s*['"]?(\w+)""", re.I)
# Other names of the site id (window.SITE_ID, siteId: …), trusted on gkmlpt pages only.
_SITE_ID = re.compile(
    r"""\b[\w$]*?(?:sid|site_?id|web_?id|site_?code)\b['"]?\s*[:=]\s*['"]?(\w+)""", re.I
)
# The API's base as the page's script names it: apiBase: "/gkmlpt/api/", "/gkmlpt/api/all/"
_API_BASE = re.compile(r"""['"]((?:https?://[^'"/]+)?/gkmlpt/api/(?:[A-Za-z_]+/)?)['"]""")
_API_PREFIXES = ("/gkmlpt/api/all/", "/gkmlpt/api/")
# An object a script assigns (window.__INITIAL_STATE__ = {…}) or a JSON <script>
_ASSIGNED_OBJECT = re.compile(r"(?:^|[=(])\s*(?=\{)")
_PAGE_COUNT_KEYS = (
    "totalPage",
    "totalPages",
    "pageCount",
    "total_page",
    "page_count",
    "pages",
    "pageTotal",
)
_ITEM_COUNT_KEYS = ("total", "count", "totalCount", "total_count", "totalRecord", "recordCount")
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

    def column_requests(self, url: str, text: str, response: Response) -> Iterator[Output]:
        self.tally.lists += 1
        cat = category(url)
        sid = self.sid(response)
        if cat and sid:
            yield self.api_request(response.url, cat, sid, 1, api_prefixes(response))
        elif url.split("#")[0] == response.url:  # this very page, named by a fragment
            response.meta.update(cat=cat, column=text)
            yield from self.parse_list(response)
        else:
            # The column page itself carries the SID (and maybe the category).
            yield self.list_request(url, cat=cat, column=text)

    def hub_extra(self, response: Response, links: list[Link]) -> Iterator[Output]:
        """A gkmlpt page whose script names the report category (its state's category tree)
        with no link to it: the page is the column too. A gkmlpt shell with the SID and no
        report column named anywhere asks the API's category tree for it."""
        if "/gkmlpt/" not in response.url or not self.sid(response):
            return
        if state_category(response):
            self.tally.lists += 1
            yield from GkmlptSpider.parse_list(self, response)
        elif not response.meta.get("cat") and not any(
            recognise.is_report_column(t) for _, t in links
        ):
            request = self.api_request(
                response.url, "0", self.sid(response) or "", 1, api_prefixes(response)
            )
            request.meta["find_category"] = True
            yield request

    def parse_list(self, response: Response) -> Iterator[Output]:
        """A gkmlpt column page: SID and category from its script, rows from the JSON API (the
        first ones maybe from the state embedded in the page)."""
        if not self._html(response):
            return
        sid = self.sid(response)
        cat = (
            response.meta.get("cat")
            or category(response.meta.get("fragment_url") or response.url)
            or script_category(response)
            or state_category(response)
        )
        if not cat:
            for url, text in anchors(response, self.portal.allows):
                if recognise.is_report_column(text) and category(url):
                    cat = category(url)
                    break
        prefixes = api_prefixes(response)
        if sid and not cat and list_entries(anchors(response, self.portal.allows)):
            # a column the server rendered (/gkmlpt/annualreport): its own rows and pages, and
            # the API's tree as well
            yield from PortalSpider.parse_list(self, response)
        if sid and not cat:
            # The category tree the API returns names the report column.
            request = self.api_request(response.url, "0", sid, 1, prefixes)
            request.meta["find_category"] = True
            yield request
            return
        if not (cat and sid):
            self.layout_problem(
                f"gkmlpt column {response.url}: no "
                f"{'SID' if not sid else 'category id'} in the page"
            )
            yield from PortalSpider.parse_list(self, response)
            return
        self.tally.lists += int(response.meta.get("is_start", False))
        for state in embedded_json(response):  # the first page, rendered into the page's state
            yield from self.article_requests(response, json_rows(state))
        yield self.api_request(response.url, cat, sid, 1, prefixes)

    def sid(self, response: Response) -> str | None:
        return site_id(response)

    def api_request(
        self,
        page_url: str,
        cat: str,
        sid: str,
        page: int,
        prefixes: tuple[str, ...] = _API_PREFIXES,
        *,
        guess: bool = False,
    ) -> Request:
        """Page ``page`` of category ``cat`` from the first of the API's possible bases; the
        others are tried in turn when page 1 is not found there. ``guess``: a page asked
        while pages bring articles, which may not exist."""
        url = urljoin(page_url, f"{prefixes[0]}{cat}?page={page}&sid={sid}")
        return Request(
            url,
            callback=self.parse_api,
            errback=self.on_api_error,
            meta={
                "role": "list",
                "cat": cat,
                "sid": sid,
                "page": page,
                "prefixes": prefixes,
                "guess": guess,
            },
        )

    def other_api(self, request: Request) -> Request | None:
        """The same page 1 at the API's next possible base, if any."""
        meta = request.meta
        rest = meta.get("prefixes", ())[1:]
        if meta.get("page") != 1 or not rest:
            return None
        again = self.api_request(request.url, meta["cat"], meta["sid"], 1, rest)
        again.meta["find_category"] = meta.get("find_category", False)
        return again

    def on_api_error(self, failure: Failure) -> Iterator[Output]:
        request = getattr(failure, "request", None)
        again = self.other_api(request) if request is not None else None
        if again is not None:  # another base to try: not a failure yet
            self.tally.guesses_missed += 1
            yield again
        else:
            self.on_error(failure)

    def parse_api(self, response: Response) -> Iterator[Output]:
        self.tally.pages_ok += 1
        self.tally.list_pages += 1
        data = ajax.json_data(response)
        articles = json_rows(data) if data is not None else []
        again = (
            self.other_api(response.request)
            if response.request is not None and not articles
            else None
        )
        if data is None or (again is not None and not response.meta.get("find_category")):
            if again is not None:  # not this base: the next one
                yield again
            else:
                self.layout_problem(f"gkmlpt API {response.url} did not return JSON")
            return
        if response.meta.get("find_category"):
            cat = tree_category(data)
            if cat is None:
                if again is not None:
                    yield again
                else:
                    self.layout_problem(
                        f"gkmlpt API {response.url}: no annual-report category in its tree"
                    )
            else:
                yield self.api_request(
                    response.url, cat, response.meta["sid"], 1, response.meta["prefixes"][:1]
                )
            return
        page = response.meta["page"]
        if not articles and page == 1:
            self.layout_problem(f"gkmlpt API {response.url} returned no articles")
        yield from self.article_requests(response, articles)
        pages = page_count(data, len(articles))
        meta = response.meta
        if pages is not None and articles:
            if page == 1:  # the size is known: every page at once
                for n in range(2, min(pages, self.max_list_pages) + 1):
                    yield self.api_request(
                        response.url, meta["cat"], meta["sid"], n, meta["prefixes"][:1]
                    )
        elif articles and page < self.max_list_pages:
            yield self.api_request(
                response.url, meta["cat"], meta["sid"], page + 1, meta["prefixes"][:1], guess=True
            )

    def article_requests(
        self, response: Response, articles: list[dict[str, Any]]
    ) -> Iterator[Request]:
        """Report pages among the API's articles, each with the files the API lists for it."""
        links: list[Link] = []
        files: dict[str, list[Link]] = {}
        for art in articles:
            url = urljoin(response.url, art["url"])
            if isinstance(art["url"], str) and self.portal.allows(url):
                links.append((url, recognise.clean(art["title"])))
                files[url] = [
                    (u, t) for u, t in json_attachments(art, response.url) if self.portal.allows(u)
                ]
        for url, title in list_entries(links):
            request = self.detail_request(url, title)
            if files.get(url):
                request.meta["listed_attachments"] = files[url]
            yield request


def site_id(response: Response) -> str | None:
    """The SID the gkmlpt API wants, as the page's script names it (on gkmlpt pages also by
    other names, or a ``data-sid`` attribute)."""
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
        attr = response.xpath(
            "//@*[name()='data-sid' or name()='data-site-id' or name()='data-siteid']"
        ).get()
        if attr and attr.strip().isalnum():
            return attr.strip()
    return None


_SCRIPT_CAT = (
    re.compile(r"/api/all/(\d+)"),
    re.compile(
        r"(?:annual_?report|ndbg|xxgknb|gknb|年报|年度报告)['\"]?\s*[:=]\s*['\"]?(\d+)", re.I
    ),
    re.compile(
        r"\b(?:cat_?id|category_?id|classify_?id|CATEGORY)['\"]?\s*[:=]\s*['\"]?(\d+)", re.I
    ),
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
            name = next(
                (
                    node[k]
                    for k in ("name", "title", "catName", "label")
                    if isinstance(node.get(k), str)
                ),
                "",
            )
            ident = next(
                (
                    node[k]
                    for k in ("id", "catId", "cid", "classifyId", "categoryId", "cat_id")
                    if k in node
                ),
                None,
            )
            if name and str(ident or "").isdigit() and recognise.is_report_column(name):
                return str(ident)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return None


def page_count(data: Any, per: int) -> int | None:
    """How many pages the API has: a page count (``totalPage`` …) if it gives one, else its
    article count (``total``/``count``, the largest: the other may count this page's rows)
    over the rows per page; a ``total`` below the rows of this page counts pages."""
    pages = _ints(data, _PAGE_COUNT_KEYS)
    if pages:
        return max(pages)
    items = _ints(data, _ITEM_COUNT_KEYS)
    if not items or not per:
        return None
    total = max(items)
    return total if total < per else -(-total // per)


def _ints(data: Any, keys: tuple[str, ...]) -> list[int]:
    """The integer values of ``keys`` in the answer's objects, not inside its rows."""
    out: list[int] = []
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            out += [
                node[k]
                for k in keys
                if isinstance(node.get(k), int) and not isinstance(node[k], bool)
            ]
            stack.extend(v for v in node.values() if isinstance(v, dict))
    return out


def json_attachments(article: dict[str, Any], base: str) -> list[Link]:
    """Files an API article lists (``attachment: [{name, url}]``, ``files``, ``fj`` …): the
    page may show them only by script."""
    out: list[Link] = []
    stack: list[Any] = [
        v for k, v in article.items() if re.search(r"attach|file|fj|enclosure|appendix", k, re.I)
    ]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, dict):
            strings = {k.lower(): v for k, v in node.items() if isinstance(v, str)}
            url = next((v for k, v in strings.items() if re.search(r"url|link|href|path", k)), "")
            name = next((v for k, v in strings.items() if re.search(r"name|title", k)), "")
            if url and (
                recognise.url_extension(urljoin(base, url))
                or recognise.url_extension("http://x/" + name)
            ):
                out.append((urljoin(base, url), name or url.rsplit("/", 1)[-1]))
        elif isinstance(node, str) and recognise.url_extension(urljoin(base, node)):
            out.append((urljoin(base, node), node.rsplit("/", 1)[-1]))
    return out


def api_prefixes(response: Response) -> tuple[str, ...]:
    """The API bases to try: the one the page's script names first, then the usual ones."""
    named: list[str] = []
    if isinstance(response, TextResponse) and not isinstance(response, JsonResponse):
        for script in response.xpath("//script/text()").getall():
            named += [urlsplit(m.group(1)).path for m in _API_BASE.finditer(script)]
    return tuple(dict.fromkeys([*named, *_API_PREFIXES]))


def embedded_json(response: Response) -> list[Any]:
    """Objects the page carries as data: ``window.__INITIAL_STATE__ = {…}``, a JSON
    ``<script>``."""
    if not isinstance(response, TextResponse) or isinstance(response, JsonResponse):
        return []
    out: list[Any] = []
    decoder = json.JSONDecoder()
    for script in response.xpath("//script/text()").getall():
        for m in _ASSIGNED_OBJECT.finditer(script):
            try:
                value, _ = decoder.raw_decode(script, m.end())
            except ValueError:
                continue
            if isinstance(value, dict) and value:
                out.append(value)
    return out


def state_category(response: Response) -> str | None:
    """The report category in the category tree of the page's embedded state."""
    for state in embedded_json(response):
        cat = tree_category(state)
        if cat is not None:
            return cat
    return None
