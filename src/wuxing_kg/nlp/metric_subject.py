"""Whose figure a metric is (FORMAT.md "Judgement calls", metric subject): subject markers
(organisations, places, area words such as 全县/该局), the article's focus place, and the
clause and sentence rules that pick one of them."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from .context import ArticleContext
from .divisions import table
from .metric_base import CLAUSE_BREAK, DEFAULT_SWITCHES, POINT, EntityRef, Sentence, Spans, cues, inside
from .spans import char_positions


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    subject: str
    kind: str  # org | place | area | anaphora


_WORK_REPORT = re.compile(r"我代表[\u4e00-\u9fff]{0,12}人民政府|政\s*府\s*工\s*作\s*报\s*告")


@lru_cache(maxsize=1)
def _area_words() -> tuple[list[tuple[str, str]], dict[str, str], re.Pattern[str]]:
    """The area words (全市, 该县 …) with their kind, longest first; kind per word; one pattern.
    Made once from the cues (they do not change), not per article."""
    c = cues()
    area = [(w, "city") for w in c["area_city"]] + [(w, "county") for w in c["area_county"]]
    area += [(w, "province") for w in c["area_province"]] + [(w, "anaphora") for w in c["anaphora"]]
    area += [(w, "township") for w in c["area_township"]] + [(w, "village") for w in c["area_village"]]
    area.sort(key=lambda p: len(p[0]), reverse=True)
    area_kind = dict(reversed(area))  # the first listing of a word wins
    return area, area_kind, re.compile("|".join(re.escape(w) for w, _ in area))


# A news outlet or wire (某某日报, 某某新闻网, 中国新闻社, 某某电视台) reports figures, it does not own them.
_OUTLET = re.compile(r"(?:报|报社|新闻网|网|通讯社|新闻社|电视台|广播电视台|在线|杂志社?)(?:[\u4e00-\u9fff]{1,3}版)?$")


def is_outlet(name: str) -> bool:
    return _OUTLET.search(name) is not None and not name.endswith(("合作社", "供销社", "联社", "旅行社"))


def usable_lead(ctx: ArticleContext) -> bool:
    """Whether the article's lead can own its unmarked figures: not a news outlet (中国新闻社 as
    the page's source), not a division outside the article's province (a breadcrumb's 香港 on a
    Hong Kong paper's page about a county in 黑龙江省)."""
    lead = ctx.lead or ""
    if is_outlet(lead):
        return False
    province = (ctx.province_code or "")[:2]
    if not province or not lead.endswith(("省", "自治区", "特别行政区", "市", "州", "盟", "县", "区", "旗")):
        return True
    d = table().lookup(lead)
    return d is None or d.code.startswith(province)


def _lead_is_a_post(lead: str, entities: Sequence[EntityRef], text: str) -> bool:
    """A party committee or government first named inside a post chain (某区委副书记、某镇党委书记
    某某: a byline or a speaker's posts) is not what the article is about."""
    if not re.search(r"(?:委|委员会|政府|党工委)$", lead):
        return False
    first = next((e for e in entities if e.name == lead), None)
    return first is not None and text.startswith(tuple(cues()["post_titles"]), first.end)


# What may stand before the place a prose line opens with (近年来，某镇深挖资源潜力…; 2023年，某县…).
_OPENING_WORDS = re.compile(r"\s*(?:(?:近年来|近年|今年以来|去年以来|(?:19|20)\d{2}年(?:以来)?|\d{1,2}月\d{1,2}日)\s*[，,]?)?\s*")


class ArticleState:
    """Per-article memory: entities, quotes, periods, and how area words resolve."""

    def __init__(self, ctx: ArticleContext | None, entities: Sequence[EntityRef], text: str,
                 switches: dict[str, bool] | None = None) -> None:
        self.ctx = ctx or ArticleContext(bulletin_date=None)
        if self.ctx.lead and not usable_lead(self.ctx):
            self.ctx = replace(self.ctx, lead=None)  # for the subject rules only; the article keeps its lead
        self.switches = dict(DEFAULT_SWITCHES, **(switches or {}))
        self.text = text
        # Quoted names and titles (“某某模式”, 《某某办法》); a quoted remark with sentence
        # punctuation (“全村80%农户种木耳，村里存款上亿。”) is speech, whose place words count.
        self.quotes = Spans((m.start(), m.end()) for m in re.finditer(r"《[^》\n]*》|[“\"「『][^”\"」』\n，。！？,!?]{1,30}[”\"」』]", text))
        bogus = tuple(cues()["bogus_org"])
        township = tuple(cues()["township_suffixes"])
        generic = set(cues()["generic_places"])
        named = [
            e
            for e in entities
            if e.kind in ("org", "place")
            and not inside(e.start, e.end, self.quotes)
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
        if self.ctx.lead and _lead_is_a_post(self.ctx.lead, kept, text):
            self.ctx = replace(self.ctx, lead=None)
        self.entity_starts = [e.start for e in kept]
        self.entity_spans = Spans((e.start, e.end) for e in kept)
        self.period_spans = Spans([])  # set by find_metrics once periods are known
        self.period_starts: list[int] = []
        self.period_at: dict[int, int] = {}
        self.area, self.area_kind, self.area_re = _area_words()
        self._cache: dict[tuple[int, int], list[Marker]] = {}
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

    def issuer_township(self) -> str | None:
        """A township's own page (某某街道办事处 / 某镇人民政府 issues its work summary): that township."""
        m = re.fullmatch(r"([\u4e00-\u9fff]{2,10}?(?:街道|镇|乡|苏木))(?:办事处|人民政府|党工委|党委)", self.ctx.issuer or "")
        return m.group(1) if m else None

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
        return self.opening_place() if lead is None else None

    def opening_place(self) -> str | None:
        """A lead-less article whose first prose line opens with a place below what the context
        knows (近年来，某镇深挖资源潜力…; 某省某县在实践中…, the innermost of the chain): that place."""
        if not hasattr(self, "_opening_place"):
            self._opening_place = None if self.ctx.focus else self._find_opening_place()
        return self._opening_place

    def _find_opening_place(self) -> str | None:
        places = [e for e in self.entities if e.kind == "place" and e.start < 600]
        pos = 0
        while pos < min(len(self.text), 600):
            end = self.text.find("\n", pos)
            end = len(self.text) if end < 0 else end
            line_start, pos = pos, end + 1
            if end - line_start < 30:
                continue  # headings, bylines, date lines: the first prose line decides
            opening = _OPENING_WORDS.match(self.text, line_start)  # always matches (all optional)
            at = opening.end() if opening else line_start
            chain = []
            for e in places:
                if e.start == at:
                    chain.append(e)
                    at = e.end
            if not chain or self.text[at : at + 1] in ("：", ":", "”", "\""):
                return None
            last = chain[-1]
            below_county = last.level in ("township", "village") and self.ctx.county is not None
            return last.name if below_county or (last.level == "county" and self.ctx.county is None) else None
        return None

    def default_subject(self) -> str | None:
        return self.focus() or self.ctx.lead or self.ctx.county or self.issuer_township() or self.ctx.city or self.ctx.province

    def territory(self) -> str | None:
        """The place an article's figures belong to when no subject is written."""
        lead = self.ctx.lead
        if self.focus():
            return self.focus()
        if lead and lead.endswith(("省", "市", "县", "区", "旗", "州", "盟", "镇", "乡", "村", "街道", "社区", "嘎查", "苏木")) and len(lead) <= 10:
            return lead
        return self.ctx.county or self.issuer_county() or self.issuer_township() or self.ctx.city or self.ctx.province or lead

    def _kind_references(self, lo: int, hi: int, taken: list[tuple[int, int]]) -> list[Marker]:
        if not hasattr(self, "_has_org_kinds"):  # most articles name no co-op, company or bank
            self._has_org_kinds = any(e.kind == "org" and e.name.endswith(_ORG_KINDS) for e in self.entities)
        return _kind_references(self, lo, hi, taken) if self._has_org_kinds else []

    def markers(self, lo: int, hi: int) -> list[Marker]:
        """Subject markers in text[lo:hi] (left to right), without partners and locations."""
        key = (lo, hi)
        if key in self._cache:
            return self._cache[key]
        text = self.text
        c = cues()
        raw: list[Marker] = []
        for e in self.entities[bisect_left(self.entity_starts, lo) : bisect_left(self.entity_starts, hi)]:
            if lo <= e.start and e.end <= hi:
                if e.kind == "org" and is_outlet(e.name):
                    continue  # 某某日报讯(记者…): the outlet that reports the figures, not their owner
                if e.kind == "place" and e.level not in (None, "province", "city", "county", "township", "village"):
                    if not (e.level == "region" and e.name.endswith("区")):  # 江北新区, …实验区 are administered zones
                        continue
                raw.append(Marker(e.start, e.end, e.name, e.kind))
        taken = [(m.start, m.end) for m in raw] + self.quotes.near(lo, hi)
        scope_before = tuple(c["scope_before"])
        scope_after = tuple(c["scope_after"])
        for hit in self.area_re.finditer(text, lo, hi):
            i, j = hit.span()
            kind = self.area_kind[hit.group(0)]
            pre = text[max(lo, i - 2) : i]
            if not any(a <= i < b for a, b in taken) and not pre.endswith(scope_before) and not text.startswith(scope_after, j):
                subject = self.area_subject(kind, i)
                if subject is None and "区" in hit.group(0) and (self.ctx.province or "").endswith("自治区"):
                    subject = self.ctx.province  # 全区 in a region's text that names no county or city
                if subject:
                    raw.append(Marker(i, j, subject, "area" if kind != "anaphora" else "anaphora"))
        # An enterprise or bank that opens a clause but was not recognised as an organisation
        # (国网某某供电公司投资9.8亿元): its figures are its own, not the territory's.
        for hit in _ENTERPRISE_OPENING.finditer(text, lo, hi):
            i, j = hit.span("name")
            if not any(a < j and i < b for a, b in taken) and not any(a < j and i < b for a, b in self.period_spans.near(i, j)):
                raw.append(Marker(i, j, hit.group("name"), "org"))
        raw += self._kind_references(lo, hi, taken)
        raw.sort(key=lambda m: m.start)
        partners = tuple(c["partner_before"])
        out: list[Marker] = []
        prev: Marker | None = None
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
            examples = (m.kind in ("org", "place") and _EXAMPLES_OF_COUNT.match(text, m.end) is not None) or (
                m.kind == "area" and _AREA_ITEMS_OF_COUNT.match(text, m.end) is not None)
            if titled:
                drop = True  # 市委副书记、市长某某要求: the speaker's post
            elif examples:
                drop = True  # A公司、B公司等14家企业, 甲村、乙村等5个村: examples of what is counted, not its subject
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


# A clause opened by a bare kind word (合作社带动周边10余个村, 该公司投资…): the organisation of
# that kind named last before it.
_ORG_KINDS = ("合作社", "公司", "协会", "供销社", "银行", "工厂")
_KIND_REFERENCE = re.compile(r"(?:^|(?<=[，。；！？,;!?\n]))\s*(?:该|这家|这个)?(?P<kind>合作社|公司|协会|供销社|银行|工厂|企业)(?=[\u4e00-\u9fff])", re.M)


# A county-level or lower division written under its province/city (重庆市渝北区, 延边州延吉市,
# 某市某区某街道): the gold names a district alone (某某区, not 某市某某区).
_PREFIXED_PLACE = re.compile(
    r"^(?:[\u4e00-\u9fff]{2,10}?(?:省|自治区|市|自治州|州|盟|地区))+"
    r"(?P<own>(?![市省县区州盟])[\u4e00-\u9fff]{1,8}?(?:区|县|旗|市|镇|乡|街道|苏木))$"
)


# Examples of the counted thing after a name (某某公司机器人、某某面业等26个项目; 甲县、乙县等12个县;
# 某省模范县等9项表彰): the name, an optional noun tail naming its item (no verb: 某集团投资建设
# 光伏等3个项目 keeps the group as the actor), more items joined by 、/和/及, then 等 and a count.
_EXAMPLES_OF_COUNT = re.compile(
    r"(?:(?!建设|投资|实施|完成|开展|推进|引进|签约|带动|新建|打造|建成|组织|举办|培育)[^，。；、\s]){0,12}?"
    r"(?:\s*[、和及]\s*[^，。；、]{2,30}?)*\s*等\s*[\d一二三四五六七八九十两]"
)

# The same after an area word opening each listed item (全省某某现场会、全省某某现场会等24场现场会
# 在某县召开): the items are what is counted, the area word is no subject.
_AREA_ITEMS_OF_COUNT = re.compile(
    r"(?:(?!建设|投资|实施|完成|开展|推进|引进|签约|带动|新建|打造|建成|组织|举办|培育)[^，。；、\s]){2,40}?"
    r"(?:\s*[、和及]\s*[^，。；、]{2,40}?)+\s*等\s*[\d一二三四五六七八九十两]"
)


_VERB_HEADS = ("依托", "依靠", "就地", "推进", "推动", "建设", "打造", "实现", "带动", "覆盖", "辐射", "全面", "深入",
               "开展", "组织", "加快", "助推", "促进", "围绕", "通过", "利用", "联合", "整合", "新建", "改造")
ENTERPRISE_NAME = re.compile(r"(?:公司|银行|信用社|联社|集团)$")
_ENTERPRISE_OPENING = re.compile(
    r"(?:^|(?<=[。；！？\n]))\s*(?P<name>[\u4e00-\u9fff]{2,16}?"
    r"(?:供电公司|电力公司|有限责任公司|股份有限公司|有限公司|集团公司|银行|信用合作联社|信用社))"
    r"(?=[\u4e00-\u9fff])(?![分支]行|股份|有限|公司|集团)",
    re.M,
)


PLACE_IN_NAME = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,}(?:街道|镇|乡|苏木|县|区|旗|市(?!场)))(?=[\u4e00-\u9fff]*(?:委|委员会|局|办|办事处|部|政府|中心)$)")


