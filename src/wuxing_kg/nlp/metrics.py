"""Metrics: numbers that state an outcome, with unit, indicator, subject and period.

``find_metrics(text, ctx, entities)`` does the work on plain text (one article, as the
pipeline's Doc holds it) so it can be tested without spaCy; the ``wx_metrics`` spaCy
component wraps it and writes ``doc.spans["wx_metric"]`` with ``span._.wx`` = the
``records.Metric`` fields except ``prov``.

What counts (FORMAT.md and the gold notes turned into general rules):

* a number with a unit (``nlp.numbers``), or a numbered rank (列全省第一 → 1 名), or a
  rank change (排名前移3位 → 3 位, a change up);
* NOT: dates and editions (no unit), ordinals (第N), N大 labels, numerals inside quoted
  labels or 《titles》 or inside entity names, thresholds of a rule (前30名, 1亿元以上的,
  2亿美元或30亿元), list summaries (…等五个层面), per-unit denominators (每10万人),
  specifications (三次、三级回访), idiomatic 一 (一条新路, 一批, 一键).

Attributes:

* period — FORMAT.md's convention (``carried_period``): the nearest period phrase before
  the number in its sentence (``nlp.periods``); else the nearest earlier one in the same
  paragraph (it carries until another is stated; 目前 … carries as 截至YYYY年M月 too); else
  the one the article's opening sentence sets for the whole article (今年以来，…); else null;
* subject — the nearest subject marker before the number in its clause, else the name
  that opens a clause of its sentence: an organisation (several joined by 、 make a
  combined subject; 分别 hands them out in order), a place, or an area word (全市 → the
  city, 全县/全区 → the county, 全镇/全村 → the township/village, 该局 → the lead); not
  partners (联合/与 X), comparison bases (占/高于 X), speakers' posts or locations (在 X
  建成…). Rates, scores and durations belong to the place (territory), counts to the
  article's lead;
* change — a rate (%, 百分点, 倍) after a growth/decline word; a rate listed right after
  another change rate inherits it (下降15.05%和13.03%);
* target — 预计/将/力争/计划/目标… before the number in its clause;
* indicator — the words before the number in its clause, cleaned of subjects, periods,
  adverbs and bound words, plus the noun after a count (4项行政许可项目 → …项目数); a rate
  with no words of its own takes the previous metric's indicator + 增速/降幅.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from .context import ArticleContext
from .numbers import PATTERNS_DIR, Quantity, find_quantities, parse_number
from .periods import PeriodMention, find_periods

_CLAUSE_BREAK = set("，,；;：:")
_SENTENCE_END = set("。！？!?")
_RATE_UNITS = {"%", "百分点", "倍", "‰"}
# Figures of a territory rather than of the department reporting them (rates, scores).
# Measures that name no object of their own (利润, 总投资): see the clause before.
_BARE_HEAD = re.compile(r"(?:实现|完成|获得|可获得|带来)?(?:总)?(?:投资|利润|收益|净收益|收入|产值|营业额|销售额)")
_AREA_UNITS = {"亩", "公顷", "平方米", "平方公里", "平方千米"}
_TERRITORY_UNITS = _RATE_UNITS | {"分", "天", "小时", "工作日", "分钟"}
# A sentence that names no subject at all takes the organisation or place that opens its
# paragraph (某银行推出…。截至5月末，累计发放…), not the article default. Measured: +2/+2.
CARRY_SUBJECTS = True
# Whether a department acting together with others (会同/联合 …) reports the place's result
# rather than its own. Measured: unseen bulletins +3, evaluation set −19 (its gold keeps
# the department: 市人社局联合…举办招聘会42场), so off.
JOINT_WORK_TO_PLACE = False
# A list of examples before 等 and a count (甲村、乙村等12个村) is not part of the indicator.
EXAMPLES_BEFORE_COUNT = True


@lru_cache(maxsize=1)
def cues() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((PATTERNS_DIR / "metric_cues.json").read_text(encoding="utf-8"))
    for key, value in list(data.items()):  # longest cue first wherever cues are matched as prefixes/suffixes
        if isinstance(value, list):
            data[key] = sorted(value, key=len, reverse=True)
    return data


@dataclass(frozen=True)
class EntityRef:
    """An organisation or place already found in the text (offsets into the same text)."""

    start: int
    end: int
    name: str  # canonical name
    kind: str  # "org" | "place" | "program" …
    level: str | None = None  # place level (province, city, county …)


@dataclass
class FoundMetric:
    start: int
    end: int
    text: str
    value: Decimal
    unit: str
    indicator: str | None = None
    subject: str | None = None
    period: str | None = None
    qualifier: str | None = None
    is_change: bool = False
    change_direction: str | None = None
    is_target: bool = False

    def fields(self) -> dict[str, Any]:
        """The records.Metric fields (no prov), as the span's ``_.wx``."""
        d = asdict(self)
        del d["start"], d["end"]
        return d


@dataclass
class _Candidate:
    start: int  # span start (number, or rank verb)
    end: int
    number_start: int
    value: Decimal
    unit: str
    qualifier: str | None
    is_change: bool = False
    direction: str | None = None
    rank: bool = False
    rank_scope: str = ""
    digits_start: int = -1  # where a rank's number is written (第一 → 一)


# ----------------------------------------------------------------- segmentation


@dataclass(frozen=True)
class _Sentence:
    start: int
    end: int
    paragraph: int


_POINT = re.compile(r"(?:[一二三四五六七八九十]+是|其[一二三四五六七八九十]|（[一二三四五六七八九十\d]+）|\([一二三四五六七八九十\d]+\)|\d+[.、．](?!\d)|[一二三四五六七八九十]+、)")


def _sentences(text: str) -> list[_Sentence]:
    """Sentences with a "paragraph" number; an enumeration point (一是, （二）, 3.) opens a
    new paragraph too, because a period stated under one point does not carry into the next."""
    out: list[_Sentence] = []
    paragraph = 0
    start = 0
    has_content = False
    for i, ch in enumerate(text):
        if ch == "\n":
            if text[start:i].strip():
                out.append(_Sentence(start, i, paragraph))
                has_content = True
            if has_content:
                paragraph += 1
                has_content = False
            start = i + 1
        elif ch in _SENTENCE_END:
            if _POINT.match(text, start + len(text[start:i]) - len(text[start:i].lstrip())) and has_content:
                paragraph += 1
            out.append(_Sentence(start, i + 1, paragraph))
            has_content = True
            start = i + 1
    if text[start:].strip():
        if _POINT.match(text, start) and has_content:
            paragraph += 1
        out.append(_Sentence(start, len(text), paragraph))
    return out


def _clause_start(text: str, lo: int, pos: int) -> int:
    i = pos
    while i > lo and text[i - 1] not in _CLAUSE_BREAK:
        i -= 1
    return i


