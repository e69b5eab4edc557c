"""Export: every public view as CSV (UTF-8 BOM) and Parquet that pandas opens with the views' row counts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from db.engine import make_engine
from gongkai.cli import app
from gongkai.query.export import SNAPSHOT
from gongkai.query.views import VIEWS
from tests.query.query_archive import Archive

pytestmark = pytest.mark.db
runner = CliRunner()


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as conn:
        counts = {
            v.name: conn.exec_driver_sql(f"SELECT COUNT(*) FROM {v.name}").scalar_one()
            for v in VIEWS
        }
    engine.dispose()
    return counts


@pytest.mark.parametrize("fmt", ["csv", "parquet", "sqlite"])
def test_export_matches_the_views(archive: Archive, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "export"
    result = runner.invoke(app, ["--db", archive.url, "export", "--format", fmt, "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    counts = _counts(archive.url)
    assert counts["v_requests"] > 0
    assert counts["v_findings"] > 0
    for view, count in counts.items():
        if fmt == "csv":
            path = out / f"{view}.csv"
            assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
            frame = pd.read_csv(path)
        elif fmt == "parquet":
            frame = pd.read_parquet(out / f"{view}.parquet")
        else:
            with sqlite3.connect(out / SNAPSHOT) as snap:
                frame = pd.read_sql(f"SELECT * FROM {view}", snap)
        assert len(frame) == count, view
        assert "year" in frame.columns or view in ("v_failures", "v_portal_runs")  # not per year
    if fmt != "sqlite":
        frame = (
            pd.read_csv(out / "v_reports.csv")
            if fmt == "csv"
            else pd.read_parquet(out / "v_reports.parquet")
        )
        assert set(zip(frame["agency"], frame["year"], strict=True)) == set(archive.current)


def test_parquet_types_are_the_same_on_both_databases(archive: Archive, tmp_path: Path) -> None:
    from gongkai.query.export import export_all

    export_all(archive.url, tmp_path, "parquet")
    requests = pd.read_parquet(tmp_path / "v_requests.parquet")
    assert str(requests["value"].dtype) == "int64"
    assert str(requests["year"].dtype) == "int64"
    coverage = pd.read_parquet(tmp_path / "v_coverage.parquet")
    assert set(coverage["deadline"].str.len()) == {10}  # ISO dates as text on both databases
    proactive = pd.read_parquet(tmp_path / "v_proactive.parquet")
    assert str(proactive["value"].dtype) == "float64"
