"""`gongkai parse`: JSON per file, a readable summary, and one bad file failing alone."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from gongkai.cli import app

runner = CliRunner()


def test_parse_json_prints_report_findings_and_provenance(seeds, tmp_path):
    seed, truth_path = next(p for p in seeds if p[0].name.startswith("001"))
    result = runner.invoke(app, ["parse", "--json", str(seed)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    truth = json.loads(truth_path.read_text("utf-8"))
    assert data["agency"] == truth["agency"]
    assert data["requests"] == truth["requests"]
    assert data["findings"] == []
    assert data["provenance"]["route"] == "text"


def test_bad_file_fails_alone(seeds, tmp_path):
    bad = tmp_path / "empty.html"
    bad.write_bytes(b"")
    good = next(s for s, _ in seeds if s.name.startswith("004"))
    result = runner.invoke(app, ["parse", str(bad), str(good)])
    assert result.exit_code == 1
    assert "EmptyDocument" in result.stderr
    assert "绥中县 2024" in result.stdout


def test_help_has_an_example():
    result = runner.invoke(app, ["parse", "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout
