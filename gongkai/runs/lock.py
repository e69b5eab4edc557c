"""One nightly run at a time: an advisory lock on PostgreSQL, a locked file on SQLite.

Both locks die with their holder (the kernel drops a ``flock`` when the process exits, kill -9
included; PostgreSQL drops an advisory lock with its session), so a lock left by a dead process
is simply free and the next run takes it over. The holder's pid, host and start time are kept
beside the lock (in the file; in the lock session's ``application_name``) for the message that
the second run prints.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from db.engine import is_sqlite

#: pg_try_advisory_lock key: the bytes "gkNIGHT" as an integer.
PG_LOCK_KEY = 0x676B4E49474854
_APP_PREFIX = "gongkai-nightly "


@dataclass(frozen=True, slots=True)
class Holder:
    pid: int
    host: str
    started_at: str  # ISO 8601, UTC

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, started {self.started_at}"

    @classmethod
    def me(cls) -> Holder:
        return cls(
            os.getpid(), socket.gethostname(), datetime.now(UTC).isoformat(timespec="seconds")
        )


class LockHeld(Exception):
    """Another run holds the lock; ``holder`` says who, when known."""

    def __init__(self, holder: Holder | None, where: str) -> None:
        who = holder.describe() if holder else "an unknown process"
        super().__init__(
            f"another nightly run holds the lock ({where}): {who}. "
            "It releases the lock when it ends; wait for it, or stop that process."
        )
        self.holder = holder


class RunLock(Protocol):
    #: set by acquire() when it found the traces of a holder that had died
    stale: Holder | None

    def acquire(self) -> None: ...

    def release(self) -> None: ...


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class FileLock:
    """``flock`` on ``<data_dir>/nightly.lock``, whose content names the holder."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fd: int | None = None
        self.stale: Holder | None = None

    def _read(self, fd: int) -> Holder | None:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, 4096)
        try:
            return Holder(**json.loads(raw)) if raw.strip() else None
        except (ValueError, TypeError):
            return None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = self._read(fd)
            os.close(fd)
            raise LockHeld(holder, str(self.path)) from None
        previous = self._read(fd)
        if previous is not None:  # its holder died without releasing (kill -9, power cut)
            self.stale = previous
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, json.dumps(asdict(Holder.me())).encode())
        os.fsync(fd)
        self.fd = fd

    def release(self) -> None:
        if self.fd is None:
            return
        os.ftruncate(self.fd, 0)  # an empty file: released cleanly
        fcntl.flock(self.fd, fcntl.LOCK_UN)
        os.close(self.fd)
        self.fd = None


class AdvisoryLock:
    """``pg_try_advisory_lock`` held by a session of its own for the whole run."""

    def __init__(self, db_url: str) -> None:
        self.db_url = db_url
        self.conn: Any = None
        self.engine: Any = None
        self.stale: Holder | None = None

    def acquire(self) -> None:
        from sqlalchemy import text

        from db.engine import make_engine

        me = Holder.me()
        # application_name holds at most 63 bytes
        app = f"{_APP_PREFIX}{me.pid} {me.started_at[:19]}Z {me.host[:20]}"
        self.engine = make_engine(
            self.db_url, poolclass=_null_pool(), connect_args={"application_name": app}
        )
        conn = self.engine.connect()
        got = conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": PG_LOCK_KEY}).scalar()
        conn.commit()
        if not got:
            name = conn.execute(
                text(
                    "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                    "WHERE l.locktype = 'advisory' AND l.granted AND "
                    "((l.classid::bigint << 32) | l.objid::bigint) = :k LIMIT 1"
                ),
                {"k": PG_LOCK_KEY},
            ).scalar()
            conn.close()
            self.engine.dispose()
            raise LockHeld(_holder_from_app(name), "PostgreSQL advisory lock")
        self.conn = conn

    def release(self) -> None:
        from sqlalchemy import text

        if self.conn is not None:
            self.conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": PG_LOCK_KEY})
            self.conn.close()
            self.engine.dispose()
            self.conn = None


def _null_pool() -> Any:
    from sqlalchemy.pool import NullPool

    return NullPool


def _holder_from_app(name: str | None) -> Holder | None:
    if not name or not name.startswith(_APP_PREFIX):
        return None
    parts = name[len(_APP_PREFIX) :].split(" ", 2)
    if len(parts) != 3 or not parts[0].isdigit():
        return None
    return Holder(int(parts[0]), parts[2], parts[1])


def run_lock(db_url: str, data_dir: Path) -> RunLock:
    """The lock that fits the database: a file beside a SQLite archive, else an advisory lock."""
    return FileLock(data_dir / "nightly.lock") if is_sqlite(db_url) else AdvisoryLock(db_url)
