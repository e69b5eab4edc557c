"""Documents for the format extractors, rendered once per session by the corpus generator."""

from __future__ import annotations

import io
import random
from pathlib import Path
from typing import Any

import pytest

from gongkai.demo.generate import random_report
from gongkai.demo.render import render


@pytest.fixture(scope="session")
def report() -> dict[str, Any]:
    return random_report(random.Random(7), agency="淮安市人民政府", year=2024)


@pytest.fixture(scope="session")
def docx_bytes(report: dict[str, Any]) -> bytes:
    return render(report, "docx", random.Random(1))


@pytest.fixture(scope="session")
def pdf_bytes(report: dict[str, Any]) -> bytes:
    return render(report, "pdf", random.Random(1))


@pytest.fixture(scope="session")
def doc_bytes(report: dict[str, Any]) -> bytes:
    return render(report, "doc", random.Random(1))


@pytest.fixture(scope="session")
def huaian(shared_dir: Path) -> bytes:
    return (shared_dir / "real" / "huaian_2024.pdf").read_bytes()


@pytest.fixture(scope="session")
def encrypted_pdf(pdf_bytes: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
