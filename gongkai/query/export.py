"""Export every public view as files a spreadsheet or pandas opens directly.

CSV: UTF-8 with a byte-order mark (Excel then reads the Chinese correctly), a header row, dates
in ISO form. SQLite: one snapshot file ``gongkai.sqlite`` with every view as a table of the
same name, for ``gongkai serve --file`` when the archive is on PostgreSQL. Parquet (pyarrow): whole numbers as int64, table 2's ``value`` (amounts in 万元 may
have decimals) as float64, everything else — dates included — as strings, so the same archive
gives the same files on SQLite and PostgreSQL. Rows are streamed in batches: a 10,000-report
archive has millions of rows in v_requests.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from db.engine import make_engine
from gongkai.query.views import VIEWS

BATCH = 50_000
FORMATS = ("csv", "parquet", "sqlite")
SNAPSHOT = "gongkai.sqlite"
INT_COLUMNS = frozenset(
    {
        "report_id",
        "year",
        "version",
        "version_id",
        "is_current",
        "consistent",
        "carried_over",
        "previous_carried_forward",
    }
)
FLOAT_COLUMNS = frozenset({("v_proactive", "value")})
INT_VIEW_VALUES = frozenset({"v_requests", "v_appeals"})


@dataclass(frozen=True, slots=True)
class Exported:
    view: str
    path: Path
    rows: int


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _batches(engine: Engine, view: str) -> Iterator[tuple[list[str], list[tuple[Any, ...]]]]:
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=BATCH).exec_driver_sql(
            f"SELECT * FROM {view}"
        )
        columns = list(result.keys())
        empty = True
        for part in result.partitions(BATCH):
            empty = False
            yield columns, [tuple(_plain(v) for v in row) for row in part]
        if empty:
            yield columns, []


def _arrow_type(view: str, column: str) -> Any:
    import pyarrow as pa

    if (view, column) in FLOAT_COLUMNS:
        return pa.float64()
    if column in INT_COLUMNS or (column == "value" and view in INT_VIEW_VALUES):
        return pa.int64()
    return pa.string()


def _to_arrow(view: str, columns: list[str], rows: list[tuple[Any, ...]]) -> Any:
    import pyarrow as pa

    arrays = []
    for i, name in enumerate(columns):
        kind = _arrow_type(view, name)
        values = [r[i] for r in rows]
        if kind == pa.string():
            values = [None if v is None else str(v) for v in values]
        elif kind == pa.float64():
            values = [None if v is None else float(v) for v in values]
        arrays.append(pa.array(values, type=kind))
    return pa.Table.from_arrays(arrays, names=columns)


def _sql_type(view: str, column: str) -> str:
    if (view, column) in FLOAT_COLUMNS:
        return "REAL"
    if column in INT_COLUMNS or (column == "value" and view in INT_VIEW_VALUES):
        return "INTEGER"
    return "TEXT"


def _snapshot_view(engine: Engine, view: str, path: Path) -> Exported:
    """Copy one view into a table of the same name in the SQLite file ``path``."""
    import sqlite3

    count = 0
    with sqlite3.connect(path) as snap:
        snap.execute(f'DROP TABLE IF EXISTS "{view}"')
        for i, (columns, rows) in enumerate(_batches(engine, view)):
            if i == 0:
                snap.execute(
                    f'CREATE TABLE "{view}" ('
                    + ", ".join(f'"{c}" {_sql_type(view, c)}' for c in columns)
                    + ")"
                )
            marks = ", ".join("?" * len(columns))
            snap.executemany(f'INSERT INTO "{view}" VALUES ({marks})', rows)
            count += len(rows)
    return Exported(view, path, count)


def export_view(engine: Engine, view: str, out_dir: Path, fmt: str) -> Exported:
    if fmt == "sqlite":
        return _snapshot_view(engine, view, out_dir / SNAPSHOT)
    path = out_dir / f"{view}.{fmt}"
    count = 0
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle)
            for i, (columns, rows) in enumerate(_batches(engine, view)):
                if i == 0:
                    out.writerow(columns)
                out.writerows(rows)
                count += len(rows)
        return Exported(view, path, count)
    import pyarrow.parquet as pq

    writer: pq.ParquetWriter | None = None
    try:
        for columns, rows in _batches(engine, view):
            table = _to_arrow(view, columns, rows)
            if writer is None:
                writer = pq.ParquetWriter(str(path), table.schema)
            writer.write_table(table)
            count += len(rows)
    finally:
        if writer is not None:
            writer.close()
    return Exported(view, path, count)


def export_all(url: str, out_dir: str | Path, fmt: str = "csv") -> list[Exported]:
    """Write every public view of the archive at ``url`` into ``out_dir`` as ``<view>.<fmt>``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    target = Path(out_dir)
    target.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    try:
        return [export_view(engine, v.name, target, fmt) for v in VIEWS]
    finally:
        engine.dispose()
