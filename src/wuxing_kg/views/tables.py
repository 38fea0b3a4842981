"""The data tables of the pages: what a department achieved, relations with their source
sentence, a bulletin's articles with their facts.

A table is plain data for the ``tables.html.j2`` macro: ``{"id", "name", "columns", "rows"}``,
each row a list of cells ``{"text", "href", "title", "csv", "sort", "cls", "parts"}`` (all
optional but ``text``). ``csv`` is what the CSV download writes (the exact value where
``text`` is rounded for reading), ``sort`` the key the column sorts by. tables.js adds
sorting, filtering and the CSV download in the browser; without JavaScript the table is
still all there.

A page lists at most TABLE_ROW_LIMIT rows of a table (cap_table): the most recent ones
where the table says how recent each row is (``recency``, the latest bulletin date),
else the first; the complete table is then a CSV file beside the page (table_csv writes
what tables.js would), linked under the table. A busy entity's page listed every row
(one page held 8.9 k rows, 4.7 M characters) and nothing was ever cut silently but the
relations past 300, which were lost.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from html import escape
from typing import Any

import networkx as nx

from .. import network as netmod
from .numbers import exact, plain, readable

KIND_NAMES = {"bulletin": "简报", "article": "文章", "organization": "部门", "place": "地区", "program": "项目",
              "person": "人物", "metric": "指标"}

Cell = dict[str, Any]
Table = dict[str, Any]

TABLE_ROW_LIMIT = 200  # rows a page lists of one table; the rest is in its CSV file
HIDDEN_RELATIONS = frozenset({"mentions", "published_in"})
# How a sentence supports a relation (network._sentences_from_mentions).
BASIS_NOTE = {
    "": "陈述此关系的原句",
    "co-mention": "此句同时提及双方（关系由抽取记录推得）",
    "mention": "此句提及该实体（关系由抽取记录推得）",
}


def cell(text: Any = "", **extra: Any) -> Cell:
    out: Cell = {"text": "" if text is None else str(text)}
    out.update({k: v for k, v in extra.items() if v not in (None, "")})
    return out


def display_label(g: nx.MultiDiGraph, node: str) -> str:
    """A node's label for a row; never an IRI (a node without a label shows its kind)."""
    data = g.nodes[node]
    label = str(data.get("label") or "")
    if not label or label.startswith(("http://", "https://")) or label == node:
        return KIND_NAMES.get(data.get("kind", ""), "实体") + "（未命名）"
    return label


def link_cell(g: nx.MultiDiGraph, node: str | None, pages: dict[str, str], *, self_iri: str | None = None) -> Cell:
    if not node or node not in g:
        return cell("")
    return cell(display_label(g, node), href=pages.get(node) if node != self_iri else None)


def _bulletin_cell(g: nx.MultiDiGraph, bulletins: list[str], pages: dict[str, str]) -> Cell:
    parts: list[dict[str, Any]] = [{"text": display_label(g, b), "href": pages.get(b)} for b in bulletins if b in g]
    return cell("、".join(p["text"] for p in parts), parts=parts, sep="、")


# --------------------------------------------------------------------------- outcomes


def _outcomes(g: nx.MultiDiGraph, node: str) -> list[str]:
    return [m for _, m, e in g.out_edges(node, data=True)
            if e.get("relation") == "has_outcome" and g.nodes[m].get("kind") == "metric"]


def _programs_of(g: nx.MultiDiGraph, iri: str) -> list[str]:
    """Programmes an organisation leads or implements, and their parts (partOf, two levels)."""
    found = [p for _, p, e in g.out_edges(iri, data=True)
             if e.get("relation") in ("leads", "implements") and g.nodes[p].get("kind") == "program"]
    return _with_parts(g, found)


def _with_parts(g: nx.MultiDiGraph, programs: list[str]) -> list[str]:
    out = list(dict.fromkeys(programs))
    frontier = list(out)
    for _ in range(2):
        nxt = [u for p in frontier for u, _, e in g.in_edges(p, data=True)
               if e.get("relation") == "part_of" and g.nodes[u].get("kind") == "program" and u not in out]
        out.extend(dict.fromkeys(nxt))
        frontier = nxt
    return out


@dataclass
class GraphIndex:
    """Lookups the tables of every page need, built once per site (a scan of the whole
    graph per page would make a site's cost grow with pages × graph)."""

    metrics_by_label: dict[str, list[str]]  # place/subject label → metrics about it
    metrics_by_bulletin: dict[str, list[str]]
    edges_by_bulletin: dict[str, list[tuple[str, str, dict[str, Any]]]]


