"""Text PDF → ``Extracted`` with pdfplumber, page by page (route ``pdf-text``).

Tables come from the ruling lines (pdfplumber's ``lines`` strategy). Each cell's bounding box
is placed on the table's grid of distinct x and y edges, so a merged cell becomes its origin
plus ``is_copy`` positions, whatever pdfplumber's own row lists say. Text wrapped inside a cell
is joined (no separator between CJK characters, so a vertical label written one character per
line reads as one word). A one-column "table" is a frame drawn around prose and is read as
paragraphs. Text outside tables becomes paragraphs in reading order: lines are joined into a
paragraph while they run to the right margin; page numbers (``- 4 -``, ``第4页``) are dropped.

A table that starts a page, right after a table that ended the previous page, with the same
number of columns, is appended to it (one ``Table`` block, provenance ``pages 3-4``); in the
first continued row an empty cell in a label column repeats the cell above it as a copy (a
vertical merge cut by the page break). Tables whose widths differ stay separate blocks.

Scanned PDFs (no text layer) raise ``NoTables`` saying OCR is needed; ``has_text_layer`` lets
a caller test that first. Pages without ruling lines that hold aligned columns of numbers are
read by ``borderless`` clustering of word positions.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pipelines.parse.errors import EncryptedDocument, NoTables, TruncatedDocument
from pipelines.parse.model import Block, Cell, Extracted, Paragraph, Table

_TABLE_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef“”‘’]")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－_ ]*\s*\d{1,4}\s*[-—–－_ ]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")
_MARKER = re.compile(r"^\s*[（(一二三四五六七八九十\d]")
_NUMERIC = re.compile(r"^[\s\d.,，%\-—–]*$")


def _open(data: bytes) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSEOF

    from pdfplumber.utils.exceptions import PdfminerException

    try:
        try:
            return pdfplumber.open(io.BytesIO(data))
        except PdfminerException as wrapped:  # pdfplumber wraps pdfminer's own errors
            cause = wrapped.args[0] if wrapped.args and isinstance(wrapped.args[0], Exception) else wrapped
            raise cause from wrapped
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise EncryptedDocument("the PDF is password-protected; it cannot be read without the password") from exc
    except (PDFSyntaxError, PSEOF, ValueError, KeyError, TypeError) as exc:
        raise TruncatedDocument(f"the PDF cannot be read ({type(exc).__name__}: {exc}); it is truncated or corrupt") from exc
    except Exception as exc:
        if "password" in str(exc).lower() or "encrypt" in type(exc).__name__.lower():
            raise EncryptedDocument(f"the PDF is encrypted: {exc}") from exc
        raise


def _check_complete(data: bytes) -> None:
    if data.rfind(b"%%EOF") == -1:
        raise TruncatedDocument(
            f"the PDF has no %%EOF marker: it is truncated ({len(data)} bytes) - fetch it again")


def has_text_layer(data: bytes, *, min_chars: int = 20) -> bool:
    """True when the PDF holds real text (not only scanned images or unmapped CID glyphs)."""
    _check_complete(data)
    pdf = _open(data)
    try:
        total = 0
        for page in pdf.pages:
            chars = [c["text"] for c in page.chars]
            page.close()
            total += sum(1 for t in chars if t.strip() and not t.startswith("(cid:"))
            if total >= min_chars:
                return True
        return False
    finally:
        pdf.close()


def extract(data: bytes) -> Extracted:
    """Tables and paragraphs of a text PDF; see the module docstring for the rules."""
    _check_complete(data)
    pdf = _open(data)
    blocks: list[Block] = []
    notes: list[str] = []
    text_chars = 0
    try:
        title = _meta_title(pdf.metadata)
        previous: PageBlocks | None = None
        for number, page in enumerate(_pages(pdf), start=1):
            try:
                current = _page_blocks(page, number)
            finally:
                page.close()
            text_chars += current.chars
            for i, block in enumerate(current.blocks):
                last = blocks[-1] if blocks else None
                if (i == 0 and previous is not None and previous.ends_in_table
                        and isinstance(block, Table) and isinstance(last, Table)
                        and last.width == block.width):
                    _append(last, block)
                    notes.append(f"table continued on page {number} joined to the previous one")
                elif (i == 0 and previous is not None and previous.last_runs_on
                        and current.first_continues and isinstance(block, Paragraph)
                        and isinstance(last, Paragraph)):
                    blocks[-1] = Paragraph(_join_lines([last.text, block.text]), where=last.where)
                else:
                    blocks.append(block)
            if current.blocks:
                previous = current
    finally:
        pdf.close()
    if text_chars < 20:
        raise NoTables("scanned PDF: no text layer, it needs OCR (pipelines.parse.pdf.has_text_layer is False)")
    return Extracted(route="pdf-text", blocks=blocks, title=title, notes=notes)


def _pages(pdf: Any) -> Iterator[Any]:
    try:
        yield from pdf.pages
    except Exception as exc:  # pdfminer raises assorted errors on a broken page tree
        raise TruncatedDocument(f"the PDF's page tree cannot be read ({exc}); it is corrupt") from exc


def _meta_title(meta: dict[str, Any]) -> str | None:
    title = meta.get("Title")
    if isinstance(title, bytes):
        for enc in ("utf-16", "utf-8", "gb18030"):
            try:
                title = title.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            return None
    if not isinstance(title, str):
        return None
    if title.startswith(("ÿþ", "þÿ")):  # a UTF-16 string decoded as Latin-1
        try:
            title = title.encode("latin-1").decode("utf-16")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return None
    title = title.strip().strip("\x00")
    return title or None


# ---------------------------------------------------------------- one page


@dataclass(slots=True)
class PageBlocks:
    blocks: list[Block]
    chars: int
    ends_in_table: bool
    first_continues: bool  # the first paragraph may continue the previous page's last one
    last_runs_on: bool  # the last paragraph reaches the right margin


def _page_blocks(page: Any, number: int) -> PageBlocks:
    """Blocks of one page in reading order, with what page joining needs to know."""
    chars = [c for c in page.chars if c["text"].strip()]
    found = list(page.find_tables(_TABLE_SETTINGS))
    tables: list[tuple[float, float, Table]] = []
    frames: list[tuple[float, float, float, float]] = []
    for i, t in enumerate(found, start=1):
        table = _grid(t, f"page {number} table {i}")
        if table is None:
            continue
        tables.append((t.bbox[1], t.bbox[3], table))
        frames.append(t.bbox)
    if not tables:
        borderless = _borderless(page, number)
        if borderless is not None:
            top, bottom, table, bbox = borderless
            tables.append((top, bottom, table))
            frames.append(bbox)

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= cx <= x1 and t0 <= cy <= b0 for x0, t0, x1, b0 in frames)

    rest = page.filter(outside) if frames else page
    lines = [ln for ln in rest.extract_text_lines(strip=True, return_chars=True)
             if ln["text"].strip() and not _PAGE_NUMBER.match(ln["text"])]
    paragraphs, continues, runs_on = _paragraphs(lines, number)
    items: list[tuple[float, Block]] = [(top, table) for top, _bottom, table in tables]
    items.extend(paragraphs)
    items.sort(key=lambda item: item[0])
    blocks = [block for _top, block in items]
    ends_in_table = bool(blocks) and isinstance(blocks[-1], Table)
    return PageBlocks(blocks, len(chars), ends_in_table,
                      bool(blocks) and isinstance(blocks[0], Paragraph) and continues,
                      bool(blocks) and isinstance(blocks[-1], Paragraph) and runs_on)


def _join_lines(lines: list[str]) -> str:
    out = ""
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if out and not (_CJK.match(out[-1]) or _CJK.match(line[0])):
            out += " "
        out += line
    return out


def _cell_text(text: str | None) -> str:
    if not text:
        return ""
    joined = _join_lines(text.split("\n"))
    # letter-spaced labels: drop spaces between two CJK characters
    return re.sub(r"(?<=[\u2e80-\u9fff\uff00-\uffef])\s+(?=[\u2e80-\u9fff\uff00-\uffef])", "", joined)


def _edges(values: list[float], tolerance: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _index(edges: list[float], value: float, tolerance: float = 1.5) -> int:
    for i, e in enumerate(edges):
        if abs(e - value) <= tolerance:
            return i
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _grid(found: Any, where: str) -> Table | None:
    """Expand pdfplumber's cells onto the grid of distinct edges; None for a prose frame."""
    texts = found.extract(x_tolerance=1.5, y_tolerance=3)
    placed: list[tuple[tuple[float, float, float, float], str]] = []
    for row, row_texts in zip(found.rows, texts, strict=False):
        for bbox, text in zip(row.cells, row_texts, strict=False):
            if bbox is not None:
                placed.append((bbox, _cell_text(text)))
    if not placed:
        return None
    xs = _edges([b[0] for b, _ in placed] + [b[2] for b, _ in placed])
    ys = _edges([b[1] for b, _ in placed] + [b[3] for b, _ in placed])
    width, height = len(xs) - 1, len(ys) - 1
    if width < 2 or height < 1:
        return None
    grid: list[list[Cell | None]] = [[None] * width for _ in range(height)]
    for (x0, top, x1, bottom), text in placed:
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        for r in range(r0, max(r1, r0 + 1)):
            for c in range(c0, max(c1, c0 + 1)):
                if r < height and c < width and grid[r][c] is None:
                    grid[r][c] = Cell(text, is_copy=(r, c) != (r0, c0))
    rows = [[cell if cell is not None else Cell("") for cell in row] for row in grid]
    return Table(rows=rows, where=where)


