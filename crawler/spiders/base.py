"""The shared base of the family spiders: one page role per method.

Start page → hubs (政府信息公开 / 政务公开) → report column (年报 / 年度报告) → list pages →
report pages → attachments. Families override how a list is read (``parse_list``) and how a
URL's role is recognised (``page_kind``); everything else is text and structure, not one site's
CSS classes. A list that matches nothing is recorded as a layout problem, never silently empty.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Generator, Iterable, Iterator
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urljoin, urlsplit

import scrapy
from parsel import Selector
from scrapy import FormRequest, Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import JsonResponse, Response, TextResponse
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.response import get_base_url
from twisted.python.failure import Failure

from crawler import recognise
from crawler.exceptions import ChallengeDetected, OffsiteRequest
from crawler.items import DocumentItem
from crawler.outcome import Tally, decide
from crawler.registry import Portal, find_portal
from crawler.spiders import ajax
from gongkai.core import settings as gsettings
from pipelines.archive import Archive

log = logging.getLogger(__name__)

Link = tuple[str, str]  # (absolute url, text)
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
# An agency's own link on a 部门/乡镇 directory page: 县教育局, 城关镇人民政府, 东湖街道办事处.
_AGENCY = re.compile(
    r"^.{1,20}(局|委员会|委|办公室|办|镇|乡|街道|办事处|中心|人民政府|院|署)([（(].{1,12}[)）])?$"
)
_DIRECTORY = re.compile(r"部门|乡镇|街道|单位|机构")
_TITLE_CLASS = re.compile(r"title|tit\b|biaoti|bt\b|_bt|bt_", re.I)
_JS_URL_KEYS = ("url", "href", "link", "path")
_MARKUP_LINK = re.compile(r"<a\s[^>]*href", re.I)


class PortalSpider(scrapy.Spider):
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
        self.archive: Archive | None = None
        self.owns_run = False
        self.pending_archive: set[Any] = set()  # crawler.middlewares.Pending

    # -- lifecycle ------------------------------------------------------------------------

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> PortalSpider:
        spider: PortalSpider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        if s.getbool("GONGKAI_ARCHIVE", True):
            resolved = gsettings.resolve(s.get("GONGKAI_DATA_DIR"), s.get("GONGKAI_DB"))
            run_id = s.getint("GONGKAI_RUN_ID") or None
            if run_id is None:  # a standalone `scrapy crawl`: make sure the archive exists
                from db.migrate import upgrade

                resolved.data_dir.mkdir(parents=True, exist_ok=True)
                upgrade(resolved.db_url)
            spider.archive = Archive.from_settings(
                resolved, warc=s.getbool("GONGKAI_WARC"), run_id=run_id, portal_id=spider.portal.id
            )
            if run_id is None:  # `gongkai crawl` registers its portals when it opens the run
                spider.archive.open_run(kind="crawl")
                spider.owns_run = True
                spider.archive.register_portals([spider.portal])
            spider.tally.previous_reports = spider.archive.previously_found_reports(
                spider.portal.id
            )
            spider.archive.open_warc(spider.portal.id)
        if s.getbool("GONGKAI_FAST"):
            for url in spider.portal.start_urls:
                host = urlsplit(url).hostname or ""
                if not (host.startswith("127.") or host in ("localhost", "::1")):
                    raise ValueError(f"--fast (politeness off) is for loopback only, not {host}")
        # Fetch errors are recorded in the archive and in the outcome; the robots.txt
        # middleware's tracebacks for unreachable hosts only bury the summary.
        logging.getLogger("scrapy.downloadermiddlewares.robotstxt").setLevel(logging.CRITICAL)
        spider.max_hops = s.getint("GONGKAI_MAX_HUB_HOPS", 3)
        spider.catalogue_hops = s.getint("GONGKAI_CATALOGUE_HOPS", 2)
        spider.max_list_pages = s.getint("GONGKAI_MAX_LIST_PAGES", 200)
        return spider

    async def closed(self, reason: str) -> None:
        await self._close(reason)

    async def _close(self, reason: str) -> None:
        # Every background archive write of this crawl lands before the outcome is recorded.
        while self.pending_archive:
            await maybe_deferred_to_future(next(iter(self.pending_archive)).wait())
        outcome, detail = decide(self.tally)
        log.info("portal %s: %s%s", self.portal.id, outcome, f" ({detail})" if detail else "")
        self.crawler.stats.set_value("gongkai/outcome", outcome)
        if self.archive is None:
            return
        stats = {**self.tally.stats(), "close_reason": reason}
        # Through the writer thread, after every archive write this crawl queued.
        self.archive.in_writer(
            self.archive.record_outcome, self.portal.id, outcome, detail, stats
        ).result()
        if self.owns_run:
            self.archive.in_writer(self.archive.finish_run, stats).result()
        self.archive.in_writer(self.archive.close).result()

    async def start(self) -> AsyncIterator[Any]:
        for url in self.portal.start_urls:
            yield Request(
                url,
                callback=self.parse_start,
                errback=self.on_error,
                dont_filter=True,
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

    def parse_start(self, response: Response) -> Iterator[Any]:
        self.tally.start_ok += 1
        kind = self.page_kind(response)
        if kind == "list":
            return self.parse_list(response)
        if kind == "detail":
            return self.parse_detail(response)
        return self.parse_hub(response)

    def parse_hub(self, response: Response) -> Iterator[Any]:
        """Find the report column(s), report links, and further hubs within ``max_hops``."""
        if not self._html(response) or isinstance(response, JsonResponse):
            return
        hops = response.meta.get("hops", 0)
        links = self.links(response) + self.script_links(response) + self.more_links(response)
        reports = yield from self.follow_hub_links(response, links, hops)
        if reports:  # the page is itself a report list (a start URL on the column): page on
            for url in self.next_pages(response):
                yield self.list_request(url)
        redirect = self.js_redirect(response)
        if redirect and not links:
            yield self.hub_request(redirect, hops)
        for url in self.frames(response):  # a frameset or an iframe'd menu: the same page
            yield self.hub_request(url, hops)
        for url in self.menu_scripts(response):
            yield Request(
                url,
                callback=self.parse_script,
                errback=self.on_error,
                meta={"role": "other", "hops": hops, "page_url": response.url},
            )
        yield from self.hub_extra(response, links)

    def follow_hub_links(
        self, response: Response, links: list[Link], hops: int
    ) -> Generator[Any, None, int]:
        """Report titles, report columns and further hubs among a hub's links; returns how many
        report titles there were."""
        reports = 0
        for url, text in links:
            if recognise.is_report_title(text):
                reports += 1
                yield self.detail_request(url, text)
            elif recognise.is_report_column(text):
                yield from self.column_requests(url, text, response)
        for url, text in links:
            # Steps of the catalogue itself (政府信息公开目录 → 法定主动公开内容) go
            # GONGKAI_CATALOGUE_HOPS further than other 公开 hubs, which fan out over areas,
            # departments and townships.
            if recognise.is_hub(text) and (
                hops < self.max_hops
                or (hops < self.max_hops + self.catalogue_hops and recognise.is_catalogue_hub(text))
            ):
                yield self.hub_request(url, hops + 1, text)
        if _DIRECTORY.search(response.meta.get("link_text") or ""):
            # A directory of departments or townships, each with its own columns: their pages
            # count as the directory's own depth.
            for url, text in links:
                if _AGENCY.match(text) and not recognise.is_hub(text):
                    yield self.hub_request(url, hops)
        return reports

    def column_requests(self, url: str, text: str, response: Response) -> Iterable[Request]:
        """The request(s) that open a report column found by its link text."""
        self.tally.lists += 1
        request = self.list_request(url, column=text)
        # A column named by its fragment (``index#2891``) is the hub page already fetched.
        yield request.replace(dont_filter=True) if urlsplit(url).fragment else request

    def hub_extra(self, response: Response, links: list[Link]) -> Iterable[Any]:
        return ()

    def parse_list(self, response: Response) -> Iterator[Any]:
        """A report list page (the generic reading: report-titled links and pagination)."""
        if isinstance(response, JsonResponse):  # a column answered with JSON rows
            yield from self.parse_ajax(response)
            return
        if not self._html(response):
            return
        self.tally.list_pages += 1
        entries = self.list_entries(self.links(response) + self.onclick_links(response))
        pages = [] if response.meta.get("no_paging") else self.next_pages(response)
        years = self.year_columns(response)
        frames = [] if entries or pages or years else self.frames(response)
        calls = (
            []
            if entries or pages or years or frames
            else ajax.endpoints(response, script_vars(response))
        )  # type: ignore[arg-type]
        self.check_list(response, entries, pages + years + frames + [c.url for c in calls])
        for call in calls:  # the list is loaded by the page's script
            yield self.ajax_request(call, 1)
        for url, title in entries:
            yield self.detail_request(url, title)
        for url in pages:
            yield self.list_request(url, no_paging=False)
        for url in years:
            yield self.list_request(url, column="year")
        for url in frames:  # a column page that shows its list in an iframe
            yield self.list_request(url, column=response.meta.get("column"))

    def ajax_request(self, call: ajax.Endpoint, page: int, first: str = "") -> Request:
        url, form = ajax.page_request_args(call, page)
        meta = {"role": "list", "call": call, "page": page, "first": first}
        if form is not None:
            return FormRequest(
                url, formdata=form, callback=self.parse_ajax, errback=self.on_error, meta=meta
            )
        return Request(url, callback=self.parse_ajax, errback=self.on_error, meta=meta)

    def parse_ajax(self, response: Response) -> Iterator[Any]:
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
                links += self.links(response, Selector(text=fragment))
        elif isinstance(response, JsonResponse):
            links = []
        else:
            links = self.links(response)
        entries = self.list_entries(links)
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
        if not entries and not pages:
            self.layout_problem(f"list {response.url} has no report entries")

    def parse_detail(self, response: Response) -> Iterator[Any]:
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
        titles = self.detail_titles(response)
        if not any(recognise.is_report_title(t) for t in titles):
            self.tally.not_reports += 1
            log.debug("not a report page: %s %r", response.url, titles[:2])
            return
        attachments = self.attachments(response)
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
            for u, t in self.links(response)
            if recognise.is_report_title(t) and u != response.url and (u, t) not in attachments
        ]
        if len(listed) >= 2:
            for url, title in listed:
                yield self.detail_request(url, title)
            for url in self.next_pages(response):
                yield self.list_request(url)
        for url, text in attachments:
            yield Request(
                url,
                callback=self.parse_attachment,
                errback=self.on_error,
                priority=2,
                meta={"role": "attachment", "title": text, "parent_url": response.url},
            )

    def parse_attachment(self, response: Response) -> Iterator[Any]:
        media = response.meta.get("media_type") or ""
        if not recognise.is_document_media(media):
            if isinstance(response, TextResponse) and recognise.is_report_title(
                response.meta.get("title")
            ):
                # A report-titled link that led to a page: ask for it as one (a detail request
                # for the same URL would otherwise be filtered as a duplicate).
                yield self.detail_request(response.url, response.meta["title"]).replace(
                    dont_filter=True
                )
                return
            log.info("attachment link gave %s, not a document: %s", media, response.url)
            return
        self.tally.attachments += 1
        yield self.document_item(
            response, role="attachment", parent_url=response.meta.get("parent_url")
        )

    def image_request(self, url: str, parent_url: str) -> Request:
        """An ``<img>`` of a report page that came without its tables (asked by the pipeline,
        which reads the tables from the images by OCR). Not deduplicated: the page waits for
        every one of its images, answered or failed."""
        return Request(
            url,
            callback=self.parse_image,
            errback=self.on_image_error,
            priority=2,
            dont_filter=True,
            meta={"role": "image", "parent_url": parent_url},
        )

    def parse_image(self, response: Response) -> Iterator[Any]:
        item = self.document_item(
            response, role="image", parent_url=response.meta.get("parent_url")
        )
        item.url = (response.meta.get("redirect_urls") or [response.url])[0]  # as the page named it
        yield item

    def on_image_error(self, failure: Failure) -> Iterator[Any]:
        self.on_error(failure)
        request = getattr(failure, "request", None)
        if request is not None:  # an empty image tells the page not to wait for it
            yield DocumentItem(
                url=request.url,
                portal_id=self.portal.id,
                role="image",
                sha256="",
                media_type="",
                body=b"",
                parent_url=request.meta.get("parent_url"),
            )

    def document_item(
        self,
        response: Response,
        *,
        role: str,
        parent_url: str | None = None,
        attachments: tuple[str, ...] = (),
    ) -> DocumentItem:
        return DocumentItem(
            url=response.url,
            portal_id=self.portal.id,
            role=role,
            sha256=response.meta.get("sha256") or "",
            media_type=response.meta.get("media_type") or "",
            body=response.body,
            title=response.meta.get("title"),
            filename=response.meta.get("filename"),
            content_type=(response.headers.get(b"Content-Type") or b"").decode("latin-1") or None,
            parent_url=parent_url,
            attachments=attachments,
            archived=response.meta.get("archived"),
        )

    # -- errors -----------------------------------------------------------------------------

    def on_error(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        is_start = bool(request is not None and request.meta.get("is_start"))
        exc = failure.value
        if isinstance(exc, ChallengeDetected):
            return  # noted by the middleware
        if isinstance(exc, OffsiteRequest):
            if request is not None and request.meta.get("redirect_urls"):
                self.tally.offsite_redirects += 1
                self.tally.last_error = (
                    f"redirected outside allowed_domains: "
                    f"{request.meta['redirect_urls'][0]} → {request.url}"
                )
            return
        if isinstance(exc, IgnoreRequest):
            if "robots.txt" in str(exc):
                self.tally.robots_denied += 1
                self.tally.robots_denied_start += int(is_start)
            return
        from scrapy.spidermiddlewares.httperror import HttpError

        if isinstance(exc, HttpError):
            self.tally.http_errors += 1
            log.info("HTTP %s at %s", exc.response.status, exc.response.url)
            return
        self.tally.network_errors += 1
        self.tally.last_error = f"{type(exc).__name__}: {exc}"[:300]
        log.info("%s at %s", type(exc).__name__, request.url if request else "?")

    def note_challenge(self, kind: str, url: str) -> None:
        self.tally.challenges.append((kind, url))
        log.warning(
            "portal %s: anti-bot challenge %s at %s (recorded, not bypassed)",
            self.portal.id,
            kind,
            url,
        )

    def layout_problem(self, message: str) -> None:
        self.tally.layout_problems.append(message)
        log.warning("portal %s: layout: %s", self.portal.id, message)

    # -- selectors (each checks what it matched) --------------------------------------------

    def _html(self, response: Response) -> bool:
        if not isinstance(response, TextResponse):
            self.layout_problem(f"expected an HTML page at {response.url}")
            return False
        self.tally.pages_ok += 1
        return True

    def links(self, response: Response, selector: Any = None) -> list[Link]:
        """Every <a href> with its text (or title attribute), absolute, inside the portal.
        Read with lxml directly and kept per response: pages are read several times."""
        if selector is None:
            cached = response.meta.get("_links")
            if cached is not None and cached[0] == response.url:
                return cached[1]
        root = (selector if selector is not None else response.selector).root
        if not hasattr(root, "iter"):  # a JSON answer has no markup
            return []
        base = (
            get_base_url(response) if isinstance(response, TextResponse) else response.url
        )  # <base href>
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
                allowed[netloc] = self.portal.allows(url)
            if not allowed[netloc]:
                continue
            text = recognise.clean(a.text_content())
            if not text:  # image links: the alt text names the column
                text = recognise.clean(" ".join(img.get("alt") or "" for img in a.iter("img")))
            title_attr = recognise.clean(a.get("title"))
            if title_attr and (not text or len(title_attr) > len(text) or _TRUNCATED.search(text)):
                text = title_attr
            key = url + "\x00" + text
            if key in seen:
                continue
            seen.add(key)
            out.append((url, text))
        if selector is None:
            response.meta["_links"] = (response.url, out)
        return out

    def frames(self, response: Response) -> list[str]:
        """``<frame src>`` and ``<iframe src>`` pages inside the portal (old framesets, menus
        and column lists shown in an iframe)."""
        if not isinstance(response, TextResponse):
            return []
        out = []
        for el in _markup(response).iter("frame", "iframe"):
            src = (el.get("src") or "").strip()
            if not src or src.startswith(("javascript:", "about:", "data:")):
                continue
            url = urljoin(response.url, src)
            if self.portal.allows(url) and url.split("#")[0] != response.url:
                out.append(url)
        return out

    def more_links(self, response: Response) -> list[Link]:
        """更多>> links named by the heading of their block (``<h3>政府信息公开年报</h3>
        <a href=…>更多</a>``): the text beside the link in its nearest parent that has any."""
        if not isinstance(response, TextResponse):
            return []
        out: list[Link] = []
        for a in _markup(response).iter("a"):
            href = (a.get("href") or "").strip()
            if (
                not href
                or href.startswith(("javascript:", "#"))
                or not _MORE.match(recognise.clean(a.text_content()))
            ):
                continue
            node = a.getparent()
            for _ in range(3):
                if node is None:
                    break
                heading = recognise.clean(
                    "".join(
                        node.xpath(
                            ".//text()[not(ancestor::a)][not(ancestor::script)][not(ancestor::style)]"
                        )
                    )
                )
                if heading:
                    url = urljoin(response.url, href)
                    if self.portal.allows(url):
                        out.append((url, heading))
                    break
                node = node.getparent()
        return out

    def titled_elements(self, root: Any) -> list[str]:
        """Texts of elements a template names as the title (``<div class="xxgk_title">``,
        ``<td class="biaoti">``): short, and holding no link (a list of titles is not one)."""
        out = []
        for el in root.iter("div", "p", "span", "td", "h4", "h5", "strong"):
            name = f"{el.get('class') or ''} {el.get('id') or ''}"
            if not _TITLE_CLASS.search(name) or next(el.iter("a"), None) is not None:
                continue
            text = el.text_content()
            if 4 <= len(text.strip()) <= 120:
                out.append(text)
            if len(out) >= 6:
                break
        return out

    def year_columns(self, response: Response) -> list[str]:
        """Sub-columns of a report column named by a year alone (2023年度, 2022年)."""
        if not isinstance(response, TextResponse):
            return []
        here = response.url.split("#")[0]
        return list(
            dict.fromkeys(
                url
                for url, text in self.links(response)
                if _YEAR_COLUMN.match(text) and url.split("#")[0] != here
            )
        )

    def script_links(self, response: Response) -> list[Link]:
        """Menu entries a script builds from data (``[{name: "…", url: "…"}, …]`` or
        ``[["…", "/url/"], …]``) or writes (``document.write('<a href=…>…</a>')``), and
        elements that open a URL ``onclick``: hubs whose navigation is not in the markup."""
        if not isinstance(response, TextResponse):
            return []
        out: list[Link] = []
        for script in response.xpath("//script/text()").getall():
            out += self.links_in_script(script, response.url)
        return out + self.onclick_links(response)

    def links_in_script(self, script: str, base: str) -> list[Link]:
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
            if self.portal.allows(url):
                out.append((url, recognise.clean(text)))
        return out

    def menu_scripts(self, response: Response) -> list[str]:
        """The portal's own ``<script src>`` files (not libraries): menus are often built there."""
        if not isinstance(response, TextResponse):
            return []
        out = []
        for src in response.xpath("//script/@src").getall():
            url = urljoin(response.url, src.strip())
            if src.strip() and not _LIBRARY_JS.search(src) and self.portal.allows(url):
                out.append(url)
        return out[:6]

    def parse_script(self, response: Response) -> Iterator[Any]:
        """A menu script: its entries are read as the links of the page that loaded it."""
        if not isinstance(response, TextResponse):
            return
        links = self.links_in_script(response.text, response.meta.get("page_url") or response.url)
        yield from self.follow_hub_links(response, links, response.meta.get("hops", 0))

    def onclick_links(self, response: Response) -> list[Link]:
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
                if self.portal.allows(url):
                    out.append((url, text))
        return out

    def list_entries(self, links: Iterable[Link]) -> list[Link]:
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

    def next_pages(self, response: Response) -> list[str]:
        """Numbered, 下一页 and 尾页 links, plus TRS ``createPageHTML``/``countPage`` pages."""
        here = urlsplit(response.url)
        base_dir = here.path.rsplit("/", 1)[0]
        out: list[str] = []
        for url, text in self.links(response):
            if not (recognise.is_next_page(text) or recognise.is_page_number(text)):
                continue
            parts = urlsplit(url)
            # the list's own directory, or the list's path as a directory (/nb → /nb/index_2.html)
            if parts.netloc != here.netloc or parts.path.rsplit("/", 1)[0] not in (
                base_dir,
                here.path.rstrip("/"),
            ):
                continue
            if url != response.url:
                out.append(url)
        out.extend(self.select_pages(response, here.netloc, base_dir))
        out.extend(trs_pages(response))
        out.extend(query_pages(response))
        if len(out) > self.max_list_pages:
            self.layout_problem(f"list {response.url} claims {len(out)} pages; capped")
            out = out[: self.max_list_pages]
        return list(dict.fromkeys(out))

    def select_pages(self, response: Response, netloc: str, base_dir: str) -> list[str]:
        """Pages offered by a ``<select>`` jump box: options numbered 1, 2 … whose values are
        URLs of the list's own directory (``onchange="location.href=this.value"``)."""
        if not isinstance(response, TextResponse):
            return []
        out = []
        for option in _markup(response).iter("option"):
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

    def detail_titles(self, response: TextResponse) -> list[str]:
        """Title candidates, strongest first: ArticleTitle meta, headings, <title>, link text."""
        root = _markup(response)
        cands = [
            m.get("content") or ""
            for m in root.iter("meta")
            if (m.get("name") or "").lower() in ("articletitle", "title", "dc.title")
            or m.get("property") == "og:title"
        ]
        cands += [h.text_content() for h in list(root.iter("h1", "h2", "h3"))[:6]]
        cands += self.titled_elements(root)
        cands += [t.text_content() for t in root.iter("title")]
        if response.meta.get("title"):
            cands.append(response.meta["title"])
        return [c for c in (recognise.clean(x) for x in cands) if c]

    def attachments(self, response: TextResponse) -> list[Link]:
        """Document links on a report page (by extension, filename=, or text and path shape)."""
        out = []
        seen: set[str] = set()
        for url, text in self.links(response):
            if url in seen or not recognise.is_attachment_link(url, text):
                continue
            label = text or url.rsplit("/", 1)[-1]
            if recognise.is_not_report_text(label):
                continue
            seen.add(url)
            out.append((url, label))
        for url in self.embedded_documents(response):
            if url not in seen:
                seen.add(url)
                out.append((url, url.rsplit("/", 1)[-1]))
        return out

    def embedded_documents(self, response: TextResponse) -> list[str]:
        """Documents shown in the page rather than linked: ``<iframe>``/``<embed>``/``<object>``
        on the file, or on a viewer given it (``pdfjs/web/viewer.html?file=/up/x.pdf``)."""
        out = []
        for el in _markup(response).iter("iframe", "embed", "object"):
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
            if self.portal.allows(url):
                out.append(url)
        return out

    def js_redirect(self, response: Response) -> str | None:
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


