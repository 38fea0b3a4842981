"""The SPARQL endpoint under load, against the same query run in-process.

The store is bench_store's ~1 M-quad synthetic corpus (the seed extracted once and
re-issued as many bulletins, entities repeating across a city's issues), bulk-built once
by ``bench_store.ensure_store`` and reused when ``WUXING_BENCH_STORE=DIR`` is set.

Measured in the same run:
* in-process: ``store.Store.select`` of the canned query, sequential;
* HTTP: ``wuxing-kg serve`` in a subprocess, 8 client threads (httpx) on loopback, a
  bounded number of requests each; queries per second, p50 and p95 latency;
* ratios HTTP / in-process, and what freshness costs per query (a stat of the store
  directory) against reopening a read-only handle.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from wuxing_kg import queries, server
from wuxing_kg.store import Store

CLIENTS = 8
REQUESTS_PER_CLIENT = int(os.environ.get("WUXING_BENCH_REQUESTS", "5"))
IN_PROCESS_RUNS = int(os.environ.get("WUXING_BENCH_RUNS", "8"))
QUERY_NAME = "departments-by-place"
QUERY_PARAMS = {"place": "360700"}
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(store_path: Path, site: Path, *extra: str, timeout: int = 300) -> tuple[subprocess.Popen[bytes], str, int]:
    """Start `wuxing-kg serve` on a free loopback port and wait until it answers: (process, base URL, port).
    Shared by the server benches so each measures the same server the same way."""
    import httpx

    port = _free_port()
    binary = Path(sys.executable).with_name("wuxing-kg")
    proc = subprocess.Popen([str(binary), "--store", str(store_path), "serve", "--port", str(port), "--site", str(site),
                             "--timeout", str(timeout), *extra], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(f"{base}/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.1)
    return proc, base, port


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def _query_text(store: Store) -> tuple[str, str, int]:
    """(description, SPARQL, rows) of a canned query narrowed by its parameter.

    departments-by-place(one place) took 5–8 s at 1 M quads before the canned queries read
    shared nodes inside one bulletin graph; it is a typical narrowed query, now well under
    the server's 10 s default timeout.
    """
    canned = queries.get(QUERY_NAME)
    values = {**canned.defaults, **QUERY_PARAMS}
    text = server.inline_defaults(canned.text, values)
    rows = len(store.select(text).rows)
    return f"{QUERY_NAME} ({', '.join(f'{k}={v}' for k, v in QUERY_PARAMS.items())})", text, rows


def _http_load(base: str, query: str) -> tuple[list[float], float, int]:
    import httpx

    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def client() -> None:
        nonlocal errors
        with httpx.Client(timeout=600) as http:
            for _ in range(REQUESTS_PER_CLIENT):
                t0 = time.perf_counter()
                r = http.post(f"{base}/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
                dt = time.perf_counter() - t0
                with lock:
                    latencies.append(dt)
                    errors += r.status_code != 200

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return latencies, time.perf_counter() - t0, errors


def run() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="wuxing-bench-server-"))
    proc: subprocess.Popen[bytes] | None = None
    try:
        t0 = time.perf_counter()
        # the ~1 M-quad corpus of bench_store (bulk-built once; kept in WUXING_BENCH_STORE)
        from bench.bench_store import ensure_store

        keep = os.environ.get("WUXING_BENCH_STORE")
        store_path, built = ensure_store(Path(keep) if keep else workdir / "store")
        with Store(store_path, read_only=True) as store:
            n = store.quad_count()
        print(f"synthetic store: {n:,} quads in {store_path}"
              + (f", bulk-built in {built:.1f} s" if built else ", reused"), flush=True)

        with Store(store_path, read_only=True) as store:
            what, query, rows = _query_text(store)
            store.select(query)  # warm
            inproc: list[float] = []
            for _ in range(IN_PROCESS_RUNS):
                t = time.perf_counter()
                store.select(query)
                inproc.append(time.perf_counter() - t)
        print(f"query {what}: {rows} rows")

        sig_t = time.perf_counter()
        for _ in range(200):
            server.snapshots.store_signature(store_path)
        sig_ms = (time.perf_counter() - sig_t) / 200 * 1e3
        open_t = time.perf_counter()
        for _ in range(5):
            server.snapshots.ReadHandle(store_path).close()
        open_ms = (time.perf_counter() - open_t) / 5 * 1e3

        import httpx

        proc, base, _port = start_server(store_path, workdir)
        for _ in range(server.DEFAULT_WORKERS):  # warm every worker (first open, caches)
            httpx.post(f"{base}/sparql", data={"query": query}, timeout=600)
        latencies, wall, errors = _http_load(base, query)

        # the endpoint's own overhead: a point lookup, one client, sequential
        with Store(store_path, read_only=True) as store:
            iri = store.select("SELECT ?s { ?s a <http://www.w3.org/ns/org#Organization> } LIMIT 1").rows[0]["s"]
            lookup = f"SELECT ?l {{ <{iri}> <{RDFS_LABEL}> ?l }}"
            store.select(lookup)
            small_in = []
            for _ in range(50):
                t = time.perf_counter()
                store.select(lookup)
                small_in.append(time.perf_counter() - t)
        small_http = []
        with httpx.Client(timeout=60) as http:
            for _ in range(50):
                t = time.perf_counter()
                http.post(f"{base}/sparql", data={"query": lookup}, headers={"Accept": "application/sparql-results+json"})
                small_http.append(time.perf_counter() - t)

        in_p50, in_p95 = statistics.median(inproc) * 1e3, _percentile(inproc, 95) * 1e3
        in_qps = 1 / statistics.mean(inproc)
        http_p50, http_p95 = statistics.median(latencies) * 1e3, _percentile(latencies, 95) * 1e3
        http_qps = len(latencies) / wall
        print(f"in-process, sequential : {in_qps:8.1f} q/s   p50 {in_p50:7.1f} ms   p95 {in_p95:7.1f} ms")
        print(f"HTTP, {CLIENTS} clients       : {http_qps:8.1f} q/s   p50 {http_p50:7.1f} ms   p95 {http_p95:7.1f} ms"
              f"   ({len(latencies)} requests, {errors} errors, {server.DEFAULT_WORKERS} workers, {os.cpu_count()} CPUs)")
        print(f"ratio HTTP/in-process  : throughput ×{http_qps / in_qps:.2f}, p50 latency ×{http_p50 / in_p50:.2f}, "
              f"p95 latency ×{http_p95 / in_p95:.2f}")
        print(f"(with {CLIENTS} clients on {server.DEFAULT_WORKERS} workers a request queues behind "
              f"~{CLIENTS / server.DEFAULT_WORKERS - 1:.0f} others: latency ×{CLIENTS / server.DEFAULT_WORKERS:.0f} is the floor)")
        s_in, s_http = statistics.median(small_in) * 1e3, statistics.median(small_http) * 1e3
        print(f"point lookup, 1 client : in-process p50 {s_in:.2f} ms, HTTP p50 {s_http:.2f} ms "
              f"→ endpoint overhead {s_http - s_in:.2f} ms per query (×{s_http / s_in:.1f})")
        print(f"freshness check per query {sig_ms:.3f} ms vs reopening a read-only handle {open_ms:.1f} ms "
              f"(×{open_ms / sig_ms:.0f})")
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    run()
