"""Interpretation: the blocks of any format → the canonical report's tables, sections and metadata."""
