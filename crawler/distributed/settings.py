"""What a distributed worker's Scrapy settings change over ``crawler.settings``: the frontier as
scheduler, the distributed item pipeline and archive, and the shared politeness."""

from __future__ import annotations

from typing import Any

from crawler.distributed.frontier import Frontier

WORKER_SETTINGS: dict[str, Any] = {
    "SCHEDULER": "crawler.distributed.scheduler.FrontierScheduler",
    "SCHEDULER_QUEUE_CLASS": "crawler.distributed.scheduler.PortalQueue",
    "SCHEDULER_QUEUE_KEY": Frontier.queue_key,
    "SCHEDULER_DUPEFILTER_KEY": Frontier.dupefilter_key,
    "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
    "SCHEDULER_PERSIST": True,
    "SCHEDULER_SERIALIZER": "scrapy_redis.picklecompat",
    "ITEM_PIPELINES": {
        "crawler.incremental.known.SkipKnownPipeline": 450,
        "crawler.distributed.pipelines.DistributedParseLoadPipeline": 500,
    },
    "GONGKAI_WARC": True,
}


def downloader_middlewares(base: dict[str, Any]) -> dict[str, Any]:
    # Last before the download (robots.txt, cookies, compression done): a slot is taken only by
    # a request that goes out now, and a robots.txt fetch takes its own.
    return {
        **base,
        "crawler.distributed.politeness.HostRateMiddleware": 900,
        "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
        "crawler.distributed.politeness.SharedRobotsTxtMiddleware": 100,
    }
