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

Layout: this module finds candidates and builds each metric; ``metric_filters`` (ranks,
non-metrics), ``metric_subject``, ``metric_period`` and ``metric_indicator`` hold the rules
for each attribute; ``metric_base`` what they and ``tables`` share. Tuning switches:
``metric_base.DEFAULT_SWITCHES``, the ``wx_metrics`` factory's ``default_config``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .context import ArticleContext
from .metric_base import (
    DEFAULT_SWITCHES,
    RATE_UNITS,
    TERRITORY_UNITS,
    Candidate,
    EntityRef,
    FoundMetric,
    Sentence,
    Spans,
    clause_start,
    cues,
    inside,
    protected_spans,
    split_sentences,
)
from .metric_filters import find_ranks, is_not_metric
from .metric_indicator import find_indicator, post_noun
from .metric_period import carried_period, carried_to_target, heading_period, opening_period, own_period, stock_now
from .metric_subject import PLACE_IN_NAME, ArticleState, clause_starts, find_subject, innermost_place, short_place
from .numbers import find_quantities
from .periods import PeriodMention, find_periods
from .spans import SPAN_KEYS, doc_text, wx_of  # noqa: F401  SPAN_KEYS: sets the Span._.wx extension
from .tables import with_table_metrics
from .target_table import mark_target_rows

__all__ = ["DEFAULT_SWITCHES", "EntityRef", "FoundMetric", "cues", "fallback_orgs", "find_metrics", "metrics_component",
           "short_place"]



def _is_target(clause_head: str, c: dict[str, Any]) -> bool:
    """预计/将/力争 … before the number; 目标/计划 only as verbs (not 年度目标任务的, 年度计划的)."""
    if re.match(r"(?:全年|年度|年内|今年|明年)计划(?![的任务数值书])", clause_head.strip()):
        return True  # 全年计划完成岸线绿化1.2万平方米: a plan opening the clause (not 完成全年计划的80%)
    for w in c["target"]:
        if w not in clause_head:
            continue
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


@lru_cache(maxsize=1)
def _any_change_word() -> re.Pattern[str]:
    c = cues()
    return re.compile("|".join(re.escape(w) for w in c["change_up"] + c["change_down"]))


def _change_words(between: str, rate: bool = False) -> tuple[str | None, int]:
    """Direction of the last growth/decline word in ``between`` and where it starts (-1 if none).
    For a rate a two-character verb may take its object first (减少申请材料45%)."""
    if not _any_change_word().search(between):
        return None, -1  # (most stretches before a figure hold none: one search, not a find per word)
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


def find_metrics(text: str, ctx: ArticleContext | None = None, entities: Sequence[EntityRef] = (),
                 switches: dict[str, bool] | None = None) -> list[FoundMetric]:
    """All metrics of one article's text (offsets into ``text``), left to right. ``switches``
    override ``DEFAULT_SWITCHES`` (metric_base.py)."""
    from .numbers import ascii_digits

    original = text
    text = ascii_digits(text)  # same length: offsets and spans stay valid
    c = cues()
    state = ArticleState(ctx, entities, text, switches)
    today = state.ctx.bulletin_date
    periods = sorted(find_periods(text, today), key=lambda p: p.start)
    state.period_starts = [p.start for p in periods]
    state.period_at = {p.start: p.end for p in periods}
    state.period_spans = Spans((p.start, p.end) for p in periods)
    protected = protected_spans(text, entities)

    ranks = find_ranks(text)
    # only the number of a rank must be free (its scope may name a place: 居温州各县第一位)
    cands: list[Candidate] = [r for r in ranks if not inside(max(r.digits_start, r.number_start), r.end, protected)]
    for q in find_quantities(text):
        if any(r.start < q.end and q.start < r.end for r in ranks):
            continue
        if is_not_metric(text, q, protected):
            continue
        cands.append(Candidate(q.start, q.end, q.number_start, q.value, q.unit, q.qualifier))
    cands.sort(key=lambda k: k.start)

    # Titles that merely announce an article (no sentence punctuation) are not read twice.
    sentences = split_sentences(text)
    out: list[FoundMetric] = []
    sticky: dict[int, PeriodMention] = {}
    ci = 0
    pi = 0
    article_opening = opening_period(text, sentences, periods)
    section: PeriodMention | None = None  # the period of the latest section heading (2021年工作回顾)
    heading_checked: set[int] = set()
    seen_paragraphs: set[int] = set()
    for sent in sentences:
        if sent.paragraph not in seen_paragraphs:
            seen_paragraphs.add(sent.paragraph)
            state.paragraph_subject = None
            if state.switches["carry_subjects"]:
                first_clause = clause_starts(text, sent.start, sent.end, state.period_at)[0]
                opener_mark = [m for m in state.markers(sent.start, sent.end) if m.start == first_clause and m.kind in ("org", "place")]
                state.paragraph_subject = innermost_place(state, opener_mark[0]) if opener_mark else None
        if sent.paragraph not in heading_checked:
            heading_checked.add(sent.paragraph)
            section = heading_period(text, sentences, sent, periods) or section
        prior = carried_period(sticky.get(sent.paragraph), section or article_opening)
        in_sentence: list[tuple[Candidate, FoundMetric]] = []
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
    # text tables (表1 …, 指标 单位 1-6月 …): one metric per cell instead of prose reading
    out = with_table_metrics(original, state.ctx, entities, _without_headline_repeats(text, state.ctx, out))
    return mark_target_rows(text, out, today)  # 目标任务 | 责任单位 | 推进情况 rows: targets of the plan year


