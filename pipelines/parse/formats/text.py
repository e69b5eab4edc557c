"""Plain text → blocks: paragraphs, and tables in the three layouts text exports use.

* one cell per line: each cell a line starting with a tab, rows separated by blank lines,
  a wrapped label continuing on the next line without a tab (Word's plain-text export);
* Markdown-like pipe tables (``| a | b |``), separator lines skipped;
* tab-separated rows, a table possibly broken across pages by blank lines and footers;
* columns aligned with runs of spaces (``pdftotext -layout``): a document made of such rows is
  read by ``text_layout`` (positions, wrapped labels and headings, page by page); a few such
  lines among other layouts are read like tab-separated rows.

Pipe and tab tables are marked ``(pipe)``/``(tsv)`` in ``Table.where``: their converters drop
or add empty cells, so the interpreter trusts their values more than their blanks.

The bytes are decoded as pages are (``charset.decode``): byte-order mark, the HTTP charset,
then UTF-8, GB18030 (for GBK and GB2312) or the detector's guess, whichever reads best.
"""

from __future__ import annotations

import re

from pipelines.parse.cells import Token, stream_rows
from pipelines.parse.charset import decode
from pipelines.parse.errors import EmptyDocument
from pipelines.parse.formats import text_layout
from pipelines.parse.headings import is_heading
from pipelines.parse.model import Block, Cell, Extracted, Paragraph, Table

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-*:?\s*)*\|?\s*$")
_MAX_ROW = 20  # more cells than any template row (3 labels + 15 values of table 4 is 18)
_GAP = re.compile(r"\s{2,}|\u3000+")
_FIGURE = r"[+-]?\d[\d,]*(?:\.\d+)?"
_FIGURES = re.compile(rf"^{_FIGURE}(?: {_FIGURE})+$")
_LABEL_FIGURES = re.compile(rf"^(.*[^\d\s.,、．:：+-]) ((?:{_FIGURE} )*{_FIGURE})$")
_FOOTER = re.compile(
    r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,3}|\d+\s*/\s*\d+)\s*$"
)


def _kind(line: str) -> str:
    if not line.strip() and "\t" not in line:
        return "blank"
    stripped = line.strip()
    if stripped.startswith("|") and stripped.count("|") >= 2:
        return "pipe"
    if not line.startswith("\t") and "\t" not in line.rstrip("\t \r"):
        line = line.rstrip("\t \r")  # a heading or paragraph with stray trailing tabs
    body = line[1:] if line.startswith("\t") else line
    if "\t" in body.rstrip("\r") and body.strip("\t ").strip():
        return "tsv"
    if "\t" in body and not body.strip("\t "):
        return "tsv"
    if line.startswith("\t"):
        return "cell"
    parts = _GAP.split(stripped)
    if len(parts) >= 2 and all(len(p) <= 40 for p in parts):
        figures = sum(1 for p in parts if Token(p).kind != "label")
        if (
            figures >= 2
            or (len(parts) >= 3 and all(len(p) <= 20 for p in parts))
            or (len(parts) == 2 and figures == 1 and Token(parts[1]).is_value)
        ):
            return "spaced"
    return "text"


def _spaced_cells(line: str) -> list[str]:
    """Cells of a space-aligned row. Narrow columns leave one space between figures (``24 18 0``)
    or between a wrapped label and the first figure (``3.危及“三安全一 0``): split those too."""
    out: list[str] = []
    for part in _GAP.split(line.strip()):
        if _FIGURES.match(part):
            out += part.split()
            continue
        tail = _LABEL_FIGURES.match(part)
        if tail:
            out += [tail.group(1), *tail.group(2).split()]
        else:
            out.append(part)
    return out


