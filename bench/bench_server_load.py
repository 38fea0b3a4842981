"""The endpoint under runaway queries (issue 11 item 4), in one run, two servers:

* ``--slow-lane 0``: what the pool did before the slow lane — every query keeps its
  worker until it ends or hits --timeout;
* the default (slow lane of 4, queries move there after 0.25 s, reniced).

Each server gets 4 runaway queries (4 unjoined triple patterns: minutes of CPU) on
2 workers; then one client sends cheap queries (a COUNT over 300 entities) one after
the other and we report their p50/p95 (a query that gets no answer in 2 s counts 2 s).
Then the first runaway's client closes its socket and we time until its worker process
is gone (before this change it ran on to --timeout, 120 s here).
The store is a small synthetic one (a few hundred triples): what is measured is the
pool, not the engine.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.parse
from pathlib import Path

import pyoxigraph as ox

from bench.bench_server import start_server
from wuxing_kg.store import Store

ID = "https://w3id.org/wuxing-kg/id/"
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
LOCATED_IN = ox.NamedNode("https://w3id.org/wuxing-kg/ontology#locatedIn")
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
CHEAP = f"SELECT (COUNT(?s) AS ?n) WHERE {{ ?s <{LOCATED_IN.value}> ?place }}"
CHEAP_QUERIES = 40
GIVE_UP = 2.0


def _build(path: Path) -> None:
    quads = []
    for i in range(300):
        org = ox.NamedNode(f"{ID}org/bench-org-{i}")
        quads += [ox.Quad(org, LABEL, ox.Literal(f"bench org {i}")), ox.Quad(org, LOCATED_IN, ox.NamedNode(ID + "place/990100"))]
    with Store(path) as store:
        store.replace_graph("https://w3id.org/wuxing-kg/graph/bench-1", quads)


def _children(pid: int) -> set[int]:
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parents[int(entry)] = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {c for c, p in parents.items() if p in frontier} - found
        found |= frontier
    return found


def _runaway(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    target = "/sparql?" + urllib.parse.urlencode({"query": RUNAWAY})
    sock.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    return sock


def _measure(store: Path, site: Path, *extra: str) -> tuple[float, float, int, float | None]:
    """(cheap p50 ms, cheap p95 ms, unanswered, seconds until an abandoned worker is gone)."""
    import httpx

    proc, base, port = start_server(store, site, "--workers", "2", *extra, timeout=120)
    runaways: list[socket.socket] = []
    try:
        with httpx.Client(timeout=GIVE_UP) as http:
            http.get(f"{base}/sparql", params={"query": CHEAP})  # warm
            for _ in range(4):
                runaways.append(_runaway(port))
            time.sleep(1.5)  # every runaway is running (or queued)
            latencies, unanswered = [], 0
            for _ in range(CHEAP_QUERIES):
                t = time.perf_counter()
                try:
                    ok = http.get(f"{base}/sparql", params={"query": CHEAP}).status_code == 200
                except httpx.TimeoutException:
                    ok = False
                latencies.append(min(time.perf_counter() - t, GIVE_UP))
                unanswered += not ok
        before = _children(proc.pid)
        runaways.pop(0).close()
        t = time.perf_counter()
        freed = None
        while time.perf_counter() - t < 10:
            if not before <= _children(proc.pid):
                freed = time.perf_counter() - t
                break
            time.sleep(0.01)
        ordered = sorted(latencies)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return statistics.median(latencies) * 1e3, p95 * 1e3, unanswered, freed
    finally:
        for sock in runaways:
            sock.close()
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


def run() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="wuxing-bench-load-"))
    try:
        store = workdir / "store"
        _build(store)
        rows = []
        for name, extra in (("no slow lane (before)", ("--slow-lane", "0")), ("slow lane (default)", ())):
            p50, p95, unanswered, freed = _measure(store, workdir, *extra)
            rows.append((name, p50, p95, unanswered, freed))
            shown = "not within 10 s" if freed is None else f"{freed * 1e3:.0f} ms"
            print(f"{name:22}: cheap query p50 {p50:8.1f} ms  p95 {p95:8.1f} ms  "
                  f"({unanswered}/{CHEAP_QUERIES} unanswered in {GIVE_UP:g} s); abandoned worker gone after {shown}",
                  flush=True)
        print(f"ratio p95 before/after: ×{rows[0][2] / rows[1][2]:.0f} "
              f"(4 runaways, 2 workers, {os.cpu_count()} CPUs; target p95 ≤ 100 ms)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    run()
