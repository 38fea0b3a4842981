"""`wuxing-kg serve`: a read-only SPARQL 1.1 endpoint, a query page and the graph pages.

Routes (see ``create_app``):

* ``/sparql`` — SPARQL 1.1 Protocol. GET ``?query=``, POST form ``query=`` or an
  ``application/sparql-query`` body. SELECT/ASK answer as SPARQL JSON, XML, CSV or TSV,
  CONSTRUCT/DESCRIBE as Turtle, N-Triples, N-Quads, JSON-LD or RDF/XML — chosen by
  ``format=`` (json|xml|csv|tsv|turtle|ntriples|nquads|jsonld|rdfxml, or media types;
  every repeated value counts, as SPARQLWrapper sends them) or the Accept header. GET
  without a query answers the SPARQL 1.1 Service Description (Turtle). HEAD answers like
  GET without a body; OPTIONS answers 204 with ``Allow``. CORS is open (``*``).
  A query without FROM / FROM NAMED sees the union of all named graphs as its default
  graph; FROM / FROM NAMED, or the ``default-graph-uri`` / ``named-graph-uri``
  parameters (which override them), set the dataset as SPARQL 1.1 says.
* ``/`` — an offline query page (own lean editor, assets served from ``server_assets/``),
  ``/queries.json`` the canned queries as examples, ``/labels`` labels for result cells.
* ``/view/`` — the static site of ``wuxing-kg view``: ``--site DIR``, else built in the
  background at start into a temporary directory, and rebuilt when the store changed.
* ``/id/...`` — dereferences ``https://w3id.org/wuxing-kg/id/...``: a browser is sent
  (303) to the entity's ``/view/`` page, or gets a generated page of its triples;
  ``Accept: text/turtle`` (N-Triples, JSON-LD) gets ``DESCRIBE <iri>`` (its CBD).

Safety (every limit is a CLI option, every refusal a plain-text error message):

* read-only: SPARQL Update (``update=``, ``application/sparql-update``, or an update
  sent as ``query=``) → 403; LOAD is an update → 403; ``SERVICE`` → 403, so the server
  never makes an outbound request (pyoxigraph *would* fetch a SERVICE IRI);
* ``--timeout`` (default 10 s) → 503. pyoxigraph cannot cancel a running query, so
  queries run in worker processes that open the store read-only; a worker that
  overruns is killed and replaced (a fresh one is ready in a few ms);
* ``--max-rows`` (default 10,000 result rows or triples) → 422 with a message. We
  refuse rather than truncate: a SPARQL client that ignores headers would take a
  truncated table for the whole answer;
* ``--max-request-bytes`` (default 1 MB) → 413 for a body, 414 for a GET URL (also past
  h11's buffer, see ``_h11_protocol``); a second ``query=`` → 400;
* every response carries a Content-Security-Policy (same origin, inline scripts/styles
  for the pages, no frames), ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY``;
  an odd path (a NUL byte, a name too long) is a 404, never a 500;
* IRIs written into the queries sent to the workers are validated (``queries.iri_ref``);
* binds 127.0.0.1 unless ``--host`` says otherwise.

Freshness: workers hold read-only snapshots and reopen them when the store's files
changed (a stat of the store directory per query, ~0.15 ms; an open costs ~45 ms, seconds
while a writer holds un-flushed commits), in the background so queries keep answering
from the previous snapshot: a bulletin ingested by another process (which holds the
write lock) is visible without a restart — at once once the ingest finished, within the
time of one open while it is still writing.

Modules, one job each: ``config`` (ServerConfig), ``guard`` (what a query may do),
``protocol`` (the Protocol's dataset parameters), ``negotiation`` (format= / Accept),
``serialise`` (bytes of an answer), ``snapshots`` (read-only handles, the monotonic-read floor),
``worker`` (one worker process), ``pool`` (the worker processes, lanes, deadlines),
``deref`` (entity IRIs and their pages), ``canned`` (examples for the query page),
``headers`` (security headers, OPTIONS), ``site`` (/view/), ``app`` (routes), ``run``
(uvicorn).
"""

from __future__ import annotations

from .app import create_app
from .canned import canned_queries, inline_defaults
from .config import (
    DEFAULT_HOST,
    DEFAULT_MAX_REQUEST_BYTES,
    DEFAULT_MAX_ROWS,
    DEFAULT_PORT,
    DEFAULT_TIMEOUT,
    DEFAULT_WORKERS,
    ServerConfig,
)
from .deref import iri_to_local_path, uri_path_to_iri_path
from .guard import RefusedRequest, check_query, iri_ok, uses_service
from .negotiation import choose_format, parse_accept, preferences
from .pool import QueryPool
from .run import serve
from .site import build_site_into, site_file

__all__ = [
    "DEFAULT_HOST", "DEFAULT_MAX_REQUEST_BYTES", "DEFAULT_MAX_ROWS", "DEFAULT_PORT", "DEFAULT_TIMEOUT",
    "DEFAULT_WORKERS", "QueryPool", "build_site_into", "RefusedRequest", "ServerConfig", "canned_queries", "check_query",
    "choose_format", "create_app", "inline_defaults", "iri_ok", "iri_to_local_path", "parse_accept",
    "preferences", "serve", "site_file", "uri_path_to_iri_path", "uses_service",
]