class _Spans:
    """Sorted (start, end) ranges with windowed look-ups, so long articles stay linear."""

    WINDOW = 400  # the longest range that can reach back into a window (a long 《title》)

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        self.items = sorted(ranges)
        self.starts = [a for a, _ in self.items]

    def near(self, lo: int, hi: int) -> list[tuple[int, int]]:
        i = bisect_left(self.starts, lo - self.WINDOW)
        j = bisect_left(self.starts, hi)
        return self.items[i:j]

    def overlaps(self, lo: int, hi: int) -> bool:
        return any(a < hi and lo < b for a, b in self.near(lo, hi))


def _protected(text: str, entities: Sequence[EntityRef]) -> _Spans:
    """Ranges whose numerals are part of a name or label, not a measurement."""
    ranges = [(m.start(), m.end()) for m in re.finditer(r"《[^》\n]*》", text)]
    ranges += [(m.start(), m.end()) for m in re.finditer(r"[“\"‘「『][^”\"’」』\n]{1,20}[”\"’」』]", text)]
    ranges += [(e.start, e.end) for e in entities]
    return _Spans(ranges)


def _inside(start: int, end: int, ranges: Iterable[tuple[int, int]] | _Spans) -> bool:
    """True when [start, end) overlaps one of the ranges."""
    if isinstance(ranges, _Spans):
        return ranges.overlaps(start, end)
    return any(a < end and start < b for a, b in ranges)


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


