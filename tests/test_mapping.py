"""Extraction → quads: deterministic IRIs, the model, and provenance down to the span."""

from __future__ import annotations

import copy
from decimal import Decimal

import pyoxigraph as ox
import pytest

from gold_extraction import gold_extraction, seed_original
from wuxing_kg import records, settings
from wuxing_kg.rdf import iris
from wuxing_kg.rdf.mapping import decimal_lexical, period_bounds, program_kind, to_quads

WX = settings.ONTOLOGY_IRI
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PREFIXES = """
PREFIX wx: <https://w3id.org/wuxing-kg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX oa: <http://www.w3.org/ns/oa#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
"""


@pytest.fixture(scope="module")
def extraction() -> records.Extraction:
    return gold_extraction()


@pytest.fixture(scope="module")
def mapped(extraction):
    return to_quads(extraction)


@pytest.fixture(scope="module")
def store(mapped) -> ox.Store:
    s = ox.Store()
    s.extend(mapped.quads)
    return s


def select(store: ox.Store, body: str) -> list[dict[str, str]]:
    result = store.query(PREFIXES + body, use_default_graph_as_union=True)
    names = [v.value for v in result.variables]
    return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


# ---------------------------------------------------------------------- IRIs


def test_iris_are_readable_and_only_forbidden_characters_are_encoded() -> None:
    assert iris.org("某市商务局") == settings.ID_IRI + "org/某市商务局"
    assert iris.org("A/B 局#1%") == settings.ID_IRI + "org/A%2FB局%231%25"
    assert iris.org("某市“五型”办") == settings.ID_IRI + "org/某市“五型”办"  # quotes are legal ucschars
    assert iris.place("某县", "county", "360702") == settings.ID_IRI + "place/360702"
    assert iris.place("长三角", "region") == settings.ID_IRI + "place/region/长三角"
    assert iris.program("“稳外资”", "某市") == iris.program("稳外资", "某市") == settings.ID_IRI + "program/某市/稳外资"
    ox.NamedNode(iris.org("A/B 局#1%<>{}|\\^`\""))  # always a valid IRI


def test_bulletin_key_uses_issuer_year_issue_then_date_then_hash() -> None:
    assert iris.bulletin_key(issuer="某办", issue="第5期", date="2020-03-01", sha256="ab" * 32, source="f.txt") == "某办/2020/第5期"
    assert iris.bulletin_key(issuer="某办", issue=None, date="2020-03-01", sha256="ab" * 32, source="f.txt") == "某办/2020-03-01"
    assert iris.bulletin_key(issuer=None, issue="第5期", date=None, sha256="ab" * 32, source="f.txt") == "sha256-" + "ab" * 8


def test_mapping_is_deterministic_without_blank_nodes_in_one_graph(extraction, mapped) -> None:
    again = to_quads(copy.deepcopy(extraction))
    assert again.quads == mapped.quads
    assert mapped.graph.startswith(settings.BASE_IRI + "graph/")
    assert {q.graph_name for q in mapped.quads} == {ox.NamedNode(mapped.graph)}
    assert not any(isinstance(t, ox.BlankNode) for q in mapped.quads for t in (q.subject, q.object))
    assert len(set(mapped.quads)) == len(mapped.quads)
    assert mapped.warnings == []


def test_same_department_in_two_bulletins_is_one_node(extraction) -> None:
    other = copy.deepcopy(extraction)
    other.issue, other.date = "第52期", "2019-08-30"
    a, b = to_quads(extraction), to_quads(other)
    assert a.graph != b.graph
    org = ox.NamedNode(iris.org("赣州市商务局"))
    assert any(q.subject == org for q in a.quads) and any(q.subject == org for q in b.quads)


# ---------------------------------------------------------------------- the model


