"""The merge log (issue 12, item 3): every merge `resolve` made, with its evidence.

Kept beside the store in ``<store>.merges.json``: for each bulletin graph, the file it
was read from and its merges (rule, kind, the name kept, the names joined, place, the
evidence sentence). Ingest replaces a bulletin's entries when it writes the bulletin
(:func:`record`, called while the ingest holds the store's write lock, so two writers
never race on the file); a removed bulletin's entries are not listed
(:func:`listing` keeps only the graphs the store holds).

The override file is ``merges.toml`` beside the store (in the folder that holds the store
directory) unless `wuxing-kg ingest --merges FILE` names another (:func:`overrides_path`).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import settings
from .resolve import Merge


def log_path(store_path: str | os.PathLike[str] | None) -> Path:
    store = settings.store_path(store_path)
    return store.with_name(store.name + ".merges.json")


def overrides_path(store_path: str | os.PathLike[str] | None, explicit: str | os.PathLike[str] | None = None) -> Path:
    """`explicit`, else ``merges.toml`` in the folder that holds the store."""
    if explicit is not None:
        return Path(explicit)
    store = settings.store_path(store_path)
    return store.absolute().parent / "merges.toml"


def _read(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a damaged log is rebuilt by the next ingest, never fatal
    return data if isinstance(data, dict) else {}


def record(store_path: str | os.PathLike[str] | None, graph: str, source: str, merges: list[Merge]) -> None:
    """Replace one bulletin's entries in the log (written via a temporary file + rename)."""
    path = log_path(store_path)
    data = _read(path)
    if merges:
        data[graph] = {"source": source, "merges": [m.to_json() for m in merges]}
    else:
        data.pop(graph, None)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


@dataclass(frozen=True)
class LoggedMerge:
    merge: Merge
    bulletin: str  # short id, as `wuxing-kg bulletins` shows it
    graph: str
    source: str


def listing(store: Any) -> list[LoggedMerge]:
    """The merges of the bulletins the (open) store holds, by kind, name kept, bulletin."""
    from . import queries

    infos = {b.graph: b for b in queries.list_bulletins(store)}
    out = []
    for graph, entry in _read(log_path(store.path)).items():
        if graph not in infos:
            continue
        for m in entry.get("merges", []):
            merge = Merge(m["kind"], m["rule"], m["into"], tuple(m.get("names", [])), m.get("place"), m.get("sentence", ""))
            out.append(LoggedMerge(merge, infos[graph].id, graph, entry.get("source", "")))
    return sorted(out, key=lambda e: (e.merge.kind, e.merge.into, infos[e.graph].date or "", e.bulletin))


COLUMNS = ["kind", "rule", "into", "names", "place", "bulletin", "source", "sentence"]


def format_merges(rows: list[LoggedMerge], fmt: str = "table", *, max_cell: int = 60) -> str:
    from . import queries

    if fmt == "json":
        payload = [{**r.merge.to_json(), "bulletin": r.bulletin, "graph": r.graph, "source": r.source} for r in rows]
        return json.dumps(payload, ensure_ascii=False, indent=1) + "\n"
    cells: list[list[str | None]] = [
        [r.merge.kind, r.merge.rule, r.merge.into, " | ".join(r.merge.names), r.merge.place or "", r.bulletin,
         r.source, r.merge.sentence]
        for r in rows
    ]
    return queries.format_rows(COLUMNS, cells, fmt, max_cell=max_cell)
