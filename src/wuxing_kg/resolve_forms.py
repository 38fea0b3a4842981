"""The other written forms of a body or programme in one bulletin (entity resolution, issue 12).

The NLP reads an organisation where the text names it in full (雁江区供销社, 区林业局,
布拉格嘎查草原马队协会); the same text often writes it again in a shorter form the
reader joins without thinking — the body without its place (林业局, 草原马队协会, the
second half of 自治区教育厅、财政厅), the place as a bare or pointing level (村党支部,
街道办事处, 该区供销社, 县政府 for 县人民政府), a company's short name (蜀地源公司 for
四川省蜀地源中药材有限公司), or a longer one: the unit after its national parent body
(国家统计局 + 某县调查队) — and a programme in other quotes (‘村村抱团’ for “村村抱团”).
:func:`org_forms` and :func:`program_forms` find those occurrences in the bulletin's own
sentences and give each its node: a new record with the written form as its text and the
node's canonical name (programme: its text, place and lead), so that the mapping puts it on
the same node and keeps the written form as an ``skos:altLabel``.

Every rule is general (levels, the national short/long table, company name shape) and scoped
to the one bulletin: a form is only linked when exactly one organisation of the text can own
it, and only where the text does not write a place (or 国家 / 中央) right before it, so a
form never moves a body to another place.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from . import records

if TYPE_CHECKING:
    from .resolve import Rules

# Level words a body name may open with for "the place of this level" (县政府), longest
# first, and the pointing words before a level (该区, 本县, 我县).
_LEVELS = ("自治区", "自治州", "自治县", "街道", "社区", "嘎查", "省", "市", "县", "区", "州", "旗", "盟", "镇", "乡", "村")
_POINTING = ("该", "本", "我")
# A department written alone (林业局, 财政厅): the kinds of government body whose bare
# name is one department of the place; other bodies need a name part (≥ 5 characters).
_DEPARTMENT_ENDS = ("局", "厅", "委", "办")
_NAMED_BODY = 5
_NOT_OURS = ("国家", "中央", "全国", "国务院")
_COMPANY = re.compile(r"^(.{2,}?)(?:股份有限公司|有限责任公司|集团有限公司|有限公司)$")
_MIN_PROGRAM = 4  # a programme key shorter than this is too common a word to look for
_QUOTE_PAIRS = (("“", "”"), ("‘", "’"), ("\"", "\""), ("「", "」"), ("『", "』"))


def fold(text: str) -> str:
    """Traditional → Simplified, one character for one (offsets stay those of the text)."""
    from .reading.traditional import _one_char  # the reader's same-length fold

    return "".join(_one_char(ch) for ch in text)


R = TypeVar("R", records.Organization, records.Program)


@dataclass(frozen=True)
class Found(Generic[R]):
    """One written form of a node: the record to add and the sentence that writes it."""

    form: str  # as written, folded to Simplified as the NLP reports names
    into: str  # the node's canonical name (a programme: its text)
    sentence: str
    record: R


def _split(name: str, place_names: list[str]) -> tuple[str, str]:
    """(level word, body): 雁江区供销社 → (区, 供销社), 自治区财政厅 → (自治区, 财政厅),
    沪东新村街道办事处 → ("", 街道办事处) — the level is the place's last level word."""
    for place in place_names:
        if place and name.startswith(place) and len(name) > len(place):
            level = next((lv for lv in _LEVELS if place.endswith(lv)), "")
            return level, name[len(place):]
    level = next((lv for lv in _LEVELS if name.startswith(lv)), "")
    return level, name[len(level):]


def _bodies(body: str, rules: Rules) -> set[str]:
    """The body and its standard short or full forms (人民政府 ↔ 政府, 住建局 ↔ 住房和城乡建设局)."""
    out = {body}
    for short, full in rules.abbreviations.items():
        if body.endswith(full):
            out.add(body[: -len(full)] + short)
        elif body.endswith(short):
            out.add(body[: -len(short)] + full)
    return {b for b in out if b}


def _forms(o: records.Organization, rules: Rules) -> set[str]:
    """The shorter forms the text may write `o` in (folded to Simplified): the level forms of
    its body (a body of two characters only when the national table gives it: 县政府),
    the body alone when it is a department or carries a name part beyond its kind (not for
    party organs, always written with their place or level), a company's short name."""
    level, body = _split(fold(o.text), [o.place] if o.place else [])
    out: set[str] = set()
    for b in _bodies(body, rules):
        opens_level = any(b.startswith(lv) for lv in _LEVELS)
        head = "" if opens_level else level
        if (level or opens_level) and (len(b) >= 3 or b != body):
            out |= {head + b, *(p + head + b for p in _POINTING if head)}
        if _named(b, o.type, rules):
            out.add(b)
    company = _COMPANY.match(body)
    if company:
        core = company.group(1)
        out |= {core[:k] + "公司" for k in range(2, len(core))}
    return {f for f in out if len(f) >= 3 and f != fold(o.text)}


def _named(body: str, kind: str, rules: Rules) -> bool:
    """May the body stand alone for the organisation? A department (林业局, 财政厅), or a
    body whose name is longer than its generic kind (草原马队协会, not 股份经济合作社)."""
    if kind == "party_organ" or len(body) < 3:
        return False
    if body.endswith(_DEPARTMENT_ENDS) and kind == "government_department":
        return True
    generic = max((k for k in rules.kinds if body.endswith(k)), key=len, default="")
    return len(body) >= _NAMED_BODY and len(body) - len(generic) >= 2


