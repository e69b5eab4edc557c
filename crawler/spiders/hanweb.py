"""Hanweb (大汉) sites: columns ``/col/col<ID>/index.html`` carry their first records inline as
``<datastore><recordset><record><![CDATA[…]]></record>`` XML; further records come from a POST
to ``/module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=`` with form fields read
from the page (or, when the proxy will not answer, from the column's own ``?uid=&pageNum=``
pages); records may come CDATA, escaped, in a script string or in JSON. Attachments are
``downfile.jsp?…filename=…`` served as text/html."""

from __future__ import annotations

import html as htmlmod
import json
import re
from collections.abc import Iterable, Iterator
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from parsel import Selector
from scrapy import FormRequest, Request
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.links import anchors, list_entries
from crawler.scripts import json_markup, json_strings, script_params, script_vars
from crawler.spiders.base import Output, PortalSpider

_COLUMN = re.compile(r"/col/col\d+/")
_RECORD = re.compile(r"<record[^>]*>\s*(?:<!\[CDATA\[(.*?)\]\]>|([^<]*?))\s*</record>", re.S | re.I)
_UNIT = re.compile(r"""\$\(\s*['"]#(\d+)['"]\s*\)\s*\.\s*jpage""")
_DATASTORE = re.compile(r"<datastore[^>]*>.*?</datastore>", re.S | re.I)
# /module/web/jpage/dataproxy.jsp, or /module/jpage/dataproxy.jsp on older jcms
_PROXY = re.compile(r"""['"]?([^'"\s]*?/module/(?:web/)?jpage/dataproxy\.jsp[^'"\s]*)""")
_JS_ESCAPE = re.compile(r"""\\(['"/])""")
# The proxy's fields as a query string in a script: "unitid=4512345&col=1&webid=41&…"
_FORM_STRING = re.compile(r"""['"]([^'"]*\b(?:unitid|webid|columnid)=[^'"]*)['"]""", re.I)
_JPAGE_JS = re.compile(r"""(/module/(?:web/)?jpage/)jpage\.js""")
_JPAGE_CALL = re.compile(r"""\.jpage\s*\(""")
_NUM = {
    "totalrecord": re.compile(
        r"<totalrecord>\s*(\d+)|total[_-]?record\w*\s*[:=]\s*['\"]?(\d+)", re.I
    ),
    "perpage": re.compile(r"<perpage>\s*(\d+)|per[_-]?page\s*[:=]\s*['\"]?(\d+)", re.I),
}
_JPAGE_CONSTANTS = {"col": "1", "appid": "1", "sourceContentType": "1"}
_FORM_KEYS = {
    "col",
    "appid",
    "webid",
    "path",
    "columnid",
    "sourcecontenttype",
    "unitid",
    "webname",
    "permissiontype",
    "keyWordCount",
    "keywordcount",
}