def test_metric_is_an_exact_data_cube_observation(store) -> None:
    rows = select(store, """
        SELECT ?obs ?value ?dt ?unit ?indicator ?period ?year ?area ?begin ?end WHERE {
          ?obs a qb:Observation ; rdfs:label "实际利用外资 11.18 亿美元" ;
               sdmx-measure:obsValue ?value ; sdmx-attribute:unitMeasure/skos:prefLabel ?unit ;
               wx:indicator/skos:prefLabel ?indicator ; sdmx-dimension:refArea/rdfs:label ?area ;
               sdmx-dimension:refPeriod ?p ; qb:dataSet/qb:structure wx:MetricStructure .
          ?p rdfs:label ?period ; wx:year ?year ;
             time:hasBeginning/time:inXSDDate ?begin ; time:hasEnd/time:inXSDDate ?end .
          BIND(DATATYPE(?value) AS ?dt)
        }""")
    assert len(rows) == 1
    row = rows[0]
    assert row["value"] == "1118000000" and row["dt"].endswith("#decimal")
    assert (row["unit"], row["indicator"], row["period"], row["year"]) == ("美元", "实际利用外资", "2019年上半年", "2019")
    assert (row["begin"], row["end"]) == ("2019-01-01", "2019-06-30")
    assert row["area"] == "赣州市"


def test_organisations_places_people_posts(store) -> None:
    org = select(store, f"""SELECT ?type ?place WHERE {{ <{iris.org('赣州市商务局')}> a org:FormalOrganization ;
        wx:orgType ?type ; wx:locatedIn/wx:divisionCode ?place }}""")
    assert org == [{"type": "government_department", "place": "360700"}]
    county = select(store, f"""SELECT ?label ?level ?parent WHERE {{ <{settings.ID_IRI}place/360702> rdfs:label ?label ;
        wx:placeLevel ?level ; <https://schema.org/containedInPlace> ?parent }}""")
    assert county == [{"label": "章贡区", "level": "county", "parent": settings.ID_IRI + "place/360700"}]
    posts = select(store, """SELECT ?post ?org WHERE { ?p rdfs:label "李炳军" ; org:holds ?x . ?x rdfs:label ?post ;
        org:heldBy ?p . OPTIONAL { ?x org:postIn/rdfs:label ?org } } ORDER BY ?post""")
    assert posts == [{"post": "市委书记", "org": "中共赣州市委"}, {"post": "省委副书记", "org": "中共江西省委"}]


def test_every_relation_is_a_direct_triple_and_a_reified_assertion_with_provenance(store, extraction) -> None:
    assertions = select(store, """SELECT ?a ?s ?p ?o ?src WHERE { ?a a wx:Assertion ; rdf:subject ?s ;
        rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?src . }""")
    assert len(assertions) >= len(extraction.relations)
    for a in assertions:
        assert any(store.quads_for_pattern(ox.NamedNode(a["s"]), ox.NamedNode(a["p"]), ox.NamedNode(a["o"])))
    # and the other way round: each direct wx: relation triple has its assertion
    missing = select(store, """SELECT ?s ?p ?o WHERE {
        VALUES ?p { wx:leads wx:implements wx:hasOutcome wx:partOf wx:cooperatesWith wx:locatedIn org:holds }
        ?s ?p ?o .
        FILTER NOT EXISTS { ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }
    }""")
    assert missing == []


def test_acceptance_relation_path_department_program_outcome(store) -> None:
    rows = select(store, """SELECT ?prog WHERE { ?d rdfs:label "赣州市商务局" ; wx:leads ?p . ?p rdfs:label ?prog ;
        wx:hasOutcome/rdfs:label "实际利用外资 11.18 亿美元" }""")
    assert rows == [{"prog": "“稳外资”"}]


def test_provenance_spans_point_into_the_original_text(store) -> None:
    original = seed_original()
    rows = select(store, """SELECT ?node ?start ?end ?exact ?sentence WHERE {
        ?node oa:hasSelector ?pos , ?q . ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end .
        ?q a oa:TextQuoteSelector ; oa:exact ?exact .
        OPTIONAL { ?node prov:wasDerivedFrom/rdf:value ?sentence } }""")
    assert len(rows) > 150
    for r in rows:
        start, end = int(r["start"]), int(r["end"])
        assert original[start:end] == r["exact"], r["node"]
        if r["sentence"] is not None:
            assert r["exact"] in r["sentence"]
    metric = [r for r in rows if r["exact"] == "实际利用外资 11.18 亿美元"]
    assert metric and "今年上半年" in metric[0]["sentence"]


