"""`wuxing-kg serve`: a real server in a subprocess on a free loopback port.

Fast unit tests (query checks, negotiation, IRI mapping) run everywhere; the HTTP tests
are `slow`. All traffic goes to 127.0.0.1 and every loop is bounded.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
import rdflib

from wuxing_kg import server
from wuxing_kg.settings import ID_IRI, SUMMARY_GRAPH
from wuxing_kg.store import Store

BIN = Path(sys.executable).with_name("wuxing-kg")
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
LOCATED_IN = "https://w3id.org/wuxing-kg/ontology#locatedIn"
GRAPH = "https://w3id.org/wuxing-kg/graph/test-bulletin-1"
N_ORGS = 300  # 2 triples each + 1 place label = 601 triples, above the row limit below
MAX_ROWS = 500


# --------------------------------------------------------------------------- fast unit tests


@pytest.mark.parametrize(
    "query",
    [
        'SELECT * WHERE { ?s ?p "customer SERVICE desk" }',
        "SELECT * { ?s ?p ?o } # SERVICE in a comment",
        "SELECT * { ?s <http://example.org/SERVICE> ?o }",
        "PREFIX service: <http://example.org/> SELECT * { ?s service:p ?o }",
        "SELECT ?service { ?service ?p ?o }",
        "SELECT * { ?s ?p ?o FILTER(?o < 3 && ?p > 2) }",
    ],
)
def test_plain_queries_pass_the_check(query: str) -> None:
    server.check_query(query)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * { service silent <http://example.org/> { ?s ?p ?o } }",
        "SELECT * { \\u0053ERVICE <http://example.org/> { ?s ?p ?o } }",  # codepoint escape
        "SELECT * { ?s ?p ?o FILTER(?o < 3 && ?p > 2) SERVICE <http://e.org/> { ?a ?b ?c } }",
        "LOAD <http://example.org/data.ttl>",
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "PREFIX ex: <urn:x:> DELETE WHERE { ?s ?p ?o }",
        "DROP ALL",
    ],
)
def test_update_load_and_service_are_refused(query: str) -> None:
    with pytest.raises(server.RefusedRequest) as info:
        server.check_query(query)
    assert info.value.status == 403


def test_negotiation_prefers_format_parameter_then_accept_q_values() -> None:
    prefs = server.preferences("text/csv;q=0.5, application/sparql-results+xml", None)
    assert server.choose_format(prefs, graph=False) == "xml"
    assert server.choose_format(server.preferences("text/html", "tsv"), graph=False) == "tsv"
    assert server.choose_format(server.preferences("*/*", None), graph=True) == "turtle"
    assert server.choose_format(server.preferences(None, "json"), graph=True) == "jsonld"
    assert server.choose_format(server.preferences("text/csv", None), graph=True) is None
    with pytest.raises(server.RefusedRequest):
        server.preferences(None, "yaml")


def test_entity_paths_map_to_iris_both_ways() -> None:
    iri = ID_IRI + "org/某市商务局"
    local = server.iri_to_local_path(iri)
    assert local is not None and local.startswith("/id/org/%E6%9F%90")
    assert ID_IRI + server.uri_path_to_iri_path(local[len("/id/"):]) == iri
    # what the IRI minting keeps percent-encoded (a `/` inside a name) stays encoded
    assert server.uri_path_to_iri_path("program/a%2Fb%e5%b8%82") == "program/a%2Fb市"
    assert server.iri_to_local_path("http://example.org/x") is None


def test_canned_query_defaults_are_inlined_as_values() -> None:
    text = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        'SELECT ?name ?s WHERE { ?s rdfs:label ?l FILTER(?name = "" || STR(?l) = ?name) }'
    )
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode(RDFS_LABEL), ox.Literal("甲")))
    store.add(ox.Quad(ox.NamedNode("urn:b"), ox.NamedNode(RDFS_LABEL), ox.Literal("乙")))
    rows = list(store.query(server.inline_defaults(text, {"name": "乙"})))
    assert [r["s"].value for r in rows] == ["urn:b"]


def test_query_page_examples_are_the_canned_queries() -> None:
    # the server split once imported `queries` from the wrong package: the page showed none
    from wuxing_kg import queries

    examples = server.canned_queries()
    assert [e["name"] for e in examples] == [q.name for q in queries.list_queries()]
    assert examples and all(e["query"].strip() for e in examples)


def test_format_parameter_takes_sparqlwrapper_lists() -> None:
    # SPARQLWrapper repeats format= and sends media-type lists for JSON-LD, TSV and RDF/XML
    jsonld = server.preferences(None, ["json-ld", "application/ld+json,application/x-json+ld"])
    assert server.choose_format(jsonld, graph=True) == "jsonld"
    tsv = server.preferences("*/*", ["tsv", "text/tab-separated-values"])
    assert server.choose_format(tsv, graph=False) == "tsv"
    rdfxml = server.preferences(None, ["rdf+xml", "application/rdf+xml"])
    assert server.choose_format(rdfxml, graph=True) == "rdfxml"
    assert server.choose_format(server.preferences(None, "application/n-quads"), graph=True) == "nquads"
    assert server.choose_format(server.preferences(None, "nquads"), graph=False) is None  # no N-Quads for SELECT
    with pytest.raises(server.RefusedRequest):
        server.preferences(None, ["yaml", "application/x-yaml"])


@pytest.mark.parametrize("relative", ["index.html\x00", "\x00", "a" * 5000, "../../etc/passwd", "x/../../..", "%00", "\n"])
def test_odd_site_paths_are_not_found_not_errors(tmp_path: Path, relative: str) -> None:
    (tmp_path / "index.html").write_text("<p>ok</p>", encoding="utf-8")
    assert server.site_file(tmp_path, relative) is None
    assert server.site_file(tmp_path, "index.html") == (tmp_path / "index.html").resolve()
    assert server.site_file(tmp_path, "") == (tmp_path / "index.html").resolve()


# --------------------------------------------------------------------------- the real server


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _org(i: int) -> str:
    return f"{ID_IRI}org/某市测试局{i}"


def _write_store(path: Path) -> None:
    quads = []
    for i in range(N_ORGS):
        quads.append(ox.Quad(ox.NamedNode(_org(i)), ox.NamedNode(RDFS_LABEL), ox.Literal(f"某市测试局{i}")))
        quads.append(ox.Quad(ox.NamedNode(_org(i)), ox.NamedNode(LOCATED_IN), ox.NamedNode(ID_IRI + "place/990100")))
    quads.append(ox.Quad(ox.NamedNode(ID_IRI + "place/990100"), ox.NamedNode(RDFS_LABEL), ox.Literal("某市")))
    with Store(path) as store:
        store.replace_graph(GRAPH, quads)


class Running:
    def __init__(self, proc: subprocess.Popen[bytes], base: str, store: Path) -> None:
        self.proc, self.base, self.store = proc, base, store
        # one client for the whole test: a fresh httpx.get() builds an SSL context each
        # time (0.5 s on a loaded machine), which would swamp every timing below
        self.http = httpx.Client(timeout=30)

    def sparql(self, query: str, *, method: str = "GET", **kwargs: object) -> httpx.Response:
        if method == "GET":
            return self.http.get(f"{self.base}/sparql", params={"query": query, **kwargs.pop("params", {})}, **kwargs)  # type: ignore[arg-type,dict-item]
        return self.http.post(f"{self.base}/sparql", data={"query": query}, **kwargs)  # type: ignore[arg-type]


def _start(store: Path, *extra: str) -> Running:
    port = _free_port()
    cmd = [str(BIN), "--store", str(store), "serve", "--port", str(port), *extra]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            if httpx.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                return Running(proc, base, store)
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    proc.kill()
    raise RuntimeError("server did not answer within 30 s")


def _stop(running: Running) -> None:
    running.http.close()
    running.proc.terminate()
    try:
        running.proc.wait(10)
    except subprocess.TimeoutExpired:
        running.proc.kill()
        running.proc.wait(5)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    store = tmp_path_factory.mktemp("serve") / "store"
    _write_store(store)
    running = _start(store, "--max-rows", str(MAX_ROWS), "--max-request-bytes", "16384", "--workers", "2")
    yield running
    _stop(running)


COUNT_ORGS = f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s <{LOCATED_IN}> ?place }}"
SOME_LABELS = f"SELECT ?s ?label WHERE {{ ?s <{RDFS_LABEL}> ?label }} ORDER BY ?label LIMIT 5"


@pytest.mark.slow
def test_sparqlwrapper_select_sees_the_union_of_named_graphs(live: Running) -> None:
    from SPARQLWrapper import JSON, SPARQLWrapper

    client = SPARQLWrapper(f"{live.base}/sparql")
    client.setQuery(COUNT_ORGS)
    client.setReturnFormat(JSON)
    data = client.query().convert()
    assert int(data["results"]["bindings"][0]["n"]["value"]) == N_ORGS


@pytest.mark.slow
@pytest.mark.parametrize("how", ["format", "accept", "post"])
def test_every_result_format_parses(live: Running, how: str) -> None:
    media = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
             "csv": "text/csv", "tsv": "text/tab-separated-values"}
    parsed: dict[str, list[tuple[str, str]]] = {}
    for fmt, mtype in media.items():
        if how == "format":
            r = live.sparql(SOME_LABELS, params={"format": fmt})
        elif how == "accept":
            r = live.sparql(SOME_LABELS, headers={"Accept": mtype})
        else:
            r = live.sparql(SOME_LABELS, method="POST", headers={"Accept": mtype})
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith(mtype)
        if fmt == "json":
            b = r.json()["results"]["bindings"]
            parsed[fmt] = [(x["s"]["value"], x["label"]["value"]) for x in b]
        elif fmt == "xml":
            ns = {"r": "http://www.w3.org/2005/sparql-results#"}
            rows = ET.fromstring(r.content).findall(".//r:result", ns)
            parsed[fmt] = [(row.find("r:binding[@name='s']/r:uri", ns).text,  # type: ignore[union-attr]
                            row.find("r:binding[@name='label']/r:literal", ns).text) for row in rows]  # type: ignore[union-attr]
        elif fmt == "csv":
            rows = list(csv.DictReader(io.StringIO(r.text)))
            parsed[fmt] = [(row["s"], row["label"]) for row in rows]
        else:
            lines = r.text.rstrip("\n").split("\n")
            assert lines[0].split("\t") == ["?s", "?label"]
            parsed[fmt] = [(s[1:-1], json.loads(label)) for s, label in (line.split("\t") for line in lines[1:])]
    assert len(parsed["json"]) == 5 and parsed["json"][1] == (_org(0), "某市测试局0")
    assert parsed["json"] == parsed["xml"] == parsed["csv"] == parsed["tsv"]


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "media", "rdflib_format"), [
    ("turtle", "text/turtle", "turtle"),
    ("ntriples", "application/n-triples", "nt"),
    ("jsonld", "application/ld+json", "json-ld"),
])
def test_construct_and_describe_parse_back(live: Running, fmt: str, media: str, rdflib_format: str) -> None:
    construct = f"CONSTRUCT {{ ?s <{RDFS_LABEL}> ?l }} WHERE {{ ?s <{RDFS_LABEL}> ?l }}"
    for r in (live.sparql(construct, params={"format": fmt}), live.sparql(construct, headers={"Accept": media})):
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith(media)
        g = rdflib.Graph().parse(data=r.content, format=rdflib_format)
        assert len(g) == N_ORGS + 1
        assert (rdflib.URIRef(_org(7)), rdflib.RDFS.label, rdflib.Literal("某市测试局7")) in g
    r = live.sparql(f"DESCRIBE <{_org(3)}>", params={"format": fmt})
    g = rdflib.Graph().parse(data=r.content, format=rdflib_format)
    assert len(g) == 2


@pytest.mark.slow
def test_service_description_and_cors(live: Running) -> None:
    r = live.http.get(f"{live.base}/sparql", timeout=10)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert any(g.triples((None, rdflib.RDF.type, sd.Service)))
    assert (None, sd.feature, sd.UnionDefaultGraph) in g
    pre = live.http.options(f"{live.base}/sparql", timeout=10, headers={
        "Origin": "http://localhost:5173", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert pre.status_code == 200 and pre.headers["access-control-allow-origin"] == "*"
    r = live.sparql("ASK {}", headers={"Origin": "http://localhost:5173"})
    assert r.headers["access-control-allow-origin"] == "*"


@pytest.mark.slow
def test_update_load_and_service_get_4xx_and_nothing_changes(live: Running) -> None:
    base = f"{live.base}/sparql"
    update = f"INSERT DATA {{ GRAPH <{GRAPH}> {{ <urn:x> <{RDFS_LABEL}> \"injected\" }} }}"
    http = live.http
    answers = [
        http.post(base, data={"update": update}, timeout=10),
        http.get(base, params={"update": update}, timeout=10),
        http.post(base, content=update.encode(), headers={"Content-Type": "application/sparql-update"}, timeout=10),
        http.post(base, data={"query": update}, timeout=10),
        http.post(base, data={"update": "LOAD <http://127.0.0.1:9/data.ttl>"}, timeout=10),
        http.post(base, data={"query": "LOAD <http://127.0.0.1:9/data.ttl>"}, timeout=10),
        live.sparql("SELECT * { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"),
        live.sparql("SELECT * { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"),
    ]
    for r in answers:
        assert 400 <= r.status_code < 500, (r.status_code, r.text)
        assert "refused" in r.text
    assert live.sparql('ASK { ?s ?p "injected" }', params={"format": "json"}).json()["boolean"] is False
    # the word inside a string literal is data, not a keyword
    ok = live.sparql('SELECT * { ?s ?p "SERVICE LOAD INSERT" }', params={"format": "json"})
    assert ok.status_code == 200


OTHER_GRAPH = "https://w3id.org/wuxing-kg/graph/not-stored"


def _n_of(r: httpx.Response) -> int:
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.slow
def test_dataset_from_the_query_and_from_protocol_parameters(live: Running) -> None:
    json_ = {"format": "json"}
    from_graph = COUNT_ORGS.replace("WHERE", f"FROM <{GRAPH}> WHERE")
    from_other = COUNT_ORGS.replace("WHERE", f"FROM <{OTHER_GRAPH}> WHERE")
    assert _n_of(live.sparql(COUNT_ORGS, params=json_)) == N_ORGS  # no FROM: the union
    assert _n_of(live.sparql(from_graph, params=json_)) == N_ORGS
    assert _n_of(live.sparql(from_other, params=json_)) == 0  # FROM really restricts
    # default-graph-uri sets the default graph, over GET and form POST, and overrides FROM
    assert _n_of(live.sparql(COUNT_ORGS, params={**json_, "default-graph-uri": OTHER_GRAPH})) == 0
    assert _n_of(live.sparql(from_other, params={**json_, "default-graph-uri": GRAPH})) == N_ORGS
    form = {"query": COUNT_ORGS, "default-graph-uri": GRAPH, "format": "json"}
    assert _n_of(live.http.post(f"{live.base}/sparql", data=form)) == N_ORGS
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    # without named-graph-uri, GRAPH ?g ranges over every named graph: the store's summary too
    for params, named in (({"named-graph-uri": GRAPH}, [GRAPH]), ({}, sorted([GRAPH, SUMMARY_GRAPH]))):
        r = live.sparql(graphs, params={**json_, **params})
        assert sorted(b["g"]["value"] for b in r.json()["results"]["bindings"]) == named
    r = live.sparql(graphs, params={**json_, "named-graph-uri": OTHER_GRAPH})
    assert r.json()["results"]["bindings"] == []
    r = live.sparql(f"SELECT DISTINCT ?g FROM NAMED <{OTHER_GRAPH}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}", params=json_)
    assert r.json()["results"]["bindings"] == []


@pytest.mark.slow
def test_rdflib_sparqlstore_graph_with_an_identifier_reads_that_graph(live: Running) -> None:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    store = SPARQLStore(f"{live.base}/sparql", returnFormat="json")
    graph = rdflib.Graph(store=store, identifier=rdflib.URIRef(GRAPH))
    assert len(list(graph.triples((rdflib.URIRef(_org(1)), None, None)))) == 2
    other = rdflib.Graph(store=store, identifier=rdflib.URIRef(OTHER_GRAPH))
    assert list(other.triples((rdflib.URIRef(_org(1)), None, None))) == []


@pytest.mark.slow
def test_protocol_errors_are_clear_4xx(live: Running) -> None:
    r = live.sparql("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", headers={"Accept": "text/csv"})
    assert r.status_code == 406 and "text/turtle" in r.text
    r = live.sparql("ASK {}", params={"format": "yaml"})
    assert r.status_code == 400 and "Unknown format" in r.text
    r = live.sparql("ASK {}", params={"default-graph-uri": "not an iri"})
    assert r.status_code == 400 and "absolute IRIs" in r.text
    r = live.http.post(f"{live.base}/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"})
    assert r.status_code == 415
    r = live.sparql("SELECT * WHERE { ?s ?p }")
    assert r.status_code == 400 and "parse" in r.text
    r = live.sparql(f"ASK {{ <{_org(1)}> ?p ?o }}", params={"format": "xml"})
    assert r.status_code == 200 and "<boolean>true</boolean>" in r.text


@pytest.mark.slow
def test_timeout_answers_at_the_deadline_and_the_server_recovers(live: Running) -> None:
    # its own server with a 1 s deadline (the shared one keeps 10 s: on a loaded machine
    # an ordinary query can take a second)
    running = _start(live.store, "--timeout", "1", "--workers", "2", "--site", str(live.store.parent))
    try:
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
        r = running.sparql(slow)  # runs for minutes unless the worker is stopped at the deadline
        assert r.status_code == 503 and "timeout" in r.text
        for _ in range(3):  # both workers (one freshly spawned) answer
            r = running.sparql(COUNT_ORGS, params={"format": "json"})
            assert r.status_code == 200
            assert int(r.json()["results"]["bindings"][0]["n"]["value"]) == N_ORGS
    finally:
        _stop(running)


@pytest.mark.slow
def test_row_limit_is_a_clear_error_not_a_silent_truncation(live: Running) -> None:
    r = live.sparql("SELECT * { ?s ?p ?o }")
    assert r.status_code == 422 and f"more than {MAX_ROWS} rows" in r.text
    r = live.sparql(f"SELECT * {{ ?s ?p ?o }} LIMIT {MAX_ROWS}", params={"format": "json"})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == MAX_ROWS
    r = live.sparql("CONSTRUCT WHERE { ?s ?p ?o }")
    assert r.status_code == 422 and "triples" in r.text


@pytest.mark.slow
def test_request_size_limit(live: Running) -> None:
    padding = "#" + "x" * 20000 + "\n"
    r = live.http.post(f"{live.base}/sparql", content=(padding + "ASK {}").encode(),
                   headers={"Content-Type": "application/sparql-query"}, timeout=10)
    assert r.status_code == 413 and "--max-request-bytes" in r.text
    r = live.http.post(f"{live.base}/sparql", data={"query": padding + "ASK {}"}, timeout=10)
    assert r.status_code == 413
    r = live.sparql(padding + "ASK {}")
    assert r.status_code == 414
    r = live.http.post(f"{live.base}/sparql", content=b"ASK {}", headers={"Content-Type": "application/sparql-query"}, timeout=10)
    assert r.status_code == 200


@pytest.mark.slow
def test_entity_iris_dereference_by_content_negotiation(live: Running) -> None:
    local = server.iri_to_local_path(_org(5))
    assert local is not None
    r = live.http.get(live.base + local, headers={"Accept": "text/turtle"}, timeout=10)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    assert (rdflib.URIRef(_org(5)), rdflib.RDFS.label, rdflib.Literal("某市测试局5")) in g
    r = live.http.get(live.base + local, headers={"Accept": "application/ld+json"}, timeout=10)
    assert len(rdflib.Graph().parse(data=r.text, format="json-ld")) == 2
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    r = live.http.get(live.base + local, headers={"Accept": browser}, timeout=30, follow_redirects=True)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "某市测试局5" in r.text
    place = server.iri_to_local_path(ID_IRI + "place/990100")
    assert place is not None and (place in r.text or "/view/" in str(r.url))
    r = live.http.get(live.base + "/id/org/nothing-here", headers={"Accept": "text/turtle"}, timeout=10)
    assert r.status_code == 404


@pytest.mark.slow
def test_query_page_is_self_contained_and_labels_link_locally(live: Running) -> None:
    page = live.http.get(live.base + "/", timeout=10)
    assert page.status_code == 200 and "<textarea" in page.text
    texts = [page.text]
    for asset in ("/assets/app.js", "/assets/app.css"):
        assert asset in page.text
        r = live.http.get(live.base + asset, timeout=10)
        assert r.status_code == 200
        texts.append(r.text)
    for text in texts:
        assert "http://" not in text and "https://" not in text and "//cdn" not in text
    config = live.http.get(live.base + "/queries.json", timeout=10).json()
    assert isinstance(config["queries"], list)
    from wuxing_kg import queries

    empty = ox.Store()
    for q in config["queries"]:  # each example that parses as a canned query runs as written
        try:
            empty.query(queries.get(q["name"]).text)
        except SyntaxError:
            continue  # a broken .rq file is the query catalogue's test to catch, not this one
        r = live.sparql(q["query"], method="POST")
        assert r.status_code in (200, 422), (q["name"], r.text)
    labels = live.http.post(live.base + "/labels", json=[_org(1), "urn:nothing"], timeout=10).json()
    assert labels[_org(1)] == {"label": "某市测试局1", "href": server.iri_to_local_path(_org(1))}
    assert labels["urn:nothing"]["label"] is None and labels["urn:nothing"]["href"] is None


@pytest.mark.slow
def test_head_answers_like_get_without_a_body(live: Running) -> None:
    get = live.sparql("ASK {}", params={"format": "json"})
    head = live.http.head(f"{live.base}/sparql", params={"query": "ASK {}", "format": "json"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == get.headers["content-length"]
    sd = live.http.head(f"{live.base}/sparql")
    assert sd.status_code == 200 and sd.headers["content-type"].startswith("text/turtle")
    assert live.http.head(live.base + "/assets/app.css").status_code == 200


@pytest.mark.slow
def test_options_without_origin_lists_the_allowed_methods(live: Running) -> None:
    r = live.http.options(f"{live.base}/sparql")
    assert r.status_code == 204
    assert {m.strip() for m in r.headers["allow"].split(",")} >= {"GET", "HEAD", "POST", "OPTIONS"}
    r = live.http.options(f"{live.base}/labels")
    assert r.status_code == 204 and "POST" in r.headers["allow"]
    r = live.http.options(f"{live.base}/view/index.html")
    assert r.status_code == 204 and "GET" in r.headers["allow"]


def _raw_get(live: Running, target: str, *, sock: socket.socket | None = None) -> tuple[int, dict[str, str], bytes]:
    """One GET with the request target as given (httpx normalises paths and caps URLs at
    64 KB): status, headers (lower-cased names), body. On `sock` if given (keep-alive)."""
    own = sock is None
    if sock is None:
        sock = socket.create_connection(("127.0.0.1", int(live.base.rsplit(":", 1)[1])), timeout=130)
    try:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\n\r\n".encode())
        reader = sock.makefile("rb")
        status = int(reader.readline().split()[1])
        headers: dict[str, str] = {}
        while (line := reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode().partition(":")
            headers[name.strip().lower()] = value.strip()
        body = reader.read(int(headers.get("content-length", "0")))
        return status, headers, body
    finally:
        if own:
            sock.close()


@pytest.mark.slow
def test_a_url_past_the_parser_limit_gets_414_and_the_server_goes_on(live: Running) -> None:
    # the fixture's --max-request-bytes is 16 KB: 20 KB is the app's 414, 200 KB is beyond
    # h11's buffer (limit + 64 KB of header room), answered by the protocol with 414 too
    for size in (20_000, 200_000):
        status, headers, body = _raw_get(live, "/sparql?query=%23" + "x" * size + "%0AASK%20%7B%7D")
        assert status == 414, (size, status, body)
        assert b"--max-request-bytes" in body
        assert headers["x-content-type-options"] == "nosniff"
    assert live.sparql("ASK {}", params={"format": "json"}).json()["boolean"] is True


@pytest.mark.slow
def test_odd_paths_never_answer_500(live: Running) -> None:
    paths = ["/view/index.html%00", "/view/%00", "/view/a%00b/c", "/view/%2e%2e/%2e%2e/etc/passwd",
             "/view/" + "a" * 4000, "/view/%ff%fe", "/assets/%00", "/assets/..%2fserver.py", "/id/%00",
             "/id/%ZZ", "/id/", "/id/org/%E5%B8%82%00", "/%00", "/no-such-page", "/sparql/%00",
             "/labels", "/queries.json/%00"]
    with socket.create_connection(("127.0.0.1", int(live.base.rsplit(":", 1)[1])), timeout=130) as sock:
        for path in paths:
            status, _, body = _raw_get(live, path, sock=sock)
            assert status < 500, (path, status, body[:200])


@pytest.mark.slow
def test_security_headers_on_every_response(live: Running) -> None:
    http = live.http
    answers = [
        http.get(live.base + "/"),
        http.get(live.base + "/assets/app.js"),
        http.get(live.base + "/queries.json"),
        http.get(live.base + "/no-such-page"),
        live.sparql("ASK {}"),
        live.sparql("SELECT * WHERE { ?s ?p }"),  # 400
        http.post(f"{live.base}/sparql", content=b"ASK {}", headers={"Content-Type": "text/plain"}),  # 415
        http.options(f"{live.base}/sparql"),
        http.options(f"{live.base}/sparql", headers={"Origin": "http://localhost:5173",
                                                     "Access-Control-Request-Method": "POST"}),
        http.get(live.base + server.iri_to_local_path(_org(2)), headers={"Accept": "text/turtle"}),  # type: ignore[operator]
    ]
    for r in answers:
        csp = r.headers.get("content-security-policy", "")
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp, (r.url, r.status_code)
        # the pages' inline scripts and styles keep working
        assert "script-src 'self' 'unsafe-inline'" in csp and "style-src 'self' 'unsafe-inline'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"


@pytest.mark.slow
def test_a_second_query_parameter_is_refused(live: Running) -> None:
    r = live.http.get(f"{live.base}/sparql", params=[("query", "ASK {}"), ("query", "SELECT * {}")])
    assert r.status_code == 400 and "one query" in r.text
    r = live.http.post(f"{live.base}/sparql", content=b"query=ASK+%7B%7D&query=ASK+%7B%7D",
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400 and "one query" in r.text
    r = live.http.post(f"{live.base}/sparql?query=ASK+%7B%7D", content=b"SELECT * {}",
                       headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400 and "one query" in r.text
    r = live.http.post(f"{live.base}/sparql?format=json", content=b"ASK {}",
                       headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 200 and r.json()["boolean"] is True


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["JSONLD", "TSV", "RDFXML", "CSV", "XML"])
def test_sparqlwrapper_format_parameter_is_understood(live: Running, kind: str) -> None:
    import SPARQLWrapper as sw

    client = sw.SPARQLWrapper(f"{live.base}/sparql")
    graph_form = kind in ("JSONLD", "RDFXML")
    client.setQuery(f"CONSTRUCT {{ <{_org(4)}> ?p ?o }} WHERE {{ <{_org(4)}> ?p ?o }}" if graph_form else SOME_LABELS)
    client.setReturnFormat(getattr(sw, kind))
    answer = client.query()
    assert answer.response.status == 200
    result = answer.convert()
    if graph_form:
        assert len(result) == 2  # an rdflib graph of the two triples
    else:
        assert result  # bytes / a DOM; the text holds the first label
        text = result if isinstance(result, (bytes, str)) else result.toxml()
        assert "某市测试局0" in (text.decode() if isinstance(text, bytes) else text)


@pytest.mark.slow
def test_construct_in_n_quads(live: Running) -> None:
    construct = f"CONSTRUCT {{ ?s <{RDFS_LABEL}> ?l }} WHERE {{ ?s <{RDFS_LABEL}> ?l }}"
    for r in (live.sparql(construct, params={"format": "nquads"}),
              live.sparql(construct, headers={"Accept": "application/n-quads"})):
        assert r.status_code == 200, r.text
        assert r.headers["content-type"].startswith("application/n-quads")
        quads = list(ox.parse(r.content, format=ox.RdfFormat.N_QUADS))
        assert len(quads) == N_ORGS + 1
    sd = live.http.get(f"{live.base}/sparql").text
    assert "formats/N-Quads" in sd


WRITER = r"""
import sys, time
import pyoxigraph as ox
from wuxing_kg.store import Store
path, n = sys.argv[1], int(sys.argv[2])
label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
with Store(path) as store:
    for b in range(n):
        graph = f"https://w3id.org/wuxing-kg/graph/new-bulletin-{b}"
        quads = [ox.Quad(ox.NamedNode(f"https://w3id.org/wuxing-kg/id/org/新机构{b}-{i}"), label,
                         ox.Literal(f"新机构{b}-{i}")) for i in range(200)]
        store.replace_graph(graph, quads)
        time.sleep(0.1)
