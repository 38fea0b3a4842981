"""NetworkX graph → a static, offline site of interactive graph pages.

Pages are drawn by vis-network 9.1.2 — the copy pyvis ships inside its wheel — and
pyvis's ``Network`` assembles each page's nodes, edges and options. pyvis's own
templates are not used: they load bootstrap (``in_line``) or vis-network itself
(``local``/``remote``) from a CDN, and ``write_html`` writes in the locale's encoding
(NOTES.md). Our Jinja templates inline vis-network and our small scripts, so a page
makes no request at all and works from ``file://``; files are written as UTF-8.

Escaping: every template autoescapes. Graph data travels as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&`` written as ``\\u003c`` …,
so ``</script>`` or ``<!--`` in a bulletin cannot end the block; the page script puts
it into the DOM only as text (vis-network 9 shows string titles as text, and our
tooltips are DOM elements built with ``textContent``).
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import jinja2
import markupsafe
import networkx as nx

from .. import network as netmod
from . import tables as tablemod
from .layout import clustered_layout
from .manifest import SiteFiles, input_hash
from .numbers import plain as _plain_value
from .numbers import readable
from .overview import ATLAS_PAGE, render_atlas

if TYPE_CHECKING:
    from .extras import SiteExtras

# Node kinds that get a page of their own (metrics and articles are shown on them).
PAGE_KINDS: tuple[str, ...] = ("bulletin", "organization", "place", "program", "person")
HUB_KINDS = frozenset({"bulletin", "article"})  # never expanded: they connect everything

ENTITY_PAGE_LIMIT = 150  # nodes on an entity's neighbourhood page
EXPAND_DEGREE_LIMIT = 30  # second hop only through nodes with fewer links than this
MAX_NODES_PER_PAGE = 2500  # above this a graph is split into pages instead of one hairball
PHYSICS_NODE_LIMIT = 300  # above this: precomputed layout, physics off (NOTES.md timings)
EDGE_LABEL_LIMIT = 600  # above this edge labels are left to the tooltips
SERIES_BLOCK_LIMIT = 12  # series drawn on a page (the longest); the others are listed as CSV links
INLINE_PAGE_LIMIT = 300  # assets="auto": inline vis-network up to this many graph pages

FONT_FACE = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif'

# kind → (Chinese name, colour, vis shape, size)
KIND_STYLE: dict[str, tuple[str, str, str, int]] = {
    "bulletin": ("简报", "#7f8c8d", "box", 18),
    "article": ("文章", "#b8c2cc", "box", 10),
    "organization": ("部门/机构", "#2e86de", "dot", 16),
    "place": ("地区", "#27ae60", "triangle", 16),
    "program": ("项目/举措", "#e67e22", "diamond", 16),
    "person": ("人物", "#8e44ad", "star", 16),
    "metric": ("指标数据", "#c0392b", "square", 9),
}
RELATION_COLOR: dict[str, str] = {
    "leads": "#e67e22",
    "implements": "#f0b27a",
    "located_in": "#27ae60",
    "has_outcome": "#c0392b",
    "part_of": "#2e86de",
    "holds_post": "#8e44ad",
    "cooperates_with": "#16a085",
    "mentions": "#d5d8dc",
    "published_in": "#d5d8dc",
}
# Chinese names of the org types and place levels of the Extraction record.
TYPE_LABELS: dict[str, str] = {
    "government_department": "政府部门",
    "party_organ": "党委机关",
    "leading_group": "领导小组/办公室",
    "enterprise": "企业",
    "bank": "银行",
    "social_organization": "社会组织",
    "other": "其他",
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡镇",
    "village": "村",
    "region": "区域",
}
SECTION_TITLES = {"bulletin": "简报", "organization": "部门", "place": "地区", "program": "项目", "person": "人物"}

_HERE = Path(__file__).resolve().parent


@dataclass
class SiteReport:
    out_dir: Path
    pages: dict[str, str] = field(default_factory=dict)  # entity IRI → page path (relative)
    graph_pages: dict[str, int] = field(default_factory=dict)  # page path → nodes drawn
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    assets: str = "inline"
    split: bool = False  # the overview was too big and was split
    skipped: int = 0  # files left as they were: their inputs had not changed
    removed: int = 0  # files of the last build no longer part of the site

    def summary(self) -> str:
        kept = f", {self.skipped} unchanged" if self.skipped else ""
        gone = f", {self.removed} removed" if self.removed else ""
        return (
            f"wrote {self.files} files ({self.bytes / 1e6:.1f} MB){kept}{gone} to {self.out_dir} in {self.seconds:.1f} s: "
            f"{len(self.pages)} entity pages, {len(self.graph_pages)} graph pages, assets {self.assets}"
            + (", overview split into parts" if self.split else "")
        )


def page_path(iri: str) -> str:
    """Relative path of an entity's page: deterministic and filesystem-safe whatever the
    IRI holds (Chinese, quotes, slashes, ``%``), short enough for any filesystem."""
    return "e-" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:20] + ".html"


# --------------------------------------------------------------------------- assets


@lru_cache(maxsize=1)
def _vis_js() -> str:
    import pyvis

    path = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
    text = path.read_text(encoding="utf-8")
    # No source map: a browser with devtools open would try to fetch it.
    # split("\n"), not splitlines(): the minified code holds U+2028 etc. inside strings.
    text = "\n".join(line for line in text.split("\n") if not line.startswith("//# sourceMappingURL"))
    if "</script" in text.lower():  # cannot happen with 9.1.2; guard against a future copy
        text = text.replace("</script", "<\\/script")
    return text


@lru_cache(maxsize=None)
def _asset(name: str) -> str:
    return (_HERE / "assets" / name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_HERE / "templates")),
        autoescape=True,
        trim_blocks=False,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["table_html"] = lambda t: markupsafe.Markup(tablemod.table_html(t))  # escaped by table_html
    return env


def script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no `</script>`, `<!--` or `&` can survive."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# --------------------------------------------------------------------------- which nodes a page shows


def _neighbours(g: nx.MultiDiGraph, node: str) -> set[str]:
    return set(g.successors(node)) | set(g.predecessors(node))


_KIND_ORDER = {k: i for i, k in enumerate(("organization", "program", "place", "person", "bulletin", "metric", "article"))}


def _priority(g: nx.MultiDiGraph, node: str) -> tuple[int, str]:
    return (_KIND_ORDER.get(g.nodes[node].get("kind", ""), 9), g.nodes[node].get("label", node))


def page_nodes(g: nx.MultiDiGraph, iri: str, *, limit: int = ENTITY_PAGE_LIMIT) -> list[str]:
    """The nodes drawn on `iri`'s page. A bulletin shows everything it states; any other
    entity its neighbours, the most often linked first (then by kind), and then their
    neighbours (not through the bulletin/article hubs, which would pull in everything),
    up to `limit`."""
    if g.nodes[iri].get("kind") == "bulletin":
        members = [n for n, d in g.nodes(data=True) if iri in (d.get("bulletins") or []) and n != iri]
        members.sort(key=lambda n: _priority(g, n))
        return [iri] + members[: MAX_NODES_PER_PAGE - 1]
    chosen = [iri]
    seen = {iri}
    out_adj, in_adj = g._succ[iri], g._pred[iri]

    def weight(n: str) -> int:  # how many times the two are linked (bulletins × relations)
        return len(out_adj.get(n, ())) + len(in_adj.get(n, ()))

    first = sorted(_neighbours(g, iri) - seen, key=lambda n: (-weight(n), *_priority(g, n)))
    for n in first:
        if len(chosen) >= limit:
            return chosen
        chosen.append(n)
        seen.add(n)
    for n in first:
        # Places and very connected nodes are hubs too: a city links to everything in it.
        if g.nodes[n].get("kind") in HUB_KINDS or g.nodes[n].get("kind") == "place" or g.degree(n) > EXPAND_DEGREE_LIMIT:
            continue
        for m in sorted(_neighbours(g, n) - seen, key=lambda m: _priority(g, m)):
            if g.nodes[m].get("kind") in HUB_KINDS:
                continue
            if len(chosen) >= limit:
                return chosen
            chosen.append(m)
            seen.add(m)
    return chosen


# --------------------------------------------------------------------------- page data


@dataclass
class PagePart:
    """The nodes and edges one page draws (plain lists: networkx's subgraph views
    re-filter on every access and made writing a 2,000-node site several times slower)."""

    nodes: list[tuple[str, dict[str, Any]]]
    edges: list[tuple[str, str, dict[str, Any]]]


def page_part(g: nx.MultiDiGraph, nodes: Iterable[str]) -> PagePart:
    """The nodes and the edges among them; the same relation read in several bulletins
    is drawn once (see _merged_edge): a busy entity's page drew thousands of parallel
    copies of a few hundred relations, each with its sentence (1.3 MB for 112 nodes)."""
    keep = list(dict.fromkeys(nodes))
    wanted = set(keep)
    adjacency = g._adj  # the raw dict of dicts; g.adj wraps every access in a view
    edges: list[tuple[str, str, dict[str, Any]]] = []
    for u in keep:
        for v, keyed in adjacency[u].items():
            if v not in wanted:
                continue
            if len(keyed) == 1:
                edges.extend((u, v, data) for data in keyed.values())
                continue
            groups: dict[tuple[Any, ...], list[dict[str, Any]]] = defaultdict(list)
            for data in keyed.values():
                groups[(data.get("relation"), data.get("label"), data.get("post"))].append(data)
            edges.extend((u, v, _merged_edge(same)) for same in groups.values())
    return PagePart(nodes=[(n, g.nodes[n]) for n in keep], edges=edges)


_BASIS_RANK = {"": 0, "co-mention": 1, "mention": 2}


def _merged_edge(same: list[dict[str, Any]]) -> dict[str, Any]:
    """One drawn edge for the parallel copies of a relation: the best-supported
    sentence (stated before co-mentioned), its bulletin, and how many bulletins read it
    (``weight``; the relation table lists them all)."""
    if len(same) == 1:
        return same[0]
    best = min(same, key=lambda d: (not d.get("sentence"), _BASIS_RANK.get(d.get("sentence_basis") or "", 3)))
    bulletins = {d.get("bulletin") or d.get("bulletin_label") for d in same} - {None}
    merged = dict(best)
    merged["weight"] = len(same)
    if len(bulletins) > 1 and best.get("bulletin_label"):
        merged["bulletin_label"] = f"{best['bulletin_label']} 等 {len(bulletins)} 期简报"
    return merged


def _short(label: str, width: int = 16) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def _node_info(data: dict[str, Any]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    if data.get("kind") == "metric":
        value = _format_value(data.get("value"))
        if value:
            q = data.get("qualifier") or ""
            shown = readable(data.get("value"), data.get("unit")) + q
            rows.append(("数值", shown if shown.startswith(value) else f"{shown}（{value}{data.get('unit') or ''}）"))
        for key, name in (("indicator", "指标"), ("period", "时期"), ("subject", "主体")):
            if data.get(key):
                rows.append((name, str(data[key])))
        if data.get("is_change"):
            rows.append(("变化", {"up": "上升", "down": "下降"}.get(data.get("change_direction") or "", "变化")))
        if data.get("is_target"):
            rows.append(("性质", "预计/目标"))
    else:
        if data.get("code"):
            rows.append(("区划代码", str(data["code"])))
        if data.get("place") and data.get("place") != data.get("label"):
            rows.append(("地区", str(data["place"])))
        if data.get("posts"):
            rows.append(("职务", "、".join(data["posts"])))
    if data.get("years"):
        rows.append(("年份", "、".join(str(y) for y in data["years"])))
    return rows


def _format_value(value: Any) -> str:
    return _plain_value(value)


def _node_item(g: nx.MultiDiGraph, n: str, pages: dict[str, str], focus: str | None) -> dict[str, Any]:
    """What a graph page shows of one node (also what its input hash covers)."""
    d = g.nodes[n]
    kind = d.get("kind", "")
    page = pages.get(n)
    if kind == "article":  # an article opens its bulletin's page
        page = next((pages[b] for b in (d.get("bulletins") or []) if b in pages), None)
    kind_name = KIND_STYLE.get(kind, (kind,))[0]
    item: dict[str, Any] = {
        "label": d.get("label", n),
        "short": _short(d.get("label", n)),
        "kind": kind,
        "sub": kind_name + (f" · {TYPE_LABELS.get(d['type'], d['type'])}" if d.get("type") else ""),
        "info": _node_info(d),
        "sentence": d.get("sentence"),
        "source": d.get("bulletin_label"),
        "place": d.get("place"),
        "years": d.get("years"),
        "page": page,
    }
    if n == focus:
        item["focus"] = True
    return {k: v for k, v in item.items() if v not in (None, [], "")}


def _edge_item(g: nx.MultiDiGraph, u: str, v: str, d: dict[str, Any]) -> dict[str, Any]:
    rel = d.get("relation", "")
    return {
        "from": u,
        "to": v,
        "rel": rel,
        "label": d.get("label") or netmod.RELATION_LABELS.get(rel, rel),
        "ends": f"{g.nodes[u].get('label', u)} → {g.nodes[v].get('label', v)}"
        + (f"（{d['post']}）" if d.get("post") else ""),
        "sentence": d.get("sentence"),
        "source": d.get("bulletin_label"),
        "color": RELATION_COLOR.get(rel, "#999"),
    }


def page_items(
    g: nx.MultiDiGraph, sub: PagePart, pages: dict[str, str], focus: str | None
) -> tuple[list[tuple[str, dict[str, Any]]], list[dict[str, Any]]]:
    """The node and edge items a graph page draws: the page's whole graph input."""
    return ([(n, _node_item(g, n, pages, focus)) for n, _ in sub.nodes],
            [_edge_item(g, u, v, d) for u, v, d in sub.edges])


