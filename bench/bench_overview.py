"""The big overview (atlas.html, sigma.js/WebGL): build time, bytes, and time to the first
stable render in Chromium, for synthetic graphs of 2,000 and 20,000 nodes.

Measured in the same run, so the figures are read as ratios:
* baseline: the atlas page of a one-node graph — the same page, the same inlined
  sigma.js + graphology, nothing to draw — i.e. the cost of the page itself;
* the atlas of 2,000 and 20,000 nodes (``network.synthetic_graph``, seeded), built by
  ``views.build_atlas`` (what ``build_site`` writes as atlas.html);
* before: the vis-network overview of the same 2,000-node graph as build_site writes
  it (precomputed layout, physics off), drawn in the same browser.

"Stable" is the page's own ``window.graphReady``: the layout is precomputed, so the
first frame is final (atlas: two animation frames after sigma's first render; vis:
its first drawing). Each time is the median of RUNS navigations, measured by the page
(``performance.now()`` at ready, from navigation start) for the atlas and from the
Python side (navigation → ready) for both, so the vis page compares like for like.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

from wuxing_kg import network, views
from wuxing_kg.views.browser import browser, chromium_available, wait_ready
from wuxing_kg.views.site import PAGE_KINDS, _priority, _Writer, page_path

SIZES = (2000, 20000)
RUNS = 3


def _ready(page: Any, path: Path, runs: int = RUNS) -> tuple[float, float | None]:
    """Median seconds navigation → ready seen from Python, and as the page measured it."""
    outside, inside = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        page.goto(path.as_uri(), wait_until="commit", timeout=600_000)
        page.wait_for_function("document.readyState !== 'loading'", timeout=600_000)
        wait_ready(page, timeout_ms=600_000)
        outside.append(time.perf_counter() - t0)
        at = page.evaluate("window.graphReadyAt === undefined ? null : window.graphReadyAt")
        if at is not None:
            inside.append(at / 1000)
    return statistics.median(outside), (statistics.median(inside) if inside else None)


def _vis_overview(g: nx.MultiDiGraph, out: Path) -> Path:
    """overview.html exactly as build_site writes it, without the 2,000 entity pages."""
    out.mkdir(parents=True, exist_ok=True)
    pages = {n: page_path(n) for n, d in g.nodes(data=True) if d.get("kind") in PAGE_KINDS}
    nodes = sorted(g.nodes, key=lambda n: _priority(g, n))
    _Writer(out, inline=True).graph_page("overview.html", g, nodes, pages, title="总图")
    return out / "overview.html"


def _one_node_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("urn:x:bench", kind="place", label="基准")
    return g


def run() -> None:
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        baseline = views.build_atlas(_one_node_graph(), tmp / "baseline")
        print(f"baseline atlas (1 node): {baseline.bytes / 1e3:.0f} KB (sigma.js + graphology inlined)")
        atlases = {}
        for n in SIZES:
            t0 = time.perf_counter()
            g = network.synthetic_graph(n, 2 * n, seed=0)
            t_gen = time.perf_counter() - t0
            report = views.build_atlas(g, tmp / f"atlas-{n}")
            atlases[n] = (g, report)
            print(
                f"atlas {n} nodes / {report.edges} links, {report.clusters} clusters: built in {report.seconds:.2f} s "
                f"(graph generated in {t_gen:.2f} s), {report.bytes / 1e6:.2f} MB = {report.bytes / n:.0f} B/node",
                flush=True,
            )
        vis_path = _vis_overview(atlases[2000][0], tmp / "vis-2000")
        print(f"vis-network overview 2000 nodes: {vis_path.stat().st_size / 1e6:.2f} MB")
        b2, b20 = atlases[2000][1].bytes, atlases[20000][1].bytes
        print(f"bytes ratios: atlas 2000/baseline {b2 / baseline.bytes:.1f}x, 20000/2000 {b20 / b2:.1f}x, "
              f"vis 2000/atlas 2000 {vis_path.stat().st_size / b2:.2f}x")

        if not chromium_available():
            print("(no /usr/bin/chromium: browser timings skipped; `make browser` installs it)")
            return
        with browser() as b:
            page = b.new_page(viewport={"width": 1280, "height": 900})
            base_out, base_in = _ready(page, baseline.path)
            print(f"chromium, until stable: baseline {base_out:.2f} s (page's own clock {base_in:.2f} s)", flush=True)
            times = {}
            for n in SIZES:
                t_out, t_in = _ready(page, atlases[n][1].path)
                labels = page.evaluate("atlas.labels().length")
                times[n] = (t_out, t_in)
                print(f"atlas {n} nodes: {t_out:.2f} s (page's clock {t_in:.2f} s), {labels} labels at the first zoom",
                      flush=True)
            vis_out, _ = _ready(page, vis_path)
            print(f"vis-network overview 2000 nodes (before): {vis_out:.2f} s", flush=True)
        print(
            f"ratios: atlas 2000/baseline {times[2000][0] / base_out:.1f}x (page clock "
            f"{times[2000][1] / base_in:.1f}x), atlas 20000/baseline {times[20000][0] / base_out:.1f}x "
            f"(page clock {times[20000][1] / base_in:.1f}x), 20000/2000 {times[20000][0] / times[2000][0]:.1f}x; "
            f"vis 2000 / atlas 2000 {vis_out / times[2000][0]:.2f}x"
        )
