"""What a portal spider records about its portal while it walks: failed requests (by role and
status, for the outcome), challenges, layout problems, and the hosts it admits when the site
moves or redirects within its registrable domain (``crawler.redirects``)."""

from __future__ import annotations

import dataclasses
import logging
from typing import TYPE_CHECKING

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler import redirects
from crawler.exceptions import ChallengeDetected, OffsiteRequest

if TYPE_CHECKING:
    from crawler.outcome import Tally
    from crawler.registry import Portal

log = logging.getLogger(__name__)


def network_status(exc: BaseException) -> str:
    """A short name for a request that got no response: timeout, refused, dns, lost, error."""
    name = type(exc).__name__.lower()
    for word, status in (
        ("timeout", "timeout"),
        ("refused", "refused"),
        ("dns", "dns"),
        ("resolve", "dns"),
        ("lost", "lost"),
        ("dataloss", "lost"),
    ):
        if word in name:
            return status
    return "error"


class PortalRecords:
    """The recording half of ``PortalSpider``."""

    portal: Portal
    tally: Tally

    def on_error(self, failure: Failure) -> None:
        request = getattr(failure, "request", None)
        meta = request.meta if request is not None else {}
        is_start = bool(meta.get("is_start"))
        role = meta.get("role") or "other"
        exc = failure.value
        if isinstance(exc, ChallengeDetected):
            return  # noted by the middleware
        if isinstance(exc, OffsiteRequest):
            if request is not None and meta.get("redirect_urls"):
                self.tally.offsite_redirects += 1
                self.tally.last_error = (
                    f"redirected to another site, not followed: "
                    f"{meta['redirect_urls'][0]} → {request.url}"
                )
            return
        url = request.url if request is not None else "?"
        if isinstance(exc, HttpError):  # an IgnoreRequest too: asked first
            status = exc.response.status
            if meta.get("guess") and status in (403, 404, 410):
                self.tally.guesses_missed += 1  # an inferred page that does not exist
                return
            self.tally.http_errors += 1
            self.tally.note_failure(role, str(status), url)
            log.info("HTTP %s at %s", status, exc.response.url)
            return
        if isinstance(exc, IgnoreRequest):
            if "robots.txt" in str(exc):
                self.tally.robots_denied += 1
                self.tally.robots_denied_start += int(is_start)
            return
        self.tally.network_errors += 1
        self.tally.last_error = f"{type(exc).__name__}: {exc}"[:300]
        self.tally.note_failure(role, network_status(exc), url)
        log.info("%s at %s", type(exc).__name__, url)

    def note_challenge(self, kind: str, url: str) -> None:
        self.tally.challenges.append((kind, url))
        log.warning(
            "portal %s: anti-bot challenge %s at %s (recorded, not bypassed)",
            self.portal.id,
            kind,
            url,
        )

    def layout_problem(self, message: str) -> None:
        self.tally.layout_problems.append(message)
        log.warning("portal %s: layout: %s", self.portal.id, message)

    def admit(self, url: str, source: str, *, moved: bool) -> None:
        """Let the walk go on at ``url``'s host, where a redirect from ``source`` led: the
        site moved there (recorded for the outcome), or it is under the same registrable
        domain."""
        host = redirects.netloc(url)
        if host not in self.portal.allowed_domains:
            self.portal = dataclasses.replace(
                self.portal, allowed_domains=(*self.portal.allowed_domains, host)
            )
        move = (redirects.origin(source), redirects.origin(url))
        if moved and move not in self.tally.moves:
            self.tally.moves.append(move)
            log.warning("portal %s moved: %s → %s (followed)", self.portal.id, *move)
