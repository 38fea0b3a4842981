"""Score extractions against gold files, by the rules of ``gold/FORMAT.md`` "Scoring".

Both sides are plain dicts in the FORMAT schema (a prediction is
``Extraction.to_dict()``; a gold file is read with ``json.load``).

Counting, per document and per type, summed over documents (micro):

* ``gold`` / ``matched_gold``  → recall = matched_gold / gold
* ``pred`` / ``matched_pred``  → precision = matched_pred / pred

Decisions the FORMAT leaves open (documented here so tuning is reproducible):

* organisations and places: predictions are deduplicated by
  ``norm(canonical or text)`` before counting (a department mentioned twice is one
  prediction); a deduplicated prediction is correct if any of its items matches.
* organisations and places match when any of the prediction's {canonical, text}
  equals any of the gold unit's {canonical, surface texts} (the FORMAT's two cases,
  plus the cross cases canonical↔text, which only ever join the same name).
* places: a gold unit whose items are all ``embedded`` is optional: it is not in the
  recall denominator, and a prediction matching it counts as correct.
* programs: gold items are counted one by one (deduplicated by norm text);
  predictions are deduplicated by norm text.
* persons: names deduplicated on both sides.
* metrics: one-to-one. Compatibility (equal value and unit) is an equivalence
  relation, so each compatible group is a complete bipartite graph and a greedy
  assignment in order of text similarity (then attribute agreement) is both a
  maximum matching and prefers the pairs whose attributes agree.
* relations: deduplicated by normalised triple on both sides; recall is the
  figure, precision is a lower bound (gold holds only the main relations).
* ``norm`` also folds Traditional to Simplified (see ``norm``).
* besides the FORMAT's five metric attributes, ``change_direction`` and
  ``is_target`` are reported, and the header fields (date, issue, issuer, title).
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import BadInputError, WuxingError
from .records import RELATION_TYPES

ENTITY_TYPES: tuple[str, ...] = ("organization", "place", "program", "person", "metric")
METRIC_ATTRIBUTES: tuple[str, ...] = ("indicator", "subject", "period", "qualifier", "is_change")
# Reported too, but not part of the FORMAT's five: helpful while tuning.
EXTRA_METRIC_ATTRIBUTES: tuple[str, ...] = ("change_direction", "is_target")
HEADER_FIELDS: tuple[str, ...] = ("date", "issue", "issuer", "title")

_DROP_CHARS = dict.fromkeys(map(ord, "“”‘’\"'《》〈〉「」『』"))
_UNIT_ALIASES = {"％": "%", "个百分点": "百分点"}
_INDICATOR_DICE = 0.5
_REL_TOL = Decimal("1e-9")


# --------------------------------------------------------------------------- primitives


def norm(s: str | None) -> str:
    """NFKC, no whitespace, no quote/title marks (FORMAT.md), Traditional folded to Simplified.

    The Traditional → Simplified fold is our one addition to the FORMAT rule: gold files
    of Traditional texts keep `text` fields as written, and an extractor may report
    either the original or the converted form; both must match.
    """
    if s is None:
        return ""
    return _norm(str(s))


@lru_cache(maxsize=1 << 16)
def _norm(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    s = "".join(ch for ch in s if not ch.isspace())
    return _to_simplified(s.translate(_DROP_CHARS))


def _to_simplified(s: str) -> str:
    if s.isascii():
        return s
    converter = _t2s()
    return converter.convert(s) if converter else s


@lru_cache(maxsize=1)
def _t2s() -> Any:
    try:
        from opencc import OpenCC  # opencc-python-reimplemented (a declared dependency)
    except ImportError:  # pragma: no cover - only without the dependency
        return None
    return OpenCC("t2s")


def bigram_dice(a: str | None, b: str | None) -> float:
    """Character-bigram Dice coefficient of the normalised strings (multiset)."""
    a, b = norm(a), norm(b)
    if a == b:
        return 1.0
    grams_a = _grams(a)
    grams_b = _grams(b)
    total = sum(grams_a.values()) + sum(grams_b.values())
    if total == 0:
        return 0.0
    return 2 * sum((grams_a & grams_b).values()) / total


def _grams(s: str) -> Counter[str]:
    # A one-character string has no bigram: compare it as a unigram.
    if len(s) < 2:
        return Counter([s]) if s else Counter()
    return Counter(s[i : i + 2] for i in range(len(s) - 1))


def program_match(a: str | None, b: str | None) -> bool:
    """Equal after norm, or one contains the other (both at least 2 characters)."""
    na, nb = norm(a), norm(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    return len(na) >= 2 and len(nb) >= 2 and (na in nb or nb in na)


def unit_key(unit: str | None) -> str:
    u = norm(unit)
    return _UNIT_ALIASES.get(u, u)


def values_equal(a: Any, b: Any) -> bool:
    da, db = _decimal(a), _decimal(b)
    if da is None or db is None:
        return False
    if da == db:
        return True
    scale = max(abs(da), abs(db))
    return abs(da - db) <= _REL_TOL * scale


def _decimal(v: Any) -> Decimal | None:
    if v is None or isinstance(v, bool):
        return None
    try:
        return Decimal(str(v))
    except (InvalidOperation, ValueError):
        return None


# --------------------------------------------------------------------------- report records


@dataclass
class Counts:
    gold: int = 0
    pred: int = 0
    matched_gold: int = 0
    matched_pred: int = 0

    @property
    def precision(self) -> float:
        # Nothing predicted means nothing wrong predicted; recall carries the miss.
        return self.matched_pred / self.pred if self.pred else 1.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @classmethod
    def total(cls, parts: Iterable[Counts]) -> Counts:
        """The micro-average's counts: every part added up."""
        out = cls()
        for c in parts:
            out.add(c)
        return out

    def add(self, other: Counts) -> None:
        self.gold += other.gold
        self.pred += other.pred
        self.matched_gold += other.matched_gold
        self.matched_pred += other.matched_pred

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "pred": self.pred,
            "matched_gold": self.matched_gold,
            "matched_pred": self.matched_pred,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Tally:
    """correct / total for one metric attribute or header field."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    def to_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "total": self.total, "accuracy": round(self.accuracy, 4)}


@dataclass
class DocumentResult:
    source: str
    entities: dict[str, Counts] = field(default_factory=dict)
    relations: Counts = field(default_factory=Counts)
    relation_types: dict[str, Tally] = field(default_factory=dict)  # recall per relation type
    metric_attributes: dict[str, Tally] = field(default_factory=dict)
    header: dict[str, Tally] = field(default_factory=dict)
    # Per type: what gold has and the prediction missed / what the prediction has that gold lacks.
    misses: dict[str, list[str]] = field(default_factory=dict)
    false_positives: dict[str, list[str]] = field(default_factory=dict)
    # Matched metric pairs whose attributes disagree: one line per wrong attribute.
    attribute_errors: list[str] = field(default_factory=list)
    header_errors: list[str] = field(default_factory=list)

    @property
    def entity_total(self) -> Counts:
        return Counts.total(self.entities.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "entity_micro": self.entity_total.to_dict(),
            "entities": {t: c.to_dict() for t, c in self.entities.items()},
            "relations": self.relations.to_dict(),
            "relation_recall_by_type": {a: t.to_dict() for a, t in self.relation_types.items()},
            "metric_attributes": {a: t.to_dict() for a, t in self.metric_attributes.items()},
            "header": {a: t.to_dict() for a, t in self.header.items()},
            "misses": self.misses,
            "false_positives": self.false_positives,
            "attribute_errors": self.attribute_errors,
            "header_errors": self.header_errors,
        }


@dataclass
class Report:
    documents: list[DocumentResult] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # texts without a gold file
    # Texts the reader/extractor refused ("name: message"); scored as empty predictions.
    errors: list[str] = field(default_factory=list)

    # ------------------------------------------------------------ totals
    def entity_counts(self, kind: str) -> Counts:
        total = Counts()
        for d in self.documents:
            total.add(d.entities.get(kind, Counts()))
        return total

    @property
    def entities(self) -> dict[str, Counts]:
        return {t: self.entity_counts(t) for t in ENTITY_TYPES}

    @property
    def entity_micro(self) -> Counts:
        return Counts.total(self.entities.values())

    @property
    def entity_f1(self) -> float:
        """The headline: micro-F1 over the five entity types together."""
        return self.entity_micro.f1

    @property
    def relations(self) -> Counts:
        total = Counts()
        for d in self.documents:
            total.add(d.relations)
        return total

    def _tallies(self, attr: str, names: Iterable[str]) -> dict[str, Tally]:
        out = {n: Tally() for n in names}
        for d in self.documents:
            for n, t in getattr(d, attr).items():
                out.setdefault(n, Tally())
                out[n].correct += t.correct
                out[n].total += t.total
        return out

    @property
    def metric_attributes(self) -> dict[str, Tally]:
        return self._tallies("metric_attributes", METRIC_ATTRIBUTES + EXTRA_METRIC_ATTRIBUTES)

    @property
    def header(self) -> dict[str, Tally]:
        return self._tallies("header", HEADER_FIELDS)

    @property
    def relation_types(self) -> dict[str, Tally]:
        """Relation recall per relation type (gold triples found / gold triples)."""
        return self._tallies("relation_types", RELATION_TYPES)

    # ------------------------------------------------------------ output
    def to_dict(self, *, details: bool = True, by_type: bool = False, by_document: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "documents": len(self.documents),
            "entity_f1": round(self.entity_f1, 4),
            "entity_micro": self.entity_micro.to_dict(),
            "entities": {t: c.to_dict() for t, c in self.entities.items()},
            "metric_attributes": {a: t.to_dict() for a, t in self.metric_attributes.items()},
            "relations": self.relations.to_dict(),
            "relation_recall_by_type": {a: t.to_dict() for a, t in self.relation_types.items()},
            "header": {a: t.to_dict() for a, t in self.header.items()},
            "skipped": self.skipped,
            "errors": self.errors,
        }
        if by_type:
            out["by_type"] = by_type_rows(self)
        if by_document:
            out["by_document"] = [document_row(d, by_type=by_type) for d in self.documents]
        if details:
            out["per_document"] = [d.to_dict() for d in self.documents]
        return out

    def to_json(self, *, details: bool = True, by_type: bool = False, by_document: bool = False) -> str:
        return json.dumps(self.to_dict(details=details, by_type=by_type, by_document=by_document), ensure_ascii=False, indent=2)

    def to_table(self, *, details: bool = False, by_type: bool = False, by_document: bool = False) -> str:
        return format_table(self, details=details, by_type=by_type, by_document=by_document)


# --------------------------------------------------------------------------- breakdowns (--by-type, --by-document)

# The metric attributes a per-document row shows (the ones the figures track).
DOCUMENT_ATTRIBUTES: tuple[str, ...] = ("subject", "period", "indicator")


def _rate(t: Tally) -> float | None:
    """An accuracy, or None when there was nothing to score (no matched metric in the text)."""
    return round(t.accuracy, 4) if t.total else None


def by_type_rows(report: Report) -> dict[str, dict[str, Any]]:
    """P/R/F1 per entity type and recall per relation type, over the whole report."""
    rows: dict[str, dict[str, Any]] = {t: report.entity_counts(t).to_dict() for t in ENTITY_TYPES}
    for name, t in report.relation_types.items():
        rows[f"relation:{name}"] = {"gold": t.total, "matched_gold": t.correct, "recall": _rate(t)}
    return rows


def document_row(d: DocumentResult, *, by_type: bool = False) -> dict[str, Any]:
    """One text's figures: entity F1, matched-metric subject/period/indicator accuracy,
    relation recall (and with ``by_type`` the F1 of each entity type)."""
    row: dict[str, Any] = {"source": d.source, "entity_f1": round(d.entity_total.f1, 4)}
    for attr in DOCUMENT_ATTRIBUTES:
        row[attr] = _rate(d.metric_attributes.get(attr, Tally()))
    row["metrics_matched"] = d.metric_attributes.get("subject", Tally()).total
    row["relation_recall"] = round(d.relations.recall, 4) if d.relations.gold else None
    if by_type:
        row["f1_by_type"] = {t: round(d.entities.get(t, Counts()).f1, 4) for t in ENTITY_TYPES}
    return row


def _cell(x: float | None) -> str:
    return f"{'-':>6}" if x is None else f"{100 * x:6.1f}"


def format_by_type(report: Report) -> list[str]:
    lines = ["by type:", f"  {'type':<26}{'gold':>6}{'pred':>6}{'P%':>7}{'R%':>7}{'F1%':>7}"]
    for kind in ENTITY_TYPES:
        c = report.entity_counts(kind)
        lines.append(f"  {kind:<26}{c.gold:>6}{c.pred:>6}{_pct(c.precision):>7}{_pct(c.recall):>7}{_pct(c.f1):>7}")
    for name, t in report.relation_types.items():
        if t.total:  # relation precision per type is not meaningful (gold lists main relations only)
            lines.append(f"  {'relation ' + name:<26}{t.total:>6}{'':>6}{'':>7}{_pct(t.accuracy):>7}{'':>7}")
    return lines


def format_by_document(report: Report, *, by_type: bool = False) -> list[str]:
    """One row per text; '-' where there is nothing to score (no matched metric, no relation)."""
    width = max([len(d.source) for d in report.documents] + [8])
    head = f"  {'document':<{width}}{'ent F1':>7}{'subj':>7}{'period':>7}{'indic':>7}{'n':>4}{'rel R':>7}"
    if by_type:
        head += "".join(f"{t[:5]:>7}" for t in ENTITY_TYPES)
    lines = ["by document (entity F1 %; matched-metric subject / period / indicator accuracy %, n matched; relation recall %):", head]
    for d in report.documents:
        r = document_row(d, by_type=by_type)
        line = (f"  {d.source:<{width}} {_cell(r['entity_f1'])} {_cell(r['subject'])} {_cell(r['period'])}"
                f" {_cell(r['indicator'])}{r['metrics_matched']:>4} {_cell(r['relation_recall'])}")
        if by_type:
            line += "".join(f" {_cell(v)}" for v in r["f1_by_type"].values())
        lines.append(line)
    return lines


# --------------------------------------------------------------------------- units of comparison


@dataclass
class _NamedUnit:
    """An organisation or place as a set: its canonical and every surface text."""

    key: str  # norm(canonical or text)
    texts: set[str]  # norm of every surface text (and the canonical)
    display: str
    optional: bool = False

    def matches(self, other: _NamedUnit) -> bool:
        # FORMAT: canonical equal, or the prediction's text equals one of gold's texts.
        return self.key == other.key or bool(self.texts & other.texts)


def _named_units(items: Iterable[Mapping[str, Any]]) -> list[_NamedUnit]:
    units: dict[str, _NamedUnit] = {}
    surfaces: dict[str, list[str]] = {}
    for item in items:
        text = item.get("text") or ""
        canonical = item.get("canonical") or text
        key = norm(canonical)
        if not key:
            continue
        embedded = bool(item.get("embedded"))
        unit = units.get(key)
        if unit is None:
            unit = units[key] = _NamedUnit(key, {key}, str(canonical), embedded)
            surfaces[key] = []
        # A unit is optional only when every item of it is embedded.
        unit.optional = unit.optional and embedded
        if norm(text) and norm(text) not in unit.texts:
            unit.texts.add(norm(text))
            surfaces[key].append(str(text))
    for key, unit in units.items():
        if surfaces[key]:
            unit.display = f"{unit.display} ({' / '.join(surfaces[key])})"
    return list(units.values())


def _score_named(
    gold_items: list[Mapping[str, Any]], pred_items: list[Mapping[str, Any]]
) -> tuple[Counts, list[str], list[str]]:
    gold = _named_units(gold_items)
    pred = _named_units(pred_items)
    counts = Counts(pred=len(pred))
    misses: list[str] = []
    for g in gold:
        found = any(p.matches(g) for p in pred)
        if g.optional:
            continue
        counts.gold += 1
        if found:
            counts.matched_gold += 1
        else:
            misses.append(g.display)
    fps: list[str] = []
    for p in pred:
        if any(p.matches(g) for g in gold):
            counts.matched_pred += 1
        else:
            fps.append(p.display)
    return counts, misses, fps


def _dedupe(texts: Iterable[str | None]) -> list[str]:
    seen: dict[str, str] = {}
    for t in texts:
        if t is None:
            continue
        k = norm(t)
        if k and k not in seen:
            seen[k] = str(t)
    return list(seen.values())


def _score_programs(gold_items: list[Mapping[str, Any]], pred_items: list[Mapping[str, Any]]):
    gold = _dedupe(g.get("text") for g in gold_items)
    pred = _dedupe(p.get("text") for p in pred_items)
    counts = Counts(gold=len(gold), pred=len(pred))
    misses = [g for g in gold if not any(program_match(p, g) for p in pred)]
    fps = [p for p in pred if not any(program_match(p, g) for g in gold)]
    counts.matched_gold = len(gold) - len(misses)
    counts.matched_pred = len(pred) - len(fps)
    return counts, misses, fps


def _score_people(gold_items: list[Mapping[str, Any]], pred_items: list[Mapping[str, Any]]):
    gold = _dedupe(g.get("name") for g in gold_items)
    pred = _dedupe(p.get("name") for p in pred_items)
    gold_keys = {norm(g) for g in gold}
    pred_keys = {norm(p) for p in pred}
    misses = [g for g in gold if norm(g) not in pred_keys]
    fps = [p for p in pred if norm(p) not in gold_keys]
    counts = Counts(gold=len(gold), pred=len(pred), matched_gold=len(gold) - len(misses))
    counts.matched_pred = len(pred) - len(fps)
    return counts, misses, fps


# --------------------------------------------------------------------------- metrics


def _metric_label(m: Mapping[str, Any]) -> str:
    return f"{m.get('text')} = {m.get('value')} {m.get('unit')}"


def _metrics_compatible(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
    return unit_key(g.get("unit")) == unit_key(p.get("unit")) and values_equal(g.get("value"), p.get("value"))


def _attribute_agreement(
    g: Mapping[str, Any], p: Mapping[str, Any], subject_units: list[_NamedUnit]
) -> dict[str, bool]:
    return {
        "indicator": _indicator_ok(g.get("indicator"), p.get("indicator")),
        "subject": _subject_ok(g.get("subject"), p.get("subject"), subject_units),
        "period": norm(g.get("period")) == norm(p.get("period")),
        "qualifier": norm(g.get("qualifier")) == norm(p.get("qualifier")),
        "is_change": bool(g.get("is_change")) == bool(p.get("is_change")),
        "change_direction": (norm(g.get("change_direction")) == norm(p.get("change_direction"))),
        "is_target": bool(g.get("is_target")) == bool(p.get("is_target")),
    }


def _indicator_ok(gold: str | None, pred: str | None) -> bool:
    if not norm(gold) and not norm(pred):
        return True
    return bigram_dice(gold, pred) >= _INDICATOR_DICE


def _subject_ok(gold: str | None, pred: str | None, units: list[_NamedUnit]) -> bool:
    """The organisation/place rule: equal canonicals, or the prediction names one of the
    gold subject's surface texts (the gold document's org/place entries give those)."""
    g, p = norm(gold), norm(pred)
    if g == p:
        return True
    if not g or not p:
        return False
    for unit in units:
        if unit.key == g and p in unit.texts:
            return True
    return False


def _score_metrics(
    gold_items: list[Mapping[str, Any]],
    pred_items: list[Mapping[str, Any]],
    subject_units: list[_NamedUnit],
) -> tuple[Counts, list[str], list[str], dict[str, Tally], list[str]]:
    candidates: list[tuple[float, int, int, int]] = []
    agreements: dict[tuple[int, int], dict[str, bool]] = {}
    for gi, g in enumerate(gold_items):
        for pi, p in enumerate(pred_items):
            if not _metrics_compatible(g, p):
                continue
            agree = _attribute_agreement(g, p, subject_units)
            agreements[gi, pi] = agree
            candidates.append((bigram_dice(g.get("text"), p.get("text")), sum(agree.values()), gi, pi))
    # Best text similarity first, then most agreeing attributes, then document order.
    candidates.sort(key=lambda c: (-c[0], -c[1], c[2], c[3]))
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, _, gi, pi in candidates:
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    counts = Counts(
        gold=len(gold_items), pred=len(pred_items), matched_gold=len(pairs), matched_pred=len(pairs)
    )
    misses = [_metric_label(g) for gi, g in enumerate(gold_items) if gi not in used_gold]
    fps = [_metric_label(p) for pi, p in enumerate(pred_items) if pi not in used_pred]
    tallies = {a: Tally() for a in METRIC_ATTRIBUTES + EXTRA_METRIC_ATTRIBUTES}
    errors: list[str] = []
    for gi, pi in sorted(pairs):
        agree = agreements[gi, pi]
        for attr, tally in tallies.items():
            tally.add(agree[attr])
            if not agree[attr]:
                g, p = gold_items[gi], pred_items[pi]
                errors.append(f"{g.get('text')}: {attr} gold={g.get(attr)!r} pred={p.get(attr)!r}")
    return counts, misses, fps, tallies, errors


# --------------------------------------------------------------------------- relations


def _triple_label(r: Mapping[str, Any]) -> str:
    return f"{r.get('head')} —{r.get('relation')}→ {r.get('tail')}"


def _dedupe_triples(items: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    seen: dict[tuple[str, str, str], Mapping[str, Any]] = {}
    for r in items:
        key = (norm(r.get("head")), norm(r.get("relation")), norm(r.get("tail")))
        seen.setdefault(key, r)
    return list(seen.values())


def _triples_match(g: Mapping[str, Any], p: Mapping[str, Any]) -> bool:
    return (
        norm(g.get("relation")) == norm(p.get("relation"))
        and program_match(g.get("head"), p.get("head"))
        and program_match(g.get("tail"), p.get("tail"))
    )


def _relation_miss(gold: Mapping[str, Any], pred: list[Mapping[str, Any]]) -> str:
    """The missed triple, with the relation(s) predicted between the same ends, if any:
    a wrong relation type is a different fix from a missing edge."""
    label = _triple_label(gold)
    near = sorted(
        {
            str(p.get("relation"))
            for p in pred
            # Exact ends only: containment would call 绵阳市 "the same end" as 绵阳市住建局.
            if norm(gold.get("head")) == norm(p.get("head")) and norm(gold.get("tail")) == norm(p.get("tail"))
        }
    )
    return f"{label}  [predicted as: {', '.join(near)}]" if near else label


def _score_relations(gold_items: list[Mapping[str, Any]], pred_items: list[Mapping[str, Any]]):
    gold = _dedupe_triples(gold_items)
    pred = _dedupe_triples(pred_items)
    by_type: dict[str, Tally] = {}
    misses: list[str] = []
    for g in gold:
        found = any(_triples_match(g, p) for p in pred)
        by_type.setdefault(str(g.get("relation")), Tally()).add(found)
        if not found:
            misses.append(_relation_miss(g, pred))
    fps = [_triple_label(p) for p in pred if not any(_triples_match(g, p) for g in gold)]
    counts = Counts(gold=len(gold), pred=len(pred))
    counts.matched_gold = len(gold) - len(misses)
    counts.matched_pred = len(pred) - len(fps)
    return counts, misses, fps, by_type


# --------------------------------------------------------------------------- documents


def _items(doc: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    return [x for x in (doc.get(key) or []) if isinstance(x, Mapping)]


def score_document(pred: Mapping[str, Any], gold: Mapping[str, Any], source: str | None = None) -> DocumentResult:
    """Compare one prediction with its gold (both dicts in the FORMAT schema)."""
    result = DocumentResult(source=source or str(gold.get("source") or pred.get("source") or "?"))

    def record(kind: str, counts: Counts, misses: list[str], fps: list[str]) -> None:
        result.entities[kind] = counts
        result.misses[kind] = misses
        result.false_positives[kind] = fps

    record("organization", *_score_named(_items(gold, "organizations"), _items(pred, "organizations")))
    record("place", *_score_named(_items(gold, "places"), _items(pred, "places")))
    record("program", *_score_programs(_items(gold, "programs"), _items(pred, "programs")))
    record("person", *_score_people(_items(gold, "people"), _items(pred, "people")))

    subject_units = _named_units(_items(gold, "organizations")) + _named_units(_items(gold, "places"))
    counts, misses, fps, tallies, errors = _score_metrics(
        _items(gold, "metrics"), _items(pred, "metrics"), subject_units
    )
    record("metric", counts, misses, fps)
    result.metric_attributes = tallies
    result.attribute_errors = errors

    rel_counts, rel_misses, rel_fps, rel_types = _score_relations(_items(gold, "relations"), _items(pred, "relations"))
    result.relations = rel_counts
    result.relation_types = rel_types
    result.misses["relation"] = rel_misses
    result.false_positives["relation"] = rel_fps

    for name in HEADER_FIELDS:
        ok = norm(gold.get(name)) == norm(pred.get(name))
        result.header[name] = Tally(int(ok), 1)
        if not ok:
            result.header_errors.append(f"{name}: gold={gold.get(name)!r} pred={pred.get(name)!r}")
    return result


def score_documents(pairs: Iterable[tuple[Mapping[str, Any], Mapping[str, Any]]]) -> Report:
    """Score (prediction, gold) pairs; both are dicts in the gold/FORMAT.md schema."""
    report = Report()
    for pred, gold in pairs:
        report.documents.append(score_document(_as_dict(pred), gold))
    return report


def _as_dict(pred: Any) -> Mapping[str, Any]:
    # Accept an Extraction (or anything with to_dict) as well as a plain dict.
    if hasattr(pred, "to_dict"):
        return pred.to_dict()
    return pred


Extractor = Callable[[Path], Any]


def _default_extractor(path: Path) -> Any:
    # Imported lazily: the scorer itself needs neither spaCy nor the readers.
    try:
        from . import nlp, reading

        extract, read = nlp.extract, reading.read_bulletin
    except (ImportError, AttributeError) as exc:  # the NLP half is not installed/complete
        raise WuxingError(f"the extractor is not available: {exc}") from exc
    return extract(read(path))


def gold_path_for(text_path: Path) -> Path:
    return text_path.with_name(text_path.stem + ".gold.json")


def evaluate_dir(directory: str | Path, *, extractor: Extractor | None = None) -> Report:
    """Extract every ``NAME.txt`` in ``directory`` and score it against ``NAME.gold.json``.

    ``directory`` may also be a single ``NAME.txt``.

    ``extractor(path)`` returns an ``Extraction`` or a dict; the default runs
    ``nlp.extract(reading.read_bulletin(path))``. Texts without a gold file are
    listed in ``Report.skipped``.
    """
    directory = Path(directory)
    if directory.is_file() and directory.suffix == ".txt":
        texts = [directory]  # one document: handy while tuning on a single bulletin
    elif directory.is_dir():
        texts = sorted(directory.glob("*.txt"))
    else:
        raise BadInputError(str(directory), "not a directory (or a NAME.txt with a NAME.gold.json beside it)")
    extract = extractor or _default_extractor
    report = Report()
    for text_path in texts:
        gold_path = gold_path_for(text_path)
        if not gold_path.is_file():
            report.skipped.append(text_path.name)
            continue
        try:
            gold = json.loads(gold_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise BadInputError(str(gold_path), f"not a valid gold file ({exc})") from exc
        try:
            pred = _as_dict(extract(text_path))
        except WuxingError as exc:
            # A refused file must not hide the scores of the others: it scores as empty.
            report.errors.append(f"{text_path.name}: {exc}")
            pred = {}
        report.documents.append(score_document(pred, gold, source=text_path.name))
    if not report.documents:
        raise BadInputError(str(directory), "no NAME.txt with a NAME.gold.json beside it")
    return report


# --------------------------------------------------------------------------- text output


def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def format_table(report: Report, *, details: bool = False, by_type: bool = False, by_document: bool = False) -> str:
    lines: list[str] = [f"documents: {len(report.documents)}"]
    lines.append(f"{'type':<14}{'gold':>6}{'pred':>6}{'TPg':>6}{'TPp':>6}{'P%':>7}{'R%':>7}{'F1%':>7}")

    def row(name: str, c: Counts) -> str:
        return (
            f"{name:<14}{c.gold:>6}{c.pred:>6}{c.matched_gold:>6}{c.matched_pred:>6}"
            f"{_pct(c.precision):>7}{_pct(c.recall):>7}{_pct(c.f1):>7}"
        )

    lines.append("  (TPg = gold items found, TPp = predictions that match a gold item)")
    for kind, c in report.entities.items():
        lines.append(row(kind, c))
    lines.append(row("ENTITIES", report.entity_micro))
    lines.append(row("relations*", report.relations))
    lines.append("  * relation precision is a lower bound (gold lists the main relations only)")
    recall_by_type = [f"{name} {t.correct}/{t.total}" for name, t in report.relation_types.items() if t.total]
    if recall_by_type:
        lines.append("  relation recall by type: " + ", ".join(recall_by_type))
    lines.append("metric attributes (accuracy over matched metric pairs):")
    for name, t in report.metric_attributes.items():
        extra = "" if name in METRIC_ATTRIBUTES else "  (extra)"
        lines.append(f"  {name:<18}{t.correct:>5}/{t.total:<5}{_pct(t.accuracy)}%{extra}")
    lines.append("header fields (documents correct):")
    for name, t in report.header.items():
        lines.append(f"  {name:<18}{t.correct:>5}/{t.total:<5}{_pct(t.accuracy)}%")
    if by_type:
        lines.extend(format_by_type(report))
    if by_document:
        lines.extend(format_by_document(report, by_type=by_type))
    elif len(report.documents) > 1:
        lines.append("per document (entity F1 / metric F1 / relation recall):")
        width = max(len(d.source) for d in report.documents)
        for d in report.documents:
            metric = d.entities.get("metric", Counts())
            lines.append(
                f"  {d.source:<{width}}  {_pct(d.entity_total.f1)} {_pct(metric.f1)} {_pct(d.relations.recall)}"
            )
    if report.skipped:
        lines.append("skipped (no gold): " + ", ".join(report.skipped))
    for err in report.errors:
        lines.append(f"extraction failed (scored as empty): {err}")
    lines.append(f"entity micro-F1: {report.entity_f1:.4f}")
    if details:
        lines.append("")
        lines.extend(format_details(report))
    return "\n".join(lines)


def format_details(report: Report) -> list[str]:
    """Per document: misses (FN) and false positives (FP) per type, attribute errors."""
    lines: list[str] = []
    for d in report.documents:
        t = d.entity_total
        lines.append(f"== {d.source}  entity F1 {t.f1:.3f}  (P {t.precision:.3f} R {t.recall:.3f})")
        for kind in ENTITY_TYPES:
            for label, bucket in (("FN", d.misses), ("FP", d.false_positives)):
                for item in bucket.get(kind, []):
                    lines.append(f"  {label} {kind:<12} {item}")
        for err in d.attribute_errors:
            lines.append(f"  ATTR metric       {err}")
        for item in d.misses.get("relation", []):
            lines.append(f"  FN relation     {item}")
        extra = len(d.false_positives.get("relation", []))
        if extra:
            # Gold lists the main relations only: these are not all errors, so only count them here.
            lines.append(f"  (+{extra} predicted relations not in gold: listed in --format json)")
        for err in d.header_errors:
            lines.append(f"  HEAD {err}")
    return lines


# --------------------------------------------------------------------------- comparing two runs


def load_report_json(path: str | Path) -> dict[str, Any]:
    """A report saved with ``--format json --details`` (for ``compare_reports``)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadInputError(str(path), f"not a saved eval report ({exc})") from exc
    if not isinstance(data, dict) or "per_document" not in data or "entities" not in data:
        raise BadInputError(str(path), "not a saved eval report: write it with --format json --details")
    return data


