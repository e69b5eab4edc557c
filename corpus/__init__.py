"""Synthetic annual reports: random canonical reports rendered in every published form.

``corpus.generate.random_report`` draws a report, ``corpus.render.render`` turns it into the
bytes of one form (HTML, DOCX, PDF, DOC, text layouts) and ``corpus.build`` writes a corpus
of files with their truth JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def build(
    out_dir: str | Path,
    n: int,
    seed: int,
    forms: list[str] | tuple[str, ...] | None = None,
    share_2019: float = 0.25,
) -> dict[str, Any]:
    """Write ``n`` documents and their truth JSON under ``out_dir``; see ``corpus.builder``."""
    from corpus.builder import build as _build

    return _build(out_dir, n, seed, forms, share_2019)


__all__ = ["build"]
