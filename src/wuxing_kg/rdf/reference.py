"""Reference data for ``settings.REFERENCE_GRAPH``: the ontology and all ~3,400 GB/T 2260
administrative divisions (province, prefecture, county level) with name, code, level
and parent, plus older names (赣县 → 赣县区 style) as ``skos:altLabel``.

Read directly from ``data/divisions/*.csv`` (the graph half does not import
``wuxing_kg.nlp``). Division IRIs are the same ``id:place/<code>`` the mapping mints,
so a bulletin's place and its reference entry are one node.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox

from .. import settings
from . import iris
from .namespaces import RDF, RDFS, SDO, SKOS, WX

GRAPH = settings.REFERENCE_GRAPH


def _data_file(name: str) -> Path:
    for base in (settings.DATA_DIR / "divisions", settings.PACKAGE_DIR / "data" / "divisions"):
        if (base / name).exists():
            return base / name
    raise FileNotFoundError(f"data/divisions/{name}")


def level_of(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def parent_code(code: str, known: set[str]) -> str | None:
    """Containing division: the prefecture (XXXX00) if listed, else the province (XX0000)."""
    level = level_of(code)
    if level == "province":
        return None
    if level == "county" and code[:4] + "00" in known:
        return code[:4] + "00"
    province = code[:2] + "0000"
    return province if province in known else None


@lru_cache(maxsize=1)
def divisions() -> dict[str, str]:
    """code (6 digits) → current name."""
    out: dict[str, str] = {}
    with open(_data_file("adcodes.csv"), encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            code = (row.get("adcode") or "")[:6]
            if len(code) == 6 and code.isdigit() and row.get("name"):
                out.setdefault(code, row["name"].strip())
    return out


def _historical() -> list[tuple[str, str]]:
    """(old name, current code)."""
    try:
        path = _data_file("historical.csv")
    except FileNotFoundError:
        return []
    with open(path, encoding="utf-8", newline="") as f:
        return [(r["old_name"].strip(), r["new_code"].strip()) for r in csv.DictReader(f) if r.get("new_code")]


def ontology_quads() -> list[ox.Quad]:
    path = settings.ONTOLOGY_DIR / "wuxing.ttl"
    if not path.exists():
        path = settings.PACKAGE_DIR / "ontology" / "wuxing.ttl"
    g = ox.NamedNode(GRAPH)
    with open(path, "rb") as f:
        return [ox.Quad(t.subject, t.predicate, t.object, g) for t in ox.parse(f, format=ox.RdfFormat.TURTLE)]


def division_quads() -> list[ox.Quad]:
    g = ox.NamedNode(GRAPH)
    n = ox.NamedNode
    table = divisions()
    known = set(table)
    quads: list[ox.Quad] = []

    def add(s: str, p: object, o: ox.NamedNode | ox.Literal) -> None:
        quads.append(ox.Quad(n(s), n(str(p)), o, g))

    for code, name in sorted(table.items()):
        iri = iris.place(name, None, code)
        add(iri, RDF.type, n(str(SDO.AdministrativeArea)))
        add(iri, RDF.type, n(str(SDO.Place)))
        add(iri, RDFS.label, ox.Literal(name))
        add(iri, WX.placeLevel, ox.Literal(level_of(code)))
        add(iri, WX.divisionCode, ox.Literal(code))
        add(iri, SDO.identifier, ox.Literal(code))
        parent = parent_code(code, known)
        if parent:
            add(iri, SDO.containedInPlace, n(iris.place("", None, parent)))
    for old_name, code in _historical():
        if code in table and old_name != table[code]:
            add(iris.place("", None, code), SKOS.altLabel, ox.Literal(old_name))
    return quads


def reference_quads() -> list[ox.Quad]:
    """All quads of the reference graph (ontology + divisions), deterministic."""
    seen: dict[ox.Quad, None] = {}
    for q in ontology_quads() + division_quads():
        seen[q] = None
    return list(seen)
