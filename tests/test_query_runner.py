"""The canned-query runner and result formatters (queries/__init__.py) on a synthetic store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from wuxing_kg import queries
from wuxing_kg.errors import QueryError
from wuxing_kg.store import Store

G = "https://w3id.org/wuxing-kg/graph/runner"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"

CANNED = """# title: Things by label
# description: Every thing with its value,
# description: optionally only one label.
# param: label = 事物1-v -- label of the thing ("" = all)
# columns: thing, value
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX ex: <http://example.org/>
SELECT ?label ?thing ?value WHERE {
  ?thing rdfs:label ?l ; ex:value ?value .
  FILTER(?label = "" || STR(?l) = ?label)
} ORDER BY ?value
"""


@pytest.fixture
def qdir(tmp_path: Path) -> Path:
    d = tmp_path / "rq"
    d.mkdir()
    (d / "things-by-label.rq").write_text(CANNED, encoding="utf-8")
    (d / "all-things.rq").write_text("# title: All\nSELECT ?s WHERE { ?s ?p ?o }\n", encoding="utf-8")
    return d


@pytest.fixture
def store(tmp_path: Path, make_quads):  # type: ignore[no-untyped-def]
    with Store(tmp_path / "s") as s:
        s.replace_graph(G, make_quads(G, 3))
        yield s


def test_header_is_parsed(qdir: Path) -> None:
    q = queries.get("things-by-label", qdir)
    assert q.title == "Things by label"
    assert q.description == "Every thing with its value, optionally only one label."
    assert q.params == (queries.QueryParam("label", "事物1-v", 'label of the thing ("" = all)'),)
    assert q.columns == ("thing", "value")
    assert [c.name for c in queries.list_queries(qdir)] == ["all-things", "things-by-label"]


def test_empty_default_is_the_empty_string() -> None:
    q = queries.parse_canned('# param: dept = "" -- all\nSELECT ?dept WHERE {}', "x")
    assert q.defaults == {"dept": ""}


def test_canned_query_uses_its_default_and_hides_param_columns(store: Store, qdir: Path) -> None:
    result = queries.run(store, "things-by-label", {}, directory=qdir)
    assert result.variables == ["thing", "value"]
    assert result.records() == [{"thing": "http://example.org/thing/1", "value": "1"}]


def test_param_is_bound_as_a_literal_not_pasted_into_the_text(store: Store, qdir: Path) -> None:
    assert len(queries.run(store, "things-by-label", {"label": ""}, directory=qdir).rows) == 3
    # an injection attempt is just a label that matches nothing
    evil = '" || true || "'
    assert queries.run(store, "things-by-label", {"label": evil}, directory=qdir).rows == []


def test_iri_parameter_binds_a_named_node(store: Store) -> None:
    text = "SELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    result = queries.run(store, text, {"s": "<http://example.org/thing/2>"})
    assert result.records() == [{"s": "http://example.org/thing/2", "l": "事物2-v"}]
    assert isinstance(queries.bind_value("<http://example.org/x>"), ox.NamedNode)
    assert isinstance(queries.bind_value("http://example.org/x"), ox.Literal)


def test_unknown_query_and_unknown_param_are_query_errors(store: Store, qdir: Path) -> None:
    with pytest.raises(QueryError, match="no canned query named 'nope'.*things-by-label"):
        queries.run(store, "nope", {}, directory=qdir)
    with pytest.raises(QueryError, match="no parameter dept"):
        queries.run(store, "things-by-label", {"dept": "x"}, directory=qdir)


def test_params_on_non_select_are_refused(store: Store) -> None:
    with pytest.raises(QueryError, match="only be bound in a SELECT"):
        queries.run(store, "ASK { ?s ?p ?o }", {"x": "1"})


def test_query_form_skips_prologue_and_comments() -> None:
    text = "# a comment with SELECT in it\nPREFIX ex: <http://e.org/a#>\nBASE <http://b/>\n  construct { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert queries.query_form(text) == "CONSTRUCT"
    with pytest.raises(QueryError):
        queries.query_form("INSERT DATA { <a> <b> <c> }")


def test_ask_and_construct(store: Store) -> None:
    assert queries.format_result(queries.run(store, "ASK { ?s ?p ?o }"), "table") == "true\n"
    assert json.loads(queries.format_result(queries.run(store, "ASK { ?s <urn:none> ?o }"), "json")) == {
        "head": {},
        "boolean": False,
    }
    ttl = queries.format_result(queries.run(store, f"CONSTRUCT {{ ?s <{LABEL}> ?l }} WHERE {{ ?s <{LABEL}> ?l }}"), "csv")
    parsed = list(ox.parse(ttl.encode(), format=ox.RdfFormat.TURTLE))
    assert len(parsed) == 3


def test_table_aligns_cjk_by_display_width(store: Store) -> None:
    result = queries.run(
        store,
        "PREFIX ex: <http://example.org/thing/>\nSELECT ?s ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } ORDER BY ?l",
    )
    text = queries.format_result(result, "table")
    lines = text.splitlines()
    assert lines[0].split() == ["s", "l"]
    assert lines[2].startswith("ex:0  事物0-v")  # IRIs shortened with the query's own prefixes
    # every cell of column 2 starts at the same display column
    starts = {queries.display_width(line[: line.index("事")]) for line in lines[2:5]}
    assert len(starts) == 1
    assert lines[-1] == "(3 rows)"
    assert queries.display_width("中A1") == 4
    assert queries.display_width("ＡＢ，") == 6  # full-width forms count double too


def test_table_columns_line_up_after_mixed_width_cells() -> None:
    rows = [("中文部门名称", "x"), ("abc", "y"), ("混合mixed", "z")]
    result = queries.QueryResult("select", ["name", "v"], [tuple(ox.Literal(c) for c in r) for r in rows])
    lines = queries.format_result(result, "table").splitlines()
    columns = {queries.display_width(line[: -1]) for line in lines[2:5]}
    assert columns == {14}  # widest cell (12 columns) + two spaces


def test_table_clips_long_cells_but_csv_keeps_them() -> None:
    long = "很" * 100
    result = queries.QueryResult("select", ["x"], [(ox.Literal(long),)])
    table = queries.format_result(result, "table", max_cell=20)
    assert "很" * 9 + "…" in table and long not in table
    assert long in queries.format_result(result, "csv")
    assert long in queries.format_result(result, "table", max_cell=0)


def test_csv_tsv_json(store: Store) -> None:
    sparql = "SELECT ?s ?v ?missing WHERE { ?s <http://example.org/value> ?v } ORDER BY ?v"
    result = queries.run(store, sparql)
    rows = list(csv.reader(io.StringIO(queries.format_result(result, "csv"))))
    assert rows[0] == ["s", "v", "missing"]
    assert rows[1] == ["http://example.org/thing/0", "0", ""]
    tsv = queries.format_result(result, "tsv").splitlines()
    assert tsv[1].split("\t") == ["http://example.org/thing/0", "0", ""]
    doc = json.loads(queries.format_result(result, "json"))
    assert doc["head"]["vars"] == ["s", "v", "missing"]
    first = doc["results"]["bindings"][0]
    assert first["s"] == {"type": "uri", "value": "http://example.org/thing/0"}
    assert first["v"] == {"type": "literal", "value": "0", "datatype": "http://www.w3.org/2001/XMLSchema#integer"}
    assert "missing" not in first
    # pyoxigraph reads it back as SPARQL JSON results
    parsed = ox.parse_query_results(queries.format_result(result, "json").encode(), ox.QueryResultsFormat.JSON)
    assert len(list(parsed)) == 3


def test_tsv_and_csv_keep_values_with_separators_intact() -> None:
    result = queries.QueryResult("select", ["x"], [(ox.Literal('a,"b"\tc\nd'),)])
    assert list(csv.reader(io.StringIO(queries.format_result(result, "csv"))))[1] == ['a,"b"\tc\nd']
    assert queries.format_result(result, "tsv").splitlines()[1] == 'a,"b" c d'


def test_a_file_name_given_as_query_gets_a_hint(store: Store) -> None:
    with pytest.raises(QueryError, match="use|run it with -f my.rq"):
        queries.run(store, "my.rq")
    with pytest.raises(QueryError, match="not a SPARQL query"):
        queries.run(store, "DROP GRAPH <urn:x>")


SERVICE_QUERY = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"


def test_service_is_refused_unless_allowed(store: Store) -> None:
    # SERVICE makes pyoxigraph fetch a remote IRI: an outbound request the user must ask for
    for text in (SERVICE_QUERY, "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"):
        with pytest.raises(QueryError, match="--allow-service"):
            queries.run(store, text)
    # a string that says "service" is not a SERVICE clause
    assert queries.run(store, 'SELECT ?x WHERE { BIND("customer service" AS ?x) }').rows
    # allowed: pyoxigraph really tries the (closed) port, so it fails with an error, not a refusal
    with pytest.raises(Exception) as info:
        queries.run(store, SERVICE_QUERY, allow_service=True)
    assert "--allow-service" not in str(info.value)


def test_cli_query_refuses_service_with_exit_2(tmp_path: Path, make_quads) -> None:  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from wuxing_kg.cli import cli

    with Store(tmp_path / "s") as s:
        s.replace_graph(G, make_quads(G, 1))
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "query", SERVICE_QUERY])
    assert result.exit_code == 2, result.output
    assert "--allow-service" in result.output and "Traceback" not in result.output


INDEXED = """# title: Things whose label contains a text
# description: The text index finds the labels; the query reads them.
# param: text = "" -- part of the label ("" = all)
# index: text -> thing (label)
# columns: l
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?text ?l WHERE { ?thing rdfs:label ?l } ORDER BY ?l
"""


def test_an_index_header_binds_the_text_index_hits(tmp_path: Path, make_quads) -> None:
    d = tmp_path / "rq"
    d.mkdir()
    (d / "labels-containing.rq").write_text(INDEXED, encoding="utf-8")
    with Store(tmp_path / "s") as store:
        store.replace_graph(G, make_quads(G, 12))

        def labels(text: str) -> list[str | None]:
            return [r["l"] for r in queries.run(store, "labels-containing", {"text": text}, directory=d).records()]

        assert labels("1-v") == ["事物1-v", "事物11-v"]  # three characters: the trigram index
        assert labels("物1") == ["事物1-v", "事物10-v", "事物11-v"]  # two: a scan of the index
        assert len(labels("")) == 12 and labels("不在") == []
        assert labels('") } #') == []  # the text goes to the index, never into the query
    with pytest.raises(QueryError, match="bad '# index:'"):
        queries.parse_canned(INDEXED.replace("text -> thing (label)", "text thing"), "x")


def test_cli_search_prints_the_hits(tmp_path: Path, make_quads) -> None:
    from click.testing import CliRunner

    from wuxing_kg.cli import cli

    with Store(tmp_path / "s") as store:
        store.replace_graph(G, make_quads(G, 3))
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "search", "事物2", "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["kind"], r["text"], r["node"]) for r in rows] == [("label", "事物2-v", "http://example.org/thing/2")]


def test_a_canned_query_is_cut_at_its_limit_and_says_so(store: Store, qdir: Path) -> None:
    every = queries.run(store, "things-by-label", {"label": ""}, directory=qdir, limit=0)
    assert len(every.rows) == 3 and not every.truncated
    first = queries.run(store, "things-by-label", {"label": ""}, directory=qdir, limit=2)
    # the first rows of the sorted answer, and a note that more exist
    assert first.rows == every.rows[:2] and first.truncated and first.limit == 2
    assert queries.truncation_note(first) == "2 of at least 3 rows; --limit 0 for all"
    exact = queries.run(store, "things-by-label", {"label": "", "limit": "3"}, directory=qdir)  # the parameter
    assert exact.rows == every.rows and not exact.truncated and queries.truncation_note(exact) is None
    assert queries.run(store, "things-by-label", {"label": ""}, directory=qdir).limit == queries.DEFAULT_LIMIT
    with pytest.raises(QueryError, match="whole number"):
        queries.run(store, "things-by-label", {"limit": "-1"}, directory=qdir)
    # SPARQL text: every row unless a limit is given
    assert len(queries.run(store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }").rows) > 2
    assert len(queries.run(store, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }", limit=2).rows) == 2


def test_with_limit_goes_after_the_order_by_once() -> None:
    assert queries.with_limit("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", 101).endswith("ORDER BY ?s\nLIMIT 101\n")
    assert queries.with_limit("SELECT ?s WHERE { ?s ?p ?o } LIMIT 5\n# end", 101).endswith("LIMIT 5\n# end")
    assert queries.with_limit("SELECT ?s WHERE { ?s ?p ?o }", 0) == "SELECT ?s WHERE { ?s ?p ?o }"
