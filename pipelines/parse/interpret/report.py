"""The blocks of one document (any extractor, OCR included) → a canonical report.

Metadata, the table interpreter, sections, validation and the template's identities. A report
of a year up to 2018 is a legacy report (``format = "legacy"``): no statutory tables, its key
figures read from sentences and its own statistical table (``interpret.legacy``). A document
that is not a report, or a 2019+ report whose tables were not found, raises the
``ParseError`` subclass that says what it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from gongkai.core.report import Finding, ReportFormatError, check_identities, validate
from pipelines.parse import errors
from pipelines.parse.errors import NoTables, NotAReport, ParseError, TruncatedDocument
from pipelines.parse.interpret.legacy import is_legacy_year, read_legacy
from pipelines.parse.interpret.meta import looks_like_report, read_meta
from pipelines.parse.interpret.read import Tables
from pipelines.parse.interpret.sections import headings, split_sections
from pipelines.parse.interpret.tables import detected_format, interpret, shaped
from pipelines.parse.model import Extracted, Paragraph
from pipelines.parse.result import PARSER_VERSION, ParseResult

_FORMAT_2019_TEXT = re.compile(r"国办公开办函\s*[〔\[(（【]\s*2019\s*[〕\])）】]\s*60\s*号")


def parse_extracted(ex: Extracted) -> ParseResult:
    """Interpret the blocks of one document (any extractor) as a canonical report."""
    full_text = ex.text()
    if not full_text.strip():
        raise errors.EmptyDocument(f"the {ex.route} document holds no text")
    meta = read_meta(ex, full_text)
    hint = "2019" if _FORMAT_2019_TEXT.search(full_text) or meta.year in (2019, 2020) else "2021"
    tables = interpret(ex, hint)
    sections = split_sections(ex)
    found = [t for t in ("proactive", "requests", "appeals") if t in tables.found]
    is_report = looks_like_report(meta.title, full_text)
    legacy = is_legacy_year(meta.year) and is_report
    if legacy:
        # before 2019 there was no template: a report's own table is read by interpret.legacy
        found, tables = [], Tables()
    if not found:
        chars = _cjk_count(full_text)
        if ("附件" in full_text and chars < 300) or chars < 40:
            what = (
                "a notice that links to the report as an attachment (附件): parse the attachment"
                if "附件" in full_text
                else "too short to be an annual report"
            )
            raise NotAReport(
                f"not an annual report itself: {_describe(meta.title, full_text)} is {what}"
            )
        if not is_report:
            raise NotAReport(
                f"not an annual report: {_describe(meta.title, full_text)} has no 政府信息公开工作年度报告 "
                "title and none of the report's tables"
            )
        if meta.year is None:
            raise NotAReport(
                f"not an annual report itself: {_describe(meta.title, full_text)} names no report year and "
                "holds none of the report's tables (a list or notice page?)"
            )
        if meta.year >= 2019:
            raise NoTables(
                f"an annual report ({_describe(meta.title, full_text)}) whose statistical tables were not "
                "found in the text: tables drawn as images need OCR"
            )
    if meta.agency is None or meta.year is None:
        missing = " and ".join(
            n for n, val in (("agency", meta.agency), ("year", meta.year)) if val is None
        )
        raise NotAReport(
            f"cannot tell the report's {missing} ({_describe(meta.title, full_text)}): "
            "no title with 20XX年 and no signature block"
        )
    fmt = "legacy" if legacy else detected_format(tables, hint) if found else "prose"
    missing_tables = [t for t in ("proactive", "requests", "appeals") if t not in found]
    if found and missing_tables and not ({"problems", "other"} & headings(ex)):
        raise TruncatedDocument(
            f"the document stops before table(s) {', '.join(missing_tables)} and sections 五、六: "
            "it looks cut off (a partial download?)"
        )
    report: dict[str, Any] = {
        "agency": meta.agency,
        "year": meta.year,
        "format": fmt,
        "published": meta.published,
    }
    if found:
        report.update(shaped(tables, fmt))
    read = read_legacy(ex, meta.year) if legacy else None
    if read is not None:
        report["legacy"] = read.figures
        sections = sections or read.sections()
    if sections:
        report["sections"] = sections
    try:
        report = validate(report)
    except ReportFormatError as exc:  # pragma: no cover - the interpreter only emits valid cells
        raise ParseError(f"the parsed report does not validate: {exc}") from exc
    findings = check_identities(report) if found else []
    if read is not None:
        findings += read.findings
    findings += [
        Finding(f"parse:{n['kind']}", f"{n['where']}: {n['detail']}") for n in tables.notes
    ]
    findings += [
        Finding("parse:missing_table", f"table {t} was not found") for t in missing_tables if found
    ]
    provenance = {
        "route": ex.route,
        "format": fmt,
        "tables": tables.found,
        "fallbacks": list(tables.notes),
        "meta": meta.sources,
        "extractor_notes": list(ex.notes),
    }
    return ParseResult(report, findings, provenance, ex.route, PARSER_VERSION, full_text)


#: Headings for an archived prose version's sections, in the 492号 outline's order.
_STORED_HEADINGS = {
    "overview": "一、概述",
    "proactive": "二、主动公开政府信息情况",
    "requests": "三、依申请公开政府信息情况",
    "appeals": "四、因政府信息公开申请行政复议、提起行政诉讼的情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}


def legacy_from_sections(stored: Mapping[str, Any]) -> ParseResult:
    """A legacy report read from an archived ``prose`` version's own sections, for when the
    bytes of its document are not in the archive (a report loaded as JSON, a lost blob).
    Agency, year and publication date stay the archived version's."""
    sections: dict[str, str] = dict(stored.get("sections") or {})
    blocks: list[Paragraph] = []
    for code, heading in _STORED_HEADINGS.items():
        lines = [line for line in sections.get(code, "").splitlines() if line.strip()]
        if lines:
            blocks += [Paragraph(heading, f"section {code}")]
            blocks += [Paragraph(line, f"section {code}") for line in lines]
    ex = Extracted("text", list(blocks))
    read = read_legacy(ex, stored.get("year"))
    report: dict[str, Any] = {
        "agency": stored.get("agency"),
        "year": stored.get("year"),
        "format": "legacy",
        "published": stored.get("published"),
        "legacy": read.figures,
    }
    if sections:
        report["sections"] = sections
    try:
        report = validate(report)
    except ReportFormatError as exc:
        raise ParseError(f"the archived version does not make a legacy report: {exc}") from exc
    provenance = {
        "route": "stored sections",
        "format": "legacy",
        "meta": {"agency": "the archived version", "year": "the archived version"},
        "note": "read from the archived prose version's sections; its document's bytes are "
        "not in the archive",
    }
    return ParseResult(report, read.findings, provenance, "stored", PARSER_VERSION, ex.text())


def _cjk_count(text: str) -> int:
    return sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")


def _describe(title: str | None, text: str) -> str:
    if title:
        return f"“{title[:40]}”"
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return f"a document starting “{first[:30]}”"
