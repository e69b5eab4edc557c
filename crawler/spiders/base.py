"""The shared base of the family spiders: it walks a portal's pages, one method per page role.

Start page → hubs (政府信息公开 / 政务公开) → report column (年报 / 年度报告) → list pages →
report pages → attachments (and, for a report page without its tables, its images). Families
override how a list is read (``parse_list``) and how a URL's role is recognised (``page_kind``);
what a page holds is read by plain functions (``crawler.links``, ``crawler.paging``,
``crawler.page_titles``, ``crawler.scripts``, ``crawler.ajax``): text and structure, not one site's
CSS classes. A list that matches nothing is recorded as a layout problem, never silently empty.

What a spider records (failures by role and status, challenges, layout problems, hosts it
admits when a site moves) is ``crawler.spiders.records``; the items and image requests it
yields for documents, ``crawler.spiders.documents``. The run around the walk (the archive,
the outcome) is ``crawler.extensions.RunExtension``'s.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Generator, Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, TypeGuard
from urllib.parse import urljoin, urlsplit

import scrapy
from parsel import Selector
from scrapy import FormRequest, Request
from scrapy.http import JsonResponse, Response, TextResponse

from crawler import ajax, paging, recognise
from crawler.columns import select_columns, subcolumns
from crawler.links import (
    AGENCY,
    Link,
    anchors,
    attachment_links,
    directory_links,
    frames,
    js_redirect,
    links_in_script,
    list_entries,
    menu_scripts,
    more_links,
    onclick_links,
    says_nothing,
    script_links,
)
from crawler.outcome import Tally
from crawler.page_titles import body_text, detail_titles
from crawler.pending import Pending
from crawler.registry import Portal, find_portal
from crawler.scripts import json_markup, json_rows, script_vars
from crawler.spiders.documents import DocumentRoles, Output
from gongkai.core.settings import default
from pipelines.archive import Archive

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

    from crawler.incremental.memory import PortalMemory

log = logging.getLogger(__name__)

_DIRECTORY = re.compile(r"部门|乡镇|街道|单位|机构")


def _slug_name(url: str) -> str:
    """What a link whose text says nothing is, by its URL's slug (``zfxxgknb`` → 年报)."""
    role = recognise.slug_role(url)
    return {"column": "信息公开年报", "hub": "信息公开"}.get(role or "", "")


