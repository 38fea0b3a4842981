"""Programmes: quoted names with a cue verb before or a programme word after them,
and unquoted named campaigns (X专项治理, X专项斗争, 抓X工程, 开展大X).

Not programmes: laws and documents (《…》), labels and slogans (“X经验”), regimes
(“负面清单”), platforms, meetings and events — see patterns/program_not.txt.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from spacy.language import Language

from .resources import load_lines
from .spans import wx_of

CJK = re.compile(r"[\u4e00-\u9fff]")


@lru_cache(maxsize=1)
def _cues() -> tuple[str, ...]:
    return tuple(sorted(load_lines("program_cues.txt"), key=len, reverse=True))


@lru_cache(maxsize=1)
def _suffix_re() -> re.Pattern[str]:
    words = sorted(load_lines("program_suffixes.txt"), key=len, reverse=True)
    return re.compile(rf"^([\u4e00-\u9fff]{{0,6}}?)({'|'.join(map(re.escape, words))})")


@lru_cache(maxsize=1)
def _not_endings() -> tuple[str, ...]:
    return load_lines("program_not.txt")


_QUOTE = re.compile(r"[“「『\"]([^“”「」『』\"]{2,24})[”」』\"]")  # 「」 too: Traditional and HK/TW texts
# Words after a closing quote that only name the thing without adding to the name.
_GENERIC_TAIL = {"工作", "服务", "活动"}
_AFTER_DE = re.compile(r"^(?:的|之)[\u4e00-\u9fff]{0,4}?(?:新路|之路|路子|模式|机制|做法|方式|形式|路径|共同体|联合体|体系)")
_ETC_KIND = re.compile(r"^等[\u4e00-\u9fff]{0,2}?(?:模式|机制|方式|做法|举措|活动|工程)")
_EVENT_AFTER = re.compile(
    r"^(?:工作)?(?:现场)?(?:推进会|现场会|座谈会|会议|大会|论坛|交流会|培训班|会)|"
    r"^[\u4e00-\u9fff]{0,2}?(?:文化节|旅游节|艺术节|音乐节|美食节|丰收节|博览会|展销会|交易会|招商会|推介会|大赛|比赛|晚会)"
)
_CLAUSE_BREAK = re.compile(r"[，。；：！？,;:!?\n]")
# After a quote: it names a principle, idea or goal, not a programme.
_NOT_PROGRAM_AFTER = re.compile(
    r"^(?:的)?(?:工作方针|工作原则|原则|理念|思路|方针|要求|目标|精神|口号|标准|态势|格局|氛围|意识|平台|系统|APP|App|app|小程序|公众号|热线|网站|"
    r"(?:品牌|称号|荣誉|金名片|名片|招牌|美誉|商标|地标)(?![\u4e00-\u9fff]{0,4}(?:活动|建设|创建|工程|行动|计划)))"
)
# Quoted honours and brand titles (“X·中国Y第一县”, “中国X之乡”): labels, not programmes.
# A branded town (“某某小镇”) is a title too.
_HONOUR = re.compile(
    r"[·•]|^中国(?![\u4e00-\u9fff]{0,6}(?:计划|行动|工程|战略))|(?:之乡|之都|之城|第一[县市镇村乡]|名[县市镇村]|强[县市镇])$"
    r"|小镇$"
)
# An award verb before a quote (被评为“全国文明村”, 入选“某某典型案例”): the quote is an honour.
_AWARD_BEFORE = re.compile(r"(?:评为|获评|列为|入选|荣获|获得|授予|命名为|评选为|上榜|获)(?:国家级|国家|全国|省级|省)?$")
# A quote as an attribute before 的 + a noun (打造“某某”的交通环境): a description, not a
# programme, unless its own words or the noun name a kind of programme (_AFTER_DE).
_PROGRAM_WORD_END = re.compile(r"(?:模式|机制|改革|工程|行动|计划|战略|试点|专项治理|专项整治|攻坚战|工作法|长制)$")
# 等 + an event kind after a quote (“X”等推介活动): a promotion event, not a programme.
_ETC_EVENT = re.compile(r"^等[\u4e00-\u9fff]{0,4}?(?:推介|展销|展会|博览|招商|比赛|大赛|赛事|节庆|文化节|旅游节)")
# Policy formulas built of 一X一Y parts (“一河一长、一河一策”, “一村一品”): a working mechanism.
_FORMULA = re.compile(r"^(?:(?:一[\u4e00-\u9fff]){2,4}(?:、|$))+$")
# Paired numbered slogans of a campaign (“千村示范、万村整治”, “百村示范、千村提升”).
_PAIRED_NUMBERED = re.compile(r"^[一二两三四五六七八九十百千万][\u4e00-\u9fff]{1,4}、[一二两三四五六七八九十百千万][\u4e00-\u9fff]{1,4}$")
# A chain of short steps (“受理、登记、转办、回访”, “实践—总结—再实践”): a procedure, not a
# programme — unless a count names it (“产、城、乡”三篇文章).
# (Three-character items with a time word, “日调度、周通报、月考核”, are a named routine: kept.)
_STEP_CHAIN = re.compile(r"^(?:[\u4e00-\u9fff]{1,2}、){2,}[\u4e00-\u9fff]{1,2}$|^(?:[\u4e00-\u9fff]{1,3}[—\-－]+){2,}[\u4e00-\u9fff]{1,3}$")
_COUNTED_AFTER = re.compile(r"^[一二两三四五六七八九十]+(?:篇|个|字|步|项|大)")
# Figurative 工程 (烂尾工程, 形象工程, 民心工程): a metaphor, not a programme.
_FIGURATIVE_PROJECT = re.compile(r"(?:烂尾|豆腐渣|形象|面子|政绩|民心|德政|良心|暖心|一号|系统)工程$")
# Other numbered work frameworks: numeral + 大 + noun (e.g. “五大工程”) or numeral-led chunks
# (e.g. “三山两水一田”).
_NUMBERED = re.compile(r"^(?:[两三四五六七八九十]大[\u4e00-\u9fff]{2}|(?:[一两三四五六七八九十][\u4e00-\u9fff]{1,2}){2,5})$")
# Short quoted frameworks led by a number (“六保”, “四化”, “三个到位”, “五字诀”, “两不愁三保障”,
# “四好农村路”) or joined with + (“党建+产业”): named ways of working. Not led by 一 (“一趟不用跑”
# is a service promise) nor by a two-digit number (“十八洞” is a name).
_SHORT_FRAMEWORK = re.compile(
    r"^(?:[二两三四五六七八九十百千万](?![一二两三四五六七八九十])(?:个|项|大|字|张|不|化|心|联|网|长|员|式)?[\u4e00-\u9fff]{1,4}"
    r"(?:[一二两三四五六七八九十][\u4e00-\u9fff]{1,3})?|[\u4e00-\u9fff]{2,4}(?:\+[\u4e00-\u9fff]{2,4}){1,3})$"
)
# Numbered phrases that are mindsets, demands or periods, not frameworks (“八大思维”, “三个着力”,
# “十四五”), and 家长制 (paternalism).
_NOT_FRAMEWORK = re.compile(r"(?:思维|着力|精神|理念|意识|作风|要求|目标|任务|措施|意见|规划)$|^十[一二三四五六七八九十]五$|^[一二三四五六七八九十]+$")
# A five-year plan period (“十四五”) is a period, not a programme, after any cue.
_PLAN_PERIOD = re.compile(r"^十[一二三四五六七八九十]五$")
# Verbs that open an unquoted name and are not part of it (签订X联防联控协议).
_INNER_VERB = re.compile(r"签订|签署|建立|构建|形成|完善|健全|共同|加快|深入|持续|全力")

_UNQUOTED_ENDS = "专项治理|专项整治|专项行动|专项斗争|专项检查|专项执法|攻坚行动|攻坚战|保卫战|大检查|大排查|大整治|联防联控"
_UNQUOTED_BODY_MAX = 14
_UNQUOTED = re.compile(r"([\u4e00-\u9fff]{2,%d}?)(%s)" % (_UNQUOTED_BODY_MAX, _UNQUOTED_ENDS))
# Every match ends in one of these words: the scan starts where the first one could begin a match
# (most texts have none; the lazy body tried up to 13 lengths at every CJK character).
_UNQUOTED_END = re.compile(_UNQUOTED_ENDS)
# A cue verb, then an unquoted name ending in a programme word (推进X示范村创建, 开展X进村入户活动).
_CUED_UNQUOTED = re.compile(
    r"(?:推进|推动|实施|开展|深化|启动|以)(?:了)?([\u4e00-\u9fff]{3,14}?(?:创建|行动|工程|改革试点|改革|试点|专项治理|攻坚|活动|援助月|服务月|宣传月|"
    # (A long X融合发展 — 县域内城乡融合发展, 一二三产业融合发展 — is a generic task; two paired
    # fields right after the cue, 推进农旅融合发展, name the work.)
    r"综合治理|综合整治|基地建设|示范区建设|保护性耕作|升级改造|生态修复|恢复重建)|[\u4e00-\u9fff]{2}融合发展"
    # X建设 only with a long X (紧密型县域医共体建设): a short one describes work (林业建设, 园区建设).
    r"|[\u4e00-\u9fff]{7,12}?建设)"
    r"(?=[，。；、为和暨\s]|$)"
)
# 以X为抓手: X is the programme the work is organised around.
_AS_HANDLE = re.compile(r"^为(?:抓手|统领|载体|引领|突破口|牵引|依托)")
_UNQUOTED_BREAK = re.compile(
    r".*(?:推进|推动|开展|结合|实施|深入|扎实|全面|持续|启动|围绕|聚焦|加强|加大|组织|参与|落实|深化|打好|打赢|"
    r"全市|全县|全省|全区|全国|全镇|全乡|我市|我县|我区|我镇|我乡|本镇|本乡|各地|的|在|对|和|与|及|、|以|了|为|是|将|把|通过)"
)
_PROJECT = re.compile(r"(?:抓|实施|推进|开展|启动|打造|推动|实行|深化|服务|和|、)([\u4e00-\u9fff]{2,10}?工程)(?![\u4e00-\u9fff]{0,2}(?:建设|项目))")
# Development strategies named "<field> + 强/兴/活/富/立 + <division>" (e.g. 科教兴省战略, 生态立市战略).
_DEV_STRATEGY = re.compile(r"(?:实施|推进|深化|坚持|落实|和|、|^|(?<=[，。；：,;:\s]))([\u4e00-\u9fff]{2}[强兴活富立稳][省市县区州旗镇乡村]战略)")
_BIG_CAMPAIGN = re.compile(r"开展了?(大[\u4e00-\u9fff]{2})(?=[，。；、活行工])")


_KINDS = tuple((re.compile(pat), kind) for pat, kind in (
    (r"改革$", "reform"),
    (r"机制$", "mechanism"),
    (r"模式$", "model"),
    (r"工程$", "project"),
    (r"(?:专项|攻坚|行动|斗争|战)", "campaign"),
    (r"(?:示范|基地|公园|县|市|村)”?$", "designation"),
    (r"战略", "strategy"),
))


def _kind(text: str) -> str:
    for pat, kind in _KINDS:
        if pat.search(text):
            return kind
    return "initiative"


def _cue_before(text: str, start: int) -> bool:
    """A cue verb in the same clause before `start` (实行“负面清单”以外…“一口办理” counts)."""
    window = text[max(0, start - 30) : start]
    clause = _CLAUSE_BREAK.split(window)[-1]
    # Quoted names in a list share the cue: 申报“A”“B”“C”.
    clause_plain = re.sub(r"“[^”]*”", "", clause)
    return any(c in clause_plain for c in _cues())


class _Occupied:
    """Characters already inside a programme name: a flag per character keeps the overlap
    checks linear (an article listing thousands of quoted items stays fast)."""

    def __init__(self, n: int) -> None:
        self.flags = bytearray(n + 1)

    def take(self, s: int, e: int) -> None:
        self.flags[s:e] = b"\x01" * (e - s)

    def free(self, s: int, e: int) -> bool:
        return not any(self.flags[s:e])

    def __getitem__(self, i: int) -> int:
        return self.flags[i]


def _quoted_name_end(text: str, end: int, after: str) -> tuple[bool, int, bool] | None:
    """(is a programme by what follows, where the name ends, a programme word follows) for a
    quote ending at `end`; None when what follows makes it an event, a principle or a platform."""
    sm = _suffix_re().match(after)
    if (_EVENT_AFTER.match(after) and not after.startswith("工作")) or _NOT_PROGRAM_AFTER.match(after):
        return None
    if sm and sm.group(2) in ("工作", "服务") and sm.group(1):
        sm = None  # “X”…服务 far after the quote is another phrase (支付“X”即可发布服务)
    if sm and re.search(r"即|可|发布|进行|实现|的|了|和|与|为|是|等|助推|推进|推动|助力|促进|带动|加快|深化", sm.group(1)):
        sm = None
    if sm and not _CLAUSE_BREAK.search(sm.group(0)):
        if sm.group(2) not in _GENERIC_TAIL or (sm.group(2) == "活动" and sm.group(1)):
            return True, end + sm.end(), True  # “X”执法检查活动 is a named activity; “X”活动 just X
        more = _suffix_re().match(after[sm.end() :])
        if more and not more.group(1) and more.group(2) not in _GENERIC_TAIL:
            return True, end + sm.end() + more.end(), True  # “X”服务机制
        return True, end, True
    by_kind = bool(_AFTER_DE.match(after) or _ETC_KIND.match(after) or _AS_HANDLE.match(after))
    return by_kind, end, sm is not None


def _quoted_is_program(text: str, m: re.Match[str], by_tail: bool, name_end: int, title_len: int,
                       follows_program: bool) -> bool:
    """Whether the quoted name of match m is a programme, from its own words and its context."""
    inner, start, end = m.group(1), m.start(), m.end()
    after = text[end : end + 16]
    is_program = by_tail
    own_words = bool(_PROGRAM_WORD_END.search(inner) or (_SHORT_FRAMEWORK.match(inner) and not _NOT_FRAMEWORK.search(inner))
                     or _NUMBERED.match(inner) or _FORMULA.match(inner) or _PAIRED_NUMBERED.match(inner))
    if _PROGRAM_WORD_END.search(inner):
        is_program = True
    if not is_program and _SHORT_FRAMEWORK.match(inner) and not _NOT_FRAMEWORK.search(inner):
        is_program = True
    if not is_program and _cue_before(text, start) and (len(inner) > 2 or inner[:1] in "一两二三四五六七八九十"):
        is_program = True  # (a quoted two-character word after a cue, “上榜”, is emphasis)
    if not is_program and (_NUMBERED.match(inner) or _FORMULA.match(inner) or _PAIRED_NUMBERED.match(inner)):
        is_program = True
    if name_end == end and _STEP_CHAIN.match(inner):
        return bool(_COUNTED_AFTER.match(after))  # “田、水、路”三篇文章 is a framework
    if name_end == end and (_HONOUR.search(inner) or _ETC_EVENT.match(after) or _PLAN_PERIOD.match(inner)
                            or re.search(r"(?:参加|出席|参展)$", text[max(0, start - 4) : start])):
        is_program = False
    if name_end == end and not own_words and (
            (_AWARD_BEFORE.search(text[max(0, start - 8) : start]) and (not after or after[0] in "，。；、“,;"))
            or (after.startswith("的") and not _AFTER_DE.match(after))):
        return False  # an honour, or an attribute (“X”的环境); not even a list's next item
    if not is_program and start < title_len and start > 0 and text[start - 1] in "：:":
        is_program = True  # a title “place: “X” does Y” is about the programme X
    return is_program or follows_program  # a list of quoted names shares its cue: 申报“A”“B”“C”


def _quoted_programs(text: str, title_len: int, occupied: _Occupied) -> list[dict[str, Any]]:
    """Quoted names: “X”行动, 推行“X”, “一河一策” (see the module docstring)."""
    out: list[dict[str, Any]] = []
    not_endings = _not_endings()
    last_end, last_program = -1, False
    for m in _QUOTE.finditer(text):
        inner, start, end = m.group(1), m.start(), m.end()
        if occupied[start]:
            continue
        after = text[end : end + 16]
        tail = _quoted_name_end(text, end, after)
        if tail is None:
            continue
        by_tail, name_end, word_follows = tail
        if start > 0 and text[start - 1] in "从向由" and not word_follows:
            continue  # 从“A”向“B”转变: states, not programmes
        follows = last_program and text[last_end:start] in ("", "、")
        is_program = _quoted_is_program(text, m, by_tail, name_end, title_len, follows)
        last_end, last_program = end, is_program
        if not is_program or len(inner) > 20:
            continue
        if name_end == end and any(inner.endswith(w) for w in not_endings):
            continue
        name = text[start:name_end]
        out.append({"start": start, "end": name_end, "text": name, "kind": _kind(name)})
        occupied.take(start, name_end)
    return out


def _unquoted_campaigns(text: str, occupied: _Occupied) -> list[dict[str, Any]]:
    """Unquoted campaigns ending in a campaign word: 某某专项整治, 跨界河流联防联控."""
    out: list[dict[str, Any]] = []
    first_end = _UNQUOTED_END.search(text)
    if first_end is None:
        return out
    for m in _UNQUOTED.finditer(text, max(0, first_end.start() - _UNQUOTED_BODY_MAX)):
        body = m.group(1)
        cut = _UNQUOTED_BREAK.match(body)
        s = m.start() + (cut.end() if cut else 0)
        verbs = list(_INNER_VERB.finditer(text[s : m.start(2)]))
        if verbs:
            s += verbs[-1].end()  # 大盛镇与X镇签订跨界河流联防联控协议 → 跨界河流联防联控
        e = m.end()
        if e - s - len(m.group(2)) < 2 or not occupied.free(s, e) or "“" in text[s:e]:
            continue
        if _EVENT_AFTER.match(text[e : e + 8]):
            continue
        out.append({"start": s, "end": e, "text": text[s:e], "kind": "campaign"})
        occupied.take(s, e)
    return out


# Responsibility systems named X长制 (河长制, 林长制, 路长制 …); 家长制 is paternalism.
# A quoted X+Y chain of any length (“党建+产业”, “合作社+农户+电商”): a named way of working.
_PLUS_CHAIN = re.compile(r"“((?:[\u4e00-\u9fff]{1,10}[+＋]){1,9}[\u4e00-\u9fff]{1,10})”")
# Campaign weeks and months run by the work (组织科普之春、科技周活动): named recurring campaigns.
_CAMPAIGN_PERIOD = re.compile(
    r"(?<=[织展办、])([\u4e00-\u9fff]{2,6}?(?:之春|科技周|宣传周|活动周|宣传月|活动月|服务月|安全月))(?=[、，。；和等])"
)


def _plus_chains_and_campaign_periods(text: str, occupied: _Occupied) -> list[dict[str, Any]]:
    """“A+B+C” chains (whatever their length) and campaign weeks/months (组织某某宣传周、某某之春)."""
    out: list[dict[str, Any]] = []
    for m in _PLUS_CHAIN.finditer(text):
        if occupied.free(m.start(), m.end()):
            out.append({"start": m.start(), "end": m.end(), "text": m.group(0), "kind": "model"})
            occupied.take(m.start(), m.end())
    for m in _CAMPAIGN_PERIOD.finditer(text):
        s, e = m.start(1), m.end(1)
        if occupied.free(s, e) and not re.search(r"[的在对了是将把被等]", m.group(1)):
            out.append({"start": s, "end": e, "text": m.group(1), "kind": "campaign"})
            occupied.take(s, e)
    return out


def _chief_systems(text: str, occupied: _Occupied) -> list[dict[str, Any]]:
    """Responsibility systems: “路长制”, 推行林长制、田长制 (the X长制 family)."""
    out: list[dict[str, Any]] = []
    for m in re.finditer(r"(?:“([\u4e00-\u9fff]{1,2}长制)”|(?<=[行推立全、和与及，])([\u4e00-\u9fff]{1,2}长制))", text):
        g = 1 if m.group(1) else 2
        s, e = m.start(g), m.end(g)
        if m.group(g).startswith("家"):
            continue
        if g == 1:
            s, e = m.start(), m.end()
        if occupied.free(s, e):
            out.append({"start": s, "end": e, "text": text[s:e], "kind": "mechanism"})
            occupied.take(s, e)
    return out


# Numbered frameworks written without quotes after a cue (推进五社联动, 实施三链融合).
_NUMBERED_UNQUOTED = re.compile(
    r"(?:推进|推动|实施|开展|深化|落实|打响|探索)(?:了)?([二两三四五六七八九十][\u4e00-\u9fff](?:联动|联建|联创|共建|融合|同步|并举))"
)
# The parts of a quoted model listed right before it (实施甲联合、乙联建、丙联建的“三联模式”).
_MODEL_PARTS = re.compile(r"((?:[\u4e00-\u9fff]{2,6}、)+[\u4e00-\u9fff]{2,6})的[“\"]([^”\"]{2,12}(?:模式|机制|工程|体系))[”\"]")


def _model_parts(text: str, occupied: _Occupied) -> list[dict[str, Any]]:
    """The named parts of a quoted model listed before it: 探索实施村社联合、村企联建的“两联模式”
    → 村社联合, 村企联建 (each a programme, like the model)."""
    out: list[dict[str, Any]] = []
    for m in _MODEL_PARTS.finditer(text):
        pos = m.start(1)
        items = m.group(1).split("、")
        first = _UNQUOTED_BREAK.match(items[0])  # 探索实施村社联合 → 村社联合
        if first:
            pos += first.end()
            items[0] = items[0][first.end() :]
        for item in items:
            if 2 <= len(item) <= 6 and occupied.free(pos, pos + len(item)) and not re.search(r"[的在对了是将把被等]", item):
                out.append({"start": pos, "end": pos + len(item), "text": item, "kind": _kind(m.group(2))})
                occupied.take(pos, pos + len(item))
            pos += len(item) + 1
    return out


def _cued_names(text: str, occupied: _Occupied) -> list[dict[str, Any]]:
    """Unquoted names after a cue verb (推进某某示范村创建), 抓某某工程, 开展大排查, 科教兴县战略."""
    out: list[dict[str, Any]] = []
    for pat in (_CUED_UNQUOTED, _PROJECT, _BIG_CAMPAIGN, _DEV_STRATEGY, _NUMBERED_UNQUOTED):
        for m in pat.finditer(text):
            s, e = m.start(1), m.end(1)
            if (_UNQUOTED_BREAK.match(m.group(1)[:-2]) or re.search(r"[的在对了是将把被等成]", m.group(1))
                    or _FIGURATIVE_PROJECT.search(m.group(1))):
                continue
            if occupied.free(s, e):
                out.append({"start": s, "end": e, "text": m.group(1), "kind": _kind(m.group(1))})
                occupied.take(s, e)
    return out


# National strategies that articles name as the purpose or frame of their work (推动乡村振兴,
# 为优化营商环境): a programme only in the title or right after a verb that runs it (实施…).
_FRAME_STRATEGIES = frozenset(("乡村振兴", "乡村振兴战略", "优化营商环境", "新型城镇化", "对口支援"))
# (作为X的抓手 names X as the programme the work serves.)
_RUN_VERB = re.compile(r"(?:实施|落实|开展|深入实施|全面实施|全面推进|做好|作为)$")
# …乡村振兴战略实施情况, 乡村振兴工作: the strategy's own work follows it, so the text runs it.
_RUN_AFTER = re.compile(r"^(?:战略)?(?:实施|工作|示范)")
# A title (or a first sentence standing for one) names the strategy as its subject
# (某县：全域旅游助推乡村振兴), unless it is a purpose clause (为统筹推进…, 在优化营商环境…中)
# or an attribute (…乡村振兴的重要举措, 跑出乡村振兴“加速度”, 破解乡村振兴三大难题).
_TITLE_FRAME = re.compile(r"(?:^|[，。：:\n])(?:编者按[：:])?(?:为|在)[^，。：:\n]*$")
_TITLE_FRAME_AFTER = re.compile(r"的|“|[一二两三四五六七八九十]大")


def _national_mentions(text: str, title_len: int, occupied: _Occupied) -> list[dict[str, Any]]:
    """National programmes named without quotes (patterns/national_programs.txt): 脱贫攻坚; a
    frame strategy in a purpose phrase of the body (为乡村振兴提供支撑) is not one."""
    out: list[dict[str, Any]] = []
    for name in _national():
        if not name:
            continue
        # Non-overlapping occurrences, left to right (str.find: one pattern per name would
        # overflow re's cache).
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            framed = (name in _FRAME_STRATEGIES and (start >= title_len or _TITLE_FRAME.search(text, 0, start)
                                                      or _TITLE_FRAME_AFTER.match(text, end))
                      and not _RUN_VERB.search(text[max(0, start - 4) : start])
                      and not _RUN_AFTER.match(text[end : end + 4]))
            if not framed and occupied.free(start, end):
                out.append({"start": start, "end": end, "text": name, "kind": _kind(name)})
                occupied.take(start, end)
            start = text.find(name, end)
    return out


def find_programs(text: str, title_len: int = 0) -> list[dict[str, Any]]:
    """Programme mentions as dicts (start, end, text, kind); the title is text[:title_len]."""
    occupied = _Occupied(len(text))
    # Quoted programmes first, so a chain keeps the head noun after its quote
    # (“互联网+X”养老新模式); the chain rule takes the quoted chains left bare.
    out = _quoted_programs(text, title_len, occupied)
    out += _plus_chains_and_campaign_periods(text, occupied)
    out += _chief_systems(text, occupied)
    out += _model_parts(text, occupied)
    out += _unquoted_campaigns(text, occupied)
    out += _cued_names(text, occupied)
    out += _national_mentions(text, title_len, occupied)
    out.sort(key=lambda p: p["start"])
    return out


def national_programs() -> tuple[str, ...]:
    return _national()


@lru_cache(maxsize=1)
def _national() -> tuple[str, ...]:
    return tuple(sorted(load_lines("national_programs.txt"), key=len, reverse=True))


def programs_component(doc):  # type: ignore[no-untyped-def]
    """spaCy component: doc.spans["wx_program"] with lead (sentence subject org, else the
    article's lead org) and place (the article's county, else the city)."""
    from .spans import add_span, context_of, doc_text

    ctx = context_of(doc)
    orgs = list(doc.spans.get("wx_org", []))
    lead_is_org = any(wx_of(o)["canonical"] == ctx.lead for o in orgs)
    doc.spans["wx_program"] = []
    text = doc_text(doc)
    org_ranges = [(o.start_char, o.end_char) for o in orgs]
    for p in find_programs(text, len(ctx.article_title)):
        if any(a <= p["start"] and p["end"] <= b for a, b in org_ranges):
            continue  # 乡村振兴 inside 乡村振兴局
        sent_start = max(text.rfind(c, 0, p["start"]) for c in "。！？\n") + 1
        subject = next((o for o in orgs if sent_start <= o.start_char < p["start"]), None)
        lead = wx_of(subject)["canonical"] if subject is not None else (ctx.lead if lead_is_org else None)
        add_span(
            doc,
            "wx_program",
            p["start"],
            p["end"],
            p["kind"],
            {"text": p["text"], "kind": p["kind"], "lead": lead, "place": ctx.county or ctx.city or ctx.province},
        )
    return doc


@Language.factory("wx_programs")
def make_programs(nlp: Language, name: str) -> Any:
    """The wx_programs component (no settings)."""
    return programs_component