def test_sentence_article_bulletin_chain(store, extraction) -> None:
    rows = select(store, """SELECT ?title ?issued ?issue ?n WHERE {
        ?s a wx:Sentence ; rdf:value ?v ; dcterms:isPartOf ?a . ?a dcterms:isPartOf ?b ; wx:index ?n .
        ?b a wx:Bulletin ; dcterms:title ?title ; dcterms:issued ?issued ; wx:issue ?issue .
        FILTER(CONTAINS(?v, "11.18")) }""")
    assert rows == [{"title": extraction.title, "issued": "2019-08-16", "issue": "第51期", "n": "3"}]


def test_mentions_link_sentences_to_entities(store) -> None:
    rows = select(store, f"""SELECT ?exact WHERE {{ ?m a wx:Mention ; wx:mentionOf <{iris.org('赣州市商务局')}> ;
        oa:hasSelector/oa:exact ?exact ; prov:wasDerivedFrom ?s . ?s wx:mentions <{iris.org('赣州市商务局')}> }}""")
    assert rows and rows[0]["exact"] == "市商务局"


def test_minimal_extraction_without_layout_still_maps_and_traces_to_the_bulletin() -> None:
    x = records.Extraction(
        source="x.txt",
        metrics=[records.Metric(text="增长 5%", value=Decimal("5"), unit="%", is_change=True, change_direction="up",
                                prov=records.Provenance(None, None, 10, 15))],
        organizations=[records.Organization(text="县财政局", canonical="某县财政局", type="government_department")],
        relations=[records.Relation("某县财政局", "has_outcome", "增长 5%"),
                   records.Relation("某县财政局", "leads", "未列出的工程")],
    )
    m = to_quads(x)
    s = ox.Store()
    s.extend(m.quads)
    rows = select(s, """SELECT ?src ?prog WHERE { ?o a qb:Observation ; prov:wasDerivedFrom ?src .
        ?d wx:leads/rdfs:label ?prog }""")
    assert rows == [{"src": m.bulletin, "prog": "未列出的工程"}]
    assert m.bulletin.startswith(settings.ID_IRI + "bulletin/file/")


def test_helpers() -> None:
    assert decimal_lexical(Decimal("1.118E+9")) == "1118000000"
    assert decimal_lexical(Decimal("12.380")) == "12.38"
    assert decimal_lexical(Decimal("0.50")) == "0.5"
    assert period_bounds("2019年上半年") == (2019, "2019-01-01", "2019-06-30")
    assert period_bounds("2019年1-7月") == (2019, "2019-01-01", "2019-07-31")
    assert period_bounds("截至2019年8月") == (2019, None, "2019-08-31")
    assert period_bounds("2014年以来") == (2014, "2014-01-01", None)
    assert period_bounds("2020年第一季度") == (2020, "2020-01-01", "2020-03-31")
    assert period_bounds("近年来") == (None, None, None)
    assert program_kind("某某专项治理", None) == "campaign"
    assert program_kind("“一站式”服务机制", None) == "mechanism"
    assert program_kind("X", "designation") == "designation"


def test_a_person_who_leads_an_organisation_heads_it_and_the_graph_conforms() -> None:
    """`leads` from a person to an organisation (领导小组组长) is org:headOf, not wx:leads
    (whose range is a program), so such a bulletin still passes SHACL."""
    from wuxing_kg import records
    from wuxing_kg.rdf.mapping import to_quads
    from wuxing_kg.validate import validate_bulletin

    x = records.Extraction(
        source="t.txt", date="2021-05-01", issue="第3期", title="某市工作简报", issuer="绵阳市人民政府办公室",
        city="绵阳市", city_code="510700", province="四川省",
        organizations=[records.Organization("市防汛抗旱领导小组", "绵阳市防汛抗旱领导小组", "leading_group")],
        people=[records.Person("张建华", ["市防汛抗旱领导小组组长"])],
        relations=[records.Relation("张建华", "leads", "绵阳市防汛抗旱领导小组")],
    )
    mapped = to_quads(x)
    preds = {q.predicate.value for q in mapped.quads}
    assert "http://www.w3.org/ns/org#headOf" in preds
    assert validate_bulletin(mapped.quads).conforms
