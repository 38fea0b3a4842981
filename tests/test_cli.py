"""The CLI end to end with click's CliRunner: ingest, query, queries, bulletins, remove, export, stats."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from wuxing_kg.cli import cli
from wuxing_kg.queries import list_queries, short_id
from wuxing_kg.store import Store

BULLETIN_CLASS = "https://w3id.org/wuxing-kg/ontology#Bulletin"
ISSUE = "https://w3id.org/wuxing-kg/ontology#issue"
SELECT_ISSUES = f"SELECT ?b ?issue WHERE {{ ?b a <{BULLETIN_CLASS}> ; <{ISSUE}> ?issue }}"


@pytest.fixture
def run():  # type: ignore[no-untyped-def]
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return invoke


def quad_count(path: Path) -> int:
    with Store(path, read_only=True) as store:
        return store.quad_count()


# ------------------------------------------------------------------ help


def test_every_command_help_shows_an_example(run) -> None:  # type: ignore[no-untyped-def]
    assert "Example" in run("--help").output
    for name in sorted(cli.commands):
        result = run(name, "--help")
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"`wuxing-kg {name} --help` shows no example"


# ------------------------------------------------------------------ ingest


def test_ingest_then_read_commands_end_to_end(run, tmp_path: Path, seed_path: Path) -> None:  # type: ignore[no-untyped-def]
    store = tmp_path / "kg"
    result = run("--store", store, "ingest", seed_path.parent)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("added") and seed_path.name in lines[0] and "第51期" in lines[0]
    assert lines[-1].startswith("total: 1 bulletin,") and "quads" in lines[-1]
    total = quad_count(store)
    assert f"store now holds {total} quads" in lines[-1]

    again = run("--store", store, "ingest", seed_path)
    assert again.exit_code == 0 and again.stdout.startswith("unchanged")
    assert quad_count(store) == total

    listing = run("--store", store, "bulletins", "--format", "json")
    (row,) = json.loads(listing.stdout)["results"]["bindings"]
    assert row["issue"]["value"] == "第51期" and row["file"]["value"] == seed_path.name
    assert row["date"]["value"] == "2019-08-16"

    stats = json.loads(run("--store", store, "stats", "--format", "json").stdout)
    assert stats["bulletins"] == 1 and stats["quads"] == total and stats["articles"] >= 5


def test_reextract_flag_redoes_an_unchanged_file(run, demo_store_copy: Path, seed_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from wuxing_kg import nlp

    calls: list[object] = []
    real = nlp.extract
    monkeypatch.setattr(nlp, "extract", lambda *a, **k: calls.append(a) or real(*a, **k))
    skipped = run("--store", demo_store_copy, "ingest", seed_path)
    assert skipped.exit_code == 0 and skipped.stdout.startswith("unchanged") and calls == []
    forced = run("--store", demo_store_copy, "ingest", "--reextract", seed_path)
    assert forced.exit_code == 0, forced.output
    assert forced.stdout.startswith("unchanged") and len(calls) == 1  # redone, and the same quads


def test_compact_command(run, demo_store_copy: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("--store", demo_store_copy, "compact")
    assert result.exit_code == 0, result.output
    assert re.match(r"store: [0-9.]+ MB -> [0-9.]+ MB on disk", result.stdout)
    missing = run("--store", tmp_path / "none", "compact")
    assert missing.exit_code == 2 and not (tmp_path / "none").exists()


def test_dry_run_creates_no_store(run, tmp_path: Path, seed_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("--store", tmp_path / "kg", "ingest", "--dry-run", seed_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("dry-run")
    assert "nothing written" in result.stdout
    assert not (tmp_path / "kg").exists()


@pytest.mark.parametrize(
    "name,content",
    [
        ("empty.txt", b""),
        ("binary.txt", bytes(range(256)) * 4),
        ("broken.docx", b"PK\x03\x04truncated"),
        ("broken.pdf", b"%PDF-1.4\n1 0 obj"),
        ("latin1.txt", "Café crème brûlée, naïve façade. ".encode("latin-1") * 20),
        ("notes.odt", "工作简报".encode()),
    ],
)
def test_bad_input_exits_2_and_leaves_the_store(run, demo_store_copy: Path, tmp_path: Path, name: str, content: bytes) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / name
    bad.write_bytes(content)
    before = quad_count(demo_store_copy)
    result = run("--store", demo_store_copy, "ingest", bad)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and name in result.stderr
    assert result.stdout == ""
    assert quad_count(demo_store_copy) == before


def test_max_bytes_option(run, demo_store_copy: Path, seed_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = quad_count(demo_store_copy)
    result = run("--store", demo_store_copy, "ingest", "--max-bytes", "100", seed_path)
    assert result.exit_code == 2 and "too large" in result.stderr
    assert quad_count(demo_store_copy) == before


def test_missing_path_is_exit_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("--store", tmp_path / "kg", "ingest", tmp_path / "nope.txt")
    assert result.exit_code == 2 and "no such file" in result.stderr


def test_busy_store_is_exit_1_with_a_clear_message(run, tmp_path: Path, seed_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "kg"
    with Store(path):
        result = run("--store", path, "ingest", seed_path)
    assert result.exit_code == 1
    assert "busy" in result.stderr and "another process is writing" in result.stderr and str(path) in result.stderr


def test_read_commands_on_a_missing_store_exit_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for args in (("stats",), ("bulletins",), ("query", "ASK {}"), ("export",), ("remove", "abcd1234")):
        result = run("--store", tmp_path / "none", *args)
        assert result.exit_code == 2, args
        assert "no store at" in result.stderr
    assert not (tmp_path / "none").exists()


# ------------------------------------------------------------------ query


def test_query_text_in_every_format(run, demo_store: Path) -> None:  # type: ignore[no-untyped-def]
    table = run("--store", demo_store, "query", SELECT_ISSUES)
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["b", "issue"] and "第51期" in lines[2] and lines[-1] == "(1 row)"
    assert "id:bulletin/" in lines[2]  # IRIs shortened in tables

    rows = list(csv.reader(io.StringIO(run("--store", demo_store, "query", SELECT_ISSUES, "--format", "csv").stdout)))
    assert rows[0] == ["b", "issue"] and rows[1][1] == "第51期" and rows[1][0].startswith("https://")

    tsv = run("--store", demo_store, "query", SELECT_ISSUES, "--format", "tsv").stdout.splitlines()
    assert tsv[1].split("\t")[1] == "第51期"

    doc = json.loads(run("--store", demo_store, "query", SELECT_ISSUES, "--format", "json").stdout)
    assert doc["head"]["vars"] == ["b", "issue"]
    assert doc["results"]["bindings"][0]["issue"] == {"type": "literal", "value": "第51期"}


def test_query_from_file_and_stdin(run, demo_store: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rq = tmp_path / "issues.rq"
    rq.write_text(SELECT_ISSUES, encoding="utf-8")
    assert "第51期" in run("--store", demo_store, "query", "-f", rq, "--format", "csv").stdout
    assert "第51期" in run("--store", demo_store, "query", "-f", "-", "--format", "csv", input=SELECT_ISSUES).stdout


def test_query_ask_and_construct(run, demo_store: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("--store", demo_store, "query", f"ASK {{ ?b a <{BULLETIN_CLASS}> }}").stdout == "true\n"
    assert run("--store", demo_store, "query", "ASK { ?b a <urn:nothing> }").stdout == "false\n"
    ttl = run("--store", demo_store, "query", f"CONSTRUCT {{ ?b <{ISSUE}> ?i }} WHERE {{ ?b <{ISSUE}> ?i }}").stdout
    g = rdflib.Graph().parse(data=ttl, format="turtle")
    assert {str(o) for o in g.objects()} == {"第51期"}


def test_query_by_canned_name_with_params(run, demo_store: Path) -> None:  # type: ignore[no-untyped-def]
    # the issue's acceptance check, through the CLI: a canned query by name with a parameter
    result = run(
        "--store", demo_store, "query", "outcomes-by-department", "--param", "dept=赣州市商务局", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert "dept" not in rows[0]  # parameter columns are hidden
    assert any(
        r["department"] == "赣州市商务局" and r["value"] == "1118000000" and r["unit"] == "美元" and r["period"] == "2019年上半年"
        for r in rows
    ), rows
    # the default parameter ("" = all departments) gives more rows than one department
    everyone = run("--store", demo_store, "query", "outcomes-by-department", "--format", "csv")
    assert len(list(csv.DictReader(io.StringIO(everyone.stdout)))) > len(rows)
    nobody = run("--store", demo_store, "query", "outcomes-by-department", "-p", "dept=不存在的部门", "--format", "csv")
    assert nobody.stdout.splitlines()[1:] == []


def test_query_limit_cuts_a_canned_answer_and_says_so_on_stderr(run, demo_store: Path) -> None:  # type: ignore[no-untyped-def]
    everyone = run("--store", demo_store, "query", "outcomes-by-department", "--format", "json", "--limit", "0")
    bindings = json.loads(everyone.stdout)["results"]["bindings"]
    assert len(bindings) > 2 and "rows; --limit 0 for all" not in everyone.stderr
    two = run("--store", demo_store, "query", "outcomes-by-department", "--format", "json", "--limit", "2")
    assert two.exit_code == 0
    assert json.loads(two.stdout)["results"]["bindings"] == bindings[:2]  # standard JSON, the sorted answer's first rows
    assert "2 of at least 3 rows; --limit 0 for all" in two.stderr


def test_query_errors_exit_2(run, demo_store: Path) -> None:  # type: ignore[no-untyped-def]
    bad = run("--store", demo_store, "query", "SELECT ?x WHERE { ?x")
    assert bad.exit_code == 2 and "SPARQL syntax error" in bad.stderr
    unknown = run("--store", demo_store, "query", "no-such-query")
    assert unknown.exit_code == 2 and "no canned query named 'no-such-query'" in unknown.stderr
    assert run("--store", demo_store, "query").exit_code == 2
    assert run("--store", demo_store, "query", SELECT_ISSUES, "--param", "novalue").exit_code == 2
    assert run("--store", demo_store, "query", SELECT_ISSUES, "--format", "xml").exit_code == 2
    name = list_queries()[0].name
    wrong = run("--store", demo_store, "query", name, "--param", "nosuchparam=1")
    assert wrong.exit_code == 2 and "no parameter nosuchparam" in wrong.stderr


def test_queries_lists_the_canned_queries(run) -> None:  # type: ignore[no-untyped-def]
    out = run("queries").stdout
    for q in list_queries():
        assert q.name in out and q.title in out
        for p in q.params:
            assert f"--param {p.name}=" in out
    one = list_queries()[0]
    assert run("queries", one.name).stdout == one.text
    assert run("queries", "nope").exit_code == 2


# ------------------------------------------------------------------ bulletins, remove


def test_bulletins_table(run, demo_store: Path, seed_graph: str) -> None:  # type: ignore[no-untyped-def]
    out = run("--store", demo_store, "bulletins").stdout.splitlines()
    assert out[0].split()[:4] == ["id", "title", "issue", "date"]
    assert out[2].startswith(short_id(seed_graph)) and "第51期" in out[2] and "2019-08-16" in out[2]


def test_remove_by_id_and_unknown_id(run, demo_store_copy: Path, seed_graph: str, seed_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = quad_count(demo_store_copy)
    unknown = run("--store", demo_store_copy, "remove", "ffffffff")
    assert unknown.exit_code == 2 and "no bulletin" in unknown.stderr
    assert quad_count(demo_store_copy) == before
    result = run("--store", demo_store_copy, "remove", short_id(seed_graph))
    assert result.exit_code == 0 and seed_graph in result.stdout
    with Store(demo_store_copy, read_only=True) as store:
        assert seed_graph not in store.named_graphs()
        assert store.quad_count() < before
    assert run("--store", demo_store_copy, "bulletins").stdout.splitlines()[-1] == "(0 rows)"
    assert run("--store", demo_store_copy, "remove", seed_path.name).exit_code == 2  # already gone


def test_remove_by_file_name(run, demo_store_copy: Path, seed_graph: str, seed_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run("--store", demo_store_copy, "remove", seed_path.name).exit_code == 0
    with Store(demo_store_copy, read_only=True) as store:
        assert seed_graph not in store.named_graphs()


# ------------------------------------------------------------------ export, stats


@pytest.mark.parametrize(
    "fmt,rdflib_format,ox_format",
    [
        ("ttl", "turtle", ox.RdfFormat.TURTLE),
        ("trig", "trig", ox.RdfFormat.TRIG),
        ("nq", "nquads", ox.RdfFormat.N_QUADS),
        ("nt", "nt", ox.RdfFormat.N_TRIPLES),
        ("jsonld", "json-ld", ox.RdfFormat.JSON_LD),
    ],
)
def test_export_parses_back(run, demo_store: Path, seed_graph: str, fmt: str, rdflib_format: str, ox_format) -> None:  # type: ignore[no-untyped-def]
    # the whole store (with the reference graph): parsed back by pyoxigraph
    whole = run("--store", demo_store, "export", "--format", fmt)
    assert whole.exit_code == 0
    parsed = list(ox.parse(whole.stdout_bytes, format=ox_format))
    if fmt in ("trig", "nq", "jsonld"):
        assert len(parsed) == quad_count(demo_store)
        assert seed_graph in {q.graph_name.value for q in parsed if isinstance(q.graph_name, ox.NamedNode)}
    # one bulletin: parsed back by an independent parser (rdflib)
    one = run("--store", demo_store, "export", "--format", fmt, "--bulletin", seed_graph)
    ds = rdflib.Dataset()
    ds.parse(data=one.stdout_bytes, format=rdflib_format)
    quads = list(ds.quads((None, None, None, None)))
    assert {str(o) for _, p, o, _ in quads if str(p) == ISSUE} == {"第51期"}
    with Store(demo_store, read_only=True) as store:
        assert len(quads) == store.quad_count(seed_graph)


def test_export_to_file_and_one_bulletin(run, demo_store: Path, seed_graph: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "kg.nq"
    result = run("--store", demo_store, "export", "--format", "nq", "--bulletin", short_id(seed_graph), "-o", out)
    assert result.exit_code == 0 and result.stdout == ""
    text = out.read_text(encoding="utf-8")
    with Store(demo_store, read_only=True) as store:
        assert len(text.splitlines()) == store.quad_count(seed_graph)


def test_export_to_an_unwritable_path_is_exit_2(run, demo_store: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run("--store", demo_store, "export", "-o", tmp_path / "no" / "such" / "dir" / "kg.trig")
    assert result.exit_code == 2 and "cannot write" in result.stderr


def test_export_graphml(run, demo_store: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "kg.graphml"
    result = run("--store", demo_store, "export", "--format", "graphml", "-o", out)
    assert result.exit_code == 0, result.output
    g = nx.read_graphml(out)
    assert g.number_of_nodes() > 10


def test_stats_table(run, demo_store: Path) -> None:  # type: ignore[no-untyped-def]
    lines = run("--store", demo_store, "stats").stdout.splitlines()
    counts = {line.rsplit(None, 1)[0].strip(): int(line.rsplit(None, 1)[1]) for line in lines}
    assert counts["bulletins"] == 1
    assert counts["quads"] == quad_count(demo_store)
    assert counts["sentences"] > counts["articles"] > 0
    assert {"organizations", "places", "programs", "people", "metrics"} <= set(counts)
