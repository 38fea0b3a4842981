"""The big overview (atlas.html, sigma.js/WebGL) in a real headless Chromium.

Graphs are synthetic (``network.synthetic_graph``, seeded) and go through the same
builder the site uses (``views.build_atlas`` → ``overview.write_atlas``). Checked: the
page draws (pixels in each kind's colour on the WebGL canvas) with no console error and
no request off file://; labels are shown at the first zoom, not all of them, and none
overlaps another; search zooms to a node and labels it; a click opens the node's page;
the kind filter hides nodes; 20,000 nodes still open.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import browser_tab
from wuxing_kg import network, views
from wuxing_kg.views.browser import browser as open_browser
from wuxing_kg.views.browser import chromium_available, wait_ready
from wuxing_kg.views.grouped_layout import grouped_layout, node_groups
from wuxing_kg.views.site import KIND_STYLE

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not chromium_available(), reason="/usr/bin/chromium missing (make browser installs it)"),
]

BIG_OPEN_TIMEOUT_MS = 90_000  # a generous bound for 20,000 nodes on a shared, GPU-less machine


@pytest.fixture(scope="module")
def chromium() -> Any:
    with open_browser() as b:
        yield b


@pytest.fixture(scope="module")
def graph_2k() -> nx.MultiDiGraph:
    return network.synthetic_graph(2000, 4000, seed=5)


@pytest.fixture(scope="module")
def atlas_2k(graph_2k: nx.MultiDiGraph, tmp_path_factory: pytest.TempPathFactory) -> views.AtlasReport:
    return views.build_atlas(graph_2k, tmp_path_factory.mktemp("atlas-2k"))


class Tab(browser_tab.Tab):
    """A tab on the atlas: WebGL must work, and nothing may leave file://."""

    def open(self, path: Path, timeout_ms: int = 120_000) -> Any:
        page = super().open(path, timeout_ms)
        assert page.evaluate("window.atlas.error || null") is None  # WebGL worked
        return page

    def close(self) -> None:
        super().close()
        assert self.errors == []
        assert [u for u in self.requests if not u.startswith("file://")] == []


# Pixels of the WebGL nodes layer, read in the same task as a synchronous render
# (sigma's contexts do not preserve the drawing buffer).
PIXELS_JS = """
colours => { const r = atlas.renderer; r.refresh();
  const gl = r.webGLContexts.nodes, w = gl.drawingBufferWidth, h = gl.drawingBufferHeight;
  const px = new Uint8Array(w * h * 4); gl.readPixels(0, 0, w, h, gl.RGBA, gl.UNSIGNED_BYTE, px);
  const want = colours.map(c => [parseInt(c.slice(1, 3), 16), parseInt(c.slice(3, 5), 16), parseInt(c.slice(5, 7), 16)]);
  const found = want.map(() => 0); let painted = 0;
  for (let i = 0; i < px.length; i += 4) {
    if (px[i + 3] === 0) continue;
    painted++;
    want.forEach((c, k) => { if (Math.abs(px[i] - c[0]) < 4 && Math.abs(px[i + 1] - c[1]) < 4
                                 && Math.abs(px[i + 2] - c[2]) < 4) found[k]++; });
  }
  return {painted: painted, total: w * h, found: found}; }
"""


def _boxes_overlap(a: dict[str, float], b: dict[str, float]) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


def _label(g: nx.MultiDiGraph, kind: str) -> str:
    return next(d["label"] for _, d in g.nodes(data=True) if d.get("kind") == kind)


def test_layout_clusters_nodes_by_place(graph_2k: nx.MultiDiGraph) -> None:
    groups = node_groups(graph_2k)
    pos = grouped_layout(graph_2k, groups)
    assert set(pos) == set(graph_2k.nodes)
    assert pos == grouped_layout(graph_2k, groups)  # deterministic
    # an organisation sits in its place's cluster: nearer its own place than any other place
    places = {d["label"]: n for n, d in graph_2k.nodes(data=True) if d["kind"] == "place"}
    orgs = [(n, d) for n, d in graph_2k.nodes(data=True) if d["kind"] == "organization"][:50]
    for n, d in orgs:
        own = places[d["place"]]
        assert groups[n] == f"place:{own}"

        def dist(p: str) -> float:
            return (pos[n][0] - pos[p][0]) ** 2 + (pos[n][1] - pos[p][1]) ** 2

        assert min(places.values(), key=dist) == own


def test_2000_nodes_render_with_labels_that_fit(chromium: Any, graph_2k: nx.MultiDiGraph, atlas_2k: Any) -> None:
    tab = Tab(chromium)
    page = tab.open(atlas_2k.path)
    assert page.evaluate("[atlas.graph.order, Number(document.body.dataset.nodeCount)]") == [2000, 2000]
    counts = Counter(d["kind"] for _, d in graph_2k.nodes(data=True))
    kinds = [k for k in KIND_STYLE if counts[k]]
    pixels = page.evaluate(PIXELS_JS, [KIND_STYLE[k][1] for k in kinds])
    assert pixels["painted"] > pixels["total"] * 0.005  # not an empty canvas
    for kind, found in zip(kinds, pixels["found"]):
        assert found > 0, f"no {kind} pixel: nodes not coloured by kind"
    # the legend names every kind with its count
    legend = page.inner_text(".legend")
    for kind in kinds:
        assert f"{KIND_STYLE[kind][0]} {counts[kind]}" in legend
    labels = page.evaluate("atlas.labels()")
    assert 5 <= len(labels) < 2000 / 4  # shown at the first zoom, but only where they fit
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not _boxes_overlap(a["box"], b["box"]), (a["label"], b["label"])
    place_labels = {d["label"] for _, d in graph_2k.nodes(data=True) if d["kind"] == "place"}
    assert sum(1 for lab in labels if lab["label"] in place_labels) >= len(labels) // 2  # clusters are named
    tab.close()


