"""What a document is, from its bytes alone.

Servers send DOCX as ``text/html``, PDFs named ``.doc`` and Word-HTML named ``.doc``; the
URL, file name and Content-Type are hints at best, so ``detect`` never looks at them.

Results: ``html``, ``docx``, ``pdf``, ``doc``, ``wps``, ``text``, ``image``, ``zip``, ``unknown``.
``doc`` also covers RTF (LibreOffice converts it the same way as a Word 97 binary).

``media_type`` is the same judgement as a media type, for a crawler deciding what a response
is: a little finer where a media type is (RTF apart from Word, a spreadsheet apart from other
ZIP archives), and naming the data formats a page's scripts fetch (XML, JSON).
"""

from __future__ import annotations

import io
import re
import zipfile

from pipelines.parse.errors import EmptyDocument

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",
    b"MM\x00*",
    b"BM",
)
_HTML_TAGS = re.compile(
    rb"<(!doctype\s+html|html|head|body|meta|title|table|div|p|span|br|font|style|script|h[1-6])[\s>/]",
    re.IGNORECASE,
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
#: The media type of each kind; kinds without one (text, image, unknown) declare none.
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "wps": "application/vnd.ms-works",
    "html": "text/html",
    "zip": "application/zip",
}
_RTF = "application/rtf"
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def detect(data: bytes) -> str:
    """The document type of ``data``; raises EmptyDocument for empty or blank input."""
    if not data or not data.strip():
        raise EmptyDocument("the document is empty (0 bytes or only whitespace)")
    head = data[:4096]
    if data.startswith(OLE_MAGIC):
        return _ole_kind(data)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _zip_kind(data)
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n\x00")
    pdf_at = head.find(b"%PDF-")
    if pdf_at != -1 and pdf_at < 1024 and not stripped.startswith(b"<"):
        return "pdf"
    if any(data.startswith(m) for m in _IMAGE_MAGIC) or (
        data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    ):
        return "image"
    if stripped[:5].lower() == b"{\\rtf":
        return "doc"
    if _looks_like_html(head):
        return "html"
    if _looks_like_text(data[:65536]):
        return "text"
    return "unknown"


def media_type(data: bytes) -> str | None:
    """The media type the bytes declare, or None when they declare none (empty, plain text,
    an image, an unknown binary): ``detect``'s kind as a media type, RTF and spreadsheets told
    apart, and XML or JSON data named when the bytes start as such."""
    try:
        kind = detect(data)
    except EmptyDocument:
        return None
    start = data[:512].lstrip().lower()
    if kind == "doc" and start.startswith(b"{\\rtf"):
        return _RTF
    if kind == "zip" and b"xl/" in data[:4000]:
        return _XLSX
    if kind in ("html", "text", "unknown"):
        if start.startswith((b"<?xml", b"<datastore")):
            return "text/xml"
        if start.startswith((b"{", b"[")):
            return "application/json"
    return MEDIA_TYPES.get(kind)


def _looks_like_html(head: bytes) -> bool:
    text = head
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = head.decode("utf-16", errors="ignore").encode("utf-8")
        except UnicodeError:  # pragma: no cover - errors are ignored above
            return False
    first = text.lstrip(b"\xef\xbb\xbf \t\r\n")
    if first.startswith(b"<") and _HTML_TAGS.search(text[:4096]):
        return True
    # Pages whose markup starts after a line of junk (PHP notices, a stray BOM twice)
    return len(_HTML_TAGS.findall(text)) >= 3 and b"</" in text


def _looks_like_text(chunk: bytes) -> bool:
    if chunk.startswith(_BOMS[1:]):
        try:
            decoded = chunk.decode("utf-16")
        except UnicodeDecodeError:
            decoded = chunk[: len(chunk) // 2 * 2].decode("utf-16", errors="replace")
    else:
        if b"\x00" in chunk:
            return False
        decoded = ""
        for encoding in ("utf-8", "gb18030"):
            try:
                decoded = chunk.decode(encoding)
                break
            except UnicodeDecodeError as exc:
                if exc.start >= len(chunk) - 4:  # a character cut by the 64 KB window
                    decoded = chunk[: exc.start].decode(encoding)
                    break
        else:
            return False
    if not decoded:
        return False
    control = sum(1 for ch in decoded if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return control <= len(decoded) * 0.01


def _zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        # Truncated: the central directory is missing, but local headers name the parts.
        head = data[:1_000_000]
        if b"word/document.xml" in head or (b"[Content_Types].xml" in head and b"word/" in head):
            return "docx"
        return "zip"
    if "[Content_Types].xml" in names and any(n.startswith("word/document") for n in names):
        return "docx"
    return "zip"


def _ole_kind(data: bytes) -> str:
    """Word 97 binary or Kingsoft WPS (or Microsoft Works) inside an OLE compound file."""
    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, IndexError, OverflowError):
        return "doc"  # truncated: the doc extractor says what is wrong
    try:
        streams = ["/".join(p) for p in ole.listdir(streams=True, storages=True)]
        lowered = [s.lower() for s in streams]
        application = ""
        try:
            meta = ole.get_metadata()
            application = (meta.creating_application or b"").decode("latin-1", errors="ignore")
        except Exception:
            application = ""
    finally:
        ole.close()
    # Kingsoft's own streams or its application name. Not the KSOProductBuildVer custom
    # property: other programs keep it when they re-save a document first written by WPS.
    kingsoft = any("wps" in s or "kso" in s or "kingsoft" in s for s in lowered) or bool(
        re.search(r"\bwps\b|kingsoft", application, re.IGNORECASE)
    )
    if "worddocument" in lowered:
        return "wps" if kingsoft else "doc"
    if "encryptedpackage" in lowered:  # a password-protected DOCX is an OLE file
        return "docx"
    if kingsoft or "contents" in lowered:  # Kingsoft WPS or Microsoft Works word processor
        return "wps"
    return "unknown"
