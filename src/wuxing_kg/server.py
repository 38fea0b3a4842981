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
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import io
import json
import multiprocessing
import multiprocessing.connection
import os
import re
import tempfile
import threading
import time
import urllib.parse
from collections.abc import AsyncIterator, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from . import settings
from .errors import BadInputError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_ROWS = 10_000
DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024
DEFAULT_WORKERS = max(2, min(4, os.cpu_count() or 2))

ASSETS_DIR = Path(__file__).resolve().parent / "server_assets"


@dataclass(frozen=True)
class ServerConfig:
    store: Path
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    workers: int = DEFAULT_WORKERS
    site: Path | None = None  # a prebuilt `wuxing-kg view` directory; None = build on demand


# =========================================================================== query safety


class RefusedRequest(Exception):
    """A request answered with a 4xx/5xx status and a plain-text message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# SPARQL processes \uXXXX / \UXXXXXXXX escapes over the whole query text before parsing
# (SPARQL 1.1 §19.2), so `\u0053ERVICE` is the keyword SERVICE: undo them before looking.
_CODEPOINT_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")

# One token at a time, strings/comments/IRIs first so a keyword inside them is not seen.
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
      |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>[^\W\d][\w.-]*:[\w.:%\\-]*|:[\w.:%\\-]*)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>\S)
  | (?P<space>\s+)
    """,
    re.VERBOSE | re.DOTALL,
)

_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}


