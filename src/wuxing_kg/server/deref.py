"""Entity IRIs ↔ local paths, the generated entity page, labels, the service description."""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Iterable, Sequence
from typing import Any

from .. import settings
from .negotiation import GRAPH_BY_MEDIA


def uri_path_to_iri_path(raw: str) -> str:
    """RFC 3987 §3.2: decode percent-encoded UTF-8 of non-ASCII characters only.

    `/id/org/%E5%B8%82...` becomes `org/市...`, while `%2F`, `%20`, `%25` stay encoded,
    exactly as the IRI minting encodes what a path segment cannot hold.
    """

    def repl(m: re.Match[str]) -> str:
        raw_bytes = bytes.fromhex(m.group().replace("%", ""))
        try:
            text = raw_bytes.decode("utf-8")
        except UnicodeDecodeError:
            return m.group()
        return "".join(ch if ord(ch) > 0x7F else f"%{ord(ch):02X}" for ch in text)

    normalised = re.sub(r"%[0-9A-Fa-f]{2}", lambda m: m.group().upper(), raw)
    return re.sub(r"(?:%[0-9A-F]{2})+", repl, normalised)


def iri_to_local_path(iri: str) -> str | None:
    """`https://w3id.org/wuxing-kg/id/x` → `/id/x` (percent-encoded for HTTP); None if foreign."""
    if not iri.startswith(settings.ID_IRI):
        return None
    return "/id/" + urllib.parse.quote(iri[len(settings.ID_IRI):], safe="/%:@!$&'()*+,;=-._~")


def labels_query(iris: Iterable[str]) -> str:
    """Labels of `iris`; queries go to the workers as text, so each IRI is validated
    (queries.iri_ref) before it is written into the VALUES list."""
    from ..queries import iri_ref

    values = " ".join(iri_ref(iri) for iri in iris)
    return (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        f"SELECT ?s (SAMPLE(?l) AS ?label) WHERE {{ VALUES ?s {{ {values} }}\n"
        "  { ?s rdfs:label ?l } UNION { ?s skos:prefLabel ?l } UNION { ?s dcterms:title ?l } }\n"
        "GROUP BY ?s"
    )


def describe_page(iri: str, outgoing: list[dict[str, Any]], incoming: list[dict[str, Any]]) -> str:
    def cell(binding: dict[str, Any] | None, label: dict[str, Any] | None = None) -> str:
        if binding is None:
            return ""
        value = binding["value"]
        text = label["value"] if label else value
        if binding["type"] == "uri":
            local = iri_to_local_path(value)
            shown = html.escape(text)
            title = html.escape(value, quote=True)
            return f'<a href="{html.escape(local, quote=True)}" title="{title}">{shown}</a>' if local else f'<span title="{title}">{shown}</span>'
        return html.escape(text)

    label = next((b["o"]["value"] for b in outgoing if b["p"]["value"].endswith(("#label", "/title", "#prefLabel"))), iri)
    rows_out = "".join(f"<tr><td>{cell(b['p'])}</td><td>{cell(b['o'], b.get('ol'))}</td></tr>" for b in outgoing)
    rows_in = "".join(f"<tr><td>{cell(b['s'], b.get('sl'))}</td><td>{cell(b['p'])}</td></tr>" for b in incoming)
    return f"""<!doctype html><html lang="zh"><head><meta charset="utf-8">
<title>{html.escape(label)}</title><link rel="stylesheet" href="/assets/app.css"></head>
<body><nav><a href="/">SPARQL</a> · <a href="/view/">图谱</a></nav>
<h1>{html.escape(label)}</h1><p class="iri">{html.escape(iri)}</p>
<h2>属性</h2><table><thead><tr><th>谓词</th><th>值</th></tr></thead><tbody>{rows_out}</tbody></table>
<h2>被引用</h2><table><thead><tr><th>主体</th><th>谓词</th></tr></thead><tbody>{rows_in}</tbody></table>
</body></html>"""


def service_description(endpoint: str) -> str:
    formats = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
               "Turtle", "N-Triples", "N-Quads", "JSON-LD", "RDF_XML"]
    result_formats = ", ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in formats)
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix dcterms: <http://purl.org/dc/terms/> .

<{endpoint}#service> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat {result_formats} ;
    sd:feature sd:UnionDefaultGraph ;
    dcterms:description "wuxing-kg: read-only SPARQL 1.1 endpoint; without FROM / FROM NAMED or default-graph-uri / named-graph-uri the default graph is the union of all named graphs (one per bulletin)."@en ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .
"""

def prefers_html(prefs: Sequence[str]) -> bool:
    """A browser (text/html ranked before any RDF type) gets a page, other clients RDF."""
    for media in prefs:
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media in GRAPH_BY_MEDIA or media == "*/*":
            return False
    return False
