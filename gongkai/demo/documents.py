"""Report truth and document bytes, from the ``corpus`` generator, rendered once and cached on disk.

Rendering a DOCX to PDF or DOC goes through LibreOffice and takes seconds, so every rendered
document is kept under the cache directory keyed by a hash of (report, form, key, renderer
source); a warm start reads bytes back instead of rendering.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import random
import re
import threading
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from gongkai.core.settings import env

#: forms whose bytes come from LibreOffice; each one costs seconds cold
SLOW_FORMS = frozenset({"pdf", "doc"})
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "doc": "application/msword",
    "wps": "application/vnd.ms-works",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html",
}


def cache_dir() -> Path:
    """Where rendered documents are kept; ``GONGKAI_DEMO_CACHE`` overrides the default."""
    configured = env("GONGKAI_DEMO_CACHE")
    path = Path(configured) if configured else Path.home() / ".cache" / "gongkai" / "portalworld"
    path.mkdir(parents=True, exist_ok=True)
    return path


@cache
def _renderer_version() -> str:
    """A hash of the corpus rendering sources, so a changed renderer misses the cache."""
    h = hashlib.sha256(b"portalworld-1")
    root = Path(__file__).parent
    for name in ("render.py", "render_docx.py", "outline.py", "layout.py"):
        p = root / name
        if p.exists():
            h.update(p.read_bytes())
    template = root / "template_2021.docx"
    if template.exists():
        h.update(template.read_bytes())
    return h.hexdigest()[:16]


@cache
def available_forms() -> frozenset[str]:
    """The forms this checkout can render (PDF and DOC need LibreOffice through pipelines)."""
    forms = {"html", "html-gbk", "html-soup"}
    try:
        from gongkai.demo import render  # noqa: F401
    except ImportError:
        return frozenset()
    forms.add("docx")
    try:
        from pipelines.parse import soffice  # noqa: F401
    except ImportError:
        return frozenset(forms)
    return frozenset(forms | SLOW_FORMS)


def supported_formats() -> frozenset[str]:
    """Table formats the generator draws (2019 appears once corpus supports it)."""
    from gongkai.demo import generate

    out = {"2021"}
    try:
        generate.random_report(random.Random(0), agency="测试县人民政府", year=2020, fmt="2019")
    except ValueError:
        return frozenset(out)
    out.add("2019")
    return frozenset(out)


def make_truth(rng: random.Random, agency: str, year: int, published: str) -> dict[str, Any] | None:
    """A canonical report for ``agency`` and ``year``; None when its year's format is not drawn."""
    from gongkai.demo import generate

    fmt = "2021" if year >= 2021 else "2019"
    if fmt not in supported_formats():
        return None
    # a few reports leave cells empty (dashes) or break one identity, as published ones do
    quirk = rng.random()
    report = generate.random_report(
        rng,
        agency=agency,
        year=year,
        fmt=fmt,
        nulls=quirk < 0.08,
        break_identity=0.08 <= quirk < 0.12,
    )
    report["published"] = published
    return report


def render(truth: dict[str, Any], form: str, key: str) -> bytes:
    """The bytes of ``truth`` as ``form``, from the disk cache when rendered before."""
    from gongkai.demo import render as corpus_render

    material = json.dumps(truth, sort_keys=True, ensure_ascii=False) + "|" + form + "|" + key

    def produce() -> bytes:
        rng = random.Random(hashlib.sha256(key.encode("utf-8")).digest())
        return corpus_render.render(truth, form, rng)

    return cached(_renderer_version() + material, form, produce)


def cached(material: str, ext: str, produce: Callable[[], bytes]) -> bytes:
    """``produce()``'s bytes, kept on disk under a hash of ``material``."""
    digest = hashlib.sha256(material.encode("utf-8")).hexdigest()
    path = cache_dir() / digest[:2] / f"{digest}.{ext}"
    if path.exists():
        return path.read_bytes()
    data = produce()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}-{threading.get_ident()}")
    tmp.write_bytes(data)
    try:
        # first writer wins: DOCX bytes carry render timestamps, so two processes rendering
        # the same key at once must still agree on one version
        os.link(tmp, path)
    except FileExistsError:
        data = path.read_bytes()
    finally:
        tmp.unlink()
    return data


def plain_docx(title: str, paragraphs: list[str], key: str) -> bytes:
    """A Word file of prose (a notice, a work plan): an attachment that is not a report."""

    def produce() -> bytes:
        import docx

        document = docx.Document()
        document.add_heading(title, level=1)
        for p in paragraphs:
            document.add_paragraph(p)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    return cached(
        "plain-docx-1|" + title + "|" + "\n".join(paragraphs) + "|" + key, "docx", produce
    )


_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)


_SOUP_ARTICLE = re.compile(r'<div class="Custom_UnionStyle">(.*?)</div></div></div></div>', re.S)


def article_html(truth: dict[str, Any], key: str, *, soup: bool = False) -> str:
    """The report's article markup (title, sections, tables) for an inline detail page.

    ``soup`` takes the article of corpus's ``html-soup`` form (spans, ``&nbsp;``, bold headings
    in ``<p>``) instead of the clean one, when that form's markup can be found."""
    if soup:
        page = render(truth, "html-soup", key).decode("utf-8")
        m = _SOUP_ARTICLE.search(page)
        if m:
            return m.group(1).strip()
    page = render(truth, "html", key).decode("utf-8")
    m = _BODY.search(page)
    return (m.group(1) if m else page).strip()
