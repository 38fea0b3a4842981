"""The store's summary graph: a VoID description of every named graph, kept by the writer.

``settings.SUMMARY_GRAPH`` holds, for each named graph ``g`` (bulletins and the reference
graph), its size and how many distinct things of each class it types::

    <g> void:triples 12345 ; void:classPartition <p> .
    <p> void:class wx:Article ; void:entities 17 .

so "how big is each bulletin" (the canned query ``counts-per-bulletin``) reads a few
triples per bulletin instead of counting every quad of every graph (seconds at 1 M
quads). :class:`store.Store` writes a graph's summary in the same transaction as the
graph (``write_graph``, ``remove_graph``, ``load_into_empty``), so it is exact after every
ingest, re-ingest and remove; a store written before it existed gets it at its next
read-write open. The summary graph is not part of the merged default graph and not
listed among the store's graphs (``Store.named_graphs``): it describes them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pyoxigraph as ox

from .settings import BASE_IRI, SUMMARY_GRAPH

VOID = "http://rdfs.org/ns/void#"
TRIPLES = ox.NamedNode(VOID + "triples")
CLASS_PARTITION = ox.NamedNode(VOID + "classPartition")
CLASS = ox.NamedNode(VOID + "class")
ENTITIES = ox.NamedNode(VOID + "entities")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
GRAPH = ox.NamedNode(SUMMARY_GRAPH)


def partition_iri(graph: str, cls: str) -> ox.NamedNode:
    """The class partition of `cls` in `graph`: one stable IRI per (graph, class)."""
    digest = hashlib.sha1(f"{graph} {cls}".encode("utf-8")).hexdigest()[:20]
    return ox.NamedNode(f"{BASE_IRI}summary/{digest}")


def summary_quads(graph: str, quads: Iterable[ox.Quad]) -> set[ox.Quad]:
    """The summary of `graph` holding `quads` (each counted once: give a set or the store's)."""
    g = ox.NamedNode(graph)
    size = 0
    typed: dict[ox.NamedNode, set[object]] = {}
    for q in quads:
        size += 1
        if q.predicate == RDF_TYPE and isinstance(q.object, ox.NamedNode):
            typed.setdefault(q.object, set()).add(q.subject)
    out = {ox.Quad(g, TRIPLES, ox.Literal(size), GRAPH)}
    for cls, things in typed.items():
        part = partition_iri(graph, cls.value)
        out |= {
            ox.Quad(g, CLASS_PARTITION, part, GRAPH),
            ox.Quad(part, CLASS, cls, GRAPH),
            ox.Quad(part, ENTITIES, ox.Literal(len(things)), GRAPH),
        }
    return out


def stored_summary(store: ox.Store, graph: str) -> set[ox.Quad]:
    """The summary of `graph` as the store holds it now."""
    g = ox.NamedNode(graph)
    out = set(store.quads_for_pattern(g, None, None, GRAPH))
    for q in list(out):
        if q.predicate == CLASS_PARTITION and isinstance(q.object, ox.NamedNode):
            out |= set(store.quads_for_pattern(q.object, None, None, GRAPH))
    return out
