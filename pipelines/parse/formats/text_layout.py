"""Text laid out in columns with runs of spaces (``pdftotext -layout``) → blocks.

Each page (pages end at form feeds) is read as positioned lines: a character column becomes
half an em across, a line one line-height down, so ``pdf_borderless`` finds the tables exactly
as on a PDF page: value rows by their trailing figures, labels wrapped onto continuation lines,
headings over several lines stacked per column, figures wrapped in narrow cells. Column offsets
may drift between pages: each page finds its own columns. Headings left at the end of a page
with their rows on the next are read with those rows. Lines outside tables are paragraphs,
one per line; page numbers at the top or bottom of a page are dropped.

Cells are cut at two or more spaces, and at one space between figures (``24 18 0``) or between
a label and a figure (``3.危及“三安全一 0``): narrow columns leave no more.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace

from pipelines.parse.formats.pdf_borderless import find_tables, table_tail
from pipelines.parse.formats.pdf_borderless_tokens import Token
from pipelines.parse.formats.pdf_lines import Line as PageLine
from pipelines.parse.model import Block, Paragraph

EM = 11.0
COLUMN = EM / 2  # a character column: CJK characters are as wide as two Latin ones in an em
LINE = 12.0
_GAP = re.compile(r" {2,}|\u3000+")
_FIGURE = r"(?:[+-]?\d[\d,]*(?:\.\d+)?%?|[-—–/／])"
_FIGURES = re.compile(rf"^{_FIGURE}(?: {_FIGURE})+$")
_LABEL_FIGURES = re.compile(rf"^(.*[^\d\s.,、．:：+-]) ((?:{_FIGURE} )*{_FIGURE})$")
_NUMBER = re.compile(r"^[+-]?\d[\d,]*(?:\.\d+)?%?$")
_FOOTER = re.compile(
    r"^\s*(?:[-—–]\s*\d+\s*[-—–]|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,3}|\d+\s*/\s*\d+)\s*$"
)


@dataclass(frozen=True, slots=True)
class Line(PageLine):
    """A text line placed on a page as the PDF reader places its lines, with its number."""

    number: int  # the line's number in the document (1-based)


def looks_laid_out(lines: list[str]) -> bool:
    """Several lines hold cells separated by runs of spaces, with figures among them."""
    spaced = sum(1 for ln in lines if len(_GAP.split(ln.strip())) >= 3 and re.search(r"\d", ln))
    return spaced >= 3


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def tokens(text: str, top: float, *, wide: bool = False) -> list[Token]:
    """The cells of one line with their columns; ``wide``: CJK characters take two columns
    (text aligned by eye in an editor) rather than one (pdftotext)."""
    at_col = list(range(len(text) + 1))
    if wide:
        col = 0
        for i, ch in enumerate(text):
            at_col[i] = col
            col += _width(ch)
        at_col[len(text)] = col
    out: list[Token] = []
    for m in re.finditer(r"\S+(?: \S+)*", text):  # runs apart by two or more spaces
        run = m.group()
        pieces = [run]
        if _FIGURES.match(run):
            pieces = run.split(" ")
        elif tail := _LABEL_FIGURES.match(run):
            pieces = [tail.group(1), *tail.group(2).split(" ")]
        elif m.start() > 0 and all(
            0 < len(p) <= 8 and not re.search(r"\d", p) for p in run.split(" ")
        ):
            pieces = run.split(" ")  # headings of narrow columns one space apart (商业 社会 科研)
        at = m.start()
        for piece in pieces:
            at = text.index(piece, at)
            end = at + len(piece)
            out.append(Token(piece, at_col[at] * COLUMN, at_col[end] * COLUMN, top, top + LINE - 2))
            at = end
    return out


def _page_lines(
    lines: list[tuple[int, str]], offset: float, wide: bool
) -> list[tuple[Line, list[Token]]]:
    out: list[tuple[Line, list[Token]]] = []
    filled = [(n, text) for n, text in lines if text.strip()]
    tokenised = [tokens(text.rstrip(), offset + n * LINE, wide=wide) for n, text in filled]
    starts = Counter(round(t.x0 / COLUMN) for toks in tokenised for t in toks[:1])
    label_columns = {c for c, k in starts.items() if k >= 3}
    for k, ((n, text), toks) in enumerate(zip(filled, tokenised, strict=True)):
        if _FOOTER.match(text) and k in (0, len(filled) - 1):
            continue
        top = offset + n * LINE
        if not wide:  # (columns are characters)
            toks = [piece for t in toks for piece in _split_at_columns(t, label_columns)]
        if not toks:
            continue
        line = Line(text.strip(), toks[0].x0, toks[-1].x1, top, top + LINE - 2, EM, n)
        out.append((line, toks))
    return out


def _split_at_columns(token: Token, columns: set[int]) -> list[Token]:
    """A label run that crosses into the next label column with one space (a group label
    and its item label in narrow columns: ``（六） 1.申请人无正当``) is cut there."""
    start = round(token.x0 / COLUMN)
    if " " not in token.text or start not in columns or len(token.text) > 30:
        return [token]
    out: list[Token] = []
    text, x0 = token.text, token.x0
    for i, ch in enumerate(token.text):
        if ch == " " and round(x0 / COLUMN) + i + 1 in columns and i > 0:
            head = text[: i - (len(token.text) - len(text))]
            out.append(Token(head, x0, x0 + len(head) * COLUMN, token.top, token.bottom))
            x0 += (len(head) + 1) * COLUMN
            text = text[len(head) + 1 :]
    out.append(Token(text, x0, token.x1, token.top, token.bottom))
    return [t for t in out if t.text]


def _alignment(pages: list[list[tuple[int, str]]], wide: bool) -> int:
    """How many figures start where a figure of the line before starts (more: better aligned)."""
    score = 0
    for page in pages:
        previous: set[int] = set()
        for _line, toks in _page_lines(page, 0.0, wide):
            starts = {round(t.x0 / COLUMN) for t in toks[1:] if _NUMBER.match(t.text)}
            if not starts:
                continue
            score += sum(1 for s in starts if {s - 1, s, s + 1} & previous)
            previous = starts
    return score


def blocks(text: str, *, carry: bool = False) -> list[Block]:
    """Tables and one-line paragraphs of a laid-out text, page by page."""
    out: list[tuple[float, Block]] = []
    numbered = list(enumerate(text.split("\n"), start=1))
    pages: list[list[tuple[int, str]]] = [[]]
    for n, line in numbered:
        parts = line.split("\x0c")
        pages[-1].append((n, parts[0]))
        for extra in parts[1:]:
            pages.append([(n, extra)])
    wide = _alignment(pages, True) > _alignment(pages, False)
    tail: list[tuple[Line, list[Token]]] = []
    pending: list[tuple[Line, list[Token]]] = []  # the previous page's lines outside tables
    for page in pages:
        lines = _page_lines(page, 0.0, wide)
        carried = tail if lines and carry else []
        if carried:
            shift = carried[-1][0].bottom - lines[0][0].top + EM * 0.2
            carried = [
                (_moved(ln, -shift), [_moved_token(t, -shift) for t in tk]) for ln, tk in carried
            ]
        found = find_tables(carried + lines, lines[0][0].number if lines else 0)
        taken: set[int] = set()
        took_carried = False
        for _top, _bottom, table, bbox in found:
            inside = [ln for ln, _tk in carried + lines if _within(ln, bbox)]
            taken.update(ln.number for ln in inside)
            took_carried = took_carried or any(
                ln.number in {c.number for c, _ in carried} for ln in inside
            )
            first = min((ln.number for ln in inside), default=0)
            table.where = f"lines {first}-{max((ln.number for ln in inside), default=0)} (layout)"
            out.append((first, table))
        if took_carried:
            gone = {c.number for c, _ in carried}
            pending = [(ln, tk) for ln, tk in pending if ln.number not in gone]
        out.extend((ln.number, Paragraph(ln.text, f"line {ln.number}")) for ln, _tk in pending)
        rest = [(ln, tk) for ln, tk in lines if ln.number not in taken]
        below = max(
            (b for _t, b, _tb, _bb in found if b <= (lines[-1][0].bottom if lines else 0) + 1),
            default=-1e9,
        )
        tail = table_tail(rest, below)
        pending = rest
    out.extend((ln.number, Paragraph(ln.text, f"line {ln.number}")) for ln, _tk in pending)
    out.sort(key=lambda item: item[0])
    return [block for _n, block in out]


def _within(line: Line, bbox: tuple[float, float, float, float]) -> bool:
    _x0, top, _x1, bottom = bbox
    cy = (line.top + line.bottom) / 2
    return top <= cy <= bottom


def _moved(line: Line, dy: float) -> Line:
    return replace(line, top=line.top + dy, bottom=line.bottom + dy)


def _moved_token(t: Token, dy: float) -> Token:
    return Token(t.text, t.x0, t.x1, t.top + dy, t.bottom + dy)
