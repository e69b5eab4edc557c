"""``gongkai reparse --all`` turns archived ``prose`` reports of years up to 2018 into ``legacy``
reports with their key figures, offline; a table-less report of 2019 or later stays a failure.

The archive is set up as the parser before legacy figures left it: a 2012 report archived as
prose under its signing office (…人民政府办公室), with its bytes in the blob store; a 2015 prose
report loaded as JSON (no bytes: read from its stored sections); a 2019 report of the seeds,
parsed and loaded as usual (unchanged by the re-parse); a table-less 2023 report recorded as a
``no_tables`` failure.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from typer.testing import CliRunner

from gongkai.cli import app

runner = CliRunner()

LEGACY_2012 = """卢氏县人民政府2012年度政府信息公开工作报告

本报告中所列数据的统计期限自2012年1月1日起至2012年12月31日止。

一、概述
2012年，全县政府信息公开工作取得新进展。

二、主动公开政府信息情况
2012年，我县共主动公开政府信息1843条。

三、依申请公开政府信息情况
2012年，全县共受理政府信息公开申请15件，其中网上申请9件。办结15件，其中同意公开12件，信息不存在3件。

四、政府信息公开的收费及减免情况
2012年，全县各级行政机关未收取任何费用。

五、因政府信息公开申请行政复议、提起行政诉讼的情况
2012年，我县未发生因政府信息公开申请行政复议、提起行政诉讼的情况。

六、政府信息公开工作存在的主要问题及改进措施
部分乡镇对信息公开工作重视不够。

卢氏县人民政府办公室
2013年3月28日
"""

PROSE_2015 = {
    "agency": "清河县人民政府",
    "year": 2015,
    "format": "prose",
    "published": "2016-03-01",
    "sections": {
        "overview": "2015年，我县进一步加强政府信息公开工作。",
        "proactive": "全年主动公开政府信息2315条，其中规范性文件12件。",
        "requests": "全年共受理政府信息公开申请27件，均已按时答复。\n四、政府信息公开的收费及减免情况\n"
        "本年度未收取任何费用。",
        "appeals": "本年度未发生因政府信息公开申请行政复议、提起行政诉讼的情况。",
    },
}

TABLELESS_2023 = (
    "某县水利局2023年政府信息公开工作年度报告\n一、总体情况\n本年度本机关坚持以公开为常态。\n"
    "二、主动公开政府信息情况\n本机关的统计表格以图片形式发布，文字版本不含表格。\n"
    "五、存在的主要问题及改进情况\n公开内容有待丰富，更新不够及时。\n某县水利局\n2024年1月20日\n"
)


def _rows(data_dir: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(data_dir / "archive.sqlite")
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _archive(data_dir: Path, seed: Path) -> None:
    from db import archive as repo
    from db.blobstore import LocalBlobStore
    from db.engine import make_engine, session_factory
    from db.loader import load_report
    from db.migrate import upgrade
    from gongkai.core.settings import resolve
    from pipelines.parse import parse_bytes

    data_dir.mkdir(parents=True)
    settings = resolve(data_dir)
    upgrade(settings.db_url)
    blobs = LocalBlobStore(settings.blob_dir)
    legacy_sha = blobs.put(LEGACY_2012.encode("utf-8"))
    seed_bytes = seed.read_bytes()
    seed_sha = blobs.put(seed_bytes)
    tableless_sha = blobs.put(TABLELESS_2023.encode("utf-8"))
    engine = make_engine(settings.db_url)
    try:
        with session_factory(engine).begin() as s:
            # as the parser before legacy reports archived it: prose, agency from the signature
            load_report(
                s,
                {
                    "agency": "卢氏县人民政府办公室",
                    "year": 2012,
                    "format": "prose",
                    "published": "2013-03-28",
                    "sections": {"proactive": "2012年，我县共主动公开政府信息1843条。"},
                },
                source_url="https://www.lushi.gov.cn/2012.html",
                document_sha256=legacy_sha,
                parser_version="1.0.0",
            )
            load_report(s, PROSE_2015, source_url="file:///prose_2015.json")
            seed_report = parse_bytes(seed_bytes)
            load_report(
                s,
                seed_report.report,
                source_url="https://example.gov.cn/seed.html",
                document_sha256=seed_sha,
                parser_version=seed_report.parser_version,
                findings=seed_report.findings,
                provenance=seed_report.provenance,
            )
            repo.record_parse_failure(
                s,
                url="https://example.gov.cn/2023.html",
                sha256=tableless_sha,
                reason="no_tables",
                detail="an annual report whose statistical tables were not found",
            )
    finally:
        engine.dispose()


def test_reparse_all_turns_prose_legacy_years_into_legacy_reports(
    tmp_path: Path, shared_dir: Path
) -> None:
    data_dir = tmp_path / "data"
    seed = sorted((shared_dir / "seeds").glob("*.txt"))[0]
    _archive(data_dir, seed)
    before = _rows(data_dir, "SELECT agency, year, format FROM v_reports ORDER BY year")
    assert [r[2] for r in before] == ["prose", "prose", before[2][2]]

    result = runner.invoke(app, ["--data-dir", str(data_dir), "reparse", "--all", "--json"])
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert counts["legacy"] == 2
    assert counts["retired"] == 1  # the 2012 report now reads as its issuer, not the office
    assert counts["failures"] == 1  # the table-less 2023 report: still no tables
    assert counts["unchanged"] == 1  # the seed's report

    after = _rows(data_dir, "SELECT agency, year, format FROM v_reports ORDER BY year")
    assert after[:2] == [("卢氏县人民政府", 2012, "legacy"), ("清河县人民政府", 2015, "legacy")]
    assert after[2] == before[2]
    figures = dict(
        _rows(
            data_dir,
            "SELECT year || ':' || measure, value FROM v_legacy WHERE value IS NOT NULL",
        )
    )
    assert figures == {
        "2012:proactive_items": 1843,
        "2012:requests_received": 15,
        "2012:requests_answered": 15,
        "2012:granted": 12,
        "2012:not_held": 3,
        "2012:fees_yuan": 0,
        "2012:review": 0,
        "2012:litigation": 0,
        "2015:proactive_items": 2315,
        "2015:requests_received": 27,
        "2015:fees_yuan": 0,
        "2015:review": 0,
        "2015:litigation": 0,
    }
    # nothing fetched: no fetch rows at all; the 2023 document is still a no_tables failure
    assert _rows(data_dir, "SELECT count(*) FROM fetches") == [(0,)]
    assert _rows(data_dir, "SELECT reason FROM v_failures") == [("no_tables",)]
    # the office's prose version is kept in the history, retired
    retired = _rows(
        data_dir,
        "SELECT format, is_current FROM v_report_versions WHERE agency = '卢氏县人民政府办公室'",
    )
    assert retired == [("prose", 0)]

    again = runner.invoke(app, ["--data-dir", str(data_dir), "reparse", "--all", "--json"])
    second = json.loads(again.stdout)
    assert (second["legacy"], second["retired"], second["new_versions"]) == (0, 0, 0)