# The speaker of a target: 区委书记某某表示 / 某镇党委书记某某表示 / 县长某某说 (a leader of a
# place's party committee or government speaks for the place).
_LEADER = re.compile(
    r"(?P<place>[\u4e00-\u9fff]{0,8}?)(?P<lvl>自治县|县|区|旗|市|镇|乡|街道)"
    r"(?:党委|党工委|委|人民政府|政府)?(?:副?书记|常务副|副)?(?:县长|区长|旗长|市长|镇长|乡长|主任|书记)"
)


def _kind_references(state: ArticleState, lo: int, hi: int, taken: list[tuple[int, int]]) -> list[Marker]:
    out = []
    for hit in _KIND_REFERENCE.finditer(state.text, lo, hi):
        i, j = hit.span("kind")
        if any(a < j and i < b for a, b in taken):
            continue
        kind = "公司" if hit.group("kind") == "企业" else hit.group("kind")
        named = [e for e in state.entities[: bisect_left(state.entity_starts, i)] if e.kind == "org" and e.name.endswith(kind)]
        if named:
            out.append(Marker(i, j, named[-1].name, "org"))
    return out


def _speaker_subject(state: ArticleState, text: str, lo: int, hi: int, leaders_only: bool = False) -> str | None:
    """The place a leader who announces a target speaks for, or the organisation whose head
    speaks (a target only: a department head's account of past figures is the place's)."""
    verbs = "|".join(re.escape(w) for w in cues()["speech_verbs"])
    said = re.search(rf"(?:{verbs})[，,：:]", text[lo:hi])
    if said is None:
        return None
    head = text[lo : lo + said.start()]
    for e in [] if leaders_only else state.entities:
        if e.kind == "org" and lo <= e.start and lo + said.start() >= e.end and text.startswith(tuple(cues()["post_titles"]), e.end):
            if not re.search(r"(?:委|政府|党委|党工委|委员会)$", e.name) and not is_outlet(e.name):  # 某报记者
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


