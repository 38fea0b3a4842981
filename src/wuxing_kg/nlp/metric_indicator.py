"""What a metric measures: a few words before the number in its clause, cleaned of
subjects, periods and bound words, plus the noun after a count (4项行政许可项目 → …项目数)."""

from __future__ import annotations

import re
from typing import Any

from .metric_base import RATE_UNITS, Candidate, FoundMetric, Sentence, strip_words
from .metric_subject import ArticleState
from .periods import PeriodMention

# Measures that name no object of their own (利润, 总投资): see the clause before.
_BARE_HEAD = re.compile(r"(?:实现|完成|获得|可获得|带来)?(?:总)?(?:投资|利润|收益|净收益|收入|产值|营业额|销售额)")
_AREA_UNITS = {"亩", "公顷", "平方米", "平方公里", "平方千米"}
_Found = tuple[str | None, int | None, int]  # indicator, where its words start, length of the counted noun
_InSentence = list[tuple[Candidate, FoundMetric]]


def find_indicator(text: str, cand: Candidate, lo: int, clause_lo: int, sent: Sentence,
                   in_sentence: _InSentence, periods: list[PeriodMention],
                   state: ArticleState, is_change: bool, direction: str | None, c: dict[str, Any]) -> _Found:
    """A few words naming what is measured, and where they start in the text."""
    a, b = _phrase_bounds(text, cand, lo, state, is_change, c)
    if cand.rank:
        return _rank_indicator(text, cand, a, b, in_sentence)
    words = drop_comparison(text[a:b]) if a < b else ""
    post = ""
    if cand.unit not in RATE_UNITS and cand.unit not in ("元", "美元", "欧元", "港元", "日元"):
        post = post_noun(text, cand.end, sent.end, c)
    rate_kind = ""
    if cand.unit in RATE_UNITS and in_sentence and re.fullmatch(r"(?:年均?|平均|分别|均)", words):
        words = ""  # 累计完成232.75亿元，年均增长3.56%: the average growth of that amount
        rate_kind = "年均" if "年均" in text[lo : cand.number_start] else ""
    if not words and not post and cand.unit in RATE_UNITS and in_sentence:
        earlier = _rate_of_earlier(cand, in_sentence, is_change, direction, rate_kind)
        if earlier:
            return earlier, None, 0
    own_post = post
    if not post and cand.unit in c["count_units"] and in_sentence and len(words) <= 4:
        post = _elided_noun(text, cand, in_sentence, sent, c)
    words = _clean_words(text, cand, lo, a, b, words, post, state, is_change, direction)
    words = _owner_of_bare_head(cand, words, post, in_sentence)
    words = _object_of_action(text, cand, words, post, sent, clause_lo)
    if not words and post:
        post = _verb_first(post, text[cand.end + len(own_post) : sent.end])
    indicator = words + post
    if not indicator:
        return _same_measure_again(text, cand, in_sentence), None, 0
    if post or (cand.unit not in RATE_UNITS and not words.endswith(("数", "量", "率", "额", "入", "值", "积"))):
        indicator = _with_count_noun(indicator, cand, post, c)
    return indicator, (a if a < b else None), len(own_post)


def _phrase_bounds(text: str, cand: Candidate, lo: int, state: ArticleState, is_change: bool,
                   c: dict[str, Any]) -> tuple[int, int]:
    """The words before the number, without the subjects and periods that open the phrase
    (全市, 市X局, 今年上半年 …) or stand right before the number (…，全市 131 个)."""
    a, b = lo, cand.start if not cand.rank else cand.number_start
    skip = state.period_spans.near(a, b) + state.entity_spans.near(a, b)
    # area words of the 全市/我县 kind are subjects; 市级/中心城区 also name the measured thing
    skip += [(m.start, m.end) for m in state.markers(a, b) if m.kind != "area" or text[m.start] in "全我本该"]
    leading = c["lead_strip"]
    trailing = c["tail_strip"] + (c["change_up"] + c["change_down"] + ["同比"] if is_change else [])
    trailing = sorted(set(trailing) | set(c["qualifier_before"]), key=len, reverse=True)
    while True:
        a, b = strip_words(text, a, b, leading, trailing)
        hit = next(((s, e) for s, e in skip if s <= a < e), None)
        if hit is None:
            hit_end = next(((s, e) for s, e in skip if s < b <= e and s >= a), None)
            if hit_end is None:
                return a, b
            b = hit_end[0]
            continue
        a = hit[1]


