"""One request handler for the crawl tests' loopback sites: every GET/POST goes to a
``respond(method, path, body) -> (status, headers, body)`` function; and their server."""

from __future__ import annotations

from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class LoopbackServer(ThreadingHTTPServer):
    """A listen backlog like a real web server's: socketserver's default of 5 drops the SYNs of
    a crawler opening many connections at once (each then waits a one-second retransmission)."""

    request_queue_size = 128
    daemon_threads = True


Respond = Callable[[str, str, bytes], tuple[int, dict[str, str], bytes]]


def handler_for(respond: Respond, *, protocol: str = "HTTP/1.0") -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = protocol

        def _go(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            status, headers, data = respond(method, self.path, body)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:
            self._go("GET")

        def do_POST(self) -> None:
            self._go("POST")

        def log_message(self, *args: Any) -> None:
            pass

    return Handler
