"""Text-line recognition with PP-OCR (rapidocr's ONNX models, shipped inside its wheel).

Only the recogniser is used: the grid and the line segmentation find text regions, so the
slower detector never runs. Decoding is done here (greedy CTC) so that cells holding figures
can be read with the alphabet restricted to digits, which removes look-alike confusions
(0/O/〇, 1/l/丨).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

NUMERIC_CHARS = "0123456789.-"

_lock = threading.Lock()
_recogniser: Any = None


@dataclass(frozen=True, slots=True)
class Reading:
    text: str
    confidence: float  # mean probability of the kept characters; 1.0 for an empty reading


def _load() -> Any:
    global _recogniser
    with _lock:
        if _recogniser is None:
            from rapidocr import RapidOCR  # heavy import, only when OCR is needed

            engine = RapidOCR(params={"Global.log_level": "error"})
            _recogniser = engine._load_rec_model()  # the TextRecognizer: session + alphabet
    return _recogniser


class Recogniser:
    """Batched line recognition; ``numeric[i]`` restricts line i to ``NUMERIC_CHARS``."""

    def __init__(self, batch: int = 16, min_ratio: float = 2.5) -> None:
        self._rec = _load()
        self._batch = batch
        # PaddleOCR pads every batch to at least 320x48; short cells ("0", "17") do not need
        # it, and the padding is most of the cost of a table page.
        self._min_ratio = min_ratio
        chars = list(self._rec.postprocess_op.character)
        self._chars = chars
        allowed = np.zeros(len(chars), dtype=bool)
        allowed[0] = True  # CTC blank
        for i, c in enumerate(chars):
            if c in NUMERIC_CHARS:
                allowed[i] = True
        self._numeric_mask = allowed

    def read(self, lines: list[np.ndarray], numeric: list[bool] | None = None) -> list[Reading]:
        """Greyscale or BGR line crops → readings, in input order."""
        if not lines:
            return []
        numeric = numeric or [False] * len(lines)
        ratios = [img.shape[1] / max(1, img.shape[0]) for img in lines]
        order = np.argsort(ratios)
        out: list[Reading | None] = [None] * len(lines)
        _, _height, _width = self._rec.rec_image_shape
        for start in range(0, len(lines), self._batch):
            idx = order[start : start + self._batch]
            max_ratio = max(self._min_ratio, *(ratios[i] + 0.1 for i in idx))
            batch = np.stack([self._rec.resize_norm_img(_bgr(lines[i]), max_ratio) for i in idx])
            preds = self._rec.session(batch.astype(np.float32))
            for k, i in enumerate(idx):
                out[i] = self._decode(preds[k], numeric[i])
        return [r for r in out if r is not None]

    def _decode(self, probs: np.ndarray, numeric: bool) -> Reading:
        if numeric:
            probs = np.where(self._numeric_mask[None, :], probs, 0.0)
        best = probs.argmax(axis=1)
        conf = probs.max(axis=1)
        text: list[str] = []
        scores: list[float] = []
        prev = -1
        for t, k in enumerate(best):
            if k != prev and k != 0:
                text.append(self._chars[k])
                scores.append(float(conf[t]))
            prev = k
        return Reading("".join(text).strip(), float(np.mean(scores)) if scores else 1.0)


def _bgr(img: np.ndarray) -> np.ndarray:
    if img.ndim == 2:
        return np.repeat(img[:, :, None], 3, axis=2)
    return img
