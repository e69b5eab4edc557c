"""Hanweb (大汉) sites: columns ``/col/col<ID>/index.html`` carry their first records inline as
``<datastore><recordset><record><![CDATA[…]]></record>`` XML; further records come from a POST
to ``/module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=`` with form fields read
from the page. Attachments are ``downfile.jsp?…filename=…`` served as text/html."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector
from scrapy import FormRequest
from scrapy.http import Response, TextResponse

from crawler.spiders.base import PortalSpider

_COLUMN = re.compile(r"/col/col\d+/")
_RECORD = re.compile(r"<record[^>]*>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_DATASTORE = re.compile(r"<datastore[^>]*>.*?</datastore>", re.S | re.I)
_PROXY = re.compile(r"""['"]?([^'"\s]*?/module/web/jpage/dataproxy\.jsp[^'"\s]*)""")
_NUM = {
    "totalrecord": re.compile(r"<totalrecord>\s*(\d+)|total[_-]?record\w*\s*[:=]\s*['\"]?(\d+)", re.I),
    "perpage": re.compile(r"<perpage>\s*(\d+)|per[_-]?page\s*[:=]\s*['\"]?(\d+)", re.I),
}
# key: 'value' / key=value pairs inside the script that talks to dataproxy.jsp
_PAIR = re.compile(r"""[{,\s](\w+)\s*:\s*['"]([^'"]*)['"]|[{,\s](\w+)\s*:\s*(\d+)\b""")
_FORM_KEYS = {"col", "appid", "webid", "path", "columnid", "sourcecontenttype", "unitid",
              "webname", "permissiontype", "keyWordCount", "keywordcount"}


class HanwebSpider(PortalSpider):
    name = "hanweb"
    family = "hanweb"

    def page_kind(self, response: Response) -> str:
        if _COLUMN.search(response.url) and _RECORD.search(response.text if isinstance(response, TextResponse) else ""):
            return "list"
        if re.search(r"/art/\d{4}/", response.url):
            return "detail"
        return "hub"

    def parse_list(self, response: Response) -> Iterator[Any]:
        if not self._html(response):
            return
        self.tally.list_pages += 1
        text = response.text
        records = _RECORD.findall(text)
        if not records and not response.meta.get("proxy_page"):
            # Not a datastore column: read it as a plain list.
            yield from super_parse_list(self, response)
            return
        links = []
        for html in records:
            links.extend(self.links(response, Selector(text=html)))
        entries = self.list_entries(links)
        if not entries and not response.meta.get("proxy_page"):
            self.layout_problem(f"hanweb column {response.url} has records but no report entries")
        for url, title in entries:
            yield self.detail_request(url, title)
        if not response.meta.get("proxy_page"):
            yield from self.more_records(response, len(records))

    def more_records(self, response: TextResponse, inline: int) -> Iterator[Any]:
        """POST pages of records beyond the inline ones, with the form the page declares."""
        text = response.text
        total = _number(text, "totalrecord")
        if total is None or total <= inline:
            return
        per = _number(text, "perpage") or max(inline, 15)
        proxy = _PROXY.search(text)
        action = urljoin(response.url, proxy.group(1) if proxy else "/module/web/jpage/dataproxy.jsp")
        form = dict(parse_qsl(urlsplit(action).query))
        for script in response.xpath("//script/text()").getall():
            if "dataproxy" in script or "columnid" in script.lower():
                for m in _PAIR.finditer(script):
                    key, value = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
                    if key.lower() in _FORM_KEYS or key in form:
                        form.setdefault(key, value)
        for key in ("startrecord", "endrecord", "perpage"):
            form.pop(key, None)
        col = re.search(r"/col/col(\d+)/", response.url)
        if col:
            form.setdefault("columnid", col.group(1))
        base = action.split("?")[0]
        start = inline + 1
        # Hanweb asks for three pages' worth per call.
        step = per * 3
        while start <= total:
            end = min(start + step - 1, total)
            url = f"{base}?{urlencode({'startrecord': start, 'endrecord': end, 'perpage': per})}"
            yield FormRequest(url, formdata=form, callback=self.parse_list, errback=self.on_error,
                              meta={"role": "list", "proxy_page": True}, dont_filter=False)
            start = end + 1


def super_parse_list(spider: PortalSpider, response: Response) -> Iterator[Any]:
    return PortalSpider.parse_list(spider, response)


def _number(text: str, key: str) -> int | None:
    m = _NUM[key].search(text)
    if not m:
        return None
    return int(m.group(1) or m.group(2))
