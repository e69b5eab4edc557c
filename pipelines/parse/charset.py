"""The text of a page or a text file, whatever charset its bytes are in.

Evidence, in order: a byte-order mark; the charset of the HTTP header (``content_type``); the
charset the document declares itself (``<meta>``, or an XML declaration); then detection.
bs4's ``EncodingDetector`` finds the byte-order mark and the declaration.

A declared charset is believed when it reads the bytes cleanly and yields Chinese (or the
bytes are plain ASCII). Otherwise the candidates are the declared charset, UTF-8, GB18030 and
the detector's guess (cchardet, the detector bs4 itself uses), and the reading with the most
Chinese characters and the fewest undecodable bytes wins; mainland government sites use
UTF-8 or the GB family, so those win ties over the guess. GB2312 and GBK labels are read as
GB18030, their superset, because pages declared GB2312 routinely use GBK characters.
"""

from __future__ import annotations

import codecs
import re

import cchardet
from bs4.dammit import EncodingDetector

__all__ = ["declared", "decode"]

_GB = {
    "gb2312",
    "gbk",
    "gb_2312-80",
    "x-gbk",
    "cp936",
    "gb2312-80",
    "csgb2312",
    "euc-cn",
    "hz-gb-2312",
}
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.IGNORECASE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_HIGH_BYTES = re.compile(rb"[\x80-\xff]")


def declared(data: bytes, content_type: str | None = None) -> str | None:
    """The charset the HTTP header names, else the one the document declares in its first
    8 KB, as written (not yet a codec name)."""
    if content_type:
        found = _HEADER_CHARSET.search(content_type)
        if found:
            return found.group(1)
    return EncodingDetector.find_declared_encoding(
        data[:8192], is_html=True, search_entire_document=True
    )


def decode(data: bytes, content_type: str | None = None) -> str:
    """The document's text; see the module docstring for the order of evidence."""
    body, bom = EncodingDetector.strip_byte_order_mark(data)
    if bom is not None:
        return body.decode(bom, errors="replace")
    candidates = [
        c
        for c in (
            _codec(declared(data, content_type)),
            "utf-8",
            "gb18030",
            _codec(cchardet.detect(data[:65536]).get("encoding")),
        )
        if c
    ]
    best, best_score = "", None
    for rank, name in enumerate(dict.fromkeys(candidates)):
        try:
            text = data.decode(name, errors="replace")
        except LookupError:
            continue
        sample = text[:20000]
        bad = sample.count("\ufffd")
        if rank == 0 and bad == 0 and (_CJK.search(sample) or not _HIGH_BYTES.search(data[:20000])):
            return text  # the declared (or first) charset reads cleanly and yields Chinese
        score = len(_CJK.findall(sample)) - 20 * bad
        if best_score is None or score > best_score:
            best, best_score = text, score
    return best


def _codec(name: str | None) -> str | None:
    """The Python codec for a charset label; the GB family as GB18030."""
    if not name:
        return None
    name = name.strip().lower()
    if name in _GB or name.startswith("gb"):
        return "gb18030"
    if name in ("utf8", "utf-8", "unicode-1-1-utf-8"):
        return "utf-8"
    try:
        return codecs.lookup(name).name
    except (LookupError, ValueError):  # unknown, or not a name at all (a NUL in a <meta>)
        return None
