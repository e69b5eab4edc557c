"""Table-grid recovery from ruling lines (OpenCV morphology) on an upright page.

A table is a connected set of long horizontal and vertical strokes. Its grid is every
distinct ruling position in each direction; two neighbouring grid cells belong to one
merged cell when no ruling separates them. The result is a list of ``GridTable`` whose
``spans`` give each merged cell as (row0, col0, row1, col1) inclusive, with pixel boxes.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np


@dataclass(slots=True)
class Span:
    r0: int
    c0: int
    r1: int
    c1: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 in page pixels, inside the rulings


@dataclass(slots=True)
class GridTable:
    box: tuple[int, int, int, int]
    ys: list[int]  # horizontal ruling positions, top to bottom
    xs: list[int]  # vertical ruling positions, left to right
    spans: list[Span]

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.ys) - 1, len(self.xs) - 1


def line_masks(mask: np.ndarray, dpi: int) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling masks. Kernel lengths exceed one glyph (≈ 0.15 in)."""
    hlen = max(20, int(dpi * 0.3))
    vlen = max(15, int(dpi * 0.17))
    horiz = cv2.morphologyEx(
        mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (hlen, 1))
    )
    vert = cv2.morphologyEx(
        mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, vlen))
    )
    # close small gaps left by noise or thin strokes
    horiz = cv2.dilate(horiz, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 3)))
    vert = cv2.dilate(vert, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 9)))
    return horiz, vert


def _positions(profile: np.ndarray, minimum: float, merge: int) -> list[int]:
    """Centres of runs where ``profile`` ≥ ``minimum``; runs closer than ``merge`` px join."""
    idx = np.flatnonzero(profile >= minimum)
    if idx.size == 0:
        return []
    groups: list[list[int]] = [[int(idx[0])]]
    for i in idx[1:]:
        if i - groups[-1][-1] <= merge:
            groups[-1].append(int(i))
        else:
            groups.append([int(i)])
    return [(g[0] + g[-1]) // 2 for g in groups]


def _covered(seg: np.ndarray | np.bool_) -> float:
    return float(np.count_nonzero(seg)) / max(1, seg.size)


def find_tables(mask: np.ndarray, dpi: int) -> list[GridTable]:
    """Every ruled table on the page, top to bottom."""
    horiz, vert = line_masks(mask, dpi)
    both = cv2.bitwise_or(horiz, vert)
    n, _labels, stats, _ = cv2.connectedComponentsWithStats(both, connectivity=8)
    tables: list[GridTable] = []
    min_w, min_h = dpi * 1.0, dpi * 0.2
    merge = max(3, dpi // 30)
    for i in range(1, n):
        x, y, w, h, _area = stats[i]
        if w < min_w or h < min_h:
            continue
        hx = horiz[y : y + h, x : x + w] > 0
        vx = vert[y : y + h, x : x + w] > 0
        ys = _positions(hx.sum(axis=1), max(dpi * 0.25, w * 0.05), merge)
        xs = _positions(vx.sum(axis=0), dpi * 0.12, merge)
        # open sides (no outer vertical or horizontal rule): the other rulings' ends bound the table
        edge = max(merge, dpi // 15)
        if xs and xs[0] > edge:
            xs.insert(0, 0)
        if xs and xs[-1] < w - 1 - edge:
            xs.append(int(w - 1))
        if ys and ys[0] > edge:
            ys.insert(0, 0)
        if ys and ys[-1] < h - 1 - edge:
            ys.append(int(h - 1))
        if len(ys) < 2 or len(xs) < 2:
            continue
        spans = _spans(hx, vx, ys, xs, x, y)
        tables.append(
            GridTable(
                (int(x), int(y), int(x + w), int(y + h)),
                [v + int(y) for v in ys],
                [v + int(x) for v in xs],
                spans,
            )
        )
    tables.sort(key=lambda t: t.box[1])
    return tables


def _spans(
    hx: np.ndarray, vx: np.ndarray, ys: list[int], xs: list[int], ox: int, oy: int
) -> list[Span]:
    rows, cols = len(ys) - 1, len(xs) - 1
    parent = list(range(rows * cols))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    band = 3
    for r in range(rows):
        y0, y1 = ys[r], ys[r + 1]
        inset = max(2, (y1 - y0) // 5)
        for c in range(cols):
            x0, x1 = xs[c], xs[c + 1]
            if c + 1 < cols:  # ruling on the right of (r, c)?
                seg = vx[y0 + inset : y1 - inset, max(0, x1 - band) : x1 + band + 1].any(axis=1)
                if _covered(seg) < 0.6:
                    union(r * cols + c, r * cols + c + 1)
            if r + 1 < rows:  # ruling below (r, c)?
                xin = max(2, (x1 - x0) // 5)
                seg = hx[max(0, y1 - band) : y1 + band + 1, x0 + xin : x1 - xin].any(axis=0)
                if _covered(seg) < 0.6:
                    union(r * cols + c, (r + 1) * cols + c)
    groups: dict[int, list[int]] = {}
    for k in range(rows * cols):
        groups.setdefault(find(k), []).append(k)
    spans = []
    for members in groups.values():
        rs = [k // cols for k in members]
        cs = [k % cols for k in members]
        r0, r1, c0, c1 = min(rs), max(rs), min(cs), max(cs)
        spans.append(
            Span(r0, c0, r1, c1, (xs[c0] + ox, ys[r0] + oy, xs[c1 + 1] + ox, ys[r1 + 1] + oy))
        )
    spans.sort(key=lambda s: (s.r0, s.c0))
    return spans
