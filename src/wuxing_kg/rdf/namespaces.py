"""Closed namespaces: a typo (``WX.lead``) raises AttributeError instead of minting a
term that no query will ever find.

``WX`` lists exactly the local terms declared in ``ontology/wuxing.ttl``
(tests/test_ontology.py checks that the two agree; regenerate the term list with
``python -m wuxing_kg.rdf.namespaces`` after editing the ontology). W3C vocabularies
come from rdflib where it ships them (also closed ``DefinedNamespace``s); Web
Annotation and the SDMX terms are declared here with the terms the model uses.
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import (
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    QB,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    TIME,
    XSD,
    DefinedNamespace,
    Namespace,
)

from .. import settings

__all__ = [
    "WX", "OA", "SDMX_DIMENSION", "SDMX_MEASURE", "SDMX_ATTRIBUTE", "ID", "PREFIXES",
    "DCTERMS", "FOAF", "ORG", "OWL", "PROV", "QB", "RDF", "RDFS", "SDO", "SH", "SKOS", "TIME", "XSD",
]


class WX(DefinedNamespace):
    """wuxing-kg local terms (settings.ONTOLOGY_IRI)."""

    _NS = Namespace(settings.ONTOLOGY_IRI)
    _fail = True

    # classes
    Bulletin: URIRef
    Article: URIRef
    Sentence: URIRef
    Mention: URIRef
    Program: URIRef
    Assertion: URIRef
    # individuals
    MetricStructure: URIRef
    # properties (generated list: keep sorted)
    changeDirection: URIRef
    city: URIRef
    cooperatesWith: URIRef
    divisionCode: URIRef
    extractorVersion: URIRef
    fileName: URIRef
    hasOutcome: URIRef
    implements: URIRef
    index: URIRef
    indicator: URIRef
    isChange: URIRef
    isTarget: URIRef
    issue: URIRef
    leads: URIRef
    locatedIn: URIRef
    mentionOf: URIRef
    mentions: URIRef
    orgType: URIRef
    partOf: URIRef
    placeLevel: URIRef
    programType: URIRef
    qualifier: URIRef
    section: URIRef
    sha256: URIRef
    subject: URIRef
    year: URIRef


class OA(DefinedNamespace):
    """W3C Web Annotation vocabulary (the terms used for text spans)."""

    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    SpecificResource: URIRef
    TextPositionSelector: URIRef
    TextQuoteSelector: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    start: URIRef
    end: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef


class SDMX_DIMENSION(DefinedNamespace):
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
    _fail = True

    refArea: URIRef
    refPeriod: URIRef


class SDMX_MEASURE(DefinedNamespace):
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
    _fail = True

    obsValue: URIRef


class SDMX_ATTRIBUTE(DefinedNamespace):
    _NS = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
    _fail = True

    unitMeasure: URIRef


ID = Namespace(settings.ID_IRI)

# Prefixes for Turtle output and for the canned queries' PREFIX lines.
PREFIXES: dict[str, str] = {
    "wx": settings.ONTOLOGY_IRI,
    "id": settings.ID_IRI,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "org": str(ORG),
    "prov": str(PROV),
    "oa": str(OA._NS),
    "qb": str(QB),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "schema": str(SDO),
    "time": str(TIME),
    "foaf": str(FOAF),
    "sh": str(SH),
    "sdmx-dimension": str(SDMX_DIMENSION._NS),
    "sdmx-measure": str(SDMX_MEASURE._NS),
    "sdmx-attribute": str(SDMX_ATTRIBUTE._NS),
}


def ontology_terms() -> set[str]:
    """Local names of every wx: term declared in ontology/wuxing.ttl."""
    from rdflib import Graph

    g = Graph()
    g.parse(settings.ONTOLOGY_DIR / "wuxing.ttl", format="turtle")
    ns = settings.ONTOLOGY_IRI
    return {
        str(s)[len(ns):]
        for s in g.subjects()
        if isinstance(s, URIRef) and str(s).startswith(ns) and len(str(s)) > len(ns)
    }


if __name__ == "__main__":  # print the annotation lines for class WX
    for name in sorted(ontology_terms(), key=lambda n: (n[0].islower(), n)):
        print(f"    {name}: URIRef")