def _rank_indicator(text: str, cand: Candidate, a: int, b: int, in_sentence: _InSentence) -> _Found:
    """位列全省第一: the thing ranked is before the verb; the scope names the ranking."""
    words = drop_comparison(text[a:b])
    if cand.unit == "位":  # 较去年前移2位: a change of the rank just stated
        words = re.sub(r"(?:前移|上升|提升|前进|上移|进位|后移|下降|后退|下滑|下移|退后)了?$", "", words)
        base = words or (base_indicator(in_sentence[-1][1].indicator) if in_sentence else "")
        return (base + "排名变化") if base else None, (a if a < b else None), 0
    scope = re.sub(r"^(在|于)", "", cand.rank_scope)
    base = words
    if words in ("", "增幅", "增速", "降幅") and in_sentence:
        base = base_indicator(in_sentence[-1][1].indicator) + words
    return (base + scope + "排名") if (base or scope) else None, (a if a < b else None), 0


def _rate_of_earlier(cand: Candidate, in_sentence: _InSentence, is_change: bool, direction: str | None,
                     rate_kind: str) -> str | None:
    """A rate with no words of its own measures an earlier figure of its sentence: 收入112.6亿元，
    完成预算的71.2%，同比增长9.8% (the growth is the amount's, not the ratio's); 比重达到76.5%，
    提高1.3个百分点 (the points are the ratio's)."""
    if cand.unit == "百分点":
        amounts = [m for _, m in in_sentence if m.unit == "%" and not m.is_change]
    else:
        amounts = [m for _, m in in_sentence if m.unit not in RATE_UNITS or m.is_change]
    base = base_indicator((amounts or [m for _, m in in_sentence])[-1].indicator)
    if base and is_change:
        return base + rate_kind + ("增速" if direction == "up" else "降幅")
    return base or None


# What happened to counted things, written after them (26个项目实现竣工, 30个项目成功签约):
# the indicator names it first (竣工项目数, 签约项目数).
_AFTER_VERB = re.compile(r"^(?P<noun>[\u4e00-\u9fff]{2,6}?)(?:实现|成功|顺利|全部)?(?P<verb>开工建设|建成投产|开工|竣工|签约|投产|落地|完工)$")


_VERB_NEXT = re.compile(r"(?:实现|成功|顺利|全部)?(?P<verb>开工建设|建成投产|开工|竣工|签约|投产|落地|完工)")


def _verb_first(post: str, following: str) -> str:
    m = _AFTER_VERB.match(post)
    if m:
        return m.group("verb") + m.group("noun")
    nxt = _VERB_NEXT.match(following)
    return nxt.group("verb") + post if nxt else post


def _elided_noun(text: str, cand: Candidate, in_sentence: _InSentence, sent: Sentence, c: dict[str, Any]) -> str:
    """各认领3所 after 12所改造任务: the counted noun is elided; take the earlier count's."""
    for k, m in reversed(in_sentence):
        if m.unit == cand.unit and m.indicator:
            post = post_noun(text, k.end, sent.end, c)
            if post:
                return post
    return ""


def _clean_words(text: str, cand: Candidate, lo: int, a: int, b: int, words: str, post: str,
                 state: ArticleState, is_change: bool, direction: str | None) -> str:
    """The words before the number, cleaned of what does not name the measured thing."""
    if post and re.search(r"[、和及与]\s*$", text[lo : cand.start]):
        words = ""  # 七大举措、八项便利措施和10项改革措施: the words before belong to the list
    if re.search(r"(?:对|向|为|给|在|从)$", words):
        words = ""  # 对全市31个…森林公园: a preposition, the measured thing follows the number
    if post and state.switches["examples_before_count"] and re.search(r"[、和及]", words) and words.endswith("等"):
        words = ""  # 甲公司、乙公司等26个项目: the examples are not the measured thing (项目数)
    elif state.switches["examples_before_count"]:
        words = _without_examples(words, bool(post))
    # periods and target words inside the phrase (主城区今年9月将新增) are not part of the name
    for ps, pe in state.period_spans.near(a, b):
        if a <= ps and pe <= b:
            words = words.replace(text[ps:pe], "", 1)
    words = re.sub(r"预计|力争|争取|将(?=[新增提达实完建开])", "", words)
    words = re.sub(r"(?:压缩|压减|精简|缩短|降低|降|减少|提高|提升|增加|增长|下降|上升|扩大)(?:至|到)$|(?:完成|实现)$", "", words)
    # 年轻人占比已跃升到70%: the share is named already; the verb of its level goes
    words = re.sub(r"(占比|比重|比例)(?:已经?|由)?(?:[\u4e00-\u9fff]{0,3}?(?:到|至|达|为))?$", r"\1", words) if cand.unit == "%" else words
    if cand.unit == "%" and not is_change and re.search(r"占[^，。；]{0,12}$", words) and not words.endswith(("比重", "比例", "份额", "占比")):
        words = re.sub(r"的$", "", words) + "比重"  # 占全省的60%: a share
    if is_change and words:
        words = words + ("同比" if "同比" in text[lo : cand.number_start] and "同比" not in words else "")
        words += "增速" if direction == "up" else "降幅"
    return words


