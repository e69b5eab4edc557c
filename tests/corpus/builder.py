"""Write a corpus: ``n`` random reports, each rendered in one form, with its truth JSON."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path
from typing import Any

from gongkai.demo.generate import broken_rule, random_report
from gongkai.demo.render import EXTENSIONS, FORMS, render

DEFAULT_FORMS: tuple[str, ...] = FORMS


def build(
    out_dir: str | Path,
    n: int,
    seed: int,
    forms: list[str] | tuple[str, ...] | None = None,
    share_2019: float = 0.25,
) -> dict[str, Any]:
    """Documents ``NNNN_<form>.<ext>`` and ``truth/NNNN_<form>.json`` under ``out_dir``.

    Forms cycle in order over the documents; each document has its own seeded generator so
    one entry can be regenerated alone. About ``share_2019`` of the reports follow the 2019
    edition (years 2019-2020), the rest the 2021 one. Returns the manifest (also written as
    manifest.json).
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
        fmt = "2019" if rng.random() < share_2019 else "2021"
        report = random_report(
            rng,
            fmt=fmt,
            nulls=rng.random() < 0.3,
            break_identity=rng.random() < 0.1,
        )
        data = render(report, form, rng)
        name = f"{i:04d}_{form}"
        path = out / f"{name}.{EXTENSIONS[form]}"
        path.write_bytes(data)
        (out / "truth" / f"{name}.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=1), "utf-8"
        )
        entries.append(
            {
                "file": path.name,
                "truth": f"truth/{name}.json",
                "form": form,
                "sha256": hashlib.sha256(data).hexdigest(),
                "format": fmt,
                "broken_rule": broken_rule(report),
            }
        )
    manifest = {
        "seed": seed,
        "n": n,
        "forms": forms,
        "share_2019": share_2019,
        "documents": entries,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    return manifest
