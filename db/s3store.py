"""Blobs in an S3-compatible object store, for workers on several machines.

``S3BlobStore`` keeps each body at ``<prefix>/ab/cd/<sha256>`` in one bucket, like
``LocalBlobStore`` does on disk. Write-once: a put of an existing key is a no-op (a HEAD first;
two workers racing on the same new key upload the same bytes, since the key is their hash).
Selected by ``GONGKAI_BLOBS=s3://bucket/prefix``; the endpoint (MinIO, Ceph, moto, any
S3-compatible server) comes from ``GONGKAI_S3_ENDPOINT``, credentials from the usual
``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY`` / ``AWS_DEFAULT_REGION``.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlsplit

from db.blobstore import BlobNotFound, BlobStat, _check
from gongkai.core.settings import env


def parse_s3_url(url: str) -> tuple[str, str]:
    """``s3://bucket/some/prefix`` → (bucket, "some/prefix")."""
    parts = urlsplit(url)
    if parts.scheme != "s3" or not parts.netloc:
        raise ValueError(f"not an s3://bucket/prefix URL: {url!r}")
    return parts.netloc, parts.path.strip("/")


class S3BlobStore:
    """Blobs as objects in ``bucket`` under ``prefix``; same put/get/exists/stat as the local one."""

    def __init__(
        self, bucket: str, prefix: str = "", *, endpoint_url: str | None = None, client: Any = None
    ) -> None:
        if client is None:
            import boto3
            from botocore.config import Config

            client = boto3.client(
                "s3",
                endpoint_url=endpoint_url,
                config=Config(
                    retries={"max_attempts": 5, "mode": "standard"}, max_pool_connections=32
                ),
            )
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/")

    @classmethod
    def from_url(cls, url: str, *, endpoint_url: str | None = None) -> S3BlobStore:
        bucket, prefix = parse_s3_url(url)
        return cls(bucket, prefix, endpoint_url=endpoint_url or env("GONGKAI_S3_ENDPOINT"))

    def key(self, sha256: str) -> str:
        _check(sha256)
        tail = f"{sha256[:2]}/{sha256[2:4]}/{sha256}"
        return f"{self.prefix}/{tail}" if self.prefix else tail

    def _head(self, sha256: str) -> dict[str, Any] | None:
        from botocore.exceptions import ClientError

        try:
            return self.client.head_object(Bucket=self.bucket, Key=self.key(sha256))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        if self._head(sha) is not None:  # write-once
            return sha
        self.client.put_object(
            Bucket=self.bucket, Key=self.key(sha), Body=data, ChecksumSHA256=_b64_sha256(data)
        )
        return sha

    def get(self, sha256: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            obj = self.client.get_object(Bucket=self.bucket, Key=self.key(sha256))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                raise BlobNotFound(sha256) from None
            raise
        return obj["Body"].read()

    def exists(self, sha256: str) -> bool:
        return self._head(sha256) is not None

    def stat(self, sha256: str) -> BlobStat | None:
        head = self._head(sha256)
        if head is None:
            return None
        return BlobStat(
            sha256=sha256,
            size=int(head["ContentLength"]),
            location=f"s3://{self.bucket}/{self.key(sha256)}",
            stored_at=head["LastModified"],
        )


def _b64_sha256(data: bytes) -> str:
    import base64

    return base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")
