"""Entity resolution between the Extraction record and the RDF mapping (issue 12, item 3).

The NLP half names an organisation by its canonical name (place prefix + body name as
written: 某县住建局); the graph half mints one IRI per canonical name. Between the two,
:func:`resolve` rewrites an Extraction so that the names of one body meet, by
deterministic rules, each scoped by place and type:

* ``abbreviation`` — <prefix><standard short name> → <prefix><full name> (住建局 →
  住房和城乡建设局, 县政府 → 县人民政府), from the national table in
  ``data/resolution.toml``. The prefix (the place) is kept as written, so a merge never
  joins two places; since the rewrite needs no other bulletin, the node is the same
  whichever issue is ingested first.
* ``place-prefix`` — a name opening with a bare level (县人民政府) takes the one place of
  that level the text names (中宁县人民政府); with none or several, nothing happens.
* ``parent-prefix`` — 河西区人民政府 joins 天津市河西区人民政府 when the same text writes
  both (the place's parent as the text's places say).
* ``former-name`` — an organisation prefixed by a former county name (national division
  data: 县 → 区 and similar renames) takes the current name of the same division.
* ``written-form`` — a shorter form of a body the text also writes (林业局 for 区林业局,
  村党支部, 该区供销社, 县政府 for 县人民政府, 蜀地源公司 for the company's full name)
  where the NLP read none joins the one organisation of the text that can own it
  (``resolve_forms.org_forms``: levels, the table below, company name shape).
* ``quotes`` — a programme written quoted and unquoted (or in other quotes) in one scope is
  one node (``rdf.iris.program_key``); quoted occurrences the NLP did not read are added
  (``resolve_forms.program_forms``) and the merge is recorded.
* ``override`` — ``merges.toml`` forces a merge (organisations, programmes, or people of
  the same name in different places, which otherwise stay apart) or forbids a rule's
  merge (see :class:`Overrides`).

Every merge is returned as a :class:`Merge` (rule, names, evidence sentence); ingest keeps
them in the merge log (``merges.py``). The names a node lost become ``skos:altLabel``s
(:func:`extra_quads`).
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import records
from .errors import BadInputError

RULES_FILE = Path(__file__).with_name("data") / "resolution.toml"
_QUOTES = re.compile(r"[“”‘’\"'《》〈〉「」『』\s]")


@dataclass(frozen=True)
class Merge:
    kind: str  # organization | program | person
    rule: str  # abbreviation | place-prefix | parent-prefix | former-name | written-form | quotes | override
    into: str  # the name the node keeps
    names: tuple[str, ...]  # the other names it is known by
    place: str | None  # the place the merge is scoped to (None: the bulletin's own)
    sentence: str  # the sentence that names the merged form (evidence)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "rule": self.rule, "into": self.into, "names": list(self.names),
                "place": self.place, "sentence": self.sentence}


@dataclass
class Overrides:
    """``merges.toml``::

        [[merge]]                 # force: every name becomes `into`
        type = "organization"     # organization | program | person
        into = "某县住房和城乡建设局"
        names = ["某县城建局"]

        [[merge]]                 # people: one person across places
        type = "person"
        name = "张三"
        places = ["甲市", "乙市"]  # the node of the first place is kept

        [[keep_apart]]            # forbid: the rules never join these names
        type = "organization"
        names = ["某县住建局", "某县住房和城乡建设局"]
    """

    force: dict[tuple[str, str], str] = field(default_factory=dict)  # (type, name) → into
    people: dict[tuple[str, str], str] = field(default_factory=dict)  # (name, place) → place kept
    apart: set[tuple[str, frozenset[str]]] = field(default_factory=set)
    digest: str = ""  # of the file's bytes ("" = no file)

    def forbids(self, kind: str, a: str, b: str) -> bool:
        return any(k == kind and a in names and b in names for k, names in self.apart)


_KINDS = ("organization", "program", "person")


def load_overrides(path: str | Path | None) -> Overrides:
    """Parse an override file; a missing path gives no overrides, a bad file BadInputError."""
    if path is None or not Path(path).is_file():
        return Overrides()
    raw = Path(path).read_bytes()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise BadInputError(str(path), f"not a merges file ({exc})") from None
    out = Overrides(digest=hashlib.sha256(raw).hexdigest()[:12])
    for i, item in enumerate(data.get("merge", [])):
        kind = _kind(path, item, i)
        if kind == "person":
            places = [str(p) for p in item.get("places", [])]
            if not item.get("name") or len(places) < 2:
                raise BadInputError(str(path), f"merge #{i + 1}: a person needs name and two or more places")
            for place in places[1:]:
                out.people[(str(item["name"]), place)] = places[0]
            continue
        into, names = item.get("into"), item.get("names", [])
        if not into or not names:
            raise BadInputError(str(path), f"merge #{i + 1}: needs into and names")
        for name in names:
            out.force[(kind, _key(kind, str(name)))] = str(into)
    for i, item in enumerate(data.get("keep_apart", [])):
        kind, names = _kind(path, item, i), item.get("names", [])
        if len(names) < 2:
            raise BadInputError(str(path), f"keep_apart #{i + 1}: needs two or more names")
        out.apart.add((kind, frozenset(_key(kind, str(n)) for n in names)))
    return out


def _kind(path: str | Path, item: Any, i: int) -> str:
    kind = item.get("type", "organization") if isinstance(item, dict) else None
    if kind not in _KINDS:
        raise BadInputError(str(path), f"entry #{i + 1}: type must be one of {', '.join(_KINDS)}")
    return str(kind)


def _key(kind: str, name: str) -> str:
    return _QUOTES.sub("", name) if kind == "program" else name


# ---------------------------------------------------------------------- rule data


@dataclass(frozen=True)
class Rules:
    abbreviations: dict[str, str]
    level_characters: str
    national: tuple[str, ...]
    kinds: tuple[str, ...] = ()  # generic kinds of body (合作社, 协会): no name on their own

    def expand(self, canonical: str) -> str | None:
        """<prefix><short> → <prefix><full>, when the prefix is a place (or nothing)."""
        for short, full in self.abbreviations.items():  # longest short form first (see rules())
            if not canonical.endswith(short) or canonical.endswith(full):
                continue
            prefix = canonical[: -len(short)]
            if prefix == "" or prefix[-1] in self.level_characters or prefix in self.national:
                return prefix + full
        return None


@lru_cache(maxsize=1)
def rules() -> Rules:
    data = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    prefix = data.get("prefix", {})
    table = data.get("abbreviations", {})
    longest_first = {short: table[short] for short in sorted(table, key=len, reverse=True)}
    return Rules(longest_first, prefix.get("level_characters", ""), tuple(prefix.get("national", ())),
                 tuple(data.get("forms", {}).get("kinds", ())))


@lru_cache(maxsize=1)
def _former_names() -> dict[str, str]:
    """Former division name → current name (national division data, read only)."""
    try:
        from .nlp.divisions import table
    except ImportError:  # the NLP half is not installed: no former names
        return {}
    t = table()
    return {old: d.name for old, d in t.historical.items() if old != d.name and len(old) >= 2}


def current_name(canonical: str) -> str | None:
    """<former county name><body> → <current name><body>; None when no former name opens it
    (or when a current name that starts with the former one does: 赣县区… is no 赣县…)."""
    former = _former_names()
    for old in sorted((o for o in former if canonical.startswith(o)), key=len, reverse=True):
        new = former[old]
        if canonical.startswith(new) or len(canonical) == len(old):
            return None
        return new + canonical[len(old):]
    return None


# ---------------------------------------------------------------------- resolving one Extraction


def _sentence(x: records.Extraction, prov: records.Provenance | None) -> str:
    """The text of the sentence a provenance points to ("" when it points to none)."""
    if prov is None or prov.article is None or not (0 <= prov.article < len(x.articles)):
        return ""
    sentences = x.articles[prov.article].sentences
    if prov.sentence is not None and 0 <= prov.sentence < len(sentences):
        return sentences[prov.sentence].text
    return x.articles[prov.article].title


# A bare administrative level opening a canonical name (县人民政府), and the place levels
# whose names end in it.
_BARE_LEVEL = re.compile(r"^([省市县区州旗盟])(?![委省市县区州旗盟])(.{2,})$")
_LEVELS_OF = {"省": ("province",), "市": ("city", "county"), "县": ("county",), "区": ("county",),
              "州": ("city",), "旗": ("county",), "盟": ("city",)}


def _text_place(x: records.Extraction, level_char: str) -> str | None:
    """The one place of this level the text names (中宁县 for 县), or None (none, or several)."""
    names = {p.name for p in x.places if p.name.endswith(level_char) and p.level in _LEVELS_OF[level_char]}
    return names.pop() if len(names) == 1 else None


def _place_prefixed(x: records.Extraction, canonical: str) -> str | None:
    """县人民政府 → 中宁县人民政府 when the text names exactly one county: the NLP left the
    level bare; the text itself says which place it is, so the merge stays in that place."""
    m = _BARE_LEVEL.match(canonical)
    if not m:
        return None
    place = _text_place(x, m.group(1))
    return place + m.group(2) if place else None


def _parent_prefixed(x: records.Extraction, canonical: str, names: set[str]) -> str | None:
    """河西区人民政府 → 天津市河西区人民政府 when the text also writes the body with its
    containing place (the place's parent as the text's places say): same place, one body."""
    for p in x.places:
        if p.parent and canonical.startswith(p.name) and canonical != p.name and (p.parent + canonical) in names:
            return p.parent + canonical
    return None


def _org_target(o: records.Organization, ov: Overrides, x: records.Extraction) -> tuple[str, str] | None:
    """(new canonical, rule) for one organisation, or None to keep it."""
    forced = ov.force.get(("organization", o.canonical)) or ov.force.get(("organization", o.text))
    if forced and forced != o.canonical:
        return forced, "override"
    name, rule = o.canonical, ""
    prefixed = _place_prefixed(x, name)
    if prefixed and not ov.forbids("organization", name, prefixed):
        name, rule = prefixed, "place-prefix"
    parent = _parent_prefixed(x, name, {org.canonical for org in x.organizations})
    if parent and not ov.forbids("organization", name, parent):
        name, rule = parent, "parent-prefix"
    renamed = current_name(name)
    if renamed and not ov.forbids("organization", name, renamed):
        name, rule = renamed, rule and f"{rule}+former-name" or "former-name"
    expanded = rules().expand(name)
    if expanded and not ov.forbids("organization", o.canonical, expanded) and not ov.forbids("organization", name, expanded):
        name, rule = expanded, rule and f"{rule}+abbreviation" or "abbreviation"
    return (name, rule) if name != o.canonical else None


def _rename_everywhere(x: records.Extraction, renames: dict[str, str]) -> None:
    """Point every reference to an old name (relation ends, metric subjects, programme and
    article leads, the issuer) at its new name."""
    if not renames:
        return

    def new(name: str | None) -> str | None:
        return renames.get(name, name) if name else name

    def subjects(text: str | None) -> str | None:
        if not text or text in renames:
            return new(text)
        return re.sub(r"[^、，,；;]+", lambda m: renames.get(m.group(0), m.group(0)), text)

    for r in x.relations:
        r.head, r.tail = new(r.head) or r.head, new(r.tail) or r.tail
    for m in x.metrics:
        m.subject = subjects(m.subject)
    for p in x.programs:
        p.lead = new(p.lead)
    for a in x.articles:
        a.lead = new(a.lead)
    x.issuer = new(x.issuer)


def _resolve_orgs(x: records.Extraction, ov: Overrides) -> tuple[dict[str, str], list[Merge]]:
    renames: dict[str, str] = {}
    found: dict[tuple[str, str], list[records.Organization]] = {}
    for o in x.organizations:
        target = _org_target(o, ov, x)
        if target is None:
            continue
        renames[o.canonical] = target[0]
        found.setdefault(target, []).append(o)
    merges = []
    for (into, rule), orgs in found.items():
        names = tuple(dict.fromkeys(n for o in orgs for n in (o.canonical, o.text) if n != into))
        prov = next((m for o in orgs for m in o.mentions), None)
        merges.append(Merge("organization", rule, into, names, orgs[0].place, _sentence(x, prov)))
        for o in orgs:
            o.canonical = into
    return renames, merges + _written_forms(x, ov)


def _written_forms(x: records.Extraction, ov: Overrides) -> list[Merge]:
    """Shorter forms of the text's organisations the NLP did not read: each occurrence's
    record joins the organisations (on its node); one merge per node and form."""
    from .resolve_forms import org_forms

    merges: dict[tuple[str, str], Merge] = {}
    for f in org_forms(x, rules()):
        if ov.forbids("organization", f.form, f.into):
            continue
        x.organizations.append(f.record)
        merges.setdefault((f.into, f.form), Merge("organization", "written-form", f.into, (f.form,), f.record.place, f.sentence))
    return list(merges.values())


def _resolve_programs(x: records.Extraction, ov: Overrides) -> list[Merge]:
    """Forced programme merges (renamed), and quoted/unquoted forms of one programme in one
    scope (already one node: recorded only)."""
    renames: dict[str, str] = {}
    for p in x.programs:
        forced = ov.force.get(("program", _key("program", p.text)))
        if forced and forced != p.text:
            renames[p.text] = forced
    merges = [
        Merge("program", "override", into, (old,), None, _sentence(x, next(iter(p.mentions), None)))
        for p in x.programs
        for old, into in [(p.text, renames.get(p.text))]
        if into
    ]
    for p in x.programs:
        p.text = renames.get(p.text, p.text)
    for r in x.relations:
        r.head, r.tail = renames.get(r.head, r.head), renames.get(r.tail, r.tail)
    from .resolve_forms import program_forms

    x.programs += [f.record for f in program_forms(x, lambda t: _key("program", t))]
    groups: dict[tuple[str, str | None], list[records.Program]] = {}
    for p in x.programs:
        groups.setdefault((_key("program", p.text), p.place or p.lead), []).append(p)
    for (_, scope), progs in groups.items():
        forms = list(dict.fromkeys(p.text for p in progs))
        if len(forms) > 1:
            prov = next((m for p in progs if p.text != forms[0] for m in p.mentions), None)
            merges.append(Merge("program", "quotes", forms[0], tuple(forms[1:]), scope, _sentence(x, prov)))
    return merges


def _resolve_people(x: records.Extraction, ov: Overrides) -> list[Merge]:
    """People are scoped by the bulletin's place; an override joins one name across places."""
    merges = []
    for p in x.people:
        kept = ov.people.get((p.name, x.city or ""))
        if kept:
            merges.append(Merge("person", "override", f"{p.name} ({kept})", (f"{p.name} ({x.city})",), x.city,
                                _sentence(x, next(iter(p.mentions), None))))
    return merges