_PAIR = re.compile(r"""['"]?(\w+)['"]?\s*:\s*(?:['"]([^'"]*)['"]|(\d+))""")
# var a = "1", b = 2; also the later names of one declaration
_VAR = re.compile(
    r"""(?:\b(?:var|let|const)\s+|[;{,\n]\s*)([A-Za-z_$][\w$]*)\s*=\s*(?:(['"])([^'"]*)\2|(\d+))"""
)


class _NoMarkup:
    def iter(self, *tags: str) -> Iterator[Any]:
        return iter(())


def _markup(response: TextResponse) -> Any:
    """The page's lxml tree, or an empty one for an answer without markup (JSON)."""
    root = response.selector.root
    return root if hasattr(root, "iter") else _NoMarkup()


def script_vars(response: TextResponse) -> dict[str, str]:
    """``var name = "value"`` (or a number) assignments of the page's scripts, first one wins."""
    out: dict[str, str] = {}
    for script in response.xpath("//script/text()").getall():
        for m in _VAR.finditer(script):
            out.setdefault(m.group(1), m.group(3) if m.group(3) is not None else m.group(4))
    return out


def json_rows(data: Any) -> list[dict[str, Any]]:
    """The longest list of objects with a title and a link anywhere in a JSON answer
    (``title``/``name``, ``url``/``link``/``href``/``linkUrl`` …), each as ``{title, url}``."""
    best: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            rows = [r for r in (_json_row(x) for x in node) if r is not None]
            if len(rows) > len(best):
                best = rows
            stack.extend(node)
    return best


