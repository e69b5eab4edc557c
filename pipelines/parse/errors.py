"""Narrow errors for documents that cannot be parsed. Each message says what the file is."""

from __future__ import annotations


class ParseError(Exception):
    """The document could not be turned into a report; ``reason`` is a short stable code."""

    reason = "parse_error"


class EmptyDocument(ParseError):
    reason = "empty"


class TruncatedDocument(ParseError):
    reason = "truncated"


class EncryptedDocument(ParseError):
    reason = "encrypted"


class UnsupportedFormat(ParseError):
    reason = "unsupported_format"


class ConversionFailed(ParseError):
    reason = "conversion_failed"


class NotAReport(ParseError):
    reason = "not_a_report"


class NoTables(ParseError):
    """An annual report whose statistical tables could not be found (scanned, image tables)."""

    reason = "no_tables"
