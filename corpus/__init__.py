"""Synthetic annual reports: random canonical reports rendered in every published form.

``corpus.generate.random_report`` draws a report, ``corpus.render.render`` turns it into the
bytes of one form (HTML, DOCX, PDF, DOC, text layouts) and ``corpus.build`` writes a corpus
of files with their truth JSON.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def build(out_dir: str | Path, n: int, seed: int, forms: list[str] | tuple[str, ...] | None = None) -> dict[str, Any]:
    """Write ``n`` documents and their truth JSON under ``out_dir``; see ``corpus.builder``."""
    from corpus.builder import build as _build

    return _build(out_dir, n, seed, forms)


__all__ = ["build"]
