"""Cleaning and deskewing a page image before the grid and the text are read."""

from __future__ import annotations

import cv2
import numpy as np


def decode(data: bytes) -> np.ndarray:
    """Image bytes (JPEG, PNG, …) → greyscale array; ValueError when they are not an image."""
    img = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_GRAYSCALE)
    if img is None:
        raise ValueError("not a decodable image")
    return img


def ink(gray: np.ndarray, faint: bool = False) -> np.ndarray:
    """Binary mask (255 = ink) robust to uneven background, speckle noise and JPEG ringing.

    ``faint`` keeps lighter strokes: thin rulings blurred by a poor scan. Noise it lets in is
    removed by the ruling morphology, so it is used for grid recovery only.
    """
    smooth = cv2.medianBlur(gray, 3)
    mask = cv2.adaptiveThreshold(
        smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 35, 10 if faint else 18
    )
    # ink is also dark in absolute terms: the edge of a light shaded band is darker than its
    # surroundings but not ink
    paper = float(np.median(smooth))
    return np.where(smooth < paper - (35 if faint else 50), mask, 0).astype(np.uint8)


def skew_angle(mask: np.ndarray, limit: float = 3.0) -> float:
    """The rotation (degrees, OpenCV sense) that makes text lines and rulings horizontal.

    Projection-profile search on a reduced image: the right angle gives the sharpest row
    profile. Coarse 0.2° steps, then 0.02° around the best.
    """
    small = cv2.resize(mask, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    h, w = small.shape
    centre = (w / 2, h / 2)

    def score(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        rot = cv2.warpAffine(small, m, (w, h), flags=cv2.INTER_NEAREST, borderValue=0)
        profile = rot.sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    best = max(np.arange(-limit, limit + 1e-9, 0.2), key=score)
    fine = max(np.arange(best - 0.2, best + 0.2 + 1e-9, 0.02), key=score)
    return float(fine)


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    if abs(angle) < 0.01:
        return gray
    h, w = gray.shape
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_CUBIC, borderValue=255)


def deskew(gray: np.ndarray) -> tuple[np.ndarray, float]:
    """The page turned upright and the angle it was turned by."""
    angle = skew_angle(ink(gray))
    return rotate(gray, angle), angle