def _unescape_codepoints(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF else m.group(0)

    return _CODEPOINT_ESCAPE.sub(repl, text)


def _keywords(query: str) -> list[str]:
    """Upper-cased bare words of the query, outside strings, comments, IRIs and names."""
    words = []
    for m in _TOKEN.finditer(query):
        if m.lastgroup == "word":
            words.append(m.group().upper())
    return words


def _uses_service_per_parser(query: str) -> bool | None:
    """True/False from rdflib's SPARQL parse tree; None when rdflib cannot parse it."""
    try:
        from rdflib.plugins.sparql.parser import parseQuery
        from rdflib.plugins.sparql.parserutils import CompValue
    except ImportError:  # pragma: no cover - rdflib is a dependency
        return None
    try:
        tree = parseQuery(query)
    except Exception:
        return None

    def walk(node: Any) -> bool:
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                return True
            return any(walk(v) for v in node.values())
        if isinstance(node, (list, tuple)):
            return any(walk(v) for v in node)
        if isinstance(node, dict):
            return any(walk(v) for v in node.values())
        return False

    return walk(tree)


def uses_service(query: str) -> bool:
    """Whether the query has a SERVICE clause (an outbound request when evaluated).

    The tokenizer below finds a bare SERVICE keyword; when the word occurs anywhere else
    (a string, an escape, an odd spacing), rdflib's parser decides; a query that mentions
    service and that rdflib cannot parse counts as using it (safe side)."""
    text = _unescape_codepoints(query)
    if "SERVICE" in _keywords(text):
        return True
    if re.search(r"service", text, re.IGNORECASE):
        verdict = _uses_service_per_parser(text)
        return verdict is None or verdict
    return False


def check_query(query: str) -> None:
    """Refuse (RefusedRequest 403) anything but a plain read query: Update, LOAD, SERVICE.

    Two layers: a tokenizer that skips strings, comments and IRIs finds the keywords;
    when the word "service" occurs anywhere at all, rdflib's SPARQL parser decides, so
    a SERVICE hidden from the tokenizer is still caught and `"customer service"` in a
    string is still allowed. A query that mentions service and that rdflib cannot
    parse is refused (safe side).
    """
    text = _unescape_codepoints(query)
    words = _keywords(text)
    form = next((w for w in words if w in _QUERY_FORMS or w in _UPDATE_KEYWORDS), None)
    if form in _UPDATE_KEYWORDS:
        raise RefusedRequest(403, f"This endpoint is read-only: SPARQL Update ({form}) is refused.")
    if uses_service(query):
        raise RefusedRequest(403, "Federated queries (SERVICE) are refused: this endpoint makes no outbound requests.")


# =========================================================================== content negotiation

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
_RESULT_BY_MEDIA = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_BY_MEDIA = {
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
        elif media in _RESULT_BY_MEDIA or media in _GRAPH_BY_MEDIA or media in _WILDCARDS:
            found.append(media)
    if not found:
        shown = ",".join(values)
        raise RefusedRequest(400, f"Unknown format {shown!r}; use one of json, xml, csv, tsv, turtle, ntriples, nquads, jsonld, rdfxml, or a media type.")
    return list(dict.fromkeys(found))


def choose_format(prefs: Sequence[str], *, graph: bool) -> str | None:
    """The serialisation key for a graph (CONSTRUCT/DESCRIBE) or results (SELECT/ASK)."""
    table = _GRAPH_BY_MEDIA if graph else _RESULT_BY_MEDIA
    default = "turtle" if graph else "json"
    for media in prefs:
        if media in table:
            return table[media]
        if media in _WILDCARDS:
            if media == "*/*" or (GRAPH_MEDIA if graph else RESULT_MEDIA)[default].startswith(media[:-1]):
                return default
    return None


# =========================================================================== serialisers (worker side)


def _term_json(term: Any) -> dict[str, Any]:
    from .queries import term_to_json

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


def serialize_boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
            f"<head/>\n<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n"
        ).encode()
    # CSV/TSV define no boolean form; answer the bare word like Jena and Oxigraph do.
    return b"true\n" if value else b"false\n"


def _turtle_prefixes() -> dict[str, str]:
    from .store import PREFIXES

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
        return ox.serialize(triples, format=rdf_format, prefixes=prefixes)  # type: ignore[no-any-return]
    return ox.serialize(triples, format=rdf_format)  # type: ignore[no-any-return]


# =========================================================================== worker processes


def _store_signature(path: Path) -> tuple[tuple[str, int, int], ...]:
    """What changes when a writer commits: name, size and mtime of the store's data files.

    RocksDB appends each commit to its write-ahead log (*.log) and adds *.sst / MANIFEST
    files on flushes; the info logs (LOG, LOG.old.*) are skipped because opening a
    reader may write to them.
    """
    entries = []
    try:
        with os.scandir(path) as it:
            for entry in it:
                if entry.name.startswith("LOG"):
                    continue
                try:
                    st = entry.stat()
                except FileNotFoundError:  # removed by a compaction while we looked
                    continue
                entries.append((entry.name, st.st_size, st.st_mtime_ns))
    except FileNotFoundError:
        return ()
    return tuple(sorted(entries))


# The Protocol's dataset: (default-graph-uri values, named-graph-uri values); None when
# the request gave neither, so the query's FROM / FROM NAMED (or the union) decides.
Dataset = tuple[list[str], list[str]]


class _ReadHandle:
    """A read-only snapshot of the store; the one place the server opens it."""

    def __init__(self, path: Path) -> None:
        try:
            from .store import Store
        except ImportError:  # store.py not there yet: same semantics straight on pyoxigraph
            import pyoxigraph

            self._store: Any = pyoxigraph.Store.read_only(str(path))
            self._union = True
        else:
            self._store = Store(path, read_only=True)
            self._union = False

    def query(self, sparql: str, dataset: Dataset | None = None) -> Any:
        """`dataset`: the Protocol's (default-graph-uri, named-graph-uri) lists, if given."""
        if self._union:
            if dataset is None:
                return self._store.query(sparql, use_default_graph_as_union=True)
            import pyoxigraph

            return self._store.query(
                sparql,
                default_graph=[pyoxigraph.NamedNode(g) for g in dataset[0]],
                named_graphs=[pyoxigraph.NamedNode(g) for g in dataset[1]],
            )
        if dataset is None:
            return self._store.query(sparql)
        return self._store.query(sparql, default_graphs=dataset[0], named_graphs=dataset[1])

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._store.close()


class _SnapshotReader:
    """Keeps a read-only handle; when the store's files changed, opens a fresh one.

    The first open is synchronous. Later ones run in a background thread while queries
    keep using the previous snapshot, then the fresh handle is swapped in: measured,
    opening read-only while a writer holds un-flushed commits replays its write-ahead
    log (2.2 s for 20 k small commits, against ~45 ms for a flushed store), and
    pyoxigraph releases the GIL meanwhile, so queries are not held up by it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.signature: tuple[tuple[str, int, int], ...] | None = None
        self.handle: _ReadHandle | None = None
        self.reopens = 0
        self._opening: threading.Thread | None = None
        self._fresh: tuple[_ReadHandle, tuple[tuple[str, int, int], ...]] | None = None
        self._lock = threading.Lock()

    def get(self) -> _ReadHandle:
        signature = _store_signature(self.path)
        if self.handle is None:
            self.handle, self.signature = self._open(), signature
            self.reopens += 1
            return self.handle
        self._swap_in_fresh()
        if signature != self.signature and (self._opening is None or not self._opening.is_alive()):
            self._opening = threading.Thread(target=self._open_in_background, args=(signature,), daemon=True)
            self._opening.start()
            # The query that notices a change waits a little: after an ingest has finished
            # the open takes milliseconds and this query already sees the new bulletin.
            # Later queries never wait; they use the old snapshot until the swap.
            self._opening.join(self.GRACE)
            self._swap_in_fresh()
        return self.handle

    GRACE = 0.5  # seconds

    def _swap_in_fresh(self) -> None:
        with self._lock:
            fresh, self._fresh = self._fresh, None
        if fresh is not None:
            if self.handle is not None:
                self.handle.close()
            self.handle, self.signature = fresh
            self.reopens += 1

    def _open_in_background(self, signature: tuple[tuple[str, int, int], ...]) -> None:
        try:
            fresh = self._open()
        except Exception:  # noqa: BLE001 - keep the old snapshot; the next query retries
            return
        with self._lock:
            if self._fresh is not None:
                self._fresh[0].close()
            self._fresh = (fresh, signature)

    def _open(self) -> _ReadHandle:
        last_error: Exception | None = None
        for attempt in range(3):  # files may move under a concurrent writer: retry briefly
            try:
                return _ReadHandle(self.path)
            except Exception as exc:  # noqa: BLE001 - any open failure is retried, then reported
                last_error = exc
                time.sleep(0.05 * (attempt + 1))
        raise OSError(f"cannot open the store read-only: {last_error}")


@dataclass
class WorkerAnswer:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def _text_answer(status: int, message: str) -> WorkerAnswer:
    return WorkerAnswer(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


def execute_query(
    handle: Any, query: str, prefs: Sequence[str], max_rows: int, dataset: Dataset | None = None
) -> WorkerAnswer:
    """Run one read query on a read handle and serialise it; never raises for user errors."""
    import pyoxigraph as ox

    from .errors import QueryError

    try:
        result = handle.query(query, dataset) if dataset is not None else handle.query(query)
    except (SyntaxError, QueryError) as exc:
        return _text_answer(400, f"Query does not parse: {exc}")
    except Exception as exc:  # noqa: BLE001 - an evaluation error is the client's answer
        return _text_answer(500, f"Query failed: {exc}")
    too_many = (
        f"The result has more than {max_rows} rows, the server's limit (--max-rows): "
        "add a LIMIT to the query, or ask the operator to raise the limit."
    )
    try:
        if isinstance(result, ox.QueryBoolean) or isinstance(result, bool):
            fmt = choose_format(prefs, graph=False)
            if fmt is None:
                return _not_acceptable(graph=False)
            return WorkerAnswer(200, _content_type(RESULT_MEDIA[fmt]), serialize_boolean(bool(result), fmt))
        if isinstance(result, ox.QuerySolutions):
            fmt = choose_format(prefs, graph=False)
            if fmt is None:
                return _not_acceptable(graph=False)
            variables = [v.value for v in result.variables]
            rows = []
            for solution in result:
                if len(rows) >= max_rows:
                    return _text_answer(422, too_many)
                rows.append([solution[v] for v in variables])
            body = serialize_results(variables, rows, fmt)
            return WorkerAnswer(200, _content_type(RESULT_MEDIA[fmt]), body, {"X-Result-Rows": str(len(rows))})
        fmt = choose_format(prefs, graph=True)
        if fmt is None:
            return _not_acceptable(graph=True)
        triples = []
        for triple in result:
            if len(triples) >= max_rows:
                return _text_answer(422, too_many.replace("rows", "triples", 1))
            triples.append(triple)
        body = serialize_triples(triples, fmt)
        return WorkerAnswer(200, _content_type(GRAPH_MEDIA[fmt]), body, {"X-Result-Rows": str(len(triples))})
    except Exception as exc:  # noqa: BLE001 - errors raised lazily while iterating
        return _text_answer(500, f"Query failed: {exc}")


def _content_type(media: str) -> str:
    return media if media.endswith("json") else f"{media}; charset=utf-8"


def _not_acceptable(*, graph: bool) -> WorkerAnswer:
    offered = GRAPH_MEDIA if graph else RESULT_MEDIA
    what = "CONSTRUCT/DESCRIBE" if graph else "SELECT/ASK"
    return _text_answer(406, f"No acceptable format for a {what} result; offered: {', '.join(offered.values())}.")


def _worker_main(conn: multiprocessing.connection.Connection, store_path: str) -> None:
    """Worker process loop: one request in, one WorkerAnswer out; the store is read-only."""
    reader = _SnapshotReader(Path(store_path))
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        try:
            handle = reader.get()
            answer = execute_query(
                handle, request["query"], request["prefs"], request["max_rows"], request.get("dataset")
            )
        except Exception as exc:  # noqa: BLE001 - report, keep serving
            answer = _text_answer(500, f"Store unavailable: {exc}")
        try:
            conn.send(answer)
        except (BrokenPipeError, OSError):
            return


def _mp_context() -> multiprocessing.context.BaseContext:
    # forkserver: forking the (threaded) server process is unsafe, spawning costs an
    # interpreter start per replacement; a preloaded fork server gives a worker in ms.
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["pyoxigraph", "wuxing_kg.server"])
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover - not on Linux


class _Worker:
    def __init__(self, ctx: multiprocessing.context.BaseContext, store_path: Path) -> None:
        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, str(store_path)), daemon=True)  # type: ignore[attr-defined]
        self.process.start()
        child.close()
        self.conn = parent

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(1)
        with contextlib.suppress(Exception):
            self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)
            self.process.join(0.5)
        self.kill()


async def _await_reply(conn: multiprocessing.connection.Connection, timeout: float) -> WorkerAnswer | None:
    """The worker's answer, or None at the deadline. Waits on the pipe in the event loop
    (add_reader): measured 3 ms per query through a thread hand-off, far less this way."""
    loop = asyncio.get_running_loop()
    readable = loop.create_future()
    fd = conn.fileno()
    loop.add_reader(fd, lambda: readable.done() or readable.set_result(None))
    try:
        await asyncio.wait_for(readable, timeout=max(timeout, 0.0))
    except (TimeoutError, asyncio.TimeoutError):
        return None
    finally:
        loop.remove_reader(fd)
    # The worker writes its whole answer at once; reading it blocks only for the copy.
    return conn.recv()  # type: ignore[no-any-return]


class QueryPool:
    """Worker processes that answer queries; the one that overruns the deadline is killed."""

    def __init__(self, store_path: Path, *, size: int, timeout: float, max_rows: int) -> None:
        self.store_path = store_path
        self.size = max(1, size)
        self.timeout = timeout
        self.max_rows = max_rows
        self._ctx = _mp_context()
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self.killed = 0

    def _spawn(self) -> _Worker:
        worker = _Worker(self._ctx, self.store_path)
        self._all.add(worker)
        return worker

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        for _ in range(self.size):
            self._idle.put_nowait(self._spawn())

    async def close(self) -> None:
        for worker in list(self._all):
            worker.stop()
        self._all.clear()

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._all.discard(worker)
        assert self._idle is not None
        self._idle.put_nowait(self._spawn())

    async def run(
        self, query: str, prefs: Sequence[str], *, timeout: float | None = None, dataset: Dataset | None = None
    ) -> WorkerAnswer:
        assert self._idle is not None, "QueryPool.start() was not called"
        limit = self.timeout if timeout is None else timeout
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        timed_out = _text_answer(
            503, f"The query did not finish within {limit:g} s, the server's limit (--timeout); it was stopped."
        )
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout=limit)
        except (TimeoutError, asyncio.TimeoutError):
            return timed_out
        returned = False
        try:
            worker.conn.send({"query": query, "prefs": list(prefs), "max_rows": self.max_rows, "dataset": dataset})
            answer = await _await_reply(worker.conn, deadline - loop.time())
            if answer is None:
                self.killed += 1
                self._replace(worker)
                returned = True
                return timed_out
            self._idle.put_nowait(worker)
            returned = True
            return answer
        except (EOFError, OSError) as exc:
            self._replace(worker)
            returned = True
            return _text_answer(500, f"The query worker died: {exc or type(exc).__name__}")
        finally:
            if not returned:  # cancelled mid-query: the worker's state is unknown
                self._replace(worker)


# =========================================================================== IRIs and pages


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


def protocol_dataset(pairs: Sequence[tuple[str, str]]) -> Dataset | None:
    """The dataset that default-graph-uri / named-graph-uri set (SPARQL 1.1 Protocol §2.1.4).

    Each may be given any number of times; when any is given it replaces the query's
    FROM / FROM NAMED. Empty values are ignored (some clients send the field blank).
    A value that is not an absolute IRI is the client's error: 400.
    """
    default = [v.strip() for k, v in pairs if k == "default-graph-uri" and v.strip()]
    named = [v.strip() for k, v in pairs if k == "named-graph-uri" and v.strip()]
    for iri in default + named:
        if not _iri_ok(iri):
            raise RefusedRequest(400, f"default-graph-uri / named-graph-uri must be absolute IRIs: {iri!r} is not.")
    if not default and not named:
        return None
    return default, named


def _iri_ok(iri: str) -> bool:
    """An absolute IRI that may be written as `<iri>` in SPARQL/Turtle (queries.iri_ref)."""
    from .errors import QueryError
    from .queries import iri_ref

    try:
        iri_ref(iri)
    except QueryError:
        return False
    return True


def labels_query(iris: Iterable[str]) -> str:
    """Labels of `iris`; queries go to the workers as text, so each IRI is validated
    (queries.iri_ref) before it is written into the VALUES list."""
    from .queries import iri_ref

    values = " ".join(iri_ref(iri) for iri in iris)
    return (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
        f"SELECT ?s (SAMPLE(?l) AS ?label) WHERE {{ VALUES ?s {{ {values} }}\n"
        "  { ?s rdfs:label ?l } UNION { ?s skos:prefLabel ?l } UNION { ?s dcterms:title ?l } }\n"
        "GROUP BY ?s"
    )


def _describe_page(iri: str, outgoing: list[dict[str, Any]], incoming: list[dict[str, Any]]) -> str:
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


# =========================================================================== canned queries


def _sparql_value(value: str) -> str:
    """A parameter value as SPARQL: `<https://…>` stays an IRI, anything else a plain literal."""
    if value.startswith("<") and value.endswith(">") and _iri_ok(value[1:-1]):
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid SPARQL string


def inline_defaults(query: str, defaults: dict[str, str]) -> str:
    """The query with its parameters bound to their defaults, editable as plain SPARQL.

    The canned-query runner binds parameters by substitution; a SPARQL client has no such
    thing, so a `VALUES` block opens the outermost group (filters of that group then see
    the value, exactly like a pre-bound variable).
    """
    if not defaults:
        return query
    names = " ".join(f"?{name}" for name in defaults)
    values = " ".join(_sparql_value(v) for v in defaults.values())
    block = f"\n  VALUES ({names}) {{ ({values}) }}  # parameters (defaults)\n"
    seen_form = False
    for m in _TOKEN.finditer(query):
        if m.lastgroup == "word" and m.group().upper() in _QUERY_FORMS:
            seen_form = True
        elif seen_form and m.lastgroup == "other" and m.group() == "{":
            return query[: m.end()] + block + query[m.end():]
    return query


def canned_queries() -> list[dict[str, Any]]:
    """The canned queries as examples for the query page, parameters set to their defaults."""
    try:
        from . import queries

        catalogue = queries.list_queries()
    except Exception:  # noqa: BLE001 - the endpoint works without examples
        return []
    out: list[dict[str, Any]] = []
    for item in catalogue:
        defaults = dict(getattr(item, "defaults", {}) or {})
        out.append({
            "name": item.name,
            "title": getattr(item, "title", item.name),
            "description": getattr(item, "description", ""),
            "params": [{"name": p.name, "default": p.default, "description": p.description}
                       for p in getattr(item, "params", ())],
            "query": inline_defaults(item.text, defaults),
        })
    return out


# =========================================================================== the ASGI app


def create_app(config: ServerConfig) -> Any:
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.middleware.cors import CORSMiddleware
    from starlette.requests import Request
    from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
    from starlette.routing import Route

    from .queries import iri_ref

    pool = QueryPool(config.store, size=config.workers, timeout=config.timeout, max_rows=config.max_rows)
    site = _SiteHolder(config)

    @contextlib.asynccontextmanager
    async def lifespan(app: Any) -> AsyncIterator[None]:
        await pool.start()
        site.start()
        app.state.pool = pool
        try:
            yield
        finally:
            await pool.close()
            site.close()

    def refused(exc: RefusedRequest) -> Response:
        return PlainTextResponse(exc.message + "\n", status_code=exc.status)

    def to_response(answer: WorkerAnswer) -> Response:
        return Response(answer.body, status_code=answer.status, media_type=answer.content_type, headers=answer.headers)

    async def read_body(request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > config.max_request_bytes:
            raise RefusedRequest(413, f"Request body larger than {config.max_request_bytes} bytes, the server's limit (--max-request-bytes).")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > config.max_request_bytes:
                raise RefusedRequest(413, f"Request body larger than {config.max_request_bytes} bytes, the server's limit (--max-request-bytes).")
            chunks.append(chunk)
        return b"".join(chunks)

    async def sparql(request: Request) -> Response:
        try:
            # every (name, value) of the URL and, for a form POST, of the body: a name given
            # twice is refused for query=, and all format= values count (SPARQLWrapper)
            pairs = list(request.query_params.multi_items())
            params = dict(pairs)
            if request.method in ("GET", "HEAD"):  # HEAD: the GET answer's headers, no body
                if len(request.url.query.encode()) > config.max_request_bytes:
                    raise RefusedRequest(414, f"Request URL longer than {config.max_request_bytes} bytes, the server's limit (--max-request-bytes); POST the query instead.")
                if "update" in params:
                    raise RefusedRequest(403, "This endpoint is read-only: SPARQL Update is refused.")
                query = params.get("query")
                if query is None:
                    endpoint = str(request.url.replace(query="", fragment=""))
                    if not _iri_ok(endpoint):  # the Host header is the client's text
                        endpoint = f"http://{config.host}:{config.port}/sparql"
                    return Response(service_description(endpoint), media_type="text/turtle; charset=utf-8")
            else:
                body = await read_body(request)
                ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
                if ctype == "application/sparql-update":
                    raise RefusedRequest(403, "This endpoint is read-only: SPARQL Update is refused.")
                if ctype == "application/x-www-form-urlencoded":
                    form_pairs = urllib.parse.parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
                    pairs += form_pairs
                    form = dict(form_pairs)
                    if "update" in form:
                        raise RefusedRequest(403, "This endpoint is read-only: SPARQL Update is refused.")
                    params.update(form)
                    query = form.get("query") or params.get("query")
                elif ctype == "application/sparql-query":
                    query = body.decode("utf-8", "replace")
                    pairs.append(("query", query))  # a query= in the URL as well is a second one
                else:
                    raise RefusedRequest(415, "POST a query as application/sparql-query or as form field query= (application/x-www-form-urlencoded).")
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
        except RefusedRequest as exc:
            return refused(exc)
        return to_response(await pool.run(query, prefs, dataset=dataset))

    async def index(request: Request) -> Response:
        return FileResponse(ASSETS_DIR / "index.html", media_type="text/html; charset=utf-8")

    async def ui_config(request: Request) -> Response:
        return JSONResponse({"idBase": settings.ID_IRI, "queries": canned_queries(),
                             "maxRows": config.max_rows, "timeout": config.timeout})

    async def labels(request: Request) -> Response:
        try:
            body = await read_body(request)
            iris = [i for i in json.loads(body or b"[]") if isinstance(i, str) and _iri_ok(i)][:1000]
        except RefusedRequest as exc:
            return refused(exc)
        except ValueError:
            return PlainTextResponse("POST a JSON array of IRIs.\n", status_code=400)
        if not iris:
            return JSONResponse({})
        answer = await pool.run(labels_query(iris), ["application/sparql-results+json"])
        if answer.status != 200:
            return to_response(answer)
        bindings = json.loads(answer.body)["results"]["bindings"]
        found = {b["s"]["value"]: b["label"]["value"] for b in bindings if "label" in b}
        return JSONResponse({iri: {"label": found.get(iri), "href": iri_to_local_path(iri)} for iri in iris})

    async def entity(request: Request) -> Response:
        raw = request.scope.get("raw_path", request.url.path.encode()).decode("ascii", "replace")
        rest = raw.split("?", 1)[0][len("/id/"):]
        iri = settings.ID_IRI + uri_path_to_iri_path(rest)
        if not _iri_ok(iri):
            return PlainTextResponse("Not an entity IRI.\n", status_code=404)
        prefs = parse_accept(request.headers.get("accept"))
        fmt = request.query_params.get("format")
        wants_html = fmt is None and _prefers_html(prefs)
        if not wants_html:
            try:
                rdf_prefs = preferences(request.headers.get("accept"), fmt)
            except RefusedRequest as exc:
                return refused(exc)
            answer = await pool.run(f"DESCRIBE {iri_ref(iri)}", rdf_prefs)
            if answer.status == 200 and answer.headers.get("X-Result-Rows") == "0":
                return PlainTextResponse(f"No triples about {iri}.\n", status_code=404)
            response = to_response(answer)
            response.headers["Vary"] = "Accept"
            return response
        page = await site.page_url(iri)
        if page:
            return RedirectResponse(page, status_code=303, headers={"Vary": "Accept"})
        return await generated_page(iri)

    async def generated_page(iri: str) -> Response:
        out_q = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                 f"SELECT DISTINCT ?p ?o ?ol WHERE {{ {iri_ref(iri)} ?p ?o OPTIONAL {{ ?o rdfs:label ?ol }} }} LIMIT 2000")
        in_q = ("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
                f"SELECT DISTINCT ?s ?p ?sl WHERE {{ ?s ?p {iri_ref(iri)} OPTIONAL {{ ?s rdfs:label ?sl }} }} LIMIT 500")
        json_only = ["application/sparql-results+json"]
        out_a, in_a = await pool.run(out_q, json_only), await pool.run(in_q, json_only)
        for answer in (out_a, in_a):
            if answer.status != 200:
                return to_response(answer)
        outgoing = json.loads(out_a.body)["results"]["bindings"]
        incoming = json.loads(in_a.body)["results"]["bindings"]
        if not outgoing and not incoming:
            return HTMLResponse(f"<!doctype html><meta charset=utf-8><p>No triples about {html.escape(iri)}.</p>", status_code=404)
        return HTMLResponse(_describe_page(iri, outgoing, incoming), headers={"Vary": "Accept"})

    async def view(request: Request) -> Response:
        return await site.serve(request)

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        path = None if "/" in name or name.startswith(".") else _site_file(ASSETS_DIR, name)
        if path is None:
            return PlainTextResponse("Not found\n", status_code=404)
        return FileResponse(path)

    routes = [
        Route("/", index),
        Route("/sparql", sparql, methods=["GET", "POST"]),
        Route("/queries.json", ui_config),
        Route("/labels", labels, methods=["POST"]),
        Route("/assets/{name}", asset),
        Route("/id/{rest:path}", entity),
        Route("/view", lambda request: RedirectResponse("/view/", status_code=307)),
        Route("/view/{path:path}", view),
    ]
    middleware = [
        # outermost: the headers go on every answer, CORS preflights included
        Middleware(SecurityHeaders),
        Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                   allow_headers=["*"], expose_headers=["X-Result-Rows"], max_age=86400),
        # inside CORS: a preflight (Origin + Access-Control-Request-Method) never gets here
        Middleware(AnswerOptions),
    ]
    return Starlette(routes=routes, middleware=middleware, lifespan=lifespan)


# The query page and the graph pages run inline scripts and styles (vis-network and the
# page data are inlined so a page works from file:// too) and nothing from elsewhere;
# vis-network draws on a canvas and needs no eval. Frames are refused (clickjacking).
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
     b"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
     b"form-action 'self'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
)


class SecurityHeaders:
    """ASGI middleware: SECURITY_HEADERS on every HTTP response (unless the app set one)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


def allowed_methods(path: str) -> str:
    """The Allow header of a path (RFC 9110 §10.2.1): what its route answers."""
    if path == "/sparql" or path == "*":
        return "GET, HEAD, POST, OPTIONS"
    if path == "/labels":
        return "POST, OPTIONS"
    return "GET, HEAD, OPTIONS"


class AnswerOptions:
    """ASGI middleware: a plain OPTIONS (no CORS preflight) answers 204 with Allow (RFC
    9110 §9.3.7) instead of the router's 405; `OPTIONS *` asks about the server."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "OPTIONS":
            await self.app(scope, receive, send)
            return
        allow = allowed_methods(scope.get("path", "")).encode()
        await send({"type": "http.response.start", "status": 204,
                    "headers": [(b"allow", allow), (b"content-length", b"0")]})
        await send({"type": "http.response.body", "body": b""})


def _prefers_html(prefs: Sequence[str]) -> bool:
    """A browser (text/html ranked before any RDF type) gets a page, other clients RDF."""
    for media in prefs:
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media in _GRAPH_BY_MEDIA or media == "*/*":
            return False
    return False


# =========================================================================== /view/: the static site


class _SiteHolder:
    """Serves `--site DIR`, or builds the site with `views.build_site` in the background.

    Without `--site`, a build starts when the server starts and again when the store's
    files changed (checked at most every 5 s, one build at a time). Each build goes to
    a fresh directory and is switched in whole, so a request never sees a half-written
    site; the previous build is kept until the next switch (pages still being loaded).
    /view/ waits for the first build; /id/ never waits (it answers a generated page).
    """

    CHECK_EVERY = 5.0

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.fixed = config.site
        self._root: Path | None = None  # cache directory of this server process
        self._current: Path | None = None
        self._previous: Path | None = None
        self._built_signature: tuple[tuple[str, int, int], ...] | None = None
        self._checked_at = float("-inf")
        self._lock = threading.Lock()
        self._building: threading.Thread | None = None
        self._builds = 0
        self.error: str | None = None

    def start(self) -> None:
        if self.fixed is None:
            self._root = Path(tempfile.mkdtemp(prefix="wuxing-kg-site-"))
            self.current()

    def close(self) -> None:
        if self._building is not None:
            self._building.join(timeout=0.1)
        if self._root is not None:
            import shutil

            shutil.rmtree(self._root, ignore_errors=True)

    def current(self) -> Path | None:
        """The newest complete build (never blocks); starts a rebuild when the store changed."""
        if self.fixed is not None:
            return self.fixed
        with self._lock:
            now = time.monotonic()
            if now - self._checked_at >= self.CHECK_EVERY and self._building is None and self._root is not None:
                self._checked_at = now
                signature = _store_signature(self.config.store)
                if signature != self._built_signature:
                    self._building = threading.Thread(target=self._build, args=(signature,), daemon=True)
                    self._building.start()
            return self._current

    def _build(self, signature: tuple[tuple[str, int, int], ...]) -> None:
        assert self._root is not None
        self._builds += 1
        target = self._root / f"build-{self._builds}"
        try:
            # In a child process: the projection and layout are pure-Python CPU work that
            # would hold the GIL against the event loop if run in a thread here.
            child = _mp_context().Process(target=_build_site_child, args=(str(self.config.store), str(target)), daemon=True)  # type: ignore[attr-defined]
            child.start()
            child.join()
            if child.exitcode != 0:
                raise RuntimeError(f"site build exited with code {child.exitcode}")
        except Exception as exc:  # noqa: BLE001 - the endpoint keeps working without pages
            self.error = f"{type(exc).__name__}: {exc}"
            import shutil

            shutil.rmtree(target, ignore_errors=True)
            with self._lock:
                self._built_signature = signature  # do not retry until the store changes
                self._building = None
            return
        with self._lock:
            stale, self._previous, self._current = self._previous, self._current, target
            self._built_signature = signature
            self._building = None
            self.error = None
        if stale is not None:
            import shutil

            shutil.rmtree(stale, ignore_errors=True)

    async def directory(self, *, wait: float = 0.0) -> Path | None:
        """The site directory; with `wait`, waits that long for a first build in progress."""
        directory = self.current()
        deadline = time.monotonic() + wait
        while directory is None and self._building is not None and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
            directory = self.current()
        return directory

    async def page_url(self, iri: str) -> str | None:
        directory = await self.directory()
        if directory is None:
            return None
        try:
            from .views import page_path
        except ImportError:
            return None
        relative = page_path(iri)
        if not (directory / relative).is_file():
            return None
        return "/view/" + urllib.parse.quote(relative)

    async def serve(self, request: Any) -> Any:
        from starlette.responses import FileResponse, PlainTextResponse

        directory = await self.directory(wait=120.0)
        if directory is None:
            why = f" ({self.error})" if self.error else ""
            return PlainTextResponse(
                f"No graph pages available{why}. Build them with `wuxing-kg view -o DIR` and start the server with --site DIR.\n",
                status_code=404,
            )
        relative = request.path_params.get("path", "") or "index.html"
        target = _site_file(directory, relative)
        if target is None:
            return PlainTextResponse("Not found\n", status_code=404)
        return FileResponse(target)


def _site_file(directory: Path, relative: str) -> Path | None:
    """The file `relative` names inside the site, or None: outside it, missing, or a name
    the file system cannot hold (a NUL byte, a component too long), which would otherwise
    raise from the path calls and answer 500."""
    if any(ord(ch) < 0x20 for ch in relative):
        return None
    try:
        root = directory.resolve()
        target = (root / relative).resolve()
        if target.is_dir():
            target = target / "index.html"
        if root != target and root not in target.parents:
            return None
        return target if target.is_file() else None
    except (OSError, ValueError):
        return None


def _build_site_child(store_path: str, out: str) -> None:
    import sys

    try:
        build_site_into(Path(store_path), Path(out))
    except Exception as exc:  # noqa: BLE001 - reported through the exit code and stderr
        print(f"wuxing-kg serve: building the graph pages failed: {type(exc).__name__}: {exc}", file=sys.stderr)
        sys.exit(1)


def build_site_into(store_path: Path, out: Path) -> Path:
    """Build the `wuxing-kg view` site of the store (opened read-only) into `out`."""
    from . import network, views
    from .store import Store

    with Store(store_path, read_only=True) as store:
        graph = network.project(store)
    views.build_site(graph, out)
    return out


# =========================================================================== entry point


def serve(config: ServerConfig, *, announce: Any = print) -> None:
    """Run the server until interrupted. BadInputError (exit 2) if there is no store."""
    import uvicorn

    if not config.store.is_dir():
        raise BadInputError(str(config.store), "no store here; create one with `wuxing-kg ingest FILES` first")
    if config.site is not None and not config.site.is_dir():
        raise BadInputError(str(config.site), "no such site directory (build one with `wuxing-kg view -o DIR`)")
    app = create_app(config)
    announce(
        f"wuxing-kg: SPARQL endpoint http://{config.host}:{config.port}/sparql, query page http://{config.host}:{config.port}/ "
        f"(store {config.store}, timeout {config.timeout:g} s, max rows {config.max_rows}, {config.workers} workers)"
    )
    uvicorn.run(app, host=config.host, port=config.port, log_level="warning", access_log=False,
                http=_h11_protocol(config.max_request_bytes),
                h11_max_incomplete_event_size=_head_limit(config.max_request_bytes))


# Room for the headers of a request whose URL is at the limit: the app answers 414 with its
# own message up to there; only a request head beyond this reaches h11's limit.
_HEADER_ROOM = 64 * 1024


def _head_limit(max_request_bytes: int) -> int:
    return max_request_bytes + _HEADER_ROOM


def _h11_protocol(max_request_bytes: int) -> type:
    """uvicorn's h11 protocol, answering a request head over h11's buffer limit with 414
    (request line too long) or 431 (headers too large) instead of a bare 400.

    h11 refuses a head bigger than its buffer before the app sees it; uvicorn then sends
    400 and closes at once, and the client, still sending its URL, gets a reset and never
    reads the answer. Here the answer is sent, our side is shut for writing, and what the
    client still sends is read and dropped for a moment, so it reads the status.
    """
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    limit = _head_limit(max_request_bytes)

    class LimitAwareH11Protocol(H11Protocol):  # type: ignore[misc]
        _draining = False

        def data_received(self, data: bytes) -> None:
            if self._draining:
                return  # the answer is out; drop the rest of the oversized request
            super().data_received(data)

        def send_400_response(self, msg: str) -> None:
            buffered = self.conn.trailing_data[0]
            if len(buffered) <= limit:
                super().send_400_response(msg)
                return
            line_end = buffered.find(b"\r\n")
            if line_end == -1 or line_end > max_request_bytes:
                status, text = 414, (f"Request URL longer than {max_request_bytes} bytes, the server's limit "
                                     "(--max-request-bytes); POST the query instead.\n")
            else:
                status, text = 431, "Request headers too large.\n"
            body = text.encode()
            headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                       (b"connection", b"close"), *SECURITY_HEADERS]
            try:
                self.transport.write(self.conn.send(h11.Response(status_code=status, headers=headers)))
                self.transport.write(self.conn.send(h11.Data(data=body)))
                self.transport.write(self.conn.send(h11.EndOfMessage()))
            except h11.LocalProtocolError:  # h11 will not frame it: plain bytes, same answer
                self.transport.write(b"HTTP/1.1 %d %s\r\n" % (status, b"URI Too Long" if status == 414 else b"Request Header Fields Too Large")
                                     + b"".join(n + b": " + v + b"\r\n" for n, v in headers) + b"\r\n" + body)
            self._draining = True
            if self.transport.can_write_eof():
                self.transport.write_eof()
            self.loop.call_later(2.0, self.transport.close)

    return LimitAwareH11Protocol
