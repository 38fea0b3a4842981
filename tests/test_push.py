"""`wuxing-kg push` against real SPARQL servers started here on loopback: the oxigraph
server (PyPI `oxigraph`) and Virtuoso open source (Debian `virtuoso-opensource`, installed
by `make virtuoso`). Each answers canned queries over HTTP with the local store's rows."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from wuxing_kg.cli import cli
from wuxing_kg.errors import BadInputError
from wuxing_kg.ingest import ingest_paths, remove_bulletin
from wuxing_kg.push import (
    DEFAULT_GRAPH,
    Credentials,
    PushError,
    check_endpoint,
    credentials,
    push_store,
    pushed_digests,
    pushed_graphs,
)
from wuxing_kg.server import inline_defaults
from wuxing_kg.settings import REFERENCE_GRAPH, SUMMARY_GRAPH
from wuxing_kg.store import Store

# Canned queries compared between the local store and each server (IRIs, labels, counts, dates).
COMPARED = ("counts-per-bulletin", "departments-by-place", "place-hierarchy")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"no answer from {url} after {seconds} s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def remote_rows(query_url: str, sparql: str) -> list[tuple[tuple[str, str], ...]]:
    """A SELECT over HTTP (SPARQL 1.1 Protocol, JSON results): sorted rows of (var, value)."""
    body = urllib.parse.urlencode({"query": sparql}).encode()
    request = urllib.request.Request(query_url, data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        answer = json.loads(response.read())
    return sorted(tuple(sorted((k, v["value"]) for k, v in b.items())) for b in answer["results"]["bindings"])


def local_rows(store_path: Path, sparql: str) -> list[tuple[tuple[str, str], ...]]:
    with Store(store_path, read_only=True) as store:
        result = store.select(sparql)
    return sorted(tuple(sorted((k, v) for k, v in row.items() if v is not None)) for row in result.rows)


def canned_text(name: str) -> str:
    from wuxing_kg import queries

    item = queries.get(name)
    return inline_defaults(item.text, dict(item.defaults))


def assert_same_answers(store_path: Path, query_url: str, names: tuple[str, ...] = COMPARED) -> None:
    for name in names:
        sparql = canned_text(name)
        local = local_rows(store_path, sparql)
        assert local, f"{name}: no rows locally, nothing compared"
        assert remote_rows(query_url, sparql) == local, name


@pytest.fixture
def two_bulletins(demo_store_copy: Path, seed_path: Path, tmp_path: Path) -> Path:
    """The demo store (seed + reference graph) with a second bulletin, never shared."""
    text = seed_path.read_text(encoding="utf-8").replace("第 51 期", "第 52 期")
    (tmp_path / "issue-52.txt").write_text(text, encoding="utf-8")
    ingest_paths([tmp_path / "issue-52.txt"], demo_store_copy, jobs=1)
    return demo_store_copy


def graphs_of(store_path: Path, default_graph: bool = False) -> list[str]:
    with Store(store_path, read_only=True) as store:
        return sorted(pushed_graphs(store, default_graph))


def records(store_path: Path, endpoint: str) -> dict[str, str]:
    with Store(store_path, read_only=True) as store:
        return pushed_digests(store, endpoint)


# ------------------------------------------------------------------ the oxigraph server


def oxigraph_binary() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


class Oxigraph:
    def __init__(self, data: Path) -> None:
        self.data, self.port = data, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.store, self.query = f"{self.base}/store", f"{self.base}/query"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        binary = oxigraph_binary()
        assert binary
        # no --union-default-graph: push sends the store's merged view as the server's
        # default graph, so a query without GRAPH reads the same facts as here
        self.proc = subprocess.Popen(
            [binary, "serve", "--location", str(self.data), "--bind", f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(f"{self.base}/query?query=ASK%7B%7D", self.proc)

    def stop(self) -> None:
        if self.proc is not None:
            stop(self.proc)
            self.proc = None


@pytest.fixture
def oxigraph(tmp_path: Path) -> Iterator[Oxigraph]:
    if oxigraph_binary() is None:
        pytest.skip("the oxigraph server is not installed (pip install oxigraph, in the test extra)")
    server = Oxigraph(tmp_path / "oxigraph-data")
    server.start()
    yield server
    server.stop()


@pytest.mark.slow
def test_push_to_oxigraph_answers_canned_queries_like_the_store(two_bulletins: Path, oxigraph: Oxigraph) -> None:
    report = push_store(two_bulletins, oxigraph.store, default_graph=True)
    assert sorted(g.graph for g in report.graphs if g.status == "pushed") == graphs_of(two_bulletins, True)
    assert REFERENCE_GRAPH in graphs_of(two_bulletins) and DEFAULT_GRAPH in graphs_of(two_bulletins, True)
    assert_same_answers(two_bulletins, oxigraph.query)
    # every graph recorded with the digest of what was sent
    assert set(records(two_bulletins, oxigraph.store)) == set(graphs_of(two_bulletins, True))


@pytest.mark.slow
def test_only_changed_graphs_are_sent_again(two_bulletins: Path, oxigraph: Oxigraph, seed_path: Path, tmp_path: Path) -> None:
    first = push_store(two_bulletins, oxigraph.store, default_graph=True)
    assert first.count("pushed") == 5  # two bulletins, the reference graph, the summary graph, the merged view
    again = push_store(two_bulletins, oxigraph.store, default_graph=True)
    assert (again.count("pushed"), again.count("unchanged")) == (0, 5)
    # a new version of issue 52 changes one graph; that one alone is sent
    newer = tmp_path / "issue-52.txt"
    newer.write_text(newer.read_text(encoding="utf-8") + "\n县商务局组织开展培训3场。\n", encoding="utf-8")
    (item,) = ingest_paths([newer], two_bulletins, jobs=1).bulletins
    assert item.status == "replaced"
    third = push_store(two_bulletins, oxigraph.store, default_graph=True)
    # the bulletin's graph, and the merged view and summary it changed
    assert sorted(g.graph for g in third.graphs if g.status == "pushed") == sorted([item.graph, DEFAULT_GRAPH, SUMMARY_GRAPH])
    assert_same_answers(two_bulletins, oxigraph.query)
    # --all resends everything (PUT replaces: the server holds the same graphs afterwards)
    assert push_store(two_bulletins, oxigraph.store, send_all=True, default_graph=True).count("pushed") == 5
    assert_same_answers(two_bulletins, oxigraph.query)
    # a bulletin removed from the store is deleted on the server
    remove_bulletin(two_bulletins, item.graph)
    fourth = push_store(two_bulletins, oxigraph.store, default_graph=True)
    changed = sorted((g.graph, g.status) for g in fourth.graphs if g.status != "unchanged")
    # the view lost its facts, the summary its description
    assert changed == sorted([(item.graph, "deleted"), (DEFAULT_GRAPH, "pushed"), (SUMMARY_GRAPH, "pushed")])
    assert remote_rows(oxigraph.query, f"SELECT ?g WHERE {{ GRAPH ?g {{}} FILTER(?g = <{item.graph}>) }}") == []
    assert item.graph not in records(two_bulletins, oxigraph.store)
    assert_same_answers(two_bulletins, oxigraph.query)


@pytest.mark.slow
def test_a_server_gone_midway_marks_only_what_it_accepted(two_bulletins: Path, oxigraph: Oxigraph) -> None:
    seen: list[str] = []

    def kill_after_first(item) -> None:  # type: ignore[no-untyped-def]
        seen.append(item.graph)
        oxigraph.stop()

    with pytest.raises(PushError, match="cannot reach .*[12] graph\\(s\\) were pushed"):
        push_store(two_bulletins, oxigraph.store, on_graph=kill_after_first, connections=1, default_graph=True)
    # only the graphs the server took (a second request was in flight when it went)
    assert 1 <= len(seen) < 4 and sorted(records(two_bulletins, oxigraph.store)) == sorted(seen)
    oxigraph.start()  # same data directory: the first graph is there
    rest = push_store(two_bulletins, oxigraph.store, default_graph=True)
    assert sorted(g.graph for g in rest.graphs if g.status == "pushed") == sorted(set(graphs_of(two_bulletins, True)) - set(seen))
    assert_same_answers(two_bulletins, oxigraph.query)


@pytest.mark.slow
def test_rejected_graphs_are_reported_failed_and_not_marked(two_bulletins: Path, oxigraph: Oxigraph) -> None:
    wrong = f"{oxigraph.base}/no-such-service"  # the server answers 404 to every PUT there
    result = CliRunner().invoke(cli, ["--store", str(two_bulletins), "push", "--endpoint", wrong])
    assert result.exit_code == 1
    assert result.output.count("failed ") == 4 and "4 FAILED (not marked pushed)" in result.output  # summary too
    assert "HTTP 404" in result.output
    assert records(two_bulletins, wrong) == {}


@pytest.mark.slow
def test_cli_push_prints_each_graph_and_a_turtle_body_works(two_bulletins: Path, oxigraph: Oxigraph) -> None:
    args = ["--store", str(two_bulletins), "push", "--endpoint", oxigraph.store, "--format", "ttl", "--default-graph"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.output.count("pushed    ") == 5 and "pushed 5 graphs" in result.output  # the summary graph too
    assert_same_answers(two_bulletins, oxigraph.query)
    again = CliRunner().invoke(cli, args)
    assert again.exit_code == 0 and "pushed 0 graphs" in again.output and "5 unchanged" in again.output


def test_an_unreachable_server_is_a_clear_error_and_marks_nothing(demo_store_copy: Path) -> None:
    endpoint = f"http://127.0.0.1:{free_port()}/store"  # nothing listens there
    result = CliRunner().invoke(cli, ["--store", str(demo_store_copy), "push", "--endpoint", endpoint])
    assert result.exit_code == 1
    assert f"cannot reach {endpoint}" in result.output and "run push again" in result.output
    assert records(demo_store_copy, endpoint) == {}


# ------------------------------------------------------------------ endpoint and credentials


@pytest.mark.parametrize("url", ["localhost:7878/store", "ftp://h/store", "http://u:p@h/store", "http://h/store?graph=x"])
def test_bad_endpoints_are_bad_input(url: str) -> None:
    with pytest.raises(BadInputError):
        check_endpoint(url)


def test_credentials_from_password_file_and_netrc(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "pw"
    secret.write_text("s3cret\n", encoding="utf-8")
    assert credentials("http://h:1/store", "alice", str(secret)) == Credentials("alice", "s3cret")
    monkeypatch.setenv("NETRC", str(tmp_path / "netrc"))
    assert credentials("http://h:1/store", None, None) is None  # no netrc file: anonymous
    (tmp_path / "netrc").write_text("machine h login bob password hunter2\n", encoding="utf-8")
    os.chmod(tmp_path / "netrc", 0o600)
    assert credentials("http://h:1/store", None, None) == Credentials("bob", "hunter2")
    assert credentials("http://h:1/store", "bob", None) == Credentials("bob", "hunter2")
    assert credentials("http://other:1/store", None, None) is None
    with pytest.raises(BadInputError, match="no password"):
        credentials("http://other:1/store", "carol", None)
    with pytest.raises(BadInputError, match="needs --user"):
        credentials("http://h:1/store", None, str(secret))
    (tmp_path / "empty").write_text("", encoding="utf-8")
    with pytest.raises(BadInputError, match="empty"):
        credentials("http://h:1/store", "alice", str(tmp_path / "empty"))


# ------------------------------------------------------------------ Virtuoso open source

VIRTUOSO_INI = """\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {db}
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 120
"""
VIRTUOSO_PASSWORD = "push-test-pw"


@pytest.fixture
def virtuoso(tmp_path: Path) -> Iterator[dict[str, str]]:
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt") or shutil.which("isql")
    if binary is None or isql is None:
        pytest.skip("Virtuoso is not installed (make virtuoso: Debian's virtuoso-opensource)")
    db = tmp_path / "virtuoso"
    db.mkdir()
    sql_port, http_port = free_port(), free_port()
    ini = db / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(db=db, sql_port=sql_port, http_port=http_port), encoding="utf-8")
    proc = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=db,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(f"http://127.0.0.1:{http_port}/sparql?query=ASK%7B%7D", proc, seconds=120)
        # a fresh database has dba/dba: give dba (who may write graphs) a password of its own
        subprocess.run([isql, f"127.0.0.1:{sql_port}", "dba", "dba", f"exec=user_set_password('dba', '{VIRTUOSO_PASSWORD}');"],
                       check=True, capture_output=True, timeout=60)
        (tmp_path / "dba-password").write_text(VIRTUOSO_PASSWORD + "\n", encoding="utf-8")
        yield {
            "store": f"http://127.0.0.1:{http_port}/sparql-graph-crud-auth",
            "query": f"http://127.0.0.1:{http_port}/sparql",
            "password_file": str(tmp_path / "dba-password"),
        }
    finally:
        stop(proc)


@pytest.mark.slow
def test_push_to_virtuoso_with_digest_auth_answers_like_the_store(two_bulletins: Path, virtuoso: dict[str, str], tmp_path: Path) -> None:
    store_args = ["--store", str(two_bulletins), "push", "--endpoint", virtuoso["store"]]
    refused = CliRunner().invoke(cli, store_args)  # no credentials: Virtuoso asks for Digest
    assert refused.exit_code == 1 and "refused a push without credentials" in refused.output
    (tmp_path / "wrong").write_text("not-the-password\n", encoding="utf-8")
    wrong = CliRunner().invoke(cli, [*store_args, "--user", "dba", "--password-file", str(tmp_path / "wrong")])
    assert wrong.exit_code == 1 and "refused user 'dba'" in wrong.output
    assert records(two_bulletins, virtuoso["store"]) == {}
    ok = CliRunner().invoke(cli, [*store_args, "--user", "dba", "--password-file", virtuoso["password_file"]])
    assert ok.exit_code == 0, ok.output
    assert "pushed 4 graphs" in ok.output  # the summary graph too
    # Virtuoso's default graph is the union of its graphs, not our merged view: only the
    # queries that name their graphs (GRAPH ?g) are compared there
    assert_same_answers(two_bulletins, virtuoso["query"], names=("counts-per-bulletin",))
    again = CliRunner().invoke(cli, [*store_args, "--user", "dba", "--password-file", virtuoso["password_file"]])
    assert "pushed 0 graphs" in again.output and "4 unchanged" in again.output


# ------------------------------------------------------------------ Basic auth (neither server above asks for it)


class _BasicOnly:
    """A loopback HTTP server that takes PUTs only with Basic credentials alice:s3cret (a
    reverse proxy in front of a store often asks for Basic)."""

    def __init__(self) -> None:
        import base64
        import http.server
        import threading

        expected = "Basic " + base64.b64encode(b"alice:s3cret").decode()
        self.bodies: dict[str, int] = {}
        bodies = self.bodies

        class Handler(http.server.BaseHTTPRequestHandler):
            def _check(self) -> bool:
                if self.headers.get("Authorization") == expected:
                    return True
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="kg"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return False

            def do_GET(self) -> None:  # noqa: N802 - the probe
                if self._check():
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()

            def do_PUT(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if self._check():
                    graph = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["graph"][0]
                    bodies[graph] = body.count(b"\n")
                    self.send_response(204)
                    self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/store"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


def test_basic_auth_is_sent_when_the_server_asks_for_it(demo_store_copy: Path) -> None:
    server = _BasicOnly()
    try:
        with pytest.raises(PushError, match="refused user 'alice'"):
            push_store(demo_store_copy, server.url, creds=Credentials("alice", "wrong"))
        report = push_store(demo_store_copy, server.url, creds=Credentials("alice", "s3cret"))
    finally:
        server.httpd.shutdown()
    with Store(demo_store_copy, read_only=True) as store:
        sizes = {g: store.quad_count(g) for g in [*store.named_graphs(), SUMMARY_GRAPH]}
    assert report.count("pushed") == 3 and server.bodies == sizes
