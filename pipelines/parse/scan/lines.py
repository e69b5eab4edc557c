"""Text-line segmentation by projection profiles, for table cells and for the prose around
tables. Works on an upright page whose rulings have been removed from the ink mask."""

from __future__ import annotations

import cv2
import numpy as np

Box = tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive ends)


def despeckle(mask: np.ndarray, min_area: int) -> np.ndarray:
    """Drop connected specks smaller than ``min_area`` pixels (scanner noise, JPEG dirt)."""
    _n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= min_area
    keep[0] = False
    return np.where(keep[labels], 255, 0).astype(np.uint8)


def _runs(profile: np.ndarray, gap: int) -> list[tuple[int, int]]:
    idx = np.flatnonzero(profile > 0)
    if idx.size == 0:
        return []
    runs = [[int(idx[0]), int(idx[0])]]
    for i in idx[1:]:
        if i - runs[-1][1] <= gap:
            runs[-1][1] = int(i)
        else:
            runs.append([int(i), int(i)])
    return [(a, b + 1) for a, b in runs]


def text_lines(mask: np.ndarray, box: Box, min_height: int, word_gap: int | None = None) -> list[Box]:
    """Line boxes inside ``box`` (page coordinates), top to bottom.

    ``word_gap`` splits a line where a horizontal gap is wider (prose beside a right-aligned
    signature); None keeps each line whole.
    """
    x0, y0, x1, y1 = box
    region = mask[y0:y1, x0:x1]
    lines: list[Box] = []
    for a, b in _runs(region.sum(axis=1), gap=2):
        if b - a < min_height:
            continue
        cols = _runs(region[a:b].sum(axis=0), gap=word_gap if word_gap else region.shape[1])
        for c0, c1 in cols:
            if c1 - c0 >= 3:
                lines.append((x0 + c0, y0 + a, x0 + c1, y0 + b))
    return _merge_stacked(lines, min_height)


def _merge_stacked(lines: list[Box], min_height: int) -> list[Box]:
    """Join a thin run into its neighbour when it is a split glyph row (e.g. the dots of “…”)."""
    out: list[Box] = []
    for line in lines:
        if out and line[1] - out[-1][3] <= 2 and (line[3] - line[1]) < min_height * 1.5:
            prev = out[-1]
            out[-1] = (min(prev[0], line[0]), prev[1], max(prev[2], line[2]), line[3])
        else:
            out.append(line)
    return out


def crop(gray: np.ndarray, box: Box, pad: int) -> np.ndarray:
    x0, y0, x1, y1 = box
    h, w = gray.shape
    return gray[max(0, y0 - pad) : min(h, y1 + pad), max(0, x0 - pad) : min(w, x1 + pad)]