def index_graph(g: nx.MultiDiGraph) -> GraphIndex:
    by_label: dict[str, list[str]] = defaultdict(list)
    by_bulletin: dict[str, list[str]] = defaultdict(list)
    for m, md in g.nodes(data=True):
        if md.get("kind") != "metric":
            continue
        for label in dict.fromkeys(x for x in (md.get("subject"), md.get("place")) if x):
            by_label[label].append(m)
        for b in md.get("bulletins") or []:
            by_bulletin[b].append(m)
    edges: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    for u, v, d in g.edges(data=True):
        if d.get("bulletin") and d.get("relation") not in HIDDEN_RELATIONS:
            edges[d["bulletin"]].append((u, v, d))
    return GraphIndex(dict(by_label), dict(by_bulletin), dict(edges))


def achievement_metrics(g: nx.MultiDiGraph, iri: str, index: GraphIndex | None = None) -> dict[str, list[str]]:
    """Metric → the programmes it came through ([] = the entity's own), for the page of
    `iri`: an organisation's own outcomes and those of the programmes it leads or
    implements; a programme's and its parts'; a place's metrics about it and the
    outcomes of the bodies and programmes located in it."""
    kind = g.nodes[iri].get("kind")
    found: dict[str, list[str]] = defaultdict(list)
    for m in _outcomes(g, iri):
        found.setdefault(m, [])
    if kind == "organization":
        sources = _programs_of(g, iri)
    elif kind == "program":
        sources = _with_parts(g, [iri])[1:]
    elif kind == "place":
        label = g.nodes[iri].get("label")
        for m in (index or index_graph(g)).metrics_by_label.get(label or "", []):
            found.setdefault(m, [])
        sources = [u for u, _, e in g.in_edges(iri, data=True)
                   if e.get("relation") == "located_in" and g.nodes[u].get("kind") in ("program", "organization")]
    else:
        sources = []
    for source in sources:
        for m in _outcomes(g, source):
            if source not in found[m]:
                found[m].append(source)
    return dict(found)


def _value_cell(md: dict[str, Any]) -> Cell:
    unit, qualifier = md.get("unit") or "", md.get("qualifier") or ""
    value = md.get("value")
    return cell(readable(value, unit) + qualifier, title=exact(value, unit), csv=plain(value), sort=plain(value),
                cls="num")


def outcome_table(g: nx.MultiDiGraph, iri: str, pages: dict[str, str], index: GraphIndex | None = None) -> Table | None:
    metrics = achievement_metrics(g, iri, index)
    if not metrics:
        return None
    rows: dict[tuple[Any, ...], list[Cell]] = {}
    recency: dict[tuple[Any, ...], str] = {}
    for m, via in metrics.items():
        md = g.nodes[m]
        bulletins = list(md.get("bulletins") or [])
        key = (md.get("indicator"), plain(md.get("value")), md.get("unit"), md.get("period"), md.get("subject"),
               md.get("sentence"), tuple(bulletins))
        if key in rows:  # the same fact read twice (two observation nodes): one row
            continue
        via_cells: list[dict[str, Any]] = [{"text": display_label(g, p), "href": pages.get(p)} for p in via]
        recency[key] = latest_date(g, bulletins)
        rows[key] = [
            cell(md.get("indicator") or display_label(g, m)),
            _value_cell(md),
            cell(md.get("unit") or ""),
            cell(md.get("period") or ""),
            cell(md.get("subject") or ""),
            cell("、".join(p["text"] for p in via_cells) or "本身", parts=via_cells or None, sep="、"),
            cell(md.get("sentence") or md.get("label") or "", cls="sentence"),
            _bulletin_cell(g, bulletins, pages),
        ]
    ordered = sorted(rows, key=lambda k: (rows[k][0]["text"], rows[k][3]["text"], rows[k][1].get("sort", "")))
    return {
        "id": "outcomes",
        "name": "成效与指标",
        "columns": ["指标", "数值", "单位", "时期", "主体", "来自", "原句", "简报"],
        "rows": [rows[k] for k in ordered],
        "recency": [recency[k] for k in ordered],
    }


def latest_date(g: nx.MultiDiGraph, bulletins: list[str]) -> str:
    """The latest issue date among `bulletins` ("" when none has one): how recent a row is."""
    return max((str(g.nodes[b].get("date") or "") for b in bulletins if b in g), default="")