def test_search_zooms_to_the_node_and_labels_it(chromium: Any, graph_2k: nx.MultiDiGraph, atlas_2k: Any) -> None:
    target = _label(graph_2k, "person")
    tab = Tab(chromium)
    page = tab.open(atlas_2k.path)
    before = page.evaluate("atlas.camera.ratio")
    assert target not in {lab["label"] for lab in page.evaluate("atlas.labels()")}
    page.fill("#search", target[:-1])
    assert target in page.inner_text("#atlas-results")  # suggestions while typing
    page.fill("#search", target)
    page.press("#search", "Enter")
    page.wait_for_function("!atlas.camera.isAnimated() && atlas.camera.ratio < 1")
    page.wait_for_timeout(100)
    after = page.evaluate("atlas.camera.ratio")
    assert after < before / 5
    where = page.evaluate(
        """label => { let key = null; atlas.graph.forEachNode((k, a) => { if (a.label === label) key = k; });
                      const d = atlas.renderer.getNodeDisplayData(key);
                      const p = atlas.renderer.framedGraphToViewport(d);
                      const {width, height} = atlas.renderer.getDimensions();
                      return [p.x / width, p.y / height]; }""",
        target,
    )
    assert abs(where[0] - 0.5) < 0.05 and abs(where[1] - 0.5) < 0.05  # centred on it
    assert target in {lab["label"] for lab in page.evaluate("atlas.labels()")}
    assert target in page.inner_text("#status")
    page.fill("#search", "没有这个名字")
    page.press("#search", "Enter")
    assert "未找到" in page.inner_text("#status")
    tab.close()


def test_kind_filter_hides_nodes(chromium: Any, graph_2k: nx.MultiDiGraph, atlas_2k: Any) -> None:
    metrics = sum(1 for _, d in graph_2k.nodes(data=True) if d["kind"] == "metric")
    tab = Tab(chromium)
    page = tab.open(atlas_2k.path)
    hidden = "atlas.graph.filterNodes(k => atlas.renderer.getNodeDisplayData(k).hidden).length"
    page.uncheck("input.kind-filter[value=metric]")
    assert page.evaluate(hidden) == metrics
    page.check("input.kind-filter[value=metric]")
    assert page.evaluate(hidden) == 0
    tab.close()


def test_site_atlas_click_opens_the_entity_page(chromium: Any, tmp_path: Path) -> None:
    g = network.synthetic_graph(160, 320, seed=8)
    report = views.build_site(g, tmp_path / "site")
    target = next(n for n, d in g.nodes(data=True) if d["kind"] == "program")
    label = g.nodes[target]["label"]
    assert 'href="atlas.html"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    tab = Tab(chromium)
    page = tab.open(tmp_path / "site" / "atlas.html")
    page.fill("#search", label)
    page.press("#search", "Enter")
    page.wait_for_function("!atlas.camera.isAnimated() && atlas.camera.ratio < 1")
    box = page.locator("#graph").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**/" + report.pages[target])
    wait_ready(page)
    assert page.inner_text("h1") == label
    tab.close()


def test_20000_nodes_still_open(chromium: Any, tmp_path: Path) -> None:
    g = network.synthetic_graph(20000, 40000, seed=6)
    report = views.build_atlas(g, tmp_path)
    tab = Tab(chromium)
    page = tab.open(report.path, timeout_ms=BIG_OPEN_TIMEOUT_MS)
    assert page.evaluate("atlas.graph.order") == 20000
    assert page.evaluate("atlas.graph.size") == report.edges
    labels = page.evaluate("atlas.labels().length")
    assert 0 < labels < 20000 / 10
    tab.close()


def test_demo_bulletin_atlas_finds_a_place(chromium: Any, demo_store: Path, tmp_path: Path) -> None:
    from wuxing_kg.store import Store

    with Store(demo_store, read_only=True) as store:
        g = network.project(store)
    report = views.build_atlas(g, tmp_path)
    tab = Tab(chromium)
    page = tab.open(report.path)
    assert page.evaluate("atlas.graph.order") == g.number_of_nodes()
    page.fill("#search", "章贡区")
    page.press("#search", "Enter")
    page.wait_for_function("!atlas.camera.isAnimated()")
    assert "已定位：章贡区" in page.inner_text("#status")
    assert "章贡区" in {lab["label"] for lab in page.evaluate("atlas.labels()")}
    tab.close()


def test_bulletin_text_with_html_runs_nothing_in_the_atlas(chromium: Any, tmp_path: Path) -> None:
    from test_views import BAD_SCRIPT, xss_graph

    g = xss_graph(tmp_path)
    report = views.build_atlas(g, tmp_path / "site")
    tab = Tab(chromium)
    page = tab.open(report.path)
    box = page.locator("#graph").bounding_box()
    seen = set()
    for key in page.evaluate("atlas.graph.nodes()"):  # hover every node: its label goes to #status
        x, y = page.evaluate(
            "k => { const p = atlas.renderer.framedGraphToViewport(atlas.renderer.getNodeDisplayData(k)); return [p.x, p.y]; }",
            key,
        )
        page.mouse.move(box["x"] + x, box["y"] + y)
        page.wait_for_timeout(50)
        seen.add(page.inner_text("#status"))
    page.fill("#search", "示例市")  # suggestions are built from the labels too
    assert page.locator("#atlas-results li").count() >= 1
    assert any(BAD_SCRIPT in s for s in seen) or BAD_SCRIPT in page.inner_text("#atlas-results")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("[onmouseover]").count() == 0 and page.locator("#atlas-results script").count() == 0
    tab.close()
