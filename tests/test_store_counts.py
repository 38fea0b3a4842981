"""Counts kept by the writer (store_counts) instead of scanning the store."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox

from wuxing_kg import store_counts, store_summary
from wuxing_kg.settings import SUMMARY_GRAPH
from wuxing_kg.store import Store, compact

EX = "https://example.org/"


def _quads(graph: str, n: int, start: int = 0) -> list[ox.Quad]:
    g = ox.NamedNode(EX + graph)
    return [ox.Quad(ox.NamedNode(f"{EX}s{i}"), ox.NamedNode(EX + "p"), ox.Literal(str(i)), g)
            for i in range(start, start + n)]


def _scanned(path: Path) -> tuple[int, int]:
    # named-graph quads: the merged view in the default graph is not counted (fact_count),
    # nor the summary graph that describes the graphs (store_summary)
    raw = ox.Store.read_only(str(path))
    skip = (ox.DefaultGraph(), ox.NamedNode(SUMMARY_GRAPH))
    named = sum(1 for q in raw.quads_for_pattern(None, None, None, None) if q.graph_name not in skip)
    return named, sum(1 for g in raw.named_graphs() if g not in skip)


def _saved(path: Path) -> store_counts.Counts | None:
    return store_counts.load(path, store_counts.files_stamp(path))


def test_counts_follow_every_kind_of_write_and_are_saved_at_close(tmp_path) -> None:
    path = tmp_path / "kg"
    with Store(path) as store:
        assert store.write_graph(EX + "a", _quads("a", 10)) == "added"
        assert store.write_graph(EX + "b", _quads("b", 5)) == "added"
        assert store.write_graph(EX + "a", _quads("a", 12)) == "replaced"  # grew: extend only
        assert store.write_graph(EX + "a", _quads("a", 9, start=1)) == "replaced"  # DELETE/INSERT DATA
        assert store.write_graph(EX + "b", _quads("b", 4, start=50)) == "replaced"  # mostly new: DROP
        assert store.write_graph(EX + "b", _quads("b", 4, start=50)) == "unchanged"
        assert store.write_graph(EX + "empty", []) == "added"  # creates no graph
        assert store.remove_graph(EX + "b")
        assert (store.quad_count(), store.graph_count()) == (9, 1)
    assert (_saved(path).quads, _saved(path).graphs) == _scanned(path) == (9, 1)
    with Store(path, read_only=True) as reader:
        assert reader._counts is not None  # taken from the saved file, not scanned
        assert reader.quad_count() == 9


def test_a_write_that_bypasses_the_counts_makes_them_stale_not_wrong(tmp_path) -> None:
    path = tmp_path / "kg"
    with Store(path) as store:
        store.write_graph(EX + "a", _quads("a", 10))
    raw = ox.Store(str(path))  # another program writes without knowing the counts
    raw.extend(_quads("z", 7))
    raw.flush()
    del raw
    assert _saved(path) is None  # the files changed under the saved counts
    with Store(path, read_only=True) as reader:
        assert reader.quad_count() == 17
    with Store(path) as store:
        assert store.quad_count() == 17  # counted once, then kept
        store.write_graph(EX + "b", _quads("b", 3))
        assert store.quad_count() == 20
    assert _saved(path).quads == 20


def test_writes_through_the_raw_handle_are_noticed(tmp_path) -> None:
    path = tmp_path / "kg"
    with Store(path) as store:
        store.write_graph(EX + "a", _quads("a", 4))
        store.raw.bulk_extend(_quads("b", 6))
        store.raw.update(f"DELETE DATA {{ GRAPH <{EX}a> {{ <{EX}s0> <{EX}p> \"0\" }} }}")
        assert list(store.raw.quads_for_pattern(None, None, None, ox.NamedNode(EX + "b")))  # reads are fine
        assert (store.quad_count(), store.graph_count()) == (9, 2)
    assert _saved(path).quads == 9


def test_a_reader_keeps_the_count_of_its_snapshot(tmp_path) -> None:
    path = tmp_path / "kg"
    with Store(path) as store:
        store.write_graph(EX + "a", _quads("a", 6))
    with Store(path) as writer, Store(path, read_only=True) as reader:
        writer.write_graph(EX + "b", _quads("b", 4))
        writer.close()
        assert reader.quad_count() == 6
    with Store(path, read_only=True) as later:
        assert later.quad_count() == 10


def test_a_damaged_counts_file_is_counted_again(tmp_path) -> None:
    path = tmp_path / "kg"
    with Store(path) as store:
        store.write_graph(EX + "a", _quads("a", 6))
    (path / store_counts.COUNTS_FILE).write_text("{not json", encoding="utf-8")
    with Store(path, read_only=True) as reader:
        assert reader.quad_count() == 6


def test_compact_keeps_the_counts_and_drops_old_info_logs(tmp_path) -> None:
    path = tmp_path / "kg"
    for i in range(3):  # each read-write open leaves a LOG.old.* behind
        with Store(path) as store:
            store.write_graph(EX + f"g{i}", _quads(f"g{i}", 5))
    assert list(path.glob("LOG.old.*"))
    compact(path)
    assert not list(path.glob("LOG.old.*"))
    assert _saved(path).quads == 15
    copy = tmp_path / "copy"  # a copied store keeps valid counts
    shutil.copytree(path, copy, ignore=shutil.ignore_patterns("LOCK"))
    assert _saved(copy).quads == 15


# ---------------------------------------------------------------------- what commands import

_PROBE = """
import sys
from wuxing_kg.cli import cli
try:
    cli(sys.argv[1:], standalone_mode=False)
