"""Archive writes running in the background, which a crawl waits for before it records anything
that depends on them (a parse waits for its document's row, the outcome for every write)."""

from __future__ import annotations

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet import defer


class Pending:
    """The archiving of one response (or one incremental write), running in the background; any
    number may wait for it."""

    def __init__(self) -> None:
        self.done = False
        self.result: object = None
        self._waiters: list[defer.Deferred[object]] = []

    def finish(self, result: object) -> None:
        self.done, self.result = True, result
        for d in self._waiters:
            d.callback(result)
        self._waiters.clear()

    def wait(self) -> defer.Deferred[object]:
        if self.done:
            return defer.succeed(self.result)
        d: defer.Deferred[object] = defer.Deferred()
        self._waiters.append(d)
        return d


async def settle(pending: set[Pending]) -> None:
    """Until every write in ``pending`` (a spider's ``pending_archive``) has landed; each one
    removes itself from the set when it does."""
    while pending:
        await maybe_deferred_to_future(next(iter(pending)).wait())
