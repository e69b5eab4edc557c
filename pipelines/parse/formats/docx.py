"""DOCX (WordprocessingML) → ``Extracted``, reading ``word/document.xml`` directly.

Body order is kept: paragraphs and tables as they appear, content controls (``w:sdt``)
unwrapped, text boxes (``w:txbxContent``) emitted after the paragraph that anchors them
(once: the ``mc:Fallback`` copy of a text box is skipped). Tables are expanded to a
rectangular grid by ``w:gridSpan`` and ``w:vMerge``: the origin cell keeps the text, covered
positions repeat it with ``is_copy=True``. A table holding other tables is a layout wrapper:
its cells are read as body content, so the inner tables come out as ordinary blocks.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

from lxml import etree

from pipelines.parse.errors import EncryptedDocument, TruncatedDocument, UnsupportedFormat
from pipelines.parse.model import Block, Cell, Extracted, Paragraph, Table

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_w = f"{{{W}}}"
_TEXT_CONTAINERS = {
    f"{_w}sdt",
    f"{_w}sdtContent",
    f"{_w}customXml",
    f"{_w}smartTag",
    f"{_w}ins",
    f"{_w}moveTo",
    f"{_w}hyperlink",
    f"{_w}fldSimple",
    f"{_w}r",
}


STRICT = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def extract(data: bytes) -> Extracted:
    """Read a DOCX; TruncatedDocument for a cut or corrupt ZIP, UnsupportedFormat if not Word."""
    xml, core, archive = _read_parts(data)
    # "Strict Open XML" documents use another namespace for the same elements
    xml = xml.replace(STRICT, W.encode())
    try:
        root = etree.fromstring(xml, etree.XMLParser(huge_tree=True, recover=False))
    except etree.XMLSyntaxError as exc:
        raise TruncatedDocument(
            f"word/document.xml is not well-formed XML ({exc}); the DOCX is corrupt"
        ) from exc
    body = root.find(f"{_w}body")
    if body is None:
        raise UnsupportedFormat("word/document.xml has no w:body; not a Word document")
    reader = _Reader(archive)
    blocks = list(reader.blocks(body))
    return Extracted(route="docx", blocks=blocks, title=_core_title(core), notes=reader.notes)


def _read_parts(data: bytes) -> tuple[bytes, bytes | None, zipfile.ZipFile]:
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise EncryptedDocument(
            "a password-protected DOCX (an OLE file holding an EncryptedPackage); it cannot be read without the password"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError) as exc:
        raise TruncatedDocument(
            f"the DOCX's ZIP directory is missing or damaged ({exc}); the file is truncated or "
            f"corrupt ({len(data)} bytes) - fetch it again"
        ) from exc
    try:
        names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise UnsupportedFormat("ZIP without word/document.xml: not a DOCX")
        xml = archive.read("word/document.xml")
        core = archive.read("docProps/core.xml") if "docProps/core.xml" in names else None
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise TruncatedDocument(
            f"a part of the DOCX cannot be decompressed ({exc}); the file is corrupt"
        ) from exc
    return xml, core, archive


def _core_title(core: bytes | None) -> str | None:
    if not core:
        return None
    try:
        root = etree.fromstring(core)
    except etree.XMLSyntaxError:
        return None
    node = root.find("{http://purl.org/dc/elements/1.1/}title")
    text = (node.text or "").strip() if node is not None else ""
    return text or None


class _Reader:
    """Walks the body; numbers tables and resolves alternative-format chunks (w:altChunk)."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.tables = 0
        self.notes: list[str] = []
        self._rels: dict[str, str] | None = None

    def blocks(self, container: etree._Element) -> Iterator[Block]:
        for child in container:
            tag = child.tag
            if tag == f"{_w}p":
                text, boxes = _paragraph(child)
                if text.strip():
                    yield Paragraph(text)
                for box in boxes:
                    yield from self.blocks(box)
            elif tag == f"{_w}tbl":
                if child.find(f".//{_w}tc//{_w}tbl") is not None:
                    for tc in child.iter(f"{_w}tc"):
                        if _owner_table(tc) is child:
                            yield from self.blocks(tc)
                else:
                    self.tables += 1
                    yield _table(child, self.tables)
            elif tag in (f"{_w}sdt", f"{_w}sdtContent", f"{_w}customXml"):
                yield from self.blocks(child)
            elif tag == f"{_w}altChunk":
                yield from self._alt_chunk(child.get(f"{{{REL}}}id", ""))

    def _alt_chunk(self, rel_id: str) -> Iterator[Block]:
        """An HTML (or MHT) part embedded whole, as some CMS exports do: read as HTML."""
        target = self._relationships().get(rel_id)
        if target is None:
            return
        try:
            part = self.archive.read(target)
        except (KeyError, zipfile.BadZipFile, zlib.error) as exc:
            self.notes.append(f"altChunk {target} unreadable: {exc}")
            return
        html = _html_of(part)
        if html is None:
            self.notes.append(f"altChunk {target} is not HTML; skipped")
            return
        from pipelines.parse.formats import html as html_route

        extracted = html_route.extract(html)
        self.notes.append(f"altChunk {target} read as HTML")
        for block in extracted.blocks:
            if isinstance(block, Table):
                self.tables += 1
                block.where = f"table {self.tables} (altChunk)"
            yield block

    def _relationships(self) -> dict[str, str]:
        if self._rels is None:
            self._rels = {}
            try:
                root = etree.fromstring(self.archive.read("word/_rels/document.xml.rels"))
            except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, zlib.error):
                return self._rels
            for rel in root:
                target = rel.get("Target", "")
                path = target.lstrip("/") if target.startswith("/") else f"word/{target}"
                self._rels[rel.get("Id", "")] = path
        return self._rels


