"""Saved-query alerts (issue 12, item 4): `wuxing-kg watch add|list|remove|run`.

A watch is a named SELECT query (SPARQL text, a query file's text, or a canned query name
with parameters) kept beside the store, in ``<store>.watch/NAME/``:

* ``watch.json``  — what to run: the query text or canned name, its parameters;
* ``rows.json``   — the answer of the last run (columns and rows), the baseline;
* ``deltas/NNNN.json`` — one file per run that changed something: the rows that appeared
  and disappeared since the run before, with the time of the run.

After every ``wuxing-kg ingest`` every watch runs again (:func:`run_watches`) and its
delta is printed and kept. Rows are compared as tuples of their plain values (IRIs and
literal lexical forms) in column order, as a multiset: a row the query now returns twice
where it returned it once has appeared once more. A canned query is kept by name, so a
newer version of the canned query is what runs.

The directory sits beside the store rather than inside it: the store directory belongs
to RocksDB, and a store copied or compacted must not carry or lose alerts by accident.
"""

from __future__ import annotations

import builtins
import json
import os
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from . import settings
from .errors import QueryError, WuxingError

# A watch name is a folder name: letters (any script), digits, - and _, not starting with . or -.
_NAME_RE = re.compile(r"^[^\W][\w\-]{0,63}$")


class WatchError(WuxingError):
    """An unknown watch, a bad name, or a watch that already exists (exit 2)."""

    exit_code = 2


@dataclass
class Watch:
    name: str
    query: str  # SPARQL text, or a canned query name when `canned`
    canned: bool = False
    params: dict[str, str] = field(default_factory=dict)
    added: str = ""  # ISO time

    def describe(self) -> str:
        if self.canned:
            args = " ".join(f"--param {k}={v}" for k, v in sorted(self.params.items()))
            return f"{self.query} {args}".rstrip()
        return " ".join(self.query.split())


@dataclass
class Delta:
    """What one run of one watch found against the run before."""

    watch: str
    columns: list[str]
    appeared: list[list[str]]
    disappeared: list[list[str]]
    total: int  # rows in the new answer
    first_run: bool = False  # no earlier answer was kept (every row "appeared")
    kept: Path | None = None  # the delta file written (None when nothing changed)

    @property
    def changed(self) -> bool:
        return bool(self.appeared or self.disappeared)


def watch_root(store_path: str | os.PathLike[str] | None) -> Path:
    """``<store>.watch`` next to the store directory."""
    store = settings.store_path(store_path)
    return store.with_name(store.name + ".watch")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _check_name(name: str) -> str:
    if not _NAME_RE.match(name or ""):
        raise WatchError(f"{name!r} is not a watch name (letters, digits, - and _; at most 64)")
    return name


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise WatchError(f"{path}: unreadable watch file ({exc})") from exc


def _write_json(path: Path, data: Any) -> None:
    """Write via a temporary file and a rename, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


# ---------------------------------------------------------------------- running a query


def _sparql(w: Watch) -> tuple[str, dict[str, str]]:
    from . import queries

    if w.canned:
        sparql, values, _ = queries.resolve(w.query, w.params)
        return sparql, values
    return w.query, {}


def _check_select(w: Watch) -> None:
    """Parse the query on an empty in-memory store: a syntax error or a non-SELECT query is
    refused when the watch is added, not at the next ingest."""
    import pyoxigraph as ox

    from . import queries

    sparql, values = _sparql(w)
    if queries.query_form(sparql) != "SELECT":
        raise QueryError("a watch needs a SELECT query (its rows are what is compared)")
    try:
        ox.Store().query(sparql, substitutions={ox.Variable(k): queries.bind_value(v) for k, v in values.items()})
    except SyntaxError as exc:
        raise QueryError(f"the query does not parse: {str(exc).splitlines()[0]}") from exc


def answer(store: Any, w: Watch) -> tuple[list[str], list[list[str]]]:
    """(columns, rows as plain strings; unbound = "") of a watch's query on an open store."""
    from . import queries
    from .store import term_text

    result = queries.run(store, w.query, w.params, limit=0)  # a watch compares every row
    if result.kind != "select":
        raise QueryError(f"watch {w.name!r}: not a SELECT query")
    rows = [[term_text(t) or "" for t in row] for row in result.rows]
    return list(result.variables), rows


