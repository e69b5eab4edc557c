"""Every exception the crawler raises: narrow classes, each saying what went wrong and where."""

from __future__ import annotations

from pathlib import Path

from scrapy.exceptions import IgnoreRequest


class RegistryError(ValueError):
    """The registry file is malformed; the message names the file, entry and key."""

    def __init__(
        self, path: Path | str, message: str, *, index: int | None = None, key: str | None = None
    ) -> None:
        where = str(path)
        if index is not None:
            where += f", entry {index}"
        if key is not None:
            where += f", key {key!r}"
        super().__init__(f"{where}: {message}")
        self.path = str(path)
        self.index = index
        self.key = key


class OffsiteRequest(IgnoreRequest):
    """A URL outside the portal's allowed_domains."""


class BudgetExhausted(IgnoreRequest):
    """The portal's walk has made ``GONGKAI_PORTAL_PAGES`` requests: no more are sent."""


class ChallengeDetected(IgnoreRequest):
    """The response is an anti-bot challenge; ``kind`` names it."""

    def __init__(self, kind: str, url: str) -> None:
        super().__init__(f"anti-bot challenge {kind} at {url}")
        self.kind = kind
        self.url = url


class FrontierError(RuntimeError):
    """The Redis frontier is not in the state the command needs."""