def _ranks(text: str) -> list[_Candidate]:
    out: list[_Candidate] = []
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
        out.append(_Candidate(m.start(), m.end(), m.start("verb"), value, "名", None, rank=True, rank_scope=scope,
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
        out.append(_Candidate(m.start(), m.end(), m.start("n"), value, "位", None, True, direction, rank=True))
    return out


def _is_not_metric(text: str, q: Quantity, protected: _Spans) -> bool:
    if _inside(q.number_start, q.end, protected):
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
    if before.endswith("”") and "、" in before[before.rfind("“") :]:
        return True  # “产、城、乡”六篇文章: the count of an enumerated list
    if re.search(r"突破$", before) and re.match(r"(?:大关)?\s*[，,]\s*(?:达到|达)\s*[\d.]+", after):
        return True  # 突破10亿元大关，达到10.9亿元: the milestone restated by the exact figure
    return False


# ----------------------------------------------------------------- attributes


def _strip(text: str, a: int, b: int, leading: Sequence[str], trailing: Sequence[str]) -> tuple[int, int]:
    changed = True
    while changed and a < b:
        changed = False
        while a < b and (text[a].isspace() or text[a] in "，,；;：:、（(）)“”\"'"):
            a += 1
            changed = True
        while b > a and (text[b - 1].isspace() or text[b - 1] in "，,；;：:、（(“'"):
            b -= 1
            changed = True
        for w in leading:
            if text.startswith(w, a) and a + len(w) <= b:
                a += len(w)
                changed = True
                break
        for w in trailing:
            if text.endswith(w, a, b) and b - len(w) >= a:
                b -= len(w)
                changed = True
                break
    return a, b


def _is_target(clause_head: str, c: dict[str, Any]) -> bool:
    """预计/将/力争 … before the number; 目标/计划 only as verbs (not 年度目标任务的, 年度计划的)."""
    if re.match(r"(?:全年|年度|年内|今年|明年)计划(?![的任务数值书])", clause_head.strip()):
        return True  # 全年计划完成岸线绿化1.2万平方米: a plan opening the clause (not 完成全年计划的80%)
    for w in c["target"]:
        for m in re.finditer(re.escape(w), clause_head):
            after = clause_head[m.end() : m.end() + 2]
            before = clause_head[max(0, m.start() - 2) : m.start()]
            if w == "将" and (after.startswith(("近", "其", "军")) or before.endswith("即")):
                continue
            if w == "将" and re.match(r".{0,15}?(?:%s)" % "|".join(c["object_marker_verbs"]), clause_head[m.end() :]):
                continue  # 将辖区划分为186个网格: 将 marks the object, not the future
            if w == "目标" and not re.match(r"是|为|：|:|达|到", after):
                continue  # 坚持“…”目标，… / 年度目标任务的23.5%: the noun
            if w == "计划" and (
                not re.match(r"[\u4e00-\u9fff]", after[:1])
                or after.startswith(("任务", "的", "数", "值", "完成", "生育", "单列", "经济", "书"))
                or before.endswith(("年度", "全年", "占", "的"))
            ):
                continue
            return True
    return False


def _change_words(between: str, rate: bool = False) -> tuple[str | None, int]:
    """Direction of the last growth/decline word in ``between`` and where it starts (-1 if none).
    For a rate a two-character verb may take its object first (减少申请材料45%)."""
    c = cues()
    best: tuple[int, str | None] = (-1, None)
    for direction, key in (("up", "change_up"), ("down", "change_down")):
        for w in c[key]:
            i = between.rfind(w)
            if i < 0:
                continue
            tail = between[i + len(w) :].strip()
            if tail[:1] in c["change_to_level"]:
                continue  # 下降到5% / 提高至85% states a level, not a change
            if tail and not re.fullmatch(r"(?:率|了|达到?|为|约|近|超过|分别|同比|可达)*", tail):
                if not (rate and len(w) >= 2 and len(tail) <= 8 and not re.search(r"[至到占的于比较]|达到", tail)):
                    continue
            if i > best[0] or (i == best[0] and best[1] is None):
                best = (i, direction)
    return best[1], best[0]


@dataclass(frozen=True)
class _Marker:
    start: int
    end: int
    subject: str
    kind: str  # org | place | area | anaphora


_WORK_REPORT = re.compile(r"我代表[\u4e00-\u9fff]{0,12}人民政府|政\s*府\s*工\s*作\s*报\s*告")


class _ArticleState:
    """Per-article memory: entities, quotes, periods, and how area words resolve."""

    def __init__(self, ctx: ArticleContext | None, entities: Sequence[EntityRef], text: str) -> None:
        self.ctx = ctx or ArticleContext(bulletin_date=None)
        self.text = text
        self.quotes = _Spans((m.start(), m.end()) for m in re.finditer(r"《[^》\n]*》|[“\"「『][^”\"」』\n]{1,30}[”\"」』]", text))
        bogus = tuple(cues()["bogus_org"])
        township = tuple(cues()["township_suffixes"])
        generic = set(cues()["generic_places"])
        named = [
            e
            for e in entities
            if e.kind in ("org", "place")
            and not _inside(e.start, e.end, self.quotes)
            and not (e.kind == "org" and any(w in e.name for w in bogus))  # a clause taken for a name
            and not (e.kind == "place" and e.level in ("township", "village") and not e.name.endswith(township))
            and not (e.kind == "place" and e.name in generic)  # 城中村, 行政村: kinds, not names
            # 依托镇便民服务中心, 就地城镇化: a verb read into a township name
            and not (e.kind == "place" and e.level in ("township", "village") and e.name.startswith(_VERB_HEADS))
        ]
        # Overlapping names: keep the longer (兴宁市医疗保障局 over its 兴宁市).
        named.sort(key=lambda e: (e.start, -(e.end - e.start)))
        kept: list[EntityRef] = []
        for e in named:
            if kept and e.start < kept[-1].end:
                continue
            kept.append(e)
        self.entities = kept
        self.entity_starts = [e.start for e in kept]
        self.entity_spans = _Spans((e.start, e.end) for e in kept)
        self.period_spans = _Spans([])  # set by find_metrics once periods are known
        self.period_starts: list[int] = []
        self.period_at: dict[int, int] = {}
        c = cues()
        self.area = [(w, "city") for w in c["area_city"]] + [(w, "county") for w in c["area_county"]]
        self.area += [(w, "province") for w in c["area_province"]] + [(w, "anaphora") for w in c["anaphora"]]
        self.area += [(w, "township") for w in c["area_township"]] + [(w, "village") for w in c["area_village"]]
        self.area.sort(key=lambda p: len(p[0]), reverse=True)
        self.area_kind = dict(reversed(self.area))  # the first listing of a word wins
        self.area_re = re.compile("|".join(re.escape(w) for w, _ in self.area))
        self._cache: dict[tuple[int, int], list[_Marker]] = {}
        self.last_subject: str | None = None  # subject of the latest metric (for 其中 …)
        self.paragraph_subject: str | None = None  # the name that opens the current paragraph
        self.reports_for_place = _WORK_REPORT.search(text) is not None

    def county(self) -> str | None:
        if self.ctx.county:
            return self.ctx.county
        lead = self.ctx.lead or ""
        if lead.endswith(("县", "区", "旗")) or (lead.endswith("市") and lead != self.ctx.city):
            return lead
        if self.issuer_county():
            return self.issuer_county()
        for e in self.entities:
            if e.kind == "place" and e.level == "county":
                return e.name
        return self.ctx.city

    def issuer_county(self) -> str | None:
        """A county bulletin (渝北区城市管理局办公室 issues it): its district or county."""
        issuer = re.match(r"[\u4e00-\u9fff]{1,6}?(?:县|区|旗)(?![\u4e00-\u9fff]{0,2}(?:委|政府))", self.ctx.issuer or "")
        if issuer and not issuer.group(0).startswith(("市", "省", "县", "区")):
            return short_place(issuer.group(0))
        return None

    def township(self, at: int, village: bool = False) -> str | None:
        """全镇/该街道 (全村): the article's township (village), else the last one named before ``at``."""
        lead = self.ctx.lead or ""
        if lead.endswith(("村", "社区", "嘎查") if village else ("镇", "乡", "街道", "苏木")):
            return lead
        focus = self.focus() or ""
        if focus.endswith(("村", "社区", "嘎查") if village else ("镇", "乡", "街道", "苏木")):
            return focus
        level = "village" if village else "township"
        named = [e.name for e in self.entities if e.kind == "place" and e.level == level and e.end <= at]
        return named[-1] if named else self.default_subject()

    def area_subject(self, kind: str, at: int = 0) -> str | None:
        if kind == "city":
            # 全市 in an article about a county-level city (兴宁市) is that city
            county = self.county()
            if county and county.endswith("市") and county != self.ctx.city:
                return county
            return self.ctx.city or self.territory()
        if kind == "county":
            return self.county()
        if kind == "anaphora":
            return self.default_subject()
        if kind == "township":
            return self.township(at)
        if kind == "village":
            return self.township(at, village=True)
        return self.ctx.province

    def focus(self) -> str | None:
        """The place the article is about when its lead is no better: the township or village
        its opening names (某县某镇某村…), else its county when the lead is only the county's
        province or city (走进某省某县…: lead 某省)."""
        lead = self.ctx.lead
        if self.ctx.focus and (lead is None or lead in self.ctx.focus_chain):
            return self.ctx.focus
        if lead and self.reports_for_place:
            # A government work report (我代表县人民政府向大会报告工作) speaks for the county as a
            # whole: its figures are the place's, not 某县人民政府's (FORMAT.md judgement calls).
            government = re.fullmatch(r"(.{2,12}?(?:省|自治区|市|州|盟|县|区|旗))人民政府", lead)
            if government:
                return government.group(1)
        if self.ctx.county and lead is not None and lead in (self.ctx.province, self.ctx.city):
            return self.ctx.county
        return None

    def default_subject(self) -> str | None:
        return self.focus() or self.ctx.lead or self.ctx.county or self.ctx.city or self.ctx.province

    def territory(self) -> str | None:
        """The place an article's figures belong to when no subject is written."""
        lead = self.ctx.lead
        if self.focus():
            return self.focus()
        if lead and lead.endswith(("省", "市", "县", "区", "旗", "州", "盟", "镇", "乡", "村", "街道", "社区", "嘎查", "苏木")) and len(lead) <= 10:
            return lead
        return self.ctx.county or self.issuer_county() or self.ctx.city or self.ctx.province or lead

    def markers(self, lo: int, hi: int) -> list[_Marker]:
        """Subject markers in text[lo:hi] (left to right), without partners and locations."""
        key = (lo, hi)
        if key in self._cache:
            return self._cache[key]
        text = self.text
        c = cues()
        raw: list[_Marker] = []
        for e in self.entities[bisect_left(self.entity_starts, lo) : bisect_left(self.entity_starts, hi)]:
            if lo <= e.start and e.end <= hi:
                if e.kind == "place" and e.level not in (None, "province", "city", "county", "township", "village"):
                    if not (e.level == "region" and e.name.endswith("区")):  # 江北新区, …实验区 are administered zones
                        continue
                raw.append(_Marker(e.start, e.end, e.name, e.kind))
        taken = [(m.start, m.end) for m in raw] + self.quotes.near(lo, hi)
        scope_before = tuple(c["scope_before"])
        scope_after = tuple(c["scope_after"])
        for hit in self.area_re.finditer(text, lo, hi):
            i, j = hit.span()
            kind = self.area_kind[hit.group(0)]
            pre = text[max(lo, i - 2) : i]
            if not any(a <= i < b for a, b in taken) and not pre.endswith(scope_before) and not text.startswith(scope_after, j):
                subject = self.area_subject(kind, i)
                if subject:
                    raw.append(_Marker(i, j, subject, "area" if kind != "anaphora" else "anaphora"))
        # An enterprise or bank that opens a clause but was not recognised as an organisation
        # (国网某某供电公司投资9.8亿元): its figures are its own, not the territory's.
        for hit in _ENTERPRISE_OPENING.finditer(text, lo, hi):
            i, j = hit.span("name")
            if not any(a < j and i < b for a, b in taken) and not any(a < j and i < b for a, b in self.period_spans.near(i, j)):
                raw.append(_Marker(i, j, hit.group("name"), "org"))
        raw.sort(key=lambda m: m.start)
        partners = tuple(c["partner_before"])
        out: list[_Marker] = []
        prev: _Marker | None = None
        prev_dropped = False
        for m in raw:
            before = text[lo : m.start].rstrip()
            chained = prev is not None and re.fullmatch(r"\s*[、和及]\s*", text[prev.end : m.start]) is not None
            counted = re.match(r"\s*(?:共|已|有)?\s*[\d一二三四五六七八九十两]", text[m.end :]) is not None
            titled = m.kind == "org" and text.startswith(tuple(c["post_titles"]), m.end)
            listed = (
                m.kind in ("place", "org") and bool(out) and out[-1].kind == "area"
                and re.match(r"(?:[、和及]\s*[\u4e00-\u9fff]{2,12})*\s*等(?!\s*[\d一二三四五六七八九十两])", text[m.end :]) is not None
            )
            examples = re.match(r"(?:\s*[、和及]\s*[^，。；、]{2,30}?)*\s*等\s*[\d一二三四五六七八九十两]", text[m.end :]) is not None
            if titled:
                drop = True  # 市委副书记、市长某某要求: the speaker's post
            elif examples and m.kind == "org":
                drop = True  # A公司、B公司等14家企业: examples of what is counted, not its subject
            elif m.kind == "area" and text[m.end - 1] == "级" and re.search(r"[\d一二三四五六七八九十两]\s*[个项家所条处座批]?$", before):
                drop = True  # 全区11个市级考核断面: 市级 grades the counted thing
            elif listed or (chained and prev_dropped):
                drop = True  # 全镇已建成沙美村、南强村等美丽乡村12个: examples after 全镇 are objects
            elif before.endswith(("占", "较", "比", "高于", "低于", "超过", "相当于", "为")):
                drop = True  # 高于全省1.2个百分点, 占全市的25%: the base of a comparison
            elif counted:
                drop = False  # 对全市1086处隐患点, 在兴宁市21个镇: the place the number counts in
            elif chained:
                drop = prev_dropped
            else:
                located = re.search(r"(?:在|于)$", before) is not None
                drop = bool(before.endswith(partners) or located)
            if not drop:
                out.append(m)
            prev, prev_dropped = m, drop
        self._cache[key] = out
        return out


# A county-level or lower division written under its province/city (重庆市渝北区, 延边州延吉市,
# 某市某区某街道): the gold names a district alone (某某区, not 某市某某区).
_PREFIXED_PLACE = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,10}?(?:省|自治区|市|自治州|州|盟|地区))+"
    r"(?P<own>(?![市省县区州盟])[\u4e00-\u9fff]{1,8}?(?:区|县|旗|市|镇|乡|街道|苏木))$"
)


