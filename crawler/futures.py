"""Waiting for ``concurrent.futures`` work from the reactor without tying up its thread pool."""

from __future__ import annotations

import asyncio
from concurrent.futures import Future
from typing import Any, TypeVar

from scrapy.utils.defer import maybe_deferred_to_future

T = TypeVar("T")


def wait(future: Future[T]) -> Any:
    """An awaitable for ``future`` inside Scrapy coroutines: the asyncio loop's own wrapper when
    the asyncio reactor runs (no thread held while waiting), else a reactor thread."""
    from scrapy.utils.reactor import is_asyncio_reactor_installed

    if is_asyncio_reactor_installed():
        return asyncio.wrap_future(future)
    from twisted.internet import threads

    return maybe_deferred_to_future(threads.deferToThread(future.result))
