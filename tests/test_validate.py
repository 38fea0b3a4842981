"""SHACL validation per bulletin and over a store, and the `validate` command."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from gold_extraction import gold_extraction
from wuxing_kg import settings
from wuxing_kg.cli import cli
from wuxing_kg.rdf.mapping import to_quads
from wuxing_kg.rdf.reference import reference_quads
from wuxing_kg.store import Store
from wuxing_kg.validate import reference_violations, validate_bulletin, validate_store

WX = settings.ONTOLOGY_IRI
OBS_VALUE = ox.NamedNode("http://purl.org/linked-data/sdmx/2009/measure#obsValue")
XSD_DECIMAL = ox.NamedNode("http://www.w3.org/2001/XMLSchema#decimal")


@pytest.fixture(scope="module")
def mapped():
    return to_quads(gold_extraction())


def _metric(quads: list[ox.Quad]) -> ox.NamedNode:
    return next(q.subject for q in quads if q.predicate == OBS_VALUE and q.object.value == "1118000000")


def test_seed_graph_conforms_quickly(mapped) -> None:
    validate_bulletin(mapped.quads[:10])  # warm up (shapes parsed once)
    started = time.perf_counter()
    report = validate_bulletin(mapped.quads)
    elapsed = time.perf_counter() - started
    assert report.conforms, report.text()
    assert report.errors == []
    assert report.triples == len(mapped.quads)
    assert elapsed < 10, f"validation took {elapsed:.1f} s"


def test_missing_and_duplicated_values_are_violations(mapped) -> None:
    metric = _metric(mapped.quads)
    without = [q for q in mapped.quads if not (q.subject == metric and q.predicate == OBS_VALUE)]
    report = validate_bulletin(without)
    assert not report.conforms
    assert any(v.focus == metric.value and v.path == OBS_VALUE.value for v in report.errors)

    doubled = mapped.quads + [ox.Quad(metric, OBS_VALUE, ox.Literal("1", datatype=XSD_DECIMAL), mapped.quads[0].graph_name)]
    assert not validate_bulletin(doubled).conforms


def test_a_value_that_is_not_an_exact_decimal_is_a_violation(mapped) -> None:
    metric = _metric(mapped.quads)
    quads = [
        ox.Quad(q.subject, q.predicate, ox.Literal("11.18亿"), q.graph_name)
        if q.subject == metric and q.predicate == OBS_VALUE
        else q
        for q in mapped.quads
    ]
    report = validate_bulletin(quads)
    assert not report.conforms
    assert "decimal" in report.text()


def test_leads_must_point_to_a_program(mapped) -> None:
    g = mapped.quads[0].graph_name
    org = ox.NamedNode(settings.ID_IRI + "org/赣州市商务局")
    other = ox.NamedNode(settings.ID_IRI + "org/赣州市教育局")
    report = validate_bulletin(mapped.quads + [ox.Quad(org, ox.NamedNode(WX + "leads"), other, g)])
    assert not report.conforms
    assert any(v.path == WX + "leads" for v in report.errors)


def test_span_end_before_start_is_a_violation(mapped) -> None:
    start = ox.NamedNode("http://www.w3.org/ns/oa#start")
    first = next(q for q in mapped.quads if q.predicate == start)
    quads = [ox.Quad(q.subject, q.predicate, ox.Literal("999999", datatype=q.object.datatype), q.graph_name)
             if q == first else q for q in mapped.quads]
    assert not validate_bulletin(quads).conforms


def test_unexpected_qualifier_is_only_a_warning(mapped) -> None:
    metric = _metric(mapped.quads)
    g = mapped.quads[0].graph_name
    report = validate_bulletin(mapped.quads + [ox.Quad(metric, ox.NamedNode(WX + "qualifier"), ox.Literal("大约"), g)])
    assert report.conforms
    assert any(v.severity == "Warning" and v.path == WX + "qualifier" for v in report.warnings)


def test_reference_graph_conforms() -> None:
    report = validate_bulletin(reference_quads())
    assert report.conforms, report.text()
    assert report.triples > 20000


def test_validate_store_checks_each_graph_and_names_the_bad_one(tmp_path, mapped) -> None:
    with Store(tmp_path / "kg") as store:
        store.replace_graph(mapped.graph, mapped.quads)
        report = validate_store(store)
        assert report.conforms, report.text()
        assert report.graphs == 1
        bad = settings.BASE_IRI + "graph/broken"
        store.replace_graph(bad, [ox.Quad(ox.NamedNode(settings.ID_IRI + "x"), ox.NamedNode(
            "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode(WX + "Bulletin"), ox.NamedNode(bad))])
        report = validate_store(store)
        assert not report.conforms
        assert {v.graph for v in report.errors} == {bad}


def test_validate_command_exit_codes(tmp_path, mapped) -> None:
    path = tmp_path / "kg"
    with Store(path) as store:
        store.replace_graph(mapped.graph, mapped.quads)
    runner = CliRunner()
    ok = runner.invoke(cli, ["--store", str(path), "validate", "--no-warnings"])
    assert ok.exit_code == 0, ok.output
    assert "conforms" in ok.output
    with Store(path) as store:
        broken = [q for q in mapped.quads if q.predicate != OBS_VALUE]
        store.replace_graph(mapped.graph, broken)
    bad = runner.invoke(cli, ["--store", str(path), "validate", "--limit", "3"])
    assert bad.exit_code == 1
    assert "does NOT conform" in bad.output and "obsValue" in bad.output


# ---------------------------------------------------------------------- the filtered path
# validate_graph checks only the triples the shapes can read (validate.shape_triples) in a
# one-graph rdflib store; these tests compare it with the plain path it replaced: every
# triple in rdflib's default Memory Graph, validated by pySHACL with the same shapes.

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUBCLASS_OF = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD = "http://www.w3.org/2001/XMLSchema#"
NS = {
    "wx": WX,
    "dcterms": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "time": "http://www.w3.org/2006/time#",
    "qb": "http://purl.org/linked-data/cube#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}


def _iri(curie: str) -> ox.NamedNode:
    prefix, local = curie.split(":", 1)
    return ox.NamedNode(NS[prefix] + local)


class _Graph:
    """A bulletin graph to break on purpose, one node per shape."""

    def __init__(self, quads) -> None:
        self.quads = list(quads)
        self.g = self.quads[0].graph_name
        self.used: set = set()

    def typed(self, cls: str, having: str | None = None) -> ox.NamedNode:
        """A node of class `cls` (with a `having` value) no earlier breakage touched."""
        with_value = {q.subject for q in self.quads if having and q.predicate == _iri(having)}
        for q in self.quads:
            if q.predicate == RDF_TYPE and q.object == _iri(cls) and q.subject not in self.used:
                if having is None or q.subject in with_value:
                    self.used.add(q.subject)
                    return q.subject
        raise AssertionError(f"no free {cls} node in the test graph")

    def drop(self, s, p: str) -> None:
        self.quads = [q for q in self.quads if not (q.subject == s and q.predicate == _iri(p))]

    def add(self, s, p: str, o) -> None:
        self.quads.append(ox.Quad(s, _iri(p), o, self.g))

    def set(self, s, p: str, o) -> None:
        self.drop(s, p)
        self.add(s, p, o)


def _break_every_shape(graph: _Graph) -> None:
    text = ox.Literal("样例文字")
    t = graph.typed
    graph.drop(t("wx:Bulletin"), "dcterms:title")
    graph.drop(t("wx:Article"), "wx:index")
    graph.drop(t("wx:Sentence"), "rdf:value")
    graph.set(t("oa:TextPositionSelector"), "oa:start", ox.Literal("-1", datatype=ox.NamedNode(XSD + "integer")))
    graph.add(t("oa:TextQuoteSelector"), "oa:exact", text)
    graph.drop(t("wx:Mention", "prov:wasDerivedFrom"), "prov:wasDerivedFrom")
    graph.drop(t("wx:Mention", "oa:hasSelector"), "oa:hasSelector")  # SpanShape: a warning
    graph.drop(t("wx:Mention", "wx:mentionOf"), "wx:mentionOf")
    org, other = t("org:Organization"), t("org:Organization")
    graph.add(org, "rdfs:label", text)
    graph.set(t("schema:Place"), "wx:divisionCode", ox.Literal("12345"))
    program = t("wx:Program")
    graph.drop(program, "wx:programType")
    graph.drop(t("foaf:Person"), "rdfs:label")
    post = t("org:Post")
    graph.add(post, "org:postIn", org)
    graph.add(post, "org:postIn", other)
    graph.drop(t("skos:Concept", "skos:inScheme"), "skos:inScheme")
    graph.add(t("time:Interval"), "wx:year", ox.Literal("二〇一九"))
    graph.set(t("time:Instant"), "time:inXSDDate", ox.Literal("2019年"))
    graph.drop(t("qb:Observation"), "wx:isTarget")
    graph.set(t("qb:DataSet"), "qb:structure", other)
    graph.set(t("wx:Assertion"), "rdf:predicate", _iri("wx:mentions"))
    graph.add(org, "wx:leads", other)
    graph.add(org, "wx:implements", other)
    graph.add(org, "wx:hasOutcome", program)
    graph.add(org, "org:holds", post)
    graph.add(org, "wx:mentions", other)


def test_an_invalid_bulletin_breaking_every_shape_gets_the_same_violations(mapped) -> None:
    from wuxing_kg import validate

    graph = _Graph(mapped.quads)
    _break_every_shape(graph)
    report = validate_bulletin(graph.quads)
    assert not report.conforms
    assert report.triples == len(graph.quads)
    assert report.violations == reference_violations(graph.quads)
    node_shapes = {str(s) for s in validate.shapes_graph().subjects(
        validate.RDF.type, validate.SH.NodeShape) if str(s).startswith("https://w3id.org/wuxing-kg/shapes#")}
    assert len(node_shapes) >= 24
    assert {v.shape for v in report.violations} >= node_shapes  # each shape violated at least once
    assert {v.shape for v in report.warnings} >= {"https://w3id.org/wuxing-kg/shapes#SpanShape"}


def test_the_valid_seed_graph_gets_the_same_report_as_before(mapped) -> None:
    assert validate_bulletin(mapped.quads).violations == reference_violations(mapped.quads)


def test_only_triples_no_shape_reads_are_left_out(mapped) -> None:
    from wuxing_kg.validate import shape_triples

    kept = set(shape_triples(mapped.quads))
    left_out = [q for q in mapped.quads if q not in kept]
    assert left_out, "the seed graph has triples no shape reads (oa:hasSource, ...)"
    assert any(q.predicate == _iri("oa:hasSource") for q in left_out)
    assert any(q.predicate == RDF_TYPE and q.object == _iri("oa:SpecificResource") for q in left_out)
    read = {_iri(p) for p in ("dcterms:title", "oa:start", "oa:end", "rdfs:label", "prov:wasDerivedFrom")}
    assert not any(q.predicate in read for q in left_out)
    assert not any(q.predicate == RDF_TYPE and q.object == _iri("prov:Entity") for q in left_out)


def test_a_subclass_declared_in_the_data_keeps_its_instances_checked(mapped) -> None:
    # SHACL finds targets through rdfs:subClassOf in the data graph: the type triple of a
    # class no shape names must stay when the data makes that class a wx:Program.
    g = mapped.quads[0].graph_name
    kind = ox.NamedNode(settings.ID_IRI + "class/试点项目")
    node = ox.NamedNode(settings.ID_IRI + "program/无标签的试点")
    quads = mapped.quads + [ox.Quad(kind, SUBCLASS_OF, _iri("wx:Program"), g), ox.Quad(node, RDF_TYPE, kind, g)]
    report = validate_bulletin(quads)
    assert any(v.focus == node.value and v.path == LABEL.value for v in report.errors)
    assert report.violations == reference_violations(quads)


def test_the_one_graph_store_answers_every_pattern_like_rdflib(mapped) -> None:
    from itertools import product

    from rdflib import Graph

    from wuxing_kg.validate import _term, _to_rdflib

    sample = mapped.quads[:400]
    ours, plain = _to_rdflib(sample + sample[:50]), Graph()  # duplicates are one triple
    for q in sample:
        plain.add((_term(q.subject), _term(q.predicate), _term(q.object)))
    assert len(ours) == len(plain)
    some = [next(iter(plain.triples((None, None, None))))] + list(plain.triples((None, None, None)))[150:152]
    for s, p, o in some:
        for keep in product((True, False), repeat=3):
            pattern = tuple(x if k else None for x, k in zip((s, p, o), keep))
            assert sorted(ours.triples(pattern)) == sorted(plain.triples(pattern)), pattern
    missing = (_term(ox.NamedNode(settings.ID_IRI + "nothing")), None, None)
    assert list(ours.triples(missing)) == []


# ---------------------------------------------------------------------- in parts
# A large graph is validated in parts of about PART_TRIPLES triples (validate._parts):
# forced here on the seed graph, the results must be those of the graph validated whole.


@pytest.mark.parametrize("part", [50, 400])
def test_a_graph_validated_in_parts_gets_the_same_violations(mapped, monkeypatch, part) -> None:
    from wuxing_kg import validate

    graph = _Graph(mapped.quads)
    _break_every_shape(graph)
    whole, valid = validate_bulletin(graph.quads), validate_bulletin(mapped.quads)
    monkeypatch.setattr(validate, "PART_TRIPLES", part)
    parts = list(validate._parts(validate.shape_triples(graph.quads)))
    assert len(parts) > 3 and all(focus is not None for _, focus in parts)
    report = validate_bulletin(graph.quads)
    assert report.violations == whole.violations == reference_violations(graph.quads)
    assert validate_bulletin(mapped.quads).violations == valid.violations  # the seed's warnings


def test_a_graph_with_a_blank_subject_is_validated_whole(mapped, monkeypatch) -> None:
    from wuxing_kg import validate

    g = mapped.quads[0].graph_name
    blank = ox.BlankNode()
    quads = mapped.quads + [ox.Quad(blank, RDF_TYPE, _iri("foaf:Person"), g)]
    whole = validate_bulletin(quads)
    monkeypatch.setattr(validate, "PART_TRIPLES", 50)
    assert [focus for _, focus in validate._parts(validate.shape_triples(quads))] == [None]
    report = validate_bulletin(quads)
    assert any(v.focus == blank.value for v in report.errors)  # pySHACL skips it in a focus filter
    assert report.violations == whole.violations
