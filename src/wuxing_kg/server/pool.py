"""The pool of worker processes the endpoint runs queries in."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import multiprocessing.connection
from collections.abc import Sequence
from pathlib import Path

from .protocol import Dataset
from .worker import WorkerAnswer, text_answer, worker_main


def mp_context() -> multiprocessing.context.BaseContext:
    # forkserver: forking the (threaded) server process is unsafe, spawning costs an
    # interpreter start per replacement; a preloaded fork server gives a worker in ms.
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["pyoxigraph", "wuxing_kg.server.worker"])
        return ctx
    return multiprocessing.get_context("spawn")  # pragma: no cover - not on Linux


class _Worker:
    def __init__(self, ctx: multiprocessing.context.BaseContext, store_path: Path) -> None:
        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=worker_main, args=(child, str(store_path)), daemon=True)  # type: ignore[attr-defined]
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
        self._ctx = mp_context()
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
        timed_out = text_answer(
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
            return text_answer(500, f"The query worker died: {exc or type(exc).__name__}")
        finally:
            if not returned:  # cancelled mid-query: the worker's state is unknown
                self._replace(worker)
