"""What happened on one portal in one run, and the outcome recorded for it (the outcomes are
``gongkai.core.outcomes``)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

# Fetches whose failure means reports may be missing (a dead link in a menu does not).
COUNTED_ROLES = frozenset({"list", "report_page", "attachment"})
_EXAMPLES = 20  # failed URLs kept for the detail


@dataclass(slots=True)
class Tally:
    """Counters a portal spider keeps while crawling; the pipeline adds parse results."""

    pages_ok: int = 0  # HTML/JSON responses that reached a callback
    start_ok: int = 0
    network_errors: int = 0
    http_errors: int = 0
    robots_denied: int = 0
    robots_denied_start: int = 0
    challenges: list[tuple[str, str]] = field(default_factory=list)
    layout_problems: list[str] = field(default_factory=list)
    lists: int = 0
    list_pages: int = 0
    report_pages: int = 0
    report_files: int = 0  # report documents linked straight from a list
    reports_by_content: int = 0  # report pages whose title did not say so, whose body did
    attachments: int = 0
    not_reports: int = 0
    loaded: int = 0
    unchanged: int = 0
    parse_failures: int = 0
    previous_reports: int = 0
    last_error: str = ""
    offsite_redirects: int = 0
    # list, report page and attachment fetches that got no usable answer, by "role status"
    # ("report_page 404", "list timeout"); a few of their URLs for the detail
    failed_status: dict[str, int] = field(default_factory=dict)
    failed_urls: list[str] = field(default_factory=list)
    guesses_missed: int = 0  # pages inferred from a URL series or a count that did not exist
    moves: list[tuple[str, str]] = field(default_factory=list)  # (old origin, new origin)
    budget: str = ""  # the per-portal budget that ended the walk early: "pages" or "seconds"
    beyond_depth: int = 0  # hub or sub-column links not followed: the depth limit

    @property
    def reports_found(self) -> int:
        return self.report_pages + self.report_files

    @property
    def failed(self) -> int:
        return sum(self.failed_status.values())

    def note_failure(self, role: str, status: str, url: str) -> None:
        """A list or report fetch that failed (other roles are not counted)."""
        if role not in COUNTED_ROLES:
            return
        key = f"{role} {status}"
        self.failed_status[key] = self.failed_status.get(key, 0) + 1
        if len(self.failed_urls) < _EXAMPLES:
            self.failed_urls.append(url)

    def stats(self) -> dict[str, Any]:
        return {
            "pages_ok": self.pages_ok,
            "network_errors": self.network_errors,
            "http_errors": self.http_errors,
            "robots_denied": self.robots_denied,
            "challenges": len(self.challenges),
            "lists": self.lists,
            "list_pages": self.list_pages,
            "reports_found": self.reports_found,
            "reports_by_content": self.reports_by_content,
            "attachments": self.attachments,
            "not_reports": self.not_reports,
            "loaded": self.loaded,
            "unchanged": self.unchanged,
            "parse_failures": self.parse_failures,
            "previous_reports": self.previous_reports,
            "failed": self.failed,
            "failed_status": dict(sorted(self.failed_status.items())),
            "guesses_missed": self.guesses_missed,
            "offsite_redirects": self.offsite_redirects,
            "moved": [f"{a} -> {b}" for a, b in self.moves],
            "budget": self.budget,
            "beyond_depth": self.beyond_depth,
        }


def decide(t: Tally, starts: tuple[str, ...] = ()) -> tuple[str, str | None]:
    """(outcome, detail), one of ``gongkai.core.outcomes.OUTCOMES``; ``starts``: the portal's
    start URLs, named when no report column was found from them."""
    if t.challenges and (t.reports_found == 0 or t.start_ok == 0):
        kinds = sorted({k for k, _ in t.challenges})
        return "blocked", f"anti-bot challenge {', '.join(kinds)} at {t.challenges[0][1]}"
    if t.pages_ok == 0:
        if t.robots_denied_start or (t.robots_denied and not t.network_errors):
            return (
                "robots_disallowed",
                f"robots.txt disallows {t.robots_denied} request(s) incl. the start page",
            )
        if t.offsite_redirects:  # sent to another site: the registry needs a look
            return "unreachable", t.last_error
        reason = (
            f"{t.network_errors} network error(s), last: {t.last_error}"
            if t.network_errors
            else f"{t.http_errors} HTTP error(s)"
            if t.http_errors
            else "no response"
        )
        return "unreachable", reason
    if t.moves:
        return "moved", _moved(t)
    if t.reports_found == 0:
        if t.failed:
            return "partial", f"no report found: {_failures(t)}"
        if t.budget:
            return "partial", f"no report found before the {t.budget} budget ran out"
        if t.layout_problems:
            return "layout_changed", "; ".join(t.layout_problems[:3])
        if t.previous_reports:
            return "layout_changed", f"earlier runs found {t.previous_reports} report(s); none now"
        if t.lists == 0:
            where = ", ".join(starts) or "the start pages"
            return (
                "layout_changed",
                f"no annual-report column (年报 / 年度报告) found from {where} "
                f"({t.pages_ok} page(s) read)",
            )
        return "layout_changed", f"{t.lists} report list(s) yielded no reports"
    if t.failed or t.budget:
        parts = [_failures(t)] if t.failed else []
        if t.budget:
            parts.append(f"the {t.budget} budget ended the walk")
        return "partial", f"{t.reports_found} report(s) found; " + "; ".join(parts)
    return "ok", None


def _failures(t: Tally) -> str:
    by = ", ".join(f"{k} ×{n}" for k, n in Counter(t.failed_status).most_common())
    example = f", e.g. {t.failed_urls[0]}" if t.failed_urls else ""
    return f"{t.failed} list/report fetch(es) failed ({by}){example}"


def _moved(t: Tally) -> str:
    old, new = t.moves[0]
    found = f"{t.reports_found} report(s) found there" if t.reports_found else "no report found"
    return (
        f"moved permanently: {old} → {new}; {found}. Update the registry: "
        f"start_urls on {new}, allowed_domains = [{_domain_of(new)!r}]"
    )


def _domain_of(origin: str) -> str:
    return origin.split("://", 1)[-1]
