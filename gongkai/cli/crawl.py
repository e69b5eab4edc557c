"""Commands of this area; see the module's owner issue."""

from __future__ import annotations

from gongkai.cli.app import app  # noqa: F401
