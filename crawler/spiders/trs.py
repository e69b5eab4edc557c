"""TRS WCM sites: list ``index.html`` then ``index_1.html`` … (count from ``createPageHTML``),
details ``./YYYYMM/tYYYYMMDD_<id>.html``, attachments ``./P0…pdf`` / ``./W0…doc``."""

from __future__ import annotations

import re

from scrapy.http import Response

from crawler.links import Link
from crawler.paging import trs_pages
from crawler.spiders.base import PortalSpider

_DETAIL = re.compile(r"/(\d{6}/)?t\d{8}_\d+\.s?html?$")
_LIST = re.compile(r"/index(_\d+)?\.s?html?$")


class TrsSpider(PortalSpider):
    name = "trs"
    family = "trs"

    def page_kind(self, response: Response) -> str:
        if _DETAIL.search(response.url):
            return "detail"
        if _LIST.search(response.url) and trs_pages(response):
            return "list"
        return "hub"

    def check_list(self, response: Response, entries: list[Link], pages: list[str]) -> None:
        super().check_list(response, entries, pages)
        # A TRS list names its pages in createPageHTML; its absence on a first page means the
        # template changed (a single-page list still calls createPageHTML(1, 0, …)).
        if (
            entries
            and not pages
            and not _LIST.search(response.url.split("?")[0])
            and response.meta.get("column")
        ):
            self.layout_problem(f"TRS list {response.url} is not an index*.html page")
