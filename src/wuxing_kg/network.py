"""Store → NetworkX: the part of the knowledge graph a page or an analysis needs.

The graph is built from SPARQL SELECT answers (``store.Store.select``), never by loading
the whole store into rdflib (a 5 M-triple projection would cost ~3 GB, NOTES.md).
Only entities that occur in a bulletin's named graph are projected: the ~3,400
administrative divisions of the reference graph stay out unless a bulletin names them.

Node ids are IRI strings. Node attributes (docs/ARCHITECTURE.md "network.py"):
``kind`` (bulletin | article | organization | place | program | person | metric),
``label``, ``iri`` and, when known, ``type``, ``code``, ``place``, ``years``,
``bulletins``, ``sentence``, ``bulletin_label`` and the metric fields
(``value`` exact as a string, ``unit``, ``indicator``, ``period``, ``subject``,
``qualifier``, ``is_change``, ``change_direction``, ``is_target``).
Edge attributes: ``relation``, ``label`` (Chinese), ``sentence``, ``bulletin``,
``bulletin_label``.
"""

from __future__ import annotations

import json
import os
import random
from collections import Counter, defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from .errors import QueryError
from .settings import ID_IRI, ONTOLOGY_IRI

if TYPE_CHECKING:  # the store is only passed in; importing it here would pull pyoxigraph early
    from .store import Store

KINDS: tuple[str, ...] = ("bulletin", "article", "organization", "place", "program", "person", "metric")

# Chinese edge labels shown on the pages (the policy staff read Chinese).
RELATION_LABELS: dict[str, str] = {
    "leads": "牵头",
    "implements": "实施",
    "located_in": "位于",
    "has_outcome": "成效",
    "part_of": "隶属",
    "holds_post": "任职",
    "cooperates_with": "协作",
    "mentions": "提及",
    "published_in": "刊于",
}

EXPORT_FORMATS: tuple[str, ...] = ("graphml", "gexf", "nodelink")

_PREFIXES = f"""
PREFIX wx: <{ONTOLOGY_IRI}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX schema: <https://schema.org/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
"""

# rdf:type → node kind. Every query below runs inside `GRAPH ?g` so that only what a
# bulletin graph says is projected, and ?g tells which bulletin said it.
_CLASS_KIND = {
    ONTOLOGY_IRI + "Bulletin": "bulletin",
    ONTOLOGY_IRI + "Article": "article",
    "http://www.w3.org/ns/org#Organization": "organization",
    "https://schema.org/AdministrativeArea": "place",
    "https://schema.org/Place": "place",
    ONTOLOGY_IRI + "Program": "program",
    "http://xmlns.com/foaf/0.1/Person": "person",
    "http://purl.org/linked-data/cube#Observation": "metric",
}

# direct predicate → relation name (the direct triples of ontology/README.md).
_PREDICATE_RELATION = {
    ONTOLOGY_IRI + "leads": "leads",
    ONTOLOGY_IRI + "implements": "implements",
    ONTOLOGY_IRI + "locatedIn": "located_in",
    ONTOLOGY_IRI + "hasOutcome": "has_outcome",
    ONTOLOGY_IRI + "partOf": "part_of",
    ONTOLOGY_IRI + "cooperatesWith": "cooperates_with",
    "https://schema.org/containedInPlace": "located_in",
}

_Q_BULLETINS = """
SELECT ?g ?b ?title ?issue ?issued WHERE { GRAPH ?g {
  ?b a wx:Bulletin .
  OPTIONAL { ?b dcterms:title ?title } OPTIONAL { ?b wx:issue ?issue } OPTIONAL { ?b dcterms:issued ?issued }
  %(filter)s
} }"""

_Q_NODES = """
SELECT ?g ?x ?cls ?label ?orgType ?level ?code ?ptype ?placeLabel ?title ?index WHERE { GRAPH ?g {
  ?x a ?cls .
  VALUES ?cls { %(classes)s }
  OPTIONAL { ?x rdfs:label ?label }
  OPTIONAL { ?x wx:orgType ?orgType }
  OPTIONAL { ?x wx:placeLevel ?level }
  OPTIONAL { ?x wx:divisionCode ?code }
  OPTIONAL { ?x wx:programType ?pt . OPTIONAL { ?pt skos:prefLabel ?ptype } }
  OPTIONAL { ?x wx:locatedIn ?p . ?p rdfs:label ?placeLabel }
  OPTIONAL { ?x dcterms:title ?title }
  OPTIONAL { ?x wx:index ?index }
  %(filter)s
} }"""