class PortalSpider(DocumentRoles, scrapy.Spider):
    """Walks one portal of the registry (``-a portal=ID``, ``-a registry=FILE``)."""

    family: ClassVar[str] = ""

    def __init__(self, portal: str | None = None, registry: str | None = None, **kw: Any) -> None:
        if not portal:
            raise ValueError(f"say which portal: scrapy crawl {self.name} -a portal=ID")
        self.portal: Portal = find_portal(portal, registry)
        if self.portal.family != self.family:
            raise ValueError(
                f"portal {portal!r} is family {self.portal.family!r}, "
                f"not {self.family!r}: use `scrapy crawl {self.portal.family}`"
            )
        super().__init__(**kw)
        self.tally = Tally()
        # Opened by crawler.extensions.RunExtension (or the distributed worker); None when
        # GONGKAI_ARCHIVE is off.
        self.archive: Archive | None = None
        self.pending_archive: set[Pending] = set()  # background archive writes of this crawl
        self.incremental: PortalMemory | None = None  # crawler.incremental: what earlier runs saw
        self.max_hops: int = default("GONGKAI_MAX_HUB_HOPS")
        self.catalogue_hops: int = default("GONGKAI_CATALOGUE_HOPS")
        self.max_list_pages: int = default("GONGKAI_MAX_LIST_PAGES")
        self.max_sub: int = default("GONGKAI_SUBCOLUMN_DEPTH")
        self.posted_pages: set[tuple[str, tuple[tuple[str, str], ...]]] = set()  # form pagers

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider: PortalSpider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.max_hops = s.getint("GONGKAI_MAX_HUB_HOPS")
        spider.catalogue_hops = s.getint("GONGKAI_CATALOGUE_HOPS")
        spider.max_list_pages = s.getint("GONGKAI_MAX_LIST_PAGES")
        spider.max_sub = s.getint("GONGKAI_SUBCOLUMN_DEPTH")
        return spider

    async def start(self) -> AsyncIterator[Request]:
        for url in self.portal.start_urls:
            yield Request(
                url,
                callback=self.parse_start,
                errback=self.on_error,
                meta={"role": "other", "hops": 0, "is_start": True},
            )

    # -- requests ---------------------------------------------------------------------------

    def hub_request(self, url: str, hops: int, text: str = "") -> Request:
        return Request(
            url,
            callback=self.parse_hub,
            errback=self.on_error,
            meta={"role": "other", "hops": hops, "link_text": text},
        )

    def list_request(self, url: str, **meta: Any) -> Request:
        return Request(
            url, callback=self.parse_list, errback=self.on_error, meta={"role": "list", **meta}
        )

    def detail_request(self, url: str, title: str | None) -> Request:
        # Documents before navigation: parsing (the slow part) starts as early as it can.
        return Request(
            url,
            callback=self.parse_detail,
            errback=self.on_error,
            priority=1,
            meta={"role": "report_page", "title": title},
        )

    # -- page roles -------------------------------------------------------------------------

    def page_kind(self, response: Response) -> str:
        """'list', 'detail' or 'hub' for a start page; families recognise their URL shapes."""
        return "hub"

    def parse_start(self, response: Response) -> Iterator[Output]:
        self.tally.start_ok += 1
        kind = self.page_kind(response)
        if kind == "list":
            return self.parse_list(response)
        if kind == "detail":
            return self.parse_detail(response)
        return self.parse_hub(response)

    def parse_hub(self, response: Response) -> Iterator[Output]:
        """Find the report column(s), report links, and further hubs within ``max_hops``."""
        if not self._html(response) or isinstance(response, JsonResponse):
            return
        hops = response.meta.get("hops", 0)
        allows = self.portal.allows
        links = (
            anchors(response, allows)
            + script_links(response, allows)
            + more_links(response, allows)
        )
        reports = yield from self.follow_hub_links(response, links, hops)
        if reports:  # the page is itself a report list (a start URL on the column): page on
            yield from self.page_requests(response)
        redirect = js_redirect(response)
        if redirect and not links:
            yield self.hub_request(redirect, hops)
        for url in frames(response, allows):  # a frameset or an iframe'd menu: the same page
            yield self.hub_request(url, hops)
        for url in menu_scripts(response, allows):
            yield Request(
                url,
                callback=self.parse_script,
                errback=self.on_error,
                meta={"role": "other", "hops": hops, "page_url": response.url},
            )
        # 部门信息公开 / 乡镇信息公开 blocks: each agency's pages have its own columns, at the
        # directory's depth
        for url, text in directory_links(response, allows):
            yield self.hub_request(url, hops, text)
        yield from self.hub_extra(response, links)

    def follow_hub_links(
        self, response: Response, links: list[Link], hops: int
    ) -> Generator[Output, None, int]:
        """Report titles, report columns and further hubs among a hub's links; returns how many
        report titles there were."""
        reports = 0
        columns: set[str] = set()
        # a link whose text says nothing (an image, 更多>>) is named by its URL's slug
        named = [(u, _slug_name(u) or t) if says_nothing(t) else (u, t) for u, t in links]
        for url, text in named:
            if recognise.is_report_title(text):
                reports += 1
                yield self.detail_request(url, text)
            elif recognise.is_report_column(text):
                columns.add(url.split("#")[0])
                yield from self.column_requests(url, text, response)
        for url, text in named:
            # Steps of the catalogue itself (政府信息公开目录 → 法定主动公开内容) go
            # GONGKAI_CATALOGUE_HOPS further than other 公开 hubs, which fan out over areas,
            # departments and townships.
            if not recognise.is_hub(text) or url.split("#")[0] in columns:
                continue
            if hops < self.max_hops or (
                hops < self.max_hops + self.catalogue_hops and recognise.is_catalogue_hub(text)
            ):
                yield self.hub_request(url, hops + 1, text)
            else:
                self.tally.beyond_depth += 1
        if _DIRECTORY.search(response.meta.get("link_text") or ""):
            # A directory of departments or townships, each with its own columns: their pages
            # count as the directory's own depth.
            for url, text in links:
                if AGENCY.match(text) and not recognise.is_hub(text):
                    yield self.hub_request(url, hops)
        return reports

    def column_requests(self, url: str, text: str, response: Response) -> Iterable[Output]:
        """The request(s) that open a report column found by its link text."""
        self.tally.lists += 1
        if url.split("#")[0] == response.url and isinstance(response, TextResponse):
            # A column named by its fragment (``index#2891``) on this very page: read it as the
            # list now, rather than fetch the page again.
            response.meta.update(column=text, fragment_url=url)
            yield from self.parse_list(response)
            return
        yield self.list_request(url, column=text)

    def hub_extra(self, response: Response, links: list[Link]) -> Iterable[Output]:
        return ()

    def parse_script(self, response: Response) -> Iterator[Output]:
        """A menu script: its entries are read as the links of the page that loaded it."""
        if not isinstance(response, TextResponse):
            return
        base = response.meta.get("page_url") or response.url
        links = links_in_script(response.text, base, self.portal.allows)
        yield from self.follow_hub_links(response, links, response.meta.get("hops", 0))

    def parse_list(self, response: Response) -> Iterator[Output]:
        """A report list page (the generic reading): report-titled links, its further pages,
        its sub-columns (years, kinds of unit, units); a list shown in a frame or loaded by
        the page's script; and a 'list' that is a report page itself."""
        if isinstance(response, JsonResponse):  # a column answered with JSON rows
            yield from self.parse_ajax(response)
            return
        if recognise.is_document_media(response.meta.get("media_type") or recognise.MEDIA_HTML):
            yield from self.parse_detail(response)  # a unit's link straight to its report file
            return
        if not self._html(response):
            return
        self.tally.list_pages += 1
        allows, meta = self.portal.allows, response.meta
        links = anchors(response, allows) + onclick_links(response, allows)
        entries = list_entries(links)
        linked, inferred = ([], []) if meta.get("no_paging") else self.next_pages(response)
        depth = meta.get("sub", 0)
        subs = subcolumns(links + select_columns(response, allows), response.url)
        # a unit's or a year's link to a file (/wzxxgknb/2024/教育局.pdf) is a report candidate
        entries += [(u, t) for u, t in subs if recognise.url_extension(u)]
        subs = [(u, t) for u, t in subs if not recognise.url_extension(u)]
        if subs and depth >= self.max_sub:
            self.tally.beyond_depth += len(subs)
            subs = []
        found = entries or linked or inferred or subs
        framed = [] if found else frames(response, allows)
        calls = [] if found or framed else ajax.endpoints(response, script_vars(response))
        if not (found or framed or calls) and self.is_report_page(response):
            yield from self.parse_detail(response)  # a unit's link that led to its report
            return
        self.check_list(
            response,
            entries,
            linked + inferred + [u for u, _ in subs] + framed + [c.url for c in calls],
        )
        for call in calls:  # the list is loaded by the page's script
            yield self.ajax_request(call, 1)
        for url, title in entries:
            yield self.detail_request(url, title)
        yield from self.page_requests(response, linked, inferred)
        for url, text in subs:
            yield self.list_request(url, column=text, sub=depth + 1)
        for url in framed:  # a column page that shows its list in an iframe
            yield self.list_request(url, column=meta.get("column"), sub=depth)

    def page_requests(
        self,
        response: TextResponse,
        linked: list[str] | None = None,
        inferred: list[str] | None = None,
    ) -> Iterator[Request]:
        """The list's further pages: those a link names, then those inferred (a series' gaps,
        a declared count), which may not exist."""
        if linked is None or inferred is None:
            linked, inferred = self.next_pages(response)
        sub = response.meta.get("sub", 0)
        for url in linked:
            yield self.list_request(url, page_of=response.url, sub=sub)
        for url in inferred:
            yield self.list_request(url, page_of=response.url, sub=sub, guess=True)
        if not linked and not inferred:
            for form in paging.form_pages(response):  # a pager that submits the page's form
                # each page once: the form's other fields (a __VIEWSTATE) change with the page
                pager = {k: v for k, v in form.fields.items() if not k.startswith("__VIEW")}
                key = (urlsplit(form.url).path, tuple(sorted(pager.items())))
                if key in self.posted_pages:
                    continue
                self.posted_pages.add(key)
                yield FormRequest(
                    form.url,
                    method=form.method,
                    formdata=form.fields,
                    callback=self.parse_list,
                    errback=self.on_error,
                    meta={"role": "list", "page_of": response.url, "sub": sub},
                )

    def ajax_request(self, call: ajax.Endpoint, page: int, first: str = "") -> Request:
        url, form = ajax.page_request_args(call, page)
        # a page asked while rows come (first: the last page's first row) may not exist
        meta = {"role": "list", "call": call, "page": page, "first": first, "guess": bool(first)}
        if form is not None:
            return FormRequest(
                url, formdata=form, callback=self.parse_ajax, errback=self.on_error, meta=meta
            )
        return Request(url, callback=self.parse_ajax, errback=self.on_error, meta=meta)

    def parse_ajax(self, response: Response) -> Iterator[Output]:
        """Rows a column's script loads (JSON or an HTML fragment); the next page while new
        rows come."""
        if not self._html(response):
            return
        self.tally.list_pages += 1
        data = ajax.json_data(response)
        if data is not None:
            links = [
                (urljoin(response.url, r["url"]), recognise.clean(r["title"]))
                for r in json_rows(data)
            ]
            links = [(u, t) for u, t in links if self.portal.allows(u)]
            for fragment in json_markup(data) if not links else ():  # JSON that wraps HTML
                links += anchors(response, self.portal.allows, Selector(text=fragment))
        elif isinstance(response, JsonResponse):
            links = []
        else:
            links = anchors(response, self.portal.allows)
        entries = list_entries(links)
        call, page = response.meta.get("call"), response.meta.get("page", 1)
        if not entries and page == 1:
            self.layout_problem(f"list data {response.url} has no report entries")
        for url, title in entries:
            yield self.detail_request(url, title)
        first = entries[0][0] if entries else ""
        if (
            call
            and call.page_key
            and entries
            and first != response.meta["first"]
            and page < self.max_list_pages
        ):
            yield self.ajax_request(call, page + 1, first)

    def check_list(self, response: Response, entries: list[Link], pages: list[str]) -> None:
        """A report column's first page with no entries and nowhere to go is a layout problem
        (a sub-column or a further page may well be empty)."""
        meta = response.meta
        if not entries and not pages and not meta.get("sub") and not meta.get("page_of"):
            self.layout_problem(
                f"report column {response.url} ({meta.get('column') or 'start page'}) has no "
                "report entries, further pages or sub-columns"
            )

    def is_report_page(self, response: TextResponse) -> bool:
        """A page that calls itself a report (its title), or whose body reads like one."""
        return any(recognise.is_report_title(t) for t in detail_titles(response)) or (
            recognise.is_report_body(body_text(response))
        )

    def parse_detail(self, response: Response) -> Iterator[Output]:
        """A report page: check its title, hand it to the pipeline, fetch its attachments."""
        media = response.meta.get("media_type") or recognise.MEDIA_HTML
        if recognise.is_document_media(media):
            # The list linked the report file itself.
            self.tally.report_files += 1
            yield self.document_item(response, role="attachment", parent_url=None)
            return
        if not isinstance(response, TextResponse) or isinstance(response, JsonResponse):
            return
        self.tally.pages_ok += 1
        titles = detail_titles(response)
        if not any(recognise.is_report_title(t) for t in titles):
            if not recognise.is_report_body(body_text(response)):
                self.tally.not_reports += 1
                log.debug("not a report page: %s %r", response.url, titles[:2])
                return
            self.tally.reports_by_content += 1  # the title did not say so; the body does
        attachments = attachment_links(response, self.portal.allows)
        # files a list's data named for this page (a JSON API's attachment list)
        attachments += [
            (u, t)
            for u, t in response.meta.get("listed_attachments", ())
            if u not in {a for a, _ in attachments}
        ]
        self.tally.report_pages += 1
        yield self.document_item(
            response, role="report_page", attachments=tuple(u for u, _ in attachments)
        )
        # A page titled like a report that lists several reports is a (sub-)column named
        # "2023年政府信息公开年报": its entries are followed too (the page's own parse decides).
        listed = [
            (u, t)
            for u, t in anchors(response, self.portal.allows)
            if recognise.is_report_title(t) and u != response.url and (u, t) not in attachments
        ]
        if len(listed) >= 2:
            for url, title in listed:
                yield self.detail_request(url, title)
            yield from self.page_requests(response)
        for url, text in attachments:
            yield Request(
                url,
                callback=self.parse_attachment,
                errback=self.on_error,
                priority=2,
                meta={"role": "attachment", "title": text, "parent_url": response.url},
            )

    def parse_attachment(self, response: Response) -> Iterator[Output]:
        media = response.meta.get("media_type") or ""
        if not recognise.is_document_media(media):
            if isinstance(response, TextResponse) and recognise.is_report_title(
                response.meta.get("title")
            ):
                # A report-titled link that led to a page: read it as one (not fetched again).
                response.meta["role"] = "report_page"
                yield from self.parse_detail(response)
                return
            log.info("attachment link gave %s, not a document: %s", media, response.url)
            return
        self.tally.attachments += 1
        yield self.document_item(
            response, role="attachment", parent_url=response.meta.get("parent_url")
        )

    # -- reading pages --------------------------------------------------------------------

    def next_pages(self, response: TextResponse) -> tuple[list[str], list[str]]:
        """The list's further pages (``crawler.paging``): (linked, inferred), at most
        ``max_list_pages``."""
        linked, inferred = paging.next_pages(response, self.portal.allows)
        linked = list(dict.fromkeys(linked))
        inferred = [u for u in dict.fromkeys(inferred) if u not in linked]
        if len(linked) + len(inferred) > self.max_list_pages:
            self.layout_problem(
                f"list {response.url} claims {len(linked) + len(inferred)} pages; capped"
            )
            linked = linked[: self.max_list_pages]
            inferred = inferred[: max(0, self.max_list_pages - len(linked))]
        return linked, inferred

    def _html(self, response: Response) -> TypeGuard[TextResponse]:
        """A page with markup (or JSON) to read; anything else is a layout problem."""
        if not isinstance(response, TextResponse):
            self.layout_problem(f"expected an HTML page at {response.url}")
            return False
        self.tally.pages_ok += 1
        return True