def _append(table: Table, more: Table) -> None:
    """Join a table continued on the next page; heal vertical merges cut by the page break."""
    last = table.rows[-1]
    first = more.rows[0]
    # label columns: no cell in them, on either page, is a number
    labels = [c for c in range(len(first))
              if not any(row[c].text.strip() and _NUMERIC.match(row[c].text)
                         for row in (*table.rows, *more.rows) if c < len(row))]
    for c in labels:
        if not first[c].text.strip() and last[c].text.strip():
            first[c] = Cell(last[c].text, is_copy=True)
            r = 1
            while r < len(more.rows) and more.rows[r][c].is_copy and not more.rows[r][c].text:
                more.rows[r][c] = Cell(last[c].text, is_copy=True)
                r += 1
        elif first[c].text and not first[c].is_copy and not _MARKER.match(first[c].text) \
                and last[c].text and c + 1 < len(last) and last[c + 1].text != last[c].text:
            joined = last[c].text + first[c].text
            _rename(table.rows, len(table.rows) - 1, c, joined)
            _rename(more.rows, 0, c, joined, copy=True)
    table.rows.extend(more.rows)
    table.where = f"{table.where} + {more.where}"


def _rename(rows: list[list[Cell]], r: int, c: int, text: str, *, copy: bool = False) -> None:
    """Give the merged cell through (r, c) a new text: up to its origin and down its copies."""
    top = r
    while top > 0 and rows[top][c].is_copy and rows[top - 1][c].text == rows[top][c].text:
        top -= 1
    old = rows[r][c].text
    i = top
    while i < len(rows) and (i == top or (rows[i][c].is_copy and rows[i][c].text == old)):
        rows[i][c] = Cell(text, is_copy=copy or i != top)
        i += 1


