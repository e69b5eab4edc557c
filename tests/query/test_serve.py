"""gongkai serve: Datasette in a real headless Chromium; loopback only unless --public."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from gongkai.cli import app
from gongkai.query.serve import check_host, is_loopback, metadata
from gongkai.query.views import VIEWS
from tests.query.browser import dump_dom
from tests.query.query_archive import DEPT_C, Archive

runner = CliRunner()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(archive: Archive, db_backend: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """(base URL, database name) of `gongkai serve` on the archive (PostgreSQL: on its snapshot)."""
    if db_backend == "sqlite":
        path = Path(str(make_url(archive.url).database))
        args = ["--db", archive.url, "serve"]
    else:
        result = runner.invoke(
            app,
            ["--db", archive.url, "export", "--format", "sqlite", "--out", str(tmp_path / "snap")],
        )
        assert result.exit_code == 0, result.stderr
        path = tmp_path / "snap" / "gongkai.sqlite"
        args = ["serve", "--file", str(path)]
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-c", "from gongkai.cli import main; main()", *args, "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(base + "/", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("gongkai serve did not answer")
        yield base, path.stem
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


@pytest.mark.db
def test_browser_index_canned_query_and_version_links(served: tuple[str, str]) -> None:
    base, db = served
    assert "政府信息公开工作年度报告" in dump_dom(base + "/")
    index = dump_dom(f"{base}/{db}")
    for view in VIEWS:
        assert f'href="/{db}/{view.name}"' in index, view.name
    assert "Late and missing reports" in index  # canned queries are listed

    page = dump_dom(f"{base}/{db}/late_and_missing?status=late")
    assert page.count('class="col-status') >= 2
    assert ">late<" in page

    reports = dump_dom(f"{base}/{db}/v_reports?agency={DEPT_C}")
    link = f'href="/{db}/v_report_versions?report_id='
    assert link in reports
    report_id = reports.split(link, 1)[1].split('"', 1)[0]
    # the table view of the versions also shows the view's description from the metadata
    versions = dump_dom(f"{base}/{db}/v_report_versions?report_id={report_id}")
    assert "a new version means the published report changed" in versions
    assert "2 rows" in versions  # DEPT_C 2024 changed after publication
    assert len(re.findall(rf'<td class="col-agency type-[^"]*">{DEPT_C}</td>', versions)) == 2

    write = httpx.get(f"{base}/{db}.json", params={"sql": "delete from v_reports"}, timeout=5)
    assert write.status_code == 400  # read-only: Datasette accepts only SELECT


def test_metadata_describes_every_view_and_column() -> None:
    meta = metadata("archive")["databases"]["archive"]
    for view in VIEWS:
        table = meta["tables"][view.name]
        assert table["description"]
        assert table["columns"]
        assert all(table["columns"].values())
    assert set(meta["tables"]["v_reports"]["facets"]) == {"agency", "year"}
    assert "changed_reports" in meta["queries"]


def test_loopback_only_unless_public(tmp_path: Path) -> None:
    assert all(map(is_loopback, ("127.0.0.1", "127.0.0.2", "::1", "localhost")))
    assert not any(map(is_loopback, ("0.0.0.0", "192.168.1.5", "example.org")))
    check_host("0.0.0.0", public=True)
    url = f"sqlite:///{tmp_path / 'archive.sqlite'}"
    result = runner.invoke(app, ["--db", url, "serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "--public" in result.stderr


def test_postgresql_archive_needs_a_snapshot() -> None:
    result = runner.invoke(app, ["--db", "postgresql+psycopg://postgres@127.0.0.1:5432/x", "serve"])
    assert result.exit_code == 2
    assert "needs a SQLite archive" in result.stderr
    assert "gongkai export --format sqlite" in result.stderr


@pytest.mark.parametrize("command", ["search", "export", "serve", "report", "sql"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout


@pytest.mark.parametrize(
    "args", [["search", "公开"], ["export", "--out", "x"], ["report", "--out", "x"]]
)
def test_commands_without_an_archive_say_so(tmp_path: Path, args: list[str]) -> None:
    url = f"sqlite:///{tmp_path / 'nowhere' / 'archive.sqlite'}"
    result = runner.invoke(app, ["--db", url, *args])
    assert result.exit_code == 1
    assert "gongkai init" in result.stderr
