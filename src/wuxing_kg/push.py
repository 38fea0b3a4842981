"""`wuxing-kg push --endpoint URL`: publish the store's named graphs to a SPARQL 1.1 server.

Protocol: the SPARQL 1.1 Graph Store HTTP Protocol, indirect graph identification —
``PUT URL?graph=<graph IRI>`` with the graph as the body replaces that graph on the
server, so sending a graph twice leaves the server as it was (idempotent), and
``DELETE URL?graph=…`` removes a graph. URL is the server's Graph Store endpoint: the
oxigraph server's ``http://host:7878/store``, Virtuoso's ``…/sparql-graph-crud-auth``.
Every named graph is sent: one per bulletin and the reference graph (ontology,
divisions), which the canned queries join with.

Only what changed since the last push to the same endpoint is sent. After a server
accepted a graph (2xx), the store records, in ``wuxing-pushed.json`` beside its data
files (no quad: the default graph is the merged view plain queries read), one record per
(endpoint, graph): the SHA-256 of the graph's N-Triples and when it was pushed.
A graph whose digest equals its record is skipped; ``send_all`` sends everything again.
A graph removed from the store since it was pushed is deleted on the server. A record is
written only after the server said yes, in its own transaction, so a failure midway
(unreachable server, refused credentials, a graph the server rejects) never marks
pushed what was not: the next push sends exactly the rest.

Auth: ``--user`` with ``--password-file``, or the netrc entry for the endpoint's host
($NETRC or ~/.netrc), answering the server's Basic or Digest challenge (Virtuoso's
``sparql-graph-crud-auth`` asks for Digest); see :class:`_Client`. Only the standard
library speaks HTTP.
"""

from __future__ import annotations

import base64
import hashlib
import json
import netrc
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from . import settings
from .errors import BadInputError, WuxingError
from .settings import SUMMARY_GRAPH
from .store import Store, StoreNotFound

# Body formats: name → (pyoxigraph format, Content-Type). N-Triples is also valid Turtle.
BODY_FORMATS: dict[str, tuple[ox.RdfFormat, str]] = {
    "nt": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
}

# The push record's terms (a namespace of their own: bookkeeping, not part of the ontology).

# progress(done, total, label), as for ingest.
Progress = Callable[[int, int, str], None]


class PushError(WuxingError):
    """The server could not be reached, refused the credentials or rejected graphs."""

    exit_code = 1


@dataclass
class Credentials:
    user: str
    password: str


@dataclass
class GraphPush:
    graph: str
    status: str  # pushed | unchanged | deleted | failed
    triples: int = 0
    bytes: int = 0
    error: str = ""

    def line(self) -> str:
        size = f" ({self.triples} triples, {self.bytes / 1e6:.2f} MB)" if self.status == "pushed" else ""
        why = f": {self.error}" if self.error else ""
        return f"{self.status:<9} {self.graph}{size}{why}"


@dataclass
class PushReport:
    endpoint: str
    graphs: list[GraphPush] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for g in self.graphs if g.status == status)

    def total_line(self) -> str:
        sent = [g for g in self.graphs if g.status == "pushed"]
        parts = [
            f"pushed {len(sent)} graph{'s' if len(sent) != 1 else ''} "
            f"({sum(g.triples for g in sent)} triples, {sum(g.bytes for g in sent) / 1e6:.2f} MB) to {self.endpoint}",
            f"{self.count('unchanged')} unchanged since the last push",
        ]
        if self.count("deleted"):
            parts.append(f"{self.count('deleted')} deleted (gone from the store)")
        if self.count("failed"):
            parts.append(f"{self.count('failed')} FAILED (not marked pushed)")
        return "; ".join(parts)


# ---------------------------------------------------------------------- endpoint and auth


