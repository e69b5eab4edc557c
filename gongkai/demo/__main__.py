"""``python -m gongkai.demo serve``: run the portal world until interrupted.

Example:
    python -m gongkai.demo serve --seed 0 --day 1 --port-base 8080 --registry /tmp/portals.toml
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
import tempfile
import threading
from pathlib import Path

from gongkai.demo.api import serve


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m gongkai.demo",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("serve", help="serve the world on loopback until killed")
    run.add_argument("--seed", type=int, default=0, help="world seed (default 0)")
    run.add_argument("--day", type=int, default=1, help="day to start on (default 1)")
    run.add_argument(
        "--port-base", type=int, default=0, help="port of every portal address (0: any free port)"
    )
    run.add_argument("--host-base", default="127.0.0.11", help="first portal address")
    run.add_argument(
        "--slow-delay", type=float, default=2.0, help="seconds the slow endpoints wait"
    )
    run.add_argument(
        "--registry",
        type=Path,
        default=None,
        help="where to write the portal registry TOML (default: a temp file)",
    )
    args = parser.parse_args(argv)
    world = serve(
        args.seed,
        args.day,
        host_base=args.host_base,
        port_base=args.port_base,
        slow_delay=args.slow_delay,
    )
    registry = args.registry or Path(tempfile.gettempdir()) / f"portalworld-{args.seed}.toml"
    world.write_registry(registry)
    print(f"manifest: {world.manifest_url}", flush=True)
    print(f"registry: {registry}", flush=True)
    print(f"control:  POST {world.control_url}/day?n=2 evolves the world", flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    with contextlib.suppress(KeyboardInterrupt):
        done.wait()
    world.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