_Q_METRICS = """
SELECT ?g ?m ?label ?value ?unit ?indicator ?period ?year ?subject ?area ?qualifier ?isChange ?direction ?isTarget ?sentence ?article
WHERE { GRAPH ?g {
  ?m a qb:Observation .
  OPTIONAL { ?m rdfs:label ?label }
  OPTIONAL { ?m sdmx-measure:obsValue ?value }
  OPTIONAL { ?m sdmx-attribute:unitMeasure ?u . OPTIONAL { ?u skos:prefLabel ?unit } }
  OPTIONAL { ?m wx:indicator ?i . OPTIONAL { ?i skos:prefLabel ?indicator } }
  OPTIONAL { ?m sdmx-dimension:refPeriod ?pr . OPTIONAL { ?pr rdfs:label ?period } OPTIONAL { ?pr wx:year ?year } }
  OPTIONAL { ?m wx:subject ?s . ?s rdfs:label ?subject }
  OPTIONAL { ?m sdmx-dimension:refArea ?a . ?a rdfs:label ?area }
  OPTIONAL { ?m wx:qualifier ?qualifier }
  OPTIONAL { ?m wx:isChange ?isChange }
  OPTIONAL { ?m wx:changeDirection ?direction }
  OPTIONAL { ?m wx:isTarget ?isTarget }
  OPTIONAL { ?m prov:wasDerivedFrom ?sent . ?sent rdf:value ?sentence . OPTIONAL { ?sent dcterms:isPartOf ?article } }
  %(filter)s
} }"""

_Q_EDGES = """
SELECT ?g ?h ?p ?t ?sentence ?article WHERE { GRAPH ?g {
  ?h ?p ?t .
  VALUES ?p { wx:leads wx:implements wx:locatedIn wx:hasOutcome wx:partOf wx:cooperatesWith schema:containedInPlace }
  OPTIONAL { ?a a wx:Assertion ; rdf:subject ?h ; rdf:predicate ?p ; rdf:object ?t ;
             prov:wasDerivedFrom ?sent . ?sent rdf:value ?sentence . OPTIONAL { ?sent dcterms:isPartOf ?article } }
  %(filter)s
} }"""

# holds_post: person → organisation of the post (org:postIn), the post text on the edge.
_Q_POSTS = """
SELECT ?g ?person ?post ?org ?sentence ?article WHERE { GRAPH ?g {
  ?person org:holds ?p . ?p rdfs:label ?post .
  OPTIONAL { ?p org:postIn ?org }
  OPTIONAL { ?a a wx:Assertion ; rdf:subject ?person ; rdf:predicate org:holds ; rdf:object ?p ;
             prov:wasDerivedFrom ?sent . ?sent rdf:value ?sentence . OPTIONAL { ?sent dcterms:isPartOf ?article } }
  %(filter)s
} }"""

# One source sentence per entity (its first mention) for the tooltips, and the
# article → entity "mentions" edges.
_Q_MENTIONS = """
SELECT ?g ?x ?article ?sentence ?start WHERE { GRAPH ?g {
  ?m a wx:Mention ; wx:mentionOf ?x ; prov:wasDerivedFrom ?sent .
  ?sent rdf:value ?sentence ; dcterms:isPartOf ?article .
  ?article a wx:Article .
  OPTIONAL { ?m <http://www.w3.org/ns/oa#hasSelector> ?sel . ?sel <http://www.w3.org/ns/oa#start> ?start }
  %(filter)s
} }"""

_Q_ARTICLES = """
SELECT ?g ?article ?b WHERE { GRAPH ?g { ?article a wx:Article ; dcterms:isPartOf ?b . ?b a wx:Bulletin . %(filter)s } }"""


