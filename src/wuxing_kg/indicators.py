"""Indicator concepts (issue 12, item 1): one SKOS concept per statistical quantity.

Bulletins write one indicator many ways (实际利用外资 / 实际使用外资 / 实际利用外资金额);
the mapping mints one ``wx:indicator`` concept per wording. This module links each
wording to a national concept from ``data/indicators.toml`` (prefLabel, altLabels, base
unit), so series meet across wordings:

* :func:`concept_for` — the concept of an indicator as written, after removing noise
  (spaces, quotes) and a change-rate suffix (实际利用外资增速 is the rate of 实际利用外资:
  same concept, kept apart from levels by ``wx:isChange``);
* :func:`concept_quads` — in each bulletin graph, ``<wording> skos:exactMatch <concept>``
  plus the concept's labels and scheme, so SPARQL sees the concepts too (concept labels
  are written into every graph that uses them, like the mapping's own concepts).

An indicator no concept matches keeps its own wording as its series key.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import records, settings

DATA_FILE = Path(__file__).with_name("data") / "indicators.toml"
SCHEME = settings.ID_IRI + "scheme/indicator-concepts"
_NOISE = re.compile(r"[\s\"'“”‘’「」『』《》]+")
# Suffixes that turn an indicator into its change rate (the extractor writes 增速 for
# 同比增长 x%); removed before the concept lookup, longest first.
_RATE_SUFFIX = re.compile(r"(同比增长率|同比增速|同比增幅|同比增长|增长率|增长幅度|增速|增幅|增长|降幅|下降)$")

SKOS = "http://www.w3.org/2004/02/skos/core#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@dataclass(frozen=True)
class Concept:
    id: str
    label: str
    alt: tuple[str, ...]
    unit: str

    @property
    def iri(self) -> str:
        return settings.ID_IRI + "concept/indicator/" + self.id


def _key(text: str) -> str:
    return _NOISE.sub("", text or "")


@lru_cache(maxsize=1)
def concepts() -> tuple[Concept, ...]:
    data = tomllib.loads(DATA_FILE.read_text(encoding="utf-8"))
    return tuple(
        Concept(str(c["id"]), str(c["label"]), tuple(str(a) for a in c.get("alt", ())), str(c.get("unit", "")))
        for c in data.get("concept", [])
    )


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Concept]:
    out: dict[str, Concept] = {}
    for c in concepts():
        for name in (c.label, *c.alt):
            out.setdefault(_key(name), c)
    return out


def base_wording(indicator: str) -> str:
    """The indicator without noise and without a change-rate suffix."""
    key = _key(indicator)
    stripped = _RATE_SUFFIX.sub("", key)
    return stripped or key


@lru_cache(maxsize=4096)
def concept_for(indicator: str | None) -> Concept | None:
    """The concept an indicator as written names (its rate suffix ignored), or None."""
    if not indicator:
        return None
    table = _by_name()
    return table.get(_key(indicator)) or table.get(base_wording(indicator))


def find(text: str) -> Concept | None:
    """A concept named (by its label or an altLabel) by `text`, for `series --indicator`."""
    return concept_for(text)


def concept_quads(graph: str, x: records.Extraction) -> list[Any]:
    """``skos:exactMatch`` from each indicator wording of a bulletin to its concept, and the
    concepts' labels, in the bulletin's graph."""
    import pyoxigraph as ox

    from .rdf import iris

    g = ox.NamedNode(graph)

    def lit(text: str) -> ox.Literal:
        return ox.Literal(text)  # plain strings, like the mapping's own concept labels

    out: list[Any] = []
    for indicator in dict.fromkeys(m.indicator for m in x.metrics if m.indicator):
        c = concept_for(indicator)
        if c is None:
            continue
        node = ox.NamedNode(c.iri)
        out.append(ox.Quad(ox.NamedNode(iris.indicator(indicator)), ox.NamedNode(SKOS + "exactMatch"), node, g))
        out += [
            ox.Quad(node, ox.NamedNode(RDF_TYPE), ox.NamedNode(SKOS + "Concept"), g),
            ox.Quad(node, ox.NamedNode(SKOS + "inScheme"), ox.NamedNode(SCHEME), g),
            ox.Quad(node, ox.NamedNode(SKOS + "prefLabel"), lit(c.label), g),
            ox.Quad(ox.NamedNode(SCHEME), ox.NamedNode(RDF_TYPE), ox.NamedNode(SKOS + "ConceptScheme"), g),
        ]
        out += [ox.Quad(node, ox.NamedNode(SKOS + "altLabel"), lit(a), g) for a in c.alt]
    return out
