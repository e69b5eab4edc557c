"""A lightweight generated world of many small portals, for scale and politeness tests.

portalworld builds a rich world of 16 portals on its own loopback addresses; this one only
needs to be many: portal *i* gets its own address (127.77.x.y, one asyncio listener each, all in
one thread), a start page, a 政府信息公开 hub, a 年报 column and ``years`` report pages
(plain HTML, not parseable reports: run it with parsing off). Every request is logged with its
arrival time, so a test can check each host's request rate.

    python tests/distributed/genworld.py --portals 1000 --registry r.toml --log log.jsonl
(runs until SIGTERM, then writes the log)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import time
from pathlib import Path

BASE = (127, 77)


def address(i: int) -> str:
    return f"{BASE[0]}.{BASE[1]}.{i // 250}.{i % 250 + 1}"


def page(path: str, i: int, years: int) -> tuple[int, str, bytes]:
    name = f"第{i:04d}县"
    if path == "/robots.txt":
        return 200, "text/plain", b"User-agent: *\nAllow: /\n"
    if path in ("/", "/index.html"):
        body = (
            f'<h1>{name}人民政府</h1><a href="/zfxxgk/">政府信息公开</a><a href="/news/">新闻</a>'
        )
    elif path == "/zfxxgk/":
        body = (
            '<a href="/zfxxgk/ndbg/">政府信息公开年报</a><a href="/zfxxgk/zn/">政府信息公开指南</a>'
        )
    elif path == "/zfxxgk/ndbg/":
        body = (
            "<ul>"
            + "".join(
                f'<li><a href="/zfxxgk/ndbg/{2024 - y}.html">{name}人民政府{2024 - y}年政府信息公开工作年度报告</a></li>'
                for y in range(years)
            )
            + "</ul>"
        )
    elif path.startswith("/zfxxgk/ndbg/") and path.endswith(".html"):
        year = path.rsplit("/", 1)[1].removesuffix(".html")
        body = (
            f"<h1>{name}人民政府{year}年政府信息公开工作年度报告</h1>"
            f"<p>本报告由{name}人民政府办公室编制。</p>"
        )
    else:
        return 404, "text/html; charset=utf-8", b"<h1>404</h1>"
    html = (
        f"<html><head><meta charset='utf-8'><title>{name}</title></head><body>{body}</body></html>"
    )
    return 200, "text/html; charset=utf-8", html.encode("utf-8")


class World:
    def __init__(self, portals: int, years: int, delay: float = 0.0) -> None:
        self.portals, self.years, self.delay = portals, years, delay
        self.ports: dict[int, int] = {}
        self.log: list[tuple[float, str, str]] = []

    async def handle(
        self, i: int, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                line = head.split(b"\r\n", 1)[0].decode("latin-1")
                method, target, _ = line.split(" ", 2)
                path = target.split("?", 1)[0]
                self.log.append((time.time(), f"{address(i)}:{self.ports[i]}", path))
                if self.delay:
                    await asyncio.sleep(self.delay)
                status, ctype, body = page(path, i, self.years)
                reason = "OK" if status == 200 else "Not Found"
                writer.write(
                    f"HTTP/1.1 {status} {reason}\r\nContent-Type: {ctype}\r\n"
                    f"Content-Length: {len(body)}\r\nConnection: keep-alive\r\n\r\n".encode()
                )
                if method != "HEAD":
                    writer.write(body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ValueError):
            pass
        finally:
            writer.close()

    async def start(self) -> None:
        for i in range(self.portals):
            server = await asyncio.start_server(
                lambda r, w, i=i: self.handle(i, r, w), host=address(i), port=0, backlog=64
            )
            self.ports[i] = server.sockets[0].getsockname()[1]

    def registry(self) -> str:
        out = []
        for i in range(self.portals):
            host = address(i)
            out += [
                "[[portal]]",
                f'id = "gen{i:04d}"',
                f'agency = "第{i:04d}县人民政府"',
                'region_code = "110101"',
                'family = "generic"',
                f'start_urls = ["http://{host}:{self.ports[i]}/"]',
                f'allowed_domains = ["{host}:{self.ports[i]}"]',
                "",
            ]
        return "\n".join(out)


async def main(args: argparse.Namespace) -> None:
    world = World(args.portals, args.years, args.delay)
    await world.start()
    Path(args.registry).write_text(world.registry(), encoding="utf-8")
    print("ready", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    await stop.wait()
    Path(args.log).write_text("\n".join(json.dumps(e) for e in world.log), encoding="utf-8")


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--portals", type=int, default=100)
    ap.add_argument("--years", type=int, default=3)
    ap.add_argument("--delay", type=float, default=0.0)
    ap.add_argument("--registry", required=True)
    ap.add_argument("--log", required=True)
    asyncio.run(main(ap.parse_args()))
