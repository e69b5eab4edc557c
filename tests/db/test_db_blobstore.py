"""The local blob store: sha256 addressing, sharding, write-once, atomic writes."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from db.blobstore import BlobNotFound, BlobStore, LocalBlobStore, open_blob_store
from gongkai.core.settings import resolve


def test_put_returns_sha256_and_get_returns_the_bytes(blob_store: LocalBlobStore) -> None:
    data = "政府信息公开工作年度报告".encode()
    sha = blob_store.put(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert blob_store.get(sha) == data
    assert blob_store.exists(sha)
    assert blob_store.path(sha).relative_to(blob_store.root).parts == (sha[:2], sha[2:4], sha)


def test_stat(blob_store: LocalBlobStore) -> None:
    sha = blob_store.put(b"x" * 1000)
    st = blob_store.stat(sha)
    assert st is not None
    assert st.size == 1000
    assert st.location == str(blob_store.path(sha))
    assert blob_store.stat("0" * 64) is None


def test_existing_blob_is_never_rewritten(blob_store: LocalBlobStore) -> None:
    sha = blob_store.put(b"original")
    path = blob_store.path(sha)
    before = path.stat()
    os.utime(path, (1_000_000, 1_000_000))
    assert blob_store.put(b"original") == sha
    assert path.stat().st_mtime == 1_000_000
    assert path.stat().st_ino == before.st_ino
    # no temporary files left behind
    assert [p.name for p in path.parent.iterdir()] == [sha]


def test_missing_blob_and_bad_key(blob_store: LocalBlobStore) -> None:
    with pytest.raises(BlobNotFound):
        blob_store.get("f" * 64)
    assert not blob_store.exists("f" * 64)
    with pytest.raises(ValueError, match="sha256"):
        blob_store.get("../../etc/passwd")


def test_open_blob_store_uses_the_data_dir(tmp_path: Path) -> None:
    store = open_blob_store(resolve(tmp_path / "home"))
    assert isinstance(store, BlobStore)
    sha = store.put(b"abc")
    assert (tmp_path / "home" / "blobs" / sha[:2] / sha[2:4] / sha).read_bytes() == b"abc"
