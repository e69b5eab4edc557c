"""The route table: detected document kind → the extractor that turns its bytes into blocks.

Extractor modules are imported on first use, so a route whose module is missing (or whose
system dependency is absent) fails with UnsupportedFormat for that document only.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pipelines.parse.errors import ConversionFailed, NoTables, ParseError, UnsupportedFormat
from pipelines.parse.model import Extracted


@dataclass(frozen=True, slots=True)
class Route:
    module: str
    function: str = "extract"
    #: tried when the first extractor raises NoTables (a PDF without a text layer → OCR)
    fallback: tuple[str, str] | None = None


ROUTES: dict[str, Route] = {
    "html": Route("pipelines.parse.formats.html"),
    "text": Route("pipelines.parse.formats.text"),
    "docx": Route("pipelines.parse.formats.docx"),
    "pdf": Route(
        "pipelines.parse.formats.pdf", fallback=("pipelines.parse.formats.ocr", "extract_pdf")
    ),
    "doc": Route("pipelines.parse.formats.doc"),
    "wps": Route("pipelines.parse.formats.doc"),
    "image": Route("pipelines.parse.formats.ocr", "extract_image"),
}


def _function(module: str, name: str, kind: str) -> Callable[..., Extracted]:
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        raise UnsupportedFormat(
            f"{kind} documents cannot be read here: {module} is not available ({exc})"
        ) from exc
    func = getattr(mod, name, None)
    if func is None:
        raise UnsupportedFormat(f"{kind} documents cannot be read here: {module}.{name} is missing")
    return func


@lru_cache(maxsize=64)
def _parameters(func: Callable[..., Extracted]) -> frozenset[str]:
    return frozenset(inspect.signature(func).parameters)


def _call(
    func: Callable[..., Extracted], data: bytes, kind: str, hints: dict[str, Any]
) -> Extracted:
    params = _parameters(func)
    kwargs = {k: val for k, val in hints.items() if k in params and val is not None}
    if "route" in params and kind in ("doc", "wps"):
        kwargs["route"] = kind
    return func(data, **kwargs)


def extract(kind: str, data: bytes, **hints: Any) -> tuple[Extracted, list[str]]:
    """Run the extractor for ``kind``; returns the blocks and the fallbacks used."""
    route = ROUTES.get(kind)
    if route is None:
        raise UnsupportedFormat(
            f"cannot parse a {kind!r} document (known kinds: {', '.join(ROUTES)}); "
            "images and archives need OCR or unpacking first"
        )
    func = _function(route.module, route.function, kind)
    try:
        return _guarded(func, data, kind, hints), []
    except NoTables:
        if route.fallback is None:
            raise
        module, name = route.fallback
        fallback = _function(module, name, kind)
        return _guarded(fallback, data, kind, hints), [
            f"{kind}: no text layer, read by {module}.{name}"
        ]


def _guarded(
    func: Callable[..., Extracted], data: bytes, kind: str, hints: dict[str, Any]
) -> Extracted:
    """An extractor's own failure (a library choking on a broken file) as ConversionFailed."""
    try:
        return _call(func, data, kind, hints)
    except ParseError:
        raise
    except Exception as exc:  # a library choking on a broken file fails that file
        raise ConversionFailed(
            f"the {kind} document could not be read ({type(exc).__name__}: {exc})"
        ) from exc
