"""The S3-compatible blob store against a local moto server (the same contract as the local one)."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from db.blobstore import BlobNotFound, BlobStore, open_blob_store
from gongkai.core.settings import resolve

pytest.importorskip("moto.server")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_env(
    s3_endpoint: str, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> str:
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    bucket = "gk-" + hashlib.sha1(request.node.name.encode()).hexdigest()[:12]
    boto3.client("s3", endpoint_url=s3_endpoint).create_bucket(Bucket=bucket)
    monkeypatch.setenv("GONGKAI_BLOBS", f"s3://{bucket}/archive/blobs")
    monkeypatch.setenv("GONGKAI_S3_ENDPOINT", s3_endpoint)
    return bucket


def test_settings_select_the_s3_store(s3_env: str, tmp_path: Path) -> None:
    from db.s3store import S3BlobStore

    store = open_blob_store(resolve(tmp_path))
    assert isinstance(store, S3BlobStore)
    assert isinstance(store, BlobStore)
    assert (store.bucket, store.prefix) == (s3_env, "archive/blobs")


def test_put_get_exists_stat(s3_env: str, tmp_path: Path) -> None:
    store = open_blob_store(resolve(tmp_path))
    body = "二〇二四年政府信息公开工作年度报告".encode() * 50
    sha = store.put(body)
    assert sha == hashlib.sha256(body).hexdigest()
    assert store.exists(sha)
    assert store.get(sha) == body
    st = store.stat(sha)
    assert st is not None
    assert st.size == len(body)
    assert st.location.endswith(f"archive/blobs/{sha[:2]}/{sha[2:4]}/{sha}")
    missing = hashlib.sha256(b"nothing").hexdigest()
    assert not store.exists(missing)
    assert store.stat(missing) is None
    with pytest.raises(BlobNotFound):
        store.get(missing)
    with pytest.raises(ValueError, match="sha256"):
        store.get("../etc/passwd")


def test_write_once_under_concurrent_puts(s3_env: str, tmp_path: Path) -> None:
    store = open_blob_store(resolve(tmp_path))
    body = b"%PDF-1.4 same document from eight workers"
    sha = store.put(body)
    first = store.stat(sha)
    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(lambda _: store.put(body), range(8))) == {sha}
    assert store.stat(sha) == first  # not rewritten
    listed = store.client.list_objects_v2(Bucket=s3_env)
    assert [o["Key"] for o in listed.get("Contents", [])] == [
        f"archive/blobs/{sha[:2]}/{sha[2:4]}/{sha}"
    ]


def test_local_path_in_the_setting_is_a_shared_mount(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from db.blobstore import LocalBlobStore

    monkeypatch.setenv("GONGKAI_BLOBS", str(tmp_path / "mnt" / "blobs"))
    store = open_blob_store(resolve(tmp_path / "home"))
    assert isinstance(store, LocalBlobStore)
    sha = store.put(b"x")
    assert (tmp_path / "mnt" / "blobs" / sha[:2] / sha[2:4] / sha).read_bytes() == b"x"