def _combine(text: str, marks: list[Marker]) -> str:
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


def clause_starts(text: str, lo: int, hi: int, periods: dict[int, int]) -> list[int]:
    """Where the subject of each clause of text[lo:hi] would stand (after periods and openers)."""
    openers = tuple(cues()["clause_openers"])
    starts = [lo] + [i + 1 for i in char_positions(text, CLAUSE_BREAK, lo, hi)]
    out = []
    for s in starts:
        moved = True
        while moved and s < hi:
            moved = False
            m = POINT.match(text, s)
            if m:
                s, moved = m.end(), True
            while s < hi and (text[s].isspace() or text[s] in "，,；;：:"):
                s, moved = s + 1, True
            if s in periods:
                s, moved = periods[s], True
            if text.startswith(openers, s):  # (one test for all; then which, longest first)
                w = next(w for w in openers if text.startswith(w, s))
                s, moved = s + len(w), True
        out.append(s)
    return out


def find_subject(state: ArticleState, text: str, sent: Sentence, clause_lo: int, pos: int,
             periods: dict[int, int], rate: bool, previous: str | None = None,
             numbers_before: Sequence[int] = (), sentence_subject: str | None = None,
             spoken: bool = False, said: bool = False) -> str | None:
    """Clause marker, else the subject of an earlier clause of the sentence, else the default.
    A rate (%, 百分点, rank) belongs to a place, not to the department that reports it."""
    def usable(marks: list[Marker], own_clause: bool = False) -> list[Marker]:
        # an enterprise's or bank's own rate in its own clause (某银行贷款平均利率…) stays with it
        def keep(m: Marker) -> bool:
            return own_clause and m.kind == "org" and ENTERPRISE_NAME.search(m.subject) is not None

        return [m for m in marks if m.kind not in ("org", "anaphora") or keep(m)] if rate else marks

    marks = usable(state.markers(clause_lo, pos), own_clause=True)
    if not marks:
        starts = set(clause_starts(text, sent.start, pos, periods))
        picked: list[Marker] = []
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
        if spoken or said:  # 某乡党委书记某某说，…增加40万元: the place a leader speaks for
            speaker = _speaker_subject(state, text, sent.start, pos, leaders_only=not spoken)
            if speaker:
                return speaker
        if rate and state.paragraph_subject and ENTERPRISE_NAME.search(state.paragraph_subject) and not state.markers(sent.start, pos):
            return state.paragraph_subject  # 某银行推出…。…贷款平均利率下降0.6个百分点: the bank's rate
        if rate or spoken:
            return state.territory()  # rates, and targets announced by a speaker, belong to the place
        if state.paragraph_subject and not state.markers(sent.start, pos):
            return state.paragraph_subject  # 某银行推出…。截至5月末，累计发放…: the paragraph's actor
        return state.default_subject()
    subject = _combine(text, marks)
    if (state.switches["joint_work_to_place"] and marks[-1].kind == "org" and re.match(r"\s*(?:会同|联合|协同|携手)", text[marks[-1].end : pos])
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


def innermost_place(state: ArticleState, opener: Marker) -> str:
    """A paragraph opened by a run of adjacent place names (某县某乡某村大力发展…) is about the
    innermost place of the run, as inside a clause."""
    if opener.kind != "place":
        return opener.subject
    last = opener
    for m in state.markers(opener.start, opener.end + 40):
        if m.start == last.end and m.kind == "place":
            last = m
    return last.subject
