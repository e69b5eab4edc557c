"""Label normalisation and the keyword rules that recognise the template's rows and columns.

Labels are matched after ``norm``: NFKC (full-width digits and brackets), every bracket as
``()``, no whitespace or quotes, and ``1、``/``1．`` written ``1.``. Matching is by keywords,
not by whole strings, so typos elsewhere in a label (本年度止件数), hints in parentheses and
labels wrapped across lines or cells still match.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_BRACKETS = str.maketrans(
    {
        "〔": "(",
        "〕": ")",
        "【": "(",
        "】": ")",
        "［": "(",
        "］": ")",
        "[": "(",
        "]": ")",
        "{": "(",
        "}": ")",
    }
)
_DROP = re.compile(r"[\s\u200b\u3000\"'“”‘’「」『』]+")
_ENUM = re.compile(r"(\d)[、.．,，]")


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """A label in comparable form: ``（三）不予公开 1． 属于 国家秘密`` → ``(三)不予公开1.属于国家秘密``."""
    text = _BOOKMARK.sub("", text)
    text = unicodedata.normalize("NFKC", text).translate(_BRACKETS)
    text = _DROP.sub("", text)
    return _ENUM.sub(r"\1.", text)


def _rules(pairs: list[tuple[str, str]]) -> list[tuple[str, re.Pattern[str]]]:
    return [(code, re.compile(pattern)) for code, pattern in pairs]


def first_match(label: str, rules: list[tuple[str, re.Pattern[str]]]) -> str | None:
    for code, pattern in rules:
        if pattern.search(label):
            return code
    return None


# --- Table 2 (主动公开) ---------------------------------------------------------------------

PROACTIVE_ITEMS = _rules(
    [
        ("normative_documents", r"规范性文件"),
        ("rules", r"规章"),
        ("licensing", r"行政许可"),
        ("other_services", r"其他对外管理服务"),
        ("penalties", r"行政处罚"),
        ("coercion", r"行政强制"),
        ("fees", r"事业性收费|行政收费"),
        ("procurement", r"集中采购"),
    ]
)

PROACTIVE_MEASURES = _rules(
    [
        ("issued", r"制发|印发|发布件数"),
        ("repealed", r"废止|度止|废除"),
        ("in_force", r"现行有效|有效件数"),
        ("created", r"新制作|制作数"),
        ("published", r"新公开|本年公开"),
        ("total_published", r"公开总数|对外公开总|累计公开"),
        ("prior_items", r"上一年|上年度?项目|去年项目"),
        ("change", r"增.?减|增减"),
        ("amount_10k_yuan", r"收费金额"),
        ("decisions", r"处理决定"),
        ("procurement_items", r"采购项目"),
        ("procurement_amount", r"采购总金额|采购金额"),
    ]
)

#: Words that put a row in table 2 when it has no item label (headers, 第二十条 lines).
PROACTIVE_HINTS = re.compile(
    r"第二十条|信息内容|本年制发|新制作|制作数量|对外公开总|上一年项目|上年度?项目|收费金额|采购项目"
)

# --- Table 3 (依申请) -------------------------------------------------------------------------

REQUEST_ROWS = _rules(
    [
        ("new", r"本年新收|新收.*申请"),
        ("carried_over", r"上年结转|上年度结转"),
        ("carried_forward", r"结转下年|下年度继续|继续办理"),
        ("partly_granted", r"部分公开"),
        ("granted", r"予以公开"),
        ("denied_state_secret", r"国家秘密"),
        ("denied_law_prohibited", r"禁止公开|法规禁止"),
        ("denied_security_stability", r"三安全|一稳定|危及"),
        ("denied_third_party", r"第三方"),
        ("denied_internal_affairs", r"内部事务"),
        ("denied_process_info", r"过程性"),
        ("denied_enforcement_file", r"执法案卷"),
        ("denied_admin_query", r"行政查询|查询事项"),
        ("unavailable_not_held", r"不掌握"),
        ("unavailable_needs_creation", r"另行制作|没有现成"),
        ("unavailable_unclear", r"补正后|仍不明确|内容不明确"),
        ("rejected_petition", r"信访|举报投诉"),
        ("rejected_duplicate", r"重复申请"),
        ("rejected_publication", r"出版物"),
        ("rejected_excessive", r"大量反复|反复申请"),
        ("rejected_confirmation", r"重新出具|确认或"),
        ("other_no_correction", r"不补正"),
        ("other_unpaid_fee", r"缴纳费用|收费通知"),
        ("other_other", r"(^|[.)、])其他$"),
        ("other_processing", r"其他处理$"),
        ("handled_total", r"总计$|合计$|^\(七\)"),
    ]
)

#: Header cells of table 3: applicant columns.
REQUEST_COLUMNS = _rules(
    [
        # narrow columns wrap their header (商业/企业): the first line alone names the column
        ("natural_person", r"自然人|^自然$"),
        ("commercial", r"商业企业|^商业$"),
        ("research", r"科研机构|^科研$"),
        ("nonprofit", r"公益组织|^社会公益$|^社会$"),
        ("legal_services", r"法律服务|^法律$"),
        ("other_org", r"^其他$"),
        ("total", r"^总计$|^合计$"),
    ]
)
REQUEST_ORG_GROUP = re.compile(r"法人(?:或者?|和|及)其他组织")
REQUEST_HINTS = re.compile(r"申请人情况|勾稽关系|办理结果|法人(?:或者?|和|及)其他组织")

# --- Table 4 (复议、诉讼) ---------------------------------------------------------------------

APPEAL_HINTS = re.compile(
    r"行政复议|行政诉讼|结果维持|结果纠正|尚未审结|复议后起诉|直接起诉|^维持|^纠正|^审结"
)

# --- Sections --------------------------------------------------------------------------------

SECTION_HEADING = re.compile(r"^[一二三四五六七八九]、")
SECTION_RULES = _rules(
    [
        ("overview", r"总体情况|概述|总体"),
        ("appeals", r"行政复议|行政诉讼"),
        ("problems", r"存在的主要问题|问题及改进|问题和改进|改进情况"),
        ("other", r"其他需要报告|其他事项"),
        ("proactive", r"主动公开"),
        ("requests", r"收到和处理|依申请"),
    ]
)