LANDMARK_SCREEN_PX = 15  # a cluster's name, on screen at the first zoom
LABEL_DRAW_THRESHOLD = 7  # vis-network draws no label smaller than this on screen
GRAPH_VIEW_PX = (1200, 640)  # the graph box at the desktop width (site.css: 100% × 72vh)


@dataclass
class ClusterPlan:
    """A big page's precomputed layout: clusters by place (or kind), and the one node
    per cluster whose label is drawn at the first zoom — only where it fits."""

    positions: dict[str, tuple[float, float]]
    landmarks: set[str]
    landmark_font: float  # canvas units: LANDMARK_SCREEN_PX at the fitted zoom

    def scaling(self) -> dict[str, Any]:
        return {"scaling": {"min": 10, "max": 22, "label": {
            "enabled": True, "min": 14, "max": self.landmark_font, "maxVisible": 24,
            "drawThreshold": LABEL_DRAW_THRESHOLD}}}


def _cluster_of(data: dict[str, Any]) -> str:
    if data.get("place"):
        return "place:" + str(data["place"])
    return "kind:" + str(data.get("kind", ""))


def _cluster_plan(g: nx.MultiDiGraph, nodes: list[str], edges: list[tuple[str, str]]) -> ClusterPlan:
    groups: dict[Hashable, str] = {n: _cluster_of(g.nodes[n]) for n in nodes}
    positions, centres = clustered_layout(nodes, edges, groups)
    xs = [p[0] for p in positions.values()] or [0.0]
    ys = [p[1] for p in positions.values()] or [0.0]
    scale = min(GRAPH_VIEW_PX[0] / max(max(xs) - min(xs), 1.0), GRAPH_VIEW_PX[1] / max(max(ys) - min(ys), 1.0))
    degree = Counter(n for edge in edges for n in edge)
    by_group: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        by_group[groups[n]].append(n)
    landmarks: set[str] = set()
    for name, members in by_group.items():
        place = name.split(":", 1)[1]
        head = next((n for n in members if g.nodes[n].get("kind") == "place" and g.nodes[n].get("label") == place),
                    max(members, key=lambda n: (degree[n], n)))
        _, _, radius = centres[name]
        room = (2 * radius + 90.0) * scale  # px the cluster takes on screen at the first zoom
        if len(_short(g.nodes[head].get("label", head))) * LANDMARK_SCREEN_PX <= room:
            landmarks.add(head)
    return ClusterPlan(cast(dict[str, tuple[float, float]], positions), landmarks, LANDMARK_SCREEN_PX / max(scale, 1e-6))


