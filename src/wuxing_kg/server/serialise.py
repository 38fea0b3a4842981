"""Results and graphs as bytes, in the worker processes."""

from __future__ import annotations

import io
import json
from typing import Any, cast
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr


def _term_json(term: Any) -> dict[str, Any]:
    from ..queries import term_to_json

    return term_to_json(term)


def _term_nt(term: Any) -> str:
    """N-Triples form of a term (used by TSV)."""
    return str(term)  # pyoxigraph's str() of a term is its N-Triples/Turtle form


def _term_plain(term: Any) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def serialize_results(variables: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    """SELECT results (rows of pyoxigraph terms or None) in SPARQL JSON/XML/CSV/TSV."""
    if fmt == "json":
        bindings = [{v: _term_json(t) for v, t in zip(variables, row) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, ensure_ascii=False).encode()
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head>\n<results>")
        for row in rows:
            out.append("<result>")
            for v, t in zip(variables, row):
                if t is not None:
                    out.append(f"<binding name={quoteattr(v)}>{_term_xml(t)}</binding>")
            out.append("</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode()
    if fmt == "csv":
        import csv

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow(["" if t is None else _term_plain(t) for t in row])
        return buf.getvalue().encode()
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        for row in rows:
            lines.append("\t".join("" if t is None else _term_nt(t) for t in row))
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(fmt)


def _term_xml(term: Any) -> str:
    data = _term_json(term)
    if data["type"] == "uri":
        return f"<uri>{xml_escape(data['value'])}</uri>"
    if data["type"] == "bnode":
        return f"<bnode>{xml_escape(data['value'])}</bnode>"
    attrs = ""
    if "xml:lang" in data:
        attrs = f" xml:lang={quoteattr(data['xml:lang'])}"
    elif "datatype" in data:
        attrs = f" datatype={quoteattr(data['datatype'])}"
    return f"<literal{attrs}>{xml_escape(str(data['value']))}</literal>"


RESULTS_FORMAT = {"json": "JSON", "xml": "XML", "csv": "CSV", "tsv": "TSV"}


def serialize_boolean(result: Any, fmt: str) -> bytes:
    """An ASK answer (a pyoxigraph QueryBoolean) with pyoxigraph's own results writer.

    SELECT rows are written by `serialize_results` instead: the writer consumes the whole
    iterator, and the endpoint must stop at --max-rows (refuse, not truncate) first."""
    import pyoxigraph as ox

    return result.serialize(format=getattr(ox.QueryResultsFormat, RESULTS_FORMAT[fmt]))  # type: ignore[no-any-return]


def _turtle_prefixes() -> dict[str, str]:
    from ..store import PREFIXES

    return {k: v for k, v in PREFIXES.items() if k not in ("id", "wxg")}


def serialize_triples(triples: list[Any], fmt: str) -> bytes:
    import pyoxigraph as ox

    rdf_format = {
        "turtle": ox.RdfFormat.TURTLE,
        "ntriples": ox.RdfFormat.N_TRIPLES,
        "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML,
        "nquads": ox.RdfFormat.N_QUADS,
    }[fmt]
    # No `id:` prefix: its local names would need `\/` escapes; full IRIs read better.
    prefixes = _turtle_prefixes() if fmt == "turtle" else None
    if prefixes:
        return cast(bytes, ox.serialize(triples, format=rdf_format, prefixes=prefixes))  # no output: returns the bytes
    return cast(bytes, ox.serialize(triples, format=rdf_format))
