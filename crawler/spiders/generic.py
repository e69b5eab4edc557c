"""Any portal: discover the report column from the start page through 政府信息公开 hubs."""

from __future__ import annotations

from crawler.spiders.base import PortalSpider


class GenericSpider(PortalSpider):
    name = "generic"
    family = "generic"
