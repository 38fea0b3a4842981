"""store.Store on real on-disk pyoxigraph stores: atomic replace, locking, crash safety, dumps."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from wuxing_kg.errors import QueryError, StoreBusyError
from wuxing_kg.settings import SUMMARY_GRAPH
from wuxing_kg.store import Store, StoreNotFound

G1 = "https://w3id.org/wuxing-kg/graph/test-one"
G2 = "https://w3id.org/wuxing-kg/graph/test-two"


def quad_set(store: Store, graph: str | None = None) -> set[str]:
    return {str(q) for q in store.quads(graph)}


def test_replace_graph_stores_exactly_the_quads_in_that_graph(tmp_path: Path, make_quads) -> None:
    with Store(tmp_path / "s") as store:
        store.replace_graph(G1, make_quads("http://elsewhere/ignored", 5))
        assert store.named_graphs() == [G1]  # the quads' own graph names are replaced
        assert store.quad_count(G1) == 10
        assert store.quad_count() == 10
        labels = store.select("SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l")
        assert labels.variables == ["l"]
        assert labels.rows[0] == {"l": "事物0-v"}


def test_replacing_twice_with_the_same_quads_is_idempotent(tmp_path: Path, make_quads) -> None:
    with Store(tmp_path / "s") as store:
        store.replace_graph(G1, make_quads(G1, 20))
        first = quad_set(store)
        store.replace_graph(G1, make_quads(G1, 20))
        assert quad_set(store) == first


def test_new_version_replaces_only_its_graph(tmp_path: Path, make_quads) -> None:
    with Store(tmp_path / "s") as store:
        store.replace_graph(G1, make_quads(G1, 5, "old"))
        store.replace_graph(G2, make_quads(G2, 3, "other"))
        other_before = quad_set(store, G2)
        store.replace_graph(G1, make_quads(G1, 4, "new"))
        labels = {r["l"] for r in store.select("SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }").rows}
        assert "事物0-old" not in labels and "事物4-old" not in labels
        assert "事物3-new" in labels
        assert quad_set(store, G2) == other_before
        assert store.quad_count(G1) == 8


def test_literals_with_quotes_newlines_and_backslashes_round_trip(tmp_path: Path) -> None:
    tricky = 'a "quoted" \\ back\nslash\t“中文”'
    q = ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"), ox.Literal(tricky), ox.NamedNode(G1))
    with Store(tmp_path / "s") as store:
        store.replace_graph(G1, [q])
        assert store.select("SELECT ?o WHERE { ?s ?p ?o }").rows == [{"o": tricky}]


def test_remove_graph(tmp_path: Path, make_quads) -> None:
    with Store(tmp_path / "s") as store:
        store.replace_graph(G1, make_quads(G1, 2))
        store.replace_graph(G2, make_quads(G2, 2))
        assert store.remove_graph(G1) is True
        assert store.remove_graph(G1) is False
        assert store.named_graphs() == [G2]
        assert store.quad_count() == 4


def test_the_default_graph_holds_each_fact_of_the_named_graphs_once(tmp_path: Path, make_quads) -> None:
    with Store(tmp_path / "s") as store:
        store.replace_graph(G1, make_quads(G1, 2, "a"))
        store.replace_graph(G2, make_quads(G2, 2, "b"))
        # 8 quads; the two integer values are stated in both graphs: 6 distinct facts
        rows = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        assert rows == [{"n": "6"}]
        assert store.quad_count() == 8 and store.fact_count() == 6
        in_both = store.select("SELECT ?g WHERE { GRAPH ?g { ?s <http://example.org/value> 0 } } ORDER BY ?g").rows
        assert in_both == [{"g": G1}, {"g": G2}]  # the provenance of the fact stays exact


VALUE = ox.NamedNode("http://example.org/value")
LABEL_P = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")


def _merged(store: Store) -> set[str]:
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in store.raw.quads_for_pattern(None, None, None, ox.DefaultGraph())}


def _union(store: Store) -> set[str]:
    return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in store.quads()}


def test_removing_a_graph_removes_exactly_what_only_it_said(tmp_path: Path, make_quads) -> None:
    with Store(tmp_path / "s") as store:
        store.replace_graph(G1, make_quads(G1, 3, "a"))
        store.replace_graph(G2, make_quads(G2, 2, "b"))
        assert store.remove_graph(G1)
        assert _merged(store) == _union(store)
        values = store.select("SELECT ?v WHERE { ?s <http://example.org/value> ?v } ORDER BY ?v").rows
        assert values == [{"v": "0"}, {"v": "1"}]  # still said by G2; thing 2's value is gone
        labels = {r["l"] for r in store.select("SELECT ?l WHERE { ?s ?p ?l FILTER(isLiteral(?l) && STRLEN(?l) > 2) }").rows}
        assert labels == {"事物0-b", "事物1-b"}
        assert store.remove_graph(G2)
        assert store.fact_count() == 0


def test_replacing_a_graph_keeps_the_merged_view_in_step(tmp_path: Path, make_quads) -> None:
    with Store(tmp_path / "s") as store:
        store.replace_graph(G1, make_quads(G1, 4, "a"))
        store.replace_graph(G2, make_quads(G2, 4, "a"))  # the same facts, said twice
        for version in (make_quads(G1, 2, "a"), make_quads(G1, 5, "c"), make_quads(G1, 5, "c")[:-3]):
            store.replace_graph(G1, version)  # shrink; mostly new; removals and additions
            assert _merged(store) == _union(store)
        store.replace_graph(G2, [])
        assert _merged(store) == _union(store) == {str(ox.Triple(q.subject, q.predicate, q.object)) for q in make_quads(G1, 5, "c")[:-3]}


def test_re_ingest_is_idempotent_for_the_merged_view(tmp_path: Path, make_quads) -> None:
    with Store(tmp_path / "s") as store:
        store.replace_graph(G1, make_quads(G1, 3))
        store.replace_graph(G2, make_quads(G2, 3))
        before = (_merged(store), store.quad_count(), store.fact_count())
        assert store.write_graph(G1, make_quads(G1, 3)) == "unchanged"
        assert (_merged(store), store.quad_count(), store.fact_count()) == before


def test_a_store_without_the_merged_view_gets_it_from_its_first_writer(tmp_path: Path, make_quads) -> None:
    path = tmp_path / "s"
    raw = ox.Store(str(path))  # as an older wuxing-kg wrote it: named graphs only
    raw.extend(make_quads(G1, 2, "a") + make_quads(G2, 2, "b"))
    raw.flush()
    del raw
    with Store(path, read_only=True) as reader:  # a reader queries the union meanwhile
        assert reader.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == [{"n": "8"}]
    with Store(path) as store:
        assert store.fact_count() == 6 and _merged(store) == _union(store)
        assert store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == [{"n": "6"}]


def _labels(store: Store, sparql: str, **dataset: list[str]) -> set[str]:
    return {r["l"] for r in store.select(sparql, **dataset).rows}


LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"


def test_from_and_from_named_set_the_dataset_and_no_from_sees_the_merged_view(tmp_path: Path, make_quads) -> None:
    with Store(tmp_path / "s") as store:
        store.replace_graph(G1, make_quads(G1, 2, "a"))
        store.replace_graph(G2, make_quads(G2, 2, "b"))
        union = _labels(store, f"SELECT ?l WHERE {{ ?s {LABEL} ?l }}")
        assert union == {"事物0-a", "事物1-a", "事物0-b", "事物1-b"}
        assert _labels(store, f"SELECT ?l FROM <{G1}> WHERE {{ ?s {LABEL} ?l }}") == {"事物0-a", "事物1-a"}
        both = f"SELECT ?l FROM <{G1}> FROM <{G2}> WHERE {{ ?s {LABEL} ?l }}"
        assert _labels(store, both) == union  # two FROMs: their merge
        named = store.select(f"SELECT DISTINCT ?g FROM NAMED <{G1}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}").rows
        assert named == [{"g": G1}]
        # FROM NAMED alone leaves the default graph empty (SPARQL 1.1 §13.2)
        assert _labels(store, f"select ?l from named <{G1}> where {{ ?s {LABEL} ?l }}") == set()
        # without FROM NAMED, GRAPH ?g still ranges over every graph (the store's summary
        # graph, which describes the others, included)
        all_graphs = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g").rows
        assert all_graphs == [{"g": SUMMARY_GRAPH}, {"g": G1}, {"g": G2}]


def test_protocol_dataset_overrides_the_querys_from(tmp_path: Path, make_quads) -> None:
    with Store(tmp_path / "s") as store:
        store.replace_graph(G1, make_quads(G1, 1, "a"))
        store.replace_graph(G2, make_quads(G2, 1, "b"))
        q = f"SELECT ?l FROM <{G1}> WHERE {{ ?s {LABEL} ?l }}"
        assert _labels(store, q, default_graphs=[G2]) == {"事物0-b"}
        assert _labels(store, f"SELECT ?l WHERE {{ ?s {LABEL} ?l }}", default_graphs=[G1]) == {"事物0-a"}
        rows = store.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=[G2]).rows
        assert {r["g"] for r in rows} == {G2}
        # a default graph given alone leaves no named graphs, as FROM alone does
        assert store.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", default_graphs=[G1]).rows == []


@pytest.mark.parametrize(
    "query",
    [
        "SELECT ?from WHERE { ?from ?p ?o }",
        "PREFIX from: <http://example.org/> SELECT * WHERE { ?s from:p ?o . ?s ?q <http://example.org/FROM> }",
        'SELECT * WHERE { ?s ?p "FROM <x>" } # FROM <y>',
        "SELECT * WHERE { ?s ?p \"\"\"a\nFROM <x>\"\"\" }",
    ],
)
def test_the_word_from_outside_a_dataset_clause_is_not_one(query: str) -> None:
    from wuxing_kg.store import has_dataset_clause

    assert not has_dataset_clause(query)
    assert has_dataset_clause("SELECT*FROM<http://example.org/g>{?s ?p ?o}")


def test_syntax_error_is_a_query_error_with_the_parser_message(tmp_path: Path) -> None:
    with Store(tmp_path / "s") as store:
        with pytest.raises(QueryError, match="SPARQL syntax error") as info:
            store.query("SELECT ?x WHERE { ?x ")
        assert info.value.exit_code == 2


def test_read_only_open_of_a_missing_store_says_so(tmp_path: Path) -> None:
    with pytest.raises(StoreNotFound, match="no store at") as info:
        Store(tmp_path / "nothing-here", read_only=True)
    assert info.value.exit_code == 2
    assert not (tmp_path / "nothing-here").exists()  # a read never creates a store


def test_read_only_handle_refuses_writes_and_sees_a_snapshot(tmp_path: Path, make_quads) -> None:
    path = tmp_path / "s"
    with Store(path) as writer:
        writer.replace_graph(G1, make_quads(G1, 3))
        reader = Store(path, read_only=True)
        writer.replace_graph(G2, make_quads(G2, 3))
        assert reader.quad_count() == 6  # the snapshot of the moment it was opened
        assert Store(path, read_only=True).quad_count() == 12  # a fresh handle sees the new data
        with pytest.raises(Exception, match="read-only"):
            reader.replace_graph(G1, [])
        reader.close()


# ------------------------------------------------------------------ dumps


@pytest.mark.parametrize("fmt,rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("trig", "trig"), ("nq", "nquads"), ("jsonld", "json-ld")])
def test_every_dump_format_parses_back(tmp_path: Path, make_quads, fmt: str, rdflib_format: str) -> None:
    with Store(tmp_path / "s") as store:
        store.replace_graph(G1, make_quads(G1, 3, "a"))
        store.replace_graph(G2, make_quads(G2, 2, "b"))
        data = store.dump_bytes(fmt)
    ds = rdflib.Dataset()
    ds.parse(data=data, format=rdflib_format)
    triples = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    assert rdflib.Literal("事物2-a") in {o for _, _, o in triples}
    assert rdflib.Literal("事物1-b") in {o for _, _, o in triples}
    # things 0 and 1 have the same integer value in both graphs: merged formats dedupe
    assert len(triples) == 8
    if fmt in ("trig", "nq", "jsonld"):
        graphs = {str(c) for _, _, _, c in ds.quads((None, None, None, None))}
        assert {G1, G2} <= graphs


def test_dump_of_one_graph(tmp_path: Path, make_quads) -> None:
    with Store(tmp_path / "s") as store:
        store.replace_graph(G1, make_quads(G1, 3, "a"))
        store.replace_graph(G2, make_quads(G2, 2, "b"))
        out = io.BytesIO()
        store.dump(out, "nq", graph=G2)
    text = out.getvalue().decode()
    assert "事物1-b" in text and "事物0-a" not in text


# ------------------------------------------------------------------ concurrency and crashes

HOLD_WRITER = textwrap.dedent(
    """
    import sys, time
    from wuxing_kg.store import Store
    s = Store(sys.argv[1])
    print("ready", flush=True)
    time.sleep(60)
    """
)


def test_second_writer_is_refused_while_readers_keep_working(tmp_path: Path, make_quads) -> None:
    path = tmp_path / "s"
    with Store(path) as store:
        store.replace_graph(G1, make_quads(G1, 4))
    holder = subprocess.Popen([sys.executable, "-c", HOLD_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreBusyError) as info:
            Store(path)
        message = str(info.value)
        assert str(path) in message and "another process is writing" in message
        assert info.value.exit_code == 1
        with Store(path, read_only=True) as reader:
            assert reader.quad_count(G1) == 8
            assert reader.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows == [{"n": "8"}]
    finally:
        holder.kill()
        holder.wait()
    with Store(path) as store:  # the lock died with the process
        assert store.quad_count() == 8


BIG_WRITER = textwrap.dedent(
    """
    import sys, itertools
    import pyoxigraph as ox
    from wuxing_kg.store import Store
    g = "https://w3id.org/wuxing-kg/graph/big"
    p = ox.NamedNode("http://example.org/p")
    with Store(sys.argv[1]) as s:
        for n in itertools.count():
            quads = [ox.Quad(ox.NamedNode(f"http://example.org/big/{i}"), p, ox.Literal(f"{n}-{i}"), ox.NamedNode(g))
                     for i in range(20000)]
            s.replace_graph(g, quads)
            print(n, flush=True)
    """
)


def test_killed_writer_leaves_a_readable_store_with_whole_graphs(tmp_path: Path, make_quads) -> None:
    path = tmp_path / "s"
    with Store(path) as store:
        store.replace_graph(G1, make_quads(G1, 50))
        before = quad_set(store)
    writer = subprocess.Popen([sys.executable, "-c", BIG_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None
        writer.stdout.readline()  # one big replace committed; the next one is in flight
        time.sleep(0.15)
        os.kill(writer.pid, signal.SIGKILL)
    finally:
        writer.wait()
    assert writer.returncode == -signal.SIGKILL
    with Store(path, read_only=True) as reader:
        assert quad_set(reader, G1) == before
        big = reader.quad_count("https://w3id.org/wuxing-kg/graph/big")
        assert big == 20000  # a whole graph (the last committed one), never a partial one
        rows = reader.select(
            "SELECT (COUNT(DISTINCT ?gen) AS ?n) WHERE { GRAPH <https://w3id.org/wuxing-kg/graph/big> "
            "{ ?s ?p ?o } BIND(STRBEFORE(?o, '-') AS ?gen) }"
        ).rows
        assert rows == [{"n": "1"}]  # all quads from one generation: no mix of old and new
    with Store(path) as store:  # and a writer can open it again
        assert quad_set(store, G1) == before


def test_readers_open_and_query_while_a_writer_commits(tmp_path: Path, make_quads) -> None:
    path = tmp_path / "s"
    with Store(path) as store:
        store.replace_graph(G1, make_quads(G1, 50))
    writer = subprocess.Popen([sys.executable, "-c", BIG_WRITER, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None
        writer.stdout.readline()
        opened, deadline = 0, time.monotonic() + 3
        while time.monotonic() < deadline:  # bounded: about 3 s of reads during the writes
            with Store(path, read_only=True) as reader:
                assert reader.quad_count(G1) == 100
                assert reader.quad_count("https://w3id.org/wuxing-kg/graph/big") == 20000
                opened += 1
        assert opened >= 1
    finally:
        writer.kill()
        writer.wait()


def test_write_graph_writes_only_the_difference_in_one_step(tmp_path: Path, make_quads) -> None:
    with Store(tmp_path / "s") as store:
        assert store.write_graph(G1, make_quads(G1, 5)) == "added"
        assert store.write_graph(G1, make_quads(G1, 5)) == "unchanged"
        grown = make_quads(G1, 7)
        assert store.write_graph(G1, grown) == "replaced"  # additions only
        assert quad_set(store, G1) == {str(q) for q in grown}
        edited = make_quads(G1, 7)[:-1] + make_quads(G1, 1, "w")[:1]  # removals and additions
        assert store.write_graph(G1, edited) == "replaced"
        g = ox.NamedNode(G1)
        assert quad_set(store, G1) == {str(ox.Quad(q.subject, q.predicate, q.object, g)) for q in edited}
        other = make_quads(G1, 3, "z")  # nearly everything differs
        assert store.write_graph(G1, other) == "replaced"
        assert quad_set(store, G1) == {str(q) for q in other}


def test_compact_deletes_the_write_ahead_log_of_an_old_store(tmp_path: Path, make_quads) -> None:
    from wuxing_kg.store import compact

    path = tmp_path / "s"
    with Store(path) as store:  # a writer that never compacts, like an older wuxing-kg
        store.replace_graph(G1, make_quads(G1, 2000))
    logs = sum(f.stat().st_size for f in path.glob("*.log"))
    assert logs > 100_000
    before, after = compact(path)
    assert after < before and sum(f.stat().st_size for f in path.glob("*.log")) < logs // 10
    with Store(path, read_only=True) as store:
        assert store.quad_count(G1) == 4000
    with pytest.raises(StoreNotFound):
        compact(tmp_path / "nothing")


# ------------------------------------------------------------------ the text index


def _text_quads(graph: str, sentence: str, label: str) -> list[ox.Quad]:
    """A sentence and a labelled entity (invented text), as the mapping writes them."""
    g, rdf = ox.NamedNode(graph), "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    s = ox.NamedNode(graph + "/sentence/1")
    e = ox.NamedNode("http://example.org/entity/" + label)
    return [
        ox.Quad(s, ox.NamedNode(rdf + "type"), ox.NamedNode("https://w3id.org/wuxing-kg/ontology#Sentence"), g),
        ox.Quad(s, ox.NamedNode(rdf + "value"), ox.Literal(sentence), g),
        ox.Quad(e, LABEL_P, ox.Literal(label), g),
    ]


def _found(store: Store, text: str, kind: str | None = None) -> set[tuple[str, str]]:
    return {(h.body, h.graph) for h in store.text_index.search(text, [kind] if kind else None)}


def test_the_text_index_follows_add_replace_and_remove(tmp_path: Path) -> None:
    with Store(tmp_path / "s") as store:
        store.replace_graph(G1, _text_quads(G1, "某县推进农田水利建设三年行动", "某县水利局"))
        store.replace_graph(G2, _text_quads(G2, "某市开展植树造林", "某县水利局"))
        assert _found(store, "水利建设") == {("某县推进农田水利建设三年行动", G1)}  # trigram index
        assert _found(store, "植树", "sentence") == {("某市开展植树造林", G2)}  # two characters: a scan
        assert _found(store, "水利局", "label") == {("某县水利局", G1), ("某县水利局", G2)}
        store.replace_graph(G1, _text_quads(G1, "某县完成河道清淤", "某县水利局"))
        assert _found(store, "水利建设") == set() and _found(store, "清淤") == {("某县完成河道清淤", G1)}
        store.remove_graph(G2)
        assert _found(store, "植树") == set() and _found(store, "水利局") == {("某县水利局", G1)}


def test_a_missing_text_index_is_rebuilt_from_the_store(tmp_path: Path) -> None:
    from wuxing_kg.textindex import FILE_NAME

    path = tmp_path / "s"
    with Store(path) as store:
        store.replace_graph(G1, _text_quads(G1, "某镇建成污水处理站", "某镇"))
    (path / FILE_NAME).unlink()
    with Store(path, read_only=True) as reader:  # a reader may rebuild it, too
        assert _found(reader, "污水处理") == {("某镇建成污水处理站", G1)}


def test_a_graph_left_pending_by_a_crash_is_re_read_by_the_next_writer(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with Store(path) as store:
        store.replace_graph(G1, _text_quads(G1, "旧的句子内容", "某乡"))
        store.text_index.begin(G1)  # as if the process died after this mark ...
        store.raw.update(f"DELETE WHERE {{ GRAPH <{G1}> {{ ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#value> ?o }} }}")
        store.raw.extend(_text_quads(G1, "新的句子内容", "某乡")[1:2])  # ... and the store committed
    with Store(path, read_only=True) as reader:  # a reader never repairs (a writer may be mid-write)
        assert _found(reader, "旧的句子") == {("旧的句子内容", G1)}
    with Store(path) as store:
        assert _found(store, "句子内容") == {("新的句子内容", G1)}


def test_the_first_graph_of_an_empty_store_is_bulk_loaded_like_a_write(tmp_path: Path, make_quads) -> None:
    # load_into_empty (the reference graph of a new store) leaves exactly what
    # write_graph leaves: the graph with its seal, the merged view, the counts, the text index.
    g = "https://example.org/graph/ref"
    quads = make_quads(g, 40)
    seal = ox.Quad(ox.NamedNode(g), ox.NamedNode("http://www.w3.org/2002/07/owl#versionInfo"), ox.Literal("d1"), ox.NamedNode(g))
    with Store(tmp_path / "bulk") as bulk, Store(tmp_path / "plain") as plain:
        assert bulk.load_into_empty(g, quads, seal)
        assert plain.write_graph(g, [*quads, seal]) == "added"
        assert set(bulk.raw.quads_for_pattern(None, None, None, None)) == set(plain.raw.quads_for_pattern(None, None, None, None))
        assert bulk.counts() == plain.counts()
        assert not bulk.load_into_empty(g + "2", quads, seal)  # not empty any more: nothing written
        assert bulk.write_graph(g, [*quads, seal]) == "unchanged"
        assert bulk.text_index.row_count() == plain.text_index.row_count() > 0
        assert bulk.text_index.search("事物") == plain.text_index.search("事物")
    with Store(tmp_path / "bulk", read_only=True) as bulk, Store(tmp_path / "plain", read_only=True) as plain:
        assert bulk.counts() == plain.counts()  # kept across the close (the bulk load's tables in the stamp)
        assert bulk.quad_count() == plain.quad_count() == len(quads) + 1  # named-graph quads