"""
COUNT_NEW = 'SELECT (COUNT(?s) AS ?n) { ?s ?p ?l FILTER(STRSTARTS(STR(?l), "新机构")) }'


def _count(running: Running, query: str) -> int:
    r = running.sparql(query, params={"format": "json"})
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def _eventually(check: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():  # type: ignore[operator]
            return True
        time.sleep(0.2)
    return False


@pytest.mark.slow
def test_queries_keep_answering_while_another_process_writes(tmp_path: Path) -> None:
    store = tmp_path / "store"
    _write_store(store)
    running = _start(store, "--workers", "2", "--site", str(tmp_path))
    try:
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(store), "20"])
        failures: list[str] = []
        answered = 0
        deadline = time.monotonic() + 120
        while writer.poll() is None and time.monotonic() < deadline:
            r = running.sparql(COUNT_ORGS, params={"format": "json"})
            answered += 1
            if r.status_code != 200 or int(r.json()["results"]["bindings"][0]["n"]["value"]) != N_ORGS:
                failures.append(f"{r.status_code} {r.text[:200]}")
        assert writer.wait(30) == 0
        assert answered >= 2 and not failures, (answered, failures[:3])
        # the writer is done: the next query (or one soon after) sees all of it
        assert _eventually(lambda: _count(running, COUNT_NEW) == 20 * 200, 10)
    finally:
        _stop(running)


@pytest.mark.slow
def test_ingest_in_another_process_is_visible_without_restart(tmp_path: Path) -> None:
    """The real `wuxing-kg ingest` (holding the write lock) next to a serving server;
    afterwards the new bulletin is in SPARQL, its pages under /view/, its IRIs resolve."""
    seed = Path(__file__).resolve().parent.parent / "data" / "bulletins"
    bulletin = next(iter(sorted(seed.glob("*.txt"))), None)
    assert bulletin is not None
    store = tmp_path / "store"
    _write_store(store)
    running = _start(store, "--workers", "2")
    count_all = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"
    bulletins = "PREFIX wx: <https://w3id.org/wuxing-kg/ontology#> SELECT (COUNT(?b) AS ?n) { ?b a wx:Bulletin }"
    try:
        n_before = _count(running, count_all)
        assert _count(running, bulletins) == 0
        ingest = subprocess.Popen([str(BIN), "--store", str(store), "ingest", str(bulletin)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        failures = []
        answered = 0
        deadline = time.monotonic() + 180
        while ingest.poll() is None and time.monotonic() < deadline:
            r = running.sparql(COUNT_ORGS, params={"format": "json"})
            answered += 1
            if r.status_code != 200:
                failures.append(r.text)
            time.sleep(0.05)
        out, err = ingest.communicate(timeout=60)
        assert ingest.returncode == 0, err.decode()[-2000:]
        assert answered >= 2 and not failures, failures[:3]
        assert _eventually(lambda: _count(running, bulletins) == 1, 10)
        assert _count(running, count_all) > n_before
        org = running.sparql("PREFIX org: <http://www.w3.org/ns/org#> PREFIX wx: <https://w3id.org/wuxing-kg/ontology#> "
                             "SELECT ?o { ?o a org:Organization ; ^wx:mentions ?s } LIMIT 1", params={"format": "json"})
        iri = org.json()["results"]["bindings"][0]["o"]["value"]
        local = server.iri_to_local_path(iri)
        assert local is not None
        browser = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}

        def redirected_to_page() -> bool:  # the site is rebuilt in the background after the ingest
            r = running.http.get(running.base + local, headers=browser)
            return r.status_code == 303 and r.headers["location"].startswith("/view/e-")

        assert _eventually(redirected_to_page, 120)
        page = running.http.get(running.base + local, headers=browser, follow_redirects=True)
        assert page.status_code == 200 and "<html" in page.text.lower()
        index = running.http.get(running.base + "/view/")
        assert index.status_code == 200
    finally:
        _stop(running)


@pytest.mark.slow
def test_query_page_in_a_real_browser_runs_offline_and_links_labels(live: Running) -> None:
    """Chromium loads the page, runs a query; every request stays on the server."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian chromium not installed (make browser)")
    requests: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run"])
        try:
            page = browser.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.goto(live.base + "/")
            page.fill("#query", f"SELECT ?org WHERE {{ ?org <{LOCATED_IN}> ?p }} ORDER BY ?org LIMIT 3")
            page.click("#run")
            page.wait_for_selector("#results table a", timeout=15000)
            link = page.locator("#results table a").first
            assert link.inner_text() == "某市测试局0"  # the label, not the IRI
            href = link.get_attribute("href")
            assert href == server.iri_to_local_path(_org(0))
            assert "3 行" in page.inner_text("#status")
        finally:
            browser.close()
    assert requests and all(url.startswith(live.base + "/") for url in requests), requests


@pytest.mark.slow
def test_graph_pages_draw_under_the_content_security_policy(demo_store: Path, tmp_path: Path) -> None:
    """The CSP must not break the graph pages: Chromium loads them from the server (with
    the header) and they draw, with no policy violation reported."""
    pytest.importorskip("playwright.sync_api")
    from wuxing_kg.views.browser import browser, chromium_available, wait_ready

    if not chromium_available():
        pytest.skip("Debian chromium not installed (make browser)")
    site = tmp_path / "site"
    server.build_site_into(demo_store, site)
    running = _start(demo_store, "--site", str(site), "--workers", "1")
    try:
        with browser() as chromium:
            page = chromium.new_page()
            violations: list[str] = []
            page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
            page.add_init_script("document.addEventListener('securitypolicyviolation', "
                                 "e => console.error('Content Security Policy: ' + e.violatedDirective))")
            for name in ("index.html", "overview.html"):
                response = page.goto(f"{running.base}/view/{name}")
                assert response is not None and "frame-ancestors" in response.headers["content-security-policy"]
                wait_ready(page)
            assert page.evaluate("nodes.length") > 10  # the overview's vis-network graph is drawn
            page.close()
        assert violations == []
    finally:
        _stop(running)
