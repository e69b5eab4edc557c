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


def _words(words: str) -> re.Pattern[str]:
    """A pattern matching any of the space-separated words (each may be a regex)."""
    return re.compile("|".join(words.split()))


# A change or a comparison, another year, a running total since 2008.
_CHANGE = _words("比 较 同比 增加 减少 增长 下降 上升 增幅 降幅 环比 多出 少于")
_OTHER_TIME = _words("上年 去年 上一年 前年 往年 以往 历年 上半年 下半年 季度 本月 当月")
_SINCE = _words("以来 至今 截至 截止")
# Since the start of the report's own period: 今年以来; in 2008, the regulations' first year,
# 《条例》施行以来 is the report period itself.
_THIS_PERIOD = _words("今年以来 本年以来 本年度以来 年初以来")
_FIRST_YEAR = 2008
_RUNNING = _words("历年 累计至 总累计")

_APPEAL = re.compile(r"复议|诉讼|申诉|举报|投诉")
_APPEAL_KEY = {"复议": "review", "诉讼": "litigation"}
# The outcome of an appeal (维持 2 of the 3 cases), not the number of appeals.
_APPEAL_PART = _words("维持 纠错 纠正 撤销 驳回 败诉 胜诉 其他情形 审结 结案")
_COMPLAINT_NOISE = _words("热线 12345 12333 便民 信访 违纪 服务质量 咨询")

_PARTLY = _words(r"部分(?:同意|予以)?公开 其[它他]公开答复")
_DENIED = _words(r"不予以?公开 不同意公开 否决公开 免于公开 免予公开 拒绝公开 不公开")
# 不予公开信息N条: information kept out of the proactive catalogue, not a request denied
_DENIED_INFO = re.compile(r"(?:不予公开|不公开)(?:的)?(?:政府)?信息(?!.*答复)")
_NOT_THIS = _words(
    r"非本(?:行政)?(?:机关|单位|部门|局|级) 不属于本(?:行政)?(?:机关|单位|部门|局|级)"
    r" 不属本(?:机关|单位|部门) 告知.{0,16}(?:向|到).{0,16}(?:申请|咨询|办理|获取|机关|部门|单位)"
)
_NOT_HELD = _words("信息不存在 不存在 不掌握 未掌握 无相关信息 没有相关信息 未制作")
# Not 其他情形: the national table prints it under 不同意公开 and under 行政复议 too.
_OTHER = _words(r"其[他它](?:类型|方式)?的?答复 其[他它]处理")
_GRANTED = re.compile(r"(?:同意|予以|准予|全部|已经?|批准)公开|公开答复")
_ANSWER_NOISE = _words("主动公开 已主动")
#: The answers, most specific first: (key, its words, words that make them mean something else).
_ANSWER_RULES: tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...] = (
    ("partly_granted", _PARTLY, None),
    ("denied", _DENIED, _DENIED_INFO),
    ("not_this_agency", _NOT_THIS, None),
    ("not_held", _NOT_HELD, None),
    ("other_answers", _OTHER, None),
    ("granted", _GRANTED, None),
)

_ANSWERED = _words("答复 办结 办理完毕 处理完毕 已处理 回复 已办理")
# Not the requests: other business an office handles (审批事项, 群众诉求, 来信 …).
_OTHER_BUSINESS = r"(?:审批|许可|服务|权力|便民|办理)事项"
_ANSWERED_NOISE = _words(
    f"按时 延期 逾期 按期 当场 咨询 留言 审批 {_OTHER_BUSINESS} 诉求 来信 来电 信箱 办结率"
)
_RECEIVED = _words(
    r"(?:收到|受理|接到|接收|登记|提出|收|共有|办理)(?!.*答复).{0,24}申请"
    r" 申请(?:总)?(?:数|量|件|总数|共计|合计|总计)?$ 受理.{0,6}依申请 依申请公开.{0,8}(?:申请|总数)"
)
_RECEIVED_IN_SECTION = re.compile(r"依申请(?:公开)?(?:的)?(?:政府)?信息(?:数)?$")
# How a request arrived (当面, 网上 …): a channel's share, never the total.
_CHANNEL = _words(
    "当面 现场 网上 网络 在线 信函 传真 电子邮件 邮件 邮寄 电话 来信 来访 口头 书面 网站 政务微博 微信"
)
_RECEIVED_NOISE = _words(
    f"复议 诉讼 咨询 审批 许可 {_OTHER_BUSINESS} 热线 来电 诉求 作为 不予 主动 答复 办结 重复 不明确 补正 撤回"
    " 内容 非政府 转办 转交"
)
_REQUEST_TALK = _words("信息公开申请 公开申请 申请公开 依申请 公开的申请")