_VERB_HEADS = ("依托", "依靠", "就地", "推进", "推动", "建设", "打造", "实现", "带动", "覆盖", "辐射", "全面", "深入",
               "开展", "组织", "加快", "助推", "促进", "围绕", "通过", "利用", "联合", "整合", "新建", "改造")
_ENTERPRISE_NAME = re.compile(r"(?:公司|银行|信用社|联社|集团)$")
_ENTERPRISE_OPENING = re.compile(
    r"(?:^|(?<=[。；！？\n]))\s*(?P<name>[\u4e00-\u9fff]{2,16}?"
    r"(?:供电公司|电力公司|有限责任公司|股份有限公司|有限公司|集团公司|银行|信用合作联社|信用社))"
    r"(?=[\u4e00-\u9fff])(?![分支]行|股份|有限|公司|集团)",
    re.M,
)


_PLACE_IN_NAME = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,}(?:街道|镇|乡|苏木|县|区|旗|市(?!场)))(?=[\u4e00-\u9fff]*(?:委|委员会|局|办|办事处|部|政府|中心)$)")


# The speaker of a target: 区委书记某某表示 / 某镇党委书记某某表示 / 县长某某说 (a leader of a
# place's party committee or government speaks for the place).
_LEADER = re.compile(
    r"(?P<place>[\u4e00-\u9fff]{0,8}?)(?P<lvl>自治县|县|区|旗|市|镇|乡|街道)"
    r"(?:党委|党工委|委|人民政府|政府)?(?:副?书记|常务副|副)?(?:县长|区长|旗长|市长|镇长|乡长|主任|书记)"
)


def _speaker_subject(state: _ArticleState, text: str, lo: int, hi: int) -> str | None:
    """The place a leader who announces a target speaks for, or the organisation whose head speaks."""
    verbs = "|".join(re.escape(w) for w in cues()["speech_verbs"])
    said = re.search(rf"(?:{verbs})[，,：:]", text[lo:hi])
    if said is None:
        return None
    head = text[lo : lo + said.start()]
    for e in state.entities:
        if e.kind == "org" and lo <= e.start and lo + said.start() >= e.end and text.startswith(tuple(cues()["post_titles"]), e.end):
            if not re.search(r"(?:委|政府|党委|党工委|委员会)$", e.name):
                return e.name  # 区总工会主席某某表示: the union's own plan
    m = _LEADER.search(head)
    if m is None:
        return None
    if m.group("place") and len(m.group("place")) >= 2:
        return short_place(m.group("place") + m.group("lvl"))
    level = m.group("lvl")
    if level in ("镇", "乡", "街道"):
        return state.township(lo)
    return state.county() if level != "市" else state.area_subject("city", lo)


def short_place(name: str) -> str:
    """重庆市渝北区 → 渝北区; names of organisations (…局, …公司) and bare cities stay as they are."""
    m = _PREFIXED_PLACE.match(name)
    return m.group("own") if m and len(m.group("own")) >= 2 else name


def _combine(text: str, marks: list[_Marker]) -> str:
    """The last marker, joined with the ones listed before it by 、/和 (市A局、市B局各…)."""
    last = marks[-1]
    names = [last.subject]
    s = last.start
    k = len(marks) - 2
    while k >= 0 and re.fullmatch(r"\s*[、和及]\s*", text[marks[k].end : s]):  # 与 joins partners
        names.insert(0, marks[k].subject)
        s = marks[k].start
        k -= 1
    return "、".join(dict.fromkeys(names))


def _clause_starts(text: str, lo: int, hi: int, periods: dict[int, int]) -> list[int]:
    """Where the subject of each clause of text[lo:hi] would stand (after periods and openers)."""
    openers = tuple(cues()["clause_openers"])
    starts = [lo] + [i + 1 for i in range(lo, hi) if text[i] in _CLAUSE_BREAK]
    out = []
    for s in starts:
        moved = True
        while moved and s < hi:
            moved = False
            m = _POINT.match(text, s)
            if m:
                s, moved = m.end(), True
            while s < hi and (text[s].isspace() or text[s] in "，,；;：:"):
                s, moved = s + 1, True
            if s in periods:
                s, moved = periods[s], True
            for w in openers:
                if text.startswith(w, s):
                    s, moved = s + len(w), True
                    break
        out.append(s)
    return out


