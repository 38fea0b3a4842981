"""Wall time of each ingest stage, summed over a batch (bench/bench_ingest.py prints it).

``ingest`` wraps each step in :func:`stage`; nothing is recorded (and the cost is one
context-variable lookup) unless a caller collects with :func:`timing`::

    with stages.timing() as seconds:
        ingest_paths([...])
    seconds  # {"read": 0.4, "extract": 3.1, "map": 0.6, "validate": 0.9, "write": 0.7, ...}
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# In pipeline order; ingest also records "lookup" (finding unchanged files), "reference"
# (checking the reference graph) and "compact" (purging the write-ahead log).
STAGES = ("lookup", "read", "extract", "map", "validate", "write", "reference", "compact")

_collecting: ContextVar[dict[str, float] | None] = ContextVar("wuxing_kg_stage_seconds", default=None)


@contextmanager
def stage(name: str) -> Iterator[None]:
    """Add the wall time of the block to stage `name` of the batch being timed, if any."""
    seconds = _collecting.get()
    if seconds is None:
        yield
        return
    started = time.perf_counter()
    try:
        yield
    finally:
        seconds[name] = seconds.get(name, 0.0) + time.perf_counter() - started


@contextmanager
def timing() -> Iterator[dict[str, float]]:
    """Collect stage seconds for everything run inside the block (nested: the inner wins)."""
    seconds: dict[str, float] = {}
    token = _collecting.set(seconds)
    try:
        yield seconds
    finally:
        _collecting.reset(token)
