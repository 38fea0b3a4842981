"""Extraction record → RDF quads in the bulletin's own named graph.

The model and the IRI policy are documented in ontology/README.md. In short:
bulletin/article/sentence with Dublin Core, entities with ORG / schema.org / FOAF,
metrics as RDF Data Cube observations, SKOS concepts for indicators, units and
program types, OWL-Time intervals for periods, and every mention, metric and relation
traced to its sentence and character span with PROV-O + Web Annotation selectors.
Relations are written as direct triples and as reified ``wx:Assertion`` nodes (the
latter carry the provenance). No blank nodes: the same Extraction always gives the
same quads, so re-ingesting a bulletin changes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Quad

from .. import records
from . import iris
from .reference import level_of
from .namespaces import (
    DCTERMS,
    FOAF,
    OA,
    ORG,
    PROV,
    QB,
    RDF,
    RDFS,
    SDMX_ATTRIBUTE,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    SDO,
    SKOS,
    TIME,
    WX,
    XSD,
)

QUOTE_CONTEXT = 16  # characters of prefix/suffix in a TextQuoteSelector


@dataclass
class MappedBulletin:
    graph: str  # IRI of the bulletin's named graph
    quads: list[Quad]
    bulletin: str = ""  # IRI of the bulletin node
    warnings: list[str] = field(default_factory=list)  # relations whose ends were not found …


@lru_cache(maxsize=4096)
def _n(iri: str) -> NamedNode:
    return NamedNode(str(iri))


def _s(text: str) -> Literal:
    return Literal(text)


def _typed(value: object, datatype: object) -> Literal:
    return Literal(str(value), datatype=_n(str(datatype)))


def _int(value: int) -> Literal:
    return _typed(int(value), XSD.integer)


def _bool(value: bool) -> Literal:
    return _typed("true" if value else "false", XSD.boolean)


def decimal_lexical(value: Decimal | int | float | str) -> str:
    """Canonical-ish xsd:decimal lexical form, never in exponent notation (1.118E+9 → 1118000000)."""
    d = value if isinstance(value, Decimal) else Decimal(str(value))
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".") or "0"
    return text


_NORM_DROP = re.compile(r"[\s“”‘’\"'《》〈〉「」『』]")


def _norm(text: str) -> str:
    return _NORM_DROP.sub("", unicodedata.normalize("NFKC", text))


# Program type from a general suffix when the extractor gave none (SKOS program types).
_PROGRAM_SUFFIX_KIND: tuple[tuple[str, str], ...] = (
    ("专项治理", "campaign"),
    ("专项斗争", "campaign"),
    ("专项行动", "campaign"),
    ("行动", "campaign"),
    ("活动", "campaign"),
    ("攻坚战", "campaign"),
    ("改革", "reform"),
    ("机制", "mechanism"),
    ("制度", "mechanism"),
    ("模式", "model"),
    ("工程", "project"),
    ("项目", "project"),
    ("战略", "strategy"),
    ("示范县", "designation"),
    ("示范市", "designation"),
    ("基地", "designation"),
    ("公园", "designation"),
    ("建设", "initiative"),
)
PROGRAM_TYPE_LABELS: dict[str, tuple[str, str]] = {
    "campaign": ("专项行动", "campaign"),
    "reform": ("改革", "reform"),
    "mechanism": ("机制", "mechanism"),
    "model": ("模式", "model"),
    "project": ("工程", "project"),
    "strategy": ("战略", "strategy"),
    "designation": ("称号创建", "designation"),
    "initiative": ("建设举措", "initiative"),
    "other": ("其他举措", "other initiative"),
}


def program_kind(text: str, kind: str | None) -> str:
    if kind:
        return kind
    key = iris.program_key(text)
    for suffix, k in _PROGRAM_SUFFIX_KIND:
        if key.endswith(suffix):
            return k
    return "other"


# --------------------------------------------------------------------------- periods

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


def _month_end(year: int, month: int) -> str:
    import calendar

    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def period_bounds(label: str) -> tuple[int | None, str | None, str | None]:
    """(year, first day, last day) of a period label such as 2019年上半年; None where unknown."""
    text = _norm(label)
    m = re.search(r"(\d{4})年?", text)
    year = int(m.group(1)) if m else None
    if year is None:
        return None, None, None
    y = year
    if re.fullmatch(r"\d{4}年?(全年|年度)?", text):
        return y, f"{y}-01-01", f"{y}-12-31"
    if re.fullmatch(r"\d{4}年上半年", text):
        return y, f"{y}-01-01", f"{y}-06-30"
    if re.fullmatch(r"\d{4}年下半年", text):
        return y, f"{y}-07-01", f"{y}-12-31"
    m = re.fullmatch(r"\d{4}年第?([一二三四1-4])季度", text)
    if m:
        q = _CN_DIGITS.get(m.group(1)) or int(m.group(1))
        return y, f"{y}-{3 * q - 2:02d}-01", _month_end(y, 3 * q)
    m = re.fullmatch(r"\d{4}年(\d{1,2})[-—–~至到](\d{1,2})月(份)?", text)
    if m and 1 <= int(m.group(1)) <= int(m.group(2)) <= 12:
        return y, f"{y}-{int(m.group(1)):02d}-01", _month_end(y, int(m.group(2)))
    m = re.fullmatch(r"\d{4}年(\d{1,2})月(份|底)?", text)
    if m and 1 <= int(m.group(1)) <= 12:
        return y, f"{y}-{int(m.group(1)):02d}-01", _month_end(y, int(m.group(1)))
    m = re.fullmatch(r"截[至止]\d{4}年(\d{1,2})月(份|底)?", text)
    if m and 1 <= int(m.group(1)) <= 12:
        return y, None, _month_end(y, int(m.group(1)))
    if re.fullmatch(r"(自|从)?\d{4}年(以来|至今|开始)", text):
        return y, f"{y}-01-01", None
    return y, None, None


# --------------------------------------------------------------------------- builder


class _Builder:
    def __init__(self, extraction: records.Extraction) -> None:
        self.x = extraction
        self.key = iris.bulletin_key(
            issuer=extraction.issuer,
            issue=extraction.issue,
            date=extraction.date,
            sha256=extraction.sha256,
            source=extraction.source,
        )
        self.bulletin = iris.bulletin(self.key)
        self.graph = iris.graph(self.key)
        self._g = _n(self.graph)
        self._quads: dict[Quad, None] = {}  # insertion-ordered set
        self.warnings: list[str] = []
        # text units for provenance
        self._articles: dict[int, str] = {}
        self._sentences: dict[tuple[int, int], tuple[str, records.SentenceRecord]] = {}
        self._sentence_starts: list[int] = []
        self._sentence_list: list[tuple[int, int, str, records.SentenceRecord]] = []
        # name → IRI lookups, filled while mapping entities
        self.orgs: dict[str, str] = {}
        self.places: dict[str, str] = {}
        self.place_levels: dict[str, str] = {}  # place IRI → level
        self.programs: dict[str, str] = {}
        self.people: dict[str, str] = {}
        self.posts: dict[str, str] = {}
        self.metrics: dict[str, list[tuple[str, records.Provenance | None]]] = {}
        self.org_place: dict[str, str] = {}  # org IRI → place IRI
        self._program_labels: dict[str, str] = {}  # program IRI → its label

    # ---------------------------------------------------------------- low level

    def add(self, s: str, p: object, o: NamedNode | Literal | str) -> None:
        obj = _n(o) if isinstance(o, str) else o
        self._quads[Quad(_n(s), _n(str(p)), obj, self._g)] = None

    def quads(self) -> list[Quad]:
        return list(self._quads)

    def label(self, s: str, text: str) -> None:
        self.add(s, RDFS.label, _s(text))

    # ---------------------------------------------------------------- provenance

    def _unit_for(self, prov: records.Provenance | None) -> tuple[str, records.SentenceRecord | None, int]:
        """Most specific text unit of a provenance: (IRI, sentence record, its start)."""
        if prov is None:
            return self.bulletin, None, 0
        if prov.article is not None and prov.sentence is not None:
            hit = self._sentences.get((prov.article, prov.sentence))
            if hit:
                return hit[0], hit[1], hit[1].start
        # No (valid) indexes: find the sentence that contains the span.
        i = bisect_right(self._sentence_starts, prov.start) - 1
        if i >= 0:
            start, end, iri, rec = self._sentence_list[i]
            if start <= prov.start and prov.end <= max(end, start + 1):
                return iri, rec, start
        if prov.article is not None and prov.article in self._articles:
            return self._articles[prov.article], None, 0
        return self.bulletin, None, 0

    def provenance(self, node: str, prov: records.Provenance | None, exact: str | None = None) -> str:
        unit, sentence, sent_start = self._unit_for(prov)
        self.add(node, PROV.wasDerivedFrom, unit)
        self.add(node, PROV.hadPrimarySource, self.bulletin)
        self.add(node, OA.hasSource, self.bulletin)
        if prov is None or prov.end < prov.start:
            return unit
        pos = iris.position_selector(node)
        self.add(node, OA.hasSelector, pos)
        self.add(pos, RDF.type, OA.TextPositionSelector)
        self.add(pos, OA.start, _int(prov.start))
        self.add(pos, OA.end, _int(prov.end))
        prefix = suffix = None
        if sentence is not None:
            a, b = prov.start - sent_start, prov.end - sent_start
            if 0 <= a <= b <= len(sentence.text):
                exact = sentence.text[a:b] or exact
                prefix = sentence.text[max(0, a - QUOTE_CONTEXT) : a]
                suffix = sentence.text[b : b + QUOTE_CONTEXT]
        if exact:
            quote = iris.quote_selector(node)
            self.add(node, OA.hasSelector, quote)
            self.add(quote, RDF.type, OA.TextQuoteSelector)
            self.add(quote, OA.exact, _s(exact))
            if prefix:
                self.add(quote, OA.prefix, _s(prefix))
            if suffix:
                self.add(quote, OA.suffix, _s(suffix))
        return unit

    def mention(self, entity: str, kind: str, prov: records.Provenance, text: str) -> None:
        node = iris.mention(self.bulletin, prov.start, prov.end, kind)
        self.add(node, RDF.type, WX.Mention)
        self.add(node, RDF.type, OA.SpecificResource)
        self.add(node, WX.mentionOf, entity)
        unit = self.provenance(node, prov, text)
        self.add(unit, WX.mentions, entity)

    # ---------------------------------------------------------------- bulletin, articles, sentences

    def map_bulletin(self) -> None:
        x, b = self.x, self.bulletin
        self.add(b, RDF.type, WX.Bulletin)
        self.add(b, RDF.type, PROV.Entity)
        title = x.title or x.source
        self.label(b, " ".join(p for p in (title, x.issue) if p))
        self.add(b, DCTERMS.title, _s(title))
        if x.issue:
            self.add(b, WX.issue, _s(x.issue))
        if x.date and re.fullmatch(r"\d{4}-\d{2}-\d{2}", x.date):
            self.add(b, DCTERMS.issued, _typed(x.date, XSD.date))
        self.add(b, WX.fileName, _s(x.source))
        if x.sha256:
            self.add(b, WX.sha256, _s(x.sha256))
        if x.source_url:
            if re.match(r"https?://\S+$", x.source_url):
                self.add(b, DCTERMS.source, _n(x.source_url))
            else:
                self.add(b, DCTERMS.source, _s(x.source_url))
        ds = iris.dataset(b)
        self.add(ds, RDF.type, QB.DataSet)
        self.add(ds, QB.structure, WX.MetricStructure)
        self.add(ds, DCTERMS.source, b)
        self.label(ds, f"{title} {x.issue or ''} 指标".replace("  ", " "))

        for art in x.articles:
            idx = x.articles.index(art)
            a = iris.article(b, idx)
            self._articles[idx] = a
            self.add(a, RDF.type, WX.Article)
            self.add(a, RDF.type, PROV.Entity)
            self.add(a, DCTERMS.isPartOf, b)
            self.add(a, WX.index, _int(idx + 1))
            self.add(a, DCTERMS.title, _s(art.title))
            self.label(a, art.title)
            if art.section:
                self.add(a, WX.section, _s(art.section))
            if art.end > art.start:
                self.provenance(a, records.Provenance(idx, None, art.start, art.end), None)
            for si, sent in enumerate(art.sentences):
                s = iris.sentence(b, idx, si)
                self._sentences[(idx, si)] = (s, sent)
                self._sentence_list.append((sent.start, sent.end, s, sent))
                self.add(s, RDF.type, WX.Sentence)
                self.add(s, RDF.type, OA.SpecificResource)
                self.add(s, RDF.type, PROV.Entity)
                self.add(s, DCTERMS.isPartOf, a)
                self.add(s, WX.index, _int(si + 1))
                self.add(s, RDF.value, _s(sent.text))
                self.add(s, OA.hasSource, b)
                pos = iris.position_selector(s)
                self.add(s, OA.hasSelector, pos)
                self.add(pos, RDF.type, OA.TextPositionSelector)
                self.add(pos, OA.start, _int(sent.start))
                self.add(pos, OA.end, _int(sent.end))
        self._sentence_list.sort(key=lambda t: t[0])
        self._sentence_starts = [t[0] for t in self._sentence_list]

    # ---------------------------------------------------------------- entities

    def place_node(self, name: str, level: str | None, code: str | None) -> str:
        p = iris.place(name, level, code)
        if level is None and code:
            level = level_of(code)
        self.add(p, RDF.type, SDO.Place)
        if level != "region":
            self.add(p, RDF.type, SDO.AdministrativeArea)
        self.label(p, name)
        if level:
            self.add(p, WX.placeLevel, _s(level))
            self.place_levels[p] = level
        if code:
            self.add(p, WX.divisionCode, _s(code))
            self.add(p, SDO.identifier, _s(code))
        self.places.setdefault(name, p)
        self.places.setdefault(_norm(name), p)
        return p

    def map_places(self) -> None:
        for pl in self.x.places:
            p = self.place_node(pl.name, pl.level, pl.code)
            for name in (pl.text, pl.name):
                self.places.setdefault(name, p)
                self.places.setdefault(_norm(name), p)
            if pl.text != pl.name:
                self.add(p, SKOS.altLabel, _s(pl.text))
            for m in pl.mentions:
                self.mention(p, "place", m, pl.text)
        # Parents after all places are known (a parent may be listed later).
        for pl in self.x.places:
            p = self.places[pl.name]
            parent = None
            if pl.parent and pl.parent in self.places:
                parent = self.places[pl.parent]
            elif pl.parent_code:
                parent = self.place_node(pl.parent or pl.parent_code, None, pl.parent_code)
            if parent and parent != p:
                self.add(p, SDO.containedInPlace, parent)
        if self.x.city:
            city = self.places.get(self.x.city) or self.place_node(self.x.city, "city", self.x.city_code)
            self.add(self.bulletin, WX.city, city)

    def resolve_place(self, name: str | None, code: str | None = None) -> str | None:
        if code and re.fullmatch(r"\d{6}", code):
            iri = iris.place(name or code, None, code)
            if iri not in self.place_levels:
                self.place_node(name or code, None, code)
            return iri
        if not name:
            return None
        return self.places.get(name) or self.places.get(_norm(name))

    def map_orgs(self) -> None:
        formal = {"government_department", "party_organ", "enterprise", "bank", "social_organization"}
        for o in self.x.organizations:
            iri = iris.org(o.canonical)
            for name in (o.canonical, o.text):
                self.orgs.setdefault(name, iri)
                self.orgs.setdefault(_norm(name), iri)
            self.add(iri, RDF.type, ORG.Organization)
            if o.type in formal:
                self.add(iri, RDF.type, ORG.FormalOrganization)
            elif o.type == "leading_group":
                self.add(iri, RDF.type, ORG.OrganizationalUnit)
            self.label(iri, o.canonical)
            if o.text != o.canonical:
                self.add(iri, SKOS.altLabel, _s(o.text))
            self.add(iri, WX.orgType, _s(o.type or "other"))
            place = self.resolve_place(o.place, o.place_code)
            if place:
                self.org_place[iri] = place
            for m in o.mentions:
                self.mention(iri, "org", m, o.text)

    def map_programs(self) -> None:
        for pr in self.x.programs:
            iri = self.program_node(pr.text, pr.place or pr.lead, pr.kind)
            for m in pr.mentions:
                self.mention(iri, "program", m, pr.text)

    def program_node(self, text: str, scope: str | None, kind: str | None) -> str:
        iri = iris.program(text, scope)
        for name in (text, iris.program_key(text)):
            self.programs.setdefault(name, iri)
            self.programs.setdefault(_norm(name), iri)
        self.add(iri, RDF.type, WX.Program)
        self.add(iri, RDF.type, PROV.Activity)
        # One label per program: the first written form; other forms (with or without
        # quotes) that normalise to the same key become altLabels.
        if iri in self._program_labels:
            if text != self._program_labels[iri]:
                self.add(iri, SKOS.altLabel, _s(text))
            return iri
        self._program_labels[iri] = text
        self.label(iri, text)
        kind = program_kind(text, kind)
        concept = iris.program_type(kind)
        self.add(iri, WX.programType, concept)
        self.concept(concept, "program-type", PROGRAM_TYPE_LABELS.get(kind, (kind, kind))[0])
        return iri

    def map_people(self) -> None:
        city = self.x.city
        for person in self.x.people:
            iri = iris.person(person.name, city)
            self.people.setdefault(person.name, iri)
            self.add(iri, RDF.type, FOAF.Person)
            self.label(iri, person.name)
            self.add(iri, FOAF.name, _s(person.name))
            for title in person.posts:
                post = iris.post(title, city)
                self.posts.setdefault(title, post)
                self.posts.setdefault(_norm(title), post)
                self.add(post, RDF.type, ORG.Post)
                self.label(post, title)
                org = self._org_named_in_post(title)
                if org:
                    self.add(post, ORG.postIn, org)
            for m in person.mentions:
                self.mention(iri, "person", m, person.name)

    def _org_named_in_post(self, title: str) -> str | None:
        """The organisation whose written form opens the post title (市委书记 → 市委)."""
        best = None
        for o in self.x.organizations:
            for name in (o.text, o.canonical):
                if len(name) >= 2 and title.startswith(name) and len(title) > len(name):
                    if best is None or len(name) > best[0]:
                        best = (len(name), iris.org(o.canonical))
        return best[1] if best else None

    def concept(self, iri: str, scheme: str, label: str) -> None:
        s = iris.scheme(scheme)
        self.add(iri, RDF.type, SKOS.Concept)
        self.add(iri, SKOS.prefLabel, _s(label))
        self.add(iri, SKOS.inScheme, s)
        self.add(s, RDF.type, SKOS.ConceptScheme)

    def period(self, label: str) -> str:
        iri = iris.period(label)
        year, begin, end = period_bounds(label)
        self.add(iri, RDF.type, TIME.Interval)
        self.label(iri, label)
        if year is not None:
            self.add(iri, WX.year, _int(year))
        if begin and end:
            self.add(iri, RDF.type, TIME.ProperInterval)
        for prop, day, frag in ((TIME.hasBeginning, begin, "#beginning"), (TIME.hasEnd, end, "#end")):
            if day:
                instant = iri + frag
                self.add(iri, prop, instant)
                self.add(instant, RDF.type, TIME.Instant)
                self.add(instant, TIME.inXSDDate, _typed(day, XSD.date))
        return iri

    def map_metrics(self) -> None:
        ds = iris.dataset(self.bulletin)
        for i, m in enumerate(self.x.metrics):
            if m.prov is not None:
                iri = iris.metric(self.bulletin, m.prov.article, m.prov.start, m.prov.end)
            else:
                iri = f"{self.bulletin}/metric/x/{i + 1}"
            self.metrics.setdefault(m.text, []).append((iri, m.prov))
            self.metrics.setdefault(_norm(m.text), []).append((iri, m.prov))
            self.add(iri, RDF.type, QB.Observation)
            self.add(iri, QB.dataSet, ds)
            self.label(iri, m.text)
            self.add(iri, SDMX_MEASURE.obsValue, _typed(decimal_lexical(m.value), XSD.decimal))
            unit = iris.unit(m.unit)
            self.add(iri, SDMX_ATTRIBUTE.unitMeasure, unit)
            self.concept(unit, "unit", m.unit)
            if m.indicator:
                ind = iris.indicator(m.indicator)
                self.add(iri, WX.indicator, ind)
                self.concept(ind, "indicator", m.indicator)
            if m.period:
                self.add(iri, SDMX_DIMENSION.refPeriod, self.period(m.period))
            area = None
            for name in _split_subjects(m.subject):
                ent = self.resolve_entity(name)
                if ent:
                    self.add(iri, WX.subject, ent)
                    if area is None:
                        area = ent if ent in self.place_levels else self.org_place.get(ent)
                elif name:
                    self.warnings.append(f"metric {m.text!r}: subject {name!r} not found")
            if area is None and self.x.city:
                area = self.resolve_place(self.x.city, self.x.city_code)
            if area:
                self.add(iri, SDMX_DIMENSION.refArea, area)
            if m.qualifier:
                self.add(iri, WX.qualifier, _s(m.qualifier))
            self.add(iri, WX.isChange, _bool(m.is_change))
            if m.change_direction:
                self.add(iri, WX.changeDirection, _s(m.change_direction))
            self.add(iri, WX.isTarget, _bool(m.is_target))
            self.provenance(iri, m.prov, m.text)

    # ---------------------------------------------------------------- relations

    def resolve_entity(self, name: str | None) -> str | None:
        if not name:
            return None
        for table in (self.orgs, self.places, self.programs, self.people):
            hit = table.get(name) or table.get(_norm(name))
            if hit:
                return hit
        return None

    def resolve_metric(self, text: str, prov: records.Provenance | None) -> str | None:
        cands = self.metrics.get(text) or self.metrics.get(_norm(text))
        if not cands:
            return None
        if prov is None or len(cands) == 1:
            return cands[0][0]

        def distance(c: tuple[str, records.Provenance | None]) -> int:
            p = c[1]
            return abs(p.start - prov.start) if p is not None else 1 << 30

        return min(cands, key=distance)[0]

    def relation_ends(self, r: records.Relation) -> tuple[str | None, str | None]:
        head = self.resolve_entity(r.head)
        if r.relation == "has_outcome":
            tail = self.resolve_metric(r.tail, r.prov)
        elif r.relation == "holds_post":
            tail = self.posts.get(r.tail) or self.posts.get(_norm(r.tail))
            if tail is None and head is not None:
                tail = iris.post(r.tail, self.x.city)
                self.posts[r.tail] = tail
                self.add(tail, RDF.type, ORG.Post)
                self.label(tail, r.tail)
        else:
            tail = self.resolve_entity(r.tail)
            if tail is None and head is not None and r.relation in ("leads", "implements") and r.tail:
                # A program named only in the relation: mint it (scoped like the others).
                scope = self.x.city if head not in self.place_levels else r.head
                tail = self.program_node(r.tail, scope, None)
        return head, tail

    def map_relations(self) -> None:
        rels: list[records.Relation] = list(self.x.relations)
        # Attribute facts become relations too, so that they carry provenance.
        for o in self.x.organizations:
            if o.place or o.place_code:
                rels.append(records.Relation(o.canonical, "located_in", o.place or "", o.mentions[0] if o.mentions else None))
        for pr in self.x.programs:
            prov = pr.mentions[0] if pr.mentions else None
            if pr.lead:
                rels.append(records.Relation(pr.lead, "leads", pr.text, prov))
            if pr.place:
                rels.append(records.Relation(pr.text, "located_in", pr.place, prov))
        for person in self.x.people:
            for title in person.posts:
                rels.append(records.Relation(person.name, "holds_post", title, person.mentions[0] if person.mentions else None))
        seen: set[tuple[str, str, str]] = set()
        for r in rels:
            head, tail = self.relation_ends(r)
            if r.relation == "located_in" and tail is None:
                # an organisation's place given only by its code
                org = next((o for o in self.x.organizations if o.canonical == r.head), None)
                if org is not None:
                    tail = self.resolve_place(org.place, org.place_code)
            if head is None or tail is None or head == tail:
                self.warnings.append(f"relation {r.head!r} {r.relation} {r.tail!r}: end not found")
                continue
            key = (head, r.relation, tail)
            if key in seen:
                continue
            seen.add(key)
            self.relation(head, r.relation, tail, r.prov)

    def relation(self, head: str, relation: str, tail: str, prov: records.Provenance | None) -> None:
        predicates = {
            "leads": [WX.leads],
            "implements": [WX.implements],
            "located_in": [WX.locatedIn],
            "has_outcome": [WX.hasOutcome],
            "part_of": [WX.partOf],
            "holds_post": [ORG.holds],
            "cooperates_with": [WX.cooperatesWith],
        }.get(relation)
        if predicates is None:
            self.warnings.append(f"unknown relation type {relation!r}")
            return
        if relation == "leads" and tail in self.orgs.values():
            # 领导小组组长 X: a person who leads an organisation heads it (W3C ORG); wx:leads
            # is for programs only. An organisation "leading" another is not modelled.
            if head not in self.people.values():
                self.warnings.append(f"relation leads from {head} to the organisation {tail}: not mapped")
                return
            predicates = [ORG.headOf]
        if relation == "part_of" and head in self.orgs.values() and tail in self.orgs.values():
            predicates = [WX.partOf, ORG.subOrganizationOf]
        for p in predicates:
            self.add(head, p, tail)
        if relation == "holds_post":
            self.add(tail, ORG.heldBy, head)
        node = iris.assertion(self.bulletin, relation, head, tail, prov.start if prov else None, prov.end if prov else None)
        self.add(node, RDF.type, WX.Assertion)
        self.add(node, RDF.subject, head)
        self.add(node, RDF.predicate, predicates[0])
        self.add(node, RDF.object, tail)
        self.provenance(node, prov, None)

    def map_article_leads(self) -> None:
        for idx, art in enumerate(self.x.articles):
            if art.lead:
                ent = self.resolve_entity(art.lead)
                if ent:
                    self.add(self._articles[idx], DCTERMS.subject, ent)

    def map_issuer(self) -> None:
        if self.x.issuer:
            ent = self.orgs.get(self.x.issuer) or self.orgs.get(_norm(self.x.issuer))
            if ent is None:
                ent = iris.org(self.x.issuer)
                self.orgs[self.x.issuer] = ent
                self.add(ent, RDF.type, ORG.Organization)
                self.label(ent, self.x.issuer)
            self.add(self.bulletin, DCTERMS.publisher, ent)
            self.add(self.bulletin, PROV.wasAttributedTo, ent)


def _split_subjects(subject: str | None) -> list[str]:
    """A combined subject (A、B) names several entities."""
    if not subject:
        return []
    return [s for s in re.split(r"[、，,；;和及与]", subject) if s] if "、" in subject or "，" in subject else [subject]


def to_quads(extraction: records.Extraction) -> MappedBulletin:
    """Map one Extraction to the quads of its named graph (deterministic, no blank nodes)."""
    b = _Builder(extraction)
    b.map_bulletin()
    b.map_places()
    b.map_orgs()
    b.map_issuer()
    b.map_programs()
    b.map_people()
    b.map_metrics()
    b.map_relations()
    b.map_article_leads()
    return MappedBulletin(graph=b.graph, quads=b.quads(), bulletin=b.bulletin, warnings=b.warnings)
