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


def text_lines(
    mask: np.ndarray, box: Box, min_height: int, word_gap: int | None = None
) -> list[Box]:
    """Line boxes inside ``box`` (page coordinates), top to bottom.

    ``word_gap`` splits a line where a horizontal gap is wider (table columns without
    rulings, a right-aligned signature); None keeps each line whole. With ``word_gap``, a run
    of ink rows much taller than the others (a label centred across two table rows bridging
    them) is cut again piece by piece, so each piece gets its own lines.
    """
    x0, y0, x1, y1 = box
    region = mask[y0:y1, x0:x1]
    runs = [(a, b) for a, b in _runs(region.sum(axis=1), gap=2) if b - a >= min_height]
    if not runs:
        return []
    # a text line is ≈ 1.5 × min_height (10.5-12 pt); on a page of stacked borderless rows
    # most runs are too tall, so the median alone would hide them
    typical = min(float(np.median([b - a for a, b in runs])), 1.5 * min_height + 8)
    lines: list[Box] = []
    for a, b in runs:
        cols = _runs(region[a:b].sum(axis=0), gap=word_gap if word_gap else region.shape[1])
        for c0, c1 in cols:
            if c1 - c0 < 3:
                continue
            if word_gap and b - a > 1.6 * typical:
                lines.extend(
                    _split_tall(
                        region, (c0, a, c1, b), min_height, typical, word_gap // 2, (x0, y0)
                    )
                )
            else:
                lines.append((x0 + c0, y0 + a, x0 + c1, y0 + b))
    if word_gap:
        return sorted(lines, key=lambda ln: (ln[1], ln[0]))
    return _merge_stacked(lines, min_height)


def _split_tall(
    region: np.ndarray,
    box: Box,
    min_height: int,
    typical: float,
    gap: int,
    origin: tuple[int, int],
    depth: int = 0,
) -> list[Box]:
    """Cut a too-tall piece into its own lines; pieces still too tall are split into narrower
    pieces (half the gap) and cut again, twice at most."""
    c0, a, c1, b = box
    piece = region[a:b, c0:c1]
    out: list[Box] = []
    runs = [(pa, pb) for pa, pb in _runs(piece.sum(axis=1), gap=2) if pb - pa >= min_height]
    if len(runs) == 1 and depth > 0:  # one tall line (a large font), not stacked lines
        pa, pb = runs[0]
        return [(origin[0] + c0, origin[1] + a + pa, origin[0] + c1, origin[1] + a + pb)]
    for pa, pb in runs:
        for s0, s1 in _runs(piece[pa:pb].sum(axis=0), gap=gap):
            if s1 - s0 < 3:
                continue
            sub = (c0 + s0, a + pa, c0 + s1, a + pb)
            if pb - pa > 1.6 * typical and depth < 2 and gap > 4:
                out.extend(
                    _split_tall(region, sub, min_height, typical, gap // 2, origin, depth + 1)
                )
            else:
                out.append(
                    (origin[0] + sub[0], origin[1] + sub[1], origin[0] + sub[2], origin[1] + sub[3])
                )
    return out


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
