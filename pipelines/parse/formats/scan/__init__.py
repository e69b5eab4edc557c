"""Image side of the OCR route: rasterising, cleaning, deskewing and table-grid recovery.

Nothing here knows the report's vocabulary; ``pipelines.parse.formats.ocr`` assembles the pieces.
"""
