"""DOC/WPS through the long-lived LibreOffice worker, and the antiword fallback."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from pipelines.parse import soffice
from pipelines.parse.errors import TruncatedDocument
from pipelines.parse.formats import doc
from pipelines.parse.model import Table

pytestmark = pytest.mark.slow


def test_doc_keeps_merged_tables(doc_bytes: bytes, report: dict[str, Any]) -> None:
    ex = doc.extract(doc_bytes)
    assert ex.route == "doc"
    tables = [b for b in ex.blocks if isinstance(b, Table)]
    assert [t.width for t in tables] == [4, 10, 15]
    t3 = tables[1]
    assert t3.rows[6][0].is_copy
    assert t3.rows[6][0].text == "三、本年度办理结果"
    new = report["requests"]["new"]
    assert [c.text for c in t3.rows[3][3:]] == [str(new[k]) for k in new]


def test_converter_is_reused_and_warm(doc_bytes: bytes) -> None:
    doc.extract(doc_bytes)
    worker = soffice.converter()._proc
    start = time.perf_counter()
    doc.extract(doc_bytes)
    assert time.perf_counter() - start < 2.0
    assert soffice.converter()._proc is worker


def test_wps_route(doc_bytes: bytes) -> None:
    assert doc.extract(doc_bytes, route="wps").route == "wps"


def test_fallback_reads_text(doc_bytes: bytes) -> None:
    ex = doc._fallback(doc_bytes, "doc", "forced")
    assert ex.route == "doc"
    assert any("行政许可" in b.text for b in ex.blocks)


def test_truncated_doc(doc_bytes: bytes) -> None:
    with pytest.raises(TruncatedDocument):
        doc.extract(doc_bytes[:700])


def test_encrypted_doc(doc_bytes: bytes) -> None:
    from pipelines.parse.errors import EncryptedDocument

    start = doc_bytes.index(b"\xec\xa5")  # the FIB's wIdent opens the WordDocument stream
    patched = bytearray(doc_bytes)
    patched[start + 11] |= 0x01  # fEncrypted
    with pytest.raises(EncryptedDocument):
        doc.extract(bytes(patched))


def test_encrypted_docx_is_detected_and_refused(doc_bytes: bytes) -> None:
    from pipelines.parse.errors import EncryptedDocument
    from pipelines.parse.formats import docx
    from pipelines.parse.sniff import detect

    old = "WordDocument".encode("utf-16-le") + b"\x00\x00"
    at = doc_bytes.index(old)
    new = "EncryptedPackage".encode("utf-16-le") + b"\x00\x00"
    patched = bytearray(doc_bytes)
    patched[at : at + 64] = new.ljust(64, b"\x00")
    patched[at + 64 : at + 66] = len(new).to_bytes(2, "little")
    assert detect(bytes(patched)) == "docx"
    with pytest.raises(EncryptedDocument):
        docx.extract(bytes(patched))


def test_close_leaves_no_libreoffice(doc_bytes: bytes) -> None:
    import os
    import signal

    converter = soffice.Converter()
    try:
        assert converter.convert(doc_bytes, "doc", "docx").startswith(b"PK")
        pgid = converter._soffice_pgid
        assert isinstance(pgid, int)
        os.kill(converter._proc.pid, signal.SIGKILL)  # even when the worker dies abruptly
    finally:
        converter.close()
    time.sleep(0.5)
    alive = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":  # zombies wait for init to reap them
            alive.append(pid)
    assert alive == []
