"""What an ingest costs, stage by stage, and what it leaves on disk.

1. **Validation** of each real bulletin graph: the path before (every triple in rdflib's
   default Memory graph, then pySHACL) against ``validate.validate_bulletin`` (only the
   triples the shapes read, in a one-graph store); the same violations are required.
2. **Stage split** of one real ingest (``ingest.ingest_paths`` of the real-text sets into
   a fresh store, timed by ``wuxing_kg.stages``): read, extract, map, validate, write,
   plus the lookup of unchanged files, the reference graph and the closing compaction.
   Run warm (spaCy and pySHACL imported and the pipeline built before the clock starts).
3. **Disk** after that ingest (which ends with a compaction), as bytes per 1 M quads
   scaled from the store's size (about 100 k quads with the default sets), against the
   same quads bulk-loaded into a fresh store and compacted.
4. **One-file ingest** wall time of the CLI in a fresh process (imports included), and
   of the same file again (unchanged: skipped by its hash).

``WX_BENCH_INGEST_SETS`` (default ``realset/dev realset/blind``, folders under tests/)
chooses the texts.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "bulletins" / "ganzhou-wuxing-bulletin-2019-51.txt"
SETS = os.environ.get("WX_BENCH_INGEST_SETS", "realset/dev realset/blind").split()
RUNS = int(os.environ.get("WUXING_BENCH_RUNS", "3"))
MILLION = 1_000_000


def _files() -> list[Path]:
    return sorted(p for s in SETS for p in (ROOT / "tests" / s).glob("*.txt"))


def _plain_violations(quads) -> tuple[list, float]:
    """The validation path before: all triples, rdflib's default store."""
    from wuxing_kg.validate import reference_violations

    started = time.perf_counter()
    return reference_violations(quads), time.perf_counter() - started


def bench_validation(graphs: list[list]) -> None:
    from wuxing_kg.validate import validate_bulletin

    validate_bulletin(graphs[0])  # shapes parsed, pySHACL imported
    before, after = [], []
    for quads in graphs:
        b_times, a_times = [], []
        for _ in range(RUNS):  # interleaved, so load changes hit both alike
            expected, seconds = _plain_violations(quads)
            b_times.append(seconds)
            started = time.perf_counter()
            report = validate_bulletin(quads)
            a_times.append(time.perf_counter() - started)
            assert report.violations == expected, "the filtered path found other violations"
        before.append(statistics.median(b_times))
        after.append(statistics.median(a_times))
    quads = sum(len(g) for g in graphs)
    print(f"validation of {len(graphs)} real bulletin graphs ({quads:,} quads), median of {RUNS}, same violations:")
    print(f"  before (all triples, rdflib Memory graph): {1000 * sum(before) / len(graphs):7.1f} ms/bulletin "
          f"({1e6 * sum(before) / quads:.1f} µs/quad)")
    print(f"  after  (shape triples, one-graph store):   {1000 * sum(after) / len(graphs):7.1f} ms/bulletin "
          f"({1e6 * sum(after) / quads:.1f} µs/quad)  → {sum(before) / sum(after):.2f}x faster")


def bench_stage_split(files: list[Path], store: Path) -> None:
    from wuxing_kg import nlp, reading, stages
    from wuxing_kg.ingest import ingest_paths
    from wuxing_kg.rdf.mapping import to_quads
    from wuxing_kg.validate import validate_bulletin

    validate_bulletin(list(to_quads(nlp.extract(reading.read_bulletin(SEED))).quads))  # warm up
    chars = sum(len(reading.read_bulletin(f).text) for f in files)
    with stages.timing() as seconds:
        started = time.perf_counter()
        report = ingest_paths(files, store)
        wall = time.perf_counter() - started
    print(f"stage split of one ingest: {len(files)} real bulletins, {chars:,} chars, "
          f"{report.store_quads:,} quads stored, {wall:.1f} s wall ({chars / wall:,.0f} chars/s), warm:")
    for name in stages.STAGES:
        s = seconds.get(name, 0.0)
        print(f"  {name:<10} {s:7.2f} s {100 * s / wall:5.1f} %")
    other = wall - sum(seconds.values())
    print(f"  {'other':<10} {other:7.2f} s {100 * other / wall:5.1f} %")
    both = seconds.get("validate", 0.0) + seconds.get("write", 0.0)
    print(f"  validate + write = {100 * both / wall:.1f} % of the wall time")


def bench_disk(store: Path, tmp: Path) -> None:
    import pyoxigraph as ox

    from wuxing_kg.store import Store, disk_bytes

    with Store(store, read_only=True) as s:
        quads = s.quad_count()
        bulk = ox.Store(str(tmp / "bulk"))
        bulk.bulk_extend(s.quads())
    bulk.optimize()
    bulk.flush()
    del bulk
    ingested, bulked = disk_bytes(store), disk_bytes(tmp / "bulk")
    scale = MILLION / quads
    print(f"disk after the ingest (+ its compaction): {ingested / 1e6:.1f} MB for {quads:,} quads = "
          f"{ingested * scale / 1e9:.2f} GB per 1 M quads (scaled from {quads / 1000:.0f} k); "
          f"bulk-loaded + compacted: {bulked * scale / 1e9:.2f} GB per 1 M quads; ratio {ingested / bulked:.2f}")


def bench_one_file(tmp: Path) -> None:
    def run(store: Path) -> float:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "wuxing_kg.cli", "--store", str(store), "ingest", str(SEED)],
                       check=True, env=env, stdout=subprocess.DEVNULL)
        return time.perf_counter() - started

    fresh, again = [], []
    for i in range(max(2, RUNS - 1)):
        store = tmp / f"one-{i}"
        fresh.append(run(store))
        again.append(run(store))
    print(f"one-file CLI ingest (fresh process, imports included), median of {len(fresh)}: "
          f"new store {statistics.median(fresh):.2f} s; same file again (unchanged) {statistics.median(again):.2f} s")


def run() -> None:
    from wuxing_kg import nlp, reading
    from wuxing_kg.rdf.mapping import to_quads

    files = _files()
    tmp = Path(tempfile.mkdtemp(prefix="wx-bench-ingest-"))
    try:
        graphs = [list(to_quads(nlp.extract(reading.read_bulletin(f))).quads) for f in [SEED, *files[:9]]]
        bench_validation(graphs)
        store = tmp / "kg"
        bench_stage_split(files, store)
        bench_disk(store, tmp)
        bench_one_file(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
