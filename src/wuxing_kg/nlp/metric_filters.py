"""Which numbers are metrics: ranks (列全省第一 → 1 名, 排名前移3位 → 3 位) and the numbers
that are not figures (ordinals, dates, labels, thresholds, page furniture)."""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from .metric_base import Candidate, Spans, cues, inside
from .numbers import Quantity, parse_number

# ----------------------------------------------------------------- candidates

_CN_RANK = r"\d+|[一二三四五六七八九十]+"


@lru_cache(maxsize=1)
def _rank_re() -> re.Pattern[str]:
    verbs = "|".join(cues()["rank_verbs"])
    return re.compile(
        rf"(?P<verb>{verbs})(?P<scope>(?:[^，。；、：第\d\n（(]|[（(][^）)\n]{{0,8}}[）)]){{0,14}}?)"
        rf"(?:第\s*(?P<n>{_CN_RANK})\s*(?P<suffix>位|名)?|(?P<top>首位|榜首))"
    )


@lru_cache(maxsize=1)
def _rank_change_re() -> re.Pattern[str]:
    up = "|".join(cues()["rank_change_up"])
    down = "|".join(cues()["rank_change_down"])
    return re.compile(rf"(?:(?P<up>{up})|(?P<down>{down}))了?\s*(?P<n>{_CN_RANK})\s*(?:个位次|位次|个名次|位|名)")


def find_ranks(text: str) -> list[Candidate]:
    out: list[Candidate] = []
    for m in _rank_re().finditer(text):
        after = text[m.end() : m.end() + 1]
        if m.group("n") and (after and after in "批个次届期轮阶季家项条年月天部类种是大" or m.group("n").startswith("0")):
            continue  # 第一批, 第三届, 第一是 … are ordinals, not ranks
        scope = m.group("scope").strip()
        if m.group("n") and not m.group("suffix") and not re.search(r"全|国|省|市|区|县|州|同类|中部|西部|东部|东北", scope):
            if after and re.match(r"[\u4e00-\u9fff]", after):
                continue
        value = Decimal(1) if m.group("top") else parse_number(m.group("n"))
        if value is None or value <= 0:
            continue
        digits = m.start("n") if m.group("n") else m.start("top")
        out.append(Candidate(m.start(), m.end(), m.start("verb"), value, "名", None, rank=True, rank_scope=scope,
                              digits_start=digits))
    for m in _rank_change_re().finditer(text):
        before = text[max(0, m.start() - 20) : m.start()]
        before = re.split(r"[。！？；\n]", before)[-1]
        if not re.search(r"排名|排位|位次|名次|位居|位列|第\s*\S{1,3}位", before + m.group(0)) and "位次" not in m.group(0):
            continue  # 上升3位 needs a ranking word nearby
        value = parse_number(m.group("n"))
        if value is None:
            continue
        direction = "up" if m.group("up") else "down"
        out.append(Candidate(m.start(), m.end(), m.start("n"), value, "位", None, True, direction, rank=True))
    return out


def is_not_metric(text: str, q: Quantity, protected: Spans) -> bool:
    if inside(q.number_start, q.end, protected):
        return True
    before = text[max(0, q.start - 60) : q.start].rstrip()  # a window: never copy the whole prefix
    prev = before[-1:] if before else ""
    after = text[q.end : q.end + 60].lstrip()
    if prev in ("第", "前", "后", "每", "或"):
        return True  # ordinal, threshold rank, per-unit denominator, alternative
    if re.search(r"(?:共印|印数|印发|本期共|共\s*\d*\s*页)$", before) or (q.unit == "份" and "印" in before[-4:]):
        return True  # （共印50份）: the print run of the bulletin
    if q.chinese and prev in ("数", "几", "若"):
        return True  # 数十家, 几十个: no number is stated
    if q.unit == "期" and after.startswith(("间", "内", "末", "初")):
        return True  # 双11期间: 期间 is "during", not a count of classes
    if prev == "等" and q.chinese and q.value <= 10:
        return True  # 派出所、执法办案…等五个层面: counts the items just listed
    if q.value <= 2 and re.search(r"(?:至少|最少|不少于)$", before):
        return True  # 每户至少1人就业: a rule, not an outcome
    if q.unit in ("分", "度") and q.chinese:
        return True  # 十分重要, 两度获评
    if after.startswith("或") and re.match(r"或\s*[\d一二三四五六七八九十两]", after):
        return True  # 2亿美元或30亿元: alternative thresholds of a rule
    if not q.is_range and (
        (q.qualifier in ("以上", "以内") and after.startswith("的")) or (q.qualifier == "以内" and after.startswith("、"))
    ):
        return True  # 1亿元以上的项目, 5万元以下、3年以内的贷款: thresholds, not outcomes
    if q.qualifier in ("以上", "以内") and q.unit != "%" and re.match(r"[\u4e00-\u9fff]", after[:1]) and not after.startswith(("的", "和", "及", "、")):
        return True  # 500万元以上工业项目, 年纳税额1000万元以上企业: a size class
    if q.chinese:
        if q.value == 1:
            return True  # 一条新路, 一批, 一键, 仅此一项: idiomatic 一
        if re.match(r"、\s*[一二三四五六七八九十两]", after):
            return True  # 三次、三级回访: a specification
        if before.endswith(("统", "唯", "之", "万", "逐")):
            return True
        if q.unit == "期":
            return True  # 二期工程: a phase name
        if q.value <= 10 and after.startswith(tuple(cues()["label_after"])):
            return True  # 两个维护, 四个意识, 三个一批: slogans
    if q.unit in cues()["duration_units"] and q.qualifier is None and re.match(r"[\u4e00-\u9fff]", after[:1]):
        if after[:1] == "内" or not re.match(r"以|左|的|压|缩|减|降|提|为|是|和|及|与|、", after[:1]):
            return True  # 24小时自助服务, 15分钟生活圈, 3天内办结: a label or a service standard
    clause = before[max(before.rfind(ch) for ch in "，,；;：:。\n") + 1 :]
    if re.search(r"(?:为|给|向|对)每", clause) and q.value <= 10 and q.unit not in ("元", "美元", "欧元", "港元"):
        return True  # 为每名毕业生提供1次指导、3个岗位信息: what a service offers per person
    return _is_label_or_furniture(text, q, before, after)


