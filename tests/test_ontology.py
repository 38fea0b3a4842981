"""The ontology file, the closed namespaces generated from it, and the reference graph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from gold_extraction import gold_extraction
from wuxing_kg import settings
from wuxing_kg.rdf import namespaces
from wuxing_kg.rdf.mapping import to_quads
from wuxing_kg.rdf.namespaces import WX
from wuxing_kg.rdf.reference import GRAPH, division_quads, reference_quads

WX_NS = settings.ONTOLOGY_IRI


@pytest.fixture(scope="module")
def ontology() -> Graph:
    g = Graph()
    g.parse(settings.ONTOLOGY_DIR / "wuxing.ttl", format="turtle")
    return g


def test_namespace_class_and_ontology_declare_the_same_terms() -> None:
    declared = set(WX.__annotations__)
    assert namespaces.ontology_terms() == declared


def test_closed_namespace_rejects_a_typo() -> None:
    assert str(WX.leads) == WX_NS + "leads"
    with pytest.raises(AttributeError):
        WX.lead  # noqa: B018  (the typo must fail)


def test_every_local_term_has_chinese_and_english_label_and_comment(ontology: Graph) -> None:
    for name in WX.__annotations__:
        term = URIRef(WX_NS + name)
        langs = {lit.language for lit in ontology.objects(term, RDFS.label) if isinstance(lit, Literal)}
        assert {"zh", "en"} <= langs, name
        assert list(ontology.objects(term, RDFS.comment)), name


def test_ontology_reuses_w3c_vocabularies(ontology: Graph) -> None:
    assert (URIRef(WX_NS + "Bulletin"), RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in ontology
    assert (URIRef(WX_NS + "Assertion"), RDFS.subClassOf, RDF.Statement) in ontology
    assert (URIRef(WX_NS + "leads"), RDF.type, OWL.ObjectProperty) in ontology
    # the data structure of the per-bulletin data sets names the SDMX dimensions and measure
    structure = ontology.query(
        "SELECT ?d WHERE { ?dsd <http://purl.org/linked-data/cube#component>/"
        "(<http://purl.org/linked-data/cube#dimension>|<http://purl.org/linked-data/cube#measure>) ?d }"
    )
    dims = {str(r[0]) for r in structure}
    assert "http://purl.org/linked-data/sdmx/2009/dimension#refArea" in dims
    assert "http://purl.org/linked-data/sdmx/2009/dimension#refPeriod" in dims
    assert "http://purl.org/linked-data/sdmx/2009/measure#obsValue" in dims


def test_every_wx_term_the_mapping_writes_is_declared() -> None:
    mapped = to_quads(gold_extraction())
    used = set()
    for q in mapped.quads:
        for term in (q.predicate, q.object):
            if isinstance(term, ox.NamedNode) and term.value.startswith(WX_NS):
                used.add(term.value[len(WX_NS):])
    assert used, "the mapping writes wx: terms"
    assert used <= set(WX.__annotations__)


def test_reference_graph_holds_ontology_and_all_divisions() -> None:
    quads = reference_quads()
    assert all(q.graph_name == ox.NamedNode(GRAPH) for q in quads)
    assert not any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object))
    store = ox.Store()
    store.extend(quads)

    def one(sparql: str) -> list[tuple[str, ...]]:
        return [tuple(t.value for t in row) for row in store.query(sparql, use_default_graph_as_union=True)]

    count = one("SELECT (COUNT(*) AS ?n) WHERE { ?p <https://w3id.org/wuxing-kg/ontology#divisionCode> ?c }")
    assert int(count[0][0]) > 3000
    city = settings.ID_IRI + "place/360700"
    county = settings.ID_IRI + "place/360702"
    assert one(f"SELECT ?l WHERE {{ <{city}> <http://www.w3.org/2000/01/rdf-schema#label> ?l }}") == [("赣州市",)]
    assert one(f"SELECT ?p WHERE {{ <{county}> <https://schema.org/containedInPlace> ?p }}") == [(city,)]
    assert one(f"SELECT ?v WHERE {{ <{city}> <https://w3id.org/wuxing-kg/ontology#placeLevel> ?v }}") == [("city",)]
    # the ontology itself is there
    assert bool(store.query(f"ASK {{ <{WX_NS}Program> a <http://www.w3.org/2002/07/owl#Class> }}", use_default_graph_as_union=True))


def test_historical_names_become_alt_labels_of_the_current_division() -> None:
    quads = division_quads()
    alt = [
        q.object.value
        for q in quads
        if q.subject.value == settings.ID_IRI + "place/360704" and q.predicate.value.endswith("altLabel")
    ]
    assert "赣县" in alt


def test_reference_is_deterministic() -> None:
    assert reference_quads() == reference_quads()
