"""`wuxing-kg view` cost against what changed (issue 14, item 3).

The demo store (the seed bulletin, ingested with the real pipeline) is built into a
site; one more bulletin (the first text of tests/realset/dev) is ingested; then, in the
same warm process:
* full: the whole site written into an empty directory (store → site);
* incremental: the same build over a copy of the previous site — only pages whose
  inputs changed are rendered and written (views.manifest);
* no change: the incremental build run again with nothing new.
Reported as ratios to the full build: time, files and bytes written. Also the bytes of a
full build with every asset inlined, against the shared assets/ default.

Scale: with ``WX_BENCH_VIEW_QUADS=N`` (off by default: building the store alone takes
minutes at 1 M) the synthetic corpus of bench_store.py (about N quads, bulk-loaded) is
built into a full site: CPU seconds of the projection, the store reads and the pages,
bytes written and the peak resident set, to extrapolate to the 1 M / 3 M targets.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from wuxing_kg import network
from wuxing_kg.ingest import ingest_paths
from wuxing_kg.store import Store
from wuxing_kg.views import build_site
from wuxing_kg.views.build import build_from_store
from wuxing_kg.views.extras import collect

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "bulletins" / "ganzhou-wuxing-bulletin-2019-51.txt"
RUNS = 3


def _build(store: Path, out: Path, **options):  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    report = build_from_store(Store(store, read_only=True), out, **options)
    return time.perf_counter() - t0, report


def _median_build(store: Path, make_dir, **options):  # type: ignore[no-untyped-def]
    runs = [_build(store, make_dir(i), **options) for i in range(RUNS)]
    runs.sort(key=lambda r: r[0])
    return statistics.median(r[0] for r in runs), runs[len(runs) // 2][1]


def run() -> None:
    extra = sorted((REPO / "tests" / "realset" / "dev").glob("*.txt"))[0]
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        store = tmp / "store"
        ingest_paths([SEED], store)
        _build(store, tmp / "warm")  # imports, template compilation
        _, before = _build(store, tmp / "site-before", incremental=True)
        ingest_paths([extra], store)
        print(f"demo store + {extra.name}; the site before held {len(before.pages)} entity pages")

        def fresh(i: int) -> Path:
            return tmp / f"full-{i}"

        def copy_of_before(i: int) -> Path:
            target = tmp / f"inc-{i}"
            shutil.copytree(tmp / "site-before", target)
            return target

        t_full, full = _median_build(store, fresh, incremental=True)
        t_inc, inc = _median_build(store, copy_of_before, incremental=True)
        t_same, same = _median_build(store, lambda i: tmp / "full-0", incremental=True)
        _, inline = _build(store, tmp / "inline", assets="inline")
        for name, t, r in (("full", t_full, full), ("incremental", t_inc, inc), ("no change", t_same, same)):
            print(f"{name:12s} {t:6.2f} s  wrote {r.files:4d} files {r.bytes / 1e6:6.2f} MB  ({r.skipped} unchanged)")
        print(
            f"ratios incremental/full: time {t_inc / t_full:.2f}x, files {inc.files / full.files:.2f}x, "
            f"bytes {inc.bytes / full.bytes:.2f}x; no-change/full time {t_same / t_full:.2f}x, bytes {same.bytes}"
        )
        # the pages alone (projection and store reads done once, outside the timer)
        with Store(store, read_only=True) as s:
            graph, extras = network.project(s), collect(s)
        site_times = {}
        for name, make in (("full", fresh), ("incremental", copy_of_before)):
            times = []
            for i in range(RUNS):
                out = make(i + 10)
                t0 = time.perf_counter()
                build_site(graph, out, extras=extras, incremental=True)
                times.append(time.perf_counter() - t0)
            site_times[name] = statistics.median(times)
        print(f"pages only (build_site): full {site_times['full']:.2f} s, incremental {site_times['incremental']:.2f} s "
              f"= {site_times['incremental'] / site_times['full']:.2f}x")
        print(f"full build bytes: shared assets {full.bytes / 1e6:.2f} MB vs inline {inline.bytes / 1e6:.2f} MB "
              f"({inline.bytes / full.bytes:.1f}x)")
    if os.environ.get("WX_BENCH_VIEW_QUADS"):
        run_scale(int(os.environ["WX_BENCH_VIEW_QUADS"]))


def run_scale(target: int) -> None:
    """A full site of the synthetic ~`target`-quad store (see the module docstring)."""
    from bench import bench_store

    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        (tmp / "store").mkdir()
        store, built = bench_store.ensure_store(tmp / "store", target)
        c0, t0 = time.process_time(), time.perf_counter()
        with Store(store, read_only=True) as s:
            quads = s.quad_count()
            graph = network.project(s)
            c1 = time.process_time()
            extras = collect(s)
        c2 = time.process_time()
        report = build_site(graph, tmp / "site", extras=extras, incremental=True)
        c3, t3 = time.process_time(), time.perf_counter()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"scale: {quads:,} named-graph quads (store bulk-built in {built:.0f} s): view CPU {c3 - c0:.1f} s "
              f"(project {c1 - c0:.1f}, store reads {c2 - c1:.1f}, pages {c3 - c2:.1f}), wall {t3 - t0:.1f} s; "
              f"{report.files} files, {report.bytes / 1e6:.0f} MB; peak RSS {peak:.0f} MB (whole process)")
