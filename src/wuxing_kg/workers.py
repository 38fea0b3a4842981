"""Worker processes for `wuxing-kg ingest --jobs N`: read and extract in parallel, hand the
results back to the one writer in input order.

Only the CPU-bound half of an ingest runs here (read → extract → map → SHACL validate);
the store is opened by the writer alone, so every guarantee of a serial ingest holds
(one transaction per bulletin, in input order; the busy-store error; nothing written
before every file was read).

Workers are started with ``forkserver`` (``spawn`` where there is none), never plain
``fork``: the writer holds RocksDB and its threads, which a forked child must not inherit.
The fork server imports the pipeline modules once, each worker builds the spaCy pipeline
once in its initializer, and a worker exits by itself when the writer dies (a killed
ingest leaves no orphan processes behind).

A bulletin's quads cross the process boundary as N-Quads bytes: measured on the seed
bulletin (7 k quads), pickling the pyoxigraph terms costs 0.31 s a bulletin (half of its
extraction), serialising and parsing N-Quads 0.03 s.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.connection import wait
from pathlib import Path
from typing import Any, TypeVar, cast

import pyoxigraph as ox

from .errors import BadInputError

T = TypeVar("T")
R = TypeVar("R")

# Modules the fork server imports once, so each worker forks with them loaded.
_PRELOAD = ["wuxing_kg.nlp", "wuxing_kg.rdf.mapping", "wuxing_kg.validate", "wuxing_kg.reading", "wuxing_kg.ingest"]


def default_jobs() -> int:
    """The number of cores this process may run on (what `--jobs` defaults to)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# ---------------------------------------------------------------------- the tasks


def read_one(path: str, max_bytes: int | None, allow_non_chinese: bool) -> Any:
    """Read one file: its records.Bulletin, or the BadInputError it raised (returned, not
    raised, so the writer can name every bad file of the batch at once)."""
    from . import reading

    try:
        with reading.allowing_non_chinese(allow_non_chinese):
            return reading.read_bulletin(Path(path), max_bytes=max_bytes)
    except BadInputError as exc:
        return exc


def _read_packed(path: str, max_bytes: int | None, allow_non_chinese: bool) -> Any:
    """read_one in a worker. A BadInputError does not survive pickling (its __init__
    takes two arguments), so it travels as (path, why) and is rebuilt by the writer."""
    result = read_one(path, max_bytes, allow_non_chinese)
    return ("bad", result.path, result.why) if isinstance(result, BadInputError) else result


def _unpack_read(result: Any) -> Any:
    return BadInputError(result[1], result[2]) if isinstance(result, tuple) else result


def _prepare_packed(path: str, bulletin: Any, overrides: Any = None) -> tuple[Any, str, bytes, list[Any]]:
    """ingest._prepare in a worker: (report, graph, quads as N-Quads, merges)."""
    from .ingest import _prepare

    prepared = _prepare(Path(path), bulletin, overrides)
    data = cast(bytes, ox.serialize(prepared.quads, format=ox.RdfFormat.N_QUADS))  # no output: returns the bytes
    return prepared.report, prepared.graph, data, prepared.merges


def _unpack(packed: tuple[Any, str, bytes, list[Any]]) -> Any:
    from .ingest import _Prepared

    report, graph, data, merges = packed
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    return _Prepared(report.source, graph, report.bulletin, quads, report, merges)


def _warm_up() -> None:
    """Worker initializer: build the spaCy pipeline once, and exit when the writer dies."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        sentinel = parent.sentinel

        def exit_with_parent() -> None:
            wait([sentinel])  # readable once the parent process has gone
            os._exit(1)

        threading.Thread(target=exit_with_parent, daemon=True).start()
    from .nlp.pipeline import get_nlp

    get_nlp()


# ---------------------------------------------------------------------- the pools


class InlineWorkers:
    """`--jobs 1` (or a single file): the same interface, in this process, no copies."""

    jobs = 1

    def __enter__(self) -> InlineWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def read(self, paths: Iterable[Path], max_bytes: int | None, allow_non_chinese: bool) -> Iterator[Any]:
        return (read_one(str(p), max_bytes, allow_non_chinese) for p in paths)

    def prepare(self, items: Iterable[tuple[Path, Any]], overrides: Any = None) -> Iterator[Any]:
        from .ingest import _prepare

        return (_prepare(path, bulletin, overrides) for path, bulletin in items)


class ProcessWorkers:
    """N worker processes; results come back in input order, at most a few per worker in
    flight (so a slow writer does not pile up every bulletin's quads in memory)."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if context.get_start_method() == "forkserver":
            context.set_forkserver_preload(_PRELOAD)
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_warm_up)

    def __enter__(self) -> ProcessWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def read(self, paths: Iterable[Path], max_bytes: int | None, allow_non_chinese: bool) -> Iterator[Any]:
        return self._ordered(_read_packed, ((str(p), max_bytes, allow_non_chinese) for p in paths), _unpack_read)

    def prepare(self, items: Iterable[tuple[Path, Any]], overrides: Any = None) -> Iterator[Any]:
        return self._ordered(_prepare_packed, ((str(p), b, overrides) for p, b in items), _unpack)

    def _ordered(self, fn: Callable[..., R], args: Iterable[tuple[Any, ...]], finish: Callable[[R], T]) -> Iterator[T]:
        """Submit the first window of tasks now (work starts before the first result is
        asked for), then one more for each result taken."""
        pending = iter(args)
        window: deque[Future[R]] = deque()

        def submit(n: int) -> None:
            for _ in range(n):
                task = next(pending, None)
                if task is None:
                    return
                window.append(self._pool.submit(fn, *task))

        submit(3 * self.jobs)

        def results() -> Iterator[T]:
            while window:
                result = window.popleft().result()
                submit(1)
                yield finish(result)

        return results()


def workers(jobs: int | None, tasks: int) -> InlineWorkers | ProcessWorkers:
    """The pool for a batch of `tasks` files: no more processes than files, none for one."""
    n = min(jobs or default_jobs(), tasks)
    return ProcessWorkers(n) if n > 1 else InlineWorkers()