def _select(
    store: Store, template: str, graph_filter: str, substitutions: dict[str, Any] | None = None, **extra: str
) -> list[dict[str, str | None]]:
    # `graph_filter` and `extra` are built here from constants and validated IRIs
    # (queries.iri_ref), never from a user's text.
    return store.select(_PREFIXES + template % {"filter": graph_filter, **extra}, substitutions).rows


def project(store: Store, *, bulletin: str | None = None) -> nx.MultiDiGraph:
    """The knowledge graph (or one bulletin's part of it) as a typed, labelled MultiDiGraph.

    `bulletin` is anything `wuxing-kg export --bulletin` takes (short id or unique prefix,
    graph IRI, bulletin IRI, source file name), resolved by `queries.resolve_bulletin`;
    unknown or ambiguous → QueryError. Its graph is bound to ?g, not written into the query.
    """
    import pyoxigraph as ox

    from .queries import iri_ref, resolve_bulletin

    g = nx.MultiDiGraph()
    substitutions = {"g": ox.NamedNode(resolve_bulletin(store, bulletin))} if bulletin else None
    bulletin_rows = _select(store, _Q_BULLETINS, "", substitutions)
    if bulletin and not bulletin_rows:
        raise QueryError(f"no bulletin {bulletin} in the store")

    # graph IRI → bulletin IRI, and what a bulletin node shows.
    graph_bulletin: dict[str, str] = {}
    bulletin_year: dict[str, int] = {}
    for row in bulletin_rows:
        b = row["b"] or ""
        graph_bulletin[row["g"] or ""] = b
        year = _year(row.get("issued"))
        label = "".join(x for x in (row.get("title"), row.get("issue")) if x) or b.rsplit("/", 1)[-1]
        attrs: dict[str, Any] = {"kind": "bulletin", "label": label, "iri": b, "bulletins": [b]}
        if row.get("issued"):
            attrs["date"] = row["issued"]
        if year:
            attrs["years"] = [year]
            bulletin_year[b] = year
        g.add_node(b, **attrs)
    graph_values = " ".join(iri_ref(x) for x in graph_bulletin)
    graph_filter = f"VALUES ?g {{ {graph_values} }}" if graph_values else "FILTER(false)"
    blabel = {b: g.nodes[b]["label"] for b in g.nodes}

    def seen_in(node: str, graph: str | None) -> None:
        b = graph_bulletin.get(graph or "")
        if not b:
            return
        data = g.nodes[node]
        if b not in data.setdefault("bulletins", []):
            data["bulletins"].append(b)
        year = bulletin_year.get(b)
        if year and year not in data.setdefault("years", []):
            data["years"].append(year)
        data.setdefault("bulletin_label", blabel.get(b))

    # ---- entities (metrics get their own query below)
    classes = " ".join(iri_ref(c) for c, k in _CLASS_KIND.items() if k not in ("bulletin", "metric"))
    for row in _select(store, _Q_NODES, graph_filter, classes=classes):
        x = row["x"] or ""
        kind = _CLASS_KIND[row["cls"] or ""]
        if x not in g:
            g.add_node(x, kind=kind, iri=x, label=row.get("label") or row.get("title") or _local_name(x))
        data = g.nodes[x]
        if kind == "article" and row.get("title"):
            data["label"] = row["title"]
        for key, value in (
            ("type", row.get("orgType") or row.get("level") or row.get("ptype")),
            ("code", row.get("code")),
            ("place", row.get("placeLabel")),
            ("index", row.get("index") if kind == "article" else None),
        ):
            if value and key not in data:
                data[key] = value
        if kind == "place":
            data.setdefault("place", data["label"])
        seen_in(x, row.get("g"))

    # ---- metrics
    for row in _select(store, _Q_METRICS, graph_filter):
        m = row["m"] or ""
        if m not in g:
            g.add_node(m, kind="metric", iri=m, label=row.get("label") or _local_name(m))
        data = g.nodes[m]
        for key, col in (
            ("value", "value"),
            ("unit", "unit"),
            ("indicator", "indicator"),
            ("period", "period"),
            ("subject", "subject"),
            ("place", "area"),
            ("qualifier", "qualifier"),
            ("change_direction", "direction"),
            ("sentence", "sentence"),
            ("article", "article"),
        ):
            if row.get(col) and key not in data:
                data[key] = row[col]
        for key, col in (("is_change", "isChange"), ("is_target", "isTarget")):
            if row.get(col) is not None:
                data[key] = row[col] in ("true", "1")
        seen_in(m, row.get("g"))
        year = _year(row.get("year")) or _year(row.get("period"))
        if year:  # a metric's year is its period's, not the bulletin's
            data["years"] = [year]

    # ---- relations (direct triples, with the sentence of their assertion)
    for row in _select(store, _Q_EDGES, graph_filter):
        h, t = row["h"] or "", row["t"] or ""
        if h not in g or t not in g:
            continue  # e.g. a place's parent from the reference graph that no bulletin names
        _add_edge(g, h, t, _PREDICATE_RELATION[row["p"] or ""], row.get("sentence"),
                  graph_bulletin.get(row.get("g") or ""), blabel, article=row.get("article"))

    for row in _select(store, _Q_POSTS, graph_filter):
        person = row["person"] or ""
        if person not in g:
            continue
        posts = g.nodes[person].setdefault("posts", [])
        if row.get("post") and row["post"] not in posts:
            posts.append(row["post"])
        org = row.get("org")
        if org and org in g:
            _add_edge(g, person, org, "holds_post", row.get("sentence"),
                      graph_bulletin.get(row.get("g") or ""), blabel, post=row.get("post"), article=row.get("article"))

    # ---- articles: published_in their bulletin, mentions their entities
    for row in _select(store, _Q_ARTICLES, graph_filter):
        a, b = row["article"] or "", row["b"] or ""
        if a in g and b in g:
            _add_edge(g, a, b, "published_in", None, b, blabel)
    first_mention: dict[str, tuple[int, str, str | None]] = {}
    mentioned: set[tuple[str, str]] = set()
    sentences_of: dict[tuple[str, str | None], dict[str, str]] = defaultdict(dict)  # (entity, bulletin) → sentence → article
    for row in _select(store, _Q_MENTIONS, graph_filter):
        x, a = row["x"] or "", row["article"] or ""
        if x not in g:
            continue
        in_bulletin = graph_bulletin.get(row.get("g") or "")
        if row.get("sentence"):
            sentences_of[(x, in_bulletin)].setdefault(row["sentence"] or "", a)
        start = int(row["start"] or "") if (row.get("start") or "").isdigit() else 1 << 30
        if x not in first_mention or start < first_mention[x][0]:
            first_mention[x] = (start, row.get("sentence") or "", in_bulletin)
        if a in g and (a, x) not in mentioned:
            mentioned.add((a, x))
            _add_edge(g, a, x, "mentions", None, in_bulletin, blabel)
    for x, (_, sentence, in_bulletin) in first_mention.items():
        data = g.nodes[x]
        if sentence and "sentence" not in data:
            data["sentence"] = sentence
            if in_bulletin:
                data["bulletin_label"] = blabel.get(in_bulletin)

    _sentences_from_mentions(g, sentences_of)
    for _, data in g.nodes(data=True):
        if "years" in data:
            data["years"] = sorted(data["years"])
    return g


