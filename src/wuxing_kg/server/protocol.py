"""SPARQL 1.1 Protocol requests: what a GET or POST to /sparql asks for."""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .guard import RefusedRequest, check_query, iri_ok
from .negotiation import preferences

# The Protocol's dataset: (default-graph-uri values, named-graph-uri values); None when
# the request gave neither, so the query's FROM / FROM NAMED (or the union) decides.
Dataset = tuple[list[str], list[str]]


def protocol_dataset(pairs: Sequence[tuple[str, str]]) -> Dataset | None:
    """The dataset that default-graph-uri / named-graph-uri set (SPARQL 1.1 Protocol §2.1.4).

    Each may be given any number of times; when any is given it replaces the query's
    FROM / FROM NAMED. Empty values are ignored (some clients send the field blank).
    A value that is not an absolute IRI is the client's error: 400.
    """
    default = [v.strip() for k, v in pairs if k == "default-graph-uri" and v.strip()]
    named = [v.strip() for k, v in pairs if k == "named-graph-uri" and v.strip()]
    for iri in default + named:
        if not iri_ok(iri):
            raise RefusedRequest(400, f"default-graph-uri / named-graph-uri must be absolute IRIs: {iri!r} is not.")
    if not default and not named:
        return None
    return default, named


@dataclass(frozen=True)
class SparqlRequest:
    """A query request, checked: one read query, the formats to try, the dataset if given."""

    query: str
    prefs: list[str]
    dataset: Dataset | None


_READ_ONLY = "This endpoint is read-only: SPARQL Update is refused."


async def read_body(request: Any, limit: int) -> bytes:
    """The request body; RefusedRequest 413 past `limit` bytes (declared or streamed)."""
    too_big = f"Request body larger than {limit} bytes, the server's limit (--max-request-bytes)."
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise RefusedRequest(413, too_big)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise RefusedRequest(413, too_big)
        chunks.append(chunk)
    return b"".join(chunks)


async def _query_from_body(request: Any, pairs: list[tuple[str, str]], limit: int) -> str | None:
    """The query a POST carries (form field or sparql-query body); adds form fields to `pairs`."""
    body = await read_body(request, limit)
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype == "application/sparql-update":
        raise RefusedRequest(403, _READ_ONLY)
    if ctype == "application/x-www-form-urlencoded":
        form_pairs = urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
        url_query = dict(pairs).get("query")
        pairs += form_pairs
        form = dict(form_pairs)
        if "update" in form:
            raise RefusedRequest(403, _READ_ONLY)
        return form.get("query") or url_query
    if ctype == "application/sparql-query":
        query = body.decode("utf-8", "replace")
        pairs.append(("query", query))  # a query= in the URL as well is a second one
        return query
    raise RefusedRequest(415, "POST a query as application/sparql-query or as form field query= (application/x-www-form-urlencoded).")


async def parse_sparql_request(request: Any, limit: int) -> SparqlRequest | None:
    """The checked query of a GET/HEAD/POST to /sparql; None for a GET without a query
    (the caller answers the service description). RefusedRequest for anything refused.

    Every (name, value) of the URL and, for a form POST, of the body counts: a second
    query= is refused, and all format= values count (SPARQLWrapper repeats them)."""
    pairs = list(request.query_params.multi_items())
    if request.method in ("GET", "HEAD"):  # HEAD: the GET answer's headers, no body
        if len(request.url.query.encode()) > limit:
            raise RefusedRequest(414, f"Request URL longer than {limit} bytes, the server's limit (--max-request-bytes); POST the query instead.")
        if any(name == "update" for name, _ in pairs):
            raise RefusedRequest(403, _READ_ONLY)
        query = dict(pairs).get("query")
        if query is None:
            return None
    else:
        query = await _query_from_body(request, pairs, limit)
        if not query:
            raise RefusedRequest(400, "No query: send query= or an application/sparql-query body.")
    if sum(1 for name, _ in pairs if name == "query") > 1:
        raise RefusedRequest(400, "More than one query= parameter: send exactly one query.")
    dataset = protocol_dataset(pairs)
    fmt: list[str] = []
    for name in ("format", "output", "results"):  # the first one given decides
        fmt = [value for key, value in pairs if key == name and value.strip()]
        if fmt:
            break
    prefs = preferences(request.headers.get("accept"), fmt)
    check_query(query)
    return SparqlRequest(query, prefs, dataset)
