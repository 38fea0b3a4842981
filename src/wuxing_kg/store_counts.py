"""Store counts kept next to the store instead of scanned (``len`` of a 1 M-quad store
reads every quad: 0.24 s, on every ingest and every ``stats``).

A writer (:class:`store.Store`) keeps the quad and named-graph counts up to date as it
writes and saves them at close in ``wuxing-counts.json`` in the store folder, together
with a *stamp* of the store's data files: each RocksDB table and write-ahead log with
its size. Any committed write appends to the write-ahead log or adds a table (a bulk
load), so it changes the stamp; a read-only open and a flush without writes do not.
The MANIFEST is left out: RocksDB appends to it when a handle closes, with no data
changed (measured on pyoxigraph 0.5). The saved counts are trusted only while the stamp
still matches the files, so a write that bypassed the counts (another program, a crash
before close, a bulk load) makes them stale, and they are counted again once.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

COUNTS_FILE = "wuxing-counts.json"
_FORMAT = 1
# RocksDB files that hold data; LOG*, OPTIONS*, LOCK, IDENTITY, CURRENT and MANIFEST-*
# change on opens and closes without any data changing.
_DATA_SUFFIXES = (".sst", ".log", ".blob")

Stamp = list[tuple[str, int]]


@dataclass
class Counts:
    quads: int
    graphs: int


def files_stamp(path: Path) -> Stamp:
    """(name, size) of every data file of the store at `path`, sorted."""
    try:
        entries = list(os.scandir(path))
    except FileNotFoundError:
        return []
    stamp = []
    for entry in entries:
        name = entry.name
        if name.endswith(_DATA_SUFFIXES):
            try:
                stamp.append((name, entry.stat().st_size))
            except FileNotFoundError:  # a compaction removed it meanwhile
                continue
    return sorted(stamp)


def load(path: Path, stamp: Stamp) -> Counts | None:
    """The saved counts, when they were saved for exactly these files; else None."""
    try:
        saved = json.loads((path / COUNTS_FILE).read_text(encoding="utf-8"))
        if saved.get("format") != _FORMAT or [tuple(x) for x in saved["stamp"]] != stamp:
            return None
        return Counts(quads=int(saved["quads"]), graphs=int(saved["graphs"]))
    except (OSError, ValueError, KeyError, TypeError):  # missing or damaged: count again
        return None


def save_after_close(path: Path, counts: Counts, before_close: Stamp) -> None:
    """Save a writer's counts once its handle is closed: `before_close` is the stamp
    taken after its last flush, with the lock still held. Closing may still finish a
    background compaction (tables change, same data); a new or grown write-ahead log
    means another writer opened meanwhile, and then nothing is saved (it saves its own)."""
    after = files_stamp(path)
    if _logs(after) == _logs(before_close):
        save(path, counts, after)


def _logs(stamp: Stamp) -> Stamp:
    return [entry for entry in stamp if entry[0].endswith(".log")]


def save(path: Path, counts: Counts, stamp: Stamp) -> None:
    """Save counts for the files of `stamp`. Written to a temporary file and renamed, so
    a reader never sees half a file."""
    doc = {"format": _FORMAT, "quads": counts.quads, "graphs": counts.graphs, "stamp": stamp}
    tmp = path / (COUNTS_FILE + ".tmp")
    try:
        tmp.write_text(json.dumps(doc), encoding="utf-8")
        os.replace(tmp, path / COUNTS_FILE)
    except OSError:  # a read-only folder: counting again next time is the only cost
        pass
