"""What the pages need from the store beyond the NetworkX projection: the indicator
series (``series.observations``) and, for every bulletin, what is new in it
(``diff``'s functions: ``entities_of``, ``previous_issue``, ``changed_indicators``).

Collected once per build: the series query runs once for all bulletins, and each
bulletin's entities are read once, instead of once per ``diff_issue`` call.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import networkx as nx

from .. import diff, queries, series
from . import tables as tablemod
from .charts import Point, series_svg
from .numbers import exact, plain, readable

if TYPE_CHECKING:
    from ..store import Store

SeriesKey = tuple[str, str, bool, str]
MIN_SERIES_POINTS = 2  # one observation is a table row, not a series


@dataclass
class SiteExtras:
    series_rows: list[series.SeriesRow] = field(default_factory=list)
    diffs: dict[str, diff.IssueDiff] = field(default_factory=dict)  # bulletin IRI → what it adds
    graph_bulletin: dict[str, str] = field(default_factory=dict)  # graph IRI → bulletin IRI

    def __post_init__(self) -> None:
        self.by_key: dict[SeriesKey, list[series.SeriesRow]] = defaultdict(list)
        for row in series.select_series(self.series_rows):
            self.by_key[row.series_key].append(row)

    # ---------------------------------------------------------------- series

    def series_of(
        self, g: nx.MultiDiGraph, iri: str, index: tablemod.GraphIndex | None = None
    ) -> list[list[series.SeriesRow]]:
        """The series shown on `iri`'s page: those about it (its label is their subject)
        and those its outcomes belong to (a programme's 实际利用外资 of its city)."""
        label = g.nodes[iri].get("label")
        keys = {k for k in self.by_key if k[0] == label}
        for m in tablemod.achievement_metrics(g, iri, index):
            md = g.nodes[m]
            keys.add((md.get("subject") or "", series.normalise_indicator(md.get("indicator") or ""),
                      bool(md.get("is_change")), md.get("unit") or ""))
        found = [self.by_key[k] for k in sorted(keys) if len(self.by_key.get(k, [])) >= MIN_SERIES_POINTS]
        return found

    def series_blocks(
        self, g: nx.MultiDiGraph, iri: str, pages: dict[str, str], index: tablemod.GraphIndex | None = None
    ) -> list[dict[str, Any]]:
        blocks = []
        for rows in self.series_of(g, iri, index):
            first = rows[0]
            name = " · ".join(p for p in (first.subject, first.indicator) if p) + ("（变化率）" if first.is_change else "")
            sid = "series-" + hashlib.sha256(repr(first.series_key).encode()).hexdigest()[:10]
            points, table_rows = [], []
            for i, r in enumerate(rows):
                anchor = f"{sid}-row-{i + 1}"
                when = " ".join(p for p in (r.issue, r.period) if p) or r.date
                try:
                    points.append(Point(when, Decimal(r.value), r.unit, anchor,
                                        f"{when}：{readable(r.value, r.unit)}（{exact(r.value, r.unit)}）\n{r.sentence}"))
                except InvalidOperation:
                    continue
                bulletin = self.graph_bulletin.get(r.graph, "")
                table_rows.append([
                    tablemod.cell(r.period, id=anchor), tablemod.cell(
                        readable(r.value, r.unit), title=exact(r.value, r.unit), csv=plain(r.value),
                        sort=plain(r.value), cls="num"),
                    tablemod.cell(r.unit), tablemod.cell(r.indicator),
                    tablemod.cell(" ".join(p for p in (r.issue, r.date) if p), href=pages.get(bulletin)),
                    tablemod.cell(r.sentence, cls="sentence"),
                ])
            if len(points) < MIN_SERIES_POINTS:
                continue
            blocks.append({
                "id": sid, "name": name, "svg": series_svg(points, title=name), "csv": series.format_series(rows, "csv"),
                "table": {"id": sid, "name": name, "columns": ["时期", "数值", "单位", "指标原文", "简报", "原句"],
                          "rows": table_rows},
            })
        return blocks

    # ---------------------------------------------------------------- new in this issue

    def news_section(self, g: nx.MultiDiGraph, iri: str, pages: dict[str, str]) -> dict[str, Any] | None:
        d = self.diffs.get(iri)
        if d is None:
            return None
        names = {"organization": "部门/机构", "place": "地区", "program": "项目", "person": "人物"}
        new_rows = [[tablemod.cell(names.get(e.type, e.type)), tablemod.cell(e.name, href=pages.get(e.iri))]
                    for e in d.new_entities]
        changed_rows = [[
            tablemod.cell(c.subject), tablemod.cell(c.indicator + ("（变化率）" if c.is_change else "")),
            _values_cell(c.before, c.unit), _values_cell(c.after, c.unit),
            tablemod.cell(c.unit), tablemod.cell(c.after_period), tablemod.cell(c.sentence, cls="sentence"),
        ] for c in d.changed]
        previous = d.previous.bulletin if d.previous else None
        return {
            "summary": f"{len(d.new_entities)} 个新实体，{len(d.changed)} 项指标变化",
            "baseline": len(d.baseline),
            "previous": {"text": tablemod.display_label(g, previous) if previous is not None and previous in g else (d.previous.id if d.previous else ""),
                         "href": pages.get(previous or "")} if d.previous else None,
            "new": {"id": "news-entities", "name": "本期新出现的实体", "columns": ["类别", "名称"], "rows": new_rows},
            "changed": {"id": "news-changed", "name": "与上期相比变化的指标",
                        "columns": ["主体", "指标", "上期", "本期", "单位", "时期", "原句"], "rows": changed_rows},
        }


def _values_cell(values: tuple[str, ...], unit: str) -> tablemod.Cell:
    """An issue's value(s) of a series: as read, exact in title/CSV, sorted by the first."""
    return tablemod.cell("、".join(readable(v, unit) for v in values), csv=" / ".join(plain(v) for v in values),
                         title=" / ".join(exact(v, unit) for v in values), sort=plain(values[0]) if values else None,
                         cls="num")


def what_each_issue_adds(
    store: Store, rows: list[series.SeriesRow], infos: list[queries.BulletinInfo] | None = None
) -> dict[str, diff.IssueDiff]:
    """diff.diff_issue for every bulletin at once: entities seen in an earlier-dated
    bulletin are not new; indicators are compared with the previous issue of the series."""
    infos = queries.list_bulletins(store) if infos is None else infos
    entities = {b.graph: diff.entities_of(store, b.graph) for b in infos}
    rows_of: dict[str, list[series.SeriesRow]] = defaultdict(list)
    for r in rows:
        rows_of[r.graph].append(r)
    out: dict[str, diff.IssueDiff] = {}
    for target in infos:
        baseline = [b for b in infos if b.graph != target.graph and b.date and target.date and b.date < target.date]
        seen = {iri for b in baseline for iri in entities[b.graph]}
        new = sorted((e for iri, e in entities[target.graph].items() if iri not in seen), key=lambda e: (e.type, e.name))
        previous = diff.previous_issue(target, infos)
        changed = diff.changed_indicators(rows_of[previous.graph], rows_of[target.graph]) if previous else []
        out[target.bulletin] = diff.IssueDiff(target, baseline, previous, new, changed)
    return out


def collect(store: Store) -> SiteExtras:
    rows = series.observations(store)
    infos = queries.list_bulletins(store)
    return SiteExtras(series_rows=rows, diffs=what_each_issue_adds(store, rows, infos),
                      graph_bulletin={b.graph: b.bulletin for b in infos})