def check_endpoint(url: str) -> str:
    """The endpoint URL without credentials; a URL that is not http(s) is bad input."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise BadInputError(url, "not an http(s) URL of a Graph Store endpoint (e.g. http://localhost:7878/store)")
    if parts.username or parts.password:
        raise BadInputError(_redact(url), "put no credentials in the URL: use --user/--password-file or a netrc entry")
    if parts.query:
        raise BadInputError(url, "the endpoint URL takes no query string (push adds ?graph=… itself)")
    return url


def _redact(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    return urllib.parse.urlunsplit(parts._replace(netloc=host + (f":{parts.port}" if parts.port else "")))


def credentials(endpoint: str, user: str | None, password_file: str | None) -> Credentials | None:
    """--user/--password-file, else the netrc entry of the endpoint's host, else none."""
    if password_file is not None and user is None:
        raise BadInputError(password_file, "--password-file needs --user")
    host = urllib.parse.urlsplit(endpoint).hostname or ""
    entry = _netrc_entry(host)
    if user is not None:
        if password_file is not None:
            try:
                lines = Path(password_file).read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                raise BadInputError(password_file, f"cannot read the password file: {exc.strerror}") from None
            if not lines or not lines[0]:
                raise BadInputError(password_file, "the password file is empty (the password is its first line)")
            return Credentials(user, lines[0])
        if entry is not None and entry[0] in (user, None):
            return Credentials(user, entry[1])
        raise BadInputError(user, f"no password: give --password-file, or a netrc entry for {host}")
    if entry is not None and entry[0]:
        return Credentials(entry[0], entry[1])
    return None


def _netrc_entry(host: str) -> tuple[str | None, str] | None:
    path = os.environ.get("NETRC") or os.path.join(os.path.expanduser("~"), ".netrc")
    if not os.path.isfile(path):
        return None
    try:
        found = netrc.netrc(path).authenticators(host)
    except (netrc.NetrcParseError, OSError) as exc:
        raise BadInputError(path, f"cannot read the netrc file: {exc}") from None
    if found is None or not found[2]:
        return None
    login, _, password = found
    return login or None, password


# ---------------------------------------------------------------------- records


PUSH_RECORDS = "wuxing-pushed.json"  # beside the store's data files
_RECORDS_LOCK = threading.Lock()


def _records_path(store: Store) -> Path:
    return Path(store.path) / PUSH_RECORDS


def _read_records(store: Store) -> dict[str, dict[str, dict[str, str]]]:
    path = _records_path(store)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise PushError(f"{path}: the push records cannot be read ({exc}); move the file away and push --all") from exc
    return data if isinstance(data, dict) else {}


def pushed_digests(store: Store, endpoint: str) -> dict[str, str]:
    """graph IRI → digest of what was last pushed to `endpoint`."""
    return {g: rec["digest"] for g, rec in _read_records(store).get(endpoint, {}).items() if "digest" in rec}


def _mark(store: Store, endpoint: str, graph: str, digest: str | None) -> None:
    """Write (or, with digest None, drop) the record of one graph. The records are a JSON
    file beside the store, not quads: the store's default graph is the merged view every
    plain query reads, and push bookkeeping is no fact of any bulletin. The file is
    replaced atomically, so a record is whole or absent."""
    with _RECORDS_LOCK:
        records = _read_records(store)
        mine = records.setdefault(endpoint, {})
        if digest is None:
            mine.pop(graph, None)
        else:
            at = datetime.now(timezone.utc).replace(microsecond=0).isoformat()
            mine[graph] = {"digest": digest, "pushed_at": at}
        path = _records_path(store)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(tmp, path)


# The merged view (the store's default graph: each fact once) is pushed too, as the
# server's default graph (`PUT ?default`), so a plain query there reads what it reads here.
DEFAULT_GRAPH = "default graph"