# Examples of the counted things inside the words (确定某某周边等10个重点区域, 收录甲村“某工厂”、
# 乙村某加工等增收项目16个): the verb before them stays, the examples go. 等 of 等级/平等/同等 is a word.
_EXAMPLES_IN_WORDS = re.compile(
    r"^(?P<verb>(?:确定|认定|收录|评选|命名|推出|涵盖|包括|培育|打造|创建|建成)了?)?"
    r"(?P<items>[^，。；]{2,40}?)(?<![平同对均相])等(?![级次同待候])(?P<rest>.*)$"
)


def _without_examples(words: str, counted_after: bool) -> str:
    """The words without a list of examples that ends with 等: only when the list names several
    items (、 or a quoted title) or the count follows right after 等 (甲周边等10个区域)."""
    m = _EXAMPLES_IN_WORDS.match(words)
    if m is None:
        return words
    several = re.search(r"[、》”]", m.group("items")) is not None
    if not several and not (counted_after and not m.group("rest")):
        return words
    return (m.group("verb") or "") + m.group("rest")


def _owner_of_bare_head(cand: Candidate, words: str, post: str, in_sentence: _InSentence) -> str:
    """销售农产品30万元，实现利润5万元 / 引进企业590家、总投资323亿元: a bare 利润 or 投资 is that
    of the thing the clause before measures."""
    if post or not in_sentence or not _BARE_HEAD.fullmatch(words):
        return words
    before = in_sentence[-1][1]
    owner = re.sub(r"(?:人数|面积|数|量)$", "", before.indicator or "")
    if owner and not before.is_change and (cand.unit == before.unit or cand.unit in ("元", "美元")):
        return owner + re.sub(r"^(?:实现|完成|获得|可获得|带来)", "", words)
    return words


# A clause that names a work item by its action verb (推进某某工程, 完成某某改造): later short
# clauses of the sentence (开工11台, 覆盖39个小区) count parts of that item.
_ACTION_CLAUSE = re.compile(r"(?:推进|完成|实施|开展|启动|推动|落实|实行|建设|新建|改造|建成|打造)了?(?P<obj>[\u4e00-\u9fff“”]{3,16})")
# Words that are only a verb of what happened to the counted things (开工11台, 覆盖39个小区).
_ONLY_VERB = re.compile(r"(?:完成)?(?:公示|开工|竣工|覆盖|实施|涉及|惠及|带动|签约|投产|建成|新增|改造|总产)")
# What an amount was spent on, written after it (投资420万元建成了某某基地).
_SPENT_ON = re.compile(r"\s*(?:建成|建设|新建|修建|改造|打造|用于)了?(?P<obj>[\u4e00-\u9fff]{2,12}?)(?=[，。；,;]|$)")


def _object_of_action(text: str, cand: Candidate, words: str, post: str, sent: Sentence, clause_lo: int) -> str:
    """A measure with only a verb (开工, 覆盖, 投资) keeps its object (README: indicators keep their
    object, not 收益 alone): the work item an earlier action clause of the sentence names (推进
    某小区加装电梯工程，开工11台 → 某小区加装电梯工程开工台数; short counted clauses may stand
    between), or for a bare spent amount what it built (投资80万元新建了冷库 → 冷库投资)."""
    if len(words) > 3 or not words:
        return words
    if not post and _BARE_HEAD.fullmatch(words) and cand.unit in ("元", "美元"):
        after = _SPENT_ON.match(text, cand.end, sent.end)
        return after.group("obj") + re.sub(r"^(?:实现|完成|获得|可获得|带来)", "", words) if after else words
    if not _ONLY_VERB.fullmatch(words):
        return words
    clauses = re.split(r"[，,；;]", text[sent.start : clause_lo].rstrip("，,；; "))
    for clause in reversed(clauses[-4:]):
        if re.search(r"\d", clause):
            if len(clause) > 8:
                return words  # a longer counted clause between: its own item, not this one's
            continue
        m = _ACTION_CLAUSE.fullmatch(clause.strip())
        return m.group("obj") + words if m else words
    return words


