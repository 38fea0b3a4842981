"""Bulletin → Extraction: context, one pipeline run per article, aggregation.

Everything in the Extraction carries offsets into the ORIGINAL text
(`Bulletin.original_span`), so provenance points into the file as it was.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from .. import records
from . import page_date
from .context import ArticleContext
from .divisions import Division, table
from .places import PlaceHit, find_places
from .spans import doc_text, wx_of

# ----------------------------------------------------------------------------- dates

def bulletin_date(bulletin: records.Bulletin, default_date: date | str | None) -> date | None:
    """Header date (the reader also takes a notice's 发文日期, a report's delivery line and a
    page's 发布时间 line there), else `default_date`, else the date in the source URL, else None."""
    if bulletin.date:
        return bulletin.date
    if default_date:
        return date.fromisoformat(default_date) if isinstance(default_date, str) else default_date
    return bulletin.url_date


# ----------------------------------------------------------------------------- context


@dataclass
class BulletinContext:
    province: Division | None = None
    city: Division | None = None
    county: Division | None = None  # a county-level bulletin (X县…简报)

    @property
    def code(self) -> str | None:
        for d in (self.county, self.city, self.province):
            if d:
                return d.code
        return None


def _context_from_hits(hits: list[PlaceHit]) -> BulletinContext:
    t = table()
    ctx = BulletinContext()
    prev_end = None
    for h in hits:
        if not h.code:
            continue
        d = t.by_code.get(h.code)
        if d is None:
            continue
        adjacent, prev_end = h.start == prev_end, h.end
        if d.level == "county" and ctx.county is None:
            known = ctx.city or ctx.province
            if known is None or (adjacent and d.code.startswith(known.code[:2])):
                ctx.county = d  # 重庆市渝北区… / 渝北区…: the county after its province or city
                ctx.city = t.city_of(d) or ctx.city
                ctx.province = t.province_of(d)
                break
        if d.level == "city":
            if ctx.city is not None:
                break
            ctx.city = d
            ctx.province = t.province_of(d)
            continue  # a county may follow right after it (成都市武侯区…简报)
        if d.level == "province" and ctx.province is None:
            ctx.province = d
            if d.name.endswith("市"):  # municipality: 上海市 is also the city
                ctx.city = t.by_code.get(d.code[:2] + "0100") or d
            # keep looking for a city in the same source
    return ctx


def resolve_bulletin_context(bulletin: records.Bulletin) -> BulletinContext:
    """The province/city the bulletin is about: title, issuer, header, else the text's majority."""
    t = table()
    first_article = bulletin.articles[0].start if bulletin.articles else min(len(bulletin.text), 400)
    header = bulletin.text[:first_article]
    for source in (bulletin.title or "", bulletin.issuer or "", header):
        ctx = _context_from_hits([h for h in find_places(source) if h.how in ("full", "historical", "short")])
        if ctx.city or ctx.county:
            return ctx
        if ctx.province:
            province = ctx.province
            break
    else:
        province = None
    # Majority vote over the text: counties vote for their city.
    hits = [h for h in find_places(bulletin.text, within=province.code if province else None) if h.code]
    votes: Counter[str] = Counter()
    for h in hits:
        d = t.by_code.get(h.code or "")
        if d is None or (province and not d.code.startswith(province.code[:2])):
            continue
        city = t.city_of(d)
        if city:
            votes[city.code] += 1
    if votes:
        code, count = votes.most_common(1)[0]
        if count >= 2 or province is None:
            city = t.by_code[code]
            return BulletinContext(province=t.province_of(city), city=city)
    if province is None:
        prov_votes = Counter(h.code[:2] for h in hits if h.code)
        if prov_votes:
            province = t.by_code.get(prov_votes.most_common(1)[0][0] + "0000")
    return BulletinContext(province=province)


def _article_place(title: str, within: str | None) -> Division | None:
    """The county/city an article is about: a division named at the start of its title."""
    t = table()
    best: Division | None = None
    end = None
    for h in find_places(title[:40], within=within):
        # A chain of divisions at the start (成都市武侯区…) ends at the most specific one.
        if (end is None and h.start > 2) or (end is not None and h.start != end):
            break
        end = h.end
        if h.code and h.level in ("city", "county"):
            best = t.by_code.get(h.code)
    return best


# A byline or source line of a web page (来源：X县人民政府 / 信息来源:X县…局 / 作者单位：…).
_BYLINE = re.compile(r"(?:信息来源|来源|发布单位|发布机构|作者单位|供稿单位|供稿)\s*[:：]\s*([^\s　|｜]{2,40})")


# A report's delivery line names the place whose congress hears it (——在某县第十七届人民代表大会
# 第二次会议上; ——2022年1月27日在某旗第十六届人民代表大会…).
_DELIVERY_LINE = re.compile(r"[—－-]{1,2}\s*(?:(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)?\s*在\s*([^\n，。]{2,20}?)(?:第[一二三四五六七八九十]+届)?人民代表大会")


def _lead_sentence(body: str, title: str) -> str:
    """The article's first sentence after its title line (and after a date/source line)."""
    lines = [ln.strip() for ln in body.splitlines() if ln.strip()]
    if lines and title and lines[0] == title.strip():
        lines = lines[1:]
    for ln in lines:
        if _BYLINE.search(ln) or re.search(r"(?:发布时间|发布日期|时间)\s*[:：]", ln):
            continue  # page furniture, not the lead
        return re.split(r"[。！？!?]", ln, maxsplit=1)[0]
    return ""


def _focus_place(bulletin: records.Bulletin, article: records.Article, bctx: BulletinContext) -> Division | None:
    """The county or city an article without a masthead county is about (FORMAT.md, metric
    subject): the first county named in its title, else in its lead sentence, else in a
    byline/source line; a city only if no county is named. It must lie inside the bulletin's
    city or province when those are known, so a city bulletin's item that mentions another
    place in passing keeps the city. 全县/该县/我县 … and short department names then resolve
    to it, not to the parent city."""
    t = table()
    within = bctx.code
    body = bulletin.text[article.start : article.end]
    header = bulletin.text[: bulletin.articles[0].start] if bulletin.articles else ""
    bylines = " ".join(m.group(1) for m in _BYLINE.finditer(header + "\n" + body[:400]))
    known = bctx.city or bctx.province
    delivery = " ".join(m.group(1) for m in _DELIVERY_LINE.finditer(body[:1500]))
    for source in (article.title, _lead_sentence(body, article.title), bylines, delivery):
        candidates = [t.by_code.get(h.code or "") for h in find_places(source, within=within)
                      if h.code and h.level in ("county", "city") and h.how in ("full", "historical", "short")]
        short = _short_county(source, within)
        if short is not None:
            candidates.insert(0, short)
        found = [d for d in candidates if d is not None and (known is None or d.code.startswith(known.code[: 4 if known.level == "city" else 2]))]
        county = next((d for d in found if d.level == "county"), None)
        if county is not None:
            return county
        if found and bctx.city is None:
            return found[0]
    return _county_by_short_form(body, [article.title, _lead_sentence(body, article.title)], within)


def _county_by_short_form(body: str, opening: list[str], within: str | None) -> Division | None:
    """A county the body names in full (某某黎族苗族自治县, 某某区) whose short form the title or
    lead uses as the subject (…，某某以一系列制度创新…; 某某上下深入学习…): the article's place."""
    t = table()
    if not any(_names_a_county_short(line) for line in opening):
        return None  # no county's short form in the title or lead: no need to read the body's places
    for h in find_places(body, within=within):
        d = t.by_code.get(h.code or "") if h.how == "full" and h.level == "county" else None
        if d is not None and d.short != d.name and any(d.short in line for line in opening):
            return d
    return None


@lru_cache(maxsize=1)
def _county_shorts() -> tuple[frozenset[str], tuple[int, ...], frozenset[str]]:
    """The short forms of the county-level divisions that have one (two characters or
    more), their lengths and their first two characters."""
    shorts = frozenset(d.short for d in table().by_code.values() if d.level == "county" and d.short != d.name)
    return shorts, tuple(sorted({len(s) for s in shorts})), frozenset(s[:2] for s in shorts)


def _names_a_county_short(line: str) -> bool:
    """Whether ``line`` contains some county's short form (the prefilter of _county_by_short_form)."""
    shorts, lengths, pairs = _county_shorts()
    return any(line[i : i + 2] in pairs and any(line[i : i + n] in shorts for n in lengths) for i in range(len(line) - 1))


# A dateline-style title: a province or city short name, then a county's short name, then a
# colon or a dash (某省某县：…; the county is written without 县/市/区).
_DATELINE_SEP = re.compile(r"[：:|｜—\-\s]")


def _short_county(source: str, within: str | None) -> Division | None:
    """A county named by its short form where find_places does not take one: right after a
    province or city at the start of a title (四川某某：…), or as the whole title line (某某)."""
    t = table()
    head = source.strip()
    hits = find_places(head[:12], within=within)
    prefix: str | None
    if hits and hits[0].start == 0 and hits[0].level in ("province", "city") and hits[0].code:
        rest, prefix = head[hits[0].end :], hits[0].code.rstrip("0") or hits[0].code
    elif re.fullmatch(r"[\u4e00-\u9fff]{2,3}", head):
        rest, prefix = head, within
    else:
        return None
    m = re.match(r"([\u4e00-\u9fff]{2,3})(?=$|[：:|｜—\-\s])", rest)
    if m is None:
        return None
    d = t.lookup(m.group(1), within=prefix, short=True)
    if d is None or d.level != "county" or d.short != m.group(1):
        return None
    return d if prefix is None or d.code.startswith(prefix[:4] if len(prefix.rstrip("0")) > 2 else prefix[:2]) else None


def _focus_below_county(sources: list[str], within: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The township or village an article is about: the last place of a chain of adjacent
    place names near the start of its title or lead (走进某省某县某镇某村 → 某村, with the
    places above it), when the chain ends below the county and names a county in it."""
    for source in sources:
        hits = [h for h in find_places(source[:60], within=within) if h.level != "region"]
        if not hits or hits[0].start > 8:
            continue
        chain = [hits[0]]
        for h in hits[1:]:
            if h.start != chain[-1].end:
                break
            chain.append(h)
        last = chain[-1]
        if last.level in ("township", "village") and any(h.level == "county" and h.code for h in chain):
            return last.name, tuple(h.name for h in chain[:-1])
        if last.level == "county":
            return None, ()  # the opening names a county as what it is about: no township focus
    return None, ()


def article_context(
    bulletin: records.Bulletin,
    article: records.Article,
    bctx: BulletinContext,
    bdate: date | None,
    issuer: str | None,
) -> ArticleContext:
    t = table()
    province, city, county = bctx.province, bctx.city, bctx.county
    place = _article_place(article.title, bctx.code)
    if place is None and bctx.county is None:
        place = _focus_place(bulletin, article, bctx)
    if place is not None:
        if place.level == "county":
            county = place
            city = t.city_of(place) or city
        elif place.level == "city":
            city, county = place, None
        province = t.province_of(place) or province
    body = bulletin.text[article.start : article.end]
    focus, focus_chain = _focus_below_county([article.title, _lead_sentence(body, article.title)], bctx.code)
    return ArticleContext(
        focus=focus,
        focus_chain=focus_chain,
        bulletin_date=bdate,
        province=province.name if province else None,
        province_code=province.code if province else None,
        city=city.name if city else None,
        city_code=city.code if city else None,
        county=county.name if county else None,
        county_code=county.code if county else None,
        article_index=article.index,
        article_title=article.title,
        section=article.section,
        lead=None,
        issuer=issuer,
        body_offset=article.start,
    )


# ----------------------------------------------------------------------------- articles

_SENTENCE_END = re.compile(r"[^。！？!?；\n]+[。！？!?；]?")


def _fallback_articles(bulletin: records.Bulletin) -> list[records.Article]:
    """A bulletin without layout (plain single article): one article, sentences by punctuation."""
    text = bulletin.text
    sentences: list[records.Sentence] = []
    for m in _SENTENCE_END.finditer(text):
        s = m.group(0)
        if not s.strip():
            continue
        lead = len(s) - len(s.lstrip())
        start = m.start() + lead
        stripped = s.strip()
        sentences.append(records.Sentence(len(sentences), stripped, start, start + len(stripped), 0))
    title = sentences[0].text.rstrip("。") if sentences else ""
    return [records.Article(0, title, None, 0, len(text), sentences, has_headline=False)]


_HEADING_LINE = re.compile(r"(?m)^[ \t　]*([^\n]{4,40}?)[ \t　]*$")


def _segments(text: str, article: records.Article, within: str | None) -> list[tuple[int, int, str]]:
    """Split an article at headline-like lines that name a division or organisation first
    (a layout that missed article boundaries leaves several items in one article): each
    segment gets its own context (its county, its lead)."""
    body = text[article.start : article.end]
    cuts: list[tuple[int, str]] = [(article.start, article.title)]
    for m in _HEADING_LINE.finditer(body):
        line = m.group(1)
        pos = article.start + m.start(1)
        if pos - article.start < len(article.title) + 1 or re.search(r"[。！？；，,：:]$", line):
            continue
        if re.match(r"^(?:[一二三四五六七八九十]+[是、]|（[一二三四五六七八九十]+）|\d+[.、．])", line):
            continue
        hits = [h for h in find_places(line[:12], within=within) if h.start <= 1 and h.level in ("city", "county")]
        if hits:
            cuts.append((pos, line))
    out: list[tuple[int, int, str]] = []
    for i, (start, title) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else article.end
        out.append((start, end, title))
    return out


def _sentence_index(article: records.Article, pos: int) -> int | None:
    for s in article.sentences:
        if s.start <= pos < s.end:
            return s.index
    return None


class _SentenceFinder:
    """_sentence_index by bisection over the sentence starts (each mention's provenance asks
    it: a scan per mention was quadratic in the article's sentences). Sentences in order and
    not overlapping, as the reader makes them, have one answer found either way; any other
    list is scanned."""

    def __init__(self) -> None:
        self._starts: dict[int, tuple[list[records.Sentence], list[int] | None]] = {}

    def index(self, article: records.Article, pos: int) -> int | None:
        sents = article.sentences
        known = self._starts.get(id(sents))
        if known is None or known[0] is not sents:
            ordered = all(s.start <= s.end for s in sents) and all(a.end <= b.start for a, b in zip(sents, sents[1:]))
            known = self._starts[id(sents)] = (sents, [s.start for s in sents] if ordered else None)
        starts = known[1]
        if starts is None:
            return _sentence_index(article, pos)
        k = bisect_right(starts, pos) - 1
        return sents[k].index if k >= 0 and pos < sents[k].end else None


# ----------------------------------------------------------------------------- aggregation


class _Collector:
    """Turns the spans of every article's Doc into the Extraction's deduplicated lists."""

    def __init__(self, bulletin: records.Bulletin, extraction: records.Extraction) -> None:
        self.b = bulletin
        self.x = extraction
        self.orgs: dict[str, records.Organization] = {}
        self.places: dict[str, records.Place] = {}
        self.place_embedded: dict[str, bool] = {}
        self.programs: dict[str, records.Program] = {}
        self.people: dict[str, records.Person] = {}
        self.relations: dict[tuple[str, str, str], records.Relation] = {}
        self.sentences = _SentenceFinder()

    def prov(self, article: records.Article | None, start: int, end: int) -> records.Provenance:
        s, e = self.b.original_span(start, end)
        return records.Provenance(
            article.index if article else None, self.sentences.index(article, start) if article else None, s, e
        )

    def add_org(self, a: dict[str, Any], prov: records.Provenance) -> None:
        key = a["canonical"]
        org = self.orgs.get(key)
        if org is None:
            org = self.orgs[key] = records.Organization(
                text=a["text"], canonical=key, type=a["type"], place=a.get("place"), place_code=a.get("place_code")
            )
        elif len(a["text"]) > len(org.text) and a["text"].endswith(org.text):
            # First written without its owner (村党支部), later in full (某某村党支部): show the full form.
            org.text = a["text"]
        org.mentions.append(prov)

    def add_place(self, a: dict[str, Any], level: str, prov: records.Provenance, embedded: bool) -> None:
        key = a.get("canonical") or a["text"]
        place = self.places.get(key)
        if place is None:
            place = self.places[key] = records.Place(
                text=a["text"],
                level=level,
                canonical=a.get("canonical"),
                code=a.get("code"),
                parent=a.get("parent"),
                parent_code=a.get("parent_code"),
            )
            self.place_embedded[key] = embedded
        elif not embedded and self.place_embedded[key]:
            # Prefer the surface form of a free-standing mention.
            self.place_embedded[key] = False
            place.text, place.canonical = a["text"], a.get("canonical")
        place.mentions.append(prov)

    def add_program(self, a: dict[str, Any], prov: records.Provenance) -> None:
        # “X”新模式 in a title and “X”模式 in the text are one programme: key on the quoted core.
        quoted = re.match(r"^“([^”]+)”", a["text"])
        key = quoted.group(1) if quoted else a["text"]
        prog = self.programs.get(key)
        if prog is None:
            prog = self.programs[key] = records.Program(
                text=a["text"], lead=a.get("lead"), place=a.get("place"), kind=a.get("kind")
            )
        elif prog.lead is None and a.get("lead"):
            prog.lead = a["lead"]
        prog.mentions.append(prov)

    def add_person(self, a: dict[str, Any], prov: records.Provenance) -> None:
        person = self.people.setdefault(a["name"], records.Person(name=a["name"]))
        for post in a.get("posts", []):
            if post not in person.posts:
                person.posts.append(post)
        person.mentions.append(prov)

    def add_relation(self, head: str, rel: str, tail: str, prov: records.Provenance | None) -> None:
        if not head or not tail or head == tail:
            return
        if (head, rel, tail) not in self.relations:
            self.relations[(head, rel, tail)] = records.Relation(head, rel, tail, prov)

    def add_doc(self, doc: Doc, article: records.Article, base: int) -> None:
        org_spans = [(s.start_char, s.end_char) for s in doc.spans.get("wx_org", [])]
        quoted = [(m.start(), m.end()) for m in re.finditer(r"《[^》]*》|“[^”]*”", doc_text(doc))]

        def inside(s: int, e: int, ranges: list[tuple[int, int]]) -> bool:
            return any(a <= s and e <= b and (a, b) != (s, e) for a, b in ranges)

        for span in doc.spans.get("wx_org", []):
            self.add_org(wx_of(span), self.prov(article, base + span.start_char, base + span.end_char))
        around = org_spans + quoted
        for span in doc.spans.get("wx_place", []):
            embedded = inside(span.start_char, span.end_char, around)
            self.add_place(
                wx_of(span), span.label_, self.prov(article, base + span.start_char, base + span.end_char), embedded
            )
        for span in doc.spans.get("wx_program", []):
            self.add_program(wx_of(span), self.prov(article, base + span.start_char, base + span.end_char))
        for span in doc.spans.get("wx_person", []):
            self.add_person(wx_of(span), self.prov(article, base + span.start_char, base + span.end_char))
        for span in doc.spans.get("wx_metric", []):
            self.add_metric(wx_of(span), self.prov(article, base + span.start_char, base + span.end_char))
        for rel in doc.user_data.get("wx_relations", []):
            if (rel["head"], rel["relation"], rel["tail"]) in self.relations:
                continue  # the first mention's provenance is kept: no need to make this one's
            s, e = rel.get("start", 0), rel.get("end", 0)
            self.add_relation(rel["head"], rel["relation"], rel["tail"], self.prov(article, base + s, base + e))

    def add_outside(self, doc: Doc, base: int) -> None:
        for span in doc.spans.get("wx_org", []):
            self.add_org(wx_of(span), self.prov(None, base + span.start_char, base + span.end_char))
        for span in doc.spans.get("wx_place", []):
            self.add_place(wx_of(span), span.label_, self.prov(None, base + span.start_char, base + span.end_char), True)
        for span in doc.spans.get("wx_person", []):
            self.add_person(wx_of(span), self.prov(None, base + span.start_char, base + span.end_char))
        for span in doc.spans.get("wx_program", []):
            self.add_program(wx_of(span), self.prov(None, base + span.start_char, base + span.end_char))

    def add_metric(self, a: dict[str, Any], prov: records.Provenance) -> None:
        names = {f for f in records.Metric.__dataclass_fields__ if f != "prov"}
        kw = {k: v for k, v in a.items() if k in names}
        if "text" not in kw or "value" not in kw or "unit" not in kw:
            return
        self.x.metrics.append(records.Metric(**kw, prov=prov))

    def finish(self) -> None:
        self.x.organizations = list(self.orgs.values())
        places = []
        for key, place in self.places.items():
            place.embedded = self.place_embedded[key]
            places.append(place)
        self.x.places = places
        self.x.programs = list(self.programs.values())
        self.x.people = list(self.people.values())
        self.x.relations = list(self.relations.values())


# ----------------------------------------------------------------------------- entry point


def _run_outside(text: str, ctx: ArticleContext) -> Doc:
    """Masthead/colophon text through the entity components only (no programmes, metrics)."""
    from .pipeline import get_nlp

    nlp = get_nlp()
    doc = nlp.make_doc(text)
    doc.user_data["wx"] = ArticleContext(**{**ctx.__dict__, "lead": "-"})  # no lead to find here
    for name in ("wx_places", "wx_orgs", "wx_people", "wx_programs"):
        doc = nlp.get_pipe(name)(doc)
    return doc


def extract(bulletin: records.Bulletin, *, default_date: date | str | None = None) -> records.Extraction:
    """Read organisations, places, programs, people, metrics and relations out of a bulletin."""
    from .pipeline import get_nlp

    bdate = bulletin_date(bulletin, default_date)
    # A month folder in the address (/202204/) is no page date, but it tells 今年 and 目前.
    period_day = bdate or page_date.period_date(bulletin.source_url)
    bctx = resolve_bulletin_context(bulletin)
    articles = bulletin.articles or _fallback_articles(bulletin)
    x = records.Extraction(
        source=bulletin.source,
        date=bdate.isoformat() if bdate else None,
        issue=bulletin.issue,
        title=bulletin.title,
        sha256=bulletin.sha256,
        source_url=bulletin.source_url,
        city=bctx.city.name if bctx.city else None,
        city_code=bctx.city.code if bctx.city else None,
        province=bctx.province.name if bctx.province else None,
    )
    header_ctx = ArticleContext(
        bulletin_date=period_day,
        province=x.province,
        province_code=bctx.province.code if bctx.province else None,
        city=x.city,
        city_code=x.city_code,
        county=bctx.county.name if bctx.county else None,
        county_code=bctx.county.code if bctx.county else None,
    )
    collector = _Collector(bulletin, x)
    series = _header_entities(bulletin, articles, x, header_ctx, collector)
    nlp = get_nlp()
    for article in articles:
        first_ctx: ArticleContext | None = None
        for seg_start, seg_end, seg_title in _segments(bulletin.text, article, bctx.code):
            seg_article = records.Article(article.index, seg_title, article.section, seg_start, seg_end,
                                          article.sentences, article.has_headline)
            ctx = article_context(bulletin, seg_article, bctx, period_day, x.issuer)
            doc = nlp.make_doc(bulletin.text[seg_start:seg_end])
            doc.user_data["wx"] = ctx
            doc.user_data["wx_series"] = series["text"] if series else None
            for _, proc in nlp.pipeline:
                doc = proc(doc)
            collector.add_doc(doc, article, seg_start)
            first_ctx = first_ctx or ctx
        ctx = first_ctx or article_context(bulletin, article, bctx, period_day, x.issuer)
        x.articles.append(_article_record(bulletin, article, ctx))
    collector.finish()
    return x


def _header_entities(bulletin: records.Bulletin, articles: list[records.Article], x: records.Extraction,
                     header_ctx: ArticleContext, collector: _Collector) -> dict[str, Any] | None:
    """The issuer, the masthead and colophon entities and the series programme (河长制工作简报
    → 河长制), with the issuer's relations; returns the series programme, if any."""
    from . import orgs as org_rules

    issuer_org = org_rules.canonical_org(bulletin.issuer, header_ctx) if bulletin.issuer else None
    x.issuer = issuer_org["canonical"] if issuer_org else bulletin.issuer
    header_end = articles[0].start if bulletin.articles else 0
    if bulletin.issuer and issuer_org:
        pos = bulletin.text.find(bulletin.issuer)
        # A byline naming the owner's website (X人民政府网) gives the issuer as metadata only.
        if pos >= 0 and bulletin.text[pos + len(bulletin.issuer) : pos + len(bulletin.issuer) + 1] != "网":
            # a web page's 来源 line can sit inside the first article's span: derive the mention from that article
            # (as the article's own reading of the same span does), never from two units
            home = next((a for a in bulletin.articles if a.start <= pos < a.end), None)
            collector.add_org(issuer_org, collector.prov(home, pos, pos + len(bulletin.issuer)))
    # Masthead and colophon (outside every article): organisations (报送：县委、县政府),
    # people and places; places there only name the series, so they count as embedded.
    outside = [(0, header_end)] if header_end else []
    if bulletin.articles and articles[-1].end < len(bulletin.text):
        outside.append((articles[-1].end, len(bulletin.text)))
    for start, end in outside:
        collector.add_outside(_run_outside(bulletin.text[start:end], header_ctx), start)
    series = org_rules.series_program(bulletin.title, header_ctx)
    if series:
        series["lead"] = x.issuer
        series["place"] = x.city or x.province
        pos = bulletin.text.find(series["text"])
        collector.add_program(series, collector.prov(None, max(pos, 0), max(pos, 0) + len(series["text"])))
        if x.issuer:
            collector.add_relation(x.issuer, "leads", series["text"], None)
    if x.issuer and (x.city or x.province):
        # The issuer sits in the most specific division its name starts with (重庆市渝北区X办 → 渝北区).
        chain = [h for h in find_places(x.issuer) if h.code and h.level in ("province", "city", "county")]
        where = next((h.canonical or h.text for h in reversed(chain) if h.start <= 7), None)
        collector.add_relation(x.issuer, "located_in", where or x.city or x.province or "", None)
    return series


def _article_record(bulletin: records.Bulletin, article: records.Article, ctx: ArticleContext) -> records.ArticleRecord:
    s, e = bulletin.original_span(article.start, article.end)
    return records.ArticleRecord(
        title=article.title,
        section=article.section,
        lead=ctx.lead,
        start=s,
        end=e,
        sentences=[
            records.SentenceRecord(bulletin.original_slice(st.start, st.end), *bulletin.original_span(st.start, st.end))
            for st in article.sentences
        ],
    )


# ----------------------------------------------------------------------------- CLI helpers


def format_table(x: records.Extraction) -> str:
    """A readable per-type listing of an Extraction."""
    lines = [
        f"source: {x.source}",
        f"date: {x.date or '-'}   issue: {x.issue or '-'}   city: {x.city or '-'}   province: {x.province or '-'}",
        f"title: {x.title or '-'}",
        f"issuer: {x.issuer or '-'}",
        "",
        f"articles ({len(x.articles)}):",
    ]
    lines += [f"  [{a.section or '-'}] {a.title}  → lead: {a.lead or '-'}" for a in x.articles]
    lines.append(f"organizations ({len(x.organizations)}):")
    lines += [f"  {o.canonical}  [{o.type}]  as {o.text}  ×{len(o.mentions)}" for o in x.organizations]
    lines.append(f"places ({len(x.places)}):")
    lines += [
        f"  {p.name}  [{p.level}{', embedded' if p.embedded else ''}]  {p.code or ''}  in {p.parent or '-'}"
        for p in x.places
    ]
    lines.append(f"programs ({len(x.programs)}):")
    lines += [f"  {p.text}  lead: {p.lead or '-'}  place: {p.place or '-'}" for p in x.programs]
    lines.append(f"people ({len(x.people)}):")
    lines += [f"  {p.name}: {'、'.join(p.posts)}" for p in x.people]
    lines.append(f"metrics ({len(x.metrics)}):")
    lines += [
        f"  {m.text}  = {m.value} {m.unit}  [{m.indicator or '-'} | {m.subject or '-'} | {m.period or '-'}]"
        for m in x.metrics
    ]
    lines.append(f"relations ({len(x.relations)}):")
    lines += [f"  {r.head} —{r.relation}→ {r.tail}" for r in x.relations]
    return "\n".join(lines)