def pushed_graphs(store: Store, default_graph: bool = False) -> list[str]:
    """What a push sends: every named graph, and with `default_graph` the merged view
    (for a server whose default graph is its own, like the oxigraph server without
    --union-default-graph; Virtuoso's default graph is the union of its graphs)."""
    has_default = next(iter(store.raw.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
    # the summary graph too (store_summary): counts-per-bulletin reads it there as here
    summary = [SUMMARY_GRAPH] if store.raw.contains_named_graph(ox.NamedNode(SUMMARY_GRAPH)) else []
    return store.named_graphs() + summary + ([DEFAULT_GRAPH] if default_graph and has_default else [])


def graph_body(store: Store, graph: str, fmt: str) -> tuple[bytes, str, int]:
    """(body, digest, triples) of one graph; the digest is of its N-Triples whatever the body."""
    g = ox.DefaultGraph() if graph == DEFAULT_GRAPH else ox.NamedNode(graph)
    ntriples = cast(bytes, store.raw.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=g))  # no output: returns the bytes
    digest = "sha256:" + hashlib.sha256(ntriples).hexdigest()
    triples = ntriples.count(b"\n")
    if fmt == "nt":
        return ntriples, digest, triples
    from .store import PREFIXES

    return cast(bytes, store.raw.dump(format=BODY_FORMATS[fmt][0], from_graph=g, prefixes=PREFIXES)), digest, triples


# ---------------------------------------------------------------------- HTTP


class _Unreachable(Exception):
    pass


class _Refused(Exception):
    pass


# A graph no one writes: the bodyless GET that checks the server and its credentials.
_PROBE_GRAPH = settings.BASE_IRI + "graph/push-probe"


class _Client:
    """Graph Store requests with the credentials sent up front.

    urllib's auth handlers send each request without credentials first and again after
    the 401. With a body of megabytes that fails: Virtuoso answers the 401 and closes the
    connection while the body is still being sent (a broken pipe, measured with a 1.7 MB
    graph). So :meth:`connect` takes the server's challenge once with a bodyless GET and
    checks the credentials with a second one; every PUT then carries its Authorization
    header (Digest: urllib's own digest computation, a fresh nonce count per request).
    """

    def __init__(self, endpoint: str, creds: Credentials | None, timeout: float) -> None:
        self.endpoint, self.creds, self.timeout = endpoint, creds, timeout
        self._challenge: tuple[str, dict[str, str]] | None = None
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        if creds is not None:
            passwords.add_password(None, endpoint, creds.user, creds.password)
        self._digest = urllib.request.HTTPDigestAuthHandler(passwords)
        self._lock = threading.Lock()  # requests run on several threads; the nonce count is shared

    def connect(self) -> None:
        """Reach the server; take and answer its challenge. Raises _Unreachable or _Refused."""
        probe = _graph_url(self.endpoint, _PROBE_GRAPH)
        challenge = self._open("GET", probe, None, "", allow_401=True)
        if challenge is None:
            return  # no auth asked for reading; a PUT that needs it is refused with 401/403
        if self.creds is None:
            raise _Refused("HTTP 401: the server asks for credentials")
        self._challenge = challenge
        if self._open("GET", probe, None, "", allow_401=True) is not None:
            raise _Refused("HTTP 401 with these credentials")

    def send(self, method: str, url: str, body: bytes | None, ctype: str) -> None:
        """One request, retried on a transient server error: PUT and DELETE are idempotent,
        and a server writing graphs side by side may abort one (Virtuoso: "SR172:
        Transaction deadlocked", HTTP 500) and take it when sent again."""
        for attempt in range(TRANSIENT_RETRIES + 1):
            try:
                return self._send_once(method, url, body, ctype)
            except _Transient:
                if attempt == TRANSIENT_RETRIES:
                    raise
                time.sleep(0.2 * 2**attempt)

    def _send_once(self, method: str, url: str, body: bytes | None, ctype: str) -> None:
        """One request; a 401 (a stale Digest nonce) takes a new challenge and retries once."""
        challenge = self._open(method, url, body, ctype, allow_401=self._challenge is not None)
        if challenge is not None:
            with self._lock:
                self._challenge = challenge
            self._open(method, url, body, ctype, allow_401=False)

    def _authorization(self, request: urllib.request.Request) -> str | None:
        if self._challenge is None or self.creds is None:
            return None
        with self._lock:
            scheme, params = self._challenge
            return self._answer(request, scheme, params)

    def _answer(self, request: urllib.request.Request, scheme: str, params: dict[str, str]) -> str:
        assert self.creds is not None
        if scheme == "basic":
            token = base64.b64encode(f"{self.creds.user}:{self.creds.password}".encode()).decode()
            return f"Basic {token}"
        answer = self._digest.get_authorization(request, params)
        if answer is None:
            raise _Refused(f"cannot answer the server's Digest challenge ({params.get('algorithm', 'MD5')})")
        return f"Digest {answer}"

    def _open(self, method: str, url: str, body: bytes | None, ctype: str, *, allow_401: bool) -> tuple[str, dict[str, str]] | None:
        """Send; None on 2xx (or 404 to a GET/DELETE: no such graph), the challenge of an
        allowed 401. Raises _Refused, _Unreachable or PushError (any other answer)."""
        request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": ctype} if body is not None else {})
        header = self._authorization(request)
        if header:
            request.add_header("Authorization", header)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read()
            return None
        except urllib.error.HTTPError as exc:
            text = exc.read()[:300].decode("utf-8", "replace").strip()
            if exc.code == 401 and allow_401:
                return _parse_challenge(exc.headers.get_all("WWW-Authenticate") or [])
            if exc.code in (401, 403):
                raise _Refused(f"HTTP {exc.code} {exc.reason}") from None
            if exc.code == 404 and method in ("GET", "DELETE"):
                return None
            if exc.code in (500, 503) and method in ("PUT", "DELETE") and _looks_transient(exc.code, text):
                raise _Transient(f"HTTP {exc.code} {exc.reason}: {text}") from None
            raise PushError(f"HTTP {exc.code} {exc.reason}: {text}") from None
        except (urllib.error.URLError, OSError) as exc:  # refused connection, DNS, timeout, reset
            raise _Unreachable(str(getattr(exc, "reason", exc))) from None


TRANSIENT_RETRIES = 3


class _Transient(PushError):
    """A server error worth sending the same idempotent request again for."""


def _looks_transient(code: int, text: str) -> bool:
    # 503 is "try again" by definition; a 500 only when it says deadlock/timeout/busy.
    return code == 503 or any(w in text.lower() for w in ("deadlock", "timeout", "busy", "try again"))


def _parse_challenge(headers: list[str]) -> tuple[str, dict[str, str]]:
    """The challenge to answer: Digest if offered, else Basic."""
    found: dict[str, dict[str, str]] = {}
    for header in headers:
        scheme, _, rest = header.strip().partition(" ")
        found[scheme.lower()] = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest)) if rest else {}
    for scheme in ("digest", "basic"):
        if scheme in found:
            return scheme, found[scheme]
    raise _Refused(f"HTTP 401 with no Basic or Digest challenge ({'; '.join(headers) or 'none'})")