finally:
    print("LOADED", *sorted(m for m in ("spacy", "jieba", "rdflib", "pyshacl") if m in sys.modules), file=sys.stderr)
"""


def _loaded(*args: str) -> set[str]:
    import os
    import subprocess
    import sys

    src = str(Path(__file__).resolve().parent.parent / "src")
    env = {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    line = next(x for x in done.stderr.splitlines() if x.startswith("LOADED"))
    return set(line.split()[1:])


def test_stats_imports_neither_spacy_nor_rdflib_and_reads_the_kept_counts(demo_store_copy) -> None:
    assert _loaded("--store", str(demo_store_copy), "stats") == set()
    with Store(demo_store_copy, read_only=True) as reader:
        assert reader._counts is not None  # ingest saved them: nothing to scan


def test_an_ingest_of_unchanged_files_does_not_import_the_extractor(demo_store_copy, seed_path) -> None:
    assert _loaded("--store", str(demo_store_copy), "ingest", str(seed_path)) == set()


def _typed(graph: str, n: int, start: int = 0) -> list[ox.Quad]:
    """n things of class A (and every third also of class B), each with a label."""
    g = ox.NamedNode(EX + graph)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    out = []
    for i in range(start, start + n):
        s = ox.NamedNode(f"{EX}{graph}/t{i}")
        out += [ox.Quad(s, rdf_type, ox.NamedNode(EX + "A"), g), ox.Quad(s, ox.NamedNode(EX + "label"), ox.Literal(str(i)), g)]
        if i % 3 == 0:
            out.append(ox.Quad(s, rdf_type, ox.NamedNode(EX + "B"), g))
    return out


def _summary_is_exact(store: Store) -> None:
    """The summary graph describes exactly the graphs there are, as they are now."""
    expected: set[ox.Quad] = set()
    for graph in store.named_graphs():
        described = store_summary.summary_quads(graph, store.quads(graph))
        assert store_summary.stored_summary(store.raw, graph) == described
        expected |= described
    assert set(store.raw.quads_for_pattern(None, None, None, store_summary.GRAPH)) == expected
    # not part of the merged view
    assert not list(store.raw.quads_for_pattern(None, store_summary.TRIPLES, None, ox.DefaultGraph()))


def test_the_summary_graph_stays_exact_through_ingest_reingest_and_remove(tmp_path) -> None:
    path = tmp_path / "kg"
    with Store(path) as store:
        assert store.write_graph(EX + "a", _typed("a", 6)) == "added"
        assert store.write_graph(EX + "b", _typed("b", 4)) == "added"
        _summary_is_exact(store)
        assert store.write_graph(EX + "a", _typed("a", 6)) == "unchanged"
        assert store.write_graph(EX + "a", _typed("a", 9)) == "replaced"  # only additions: counts change
        _summary_is_exact(store)
        assert store.write_graph(EX + "a", _typed("a", 5, start=2)) == "replaced"  # removals
        _summary_is_exact(store)
        assert store.write_graph(EX + "b", _typed("b", 4, start=40)) == "replaced"  # mostly new: DROP
        _summary_is_exact(store)
        assert store.remove_graph(EX + "b")
        _summary_is_exact(store)
        assert store.named_graphs() == [EX + "a"]
        (row,) = store.select(
            "PREFIX void: <http://rdfs.org/ns/void#> SELECT ?n ?size WHERE { GRAPH ?s { ?g void:triples ?size ; "
            f"void:classPartition [ void:class <{EX}B> ; void:entities ?n ] }} }}"
        ).rows
        assert row == {"n": "2", "size": "12"}  # t3, t6 of t2..t6: 5 types + 5 labels + 2
    # a store written without it (an older wuxing-kg) gets it at its next read-write open
    raw = ox.Store(str(path))
    raw.remove_graph(store_summary.GRAPH)
    del raw
    with Store(path) as store:
        _summary_is_exact(store)
        assert store.raw.contains_named_graph(store_summary.GRAPH)
