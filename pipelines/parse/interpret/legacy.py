"""The key figures of a legacy report (report years up to 2018): the ``legacy`` object.

Every key of ``legacy_labels.KEYS`` is present: ``None`` where the report states nothing, else
``{"value", "source", "where", "text"}`` — the figure as printed and the sentence or table row it
came from. Candidates come from sentences (``legacy_sentences``) and from the statistical table,
real or flattened into text (``legacy_tables``, glued cells settled by ``legacy_glued``). The
value kept follows ``/work/shared/legacy/README.md``: a sentence of the section that owns the
figure beats the table, which beats a sentence elsewhere (an overview restating a figure);
among several in the owning section, the one the table confirms, then a total, then the first.
A different value printed elsewhere becomes a ``legacy:conflict`` finding naming both places;
a glued cell that splits more than one way is a ``legacy:unsplittable`` finding, and no value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from gongkai.core.report import Finding
from pipelines.parse.interpret.legacy_glued import settle
from pipelines.parse.interpret.legacy_labels import KEYS, Context, classify
from pipelines.parse.interpret.legacy_outline import Part, split_outline
from pipelines.parse.interpret.legacy_sentences import Candidate, read_sentences
from pipelines.parse.interpret.legacy_tables import Row, flattened_rows, table_rows
from pipelines.parse.labels import norm
from pipelines.parse.model import Extracted, Paragraph, Table

#: The last report year of the 2007 regulations (国务院令第492号); 2019 brought the tables.
LAST_LEGACY_YEAR = 2018

#: The outline's part kinds as the canonical section codes (fees went to 六、其他 in 2021).
_SECTION_CODES = {
    "overview": "overview",
    "proactive": "proactive",
    "requests": "requests",
    "consultations": "requests",
    "appeals": "appeals",
    "problems": "problems",
    "fees": "other",
    "other": "other",
    "unknown": "other",
}


@dataclass(slots=True)
class LegacyRead:
    figures: dict[str, dict[str, Any] | None]
    findings: list[Finding]
    parts: list[Part]

    def sections(self) -> dict[str, str]:
        """The outline's text per canonical section code (headings left out)."""
        out: dict[str, list[str]] = {}
        for part in self.parts:
            code = _SECTION_CODES.get(part.kind)
            if code and part.text:
                out.setdefault(code, []).append(part.text)
        return {code: "\n".join(texts) for code, texts in out.items()}


def is_legacy_year(year: int | None) -> bool:
    return year is not None and year <= LAST_LEGACY_YEAR


def read_legacy(ex: Extracted, year: int | None) -> LegacyRead:
    text = "\n".join(b.text for b in ex.blocks if isinstance(b, Paragraph))
    parts = split_outline(text)
    said = read_sentences(parts, year)
    rows: list[Row] = []
    for part in parts:
        if part.kind == "table":
            rows.extend(flattened_rows(part.text, part.heading or "统计表 (text)"))
    for block in ex.blocks:
        if isinstance(block, Table):
            rows.extend(table_rows(block, year))
    keys = [classify(norm(r.label), Context("table", norm(r.label), table=True)) for r in rows]
    stated: dict[str, set[str]] = {}
    for c in said:
        stated.setdefault(c.key, set()).add(str(c.value))
    settle(rows, keys, stated)
    findings: list[Finding] = []
    candidates = list(said)
    for row, key in zip(rows, keys, strict=True):
        if key is None:
            continue
        if row.value is None:
            if len(row.readings) > 1:
                readings = " or ".join(f"{y} (of {t})" for y, t in row.readings)
                findings.append(
                    Finding(
                        "legacy:unsplittable",
                        f"{key}: the glued cell “{row.raw[-40:]}” ({row.where}) reads as "
                        f"{readings}; no value kept",
                        (f"legacy.{key}",),
                    )
                )
            continue
        value = _table_value(key, row.value, row.unit)
        if value is not None:
            candidates.append(
                Candidate(
                    key,
                    value,
                    "table",
                    "table",
                    row.where,
                    row.raw[-80:],
                    total=True,
                    order=len(candidates),
                )
            )
    figures: dict[str, dict[str, Any] | None] = {}
    for key in KEYS:
        kept, others = _choose([c for c in candidates if c.key == key])
        figures[key] = None if kept is None else _figure(kept)
        findings.extend(_conflicts(key, kept, others))
    return LegacyRead(figures, findings, parts)


def _table_value(key: str, text: str, unit: str) -> int | str | None:
    """A table row's figure as the key holds it: fees in 元 as a decimal string, counts whole."""
    number = Decimal(text)
    if key == "fees_yuan":
        if unit == "万元":
            number *= 10000
        return format(number.normalize(), "f") if number else "0"
    if number != number.to_integral_value():
        return None
    return int(number)


def _same(a: int | str, b: int | str) -> bool:
    return Decimal(str(a)) == Decimal(str(b))


def _choose(cands: list[Candidate]) -> tuple[Candidate | None, list[Candidate]]:
    """The candidate kept, and the best one of each other kind of place (for conflicts)."""
    owned = _whole([c for c in cands if c.owned])
    table = [c for c in cands if c.source == "table"]
    elsewhere = _whole([c for c in cands if c.source == "sentence" and not c.owned])
    confirmed = [t.value for t in table[:1]]

    def best(group: list[Candidate]) -> Candidate:
        return min(
            group,
            key=lambda c: (
                not any(_same(c.value, v) for v in confirmed),
                c.negation,
                not c.total,
                c.order,
            ),
        )

    groups = [g for g in (owned, table, elsewhere) if g]
    if not groups:
        return None, []
    firsts = [best(g) if g is not table else g[0] for g in groups]
    return firsts[0], firsts[1:]


def _whole(group: list[Candidate]) -> list[Candidate]:
    """Counts through one channel give way to any other; alone, they are the figure only when
    they agree (通过网站公开1200条, 通过公报公开36条: parts, no total)."""
    plain = [c for c in group if not c.channel]
    if plain or len({str(c.value) for c in group}) == 1:
        return plain or group
    return []


def _figure(c: Candidate) -> dict[str, Any]:
    return {"value": c.value, "source": c.source, "where": c.where or "opening", "text": c.text}


def _place(c: Candidate) -> str:
    if c.source == "table":
        return f"{c.where}: “{c.text[-40:]}”"
    return f"sentence in {c.where or 'the opening'}: “{c.text[:80]}”"


def _conflicts(key: str, kept: Candidate | None, others: Iterable[Candidate]) -> list[Finding]:
    if kept is None:
        return []
    return [
        Finding(
            "legacy:conflict",
            f"{key}: {kept.value} kept ({_place(kept)}); {other.value} also printed "
            f"({_place(other)})",
            (f"legacy.{key}",),
        )
        for other in others
        if not _same(other.value, kept.value)
    ]
