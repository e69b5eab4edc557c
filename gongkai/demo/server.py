"""HTTP serving: one ThreadingHTTPServer per loopback address, each answering from the current
day's routes, with validators, challenges, delays, redirects of moved portals and traffic counts."""

from __future__ import annotations

import hashlib
import socketserver
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from datetime import time as dtime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlsplit

from gongkai.demo import challenge
from gongkai.demo.model import Request, Resource

if TYPE_CHECKING:
    from gongkai.demo.world import DayState, PortalState

_NOT_FOUND = (
    b"<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1>"
    b"</center><hr><center>nginx</center></body></html>"
)


@dataclass(slots=True)
class Traffic:
    """Requests and bytes per portal, and every request line, for the tests' assertions."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: Counter = field(default_factory=Counter)
    bytes_sent: Counter = field(default_factory=Counter)
    statuses: dict[str, Counter] = field(default_factory=dict)
    log: list[dict[str, Any]] = field(default_factory=list)

    def record(self, portal: str, method: str, url: str, status: int, size: int) -> None:
        with self.lock:
            self.requests[portal] += 1
            self.bytes_sent[portal] += size
            self.statuses.setdefault(portal, Counter())[str(status)] += 1
            if len(self.log) < 200_000:
                self.log.append(
                    {
                        "portal": portal,
                        "method": method,
                        "url": url,
                        "status": status,
                        "bytes": size,
                    }
                )

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "portals": {
                    p: {
                        "requests": self.requests[p],
                        "bytes": self.bytes_sent[p],
                        "statuses": dict(self.statuses.get(p, {})),
                    }
                    for p in sorted(self.requests)
                },
                "total_requests": sum(self.requests.values()),
            }

    def reset(self) -> None:
        with self.lock:
            self.requests.clear()
            self.bytes_sent.clear()
            self.statuses.clear()
            self.log.clear()


class Router:
    """What each bound address serves today; swapped atomically by ``World.set_day``."""

    def __init__(self, slow_delay: float) -> None:
        self.state: DayState | None = None
        self.by_address: dict[str, tuple[str, str]] = {}  # "host:port" → (portal id, role)
        self.traffic = Traffic()
        self.slow_delay = slow_delay

    def portal_for(self, address: str) -> tuple[PortalState | None, str]:
        pid, role = self.by_address.get(address, ("", "idle"))
        if self.state is None or pid not in self.state.portals:
            return None, "idle"
        return self.state.portals[pid], role


def _lookup(st: PortalState, req: Request, raw_query: str) -> Resource | None:
    site = st.site
    if req.path in site.dynamic:
        return site.dynamic[req.path](req)
    if raw_query and f"{req.path}?{raw_query}" in site.static:
        return site.static[f"{req.path}?{raw_query}"]
    return site.static.get(req.path)


def _validators(st: PortalState, res: Resource) -> list[tuple[str, str]]:
    if not st.spec.validators or res.status != 200:
        return []
    etag = '"' + hashlib.sha1(res.body).hexdigest()[:20] + '"'
    day = res.modified or st.last_change
    modified = datetime.combine(day, dtime(1, 0), UTC)
    return [("ETag", etag), ("Last-Modified", format_datetime(modified, usegmt=True))]


def _not_modified(headers: dict[str, str], sent: list[tuple[str, str]]) -> bool:
    v = dict(sent)
    if not v:
        return False
    inm = headers.get("if-none-match")
    if inm is not None:
        return v["ETag"] in [t.strip() for t in inm.split(",")] or inm.strip() == "*"
    ims = headers.get("if-modified-since")
    if ims:
        try:
            return parsedate_to_datetime(v["Last-Modified"]) <= parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
    return False


_SERVERS = [
    "nginx",
    "Apache",
    "Microsoft-IIS/8.5",
    "nginx/1.20.1",
    "WebServer",
    "openresty",
    "Apache/2.4.6 (CentOS)",
    "********",
]


class Handler(BaseHTTPRequestHandler):
    server_version = "nginx"
    sys_version = ""
    protocol_version = "HTTP/1.1"
    router: Router  # set on the subclass made per server

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def version_string(self) -> str:
        return getattr(self, "_server_name", "nginx")

    def do_GET(self) -> None:
        self._serve("GET")

    def do_HEAD(self) -> None:
        self._serve("HEAD")

    def do_POST(self) -> None:
        self._serve("POST")

    def _serve(self, method: str) -> None:
        router = self.router
        host, port = _address(self.server)
        st, role = router.portal_for(f"{host}:{port}")
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        if st is None:
            self._send(None, method, Resource(_NOT_FOUND, status=404))
            return
        if role == "old":
            # the portal moved: every old URL answers 301 to the same path on the new address
            target = st.base + self.path
            self._send(st, method, Resource(b"", "text/html", 301, (("Location", target),)))
            return
        headers = {k.lower(): v for k, v in self.headers.items()}
        gate = challenge.check(st.spec, headers, router.state.seed if router.state else 0)
        if gate is not None:
            self._send(st, method, gate)
            return
        form: dict[str, str] = {}
        if raw_body and "form" in headers.get("content-type", ""):
            form = dict(parse_qsl(raw_body.decode("utf-8", "replace"), keep_blank_values=True))
        req = Request(
            method, split.path, dict(parse_qsl(split.query, keep_blank_values=True)), form, headers
        )
        res = _lookup(st, req, split.query)
        if res is None:
            res = Resource(_NOT_FOUND, status=404)
        if res.delay:
            time.sleep(router.slow_delay)
        self._send(st, method, res, headers)

    def _send(
        self,
        st: PortalState | None,
        method: str,
        res: Resource,
        req_headers: dict[str, str] | None = None,
    ) -> None:
        self._server_name = _SERVERS[st.spec.theme % len(_SERVERS)] if st is not None else "nginx"
        extra = _validators(st, res) if st is not None else []
        status, body = res.status, res.body
        if extra and method in ("GET", "HEAD") and _not_modified(req_headers or {}, extra):
            status, body = 304, b""
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", res.content_type)
        for k, v in (*res.headers, *extra):
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)) if status != 304 else "0")
        # counted before the answer leaves, so a client that has its answer sees it counted
        pid = st.spec.id if st is not None else "-"
        host, port = _address(self.server)
        self.router.traffic.record(
            pid, method, f"http://{host}:{port}{self.path}", status, len(body)
        )
        self.end_headers()
        if method != "HEAD" and status != 304:
            self.wfile.write(body)


class PortalServer(ThreadingHTTPServer):
    """A listen backlog like a real web server's (nginx: 511). socketserver's default of 5
    drops the SYNs of a crawler opening a dozen connections at once, and each dropped SYN
    costs that request the kernel's one-second retransmission."""

    request_queue_size = 128
    daemon_threads = True


def start_server(
    router: Router, host: str, port: int
) -> tuple[ThreadingHTTPServer, threading.Thread]:
    handler = type("PortalHandler", (Handler,), {"router": router})
    server = PortalServer((host, port), handler)
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.2},
        name=f"portalworld-{host}:{server.server_address[1]}",
        daemon=True,
    )
    thread.start()
    return server, thread


def _address(server: socketserver.BaseServer) -> tuple[str, int]:
    """(host, port) of a TCP server (``server_address`` is typed for every address family)."""
    address = server.server_address
    assert isinstance(address, tuple)
    return str(address[0]), int(address[1])
