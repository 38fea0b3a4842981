"""What is new in an issue (issue 12, item 2).

Two questions about one bulletin:

* which organisations, places, programmes and people it names for the first time —
  typed in its graph and in no graph of an earlier-dated bulletin (or, given
  ``against``, of that one bulletin). Entity IRIs are global (``rdf.iris``), so "the
  same entity" is "the same IRI"; the reference graph (national divisions) is never a
  bulletin and never counts as having seen a place. A bulletin without a date has no
  earlier ones (and undated bulletins are never "earlier"): give ``against`` for it;
* which indicators changed value against the previous issue of the same series (same
  title and issuer, the closest earlier date), or against ``against``. Indicators are
  compared by series key (``series.SeriesRow.series_key``: subject, normalised
  indicator, level or rate, unit).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from . import queries, series
from .errors import QueryError
from .queries import BulletinInfo
from .store import Store

# Entity classes reported, with the name shown for each.
ENTITY_TYPES: tuple[tuple[str, str], ...] = (
    ("http://www.w3.org/ns/org#Organization", "organization"),
    ("https://schema.org/AdministrativeArea", "place"),
    ("https://schema.org/Place", "place"),
    ("https://w3id.org/wuxing-kg/ontology#Program", "program"),
    ("http://xmlns.com/foaf/0.1/Person", "person"),
)
_TYPE_NAMES = dict(ENTITY_TYPES)

# ?g is bound by substitution (never pasted into the text), so it must be projected.
_ENTITIES_SPARQL = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?g ?x ?type (MIN(STR(?l)) AS ?label) WHERE {\n"
    f"  VALUES ?type {{ {' '.join(f'<{iri}>' for iri, _ in ENTITY_TYPES)} }}\n"
    "  GRAPH ?g { ?x a ?type . OPTIONAL { ?x rdfs:label ?l } }\n"
    "} GROUP BY ?g ?x ?type"
)


@dataclass(frozen=True)
class NewEntity:
    type: str  # organization / place / program / person
    name: str
    iri: str


@dataclass(frozen=True)
class ChangedIndicator:
    subject: str
    indicator: str
    unit: str
    is_change: bool
    before: tuple[str, ...]  # values in the earlier issue (all its observations of the series)
    after: tuple[str, ...]
    before_period: str
    after_period: str
    sentence: str  # the source sentence of the (first) new value


@dataclass
class IssueDiff:
    bulletin: BulletinInfo
    baseline: list[BulletinInfo]  # bulletins whose graphs count as "seen before"
    previous: BulletinInfo | None  # the issue indicators are compared with
    new_entities: list[NewEntity] = field(default_factory=list)
    changed: list[ChangedIndicator] = field(default_factory=list)

    def summary(self) -> str:
        return f"{len(self.new_entities)} new entities, {len(self.changed)} changed indicators"


def entities_of(store: Store, graph: str) -> dict[str, NewEntity]:
    """Entities typed in one named graph, by IRI (an IRI with two reported types keeps the first)."""
    import pyoxigraph as ox

    out: dict[str, NewEntity] = {}
    rows = store.select(_ENTITIES_SPARQL, {"g": ox.NamedNode(graph)}).rows
    order = {iri: i for i, (iri, _) in enumerate(ENTITY_TYPES)}
    for r in sorted(rows, key=lambda r: order.get(r["type"] or "", 99)):
        iri = r["x"] or ""
        if iri and iri not in out:
            out[iri] = NewEntity(_TYPE_NAMES.get(r["type"] or "", "entity"), r["label"] or iri, iri)
    return out


def same_series(a: BulletinInfo, b: BulletinInfo) -> bool:
    """Two issues of one bulletin series: same title and same issuer."""
    return (a.title or "") == (b.title or "") and (a.issuer or "") == (b.issuer or "")


def previous_issue(target: BulletinInfo, infos: list[BulletinInfo]) -> BulletinInfo | None:
    """The closest earlier-dated issue of the target's series (None without a date)."""
    if not target.date:
        return None
    earlier = [b for b in infos if b.graph != target.graph and b.date and b.date < target.date and same_series(b, target)]
    return max(earlier, key=lambda b: (b.date or "", b.issue or ""), default=None)


