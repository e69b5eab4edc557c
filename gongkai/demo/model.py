"""The data a built world is made of: portal specs, served resources, report and item records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True, slots=True)
class PortalSpec:
    """One simulated government portal: who publishes there and how the site behaves."""

    id: str
    agency: str  # the portal owner, a county-level government
    region_code: str
    family: str  # trs, hanweb, anhui_public, gkmlpt, generic
    short: str  # the county's short name, prefix of department names (金寨县)
    departments: tuple[str, ...]
    townships: tuple[str, ...]
    encoding: str = "utf-8"  # utf-8 or gbk
    charset_in: str = "both"  # where the charset is declared: header, meta, both
    validators: bool = True  # ETag / Last-Modified and 304 answers
    challenge: str | None = None  # "412" (瑞数 shell, blocked) or "521" (加速乐 cookie)
    robots_section: bool = False  # robots.txt disallows a section holding a report
    slow: bool = False  # one list page answers slowly
    redirect_chain: bool = False  # one detail link goes 301 → 302 → page
    broken_links: bool = False  # list items whose pages answer 404
    theme: int = 0


@dataclass(slots=True)
class Resource:
    """The bytes one URL answers with."""

    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    modified: date | None = None  # drives Last-Modified when the portal sends validators
    delay: float = 0.0  # seconds to wait before answering


@dataclass(slots=True)
class Request:
    method: str
    path: str  # without query
    query: dict[str, str]
    form: dict[str, str]
    headers: dict[str, str]


Handler = Callable[[Request], Resource]


@dataclass(slots=True)
class Site:
    """Every route of one portal: static resources by path (query included where it matters)."""

    static: dict[str, Resource] = field(default_factory=dict)
    dynamic: dict[str, Handler] = field(default_factory=dict)
    robots_disallow: tuple[str, ...] = ()


@dataclass(slots=True)
class Doc:
    """A published item (report or not) as a portal lists it."""

    uid: str  # stable across days
    portal: str
    title: str
    agency: str
    kind: str  # government, department, township (reports); notice, guide, plan, news...
    published: date
    is_report: bool
    year: int | None = None
    truth: dict[str, Any] | None = None
    form: str = "html"  # how the report tables are published: html inline or an attachment form
    body_html: str = ""  # article content for inline pages
    attachment: bytes | None = None
    attachment_ext: str = ""
    revision: int = 0  # bumps when the document is corrected in place
    modified: date | None = None  # the day of the last correction
    flags: frozenset[str] = frozenset()  # disallowed, broken, redirected, slow


@dataclass(slots=True)
class Placed:
    """Where a built site put a document."""

    page_url: str
    document_url: str
    entry_url: str  # the URL the list links to (differs from page_url behind a redirect chain)
    content_type: str
