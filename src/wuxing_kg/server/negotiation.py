"""Content negotiation: `format=` (as SPARQLWrapper sends it) and Accept → a serialisation."""

from __future__ import annotations

from collections.abc import Sequence

from .guard import RefusedRequest

RESULT_MEDIA = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_MEDIA = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "nquads": "application/n-quads",  # triples in the default graph: a line-based dump for loaders
}
RESULT_BY_MEDIA = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
GRAPH_BY_MEDIA = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
    "application/n-quads": "nquads",
    "text/x-nquads": "nquads",
}
# `format=` values (SPARQLWrapper also sends `output=`/`results=`) → media types to try.
_FORMAT_PARAM = {
    "json": ["application/sparql-results+json", "application/ld+json"],
    "xml": ["application/sparql-results+xml", "application/rdf+xml"],
    "csv": ["text/csv"],
    "tsv": ["text/tab-separated-values"],
    "turtle": ["text/turtle"],
    "ttl": ["text/turtle"],
    "n3": ["text/turtle"],
    "ntriples": ["application/n-triples"],
    "nt": ["application/n-triples"],
    "n-triples": ["application/n-triples"],
    "jsonld": ["application/ld+json"],
    "json-ld": ["application/ld+json"],
    "rdfxml": ["application/rdf+xml"],
    "rdf": ["application/rdf+xml"],
    "rdf+xml": ["application/rdf+xml"],  # SPARQLWrapper's RDFXML
    "nquads": ["application/n-quads"],
    "nq": ["application/n-quads"],
    "n-quads": ["application/n-quads"],
}
_WILDCARDS = {"*/*", "application/*", "text/*"}


def parse_accept(accept: str | None) -> list[str]:
    """Media types of an Accept header, best first (q-values honoured, stable order)."""
    if not accept:
        return ["*/*"]
    ranked = []
    for position, part in enumerate(accept.split(",")):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if not media:
            continue
        q = 1.0
        for param in pieces[1:]:
            if param.lower().startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, position, media))
    return [media for _, _, media in sorted(ranked)] or ["*/*"]


def preferences(accept: str | None, fmt: str | Sequence[str] | None) -> list[str]:
    """Media types to try, best first: `format=` wins over Accept. RefusedRequest 400 if unknown.

    `fmt` is one `format=` value or all of them: SPARQLWrapper repeats the parameter and
    sends media-type lists (`format=json-ld&format=application/ld+json,application/x-json+ld`),
    so every comma-separated item of every value counts, in order; items we do not know
    are skipped as long as one is known.
    """
    values = [fmt] if isinstance(fmt, str) else list(fmt or ())
    items = [item.strip().lower() for value in values for item in value.split(",") if item.strip()]
    if not items:
        return parse_accept(accept)
    found: list[str] = []
    for item in items:
        media = item.split(";")[0].strip()
        if item in _FORMAT_PARAM:
            found += _FORMAT_PARAM[item]
        elif media in RESULT_BY_MEDIA or media in GRAPH_BY_MEDIA or media in _WILDCARDS:
            found.append(media)
    if not found:
        shown = ",".join(values)
        raise RefusedRequest(400, f"Unknown format {shown!r}; use one of json, xml, csv, tsv, turtle, ntriples, nquads, jsonld, rdfxml, or a media type.")
    return list(dict.fromkeys(found))


def choose_format(prefs: Sequence[str], *, graph: bool) -> str | None:
    """The serialisation key for a graph (CONSTRUCT/DESCRIBE) or results (SELECT/ASK)."""
    table = GRAPH_BY_MEDIA if graph else RESULT_BY_MEDIA
    default = "turtle" if graph else "json"
    for media in prefs:
        if media in table:
            return table[media]
        if media in _WILDCARDS:
            if media == "*/*" or (GRAPH_MEDIA if graph else RESULT_MEDIA)[default].startswith(media[:-1]):
                return default
    return None