def _html_of(part: bytes) -> bytes | None:
    head = part[:2048].lower()
    if b"<html" in head or b"<table" in head or b"<body" in head or b"<p" in head:
        return part
    if b"mime-version" in head or b"content-type: multipart" in head:
        import email
        from email import policy

        message = email.message_from_bytes(part, policy=policy.default)
        for sub in message.walk():
            if sub.get_content_type() == "text/html":
                payload = sub.get_payload(decode=True)
                if isinstance(payload, bytes):
                    return payload  # its <meta charset> still names its encoding
    return None


def _owner_table(tc: etree._Element) -> etree._Element | None:
    node = tc.getparent()
    while node is not None and node.tag != f"{_w}tbl":
        node = node.getparent()
    return node


def _paragraph(p: etree._Element) -> tuple[str, list[etree._Element]]:
    """The paragraph's visible text and the text boxes anchored in it."""
    parts: list[str] = []
    boxes: list[etree._Element] = []
    _runs(p, parts, boxes)
    return "".join(parts), boxes


def _runs(node: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
    for child in node:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag == f"{_w}t":
            parts.append(child.text or "")
        elif tag == f"{_w}tab":
            parts.append("\t")
        elif tag in (f"{_w}br", f"{_w}cr"):
            parts.append("\n")
        elif tag == f"{_w}noBreakHyphen":
            parts.append("-")
        elif tag == f"{_w}sym":
            parts.append("")
        elif tag == f"{_w}txbxContent":
            boxes.append(child)
        elif tag == f"{{{MC}}}AlternateContent":
            choice = child.find(f"{{{MC}}}Choice")
            _runs(choice if choice is not None else child, parts, boxes)
        elif tag in (
            f"{_w}del",
            f"{_w}moveFrom",
            f"{_w}instrText",
            f"{_w}delText",
            f"{_w}rPr",
            f"{_w}pPr",
        ):
            continue
        else:
            _runs(child, parts, boxes)


def _cell_text(tc: etree._Element) -> str:
    lines: list[str] = []
    for child in tc:
        if child.tag == f"{_w}p":
            text, boxes = _paragraph(child)
            lines.append(text)
            for box in boxes:
                lines.extend(t for t in (_paragraph(p)[0] for p in box.iter(f"{_w}p")) if t)
        elif child.tag in (f"{_w}sdt", f"{_w}customXml"):
            lines.extend(_paragraph(p)[0] for p in child.iter(f"{_w}p"))
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines)


def _int(node: etree._Element | None, default: int) -> int:
    if node is None:
        return default
    try:
        return max(1, int(node.get(f"{_w}val", default)))
    except ValueError:
        return default


def _rows(tbl: etree._Element) -> Iterator[etree._Element]:
    for child in tbl:
        if child.tag == f"{_w}tr":
            yield child
        elif child.tag in (f"{_w}sdt", f"{_w}sdtContent", f"{_w}customXml"):
            yield from _rows(child)


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr:
        if child.tag == f"{_w}tc":
            yield child
        elif child.tag in (f"{_w}sdt", f"{_w}sdtContent", f"{_w}customXml"):
            yield from _cells(child)


def _table(tbl: etree._Element, number: int) -> Table:
    grid: list[list[Cell]] = []
    # grid column → origin Cell of a vertical merge still open in that column
    open_merges: dict[int, Cell] = {}
    for tr in _rows(tbl):
        row: list[Cell] = []
        trpr = tr.find(f"{_w}trPr")
        before = _int(trpr.find(f"{_w}gridBefore"), 0) if trpr is not None else 0
        row.extend(Cell("") for _ in range(before))
        for tc in _cells(tr):
            tcpr = tc.find(f"{_w}tcPr")
            span = _int(tcpr.find(f"{_w}gridSpan"), 1) if tcpr is not None else 1
            vmerge = tcpr.find(f"{_w}vMerge") if tcpr is not None else None
            hmerge = tcpr.find(f"{_w}hMerge") if tcpr is not None else None
            col = len(row)
            if (
                vmerge is not None
                and vmerge.get(f"{_w}val", "continue") != "restart"
                and col in open_merges
            ):
                origin = open_merges[col]
                cells = [Cell(origin.text, is_copy=True) for _ in range(span)]
            elif hmerge is not None and hmerge.get(f"{_w}val", "continue") != "restart" and row:
                cells = [Cell(row[-1].text, is_copy=True) for _ in range(span)]
            else:
                origin = Cell(_cell_text(tc))
                cells = [origin] + [Cell(origin.text, is_copy=True) for _ in range(span - 1)]
                if vmerge is not None:
                    for c in range(col, col + span):
                        open_merges[c] = origin
                else:
                    for c in range(col, col + span):
                        open_merges.pop(c, None)
            row.extend(cells)
        grid.append(row)
    width = max((len(r) for r in grid), default=0)
    for row in grid:
        row.extend(Cell("") for _ in range(width - len(row)))
    return Table(rows=grid, where=f"table {number}")