# --------------------------------------------------------------------------- relations


def relation_table(g: nx.MultiDiGraph, iri: str, pages: dict[str, str]) -> Table | None:
    """One row per fact (head, relation, tail): the same relation read in several
    bulletins is one row listing them; the sentence is the best one the store has."""
    merged: dict[tuple[str, str, str], dict[str, Any]] = {}
    for u, v, d in list(g.in_edges(iri, data=True)) + list(g.out_edges(iri, data=True)):
        if d.get("relation") in HIDDEN_RELATIONS:
            continue
        relation = (d.get("label") or netmod.RELATION_LABELS.get(d.get("relation", ""), "")) + (
            f"（{d['post']}）" if d.get("post") else "")
        entry = merged.setdefault((u, relation, v), {"bulletins": [], "sentence": "", "basis": None})
        if d.get("bulletin") and d["bulletin"] not in entry["bulletins"]:
            entry["bulletins"].append(d["bulletin"])
        rank = {"": 0, "co-mention": 1, "mention": 2}
        basis = d.get("sentence_basis") or ""
        if d.get("sentence") and (entry["basis"] is None or rank[basis] < rank[entry["basis"]]):
            entry["sentence"], entry["basis"] = d["sentence"], basis
    rows = []
    for (u, relation, v), entry in merged.items():
        basis = entry["basis"] or ""
        rows.append((latest_date(g, entry["bulletins"]), [
            link_cell(g, u, pages, self_iri=iri),
            cell(relation),
            link_cell(g, v, pages, self_iri=iri),
            cell(entry["sentence"], cls="sentence" + (" inferred" if basis else ""),
                 title=BASIS_NOTE[basis] if entry["sentence"] else None),
            cell({"": "原句", "co-mention": "同句提及", "mention": "提及句"}[basis] if entry["sentence"] else "无"),
            _bulletin_cell(g, entry["bulletins"], pages),
        ]))
    rows.sort(key=lambda r: (r[1][1]["text"], r[1][0]["text"], r[1][2]["text"]))
    if not rows:
        return None
    return {"id": "relations", "name": "关系与出处", "columns": ["主体", "关系", "客体", "原句", "依据", "简报"],
            "rows": [r for _, r in rows], "recency": [d for d, _ in rows]}


# --------------------------------------------------------------------------- long tables


def cap_table(t: Table, csv_href: str, limit: int = TABLE_ROW_LIMIT) -> tuple[Table, str | None]:
    """(`t` as a page lists it, the complete table as CSV or None when nothing is cut).
    Over `limit` rows the page keeps the `limit` most recent (by ``recency``, ties and
    tables without it in their order), shown in the table's order, and links `csv_href`."""
    rows, recency = t["rows"], t.get("recency")
    if len(rows) <= limit:
        return t, None
    order = range(len(rows))
    keep = sorted(sorted(order, key=lambda i: recency[i], reverse=True)[:limit]) if recency else list(order)[:limit]
    shown = {k: v for k, v in t.items() if k != "recency"}
    shown.update(rows=[rows[i] for i in keep], total=len(rows), csv_href=csv_href,
                 recent=bool(recency))
    return shown, table_csv(t)


def _csv_field(text: str) -> str:
    return '"' + text.replace('"', '""') + '"' if any(ch in text for ch in '",\n\r') else text


def table_csv(t: Table) -> str:
    """The whole table as the page's "下载 CSV" button would write it (tables.js toCsv):
    header, then each cell's exact ``csv`` value or its text; UTF-8 BOM, CRLF."""
    lines = [",".join(_csv_field(str(col).strip()) for col in t["columns"])]
    for row in t["rows"]:
        lines.append(",".join(_csv_field(str(c["csv"]) if "csv" in c else c["text"].strip()) for c in row))
    return "\ufeff" + "\r\n".join(lines) + "\r\n"


# --------------------------------------------------------------------------- a bulletin's articles


def _article_order(g: nx.MultiDiGraph, a: str) -> tuple[int, str]:
    index = str(g.nodes[a].get("index") or "")
    return (int(index) if index.isdigit() else 1 << 30, display_label(g, a))