def _subject(state: _ArticleState, text: str, sent: _Sentence, clause_lo: int, pos: int,
             periods: dict[int, int], rate: bool, previous: str | None = None,
             numbers_before: Sequence[int] = (), sentence_subject: str | None = None,
             spoken: bool = False) -> str | None:
    """Clause marker, else the subject of an earlier clause of the sentence, else the default.
    A rate (%, 百分点, rank) belongs to a place, not to the department that reports it."""
    def usable(marks: list[_Marker], own_clause: bool = False) -> list[_Marker]:
        # an enterprise's or bank's own rate in its own clause (某银行贷款平均利率…) stays with it
        keep = (lambda m: own_clause and m.kind == "org" and _ENTERPRISE_NAME.search(m.subject) is not None)
        return [m for m in marks if m.kind not in ("org", "anaphora") or keep(m)] if rate else marks

    marks = usable(state.markers(clause_lo, pos), own_clause=True)
    if not marks:
        starts = set(_clause_starts(text, sent.start, pos, periods))
        picked: list[_Marker] = []
        for m in usable(state.markers(sent.start, pos)):
            chained = picked and re.fullmatch(r"\s*[、和及]?\s*", text[picked[-1].end : m.start])
            if m.start in starts or chained:
                picked.append(m)  # 三台县芦溪镇…: the run of names that opens a clause
                starts.add(m.end)
        marks = picked
        if marks:
            # in a run of adjacent names keep the innermost place (三台县芦溪镇 → 芦溪镇)
            marks = [m for i, m in enumerate(marks) if not (i + 1 < len(marks) and marks[i + 1].start == m.end)]
    if not marks:
        if rate and previous is not None and state.markers(sent.start, pos) and pos - clause_lo <= 10:
            return previous  # 中心受理办件28.6万件，按时办结率99.8%: the rate of the same subject's work
        if sentence_subject is not None:
            return sentence_subject  # 其中，出口321.5亿美元: a breakdown of the previous sentence's total
        if spoken:
            speaker = _speaker_subject(state, text, sent.start, pos)
            if speaker:
                return speaker
        if rate and state.paragraph_subject and _ENTERPRISE_NAME.search(state.paragraph_subject) and not state.markers(sent.start, pos):
            return state.paragraph_subject  # 某银行推出…。…贷款平均利率下降0.6个百分点: the bank's rate
        if rate or spoken:
            return state.territory()  # rates, and targets announced by a speaker, belong to the place
        if state.paragraph_subject and not state.markers(sent.start, pos):
            return state.paragraph_subject  # 某银行推出…。截至5月末，累计发放…: the paragraph's actor
        return state.default_subject()
    subject = _combine(text, marks)
    if (JOINT_WORK_TO_PLACE and marks[-1].kind == "org" and re.match(r"\s*(?:会同|联合|协同|携手)", text[marks[-1].end : pos])
            and not re.search(r"(?:公司|银行|信用社|联社|集团|协会|商会)$", marks[-1].subject)):
        return state.territory()  # 区水利局会同区生态环境局…推进治理，投入资金3.8亿元: the place's joint result
    names = subject.split("、")
    k = text.find("分别", marks[-1].end, pos)
    if len(names) > 1 and k >= 0:
        # 张浦镇、千灯镇分别实现48.6亿美元和32.1亿美元: the n-th value is the n-th subject's
        nth = sum(1 for q in numbers_before if k < q < pos)
        if nth < len(names):
            return names[nth]
    return subject


def _innermost(state: _ArticleState, opener: _Marker) -> str:
    """A paragraph opened by a run of adjacent place names (某县某乡某村大力发展…) is about the
    innermost place of the run, as inside a clause."""
    if opener.kind != "place":
        return opener.subject
    last = opener
    for m in state.markers(opener.start, opener.end + 40):
        if m.start == last.end and m.kind == "place":
            last = m
    return last.subject


def _period(periods: list[PeriodMention], sent: _Sentence, pos: int, para_sticky: PeriodMention | None,
            starts: Sequence[int] = (), text: str = "") -> str | None:
    window = periods[bisect_left(starts, sent.start) : bisect_left(starts, pos)] if starts else periods
    own = [p for p in window if sent.start <= p.start and p.end <= pos]
    # 由2022年的86.1%提升至93.5%: "2022年的" dates its own number only
    own = [p for p in own if not (text[p.end : p.end + 1] == "的" and re.match(r"的\s*[\d一二三四五六七八九十]", text[p.end :]) and not re.fullmatch(r"的\s*", text[p.end : pos]) and _number_between(text, p.end + 1, pos))]
    if own:
        return own[-1].period
    return para_sticky.period if para_sticky is not None else None


def carried_period(paragraph_prior: PeriodMention | None, article_opening: PeriodMention | None) -> PeriodMention | None:
    """The period of a sentence that states none of its own (FORMAT.md, "Judgement calls"):
    the nearest earlier one in the same paragraph, which carries until another is stated;
    else the one the article's opening sentence sets for the whole article (今年以来，…);
    else none. (The metric's own sentence comes first: see ``_period``.)"""
    return paragraph_prior if paragraph_prior is not None else article_opening


def _carried_to_target(period: str | None) -> str | None:
    """A forecast or plan (预计/计划 …) that takes its period from an earlier sentence speaks
    of the year, not of the span so far: 今年以来，…。…预计退还资金近2亿元 → 2019年."""
    m = re.fullmatch(r"((?:19|20)\d{2})年以来", period or "")
    return f"{m.group(1)}年" if m else period


def _opening_period(text: str, sentences: Sequence[_Sentence], periods: Sequence[PeriodMention]) -> PeriodMention | None:
    """The period the article's opening sentence sets for the whole article: a period phrase
    of the first real sentence (a title line without sentence punctuation is skipped) that
    stands before a comma, as in 今年以来，… or 2019年，某县…; None if it sets none."""
    opening = next((s for s in sentences if text[s.end - 1 : s.end] in _SENTENCE_END), None)
    if opening is None:
        return None
    for p in periods:
        if opening.start <= p.start < opening.end and p.period and text[p.end : p.end + 1] in ("，", ","):
            return p
    return None


_HEADING_MAX = 30


