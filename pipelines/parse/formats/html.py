"""HTML → blocks: decode any encoding, find the article among the site chrome, expand tables.

Encoding (``charset.decode``), in order: byte-order mark, the HTTP header's charset
(``content_type``), ``<meta>`` charset, then detection; GB2312 and GBK labels are read as
GB18030, their superset, because pages declared GB2312 routinely use GBK characters.

The article is the smallest element holding most of the page's non-link text once navigation,
headers, footers, sidebars and scripts are gone. Tables are expanded to a grid (rowspan and
colspan copies marked ``is_copy``); layout tables that hold other tables are walked through;
tables drawn with ``<div>`` rows or with ``<p>`` lines of figures become tables too.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from pipelines.parse.cells import read_token, stream_rows
from pipelines.parse.charset import decode
from pipelines.parse.dates import date_in
from pipelines.parse.errors import EmptyDocument
from pipelines.parse.headings import heading_code
from pipelines.parse.model import Block, Cell, Extracted, Paragraph, Table

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")

_DROP_TAGS = {
    "script",
    "style",
    "noscript",
    "iframe",
    "select",
    "button",
    "input",
    "nav",
    "header",
    "footer",
    "aside",
    "link",
    "meta",
    "object",
    "embed",
    "svg",
    "canvas",
    "textarea",
    "head",
    "title",
}
_CHROME = re.compile(
    r"(?:^|[\s_\-])(?:nav|navbar|menu|footer|foot|header|sidebar|side|breadcrumbs?|crumbs?|position|"
    r"location|share|related|relate|links?|copyright|banner|toolbar|print|search|login|topbar|"
    r"fixed|float|gotop|weixin|qrcode)(?:$|[\s_\-\d])",
    re.IGNORECASE,
)
_BLOCK_TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "section",
    "article",
    "blockquote",
    "center",
    "dl",
    "dt",
    "dd",
    "pre",
    "main",
    "body",
    "tbody",
    "thead",
    "tfoot",
    "tr",
    "td",
    "th",
    "address",
    "figure",
    "hr",
    "form",
    "table",
}
_SPACES = re.compile(r"[ \t\r\n\u00a0\u3000\u200b]+")
_WIDE_GAP = re.compile(r"[ ]*(?:[\u00a0\u3000][ ]*){2,}|\t+")
_PUB_META = (
    "pubdate",
    "publishdate",
    "firstpublishedtime",
    "dc.date",
    "article:published_time",
    "publishtime",
    "releasedate",
    "dcterms.issued",
    "createdate",
)
_TITLE_META = ("articletitle", "title", "og:title", "dc.title")
_PUB_TEXT = re.compile(
    r"(?:发布时间|发布日期|发文日期|成文日期|日期|时间)\s*[:：]?\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"
)
_SPLIT_CELLS = re.compile(r"\s*(?:\t| {2,}|\|)\s*")
_NUMERIC = re.compile(r"^[+\-]?[\d,，]+(?:\.\d+)?$|^[—\-/]+$")


def _text(node: etree._Element) -> str:
    return _SPACES.sub(" ", node.text_content()).strip()


def _tag(node: etree._Element) -> str:
    return node.tag.lower() if isinstance(node.tag, str) else ""


def _meta_value(doc: etree._Element, names: tuple[str, ...]) -> str | None:
    for meta in doc.iter("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").lower()
        if key in names and (meta.get("content") or "").strip():
            return str(meta.get("content")).strip()
    return None


def _strip_chrome(body: etree._Element) -> None:
    etree.strip_elements(
        body, *_DROP_TAGS, etree.Comment, etree.ProcessingInstruction, with_tail=False
    )
    for node in body.xpath(".//*[@class or @id]"):
        if node.getparent() is None:
            continue
        marker = f"{node.get('class') or ''} {node.get('id') or ''}"
        if _CHROME.search(marker) and not _holds_report_table(node):
            node.drop_tree()


def _holds_report_table(node: etree._Element) -> bool:
    return any(re.search(r"\d", _text(t)) for t in node.iter("table"))


def _article(body: etree._Element) -> etree._Element:
    """The smallest element that still holds 85% of the page's non-link text."""

    def length(node: etree._Element) -> int:
        links = sum(len(a.text_content()) for a in node.iter("a"))
        return len(_SPACES.sub("", node.text_content())) - links

    whole = length(body)
    node = body
    while True:
        children = [
            c
            for c in node
            if isinstance(c.tag, str) and _tag(c) not in ("table", "tbody", "tr", "p")
        ]
        best = next((c for c in children if length(c) >= 0.85 * whole), None)
        if best is None:
            return node
        node = best