def _miss_key(item: str) -> str:
    # The relation-type hint changes with the predictions; compare the triple only.
    return item.split("  [predicted as:")[0]


def compare_reports(old: Mapping[str, Any], new: Report) -> list[str]:
    """What changed since a saved report: F1 per type, then per document the misses and
    false positives that are new (+) or gone (−), and metric attribute errors.

    ``old`` is ``Report.to_dict(details=True)`` of an earlier run (e.g. read back from
    ``wuxing-kg eval DIR --format json --details > before.json``)."""
    lines = ["changes since the saved report (+ new, - gone):"]
    new_totals = new.to_dict(details=False)
    for kind in ENTITY_TYPES:
        before = old.get("entities", {}).get(kind, {}).get("f1")
        after = new_totals["entities"][kind]["f1"]
        lines.append(_delta_line(kind, before, after))
    lines.append(_delta_line("ENTITIES", old.get("entity_f1"), new_totals["entity_f1"]))
    lines.append(_delta_line("relation recall", old.get("relations", {}).get("recall"), new_totals["relations"]["recall"]))
    old_docs = {d.get("source"): d for d in old.get("per_document", [])}
    for doc in new.documents:
        before = old_docs.pop(doc.source, None)
        if before is None:
            lines.append(f"== {doc.source}: not in the saved report")
            continue
        changes: list[str] = []
        for kind in (*ENTITY_TYPES, "relation"):
            for label, now, then in (
                ("FN", doc.misses.get(kind, []), before.get("misses", {}).get(kind, [])),
                ("FP", doc.false_positives.get(kind, []), before.get("false_positives", {}).get(kind, [])),
            ):
                if kind == "relation" and label == "FP":
                    continue  # gold lists the main relations only; see the counts above
                now_keys = {_miss_key(x) for x in now}
                then_keys = {_miss_key(x) for x in then}
                changes += [f"  +{label} {kind:<12} {x}" for x in sorted(now_keys - then_keys)]
                changes += [f"  -{label} {kind:<12} {x}" for x in sorted(then_keys - now_keys)]
        now_attr, then_attr = set(doc.attribute_errors), set(before.get("attribute_errors", []))
        changes += [f"  +ATTR {x}" for x in sorted(now_attr - then_attr)]
        changes += [f"  -ATTR {x}" for x in sorted(then_attr - now_attr)]
        if changes:
            lines.append(f"== {doc.source}")
            lines.extend(changes)
    for source in old_docs:
        lines.append(f"== {source}: only in the saved report")
    return lines


def _delta_line(name: str, before: float | None, after: float) -> str:
    if before is None:
        return f"  {name:<16} F1 {'?':>6} → {_pct(after)}"
    diff = 100 * (after - float(before))
    return f"  {name:<16} {_pct(float(before))} → {_pct(after)}  ({diff:+.1f})"