def _payload(
    g: nx.MultiDiGraph,
    nodes: list[str],
    pages: dict[str, str],
    *,
    self_page: str,
    focus: str | None = None,
    sub: PagePart | None = None,
    items: tuple[list[tuple[str, dict[str, Any]]], list[dict[str, Any]]] | None = None,
) -> tuple[dict[str, Any], PagePart]:
    """Nodes/edges/options of one graph page, assembled with pyvis's Network."""
    from pyvis.network import Network

    sub = sub or page_part(g, nodes)
    node_items, edge_items = items or page_items(g, sub, pages, focus)
    big = len(nodes) > PHYSICS_NODE_LIMIT
    plan = _cluster_plan(g, list(nodes), [(u, v) for u, v, _ in sub.edges]) if big else None
    positions = plan.positions if plan else {}
    net = Network(directed=True, cdn_resources="in_line")
    for n, item in node_items:
        extra = {k: v for k, v in item.items() if k != "label"}
        if n in positions:
            extra["x"], extra["y"] = positions[n]
        if plan is not None:  # label size by value: landmarks readable at the first zoom
            extra["value"] = 10 if n in plan.landmarks else 1
        # pyvis keeps label/id; our own fields ride along as extra node options.
        net.add_node(n, label=item["label"], **extra)
    net.edges = edge_items  # pyvis's add_edge scans every edge per call (quadratic)
    physics = not big
    net.options = {
        # labelHighlightBold off: a selected label keeps the box graph.js placed it by
        "nodes": {"font": {"face": FONT_FACE, "size": 14}, "borderWidth": 1, "labelHighlightBold": False,
                  **(plan.scaling() if plan else {})},
        "edges": {
            "smooth": False,
            "font": {"face": FONT_FACE, "size": 11, "color": "#555", "strokeWidth": 3, "align": "middle"},
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "width": 1,
            **({"color": {"opacity": 0.35}} if big else {}),  # the clusters, not the hairball, first
        },
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 130, "avoidOverlap": 0.1},
            "stabilization": {"enabled": True, "iterations": 200, "updateInterval": 50, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big},
        "layout": {"improvedLayout": len(nodes) <= 100, "randomSeed": 7},
    }
    net_nodes, net_edges, _, _, _, options = net.get_network_data()
    payload = {
        "nodes": [
            {k: v for k, v in n.items() if k in ("id", "label", "short", "kind", "sub", "info", "sentence", "source",
                                                 "place", "years", "page", "focus", "x", "y", "value")}
            for n in net_nodes
        ],
        "edges": net_edges,
        "options": json.loads(options),
        "edgeLabels": len(edge_items) <= EDGE_LABEL_LIMIT,
        "self": self_page,
        "kinds": {k: {"color": c, "border": "#555", "shape": s, "size": z} for k, (_, c, s, z) in KIND_STYLE.items()},
    }
    return payload, sub