# ---------------------------------------------------------------- paragraphs


def _line_size(line: dict[str, Any]) -> float:
    sizes = [c["size"] for c in line.get("chars", []) if c["text"].strip()]
    return sorted(sizes)[len(sizes) // 2] if sizes else 0.0


def _paragraphs(lines: list[dict[str, Any]], number: int) -> tuple[list[tuple[float, Block]], bool, bool]:
    """Paragraphs with their top; whether the first continues a paragraph from the previous
    page (starts at the left margin) and whether the last runs on to the next page."""
    if not lines:
        return [], False, False
    body = sorted(_line_size(ln) for ln in lines)[len(lines) // 2] or 10.0
    left = min(ln["x0"] for ln in lines)
    right = max(ln["x1"] for ln in lines)
    out: list[tuple[float, Block]] = []
    current: list[str] = []
    top = 0.0
    prev: dict[str, Any] | None = None
    for line in lines:
        size = _line_size(line) or body
        starts = prev is None
        if prev is not None:
            prev_size = _line_size(prev) or body
            gap = line["top"] - prev["bottom"]
            big = size >= body * 1.2 and abs(size - prev_size) < 0.5
            starts = (
                gap > max(size, prev_size) * 1.2
                or abs(size - prev_size) >= 0.5
                or (not big and prev["x1"] < right - body * 1.5)
                or (not big and line["x0"] > left + body * 1.5)
            )
        if starts and current:
            out.append((top, Paragraph(_join_lines(current), where=f"page {number}")))
            current = []
        if not current:
            top = line["top"]
        current.append(line["text"])
        prev = line
    if current:
        out.append((top, Paragraph(_join_lines(current), where=f"page {number}")))
    first, last = lines[0], lines[-1]
    continues = first["x0"] <= left + body * 0.5 and _line_size(first) < body * 1.2
    runs_on = last["x1"] >= right - body * 1.5 and _line_size(last) < body * 1.2
    return out, continues, runs_on


# ---------------------------------------------------------------- tables without ruling lines


def _borderless(page: Any, number: int) -> tuple[float, float, Table, tuple[float, float, float, float]] | None:
    """A table drawn without lines: runs of ≥3 lines whose words fall in ≥3 aligned columns."""
    from pipelines.parse.pdf_borderless import find_table

    return find_table(page, number)
