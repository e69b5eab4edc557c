"""The parse worker pools of this process, shared by every crawler in it.

Parsing runs in worker processes (DOC/PDF are slow and CPU-bound). Formats that need
LibreOffice go to one worker of their own, so that at most one LibreOffice starts.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor

from pipelines.parse_worker import warm, warm_office, watch_parent

# Formats that need LibreOffice (one instance per process, ≈4 s to start): they all go to one
# worker of their own so that at most one LibreOffice starts; the rest share the general pool.
# With worker processes, that worker starts its LibreOffice when the pools open
# (GONGKAI_OFFICE_WARM), in the background: the first DOC/WPS then waits for nothing.
OFFICE_MEDIA = {"application/msword", "application/vnd.ms-works", "application/rtf"}


class Pools:
    """The parse worker pools of this process, shared by every crawler in it."""

    def __init__(self, workers: int, *, warm_lo: bool = True) -> None:
        ctx = multiprocessing.get_context("spawn")
        self.general: Executor
        self.office: Executor
        if workers > 0:
            parent = (os.getpid(),)
            self.general = ProcessPoolExecutor(
                workers, mp_context=ctx, initializer=watch_parent, initargs=parent
            )
            self.office = ProcessPoolExecutor(
                1, mp_context=ctx, initializer=watch_parent, initargs=parent
            )
        else:
            self.general = ThreadPoolExecutor(2, thread_name_prefix="gongkai-parse")
            self.office = ThreadPoolExecutor(1, thread_name_prefix="gongkai-parse-office")
        for _ in range(max(workers, 1)):
            self.general.submit(warm)
        if workers > 0 and warm_lo:
            self.office.submit(warm_office)
        self.users = 0

    def for_media(self, media: str) -> Executor:
        return self.office if media in OFFICE_MEDIA else self.general

    def shutdown(self) -> None:
        for pool in (self.general, self.office):
            pool.shutdown(wait=False, cancel_futures=True)


_POOLS: Pools | None = None
_POOL_LOCK = threading.Lock()


def acquire_pools(workers: int, *, office_warm: bool = True) -> Pools:
    """The process's parse pools, started with ``workers`` processes (GONGKAI_PARSE_WORKERS; 0
    parses in threads) and LibreOffice started ahead (``office_warm``, GONGKAI_OFFICE_WARM) by the
    first user and shut down when the last one calls ``release_pools()``. A crawl run holds
    them from before its crawlers are built, so they warm up while the crawl starts."""
    global _POOLS
    with _POOL_LOCK:
        if _POOLS is None:
            _POOLS = Pools(workers, warm_lo=office_warm)
        _POOLS.users += 1
        return _POOLS


def release_pools() -> None:
    global _POOLS
    with _POOL_LOCK:
        if _POOLS is not None:
            _POOLS.users -= 1
            if _POOLS.users <= 0:
                _POOLS.shutdown()
                _POOLS = None
