"""Text-line recognition with PP-OCR's recogniser (the ONNX model shipped inside the
rapidocr wheel; nothing is downloaded) on ONNX Runtime.

Only the recogniser runs: the grid and the line segmentation find the text, so the slower
detector is never needed. Decoding is greedy CTC done here, so that a table cell that reads
as a figure is decoded again with digits only, from the same network output (no second
pass), which removes look-alike confusions (0/O/〇, 1/l/丨) and stray marks.
"""

from __future__ import annotations

import math
import os
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from gongkai.core.settings import env

MODEL = "PP-OCRv6_rec_small.onnx"
NUMERIC_CHARS = "0123456789.-"
# what a figure may come out as when read with the full alphabet (O for 0, l for 1, …)
_LOOKS_NUMERIC = re.compile(r"^[0-9.,，。\-—OoDQIl|丨〇SsBZz]+$")
# in a figure, the network's belief in a look-alike counts for the digit it resembles:
# an isolated "0" is 0 or O to the network (≈ 2:1), never anything else
LOOKALIKES = {
    "O": "0",
    "o": "0",
    "〇": "0",
    "D": "0",
    "Q": "0",
    "I": "1",
    "l": "1",
    "|": "1",
    "丨": "1",
    "S": "5",
    "s": "5",
    "B": "8",
    "Z": "2",
    "z": "2",
    "，": ".",
    "。": ".",
    ",": ".",
    "—": "-",
    "－": "-",
}
HEIGHT = 48  # the model's input height

_lock = threading.Lock()
_session: Any = None


@dataclass(frozen=True, slots=True)
class Reading:
    text: str
    confidence: float  # mean probability of the kept characters; 1.0 for an empty reading


def model_path() -> Path:
    path = Path(str(resources.files("rapidocr").joinpath("models", MODEL)))
    if not path.is_file():
        raise FileNotFoundError(
            f"the OCR model {MODEL} is not in the installed rapidocr wheel ({path}); "
            "reinstall the project (`make setup`) so that rapidocr>=3.10 provides it"
        )
    return path


def threads() -> int:
    """ONNX Runtime threads: GONGKAI_OCR_THREADS, else the machine's cores (at most 4)."""
    value = env("GONGKAI_OCR_THREADS")
    if value and str(value).isdigit() and int(value) > 0:
        return int(value)
    return max(1, min(4, os.cpu_count() or 1))


def _load() -> Any:
    global _session
    with _lock:
        if _session is None:
            import onnxruntime as ort  # heavy import, only when OCR is needed

            opts = ort.SessionOptions()
            opts.intra_op_num_threads = threads()
            opts.inter_op_num_threads = 1
            # the CPU is shared: idle threads must sleep, not spin
            opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
            opts.log_severity_level = 3
            _session = ort.InferenceSession(
                str(model_path()), opts, providers=["CPUExecutionProvider"]
            )
    return _session


class Recogniser:
    """Batched line recognition; ``numeric[i]`` marks line i as a table cell, which is
    decoded with digits only when it reads as a figure."""

    def __init__(self, batch: int = 16, min_ratio: float = 1.0) -> None:
        self._session = _load()
        self._input = self._session.get_inputs()[0].name
        meta = self._session.get_modelmeta().custom_metadata_map
        self._chars = ["blank", *meta["character"].splitlines(), " "]
        self._batch = batch
        # PaddleOCR pads every batch to at least 320x48; short cells ("0", "17") do not need
        # it, and that padding was most of the cost of a table page.
        self._min_ratio = min_ratio
        allowed = np.zeros(len(self._chars), dtype=bool)
        allowed[0] = True  # CTC blank
        for i, c in enumerate(self._chars):
            if c in NUMERIC_CHARS:
                allowed[i] = True
        self._numeric_mask = allowed
        index = {c: i for i, c in enumerate(self._chars)}
        self._lookalikes = [
            (index[a], index[d]) for a, d in LOOKALIKES.items() if a in index and d in index
        ]

    def read(
        self, lines: list[np.ndarray], numeric: Sequence[str | bool] | None = None
    ) -> list[Reading]:
        """Greyscale line crops → readings, in input order. ``numeric[i]``: how line i is
        decoded, its kind from ``scan.page`` ("cell", "text", …) or a bool (neither)."""
        if not lines:
            return []
        numeric = numeric or [False] * len(lines)
        ratios = [img.shape[1] / max(1, img.shape[0]) for img in lines]
        order = np.argsort(ratios, kind="stable")
        out: list[Reading | None] = [None] * len(lines)
        for idx in self._batches([ratios[i] for i in order], order):
            max_ratio = max(self._min_ratio, *(ratios[i] + 0.1 for i in idx))
            batch = np.stack([_normalise(lines[i], max_ratio) for i in idx])
            preds = self._session.run(None, {self._input: batch})[0]
            for k, i in enumerate(idx):
                out[i] = self._reading(preds[k], numeric[i])
        return [r for r in out if r is not None]

    def _batches(self, sorted_ratios: list[float], order: np.ndarray) -> list[list[int]]:
        """Runs of similar width (every line in a batch is padded to the widest one)."""
        batches: list[list[int]] = []
        start = 0
        for k in range(1, len(order) + 1):
            if (
                k == len(order)
                or k - start >= self._batch
                or max(sorted_ratios[k], self._min_ratio)
                > 1.25 * max(sorted_ratios[start], self._min_ratio)
            ):
                batches.append([int(i) for i in order[start:k]])
                start = k
        return batches

    def _reading(self, probs: np.ndarray, kind: str | bool) -> Reading:
        reading = self._decode(probs, numeric=False)
        if kind == "text" or not reading.text:
            return reading
        digits = sum(ch.isdigit() for ch in reading.text)
        if _LOOKS_NUMERIC.match(reading.text) or (
            kind == "cell" and digits * 2 >= len(reading.text)
        ):
            return self._decode(probs, numeric=True)
        return reading

    def _decode(self, probs: np.ndarray, numeric: bool) -> Reading:
        if numeric:
            probs = probs.copy()
            for look, digit in self._lookalikes:
                probs[:, digit] += probs[:, look]
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


def _normalise(img: np.ndarray, max_ratio: float) -> np.ndarray:
    """PaddleOCR's recogniser input: height 48, width by aspect ratio, [-1, 1], zero padding."""
    if img.ndim == 2:
        img = cv2.cvtColor(img, cv2.COLOR_GRAY2BGR)
    width = int(HEIGHT * max_ratio)
    h, w = img.shape[:2]
    resized_w = min(width, math.ceil(HEIGHT * w / max(1, h)))
    resized = cv2.resize(img, (resized_w, HEIGHT)).astype(np.float32)
    scaled = (resized.transpose((2, 0, 1)) / 255 - 0.5) / 0.5
    out = np.zeros((3, HEIGHT, width), dtype=np.float32)
    out[:, :, :resized_w] = scaled
    return out
