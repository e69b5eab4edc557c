"""A rendered DOCX report renamed to another agency and year inside its XML: rendering is
slow, so the crawl tests' worlds render one base report and rename it for every report."""

from __future__ import annotations

import io
import zipfile


def renamed_docx(base: bytes, base_agency: str, base_year: int, agency: str, year: int) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith(".xml"):
                text = data.decode("utf-8").replace(base_agency, agency)
                # the publication year (base + 1) first, so that it does not become ``year``
                text = text.replace(f"{base_year + 1}年", "\x00").replace(
                    f"{base_year}年", f"{year}年"
                )
                data = text.replace("\x00", f"{year + 1}年").encode("utf-8")
            dst.writestr(info, data)
    return out.getvalue()
