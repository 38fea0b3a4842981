"""The big overview (全景图, ``atlas.html``): the whole graph in one WebGL page.

vis-network draws a 2,000-node graph as a small ball with no labels and cannot open
20,000 nodes; this page uses sigma.js 3 (WebGL) on a graphology graph, both vendored
as UMD bundles (assets/NOTICE-vendored.md names them and their MIT licences) and
inlined, so the page makes no request and works from ``file://``.

The layout is computed here, at build time (grouped_layout.py: a cluster per place),
so the page is stable at its first frame. The page shows labels only where they fit
(sigma's label grid, then atlas.js drops any label that would overlap one already
drawn, biggest nodes first), colours nodes by kind with a legend that also filters,
has a search box that zooms to a node, and a click opens the node's page.

    from wuxing_kg import views
    report = views.build_atlas(graph, "site")   # what build_site calls, standalone
"""

from __future__ import annotations

import math
import os
import time
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import networkx as nx

from .grouped_layout import NODE_SPACING, grouped_layout, node_groups

ATLAS_PAGE = "atlas.html"
VENDORED_JS = ("graphology-0.26.0.umd.min.js", "sigma-3.0.3.min.js")
# Node size (px at the first zoom) by kind: places are the clusters' centres and win
# the label grid; figures are many and small.
KIND_SIZE = {"place": 4.5, "bulletin": 4.0, "organization": 3.5, "program": 3.5, "person": 3.0,
             "article": 2.0, "metric": 1.6}
MAX_SIZE = 14.0
SIZE_REFERENCE_NODES = 2000  # above this, nodes shrink (~1/√n) so clusters stay visible at the first zoom
LABEL_SIZE_THRESHOLD = 4.5  # px: smaller nodes get no label at the current zoom (sigma setting)

_HERE = Path(__file__).resolve().parent


@dataclass
class AtlasReport:
    path: Path
    nodes: int
    edges: int  # distinct linked pairs drawn (multi-edges and both directions merged)
    clusters: int
    bytes: int
    seconds: float


@lru_cache(maxsize=None)
def _vendored(name: str) -> str:
    text = (_HERE / "assets" / name).read_text(encoding="utf-8")
    if "</script" in text.lower():  # not in these versions; guard against a future copy
        text = text.replace("</script", "<\\/script")
    return text


def _node_size(kind: str, degree: int, scale: float) -> float:
    return round(scale * min(MAX_SIZE, KIND_SIZE.get(kind, 2.0) + 0.8 * math.log2(1 + degree)), 2)


def size_scale(n_nodes: int) -> float:
    """Sigma sizes nodes in screen pixels whatever the zoom: at 20,000 nodes a 14-px
    place would hide its whole cluster at the first zoom."""
    return min(1.0, math.sqrt(SIZE_REFERENCE_NODES / max(n_nodes, 1)))


def _page_of(g: nx.MultiDiGraph, n: Hashable, pages: dict[Any, str]) -> str:
    """The page a click opens: the node's own, an article's bulletin, or for a figure
    (no page of its own) the page of what it is about (the programme it is an outcome of)."""
    if n in pages:
        return pages[n]
    d = g.nodes[n]
    for b in d.get("bulletins") or []:
        if d.get("kind") == "article" and b in pages:
            return pages[b]
    for m in g.predecessors(n):
        if m in pages and g.nodes[m].get("kind") not in ("bulletin", "article"):
            return pages[m]
    return ""


def atlas_payload(g: nx.MultiDiGraph, pages: dict[Any, str]) -> dict[str, Any]:
    """The page's data, compact because it is 20,000 nodes: a node is
    ``[label, x, y, size, kind index, page, place]`` and an edge a pair of node indices."""
    from .site import KIND_STYLE  # the colours every other page uses

    groups = node_groups(g)
    positions = grouped_layout(g, groups)
    order = list(g.nodes)
    index = {n: i for i, n in enumerate(order)}
    kinds = list(KIND_STYLE)
    kind_index = {k: i for i, k in enumerate(kinds)}
    degree = dict(g.degree())
    scale = size_scale(len(order))
    counts: Counter[str] = Counter()
    nodes = []
    for n in order:
        d = g.nodes[n]
        kind = d.get("kind", "")
        counts[kind] += 1
        x, y = positions[n]
        nodes.append([str(d.get("label", n)), x, -y, _node_size(kind, degree[n], scale), kind_index.get(kind, -1),
                      _page_of(g, n, pages), str(d.get("place") or "")])
    pairs = sorted({(min(index[u], index[v]), max(index[u], index[v])) for u, v in g.edges() if u != v})
    return {
        "nodes": nodes,
        "edges": [i for pair in pairs for i in pair],
        "kinds": [{"kind": k, "label": KIND_STYLE[k][0], "color": KIND_STYLE[k][1], "count": counts[k]} for k in kinds],
        "clusters": len(set(groups.values())),
        "spacing": NODE_SPACING,
        "labelThreshold": round(LABEL_SIZE_THRESHOLD * scale, 2),
    }


def render_atlas(g: nx.MultiDiGraph, pages: dict[Any, str], *, css: str | None = None) -> tuple[str, dict[str, Any]]:
    """The HTML of ``atlas.html`` and its payload; `pages` maps a node to its page (as
    build_site names them), so a click opens it."""
    from .site import _asset, _env, script_json

    payload = atlas_payload(g, pages)
    html = _env().get_template("atlas.html.j2").render(
        title="全景图",
        inline_assets=True,  # one self-contained page: its libraries are inlined anyway
        subtitle=f"{g.number_of_nodes()} 个节点，{g.number_of_edges()} 条关系，按地区聚类"
        f"（{payload['clusters']} 簇）",
        css=css if css is not None else _asset("site.css"),
        vendored_js=[_vendored(name) for name in VENDORED_JS],
        atlas_js=_asset("atlas.js"),
        data_json=script_json(payload),
        kinds=[k for k in payload["kinds"] if k["count"]],
        node_count=g.number_of_nodes(),
        edge_count=len(payload["edges"]) // 2,
    )
    return html, payload


def write_atlas(
    g: nx.MultiDiGraph, out_dir: str | os.PathLike[str], pages: dict[Any, str], *, css: str | None = None
) -> AtlasReport:
    """Write ``atlas.html`` into `out_dir` (see render_atlas)."""
    t0 = time.perf_counter()
    html, payload = render_atlas(g, pages, css=css)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    data = html.encode("utf-8")
    (out / ATLAS_PAGE).write_bytes(data)
    return AtlasReport(
        path=out / ATLAS_PAGE, nodes=g.number_of_nodes(), edges=len(payload["edges"]) // 2,
        clusters=payload["clusters"], bytes=len(data), seconds=time.perf_counter() - t0,
    )


def build_atlas(graph: nx.MultiDiGraph, out_dir: str | os.PathLike[str]) -> AtlasReport:
    """The overview alone, linking to the entity pages build_site would write beside it."""
    from .site import PAGE_KINDS, page_path

    pages = {n: page_path(n) for n, d in graph.nodes(data=True) if d.get("kind") in PAGE_KINDS}
    return write_atlas(graph, out_dir, pages)