_SECOND_COUNT_NOUN = {"元": "金额", "人": "人数", "名": "人数", "户": "户数", "人次": "人次", "亩": "面积", "平方米": "面积", "公顷": "面积"}


def _same_measure_again(text: str, cand: Candidate, in_sentence: _InSentence) -> str | None:
    """No words of its own: 分别新增12家、9家 (the same measure again); 地区生产总值增长12.6%达
    92.9亿元 (the amount the growth reached is the same measure)."""
    if not in_sentence:
        return None
    last_cand, last = in_sentence[-1]
    if last.unit == cand.unit:
        return last.indicator
    if last.indicator and not last.is_change and not text[last_cand.end : cand.start].strip():
        # 资助学生8532人次534.9万元, 安置4.8万户18.2万人: a second count of the same thing
        owner = re.sub(r"(?:人次|户数|人数|面积|金额|数|量)$", "", last.indicator)
        noun = _SECOND_COUNT_NOUN.get(cand.unit)
        if owner and noun:
            return owner + noun
    if last.is_change and re.fullmatch(r"\s*(?:[，,]\s*)?(?:分别)?\s*(?:达到?|至|到|为)?\s*", text[last_cand.end : cand.number_start]):
        return base_indicator(last.indicator) or None
    return None


def _with_count_noun(indicator: str, cand: Candidate, post: str, c: dict[str, Any]) -> str:
    """The word that says what is counted: 招聘会42场 → 招聘会场次, 居民120户 → 居民户数,
    助学2人 → 助学人数, 新增耕地6098亩 → 新增耕地面积."""
    if cand.unit in _AREA_UNITS and not post and not indicator.endswith(("面积", "规模")):
        return indicator + "面积"
    if cand.unit in c["event_units"]:
        return indicator + cand.unit
    if cand.unit == "场" and not indicator.endswith("场次"):
        return indicator + "场次"
    if cand.unit in c["count_units"] and not indicator.endswith(("数", "量")):
        # 户, 期, 组 … name the count (居民户数, 培训班期数); 个/项/家/人 just take 数
        generic = cand.unit in ("个", "所", "项", "条", "家", "人", "名", "位", "件") or indicator.endswith(cand.unit)
        if cand.unit in ("人", "名") and not post and not indicator.endswith(("人", "者", "员", "生", "户")):
            return indicator + "人数"  # people counted after a verb
        return indicator + ("数" if generic else cand.unit + "数")
    return indicator


def drop_comparison(words: str) -> str:
    """比去年同期 / 较上年 / 与2018年相比 name the base of a change, not the measured thing."""
    if not re.match(r"[比较与和]", words):
        return words
    return re.sub(r"^(?:与|和)?(?:比|较)?(?:去年|上年|上一年|前年|\d{4}年)?(?:同期)?(?:相比)?(?=$|[增提下降减上前后])", "", words)


def base_indicator(indicator: str | None) -> str:
    if not indicator:
        return ""
    return re.sub(r"(同比)?(增速|降幅|增幅|\w{0,3}排名)$", "", indicator)


def post_noun(text: str, pos: int, hi: int, c: dict[str, Any]) -> str:
    """The noun right after a count (4项行政许可项目 → 行政许可项目), at most 14 characters."""
    m = re.match(r"[\u4e00-\u9fff“”（）()]{1,14}", text[pos:hi])
    if not m:
        return ""
    noun = m.group(0)
    for w in c["post_stop"]:
        i = noun.find(w)
        if i >= 0:
            noun = noun[:i]
    for w in ("和", "及", "以上", "以内", "左右"):
        if noun.startswith(w):
            return ""
    noun = re.sub(r"[和及与、“]+$", "", noun)
    return noun if len(noun) >= 2 else ""