def article_sections(
    g: nx.MultiDiGraph, bulletin: str, pages: dict[str, str], index: GraphIndex | None = None
) -> list[dict[str, Any]]:
    """Each article of `bulletin` in order: its title, the entities it names (links) and a
    table of its facts — indicators and relations read from its sentences."""
    index = index or index_graph(g)
    articles = sorted((u for u, _, e in g.in_edges(bulletin, data=True) if e.get("relation") == "published_in"),
                      key=lambda a: _article_order(g, a))
    facts: dict[str, list[list[Cell]]] = defaultdict(list)
    for m in index.metrics_by_bulletin.get(bulletin, []):
        md = g.nodes[m]
        if md.get("article"):
            facts[md["article"]].append([
                cell("指标"), cell(md.get("indicator") or display_label(g, m)), _value_cell(md),
                cell(md.get("period") or ""), cell(md.get("subject") or ""),
                cell(md.get("sentence") or "", cls="sentence")])
    seen: set[tuple[str, str, str, str]] = set()
    for u, v, d in index.edges_by_bulletin.get(bulletin, []):
        if not d.get("article"):
            continue
        if (d["article"], u, d.get("relation", ""), v) in seen or g.nodes[v].get("kind") == "metric":
            continue  # an outcome is already listed as the indicator it is
        seen.add((d["article"], u, d.get("relation", ""), v))
        parts: list[dict[str, Any]] = [{"text": display_label(g, u), "href": pages.get(u)},
                 {"text": f" {d.get('label') or ''} "},
                 {"text": display_label(g, v), "href": pages.get(v)}]
        facts[d["article"]].append([
            cell("关系"), cell("".join(p["text"] for p in parts), parts=parts), cell(""), cell(""), cell(""),
            cell(d.get("sentence") or "", cls="sentence" + (" inferred" if d.get("sentence_basis") else ""))])
    sections = []
    for i, a in enumerate(articles, 1):
        named = sorted({v for _, v, e in g.out_edges(a, data=True) if e.get("relation") == "mentions" and v in pages},
                       key=lambda n: (g.nodes[n].get("kind", ""), display_label(g, n)))
        rows = sorted(facts.get(a, []), key=lambda r: (r[0]["text"] != "指标", r[1]["text"]))
        sections.append({
            "title": display_label(g, a),
            "anchor": f"article-{i}",
            "entities": [{"text": display_label(g, n), "href": pages[n]} for n in named],
            "table": {"id": f"article-{i}-facts", "name": f"第{i}篇文章的事实",
                      "columns": ["类别", "内容", "数值", "时期", "主体", "原句"], "rows": rows} if rows else None,
        })
    return sections


# --------------------------------------------------------------------------- HTML


def _attr(name: str, value: Any) -> str:
    return f' {name}="{escape(str(value), quote=True)}"'


def _cell_html(c: Cell) -> str:
    def link(text: str, href: str | None) -> str:
        return f"<a{_attr('href', href)}>{escape(text)}</a>" if href else escape(text)

    if c.get("parts"):
        sep = escape(c.get("sep") or "")
        return sep.join(link(p["text"], p.get("href")) for p in c["parts"])
    return link(c["text"], c.get("href"))


def table_html(t: Table) -> str:
    """A data table as HTML; every text and attribute escaped (a bulletin's text can hold
    markup). Written here rather than as a Jinja macro: a macro call per cell made
    writing a site of a few thousand pages several times slower."""
    out = [f'<div class="table-wrap">\n<table{_attr("class", "data " + t["id"])}{_attr("id", t["id"])}'
           f'{_attr("data-name", t["name"])}>\n<thead><tr>']
    out.extend(f'<th scope="col">{escape(col)}</th>' for col in t["columns"])
    out.append("</tr></thead>\n<tbody>\n")
    for row in t["rows"]:
        out.append("<tr>")
        for c in row:
            attrs = "".join(_attr(html_name, c[key]) for key, html_name in _CELL_ATTRS if c.get(key) is not None)
            out.append(f"<td{attrs}>{_cell_html(c)}</td>")
        out.append("</tr>\n")
    out.append("</tbody>\n</table>\n</div>")
    if t.get("total"):
        which = "最近的" if t.get("recent") else "前"
        out.append(f'\n<p class="count table-cut">此表共 {t["total"]} 行，此处列出{which} {len(t["rows"])} 行'
                   f'（表上的“下载 CSV”只含列出的行）；完整表格：<a{_attr("href", t["csv_href"])} download>'
                   f'下载全部 {t["total"]} 行 CSV</a>。</p>')
    return "".join(out)


_CELL_ATTRS = (("id", "id"), ("cls", "class"), ("title", "title"), ("csv", "data-csv"), ("sort", "data-sort"))
