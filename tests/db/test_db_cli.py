"""The archive commands end to end through the CLI (typer's CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongkai.cli import app

pytestmark = pytest.mark.db

runner = CliRunner()


def _truth(shared_dir: Path) -> list[Path]:
    return sorted((shared_dir / "seeds" / "truth").glob("*.json")) + sorted(
        (shared_dir / "real" / "truth").glob("*.json")
    )


def _run(url: str, home: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["--data-dir", str(home), "--db", url, *args])
    return result.exit_code, result.stdout, result.stderr


def _count(url: str, home: Path, sql: str) -> int:
    code, out, err = _run(url, home, "sql", sql, "--format", "json")
    assert code == 0, err
    return int(next(iter(json.loads(out)[0].values())))


def test_init_is_idempotent(db_url: str, tmp_path: Path) -> None:
    for _ in range(2):
        code, out, err = _run(db_url, tmp_path / "home", "init")
        assert code == 0, err
        assert "archive ready" in out
    assert (tmp_path / "home" / "blobs").is_dir()
    assert _count(db_url, tmp_path, "select count(*) from v_reports") == 0


def test_acceptance_load_reload_change_history(
    migrated_db_url: str, tmp_path: Path, shared_dir: Path
) -> None:
    files = [str(p) for p in _truth(shared_dir)]
    home = tmp_path / "home"
    code, out, err = _run(migrated_db_url, home, "load", *files)
    assert code == 0, err
    assert f"{len(files)} new" in out
    assert _count(migrated_db_url, home, "select count(*) from v_reports") == len(files)

    code, out, _ = _run(migrated_db_url, home, "load", *files)
    assert code == 0
    assert f"{len(files)} unchanged" in out
    assert _count(migrated_db_url, home, "select count(*) from v_reports") == len(files)
    assert _count(migrated_db_url, home, "select count(*) from v_report_versions") == len(files)

    report = json.loads(Path(files[0]).read_text("utf-8"))
    report["requests"]["granted"]["total"] = (report["requests"]["granted"]["total"] or 0) + 1
    changed = tmp_path / "changed.json"
    changed.write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    code, out, err = _run(
        migrated_db_url, home, "load", str(changed), "--source", "https://x.example/r"
    )
    assert code == 0, err
    assert "1 new version" in out
    assert _count(migrated_db_url, home, "select max(version) from v_reports") == 2
    assert _count(migrated_db_url, home, "select count(*) from v_reports") == len(files)

    code, out, err = _run(migrated_db_url, home, "history", report["agency"], str(report["year"]))
    assert code == 0, err
    assert "version 2" in out
    assert "requests.granted.total" in out
    assert out.count("→") >= 3  # two version lines and one changed cell


def test_bad_files_are_named_and_the_rest_loads(
    migrated_db_url: str, tmp_path: Path, shared_dir: Path
) -> None:
    good = _truth(shared_dir)[:2]
    malformed = tmp_path / "malformed.json"
    malformed.write_text('{"agency": "x", "year": 2024,', "utf-8")
    negative = tmp_path / "negative.json"
    report = json.loads(good[0].read_text("utf-8"))
    report["requests"]["new"]["total"] = -1
    negative.write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    code, out, err = _run(
        migrated_db_url, tmp_path, "load", str(malformed), str(good[0]), str(negative), str(good[1])
    )
    assert code == 1
    assert "malformed.json: malformed JSON" in err
    assert "negative.json: field requests.new.total" in err
    assert "2 new" in out
    assert _count(migrated_db_url, tmp_path, "select count(*) from v_reports") == 2


def test_sql_refuses_writes_with_exit_code_2(migrated_db_url: str, tmp_path: Path) -> None:
    for statement in (
        "delete from regions",
        "drop table regions",
        "insert into parse_failures (sha256, reason, detail, first_seen, last_seen) "
        "values ('x', 'y', 'z', '2025-01-01', '2025-01-01')",
    ):
        code, _, err = _run(migrated_db_url, tmp_path, "sql", statement)
        assert code == 2, statement
        assert "read-only" in err
    assert _count(migrated_db_url, tmp_path, "select count(*) from regions") > 3000


def test_sql_formats(migrated_db_url: str, tmp_path: Path) -> None:
    query = "select code, name from regions where code in ('341524', '420104') order by code"
    code, out, _ = _run(migrated_db_url, tmp_path, "sql", query, "--format", "csv")
    assert code == 0
    assert out.splitlines() == ["code,name", "341524,金寨县", "420104,硚口区"]
    code, out, _ = _run(migrated_db_url, tmp_path, "sql", query, "--format", "json")
    assert json.loads(out) == [
        {"code": "341524", "name": "金寨县"},
        {"code": "420104", "name": "硚口区"},
    ]
    code, out, _ = _run(migrated_db_url, tmp_path, "sql", query)
    assert "硚口区" in out
    code, _, err = _run(migrated_db_url, tmp_path, "sql", "select * from no_such_table")
    assert code == 1
    assert "no_such_table" in err


def test_history_of_unknown_report(migrated_db_url: str, tmp_path: Path) -> None:
    code, _, err = _run(migrated_db_url, tmp_path, "history", "不存在的机关", "2024")
    assert code == 1
    assert "no report" in err


@pytest.mark.parametrize("command", ["init", "load", "sql", "history"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.stdout


def test_load_without_an_archive_says_to_init(
    db_url: str, tmp_path: Path, shared_dir: Path
) -> None:
    code, _, err = _run(db_url, tmp_path, "load", str(_truth(shared_dir)[0]))
    assert code == 1
    assert "gongkai init" in err


def test_a_number_the_database_cannot_hold_fails_that_file_only(
    migrated_db_url: str, tmp_path: Path, shared_dir: Path
) -> None:
    good = _truth(shared_dir)[:2]
    report = json.loads(good[0].read_text("utf-8"))
    report["year"] = report["year"] - 1  # another report than good[0]
    report["requests"]["new"]["natural_person"] = 10**20
    huge = tmp_path / "huge.json"
    huge.write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    code, out, err = _run(migrated_db_url, tmp_path, "load", str(good[0]), str(huge), str(good[1]))
    assert code == 1
    assert "huge.json: database error" in err
    assert "request_facts" in err
    assert "2 new" in out
    assert _count(migrated_db_url, tmp_path, "select count(*) from v_reports") == 2
    assert _count(migrated_db_url, tmp_path, "select count(*) from report_versions") == 2