def _heading_period(text: str, sentences: Sequence[_Sentence], sent: _Sentence,
                    periods: Sequence[PeriodMention]) -> PeriodMention | None:
    """The period a section heading sets for the paragraphs under it: a paragraph that is one
    short line without sentence punctuation (一、2021年工作回顾; 过去五年工作回顾) and names a
    period. It carries until the next heading that names one; a paragraph's own period and
    the sentence's own come first."""
    lines = [s for s in sentences if s.paragraph == sent.paragraph]
    if len(lines) != 1 or sent.end - sent.start > _HEADING_MAX or text[sent.end - 1 : sent.end] in _SENTENCE_END:
        return None
    inside = [p for p in periods if sent.start <= p.start < sent.end and p.period]
    return inside[0] if inside else None


def find_metrics(text: str, ctx: ArticleContext | None = None, entities: Sequence[EntityRef] = ()) -> list[FoundMetric]:
    """All metrics of one article's text (offsets into ``text``), left to right."""
    from .numbers import ascii_digits

    original = text
    text = ascii_digits(text)  # same length: offsets and spans stay valid
    c = cues()
    state = _ArticleState(ctx, entities, text)
    today = state.ctx.bulletin_date
    periods = sorted(find_periods(text, today), key=lambda p: p.start)
    state.period_starts = [p.start for p in periods]
    state.period_at = {p.start: p.end for p in periods}
    state.period_spans = _Spans((p.start, p.end) for p in periods)
    protected = _protected(text, entities)

    ranks = _ranks(text)
    # only the number of a rank must be free (its scope may name a place: 居温州各县第一位)
    cands: list[_Candidate] = [r for r in ranks if not _inside(max(r.digits_start, r.number_start), r.end, protected)]
    for q in find_quantities(text):
        if any(r.start < q.end and q.start < r.end for r in ranks):
            continue
        if _is_not_metric(text, q, protected):
            continue
        cands.append(_Candidate(q.start, q.end, q.number_start, q.value, q.unit, q.qualifier))
    cands.sort(key=lambda k: k.start)

    # Titles that merely announce an article (no sentence punctuation) are not read twice.
    sentences = _sentences(text)
    out: list[FoundMetric] = []
    sticky: dict[int, PeriodMention] = {}
    ci = 0
    pi = 0
    article_opening = _opening_period(text, sentences, periods)
    section: PeriodMention | None = None  # the period of the latest section heading (2021年工作回顾)
    heading_checked: set[int] = set()
    seen_paragraphs: set[int] = set()
    for sent in sentences:
        if sent.paragraph not in seen_paragraphs:
            seen_paragraphs.add(sent.paragraph)
            state.paragraph_subject = None
            if CARRY_SUBJECTS:
                first_clause = _clause_starts(text, sent.start, sent.end, state.period_at)[0]
                opener_mark = [m for m in state.markers(sent.start, sent.end) if m.start == first_clause and m.kind in ("org", "place")]
                state.paragraph_subject = _innermost(state, opener_mark[0]) if opener_mark else None
        if sent.paragraph not in heading_checked:
            heading_checked.add(sent.paragraph)
            section = _heading_period(text, sentences, sent, periods) or section
        prior = carried_period(sticky.get(sent.paragraph), section or article_opening)
        in_sentence: list[tuple[_Candidate, FoundMetric]] = []
        while ci < len(cands) and cands[ci].start < sent.end:
            cand = cands[ci]
            ci += 1
            if cand.start < sent.start:
                continue
            metric = _build(text, cand, sent, in_sentence, periods, prior, state, protected, c)
            if metric is not None:
                metric.text = original[metric.start : metric.end].strip()
                state.last_subject = metric.subject
                in_sentence.append((cand, metric))
                out.append(metric)
        while pi < len(periods) and periods[pi].start < sent.end:
            if periods[pi].start >= sent.start and periods[pi].sticky:
                sticky[sent.paragraph] = periods[pi]
            pi += 1
    from .tables import with_table_metrics  # late: tables imports this module

    # text tables (表1 …, 指标 单位 1-6月 …): one metric per cell instead of prose reading
    return with_table_metrics(original, state.ctx, entities, _without_headline_repeats(text, state.ctx, out))


def _without_headline_repeats(text: str, ctx: ArticleContext, metrics: list[FoundMetric]) -> list[FoundMetric]:
    """A headline that announces a figure the body states again is not a second metric."""
    title = (ctx.article_title or "").strip()
    first_line_end = text.find("\n")
    if not title or first_line_end < 0 or text[:first_line_end].strip() != title:
        return metrics
    body = {(m.value, m.unit) for m in metrics if m.start > first_line_end}
    return [m for m in metrics if m.start > first_line_end or (m.value, m.unit) not in body]


def _number_between(text: str, lo: int, hi: int) -> bool:
    return re.search(r"\d|[一二三四五六七八九十]", text[lo:hi]) is not None