class HanwebSpider(PortalSpider):
    name = "hanweb"
    family = "hanweb"

    def page_kind(self, response: Response) -> str:
        if _COLUMN.search(response.url) and records(
            response.text if isinstance(response, TextResponse) else ""
        ):
            return "list"
        if re.search(r"/art/\d{4}/", response.url):
            return "detail"
        return "hub"

    def parse_list(self, response: Response) -> Iterator[Output]:
        if not self._html(response):
            return
        self.tally.list_pages += 1
        text = response.text
        rows = records(text)
        if not rows and not response.meta.get("proxy_page"):
            shown = list_entries(anchors(response, self.portal.allows))
            pager = bool(_PROXY.search(text) or _JPAGE_CALL.search(text))
            if shown or not pager:
                # Not a datastore column (or its first page rendered as plain markup): read it
                # as a plain list.
                yield from super_parse_list(self, response)
            if pager:
                # The rest (or, with nothing shown, all) from the proxy the page's script asks.
                yield from self.more_records(response, len(shown))
            return
        if not rows and response.meta.get("own_pages"):  # the proxy answered nothing
            yield from self.own_page_requests(response.meta["own_pages"])
            return
        links = []
        for html in rows:
            links.extend(anchors(response, self.portal.allows, Selector(text=html)))
        entries = list_entries(links)
        if not entries and not response.meta.get("proxy_page"):
            self.layout_problem(f"hanweb column {response.url} has records but no report entries")
        for url, title in entries:
            yield self.detail_request(url, title)
        if not response.meta.get("proxy_page"):
            yield from self.more_records(response, len(rows))
        elif response.meta.get("open_ended") and rows:
            base, form, start, end, per = response.meta["chunk"]
            if len(rows) >= end - start + 1 and end < 100 * per:
                yield self.proxy_request(
                    base, form, end + 1, end + (end - start + 1), per, open_ended=True
                )

    def more_records(self, response: TextResponse, inline: int) -> Iterator[Output]:
        """POST pages of records beyond the inline ones, with the form the page declares."""
        text = response.text
        total = _number(text, "totalrecord")
        if total is not None and total <= inline:
            return
        per = _number(text, "perpage") or max(inline, 15)
        proxy = _PROXY.search(text)
        if total is None and proxy is None:
            return  # no sign of more records
        if proxy is None:  # beside the pager's script, wherever this jcms keeps it
            js = _JPAGE_JS.search(text)
            action = urljoin(
                response.url, (js.group(1) if js else "/module/web/jpage/") + "dataproxy.jsp"
            )
        else:
            action = urljoin(response.url, proxy.group(1))
        form = dict(parse_qsl(urlsplit(action).query))
        strings = [
            (k, v)
            for m in _FORM_STRING.finditer(" ".join(response.xpath("//script/text()").getall()))
            for k, v in parse_qsl(m.group(1).split("?")[-1], keep_blank_values=True)
        ]
        for key, value in [
            *script_params(response, "dataproxy").items(),
            *script_vars(response).items(),
            *strings,
        ]:
            if key.lower() in _FORM_KEYS:
                form.setdefault(key, value)
        if not any(k.lower() == "unitid" for k in form):  # the pager's element is the unit
            unit = _UNIT.search(text) or re.search(
                r"""<\w+[^>]*\sid=['"](\d+)['"][^>]*>\s*<script[^>]*type=['"]text/xml""", text, re.I
            )
            if unit:
                form["unitid"] = unit.group(1)
        for key in ("startrecord", "endrecord", "perpage", "page"):
            form.pop(key, None)
        for key, value in _JPAGE_CONSTANTS.items():  # jpage.js adds these itself
            if not any(k.lower() == key.lower() for k in form):
                form[key] = value
        col = re.search(r"/col/col(\d+)/", response.url)
        if col:
            form.setdefault("columnid", col.group(1))
        base = action.split("?")[0]
        step = per * 3  # hanweb asks for three pages' worth per call
        if total is None:  # open-ended: one call after another while they come back full
            yield self.proxy_request(base, form, inline + 1, inline + step, per, open_ended=True)
            return
        # If the proxy will not answer, the column's own pages (index.html?uid=<unit>&pageNum=N)
        # carry the same records, a page's worth each.
        unit_id = next((v for k, v in form.items() if k.lower() == "unitid"), "")
        own_pages = (
            tuple(
                f"{response.url.split('?')[0]}?{urlencode({'uid': unit_id, 'pageNum': n})}"
                for n in range(2, min(-(-total // per), self.max_list_pages) + 1)
            )
            if unit_id and inline == per
            else ()
        )
        start = inline + 1
        while start <= total:
            end = min(start + step - 1, total)
            yield self.proxy_request(
                base, form, start, end, per, own_pages=own_pages if start == inline + 1 else ()
            )
            start = end + 1

    def proxy_request(
        self,
        base: str,
        form: dict[str, str],
        start: int,
        end: int,
        per: int,
        *,
        open_ended: bool = False,
        own_pages: tuple[str, ...] = (),
    ) -> FormRequest:
        url = f"{base}?{urlencode({'startrecord': start, 'endrecord': end, 'perpage': per})}"
        return FormRequest(
            url,
            formdata=form,
            callback=self.parse_list,
            errback=self.on_proxy_error,
            meta={
                "role": "list",
                "proxy_page": True,
                "open_ended": open_ended,
                "chunk": (base, form, start, end, per),
                "own_pages": own_pages,
                "guess": open_ended,  # asked while chunks come back full: may not exist
            },
        )

    def own_page_requests(self, urls: Iterable[str]) -> Iterator[Request]:
        """The column's own further pages, read for their records like the proxy's answers."""
        for url in urls:
            yield Request(
                url,
                callback=self.parse_list,
                errback=self.on_error,
                meta={"role": "list", "proxy_page": True},
            )

    def on_proxy_error(self, failure: Failure) -> Iterator[Request]:
        request = getattr(failure, "request", None)
        fallback = request.meta.get("own_pages", ()) if request is not None else ()
        if fallback:  # the column's own pages carry the same records: not a failure yet
            self.tally.guesses_missed += 1
        else:
            self.on_error(failure)
        yield from self.own_page_requests(fallback)


def super_parse_list(spider: PortalSpider, response: Response) -> Iterator[Output]:
    return PortalSpider.parse_list(spider, response)


def _number(text: str, key: str) -> int | None:
    m = _NUM[key].search(text)
    if not m:
        return None
    return int(m.group(1) or m.group(2))


def records(text: str) -> list[str]:
    """The HTML of each ``<record>`` of a datastore: CDATA, or HTML-escaped text (also
    escaped inside CDATA); a datastore inside a script string (``<\\/record>``, ``\\"``);
    or, in a JSON answer, the strings that hold markup."""
    if "<\\/record>" in text:  # the datastore is a script string
        text = text.replace("\\/", "/")
    out = []
    for cdata, escaped in _RECORD.findall(text):
        html = cdata or htmlmod.unescape(escaped)
        if "<" not in html and "&lt;" in html:
            html = htmlmod.unescape(html)
        html = _JS_ESCAPE.sub(r"\1", html)
        if html.strip():
            out.append(html)
    if not out and text.lstrip()[:1] in ("{", "["):
        out = json_records(text)
    return out


def json_records(text: str) -> list[str]:
    """Records of a proxy that answers JSON: the strings holding a link (``\\u003c`` escapes
    are undone by the JSON reading), or the records of a datastore carried as a string."""
    try:
        data = json.loads(text)
    except ValueError:
        return []
    out = [r for s in json_strings(data) if "<record" in s for r in records(s)]
    return out or json_markup(data)
