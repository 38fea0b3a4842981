"""Canned-query latency on a ~1 M-triple synthetic corpus shaped like the real graph.

The corpus: the seed bulletin extracted once by the real pipeline, then re-issued as
many bulletins (several synthetic cities × issues; the city name, issue, date and every
metric value vary), each mapped by ``rdf.mapping.to_quads`` into its own named graph,
plus the reference graph. Entities repeat across issues of a city, as departments do.

Three engines answer the same canned queries with their default parameters:

* ``store.Store`` on disk (what the CLI and server use), through ``queries.run``;
* pyoxigraph ``Store()`` in memory, queried directly (no wrapper);
* rdflib ``Dataset`` in memory (default graph = union) — on a ~100 k-triple slice,
  because loading 1 M triples into rdflib takes minutes and GBs (NOTES.md).

Reported: load time per engine and each query's median latency (5 runs); the figure
to read is the ratio to the on-disk store, measured in the same run.
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
RUNS = 5
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


RDFLIB_LIMIT = 30.0  # seconds; rdflib's engine is abandoned (its process killed) past this


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
    from wuxing_kg.store import Store
    from wuxing_kg.validate import _to_rdflib  # noqa: F401  (same term conversion as validation)

    t0 = time.perf_counter()
    mapped, reference = _corpus(TARGET_TRIPLES)
    total = sum(len(m.quads) for m in mapped) + len(reference)
    print(f"corpus: {len(mapped)} bulletins + reference = {total:,} quads (built in {time.perf_counter() - t0:.1f} s)")

    tmp = Path(tempfile.mkdtemp(prefix="wx-bench-"))
    try:
        # --- on-disk store.Store, one transaction per bulletin (the ingest path)
        t0 = time.perf_counter()
        with Store(tmp / "kg") as store:
            for m in mapped:
                store.replace_graph(m.graph, m.quads)
            store.replace_graph(reference[0].graph_name.value, reference)
        disk_load = time.perf_counter() - t0

        # --- pyoxigraph in memory, bulk
        t0 = time.perf_counter()
        mem = ox.Store()
        for m in mapped:
            mem.bulk_extend(m.quads)
        mem.bulk_extend(reference)
        mem_load = time.perf_counter() - t0

        # --- rdflib Dataset on a slice
        t0 = time.perf_counter()
        ds = Dataset(default_union=True)
        sliced = 0
        conv = {}

        def term(t):
            from wuxing_kg.validate import _term

            hit = conv.get(t)
            if hit is None:
                hit = conv[t] = _term(t)
            return hit

        for m in [*mapped]:
            if sliced >= RDFLIB_SLICE:
                break
            g = ds.graph(term(ox.NamedNode(m.graph)))
            for q in m.quads:
                g.add((term(q.subject), term(q.predicate), term(q.object)))
            sliced += len(m.quads)
        rdflib_load = time.perf_counter() - t0
        print(f"load: store.Store on disk (per-bulletin transactions) {disk_load:.1f} s; "
              f"pyoxigraph in memory (bulk) {mem_load:.1f} s; rdflib Dataset {rdflib_load:.1f} s for {sliced:,} quads "
              f"(≈ {rdflib_load * total / max(sliced, 1):.0f} s extrapolated to the whole corpus)")

        print(f"{'query':28} {'Store(disk)':>12} {'oxigraph(mem)':>14} {'ratio':>6} {'rdflib(slice)':>14} {'rows':>6}")
        with Store(tmp / "kg", read_only=True) as store:
            for cq in queries.list_queries():
                subs_ox = {ox.Variable(k): ox.Literal(v) for k, v in cq.defaults.items()}
                disk, rows = _median(lambda: len(queries.run(store, cq.name, {}).rows))
                memt, _ = _median(lambda: sum(1 for _ in mem.query(
                    cq.text, use_default_graph_as_union=True, substitutions=subs_ox or None)))
                outcome = _rdflib_once(ds, cq.text, {k: Literal(v) for k, v in cq.defaults.items()})
                if isinstance(outcome, float):
                    rdf = f"{outcome * 1000:11.1f} ms"
                else:
                    rdf = f"{outcome:>14}"
                print(f"{cq.name:28} {disk * 1000:9.1f} ms {memt * 1000:11.1f} ms {disk / max(memt, 1e-9):6.1f} {rdf} {rows:6}")
        print(f"ratio = on-disk store.Store / in-memory pyoxigraph; rdflib ran once, on the slice only, cut at {RDFLIB_LIMIT:.0f} s.")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
