"""The public face: ``serve(seed, day)`` starts the world in background threads and returns a
``World`` that knows its manifest, writes the portal registry, evolves by day and stops."""

from __future__ import annotations

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from gongkai.demo import server as srv
from gongkai.demo.model import PortalSpec
from gongkai.demo.portals import PORTALS
from gongkai.demo.world import DayState, build_day


def _toml_str(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def registry_toml(manifest: dict[str, Any]) -> str:
    """The portal registry (``[[portal]]`` tables) for the spiders, from a manifest."""
    out = [
        "# Portal registry of the local portal world (seed {seed}, day {day}).".format(**manifest),
        "",
    ]
    for p in manifest["portals"]:
        out += [
            "[[portal]]",
            f"id = {_toml_str(p['id'])}",
            f"agency = {_toml_str(p['agency'])}",
            f"region_code = {_toml_str(p['region_code'])}",
            f"family = {_toml_str(p['family'])}",
            "start_urls = [" + ", ".join(_toml_str(u) for u in p["start_urls"]) + "]",
            "allowed_domains = [" + ", ".join(_toml_str(d) for d in p["allowed_domains"]) + "]",
            "",
        ]
    return "\n".join(out)


def loopback_aliases_work(host: str = "127.0.0.2") -> bool:
    try:
        with socket.socket() as s:
            s.bind((host, 0))
    except OSError:
        return False
    return True


class World:
    """A running portal world. Use ``serve()``; see docs/demo.md."""

    def __init__(
        self,
        seed: int = 0,
        day: int = 1,
        *,
        host_base: str = "127.0.0.11",
        port_base: int = 0,
        slow_delay: float = 2.0,
        portals: tuple[PortalSpec, ...] = PORTALS,
    ) -> None:
        self.seed, self.portals = seed, portals
        self._day = day
        self.router = srv.Router(slow_delay)
        self._servers: list[tuple[ThreadingHTTPServer, threading.Thread]] = []
        self._bases: dict[str, str] = {}
        self._moved_bases: dict[str, str] = {}
        prefix, last = host_base.rsplit(".", 1)
        self._prefix, self._first = prefix, int(last)
        self._aliases = loopback_aliases_work(host_base)
        self._port_base = port_base
        self.control_url = ""
        self._lock = threading.Lock()

    # ---------------------------------------------------------------- lifecycle

    def start(self) -> World:
        try:
            for i, spec in enumerate(self.portals):
                self._bases[spec.id] = self._bind(spec.id, "live", i)
            for i, spec in enumerate(self.portals):
                # addresses for portals that may move; idle (404) until a day moves them there
                self._moved_bases[spec.id] = self._bind(
                    spec.id, "moved-idle", i + len(self.portals)
                )
            self._start_control()
            self.set_day(self._day)
        except BaseException:
            self.stop()
            raise
        return self

    def _host_for(self, index: int) -> str:
        if not self._aliases:
            return "127.0.0.1"
        n = self._first + index
        if n > 254:
            raise ValueError(
                f"host_base {self._prefix}.{self._first} leaves no room for {index + 1} addresses"
            )
        return f"{self._prefix}.{n}"

    def _bind(self, pid: str, role: str, index: int) -> str:
        host = self._host_for(index)
        port = 0
        if self._port_base:
            port = self._port_base if self._aliases else self._port_base + index
        server, thread = srv.start_server(self.router, host, port)
        self._servers.append((server, thread))
        actual = server.server_address[1]
        self.router.by_address[f"{host}:{actual}"] = (pid, role)
        return f"http://{host}:{actual}"

    def _start_control(self) -> None:
        world = self

        class Control(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                split = urlsplit(self.path)
                if split.path == "/manifest.json":
                    body, ctype = (
                        json.dumps(world.manifest_with_traffic(), ensure_ascii=False).encode(),
                        "application/json",
                    )
                elif split.path == "/traffic.json":
                    body, ctype = json.dumps(world.traffic()).encode(), "application/json"
                elif split.path == "/registry.toml":
                    body, ctype = world.registry_toml().encode(), "application/toml; charset=utf-8"
                else:
                    self.send_error(404)
                    return
                self._reply(200, body, ctype)

            def do_POST(self) -> None:
                split = urlsplit(self.path)
                q = dict(parse_qsl(split.query))
                if split.path == "/day" and q.get("n", "").isdigit():
                    world.set_day(int(q["n"]))
                    self._reply(200, json.dumps({"day": world.day}).encode(), "application/json")
                elif split.path == "/traffic/reset":
                    world.reset_traffic()
                    self._reply(200, b"{}", "application/json")
                else:
                    self.send_error(404)

            def _reply(self, status: int, body: bytes, ctype: str) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        host = self._host_for(-1) if self._aliases and self._first > 1 else "127.0.0.1"
        port = (
            (self._port_base - 1 if not self._aliases else self._port_base)
            if self._port_base
            else 0
        )
        server = ThreadingHTTPServer((host, port), Control)
        server.daemon_threads = True
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.2},
            name="portalworld-control",
            daemon=True,
        )
        thread.start()
        self._servers.append((server, thread))
        self.control_url = f"http://{host}:{server.server_address[1]}"

    def stop(self) -> None:
        # shut the servers down together: each shutdown() waits for a poll interval
        stoppers = [threading.Thread(target=server.shutdown) for server, _ in self._servers]
        for t in stoppers:
            t.start()
        for t in stoppers:
            t.join(timeout=5)
        for server, thread in self._servers:
            server.server_close()
            thread.join(timeout=5)
        self._servers.clear()

    def __enter__(self) -> World:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---------------------------------------------------------------- days

    @property
    def day(self) -> int:
        return self._day

    def set_day(self, day: int) -> None:
        """Evolve (or rewind) the world to ``day``; the servers keep their addresses."""
        if day < 1:
            raise ValueError("days start at 1")
        with self._lock:
            state = build_day(self.seed, day, self.portals, self._bases, self._moved_bases)
            roles: dict[str, tuple[str, str]] = {}
            for pid, st in state.portals.items():
                live = st.base
                old = st.old_base
                roles[_addr(self._bases[pid])] = (pid, "old" if old else "live")
                roles[_addr(self._moved_bases[pid])] = (pid, "live" if old else "moved-idle")
                assert live in (self._bases[pid], self._moved_bases[pid])
            self.router.by_address = {
                k: (v if v[1] != "moved-idle" else ("", "idle")) for k, v in roles.items()
            }
            self.router.state = state
            self._day = day

    @property
    def state(self) -> DayState:
        assert self.router.state is not None, "start() the world first"
        return self.router.state

    # ---------------------------------------------------------------- outputs

    @property
    def manifest(self) -> dict[str, Any]:
        m = dict(self.state.manifest)
        m["control_url"] = self.control_url
        m["manifest_url"] = self.manifest_url
        return m

    @property
    def manifest_url(self) -> str:
        return self.control_url + "/manifest.json"

    def manifest_with_traffic(self) -> dict[str, Any]:
        return {**self.manifest, "traffic": self.traffic()}

    def registry_toml(self) -> str:
        return registry_toml(self.state.manifest)

    def write_registry(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.registry_toml(), encoding="utf-8")
        return path

    def traffic(self) -> dict[str, Any]:
        """Requests and bytes per portal since the start or the last ``reset_traffic()``."""
        return self.router.traffic.snapshot()

    def requests_log(self) -> list[dict[str, Any]]:
        with self.router.traffic.lock:
            return list(self.router.traffic.log)

    def fetched(self, url: str) -> int:
        """How many requests asked for ``url`` (scheme://host:port/path?query, as served)."""
        return sum(1 for r in self.requests_log() if r["url"] == url)

    def reset_traffic(self) -> None:
        self.router.traffic.reset()


def _addr(base: str) -> str:
    return base.split("//", 1)[1]


def serve(
    seed: int = 0,
    day: int = 1,
    *,
    host_base: str = "127.0.0.11",
    port_base: int = 0,
    slow_delay: float = 2.0,
    portals: tuple[PortalSpec, ...] = PORTALS,
) -> World:
    """Start the world in background threads and return it; it is its own context manager.

    Example:
        with demo.serve(seed=0) as world:
            httpx.get(world.manifest["portals"][0]["start_urls"][0])
    """
    return World(
        seed, day, host_base=host_base, port_base=port_base, slow_delay=slow_delay, portals=portals
    ).start()
