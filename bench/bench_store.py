"""Canned-query latency on a ~1 M-triple synthetic corpus shaped like the real graph.

The corpus: the seed bulletin extracted once by the real pipeline, then re-issued as
many bulletins (several synthetic cities × issues; the city name, issue, date and every
metric value vary), each mapped by ``rdf.mapping.to_quads`` into its own named graph,
plus the reference graph. Entities repeat across issues of a city, as departments do.

Each canned query runs with its default parameters (p50 of ``WUXING_BENCH_RUNS``):

* **after**: ``queries.run`` on the on-disk ``store.Store`` (what the CLI and server do),
  against raw pyoxigraph on the same store and the same query text (``run/raw``: the
  wrapper's overhead);
* **before → after**: the queries of the previous model (``bench/queries_before/``: the
  union of self-contained bulletin graphs, with their DISTINCT sub-queries) on an
  in-memory pyoxigraph holding the named graphs only, against today's queries on an
  in-memory copy of today's store (merged default graph): the model change alone,
  same engine, same data. A "before" run is cut at ``RDFLIB_LIMIT`` seconds;
* rdflib ``Dataset`` in memory on a ~100 k-triple slice (the slice's merged triples as
  its default graph), because loading 1 M triples into rdflib takes minutes and GBs
  (NOTES.md). ``WX_BENCH_RDFLIB=0`` leaves it out.

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
RUNS = int(os.environ.get("WUXING_BENCH_RUNS", "5"))
WITH_RDFLIB = os.environ.get("WX_BENCH_RDFLIB", "1") != "0"
BEFORE_DIR = Path(__file__).resolve().parent / "queries_before"
# A directory to keep the built on-disk store in, reused by later runs (and by bench_server).
KEEP_ENV = "WUXING_BENCH_STORE"


def ensure_store(path: Path, target: int = TARGET_TRIPLES) -> tuple[Path, float]:
    """Build the synthetic corpus into an on-disk store at `path` with bulk loading (a
    rebuild, not an ingest: NOTES.md measured transactional loading 3× slower), unless a
    store is already there. Returns (path, build seconds; 0 when reused)."""
    import pyoxigraph as ox

    from wuxing_kg.store import Store

    if (path / "CURRENT").exists():
        with Store(path):  # a store kept from before the merged view gets it here, once
            pass
        return path, 0.0
    t0 = time.perf_counter()
    mapped, reference = _corpus(target)
    raw = ox.Store(str(path))
    ref_graph = reference[0].graph_name
    default = ox.DefaultGraph()
    raw.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, g) for q in reference for g in (ref_graph, default))
    for start in range(0, len(mapped), 20):
        # each bulletin's graph, and the merged default graph (bulk_extend dedupes)
        raw.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, g)
                        for m in mapped[start:start + 20] for q in m.quads for g in (ox.NamedNode(m.graph), default))
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


def _child(fn, out) -> None:  # runs in a forked process
    try:
        out.put(fn())
    except Exception as exc:  # rdflib lacks some SPARQL 1.1 corners
        out.put(f"error {type(exc).__name__}")


def _rdflib_once(ds, text, bindings) -> float | str:
    def once() -> float:
        t0 = time.perf_counter()
        list(ds.query(text, initBindings=bindings))
        return time.perf_counter() - t0

    return _capped(once)


def _capped(fn) -> float | str:
    """`fn()` (seconds, or an error text) in a forked child that shares the loaded data,
    killed at the limit: a thread could not be stopped and would skew later measurements."""
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    child = ctx.Process(target=_child, args=(fn, out))
    child.start()
    child.join(RDFLIB_LIMIT)
    if child.is_alive():
        child.kill()
        child.join()
        return f"> {RDFLIB_LIMIT:.0f} s"
    return out.get() if not out.empty() else "error"


def _rdflib_slice(store, graphs):
    """An rdflib Dataset of whole graphs up to RDFLIB_SLICE quads: their named graphs, and
    their merged triples as its default graph (the store's model). (Dataset, quads, bulletins)."""
    import pyoxigraph as ox
    from rdflib import Dataset

    from wuxing_kg.validate import _term  # same term conversion as validation

    ds = Dataset()
    conv: dict = {}

    def term(t):
        hit = conv.get(t)
        if hit is None:
            hit = conv[t] = _term(t)
        return hit

    sliced = used = 0
    for g in graphs:
        if sliced >= RDFLIB_SLICE:
            break
        target = ds.graph(term(ox.NamedNode(g)))
        for q in store.quads(g):
            triple = (term(q.subject), term(q.predicate), term(q.object))
            target.add(triple)
            ds.default_context.add(triple)
            sliced += 1
        used += 1
    return ds, sliced, used - 1


def _cell(seconds: float | str) -> str:
    return f"{seconds * 1000:9.1f} ms" if isinstance(seconds, float) else f"{seconds:>12}"


def _ratio(a: float | str, b: float | str) -> str:
    return f"{a / max(b, 1e-9):7.2f}" if isinstance(a, float) and isinstance(b, float) else f"{'n/a':>7}"


def _read_all(solutions) -> int:
    names = [v.value for v in solutions.variables]
    return len([tuple(s[n] for n in names) for s in solutions])


def _before_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in BEFORE_DIR.glob("*.rq")}


