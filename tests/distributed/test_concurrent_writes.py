"""Several processes archive the same response and load the same report at the same moment on
the real PostgreSQL: one blob, one fetch row, one document, one report version."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import text

HERE = Path(__file__).resolve().parent


def test_concurrent_workers_write_each_thing_once(
    pg_url: str, tmp_path: Path, shared_dir: Path
) -> None:
    from crawler.registry import Portal
    from db.engine import make_engine
    from db.migrate import upgrade
    from gongkai.core.settings import Settings
    from pipelines.archive import Archive

    upgrade(pg_url)
    archive = Archive.from_settings(Settings(data_dir=tmp_path, db_url=pg_url), warc=False)
    run_id = archive.open_run(kind="crawl")
    archive.register_portals(
        [
            Portal(
                id="p1",
                agency="测试县人民政府",
                region_code="110101",
                family="generic",
                start_urls=("http://p1.example/",),
                allowed_domains=("p1.example",),
            )
        ]
    )
    truth = sorted((shared_dir / "seeds" / "truth").glob("*.json"))[0]
    start_at = time.time() + 4.0  # every process imported and connected by then
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                str(HERE / "concurrent_writer.py"),
                pg_url,
                str(tmp_path / "blobs"),
                str(run_id),
                str(start_at),
                str(truth),
            ],
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outs = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    assert len({o["fetch_id"] for o in outs}) == 1
    assert sorted(o["status"] for o in outs) == ["new", "unchanged", "unchanged", "unchanged"]
    assert {o["version"] for o in outs} == {1}
    engine = make_engine(pg_url)
    try:
        with engine.connect() as c:
            assert c.execute(text("SELECT count(*) FROM fetches")).scalar_one() == 1
            assert c.execute(text("SELECT count(*) FROM documents")).scalar_one() == 1
            assert c.execute(text("SELECT count(*) FROM reports")).scalar_one() == 1
            assert c.execute(text("SELECT count(*) FROM report_versions")).scalar_one() == 1
            assert (
                c.execute(
                    text("SELECT count(*) FROM agencies WHERE name <> '测试县人民政府'")
                ).scalar_one()
                == 1
            )
    finally:
        engine.dispose()
    assert len([p for p in (tmp_path / "blobs").rglob("*") if p.is_file()]) == 1
