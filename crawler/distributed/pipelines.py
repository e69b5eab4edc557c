"""The item pipeline of a distributed worker: the crawl's own, with parsed reports kept in Redis
for the coordinator's final load instead of in this process."""

from __future__ import annotations

from typing import cast

from crawler.distributed.spider import WorkerSpider
from crawler.items import DocumentItem
from crawler.outcome import Tally
from crawler.pipelines import ParseLoadPipeline
from pipelines.parse_worker import Parsed


class DistributedParseLoadPipeline(ParseLoadPipeline):
    """Parses as the single-process pipeline does, but a parsed report goes to Redis at once
    (``candidates``): the coordinator loads one per (agency, year) when the frontier is drained,
    so which report becomes current never depends on which worker parsed what."""

    @property
    def worker(self) -> WorkerSpider:
        return cast(WorkerSpider, self.crawler.spider)

    def keep(self, item: DocumentItem, parsed: Parsed) -> None:
        self.worker.frontier.add_candidate(
            item.url,
            item.sha256,
            {
                "url": item.url,
                "portal_id": item.portal_id,
                "role": item.role,
                "sha256": item.sha256,
                "media_type": item.media_type,
                "title": item.title,
                "filename": item.filename,
                "content_type": item.content_type,
                "parent_url": item.parent_url,
                "parsed": parsed,
            },
        )

    def tally_for(self, item: DocumentItem) -> Tally:
        """The tally of the portal spider it came from, which the worker posts to Redis."""
        worker = self.worker
        spider = worker.spiders.get(item.portal_id)
        return spider.tally if spider is not None else worker.tally
