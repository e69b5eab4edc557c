"""Which key figure a label names: the words before a number in a sentence, or a table row.

One set of rules for sentences and legacy tables (``受理依申请公开信息总数`` and
``共收到政府信息公开申请`` are the same figure). Labels are read after ``labels.norm``. A label
names a key by its words, tried from the most specific (appeals, then the answers, then answered,
received, fees, proactive); each key has its own distractors (``制作、获取政府信息总数``,
``依申请公开信息数`` of the proactive catalogue, channels 当面/网上/信函, page views, hotlines,
tax relief, an agency's own spending). ``Context`` says where the label stands: the section
kind, the whole sentence, and whether it is a table row; figures outside the section that owns
them count only when the sentence itself says what it is about.

The keys and what they mean are in ``/work/shared/legacy/README.md`` and ``docs/legacy.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.core import vocabulary as v

KEYS: tuple[str, ...] = tuple(v.LEGACY_KEYS)

#: The section kind that owns each key (its sentences beat a table and other sections).
OWNER: dict[str, str] = {
    "proactive_items": "proactive",
    "fees_yuan": "fees",
    "review": "appeals",
    "litigation": "appeals",
    "complaints": "appeals",
} | dict.fromkeys(
    (
        "requests_received",
        "requests_answered",
        "granted",
        "partly_granted",
        "denied",
        "not_held",
        "not_this_agency",
        "other_answers",
    ),
    "requests",
)


@dataclass(frozen=True, slots=True)
class Context:
    section: str  # the outline part's kind (legacy_outline.Part.kind)
    sentence: str  # the whole sentence, normalised
    table: bool = False


def _any(*words: str) -> re.Pattern[str]:
    return re.compile("|".join(words))


# A change or a comparison, another year, a running total since 2008.
_CHANGE = _any(r"比|较|同比|增加|减少|增长|下降|上升|增幅|降幅|环比|多出|少于")
_OTHER_TIME = _any(r"上年|去年|上一年|前年|往年|以往|历年|上半年|下半年|季度|本月|当月")
_SINCE = _any(r"以来", r"至今", r"截至", r"截止")
_RUNNING = _any(r"历年", r"累计至", r"总累计")

_APPEAL = re.compile(r"复议|诉讼|申诉|举报|投诉")
_APPEAL_KEY = {"复议": "review", "诉讼": "litigation"}
_APPEAL_PART = _any(
    r"维持", r"纠错", r"纠正", r"撤销", r"驳回", r"败诉", r"胜诉", r"其他情形", r"审结", r"结案"
)
_COMPLAINT_NOISE = _any(
    r"热线", r"12345", r"12333", r"便民", r"信访", r"违纪", r"服务质量", r"咨询"
)

_PARTLY = _any(r"部分公开", r"其[它他]公开答复")
_DENIED = _any(
    r"不予公开", r"不同意公开", r"否决公开", r"免于公开", r"免予公开", r"拒绝公开", r"不公开"
)
# 不予公开信息N条: information kept out of the proactive catalogue, not a request denied
_DENIED_INFO = re.compile(r"(?:不予公开|不公开)(?:的)?(?:政府)?信息(?!.*答复)")
_NOT_THIS = _any(
    r"非本(?:行政)?(?:机关|单位|部门|局|级)",
    r"不属于本(?:行政)?(?:机关|单位|部门|局|级)",
    r"不属本(?:机关|单位|部门)",
    r"告知.{0,16}(?:向|到).{0,16}(?:申请|咨询|办理|获取|机关|部门|单位)",
)
_NOT_HELD = _any(
    r"信息不存在", r"不存在", r"不掌握", r"未掌握", r"无相关信息", r"没有相关信息", r"未制作"
)
_OTHER = _any(r"其[他它](?:类型|情形|方式)?的?答复", r"其[他它]情形", r"其[他它]处理")
_GRANTED = re.compile(r"(?:同意|予以|准予|全部|已经?|批准)公开|公开答复")
_ANSWER_NOISE = _any(r"主动公开", r"已主动")
#: The answers, most specific first: (key, its words, words that make them mean something else).
_ANSWER_RULES: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...] = (
    ("partly_granted", _PARTLY, None),
    ("denied", _DENIED, _DENIED_INFO),
    ("not_this_agency", _NOT_THIS, None),
    ("not_held", _NOT_HELD, None),
    ("other_answers", _OTHER, None),
    ("granted", _GRANTED, None),
)

_ANSWERED = _any(r"答复", r"办结", r"办理完毕", r"处理完毕", r"已处理", r"回复", r"已办理")
_ANSWERED_NOISE = _any(
    r"按时",
    r"延期",
    r"逾期",
    r"按期",
    r"当场",
    r"咨询",
    r"留言",
    r"审批",
    r"事项",
    r"诉求",
    r"来信",
    r"来电",
    r"信箱",
    r"办结率",
)
_RECEIVED = _any(
    r"(?:收到|受理|接到|接收|登记|提出|收|共有|办理)(?!.*答复).{0,24}申请",
    r"申请(?:总)?(?:数|量|件|总数|共计|合计|总计)?$",
    r"受理.{0,6}依申请",
    r"依申请公开.{0,8}(?:申请|总数)",
)
_RECEIVED_IN_SECTION = re.compile(r"依申请(?:公开)?(?:的)?(?:政府)?信息(?:数)?$")
_CHANNEL = _any(
    r"当面",
    r"现场",
    r"网上",
    r"网络",
    r"在线",
    r"信函",
    r"传真",
    r"电子邮件",
    r"邮件",
    r"邮寄",
    r"电话",
    r"来信",
    r"来访",
    r"口头",
    r"书面",
    r"网站",
    r"政务微博",
    r"微信",
)
_RECEIVED_NOISE = _any(
    r"复议",
    r"诉讼",
    r"咨询",
    r"审批",
    r"许可",
    r"事项",
    r"热线",
    r"来电",
    r"诉求",
    r"作为",
    r"不予",
    r"主动",
    r"答复",
    r"办结",
)
_REQUEST_TALK = _any(r"信息公开申请", r"公开申请", r"申请公开", r"依申请", r"公开的申请")

_FEES = _any(r"收费", r"收取", r"费用", r"信息处理费", r"检索费", r"复制费")
_FEES_NOISE = _any(
    r"经费",
    r"支出",
    r"投入",
    r"预算",
    r"专项",
    r"开支",
    r"建设",
    r"维护",
    r"资金",
    r"税",
    r"工资",
    r"补贴",
    r"购置",
    r"用于",
)
_FEES_TALK = _any(r"收费", r"收取")

_PROACTIVE = re.compile(r"主动公开")
_PROACTIVE_IN_SECTION = re.compile(r"公开(?:了)?(?:各类)?(?:政府)?信息(?:数)?$|公开(?:数|量)$")
_PROACTIVE_NOISE = _any(
    r"网站",
    r"网上",
    r"门户",
    r"公报",
    r"微博",
    r"微信",
    r"报刊",
    r"报纸",
    r"电视",
    r"广播",
    r"查阅",
    r"公开栏",
    r"公示栏",
    r"显示屏",
    r"触摸屏",
    r"客户端",
    r"新闻",
    r"发布会",
    r"APP",
    r"类",
    r"规范性文件",
    r"目录",
    r"制作",
    r"获取",
    r"依申请",
    r"不予",
    r"访问",
    r"浏览",
    r"点击",
    r"采购",
    r"招标",
    r"投标",
    r"项目",
    r"事项",
    r"权力",
    r"清单",
    r"互联网",
    r"上网",
)
_ALL_CHANNELS = re.compile(r"通过.{0,40}?等(?:渠道|方式|形式|途径|载体|平台)")
#: The parts of a whole: departments, towns, channels (a total says 全/共/总 instead).
_SUB_ENTITY = _any(
    r"各乡镇",
    r"各街道",
    r"各部门",
    r"各单位",
    r"县直",
    r"区直",
    r"市直",
    r"本级",
    r"下属",
    r"所属",
)
_TOTAL = _any(r"共", r"总", r"合计", r"全年", r"全县", r"全区", r"全市", r"全镇", r"全乡", r"全局")


def other_time(prefix: str, near: str, year: int | None) -> bool:
    """The figure speaks of another year, of a change or of a running total: ``near`` is the
    label just before it, ``prefix`` its sentence up to it."""
    if _CHANGE.search(near) or _OTHER_TIME.search(near):
        return True
    years = [int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年", prefix)]
    this_year = bool(years) and years[-1] == year
    if year is not None and years and not this_year:
        return True
    if _RUNNING.search(prefix) or (_SINCE.search(prefix) and "累计" in prefix):
        return True
    return bool(_SINCE.search(prefix)) and not this_year


def is_total(label: str) -> bool:
    return bool(_TOTAL.search(label))


def classify(label: str, ctx: Context) -> str | None:
    """The key a label names in its context, or None."""
    if _APPEAL.search(label):
        return _appeal(label, ctx)
    for key, words, unless in _ANSWER_RULES:
        if words.search(label) and not (unless and unless.search(label)):
            return key if _answer_context(label, ctx) else None
    if _ANSWERED.search(label) and not _ANSWERED_NOISE.search(label) and _about_requests(ctx):
        return "requests_answered"
    if _received(label, ctx):
        return "requests_received"
    if _FEES.search(label) and not _FEES_NOISE.search(label) and _about_fees(ctx):
        return "fees_yuan"
    if _proactive(label, ctx):
        return "proactive_items"
    return None


def _appeal(label: str, ctx: Context) -> str | None:
    if _APPEAL_PART.search(label):
        return None
    last = max(_APPEAL.finditer(label), key=lambda m: m.end())
    key = _APPEAL_KEY.get(last.group(0), "complaints")
    if key == "complaints":
        if _COMPLAINT_NOISE.search(label):
            return None
        if not (ctx.table or ctx.section == "appeals" or "信息公开" in ctx.sentence):
            return None
    return key


def _answer_context(label: str, ctx: Context) -> bool:
    if _ANSWER_NOISE.search(label):
        return False
    return ctx.table or ctx.section == "requests" or bool(re.search(r"申请|答复", ctx.sentence))


def _about_requests(ctx: Context) -> bool:
    return ctx.table or ctx.section == "requests" or bool(_REQUEST_TALK.search(ctx.sentence))


def _received(label: str, ctx: Context) -> bool:
    if _CHANNEL.search(label) or _RECEIVED_NOISE.search(label):
        return False
    if _RECEIVED.search(label):
        return _about_requests(ctx) or "申请" in ctx.sentence
    return ctx.section == "requests" and bool(_RECEIVED_IN_SECTION.search(label))


def _about_fees(ctx: Context) -> bool:
    return ctx.table or ctx.section == "fees" or bool(_FEES_TALK.search(ctx.sentence))


def _proactive(label: str, ctx: Context) -> bool:
    label = _ALL_CHANNELS.sub("", label)  # 通过网站、公开栏等渠道主动公开: every channel, the total
    if _PROACTIVE_NOISE.search(label):
        return False
    if _PROACTIVE.search(label):
        return True
    return ctx.section == "proactive" and bool(_PROACTIVE_IN_SECTION.search(label))


#: Keys that are a whole: a share of them (占53%) is a part, not the figure. An answer's share
#: of the answers (同意公开141件，占47.3%) is the answer's figure.
WHOLES = frozenset({"proactive_items", "requests_received", "requests_answered", "fees_yuan"})


def is_part(label: str) -> bool:
    """A department's, a town's or a channel's share rather than the whole."""
    return bool(_SUB_ENTITY.search(label)) and not is_total(label)
