"""What a portal spider yields for a document: its item for the pipeline, and the images of a
report page that came without its tables (asked by the pipeline, read by OCR)."""

from __future__ import annotations

from collections.abc import Iterator

from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.items import DocumentItem
from crawler.spiders.records import PortalRecords

Output = Request | DocumentItem  # what a page role yields


class DocumentRoles(PortalRecords):
    """The document half of ``PortalSpider`` (and, through ``PortalRecords``, its records)."""

    def image_request(self, url: str, parent_url: str) -> Request:
        """An ``<img>`` of a report page that came without its tables (asked by the pipeline,
        which reads the tables from the images by OCR). Not deduplicated: the page waits for
        every one of its images, answered or failed."""
        return Request(
            url,
            callback=self.parse_image,
            errback=self.on_image_error,
            priority=2,
            dont_filter=True,
            meta={"role": "image", "parent_url": parent_url},
        )

    def parse_image(self, response: Response) -> Iterator[Output]:
        item = self.document_item(
            response, role="image", parent_url=response.meta.get("parent_url")
        )
        item.url = (response.meta.get("redirect_urls") or [response.url])[0]  # as the page named it
        yield item

    def on_image_error(self, failure: Failure) -> Iterator[Output]:
        self.on_error(failure)
        request = getattr(failure, "request", None)
        if request is not None:  # an empty image tells the page not to wait for it
            yield DocumentItem(
                url=request.url,
                portal_id=self.portal.id,
                role="image",
                sha256="",
                media_type="",
                body=b"",
                parent_url=request.meta.get("parent_url"),
            )

    def document_item(
        self,
        response: Response,
        *,
        role: str,
        parent_url: str | None = None,
        attachments: tuple[str, ...] = (),
    ) -> DocumentItem:
        return DocumentItem(
            url=response.url,
            portal_id=self.portal.id,
            role=role,
            sha256=response.meta.get("sha256") or "",
            media_type=response.meta.get("media_type") or "",
            body=response.body,
            title=response.meta.get("title"),
            filename=response.meta.get("filename"),
            content_type=(response.headers.get(b"Content-Type") or b"").decode("latin-1") or None,
            parent_url=parent_url,
            attachments=attachments,
            archived=response.meta.get("archived"),
        )
