"""The frontier as Scrapy's scheduler: scrapy-redis's scheduler, priority queue and duplicate
filter over the shared Redis frontier, with each request bound to the portal spider that made it
and kept in this worker's in-flight hash until it is done."""

from __future__ import annotations

import logging
import pickle
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler

if TYPE_CHECKING:
    from crawler.distributed.spider import WorkerSpider

log = logging.getLogger(__name__)

# What a request's meta may carry into the frontier (plain, picklable data).
_PLAIN = (str, int, float, bool, type(None), list, tuple, dict)


def encode_request(request: Request) -> tuple[float, bytes]:
    """(score, payload) for the frontier: the callback's owner names the portal."""
    owner = getattr(request.callback, "__self__", None)
    portal = getattr(owner, "portal", None)
    if portal is not None:
        request.meta["gk_portal"] = portal.id
    d = request.to_dict(spider=owner)
    d["meta"] = {k: v for k, v in (d.get("meta") or {}).items() if isinstance(v, _PLAIN)}
    return -request.priority, pickle.dumps(d, protocol=5)


class PortalQueue(PriorityQueue):
    """scrapy-redis's priority queue, with requests bound to the portal spider that made them."""

    def _encode_request(self, request: Request) -> bytes:
        return encode_request(request)[1]

    def _decode_request(self, encoded_request: bytes) -> Request:
        from scrapy.utils.request import request_from_dict

        d = pickle.loads(encoded_request)
        meta = d.get("meta") or {}
        pid = meta.get("gk_portal")
        # a revisit's callbacks are the worker spider's (they hand the answer to the portal's)
        worker: WorkerSpider = self.spider
        owner = worker.portal_spider(pid) if pid and not meta.get("gongkai_revisit") else worker
        if pid:
            worker.portal_spider(pid)
        return request_from_dict(d, spider=owner)


class FrontierScheduler(Scheduler):
    """scrapy-redis's scheduler (shared queue and duplicate filter) that never flushes the
    shared frontier and moves each request it hands out into this worker's in-flight hash."""

    df: Any  # scrapy-redis's duplicate filter (its scheduler is untyped)

    def next_request(self) -> Request | None:
        spider: WorkerSpider = self.spider
        taken = spider.frontier.take(spider.worker_id)
        if taken is None:
            return None
        flight, data = taken
        try:
            request = self.queue._decode_request(data)
        except Exception:
            log.exception("dropping a frontier entry that cannot be decoded")
            spider.frontier.done(spider.worker_id, flight)
            return None
        request.meta["gk_flight"] = flight
        request.meta["gk_worker"] = spider.worker_id
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def open(self, spider: WorkerSpider) -> None:
        from scrapy_redis.dupefilter import RFPDupeFilter

        self.spider = spider
        self.queue = PortalQueue(
            server=self.server, spider=spider, key=self.queue_key, serializer=self.serializer
        )
        if not self.df:
            self.df = RFPDupeFilter(self.server, key=self.dupefilter_key)

    def enqueue_request(self, request: Request) -> bool:
        if not request.dont_filter and self.df.request_seen(request):
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request)
        return True

    def close(self, reason: str) -> None:
        return None  # the frontier is shared: never flushed by a worker
