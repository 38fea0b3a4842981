"""Canned-query latency on a ~1 M-triple synthetic corpus shaped like the real graph.

The corpus: the seed bulletin extracted once by the real pipeline, then re-issued as
many bulletins (several synthetic cities × issues; the city name, issue, date and every
metric value vary), each mapped by ``rdf.mapping.to_quads`` into its own named graph,
plus the reference graph. Entities repeat across issues of a city, as departments do.

Three engines answer the same canned queries with their default parameters:

* ``store.Store`` on disk (what the CLI and server use), through ``queries.run``;
* pyoxigraph ``Store()`` in memory (bulk-loaded from the disk store), queried directly;
* rdflib ``Dataset`` in memory (default graph = union) — on a ~100 k-triple slice,
  because loading 1 M triples into rdflib takes minutes and GBs (NOTES.md).

The on-disk store is bulk-built once by :func:`ensure_store` and kept when
``WUXING_BENCH_STORE=DIR`` is set (bench_server reuses it). Reported: load time per engine
and each query's median latency (3 runs); the figure to read is the ratio, measured in the
same run.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "bulletins" / "ganzhou-wuxing-bulletin-2019-51.txt"
TARGET_TRIPLES = int(os.environ.get("WX_BENCH_TRIPLES", "1000000"))  # smaller for a quick look
RDFLIB_SLICE = 100_000
RUNS = int(os.environ.get("WUXING_BENCH_RUNS", "3"))
# A directory to keep the built on-disk store in, reused by later runs (and by bench_server).
KEEP_ENV = "WUXING_BENCH_STORE"


def ensure_store(path: Path, target: int = TARGET_TRIPLES) -> tuple[Path, float]:
    """Build the synthetic corpus into an on-disk store at `path` with bulk loading (a
    rebuild, not an ingest: NOTES.md measured transactional loading 3× slower), unless a
    store is already there. Returns (path, build seconds; 0 when reused)."""
    import pyoxigraph as ox

    if (path / "CURRENT").exists():
        return path, 0.0
    t0 = time.perf_counter()
    mapped, reference = _corpus(target)
    raw = ox.Store(str(path))
    ref_graph = reference[0].graph_name
    raw.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ref_graph) for q in reference)
    for start in range(0, len(mapped), 20):
        raw.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(m.graph))
                        for m in mapped[start:start + 20] for q in m.quads)
    raw.optimize()
    raw.flush()
    del raw
    return path, time.perf_counter() - t0


def _corpus(target: int):
    """(list of MappedBulletin, reference quads) with about `target` quads in all."""
    from wuxing_kg import records
    from wuxing_kg.nlp import extract
    from wuxing_kg.rdf.mapping import to_quads
    from wuxing_kg.rdf.reference import reference_quads
    from wuxing_kg.reading import read_bulletin

    base = extract(read_bulletin(SEED))
    text = base.to_json(indent=None)
    city = base.city or "市"
    one = len(to_quads(base).quads)
    count = max(1, target // one)
    mapped = []
    for i in range(count):
        k, issue = divmod(i, 24)
        doc = json.loads(text.replace(city, f"样例{k}市") if k else text, parse_float=Decimal)
        doc["issue"] = f"第{issue + 1}期"
        doc["date"] = f"{2015 + issue % 6}-{1 + issue % 12:02d}-16"
        for m in doc["metrics"]:
            m["value"] = Decimal(str(m["value"])) * (1 + Decimal(i) / 100)
        mapped.append(to_quads(records.Extraction.from_dict(doc)))
    return mapped, reference_quads()


def _median(fn) -> tuple[float, int]:
    times, n = [], 0
    for _ in range(RUNS):
        t0 = time.perf_counter()
        n = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), n


RDFLIB_LIMIT = 20.0  # seconds; rdflib's engine is abandoned (its process killed) past this


def _rdflib_child(ds, text, bindings, out) -> None:  # runs in a forked process
    try:
        t0 = time.perf_counter()
        list(ds.query(text, initBindings=bindings))
        out.put(time.perf_counter() - t0)
    except Exception as exc:  # rdflib lacks some SPARQL 1.1 corners
        out.put(f"error {type(exc).__name__}")


def _rdflib_once(ds, text, bindings) -> float | str:
    """One rdflib run in a forked child (shares the loaded Dataset), killed at the limit:
    a thread could not be stopped and would skew the later measurements."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    child = ctx.Process(target=_rdflib_child, args=(ds, text, bindings, out))
    child.start()
    child.join(RDFLIB_LIMIT)
    if child.is_alive():
        child.kill()
        child.join()
        return f"> {RDFLIB_LIMIT:.0f} s"
    return out.get() if not out.empty() else "error"


