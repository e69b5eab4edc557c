"""A local world of simulated government portals on loopback, for tests, benchmarks and demos.

``serve(seed, day)`` starts it; see docs/demo.md.
"""

from __future__ import annotations

from gongkai.demo.api import World, registry_toml, serve

__all__ = ["World", "registry_toml", "serve"]
