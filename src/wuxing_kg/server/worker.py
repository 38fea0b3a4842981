"""One query worker process: a request in, a WorkerAnswer out, on a read-only snapshot."""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .negotiation import GRAPH_MEDIA, RESULT_MEDIA, choose_format
from .protocol import Dataset
from .serialise import serialize_boolean, serialize_results, serialize_triples
from .snapshots import Floor, SnapshotReader, SnapshotTag


@dataclass
class WorkerAnswer:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)
    snapshot: SnapshotTag | None = None  # what the answer was read from (snapshots.Floor)


def text_answer(status: int, message: str) -> WorkerAnswer:
    return WorkerAnswer(status, "text/plain; charset=utf-8", (message.rstrip() + "\n").encode())


def execute_query(
    handle: Any, query: str, prefs: Sequence[str], max_rows: int, dataset: Dataset | None = None
) -> WorkerAnswer:
    """Run one read query on a read handle and serialise it; never raises for user errors."""
    import pyoxigraph as ox

    from ..errors import QueryError

    try:
        result = handle.query(query, dataset) if dataset is not None else handle.query(query)
    except (SyntaxError, QueryError) as exc:
        return text_answer(400, f"Query does not parse: {exc}")
    except Exception as exc:  # noqa: BLE001 - an evaluation error is the client's answer
        return text_answer(500, f"Query failed: {exc}")
    too_many = (
        f"The result has more than {max_rows} rows, the server's limit (--max-rows): "
        "add a LIMIT to the query, or ask the operator to raise the limit."
    )
    try:
        if isinstance(result, ox.QueryBoolean):
            fmt = choose_format(prefs, graph=False)
            if fmt is None:
                return _not_acceptable(graph=False)
            return WorkerAnswer(200, _content_type(RESULT_MEDIA[fmt]), serialize_boolean(result, fmt))
        if isinstance(result, ox.QuerySolutions):
            fmt = choose_format(prefs, graph=False)
            if fmt is None:
                return _not_acceptable(graph=False)
            variables = [v.value for v in result.variables]
            rows: list[list[Any]] = []
            for solution in result:
                if len(rows) >= max_rows:
                    return text_answer(422, too_many)
                rows.append([solution[v] for v in variables])
            body = serialize_results(variables, rows, fmt)
            return WorkerAnswer(200, _content_type(RESULT_MEDIA[fmt]), body, {"X-Result-Rows": str(len(rows))})
        fmt = choose_format(prefs, graph=True)
        if fmt is None:
            return _not_acceptable(graph=True)
        triples: list[Any] = []
        for triple in result:
            if len(triples) >= max_rows:
                return text_answer(422, too_many.replace("rows", "triples", 1))
            triples.append(triple)
        body = serialize_triples(triples, fmt)
        return WorkerAnswer(200, _content_type(GRAPH_MEDIA[fmt]), body, {"X-Result-Rows": str(len(triples))})
    except Exception as exc:  # noqa: BLE001 - errors raised lazily while iterating
        return text_answer(500, f"Query failed: {exc}")


def _content_type(media: str) -> str:
    return media if media.endswith("json") else f"{media}; charset=utf-8"


def _not_acceptable(*, graph: bool) -> WorkerAnswer:
    offered = GRAPH_MEDIA if graph else RESULT_MEDIA
    what = "CONSTRUCT/DESCRIBE" if graph else "SELECT/ASK"
    return text_answer(406, f"No acceptable format for a {what} result; offered: {', '.join(offered.values())}.")


def worker_main(conn: multiprocessing.connection.Connection, store_path: str) -> None:
    """Worker process loop: one request in, one WorkerAnswer out; the store is read-only.

    A request is a dict: query, prefs, max_rows, dataset, the pool's floor and the
    deadline (time.monotonic). The first snapshot is opened at once, so the worker's
    first query does not pay for it."""
    reader = SnapshotReader(Path(store_path))
    with contextlib.suppress(Exception):  # an open error: the first query retries
        reader.get(Floor(), time.monotonic() + 5.0)
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request is None:
            return
        answer = _answer(reader, request)
        try:
            conn.send(answer)
        except (BrokenPipeError, OSError):
            return


def _answer(reader: SnapshotReader, request: dict[str, Any]) -> WorkerAnswer:
    try:
        snapshot = reader.get(request["floor"], request["deadline"])
    except Exception as exc:  # noqa: BLE001 - report, keep serving
        return text_answer(500, f"Store unavailable: {exc}")
    answer = execute_query(snapshot.handle, request["query"], request["prefs"], request["max_rows"], request.get("dataset"))
    answer.snapshot = snapshot.tag
    return answer