# The legend shows each kind's shape as a glyph in its colour.
SHAPE_GLYPH = {"box": "▬", "dot": "●", "triangle": "▲", "diamond": "◆", "star": "★", "square": "■"}


def _legend(sub: PagePart) -> list[dict[str, Any]]:
    counts = Counter(d.get("kind", "") for _, d in sub.nodes)
    return [
        {"kind": k, "label": name, "color": color, "count": counts[k], "glyph": SHAPE_GLYPH.get(shape, "●")}
        for k, (name, color, shape, _) in KIND_STYLE.items()
        if counts.get(k)
    ]


def _relations_legend(sub: PagePart) -> list[dict[str, str]]:
    rels = {d.get("relation", "") for _, _, d in sub.edges}
    return [
        {"label": netmod.RELATION_LABELS[r], "color": RELATION_COLOR[r]} for r in netmod.RELATION_LABELS if r in rels
    ]


def _filter_values(sub: PagePart) -> tuple[list[str], list[int]]:
    places = sorted({d["label"] for _, d in sub.nodes if d.get("kind") == "place" and d.get("label")})
    years = sorted({y for _, d in sub.nodes for y in (d.get("years") or [])})
    return places, years


# --------------------------------------------------------------------------- writing


class _Writer:
    """Renders pages through SiteFiles: a page whose inputs hash as last time is not rendered."""

    def __init__(self, out_dir: Path, inline: bool, *, incremental: bool = False) -> None:
        self.out_dir = out_dir
        self.inline = inline
        self.files = SiteFiles(out_dir, incremental=incremental, settings=f"inline={inline}")
        self.css = _asset("site.css")
        self.graph_js = _asset("graph.js")
        self.tables_js = _asset("tables.js")
        self.vis_js = _vis_js() if inline else ""

    def write(self, name: str, html: str) -> None:
        self.files.write(name, html)

    def shared_assets(self) -> None:
        """vis-network and our scripts and stylesheet, once, under assets/ (rewritten only
        when their bytes change: SiteFiles keys them by content)."""
        for name, text in (("vis-network.min.js", _vis_js()), ("site.css", self.css), ("graph.js", self.graph_js),
                           ("tables.js", self.tables_js), ("index.js", _asset("index.js"))):
            self.files.write(f"assets/{name}", text)

    def assets(self) -> dict[str, Any]:
        """What base.html.j2 needs: inline texts, or the shared files' paths."""
        return {"inline_assets": self.inline, "css": self.css if self.inline else ""}

    def graph_page(
        self,
        name: str,
        g: nx.MultiDiGraph,
        nodes: list[str],
        pages: dict[str, str],
        *,
        title: str,
        subtitle: str = "",
        page_kind: str = "overview",
        focus: str | None = None,
        facts: list[tuple[str, Any]] | None = None,
        notes: Iterable[str] = (),
        part_links: list[dict[str, Any]] | None = None,
        sections: dict[str, Any] | None = None,
    ) -> int:
        sub = page_part(g, nodes) if nodes else PagePart([], [])
        items = page_items(g, sub, pages, focus)
        key = input_hash(name, title, subtitle, page_kind, facts, list(notes), part_links, sections, items)
        if self.files.unchanged(name, key):
            return len(sub.nodes)
        payload, sub = _payload(g, nodes, pages, self_page=name, focus=focus, sub=sub, items=items) if nodes else ({}, sub)
        places, years = _filter_values(sub)
        html = _env().get_template("graph.html.j2").render(
            title=title,
            subtitle=subtitle,
            **self.assets(),
            vis_js=self.vis_js,
            vis_src="assets/vis-network.min.js",
            node_count=len(sub.nodes),
            edge_count=len(sub.edges),
            page_kind=page_kind,
            facts=facts or [],
            notes=list(notes),
            part_links=part_links or [],
            legend=_legend(sub),
            relations=_relations_legend(sub),
            places=places,
            years=years,
            iri_link=(sections or {}).get("iri"),
            outcome_table=(sections or {}).get("outcomes"),
            series_blocks=(sections or {}).get("series") or [],
            more_series=(sections or {}).get("more_series") or [],
            news=(sections or {}).get("news"),
            articles=(sections or {}).get("articles") or [],
            relation_table=(sections or {}).get("relations"),
            tables_js=self.tables_js if self.inline else "",
            data_json=script_json(payload) if nodes else "{}",
            graph_js=self.graph_js if self.inline else "",
        )
        self.files.write(name, html, key)
        return len(sub.nodes)