def _sentences_from_mentions(g: nx.MultiDiGraph, sentences_of: dict[tuple[str, str | None], dict[str, str]]) -> None:
    """A relation the store holds without an assertion (a programme's lead, an office's
    place, written by the mapping from the record's fields) gets a sentence of its bulletin
    that names both ends (``sentence_basis="co-mention"``), else the sentence naming the
    end the relation was read from — the programme for its lead, the body whose name
    carries its place — (``sentence_basis="mention"``), so a page can say the sentence
    names them rather than states the relation. No mention at all → left empty."""
    for u, v, data in g.edges(data=True):
        if data.get("sentence") or data.get("relation") in ("mentions", "published_in"):
            continue
        b = data.get("bulletin")
        head, tail = sentences_of.get((u, b), {}), sentences_of.get((v, b), {})
        both = [s for s in head if s in tail]
        if both:
            data["sentence"], data["article"], data["sentence_basis"] = both[0], tail[both[0]], "co-mention"
            continue
        source = tail if data.get("relation") in ("leads", "implements", "has_outcome") else head
        source = source or head or tail
        if source:
            sentence, article = next(iter(source.items()))
            data["sentence"], data["article"], data["sentence_basis"] = sentence, article, "mention"


def _add_edge(
    g: nx.MultiDiGraph,
    head: str,
    tail: str,
    relation: str,
    sentence: str | None,
    bulletin: str | None,
    bulletin_labels: dict[str, str],
    **extra: Any,
) -> None:
    """One edge per (head, relation, tail, bulletin): duplicates from several assertions
    of the same fact merge, keeping the first sentence that states it."""
    key = f"{relation}|{bulletin or ''}"
    if g.has_edge(head, tail, key):
        data = g.edges[head, tail, key]
        if sentence and not data.get("sentence"):
            data["sentence"] = sentence
        return
    attrs: dict[str, Any] = {"relation": relation, "label": RELATION_LABELS[relation]}
    if sentence:
        attrs["sentence"] = sentence
    if bulletin:
        attrs["bulletin"] = bulletin
        attrs["bulletin_label"] = bulletin_labels.get(bulletin, "")
    attrs.update({k: v for k, v in extra.items() if v is not None})
    g.add_edge(head, tail, key=key, **attrs)


