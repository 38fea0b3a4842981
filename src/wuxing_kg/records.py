"""Typed records that flow between the stages.

Two families live here:

* the *layout* records (``Bulletin`` → ``Article`` → ``Sentence``) made by ``reading/``
  and consumed by ``nlp/``;
* the *Extraction* record made by ``nlp/`` and consumed by ``rdf/``, ``ingest`` and
  ``evaluate``. Its JSON form is the schema of ``gold/FORMAT.md`` (plus provenance
  fields that the scorer ignores). It is the only thing the NLP half and the graph
  half share: the graph half never sees spaCy, the NLP half never sees rdflib.

Offsets: ``Bulletin.text`` is the *normalised* text (cleaned, Simplified, full-width
punctuation) that the NLP reads; ``Bulletin.original`` is the decoded file as it was.
Layout records carry offsets into ``Bulletin.text``; everything in an Extraction
carries offsets into the *original* text, so provenance points into the file as it was.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import Decimal
from typing import Any, Literal

# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Sentence:
    index: int  # position within its article (0-based)
    text: str  # normalised text, == bulletin.text[start:end]
    start: int  # offsets into Bulletin.text
    end: int
    paragraph: int  # paragraph number within the article (0-based)
    point: str | None = None  # enumeration marker that opens this sentence (一是, 二是, (一) …)


@dataclass
class Article:
    index: int  # position within the bulletin (0-based)
    title: str  # normalised; for a 简讯 item: its first sentence without 。
    section: str | None  # section name without brackets (典型推介), None when there is none
    start: int  # span of the whole article (title + body) in Bulletin.text
    end: int
    sentences: list[Sentence] = field(default_factory=list)
    has_headline: bool = True  # False for 简讯 items whose title is their first sentence

    @property
    def text(self) -> str:  # convenience: body sentences joined (normalised)
        return "".join(s.text for s in self.sentences)


@dataclass
class Bulletin:
    source: str  # file name (no directories)
    original: str  # the decoded file text, exactly as it was
    text: str  # normalised text the NLP reads
    offsets: list[int]  # offsets[i] = index in `original` of text[i]; len(text) + 1 entries
    sha256: str  # of the file bytes
    title: str | None = None  # series title, e.g. …工作简报
    issue: str | None = None  # as in FORMAT.md: "第51期"
    date: date | None = None
    issuer: str | None = None  # as written (市…办公室); canonicalised by nlp/
    source_url: str | None = None  # from a leading "# source:" line
    url_date: datetime.date | None = None  # (datetime.date: the field `date` shadows the name here)  # a publication date written into source_url, if any
    converted_from_traditional: bool = False
    articles: list[Article] = field(default_factory=list)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of `text` to the span of `original` it came from."""
        if end <= start:
            o = self.offsets[start]
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1

    def original_slice(self, start: int, end: int) -> str:
        s, e = self.original_span(start, end)
        return self.original[s:e]


# --------------------------------------------------------------------------- extraction

OrgType = Literal[
    "government_department",
    "party_organ",
    "leading_group",
    "enterprise",
    "bank",
    "social_organization",
    "other",
]
PlaceLevel = Literal["province", "city", "county", "township", "village", "region"]
RelationType = Literal[
    "leads", "implements", "located_in", "has_outcome", "part_of", "holds_post", "cooperates_with"
]
RELATION_TYPES: tuple[str, ...] = (
    "leads",
    "implements",
    "located_in",
    "has_outcome",
    "part_of",
    "holds_post",
    "cooperates_with",
)


@dataclass
class Provenance:
    """Where a fact was read: article and sentence index, span in the ORIGINAL text."""

    article: int | None
    sentence: int | None  # index within the article
    start: int
    end: int


@dataclass
class SentenceRecord:
    text: str  # the original text of the sentence, exactly as in the file
    start: int  # offsets into the original text
    end: int


@dataclass
class ArticleRecord:
    title: str
    section: str | None
    lead: str | None  # canonical org or place that the article is about
    start: int = 0
    end: int = 0
    sentences: list[SentenceRecord] = field(default_factory=list)


@dataclass
class Organization:
    text: str  # surface form as written
    canonical: str  # 市教育局 → 绵阳市教育局; 省委 → 中共四川省委
    type: str  # OrgType
    place: str | None = None  # canonical place it belongs to (绵阳市), when known
    place_code: str | None = None  # GB/T 2260 code of that place
    mentions: list[Provenance] = field(default_factory=list)