def _without_headline_repeats(text: str, ctx: ArticleContext, metrics: list[FoundMetric]) -> list[FoundMetric]:
    """A headline that announces a figure the body states again is not a second metric."""
    title = (ctx.article_title or "").strip()
    first_line_end = text.find("\n")
    if not title or first_line_end < 0 or text[:first_line_end].strip() != title:
        return metrics
    body = {(m.value, m.unit) for m in metrics if m.start > first_line_end}
    return [m for m in metrics if m.start > first_line_end or (m.value, m.unit) not in body]


def _build(text: str, cand: Candidate, sent: Sentence, in_sentence: list[tuple[Candidate, FoundMetric]],
           periods: list[PeriodMention], prior: PeriodMention | None, state: ArticleState,
           protected: Spans, c: dict[str, Any]) -> FoundMetric | None:
    """One metric from a candidate number: its span, qualifier, change, target, period,
    indicator and subject, in that order (the later ones read the earlier ones)."""
    clause_lo = clause_start(text, sent.start, cand.start)
    prev_in_clause = [m for k, m in in_sentence if k.end <= cand.start and k.end > clause_lo]
    lo = clause_lo
    if prev_in_clause:
        lo = max(clause_lo, prev_in_clause[-1].end)
        prev_post = post_noun(text, lo, sent.end, c)
        if prev_post and lo + len(prev_post) < cand.start:
            lo += len(prev_post)  # 5家符合条件的企业获贷款1800万元: the 5家 noun is not this one's
    qualifier, q_start = _qualifier_before(text, cand, lo, c)
    is_change, direction, span_start = _change_of(text, cand, lo, min(cand.start, q_start), in_sentence, c)
    is_target = _target_of(text, cand, sent, clause_lo, c)
    period = own_period(periods, sent, cand.start, None, state.period_starts, text)
    if period is None:
        period = stock_now(text[clause_lo : cand.number_start], prior, state.ctx.bulletin_date, is_target)
    if period is None and prior is not None:
        period = carried_to_target(prior.period) if is_target else prior.period
    if re.search(r"由\s*(?:不足|不到|近|约|超过|仅)?\s*$", text[sent.start : cand.number_start]):
        period = None  # 收缴率由不足50%提高到83%: the undated starting value has no period of its own
    indicator, ind_start, post_len = find_indicator(text, cand, lo, clause_lo, sent, in_sentence, periods, state,
                                                    is_change, direction, c)
    subject = _subject_of(text, cand, sent, clause_lo, in_sentence, state, indicator, is_target, c)
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


def _qualifier_before(text: str, cand: Candidate, lo: int, c: dict[str, Any]) -> tuple[str | None, int]:
    """A bound written before the number (超过 → 以上, 近 → 约), and where it starts."""
    if cand.qualifier is not None or cand.rank:
        return cand.qualifier, cand.start
    head = text[lo : cand.start].rstrip()
    for w, q in sorted(c["qualifier_before"].items(), key=lambda p: len(p[0]), reverse=True):
        if head.endswith(w):
            return q, lo + len(head) - len(w)
    return None, cand.start


def _change_of(text: str, cand: Candidate, lo: int, span_start: int, in_sentence: list[tuple[Candidate, FoundMetric]],
               c: dict[str, Any]) -> tuple[bool, str | None, int]:
    """Whether the number is a change (增长9%, 较上年增加21天), its direction, and where the
    metric's span starts (the change word, 同比 before it)."""
    is_change, direction = cand.is_change, cand.direction
    if cand.rank:
        return is_change, direction, span_start
    between = text[lo : cand.number_start]
    direction, at = _change_words(between, cand.unit in RATE_UNITS)
    compared = re.search(r"较|比|同比|环比|相比", between[: max(at, 0)]) is not None
    if direction is not None and not (cand.unit in RATE_UNITS or cand.unit in c["duration_units"] or compared):
        direction = None  # 增加学位3.3万个 is an amount; 较上年增加21天, 缩短60天, 增长9% are changes
    if direction is not None:
        span_start = min(span_start, lo + at)
        if between[:at].endswith("同比"):
            span_start -= 2
        return True, direction, span_start
    if cand.unit in RATE_UNITS and re.fullmatch(r"\s*[和、及与]?\s*", between) and in_sentence:
        last_cand, last = in_sentence[-1]
        if last.is_change and last.unit == cand.unit and last_cand.end <= cand.start:
            return True, last.change_direction, span_start  # 下降15.05%和13.03%
    return is_change, direction, span_start


