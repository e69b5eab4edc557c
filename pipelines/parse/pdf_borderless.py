"""Tables drawn without ruling lines in a PDF page (placeholder: none found)."""

from __future__ import annotations

from typing import Any

from pipelines.parse.model import Table


def find_table(lines: list[Any], number: int) -> tuple[float, float, Table, tuple[float, float, float, float]] | None:
    return None
