"""Word 97 (DOC), Kingsoft WPS and RTF → ``Extracted`` (routes ``doc`` / ``wps``).

The binary is converted to DOCX by the process's long-lived LibreOffice (``soffice.convert``)
and read by the DOCX extractor, so merged cells survive. When LibreOffice cannot convert it,
``antiword`` (or ``catdoc``) gives the text, one paragraph per line; tables then arrive as
text lines (route ``doc``) for the interpreter's text rules, and a note says so.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile

from pipelines.parse import soffice
from pipelines.parse.errors import (
    ConversionFailed,
    EmptyDocument,
    EncryptedDocument,
    TruncatedDocument,
)
from pipelines.parse.formats import docx
from pipelines.parse.model import Extracted, Paragraph
from pipelines.parse.sniff import OLE_MAGIC


def extract(data: bytes, *, route: str = "doc") -> Extracted:
    """Convert and read a DOC/WPS/RTF document; ``route`` is ``doc`` or ``wps`` (from detect)."""
    if not data:
        raise EmptyDocument("the document is empty (0 bytes)")
    src_ext = _source_extension(data, route)
    _check_ole(data)
    try:
        converted = soffice.convert(data, src_ext, "docx")
    except ConversionFailed as exc:
        return _fallback(data, route, f"LibreOffice failed ({exc}); text read by a fallback tool")
    extracted = docx.extract(converted)
    extracted.route = "wps" if route == "wps" else "doc"
    extracted.notes.append(f"{src_ext} converted to docx by LibreOffice")
    return extracted


def _source_extension(data: bytes, route: str) -> str:
    """The extension that makes LibreOffice pick the right import filter.

    Kingsoft WPS files that hold a ``WordDocument`` stream are Word 97 binaries with extras and
    open with the Word filter; only a WPS without it (Microsoft Works) is handed over as .wps.
    """
    if data.lstrip()[:5].lower() == b"{\\rtf":
        return "rtf"
    if route == "wps" and "WordDocument".encode("utf-16-le") not in data:
        return "wps"
    return "doc"


def _check_ole(data: bytes) -> None:
    if not data.startswith(OLE_MAGIC):
        return
    import io

    import olefile

    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
        try:
            fib = ole.openstream("WordDocument").read(12) if ole.exists("WordDocument") else b""
        finally:
            ole.close()
    except (OSError, ValueError, IndexError, OverflowError) as exc:
        raise TruncatedDocument(
            f"the OLE container of this DOC/WPS is damaged ({exc}); the file is truncated or corrupt"
        ) from exc
    # FIB flags at offset 10: fEncrypted is bit 8
    if len(fib) >= 12 and int.from_bytes(fib[10:12], "little") & 0x0100:
        raise EncryptedDocument(
            "the DOC is password-protected; it cannot be read without the password"
        )


def _fallback(data: bytes, route: str, note: str) -> Extracted:
    text = None
    with tempfile.NamedTemporaryFile(suffix=".doc") as tmp:
        tmp.write(data)
        tmp.flush()
        for tool, args in (
            ("antiword", ["-w", "0", "-m", "UTF-8.txt"]),
            ("catdoc", ["-d", "utf-8", "-w"]),
        ):
            exe = shutil.which(tool)
            if exe is None:
                continue
            try:
                done = subprocess.run(
                    [exe, *args, tmp.name], capture_output=True, timeout=60, check=False
                )
            except subprocess.TimeoutExpired:
                continue
            if done.returncode == 0 and done.stdout.strip():
                text = done.stdout.decode("utf-8", errors="replace")
                note += f" ({tool})"
                break
    if text is None:
        raise ConversionFailed(f"{note}; antiword and catdoc could not read it either")
    lines = [ln.rstrip() for ln in text.replace("\r", "\n").split("\n")]
    blocks = [Paragraph(ln, where=f"line {i}") for i, ln in enumerate(lines, start=1) if ln.strip()]
    return Extracted(route="wps" if route == "wps" else "doc", blocks=list(blocks), notes=[note])