def _year(text: str | None) -> int | None:
    if not text:
        return None
    digits = text[:4]
    return int(digits) if digits.isdigit() and 1900 < int(digits) < 2200 else None


def _local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


# --------------------------------------------------------------------------- analytics


def most_connected(g: nx.MultiDiGraph, kind: str = "organization", n: int = 10) -> list[tuple[str, str, int]]:
    """The `n` nodes of `kind` with the most distinct neighbours (bulletin/article
    bookkeeping edges do not count): [(iri, label, degree)], highest first, ties by label."""
    scores: list[tuple[str, str, int]] = []
    for node, data in g.nodes(data=True):
        if data.get("kind") != kind:
            continue
        neighbours = {
            other
            for other in set(g.successors(node)) | set(g.predecessors(node))
            if g.nodes[other].get("kind") not in ("bulletin", "article")
        }
        scores.append((node, data.get("label", node), len(neighbours)))
    scores.sort(key=lambda s: (-s[2], s[1]))
    return scores[:n]


def programs_per_county(g: nx.MultiDiGraph) -> dict[str, list[str]]:
    """County-level place label → sorted labels of the programs located in it (a program
    counts for a county when it is located_in the county or in a place inside it, or when
    an organisation of that county leads/implements it).

    The located_in parents and the leaders of each program come from one pass over the
    edges, and each node's county is found once: asking the graph for every program's
    in-edges and every leader's out-edges again grew with (programs × edges of the busiest
    organisations) — 88 of the 99 s of a 200 k-quad site under a profiler."""
    counties = {n for n, d in g.nodes(data=True) if d.get("kind") == "place" and d.get("type") == "county"}
    parents: dict[str, list[str]] = defaultdict(list)  # in the order of g.out_edges(node)
    leaders: dict[str, list[str]] = defaultdict(list)  # in the order of g.in_edges(program)
    for head, tail, data in g.edges(data=True):
        relation = data.get("relation")
        if relation == "located_in":
            parents[head].append(tail)
        elif relation in ("leads", "implements"):
            leaders[tail].append(head)
    found: dict[tuple[str, int], str | None] = {}

    def county_of(node: str, depth: int = 0) -> str | None:
        if node in counties:
            return node
        if depth > 3:
            return None
        key = (node, depth)
        if key not in found:
            found[key] = next((c for p in parents.get(node, ()) if (c := county_of(p, depth + 1))), None)
        return found[key]

    result: dict[str, set[str]] = defaultdict(set)
    for node, data in g.nodes(data=True):
        if data.get("kind") != "program":
            continue
        places = {county_of(node)} | {county_of(head) for head in leaders.get(node, ())}
        for county in places - {None}:
            result[g.nodes[county]["label"]].add(data.get("label", node))
    return {county: sorted(progs) for county, progs in sorted(result.items())}