def compare(before: list[list[str]], after: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """(appeared, disappeared) between two answers, as multisets of rows, each sorted."""
    old, new = Counter(map(tuple, before)), Counter(map(tuple, after))
    appeared = sorted((new - old).elements())
    disappeared = sorted((old - new).elements())
    return [list(r) for r in appeared], [list(r) for r in disappeared]


# ---------------------------------------------------------------------- the watch folder


class Watches:
    """The watches of one store."""

    def __init__(self, store_path: str | os.PathLike[str] | None) -> None:
        self.store_path = settings.store_path(store_path)
        self.root = watch_root(self.store_path)

    def _dir(self, name: str) -> Path:
        return self.root / _check_name(name)

    def get(self, name: str) -> Watch:
        path = self._dir(name) / "watch.json"
        if not path.is_file():
            raise WatchError(f"no watch {name!r}; `wuxing-kg watch list` shows them")
        data = _read_json(path)
        return Watch(name, data["query"], bool(data.get("canned")), dict(data.get("params") or {}), data.get("added", ""))

    def list(self) -> builtins.list[Watch]:
        if not self.root.is_dir():
            return []
        return [self.get(p.name) for p in sorted(self.root.iterdir()) if (p / "watch.json").is_file()]

    def add(self, name: str, query: str, *, params: dict[str, str] | None = None) -> Delta | None:
        """Save a watch (SPARQL text, or a canned query name with `params`) and, when the
        store exists, its first answer as the baseline (so the next ingest reports only what
        changes). Returns that first answer as a delta."""
        from . import queries

        folder = self._dir(name)
        if (folder / "watch.json").exists():
            raise WatchError(f"watch {name!r} exists; `wuxing-kg watch remove {name}` first")
        _, _, canned = queries.resolve(query, params)
        if params and not canned:
            raise QueryError("--param binds a canned query's parameters; write them into the SPARQL text")
        w = Watch(name, query.strip() if canned else query, canned, dict(params or {}), _now())
        _check_select(w)
        _write_json(folder / "watch.json", {"query": w.query, "canned": w.canned, "params": w.params, "added": w.added})
        if not (self.store_path / "CURRENT").exists():
            return None
        return self.run([name], keep_first=False)[0]

    def remove(self, name: str) -> Path:
        folder = self._dir(name)
        if not (folder / "watch.json").is_file():
            raise WatchError(f"no watch {name!r}; `wuxing-kg watch list` shows them")
        shutil.rmtree(folder)
        return folder

    def last_answer(self, name: str) -> dict[str, Any] | None:
        path = self._dir(name) / "rows.json"
        return _read_json(path) if path.is_file() else None

    def deltas(self, name: str) -> builtins.list[Path]:
        folder = self._dir(name) / "deltas"
        return sorted(folder.glob("*.json")) if folder.is_dir() else []

    def run(self, names: builtins.list[str] | None = None, *, keep_first: bool = True) -> builtins.list[Delta]:
        """Run the watches (all, or `names`) on the store; keep and return each delta.

        `keep_first=False` records a first answer as the baseline without a delta file
        (what `watch add` does)."""
        from .store import Store, StoreNotFound

        chosen = [self.get(n) for n in names] if names else self.list()
        if not chosen:
            return []
        if not (self.store_path / "CURRENT").exists():
            raise StoreNotFound(self.store_path)
        with Store(self.store_path, read_only=True) as store:
            answers = [(w, *answer(store, w)) for w in chosen]
        return [self._record(w, columns, rows, keep_first) for w, columns, rows in answers]

    def _record(self, w: Watch, columns: builtins.list[str], rows: builtins.list[builtins.list[str]], keep_first: bool) -> Delta:
        folder = self._dir(w.name)
        last = self.last_answer(w.name)
        before = last["rows"] if last else []
        appeared, disappeared = compare(before, rows)
        delta = Delta(w.name, columns, appeared, disappeared, len(rows), first_run=last is None)
        when = _now()
        if delta.changed and (keep_first or last is not None):
            number = len(self.deltas(w.name)) + 1
            delta.kept = folder / "deltas" / f"{number:04d}.json"
            _write_json(delta.kept, {"watch": w.name, "run_at": when, "columns": columns,
                                     "appeared": appeared, "disappeared": disappeared, "total": len(rows)})
        _write_json(folder / "rows.json", {"run_at": when, "columns": columns, "rows": rows})
        return delta


def run_watches(store_path: str | os.PathLike[str] | None) -> list[Delta]:
    """Every watch of the store, run once (what `wuxing-kg ingest` calls when it is done)."""
    return Watches(store_path).run()


# ---------------------------------------------------------------------- output


def format_delta(d: Delta, *, max_cell: int = 60) -> str:
    """A heading line, then (when something changed) a table: change (+ / -) and the columns."""
    from . import queries

    if not d.changed:
        return f"watch {d.watch}: no change ({d.total} rows)\n"
    where = f"; kept in {d.kept}" if d.kept else ""
    head = f"watch {d.watch}: {len(d.appeared)} appeared, {len(d.disappeared)} disappeared ({d.total} rows now{where})\n"
    rows: list[list[str | None]] = [["+", *r] for r in d.appeared]
    rows += [["-", *r] for r in d.disappeared]
    return head + queries.format_rows(["change", *d.columns], rows, "table", max_cell=max_cell)


def format_list(watches: Watches) -> str:
    from . import queries

    rows: list[list[str | None]] = []
    for w in watches.list():
        last = watches.last_answer(w.name)
        rows.append([w.name, "canned" if w.canned else "sparql", w.describe(),
                     str(len(last["rows"])) if last else "", (last or {}).get("run_at", ""),
                     str(len(watches.deltas(w.name)))])
    return queries.format_rows(["name", "kind", "query", "rows", "last_run", "deltas"], rows, "table")