def _graph_url(endpoint: str, graph: str) -> str:
    if graph == DEFAULT_GRAPH:
        return f"{endpoint}?default"
    return f"{endpoint}?graph={urllib.parse.quote(graph, safe='')}"


# ---------------------------------------------------------------------- push


def push_store(
    store_path: str | os.PathLike[str] | None,
    endpoint: str,
    *,
    send_all: bool = False,
    creds: Credentials | None = None,
    fmt: str = "nt",
    timeout: float = 300.0,
    connections: int = 2,
    progress: Progress | None = None,
    on_graph: Callable[[GraphPush], None] | None = None,
    default_graph: bool = False,
) -> PushReport:
    """PUT every named graph changed since the last push to `endpoint` (all with
    `send_all`), DELETE those gone from the store, and record each success (see the module
    docstring). A graph the server rejects is reported ``failed`` and the rest go on; an
    unreachable server or refused credentials stop the push with PushError (after the
    requests already in flight are answered and, when accepted, recorded).

    `connections` requests are in flight at once: the server parses and stores one graph
    while this process serialises the next, and a server with several cores stores
    several graphs at a time."""
    endpoint = check_endpoint(endpoint)
    if fmt not in BODY_FORMATS:
        raise BadInputError(fmt, f"unknown body format (choose from {', '.join(BODY_FORMATS)})")
    path = settings.store_path(store_path)
    if not (path / "CURRENT").exists():
        raise StoreNotFound(path)
    client = _Client(endpoint, creds, timeout)
    report = PushReport(endpoint)
    with Store(path) as store:  # read-write: the records are written as graphs are accepted
        graphs = pushed_graphs(store, default_graph)
        pushed = pushed_digests(store, endpoint)
        gone = sorted(set(pushed) - set(graphs) - ({DEFAULT_GRAPH} if not default_graph else set()))
        sender = _Sender(store, client, max(1, connections), report, len(graphs) + len(gone), progress, on_graph)
        try:
            if graphs or gone:
                client.connect()
            for graph in graphs:
                body, digest, triples = graph_body(store, graph, fmt)
                if digest == pushed.get(graph) and not send_all:
                    sender.finished(GraphPush(graph, "unchanged", triples))
                else:
                    sender.submit(GraphPush(graph, "pushed", triples, len(body)), "PUT", body, BODY_FORMATS[fmt][1], digest)
            for graph in gone:
                sender.submit(GraphPush(graph, "deleted"), "DELETE", None, "", None)
            sender.drain()
        except (_Unreachable, _Refused) as exc:
            sender.drain(stopping=True)
            raise _fatal(exc, endpoint, creds, report) from None
        finally:
            sender.close()
    return report


