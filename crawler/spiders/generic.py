"""Any portal: discover the report column from the start page through 政府信息公开 hubs.

A column whose rows are not plain links gets the reading of the family whose markers it
shows: inline ``<datastore>`` records, a ``dataproxy.jsp`` or ``jpage`` call (Hanweb), a ``/site/label/``
endpoint (Anhui), a gkmlpt SID and category (Guangdong). Otherwise the base reading: report-titled links and pagination.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scrapy.http import JsonResponse, Response, TextResponse

from crawler.spiders import anhui_public, gkmlpt, hanweb
from crawler.spiders.base import Output, PortalSpider

_RECORDS = re.compile(r"<record[^>]*>\s*<!\[CDATA\[", re.I)
_PROXY = "jpage/dataproxy.jsp"


class GenericSpider(PortalSpider):
    name = "generic"
    family = "generic"

    # borrowed family readings (plain functions of the spider)
    more_records = hanweb.HanwebSpider.more_records
    proxy_request = hanweb.HanwebSpider.proxy_request
    own_page_requests = hanweb.HanwebSpider.own_page_requests
    on_proxy_error = hanweb.HanwebSpider.on_proxy_error
    label_url = anhui_public.AnhuiPublicSpider.label_url
    label_request = anhui_public.AnhuiPublicSpider.label_request
    parse_label = anhui_public.AnhuiPublicSpider.parse_label
    sid = gkmlpt.GkmlptSpider.sid
    api_request = gkmlpt.GkmlptSpider.api_request
    other_api = gkmlpt.GkmlptSpider.other_api
    on_api_error = gkmlpt.GkmlptSpider.on_api_error
    parse_api = gkmlpt.GkmlptSpider.parse_api
    article_requests = gkmlpt.GkmlptSpider.article_requests
    hub_extra = gkmlpt.GkmlptSpider.hub_extra  # a gkmlpt page whose state names the column

    def parse_list(self, response: Response) -> Iterator[Output]:
        # A family's reading runs on this spider, which has the methods it calls (borrowed
        # above): the ignores below are for ``self``, declared as that family's spider.
        meta = response.meta
        if not isinstance(response, TextResponse) or (
            isinstance(response, JsonResponse)
            and not meta.get("label_page")
            and not meta.get("proxy_page")
        ):
            return PortalSpider.parse_list(self, response)
        if (
            meta.get("proxy_page")
            or _RECORDS.search(response.text)
            or _PROXY in response.text
            or ".jpage(" in response.text
        ):
            return hanweb.HanwebSpider.parse_list(self, response)  # type: ignore[arg-type]
        if meta.get("label_page") or "/site/label/" in response.text:
            return anhui_public.AnhuiPublicSpider.parse_list(self, response)  # type: ignore[arg-type]
        asked = meta.get("fragment_url") or (
            response.request.url if response.request is not None else response.url
        )
        if gkmlpt.site_id(response) and (
            gkmlpt.script_category(response) or gkmlpt.category(asked) or "/gkmlpt/" in asked
        ):
            meta.setdefault("cat", gkmlpt.category(asked))
            return gkmlpt.GkmlptSpider.parse_list(self, response)  # type: ignore[arg-type]
        return PortalSpider.parse_list(self, response)