_FEES = _words("收费 收取 费用 信息处理费 检索费 复制费")
# An agency's own spending on disclosure work, tax and relief payments: not fees charged.
_FEES_NOISE = _words(
    "经费 支出 投入 预算 专项 开支 建设 维护 资金 税 工资 补贴 购置 用于 标准 每页 每张 每件 每份 单价"
)
# 减免 alone is a reduction granted (or tax relief); 收费减免金额 is the fee line of a table.
_RELIEF = re.compile(r"减免")
_FEES_TALK = _words("收费 收取")

_PROACTIVE = re.compile(r"主动(?:向(?:社会|公众))?公开")
_PROACTIVE_IN_SECTION = re.compile(r"公开(?:了)?(?:各类)?(?:政府)?信息(?:数)?$|公开(?:数|量)$")
# Channels, classes, catalogues, other counts (制作获取, 依申请公开信息, page views, procurement).
_PROACTIVE_NOISE = _words(
    "类 规范性文件 目录 制作 获取 依申请 不予 访问 浏览 点击 采购 招标 投标 项目 事项 权力 清单 范围"
)
# A channel: 通过门户网站主动公开N条 is the total only when the report gives no other.
_CHANNELS = _words(
    "网站 网上 门户 公报 微博 微信 报刊 报纸 电视 广播 查阅 公开栏 公示栏 显示屏 触摸屏 客户端 新闻"
    " 发布会 APP 互联网 上网"
)
_ALL_CHANNELS = re.compile(r"通过.{0,40}?等(?:渠道|方式|形式|途径|载体|平台)")
#: The parts of a whole: departments, towns, channels (a total says 全/共/总 instead).
_SUB_ENTITY = _words("各乡镇 各街道 各部门 各单位 县直 区直 市直 本级 下属 所属")
_TOTAL = _words("共 总 合计 全年 全县 全区 全市 全镇 全乡 全局")


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
    own_period = this_year or year == _FIRST_YEAR or bool(_THIS_PERIOD.search(prefix))
    return bool(_SINCE.search(prefix)) and not own_period


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
    if _fees(label) and _about_fees(ctx):
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


def _fees(label: str) -> bool:
    if not _FEES.search(label) or _FEES_NOISE.search(label):
        return False
    return not _RELIEF.search(label) or "收费" in label


def _about_fees(ctx: Context) -> bool:
    return ctx.table or ctx.section == "fees" or bool(_FEES_TALK.search(ctx.sentence))


def _proactive(label: str, ctx: Context) -> bool:
    # 通过网站、公开栏等渠道主动公开, 主动公开各类政府信息: every channel and class, the total
    label = _ALL_CHANNELS.sub("", label).replace("各类", "")
    if _PROACTIVE_NOISE.search(label):
        return False
    if _PROACTIVE.search(label):
        return True
    in_section = ctx.section == "proactive" and _PROACTIVE_IN_SECTION.search(label)
    return bool(in_section) and not _CHANNELS.search(label)


def through_channel(label: str) -> bool:
    """A count of what went out through one channel (通过门户网站主动公开…), not through all
    (通过网站、公开栏等渠道…)."""
    return bool(_CHANNELS.search(_ALL_CHANNELS.sub("", label)))


#: Keys that are a whole: a share of them (占53%) is a part, not the figure. An answer's share
#: of the answers (同意公开141件，占47.3%) is the answer's figure.
WHOLES = frozenset({"proactive_items", "requests_received", "requests_answered", "fees_yuan"})


def is_part(label: str) -> bool:
    """A department's, a town's or a channel's share rather than the whole."""
    return bool(_SUB_ENTITY.search(label)) and not is_total(label)