def run() -> None:
    import pyoxigraph as ox
    from rdflib import Dataset, Literal

    from wuxing_kg import queries
    from wuxing_kg.settings import REFERENCE_GRAPH
    from wuxing_kg.store import Store
    from wuxing_kg.validate import _term  # same term conversion as validation

    keep = os.environ.get(KEEP_ENV)
    tmp = Path(tempfile.mkdtemp(prefix="wx-bench-"))
    path = Path(keep) if keep else tmp / "kg"
    try:
        path, built = ensure_store(path)
        how = f"built (bulk load) in {built:.1f} s" if built else "reused"
        with Store(path, read_only=True) as store:
            graphs = [g for g in store.named_graphs() if g != REFERENCE_GRAPH]
            total = store.quad_count()
            # --- pyoxigraph in memory, bulk-loaded from the on-disk store
            t0 = time.perf_counter()
            mem = ox.Store()
            mem.bulk_extend(store.quads())
            mem_load = time.perf_counter() - t0
            # --- rdflib Dataset (default graph = union) on a slice of whole bulletin graphs
            t0 = time.perf_counter()
            ds = Dataset(default_union=True)
            conv: dict = {}

            def term(t):
                hit = conv.get(t)
                if hit is None:
                    hit = conv[t] = _term(t)
                return hit

            sliced = used = 0
            for g in [REFERENCE_GRAPH, *graphs]:
                if sliced >= RDFLIB_SLICE:
                    break
                target = ds.graph(term(ox.NamedNode(g)))
                for q in store.quads(g):
                    target.add((term(q.subject), term(q.predicate), term(q.object)))
                    sliced += 1
                used += g != REFERENCE_GRAPH
            rdflib_load = time.perf_counter() - t0
        print(f"corpus: {len(graphs)} bulletin graphs + reference = {total:,} quads in {path} ({how}; "
              f"{KEEP_ENV}=DIR keeps it for the next run)")
        print(f"load: pyoxigraph in memory (bulk) {mem_load:.1f} s; rdflib Dataset {rdflib_load:.1f} s for a SLICE of "
              f"{sliced:,} quads (reference + {used} bulletins; ≈ {rdflib_load * total / max(sliced, 1):.0f} s extrapolated)")

        print(f"{'query (default params)':28} {'Store(disk)':>12} {'oxigraph(mem)':>14} {'disk/mem':>8} "
              f"{'rdflib(slice)':>14} {'rows':>6}", flush=True)
        ratios = []
        with Store(path, read_only=True) as store:
            for cq in queries.list_queries():
                subs_ox = {ox.Variable(k): ox.Literal(v) for k, v in cq.defaults.items()}
                disk, rows = _median(lambda: len(queries.run(store, cq.name, {}).rows))
                memt, _ = _median(lambda: sum(1 for _ in mem.query(
                    cq.text, use_default_graph_as_union=True, substitutions=subs_ox or None)))
                ratios.append(disk / max(memt, 1e-9))
                outcome = _rdflib_once(ds, cq.text, {k: Literal(v) for k, v in cq.defaults.items()})
                rdf = f"{outcome * 1000:11.1f} ms" if isinstance(outcome, float) else f"{outcome:>14}"
                print(f"{cq.name:28} {disk * 1000:9.1f} ms {memt * 1000:11.1f} ms {disk / max(memt, 1e-9):8.2f} "
                      f"{rdf} {rows:6}", flush=True)
        print(f"median of {RUNS} runs each; disk/mem = on-disk store.Store (through queries.run) / pyoxigraph in memory "
              f"queried directly, median ratio {statistics.median(ratios):.2f}. rdflib ran once, on the "
              f"{sliced:,}-quad slice only (not comparable in size), cut at {RDFLIB_LIMIT:.0f} s.")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
