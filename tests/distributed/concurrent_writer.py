"""One of several processes writing the same exchange and loading the same report at the same
moment (tests/distributed/test_concurrent_writes.py). Prints what it got as JSON."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main(db_url: str, blob_dir: str, run_id: int, start_at: float, truth: str) -> None:
    from crawler.distributed.archive import DistributedArchive
    from db.blobstore import LocalBlobStore
    from db.loader import load_report
    from pipelines.archive import Exchange

    archive = DistributedArchive(
        db_url=db_url, blobs=LocalBlobStore(blob_dir), warc_dir=None, run_id=run_id, portal_id="p1"
    )
    report = json.loads(Path(truth).read_text("utf-8"))
    body = Path(truth).read_bytes()
    ex = Exchange(
        url="http://p1.example/ndbg/2024.html",
        method="GET",
        status=200,
        request_headers=[],
        response_headers=[("Content-Type", "text/html")],
        body=body,
    )

    def load(s: object) -> object:
        return load_report(s, report, source_url=ex.url, document_sha256=sha)

    while time.time() < start_at:
        time.sleep(0.001)
    archived = archive.record_exchange(
        ex, outcome="ok", role="report_page", media_type="text/html", title="2024年报"
    )
    sha = archived.sha256
    result = archive.transaction(load)
    print(
        json.dumps(
            {"fetch_id": archived.fetch_id, "status": result.status, "version": result.version}
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5])
