"""What a report page calls itself: title candidates, strongest first; and the text of its body
(for a page whose title does not say it is a report)."""

from __future__ import annotations

import re
from typing import Any

from scrapy.http import TextResponse

from crawler import recognise
from crawler.links import markup

_TITLE_CLASS = re.compile(r"title|tit\b|biaoti|bt\b|_bt|bt_", re.I)


def detail_titles(response: TextResponse) -> list[str]:
    """Title candidates, strongest first: ArticleTitle meta, headings, <title>, link text."""
    root = markup(response)
    cands = [
        m.get("content") or ""
        for m in root.iter("meta")
        if (m.get("name") or "").lower() in ("articletitle", "title", "dc.title")
        or m.get("property") == "og:title"
    ]
    cands += [h.text_content() for h in list(root.iter("h1", "h2", "h3"))[:6]]
    cands += titled_elements(root)
    cands += [t.text_content() for t in root.iter("title")]
    if response.meta.get("title"):
        cands.append(response.meta["title"])
    return [c for c in (recognise.clean(x) for x in cands) if c]


def titled_elements(root: Any) -> list[str]:
    """Texts of elements a template names as the title (``<div class="xxgk_title">``,
    ``<td class="biaoti">``): short, and holding no link (a list of titles is not one)."""
    out = []
    for el in root.iter("div", "p", "span", "td", "h4", "h5", "strong"):
        name = f"{el.get('class') or ''} {el.get('id') or ''}"
        if not _TITLE_CLASS.search(name) or next(el.iter("a"), None) is not None:
            continue
        text = el.text_content()
        if 4 <= len(text.strip()) <= 120:
            out.append(text)
        if len(out) >= 6:
            break
    return out


def body_text(response: TextResponse, limit: int = 12000) -> str:
    """The visible text of the page's body (no scripts or styles), its first ``limit``
    characters."""
    root = markup(response)
    out: list[str] = []
    size = 0
    for body in root.iter("body"):
        for text in body.xpath(".//text()[not(ancestor::script)][not(ancestor::style)]"):
            out.append(text)
            size += len(text)
            if size > limit:
                break
        break
    return "".join(out)[:limit]
