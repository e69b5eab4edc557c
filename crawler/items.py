"""What the spiders hand to the parse-and-load pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.pending import Pending


@dataclass(slots=True)
class DocumentItem:
    """An archived report document: a report page, or a file (attachment or linked directly).

    ``attachments`` (report pages only) are the document links the spider is also fetching; the
    pipeline parses them only when the page itself yields no report. ``parent_url`` ties an
    attachment to its page."""

    url: str
    portal_id: str
    role: str  # 'report_page' | 'attachment' | 'image' (an article image of a page without tables)
    sha256: str
    media_type: str
    body: bytes = field(repr=False)
    title: str | None = None
    filename: str | None = None
    content_type: str | None = None
    parent_url: str | None = None
    attachments: tuple[str, ...] = ()
    archived: Pending | None = field(default=None, repr=False)  # its archiving, if running