def _target_of(text: str, cand: Candidate, sent: Sentence, clause_lo: int, c: dict[str, Any]) -> bool:
    """预计/将/力争 … before the number in its clause; 今年计划实施项目36个，总投资1.28亿元: the
    plan covers the rest of the sentence, until something states what has already happened
    (已, 截至, 目前 …)."""
    clause_head = text[clause_lo : cand.number_start]
    if _is_target(clause_head, c):
        return True
    if clause_lo > sent.start:
        return _is_target(text[sent.start : clause_lo], c) and not any(w in clause_head for w in c["target_reset"])
    return False


def _subject_of(text: str, cand: Candidate, sent: Sentence, clause_lo: int,
                in_sentence: list[tuple[Candidate, FoundMetric]], state: ArticleState,
                indicator: str | None, is_target: bool, c: dict[str, Any]) -> str | None:
    """The metric's subject (metric_subject.find_subject), then what lies in a body's
    jurisdiction goes to the place, and districts lose their city prefix."""
    rate = (cand.unit in TERRITORY_UNITS or cand.rank) and not any(w in (indicator or "") for w in c["staff_words"])
    previous = in_sentence[-1][1].subject if in_sentence else None
    opener = text[sent.start : cand.start].lstrip()
    carried = state.last_subject if opener.startswith("其中") else None
    said = any(w in text[sent.start : cand.start] for w in c["speech_verbs"])
    spoken = is_target and said
    subject = find_subject(state, text, sent, clause_lo, cand.start, state.period_at, rate, previous,
                           [k.start for k, _ in in_sentence], carried, spoken, said)
    if subject and re.search(r"(?:辖区|所辖|全辖)内?(?:共有|共|有)?\s*$", text[clause_lo : cand.start]):
        # 某街道党工委…在辖区13个社区推行…: what lies in its jurisdiction counts for the place
        own = PLACE_IN_NAME.match(subject)
        if own and own.group(1) != subject:
            subject = own.group(1)
    if subject:
        subject = "、".join(short_place(n) for n in subject.split("、"))
    return _office_or_place(subject, indicator, state)


# A place's own government office: 某某街道办事处, 某镇人民政府, 某县人民政府.
_PLACE_OFFICE = re.compile(r"(?P<place>[\u4e00-\u9fff]{2,10}?街道)办事处|(?P<seat>[\u4e00-\u9fff]{2,10}?(?:镇|乡|苏木|县|区|旗|市))人民政府")
# What an office itself does (its meetings, study sessions, inspections), not its area's figures.
_OFFICE_WORK = re.compile(r"会议|办公会|常务会|专题会|学习|党日|党课|培训|座谈|调研|督查|督导")


def _office_or_place(subject: str | None, indicator: str | None, state: ArticleState) -> str | None:
    """In a summary written by a place's own office (README convention 16): what the office did
    (召开会议12次, 集体学习8次) is the office's, the area's statistics and projects (签约564户,
    加装电梯11台) are the place's. A government work report speaks for its place throughout."""
    for office in (state.ctx.issuer, state.ctx.lead):
        m = _PLACE_OFFICE.fullmatch(office or "")
        place = m and (m.group("place") or m.group("seat"))
        if not place or subject not in (office, place):
            continue
        if _OFFICE_WORK.search(indicator or "") and not state.reports_for_place:
            return office
        return place
    return subject


def _entities_of(doc: Any) -> list[EntityRef]:
    refs: list[EntityRef] = []
    for key, kind in (("wx_org", "org"), ("wx_place", "place"), ("wx_program", "program")):
        for span in doc.spans.get(key, []) if key in doc.spans else []:
            attrs = wx_of(span) or {}
            name = attrs.get("canonical") or attrs.get("text") or span.text
            level = span.label_ or attrs.get("level") or attrs.get("type")
            refs.append(EntityRef(span.start_char, span.end_char, name, kind, level if kind == "place" else None))
    if "wx_org" not in doc.spans:  # no organisation component ran (a bare pipeline)
        refs += fallback_orgs(doc_text(doc), doc.user_data.get("wx"))
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


class MetricsComponent:
    """spaCy component: doc.spans["wx_metric"], one span per metric, ``_.wx`` = Metric fields."""

    def __init__(self, switches: dict[str, bool]) -> None:
        self.switches = dict(DEFAULT_SWITCHES, **switches)

    def __call__(self, doc: Doc) -> Doc:
        ctx = doc.user_data.get("wx")
        spans = []
        for m in find_metrics(doc_text(doc), ctx, _entities_of(doc), self.switches):
            span = doc.char_span(m.start, m.end, label="metric", alignment_mode="expand")
            if span is None:
                continue
            span._.wx = m.fields()
            spans.append(span)
        doc.spans["wx_metric"] = spans
        return doc


def metrics_component(doc: Doc) -> Doc:
    """The component with its default switches (for callers that run it by hand)."""
    return MetricsComponent(DEFAULT_SWITCHES)(doc)


@Language.factory("wx_metrics", default_config={"switches": DEFAULT_SWITCHES})
def make_metrics(nlp: Language, name: str, switches: dict[str, bool]) -> MetricsComponent:
    return MetricsComponent(switches)
