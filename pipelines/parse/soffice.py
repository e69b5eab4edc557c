"""One long-lived LibreOffice per process, for DOC/WPS → DOCX and DOCX → PDF/DOC conversions.

The venv has no ``uno``; the system Python has it (Debian's python3-uno). ``Converter`` starts
``uno_worker.py`` on that interpreter once, lazily; the worker starts ``soffice`` headless with
its own user profile and pipe name (so two processes never share one), then converts files
on request over a JSON-lines pipe. A warm conversion takes a fraction of a second against
≈2 s for a cold ``soffice --convert-to``. The worker is stopped at interpreter exit, and
restarted after a timeout or a crash.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

from gongkai.core.settings import env
from pipelines.parse.errors import ConversionFailed

SYSTEM_PYTHON = env("GONGKAI_UNO_PYTHON")
SOFFICE = env("GONGKAI_SOFFICE")
WORKER = Path(__file__).with_name("uno_worker.py")

#: target form → (LibreOffice filter, extension)
FILTERS = {
    "docx": ("MS Word 2007 XML", "docx"),
    "pdf": ("writer_pdf_Export", "pdf"),
    "doc": ("MS Word 97", "doc"),
}


class Converter:
    """A LibreOffice worker process; thread-safe, one conversion at a time."""

    def __init__(self, *, start_timeout: float = 90.0) -> None:
        self._lock = threading.Lock()
        self._proc: subprocess.Popen[str] | None = None
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._start_timeout = start_timeout
        self._soffice_pgid: object = None  # LibreOffice's own process group, from the worker

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def _start(self) -> None:
        if not Path(SYSTEM_PYTHON).exists() or not Path(SOFFICE).exists():
            raise ConversionFailed(
                f"LibreOffice conversion needs {SYSTEM_PYTHON} with uno and {SOFFICE}: "
                "run `make system` (python3-uno, libreoffice-writer-nogui)"
            )
        self._tmp = tempfile.TemporaryDirectory(prefix="gongkai-lo-")
        profile = os.path.join(self._tmp.name, "profile")
        pipe = f"gongkai_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        self._proc = subprocess.Popen(
            [SYSTEM_PYTHON, str(WORKER), SOFFICE, profile, pipe],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            start_new_session=True,
        )
        reply = self._read(self._start_timeout)
        self._soffice_pgid = reply.get("soffice_pgid")
        if not reply.get("ready"):
            self.close()
            raise ConversionFailed(f"LibreOffice worker failed to start: {reply}")

    def _read(self, timeout: float) -> dict[str, object]:
        assert self._proc is not None
        assert self._proc.stdout is not None
        ready, _, _ = select.select([self._proc.stdout], [], [], timeout)
        if not ready:
            self.close()
            raise ConversionFailed(
                f"LibreOffice did not answer within {timeout:.0f} s; worker restarted"
            )
        line = self._proc.stdout.readline()
        if not line:
            self.close()
            raise ConversionFailed("LibreOffice worker exited unexpectedly; it will be restarted")
        return json.loads(line)

    def start(self) -> None:
        """Start LibreOffice now (it takes seconds) unless it runs already."""
        with self._lock:
            if not self.running:
                self._start()

    def convert(self, data: bytes, src_ext: str, target: str, *, timeout: float = 60.0) -> bytes:
        """Convert ``data`` (a file whose type ``src_ext`` names) to ``target`` (docx, pdf, doc)."""
        filter_name, ext = FILTERS[target]
        with self._lock:
            if not self.running:
                self._start()
            assert self._proc is not None
            assert self._proc.stdin is not None
            assert self._tmp is not None
            job = Path(self._tmp.name) / uuid.uuid4().hex
            job.mkdir()
            src, dst = job / f"in.{src_ext}", job / f"out.{ext}"
            try:
                src.write_bytes(data)
                self._proc.stdin.write(
                    json.dumps({"in": str(src), "out": str(dst), "filter": filter_name}) + "\n"
                )
                self._proc.stdin.flush()
                reply = self._read(timeout)
                self._soffice_pgid = reply.get("soffice_pgid", self._soffice_pgid)
                if not reply.get("ok"):
                    raise ConversionFailed(
                        f"LibreOffice could not convert this {src_ext} to {target}: {reply.get('error')}"
                    )
                return dst.read_bytes()
            finally:
                shutil.rmtree(job, ignore_errors=True)

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            try:
                if proc.stdin:
                    proc.stdin.close()
                proc.wait(timeout=15)
            except (subprocess.TimeoutExpired, OSError):
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, 9)  # the worker's own session: itself and its soffice
                proc.wait()
            if proc.stdout:
                proc.stdout.close()
        # LibreOffice runs in its own process group; make sure nothing of it outlives us
        pgid, self._soffice_pgid = self._soffice_pgid, None
        if isinstance(pgid, int) and pgid > 1:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pgid, 9)
        if self._tmp is not None:
            # a LibreOffice killed a moment ago may still be writing its profile: try again once
            try:
                self._tmp.cleanup()
            except OSError:
                time.sleep(0.5)
                shutil.rmtree(self._tmp.name, ignore_errors=True)
            self._tmp = None


_default: Converter | None = None
_default_pid = 0
_default_lock = threading.Lock()


def converter() -> Converter:
    """The process-wide converter, created on first use and closed at exit."""
    global _default, _default_pid
    with _default_lock:
        if _default is None or _default_pid != os.getpid():  # a forked child needs its own
            _default, _default_pid = Converter(), os.getpid()
            atexit.register(_default.close)
        return _default


def convert(data: bytes, src_ext: str, target: str, *, timeout: float = 60.0) -> bytes:
    return converter().convert(data, src_ext, target, timeout=timeout)
