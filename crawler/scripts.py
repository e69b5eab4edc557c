"""What a page's scripts and a JSON answer carry: variables, ``key: value`` pairs, rows of
links, strings of markup. Plain functions of a response or decoded JSON, no spider state."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scrapy.http import TextResponse

_MARKUP_LINK = re.compile(r"<a\s[^>]*href", re.I)
_PAIR = re.compile(r"""['"]?(\w+)['"]?\s*:\s*(?:['"]([^'"]*)['"]|(\d+))""")
# var a = "1", b = 2; also the later names of one declaration
_VAR = re.compile(
    r"""(?:\b(?:var|let|const)\s+|[;{,\n]\s*)([A-Za-z_$][\w$]*)\s*=\s*(?:(['"])([^'"]*)\2|(\d+))"""
)


def script_vars(response: TextResponse) -> dict[str, str]:
    """``var name = "value"`` (or a number) assignments of the page's scripts, first one wins."""
    out: dict[str, str] = {}
    for script in response.xpath("//script/text()").getall():
        for m in _VAR.finditer(script):
            out.setdefault(m.group(1), m.group(3) if m.group(3) is not None else m.group(4))
    return out


def json_rows(data: Any) -> list[dict[str, Any]]:
    """The longest list of objects with a title and a link anywhere in a JSON answer
    (``title``/``name``, ``url``/``link``/``href``/``linkUrl`` …), each as ``{title, url}``."""
    best: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            rows = [r for r in (_json_row(x) for x in node) if r is not None]
            if len(rows) > len(best):
                best = rows
            stack.extend(node)
    return best


def json_strings(data: Any) -> Iterator[str]:
    """The strings of a JSON answer, in document order."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))
        elif isinstance(node, str):
            yield node


def json_markup(data: Any) -> list[str]:
    """Strings of a JSON answer that hold links: an HTML fragment it wraps."""
    return [s for s in json_strings(data) if _MARKUP_LINK.search(s)]


def _json_row(x: Any) -> dict[str, Any] | None:
    if not isinstance(x, dict):
        return None
    title = next(
        (x[k] for k in x if isinstance(x[k], str) and k.lower() in ("title", "name")), None
    ) or next((x[k] for k in x if isinstance(x[k], str) and "title" in k.lower()), None)
    url = next(
        (x[k] for k in x if isinstance(x[k], str) and k.lower() in ("url", "link", "href")), None
    ) or next(
        (
            x[k]
            for k in x
            if isinstance(x[k], str) and re.search(r"url|link|href", k, re.I) and x[k].strip()
        ),
        None,
    )
    if title is None or url is None:
        return None
    return {**x, "title": re.sub(r"<[^>]*>", "", title), "url": url}


def script_params(response: TextResponse, marker: str) -> dict[str, str]:
    """``key: 'value'`` pairs of the scripts that mention ``marker``, and hidden inputs."""
    params: dict[str, str] = {}
    for script in response.xpath("//script/text()").getall():
        if marker in script:
            for m in _PAIR.finditer(script):
                params.setdefault(m.group(1), m.group(2) if m.group(2) is not None else m.group(3))
    for inp in response.xpath("//input[@type='hidden'][@name]"):
        params.setdefault(inp.attrib["name"], inp.attrib.get("value", ""))
    return params
