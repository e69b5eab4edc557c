"""The garbage collector's settings for a crawl process.

A crawl process imports Scrapy, Twisted, SQLAlchemy and lxml (hundreds of thousands of
long-lived objects) and then allocates a few hundred thousand short-lived ones per hundred
pages. With CPython's default thresholds (700, 10, 10) its collector ran about 250 times in a
first crawl of the portal world, twice over the whole heap: half a second of the one core the
event loop and the archive writer share (bench/crawl.py), a tenth of the run. Freezing what
exists when the crawl starts keeps it out of every collection; higher thresholds collect less
often, still often enough to free the reference cycles Twisted's Deferreds and failures leave.
"""

from __future__ import annotations

import gc

THRESHOLDS = (20_000, 20, 20)


def settle_for_crawl() -> None:
    """Call once the crawl's modules are imported, before the run starts."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
