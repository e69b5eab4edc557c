"""Tables drawn with ruling lines on a PDF page.

Tables are found from the ruling lines with pdfplumber's geometry (edges → intersections →
cells → tables, its ``lines`` strategy); a table drawn with open sides gets the vertical lines
that close it. Each cell's bounding box is placed on the table's grid of distinct x and y
edges, so a merged cell becomes its origin plus ``is_copy`` positions. Text wrapped inside a
cell is joined (no separator between CJK characters, so a vertical label written one
character per line reads as one word). A one-column "table" is a frame drawn around prose.
"""

from __future__ import annotations

import re
from typing import Any

from pipelines.parse.cells import read_token
from pipelines.parse.formats.pdf_lines import join_lines, lines_of
from pipelines.parse.formats.pdf_pages import Char, PageData
from pipelines.parse.model import Cell, Table

_TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}


def ruled_tables(page: PageData) -> list[list[tuple[float, float, float, float]]]:
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )

    if not page.edges:
        return []
    edges = merge_edges(
        page.edges, snap_x_tolerance=3, snap_y_tolerance=3, join_x_tolerance=3, join_y_tolerance=3
    )
    edges = [e for e in edges if (e["width"] if e["orientation"] == "h" else e["height"]) >= 3]
    intersections = edges_to_intersections(edges, 3, 3)
    closing = _closing_sides(edges, intersections)
    if closing:
        edges = edges + closing
        intersections = edges_to_intersections(edges, 3, 3)
    return cells_to_tables(intersections_to_cells(intersections))


def _closing_sides(
    edges: list[dict[str, Any]], intersections: dict[Any, Any]
) -> list[dict[str, Any]]:
    """Vertical edges for tables drawn with open sides (no line at the left or right edge).

    Edges that cross form a table's frame; where the frame's rows reach further left (right)
    than any of its vertical lines, a vertical line is added from the first to the last of
    those rows, so the outer column's cells close."""
    index = {id(e): i for i, e in enumerate(edges)}
    parent = list(range(len(edges)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for crossing in intersections.values():
        ids = [index[id(e)] for e in crossing["v"] + crossing["h"] if id(e) in index]
        for i in ids[1:]:
            parent[find(i)] = find(ids[0])
    groups: dict[int, list[dict[str, Any]]] = {}
    for i, e in enumerate(edges):
        groups.setdefault(find(i), []).append(e)
    added: list[dict[str, Any]] = []
    for group in groups.values():
        hs = [e for e in group if e["orientation"] == "h"]
        vs = [e for e in group if e["orientation"] == "v"]
        if len(hs) < 2 or not vs:
            continue
        for x, reach in ((min(e["x0"] for e in hs), "x0"), (max(e["x1"] for e in hs), "x1")):
            rows = [e for e in hs if abs(e[reach] - x) <= 3]
            if len(rows) < 2:
                continue
            top, bottom = min(e["top"] for e in rows), max(e["top"] for e in rows)
            covered = sum(
                min(v["bottom"], bottom) - max(v["top"], top)
                for v in vs
                if abs(v["x0"] - x) <= 3 and v["bottom"] > top and v["top"] < bottom
            )
            if covered >= (bottom - top) - 3:
                continue
            added.append(
                {
                    "x0": x,
                    "x1": x,
                    "top": top,
                    "bottom": bottom,
                    "width": 0.0,
                    "height": bottom - top,
                    "orientation": "v",
                    "object_type": "line",
                }
            )
    return added


def split_chars(
    chars: list[Char], bbox: tuple[float, float, float, float]
) -> tuple[list[Char], list[Char]]:
    x0, top, x1, bottom = bbox
    inside: list[Char] = []
    outside: list[Char] = []
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        (inside if x0 <= cx <= x1 and top <= cy <= bottom else outside).append(ch)
    return inside, outside


def _cell_text(lines: list[str]) -> str:
    lines = [line.strip() for line in lines if line.strip()]
    if (
        len(lines) > 1
        and all(read_token(line).kind != "label" for line in lines)
        and any(read_token(line).is_value for line in lines)
    ):
        return "\n".join(lines)  # figures one per line: rows stacked in one cell (grids._unstacked)
    joined = join_lines(lines)
    # letter-spaced labels: drop spaces between two CJK characters
    return re.sub(
        r"(?<=[\u2e80-\u9fff\uff00-\uffef])\s+(?=[\u2e80-\u9fff\uff00-\uffef])", "", joined
    )


def _edges(values: list[float], tolerance: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def edge_index(edges: list[float], value: float, tolerance: float = 1.5) -> int:
    for i, e in enumerate(edges):
        if abs(e - value) <= tolerance:
            return i
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def cell_grid(
    cells: list[tuple[float, float, float, float]], chars: list[Char], where: str
) -> Table | None:
    """Place the cells on the grid of distinct edges; None for a one-column frame around prose."""
    xs = _edges([c[0] for c in cells] + [c[2] for c in cells])
    ys = _edges([c[1] for c in cells] + [c[3] for c in cells])
    width, height = len(xs) - 1, len(ys) - 1
    if width < 2 or height < 1:
        return None
    by_cell: dict[int, list[Char]] = {}
    for ch in chars:
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        for k, (x0, top, x1, bottom) in enumerate(cells):
            if x0 <= cx <= x1 and top <= cy <= bottom:
                by_cell.setdefault(k, []).append(ch)
                break
    grid: list[list[Cell | None]] = [[None] * width for _ in range(height)]
    for k, (x0, top, x1, bottom) in enumerate(cells):
        text = _cell_text([ln.text for ln in lines_of(by_cell.get(k, []))])
        c0, c1 = edge_index(xs, x0), edge_index(xs, x1)
        r0, r1 = edge_index(ys, top), edge_index(ys, bottom)
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                if r < height and c < width and grid[r][c] is None:
                    grid[r][c] = Cell(text, is_copy=(r, c) != (r0, c0))
    rows = [[cell if cell is not None else Cell("") for cell in row] for row in grid]
    return Table(rows=rows, where=where, columns=tuple(xs))
