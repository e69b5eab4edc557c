"""How a portal's crawl ended: the outcomes, defined once, with the counts that justify each.

Every run records one outcome per portal (``crawl_run_portals``, the view ``v_portal_runs``)
with a detail that names the page and what was expected there, and the counts below in its
``counts``. The crawler decides it (``crawler.outcome.decide``); the archive refuses any other
name. Later issues add outcomes here; they do not redefine these.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Outcome:
    name: str
    meaning: str
    counts: tuple[str, ...]  # the keys of the outcome's counts that justify it


OUTCOMES: tuple[Outcome, ...] = (
    Outcome(
        "ok",
        "report pages or files were found, and every list and report fetch was answered",
        ("reports_found", "list_pages"),
    ),
    Outcome(
        "partial",
        "some list or report fetches failed (404, 5xx, timeouts: counted by status), or a "
        "per-portal budget (pages, seconds) ended the walk; reports found may be fewer than "
        "published",
        ("reports_found", "failed", "failed_status", "budget"),
    ),
    Outcome(
        "layout_changed",
        "pages came back fine but no report links: no report column found, a column with no "
        "entries, or none where earlier runs found reports",
        ("pages_ok", "lists", "list_pages", "previous_reports"),
    ),
    Outcome(
        "blocked",
        "an anti-bot challenge answered (瑞数 412, 加速乐 521, acw_sc__v2, a script-only shell); "
        "detected and recorded, never solved",
        ("challenges",),
    ),
    Outcome(
        "unreachable",
        "no usable response: DNS, refused, timeouts, HTTP errors, or a redirect to another "
        "site that was not followed",
        ("network_errors", "http_errors", "offsite_redirects"),
    ),
    Outcome(
        "robots_disallowed",
        "robots.txt forbids the start pages",
        ("robots_denied",),
    ),
    Outcome(
        "moved",
        "the portal answered with a permanent redirect (301/308) to the same path on another "
        "host and was crawled there: the registry should name the new address",
        ("moved", "reports_found"),
    ),
)

BY_NAME: dict[str, Outcome] = {o.name: o for o in OUTCOMES}
NAMES: frozenset[str] = frozenset(BY_NAME)
