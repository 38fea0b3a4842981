"""Writing the graph pages, and drawing them in Chromium, for the demo and a 2,000-node graph.

Measured in the same run:
* projection of the demo store (seed bulletin ingested with the real pipeline);
* time to write the whole site for the demo graph and for a synthetic graph of
  ~2,000 nodes / 4,000 edges (``network.synthetic_graph``), per page and per node;
* in headless Chromium (Debian /usr/bin/chromium): time from navigation until the
  page reports ready (``window.graphReady``: vis-network's stabilisation done, or the
  first drawing when the layout is precomputed and physics is off) for the demo
  overview (physics, ~100 nodes) and the 2,000-node overview (precomputed layout);
* the 2,000-node page again with physics forced on (straight edges, 200 iterations),
  to show what the precomputed layout saves.
Ratios are against the demo figures of the same run.
"""

from __future__ import annotations

import json
import statistics
import tempfile
import time
from pathlib import Path

from wuxing_kg import network, views
from wuxing_kg.ingest import ingest_paths
from wuxing_kg.store import Store
from wuxing_kg.views.browser import browser, chromium_available, wait_ready

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "data" / "bulletins" / "ganzhou-wuxing-bulletin-2019-51.txt"
SYNTHETIC_NODES = 2000
SYNTHETIC_EDGES = 4000
RUNS = 3


def _time(fn, runs: int = 1) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


def _ready_seconds(page, path: Path, runs: int = RUNS) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        # "commit", not "load": with physics on, vis-network's first stabilisation batch
        # can hold the load event back for as long as it runs.
        page.goto(path.as_uri(), wait_until="commit", timeout=600_000)
        page.wait_for_function("document.readyState !== 'loading'", timeout=600_000)
        wait_ready(page, timeout_ms=600_000)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _force_physics(src: Path, dst: Path) -> None:
    """The same page with vis-network physics on (straight edges, 200 stabilisation
    iterations), to compare with the precomputed layout."""
    html = src.read_text(encoding="utf-8")
    start = html.index('<script type="application/json" id="graph-data">') + len(
        '<script type="application/json" id="graph-data">'
    )
    end = html.index("</script>", start)
    data = json.loads(html[start:end])
    data["options"]["physics"]["enabled"] = True
    data["options"]["layout"]["improvedLayout"] = False
    for node in data["nodes"]:
        node.pop("x", None)
        node.pop("y", None)
    dst.write_text(html[:start] + views.script_json(data) + html[end:], encoding="utf-8")


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        ingest_paths([SEED], tmp / "store")
        with Store(tmp / "store", read_only=True) as store:
            t_project, demo = _time(lambda: network.project(store), RUNS)
        assert demo is not None
        n_demo = demo.number_of_nodes()
        print(f"demo graph: {n_demo} nodes, {demo.number_of_edges()} edges; projection {t_project * 1000:.0f} ms")

        t_demo, demo_report = _time(lambda: views.build_site(demo, tmp / "demo-site"), RUNS)
        pages_demo = len(demo_report.graph_pages)
        print(
            f"demo site: {demo_report.files} files, {demo_report.bytes / 1e6:.1f} MB ({demo_report.assets} assets), "
            f"{t_demo:.2f} s = {t_demo / pages_demo * 1000:.0f} ms/page, {t_demo / n_demo * 1000:.1f} ms/node"
        )

        t_gen, big = _time(lambda: network.synthetic_graph(SYNTHETIC_NODES, SYNTHETIC_EDGES, seed=0))
        n_big = big.number_of_nodes()
        t_big, big_report = _time(lambda: views.build_site(big, tmp / "big-site"))
        pages_big = len(big_report.graph_pages)
        print(
            f"synthetic graph: {n_big} nodes, {big.number_of_edges()} edges (generated in {t_gen:.2f} s)\n"
            f"synthetic site: {big_report.files} files, {big_report.bytes / 1e6:.1f} MB ({big_report.assets} assets), "
            f"{t_big:.2f} s = {t_big / pages_big * 1000:.0f} ms/page, {t_big / n_big * 1000:.1f} ms/node"
        )
        print(
            f"ratios synthetic/demo: nodes {n_big / n_demo:.1f}x, site time {t_big / t_demo:.1f}x, "
            f"time per node {(t_big / n_big) / (t_demo / n_demo):.2f}x, time per page {(t_big / pages_big) / (t_demo / pages_demo):.2f}x"
        )

        if not chromium_available():
            print("(no /usr/bin/chromium: browser timings skipped; `make browser` installs it)")
            return
        _force_physics(tmp / "big-site" / "overview.html", tmp / "big-site" / "overview-physics.html")
        with browser() as b:
            page = b.new_page(viewport={"width": 1280, "height": 900})
            t_demo_ready = _ready_seconds(page, tmp / "demo-site" / "overview.html")
            print(f"chromium, until ready: demo overview ({n_demo} nodes, physics) {t_demo_ready:.2f} s", flush=True)
            t_big_ready = _ready_seconds(page, tmp / "big-site" / "overview.html")
            drawn = page.evaluate("network.body.nodeIndices.length")
            print(f"{drawn}-node overview (precomputed layout, physics off) {t_big_ready:.2f} s", flush=True)
            t_physics = _ready_seconds(page, tmp / "big-site" / "overview-physics.html", runs=1)
            print(f"same page with physics (straight edges, 200 iterations) {t_physics:.2f} s", flush=True)
        print(
            f"ratios: {drawn}-node/demo ready time {t_big_ready / t_demo_ready:.1f}x; "
            f"physics/precomputed {t_physics / t_big_ready:.1f}x"
        )