def _grid(table: etree._Element) -> list[list[Cell]]:
    rows: list[list[Cell]] = []
    pending: dict[tuple[int, int], Cell] = {}
    spaces = _SPACES.sub
    for r, tr in enumerate(_rows(table)):
        row: list[Cell] = []
        c = 0
        for td in tr:
            if td.tag not in ("td", "th", "TD", "TH"):
                continue
            while (r, c) in pending:
                row.append(pending.pop((r, c)))
                c += 1
            text = _cell_text(td, spaces)
            rowspan = _span(td.get("rowspan"), 200)
            colspan = _span(td.get("colspan"), 60)
            row.append(Cell(text))
            if colspan > 1 or rowspan > 1:
                copy = Cell(text, is_copy=True)
                row.extend([copy] * (colspan - 1))
                for dr in range(1, rowspan):
                    for dc in range(colspan):
                        pending[(r + dr, c + dc)] = copy
            c += colspan
        while (r, c) in pending:
            row.append(pending.pop((r, c)))
            c += 1
        rows.append(row)
    # rows spanned past the last <tr>
    extra = sorted({r for r, _ in pending})
    for r in extra:
        rows.append([pending[(r, c)] for c in sorted(c for rr, c in pending if rr == r)])
    return [row for row in rows if row]


_LINE_TAGS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "dd", "dt"})