def _build(text: str, cand: _Candidate, sent: _Sentence, in_sentence: list[tuple[_Candidate, FoundMetric]],
           periods: list[PeriodMention], prior: PeriodMention | None, state: _ArticleState,
           protected: _Spans, c: dict[str, Any]) -> FoundMetric | None:
    clause_lo = _clause_start(text, sent.start, cand.start)
    prev_in_clause = [m for k, m in in_sentence if k.end <= cand.start and k.end > clause_lo]
    lo = clause_lo
    if prev_in_clause:
        lo = max(clause_lo, prev_in_clause[-1].end)
        prev_post = _post_noun(text, lo, sent.end, c)
        if prev_post and lo + len(prev_post) < cand.start:
            lo += len(prev_post)  # 5家符合条件的企业获贷款1800万元: the 5家 noun is not this one's
    between = text[lo : cand.number_start]

    # qualifier written before the number
    qualifier = cand.qualifier
    q_start = cand.start
    if qualifier is None and not cand.rank:
        head = text[lo : cand.start].rstrip()
        for w, q in sorted(c["qualifier_before"].items(), key=lambda p: len(p[0]), reverse=True):
            if head.endswith(w):
                qualifier = q
                q_start = lo + len(head) - len(w)
                break

    # change / direction
    is_change, direction = cand.is_change, cand.direction
    span_start = min(cand.start, q_start)
    if not cand.rank:
        direction, at = _change_words(between, cand.unit in _RATE_UNITS)
        compared = re.search(r"较|比|同比|环比|相比", between[: max(at, 0)]) is not None
        if direction is not None and not (
            cand.unit in _RATE_UNITS or cand.unit in c["duration_units"] or compared
        ):
            direction = None  # 增加学位3.3万个 is an amount; 较上年增加21天, 缩短60天, 增长9% are changes
        if direction is not None:
            is_change = True
            span_start = min(span_start, lo + at)
            before_verb = between[:at]
            if before_verb.endswith("同比"):
                span_start -= 2
        elif cand.unit in _RATE_UNITS and re.fullmatch(r"\s*[和、及与]?\s*", between) and in_sentence:
            last_cand, last = in_sentence[-1]
            if last.is_change and last.unit == cand.unit and last_cand.end <= cand.start:
                is_change, direction = True, last.change_direction
    # target
    clause_head = text[clause_lo : cand.number_start]
    is_target = _is_target(clause_head, c)
    if not is_target and clause_lo > sent.start:
        # 今年计划实施项目36个，总投资1.28亿元: the plan covers the rest of the sentence,
        # until something states what has already happened (已, 截至, 目前 …)
        head = text[sent.start : clause_lo]
        is_target = _is_target(head, c) and not any(w in clause_head for w in c["target_reset"])

    # subject (entity and quoted names before the number)
    period = _period(periods, sent, cand.start, None, state.period_starts, text)
    if period is None and prior is not None:
        period = _carried_to_target(prior.period) if is_target else prior.period
    if re.search(r"由\s*(?:不足|不到|近|约|超过|仅)?\s*$", text[sent.start : cand.number_start]):
        period = None  # 收缴率由不足50%提高到83%: the undated starting value has no period of its own
    indicator, ind_start, post_len = _indicator(text, cand, lo, clause_lo, sent, in_sentence, periods, state, is_change, direction, c)
    rate = (cand.unit in _TERRITORY_UNITS or cand.rank) and not any(w in (indicator or "") for w in c["staff_words"])
    previous = in_sentence[-1][1].subject if in_sentence else None
    opener = text[sent.start : cand.start].lstrip()
    carried = state.last_subject if opener.startswith("其中") else None
    spoken = is_target and any(w in text[sent.start : cand.start] for w in c["speech_verbs"])
    subject = _subject(state, text, sent, clause_lo, cand.start, state.period_at, rate, previous,
                       [k.start for k, _ in in_sentence], carried, spoken)
    if subject and re.search(r"(?:辖区|所辖|全辖)内?(?:共有|共|有)?\s*$", text[clause_lo : cand.start]):
        # 某街道党工委…在辖区13个社区推行…: what lies in its jurisdiction counts for the place
        own = _PLACE_IN_NAME.match(subject)
        if own and own.group(1) != subject:
            subject = own.group(1)
    if subject:
        subject = "、".join(short_place(n) for n in subject.split("、"))
    start = span_start
    if ind_start is not None and cand.start - ind_start <= 24:
        start = min(start, ind_start)
    end = cand.end + post_len  # 4项行政许可项目: the counted noun belongs to the span
    return FoundMetric(
        start=start,
        end=end,
        text=text[start:end].strip(),
        value=cand.value,
        unit=cand.unit,
        indicator=indicator,
        subject=subject,
        period=period,
        qualifier=qualifier,
        is_change=is_change,
        change_direction=direction if is_change else None,
        is_target=is_target,
    )


def _indicator(text: str, cand: _Candidate, lo: int, clause_lo: int, sent: _Sentence,
               in_sentence: list[tuple[_Candidate, FoundMetric]], periods: list[PeriodMention],
               state: _ArticleState, is_change: bool, direction: str | None, c: dict[str, Any]
               ) -> tuple[str | None, int | None, int]:
    """A few words naming what is measured, and where they start in the text."""
    a, b = lo, cand.start if not cand.rank else cand.number_start
    # Drop subjects and periods that open the phrase (全市, 市X局, 今年上半年 …).
    skip = state.period_spans.near(a, b) + state.entity_spans.near(a, b)
    # area words of the 全市/我县 kind are subjects; 市级/中心城区 also name the measured thing
    skip += [(m.start, m.end) for m in state.markers(a, b) if m.kind != "area" or text[m.start] in "全我本该"]
    leading = c["lead_strip"]
    trailing = c["tail_strip"] + (c["change_up"] + c["change_down"] + ["同比"] if is_change else [])
    trailing = sorted(set(trailing) | set(c["qualifier_before"]), key=len, reverse=True)
    while True:
        a, b = _strip(text, a, b, leading, trailing)
        hit = next(((s, e) for s, e in skip if s <= a < e), None)
        if hit is None:
            # a period or subject right before the number (…，全市 131 个)
            hit_end = next(((s, e) for s, e in skip if s < b <= e and s >= a), None)
            if hit_end is None:
                break
            b = hit_end[0]
            continue
        a = hit[1]
    if cand.rank:
        # 位列全省第一: the thing ranked is before the verb; the scope names the ranking.
        words = _drop_comparison(text[a:b])
        if cand.unit == "位":  # 较去年前移2位: a change of the rank just stated
            words = re.sub(r"(?:前移|上升|提升|前进|上移|进位|后移|下降|后退|下滑|下移|退后)了?$", "", words)
            base = words or (_base_indicator(in_sentence[-1][1].indicator) if in_sentence else "")
            return (base + "排名变化") if base else None, (a if a < b else None), 0
        scope = re.sub(r"^(在|于)", "", cand.rank_scope)
        base = words
        if words in ("", "增幅", "增速", "降幅") and in_sentence:
            base = _base_indicator(in_sentence[-1][1].indicator) + words
        return (base + scope + "排名") if (base or scope) else None, (a if a < b else None), 0
    words = _drop_comparison(text[a:b]) if a < b else ""
    post = ""
    if cand.unit not in _RATE_UNITS and cand.unit not in ("元", "美元", "欧元", "港元", "日元"):
        post = _post_noun(text, cand.end, sent.end, c)
    if cand.unit in _RATE_UNITS and in_sentence and re.fullmatch(r"(?:年均?|平均|分别|均)", words):
        words = ""  # 累计完成232.75亿元，年均增长3.56%: the average growth of that amount
        rate_kind = "年均" if "年均" in text[lo : cand.number_start] else ""
    else:
        rate_kind = ""
    if not words and not post and cand.unit in _RATE_UNITS and in_sentence:
        # 收入112.6亿元，完成预算的71.2%，同比增长9.8%: the growth is the amount's, not the ratio's
        if cand.unit == "百分点":  # 比重达到76.5%，提高1.3个百分点: the points are the ratio's
            amounts = [m for _, m in in_sentence if m.unit == "%" and not m.is_change]
        else:
            amounts = [m for _, m in in_sentence if m.unit not in _RATE_UNITS or m.is_change]
        base = _base_indicator((amounts or [m for _, m in in_sentence])[-1].indicator)
        if base:
            if is_change:
                return base + rate_kind + ("增速" if direction == "up" else "降幅"), None, 0
            return base, None, 0
    own_post = post
    if not post and cand.unit in c["count_units"] and in_sentence and len(words) <= 4:
        # 各认领3所 after 12所改造任务: the counted noun is elided
        for k, m in reversed(in_sentence):
            if m.unit == cand.unit and m.indicator:
                post = _post_noun(text, k.end, sent.end, c)
                if post:
                    break
    if post and re.search(r"[、和及与]\s*$", text[lo : cand.start]):
        words = ""  # 七大举措、八项便利措施和10项改革措施: the words before belong to the list
    if re.search(r"(?:对|向|为|给|在|从)$", words):
        words = ""  # 对全市31个…森林公园: a preposition, the measured thing follows the number
    if post and EXAMPLES_BEFORE_COUNT and re.search(r"[、和及]", words) and words.endswith("等"):
        words = ""  # 甲公司、乙公司等26个项目: the examples are not the measured thing (项目数)
    # periods and target words inside the phrase (主城区今年9月将新增) are not part of the name
    for ps, pe in state.period_spans.near(a, b):
        if a <= ps and pe <= b:
            words = words.replace(text[ps:pe], "", 1)
    words = re.sub(r"预计|力争|争取|将(?=[新增提达实完建开])", "", words)
    words = re.sub(r"(?:压缩|压减|精简|缩短|降低|降|减少|提高|提升|增加|增长|下降|上升|扩大)(?:至|到)$|(?:完成|实现)$", "", words)
    if cand.unit == "%" and not is_change and re.search(r"占[^，。；]{0,12}$", words) and not words.endswith(("比重", "比例", "份额")):
        words = re.sub(r"的$", "", words) + "比重"  # 占全省的60%: a share
    if is_change and words:
        words = words + ("同比" if "同比" in text[lo : cand.number_start] and "同比" not in words else "")
        words += "增速" if direction == "up" else "降幅"
    if not post and in_sentence and _BARE_HEAD.fullmatch(words):
        # 销售农产品30万元，实现利润5万元 / 引进企业590家、总投资323亿元: a bare 利润 or 投资
        # is that of the thing the clause before measures
        before = in_sentence[-1][1]
        owner = re.sub(r"(?:人数|面积|数|量)$", "", before.indicator or "")
        if owner and not before.is_change and (cand.unit == before.unit or cand.unit in ("元", "美元")):
            words = owner + re.sub(r"^(?:实现|完成|获得|可获得|带来)", "", words)
    indicator = words + post
    if not indicator and in_sentence and in_sentence[-1][1].unit == cand.unit:
        return in_sentence[-1][1].indicator, None, 0  # 分别新增12家、9家: the same measure again
    if not indicator and in_sentence and in_sentence[-1][1].is_change and re.fullmatch(
            r"\s*(?:达到?|至|到|为)?\s*", text[in_sentence[-1][0].end : cand.number_start]):
        # 地区生产总值增长12.6%达92.9亿元: the amount the growth reached is the same measure
        return _base_indicator(in_sentence[-1][1].indicator) or None, None, 0
    if not indicator:
        return None, None, 0
    if post or (cand.unit not in _RATE_UNITS and not words.endswith(("数", "量", "率", "额", "入", "值", "积"))):
        if cand.unit in _AREA_UNITS and not post and not indicator.endswith(("面积", "规模")):
            indicator += "面积"  # 新增耕地6098亩 → 新增耕地面积: an area measures a surface
        elif cand.unit in c["event_units"]:
            indicator += cand.unit
        elif cand.unit == "场" and not indicator.endswith("场次"):
            indicator += "场次"  # 招聘会42场 → 招聘会场次
        elif cand.unit in c["count_units"] and not indicator.endswith(("数", "量")):
            # 户, 期, 组 … name the count (居民户数, 培训班期数); 个/项/家/人 just take 数
            generic = cand.unit in ("个", "所", "项", "条", "家", "人", "名", "位", "件") or indicator.endswith(cand.unit)
            if cand.unit in ("人", "名") and not post and not indicator.endswith(("人", "者", "员", "生", "户")):
                indicator += "人数"  # 助学2人 → 助学人数: people counted after a verb
            else:
                indicator += "数" if generic else cand.unit + "数"
    return indicator, (a if a < b else None), len(own_post)