def _links(g: nx.MultiDiGraph, iris: Iterable[str], pages: dict[str, str]) -> dict[str, Any]:
    return {
        "links": [
            {"href": pages[i], "text": g.nodes[i].get("label", i)} for i in iris if i in pages
        ]
    }


def _entity_facts(
    g: nx.MultiDiGraph, iri: str, pages: dict[str, str], place_by_label: dict[str, str]
) -> list[tuple[str, Any]]:
    d = g.nodes[iri]
    facts: list[tuple[str, Any]] = [("类别", KIND_STYLE.get(d.get("kind", ""), (d.get("kind", ""),))[0])]
    if d.get("type"):
        facts.append(("类型", TYPE_LABELS.get(d["type"], d["type"])))
    for key, name in (("code", "区划代码"), ("date", "日期")):
        if d.get(key):
            facts.append((name, str(d[key])))
    if d.get("place") and d.get("place") != d.get("label"):
        place_iri = place_by_label.get(d["place"])
        facts.append(("地区", _links(g, [place_iri], pages) if place_iri in pages else d["place"]))
    if d.get("posts"):
        facts.append(("职务", "、".join(d["posts"])))
    if d.get("years"):
        facts.append(("年份", "、".join(str(y) for y in d["years"])))
    if d.get("kind") != "bulletin" and d.get("bulletins"):
        facts.append(("见于简报", _links(g, d["bulletins"], pages)))
    if d.get("sentence"):
        facts.append(("首次提及", d["sentence"]))
    return facts