def run() -> None:
    import pyoxigraph as ox

    from wuxing_kg.settings import REFERENCE_GRAPH
    from wuxing_kg.store import Store

    keep = os.environ.get(KEEP_ENV)
    tmp = Path(tempfile.mkdtemp(prefix="wx-bench-"))
    path = Path(keep) if keep else tmp / "kg"
    try:
        path, built = ensure_store(path)
        how = f"built (bulk load) in {built:.1f} s" if built else "reused"
        with Store(path, read_only=True) as store:
            graphs = [g for g in store.named_graphs() if g != REFERENCE_GRAPH]
            total, facts = store.quad_count(), store.fact_count()
            t0 = time.perf_counter()
            mem_after = ox.Store()  # today's model: named graphs + merged default graph
            mem_after.bulk_extend(store.raw.quads_for_pattern(None, None, None, None))
            mem_before = ox.Store()  # the previous model: the named graphs only
            mem_before.bulk_extend(store.quads())
            mem_load = time.perf_counter() - t0
            t0 = time.perf_counter()
            ds, sliced, used = _rdflib_slice(store, [REFERENCE_GRAPH, *graphs]) if WITH_RDFLIB else (None, 0, 0)
            rdflib_load = time.perf_counter() - t0
        print(f"corpus: {len(graphs)} bulletin graphs + reference = {total:,} quads, {facts:,} distinct facts "
              f"in the merged default graph, in {path} ({how}; {KEEP_ENV}=DIR keeps it for the next run)")
        print(f"load: two pyoxigraph in-memory copies (bulk) {mem_load:.1f} s"
              + (f"; rdflib Dataset {rdflib_load:.1f} s for a SLICE of {sliced:,} quads (reference + {used} bulletins)"
                 if WITH_RDFLIB else ""))
        _report(path, mem_before, mem_after, ds)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _report(path, mem_before, mem_after, ds) -> None:
    import pyoxigraph as ox
    from rdflib import Literal

    from wuxing_kg import queries
    from wuxing_kg.store import Store

    before_texts = _before_texts()
    print(f"{'query (default params)':27} {'run(disk)':>12} {'raw(disk)':>12} {'run/raw':>7} "
          f"{'before(mem)':>12} {'after(mem)':>12} {'bef/aft':>7} {'rdflib':>12} {'rows':>6}", flush=True)
    overhead, speedup = [], []
    with Store(path, read_only=True) as store:
        for cq in queries.list_queries():
            subs = {ox.Variable(k): ox.Literal(v) for k, v in cq.defaults.items()} or None
            after, rows = _median(lambda: len(queries.run(store, cq.name, {}).rows))
            # raw reads every value of every row, as queries.run does: the ratio is the wrapper's cost
            raw, _ = _median(lambda: _read_all(store.raw.query(cq.text, substitutions=subs)))
            mem, _ = _median(lambda: _read_all(mem_after.query(cq.text, substitutions=subs)))
            old_text = before_texts.get(cq.name)
            before: float | str = "n/a"
            if old_text is not None:
                before = _capped(lambda: _median(lambda: _read_all(mem_before.query(
                    old_text, use_default_graph_as_union=True, substitutions=subs)))[0])
            rdf: float | str = "-"
            if ds is not None:
                rdf = _rdflib_once(ds, cq.text, {k: Literal(v) for k, v in cq.defaults.items()})
            overhead.append(after / max(raw, 1e-9))
            if isinstance(before, float):
                speedup.append(before / max(mem, 1e-9))
            print(f"{cq.name:27} {_cell(after)} {_cell(raw)} {_ratio(after, raw)} {_cell(before)} {_cell(mem)} "
                  f"{_ratio(before, mem)} {_cell(rdf)} {rows:6}", flush=True)
    print(f"p50 of {RUNS} runs each. run/raw = queries.run on store.Store / raw pyoxigraph, same store and text: "
          f"median {statistics.median(overhead):.2f}, max {max(overhead):.2f}. bef/aft = the previous model's query "
          f"over the union / today's over the merged view, both pyoxigraph in memory: median "
          f"{statistics.median(speedup) if speedup else float('nan'):.1f}x. Cut at {RDFLIB_LIMIT:.0f} s.")