def _drop_comparison(words: str) -> str:
    """比去年同期 / 较上年 / 与2018年相比 name the base of a change, not the measured thing."""
    if not re.match(r"[比较与和]", words):
        return words
    return re.sub(r"^(?:与|和)?(?:比|较)?(?:去年|上年|上一年|前年|\d{4}年)?(?:同期)?(?:相比)?(?=$|[增提下降减上前后])", "", words)


def _base_indicator(indicator: str | None) -> str:
    if not indicator:
        return ""
    return re.sub(r"(同比)?(增速|降幅|增幅|\w{0,3}排名)$", "", indicator)


def _post_noun(text: str, pos: int, hi: int, c: dict[str, Any]) -> str:
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


# ----------------------------------------------------------------- spaCy component


def _entities_of(doc: Any) -> list[EntityRef]:
    refs: list[EntityRef] = []
    for key, kind in (("wx_org", "org"), ("wx_place", "place"), ("wx_program", "program")):
        for span in doc.spans.get(key, []) if key in doc.spans else []:
            attrs = span._.wx or {}
            name = attrs.get("canonical") or attrs.get("text") or span.text
            level = span.label_ or attrs.get("level") or attrs.get("type")
            refs.append(EntityRef(span.start_char, span.end_char, name, kind, level if kind == "place" else None))
    if "wx_org" not in doc.spans:  # no organisation component ran (a bare pipeline)
        refs += fallback_orgs(doc.text, doc.user_data.get("wx"))
    return refs


_FALLBACK_ORG = re.compile(r"(?<![\u4e00-\u9fff])(?P<p>[省市县区])(?P<n>[\u4e00-\u9fff]{1,6}?(?:局|委员会|办公室|厅|中心|银行))")


def fallback_orgs(text: str, ctx: ArticleContext | None) -> list[EntityRef]:
    """市X局-style departments, for when no organisation component ran (subjects only)."""
    out = []
    for m in _FALLBACK_ORG.finditer(text):
        prefix = {"省": ctx.province if ctx else None, "市": ctx.city if ctx else None}.get(m.group("p"))
        if m.group("p") in "县区" and ctx is not None:
            prefix = ctx.county
        name = (prefix or m.group("p")) + m.group("n")
        out.append(EntityRef(m.start(), m.end(), name, "org"))
    return out


def metrics_component(doc: Any) -> Any:
    """spaCy component: doc.spans["wx_metric"], one span per metric, ``_.wx`` = Metric fields."""
    from spacy.tokens import Span

    if not Span.has_extension("wx"):
        Span.set_extension("wx", default=None)
    ctx = doc.user_data.get("wx")
    spans = []
    for m in find_metrics(doc.text, ctx, _entities_of(doc)):
        span = doc.char_span(m.start, m.end, label="metric", alignment_mode="expand")
        if span is None:
            continue
        span._.wx = m.fields()
        spans.append(span)
    doc.spans["wx_metric"] = spans
    return doc


def _register() -> None:
    from spacy.language import Language

    if "wx_metrics" not in Language.factories:

        @Language.factory("wx_metrics")
        def make_metrics(nlp: Any, name: str) -> Any:
            return metrics_component


_register()
