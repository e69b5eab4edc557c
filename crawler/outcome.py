"""What happened on one portal in one run, and the outcome recorded for it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
    attachments: int = 0
    not_reports: int = 0
    loaded: int = 0
    unchanged: int = 0
    parse_failures: int = 0
    previous_reports: int = 0
    last_error: str = ""
    offsite_redirects: int = 0

    @property
    def reports_found(self) -> int:
        return self.report_pages + self.report_files

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
            "attachments": self.attachments,
            "not_reports": self.not_reports,
            "loaded": self.loaded,
            "unchanged": self.unchanged,
            "parse_failures": self.parse_failures,
        }


def decide(t: Tally) -> tuple[str, str | None]:
    """(outcome, detail): blocked, robots_disallowed, unreachable, layout_changed or ok."""
    if t.challenges and (t.reports_found == 0 or t.start_ok == 0):
        kinds = sorted({k for k, _ in t.challenges})
        return "blocked", f"anti-bot challenge {', '.join(kinds)} at {t.challenges[0][1]}"
    if t.pages_ok == 0:
        if t.robots_denied_start or (t.robots_denied and not t.network_errors):
            return (
                "robots_disallowed",
                f"robots.txt disallows {t.robots_denied} request(s) incl. the start page",
            )
        if t.offsite_redirects:  # the portal moved: the registry needs its new address
            return "unreachable", t.last_error
        reason = (
            f"{t.network_errors} network error(s), last: {t.last_error}"
            if t.network_errors
            else f"{t.http_errors} HTTP error(s)"
            if t.http_errors
            else "no response"
        )
        return "unreachable", reason
    if t.reports_found == 0:
        if t.layout_problems:
            return "layout_changed", "; ".join(t.layout_problems[:3])
        if t.previous_reports:
            return "layout_changed", f"earlier runs found {t.previous_reports} report(s); none now"
        if t.lists == 0:
            return "layout_changed", "no annual-report column found from the start pages"
        return "layout_changed", f"{t.lists} report list(s) yielded no reports"
    return "ok", None
