"""Make a digital PDF look scanned: rasterise, tilt, blur, add noise and JPEG artefacts.

Used to build test and portal-world documents for the OCR route; it depends on nothing but
pypdfium2, OpenCV and img2pdf, so the corpus generator and the portal world can import it.
"""

from __future__ import annotations

import random

import cv2
import img2pdf
import numpy as np
import pypdfium2 as pdfium


def rasterise(pdf: bytes, dpi: int) -> list[np.ndarray]:
    """Every page of ``pdf`` as a greyscale image at ``dpi``."""
    doc = pdfium.PdfDocument(pdf)
    try:
        pages = []
        for page in doc:
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            pages.append(np.array(bitmap.to_pil().convert("L")))
            page.close()
        return pages
    finally:
        doc.close()


def degrade(gray: np.ndarray, rng: random.Random, skew: float, quality: int) -> bytes:
    """One page image → JPEG bytes after rotation by ``skew`` degrees, blur, noise, JPEG."""
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), skew, 1.0)
    img = cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    sigma = rng.uniform(0.3, 0.8)
    img = cv2.GaussianBlur(img, (0, 0), sigma)
    nprng = np.random.default_rng(rng.randrange(2**32))
    noise = nprng.normal(0, rng.uniform(4, 10), img.shape)
    # a faint uneven background, as on a photocopy
    shade = np.linspace(0, rng.uniform(0, 18), w)[None, :]
    img = np.clip(img.astype(np.float32) + noise - shade, 0, 255).astype(np.uint8)
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:  # pragma: no cover - OpenCV always encodes a valid 8-bit image
        raise RuntimeError("JPEG encoding failed")
    return buf.tobytes()


def scan_pages(
    pdf: bytes, rng: random.Random, dpi: int = 200, skew: float | None = None
) -> list[bytes]:
    """The pages of ``pdf`` as degraded JPEGs; ``skew`` None draws ≤ 1.5° per page."""
    out = []
    for gray in rasterise(pdf, dpi):
        angle = rng.uniform(-1.5, 1.5) if skew is None else skew
        out.append(degrade(gray, rng, angle, quality=rng.randint(55, 80)))
    return out


def images_to_pdf(jpegs: list[bytes], dpi: int) -> bytes:
    """Wrap page JPEGs, unchanged, in an image-only PDF."""
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    return img2pdf.convert(jpegs, layout_fun=layout)


def scanify(
    pdf_bytes: bytes, rng: random.Random, dpi: int = 200, skew: float | None = None
) -> bytes:
    """A digital PDF → an image-only PDF that looks scanned (the OCR route's input)."""
    return images_to_pdf(scan_pages(pdf_bytes, rng, dpi, skew), dpi)
