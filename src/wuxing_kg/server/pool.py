"""The pool of worker processes the endpoint runs queries in: an endpoint that holds.

* Two lanes. Every query starts in the fast lane (`size` warm workers). One that has
  run `slow_after` seconds while another query waits for a fast-lane worker moves to
  the slow lane (up to `slow_lane` of them): its worker is reniced to 19 and a fresh
  worker takes its place in the fast lane, so cheap queries are not queued behind
  runaways, nor starved of CPU by them (CFS gives a nice-19 process ~1/70 of the share of a nice-0 one). A slow worker is
  retired when its query ends; every query is still stopped at `timeout`.
* A query whose client went away is stopped at once (`run_for` watches the ASGI
  receive channel for http.disconnect): pyoxigraph cannot cancel a running query, so
  its worker is killed and replaced (a fork-server child, ready in milliseconds).
* Reads are monotonic (see snapshots.py): each request carries the floor, what every
  answer served so far was read from; a worker whose snapshot is older opens a fresh one.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import multiprocessing.connection
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .config import DEFAULT_SLOW_AFTER, DEFAULT_SLOW_LANE
from .protocol import Dataset
from .snapshots import Floor
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
        self.slow = False  # moved to the slow lane (reniced): retired after its query

    def renice(self) -> None:
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, self.process.pid, 19)

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

    def wake() -> None:
        if not readable.done():
            readable.set_result(None)

    loop.add_reader(fd, wake)
    try:
        await asyncio.wait_for(readable, timeout=max(timeout, 0.0))
    except (TimeoutError, asyncio.TimeoutError):
        return None
    finally:
        loop.remove_reader(fd)
    # The worker writes its whole answer at once; reading it blocks only for the copy.
    return conn.recv()  # type: ignore[no-any-return]


async def _disconnected(receive: Any) -> None:
    """Returns when the ASGI server reports that the client went away."""
    while True:
        message = await receive()
        if message.get("type") == "http.disconnect":
            return


@dataclass
class PoolStats:
    killed: int = 0  # stopped at the deadline
    demoted: int = 0  # moved to the slow lane
    abandoned: int = 0  # stopped because the client went away


class QueryPool:
    """Worker processes that answer queries; see the module docstring for the lanes."""

    CONTENTION_CHECK = 0.02  # seconds between looks at the fast lane's queue

    def __init__(self, store_path: Path, *, size: int, timeout: float, max_rows: int,
                 slow_lane: int = DEFAULT_SLOW_LANE, slow_after: float = DEFAULT_SLOW_AFTER) -> None:
        self.store_path = store_path
        self.size = max(1, size)
        self.timeout = timeout
        self.max_rows = max_rows
        self.slow_lane = max(0, slow_lane)
        self.slow_after = slow_after
        self.floor = Floor()  # what later answers must hold at least (snapshots.py)
        self.stats = PoolStats()
        self._ctx = mp_context()
        self._idle: asyncio.Queue[_Worker] | None = None
        self._all: set[_Worker] = set()
        self._slow = 0
        self._waiting = 0  # queries waiting for a fast-lane worker

    @property
    def killed(self) -> int:
        return self.stats.killed

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

    def _release(self, worker: _Worker, *, healthy: bool) -> None:
        """Back to the fast lane if healthy; a slow or broken worker is retired (a broken
        fast one replaced, a slow one was replaced when it moved lanes)."""
        assert self._idle is not None
        if worker.slow:
            self._slow -= 1
        if healthy and not worker.slow:
            self._idle.put_nowait(worker)
            return
        worker.kill()
        self._all.discard(worker)
        if not worker.slow:
            self._idle.put_nowait(self._spawn())

    def _demote(self, worker: _Worker) -> bool:
        """Move a long-running query to the slow lane if there is room."""
        if self._slow >= self.slow_lane:
            return False
        assert self._idle is not None
        self._slow += 1
        self.stats.demoted += 1
        worker.slow = True
        worker.renice()
        self._idle.put_nowait(self._spawn())
        return True

    async def _reply(self, worker: _Worker, deadline: float) -> WorkerAnswer | None:
        """The worker's answer or None at the deadline. Once the query has run
        `slow_after` seconds it moves to the slow lane as soon as another query waits for
        a fast-lane worker (checked every CONTENTION_CHECK s): no process churn while
        the lanes are not contended, no waiting behind a runaway when they are."""
        loop = asyncio.get_running_loop()
        step = self.slow_after
        while not worker.slow and self.slow_lane and loop.time() < deadline:
            answer = await _await_reply(worker.conn, min(step, deadline - loop.time()))
            if answer is not None:
                return answer
            step = self.CONTENTION_CHECK
            assert self._idle is not None
            if self._waiting > self._idle.qsize():  # more waiters than free workers
                self._demote(worker)  # when the slow lane is full it keeps its fast-lane place
        return await _await_reply(worker.conn, deadline - loop.time())

    async def _ask(self, worker: _Worker, request: dict[str, Any], deadline: float) -> WorkerAnswer | None:
        """The answer (from a snapshot the floor admits), or None at the deadline."""
        worker.conn.send({**request, "floor": self.floor, "deadline": deadline})
        answer = await self._reply(worker, deadline)
        if answer is not None and answer.snapshot is not None:
            self.floor = self.floor.after(answer.snapshot)
        return answer

    async def run(
        self, query: str, prefs: Sequence[str], *, timeout: float | None = None, dataset: Dataset | None = None
    ) -> WorkerAnswer:
        assert self._idle is not None, "QueryPool.start() was not called"
        limit = self.timeout if timeout is None else timeout
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit  # the loop's clock is time.monotonic, as the workers'
        timed_out = text_answer(
            503, f"The query did not finish within {limit:g} s, the server's limit (--timeout); it was stopped."
        )
        try:
            self._waiting += 1
            worker = await asyncio.wait_for(self._idle.get(), timeout=limit)
        except (TimeoutError, asyncio.TimeoutError):
            return timed_out
        finally:
            self._waiting -= 1
        healthy = False
        try:
            request = {"query": query, "prefs": list(prefs), "max_rows": self.max_rows, "dataset": dataset}
            answer = await self._ask(worker, request, deadline)
            if answer is None:
                self.stats.killed += 1
                return timed_out
            healthy = True
            return answer
        except (EOFError, OSError) as exc:
            return text_answer(500, f"The query worker died: {exc or type(exc).__name__}")
        finally:  # also when cancelled mid-query: the worker's state is then unknown
            self._release(worker, healthy=healthy)

    async def run_for(self, request: Any, query: str, prefs: Sequence[str], *, dataset: Dataset | None = None) -> WorkerAnswer:
        """`run`, stopped as soon as the client of `request` (a Starlette Request) goes away."""
        task = asyncio.ensure_future(self.run(query, prefs, dataset=dataset))
        watcher = asyncio.ensure_future(_disconnected(request.receive))
        try:
            await asyncio.wait({task, watcher}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            if not task.done():
                task.cancel()
            watcher.cancel()
        if task.cancelled() or not task.done():
            with contextlib.suppress(asyncio.CancelledError):
                await task
            self.stats.abandoned += 1
            return text_answer(499, "The client went away; the query was stopped.")
        return task.result()
