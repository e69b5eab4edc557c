"""Key figures stated in sentences: ``共收到政府信息公开申请21件``, ``未收到…行政复议`` → 0.

Each sentence of each outline part is read number by number: a number with its unit (条, 件,
元 …, or ``为零``/``为0``) names the key its label says, the label being the words since the
previous number (``legacy_labels.classify``). A number is skipped when it speaks of another year,
a change (比上年增加…) or a running total (截至…累计), when it is a share of a whole (占53%, a
department's or a town's part, 其中… after a total of the same key), or when it counts something
among others (…的2026条政府信息中). A clause that negates (未收到…申请, 没有发生行政复议、行政诉讼,
暂不收费) states 0 for what it names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from pipelines.parse.interpret.legacy_labels import (
    OWNER,
    WHOLES,
    Context,
    classify,
    is_part,
    is_total,
    other_time,
    through_channel,
)
from pipelines.parse.interpret.legacy_outline import Part
from pipelines.parse.labels import norm


@dataclass(frozen=True, slots=True)
class Candidate:
    """One printed value of one key, and where it was printed."""

    key: str
    value: int | str  # a count, or for fees_yuan the amount in 元 as a decimal string
    source: str  # "sentence" or "table"
    part: str  # the outline part it stands in (a table: "table")
    where: str  # the heading of that part, or the table's place
    text: str  # the sentence, or the table row, as printed
    total: bool = False  # worded as a total (共, 全年, 总数 …)
    order: int = 0
    negation: bool = False  # a 0 read from 未收到…/没有发生…, not a printed number
    channel: bool = False  # proactive items through one channel (网站): the total if alone

    @property
    def owned(self) -> bool:
        """Printed in a sentence of the section the key belongs to."""
        return self.source == "sentence" and OWNER[self.key] == self.part


_SENTENCE_END = re.compile(r"[。；;！!？?\n]+")
_CLAUSE = re.compile(r"[，,：:]")
_COMMENT = re.compile(r"<!--.*?-->|<!\[.*?\]>", re.S)
_SPACE = re.compile(r"(?<!\d)[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?!\d)")
_UNITS = r"万元|元|人次|件次|件|条|个|起|份|宗|项|次|篇|例"
_VALUE = re.compile(
    r"(?P<num>(?<![\d.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*(?:余|多)?\s*"
    rf"(?P<unit>{_UNITS})"
    r"|(?P<all>均|都|全部|皆)?(?:为|是)(?P<zero>零|0(?![\d.]))"
)
_AMONG = re.compile(r"^(?:的)?(?:政府)?(?:信息|文件|条目)?中")
_SHARE = re.compile(r"^[^，。；]{0,6}占")
_LIST = re.compile(r"[、和及与]")
_NEGATION = re.compile(r"未|没有|没|无(?![法需论偿关限])|尚未|暂无|均未|从未|并未|不存在")
_NEG_FEES = re.compile(r"收费|收取|费用")
_NO_FEE = re.compile(r"(?:暂不|不|免于?|无须|无需)(?:收取|收费)|免费(?:提供|向|为)")
_NEG_APPEALS = (("review", re.compile(r"复议")), ("litigation", re.compile(r"诉讼")))
_NEG_COMPLAINT = re.compile(r"申诉|举报|投诉")
_REQUEST_TALK = re.compile(r"信息公开申请|公开申请|申请公开|依申请|公开的申请")
# A clause ending in its verb, the noun after the number: 共受理了3件政府信息公开申请
_VERB_END = re.compile(r"(?:受理|收到|接到|接收|登记|答复|办结|公开|有|共|计)(?:了|的)?$")
_SCOPE = 60  # the rest of a clause, at most
# A section whose whole text says there is nothing (四、…收费及减免情况 无。), and what it then means.
_NOTHING = re.compile(
    r"^[\s。．.：:]*(?:本年度|今年|全年)?(?:无|没有|暂无|无此(?:类)?情况|无相关情况)[\s。．.]*$"
)
_NOTHING_MEANS = {
    "fees": ("fees_yuan",),
    "appeals": ("review", "litigation"),
    "requests": ("requests_received",),
}
_SHORT_LABEL = 8


def clean_text(text: str) -> str:
    """Text as the sentence reader wants it: no HTML comment remnants, no spaces inside
    sentences (kept between two figures), full-width forms folded."""
    text = _COMMENT.sub("", unicodedata.normalize("NFKC", text))
    return _SPACE.sub("", text)


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def read_sentences(parts: list[Part], year: int | None) -> list[Candidate]:
    """Every candidate value in the sentences of the report's parts (tables left out)."""
    out: list[Candidate] = []
    for part in parts:
        if part.kind == "table":
            continue
        if _NOTHING.match(clean_text(part.text)) and part.kind in _NOTHING_MEANS:
            out.extend(_nothing(part, len(out)))
            continue
        for sentence in sentences(clean_text(part.text)):
            out.extend(_numbers(sentence, part, year, len(out)))
            out.extend(_negations(sentence, part, year, len(out)))
    return out