def _place_before(text: str, at: int, place_names: set[str]) -> bool:
    """Does the text write a place, a level word or 国家 / 中央 right before `at`?"""
    from .nlp.divisions import table

    t = table()
    if at and text[at - 1] in "省市县区州旗盟镇乡村":
        return True
    for k in range(2, min(at, t.max_len) + 1):
        before = text[at - k: at]
        if before in place_names or before in _NOT_OURS or t.lookup(before) is not None:
            return True
    return False


def _sentences(x: records.Extraction) -> list[tuple[int, int, records.SentenceRecord, str]]:
    """(article index, sentence index, sentence, its text folded to Simplified)."""
    return [(ai, si, s, fold(s.text)) for ai, article in enumerate(x.articles) for si, s in enumerate(article.sentences)]


def _covered(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def org_forms(x: records.Extraction, rules: Rules) -> list[Found[records.Organization]]:
    """Occurrences of the short forms of the text's organisations that the NLP did not read,
    each as a new Organization on its node (canonical names as resolved)."""
    place_names = sorted({n for p in x.places for n in (p.name, p.text) if n}, key=len, reverse=True)
    owners: dict[str, set[str]] = {}
    by_form: dict[str, records.Organization] = {}
    for o in x.organizations:
        for name in (fold(o.text), fold(o.canonical)):
            owners.setdefault(name, set()).add(o.canonical)
        for f in _forms(o, rules):
            owners.setdefault(f, set()).add(o.canonical)
            by_form.setdefault(f, o)
    spans = [(m.start, m.end) for o in x.organizations for m in o.mentions]
    spans += [(m.start, m.end) for p in x.places for m in getattr(p, "mentions", [])]
    found: list[Found[records.Organization]] = []
    sentences = _sentences(x)
    for form, o in sorted(by_form.items(), key=lambda kv: -len(kv[0])):
        if len(owners[form]) != 1:
            continue  # two bodies of the text could own it: leave it
        longer = [n for n in owners if form in n and n != form]
        for ai, si, s, folded in sentences:
            if form not in folded:
                continue
            inside = [(m.start(), m.end()) for n in longer for m in re.finditer(re.escape(n), folded)]
            for m in re.finditer(re.escape(form), folded):
                start, end = s.start + m.start(), s.start + m.end()
                if (_covered(spans, start, end) or any(a <= m.start() and m.end() <= b for a, b in inside)
                        or _place_before(folded, m.start(), set(place_names))):
                    continue
                spans.append((start, end))
                written = folded[m.start(): m.end()]
                rec = records.Organization(written, o.canonical, o.type, o.place, o.place_code,
                                           [records.Provenance(ai, si, start, end)])
                found.append(Found(written, o.canonical, s.text, rec))
    return found + _with_national_parent(x, sentences)


# A national body written right before one of its units (国家统计局 + 某某调查队).
_NATIONAL_PARENT = re.compile(r"(?:国家|国务院)[\u4e00-\u9fff]{1,10}?(?:总局|局|委员会|委|部|署|办)$")


def _with_national_parent(x: records.Extraction, sentences: list[tuple[int, int, records.SentenceRecord, str]]
                          ) -> list[Found[records.Organization]]:
    """An organisation the text also writes after its national parent body (国家矿山安监局 +
    the unit's name): that longer form joins the organisation's node."""
    found: list[Found[records.Organization]] = []
    for o in x.organizations:
        name = fold(o.text)
        if len(name) < 3 or name.startswith(("国家", "国务院")):
            continue
        for ai, si, s, folded in sentences:
            for m in re.finditer(re.escape(name), folded):
                parent = next((folded[m.start() - k: m.start()] for k in range(3, min(m.start(), 14) + 1)
                               if _NATIONAL_PARENT.fullmatch(folded[m.start() - k: m.start()])), None)
                if parent is None:
                    continue
                start, end = s.start + m.start() - len(parent), s.start + m.end()
                written = parent + name
                rec = records.Organization(written, o.canonical, o.type, o.place, o.place_code,
                                           [records.Provenance(ai, si, start, end)])
                found.append(Found(written, o.canonical, s.text, rec))
    return found


def program_forms(x: records.Extraction, key: Callable[[str], str]) -> list[Found[records.Program]]:
    """Quoted occurrences of a programme's name (in other quotes: ‘村村抱团’ for “村村抱团”)
    that the NLP did not read, each as a new Program with the programme's place and lead.
    Unquoted ones are left to the NLP: a bare programme name is too often part of another
    word or name (乡村振兴 in 国家乡村振兴局)."""
    spans = [(m.start, m.end) for p in x.programs for m in p.mentions]
    spans += [(m.start, m.end) for o in x.organizations for m in o.mentions]
    found: list[Found[records.Program]] = []
    seen: set[str] = set()
    sentences = _sentences(x)
    for p in x.programs:
        bare = fold(key(p.text))
        if len(bare) < _MIN_PROGRAM or bare in seen:
            continue
        seen.add(bare)
        quoted = [left + bare + right for left, right in _QUOTE_PAIRS]
        for ai, si, s, folded in sentences:
            if bare not in folded:
                continue
            for form in quoted:
                for m in re.finditer(re.escape(form), folded):
                    start, end = s.start + m.start(), s.start + m.end()
                    if _covered(spans, start, end):
                        continue
                    spans.append((start, end))
                    written = folded[m.start(): m.end()]
                    rec = records.Program(written, p.lead, p.place, p.kind, [records.Provenance(ai, si, start, end)])
                    found.append(Found(written, p.text, s.text, rec))
    return found