def _fatal(exc: Exception, endpoint: str, creds: Credentials | None, report: PushReport) -> PushError:
    done = f"{report.count('pushed') + report.count('deleted')} graph(s) were pushed and recorded before"
    if isinstance(exc, _Unreachable):
        return PushError(f"cannot reach {endpoint}: {exc}. {done}; nothing else is marked pushed: run push again when the server is up")
    who = f"user {creds.user!r}" if creds else "a push without credentials"
    return PushError(
        f"{endpoint} refused {who} ({exc}): give --user and --password-file (or a netrc entry) of a "
        f"user allowed to write graphs. {done}"
    )


class _Sender:
    """Requests in flight on a few threads; each answer is recorded in this thread (the
    store is written by one thread only), in the order the answers come."""

    def __init__(
        self, store: Store, client: _Client, connections: int, report: PushReport, total: int,
        progress: Progress | None, on_graph: Callable[[GraphPush], None] | None,
    ) -> None:
        self.store, self.client, self.report, self.total = store, client, report, total
        self.progress, self.on_graph = progress, on_graph
        self.limit = 2 * connections  # bodies held in memory at most
        self.pool = ThreadPoolExecutor(max_workers=connections, thread_name_prefix="push")
        self.flying: dict[Future[None], tuple[GraphPush, str | None]] = {}

    def submit(self, item: GraphPush, method: str, body: bytes | None, ctype: str, digest: str | None) -> None:
        while len(self.flying) >= self.limit:
            self._collect(FIRST_COMPLETED)
        url = _graph_url(self.client.endpoint, item.graph)
        self.flying[self.pool.submit(self.client.send, method, url, body, ctype)] = (item, digest)

    def drain(self, stopping: bool = False) -> None:
        while self.flying:
            self._collect(ALL_COMPLETED, stopping)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)

    def _collect(self, when: str, stopping: bool = False) -> None:
        """Record the answers that came; re-raise an unreachable server or refused
        credentials (unless already stopping for one) once the others are recorded."""
        done, _ = wait(self.flying, return_when=when)
        fatal: Exception | None = None
        for future in done:
            item, digest = self.flying.pop(future)
            try:
                future.result()
            except (_Unreachable, _Refused) as exc:
                fatal = fatal or exc
                continue
            except PushError as exc:
                item = GraphPush(item.graph, "failed", item.triples, error=str(exc))
            else:  # only now: the server has the graph (or has dropped it)
                _mark(self.store, self.client.endpoint, item.graph, digest)
            self.finished(item)
        if fatal is not None and not stopping:
            raise fatal

    def finished(self, item: GraphPush) -> None:
        self.report.graphs.append(item)
        if self.on_graph is not None:
            self.on_graph(item)
        if self.progress is not None:
            self.progress(len(self.report.graphs), self.total, f"{item.status} {item.graph.rsplit('/', 1)[-1]}")


__all__ = ["BODY_FORMATS", "Credentials", "GraphPush", "PushError", "PushReport", "check_endpoint", "credentials", "push_store"]