def _by_key(rows: list[series.SeriesRow]) -> dict[tuple[str, str, bool, str], list[series.SeriesRow]]:
    grouped: dict[tuple[str, str, bool, str], list[series.SeriesRow]] = defaultdict(list)
    for r in rows:
        grouped[r.series_key].append(r)
    return grouped


def _by_number(rows: list[series.SeriesRow]) -> dict[Any, str]:
    """The distinct values of a series in one issue, keyed as numbers (8 = 8.0)."""
    out: dict[Any, str] = {}
    for r in rows:
        try:
            out.setdefault(Decimal(r.value).normalize(), r.value)
        except InvalidOperation:
            out.setdefault(r.value, r.value)
    return out


def _values(rows: list[series.SeriesRow]) -> tuple[str, ...]:
    values = _by_number(rows)
    return tuple(values[k] for k in sorted(values, key=str))


def changed_indicators(
    before_rows: list[series.SeriesRow], after_rows: list[series.SeriesRow]
) -> list[ChangedIndicator]:
    """Series present in both issues whose set of values differs."""
    before, after = _by_key(before_rows), _by_key(after_rows)
    out: list[ChangedIndicator] = []
    for key in sorted(set(before) & set(after)):
        old, new = sorted(before[key], key=lambda r: r.period), sorted(after[key], key=lambda r: r.period)
        if set(_by_number(old)) == set(_by_number(new)):
            continue
        subject, _, is_change, unit = key
        out.append(
            ChangedIndicator(
                subject=subject,
                indicator=new[0].indicator,
                unit=unit,
                is_change=is_change,
                before=_values(old),
                after=_values(new),
                before_period=", ".join(sorted({r.period for r in old if r.period})),
                after_period=", ".join(sorted({r.period for r in new if r.period})),
                sentence=new[0].sentence,
            )
        )
    return out


class _Index:
    """What the diffs of a store need, read once: the bulletins, the entities of every
    graph (one query) and every observation (one query), so diffing every bulletin of a
    batch costs two queries, not two per bulletin."""

    def __init__(self, store: Store) -> None:
        self.infos = queries.list_bulletins(store)
        self.by_graph = {b.graph: b for b in self.infos}
        self.entities: dict[str, dict[str, NewEntity]] = defaultdict(dict)
        order = {iri: i for i, (iri, _) in enumerate(ENTITY_TYPES)}
        rows = store.select(_ENTITIES_SPARQL).rows
        for r in sorted(rows, key=lambda r: order.get(r["type"] or "", 99)):
            iri, graph = r["x"] or "", r["g"] or ""
            if iri and iri not in self.entities[graph]:
                self.entities[graph][iri] = NewEntity(_TYPE_NAMES.get(r["type"] or "", "entity"), r["label"] or iri, iri)
        self.observations: dict[str, list[series.SeriesRow]] = defaultdict(list)
        for row in series.observations(store):
            self.observations[row.graph].append(row)

    def diff(self, target: BulletinInfo, against: BulletinInfo | None = None) -> IssueDiff:
        previous: BulletinInfo | None
        if against is not None:
            baseline, previous = [against], against
        else:
            baseline = [b for b in self.infos if b.graph != target.graph and b.date and target.date and b.date < target.date]
            previous = previous_issue(target, self.infos)
        seen: set[str] = set()
        for b in baseline:
            seen.update(self.entities.get(b.graph, {}))
        current = self.entities.get(target.graph, {})
        new = sorted((e for iri, e in current.items() if iri not in seen), key=lambda e: (e.type, e.name))
        changed: list[ChangedIndicator] = []
        if previous is not None:
            changed = changed_indicators(self.observations.get(previous.graph, []), self.observations.get(target.graph, []))
        return IssueDiff(target, baseline, previous, new, changed)


