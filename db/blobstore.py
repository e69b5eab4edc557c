"""Raw bytes addressed by their sha256, write-once, behind a small Protocol.

``LocalBlobStore`` keeps each body at ``<root>/ab/cd/<sha256>``; a shared or S3-compatible
store can implement the same four methods later.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from gongkai.core.settings import env

if TYPE_CHECKING:
    from gongkai.core.settings import Settings

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BlobNotFound(KeyError):
    """No blob with this sha256 in the store."""


@dataclass(frozen=True, slots=True)
class BlobStat:
    sha256: str
    size: int
    location: str  # a path for the local store, a key for an object store
    stored_at: datetime


@runtime_checkable
class BlobStore(Protocol):
    def put(self, data: bytes) -> str:
        """Store ``data`` unless already there; return its sha256 (hex)."""
        ...

    def get(self, sha256: str) -> bytes:
        """The bytes stored under ``sha256``; raise BlobNotFound when absent."""
        ...

    def exists(self, sha256: str) -> bool: ...

    def stat(self, sha256: str) -> BlobStat | None: ...


def _check(sha256: str) -> str:
    if not _SHA256.match(sha256):
        raise ValueError(f"not a sha256 hex digest: {sha256!r}")
    return sha256


class LocalBlobStore:
    """Blobs as files under ``root``, sharded by the first two bytes of the hash."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path(self, sha256: str) -> Path:
        _check(sha256)
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if target.exists():  # write-once: an existing blob is never rewritten
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.chmod(tmp, 0o444)
            if target.exists():  # another writer got there first
                os.unlink(tmp)
            else:
                os.replace(tmp, target)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        return sha

    def get(self, sha256: str) -> bytes:
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise BlobNotFound(sha256) from None

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def stat(self, sha256: str) -> BlobStat | None:
        path = self.path(sha256)
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        return BlobStat(
            sha256=sha256,
            size=st.st_size,
            location=str(path),
            stored_at=datetime.fromtimestamp(st.st_mtime, tz=UTC),
        )


def open_blob_store(settings: Settings) -> BlobStore:
    """The blob store the settings name: ``GONGKAI_BLOBS=s3://bucket/prefix`` (db/s3store.py,
    endpoint from ``GONGKAI_S3_ENDPOINT``), else the local one under ``data_dir/blobs``."""
    url = env("GONGKAI_BLOBS")
    if url.startswith("s3://"):
        from db.s3store import S3BlobStore

        return S3BlobStore.from_url(url)
    return LocalBlobStore(url or settings.blob_dir)