def _entity_sections(
    g: nx.MultiDiGraph, iri: str, pages: dict[str, str], extras: SiteExtras | None, index: tablemod.GraphIndex
) -> dict[str, Any]:
    """The tables under an entity's graph: what it achieved, its series, its relations
    with their sentences; a bulletin's new-in-this-issue section and its articles."""
    kind = g.nodes[iri].get("kind", "")
    out: dict[str, Any] = {"iri": iri}
    if kind == "bulletin":
        out["articles"] = tablemod.article_sections(g, iri, pages, index)
        if extras is not None:
            out["news"] = extras.news_section(g, iri, pages)
        return out
    if kind in ("organization", "program", "place"):
        out["outcomes"] = tablemod.outcome_table(g, iri, pages, index)
        if extras is not None:
            out["series"] = extras.series_blocks(g, iri, pages, index)
    out["relations"] = tablemod.relation_table(g, iri, pages)
    return out


def _bound_sections(sections: dict[str, Any], stem: str, writer: _Writer) -> None:
    """A busy entity's page stays bounded, and nothing is lost: each series is also a CSV
    file beside the page and only the SERIES_BLOCK_LIMIT longest are drawn (the others
    listed as links to their CSV); every table is cut to tables.TABLE_ROW_LIMIT rows, its
    complete rows in ``{stem}-table-{id}.csv`` (linked under it)."""
    for block in sections.get("series") or []:
        block["csv_href"] = f"{stem}-{block['id']}.csv"
        writer.write(block["csv_href"], "\ufeff" + block["csv"])
    if len(sections.get("series") or []) > SERIES_BLOCK_LIMIT:
        ranked = sorted(sections["series"], key=lambda b: -len(b["table"]["rows"]))
        drawn = {id(b) for b in ranked[:SERIES_BLOCK_LIMIT]}
        sections["more_series"] = [{"name": b["name"], "href": b["csv_href"], "count": len(b["table"]["rows"])}
                                   for b in sections["series"] if id(b) not in drawn]
        sections["series"] = [b for b in sections["series"] if id(b) in drawn]
    _cap_tables(sections, stem, writer)


