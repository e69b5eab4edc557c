"""`gongkai parse`: parse report files and print the canonical JSON (a thin layer over the library)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from gongkai.cli.app import app


@app.command("parse")
def parse_command(
    files: Annotated[
        list[Path], typer.Argument(help="Report files: HTML, text, DOCX, PDF, DOC, WPS.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the canonical JSON with findings and provenance.")
    ] = False,
) -> None:
    """Parse annual report files into the canonical form of REPORT_FORMAT.md.

    A file that cannot be parsed prints an error on stderr and makes the exit status 1;
    the other files are still parsed and printed.

    Example:

        gongkai parse report.html seeds/004.txt --json
    """
    from pipelines.parse import ParseError, parse_bytes

    failed = 0
    for path in files:
        try:
            result = parse_bytes(path.read_bytes(), filename=path.name)
        except (ParseError, OSError) as exc:
            failed += 1
            typer.echo(f"{path}: error: {type(exc).__name__}: {exc}", err=True)
            continue
        except Exception as exc:  # a parser bug on one file must not hide the others
            failed += 1
            typer.echo(
                f"{path}: internal error (please report): {type(exc).__name__}: {exc}", err=True
            )
            continue
        if as_json:
            typer.echo(
                json.dumps({"file": str(path), **result.to_json()}, ensure_ascii=False, indent=1)
            )
            continue
        report = result.report
        typer.echo(
            f"{path}: {report['agency']} {report['year']} (format {report['format']}, "
            f"published {report['published'] or 'unknown'}, route {result.route})"
        )
        cells = _count_cells(report)
        typer.echo(
            f"  cells: {cells[0]} read, {cells[1]} empty; sections: {', '.join(report.get('sections') or {}) or 'none'}"
        )
        for finding in result.findings:
            typer.echo(f"  finding {finding.rule}: {finding.detail}")
    if failed:
        raise typer.Exit(1)


def _count_cells(report: dict[str, object]) -> tuple[int, int]:
    from gongkai.core.report import cells

    values = cells(report)
    empty = sum(1 for value in values.values() if value is None)
    return len(values) - empty, empty
