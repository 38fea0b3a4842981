"""Indicator time series across bulletins (issue 12, item 1).

A series is every observation of the same indicator for the same subject, across the
bulletins and periods of the store. The rows come from the canned query ``series.rq``
(one row per observation and subject, with its bulletin and source sentence); this
module groups them under a normalised key so that the wording variants bulletins use
for one indicator (实际利用外资 / 实际使用外资, quoted or spaced) meet, while change
rates (同比增长 …, ``wx:isChange``) stay in a series of their own: a growth rate and a
level of the same indicator are different quantities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from . import queries
from .store import Store

# Characters that never change what an indicator is: whitespace and quotation marks.
_NOISE_RE = re.compile(r"[\s\"'“”‘’「」『』《》]+")
# Verb pairs bulletins use interchangeably inside one indicator name; each pair is folded
# onto its first member. Only pairs that are synonyms in every indicator we have seen are
# listed (使用/利用 外资); the fold applies to the grouping key only, the label shown stays
# as written.
_SYNONYMS: tuple[tuple[str, str], ...] = (("利用", "使用"),)

COLUMNS = (
    "subject",
    "indicator",
    "concept",
    "period",
    "value",
    "unit",
    "is_change",
    "bulletin",
    "date",
    "issue",
    "sentence",
)


def normalise_indicator(label: str) -> str:
    """The grouping key of an indicator label: no whitespace or quotes, synonyms folded."""
    key = _NOISE_RE.sub("", label or "")
    for canonical, variant in _SYNONYMS:
        key = key.replace(variant, canonical)
    return key


def series_key_of(label: str) -> str:
    """The grouping key of an indicator: its national concept (data/indicators.toml, via
    indicators.concept_for: 实际利用外资 / 实际使用外资金额 / 实际利用外资增速 all name one
    concept; the level/rate split is wx:isChange's), else its normalised wording."""
    from .indicators import concept_for

    c = concept_for(label)
    return f"concept:{c.id}" if c else normalise_indicator(label)


def _is_true(text: str | None) -> bool:
    return (text or "").strip().lower() in ("true", "1")


@dataclass(frozen=True)
class SeriesRow:
    """One observation of one subject, with where it was read."""

    subject: str
    indicator: str  # as written in this bulletin
    key: str  # series_key_of(indicator): rows with equal (subject, key, is_change, unit) form a series
    period: str
    year: int | None
    value: str  # the exact decimal lexical form stored in the graph
    unit: str
    is_change: bool
    graph: str
    bulletin: str  # short id, as `wuxing-kg bulletins` shows it
    date: str
    issue: str
    sentence: str
    concept: str = ""  # the prefLabel of the indicator's national concept ("" = none matched)
    aliases: tuple[str, ...] = ()  # the subject's skos:altLabels (a short form merged into it)

    @property
    def series_key(self) -> tuple[str, str, bool, str]:
        return (self.subject, self.key, self.is_change, self.unit)

    def cells(self) -> list[str | None]:
        return [
            self.subject,
            self.indicator,
            self.concept,
            self.period,
            self.value,
            self.unit,
            "true" if self.is_change else "false",
            self.bulletin,
            self.date,
            self.issue,
            self.sentence,
        ]

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("aliases")
        out["value"] = _number(self.value)
        return out


def _number(lexical: str) -> int | float | str:
    """A decimal lexical form as a JSON number (int when integral); text if unparsable."""
    try:
        d = Decimal(lexical)
    except InvalidOperation:
        return lexical
    return int(d) if d == d.to_integral_value() else float(d)


def _year(text: str | None) -> int | None:
    try:
        return int(text) if text else None
    except ValueError:
        return None


def observations(store: Store) -> list[SeriesRow]:
    """Every observation with an indicator in the store, one row per (observation, subject)."""
    sparql, values, _ = queries.resolve("series", {})
    bindings = {name: queries.bind_value(value) for name, value in values.items()}
    aliases = _alt_labels(store)
    rows: list[SeriesRow] = []
    for r in store.select(sparql, bindings).rows:
        graph = r["g"] or ""
        indicator = r["indicatorName"] or ""
        rows.append(
            SeriesRow(
                subject=r["subjectName"] or "",
                indicator=indicator,
                key=series_key_of(indicator),
                period=r["period"] or "",
                year=_year(r["year"]),
                value=r["value"] or "",
                unit=r["unit"] or "",
                is_change=_is_true(r["isChange"]),
                graph=graph,
                bulletin=queries.short_id(graph),
                date=r["issued"] or "",
                issue=r["issue"] or "",
                sentence=r["sentence"] or "",
                concept=_concept_label(indicator),
                aliases=aliases.get(r["who"] or "", ()),
            )
        )
    return rows


def _concept_label(indicator: str) -> str:
    from .indicators import concept_for

    c = concept_for(indicator)
    return c.label if c else ""


_ALT_LABELS_SPARQL = "SELECT DISTINCT ?x ?alt WHERE { ?x <http://www.w3.org/2004/02/skos/core#altLabel> ?alt }"


def _alt_labels(store: Store) -> dict[str, tuple[str, ...]]:
    """IRI → its altLabels, so `--subject 住建局` finds the node merged as 住房和城乡建设局."""
    found: dict[str, list[str]] = {}
    for r in store.select(_ALT_LABELS_SPARQL).rows:
        found.setdefault(r["x"] or "", []).append(r["alt"] or "")
    return {k: tuple(sorted(v)) for k, v in found.items()}


def _order(row: SeriesRow) -> tuple[Any, ...]:
    # Series together (subject, indicator, levels before rates), then in time order:
    # the bulletin's date first (a later issue revises an earlier one), then the period.
    return (row.subject, row.key, row.is_change, row.unit, row.date, row.year or 0, row.period, row.bulletin)


def select_series(
    rows: Iterable[SeriesRow], *, subject: str | None = None, indicator: str | None = None
) -> list[SeriesRow]:
    """The rows whose subject (or one of its altLabels) contains `subject` and whose
    indicator is `indicator`'s concept — or, when `indicator` names no concept, whose
    wording or concept label contains it (both optional), in series order."""
    from .indicators import concept_for

    named = concept_for(indicator) if indicator else None
    want = normalise_indicator(indicator) if indicator else ""
    who = _NOISE_RE.sub("", subject or "")

    def indicator_ok(r: SeriesRow) -> bool:
        if not indicator:
            return True
        if named is not None:
            return r.key == f"concept:{named.id}"
        return want in normalise_indicator(r.indicator) or (bool(r.concept) and want in normalise_indicator(r.concept))

    out = [
        r
        for r in rows
        if indicator_ok(r) and (not who or any(who in _NOISE_RE.sub("", n) for n in (r.subject, *r.aliases)))
    ]
    return sorted(set(out), key=_order)


def series(store: Store, *, subject: str | None = None, indicator: str | None = None) -> list[SeriesRow]:
    """The series of the store, filtered by subject and indicator (substring matches)."""
    return select_series(observations(store), subject=subject, indicator=indicator)


def format_series(rows: list[SeriesRow], fmt: str = "table", *, max_cell: int = 60) -> str:
    """table / csv / tsv via the query formatter; json as a list of row objects."""
    if fmt == "json":
        import json

        return json.dumps([r.to_json() for r in rows], ensure_ascii=False, indent=1) + "\n"
    return queries.format_rows(list(COLUMNS), [r.cells() for r in rows], fmt, max_cell=max_cell)
