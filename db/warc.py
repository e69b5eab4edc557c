"""WARC writing: every HTTP exchange of a crawl as request/response records (WARC 1.1, gzip).

The blob store and the fetch rows are the archive; a WARC file per crawl of a portal is a second
copy in the format web-archive tools read (pywb, warcio).
"""

from __future__ import annotations

import io
import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

log = logging.getLogger(__name__)

# Hop-by-hop or body-describing headers that no longer hold for the decoded body we store.
_DROP_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass(frozen=True, slots=True)
class Exchange:
    """One request and its response, as the archive needs them."""

    url: str
    method: str
    status: int
    request_headers: list[tuple[str, str]]
    response_headers: list[tuple[str, str]]
    body: bytes
    request_body: bytes = b""
    protocol: str = "HTTP/1.1"

    def header(self, name: str) -> str | None:
        name = name.lower()
        for key, value in self.response_headers:
            if key.lower() == name:
                return value
        return None


class WarcLog:
    """A gzipped WARC file for one crawl of one portal: warcinfo, then request/response pairs."""

    def __init__(
        self, path: Path, *, software: str = "gongkai", info: dict[str, str] | None = None
    ):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._fh = open(path, "wb")  # noqa: SIM115  (closed by close())
        self._writer = WARCWriter(self._fh, gzip=True)
        fields = {"software": software, "format": "WARC File Format 1.1", **(info or {})}
        self._writer.write_record(self._writer.create_warcinfo_record(path.name, fields))
        self._lock = threading.Lock()

    def write(self, ex: Exchange, *, fetched_at: datetime) -> None:
        date = fetched_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        resp_headers = [(k, v) for k, v in ex.response_headers if k.lower() not in _DROP_HEADERS]
        resp_headers.append(("Content-Length", str(len(ex.body))))
        reason = _REASONS.get(ex.status, "")
        http = StatusAndHeaders(f"{ex.status} {reason}".strip(), resp_headers, protocol=ex.protocol)
        response = self._writer.create_warc_record(
            ex.url,
            "response",
            payload=io.BytesIO(ex.body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": date},
        )
        path = _request_target(ex.url)
        req_http = StatusAndHeaders(
            f"{ex.method} {path} {ex.protocol}", ex.request_headers, is_http_request=True
        )
        request = self._writer.create_warc_record(
            ex.url,
            "request",
            payload=io.BytesIO(ex.request_body),
            http_headers=req_http,
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
        )
        with self._lock:
            self._writer.write_record(response)
            self._writer.write_record(request)

    def close(self) -> None:
        with self._lock:
            if not self._fh.closed:
                self._fh.close()


_REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    403: "Forbidden",
    404: "Not Found",
    412: "Precondition Failed",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    521: "Web Server Is Down",
}


def _request_target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def write_record(warc: WarcLog, ex: Exchange, fetched_at: datetime) -> None:
    try:
        warc.write(ex, fetched_at=fetched_at)
    except Exception as exc:  # the blob and the fetch row hold the exchange; say what is missing
        log.error("WARC records for %s not written to %s: %s", ex.url, warc.path, exc)