def _cap_tables(sections: dict[str, Any], stem: str, writer: _Writer) -> None:
    holders: list[tuple[dict[str, Any], str]] = [(sections, "outcomes"), (sections, "relations")]
    holders += [(block, "table") for block in sections.get("series") or []]
    holders += [(art, "table") for art in sections.get("articles") or []]
    if sections.get("news"):
        holders += [(sections["news"], "new"), (sections["news"], "changed")]
    for holder, key in holders:
        table = holder.get(key)
        if not table:
            continue
        href = f"{stem}-table-{table['id']}.csv"
        holder[key], full = tablemod.cap_table(table, href)
        if full is not None:
            writer.write(href, full)


def build_site(
    graph: nx.MultiDiGraph,
    out_dir: str | os.PathLike[str],
    *,
    assets: str = "shared",
    max_nodes_per_page: int = MAX_NODES_PER_PAGE,
    extras: SiteExtras | None = None,
    incremental: bool = False,
) -> SiteReport:
    """Write index.html, overview.html and one page per bulletin, organisation, place,
    program and person into `out_dir`.

    `assets`: "shared" (the default) writes vis-network, our scripts and the stylesheet
    once to assets/ and pages load them by a relative path (still offline, from file://,
    as long as the folder stays together); "inline" puts them (470 KB) into every page,
    so any single page works on its own; "auto" inlines up to INLINE_PAGE_LIMIT pages.

    `extras` (views.extras.collect(store)) adds the series and new-in-this-issue
    sections. `incremental`: render only the pages whose inputs changed since the last
    build into `out_dir` (views.manifest); the others are left as they are."""
    t0 = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    g = graph
    entities = [n for n, d in g.nodes(data=True) if d.get("kind") in PAGE_KINDS]
    pages = {n: page_path(n) for n in entities}
    if assets not in ("auto", "inline", "shared"):
        raise ValueError(f"assets must be auto, inline or shared, not {assets!r}")
    inline = assets == "inline" or (assets == "auto" and len(entities) + 1 <= INLINE_PAGE_LIMIT)
    report = SiteReport(out_dir=out, pages=dict(pages), assets="inline" if inline else "shared")
    writer = _Writer(out, inline, incremental=incremental)
    if not inline:
        writer.shared_assets()

    # ---- overview: the whole graph, or split when it would be a hairball.
    all_nodes = sorted(g.nodes, key=lambda n: _priority(g, n))
    bulletins = sorted((n for n in entities if g.nodes[n].get("kind") == "bulletin"),
                       key=lambda n: (g.nodes[n].get("date", ""), g.nodes[n].get("label", "")))
    if len(all_nodes) <= max_nodes_per_page:
        report.graph_pages["overview.html"] = writer.graph_page(
            "overview.html", g, all_nodes, pages, title="总图",
            subtitle=f"{g.number_of_nodes()} 个节点，{g.number_of_edges()} 条关系",
        )
    else:
        report.split = True
        backbone = [n for n in all_nodes if g.nodes[n].get("kind") in ("bulletin", "organization", "place", "program")]
        parts = [{"href": pages[b], "text": g.nodes[b].get("label", b), "count": None} for b in bulletins]
        shown = backbone if len(backbone) <= max_nodes_per_page else []
        report.graph_pages["overview.html"] = writer.graph_page(
            "overview.html", g, shown, pages, title="总图",
            subtitle=f"{g.number_of_nodes()} 个节点，{g.number_of_edges()} 条关系",
            notes=[
                f"图太大（{g.number_of_nodes()} 个节点），不在一页中绘制："
                + ("此处只显示简报、部门、地区和项目；" if shown else "")
                + "完整内容按简报分页；整张图见全景图（atlas.html）。"
            ],
            part_links=parts,
        )

    if g.number_of_nodes():  # the big overview, WebGL, whatever the size (overview.py)
        writer.write(ATLAS_PAGE, render_atlas(g, pages, css=writer.css)[0])
    from .placemap import MAP_PAGE, render_place_map  # the places at their position (placemap.py)

    place_map = render_place_map(g, pages, css=writer.css, inline=writer.inline)
    if place_map is not None:
        writer.write(MAP_PAGE, place_map)

    # ---- one page per entity
    place_by_label = {d["label"]: n for n, d in g.nodes(data=True) if d.get("kind") == "place" and d.get("label")}
    index = tablemod.index_graph(g)
    for iri in entities:
        d = g.nodes[iri]
        kind = d.get("kind", "")
        nodes = page_nodes(g, iri)
        notes = []
        if kind == "bulletin" and len(nodes) >= max_nodes_per_page:
            notes.append(f"只显示前 {max_nodes_per_page} 个节点。")
        elif kind != "bulletin" and len(nodes) >= ENTITY_PAGE_LIMIT:
            direct = len(_neighbours(g, iri) - {iri})
            if direct >= len(nodes):
                notes.append(f"相邻节点共 {direct} 个，图中只显示联系最多的 {len(nodes) - 1} 个；"
                             "全部关系与指标见下方各表及其完整 CSV。")
            else:
                notes.append(f"邻域较大，只显示 {ENTITY_PAGE_LIMIT} 个最相关的节点。")
        sections = _entity_sections(g, iri, pages, extras, index)
        _bound_sections(sections, pages[iri][:-5], writer)
        report.graph_pages[pages[iri]] = writer.graph_page(
            pages[iri], g, nodes, pages,
            title=d.get("label", iri),
            subtitle=KIND_STYLE.get(kind, (kind,))[0],
            page_kind=kind,
            focus=iri,
            facts=_entity_facts(g, iri, pages, place_by_label),
            notes=notes,
            sections=sections,
        )

    # ---- index
    writer.write("index.html", _render_index(g, entities, pages, bulletins, writer, place_map is not None))
    writer.files.finish()
    report.files, report.bytes = writer.files.written, writer.files.bytes
    report.skipped, report.removed = writer.files.skipped, len(writer.files.removed)
    report.seconds = time.perf_counter() - t0
    return report