def _kinds(lines: list[str]) -> list[str]:
    """Each line's kind; a one-cell line with trailing tabs next to tab rows is a tab row too."""
    kinds = [_kind(line) for line in lines]
    filled = [i for i, k in enumerate(kinds) if k != "blank"]
    for n, i in enumerate(filled):
        if kinds[i] == "text" and lines[i].rstrip("\r").endswith("\t") and not is_heading(lines[i]):
            near = [kinds[filled[j]] for j in (n - 1, n + 1) if 0 <= j < len(filled)]
            if "tsv" in near:
                kinds[i] = "tsv"
    return kinds


def _pipe_cells(line: str) -> list[Cell]:
    text = line.strip()
    if text.startswith("|"):
        text = text[1:]
    if text.endswith("|"):
        text = text[:-1]
    return [Cell(part.strip()) for part in text.split("|")]


class _Builder:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.rows: list[list[Cell]] = []
        self.kind = ""
        self.start = 0
        self.end = 0

    def flush(self) -> None:
        rows = [r for r in self.rows if any(c.text for c in r) or len(r) > 1]
        if rows:
            marker = {"pipe": " (pipe)", "tsv": " (tsv)"}.get(self.kind, "")
            self.blocks.append(Table(rows, f"lines {self.start}-{self.end}{marker}"))
        self.rows, self.kind = [], ""

    def row(self, kind: str, cells: list[Cell], lineno: int) -> None:
        if self.kind != kind:
            self.flush()
            self.kind, self.start = kind, lineno
        self.rows.append(cells)
        self.end = lineno


def extract(data: bytes, content_type: str | None = None) -> Extracted:
    paged = decode(data, content_type).replace("\r\n", "\n").replace("\r", "\n")
    text = paged.replace("\x0c", "\n")
    if not text.strip():
        raise EmptyDocument("the text file holds no text (only whitespace)")
    b = _Builder()
    cell_row: list[str] | None = None  # the one-cell-per-line row being read

    def end_cell_row() -> None:
        nonlocal cell_row
        if cell_row is not None:
            cells = [Cell(t.strip()) for t in cell_row]
            # no blank lines between rows: a whole table arrived as one row
            for row in stream_rows(cells) if len(cells) > _MAX_ROW else [cells]:
                b.row("cell", row, lineno)
            cell_row = None

    lines = [_BOOKMARK.sub("", raw) for raw in text.split("\n")]
    kinds = _kinds(lines)
    if (
        kinds.count("spaced") >= 3
        and not {"tsv", "pipe", "cell"} & set(kinds)
        and text_layout.looks_laid_out(lines)
    ):
        return Extracted(route="text", blocks=text_layout.blocks(_BOOKMARK.sub("", paged)))
    lineno = 0
    prev = "blank"
    for lineno, (line, kind) in enumerate(zip(lines, kinds, strict=True), start=1):
        if kind == "cell":
            if cell_row is None:
                if b.kind != "cell":
                    b.flush()
                cell_row = []
            cell_row.append(line[1:])
        elif (
            kind == "text"
            and cell_row
            and prev == "cell"
            and not _FOOTER.match(line)
            and Token(cell_row[-1]).kind == "label"
            and len(line.strip()) <= 40
        ):
            cell_row[-1] += line.strip()  # a label wrapped onto the next line
            kind = "cell"
        elif kind == "blank":
            end_cell_row()
            if b.kind in ("pipe", "tsv"):
                b.flush()
        else:
            end_cell_row()
            if kind == "pipe":
                if not _SEPARATOR.match(line.strip()):
                    b.row("pipe", _pipe_cells(line), lineno)
            elif kind == "tsv":
                b.row("tsv", [Cell(t.strip()) for t in line.split("\t")], lineno)
            elif kind == "spaced":
                b.row("tsv", [Cell(t) for t in _spaced_cells(line)], lineno)
            else:
                b.flush()
                if line.strip() and not _FOOTER.match(line):
                    b.blocks.append(Paragraph(line.strip(), f"line {lineno}"))
        prev = kind
    end_cell_row()
    b.flush()
    return Extracted(route="text", blocks=b.blocks)