@dataclass
class Place:
    text: str
    level: str  # PlaceLevel
    canonical: str | None = None  # 江油 → 江油市; None when text is already canonical
    code: str | None = None  # GB/T 2260 code (6 digits) for province/city/county
    parent: str | None = None  # canonical name of the containing place
    parent_code: str | None = None
    embedded: bool = False  # occurs only inside another name
    mentions: list[Provenance] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.canonical or self.text


@dataclass
class Program:
    text: str  # as written, quotes included (“最多跑一次”改革)
    lead: str | None = None  # canonical organisation (or place) that leads it
    place: str | None = None  # canonical place where it runs
    kind: str | None = None  # SKOS program type (campaign, mechanism, model, designation …)
    mentions: list[Provenance] = field(default_factory=list)


@dataclass
class Person:
    name: str
    posts: list[str] = field(default_factory=list)  # as written: 省委副书记, 市长 …
    mentions: list[Provenance] = field(default_factory=list)


@dataclass
class Metric:
    text: str  # the shortest span that states it, as written
    value: Decimal  # exact, in base units (3.3万 → 33000)
    unit: str  # base unit in Simplified Chinese: 个 人 元 美元 % 百分点 名 …
    indicator: str | None = None
    subject: str | None = None  # canonical organisation or place
    period: str | None = None  # 2019年上半年, 2019年1-7月, 截至2019年8月, 2014年以来 …
    qualifier: str | None = None  # 以上 余 多 约 以内
    is_change: bool = False
    change_direction: str | None = None  # up | down
    is_target: bool = False
    prov: Provenance | None = None


@dataclass
class Relation:
    head: str
    relation: str  # RelationType
    tail: str
    prov: Provenance | None = None


@dataclass
class Extraction:
    source: str
    date: str | None = None  # YYYY-MM-DD
    issuer: str | None = None  # canonical
    issue: str | None = None
    title: str | None = None
    sha256: str | None = None
    source_url: str | None = None
    # Context the NLP resolved (the city/province the bulletin is about).
    city: str | None = None
    city_code: str | None = None
    province: str | None = None
    articles: list[ArticleRecord] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    programs: list[Program] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    metrics: list[Metric] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    # ---------------------------------------------------------------- JSON

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Extraction:
        """Read a prediction or a gold file (unknown keys such as `note` are ignored)."""
        kw = _known(cls, data)
        kw["articles"] = [
            ArticleRecord(
                **{
                    **_known(ArticleRecord, a),
                    "sentences": [SentenceRecord(**_known(SentenceRecord, s)) for s in a.get("sentences", [])],
                }
            )
            for a in data.get("articles", [])
        ]
        kw["organizations"] = [_with_mentions(Organization, o) for o in data.get("organizations", [])]
        kw["places"] = [_with_mentions(Place, p) for p in data.get("places", [])]
        kw["programs"] = [_with_mentions(Program, p) for p in data.get("programs", [])]
        kw["people"] = [_with_mentions(Person, p) for p in data.get("people", [])]
        kw["metrics"] = [_with_prov(Metric, m, value=Decimal(str(m["value"]))) for m in data.get("metrics", [])]
        kw["relations"] = [_with_prov(Relation, r) for r in data.get("relations", [])]
        return cls(**kw)

    @classmethod
    def from_json(cls, text: str) -> Extraction:
        return cls.from_dict(json.loads(text, parse_float=Decimal))


def _known(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = {f.name for f in fields(cls)}
    return {k: v for k, v in data.items() if k in names}


def _prov(d: dict[str, Any] | None) -> Provenance | None:
    return Provenance(**_known(Provenance, d)) if d else None


def _with_mentions(cls: type, d: dict[str, Any]) -> Any:
    kw = _known(cls, d)
    kw["mentions"] = [p for p in (_prov(m) for m in d.get("mentions", [])) if p]
    return cls(**kw)


def _with_prov(cls: type, d: dict[str, Any], **extra: Any) -> Any:
    kw = _known(cls, d)
    kw["prov"] = _prov(d.get("prov"))
    kw.update(extra)
    return cls(**kw)


def decimal_to_json(value: Decimal) -> int | float:
    """Exact JSON number: integral values as int, others as the shortest float that
    round-trips the decimal string (11.18 stays 11.18)."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _plain(obj: Any) -> Any:
    if isinstance(obj, Decimal):
        return decimal_to_json(obj)
    if isinstance(obj, date):
        return obj.isoformat()
    if isinstance(obj, dict):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj
