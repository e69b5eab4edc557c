"""Headless Chromium (Debian's /usr/bin/chromium) for the query tests: DOM dumps and screenshots."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (scripts/install-system.sh installs it)")
    with tempfile.TemporaryDirectory(prefix="chromium-") as profile:
        return subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )


def dump_dom(url: str) -> str:
    """The DOM after the page loaded (scripts run), as HTML."""
    done = _run("--dump-dom", url)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def screenshot(url: str, path: Path, size: tuple[int, int] = (1200, 3000)) -> Path:
    done = _run(
        f"--screenshot={path}", f"--window-size={size[0]},{size[1]}", "--hide-scrollbars", url
    )
    assert path.is_file(), done.stderr[-2000:]
    return path
