"""Every canned query with its default parameters (and the default 100-row limit) on a
kept bench store: CPU p50 of ``queries.run`` against raw pyoxigraph on the same text
(the limit's ``LIMIT 101`` included). ``WUXING_BENCH_STORE=DIR`` (built by bench_store;
opened read-only, so it needs its summary graph: one read-write open builds it).
A query over 1 s CPU is run once."""

from __future__ import annotations

import os
import statistics
import sys
import time


def _p50(fn) -> tuple[float, int]:
    times: list[float] = []
    n = 0
    for _ in range(3):
        t0 = time.process_time()
        n = fn()
        times.append(time.process_time() - t0)
        if times[0] > 1.0:
            break
    return statistics.median(times), n


def _read_all(solutions) -> int:
    names = [v.value for v in solutions.variables]
    return len([tuple(s[n] for n in names) for s in solutions])


def run() -> None:
    import pyoxigraph as ox

    from wuxing_kg import queries
    from wuxing_kg.store import Store

    path = os.environ.get("WUXING_BENCH_STORE") or sys.exit("set WUXING_BENCH_STORE=DIR (a store bench_store built)")
    with Store(path, read_only=True) as store:
        for cq in queries.list_queries():
            subs = {ox.Variable(k): ox.Literal(v) for k, v in cq.defaults.items()} or None
            text = queries.with_limit(cq.text, queries.DEFAULT_LIMIT + 1)
            after, rows = _p50(lambda: len(queries.run(store, cq.name, {}).rows))
            raw, _ = _p50(lambda: _read_all(store.raw.query(text, substitutions=subs)))
            print(f"{cq.name:27} run {after * 1000:9.1f} ms  raw {raw * 1000:9.1f} ms  "
                  f"run/raw {after / max(raw, 1e-9):.2f}  rows {rows}", flush=True)


if __name__ == "__main__":
    run()