def cooperation_communities(g: nx.MultiDiGraph) -> list[list[str]]:
    """Groups of organisations that work together: communities (greedy modularity) of the
    undirected graph of cooperates_with edges plus org–org links through a shared program
    (both lead or implement it). Each community is a sorted list of labels; largest first;
    singletons are left out."""
    h = nx.Graph()
    program_orgs: dict[str, set[str]] = defaultdict(set)
    for head, tail, data in g.edges(data=True):
        rel = data.get("relation")
        if rel == "cooperates_with":
            h.add_edge(head, tail, weight=h.get_edge_data(head, tail, {"weight": 0})["weight"] + 1)
        elif rel in ("leads", "implements") and g.nodes[head].get("kind") == "organization":
            program_orgs[tail].add(head)
    for orgs in program_orgs.values():
        ordered = sorted(orgs)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                h.add_edge(a, b, weight=h.get_edge_data(a, b, {"weight": 0})["weight"] + 1)
    if h.number_of_edges() == 0:
        return []
    communities = nx.community.greedy_modularity_communities(h, weight="weight")
    labelled = [sorted(g.nodes[n].get("label", n) for n in c) for c in communities if len(c) > 1]
    labelled.sort(key=lambda c: (-len(c), c))
    return labelled


# --------------------------------------------------------------------------- export


def _scalar(value: Any) -> str | int | float | bool:
    """GraphML/GEXF attributes must be scalars: lists become JSON text, None is dropped earlier."""
    if isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple, set)):
        return json.dumps(sorted(value) if isinstance(value, set) else list(value), ensure_ascii=False)
    return str(value)