def _cell_text(td: etree._Element, spaces: Callable[[str, str], str]) -> str:
    """A cell's text, its lines (``<br>``, paragraphs) kept as lines: rows some editors stack
    in one cell are told apart by them (``grids._unstacked``)."""
    if len(td) == 0:  # most cells: their text alone
        lines = (spaces(" ", line).strip() for line in (td.text or "").split("\n"))
        return "\n".join(line for line in lines if line)
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = _tag(child)
            if tag == "br" or tag in _LINE_TAGS:
                parts.append("\n")
            if isinstance(child.tag, str):
                walk(child)
            if tag in _LINE_TAGS:
                parts.append("\n")
            if child.tail:
                parts.append(child.tail)

    walk(td)
    lines = (spaces(" ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _rows(table: etree._Element) -> Iterator[etree._Element]:
    for child in table:
        tag = _tag(child)
        if tag == "tr":
            yield child
        elif tag in ("tbody", "thead", "tfoot"):
            yield from (tr for tr in child if _tag(tr) == "tr")


def _span(value: str | None, cap: int) -> int:
    if value is None:
        return 1
    try:
        return max(1, min(cap, int(str(value).strip().strip('"'))))
    except (TypeError, ValueError):
        return 1


@dataclass(slots=True)
class ImageSlot(Table):
    """Where an ``<img>`` stood in the article (``extract(..., images=True)`` only): an empty
    table the caller replaces with what OCR reads from the image, or drops."""

    src: str = ""


def _is_table(block: Block) -> bool:
    return isinstance(block, Table) and not isinstance(block, ImageSlot)


class _Walker:
    """Document order → blocks; inline text gathered into paragraphs, <br> splitting them."""

    def __init__(self, images: bool = False) -> None:
        self.blocks: list[Block] = []
        self.run: list[str] = []
        self.tables = 0
        self.images = 0 if images else None

    def flush(self) -> None:
        # Runs of non-breaking or ideographic spaces separate cells of a table written as lines.
        text = _WIDE_GAP.sub("\t", "".join(self.run)).strip(" \t\r\n\u00a0\u3000")
        text = "\t".join(_SPACES.sub(" ", part).strip() for part in text.split("\t"))
        self.run = []
        if text:
            self.blocks.append(Paragraph(text))

    def walk(self, node: etree._Element) -> None:
        tag = _tag(node)
        if tag == "table" and not any(True for _ in node.iter("table") if _ is not node):
            self.flush()
            self.tables += 1
            rows = _grid(node)
            if rows:
                self.blocks.append(Table(rows, f"table {self.tables}"))
            return
        if tag == "img" and self.images is not None:
            src = (
                node.get("src") or node.get("data-src") or node.get("data-original") or ""
            ).strip()
            if src:
                self.flush()
                self.images += 1
                self.blocks.append(ImageSlot([], f"img {self.images}", src=src))
            return
        if tag in _BLOCK_TAGS and self._div_table(node):
            return
        block = tag in _BLOCK_TAGS or tag == "br"
        if block:
            self.flush()
        if tag == "br":
            return
        if node.text:
            self.run.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                self.walk(child)
            if child.tail:
                self.run.append(child.tail)
        if block:
            self.flush()

    def _div_table(self, node: etree._Element) -> bool:
        """A table drawn with block elements: ≥3 children, each a row of ≥2 short cells."""
        children = [c for c in node if isinstance(c.tag, str)]
        if len(children) < 3 or any(_tag(c) == "table" for c in node.iter() if c is not node):
            return False
        rows: list[list[Cell]] = []
        for child in children:
            cells = [c for c in child if isinstance(c.tag, str) and _tag(c) != "br"]
            if len(cells) < 2 or any(
                len(c) and any(_tag(g) in ("p", "div") and len(g) > 1 for g in c) for c in cells
            ):
                return False
            texts = [_text(c) for c in cells]
            if any(len(t) > 80 for t in texts):
                return False
            rows.append([Cell(t) for t in texts])
        figures = [sum(1 for c in row if _NUMERIC.match(c.text)) for row in rows]
        if max(figures) < 2 or any(row[-1].text.endswith("。") for row in rows):
            return False
        self.flush()
        self.tables += 1
        self.blocks.append(Table(rows, f"table {self.tables} (div rows)"))
        return True


def _line_tables(blocks: list[Block]) -> list[Block]:
    """Paragraphs that are rows of a table written as lines (cells split by tabs, wide spaces
    or bars, at least two figures) become a soft table."""
    out: list[Block] = []
    run: list[list[Cell]] = []

    def flush() -> None:
        if len(run) >= 2:
            out.append(Table(list(run), f"paragraph rows {len(out) + 1} (tsv)"))
        else:
            out.extend(Paragraph(" ".join(c.text for c in row)) for row in run)
        run.clear()

    for block in blocks:
        if isinstance(block, Paragraph):
            parts = [p for p in _SPLIT_CELLS.split(block.text.strip()) if p != ""]
            figures = sum(1 for p in parts if _NUMERIC.match(p))
            if len(parts) >= 2 and figures >= 1 and len(block.text) < 300 and (figures >= 2 or run):
                run.append([Cell(p) for p in parts])
                continue
            if run and len(parts) >= 2 and len(block.text) < 120:
                run.append([Cell(p) for p in parts])  # a header line between figure lines
                continue
        flush()
        out.append(block)
    flush()
    return out


def _cell_paragraphs(blocks: list[Block]) -> list[Block]:
    """A table whose every cell became its own paragraph (a lost Word table): each label that
    follows a value starts a new row. Blank cells are lost, so the table is marked soft."""
    out: list[Block] = []
    run: list[str] = []

    def flush() -> None:
        if sum(1 for t in run if read_token(t).kind != "label") >= 3:
            out.append(
                Table(stream_rows([Cell(t) for t in run]), f"paragraph cells {len(out) + 1} (tsv)")
            )
        else:
            out.extend(Paragraph(t) for t in run)
        run.clear()

    for block in blocks:
        if (
            isinstance(block, Paragraph)
            and len(block.text) <= 60
            and not block.text.endswith("。")
            and heading_code(block.text) is None
        ):
            run.append(block.text)
            continue
        flush()
        out.append(block)
    flush()
    return out


def extract(data: bytes, content_type: str | None = None, *, images: bool = False) -> Extracted:
    """The page's blocks; with ``images`` an ``ImageSlot`` marks each ``<img>`` of the article
    in reading order (tables pasted as pictures, for OCR)."""
    text = decode(data, content_type)
    if not text.strip():
        raise EmptyDocument("the HTML page is empty")
    text = _XML_DECL.sub("", text, count=1)
    try:
        doc = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise EmptyDocument(f"the HTML page has no content ({exc})") from exc
    title = _meta_value(doc, _TITLE_META)
    if not title:
        h1 = next((t for t in (_text(h) for h in doc.iter("h1")) if t), None)
        page_title = next((_text(t) for t in doc.iter("title")), None)
        title = h1 if h1 and re.search(r"报告|年报", h1) else page_title or h1
    published = date_in(_meta_value(doc, _PUB_META))
    body = doc.find("body")
    if body is None:
        body = doc
    if published is None:
        match = _PUB_TEXT.search(_text(body)[:20000])
        published = date_in(match.group(1)) if match else None
    _strip_chrome(body)
    article = _article(body)
    walker = _Walker(images)
    walker.walk(article)
    walker.flush()
    blocks = _line_tables(walker.blocks)
    if not any(_is_table(b) for b in blocks):
        blocks = _cell_paragraphs(blocks)
    return Extracted(route="html", blocks=blocks, title=title, published=published)