_PAGE_COUNTER = re.compile(r"(?:浏览|阅读|点击|查看|回复|访问|评论|点赞)(?:次数|量|数)?\s*[:：]?$")
_DOT_DATE = re.compile(r"\d{1,2}\.\d{1,2}\.(?:19|20)\d{2}|(?:19|20)\d{2}\.\d{1,2}\.\d{1,2}")
_CLASS_NOUN = ("村", "户", "企业", "乡镇", "社区", "合作社")


# A count of villages or enterprises, then the income bound they pass (realset convention 9).
_COUNTED_CLASS_BOUND = re.compile(
    r"\d+\s*(?:个|家)(?:行政村|村|社区|乡镇|企业)[^，。；,;\d]{0,12}?(?:收入|经济)[^，。；,;\d]{0,4}?(?:均)?(?:超过|超|达到|达|突破|在)$"
)
_CAPACITY_UNITS = {"只", "头", "吨", "千瓦", "兆瓦", "羽", "立方米"}
_FACILITY_AFTER = re.compile(r"[\u4e00-\u9fff]{0,8}?(?:加工厂|屠宰场|养殖场|生产线|加工基地|冷库|厂)(?:项目)?(?![\u4e00-\u9fff]*[\d一二三四五六七八九十两]+(?:个|座|家))")


def _is_label_or_furniture(text: str, q: Quantity, before: str, after: str) -> bool:
    """Numbers that are page furniture or part of a name, not figures (realset convention 9)."""
    if _PAGE_COUNTER.search(before):
        return True  # 浏览1135次, 阅读数：35: the page's counters
    if re.search(r"\d:$", before) or any(m.start() <= q.number_start < m.end() for m in _DOT_DATE.finditer(text, max(0, q.start - 10), q.end + 10)):
        return True  # 19:08, 09.08.2017: a clock time or a date line
    if q.unit == "次" and after.startswith(("会议", "全会", "全体会议")) and "届" in before[-12:]:
        return True  # 第十七届人民代表大会第五次会议: an ordinal of the meeting
    if q.unit == "位" and after.startswith("数"):
        return True  # 保持两位数增长: the number of digits
    if before.endswith(("这", "那")) and q.value <= 10:
        return True  # 这两天, 那三年: a deictic time phrase
    if before.endswith(("超", "超过", "过")) and after.startswith(_CLASS_NOUN):
        return True  # 集体经济超10万元村达120个: a threshold inside a class name
    if _COUNTED_CLASS_BOUND.search(before):
        return True  # 全镇12个村集体经济收入均超过20万元: the bound that defines the counted villages
    if q.unit in _CAPACITY_UNITS and _FACILITY_AFTER.match(after):
        return True  # 建设5万头生猪屠宰场: a capacity label in a facility's name
    if before.endswith("”") and "、" in before[before.rfind("“") :]:
        return True  # “产、城、乡”六篇文章: the count of an enumerated list
    if re.search(r"突破$", before) and re.match(r"(?:大关)?\s*[，,]\s*(?:达到|达)\s*[\d.]+", after):
        return True  # 突破10亿元大关，达到10.9亿元: the milestone restated by the exact figure
    return False
