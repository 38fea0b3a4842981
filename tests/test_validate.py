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
from wuxing_kg.validate import validate_bulletin, validate_store

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