def resolve(x: records.Extraction, overrides: Overrides | None = None) -> tuple[records.Extraction, list[Merge]]:
    """A resolved copy of `x` (the input is not changed) and the merges made."""
    import copy

    ov = overrides or Overrides()
    out = copy.deepcopy(x)
    renames, merges = _resolve_orgs(out, ov)
    _rename_everywhere(out, renames)
    merges += _resolve_programs(out, ov)
    merges += _resolve_people(out, ov)
    return out, merges


# ---------------------------------------------------------------------- quads


def finish_quads(graph: str, quads: list[Any], x: records.Extraction, merges: list[Merge],
                 overrides: Overrides | None = None) -> list[Any]:
    """A mapped bulletin's quads, finished: the names an organisation lost become its
    ``skos:altLabel``s, a person joined across places by an override takes the IRI of the
    place kept, and each indicator wording is linked to its national concept
    (``indicators.concept_quads``). `x` is the resolved Extraction the quads were mapped from."""
    import pyoxigraph as ox

    from .rdf import iris

    alt = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
    g = ox.NamedNode(graph)
    added = [
        ox.Quad(ox.NamedNode(iris.org(m.into)), alt, ox.Literal(name), g)
        for m in merges if m.kind == "organization" for name in m.names
    ]
    ov = overrides or Overrides()
    moved = {
        iris.person(p.name, x.city): iris.person(p.name, ov.people[(p.name, x.city or "")])
        for p in x.people if (p.name, x.city or "") in ov.people
    }
    if moved:
        quads = [ox.Quad(_moved(q.subject, moved), q.predicate, _moved(q.object, moved), q.graph_name) for q in quads]
    from .indicators import concept_quads  # the same seam links indicator wordings to their concepts

    return list(dict.fromkeys([*quads, *added, *concept_quads(graph, x)]))


def _moved(term: Any, moved: dict[str, str]) -> Any:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode) and term.value in moved:
        return ox.NamedNode(moved[term.value])
    return term


__all__ = ["Merge", "Overrides", "finish_quads", "load_overrides", "resolve"]
