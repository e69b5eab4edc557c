"""The probe's HTTP side: httpx with short timeouts, redirects followed and kept, robots.txt
obeyed and a delay between requests; an answer decoded (byte-order mark, header, the page's
own declaration, UTF-8, GB18030) into the Scrapy response the spiders read."""

from __future__ import annotations

import codecs
import time
import urllib.robotparser
from typing import Any

import httpx

from crawler import redirects
from gongkai.core.settings import user_agent
from pipelines.parse import charset


class Fetcher:
    """httpx with short timeouts, the crawl's User-Agent, a delay between requests and
    robots.txt obeyed (read once per origin)."""

    def __init__(self, *, timeout: float = 8.0, delay: float = 1.0) -> None:
        self.delay = delay
        self.client = httpx.Client(
            timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)),
            follow_redirects=True,
            max_redirects=5,
            headers={"User-Agent": user_agent()},
        )
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._last = 0.0

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def request(
        self, method: str, url: str, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> httpx.Response:
        wait = self._last + self.delay - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            return self.client.request(method, url, content=body or None, headers=headers)
        finally:
            self._last = time.monotonic()

    def allowed(self, url: str) -> bool:
        origin = redirects.origin(url)
        if origin not in self._robots:
            parser: urllib.robotparser.RobotFileParser | None = None
            try:
                r = self.request("GET", origin + "/robots.txt")
                if r.status_code == 200 and "html" not in r.headers.get("content-type", ""):
                    parser = urllib.robotparser.RobotFileParser()
                    parser.parse(r.text.splitlines())
            except httpx.HTTPError:
                parser = None
            self._robots[origin] = parser
        parser = self._robots[origin]
        return parser is None or parser.can_fetch(user_agent(), url)


def charset_of(body: bytes, content_type: str | None) -> str:
    """A page's charset: its byte-order mark, the HTTP header, the page's own declaration
    (``<meta charset>``), else UTF-8 when the bytes read as UTF-8, else GB18030; a GB2312 or
    GBK label is read as GB18030, their superset."""
    from w3lib.encoding import read_bom

    bom, _ = read_bom(body)
    name = bom or charset.declared(body, content_type)
    if name:
        label = name.strip().lower()
        if label.startswith("gb") or label in ("x-gbk", "cp936", "euc-cn"):
            return "gb18030"
        try:
            return codecs.lookup(label).name
        except LookupError:
            pass
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def scrapy_response(r: httpx.Response, request: Any) -> Any:
    """The httpx answer as the Scrapy response a spider callback reads, decoded by
    ``charset_of``."""
    from scrapy.http import Headers, TextResponse
    from scrapy.responsetypes import responsetypes

    headers = Headers({k: r.headers.get_list(k) for k in r.headers})
    cls = responsetypes.from_args(headers=headers, url=str(r.url), body=r.content)
    kw: dict[str, Any] = {}
    if issubclass(cls, TextResponse):
        kw["encoding"] = charset_of(r.content, r.headers.get("content-type"))
    return cls(
        url=str(r.url), status=r.status_code, headers=headers, body=r.content, request=request, **kw
    )