def json_strings(data: Any) -> Iterator[str]:
    """The strings of a JSON answer, in document order."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, str):
            yield node


def json_markup(data: Any) -> list[str]:
    """Strings of a JSON answer that hold links: an HTML fragment it wraps."""
    return [s for s in json_strings(data) if _MARKUP_LINK.search(s)]


def _json_row(x: Any) -> dict[str, Any] | None:
    if not isinstance(x, dict):
        return None
    title = next(
        (x[k] for k in x if isinstance(x[k], str) and k.lower() in ("title", "name")), None
    ) or next((x[k] for k in x if isinstance(x[k], str) and "title" in k.lower()), None)
    url = next(
        (x[k] for k in x if isinstance(x[k], str) and k.lower() in ("url", "link", "href")), None
    ) or next(
        (
            x[k]
            for k in x
            if isinstance(x[k], str) and re.search(r"url|link|href", k, re.I) and x[k].strip()
        ),
        None,
    )
    if title is None or url is None:
        return None
    return {**x, "title": re.sub(r"<[^>]*>", "", title), "url": url}


def script_params(response: TextResponse, marker: str) -> dict[str, str]:
    """``key: 'value'`` pairs of the scripts that mention ``marker``, and hidden inputs."""
    params: dict[str, str] = {}
    for script in response.xpath("//script/text()").getall():
        if marker in script:
            for m in _PAIR.finditer(script):
                params.setdefault(m.group(1), m.group(2) if m.group(2) is not None else m.group(3))
    for inp in response.xpath("//input[@type='hidden'][@name]"):
        params.setdefault(inp.attrib["name"], inp.attrib.get("value", ""))
    return params


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
