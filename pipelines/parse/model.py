"""What every format extractor hands to the table interpreter.

An extractor (html, docx, pdf, doc/wps via LibreOffice, text, ocr) turns the bytes of one
document into an ``Extracted``: the document's blocks in reading order. Paragraphs carry prose
(title, headings, signature block); tables carry a rectangular grid after span expansion.
The interpreter never sees bytes, and extractors never know the report's vocabulary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Route = Literal["html", "docx", "pdf-text", "doc", "wps", "text", "ocr"]


@dataclass(frozen=True, slots=True)
class Cell:
    """One grid position. ``is_copy`` marks a position covered by another cell's row/col span;
    its ``text`` repeats the origin cell's, so labels survive while values are not counted twice."""

    text: str
    is_copy: bool = False
    confidence: float | None = None  # OCR only: 0..1 for the recognised text
    box: tuple[float, float, float, float] | None = None  # OCR/PDF: x0, y0, x1, y1 on the page


@dataclass(slots=True)
class Table:
    rows: list[list[Cell]]
    where: str  # provenance: "table 2", "page 3 table 1", "lines 40-96"
    # A table read from a PDF's ruling lines: the x of each column edge, left to right.
    columns: tuple[float, ...] = ()

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    where: str = ""


Block = Paragraph | Table


@dataclass(slots=True)
class Extracted:
    route: Route
    blocks: list[Block]
    title: str | None = (
        None  # page or document title when the container has one (<title>, core props)
    )
    published: str | None = None  # ISO date from page metadata, when present
    notes: list[str] = field(default_factory=list)  # what the extractor had to guess or repair

    def text(self) -> str:
        """All text in reading order, tables as tab-separated rows."""
        parts: list[str] = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            else:
                parts.extend("\t".join(c.text for c in row if not c.is_copy) for row in block.rows)
        return "\n".join(parts)