def _render_index(
    g: nx.MultiDiGraph, entities: list[str], pages: dict[str, str], bulletins: list[str], writer: _Writer,
    place_map: bool = False,
) -> str:
    def count(n: str) -> int:
        return len({m for m in _neighbours(g, n) if g.nodes[m].get("kind") not in HUB_KINDS})

    sections = []
    for kind in PAGE_KINDS:
        members = bulletins if kind == "bulletin" else sorted(
            (n for n in entities if g.nodes[n].get("kind") == kind), key=lambda n: (-count(n), g.nodes[n].get("label", ""))
        )
        if not members:
            continue
        sections.append(
            {
                "title": SECTION_TITLES[kind],
                "entries": [
                    {"href": pages[n], "label": g.nodes[n].get("label", n),
                     "count": len([m for m, md in g.nodes(data=True) if n in (md.get("bulletins") or [])]) - 1
                     if kind == "bulletin" else count(n)}
                    for n in members
                ],
            }
        )
    entries = [
        [g.nodes[n].get("label", n), KIND_STYLE[g.nodes[n]["kind"]][0], pages[n]]
        for n in sorted(entities, key=lambda n: g.nodes[n].get("label", ""))
    ]
    most = [
        {"label": label, "href": pages.get(iri, ""), "count": degree}
        for iri, label, degree in netmod.most_connected(g, "organization", 10)
        if degree > 0
    ]
    per_county = list(netmod.programs_per_county(g).items())
    communities = netmod.cooperation_communities(g)[:20]
    return _env().get_template("index.html.j2").render(
        title="工作简报知识图谱",
        subtitle=f"{len(bulletins)} 期简报 · {g.number_of_nodes()} 个节点 · {g.number_of_edges()} 条关系",
        **writer.assets(),
        sections=sections,
        node_count=g.number_of_nodes(),
        edge_count=g.number_of_edges(),
        atlas=g.number_of_nodes() > 0,
        place_map=place_map,
        entities_json=script_json(entries),
        index_js=_asset("index.js") if writer.inline else "",
        tables_js=writer.tables_js if writer.inline else "",
        most_connected=most,
        programs_per_county=per_county,
        communities=communities,
    )
