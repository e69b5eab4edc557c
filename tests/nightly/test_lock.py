"""Two nightly runs never overlap; a lock left by a dead process is taken over; only systemic
failures (registry, database) make the run fail."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gongkai.runs.lock import FileLock, Holder, LockHeld
from tests.nightly.nightly_scenario import rows, run_gongkai


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "portals.toml"
    path.write_text(
        f'[[portal]]\nid = "down"\nagency = "测试县人民政府"\nregion_code = "341524"\n'
        f'family = "generic"\nstart_urls = ["http://127.0.0.1:{_closed_port()}/"]\n',
        encoding="utf-8",
    )
    return path


def test_second_run_names_the_holder_and_exits(tmp_path: Path, registry: Path) -> None:
    data = tmp_path / "data"
    lock = FileLock(data / "nightly.lock")
    lock.acquire()
    try:
        proc = run_gongkai(data, "nightly", "--registry", str(registry), "--fast", timeout=60)
    finally:
        lock.release()
    assert proc.returncode == 0
    me = Holder.me()
    message = " ".join(proc.stderr.split())
    assert f"pid {me.pid}" in message
    assert me.host in message
    assert "started" in message
    assert rows(data, "SELECT count(*) FROM crawl_runs WHERE kind = 'nightly'") == [(0,)]


def test_lock_of_a_dead_process_is_taken_over(tmp_path: Path, registry: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    holder = {
        "pid": int(dead.stdout),
        "host": socket.gethostname(),
        "started_at": "2026-01-01T00:00:00+00:00",
    }
    (data / "nightly.lock").write_text(json.dumps(holder), encoding="utf-8")
    proc = run_gongkai(data, "nightly", "--registry", str(registry), "--fast", "--json", timeout=90)
    assert proc.returncode == 0, proc.stderr[-3000:]
    summary = json.loads(proc.stdout)
    assert f"pid {holder['pid']}" in summary["stale_lock"]
    # one portal down is a row of the summary, not a failure of the run
    (row,) = summary["portals"]
    assert row["outcome"] == "unreachable"
    assert (data / "nightly.lock").read_text() == ""


def _second_holder_refused(first: Any, second: Any) -> None:
    """While ``first`` holds the lock, ``second`` is refused and told who holds it; then it may."""
    first.acquire()
    try:
        with pytest.raises(LockHeld) as info:
            second.acquire()
        assert info.value.holder is not None
        assert info.value.holder.pid == Holder.me().pid
    finally:
        first.release()
    second.acquire()
    second.release()


def test_lock_in_process_refuses_a_second_holder(tmp_path: Path) -> None:
    _second_holder_refused(FileLock(tmp_path / "l"), FileLock(tmp_path / "l"))


def test_invalid_registry_is_systemic(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[portal]]\nid = "x"\n', encoding="utf-8")
    proc = run_gongkai(tmp_path / "data", "nightly", "--registry", str(bad), timeout=60)
    assert proc.returncode == 2
    assert "registry" in proc.stderr


def test_postgresql_advisory_lock_names_its_holder() -> None:
    import os

    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from db.engine import make_engine
    from gongkai.runs.lock import AdvisoryLock

    url = (
        os.environ.get("GONGKAI_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432")
        + "/postgres"
    )
    engine = make_engine(url, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except (OperationalError, ImportError) as exc:  # no server to test against
        pytest.skip(f"no PostgreSQL at {url}: {type(exc).__name__}")
    finally:
        engine.dispose()
    _second_holder_refused(AdvisoryLock(url), AdvisoryLock(url))


def test_unreachable_database_is_systemic(tmp_path: Path, registry: Path) -> None:
    port = _closed_port()
    proc = run_gongkai(
        tmp_path / "data",
        "--db",
        f"postgresql+psycopg://nobody@127.0.0.1:{port}/gongkai",
        "nightly",
        "--registry",
        str(registry),
        timeout=60,
    )
    assert proc.returncode == 3, proc.stderr[-2000:]
    assert "unreachable" in proc.stderr
