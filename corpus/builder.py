"""Write a corpus: ``n`` random reports, each rendered in one form, with its truth JSON."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

from corpus.generate import broken_rule, random_report
from corpus.render import EXTENSIONS, FORMS, render

DEFAULT_FORMS: tuple[str, ...] = FORMS


def build(
    out_dir: str | Path, n: int, seed: int, forms: list[str] | tuple[str, ...] | None = None
) -> dict[str, Any]:
    """Documents ``NNNN_<form>.<ext>`` and ``truth/NNNN_<form>.json`` under ``out_dir``.

    Forms cycle in order over the documents; each document has its own seeded generator so
    one entry can be regenerated alone. Returns the manifest (also written as manifest.json).
    """
    forms = list(forms or DEFAULT_FORMS)
    unknown = [f for f in forms if f not in FORMS]
    if unknown:
        raise ValueError(f"unknown forms {unknown} (known: {', '.join(FORMS)})")
    out = Path(out_dir)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    entries = []
    for i in range(n):
        form = forms[i % len(forms)]
        rng = random.Random(f"{seed}:{i}")
        report = random_report(
            rng, nulls=rng.random() < 0.3, break_identity=rng.random() < 0.1,
        )
        data = render(report, form, rng)
        name = f"{i:04d}_{form}"
        path = out / f"{name}.{EXTENSIONS[form]}"
        path.write_bytes(data)
        (out / "truth" / f"{name}.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
        entries.append({
            "file": path.name, "truth": f"truth/{name}.json", "form": form,
            "sha256": hashlib.sha256(data).hexdigest(), "broken_rule": broken_rule(report),
        })
    manifest = {"seed": seed, "n": n, "forms": forms, "documents": entries}
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    return manifest