def diff_issue(store: Store, ident: str, against: str | None = None) -> IssueDiff:
    """What bulletin `ident` adds: new entities and changed indicators (see module doc)."""
    target_graph = queries.resolve_bulletin(store, ident)
    other_graph = queries.resolve_bulletin(store, against) if against is not None else None
    if other_graph == target_graph:
        raise QueryError("--against names the bulletin itself")
    index = _Index(store)
    other = index.by_graph[other_graph] if other_graph else None
    return index.diff(index.by_graph[target_graph], other)


def diff_graphs(store: Store, graphs: list[str]) -> list[IssueDiff]:
    """The diff of each of these bulletin graphs against the store's other bulletins (what
    the ingest summary prints); a graph that is no bulletin is skipped."""
    index = _Index(store)
    return [index.diff(index.by_graph[g]) for g in graphs if g in index.by_graph]


def ingest_summary(store_path: Any, report: Any) -> list[str]:
    """One line per bulletin an ingest added or replaced (an `ingest.IngestReport`):
    "FILE: N new entities, M changed indicators", against the store's other bulletins.
    Read after the batch is stored, so a bulletin is compared with every earlier issue
    of the batch whatever the order its files were given in."""
    from .store import Store as _Store

    written = {b.graph: b for b in report.bulletins if b.status in ("added", "replaced") and b.graph}
    if not written:
        return []
    with _Store(store_path, read_only=True) as store:
        diffs = diff_graphs(store, list(written))
    lines = []
    for d in diffs:
        against = f" (indicators against {d.previous.issue or d.previous.id})" if d.previous else ""
        lines.append(f"new in {written[d.bulletin.graph].source}: {d.summary()}{against}")
    return lines


# ---------------------------------------------------------------------- output

DIFF_COLUMNS = ["what", "type", "name", "before", "after", "period", "sentence"]


def _show_values(values: tuple[str, ...], unit: str) -> str:
    return " / ".join(f"{v} {unit}".strip() for v in values)


def _describe(b: BulletinInfo | None) -> dict[str, Any] | None:
    if b is None:
        return None
    return {"id": b.id, "title": b.title, "issue": b.issue, "date": b.date, "issuer": b.issuer, "graph": b.graph}


def format_diff(d: IssueDiff, fmt: str = "table", *, max_cell: int = 60) -> str:
    """json: one object; table/csv/tsv: a heading line (table only) and one row per finding."""
    if fmt == "json":
        payload = {
            "bulletin": _describe(d.bulletin),
            "against": [b.id for b in d.baseline],
            "previous": _describe(d.previous),
            "new_entities": [{"type": e.type, "name": e.name, "iri": e.iri} for e in d.new_entities],
            "changed_indicators": [
                {
                    "subject": c.subject,
                    "indicator": c.indicator,
                    "unit": c.unit,
                    "is_change": c.is_change,
                    "before": [series._number(v) for v in c.before],
                    "after": [series._number(v) for v in c.after],
                    "before_period": c.before_period,
                    "after_period": c.after_period,
                    "sentence": c.sentence,
                }
                for c in d.changed
            ],
            "summary": d.summary(),
        }
        return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
    rows: list[list[str | None]] = [["new", e.type, e.name, "", "", "", ""] for e in d.new_entities]
    for c in d.changed:
        name = " · ".join(p for p in (c.subject, c.indicator) if p)
        kind = "rate" if c.is_change else "indicator"
        rows.append(
            ["changed", kind, name, _show_values(c.before, c.unit), _show_values(c.after, c.unit),
             c.after_period, c.sentence]
        )
    body = queries.format_rows(DIFF_COLUMNS, rows, fmt, max_cell=max_cell)
    if fmt != "table":
        return body
    b = d.bulletin
    head = f"{b.id} {b.title or ''} {b.issue or ''} {b.date or ''}".rstrip()
    prev = f"; indicators against {d.previous.id} {d.previous.issue or ''} {d.previous.date or ''}".rstrip() if d.previous else "; no earlier issue of this series"
    return f"{head}: {d.summary()} (entities against {len(d.baseline)} earlier bulletin(s){prev})\n{body}"