def _nothing(part: Part, order: int) -> list[Candidate]:
    """A section that says only 无: nothing to report is 0 for what the section owns."""
    return [
        Candidate(
            key,
            "0" if key == "fees_yuan" else 0,
            "sentence",
            part.kind,
            part.heading,
            part.text.strip(),
            total=True,
            order=order + i,
            negation=True,
        )
        for i, key in enumerate(_NOTHING_MEANS[part.kind])
    ]


def _value(number: str, unit: str) -> int | str | None:
    """A count as an int; an amount in 元 (万元 converted) as a decimal string; None for a
    count with a fraction (not a count)."""
    number = number.replace(",", "")
    if unit.endswith("元"):
        value = Decimal(number) * (10000 if unit == "万元" else 1)
        return format(value.normalize(), "f") if value else "0"
    if "." in number:
        return None
    return int(number)


def _numbers(sentence: str, part: Part, year: int | None, order: int) -> list[Candidate]:
    out: list[Candidate] = []
    ctx = Context(part.kind, norm(sentence))
    previous_end = 0
    previous_key: str | None = None
    for match in _VALUE.finditer(sentence):
        full = sentence[previous_end : match.start()]
        prefix = sentence[: match.start()]
        near = _CLAUSE.split(full)[-1]
        after = sentence[match.end() : match.end() + 12]
        previous_end = match.end()
        unit = match.group("unit") or ""
        value = _value(match.group("num"), unit) if unit else 0
        if value is None:
            continue
        labels = _LIST.split(near) if match.group("all") or value == 0 else [near]
        for label_text in labels:
            key = _key(label_text, full, after, ctx)
            if key is None or (unit and (key == "fees_yuan") != unit.endswith("元")):
                continue
            if other_time(prefix, norm(near), year):
                continue
            if _AMONG.match(after) or (key in WHOLES and _SHARE.match(after)):
                continue
            if key in WHOLES and is_part(norm(near)):
                continue
            if key == previous_key and "其中" in near:
                continue
            previous_key = key
            out.append(
                Candidate(
                    key,
                    str(value) if key == "fees_yuan" else value,
                    "sentence",
                    part.kind,
                    part.heading,
                    sentence.strip()[:200],
                    is_total(norm(full)),
                    order + len(out),
                    channel=key == "proactive_items" and through_channel(norm(near)),
                )
            )
    return out


def _key(near: str, full: str, after: str, ctx: Context) -> str | None:
    """The key of the number: its clause's words, else (a short clause) the words since the
    previous number, else (共受理了3件政府信息公开申请) the noun after it."""
    key = classify(norm(near), ctx)
    if key is None and len(norm(near)) < _SHORT_LABEL and full != near:
        key = classify(norm(full), ctx)
    if key is None and (_VERB_END.search(near) or not norm(near)):
        # 共受理了3件政府信息公开申请; a clause opening with its number: 5件申请均已办结
        noun = _CLAUSE.split(after)[0]
        if noun and not _VALUE.search(noun):
            key = classify(norm(near + noun), ctx)
    return key


def _negations(sentence: str, part: Part, year: int | None, order: int) -> list[Candidate]:
    """0 for what a negating clause names: 未收到…申请, 没有发生行政复议、行政诉讼, 暂不收费."""
    out: list[Candidate] = []
    talk = norm(sentence)
    for clause in _CLAUSE.split(sentence):
        keys = _negated_keys(clause, part.kind, talk)
        for key in keys:
            if other_time(clause, "", year):
                continue
            value: int | str = "0" if key == "fees_yuan" else 0
            out.append(
                Candidate(
                    key,
                    value,
                    "sentence",
                    part.kind,
                    part.heading,
                    sentence.strip()[:200],
                    total=True,
                    order=order + len(out),
                    negation=True,
                )
            )
    return out


def _negated_keys(clause: str, section: str, sentence: str) -> list[str]:
    number = _VALUE.search(clause)
    if number is not None and not number.group("zero"):
        return []
    if _NO_FEE.search(clause) and (
        section == "fees" or re.search(r"申请|依申请|信息公开", sentence)
    ):
        return ["fees_yuan"]
    neg = _NEGATION.search(clause)
    if neg is None:
        return []
    scope = clause[neg.end() : neg.end() + _SCOPE]
    if _NEG_FEES.search(scope):
        return (
            ["fees_yuan"]
            if section == "fees" or "申请" in sentence or "信息公开" in sentence
            else []
        )
    keys = [key for key, words in _NEG_APPEALS if words.search(scope)]
    if _NEG_COMPLAINT.search(scope) and (section == "appeals" or "信息公开" in sentence):
        keys.append("complaints")
    if keys:
        return keys
    about_requests = section == "requests" or _REQUEST_TALK.search(scope)
    if "申请" in scope and not re.search(r"答复|处理|咨询|审批", scope) and about_requests:
        return ["requests_received"]
    return []