def _flat_copy(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    flat = nx.MultiDiGraph()
    for node, data in g.nodes(data=True):
        flat.add_node(node, **{k: _scalar(v) for k, v in data.items() if v is not None})
    for head, tail, key, data in g.edges(keys=True, data=True):
        flat.add_edge(head, tail, key=key, **{k: _scalar(v) for k, v in data.items() if v is not None})
    return flat


def export_graph(g: nx.MultiDiGraph, fmt: str, out: str | os.PathLike[str]) -> Path:
    """Write `g` as graphml | gexf | nodelink (JSON, UTF-8) to the file `out`."""
    path = Path(out)
    if fmt not in EXPORT_FORMATS:
        raise QueryError(f"unknown graph format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "graphml":
        nx.write_graphml(_flat_copy(g), path, encoding="utf-8")
    elif fmt == "gexf":
        nx.write_gexf(_flat_copy(g), path, encoding="utf-8")
    else:
        data = nx.node_link_data(g, edges="edges")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- synthetic data


_DEPARTMENTS = ("教育局", "住建局", "税务局", "自然资源局", "商务局", "公安局", "农业农村局", "卫健委", "人社局", "科技局")
_TOPICS = ("营商环境", "乡村振兴", "学位扩容", "平安建设", "数字政务", "招商引资", "社区养老", "河湖治理", "科技金融")
_SUFFIXES = ("专项行动", "工程", "改革", "机制", "模式", "攻坚战")
_INDICATORS = (("新增学位", "个"), ("实际利用外资", "美元"), ("发案率下降", "%"), ("签约项目", "个"), ("服务人次", "人次"))


def synthetic_graph(n_nodes: int = 2000, n_edges: int = 4000, *, seed: int = 0) -> nx.MultiDiGraph:
    """A graph in the contract of `project()` with about `n_nodes` nodes and `n_edges`
    edges, for tests and benchmarks of the pages (labels are invented, not real places)."""
    rng = random.Random(seed)
    g = nx.MultiDiGraph()
    base = ID_IRI + "synthetic/"
    n_bulletins = max(1, n_nodes // 200)
    n_places = max(2, n_nodes // 16)
    n_orgs = max(2, n_nodes // 8)
    n_programs = max(2, n_nodes // 6)
    n_people = max(1, n_nodes // 40)
    n_metrics = max(1, n_nodes - n_bulletins - n_places - n_orgs - n_programs - n_people)
    bulletins = []
    for i in range(n_bulletins):
        iri = f"{base}bulletin/{i}"
        year = 2018 + i % 3
        g.add_node(iri, kind="bulletin", iri=iri, label=f"示例工作简报第{i + 1}期", date=f"{year}-0{1 + i % 9}-15",
                   years=[year], bulletins=[iri])
        bulletins.append(iri)
    blabel = {b: g.nodes[b]["label"] for b in bulletins}

    def add(kind: str, i: int, label: str, **attrs: Any) -> str:
        iri = f"{base}{kind}/{i}"
        b = rng.choice(bulletins)
        g.add_node(iri, kind=kind, iri=iri, label=label, bulletins=[b], years=list(g.nodes[b]["years"]),
                   bulletin_label=blabel[b], sentence=f"{label}在示例句子中出现。", **attrs)
        return iri

    places = []
    for i in range(n_places):
        level = "city" if i < max(1, n_places // 10) else "county"
        label = f"示例{i}{'市' if level == 'city' else '县'}"
        places.append(add("place", i, label, type=level, code=f"{990000 + i:06d}", place=label))
    orgs = [
        add("organization", i, f"{g.nodes[p]['label']}{_DEPARTMENTS[i % len(_DEPARTMENTS)]}",
            type="government_department", place=g.nodes[p]["label"])
        for i, p in enumerate(rng.choice(places) for _ in range(n_orgs))
    ]
    programs = [
        add("program", i, f"“{rng.choice(_TOPICS)}{rng.choice(_SUFFIXES)}{i}”", type="campaign",
            place=g.nodes[p]["label"])
        for i, p in enumerate(rng.choice(places) for _ in range(n_programs))
    ]
    people = [add("person", i, f"示例人{i}", posts=["局长"]) for i in range(n_people)]
    metrics = []
    for i in range(n_metrics):
        indicator, unit = rng.choice(_INDICATORS)
        value = str(rng.randint(1, 500) * 100)
        metrics.append(add("metric", i, f"{indicator}{value}{unit}", value=value, unit=unit, indicator=indicator,
                           period=f"{2018 + i % 3}年", is_change=unit == "%", place=g.nodes[rng.choice(places)]["label"]))

    def edge(h: str, t: str, relation: str) -> None:
        b = g.nodes[h]["bulletins"][0]
        g.add_edge(h, t, relation=relation, label=RELATION_LABELS[relation], bulletin=b, bulletin_label=blabel[b],
                   sentence=f"{g.nodes[h]['label']}{RELATION_LABELS[relation]}{g.nodes[t]['label']}。")

    # structural edges first (every node connected), then random extra relations.
    for p in places[1:]:
        edge(p, rng.choice(places[: max(1, n_places // 10)]), "located_in")
    for o in orgs:
        edge(o, rng.choice(places), "located_in")
    for p in programs:
        edge(rng.choice(orgs), p, "leads")
    for m in metrics:
        edge(rng.choice(programs), m, "has_outcome")
    for person in people:
        edge(person, rng.choice(orgs), "holds_post")
    choices = (
        (orgs, programs, "implements"),
        (orgs, orgs, "cooperates_with"),
        (programs, places, "located_in"),
        (orgs, orgs, "part_of"),
    )
    # number_of_edges() walks every edge of a MultiDiGraph: count instead (O(E), not O(E²))
    edges = g.number_of_edges()
    while edges < n_edges:
        heads, tails, relation = rng.choice(choices)
        h, t = rng.choice(heads), rng.choice(tails)
        if h != t:
            edge(h, t, relation)
            edges += 1
    return g


def kinds_count(g: nx.MultiDiGraph) -> Counter[str]:
    return Counter(d.get("kind", "?") for _, d in g.nodes(data=True))


def subgraph_of_kinds(g: nx.MultiDiGraph, kinds: Iterable[str]) -> nx.MultiDiGraph:
    wanted = set(kinds)
    return g.subgraph([n for n, d in g.nodes(data=True) if d.get("kind") in wanted]).copy()
